"""``lingodocs serve --watch``: the content directory watched, each edit ingested at once.

A thread of the serving process (``--watch`` serves with one worker, so one
process ingests) waits on the content directory with ``watchfiles`` (inotify,
through its Rust core; kept rather than a loop of ``stat`` calls). Changes
that come within :data:`STEP` ms of each other are one batch (an editor's
save is often a write, a rename and a chmod), at most :data:`DEBOUNCE` ms
long. Each batch runs the same incremental ingest as ``lingodocs ingest``
(:func:`.run.run`: only the changed files are parsed again, and their
articles compared again; the other files' parses and comparisons are kept in
memory from one ingest to the next: :class:`.run.Memo`) and hands its
:class:`Outcome` to ``done``, which swaps the new build in and tells the open
pages (:mod:`service.app`). A changed file that fails to parse is a problem
of the outcome; so is an unusable content directory, or a build that failed:
neither stops the watcher, nor the server, which keeps its build.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from service.index import builds
from service.index.builds import BuildError, WorkerError
from service.ingest.sources import ContentError
from service.settings import Settings

from . import run

log = logging.getLogger("lingodocs")
logging.getLogger("watchfiles").setLevel(logging.WARNING)  # its "1 change detected": ours says more
STEP = 50  # ms without a new change that end a batch
DEBOUNCE = 1000  # ms a batch lasts at most, however busy the folder
STOP_WAIT = 30.0  # seconds ``stop`` waits for an ingest under way to end


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one watched batch did."""

    changed: tuple[str, ...]  # the files, as problems name them (``fr-FR/help/….md``)
    build: str  # the build current after it ("" when there is none)
    problems: tuple[str, ...]  # ``path:line: message`` of the changed files, or the failure
    seconds: float


_DEFAULT = watchfiles.DefaultFilter()


def relevant(change: watchfiles.Change, path: str) -> bool:
    """Markdown files (articles, TOCs), folders (moved in: their files came with them) and
    removals; editors' swap and backup files and version-control folders are left out
    (watchfiles' default filter), and so are images (served from the content as it is)."""
    if not _DEFAULT(change, path):
        return False
    return path.endswith(".md") or change == watchfiles.Change.deleted or os.path.isdir(path)


class Watcher:
    """A thread that ingests the content directory's changes (see the module)."""

    def __init__(
        self,
        settings: Settings,
        done: Callable[[Outcome], None],
        *,
        step: int = STEP,
        debounce: int = DEBOUNCE,
    ) -> None:
        self.settings = settings
        self.done = done
        self.step = step
        self.debounce = debounce
        self.root = settings.content.resolve()
        self.memo = run.Memo()  # the last build's parses and comparisons, kept in memory
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> None:
        """Start watching; returns once the folder is watched (or ``timeout`` passed)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="content-watch", daemon=True)
            self._thread.start()
            self._ready.wait(timeout)

    def stop(self) -> None:
        """Stop watching; an ingest under way finishes first (a bounded wait)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(STOP_WAIT)
            self._thread = None

    def _loop(self) -> None:
        remembered = False
        while not self._stop.is_set():
            try:
                for changes in watchfiles.watch(
                    self.root,
                    watch_filter=relevant,
                    debounce=self.debounce,
                    step=self.step,
                    stop_event=self._stop,
                    rust_timeout=500,  # ms: how soon a stop is noticed
                    yield_on_timeout=True,
                    raise_interrupt=False,
                ):
                    self._ready.set()  # watched: changes from now on are seen
                    if not remembered:
                        remembered = True
                        self._remember()
                    if changes:
                        self.done(self.ingest(path for _change, path in changes))
            except Exception:  # the folder gone, a watch failed: said, and watched again
                log.exception("watching %s failed; watching it again", self.root)
                self._ready.set()
                self._stop.wait(1.0)

    def _remember(self) -> None:
        try:
            run.remember(self.settings, self.memo)
        except Exception:  # only slower: the first ingest reads them from the store
            log.warning("could not keep the served build's parses in memory", exc_info=True)

    def ingest(self, paths: Iterable[str]) -> Outcome:
        """The incremental ingest of the content as it is now; ``paths`` changed."""
        started = time.perf_counter()
        changed = tuple(sorted({self._where(Path(p)) for p in paths}))
        try:
            summary = run.run(
                self.settings, notice=lambda message: log.warning("%s", message), memo=self.memo
            )
        except (ContentError, BuildError, WorkerError) as exc:
            log.error("lingodocs serve --watch: %s; still serving the previous build", exc)
            return Outcome(changed, "", (str(exc),), time.perf_counter() - started)
        except Exception as exc:  # a bug in a stage must not end the writer's session
            log.exception("the ingest of %s failed; still serving the previous build", changed)
            return Outcome(changed, "", (f"{type(exc).__name__}: {exc}",), 0.0)
        mine = set(changed)
        problems = tuple(str(p) for p in summary.problems if p.path in mine)
        if summary.docs == 0:  # nothing was built: the old build still serves
            problems += (f"no document could be ingested; {summary.previous}",)
        current = builds.current_build(self.settings.index)
        for problem in problems:
            log.warning("%s", problem)
        seconds = time.perf_counter() - started
        log.info(
            "%s: %s in %.2f s → %s",
            ", ".join(changed) or "content",
            "unchanged" if summary.unchanged else f"{summary.reindexed} re-indexed",
            seconds,
            summary.build,
        )
        return Outcome(changed, current.name if current else "", problems, seconds)

    def _where(self, path: Path) -> str:
        """A changed path as problems name it: relative to the content directory."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
