"""A response's head and body in one write (service.web.onewrite), over a real socket."""

from __future__ import annotations

import asyncio
import socket

from service.web.onewrite import OneWrite

HEAD = b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n"


async def _peer_reads(wrapped: bool, body: bytes | None) -> bytes:
    """What the other end of a connection reads when a response's head is written, then
    its body (or, ``None``, the worker dies first: the connection is aborted)."""
    loop = asyncio.get_running_loop()
    ours, theirs = socket.socketpair()
    transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, ours)
    writer = OneWrite(transport, loop) if wrapped else transport  # type: ignore[arg-type]
    writer.write(HEAD)
    if body is None:
        transport.abort()
    else:
        writer.write(body)
        await asyncio.sleep(0)
        transport.close()
    await asyncio.sleep(0.05)  # the held head's turn of the loop has passed
    theirs.settimeout(5)
    data = b""
    while chunk := theirs.recv(4096):
        data += chunk
    theirs.close()
    return data


def test_a_worker_dying_between_head_and_body_sends_nothing() -> None:
    assert asyncio.run(_peer_reads(False, None)) == HEAD  # uvicorn's own: a head alone
    assert asyncio.run(_peer_reads(True, None)) == b""  # a proxy may try the next replica


def test_a_whole_response_arrives_whole() -> None:
    assert asyncio.run(_peer_reads(True, b"body")) == HEAD + b"body"


STREAM = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"


async def _read_after(written: list[bytes], wait: float, close: bool = False) -> bytes:
    """What the peer has read ``wait`` seconds after these writes (and a close)."""
    loop = asyncio.get_running_loop()
    ours, theirs = socket.socketpair()
    transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, ours)
    writer = OneWrite(transport, loop)
    for data in written:
        writer.write(data)
    if close:
        writer.close()
    await asyncio.sleep(wait)
    theirs.setblocking(False)
    try:
        got = theirs.recv(4096)
    except BlockingIOError:
        got = b"(nothing yet)"
    transport.close()
    theirs.close()
    return got


def test_a_stream_head_without_a_body_in_the_same_turn_is_written_on_its_own() -> None:
    assert asyncio.run(_read_after([STREAM], 0.05)) == STREAM  # a stream that waits


def test_a_head_with_a_length_waits_for_its_body() -> None:
    assert asyncio.run(_read_after([HEAD], 0.05)) == b"(nothing yet)"  # a file read, say

    async def later_body() -> bytes:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair()
        transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, ours)
        writer = OneWrite(transport, loop)
        writer.write(HEAD)
        await asyncio.sleep(0.05)  # turns of the loop pass
        writer.write(b"body")
        await asyncio.sleep(0.05)
        theirs.settimeout(5)
        got = theirs.recv(4096)
        transport.close()
        theirs.close()
        return got

    assert asyncio.run(later_body()) == HEAD + b"body"


def test_a_connection_closed_with_a_held_head_sends_nothing_of_it() -> None:
    assert asyncio.run(_read_after([HEAD], 0.05, close=True)) == b""  # closed: EOF, no head
