"""The worker processes of an ingest that is sure to be a full build, made first.

A forked process counts the pages of its parent's as its own. An ingest with no
live build of this format to start from parses every file (in :mod:`.workers`)
and compares every translation (in :mod:`.comparing`); made when they are needed,
those processes would each count the corpus's text (the parse workers) or every
document (the comparing ones) that the ingest holds by then: at 20×, the comparing
processes were forked from 2.1 GB. Made before the content is read, each starts at
32 MB. Whichever the build turns out not to need is closed unused.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.index import builds
from service.index.builds.version import ours
from service.settings import Settings

from .comparing import Comparers
from .plan import PARALLEL_FROM
from .workers import Workers


@dataclass(slots=True)
class Pools:
    """The parse workers and the comparing processes of a sure full build (none of
    either otherwise, or with one job)."""

    workers: Workers | None = None
    comparers: Comparers | None = None

    @classmethod
    def made(cls, settings: Settings, jobs: int) -> Pools:
        if jobs <= 1:
            return cls()
        live = builds.linked_build(settings.index)  # a guess: read without the lock
        manifest = builds.read_manifest(live) if live is not None else None
        if ours(manifest):
            return cls()
        pools = cls(comparers=Comparers(jobs))
        try:
            pools.workers = Workers(None, jobs, indexing=True)
        except BaseException:
            pools.close()
            raise
        return pools

    def to_compare_all(self, jobs: int, files: int) -> Comparers | None:
        """The processes of a build that compares every translation: those made first,
        else made now (while nothing is parsed yet), when there are enough files."""
        if self.comparers is None and jobs > 1 and files >= PARALLEL_FROM:
            self.comparers = Comparers(jobs)
        return self.comparers

    def close(self) -> None:
        for pool in (self.workers, self.comparers):
            if pool is not None:
                pool.close()
