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

The processes are forked, but they are sent the articles they compare (their
documents :mod:`.packing`'s way, an article a message) rather than
reading them from the parent's memory: a forked process counts every page of
its parent's as its own, and by the time translations are compared the
ingest holds every document of the corpus (at 20×, forked from 2.1 GB, each
process counted 2.9 GB). So an ingest makes its processes (:class:`Comparers`) before
it parses anything, while it holds little, and they wait for their share.
Only articles, glossaries and findings cross a pipe. As in :mod:`.workers`
(which says why), each has a pipe of its own whose writing end only it
holds: a process that dies is an end of file for the parent, never a hang.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any

from service.index.builds import WorkerError
from service.ingest.join import Joined
from service.quality import report
from service.quality.findings import Finding
from service.quality.glossary import Counts, Glossary
from service.records import Document

from .packing import packed, unpacked
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
    pool: Comparers | None = None,
) -> Compared:
    """The two passes over ``articles`` (None: all), their labels judged by a glossary
    of what they teach and what the others taught (``known``); in ``pool``'s processes
    when given and there are enough translations (else in processes forked now)."""
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
    return _in_processes(share, joined, source_locale, changed, known, pool)


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


def _work(conn: Connection, parent: int, others: list[Connection]) -> None:
    """One process: wait for a share; the first pass over it; the merged glossary; the
    second. Told nothing (an end of file, or None), it ends."""
    die_with_parent(parent)
    gc.enable()  # forked from an ingest whose collector may be paused (pipeline.run)
    for other in others:  # the parent's ends of the pipes, inherited by the fork
        other.close()
    try:
        try:
            task = conn.recv()
        except EOFError:  # never given a share (or the parent is gone)
            return
        if task is None:
            return
        source_locale, changed, share = task
        learnt = report.first_pass_over(_received(conn, share), source_locale, changed)
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


def _received(conn: Connection, share: list[str]) -> Iterator[tuple[str, dict[str, Document]]]:
    """Each article of ``share`` as it is read from the pipe: its documents by locale.
    The caches of a report are emptied after each (they serve a source and its
    translations; kept, they held the share's blocks and their HTML to the end)."""
    for article in share:
        yield article, {d.locale: d for d in unpacked(conn.recv_bytes(), list[Document])}
        report.clear()


class Comparers:
    """``jobs`` comparing processes, forked now (an ingest makes them before it parses:
    the module's docstring says why), each to compare one share of articles."""

    def __init__(self, jobs: int) -> None:
        context = get_context("fork")
        self.procs: list[tuple[Any, Connection]] = []
        try:
            for n in range(max(1, jobs)):
                mine, theirs = context.Pipe(duplex=True)
                others = [conn for _proc, conn in self.procs] + [mine]
                proc = context.Process(
                    target=_work,
                    args=(theirs, os.getpid(), others),
                    name=f"lingodocs-compare-{n}",
                    daemon=True,
                )
                proc.start()
                theirs.close()  # from now on only the process holds its writing end
                self.procs.append((proc, mine))
        except BaseException:
            self.close()
            raise

    def compare(
        self,
        shares: Sequence[list[str]],
        joined: Joined,
        source_locale: str,
        changed: Changed,
        known: Counts | None = None,
    ) -> Compared:
        """The two passes over each share in a process of its own (as many shares as
        processes at most); every process is done with afterwards."""
        procs = self.procs[: len(shares)]
        for (proc, conn), share in zip(procs, shares, strict=True):
            mine = {(d.locale, d.path) for a in share for d in joined.articles[a].values()}
            _give(
                proc, conn, (source_locale, {k: v for k, v in changed.items() if k in mine}, share)
            )
        # an article a message, each process's by a thread of its own: a process reads the
        # next when done with the last, and one busy with a long article holds up no other
        senders = [
            _Sender(proc, conn, [joined.articles[a] for a in share])
            for (proc, conn), share in zip(procs, shares, strict=True)
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
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
            _give(proc, conn, merged)
        for proc, conn in procs:
            findings.extend(_receive(proc, conn, "found"))
        return Compared(findings, taught, merged)

    def close(self) -> None:
        """End every process: those given no share are told to end, the others end when
        done; any that does not is killed."""
        for proc, conn in self.procs:
            conn.close()  # an end of file for one still waiting for a share
            proc.join(JOIN)
            if proc.is_alive():
                proc.kill()
                proc.join()
        self.procs = []


class _Sender(threading.Thread):
    """Sends one process its articles (:mod:`.packing`'s bytes of their documents)."""

    def __init__(self, proc: Any, conn: Connection, articles: list[dict[str, Document]]) -> None:
        super().__init__(name=f"{proc.name}-sender", daemon=True)
        self.proc, self.conn, self.articles = proc, conn, articles

    def run(self) -> None:
        try:
            for by_locale in self.articles:
                self.conn.send_bytes(packed(list(by_locale.values())))
        except OSError:  # it ended: what it said last, or its death, the parent reads
            return


def _give(proc: Any, conn: Connection, message: Any) -> None:
    try:
        if isinstance(message, bytes):
            conn.send_bytes(message)
        else:
            conn.send(message)
    except OSError:  # BrokenPipeError: it died
        raise died(proc, "comparing") from None


def _in_processes(
    shares: Sequence[list[str]],
    joined: Joined,
    source_locale: str,
    changed: Changed,
    known: Counts | None = None,
    pool: Comparers | None = None,
) -> Compared:
    """:meth:`Comparers.compare` in ``pool``, else in processes forked now."""
    pool = pool if pool is not None else Comparers(len(shares))
    try:
        return pool.compare(shares, joined, source_locale, changed, known)
    finally:
        pool.close()


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
