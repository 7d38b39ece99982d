"""Caches bounded in bytes, safe to share between threads.

What a build's caches hold is decided by what clients ask (every distinct
search, every page): an entry count bounds nothing when one entry can be a
few bytes or a megabyte. :class:`Bounded` is a least-recently-used cache with
each value's size (``size(value)``, an estimate of the bytes it holds) counted
against ``budget``, and a lock: requests read and fill it from the event loop
and from the worker threads at once. A value larger than the whole budget is
simply not kept.

It is an ``OrderedDict`` kept here rather than cachetools' ``LRUCache`` with a
``getsizeof``: under a flood of distinct searches every cache is full and each
new entry evicts others, and ``LRUCache`` evicts one entry per ``popitem`` call
through four Python methods (its order, ``pop``, ``__getitem__``,
``__delitem__``): a twentieth of a search's CPU went on its caches' bookkeeping.
``OrderedDict``'s ``move_to_end`` and ``popitem`` are C.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
MB = 1024 * 1024
ENTRY = 200  # bytes a cache entry costs beyond its value (key, links, tuple)


class Bounded(Generic[K, V]):
    def __init__(self, budget: int, size: Callable[[V], int]) -> None:
        self._size = size
        self._budget = max(budget, 1)
        self._used = 0
        # key -> (value, its cost), least recently used first
        self._data: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._data.get(key)
            if found is None:
                return None
            self._data.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key`` (unless it alone is over the budget); returns it."""
        cost = ENTRY + self._size(value)
        if cost > self._budget:
            return value
        with self._lock:
            data = self._data
            before = data.pop(key, None)
            if before is not None:
                self._used -= before[1]
            data[key] = (value, cost)
            self._used += cost
            while self._used > self._budget:
                _key, (_value, freed) = data.popitem(last=False)
                self._used -= freed
        return value

    def clear(self) -> None:
        """Forget every value (a benchmark measuring uncached work empties them)."""
        with self._lock:
            self._data.clear()
            self._used = 0

    @property
    def used(self) -> int:
        """Bytes held now, by the values' estimates."""
        return self._used

    @property
    def budget(self) -> int:
        return self._budget

    def __len__(self) -> int:
        return len(self._data)


def body_size(value: tuple[Any, ...]) -> int:
    """A prepared response: its body first, then short strings (ETag, locale) and maybe
    its encoded head (a list of header pairs)."""
    size = sys.getsizeof(value[0]) + 150
    for part in value[1:]:
        if isinstance(part, list):
            size += sum(len(name) + len(text) + 100 for name, text in part)
    return size
