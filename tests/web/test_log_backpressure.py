"""A log nobody reads never stops the service (issue 16: it froze after ~400 requests).

A real server whose stdout and stderr are a pipe nobody reads: a pipe holds
64 KiB, and the access log fills that in about 600 requests. The server
keeps answering, ``/metrics`` counts the lines it dropped, and SIGTERM ends it
within the graceful-shutdown bound. :class:`~service.web.logwriter.LineWriter`
is also driven directly against a stalled pipe.
"""

from __future__ import annotations

import http.client
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.settings import Settings
from service.web import logwriter
from tests.conftest import CONTENT
from tests.servers import HOST, serve

REQUESTS = 800  # the old server froze at about 400


@pytest.fixture
def unread_pipe() -> Iterator[int]:
    """The writing end of a pipe whose reading end stays open and is never read."""
    read, write = os.pipe()
    try:
        yield write
    finally:
        os.close(write)
        os.close(read)


def dropped(body: bytes) -> dict[str, float]:
    for family in text_string_to_metric_families(body.decode()):
        if family.name == "lingodocs_log_lines_dropped":
            return {s.labels["log"]: s.value for s in family.samples}
    raise AssertionError("no lingodocs_log_lines_dropped_total in /metrics")


def test_a_server_whose_stdout_nobody_reads_keeps_serving(
    content_settings: Settings, tmp_path: Path, unread_pipe: int
) -> None:
    env = {"LINGODOCS_LOG_BUFFER": "16384"}
    with serve(
        content_settings.index, CONTENT, log=tmp_path / "unused.log", env=env, stdout=unread_pipe
    ) as server:
        client = http.client.HTTPConnection(HOST, server.port, timeout=10)
        for n in range(REQUESTS):
            client.request("GET", "/api/v1/methods/get" if n % 2 else "/healthz")
            response = client.getresponse()
            assert response.status == 200 and response.read(), n
        client.close()
        assert server.get("/healthz", timeout=5).status == 200
        lost = dropped(server.get("/metrics", timeout=5).body)
        assert lost["access"] > 0, lost
        started = time.monotonic()
        os.killpg(server.proc.pid, signal.SIGTERM)
        code = server.proc.wait(timeout=20)
        took = time.monotonic() - started
    assert code in (0, -signal.SIGTERM), code  # uvicorn ends by its signal once drained
    assert took < 10, f"SIGTERM took {took:.1f} s"


def test_a_line_writer_drops_and_counts_when_its_reader_stalls(
    unread_pipe: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Pipe:  # sys.stdout for the writer: the unread pipe
        def fileno(self) -> int:
            return unread_pipe

    monkeypatch.setattr("sys.stdout", Pipe())
    counted: list[int] = []
    writer = logwriter.LineWriter("stdout", capacity=100_000, dropped=counted.append)
    line = "x" * 99 + "\n"
    kept = sum(writer.put(line) for _ in range(10_000))  # 1 MB: the pipe takes 64 KiB
    assert kept < 10_000 and writer.dropped == 10_000 - kept == sum(counted)
    assert not writer.flush(timeout=0.2)  # the reader never comes: flush gives up
    writer.close(timeout=0.2)
