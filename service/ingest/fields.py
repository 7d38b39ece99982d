"""An app article's modules and their fields: a document's tokens in, an :class:`App` out.

Pure: the parser's token stream in, records out, no I/O. The "modules and
their fields" section is found by its wording in the document's language
(``lexicon.FIELDS_SECTION``) or its source-language anchor, and must hold
tables; in a language with no wording there, it is the section whose
headings hold the most tables. Inside it, one module per heading (``###``,
or ``####`` under a group heading such as Actions or Triggers; a collapsible
``+++ Title`` block holding a table is a module too), field groups (a heading
below a module's, such as "Capping fields") kept as fields with a ``group``.
The level modules sit at is the one most headings with a table have, so a
heading one level off still reads as a module. Each table's rows are read by
:mod:`.tables`. Ids come from this document's own words; the join gives a
translation the source's (:mod:`.apps`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from service.dialect.anchors import slugify
from service.records import App, Field, Module

from . import outline
from .lexicon import CONNECTION_SECTION, FIELDS_SECTION
from .outline import Heading, Problems, Reader, Unit
from .sanitize import written
from .tables import fields_of

APPS = "help/workfront-fusion/references/apps-and-modules/"
_FIELDS_ANCHOR = re.compile(r"-and-(?:their|its)-fields(?:-\d+)?$")


def is_app_article(path: str) -> bool:
    return path.startswith(APPS)


def app_slug(path: str) -> str:
    """``…/airtable-modules.md`` → ``airtable``: the app's id, from its file name."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".md").lower()
    short = re.sub(r"-(?:modules?|connector)(?=-|$)", "", stem)
    return slugify(short or stem)


def extract(
    tokens: Sequence[Token],
    md: MarkdownIt,
    env: dict[str, Any],
    *,
    path: str,
    locale: str,
    title: str,
    exl_id: str | None,
    line_offset: int,
) -> tuple[App | None, Problems]:
    """The app of an app article (None when it has no modules section), and problems."""
    reader = Reader(tokens, md, env, line_offset)
    heads = outline.headings(reader)
    sections = outline.sections(heads, len(tokens))
    chosen = _fields_sections(reader, sections, locale)
    if not chosen:
        return None, []
    app_id = app_slug(path)
    modules: list[Module] = []
    for start, stop in chosen:
        modules += _modules(reader, start, stop, app_id, path, locale)
    connection = _connection(reader, sections, chosen[0][0], locale, path)
    app = App(
        app_id=app_id,
        title=title,
        exl_id=exl_id,
        path=path,
        locale=locale,
        modules=tuple(_unique_modules(modules)),
        connection_fields=tuple(_with_ids(connection)),
    )
    return app, reader.problems


def _fields_sections(
    reader: Reader, sections: list[tuple[Heading, int, int]], locale: str
) -> list[tuple[int, int]]:
    """The token ranges of the modules sections, in document order."""
    wording = FIELDS_SECTION.get(locale)
    with_tables = [
        (head, start, stop)
        for head, start, stop in sections
        if any(outline.has_table(t) for t in reader.tokens[start:stop])
    ]
    named = [
        (start, stop)
        for head, start, stop in with_tables
        if _FIELDS_ANCHOR.search(head.anchor) or (wording and wording.search(head.name))
    ]
    if named or wording is not None:
        return named

    def tabled_headings(start: int, stop: int) -> int:  # a language we have no wording for
        found, own = 0, False
        for tok in reader.tokens[start + 1 : stop]:
            if tok.type == "heading_open" and tok.level == 0:
                found, own = found + own, False
            own = own or outline.has_table(tok)
        return found + own

    scored = [(tabled_headings(start, stop), start, stop) for _h, start, stop in with_tables]
    best = max(scored, default=(0, 0, 0))
    return [(best[1], best[2])] if best[0] else []


def _module_level(units: list[Unit]) -> int | None:
    """The level modules sit at: the one most headings with a table have, counting only
    those whose parent heading has none (a field group's parent is its module). On a
    tie the deeper: a module one level up reads as a module anyway."""
    levels: Counter[int] = Counter()
    parents: list[Unit] = []
    for unit in units:
        if unit.level is None:
            continue
        parents = [p for p in parents if p.level is not None and p.level < unit.level]
        if unit.tables and not (parents and parents[-1].tables):
            levels[unit.level] += 1
        parents.append(unit)
    if not levels:
        return None
    return max(levels, key=lambda lv: (levels[lv], lv))


def _modules(
    reader: Reader, start: int, stop: int, app_id: str, path: str, locale: str
) -> list[Module]:
    units = outline.units(reader, start, stop)
    level = _module_level(units)
    groups: list[tuple[int, str]] = []  # the group headings above, (level, name)
    modules: list[Module] = []
    current: list[Any] | None = None  # [unit, fields] of the module being read

    def close() -> None:
        if current is not None:
            unit, found, group = current
            modules.append(
                Module(
                    module_id=f"{app_id}.{_slug(unit.name)}",
                    name=unit.name,
                    group=group,
                    anchor=unit.anchor,
                    description=unit.description,
                    fields=tuple(_with_ids(found)),
                    line=unit.line,
                )
            )

    for unit in units:
        group = groups[-1][1] if groups else None
        if unit.level is None or level is None:
            if unit.level is not None:  # no heading holds a table: headings are groups
                groups = [g for g in groups if g[0] < unit.level] + [(unit.level, unit.name)]
                continue
            close()
            current = [unit, fields_of(reader, unit, None, path, locale), group]
        elif unit.level < level and not unit.tables:
            close()
            current = None
            groups = [g for g in groups if g[0] < unit.level] + [(unit.level, unit.name)]
        elif unit.level <= level or current is None:
            if unit.level == level:
                groups = [g for g in groups if g[0] < unit.level]
                group = groups[-1][1] if groups else None
            close()
            current = [unit, fields_of(reader, unit, None, path, locale), group]
        elif unit.tables:  # below a module: one of its field groups
            current[1] += fields_of(reader, unit, unit.name, path, locale)
    close()
    return modules


def field_id(label: str, group: str | None) -> str:
    """A field's id: its label's slug, after its group's when it has one."""
    return f"{_slug(group)}.{_slug(label)}" if group else _slug(label)


def _slug(name: str) -> str:
    """An id from a name as the source wrote it: plain text's inert spaces (``< x``)
    never make an id other than the one it had."""
    return slugify(written(name))


def _with_ids(fields: list[Field]) -> list[Field]:
    """Ids from the labels, a suffix on the second of a name (``name-2``)."""
    seen: Counter[str] = Counter()
    out = []
    for f in fields:
        base = field_id(f.label, f.group)
        seen[base] += 1
        fid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(_replace_id(f, fid))
    return out


def _replace_id(f: Field, fid: str) -> Field:
    return Field(f.label, fid, f.help, f.help_html, f.notes, f.links, f.line, f.group)


def _unique_modules(modules: list[Module]) -> list[Module]:
    seen: Counter[str] = Counter()
    out = []
    for m in modules:
        seen[m.module_id] += 1
        if seen[m.module_id] > 1:
            m = Module(
                f"{m.module_id}-{seen[m.module_id]}",
                m.name,
                m.group,
                m.anchor,
                m.description,
                m.fields,
                m.line,
            )
        out.append(m)
    return out


def _connection(
    reader: Reader,
    sections: list[tuple[Heading, int, int]],
    before: int,
    locale: str,
    path: str,
) -> list[Field]:
    """The fields of the "Create a connection" section: the last section before the
    modules whose heading says so in the document's language."""
    wording = CONNECTION_SECTION.get(locale)
    if wording is None:
        return []
    candidates = [
        (head, start, stop)
        for head, start, stop in sections
        if start < before and wording.search(head.name)
    ]
    if not candidates:
        return []
    _head, start, stop = candidates[-1]
    found: list[Field] = []
    for unit in [outline.own_unit(reader, start, stop), *outline.units(reader, start, stop)]:
        found += fields_of(reader, unit, unit.name if unit.level else None, path, locale)
    return found
