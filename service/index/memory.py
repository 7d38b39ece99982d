"""Caches bounded in bytes, safe to share between threads.

What a build's caches hold is decided by what clients ask (every distinct
search, every page): an entry count bounds nothing when one entry can be a
few bytes or a megabyte. :class:`Bounded` is cachetools' ``LRUCache`` with
each value's size (``size(value)``, an estimate of the bytes it holds) counted
against ``budget``, and a lock: requests read and fill it from the event loop
and from the worker threads at once. A value larger than the whole budget is
simply not kept.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from cachetools import LRUCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
MB = 1024 * 1024
ENTRY = 200  # bytes a cache entry costs beyond its value (key, links, tuple)


class Bounded(Generic[K, V]):
    def __init__(self, budget: int, size: Callable[[V], int]) -> None:
        self._size = size
        self._cache: LRUCache[K, V] = LRUCache(maxsize=max(budget, 1), getsizeof=self._cost)
        self._lock = threading.Lock()

    def _cost(self, value: V) -> int:
        return ENTRY + self._size(value)

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._cache.get(key)

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key`` (unless it alone is over the budget); returns it."""
        with self._lock, contextlib.suppress(ValueError):  # larger than the whole budget
            self._cache[key] = value
        return value

    def clear(self) -> None:
        """Forget every value (a benchmark measuring uncached work empties them)."""
        with self._lock:
            self._cache.clear()

    @property
    def used(self) -> int:
        """Bytes held now, by the values' estimates."""
        return int(self._cache.currsize)

    @property
    def budget(self) -> int:
        return int(self._cache.maxsize)

    def __len__(self) -> int:
        return len(self._cache)


def body_size(value: tuple[Any, ...]) -> int:
    """A prepared response: its body first, then short strings (ETag, locale) and maybe
    its encoded head (a list of header pairs)."""
    size = sys.getsizeof(value[0]) + 150
    for part in value[1:]:
        if isinstance(part, list):
            size += sum(len(name) + len(text) + 100 for name, text in part)
    return size
