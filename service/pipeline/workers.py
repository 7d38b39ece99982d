"""Worker processes that parse files, and index them, and whose death is always seen.

Markdown parsing and Whoosh's text analysis are both pure Python, so a full
build is CPU-bound. Each worker parses the batches of files it is given and,
in a full build, indexes each document into a Whoosh segment of its own
(Whoosh's ``MpWriter`` with ``multisegment=True`` does the same, but parses
nothing, so its documents would cross a process boundary twice). The parsed
documents come back to the ingest for joining and the store; the segments
join the index's table of contents when the build commits
(``BuildWriter.add_segments``).

Why not ``multiprocessing.Queue`` or ``concurrent.futures.ProcessPoolExecutor``:
both send every worker's results through *one* pipe that every worker, and
the parent itself, holds open for writing. A worker killed halfway through a
message (the OOM killer does not wait for a message to end) leaves the
reader waiting inside ``Connection._recv`` for the rest, which never comes
and which no end of file announces: the ingest hung for good (about 1 run in
15). Here each worker has a pipe of its own, and only that worker holds its
writing end: when it dies, at any moment, the parent reads an end of file
(``EOFError``, or ``OSError`` in the middle of a message) and fails the
build at once. The parent sends a worker its next batch only when that
worker has answered the previous one, so a send never waits on a worker that
is busy; a dead one makes it fail with ``BrokenPipeError``. There are no
feeder threads, so nothing can hold up the parent's exit.

Workers die with their parent (``PR_SET_PDEATHSIG`` on Linux; elsewhere at
their next read, which sees the parent's end of file), and they never hold
the ingest lock (it is closed in every forked child: ``builds.lock``).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import connection, get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from service.index import segments
from service.index.builds import WorkerError
from service.index.schema import entry
from service.ingest.parse import Parsed, parse_file
from service.ingest.sources import SourceFile

BATCH = 8  # files per task: few round trips, still an even spread
# what a worker's Whoosh segment holds in memory before it sorts a run out to disk (in
# Whoosh's reckoning): with 128, each worker of a 20× ingest grew by 250 MB while it
# parsed; with 48 (and the text compressed, ``sources.SourceFile``), by 115 MB
LIMIT_MB = 48
JOIN = 5.0  # seconds a stopping worker is given before it is killed
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends (Linux: the kernel sends SIGKILL)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it ended before we asked
        os._exit(1)


def send(conn: Connection, message: tuple[str, Any]) -> None:
    """What a worker tells the parent (one function, so tests can break it)."""
    conn.send(message)


def died(proc: Any, task: str) -> WorkerError:
    """The error of a worker whose pipe ended: its exit code, once it has ended (one that
    closed its pipe but lives on is of no use, and is killed)."""
    proc.join(JOIN)
    code = proc.exitcode
    if code is None:
        proc.kill()
        proc.join()
        code = proc.exitcode
    return WorkerError(f"{task} process {proc.name} died (exit code {code})")


def send_error(conn: Connection, exc: BaseException) -> None:
    """Tell the parent why this worker stops (if the pipe still takes it): the parent
    raises it as a ``WorkerError``."""
    reason = f"{type(exc).__name__}: {exc}"
    with contextlib.suppress(Exception):
        send(conn, ("error", (reason, getattr(exc, "errno", None), traceback.format_exc())))


def _work(conn: Connection, parent: int, others: list[Connection], limitmb: int) -> None:
    """A worker: parse (and, once told where, index) batches until told to stop, then
    send its segment."""
    die_with_parent(parent)
    gc.enable()  # forked from an ingest whose collector may be paused (pipeline.run)
    for other in others:  # the parent's ends of the pipes, inherited by the fork
        other.close()
    try:
        writer = None
        while True:
            try:
                batch = conn.recv()
            except EOFError:  # the parent is gone (or never needed this worker)
                os._exit(1)
            if batch is None:
                break
            if isinstance(batch, str):  # the index to write a segment of
                writer = segments.segment_writer(batch, limitmb)
                continue
            out = []
            for n, item in batch:
                parsed = parse_file(item)
                if parsed.document is not None and writer is not None:
                    writer.add_document(**entry(parsed.document))
                out.append((n, parsed))
            send(conn, ("docs", out))
        segment = None if writer is None else segments.finish_segment(writer)
        send(conn, ("segment", segment))
    except BaseException as exc:
        send_error(conn, exc)
    finally:
        conn.close()


@dataclass(slots=True)
class _Worker:
    proc: Any  # multiprocessing.Process
    conn: Connection
    done: bool = False

    @property
    def name(self) -> str:
        return str(self.proc.name)


class Workers:
    """``jobs`` worker processes that parse, and index into ``whoosh_dir`` when given
    (or when later told to: :meth:`index_into`).

    A forked process counts the pages of its parent's as its own: made before the
    content is read (as a full ingest does, ``pools``), each starts at 32 MB; made
    after, at 165 MB at 20× (the corpus's text and the plan)."""

    def __init__(
        self,
        whoosh_dir: Path | None,
        jobs: int,
        limitmb: int = LIMIT_MB,
        indexing: bool = False,  # to index, once told where (named so)
    ) -> None:
        context = get_context("fork")  # workers start with the parent's modules imported
        indexing = indexing or whoosh_dir is not None
        self.task = "parsing"
        self.segments: list[Any] = []
        self.workers: list[_Worker] = []
        try:
            for n in range(max(1, jobs)):
                mine, theirs = context.Pipe(duplex=True)
                others = [w.conn for w in self.workers] + [mine]
                proc = context.Process(
                    target=_work,
                    args=(theirs, os.getpid(), others, limitmb),
                    name=f"lingodocs-{'index' if indexing else 'parse'}-{n}",
                    daemon=True,
                )
                proc.start()
                theirs.close()  # from now on only the worker holds its writing end
                self.workers.append(_Worker(proc, mine))
            if whoosh_dir is not None:
                self.index_into(whoosh_dir)
        except BaseException:
            self.close()
            raise

    def index_into(self, whoosh_dir: Path) -> None:
        """From now on each worker indexes what it parses, into a segment of its own of
        the (new, empty) index in ``whoosh_dir``."""
        self.task = "indexing"
        for worker in self.workers:
            try:
                worker.conn.send(str(whoosh_dir))
            except OSError:  # BrokenPipeError: it died
                raise self._died(worker) from None

    def run(self, items: Sequence[SourceFile]) -> Iterator[tuple[SourceFile, Parsed]]:
        """Each file with its parse result, as they complete; then ``segments`` is set."""
        batches = deque(
            [(n, items[n]) for n in range(start, min(start + BATCH, len(items)))]
            for start in range(0, len(items), BATCH)
        )
        for worker in self.workers:
            self._give(worker, batches)
        while not all(w.done for w in self.workers):
            busy = {w.conn: w for w in self.workers if not w.done}
            sentinels = {w.proc.sentinel: w for w in busy.values()}
            for ready in connection.wait([*busy, *sentinels]):
                worker = busy[ready] if isinstance(ready, Connection) else sentinels[ready]
                if worker.done:
                    continue
                kind, payload = self._receive(worker)
                if kind == "docs":
                    for n, parsed in payload:
                        yield items[n], parsed
                    self._give(worker, batches)
                elif kind == "segment":
                    worker.done = True
                    if payload is not None:
                        self.segments.append(payload)
                else:
                    reason, errno, _trace = payload
                    raise WorkerError(reason, errno)

    def _give(self, worker: _Worker, batches: deque[list[tuple[int, SourceFile]]]) -> None:
        """The next batch, or the word to stop (the worker is waiting for it)."""
        try:
            worker.conn.send(batches.popleft() if batches else None)
        except OSError:  # BrokenPipeError: it died
            raise self._died(worker) from None

    def _receive(self, worker: _Worker) -> tuple[str, Any]:
        """The worker's next message: there is one, or an end of file if it died."""
        try:
            message: tuple[str, Any] = worker.conn.recv()
        except (EOFError, OSError):  # OSError: its end of file came halfway through a message
            raise self._died(worker) from None
        return message

    def _died(self, worker: _Worker) -> WorkerError:
        worker.done = True
        return died(worker.proc, self.task)

    def close(self) -> None:
        """End every worker: those that finished exit by themselves, the others are killed."""
        for worker in self.workers:
            worker.conn.close()
            worker.proc.join(JOIN if worker.done else 0.1)
            if worker.proc.is_alive():
                worker.proc.kill()
                worker.proc.join()
            worker.proc.close()
        self.workers = []  # closed once
