"""One sanitizer for every HTML fragment the service outputs.

The docs carry raw HTML (access tables, ``<br>``); we keep the structure and
drop everything that can run: scripts, event handlers, ``javascript:`` URLs,
styles, iframes. nh3 (ammonia) parses the fragment as a browser would.
"""

from __future__ import annotations

import html as htmllib
import re

import nh3

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_GENERIC = {"class", "id", "lang", "title", "role"}
_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}


for _name in _GENERIC:  # generic attributes are allowed on every tag
    for _tag in _TAGS:
        _ATTRIBUTES.setdefault(_tag, set()).add(_name)

# Built once: building an ammonia sanitizer per call cost more than the cleaning.
_SAFE = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    generic_attribute_prefixes=set(),
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_TEXT = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, strip_comments=True)


def clean(html: str) -> str:
    """Safe HTML: no script, no event handler, no ``javascript:`` or ``data:`` URL."""
    return _SAFE.clean(html) if html else ""


def text_of(html: str) -> str:
    """The words of an HTML fragment, for search and facts (tags dropped)."""
    if not html:
        return ""
    return htmllib.unescape(_TEXT.clean(html))


# A tag as ammonia writes it: attribute values always in double quotes, which may
# hold '>'; text never holds '<' or '>' unescaped, and comments are gone.
_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def text_of_clean(html: str) -> str:
    """``text_of`` for what ``clean`` returned, without parsing it a second time."""
    return htmllib.unescape(_TAG.sub("", html)) if html else ""
