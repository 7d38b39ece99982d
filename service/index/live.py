"""The build being served, swapped for a newer one without failing a request.

:class:`Live` holds the :class:`~service.index.catalog.Catalog` of the
current build; a background thread looks for a newly swapped build every
``interval`` seconds, opens it (and ``prepare`` makes what it needs of it,
before any request sees it), and swaps it in. A build that cannot be opened
(damaged, half copied) never replaces a working one. The old catalog is
closed a while later, when the requests holding it are done.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from . import builds
from .catalog import Catalog

log = logging.getLogger("lingodocs")
RETIRE_AFTER = 30.0  # seconds a retired catalog stays open for the requests holding it


def settle() -> None:
    """Exempt what is alive now (the app, the catalog) from the cycle collector.

    A catalog is hundreds of thousands of long-lived objects; every full
    collection walked them all, and a search allocates enough to trigger
    collections: a few milliseconds added to some searches. ``gc.freeze``
    moves them out of the collector's generations (Python's advice for
    long-lived servers); ``unfreeze`` first lets a retired catalog go.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Live:
    """The catalog being served; a background thread swaps in new builds."""

    def __init__(
        self,
        root: Path,
        interval: float = 2.0,
        prepare: Callable[[Catalog], object] | None = None,
    ) -> None:
        self.root = root
        self.interval = interval
        self.prepare = prepare
        self.catalog: Catalog | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.refresh()

    def refresh(self) -> bool:
        """Open the current build if it is not the one served. True if swapped."""
        build = builds.current_build(self.root)
        if build is None or (self.catalog is not None and self.catalog.build == build):
            return False
        try:
            catalog = Catalog.open(build)
            if self.prepare is not None:
                self.prepare(catalog)
        except builds.BuildError as exc:  # damaged: it never replaces a working one
            log.error("%s; still serving the previous one", exc)
            return False
        except Exception:  # nor does one we cannot open for any other reason
            log.exception("cannot open index build %s; still serving the previous one", build)
            return False
        old, self.catalog = self.catalog, catalog
        log.info("serving index build %s", catalog.build_id)
        settle()
        if old is not None:  # in-flight requests holding it finish on their own

            def retire(old: Catalog = old) -> None:
                old.close()
                settle()  # the old build's objects may be collected now

            timer = threading.Timer(RETIRE_AFTER, retire)
            timer.daemon = True
            timer.start()
        return True

    def start(self) -> None:
        if self._thread is None and self.interval > 0:
            self._thread = threading.Thread(target=self._watch, name="index-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception:
                log.exception("index watch failed")
