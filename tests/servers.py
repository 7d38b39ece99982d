"""Real ``lingodocs serve`` processes on 127.0.0.1, for the tests that need a real server.

Each server is its own process group (uvicorn workers included), started
with a bounded wait for ``/healthz`` and always ended, by its id, when the
``with`` block ends. Requests go through :mod:`http.client` or a raw socket:
no client library smooths over what the server really sends.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def lingodocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "service.cli", *args]


def ingest(content: Path, root: Path) -> tuple[int, str, dict[str, object]]:
    """``lingodocs ingest --json`` of ``content`` into ``root``: its exit code, stderr
    and summary (empty when it failed)."""
    done = subprocess.run(
        lingodocs("ingest", "--content", str(content), "--index", str(root), "--json"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    summary = json.loads(done.stdout) if done.returncode == 0 else {}
    return done.returncode, done.stderr, summary


def built(content: Path, root: Path) -> str:
    """The build an ingest that must succeed made."""
    rc, err, summary = ingest(content, root)
    assert rc == 0, err
    return str(summary["build"])


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # names lower-cased; repeated headers joined with ", "
    body: bytes


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def get(
        self,
        path: str,
        headers: Mapping[str, str] | None = None,
        method: str = "GET",
        timeout: float = 10.0,
    ) -> Reply:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request(method, path, headers=dict(headers or {}))
            response = conn.getresponse()
            body = response.read()
            found: dict[str, str] = {}
            for name, value in response.getheaders():
                key = name.lower()
                found[key] = f"{found[key]}, {value}" if key in found else value
            return Reply(response.status, found, body)
        finally:
            conn.close()

    def raw(self, request: bytes, timeout: float = 10.0) -> Reply | None:
        """Send bytes as they are; the parsed reply, or None if the server cut us off."""
        with socket.create_connection((HOST, self.port), timeout=timeout) as sock:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(request)
            chunks = []
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if _complete(b"".join(chunks)):
                        break
            except ConnectionResetError:
                pass
        return parse_reply(b"".join(chunks))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip() or b"0")
    return False


def parse_reply(data: bytes) -> Reply | None:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Reply(status, headers, body)


@contextlib.contextmanager
def serve(
    index: Path,
    content: Path,
    *,
    workers: int = 1,
    log: Path,
    env: Mapping[str, str] | None = None,
    ready_timeout: float = 60.0,
    stdout: int | None = None,
    preexec_fn: Callable[[], object] | None = None,
) -> Iterator[Server]:
    """``lingodocs serve`` on a free port; stopped (SIGTERM, then SIGKILL) at the end.

    Its output goes to ``log``, or (``stdout``, a descriptor) wherever the test says;
    ``preexec_fn`` runs in the child before it starts (resource limits)."""
    port = free_port()
    environ = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            lingodocs(
                "serve",
                "--index",
                str(index),
                "--content",
                str(content),
                "--host",
                HOST,
                "--port",
                str(port),
                "--workers",
                str(workers),
            ),
            cwd=ROOT,
            env=environ,
            stdout=out if stdout is None else stdout,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=preexec_fn,
        )
    server = Server(proc, port, log)
    try:
        wait_ready(server, ready_timeout)
        yield server
    finally:
        stop(server)


def wait_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(f"server exited early:\n{server.output()[-3000:]}")
        try:
            if server.get("/readyz", timeout=2.0).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server not ready after {timeout} s:\n{server.output()[-3000:]}")


def stop(server: Server, timeout: float = 20.0) -> int:
    """SIGTERM to the server's process group; SIGKILL if it has not ended in time."""
    if server.alive():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.proc.wait(timeout)
    with contextlib.suppress(ProcessLookupError):  # workers left behind, if any
        os.killpg(server.proc.pid, signal.SIGKILL)
    return server.proc.wait(5)
