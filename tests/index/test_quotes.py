"""What a hit is quoted from (``index.quotes``): one MessagePack value per entry, in a
column of its own; bytes that are not one are a damaged build, not a server error."""

from __future__ import annotations

import pytest

from service.index.quotes import EMPTY, Quote, decode, encode
from service.index.readerrors import Unreadable, read_error


def test_a_quote_comes_back_as_it_was_written() -> None:
    quote = Quote(
        (("", "", "Intro text"), ("put", "PUT", "PUT\nReplaces the resource.")),
        (("PUT", "Replaces the resource."),),
        "\nreplac\t1:1\n",
    )
    assert decode(encode(quote)) == quote
    assert decode(b"") == EMPTY  # an entry written with no quote


@pytest.mark.parametrize("raw", [b"\xc1garbage", encode(EMPTY)[:-3], b"\x93\x01\x02\x03"])
def test_bytes_that_are_no_quote_are_a_damaged_build(raw: bytes) -> None:
    with pytest.raises(Unreadable) as caught:
        decode(raw)
    assert read_error(caught.value)  # answered 503 by the one handler, never 500
