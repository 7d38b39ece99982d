"""Whoosh 2.7's private calls of writing an index: a worker process's segment, joined to
the table of contents at commit, as ``MpWriter(multisegment=True)`` does inside Whoosh
(``tests/pipeline/test_workers.py``: the same index as one process).

Apart from ``internals.py`` (the private calls of reading, with NumPy) so that an
ingest imports neither: NumPy was a fifth of a one-file ingest's imports.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.util import random_name
from whoosh.writing import SegmentWriter


class _Storage(FileStorage):  # type: ignore[misc]
    """Whoosh's ``FileStorage`` whose folders are made without raising.

    Every Whoosh writer makes its temporary folder twice under one name (the writer,
    then its per-document writer); the second ``makedirs`` raises, and Whoosh's
    ``create`` keeps the caught exception in a local (``e = sys.exc_info()[1]``). The
    exception's traceback holds that frame and the frame the exception: a reference
    cycle, and through the frames' ``f_back`` every calling frame stays alive with its
    locals until the cyclic collector finds it. An ingest's whole build (180,000
    parsed and joined records at 1x) was kept that way, and the first collection
    after the build walked them all: 0.16 s of a 1.3 s one-file ingest.
    """

    def create(self) -> _Storage:
        os.makedirs(self.folder, exist_ok=True)  # raises if it is there and not a folder
        return self

    def temp_storage(self, name: str | None = None) -> _Storage:
        folder = os.path.join(self.folder, name or f"{random_name()}.tmp")
        return _Storage(folder).create()


def open_index(whoosh_dir: str) -> Any:
    """The index in ``whoosh_dir``, to write into (``whoosh.index.open_dir``)."""
    return whoosh_index.FileIndex(_Storage(whoosh_dir))


def create_index(whoosh_dir: str, schema: Schema) -> Any:
    """A new, empty index in the folder ``whoosh_dir`` (``whoosh.index.create_in``)."""
    return whoosh_index.FileIndex.create(_Storage(whoosh_dir), schema)


def segment_writer(whoosh_dir: str, limitmb: int) -> Any:
    """A writer of one new segment of the (new, empty) index in ``whoosh_dir``, for a
    worker process; it takes no lock: the build's own writer holds it."""
    return SegmentWriter(open_index(whoosh_dir), _lk=False, limitmb=limitmb)


def finish_segment(writer: Any) -> Any:
    """The worker's segment written out (None when it was given no document), as
    Whoosh's multisegment sub-writers do."""
    if writer._added:
        return writer._finalize_segment()
    writer.cancel()
    return None


def commit_with(writer: Any, segments: list[Any]) -> None:
    """``writer.commit()``, with segments written by worker processes joining the
    table of contents as they are: ``MpWriter(multisegment=True)`` at commit."""
    final = writer._merge_segments(None, None, False) + segments
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()
