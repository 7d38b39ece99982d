"""The shipped ``deploy/nginx.conf``, run by Debian's nginx on 127.0.0.1 for the tests.

``bench.nginx.render_deploy`` changes only addresses, ports and paths (its docstring
lists them); everything else is the file as shipped. nginx runs in the foreground in
its own process group, with a bounded wait for it to answer, and is always ended (by
its group id) when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bench import nginx
from tests.servers import HOST, free_port

needs_nginx = pytest.mark.skipif(
    nginx.binary() is None, reason="nginx not installed (apt-get install -y nginx)"
)


@dataclass
class Proxy:
    port: int
    prefix: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def access_log(self) -> list[dict[str, object]]:
        """deploy/nginx.conf's JSON access log, one dict a request."""
        path = self.prefix / "access.log"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        return [json.loads(line) for line in lines if line.strip()]

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@contextlib.contextmanager
def nginx_in_front(prefix: Path, upstreams: Sequence[int]) -> Iterator[Proxy]:
    """deploy/nginx.conf on a free loopback port in front of ``upstreams``."""
    port = free_port()
    prefix.mkdir(parents=True, exist_ok=True)
    cmd = nginx.write_config(prefix, nginx.render_deploy(prefix, port, upstreams))
    with open(prefix / "stdout.log", "wb") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    proxy = Proxy(port, prefix)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, f"nginx exited:\n{proxy.error_log()[-2000:]}"
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{proxy.url}{nginx.READY_PATH}", timeout=2).status_code == 200:
                    break
            assert time.monotonic() < deadline, f"nginx not ready:\n{proxy.error_log()}"
            time.sleep(0.1)
        yield proxy
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # workers left behind, if any
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
