"""A Whoosh 3 posting block's docnums and weights, read without its positions.

Whoosh 2.7 writes each block of a term's postings (``W3PostingsWriter._write_block``)
as one zlib-compressed pickle (protocol 2) of ``(ids, weights, values)``: the
docnums' deltas, the weights (term frequency × field boost), and every posting's
encoded positions, each a ``bytes`` that protocol 2 pickles as a call to
``_codecs.encode``. ``pickle.loads`` of a block makes all of them, and they are
most of its bytes: at 20× the corpus, reading the weights of a common word was
spent mostly on its positions, which word queries never use.

Here only the head of a block is decompressed (``zlib``'s ``max_length``: the
ids and weights come first), and its opcodes are read as arrays: the ids are
``BININT1`` opcodes after the first (a ``K`` and one byte each, ``M``/``J`` for a
gap of 256 or more), the weights ``BINFLOAT`` ones (a ``G`` and a big-endian
double each). A block in any other shape (a short tuple, an int the fast path
does not read, a pickle that is not what it expects) is read whole with
``pickle.loads``, as before: the same docnums and weights either way
(``tests/index/test_postblocks.py`` holds them to Whoosh's matcher over every
term of a real build).
"""

from __future__ import annotations

import pickle
import struct
import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int64]
Weights = npt.NDArray[np.float32]

_PROTO2_MARK = b"\x80\x02("  # PROTO 2, then MARK: a tuple of four items or more follows
_K, _M, _J = 0x4B, 0x4D, 0x4A  # BININT1 (1 byte), BININT2 (2, unsigned), BININT (4, signed)
_INT_SIZES = {_K: 1, _M: 2, _J: 4}
_TUPLE, _BINPUT, _LONG_BINPUT = 0x74, 0x71, 0x72
_NONE, _BINFLOAT, _MARK = 0x4E, 0x47, 0x28
_FLOAT_RUN = np.dtype([("op", "u1"), ("value", ">f8")])  # a G opcode and its double
_SHORTEST = 4  # protocol 2 writes tuples of 1 to 3 items without a MARK: those go whole


def term(blocks: Iterable[tuple[bytes, int, bool]]) -> tuple[Ids, Weights]:
    """(docnums, weights) of a term's blocks, each (its pickle, its count of postings,
    whether it is compressed), in order. The blocks in the common shape (the first id
    any BININT, the rest BININT1, a weight each) are joined as bytes and read as
    arrays once for the term: a few NumPy calls a block were most of reading a common
    word's postings once its positions were no longer unpickled."""
    firsts: list[int] = []
    runs: list[bytes] = []  # each block's ids after its first, a byte each
    floats: list[bytes] = []  # each block's weights: a G opcode and a double each
    counts: list[int] = []
    other: dict[int, tuple[Ids, Weights]] = {}  # blocks of another shape, by position
    for n, (data, count, compressed) in enumerate(blocks):
        fast = _common(data, count, compressed) if count >= _SHORTEST else None
        if fast is None:
            other[n] = block(data, count, compressed)
            fast = (0, b"", b"")
        firsts.append(fast[0])
        runs.append(fast[1])
        floats.append(fast[2])
        counts.append(count)
    if len(counts) == 1:  # most terms: a rare word's one block
        return other[0] if other else _single(firsts[0], runs[0], floats[0])
    if other:  # rare: every block read on its own
        pieces = [
            other.get(n) or _single(firsts[n], runs[n], floats[n]) for n in range(len(counts))
        ]
        if not pieces:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate([p[0] for p in pieces]), np.concatenate([p[1] for p in pieces])
    return _joined(firsts, b"".join(runs), b"".join(floats), counts)


def _common(data: bytes, count: int, compressed: bool) -> tuple[int, bytes, bytes] | None:
    """(first id, the other ids' bytes, the weights' opcodes) of a block in the common
    shape, else None."""
    need = 14 * count + 32
    head = zlib.decompressobj().decompress(data, need) if compressed else data[:need]
    if not head.startswith(_PROTO2_MARK):
        return None
    at = len(_PROTO2_MARK)
    size = _INT_SIZES.get(head[at]) if at < len(head) else None
    if size is None:
        return None
    first = int.from_bytes(head[at + 1 : at + 1 + size], "little", signed=size == 4)
    at += 1 + size
    rest = count - 1
    stop = at + 2 * rest
    if stop + 3 > len(head) or head[at:stop:2] != b"K" * rest or head[stop] != _TUPLE:
        return None
    run = head[at + 1 : stop : 2]
    at = _after_memo(head, stop + 1)
    end = at + 1 + 9 * count
    if at < 0 or end >= len(head) or head[at] != _MARK or head[end] != _TUPLE:
        return None
    weights = head[at + 1 : end]
    if weights[::9] != b"G" * count:
        return None
    return first, run, weights


def _joined(
    firsts: list[int], runs: bytes, floats: bytes, counts: list[int]
) -> tuple[Ids, Weights]:
    """The blocks' arrays from their joined bytes: each block's ids are deltas from the
    one before, its first id the block's first docnum."""
    sizes = np.asarray(counts, dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    deltas = np.empty(int(sizes.sum()), dtype=np.int64)
    later = np.ones(len(deltas), dtype=bool)
    later[starts] = False
    deltas[later] = np.frombuffer(runs, dtype=np.uint8)
    deltas[starts] = firsts
    summed = np.cumsum(deltas)
    # each block's sums start again at its first docnum
    docnums = summed - np.repeat(summed[starts] - deltas[starts], sizes)
    weights = np.frombuffer(floats, dtype=_FLOAT_RUN)["value"].astype(np.float32)
    return docnums, weights


def _single(first: int, run: bytes, floats: bytes) -> tuple[Ids, Weights]:
    """One block's arrays from its bytes (``_joined`` of one block, in fewer calls)."""
    docnums = np.empty(len(run) + 1, dtype=np.int64)
    docnums[0] = first
    docnums[1:] = np.frombuffer(run, dtype=np.uint8)
    np.cumsum(docnums, out=docnums)
    return docnums, np.frombuffer(floats, dtype=_FLOAT_RUN)["value"].astype(np.float32)


def block(data: bytes, count: int, compressed: bool) -> tuple[Ids, Weights]:
    """(docnums, weights) of one block of ``count`` postings: ``data`` is its pickle,
    zlib-compressed when ``compressed`` (as the block's info says)."""
    if count >= _SHORTEST:
        # the ids (5 bytes each at most) and weights (9 each), their opcodes and memos
        need = 14 * count + 32
        head = zlib.decompressobj().decompress(data, need) if compressed else data[:need]
        found = _head(head, count)
        if found is not None:
            return found
    return _whole(zlib.decompress(data) if compressed else data, count)


def _whole(raw: bytes, count: int) -> tuple[Ids, Weights]:
    """The block unpickled whole, positions and all (Whoosh's own reading)."""
    ids, weights = pickle.loads(raw)[:2]
    docnums = np.cumsum(np.asarray(ids, dtype=np.int64))
    if weights is None:
        return docnums, np.ones(count, dtype=np.float32)
    if isinstance(weights, float):
        return docnums, np.full(count, weights, dtype=np.float32)
    return docnums, np.asarray(weights, dtype=np.float32)


def _head(head: bytes, count: int) -> tuple[Ids, Weights] | None:
    """The ids and weights read off the pickle's opcodes; None when it is not in the
    shape read here (then the block is unpickled whole)."""
    if not head.startswith(_PROTO2_MARK):
        return None
    at = len(_PROTO2_MARK)
    deltas, at = _ints(head, at, count)
    if deltas is None or at >= len(head) or head[at] != _TUPLE:
        return None
    at = _after_memo(head, at + 1)
    if at < 0 or at >= len(head):
        return None
    docnums = np.cumsum(deltas)
    kind = head[at]
    if kind == _NONE:  # every weight 1.0
        return docnums, np.ones(count, dtype=np.float32)
    if kind == _BINFLOAT:  # one weight for all
        if at + 9 > len(head):
            return None
        (weight,) = struct.unpack_from(">d", head, at + 1)
        return docnums, np.full(count, weight, dtype=np.float32)
    end = at + 1 + 9 * count
    if kind != _MARK or end >= len(head) or head[end] != _TUPLE:
        return None
    run = np.frombuffer(head, dtype=_FLOAT_RUN, count=count, offset=at + 1)
    if not (run["op"] == _BINFLOAT).all():
        return None
    return docnums, run["value"].astype(np.float32)


def _ints(head: bytes, at: int, count: int) -> tuple[Ids | None, int]:
    """``count`` ints from ``at``: (their values, where they end), or (None, at) when
    one is not a BININT opcode. The common run (every int after the first under 256:
    a ``K`` byte and its value) is read as one slice."""
    out = np.empty(count, dtype=np.int64)
    n = 0
    while n < count:
        left = count - n
        if head[at : at + 2 * left : 2] == b"K" * left:  # the rest are all BININT1
            if at + 2 * left > len(head):
                return None, at
            out[n:] = np.frombuffer(head, dtype=np.uint8, count=2 * left, offset=at)[1::2]
            return out, at + 2 * left
        size = _INT_SIZES.get(head[at]) if at < len(head) else None
        if size is None or at + 1 + size > len(head):
            return None, at
        out[n] = int.from_bytes(head[at + 1 : at + 1 + size], "little", signed=size == 4)
        at += 1 + size
        n += 1
    return out, at


def _after_memo(head: bytes, at: int) -> int:
    """Past the memo opcode protocol 2 writes after a tuple (BINPUT or LONG_BINPUT);
    -1 when there is none where it should be."""
    if at < len(head) and head[at] == _BINPUT:
        return at + 2
    if at < len(head) and head[at] == _LONG_BINPUT:
        return at + 5
    return -1


def inlined(info: Any) -> tuple[Ids, Weights]:
    """(docnums, weights) of a term whose postings its info holds (a rare term's)."""
    ids, weights, _values = info.inlined_postings()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)
