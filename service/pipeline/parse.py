"""Parsing the files of a plan: in this process, or in worker processes when many.

In a full build the workers also index what they parse, each into a Whoosh
segment of its own; in a re-ingest they only parse, and this process
indexes (it alone may delete what changed). Either way results come back in
the files' order, and a worker that dies fails it with ``WorkerError``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from service.index.builds import BuildWriter
from service.ingest.parse import Parsed, parse_file
from service.ingest.sources import SourceFile

from .plan import PARALLEL_FROM, Progress
from .workers import Workers


def parse_stream(
    items: Sequence[SourceFile], jobs: int, progress: Progress | None = None
) -> Iterator[tuple[SourceFile, Parsed]]:
    """Each file with its parse, in order: in ``jobs`` worker processes when there are
    many files, else here, one at a time while the caller indexes."""
    if jobs > 1 and len(items) >= PARALLEL_FROM:
        # by the item itself: ``check`` parses two versions of a source file at once
        done = {
            id(item): parsed for item, parsed in _in_workers(Workers(None, jobs), items, progress)
        }
        for item in items:
            yield item, done[id(item)]
        return
    for n, item in enumerate(items, 1):
        if progress:
            progress(n, len(items))
        yield item, parse_file(item)


def parse_files(
    items: Sequence[SourceFile], jobs: int, progress: Progress | None = None
) -> list[Parsed]:
    """Every file's parse, in order: for reports that build no index."""
    return [parsed for _item, parsed in parse_stream(items, jobs, progress)]


def parse_and_index(
    writer: BuildWriter,
    items: Sequence[SourceFile],
    jobs: int,
    progress: Progress | None,
    pool: Workers | None = None,
) -> dict[tuple[str, str], Parsed]:
    """A full build's files parsed and indexed by ``jobs`` workers into ``writer`` (by
    ``pool``'s, made beforehand, when given; it is closed)."""
    if pool is None:
        pool = Workers(writer.whoosh_dir, jobs)
    else:
        try:
            pool.index_into(writer.whoosh_dir)
        except BaseException:
            pool.close()
            raise
    done = {(item.locale, item.path): parsed for item, parsed in _in_workers(pool, items, progress)}
    writer.add_segments(pool.segments, sum(p.document is not None for p in done.values()))
    return done


def _in_workers(
    pool: Workers, items: Sequence[SourceFile], progress: Progress | None
) -> Iterator[tuple[SourceFile, Parsed]]:
    try:
        for n, (item, parsed) in enumerate(pool.run(items), 1):  # as they come
            if progress:
                progress(n, len(items))
            yield item, parsed
    finally:
        pool.close()
