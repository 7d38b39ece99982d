"""A guide's ``TOC.md`` (Adobe's table of contents) → a :class:`Toc` (pure: no I/O).

The format: front matter (``user-guide-title``, ``breadcrumb-title``), a
``# Title {#anchor}`` heading, then nested Markdown lists. Each item is
either a link to an article (``[Title](/help/…/x.md)``, the title possibly
holding ``[!DNL …]`` / ``[!UICONTROL …]`` labels, the item possibly marked
``{hide-from-toc}``) or a section's name with an anchor (``Create
scenarios {#create-scenarios}``) whose own list follows. Paths are resolved
as the dialect resolves links (``/help/…`` from the locale folder, others
from the TOC's folder). Parsed with markdown-it-py and the dialect's label
rule, like the articles; the article rules (alerts, links rewritten) do not
apply to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from service.dialect.anchors import slugify
from service.dialect.frontmatter import as_text, split_front_matter
from service.dialect.labels import labels_plugin
from service.dialect.links import resolve
from service.records import Problem, Toc, TocNode

from .sanitize import markdown_plain

TOC_NAME = "TOC.md"
_HIDDEN = re.compile(r"\{hide-from-toc\}\s*")
_ANCHOR = re.compile(r"\s*\{#([^\s{}]+)\}\s*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def is_toc(path: str) -> bool:
    """True for a guide's table of contents (``help/…/TOC.md``), which is not an article."""
    return path.rsplit("/", 1)[-1] == TOC_NAME


@cache
def parser() -> MarkdownIt:
    """Lists, links and labels: all a TOC holds (no raw HTML: a title is text)."""
    return MarkdownIt("commonmark", {"html": False}).use(labels_plugin)


@dataclass(slots=True)
class _Item:
    line: int
    title: str = ""
    path: str | None = None
    anchor: str | None = None
    hidden: bool = False
    read: bool = False  # its first paragraph read: later ones are not its title
    children: list[_Item] = field(default_factory=list)


def parse_toc(
    text: str, path: str, locale: str, where: str | None = None
) -> tuple[Toc, list[Problem]]:
    """The tree of the TOC at ``path`` (in its locale folder), and its problems (warnings,
    named by ``where``, default ``path``: the entry is left out, the rest kept)."""
    where = where or path
    problems: list[Problem] = []
    fm = split_front_matter(text.replace("\r\n", "\n").removeprefix("\ufeff"))
    for line, message in fm.problems:
        problems.append(Problem(where, line, message, "warning"))
    md, env = parser(), {"path": path, "locale": locale}
    roots: list[_Item] = []
    lists: list[list[_Item]] = []  # the list being filled, innermost last
    open_items: list[_Item] = []
    for tok in md.parse(fm.body, env):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(open_items[-1].children if open_items else roots)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open" and lists:
            item = _Item(line=fm.body_line + (tok.map or [0])[0] + 1)
            lists[-1].append(item)
            open_items.append(item)
        elif tok.type == "list_item_close" and open_items:
            open_items.pop()
        elif tok.type == "inline" and open_items and not open_items[-1].read:
            _read(open_items[-1], tok, md, env, path)
    seen: dict[str, int] = {}
    nodes = tuple(n for n in (_node(i, seen, where, problems) for i in roots) if n is not None)
    title = markdown_plain(md, as_text(fm.meta.get("user-guide-title")) or "", env)
    return Toc(locale=locale, path=path, title=title, nodes=nodes), problems


def _read(item: _Item, tok: Token, md: MarkdownIt, env: dict[str, Any], path: str) -> None:
    """An item's first paragraph: a link to an article, or a section's name and anchor."""
    item.read = True
    item.hidden = bool(_HIDDEN.search(tok.content))
    children = tok.children or []
    opened = next((i for i, t in enumerate(children) if t.type == "link_open"), None)
    if opened is not None:
        closed = next(
            (i for i in range(opened, len(children)) if children[i].type == "link_close"),
            len(children),
        )
        item.title = markdown_plain(md, children[opened + 1 : closed], env)
        href = str(children[opened].attrGet("href") or "").partition("#")[0]
        if href.endswith(".md") and not _SCHEME.match(href):
            item.path = resolve(path, href)
        return
    content = _HIDDEN.sub("", tok.content)
    m = _ANCHOR.search(content)
    if m is not None:
        item.anchor, content = m.group(1), content[: m.start()]
    item.title = markdown_plain(md, content, env)


def _node(item: _Item, seen: dict[str, int], where: str, problems: list[Problem]) -> TocNode | None:
    children = tuple(
        n for n in (_node(c, seen, where, problems) for c in item.children) if n is not None
    )
    if not item.title and item.path is None:
        if not children:
            problems.append(Problem(where, item.line, "empty TOC entry; left out", "warning"))
            return None
        item.title = "…"  # a nameless section: its entries are kept
    anchor = item.anchor
    if (children and item.path is None) or anchor is not None:
        anchor = _unique(slugify(anchor) if anchor else slugify(item.title), seen)
    elif item.path is None:
        problems.append(
            Problem(
                where,
                item.line,
                f"TOC entry '{item.title[:80]}' is neither a link to an article (.md) nor a "
                "section ({#anchor} and a list of entries); left out",
                "warning",
            )
        )
        return None
    return TocNode(
        title=item.title or item.path or "",
        path=item.path,
        anchor=anchor,
        hidden=item.hidden,
        line=item.line,
        children=children,
    )


def _unique(anchor: str, seen: dict[str, int]) -> str:
    """Anchors name sections in URLs: a second ``references`` becomes ``references-2``."""
    seen[anchor] = count = seen.get(anchor, 0) + 1
    return anchor if count == 1 else f"{anchor}-{count}"
