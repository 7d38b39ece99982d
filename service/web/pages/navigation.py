"""A language's navigation as its pages show it: the guide's tree, breadcrumbs, neighbours.

Made once per build and language (``Catalog.part``) from the trees the
ingest kept (``ingest.navigation``): the language's own TOC, else the source
language's (its titles then come from the articles, in the reader's language
where translated), else the source's folders. Every entry leads to the
article's page in the reader's language; an article with no translation
there is marked: the page shows the version it has (the source's), and says
so. Sections have pages of their own (``/{locale}/sections/{anchor}``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from service.dialect.anchors import slugify
from service.index.catalog import Catalog
from service.records import Toc, TocNode, doc_url


@dataclass(slots=True, eq=False)
class Place:
    """One entry of the tree: an article, a section, or an article heading a section."""

    title: str
    title_lang: str | None  # the title's language when it is not the page's
    url: str
    anchor: str | None = None  # a section's (its page's name)
    doc_id: str | None = None  # an article's
    shown: str | None = None  # the article's language shown when not the page's (a fallback)
    hidden: bool = False  # in breadcrumbs and neighbours, not in lists
    children: list[Place] = field(default_factory=list)
    parent: Place | None = None

    @property
    def listed(self) -> list[Place]:
        """The entries a list of this section shows."""
        return [c for c in self.children if not c.hidden]

    @property
    def articles(self) -> int:
        """How many articles are listed below it."""
        return sum((c.doc_id is not None) + c.articles for c in self.listed)


@dataclass(slots=True)
class Navigation:
    locale: str
    roots: list[Place]
    by_doc: dict[str, Place]  # doc_id → its first place in the tree
    by_anchor: dict[str, Place]  # section anchor → section
    folders: bool  # the tree is of folders: the content has no TOC

    def trail(self, place: Place) -> list[Place]:
        """The sections ``place`` is in, outermost first."""
        found: list[Place] = []
        parent = place.parent
        while parent is not None:
            found.append(parent)
            parent = parent.parent
        return found[::-1]

    def neighbours(self, place: Place) -> tuple[Place | None, Place | None]:
        """The articles before and after ``place`` in its section (listed ones; a hidden
        article's neighbours may be hidden too)."""
        siblings = place.parent.children if place.parent is not None else self.roots
        row = [s for s in siblings if s.doc_id and (not s.hidden or place.hidden)]
        if place not in row:
            return None, None
        at = row.index(place)
        return (row[at - 1] if at else None), (row[at + 1] if at + 1 < len(row) else None)

    def walk(self) -> Iterator[Place]:
        stack = self.roots[::-1]
        while stack:
            place = stack.pop()
            yield place
            stack.extend(place.children[::-1])


def navigation(catalog: Catalog, locale: str) -> Navigation:
    """``locale``'s navigation, made once per build."""
    return catalog.part(("navigation", locale), lambda c: _make(c, locale))


def section_url(locale: str, anchor: str) -> str:
    return f"/{locale}/sections/{anchor}"


def _make(catalog: Catalog, locale: str) -> Navigation:
    source = catalog.source_locale
    tocs = catalog.navigation.get(locale) or catalog.navigation.get(source)
    if tocs is None and catalog.navigation:
        tocs = catalog.navigation[min(catalog.navigation)]
    tocs = tocs or ()
    own = bool(tocs) and tocs[0].locale == locale and tocs[0].path != ""
    nodes = _guides(tocs)
    found = Navigation(locale, [], {}, {}, bool(tocs) and tocs[0].path == "")
    make = _Maker(catalog, locale, own, None if own else (tocs[0].locale if tocs else None))
    for node in nodes:
        place = make(node, None, found)
        if place is not None:
            found.roots.append(place)
    return found


def _guides(tocs: tuple[Toc, ...]) -> tuple[TocNode, ...]:
    """One guide's entries; several guides side by side, each a section."""
    if len(tocs) == 1:
        return tocs[0].nodes
    return tuple(
        TocNode(title=t.title or t.path, anchor=slugify(t.path.rsplit("/", 1)[0]), children=t.nodes)
        for t in tocs
    )


@dataclass(slots=True)
class _Maker:
    catalog: Catalog
    locale: str
    own: bool  # the tree is the language's own TOC: its titles are the page's language
    tree_lang: str | None  # else the language the tree's own titles are in

    def __call__(self, node: TocNode, parent: Place | None, nav: Navigation) -> Place | None:
        entry = self.catalog.doc_entry(node.doc_id, self.locale) if node.doc_id else None
        if entry is None and not node.children:
            return None  # an article no longer in this build
        if entry is not None:
            shown = entry.locale if entry.locale != self.locale else None
            title, title_lang = (node.title, None) if self.own else (entry.title, shown)
            place = Place(
                title=title or entry.title,
                title_lang=title_lang,
                url=doc_url(self.locale, entry.doc_id),
                anchor=node.anchor,
                doc_id=entry.doc_id,
                shown=shown,
                hidden=node.hidden,
                parent=parent,
            )
            nav.by_doc.setdefault(entry.doc_id, place)
        else:
            anchor = node.anchor or slugify(node.title)
            tongue = None if self.own or self.tree_lang == self.locale else self.tree_lang
            place = Place(
                title=node.title,
                title_lang=tongue,
                url=section_url(self.locale, anchor),
                anchor=anchor,
                hidden=node.hidden,
                parent=parent,
            )
        if place.anchor is not None:
            nav.by_anchor.setdefault(place.anchor, place)
        for child in node.children:
            made = self(child, place, nav)
            if made is not None:
                place.children.append(made)
        return place
