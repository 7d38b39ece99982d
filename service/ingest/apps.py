"""Apps joined across translations: the source's ids on every translation's modules and fields.

A translation's app article has the same tables as its source, module names
translated and labels often not, rows in the same order; ids made from its
own words would differ in every language. So the source-language article
(joined to its translations by :mod:`.join`) gives the ids: modules are
paired in order, guided by their anchors (explicit ``{#…}`` anchors stay in
translations) and their row counts; rows in order, guided by their labels.
Where a translation does not line up (a module or a row missing or extra), it
is a problem with the translation's file and line, and what cannot be paired
keeps an id of its own words.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from typing import TypeVar

from service.records import App, Document, Field, Module, Problem

T = TypeVar("T")
U = TypeVar("U")


class Translated:
    """The translations' apps joined last (``serve --watch`` hands the unchanged files'
    parses over as the same objects: a pair joined before is taken as it was, with the
    warnings it gave). Kept by its caller from one join to the next."""

    def __init__(self) -> None:
        # (id(source app), id(translation's app)) → (both, the join, its warnings); the
        # apps kept, so an id is never another's while it is here
        self.done: dict[tuple[int, int], tuple[App, App, App, list[Problem]]] = {}


def assign(
    docs: list[Document],
    source_locale: str,
    wheres: dict[tuple[str, str], str],
    problems: list[Problem],
    last: Translated | None = None,
    known: tuple[Container[tuple[str, str]], Mapping[tuple[str, str], list[Problem]]] = ((), {}),
    said_of: dict[tuple[str, str], list[Problem]] | None = None,
) -> list[Document]:
    """The documents (already joined: one ``doc_id`` per article), each translation's
    app with its source's ids (``last``: the previous join's, taken where it holds;
    ``known``: the (locale, path) of the documents joined already, and the warnings
    their joins gave; ``said_of``: filled with each join's warnings, by file)."""
    last, said_of = last if last is not None else Translated(), {} if said_of is None else said_of
    before, last.done = last.done, {}
    docs = _unique_ids(docs, source_locale)
    sources = {d.doc_id: d.app for d in docs if d.locale == source_locale and d.app is not None}
    out = []
    for doc in docs:
        source = sources.get(doc.doc_id)
        if doc.app is None or doc.locale == source_locale or source is None:
            out.append(doc)
            continue
        if (place := (doc.locale, doc.path)) in known[0]:  # joined already: warnings as given
            problems.extend(said_of.setdefault(place, list(known[1].get(place, []))))
            out.append(doc)
            continue
        key = (id(source), id(doc.app))
        kept = before.get(key)
        if kept is None or kept[0] is not source or kept[1] is not doc.app:
            said: list[Problem] = []
            where = wheres.get((doc.locale, doc.path), doc.path)
            kept = (source, doc.app, join_app(source, doc.app, _Report(where, said)), said)
        last.done[key] = kept
        problems.extend(said_of.setdefault(place, kept[3]))
        out.append(dataclasses.replace(doc, app=kept[2]))
    return out


def _unique_ids(docs: list[Document], source_locale: str) -> list[Document]:
    """Two app articles of one file name (in two folders) get ``x`` and ``x-2``: the first
    by path keeps the name. Source articles first, so translations inherit theirs."""
    taken: dict[str, set[str]] = {}
    renamed: dict[int, Document] = {}
    order = sorted(
        (d for d in docs if d.app is not None), key=lambda d: (d.locale != source_locale, d.path)
    )
    for doc in order:
        assert doc.app is not None
        wanted = doc.app.app_id
        app_id = _own_id(wanted, taken.setdefault(doc.locale, set()), "-")
        if app_id != wanted:
            renamed[id(doc)] = dataclasses.replace(doc, app=_renamed(doc.app, app_id))
    return [renamed.get(id(d), d) for d in docs]


def _renamed(app: App, app_id: str) -> App:
    modules = tuple(
        dataclasses.replace(m, module_id=f"{app_id}.{m.module_id.split('.', 1)[-1]}")
        for m in app.modules
    )
    return dataclasses.replace(app, app_id=app_id, modules=modules)


class _Report:
    """Problems of one translation's file, as warnings (it is ingested all the same)."""

    def __init__(self, where: str, problems: list[Problem]) -> None:
        self.where, self.problems = where, problems

    def __call__(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.where, line, message, "warning"))


def join_app(source: App, app: App, report: Callable[[int, str], None]) -> App:
    """``app`` (a translation of ``source``) with the source's ids."""
    pairs = align(source.modules, app.modules, _module_score)
    pairs += _moved(source.modules, app.modules, pairs)
    first = app.modules[0].line if app.modules else 0
    if len(pairs) < max(len(source.modules), len(app.modules)):
        src_paired, own_paired = {s for s, _ in pairs}, {t for _, t in pairs}
        missing = [m.name for i, m in enumerate(source.modules) if i not in src_paired]
        extra = [m.name for i, m in enumerate(app.modules) if i not in own_paired]
        report(
            first,
            f"{len(app.modules)} modules where the source has {len(source.modules)}"
            + (f"; not here: {_names(missing)}" if missing else "")
            + (f"; not in the source: {_names(extra)}" if extra else "")
            + "; the others joined by order, anchor and row count, or by their rows",
        )
    by_target = {t: s for s, t in pairs}
    modules = []
    taken = {m.module_id for m in source.modules}
    for i, module in enumerate(app.modules):
        if i in by_target:
            src = source.modules[by_target[i]]
            fields = join_fields(src.fields, module.fields, module.line, module.name, report)
            modules.append(dataclasses.replace(module, module_id=src.module_id, fields=fields))
        else:
            own = _own_id(f"{source.app_id}.{module.module_id.split('.', 1)[-1]}", taken)
            modules.append(dataclasses.replace(module, module_id=own))
    connection = join_fields(
        source.connection_fields,
        app.connection_fields,
        app.connection_fields[0].line if app.connection_fields else first,
        "connection",
        report,
    )
    return dataclasses.replace(
        app, app_id=source.app_id, modules=tuple(modules), connection_fields=connection
    )


def join_fields(
    source: Sequence[Field],
    fields: Sequence[Field],
    line: int,
    name: str,
    report: Callable[[int, str], None],
) -> tuple[Field, ...]:
    """A translation's rows with the source's ids, and a problem where they differ."""
    pairs = align(source, fields, _field_score)
    if len(pairs) < max(len(source), len(fields)):
        src_paired, own_paired = {s for s, _ in pairs}, {t for _, t in pairs}
        missing = [f.label for i, f in enumerate(source) if i not in src_paired]
        extra = [f.label for i, f in enumerate(fields) if i not in own_paired]
        report(
            line,
            f"{name!r}: {len(fields)} rows where the source has {len(source)}"
            + (f"; missing: {_names(missing)}" if missing else "")
            + (f"; extra: {_names(extra)}" if extra else ""),
        )
    by_target = {t: s for s, t in pairs}
    taken = {f.field_id for f in source}
    out = []
    for i, f in enumerate(fields):
        fid = source[by_target[i]].field_id if i in by_target else _own_id(f.field_id, taken)
        out.append(dataclasses.replace(f, field_id=fid))
    return tuple(out)


def align(
    source: Sequence[T], target: Sequence[U], score: Callable[[T, U], int]
) -> list[tuple[int, int]]:
    """Pairs (source index, target index) in order, of the highest total score (an
    alignment like ``diff``'s; a pair scoring 0 is never made). Equal lengths pair
    one to one, as the docs' tables almost always do."""
    n, m = len(source), len(target)
    if n == m and all(score(s, t) > 0 for s, t in zip(source, target, strict=True)):
        return [(i, i) for i in range(n)]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            here = score(source[i], target[j])
            best[i][j] = max(
                best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + here if here else 0
            )
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        here = score(source[i], target[j])
        if here and best[i][j] == best[i + 1][j + 1] + here:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _moved(
    source: Sequence[Module], target: Sequence[Module], pairs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Modules the order left unpaired that have the same rows, labels and all (at least
    three): one moved to another place of the article (a translation of an older layout
    lists it elsewhere). Only where each has no other such match among those left."""
    left = [i for i in range(len(source)) if i not in {s for s, _ in pairs}]
    right = [j for j in range(len(target)) if j not in {t for _, t in pairs}]

    def rows(module: Module) -> tuple[str, ...]:
        return tuple(f.label.casefold() for f in module.fields)

    alike = [
        (i, j)
        for i in left
        for j in right
        if len(rows(source[i])) >= 3 and rows(source[i]) == rows(target[j])
    ]
    once_left = Counter(i for i, _ in alike)
    once_right = Counter(j for _, j in alike)
    return [(i, j) for i, j in alike if once_left[i] == 1 and once_right[j] == 1]


def _module_score(source: Module, module: Module) -> int:
    """How alike two modules look across languages: an explicit anchor (kept by
    translations), as many rows, labels left untranslated, the same links."""
    same_anchor = source.anchor == module.anchor
    same_rows = len(source.fields) == len(module.fields)
    labels = sum(
        a.label.casefold() == b.label.casefold()
        for a, b in zip(source.fields, module.fields, strict=False)
    )
    links = [lk for f in source.fields for lk in f.links]
    same_links = bool(links) and links == [lk for f in module.fields for lk in f.links]
    return 1 + 4 * same_anchor + 2 * same_rows + 2 * (2 * labels > len(source.fields)) + same_links


def _field_score(source: Field, field: Field) -> int:
    same_label = source.label.casefold() == field.label.casefold()
    same_place = (source.group is None) == (field.group is None)
    return 1 + 4 * same_label + same_place


def _own_id(wanted: str, taken: set[str], mark: str = "-x") -> str:
    """``wanted``, else ``wanted-x2`` …: an id none of ``taken`` has (then taken too)."""
    fid, n = wanted, 1
    while fid in taken:
        n += 1
        fid = f"{wanted}{mark}{n}"
    taken.add(fid)
    return fid


def _names(names: list[str], most: int = 5) -> str:
    shown = ", ".join(repr(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def map_help(app: App, change: Callable[[str], str]) -> App:
    """The app with ``change`` applied to every field's ``help_html`` (links resolved)."""

    def fields(found: tuple[Field, ...]) -> tuple[Field, ...]:
        # a field copied only where its help changes (most have no link to an article)
        out = tuple(
            f if (h := change(f.help_html)) == f.help_html else dataclasses.replace(f, help_html=h)
            for f in found
        )
        return found if all(a is b for a, b in zip(out, found, strict=True)) else out

    return dataclasses.replace(
        app,
        modules=tuple(
            m if (mine := fields(m.fields)) is m.fields else dataclasses.replace(m, fields=mine)
            for m in app.modules
        ),
        connection_fields=fields(app.connection_fields),
    )


def counts(docs: Sequence[Document]) -> dict[str, dict[str, int]]:
    """Per locale: how many apps, modules and fields its documents have."""
    found: dict[str, Counter[str]] = {}
    for doc in docs:
        if doc.app is None:
            continue
        c = found.setdefault(doc.locale, Counter())
        c["apps"] += 1
        c["modules"] += len(doc.app.modules)
        c["fields"] += doc.app.field_count
    return {
        loc: {k: c[k] for k in ("apps", "modules", "fields")} for loc, c in sorted(found.items())
    }
