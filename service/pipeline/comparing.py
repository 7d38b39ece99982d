"""Comparing translations with their sources in worker processes.

The fact checks read every translation's blocks beside its source's (lxml,
then pure-Python rules): on the corpus they cost as much CPU as a third of
the parse, all in the one process that joins, while the parse workers have
ended. So :func:`comparer` shares the articles among ``jobs`` forked
processes, each running :mod:`service.quality.report`'s two passes over its
share: the first pairs blocks and learns how each UI label is written; the
parent merges the glossaries (a label is judged by how *every* article of
the language writes it) and sends the merged one back; the second finds the
passages', labels' and terms' findings. The findings are those of
:func:`~service.quality.report.compare` in one process (a test holds them
equal): an article's findings come from one process, in the same order.

The processes are forked, so they read the joined articles without any being
sent; only glossaries and findings cross a pipe. As in :mod:`.workers` (which
says why), each has a pipe of its own whose writing end only it holds: a
process that dies is an end of file for the parent, never a hang.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any

from service.index.builds import WorkerError
from service.ingest.join import Joined
from service.quality import report
from service.quality.findings import Finding
from service.quality.glossary import Counts, Glossary

from .plan import PARALLEL_FROM
from .workers import JOIN, die_with_parent, died, send, send_error

Changed = report.Changed


def comparer(jobs: int) -> report.Comparing:
    """:func:`~service.quality.report.compare`, in ``jobs`` processes when there are
    enough translations to be worth them."""

    def comparing(joined: Joined, source_locale: str, changed: Changed) -> list[Finding]:
        return compare_articles(joined, source_locale, changed, None, {}, jobs).findings

    return comparing


@dataclass(slots=True)
class Compared:
    findings: list[Finding]  # each article's in its order: its first pass's, its second's
    taught: dict[str, tuple[Counts, frozenset[tuple[str, str]]]]  # report.Learnt's
    glossary: Counts  # what the second pass read: ``known`` and what was learnt


def compare_articles(
    joined: Joined,
    source_locale: str,
    changed: Changed,
    articles: Collection[str] | None,
    known: Counts,
    jobs: int,
) -> Compared:
    """The two passes over ``articles`` (None: all), their labels judged by a glossary
    of what they teach and what the others taught (``known``)."""
    chosen = joined.articles if articles is None else articles
    translations = sum(
        len(joined.articles[a]) - 1 for a in chosen if source_locale in joined.articles[a]
    )
    if jobs <= 1 or translations < PARALLEL_FROM:
        try:
            learnt = report.first_pass(joined, source_locale, changed, chosen)
            glossary = Glossary()
            glossary.merge(known)
            glossary.merge(learnt.glossary.counts())
            found = learnt.findings + report.second_pass(learnt, glossary)
            return Compared(found, learnt.taught, glossary.counts())
        finally:
            report.clear()
    share = shares(joined, source_locale, jobs, None if articles is None else set(chosen))
    return _in_processes(share, joined, source_locale, changed, known)


def shares(
    joined: Joined, source_locale: str, jobs: int, only: set[str] | None = None
) -> list[list[str]]:
    """The articles that have a source and a translation (of ``only``, when given), in
    ``jobs`` shares of about the same work (the length of their translations and
    sources), each in the articles' order."""
    weights: dict[str, int] = {}
    for article, by_locale in joined.articles.items():
        source = by_locale.get(source_locale)
        if source is None or len(by_locale) < 2 or (only is not None and article not in only):
            continue
        size = sum(len(s.html) for s in source.sections)
        weights[article] = sum(
            size + sum(len(s.html) for s in doc.sections)
            for locale, doc in by_locale.items()
            if locale != source_locale
        )
    loads = [0] * max(1, jobs)
    mine: dict[str, int] = {}
    for article in sorted(weights, key=lambda a: (-weights[a], a)):  # heaviest first
        n = loads.index(min(loads))
        mine[article] = n
        loads[n] += weights[article]
    out: list[list[str]] = [[] for _ in loads]
    for article in weights:
        out[mine[article]].append(article)
    return [share for share in out if share]


def _work(
    conn: Connection,
    parent: int,
    others: list[Connection],
    joined: Joined,
    source_locale: str,
    changed: Changed,
    share: list[str],
) -> None:
    """One process: the first pass over ``share``; the merged glossary; the second."""
    die_with_parent(parent)
    for other in others:  # the parent's ends of the pipes, inherited by the fork
        other.close()
    try:
        learnt = report.first_pass(joined, source_locale, changed, share)
        send(conn, ("learnt", (learnt.glossary.counts(), learnt.findings, learnt.taught)))
        glossary = Glossary()
        try:
            glossary.merge(conn.recv())
        except EOFError:  # the parent is gone
            os._exit(1)
        send(conn, ("found", report.second_pass(learnt, glossary)))
    except BaseException as exc:
        send_error(conn, exc)
    finally:
        conn.close()


def _in_processes(
    shares: Sequence[list[str]],
    joined: Joined,
    source_locale: str,
    changed: Changed,
    known: Counts | None = None,
) -> Compared:
    context = get_context("fork")  # the processes read the parent's joined articles
    procs: list[tuple[Any, Connection]] = []
    try:
        for n, share in enumerate(shares):
            mine, theirs = context.Pipe(duplex=True)
            others = [conn for _proc, conn in procs] + [mine]
            proc = context.Process(
                target=_work,
                args=(theirs, os.getpid(), others, joined, source_locale, changed, share),
                name=f"lingodocs-compare-{n}",
                daemon=True,
            )
            proc.start()
            theirs.close()  # from now on only the process holds its writing end
            procs.append((proc, mine))
        glossary = Glossary()
        glossary.merge(known or {})
        findings: list[Finding] = []
        taught: dict[str, tuple[Counts, frozenset[tuple[str, str]]]] = {}
        for proc, conn in procs:
            counts, found, theirs = _receive(proc, conn, "learnt")
            glossary.merge(counts)
            findings.extend(found)
            taught.update(theirs)
        merged = glossary.counts()
        for proc, conn in procs:
            try:
                conn.send(merged)
            except OSError:  # BrokenPipeError: it died
                raise died(proc, "comparing") from None
        for proc, conn in procs:
            findings.extend(_receive(proc, conn, "found"))
        return Compared(findings, taught, merged)
    finally:
        for proc, conn in procs:
            conn.close()
            proc.join(JOIN)
            if proc.is_alive():
                proc.kill()
                proc.join()


def _receive(proc: Any, conn: Connection, kind: str) -> Any:
    """The process's answer of ``kind``; its error, or its death, raised."""
    try:
        got, payload = conn.recv()
    except (EOFError, OSError):  # OSError: its end of file came halfway through a message
        raise died(proc, "comparing") from None
    if got == "error":
        reason, errno, _trace = payload
        raise WorkerError(reason, errno)
    if got != kind:
        raise WorkerError(f"comparing process {proc.name} answered {got!r}, not {kind!r}")
    return payload
