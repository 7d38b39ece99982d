"""One sanitizer for every HTML fragment the service outputs, and its plain text.

The docs carry raw HTML (access tables, ``<br>``); we keep the structure and
drop everything that can run: scripts, event handlers, ``javascript:`` URLs,
styles, iframes. nh3 (ammonia) parses the fragment as a browser would.

Every string the service gives out that is not HTML (``*_html``) is plain
text made here (:func:`plain`, :func:`plain_of_clean`): the sanitized
rendering with its tags dropped, entities decoded, whitespace collapsed, and
made *inert* (:func:`inert`): a ``<`` that a browser would read as the start
of a tag, comment or declaration (one followed by a letter, ``/``, ``!`` or
``?``) gets a space after it. Such a ``<`` survives sanitizing and stripping
only where the source wrote it as an entity (``&lt;img …&gt;``); decoded, it
would be live markup for a client that sets the text as HTML, and ``< img``
is not (the HTML tokenizer reads ``<`` then a space as text). So plain text
keeps "a < b", "AT&T" and "<=" as written, and never holds markup.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import nh3

if TYPE_CHECKING:  # the renderer is the caller's: a server cleans and quotes, never parses
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

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

URL_SCHEMES = frozenset({"http", "https", "mailto"})  # the only schemes a URL may keep

# Built once: building an ammonia sanitizer per call cost more than the cleaning.
_SAFE = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    generic_attribute_prefixes=set(),
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_TEXT = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, strip_comments=True)


def clean(html: str) -> str:
    """Safe HTML: no script, no event handler, no ``javascript:`` or ``data:`` URL."""
    return _clean(html) if html else ""


# Pure, and the docs repeat themselves: of a parse's fragments a fifth of the sections'
# HTML and half of the field tables' help is the same as another's (access tables,
# connection fields), in an article's languages and its older versions.
@lru_cache(maxsize=4096)
def _clean(html: str) -> str:
    return str(_SAFE.clean(html))


def text_of(html: str) -> str:
    """The words of an HTML fragment (tags dropped; not yet :func:`inert`)."""
    if not html:
        return ""
    return htmllib.unescape(_TEXT.clean(html))


# A tag as ammonia writes it: attribute values always in double quotes, which may
# hold '>'; text never holds '<' or '>' unescaped, and comments are gone.
_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def text_of_clean(html: str) -> str:
    """``text_of`` for what ``clean`` returned, without parsing it a second time."""
    return htmllib.unescape(_TAG.sub("", html)) if html else ""


# The HTML tokenizer's ways out of text: '<' then a letter (a tag), '/' (an end tag),
# '!' (a comment or doctype) or '?' (a processing instruction, read as a comment).
_MARKUP_START = re.compile(r"<(?=[A-Za-z/!?])")


# What collapse changes, and only that: a run of two or more whitespace characters, or
# one ASCII whitespace character other than the space ("\n", "\t" …; Python's ``\s``
# counts \x1c-\x1f too). A lone space, or a lone non-ASCII one, matches nothing: most
# runs are one space, and a plain string replacement needs no Python call per match.
_TO_SPACE = re.compile(r"\s{2,}|[\t\n\x0b\x0c\r\x1c-\x1f]")


# Every non-ASCII character Python counts as whitespace (str.isspace, re's \s): where a
# text has none, str.split's runs are collapse's, and splitting is faster than any pattern.
_WIDE_SPACE = re.compile("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def collapse(text: str) -> str:
    """Whitespace runs as one space, ends stripped; a lone no-break (or other non-ASCII)
    space is kept as written: "Adobe\u00a0Workfront" stays one unbreakable name."""
    if _WIDE_SPACE.search(text) is None:
        return " ".join(text.split())
    return _TO_SPACE.sub(" ", text).strip()


def inert(text: str) -> str:
    """Text that stays text when set as HTML: a ``<`` that would open markup gets a
    space after it (``<img`` → ``< img``); every other character is kept."""
    return _MARKUP_START.sub("< ", text) if "<" in text else text


def written(text: str) -> str:
    """``text`` with :func:`inert`'s spaces taken out, for what ids are made of
    (slugs of names): an id stays what it was before the text was made inert."""
    return _INERT.sub("<", text) if "< " in text else text


_INERT = re.compile(r"< (?=[A-Za-z/!?])")


def plain(html: str) -> str:
    """The plain text of an HTML fragment as the API serves it: sanitized, tags
    dropped, entities decoded, whitespace collapsed, inert."""
    return inert(collapse(text_of(html)))


def plain_of_clean(html: str) -> str:
    """:func:`plain` of what :func:`clean` returned, without parsing it again."""
    return inert(collapse(text_of_clean(html)))


def markdown_plain(md: MarkdownIt, source: str | Sequence[Token], env: dict[str, Any]) -> str:
    """The plain text of inline Markdown: a front-matter value (its source) or a
    heading's or paragraph's inline tokens (their children), rendered by the
    dialect (labels, emphasis, raw HTML), sanitized, then :func:`plain_of_clean`."""
    if isinstance(source, str):
        if not source.strip():
            return ""
        # a front-matter value's links are not the document's
        html = md.renderInline(source, {**env, "links": [], "link_lines": []})
    else:
        html = md.renderer.renderInline(list(source), md.options, env)  # type: ignore[attr-defined]
    return plain_of_clean(html if no_markup(html) else clean(html))


def no_markup(html: str) -> bool:
    """``html`` is text the sanitizer would give back as :func:`text_of_clean` reads it:
    no tag, no entity, and none of what an HTML parser drops or changes (NUL, CR). Most
    headings and titles are such text; nh3 costs as much for them as for a paragraph's."""
    return not any(c in html for c in "<&\0\r")


_PLAIN = "lingodocs-plain"  # an inline token's plain text, kept in its meta


def inline_plain(md: MarkdownIt, token: Token, env: dict[str, Any]) -> str:
    """:func:`markdown_plain` of an inline token's children, kept on the token: a
    heading is read by the sections and again by an app article's outline."""
    found = token.meta.get(_PLAIN)
    if found is None:
        found = token.meta[_PLAIN] = markdown_plain(md, token.children or [], env)
    return str(found)
