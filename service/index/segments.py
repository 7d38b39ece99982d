"""Whoosh 2.7's private calls of writing an index: a worker process's segment, joined to
the table of contents at commit, as ``MpWriter(multisegment=True)`` does inside Whoosh
(``tests/pipeline/test_workers.py``: the same index as one process).

Apart from ``internals.py`` (the private calls of reading, with NumPy) so that an
ingest imports neither: NumPy was a fifth of a one-file ingest's imports.
"""

from __future__ import annotations

from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter


def segment_writer(whoosh_dir: str, limitmb: int) -> Any:
    """A writer of one new segment of the (new, empty) index in ``whoosh_dir``, for a
    worker process; it takes no lock: the build's own writer holds it."""
    return SegmentWriter(whoosh_index.open_dir(whoosh_dir), _lk=False, limitmb=limitmb)


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
