"""Whether an error a request meets is the build failing to be read (answered 503 and
the build checked again) rather than a bug (500)."""

from __future__ import annotations

import sqlite3

from . import mapped


class Unreadable(OSError):
    """What a segment holds cannot be decoded where the service reads it itself
    (postings in ``internals.py``, quotes in ``quotes.py``): the build is damaged."""


# Whoosh's modules that read the index files: an error raised in one of them while a
# request reads a build is the build failing to be read (its query parser is not one).
WHOOSH_READERS = (
    "whoosh.automata",
    "whoosh.codec",
    "whoosh.columns",
    "whoosh.filedb",
    "whoosh.idsets",
    "whoosh.matching",
    "whoosh.reading",
    "whoosh.system",
    "whoosh.util",
)


def read_error(exc: BaseException) -> bool:
    """True when ``exc`` is a build failing to be read: a SQLite error, a file not the
    size its manifest gives, a segment the service decodes itself failing to decode
    (:class:`Unreadable`), or an error raised where Whoosh reads its files (a
    damaged segment fails there as ``Exception('Block tag error')``, ``zlib.error``,
    ``UnicodeEncodeError``, ``UnpicklingError``…)."""
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (sqlite3.DatabaseError, mapped.SizeMismatch, Unreadable)):
            return True
        innermost = ""
        tb = error.__traceback__
        while tb is not None:
            module = str(tb.tb_frame.f_globals.get("__name__", ""))
            if module.startswith("whoosh."):
                innermost = module
            tb = tb.tb_next
        if innermost.startswith(WHOOSH_READERS):
            return True
        error = error.__cause__ or error.__context__
    return False
