"""Join parsed documents into articles and build the method records.

Documents of different locales are one article when they share an
``exl-id``, or, where one of them has none, the same relative path. The
article's id is its ``exl-id`` (the source document's first). Facts that do
not depend on language (status codes, idempotency) come from the source
document's entry; each translation supplies its own text. An app article's
modules and fields get their source's ids in every language (:mod:`.apps`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from service.records import App, Document, MethodEntry, MethodRecord, Problem, SourceRef, doc_url

from . import apps, crosslinks, methods, rejoin
from .history import History
from .parse import path_id


@dataclass(frozen=True)
class Joined:
    """The joined documents and their method records; the rest is derived from them."""

    documents: list[Document]
    records: list[MethodRecord]
    source_locale: str
    problems: list[Problem] = field(default_factory=list)
    state: str = ""  # rejoin.state: what the next ingest's join compares with its own
    warnings: dict[rejoin.Key, list[Problem]] = field(default_factory=dict)  # apps' joins'
    unchanged: frozenset[str] = frozenset()  # articles kept as the live build joined them
    stored: dict[rejoin.Key, Document] = field(default_factory=dict)  # theirs, as it stores them

    @cached_property
    def articles(self) -> dict[str, dict[str, Document]]:
        """doc_id → locale → document."""
        found: dict[str, dict[str, Document]] = {}
        for doc in self.documents:
            found.setdefault(doc.doc_id, {})[doc.locale] = doc
        return found

    @cached_property
    def apps(self) -> list[tuple[str, App]]:
        """(doc_id, app) of every document that is an app article: its modules and
        fields, with the source's ids in every language."""
        return [(d.doc_id, d.app) for d in self.documents if d.app is not None]

    @cached_property
    def lookup(self) -> dict[str, dict[str, MethodRecord]]:
        """locale → method → the record lookups serve."""
        return _lookup(self.records, self.articles, self.source_locale)

    def warnings_of(self) -> list[tuple[str, str, list[Problem]]]:
        """(locale, path, warnings) of each translation whose app's join gave warnings."""
        return [(locale, path, said) for (locale, path), said in self.warnings.items() if said]

    def replace(self, documents: list[Document], records: list[MethodRecord]) -> Joined:
        """The same articles with other documents and records (what is derived follows)."""
        return dataclasses.replace(self, documents=documents, records=records)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


@dataclass(slots=True)
class Last:
    """What a join made, for the next one of the same process (``serve --watch``, which
    hands the unchanged files' parses over as the same objects): the links resolved and
    the translations' apps joined. Kept by the caller (``pipeline.run.Memo``)."""

    links: crosslinks.Resolved = field(default_factory=crosslinks.Resolved)
    app_joins: apps.Translated = field(default_factory=apps.Translated)


def join(
    docs: Sequence[Document],
    source_locale: str,
    history: History | None,
    wheres: dict[tuple[str, str], str] | None = None,
    last: Last | None = None,
    before: rejoin.Before | None = None,
) -> Joined:
    """The documents joined into articles (``last``: what the previous join of this
    process made, taken where it still holds; ``before``: what the live build's join
    left, whose articles none of whose files changed are kept as it joined them)."""
    wheres = wheres or {}
    problems: list[Problem] = []
    docs = _dedupe_exl_ids(docs, source_locale, wheres, problems)
    groups = _group(docs)

    final: list[Document] = []
    for members in groups:
        article_id = _article_id(members, source_locale)
        by_locale: dict[str, Document] = {}
        for doc in sorted(members, key=lambda d: (d.locale, d.path)):
            if doc.locale in by_locale:  # two paths of one locale in one article
                problems.append(
                    Problem(
                        wheres.get((doc.locale, doc.path), doc.path),
                        0,
                        f"also a '{doc.locale}' version of article {article_id} "
                        f"({by_locale[doc.locale].path}); kept under its own id",
                        "warning",
                    )
                )
                final.append(dataclasses.replace(doc, doc_id=path_id(doc.path)))
                continue
            source = (
                None
                if doc.locale == source_locale
                else next((m for m in members if m.locale == source_locale), None)
            )
            outdated = (
                history.outdated(source.path, doc.translation.source_commit)
                if history is not None and source is not None
                else None
            )
            doc = dataclasses.replace(
                doc,
                doc_id=article_id,
                translation=dataclasses.replace(doc.translation, outdated=outdated),
            )
            by_locale[doc.locale] = doc
            final.append(doc)

    targets = crosslinks.Targets(final, source_locale)  # the apps' joins change no target
    state = rejoin.state(final, targets, history, source_locale)
    same = rejoin.kept(final, state, before)
    warnings: dict[rejoin.Key, list[Problem]] = {}
    final = apps.assign(
        final,
        source_locale,
        wheres,
        problems,
        last.app_joins if last else None,
        (same.documents.keys(), before.warnings if before else {}),
        warnings,
    )
    problems.extend(crosslinks.missing(final, targets, wheres))
    final = [same.documents.get((d.locale, d.path), d) for d in final]
    resolved = crosslinks.resolve_links(
        final, targets, last.links if last else None, same.documents
    )
    joined = Joined(
        resolved, [], source_locale, problems, state, warnings, same.articles, same.stored
    )
    return joined.replace(joined.documents, _records(joined.articles, source_locale))


def _dedupe_exl_ids(
    docs: Sequence[Document],
    source_locale: str,
    wheres: dict[tuple[str, str], str],
    problems: list[Problem],
) -> list[Document]:
    """An exl-id used twice in one locale cannot join translations.

    Its documents are joined by path instead; the source document first by
    path keeps the id, each other one gets an id of its own (and, in a locale
    where the id is duplicated, a reported problem).
    """
    by_exl: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        if doc.exl_id:
            by_exl[doc.exl_id].append(doc)
    demote: dict[int, Document] = {}
    for exl_id, same in by_exl.items():
        per_locale = Counter(d.locale for d in same)
        if max(per_locale.values()) == 1:
            continue
        owner = min(same, key=lambda d: (d.locale != source_locale, d.path))
        for doc in same:
            if doc.path == owner.path:
                continue
            if per_locale[doc.locale] > 1:
                problems.append(
                    Problem(
                        wheres.get((doc.locale, doc.path), doc.path),
                        doc.exl_line,
                        f"duplicate exl-id {exl_id} in locale '{doc.locale}' (also "
                        f"{owner.path}); this document keeps an id of its own",
                        "warning",
                    )
                )
            demote[id(doc)] = dataclasses.replace(doc, exl_id=None, doc_id=path_id(doc.path))
    return [demote.get(id(d), d) for d in docs]


def _group(docs: Sequence[Document]) -> list[list[Document]]:
    union = _Union(len(docs))
    by_exl: dict[str, int] = {}
    by_path: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        if doc.exl_id:
            if doc.exl_id in by_exl:
                union.union(i, by_exl[doc.exl_id])
            else:
                by_exl[doc.exl_id] = i
        by_path[doc.path].append(i)
    for same_path in by_path.values():
        without = [i for i in same_path if not docs[i].exl_id]
        anchor = next((i for i in same_path if docs[i].exl_id), same_path[0])
        for i in without:
            union.union(i, anchor)
    groups: dict[int, list[Document]] = defaultdict(list)
    for i, doc in enumerate(docs):
        groups[union.find(i)].append(doc)
    return list(groups.values())


def _article_id(members: Iterable[Document], source_locale: str) -> str:
    ordered = sorted(members, key=lambda d: (d.locale != source_locale, d.locale, d.path))
    for doc in ordered:
        if doc.exl_id:
            return doc.exl_id
    return path_id(ordered[0].path)


def _aligned(source: MethodEntry | None, entry: MethodEntry, attr: str) -> str | None:
    """The translation's sentence at the place of the source's ``attr`` sentence."""
    own = getattr(entry, attr)
    if own or source is None:
        return str(own) if own else None
    wanted = getattr(source, attr)
    if not wanted or wanted not in source.sentences:
        return None
    at = source.sentences.index(wanted)
    if len(source.sentences) == len(entry.sentences):
        return entry.sentences[at]
    return None


def _records(articles: dict[str, dict[str, Document]], source_locale: str) -> list[MethodRecord]:
    records = []
    for article_id, by_locale in articles.items():
        source = by_locale.get(source_locale)
        source_entries = {e.method: e for e in source.methods} if source else {}
        for locale, doc in by_locale.items():
            for entry in doc.methods:
                src = source_entries.get(entry.method) if locale != source_locale else entry
                facts = src or entry
                records.append(
                    MethodRecord(
                        method=entry.method,
                        locale=locale,
                        summary=entry.summary,
                        description=entry.description,
                        description_html=entry.description_html,
                        success_status=facts.success_status,
                        idempotent=facts.idempotent,
                        availability=entry.availability or (src.availability if src else None),
                        caution=_aligned(src, entry, "caution"),
                        spec=methods.SPEC[entry.method],
                        source=SourceRef(
                            article_id, doc.path, doc.title, doc_url(locale, article_id)
                        ),
                        translation=doc.translation,
                    )
                )
    records.sort(key=lambda r: (r.locale, methods.sort_key(r.method), r.source.path))
    return records


def _lookup(
    records: Sequence[MethodRecord], articles: dict[str, dict[str, Document]], source_locale: str
) -> dict[str, dict[str, MethodRecord]]:
    """Per locale and method, the record lookups serve.

    Several articles may document a method: the one that is (or has) a
    source-language counterpart wins, then the most human-translated.
    """

    def rank(record: MethodRecord) -> tuple[bool, int, str]:
        has_source = source_locale in articles.get(record.source.doc_id, {})
        return (
            not has_source,
            -(record.translation.human_translated_percent or 0),
            record.source.path,
        )

    lookup: dict[str, dict[str, MethodRecord]] = defaultdict(dict)
    for record in sorted(records, key=rank):
        lookup[record.locale].setdefault(record.method, record)
    return dict(lookup)
