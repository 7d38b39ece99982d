"""Links and images: repo links to ``.md`` files point at the service's pages.

Every form the docs write a link to another article in, in Markdown links and
in raw HTML (``<a href>`` in access tables): ``/help/…/x.md#a``, the same
under a locale (``/fr-FR/help/…/x.md``), ``../x.md`` and ``x.md#a``, resolved
against the document's own path to a repo path and rewritten to
``/{locale}/path/help/…/x.md#a`` (:func:`doc_link`), a route that redirects to
the article's page. Each one's file line is noted in ``env["link_lines"]``
(0-based, from the start of the parsed text): the ingest's join, which knows
every article, replaces each placeholder with the article's own page and
reports the ones whose article is not in the content (``ingest.crosslinks``).
Raw HTML is rewritten as it is rendered, so that readers of its tokens (the
field tables) see the docs' own hrefs. Relative images are served from
``/{locale}/assets/…``. External URLs are left alone (the sanitizer still
decides which schemes may stay).
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_LOCALE_PART = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?/")  # "fr/", "fr-FR/" before help/
_HTML_HREF = re.compile(r"""(\bhref\s*=\s*)(["'])([^"'<>]*)\2""", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")
DOC_LINK_PREFIX = "path/"


def resolve(doc_path: str, target: str) -> str | None:
    """Repo-relative path of ``target`` seen from ``doc_path``; None if outside."""
    target = unquote(target)
    joined = (
        target.lstrip("/")
        if target.startswith("/")
        else posixpath.join(posixpath.dirname(doc_path), target)
    )
    norm = posixpath.normpath(joined)
    if norm.startswith("..") or norm.startswith("/") or norm == ".":
        return None
    if target.startswith("/") and not norm.startswith(doc_path.partition("/")[0] + "/"):
        # /fr-FR/help/x.md: a locale folder before the repo's own (the link's language
        # is the reader's, chosen by the join)
        m = _LOCALE_PART.match(norm)
        if m is not None and norm[m.end() :].startswith(doc_path.partition("/")[0] + "/"):
            norm = norm[m.end() :]
    return norm


def doc_link(doc_path: str, locale: str, href: str) -> tuple[str, str] | None:
    """(the repo path, the placeholder href) of a link to a ``.md`` article, else None."""
    if _SCHEME.match(href) or href.startswith(("#", "//")):
        return None
    path, hash_, frag = href.partition("#")
    if not path.endswith(".md"):
        return None
    resolved = resolve(doc_path, path)
    if resolved is None:
        return None
    return resolved, f"/{locale}/{DOC_LINK_PREFIX}{quote(resolved)}{hash_}{frag}"


def html_links(html: str, env: Any) -> str:
    """Raw HTML with its ``<a href>`` to articles rewritten as Markdown links are."""
    if "href" not in html or not isinstance(env, dict):
        return html
    doc_path, locale = str(env.get("path", "")), str(env.get("locale", "en"))

    def swap(m: re.Match[str]) -> str:
        found = doc_link(doc_path, locale, m.group(3))
        return m.group(0) if found is None else f'{m.group(1)}"{found[1]}"'

    return _HTML_HREF.sub(swap, html)


def _html_sites(doc_path: str, html: str) -> list[tuple[str, int]]:
    """(repo path, offset in ``html``) of each raw HTML link to an article (none in a
    comment: it is not shown)."""
    if "<!--" in html:  # blanked, offsets kept
        html = _COMMENT.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group(0)), html)
    return [
        (found[0], m.start())
        for m in _HTML_HREF.finditer(html)
        if (found := doc_link(doc_path, "", m.group(3))) is not None
    ]


def links_rule(state: StateCore) -> None:
    env = state.env if isinstance(state.env, dict) else {}
    doc_path = str(env.get("path", ""))
    locale = str(env.get("locale", "en"))
    found: list[str] = env.setdefault("links", []) if isinstance(state.env, dict) else []
    lines: list[tuple[str, int]] = (
        env.setdefault("link_lines", []) if isinstance(state.env, dict) else []
    )
    for block in state.tokens:
        if block.type == "html_block" and block.map:
            lines.extend(
                (path, _line(block, at)) for path, at in _html_sites(doc_path, block.content)
            )
        cursor = 0
        for token in block.children or ():
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                link = doc_link(doc_path, locale, href)
                if link is None:
                    continue
                found.append(link[0])
                token.attrSet("href", link[1])
                if block.map:
                    cursor = _find(block.content, (href, unquote(href)), cursor)
                    lines.append((link[0], _line(block, cursor)))
            elif token.type == "html_inline" and block.map and "href" in token.content:
                cursor = _find(block.content, (token.content,), cursor)
                lines.extend(
                    (path, _line(block, cursor + at))
                    for path, at in _html_sites(doc_path, token.content)
                )
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                if _SCHEME.match(src) or src.startswith("//") or not src:
                    continue
                resolved = resolve(doc_path, src)
                if resolved is not None:
                    token.attrSet("src", f"/{locale}/assets/{quote(resolved)}")


def _find(text: str, needles: tuple[str, ...], cursor: int) -> int:
    """Where the first of ``needles`` is in ``text`` from ``cursor`` (the cursor when
    none is: the block's line is still near)."""
    for needle in needles:
        at = text.find(needle, cursor)
        if at >= 0:
            return at
    return cursor


def _line(block: Token, at: int) -> int:
    """The 0-based line of offset ``at`` of the block's content in the parsed text."""
    assert block.map is not None
    return block.map[0] + block.content.count("\n", 0, at)


def links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("exl_links", links_rule)


_PLACEHOLDER = re.compile(r"/[A-Za-z0-9-]+/" + DOC_LINK_PREFIX + r"([^#]*)")


def linked_path(href: str) -> str | None:
    """The repo path a placeholder href (:func:`doc_link`'s) links to, else None."""
    m = _PLACEHOLDER.match(href)
    return unquote(m.group(1)) if m else None
