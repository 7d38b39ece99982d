"""Whoosh files read through ``mmap``, without the copies Whoosh's own mmap path makes,
each only at its manifest's size."""

from __future__ import annotations

import io
import mmap
import os
from collections.abc import Mapping
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class SizeMismatch(OSError):
    """A file of the build is not the size its manifest gives: it is not mapped."""


class MappedStorage(FileStorage):  # type: ignore[misc]
    """Whoosh files read through ``mmap``, without copies, each only at its manifest's size.

    Whoosh's own mmap path wraps each part of a compound segment in a
    ``BytesIO``, which copies it: a server held every index file in its own
    memory (189 MB of 280 at 20x the corpus). Here each file is mapped once and
    its parts read through Whoosh's ``SubFile`` over the map, so only the pages
    a search touches are resident, and they are the page cache's, shared by
    every worker process. (A mapped file cut short kills the process that reads
    it: ``builds.manifest.verify`` checks sizes before a build is opened, and each
    file's size is checked again here, on the descriptor mapped, against ``sizes``:
    the manifest's, name by name.)
    """

    def __init__(self, path: str, sizes: Mapping[str, int]) -> None:
        super().__init__(path, supports_mmap=False, readonly=True)
        self.sizes = sizes

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        with open(self._fpath(name), "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size != self.sizes.get(name):
                raise SizeMismatch(
                    f"whoosh/{name} is {size} bytes; its manifest says {self.sizes.get(name)}"
                )
            if size == 0:  # mmap cannot map an empty file
                return StructFile(io.BytesIO(b""), name=name, **kwargs)
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


def open_mapped(whoosh_dir: str, sizes: Mapping[str, int]) -> Any:
    """An index opened for reading through :class:`MappedStorage` (``sizes``: each file's
    size in bytes, as the build's manifest gives it)."""
    return MappedStorage(whoosh_dir, sizes).open_index()
