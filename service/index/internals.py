"""Whoosh 2.7's private calls of reading an index: what the service needs and Whoosh has
no public call for (those of writing one are in ``segments.py``, which an ingest imports
without this module's NumPy). Every function here names the Whoosh code it stands in
for; the tests that hold each to Whoosh's own behaviour are named too.

- posting lists read block by block, for scoring whole lists at once
  (``tests/search/test_scoring.py``: the same hits and scores as Whoosh);
- every document's field length and column value read at once (``field_lengths``,
  ``column_values``; the same test, and ``tests/index/test_schema.py``);
- a term's hash-table probe and a column's values read in a segment's map
  (``mapped.py`` maps the files).
"""

from __future__ import annotations

import bisect
import hashlib
import io
import mmap
import pickle
import struct
import sys
from array import array
from collections.abc import Collection, Iterator
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import NUMERIC, FieldType
from whoosh.filedb.compound import SubFile
from whoosh.filedb.structfile import StructFile
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from . import postblocks
from .postblocks import Ids, Weights
from .readerrors import Unreadable

Docnums = Ids


def posting_blocks(reader: Any, field: str, text: str) -> Iterator[tuple[Ids, Weights, Docnums]]:
    """(docnums, weights, deleted docnums, sorted) of a term's postings in one segment,
    as arrays, in one piece or more (Whoosh 2.7's ``W3LeafMatcher``: one document at a
    time). The term's info is looked up once (``(field, text) in reader``, then
    ``reader.postings``, probe twice: a third of reading a rare word's postings)."""
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(terms, "term_info") or field not in reader.schema:
        yield from _blocks_of(reader, field, text)  # not a segment of Whoosh 3's codec
        return
    info = term_info(terms, field, reader.schema[field].to_bytes(text))
    if info is None:
        return
    deleted = _deleted(reader.deleted_docs_set)
    if info.is_inlined():  # a rare term's postings are kept in its info
        yield (*postblocks.inlined(info), deleted)
        return
    yield (*_w3_postings(terms._postfile, info), deleted)


def term_info(terms: Any, field: str, tbytes: bytes) -> Any:
    """``terms.term_info(field, tbytes)`` (a ``W3TermsReader``'s), None for a term the
    segment lacks: ``HashReader.ranges_for_key``'s probe, reading the segment's map
    itself (Whoosh's reads through four file objects, half a dozen reads a term: a
    tenth of an uncached search's CPU on the corpus)."""
    table = terms._tindex
    mapped = _mapped(table.dbfile)
    if mapped is None or table.hashtype != 0:  # not a mapped file, or not md5 hashes
        try:
            return terms.term_info(field, tbytes)
        except TermNotFound:
            return None
    buf, base = mapped
    key = terms._keycoder(field, tbytes)
    # whoosh.filedb.filetables.md5_hash: the digest's low 32 bits
    keyhash = int.from_bytes(hashlib.md5(key, usedforsecurity=False).digest()[-4:], "big")
    tablestart, slots = table.tables[keyhash & 255]
    if not slots:
        return None
    start = base + tablestart
    at = (keyhash >> 8) % slots
    for _ in range(slots):
        slothash, itempos = _POINTER.unpack_from(buf, start + at * _POINTER.size)
        if not itempos:  # an empty slot: the key is not in the table
            return None
        if slothash == keyhash:
            keylen, datalen = _LENGTHS_OF.unpack_from(buf, base + itempos)
            keystart = base + itempos + _LENGTHS_OF.size
            if keylen == len(key) and buf[keystart : keystart + keylen] == key:
                datapos = keystart + keylen
                return W3TermInfo.from_bytes(buf[datapos : datapos + datalen])
        at = (at + 1) % slots
    return None


_POINTER = struct.Struct("!Iq")  # a hash slot: the key's hash, its item's position
_LENGTHS_OF = struct.Struct("!ii")  # an item: its key's length, its value's length


def _mapped(dbfile: Any) -> tuple[mmap.mmap, int] | None:
    """(the map, where ``dbfile`` starts in it) for a file of a segment opened through
    ``mapped.MappedStorage`` (a part of the compound segment file, or a whole file)."""
    inner = getattr(dbfile, "file", None)
    if isinstance(inner, SubFile) and isinstance(inner._file, StructFile):
        inner, base = inner._file.file, inner._offset
        return (inner, base) if isinstance(inner, mmap.mmap) else None
    if isinstance(inner, SubFile) and isinstance(inner._file, mmap.mmap):
        return inner._file, inner._offset
    return (inner, 0) if isinstance(inner, mmap.mmap) else None


_BLOCK_LENGTH = struct.Struct("!i")  # a block's length (negative: the last block)
_NONE_DELETED: Docnums = np.zeros(0, dtype=np.int64)
_NONE_DELETED.setflags(write=False)


def _deleted(docnums: Collection[int] | None) -> Docnums:
    if not docnums:
        return _NONE_DELETED
    return np.sort(np.fromiter(docnums, dtype=np.int64, count=len(docnums)))


def _w3_postings(postfile: Any, info: Any) -> tuple[Ids, Weights]:
    """(docnums, weights) of a term's postings as Whoosh 2.7's ``W3LeafMatcher``
    (``_read_header``, ``_goto``, ``_read_ids``, ``_read_weights``) decodes them, read in
    one piece (the matcher reads each block's info a few bytes at a time), the blocks'
    data without their positions (``postblocks``)."""
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps struct.unpack's tuple
        (length,) = length
    raw = postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise Unreadable(f"Block tag error {raw[:4]!r}")  # as Whoosh's reader says it
    try:
        return postblocks.term(_w3_blocks(raw))
    except Exception as exc:  # a damaged pickle or zlib stream raises almost anything
        raise Unreadable(f"postings at {offset} of {postfile.name}: {exc!r}") from exc


def _w3_blocks(raw: bytes) -> Iterator[tuple[bytes, int, bool]]:
    """Each block of a term's postings: (its data, its count, whether it is compressed)."""
    stream = io.BytesIO(raw)
    at = 4
    while True:
        (size,) = _BLOCK_LENGTH.unpack_from(raw, at)
        following = at + _BLOCK_LENGTH.size + abs(size)
        stream.seek(at + _BLOCK_LENGTH.size)
        count, _maxid, _maxweight, compression, _minlength, _maxlength = pickle.load(stream)
        yield raw[stream.tell() : following], count, bool(compression)
        if size < 0:
            return
        at = following


def _blocks_of(reader: Any, field: str, text: str) -> Iterator[tuple[Ids, Weights, Docnums]]:
    """``posting_blocks`` through Whoosh's reader calls (the term looked up twice)."""
    if (field, text) not in reader:
        return
    matcher = reader.postings(field, text)
    deleted = _NONE_DELETED
    if isinstance(matcher, FilterMatcher):
        matcher, deleted = matcher.child, _deleted(reader.deleted_docs_set)
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids = np.asarray(matcher._ids, dtype=np.int64)
        yield ids, np.asarray(matcher._weights, dtype=np.float32), deleted
        matcher._next_block()


_LENGTHS = [0, *(byte_to_length(b) for b in range(1, 256))]  # a length byte → the length


def field_lengths(reader: Any, fieldname: str) -> list[int]:
    """Every document's length in ``fieldname`` in one segment, its column read as one
    run of bytes (Whoosh 2.7's ``W3PerDocReader.doc_field_length`` reads one document's
    byte at a time: a tenth of a second per field of the real corpus at a server's
    start). 0 where it gives None or its default (no terms, no column)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:  # not a segment of Whoosh 3's codec (an empty index)
        return [reader.doc_field_length(n, fieldname, 0) or 0 for n in range(count)]
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return [0] * count
    raw = column._dbfile.get(column._basepos, min(column._count, count))
    return [_LENGTHS[b] for b in raw] + [0] * (count - len(raw))


def column_values(reader: Any, fieldname: str) -> list[Any]:
    """Every document's value of ``fieldname``'s column in one segment, as
    ``reader.column_reader(fieldname)[n]`` gives it for each ``n``, the column's bytes
    read in one piece (one read per document was two thirds of a searcher's start at
    20× the corpus: the keys and the priors)."""
    field = reader.schema[fieldname]
    count = reader.doc_count_all()
    inner = reader.column_reader(fieldname, translate=False)
    values: list[Any]
    if isinstance(inner, VarBytesColumn.Reader):
        offsets, lengths = inner._offsets, inner._lengths
        end = offsets[-1] + lengths[-1] if len(offsets) else 0
        raw = inner._dbfile.get(inner._basepos, end)
        values = [raw[o : o + n] for o, n in zip(offsets, lengths, strict=True)]
    elif isinstance(inner, NumericColumn.Reader) and not inner._reverse:
        numbers = array(
            inner._typecode, inner._dbfile.get(inner._basepos, inner._count * inner._fixedlen)
        )
        if sys.byteorder == "little":  # Whoosh packs them big-endian ("!")
            numbers.byteswap()
        values = list(numbers)
    else:
        values = list(inner)
    values += [inner[n] for n in range(len(values), count)]  # the default, past its end
    return _converted(field, values[:count])


class ColumnBytes:
    """``reader.column_reader(fieldname, translate=False)[docnum]`` of a ``VarBytesColumn``
    (the quotes), one slice of the segment's map (Whoosh's: four objects and the file
    layers a value); a segment not mapped, or another column, by Whoosh's reader."""

    def __init__(self, reader: Any, fieldname: str) -> None:
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        self._starts = [offset for _leaf, offset in leaves]
        self._parts: list[tuple[mmap.mmap, int, Any, Any] | Any] = []
        for leaf, _offset in leaves:
            inner = leaf.column_reader(fieldname, translate=False)
            mapped = _mapped(inner._dbfile) if isinstance(inner, VarBytesColumn.Reader) else None
            if mapped is None:
                self._parts.append(inner)
            else:
                buf, base = mapped
                self._parts.append((buf, base + inner._basepos, inner._offsets, inner._lengths))

    def __getitem__(self, docnum: int) -> bytes:
        n = bisect.bisect_right(self._starts, docnum) - 1
        part = self._parts[n]
        docnum -= self._starts[n]
        if not isinstance(part, tuple):
            return bytes(part[docnum])
        buf, base, offsets, lengths = part
        length = lengths[docnum]
        if not length:
            return b""
        at = int(base + offsets[docnum])
        value: bytes = buf[at : at + length]
        return value


def _converted(field: Any, values: list[Any]) -> list[Any]:
    """``field.from_column_value`` of each value, in one comprehension for the two kinds
    a searcher reads at start (text and whole numbers: a call per value per document was
    a fifth of a 20× build's opening); any other field value by value."""
    kind = type(field)
    if kind.from_column_value is FieldType.from_column_value and (
        kind.from_bytes is FieldType.from_bytes
    ):
        return [bytes(v).decode("utf-8") for v in values]
    if isinstance(field, NUMERIC) and field.numtype is int and not field.decimal_places:
        shift = 1 << (field.bits - 1) if field.signed else 0  # whoosh.util.numeric.from_sortable
        return [v - shift for v in values]
    return [field.from_column_value(v) for v in values]
