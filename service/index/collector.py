"""The cyclic garbage collector kept off the objects of the builds a server holds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle(collect: bool = True) -> None:
    """Exempt what is alive now (the app, the catalog) from the cycle collector.

    A catalog is hundreds of thousands of long-lived objects; every full
    collection walked them all, and a search allocates enough to trigger
    collections: a few milliseconds added to some searches. ``gc.freeze``
    moves them out of the collector's generations (Python's advice for
    long-lived servers); ``unfreeze`` first lets a retired catalog go.

    ``collect=False`` freezes without the full collection first: at start,
    when the only garbage is what the imports left (a full collection there
    walked the whole new catalog, a fifth of a 20× build's opening).
    """
    if collect:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while a build is opened: decoding it makes hundreds of
    thousands of objects, none of them garbage, and each collection they triggered
    walked them all again (a third of a 20× build's opening). ``settle`` follows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
