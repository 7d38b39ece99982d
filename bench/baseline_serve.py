"""Serve the bare baseline app: the framework alone, as `lingodocs serve` runs it.

The same uvicorn settings and, with several workers, the same listening
socket (bound as TCP, so responses are not held back by Nagle's algorithm),
but nothing the service adds: no access log (uvicorn's is off), no
middleware. What the service's own access log costs is measured apart (the
lookup section's `--access-log off` run of the service).

    python -m bench.baseline_serve HOST PORT WORKERS
"""

from __future__ import annotations

import sys

import uvicorn
from uvicorn.supervisors import Multiprocess

from service.web.serving import tcp_socket


def main(argv: list[str] | None = None) -> int:
    host, port, workers = (argv or sys.argv[1:])[:3]
    config = uvicorn.Config(
        "bench.baseline_app:app_from_env",
        factory=True,
        host=host,
        port=int(port),
        workers=int(workers),
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=10,
        access_log=False,  # bare: the service's log is part of what is measured
        log_level="warning",
    )
    if int(workers) > 1:
        Multiprocess(config, sockets=[tcp_socket(host, int(port))]).run()
    else:
        uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
