"""The build being served: only a verified one, swapped without failing a request.

:class:`Live` holds the :class:`~service.index.catalog.Catalog` of the build it
serves. Before it serves a build (at start, or when ``current`` moves) it checks
every file against the manifest, sizes and SHA-256 (:mod:`.builds.checked`), and
``prepare`` makes what requests need of it; only then is the build swapped in.
(``warm``, the search's tables, is made before a swap too, but the first build a
server serves is warmed once it serves: lookups need not wait for it.) A background
thread does this every ``interval`` seconds, off the request path, and also compares
the served build's files with what was checked (a ``stat`` a file): a file
truncated, deleted or written into under the server is noticed within one interval,
and so is a read error a request meets (:meth:`Live.unreadable`), which has the
build checked again at once. Then:

- a new build that fails its check never replaces a working one: the
  server keeps the build it has, and says so in one log line;
- a damaged ``current`` at start, or a served build damaged under the
  server, gives way to the newest good build in ``builds/`` (one log line
  naming both), or, with none, to a truthful 503 (:attr:`Live.down`);
- a refused build is not checked (or logged) again until one of its files
  changes.

The old catalog is closed a while later, when the requests holding it are done.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import builds
from .builds.checked import Checker, Refused, Stamps, changed, cut, newest_first
from .catalog import Catalog
from .collector import collector_paused, settle
from .readerrors import read_error

log = logging.getLogger("lingodocs")
RETIRE_AFTER = 30.0  # seconds a retired catalog stays open for the requests holding it
NO_BUILD = "no index is built yet; run `lingodocs ingest`"


class Live:
    """The catalog being served; a background thread checks it and swaps builds."""

    def __init__(
        self,
        root: Path,
        interval: float = 2.0,
        prepare: Callable[[Catalog], object] | None = None,
        accept: Callable[[dict[str, Any]], bool] | None = None,
        warm: Callable[[Catalog], object] | None = None,
    ) -> None:
        self.root = root
        self.interval = interval
        self.prepare = prepare
        self.warm = warm
        self.accept = accept  # which manifests this code can serve (its format)
        self.down: str | None = None  # why nothing serves, when builds exist
        self.refused: Refused | None = None  # what ``current`` names, when it is not served
        self._served: tuple[Catalog | None, Stamps] = (None, {})  # with its files' stamps
        self._checker = Checker(root)
        self._seen: dict[Path, tuple[Stamps, str]] = {}  # refused builds, as they were
        self._suspect: tuple[Path, str] | None = None  # a build a request could not read
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.refresh()

    @property
    def catalog(self) -> Catalog | None:
        return self._served[0]

    def unavailable(self) -> str:
        """Why no build serves: every build damaged, or none built."""
        return self.down or NO_BUILD

    # --- what requests report ------------------------------------------------------------

    def probe(self) -> str | None:
        """What is wrong with the served build now, found cheaply (a file missing or cut,
        the store failing a real read), or None. Any change to its files (a new hard
        link is one) has it checked at once, off the request (without a watcher: now)."""
        catalog, stamps = self._served
        if catalog is None:
            return None
        problem = cut(catalog.build, stamps)
        if problem is None:
            try:
                catalog.docs.probe()
            except sqlite3.Error as exc:
                problem = f"its document store cannot be read ({exc})"
                self._suspected(catalog, problem)
        if problem is not None or changed(catalog.build, stamps) is not None:
            self._check_soon()
        return problem

    def unreadable(self, exc: BaseException) -> str | None:
        """When ``exc``, raised on a request, is the build failing to be read (SQLite,
        Whoosh, a file not its manifest's size): what to answer, and the build is checked
        again at once. None for any other error."""
        catalog = self.catalog
        if catalog is None or not read_error(exc):
            return None
        what = f"{type(exc).__name__}: {str(exc)[:120]}"
        self._suspected(catalog, what)
        self._check_soon()
        return f"the index build {catalog.build_id} could not be read ({what}); it is being checked"

    def _suspected(self, catalog: Catalog, what: str) -> None:
        """A request could not read ``catalog``'s build: the next check hashes it all again
        (said once, not once a failed request)."""
        if self._suspect is None or self._suspect[0] != catalog.build:
            log.warning(
                "the index build %s could not be read (%s); checking it", catalog.build_id, what
            )
        self._suspect = (catalog.build, what)

    def _check_soon(self) -> None:
        if self._thread is None:  # no watcher (tests, or reloading turned off): check now
            self.refresh()
        else:
            self._wake.set()

    # --- the check -----------------------------------------------------------------------

    def refresh(self) -> bool:
        """Check the served build and ``current``; swap to a good build where one is due.
        True if the build served changed."""
        with self._lock:
            swapped = self._refresh()
            current = builds.linked_build(self.root)
            seen = self._seen.get(current) if current is not None else None
            served = self.catalog.build if self.catalog is not None else None
            self.refused = None
            if current is not None and seen is not None and current != served:
                self.refused = Refused(current, seen[1])
            return swapped

    def _refresh(self) -> bool:
        catalog = self.catalog
        current = builds.linked_build(self.root)
        lost = self._served_damage()
        if catalog is not None and lost is None:  # ours is whole
            if current is None or current == catalog.build:
                return False
            opened, reason, fresh = self._open(current)
            if opened is None:
                if fresh:
                    log.error(
                        "the index build %s is damaged: %s; still serving the previous one",
                        current,
                        reason,
                    )
                return False
            self._swap(opened)
            log.info("serving index build %s", current.name)
            return True
        # nothing served yet, or ours is damaged: ``current``, else the newest good build
        first: tuple[Path, str, bool] | None = None
        if catalog is not None and lost is not None:
            first = (catalog.build, lost, True)
        for build in [*([current] if current else []), *newest_first(self.root)]:
            if (catalog is not None and build == catalog.build) or (first and build == first[0]):
                continue
            opened, reason, fresh = self._open(build)
            if opened is not None:
                self._swap(opened)
                if first is None:
                    log.info("serving index build %s", build.name)
                else:
                    log.error(
                        "the index build %s is damaged: %s; serving %s instead, the newest "
                        "good build",
                        first[0],
                        first[1],
                        build.name,
                    )
                return True
            if first is None and reason is not None:
                first = (build, reason, fresh)
        if first is None:  # no build at all
            self.down = None
            return self._swap(None)
        down = f"the index build {first[0].name} is damaged: {first[1]}; "
        down += "no good build to fall back to"
        if down != self.down:
            log.error("%s", down)
        self.down = down
        return self._swap(None)

    def _served_damage(self) -> str | None:
        """What is wrong with the served build, when its files changed or a request could
        not read it (it is checked again, every file hashed after a read error)."""
        catalog, stamps = self._served
        suspected, self._suspect = self._suspect, None
        suspect = suspected[1] if catalog and suspected and suspected[0] == catalog.build else None
        if catalog is None or (suspect is None and changed(catalog.build, stamps) is None):
            return None
        checked = self._checker.check(catalog.build, rehash=suspect is not None)
        if checked.damage is None:
            self._served = (catalog, checked.stamps)
            if suspect is not None:
                log.warning(
                    "the index build %s is whole (checked again after: %s)",
                    catalog.build_id,
                    suspect,
                )
            return None
        self._seen[catalog.build] = (checked.stamps, checked.damage)
        return checked.damage

    def _open(self, build: Path) -> tuple[tuple[Catalog, Stamps] | None, str | None, bool]:
        """``build`` checked and opened; else why not, and whether that is news (a build
        refused before is not checked again until one of its files changes)."""
        seen = self._seen.get(build)
        if seen is not None and changed(build, seen[0]) is None:
            return None, seen[1], False
        checked = self._checker.check(build)
        reason = checked.damage
        if reason is None and self.accept is not None and not self.accept(checked.manifest or {}):
            reason = "it was built by another version of lingodocs"
        if reason is None:
            try:
                with collector_paused():
                    catalog = Catalog.open(build)
                    try:
                        if self.prepare is not None:
                            self.prepare(catalog)
                        if self.warm is not None and self.catalog is not None:
                            self.warm(catalog)  # the first build's: once it serves (_swap)
                    except BaseException:
                        catalog.close()
                        raise
            except Exception as exc:  # whatever it is, it never replaces a working build
                log.debug("cannot open index build %s", build, exc_info=True)
                reason = f"it cannot be opened ({type(exc).__name__}: {str(exc)[:200]})"
            else:
                self._seen.pop(build, None)
                return (catalog, checked.stamps), None, True
        self._seen[build] = (checked.stamps, reason)
        return None, reason, True

    def _swap(self, new: tuple[Catalog, Stamps] | None) -> bool:
        old = self.catalog
        self._served = new if new is not None else (None, {})
        if new is not None:
            self.down = None
        if old is None:  # the first build served: nothing of an older one to collect
            if new is not None:
                settle(collect=False)
                self._warm_later(new[0])
            return new is not None
        settle()

        def retire(old: Catalog = old) -> None:  # in-flight requests holding it finish first
            old.close()
            settle()  # the old build's objects may be collected now

        timer = threading.Timer(RETIRE_AFTER, retire)
        timer.daemon = True
        timer.start()
        return True

    def _warm_later(self, catalog: Catalog) -> None:
        """``warm`` the first build served in a thread (a third of a 20x start); made once
        (``Catalog.part``): a request needing it meanwhile waits for it, or makes it."""
        if (warm := self.warm) is not None:
            threading.Thread(target=_warm, args=(warm, catalog), name="index-warm").start()

    def start(self) -> None:
        if self._thread is None and self.interval > 0:
            self._thread = threading.Thread(target=self._watch, name="index-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.refresh()
            except Exception:
                log.exception("index watch failed")


def _warm(warm: Callable[[Catalog], object], catalog: Catalog) -> None:
    try:
        warm(catalog)
    except Exception:  # a request that reads the build meets it too, and reports it
        log.warning("could not prepare index build %s", catalog.build_id, exc_info=True)
