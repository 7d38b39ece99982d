"""Articles joined again only where they changed: the live build's joined documents kept.

Joining every translation's app with its source's and resolving every link
was a third of a one-file ``lingodocs ingest`` (a new process: the in-process
memo of ``join.Last`` holds nothing). A document's join depends on its
article's documents and on what is the same for all: where every document is
and what it is called (``crosslinks.Targets.state``), the app ids every app
article asks for (the ids made unique from them), the source history and the
source language. A build keeps a digest of the latter (:func:`state`) and the
warnings each translation's app join gave; where the next ingest's digest is
the same, the documents of an article none of whose files changed are the live
build's, as joined (its stored documents, the quality findings taken off):
what joining them again would give. Any other change joins everything again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from service.records import App, Document, Problem

from .crosslinks import Targets
from .history import History

Key = tuple[str, str]  # (locale, path)


@dataclass(slots=True)
class Before:
    """What the live build's join left for the next: its :func:`state`, each file's
    content hash, each translation's app-join warnings, and how to read its joined
    documents (``read``: the files' keys → their documents as the build stores them)."""

    state: str
    hashes: Mapping[Key, str]
    warnings: Mapping[Key, list[Problem]]
    read: Callable[[Iterable[Key]], dict[Key, Document]]


@dataclass(slots=True)
class Rejoined:
    """What :func:`kept` found: the documents kept (as joined, by file) and the articles
    all of whose documents are."""

    documents: dict[Key, Document] = field(default_factory=dict)
    articles: frozenset[str] = frozenset()
    stored: dict[Key, Document] = field(default_factory=dict)  # as the build stores them


def state(
    docs: Iterable[Document], targets: Targets, history: History | None, source_locale: str
) -> str:
    """The digest of what every document's join depends on besides its article."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((source_locale, history.digest if history is not None else None)).encode())
    h.update(repr(targets.state).encode())
    h.update(repr([(d.locale, d.path, d.app.app_id) for d in docs if d.app is not None]).encode())
    return h.hexdigest()


def kept(docs: list[Document], now: str, before: Before | None) -> Rejoined:
    """The documents (ids given, not yet joined) whose article's files are all as the live
    build had them, as it joined them; none when ``now``, the :func:`state`, differs."""
    if before is None or before.state != now:
        return Rejoined()
    members: dict[str, list[Document]] = {}
    for doc in docs:
        members.setdefault(doc.doc_id, []).append(doc)
    same = [
        a
        for a, group in members.items()
        if all(before.hashes.get((d.locale, d.path)) == d.content_hash for d in group)
    ]
    wanted = [(d.locale, d.path) for a in same for d in members[a]]
    found = before.read(wanted)
    articles = frozenset(
        a
        for a in same
        if all(
            (d.locale, d.path) in found and (found[d.locale, d.path].app is None) == (d.app is None)
            for d in members[a]
        )
    )
    return Rejoined(
        {
            (d.locale, d.path): _unapplied(found[d.locale, d.path])
            for a in articles
            for d in members[a]
        },
        articles,
        {key: found[key] for a in articles for key in ((d.locale, d.path) for d in members[a])},
    )


def _unapplied(doc: Document) -> Document:
    """A stored document as the join made it: without the findings the quality report put
    on it (``quality.report.apply``: its translation's, its app's modules')."""
    status = doc.translation
    if status.findings or status.finding_summaries:
        doc = dataclasses.replace(
            doc, translation=dataclasses.replace(status, findings=(), finding_summaries=())
        )
    if doc.app is not None and any(m.findings for m in doc.app.modules):
        doc = dataclasses.replace(doc, app=_app_unapplied(doc.app))
    return doc


def _app_unapplied(app: App) -> App:
    modules = tuple(dataclasses.replace(m, findings=()) if m.findings else m for m in app.modules)
    return dataclasses.replace(app, modules=modules)
