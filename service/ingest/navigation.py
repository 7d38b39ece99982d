"""Each language's navigation tree: its TOCs' entries found among the articles, or folders.

:func:`resolved` puts on each TOC entry the article its path names (the
language's own document, else the source's or any translation's: a
translated TOC that lists an article not yet translated still leads to it);
an entry whose path no document has is left out, and reported. Where the
content has no TOC at all, :func:`folders` makes a tree of the source
language's folders, so that every corpus can be browsed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import replace

from service.dialect.anchors import slugify
from service.records import Document, Problem, Toc, TocNode

from .sources import SourceFile
from .toc import parse_toc


@functools.lru_cache(maxsize=32)
def _parse_toc(text: str, path: str, locale: str, where: str) -> tuple[Toc, tuple[Problem, ...]]:
    """:func:`parse_toc`, once per text in a process: ``serve --watch`` ingests again and
    again, and the TOCs (a second of the corpus's one-file ingest) seldom change."""
    toc, more = parse_toc(text, path, locale, where)
    return toc, tuple(more)


Parses = Mapping[tuple[str, str], tuple[str, Toc, tuple[Problem, ...]]]  # (locale, path) →
# (content hash, the TOC as read, its problems): parses kept from an earlier build


def read_toc(item: SourceFile, kept: Parses | None = None) -> tuple[Toc, tuple[Problem, ...]]:
    """A TOC file read (:func:`parse_toc`), or its parse kept (``kept``, same content hash)."""
    mine = kept.get((item.locale, item.path)) if kept is not None else None
    if mine is not None and mine[0] == item.digest:
        return mine[1], mine[2]
    return _parse_toc(item.text, item.path, item.locale, item.where)


def parses(tocs: Sequence[SourceFile], kept: Parses | None = None) -> Parses:
    """Every TOC file that can be read, read (or its kept parse): what a build keeps for
    the next (those that cannot be read are reported by :func:`trees`)."""
    found: dict[tuple[str, str], tuple[str, Toc, tuple[Problem, ...]]] = {}
    for item in tocs:
        try:
            found[item.locale, item.path] = (item.digest, *read_toc(item, kept))
        except Exception:  # trees says so, as a problem of the file
            continue
    return found


def trees(
    tocs: Sequence[SourceFile],
    docs: Sequence[Document],
    source_locale: str,
    problems: list[Problem],
    kept: Parses | None = None,
) -> dict[str, tuple[Toc, ...]]:
    """locale → its guides' trees (a language with no TOC of its own has none here: the
    pages borrow the source's); a tree of folders for the source when no language has one.
    ``kept``: TOC parses of an earlier build, used for the files of the same content."""
    found: dict[str, list[Toc]] = {}
    for item in sorted(tocs, key=lambda f: (f.locale, f.path)):
        try:
            toc, more = read_toc(item, kept)
        except Exception as exc:  # one bad TOC never stops the ingest
            problems.append(
                Problem(item.where, 1, f"TOC could not be read ({type(exc).__name__}); skipped")
            )
            continue
        problems.extend(more)
        ids = path_ids(docs, item.locale, source_locale)
        toc = resolved(toc, ids, item.where, problems)
        if toc.nodes:
            found.setdefault(item.locale, []).append(toc)
    if not found and docs:
        found[source_locale] = [folders(docs, source_locale)]
    return {locale: tuple(each) for locale, each in found.items()}


def resolved(toc: Toc, ids: dict[str, str], where: str, problems: list[Problem]) -> Toc:
    """``toc`` with each entry's ``doc_id`` (``ids``: path → doc_id, the TOC's language's
    first); entries that lead nowhere are left out, each one a warning."""

    def visit(node: TocNode) -> TocNode | None:
        children = tuple(c for c in map(visit, node.children) if c is not None)
        if node.path is None:
            return replace(node, children=children) if children else None
        doc_id = ids.get(node.path)
        if doc_id is None:
            problems.append(
                Problem(
                    where,
                    node.line,
                    f"TOC entry '{node.title[:80]}' links to {node.path[:200]}, which is "
                    "not in the content; left out of the navigation",
                    "warning",
                )
            )
            if not children:
                return None
            return replace(
                node, path=None, children=children, anchor=node.anchor or slugify(node.title)
            )
        return replace(node, doc_id=doc_id, children=children)

    return replace(toc, nodes=tuple(n for n in map(visit, toc.nodes) if n is not None))


def path_ids(docs: Sequence[Document], locale: str, source_locale: str) -> dict[str, str]:
    """path → doc_id, for a TOC in ``locale``: its own documents win, then the source's."""
    rank = {locale: 0, source_locale: 1}
    found: dict[str, str] = {}
    for doc in sorted(docs, key=lambda d: (rank.get(d.locale, 2), d.locale)):
        found.setdefault(doc.path, doc.doc_id)
    return found


def folders(docs: Sequence[Document], source_locale: str) -> Toc:
    """A tree of folders (named from their names) and articles (by title), for content
    that has no TOC: the source language's documents, then those only translated."""
    seen: dict[str, Document] = {}
    for doc in sorted(docs, key=lambda d: (d.locale != source_locale, d.locale)):
        seen.setdefault(doc.doc_id, doc)
    tree: dict[str, object] = {}
    for doc in seen.values():
        where = tree
        for part in doc.path.split("/")[:-1]:
            where = where.setdefault(f"/{part}", {})  # type: ignore[assignment]
        where[doc.doc_id] = doc
    while len(tree) == 1 and isinstance(only := next(iter(tree.values())), dict):
        tree = only  # folders every article is in (help/workfront-fusion/) say nothing
    used: dict[str, int] = {}
    return Toc(locale=source_locale, path="", title="", nodes=_nodes(tree, "", used))


def _nodes(tree: dict[str, object], prefix: str, used: dict[str, int]) -> tuple[TocNode, ...]:
    articles: list[TocNode] = []
    sections: list[TocNode] = []
    for key, value in tree.items():
        if isinstance(value, Document):
            articles.append(TocNode(title=value.title, path=value.path, doc_id=value.doc_id))
            continue
        assert isinstance(value, dict)
        names = [key.removeprefix("/")]
        while len(value) == 1 and isinstance(inner := next(iter(value.values())), dict):
            names.append(next(iter(value)).removeprefix("/"))  # a chain of lone folders: one
            value = inner
        anchor = slugify("-".join([prefix, *names] if prefix else names))
        used[anchor] = n = used.get(anchor, 0) + 1
        sections.append(
            TocNode(
                title=" / ".join(_named(name) for name in names),
                anchor=anchor if n == 1 else f"{anchor}-{n}",
                children=_nodes(value, anchor, used),
            )
        )
    articles.sort(key=lambda n: n.title.casefold())
    sections.sort(key=lambda n: n.title.casefold())
    return (*articles, *sections)


def _named(folder: str) -> str:
    """``apps-and-modules`` → ``Apps and modules``."""
    return folder.replace("-", " ").replace("_", " ").capitalize()
