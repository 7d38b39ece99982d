"""Parsing files, and indexing them, in worker processes.

Markdown parsing and Whoosh's text analysis are both pure Python, so a full
build is CPU-bound. Each worker parses the files it is given and indexes each
document into a Whoosh segment of its own (Whoosh's ``MpWriter`` with
``multisegment=True`` does the same, but parses nothing, so its documents
would cross a process boundary twice). The parsed documents come back to the
ingest for joining and the store; the segments join the index's table of
contents when the build commits (``index.BuildWriter.commit``).

A worker that dies, or cannot write its segment, fails the build: the
previous build keeps serving, and no document is silently left out.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .i18n import gettext_for
from .parse import parse_document
from .records import Document, Problem
from .sources import SourceFile

Parsed = tuple[Document | None, list[Problem]]
BATCH = 8  # files per task: fewer queue round trips, still an even spread
POLL = 1.0  # seconds between checks that every worker is still alive


class PoolError(Exception):
    """A worker died or failed to write its segment; the message says which and why."""

    def __init__(self, reason: str, errno: int | None = None) -> None:
        super().__init__(reason)
        self.errno = errno


def parse_one(item: SourceFile) -> Parsed:
    """One file's document and problems; one bad file is a problem, never a stop."""
    try:
        parsed = parse_document(
            item.text,
            item.path,
            item.locale,
            source_path=item.where,
            gettext=gettext_for(item.locale),
        )
    except RecursionError:
        return None, [Problem(item.where, 1, "nesting too deep to parse; skipped")]
    except Exception as exc:  # one bad doc never stops the rest
        return None, [
            Problem(item.where, 1, f"could not parse ({type(exc).__name__}: {exc}); skipped")
        ]
    return parsed.document, parsed.problems  # its content_hash is item.digest (one function)


def _work(whoosh_dir: str, tasks: Any, results: Any, limitmb: int) -> None:
    """A worker: parse and index batches until told to stop, then send the segment."""
    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from .index import entry

    try:
        writer = SegmentWriter(whoosh_index.open_dir(whoosh_dir), _lk=False, limitmb=limitmb)
        while (batch := tasks.get()) is not None:
            out = []
            for n, item in batch:
                doc, problems = parse_one(item)
                if doc is not None:
                    writer.add_document(**entry(doc))
                out.append((n, doc, problems))
            results.put(("docs", out))
        if writer._added:  # Whoosh's own multisegment sub-writer does the same
            segment = writer._finalize_segment()
        else:
            writer.cancel()
            segment = None
        results.put(("segment", segment))
    except BaseException as exc:
        reason = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):
            results.put(("error", (reason, getattr(exc, "errno", None), traceback.format_exc())))


class BuildPool:
    """``jobs`` processes that parse and index into ``whoosh_dir`` (a new, empty index)."""

    def __init__(self, whoosh_dir: Path, jobs: int, limitmb: int = 128) -> None:
        context = multiprocessing.get_context("fork")
        self.tasks: Any = context.Queue()
        self.results: Any = context.Queue()
        self.segments: list[Any] = []
        self.procs = [
            context.Process(
                target=_work,
                args=(str(whoosh_dir), self.tasks, self.results, limitmb),
                name=f"lingodocs-index-{n}",
                daemon=True,
            )
            for n in range(jobs)
        ]
        for proc in self.procs:
            proc.start()

    def run(self, items: Sequence[SourceFile]) -> Iterator[tuple[SourceFile, Parsed]]:
        """Each file with its parse result, as they complete; then ``segments`` is set."""
        for start in range(0, len(items), BATCH):
            self.tasks.put([(n, items[n]) for n in range(start, min(start + BATCH, len(items)))])
        for _proc in self.procs:
            self.tasks.put(None)
        pending, finished = len(items), 0
        while pending or finished < len(self.procs):
            kind, payload = self._next()
            if kind == "docs":
                for n, doc, problems in payload:
                    pending -= 1
                    yield items[n], (doc, problems)
            elif kind == "segment":
                finished += 1
                if payload is not None:
                    self.segments.append(payload)
            else:
                reason, errno, _trace = payload
                raise PoolError(reason, errno)

    def _next(self) -> tuple[str, Any]:
        while True:
            try:
                message: tuple[str, Any] = self.results.get(timeout=POLL)
                return message
            except queue.Empty:
                dead = [p for p in self.procs if p.exitcode not in (None, 0)]
                if dead:
                    raise PoolError(
                        f"indexing process {dead[0].name} died (exit code {dead[0].exitcode})"
                    ) from None

    def close(self) -> None:
        """Stop every worker (they have finished unless the build failed)."""
        for proc in self.procs:
            proc.join(timeout=5 if proc.exitcode is None else 0)
            if proc.is_alive():
                proc.kill()
                proc.join()
        self.tasks.close()
        self.results.close()
