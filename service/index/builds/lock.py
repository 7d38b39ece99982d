"""One ingest at a time per index directory, with a lock that dies with its holder.

An ``flock`` on a descriptor that every forked child closes at once: the
lock ends with the process that took it, however that ends (a SIGKILL
included), and never outlives it in a worker process. The lock file says
who holds it, for the refusal of the next ingest.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from .layout import BUILDS, BuildError

LOCK = ".lock"
_HELD: set[int] = set()  # lock descriptors this process holds


def _drop_held_locks() -> None:
    """In a forked child: let go of the parent's ingest locks (flock is shared by forks,
    so a worker that outlived a killed ingest would otherwise keep it locked)."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_drop_held_locks)


def _holder(fd: int) -> str:
    """``(process 123, since 2026-12-01 09:00:00 UTC)``, from the lock file, if it says."""
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f" (process {int(data['pid'])}, since {data['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


@contextlib.contextmanager
def ingest_lock(root: Path) -> Iterator[None]:
    """Hold the ingest lock of ``root`` (made if need be), or raise BuildError."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / BUILDS).mkdir(exist_ok=True)
        fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise BuildError(f"cannot write the index directory {root}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(
                f"another ingest{_holder(fd)} is writing {root}; try again when it ends"
            ) from exc
        _HELD.add(fd)
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        with contextlib.suppress(OSError):  # who holds it is news, not a condition
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": since}).encode(), 0)
        try:
            yield
        finally:
            _HELD.discard(fd)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)
