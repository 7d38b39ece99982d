"""Start and stop servers on free loopback ports; readiness; RSS via /proc.

Every process is started in its own session so that it and its children
(uvicorn workers, nginx workers) can be ended together by its own group id.
`Procs` is a context manager that ends everything it started, always.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"


class BenchError(RuntimeError):
    """A measurement could not be taken, or a response was wrong."""


def end_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end a harness as Ctrl-C does, through its ``finally`` blocks:
    Python's default for them ends the process at once, and the servers it started in
    their own sessions (a baseline, nginx, replicas) would outlive it."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def http_get(
    port: int, path: str, headers: Mapping[str, str] | None = None, timeout: float = 10.0
) -> tuple[int, dict[str, str], bytes]:
    """One GET on 127.0.0.1 with a fresh connection; returns status, headers, body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=dict(headers or {}))
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    """Direct and indirect children of pid (from /proc/*/stat)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found.extend(kids)
        todo.extend(kids)
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """Current resident set of pid and all its descendants, in MB."""
    return sum(_status_kb(p, "VmRSS") for p in [pid, *_children(pid)]) / 1024.0


def tree_hwm_mb(pid: int) -> float:
    """Sum of each process's own peak RSS (VmHWM) over pid's tree, in MB."""
    return sum(_status_kb(p, "VmHWM") for p in [pid, *_children(pid)]) / 1024.0


class RssSampler:
    """Samples the tree RSS of a pid in a thread; `peak_mb` is the highest seen."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@dataclass
class Spawned:
    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    port: int = 0
    ready_s: float = 0.0  # from spawn to its first 200 on the readiness path (servers)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to this process's own group, then SIGKILL after `grace` s."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=grace)
        # Workers left behind in the group (the leader already gone).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)


@dataclass
class Procs:
    """Registry of spawned processes; leaving the `with` block stops them all."""

    logdir: Path
    spawned: list[Spawned] = field(default_factory=list)

    def spawn(
        self,
        name: str,
        cmd: Sequence[str],
        env: Mapping[str, str] | None = None,
        port: int = 0,
        cwd: Path | None = None,
    ) -> Spawned:
        self.logdir.mkdir(parents=True, exist_ok=True)
        log = self.logdir / f"{name}-{len(self.spawned)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                list(cmd),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **(env or {})},
                cwd=cwd,
                start_new_session=True,
            )
        item = Spawned(name, proc, log, port)
        self.spawned.append(item)
        return item

    def stop(self, item: Spawned) -> None:
        item.stop()
        if item in self.spawned:
            self.spawned.remove(item)

    def __enter__(self) -> Procs:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for item in reversed(self.spawned):
            item.stop()
        self.spawned.clear()


def wait_ready(item: Spawned, path: str = "/readyz", timeout: float = 120.0) -> float:
    """Poll GET path until 200; returns seconds waited. Raises if it dies or times out."""
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        if not item.alive():
            raise BenchError(
                f"{item.name} exited early (rc={item.proc.returncode}):\n" + item.log_tail()
            )
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _, _ = http_get(item.port, path, timeout=2.0)
            if status == 200:
                return time.monotonic() - start
        time.sleep(0.02)  # fine enough to time a server start
    raise BenchError(
        f"{item.name} not ready on port {item.port} after {timeout:.0f} s:\n" + item.log_tail()
    )


@dataclass(frozen=True, slots=True)
class Timed:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def run_timed(
    cmd: Sequence[str],
    env: Mapping[str, str] | None = None,
    timeout: float = 1800.0,
    cwd: Path | None = None,
) -> Timed:
    """Run a command to completion; wall time and peak RSS (wait4 and sampled tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,
    )
    chunks: list[bytes] = []
    reader = threading.Thread(
        target=lambda: chunks.append(proc.stdout.read() if proc.stdout else b""), daemon=True
    )
    reader.start()
    sampler = RssSampler(proc.pid)
    with sampler:
        deadline = start + timeout
        status = None
        rusage = None
        while status is None:
            pid, wstatus, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status, rusage = wstatus, ru
                break
            if time.perf_counter() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                os.waitpid(proc.pid, 0)
                raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}")
            time.sleep(0.01)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=10)
    # Descendants that outlived the leader (should be none).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    peak = max(sampler.peak_mb, (rusage.ru_maxrss if rusage else 0) / 1024.0)
    output = b"".join(chunks).decode(errors="replace")
    return Timed(seconds, peak, proc.returncode, output)


def _busy_seconds() -> tuple[float, float]:
    """(machine busy CPU seconds, this process's CPU seconds incl. reaped children)."""
    tick = float(os.sysconf("SC_CLK_TCK"))
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    machine = (user + nice + system + irq + softirq + steal) / tick
    own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    mine = sum(int(v) for v in own[11:15]) / tick  # utime stime cutime cstime
    return machine, mine


class Neighbours:
    """Share of the machine's CPU used by processes other than the harness and its children.

    Measured between `start()` and `share()`; children count once they are reaped
    (every server is stopped at the end of its section).
    """

    def __init__(self) -> None:
        self._t0 = time.monotonic()
        self._machine0, self._mine0 = _busy_seconds()

    def share(self) -> float:
        machine, mine = _busy_seconds()
        wall = (time.monotonic() - self._t0) * (os.cpu_count() or 1)
        others = (machine - self._machine0) - (mine - self._mine0)
        return max(0.0, others / wall) if wall > 0 else 0.0
