"""Posting blocks read without their positions (service.index.postblocks) against
Whoosh's own reading: the same docnums and weights, for blocks made as Whoosh makes
them and for every term of real builds."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from whoosh.reading import TermNotFound

from service.index import postblocks
from service.index.catalog import Catalog
from service.index.internals import _mapped, posting_blocks, term_info
from service.settings import Settings
from tests.builds_of import BOTH, opened


def whoosh_block(ids: list[int], weights: list[float], positions: list[bytes]) -> bytes:
    """A block's pickle as ``W3PostingsWriter._write_block`` makes it (its ``_mini_*``)."""
    deltas = [b - a for a, b in zip([0, *ids], ids, strict=False)]
    mini: Any = tuple(weights)
    if all(w == 1.0 for w in weights):
        mini = None
    elif all(w == weights[0] for w in weights):
        mini = weights[0]
    return pickle.dumps((tuple(deltas), mini, tuple(positions)), 2)


def _ids(start: int, gaps: list[int]) -> list[int]:
    out = [start]
    for gap in gaps:
        out.append(out[-1] + gap)
    return out


# (name, docnums, weights, read off the head: not unpickled whole)
BLOCKS = [
    ("small gaps", _ids(3, [1, 2, 1, 7] * 32), [1.0, 2.0, 3.0, 1.5, 4.0] * 25 + [2.0] * 4, True),
    ("first docnum past 255", _ids(40_000, [1] * 127), [2.0, 1.0] * 64, True),
    ("gaps of 256 and more", _ids(5, [300, 1, 70_000, 2, 255, 256]), [1.0, 2.0] * 3 + [5.0], True),
    ("every weight 1", _ids(9, [4] * 20), [1.0] * 21, True),
    ("one weight for all", _ids(9, [4] * 20), [2.5] * 21, True),
    ("four postings", [1, 2, 3, 4], [1.0, 2.0, 1.0, 3.0], True),
    ("three postings", [1, 2, 300], [1.0, 2.0, 1.0], False),  # TUPLE3, no MARK
    ("one posting", [70_000], [3.0], False),
    ("a docnum past BININT", _ids(2**31 + 5, [1, 2, 3, 4]), [1.0] * 4 + [2.0], False),  # LONG1
]


@pytest.mark.parametrize(("name", "ids", "weights", "fast"), BLOCKS, ids=[b[0] for b in BLOCKS])
@pytest.mark.parametrize("compressed", [True, False])
def test_block_read_as_whoosh_reads_it(
    name: str, ids: list[int], weights: list[float], fast: bool, compressed: bool
) -> None:
    positions = [bytes(range(n % 7 + 1)) * 3 for n in range(len(ids))]
    raw = whoosh_block(ids, weights, positions)
    data = zlib.compress(raw, 3) if compressed else raw
    docnums, read = postblocks.block(data, len(ids), compressed)
    assert docnums.tolist() == ids, name
    assert read.dtype == np.float32
    assert read.tolist() == np.asarray(weights, dtype=np.float32).tolist(), name
    head = zlib.decompress(data) if compressed else data
    assert (postblocks._head(head, len(ids)) is not None) == fast, name


@pytest.mark.parametrize(
    "shapes",
    [
        ["small gaps", "first docnum past 255", "four postings"],  # all in the common shape
        [b[0] for b in BLOCKS],  # and every other
        ["one posting"],
    ],
    ids=["common", "mixed", "one"],
)
def test_a_terms_blocks_read_together_as_each_alone(shapes: list[str]) -> None:
    """``term`` reads the blocks of the common shape as one run of bytes: the same
    docnums and weights as each block read alone, in the blocks' order."""
    chosen = [b for name in shapes for b in BLOCKS if b[0] == name]
    blocks = [
        (zlib.compress(whoosh_block(ids, weights, [b"xy"] * len(ids)), 3), len(ids), True)
        for _name, ids, weights, _fast in chosen
    ]
    docnums, weights = postblocks.term(iter(blocks))
    assert docnums.tolist() == [n for _name, ids, _w, _f in chosen for n in ids]
    expected = [w for _name, _ids, ws, _f in chosen for w in ws]
    assert weights.tolist() == np.asarray(expected, dtype=np.float32).tolist()


def test_a_block_not_in_the_shape_is_read_whole() -> None:
    """A pickle the opcodes' reading does not know (here: a list, not a tuple) is
    unpickled whole, with the same result as Whoosh's ``loads``."""
    raw = pickle.dumps(([1, 1, 1, 1], (1.0, 2.0, 1.0, 2.0), (b"a",) * 4), 2)
    assert postblocks._head(raw, 4) is None
    docnums, weights = postblocks.block(raw, 4, False)
    assert docnums.tolist() == [1, 2, 3, 4]
    assert weights.tolist() == [1.0, 2.0, 1.0, 2.0]


def whoosh_postings(reader: Any, field: str, text: str) -> tuple[list[int], list[float]]:
    """Every posting of a term in one segment as Whoosh's matcher reads them."""
    matcher = reader.postings(field, text)
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def every_term(catalog: Catalog) -> Iterator[tuple[Any, str, str]]:
    reader = catalog.whoosh.reader()
    for leaf, _offset in reader.leaf_readers():
        for name in leaf.schema.names():
            if name.startswith(("text_", "head_", "desc_")):
                for text in leaf.lexicon(name):
                    yield leaf, name, text.decode("utf-8")


@pytest.fixture(scope="module", params=BOTH)
def catalog(request: pytest.FixtureRequest, content_settings: Settings) -> Iterator[Catalog]:
    with opened(request, content_settings) as found:
        yield found


def test_every_terms_postings_are_whooshs(catalog: Catalog) -> None:
    """Every term of every text field, in every segment: the blocks read here hold the
    docnums and weights Whoosh's matcher gives, one document at a time."""
    terms = 0
    for leaf, field, text in every_term(catalog):
        blocks = list(posting_blocks(leaf, field, text))
        ids = np.concatenate([b[0] for b in blocks]).tolist()
        weights = np.concatenate([b[1] for b in blocks]).tolist()
        assert (ids, weights) == whoosh_postings(leaf, field, text), (field, text)
        terms += 1
    assert terms > 100


def test_terms_looked_up_as_whoosh_looks_them_up(catalog: Catalog) -> None:
    """``internals.term_info`` (the hash table probed in the segment's map) finds every
    term Whoosh's ``term_info`` finds, with the same info, and no term it does not."""
    found = missing = 0
    for leaf, field, text in every_term(catalog):
        terms = leaf._terms
        assert _mapped(terms._tindex.dbfile) is not None  # probed here, not by Whoosh
        for tbytes in (text.encode("utf-8"), f"{text}zq".encode(), text[:-1].encode("utf-8")):
            ours = term_info(terms, field, tbytes)
            try:
                theirs = terms.term_info(field, tbytes)
            except TermNotFound:
                assert ours is None, (field, tbytes)
                missing += 1
                continue
            assert ours is not None, (field, tbytes)
            assert vars(ours) == vars(theirs), (field, tbytes)
            found += 1
    assert found > 100 and missing > 100
