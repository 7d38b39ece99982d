"""Serve the bare baseline app the way `lingodocs serve` serves the service.

Same uvicorn settings and, with several workers, the same listening socket
(bound as TCP, so responses are not held back by Nagle's algorithm):

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
    )
    if int(workers) > 1:
        Multiprocess(config, sockets=[tcp_socket(host, int(port))]).run()
    else:
        uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
