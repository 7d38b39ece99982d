"""``lingodocs ingest``: the content directory → a new build, swapped in when complete.

read the content (plan) → parse each changed file, in workers when many
(parse, workers) → join, judge and lay out (assemble) → write the build and
swap it in (``index.builds``). Unchanged files are not parsed again: their
parsed documents come from the live build, once its manifest says it is
whole. One bad file is a reported problem, never a stop.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service.index import builds, rows, store
from service.index.catalog import read_vocabulary
from service.index.collector import collector_paused
from service.index.schema import doc_key
from service.ingest.join import Last
from service.ingest.parse import Parsed
from service.ingest.sources import Seen
from service.records import Problem
from service.settings import Settings

from . import scanned
from .assemble import Since, assemble, manifest
from .parse import parse_and_index, parse_stream
from .plan import PARALLEL_FROM, Plan, Progress, default_jobs, plan, read_content
from .pools import Pools
from .reuse import Comparisons
from .summary import Summary
from .workers import Workers


@dataclass(slots=True)
class Memo:
    """What a long-lived process (``serve --watch``) keeps from its last ingest for the
    next: every file's parse and the comparisons, as build :attr:`build` holds them
    (so they are not read back from its store; unused when another build serves)."""

    build: str = ""
    parsed: dict[tuple[str, str], tuple[str, Parsed]] = field(default_factory=dict)
    compared: Comparisons | None = None
    written: store.Written = field(default_factory=store.Written)  # the store's last rows
    vocabulary: dict[str, dict[str, int]] | None = None  # the build's (records.json's)
    seen: Seen = field(default_factory=dict)  # the content files as last read (sources.scan)
    joined: Last = field(default_factory=Last)  # what the last join made (links, apps)


def remember(settings: Settings, memo: Memo) -> None:
    """Fill ``memo`` from the build being served (when it is of this format and whole),
    so that the first watched ingest is as quick as the next ones."""
    with builds.ingest_lock(settings.index):
        todo = plan(settings, read_content(settings), lend=True)
        if todo.base is None:
            return
        kept = todo.parses(todo.cached)
        memo.parsed = {key: (digest, kept[key]) for key, (digest, _) in todo.cached.items()}
        memo.compared = Comparisons.load(*todo.compared)
        memo.build = todo.base.name


def run(
    settings: Settings,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
    memo: Memo | None = None,
) -> Summary:
    """Ingest ``settings.content`` into ``settings.index``. Raises only when unusable
    (``sources.ContentError``, ``builds.BuildError``).

    ``notice`` hears, when it happens, what an operator should know (a damaged
    live build being rebuilt); the summary lists it too."""
    started = time.perf_counter()
    pools = Pools.made(settings, default_jobs(jobs)) if memo is None else Pools()
    with contextlib.closing(pools):  # whichever the build did not need, closed unused
        # the files as last read: this process's (serve --watch), else the last ingest's
        seen = memo.seen if memo is not None else scanned.load(settings.index, settings.content)
        recorded = len(seen)
        content = read_content(settings, seen)
        with builds.ingest_lock(settings.index):
            todo = plan(settings, content, seen)
            for message in todo.notices:
                if notice is not None:
                    notice(message)
            if todo.unchanged:  # same content, same history, same code, and whole
                known = todo.manifest["summary"]
                summary = Summary(
                    docs=known["docs"],
                    locales=tuple(known["locales"]),
                    methods=known["methods"],
                    apps=known.get("apps", {}),
                    build=known["build"],
                    unchanged=True,
                    problems=[Problem.from_dict(p) for p in todo.manifest["problems"]],
                )
            else:  # no cyclic collection: the build's records make no cycles, and every
                # collection walked all the unchanged files' parses again (a fifth of a
                # one-file ingest's CPU at 1x); its processes collect as before
                with collector_paused():
                    summary = _build(settings, todo, default_jobs(jobs), progress, memo, pools)
            summary.previous, summary.notices = todo.previous.after_failure(), todo.notices
            summary.read = sum(f.read for f in (*content.files, *content.tocs))
            if memo is None and (summary.read or len(seen) != recorded):
                scanned.save(settings.index, settings.content, seen)
    summary.seconds = time.perf_counter() - started
    return summary


def _build(
    settings: Settings,
    todo: Plan,
    jobs: int,
    progress: Progress | None,
    memo: Memo | None,
    pools: Pools,
) -> Summary:
    """A new build of the plan's files, written beside the live one and swapped in."""
    content = todo.content
    if memo is not None and (todo.base is None or memo.build != todo.base.name):
        memo.build, memo.parsed, memo.compared = "", {}, None  # of another build: unused
        memo.written, memo.vocabulary = store.Written(), None
    summary = Summary(problems=content.problems, parsed=len(todo.todo), build=todo.build_id)
    languages = {f.locale for f in content.files}
    kept = memo.compared if memo and memo.compared else Comparisons.load(*todo.compared)
    pool = pools.to_compare_all(jobs, len(todo.todo)) if kept is None else None
    with builds.BuildWriter(
        settings.index, todo.build_id, languages, todo.base, todo.previous.after_failure()
    ) as writer:
        parsed = _index(writer, todo, jobs, progress, memo.parsed if memo else {}, pools.workers)
        for one in parsed:
            content.problems.extend(one.problems)
        if not any(p.document is not None for p in parsed):
            return summary  # the writer removes its partial build; the old one serves
        summary.reindexed = writer.added
        since = _since(todo, parsed, memo)
        built = assemble(
            parsed,
            content,
            settings.source_locale,
            todo.build_id,
            jobs,
            kept,
            since,
            tocs=todo.tocs,  # the live build's TOC parses: only changed TOCs are read again
            last=memo.joined if memo is not None else None,
            pool=pool,
            before=todo.joined() if memo is None else None,  # serve --watch keeps its own
        )
        summary.docs, summary.methods = built.summary["docs"], built.summary["methods"]
        summary.compared = built.again
        summary.joined = len(built.joined.articles) - len(built.joined.unchanged)
        summary.apps = built.summary["apps"]
        summary.locales = built.locales

        def write_docs(folder: Path) -> None:
            store.write(
                folder / store.DOCS,
                built.joined.documents,
                parsed,
                built.findings,
                built.joined.apps,
                (built.compared.rows(), json.dumps(built.compared.glossary, sort_keys=True)),
                (todo.store, todo.cached) if todo.base is not None else None,
                memo.written if memo is not None else None,
                built.tocs,
                rows.dump(rows.Joins(built.joined.state, built.joined.warnings_of())),
                built.joined.stored,  # the live build's rows of the documents kept as they are
            )

        writer.commit(
            {builds.RECORDS: built.records},
            manifest(todo.build_id, built.summary, content.problems),
            write_docs,
        )
        summary.hashed = writer.hashed
    if memo is not None:
        memo.build, memo.compared = todo.build_id, built.compared
        memo.vocabulary = built.records.vocabulary
        memo.parsed = {
            (f.locale, f.path): (f.digest, one)
            for f, one in zip(content.files, parsed, strict=True)
        }
    return summary


def _since(todo: Plan, parsed: list[Parsed], memo: Memo | None) -> Since | None:
    """What changed since the live build (:class:`.assemble.Since`); None without one
    (or when its vocabulary cannot be read: it is counted anew)."""
    if todo.base is None:
        return None
    known = memo.vocabulary if memo is not None and memo.build == todo.base.name else None
    before = known if known is not None else read_vocabulary(todo.base)
    if before is None:
        return None
    present = {(f.locale, f.path) for f in todo.content.files}
    changed = {(f.locale, f.path) for f in todo.todo}
    kept = memo.parsed if memo is not None else {}
    gone = []
    left = [key for key in todo.cached if key in changed or key not in present]
    read = todo.parses(k for k in left if kept.get(k, ("",))[0] != todo.cached[k][0])
    for key in left:
        mine = kept.get(key)
        was = mine[1] if mine is not None and mine[0] == todo.cached[key][0] else read[key]
        if was.document is not None:
            gone.append(was.document)
    came = [
        one.document
        for f, one in zip(todo.content.files, parsed, strict=True)
        if (f.locale, f.path) in changed and one.document is not None
    ]
    return Since(before, gone, came)


def _index(
    writer: builds.BuildWriter,
    todo: Plan,
    jobs: int,
    progress: Progress | None,
    kept: dict[tuple[str, str], tuple[str, Parsed]],
    pool: Workers | None = None,
) -> list[Parsed]:
    """Every file's parse, in file order: the changed ones parsed (and indexed), the
    others from the live build's parse cache (or ``kept``: the same, not read back)."""
    done: dict[tuple[str, str], Parsed] = {}
    present = {(f.locale, f.path) for f in todo.content.files}
    with writer.guard():  # a worker that dies, or a full disk, fails the build
        for key in todo.cached:
            if key not in present:  # deleted files
                writer.remove(doc_key(*key))
        if not writer.incremental and jobs > 1 and len(todo.todo) >= PARALLEL_FROM:
            done = parse_and_index(writer, todo.todo, jobs, progress, pool)  # a full build
        else:
            for item, parsed in parse_stream(todo.todo, jobs, progress):
                done[item.locale, item.path] = parsed
                writer.remove(doc_key(item.locale, item.path))
                if parsed.document is not None:
                    writer.add(parsed.document)
        rest = [(f.locale, f.path) for f in todo.content.files if (f.locale, f.path) not in done]
        read = todo.parses(k for k in rest if kept.get(k, ("",))[0] != todo.cached[k][0])
        for key in rest:
            mine = kept.get(key)
            cached = done[key] = (
                mine[1] if mine is not None and mine[0] == todo.cached[key][0] else read[key]
            )
            if cached.document is not None and not writer.incremental:  # a new schema
                writer.add(cached.document)
    return [done[f.locale, f.path] for f in todo.content.files]
