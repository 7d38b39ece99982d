"""What search quotes a hit from, one value per entry in a column of its own: the
entry's sections, its methods' descriptions and its word map (``wordmap.py``).

Whoosh keeps stored fields pickled and zlib-compressed, one blob per document:
reading a hit's was about 60 µs on the corpus, nine tenths of it inflating text
of which a snippet shows one section. This column keeps the same data as
MessagePack (``msgspec``, which decodes it in C) with no compression, read as one
slice of the mapped segment file; Whoosh merges and copies it with the segment,
as it does the key and prior columns.
"""

from __future__ import annotations

import msgspec
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN

from .readerrors import Unreadable

Section = tuple[str, str, str]  # (anchor, heading, text): the text starts with its heading


class Quote(msgspec.Struct, frozen=True, array_like=True):
    sections: tuple[Section, ...]  # the intro first
    methods: tuple[tuple[str, str], ...]  # (METHOD, description)
    where: str  # wordmap.word_map of the sections


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Quote)
EMPTY = Quote((("", "", ""),), (), "")


def quote_field() -> COLUMN:
    return COLUMN(VarBytesColumn())


def encode(quote: Quote) -> bytes:
    return _ENCODER.encode(quote)


def decode(raw: bytes) -> Quote:
    """An entry's quote (:data:`EMPTY` for an entry written with none); raises
    ``readerrors.Unreadable`` for bytes that are not one (a damaged segment)."""
    try:
        return _DECODER.decode(raw) if raw else EMPTY
    except msgspec.DecodeError as exc:
        raise Unreadable(f"a quote of {len(raw)} bytes: {exc}") from exc


Kept = tuple[Quote, int]  # a quote and about the bytes it holds, as a cache keeps it


def sized(quote: Quote, encoded: int) -> Kept:
    """A quote with about the bytes it holds: its text (about twice its encoded length:
    the strings and their objects), and a tuple per section or method."""
    return quote, 2 * encoded + 120 * (len(quote.sections) + len(quote.methods)) + 400


def kept_size(kept: Kept) -> int:
    return kept[1]
