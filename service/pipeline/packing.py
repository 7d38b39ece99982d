"""Records as bytes, to hash or to send, without making the records bigger.

msgspec (and pickle) leave a UTF-8 copy of every non-ASCII string they encode inside
the string (CPython keeps it for the string's lifetime): encoding every joined
document for its comparison key (``reuse.key_of``) and to send it to a comparing
process made the documents the ingest holds bigger (their sections' strings by half
on the real corpus, 39 → 57 MB; the ingest at 20× by 340 MB). ``msgspec.to_builtins``
hands the same strings to ``marshal``, which encodes them without a copy kept;
version 2 of its format writes no references, so equal records give equal bytes
whatever their objects.
"""

from __future__ import annotations

import marshal
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def packed(value: Any) -> bytes:
    """``value`` (records, and lists or dicts of them) as bytes; equal values, equal bytes."""
    return marshal.dumps(msgspec.to_builtins(value), 2)


def unpacked(data: bytes, kind: type[T]) -> T:
    """:func:`packed`'s bytes read back as ``kind``."""
    return msgspec.convert(marshal.loads(data), kind)
