"""What a connection may cost a real server: slow heads, idle sockets, a cap, head bytes.

Raw sockets against real ``lingodocs serve`` processes (issue 16: 500 drip-fed
connections were never closed; 1,100 idle ones against a 1,024-descriptor limit
stopped the service with a traceback per accept; 300 partial 1.9 MiB heads held
720 MB). Every wait is for a condition, bounded.
"""

from __future__ import annotations

import contextlib
import json
import re
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.settings import Settings
from service.web import edge
from tests.conftest import CONTENT
from tests.servers import HOST, Server, parse_reply, serve

HEAD = b"GET /api/v1/methods/get HTTP/1.1\r\nHost: 127.0.0.1\r\n"


OPENED: list[socket.socket] = []  # every test's client sockets, closed after it


@pytest.fixture(autouse=True)
def _close_sockets() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().close()


def connect(server: Server, rcvbuf: int | None = None) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    OPENED.append(sock)
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(10)
    sock.connect((HOST, server.port))
    return sock


def until_closed(sock: socket.socket, timeout: float = 10.0) -> bytes:
    """Everything the server sends until it closes the connection (bounded wait)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    except TimeoutError:
        raise AssertionError(f"still open after {timeout} s; got {data[:200]!r}") from None
    return data


def one_reply(sock: socket.socket) -> bytes:
    """One whole response (by its Content-Length), the connection left open."""
    data = b""
    while True:
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head + b"\r\n")
            if length is not None and len(body) >= int(length.group(1)):
                return data
        chunk = sock.recv(65536)
        assert chunk, f"closed before a whole response: {data[:200]!r}"
        data += chunk


def closed_now(sock: socket.socket) -> bool:
    """Whether the server has closed it (EOF or reset waiting), without waiting."""
    sock.setblocking(False)
    try:
        return sock.recv(65536, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True
    finally:
        sock.setblocking(True)


def figures(server: Server) -> dict[str, float]:
    """``/metrics`` samples by name and labels, e.g. ``closed{reason="evicted"}``."""
    reply = server.get("/metrics")
    assert reply.status == 200
    found = {}
    for family in text_string_to_metric_families(reply.body.decode()):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}"] = sample.value
    return found


@pytest.fixture(scope="module")
def quick(content_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Short timeouts: a second for a head, a second of keep-alive."""
    log = tmp_path_factory.mktemp("quick") / "serve.log"
    env = {"LINGODOCS_HEADER_TIMEOUT": "1", "LINGODOCS_KEEPALIVE_TIMEOUT": "1"}
    with serve(content_settings.index, CONTENT, log=log, env=env) as server:
        yield server


@pytest.fixture(scope="module")
def capped(
    content_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """At most 8 connections, and a minute for a head (so only the cap closes them)."""
    log = tmp_path_factory.mktemp("capped") / "serve.log"
    env = {"LINGODOCS_MAX_CONNECTIONS": "8", "LINGODOCS_HEADER_TIMEOUT": "60"}
    with serve(content_settings.index, CONTENT, log=log, env=env) as server:
        yield server


def test_a_head_dripped_a_byte_at_a_time_is_cut_off(quick: Server) -> None:
    before = figures(quick)
    drips = [connect(quick) for _ in range(5)]
    silent = connect(quick)
    after_a_response = connect(quick)  # keep-alive: one answer, then a head that never ends
    after_a_response.sendall(HEAD + b"\r\n")
    stop = threading.Event()

    def drip() -> None:
        slow = HEAD + b"X-Slow: " + b"s" * 400
        for i in range(len(slow)):
            for sock in drips:
                with contextlib.suppress(OSError):
                    sock.send(slow[i : i + 1])
            if stop.wait(0.05):
                return

    dripper = threading.Thread(target=drip)
    dripper.start()
    try:
        first = parse_reply(one_reply(after_a_response))
        assert first is not None and first.status == 200
        after_a_response.sendall(HEAD[:20])
        for sock in drips:
            reply = parse_reply(until_closed(sock))
            assert reply is not None and reply.status == 408, reply
            assert reply.headers["content-type"] == "application/problem+json"
            assert json.loads(reply.body)["status"] == 408
        assert until_closed(silent) == b""  # never began a request: closed, nothing said
        reply = parse_reply(until_closed(after_a_response))
        assert reply is not None and reply.status == 408, reply
        assert json.loads(reply.body)["type"].endswith("request-timeout")
    finally:
        stop.set()
        dripper.join(10)
    after = figures(quick)
    timed_out = 'lingodocs_connections_closed_total{reason="header_timeout"}'
    assert after[timed_out] - before.get(timed_out, 0) >= 7
    assert quick.get("/healthz").status == 200


def test_an_idle_keep_alive_connection_is_closed_and_counted(quick: Server) -> None:
    before = figures(quick)
    sock = connect(quick)
    sock.sendall(HEAD + b"\r\n")
    data = until_closed(sock)
    assert data.startswith(b"HTTP/1.1 200 ")
    name = 'lingodocs_connections_closed_total{reason="keepalive_timeout"}'
    assert figures(quick)[name] - before.get(name, 0) >= 1


def test_over_the_cap_the_idlest_connection_makes_room(capped: Server) -> None:
    before = figures(capped)
    opened = [connect(capped) for _ in range(20)]
    deadline = time.monotonic() + 10  # the server has taken them all in when 12 are closed
    while sum(map(closed_now, opened)) < 12:
        assert time.monotonic() < deadline, [closed_now(sock) for sock in opened]
        time.sleep(0.02)
    assert [closed_now(sock) for sock in opened] == [True] * 12 + [False] * 8  # idlest first
    assert capped.get("/healthz").status == 200  # a newcomer is served
    evicted = 'lingodocs_connections_closed_total{reason="evicted"}'
    assert figures(capped)[evicted] - before.get(evicted, 0) >= 13
    for sock in opened:
        sock.close()


def test_when_every_connection_is_in_a_request_a_new_one_gets_503(capped: Server) -> None:
    """Eight clients that pipeline big responses and never read keep all eight busy."""
    stuck = []
    for _ in range(8):
        sock = connect(capped, rcvbuf=4096)
        sock.sendall(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n" * 400)
        assert sock.recv(1)  # its requests are being answered
        stuck.append(sock)
    try:
        deadline = time.monotonic() + 10  # connections the earlier tests closed may linger
        while True:
            with connect(capped) as probe:
                probe.sendall(HEAD + b"Connection: close\r\n\r\n")
                reply = parse_reply(until_closed(probe))
            assert reply is not None, "no answer"
            if reply.status != 200 or time.monotonic() > deadline:
                break
        assert reply.status == 503, reply
        assert reply.headers["retry-after"] == "1"
        assert reply.headers["content-type"] == "application/problem+json"
        assert "all in a request" in json.loads(reply.body)["detail"]
    finally:
        for sock in stuck:
            sock.close()
    deadline = time.monotonic() + 10  # the busy ones gone, it serves again
    while (answer := capped.raw(HEAD + b"Connection: close\r\n\r\n")) is None or (
        answer.status != 200
    ):
        assert time.monotonic() < deadline, answer
        time.sleep(0.05)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_heads_over_the_read_limit_get_431_and_hold_no_memory(quick: Server) -> None:
    """300 connections each sending 1.9 MiB of a head that never ends (issue 16: 720 MB)."""
    base = rss_mb(quick.proc.pid)
    head = HEAD + b"X-Big: " + b"b" * (1900 * 1024)
    socks = []
    for _ in range(300):
        sock = connect(quick)
        sock.sendall(head)  # read to the end by the server, which keeps none of it
        socks.append(sock)
    grown = rss_mb(quick.proc.pid) - base
    for sock in socks:
        reply = parse_reply(until_closed(sock))
        assert reply is not None and reply.status == 431, reply
        assert json.loads(reply.body)["status"] == 431
        sock.close()
    assert grown < 100, f"the server grew by {grown:.0f} MB"
    long_url = b"GET /" + b"u" * (edge.MAX_HEAD_READ + 10)
    with connect(quick) as sock:
        sock.sendall(long_url)
        reply = parse_reply(until_closed(sock))
    assert reply is not None and reply.status == 414, reply


def test_more_connections_than_descriptors(content_settings: Settings, tmp_path: Path) -> None:
    """A 256-descriptor limit and 400 idle connections: still served, no traceback."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    log = tmp_path / "serve.log"
    with serve(content_settings.index, CONTENT, log=log, preexec_fn=limit) as server:
        idle = [connect(server) for _ in range(400)]
        try:
            for _ in range(20):
                assert server.get("/healthz", timeout=10).status == 200
            found = figures(server)
            assert found['lingodocs_connections_closed_total{reason="evicted"}'] >= 150
            assert found["lingodocs_connections{}"] <= 256
        finally:
            for sock in idle:
                sock.close()
        output = server.output()
    assert "Traceback" not in output, output[-3000:]
    assert "at most" in output and "connections a worker" in output  # the cap was lowered
    assert len(output) < 20_000, f"{len(output)} bytes of log"


ACCEPTING = """
import asyncio, os, resource, socket, sys
from service.web import serving
from service.web.figures import SERVER

async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(serving.quiet_accept_errors)
    server = await loop.create_server(asyncio.Protocol, "127.0.0.1", 0)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    held = []
    try:
        while True:
            held.append(os.dup(0))
    except OSError:
        pass
    print(server.sockets[0].getsockname()[1], flush=True)
    go = asyncio.Event()
    loop.add_reader(sys.stdin.fileno(), go.set)
    await go.wait()  # the clients have connected
    failed = lambda: SERVER.get_sample_value("lingodocs_accept_errors_total")
    while failed() < 100:
        await asyncio.sleep(0.05)
    print("failed accepts", int(failed()), flush=True)

asyncio.run(main())
"""


def test_out_of_descriptors_an_accept_is_one_line_a_burst_not_a_traceback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", ACCEPTING],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        port = int(proc.stdout.readline())
        clients = [socket.create_connection((HOST, port), timeout=5) for _ in range(30)]
        proc.stdin.write("go\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=30)
        for sock in clients:
            sock.close()
    finally:
        proc.kill()
        proc.wait()
    assert "failed accepts" in out, err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) <= 2 and "cannot accept connections" in lines[0], err[-2000:]
