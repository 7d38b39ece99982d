"""nginx for the cache benchmark and the failover test: the shipped config, rendered.

`deploy/nginx.conf` is the one nginx configuration the project ships. `render_deploy`
turns it into one that runs on loopback under a temporary prefix, changing only:

  * `user` (root's own when run as root, else none: nginx then runs as its caller);
  * `worker_processes` (when asked: the benchmark pins 1, as its baseline has);
  * `listen 80;` → 127.0.0.1 and a free port;
  * the `server lingodocs:8000 …;` upstream line → one line a replica, same parameters;
  * /var/cache/nginx, /var/log/nginx and /run → under the prefix;
  * `access_log` → off, when asked (the benchmark: its baseline logs nothing).

Each of those must be found in the file (else `BenchError`), so an edit that moves
one fails loudly instead of testing something else. The rest (cache key, Vary,
failover, limits, problem bodies) is run as shipped.

The benchmark's baseline is a second nginx (`render_static`): the same JSON bodies as
static files, picked by an exact `map` of the Accept-Language strings used in the mix.

Cache key: `$request_method|$host|$request_uri|$http_accept_language|$lingodocs_gzip`
(the raw header, and whether the client takes gzip). See bench/README.md.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.config import ROOT
from bench.procs import HOST, BenchError, Procs, Spawned, wait_ready

NGINX = "/usr/sbin/nginx"
DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
READY_PATH = "/__nginx_ready"  # answered by nginx itself (deploy/nginx.conf)
UPSTREAM = re.compile(r"^(?P<indent>[ \t]*)server lingodocs:8000(?P<params>[^;]*);.*$", re.M)


@dataclass(frozen=True, slots=True)
class NginxPorts:
    cache: int
    static: int
    origin: int


def binary() -> str | None:
    """Debian's nginx (or one on PATH), or None when there is none."""
    if Path(NGINX).exists():
        return NGINX
    return shutil.which("nginx")


def _swap(text: str, old: str, new: str) -> str:
    if old not in text:
        raise BenchError(f"{DEPLOY_CONF}: {old!r} not found; update bench/nginx.py")
    return text.replace(old, new)


def render_deploy(
    prefix: Path,
    listen: int,
    upstreams: Sequence[int],
    *,
    workers: int | None = None,
    access_log: bool = True,
) -> str:
    """deploy/nginx.conf for 127.0.0.1:`listen` in front of replicas on `upstreams`."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    user = "user root root;" if os.geteuid() == 0 else "# user: the caller's"
    text = _swap(text, "user nginx;", user)
    if workers is not None:
        text = _swap(text, "worker_processes auto;", f"worker_processes {workers};")
    text = _swap(text, "listen 80;", f"listen {HOST}:{listen};")
    found = UPSTREAM.search(text)
    if found is None or not upstreams:
        raise BenchError(f"{DEPLOY_CONF}: no `server lingodocs:8000` line to replace")
    lines = "\n".join(
        f"{found['indent']}server {HOST}:{port}{found['params']};" for port in upstreams
    )
    text = text[: found.start()] + lines + text[found.end() :]
    if not access_log:
        text = _swap(text, "access_log /var/log/nginx/access.log lingodocs;", "access_log off;")
    text = _swap(text, "/var/cache/nginx/", f"{prefix}/cache/")
    text = _swap(text, "/var/log/nginx/", f"{prefix}/")
    return _swap(text, "/run/nginx.pid", f"{prefix}/nginx.pid")


def command(prefix: Path, conf: Path) -> list[str]:
    """nginx in the foreground on `conf`, its prefix and error log under `prefix`."""
    found = binary()
    if found is None:
        raise BenchError("nginx not found: apt-get install -y nginx-light")
    return [found, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]


def write_config(prefix: Path, text: str, name: str = "nginx.conf") -> list[str]:
    """Write `text` under `prefix`, check it with `nginx -t`; the command that runs it."""
    (prefix / "cache").mkdir(parents=True, exist_ok=True)
    conf = prefix / name
    conf.write_text(text, encoding="utf-8")
    base = command(prefix, conf)
    test = subprocess.run([*base, "-t"], capture_output=True, text=True, timeout=30)
    if test.returncode != 0:
        raise BenchError(f"nginx -t failed: {test.stderr.strip()}")
    return [*base, "-g", "daemon off;"]


def _map_entries(accept: Mapping[str, str]) -> str:
    return "\n".join(f'        "{header}" {loc};' for header, loc in accept.items())


def render_static(prefix: Path, port: int, accept: Mapping[str, str]) -> str:
    """The baseline: one nginx worker serving the origin's JSON bodies as files."""
    user = "user root root;" if os.geteuid() == 0 else ""
    temp = prefix / "cache"
    return f"""
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    types {{ application/json json; }}
    default_type application/json;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 10000;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;

    map $http_accept_language $bench_lang {{
        default en;
{_map_entries(accept)}
    }}

    server {{
        listen {HOST}:{port};
        root {prefix}/static;
        location = {READY_PATH} {{ return 200 "ok\\n"; }}
        location ~ ^/api/v1/methods/([A-Z]+)$ {{
            add_header Content-Language $bench_lang;
            add_header Vary Accept-Language;
            add_header Cache-Control "public, max-age=300";
            try_files /methods/$1.$bench_lang.json =404;
        }}
    }}
}}
"""


def write_static(prefix: Path, bodies: Mapping[str, Mapping[str, str]]) -> None:
    """bodies[method][locale] -> static/methods/METHOD.locale.json."""
    root = prefix / "static" / "methods"
    root.mkdir(parents=True, exist_ok=True)
    for method, per_locale in bodies.items():
        for loc, body in per_locale.items():
            (root / f"{method}.{loc}.json").write_text(body, encoding="utf-8")


def start(
    procs: Procs,
    prefix: Path,
    ports: NginxPorts,
    accept: Mapping[str, str],
    bodies: Mapping[str, Mapping[str, str]],
) -> tuple[Spawned, Spawned]:
    """The shipped config in front of the origin, and the static baseline: two nginx
    processes of one worker each, checked (`nginx -t`), in the foreground."""
    cache_prefix, static_prefix = prefix / "cache-nginx", prefix / "static-nginx"
    subject = write_config(
        cache_prefix,
        render_deploy(cache_prefix, ports.cache, [ports.origin], workers=1, access_log=False),
    )
    write_static(static_prefix, bodies)
    baseline = write_config(static_prefix, render_static(static_prefix, ports.static, accept))
    started = []
    for name, cmd, port in (
        ("nginx-cache", subject, ports.cache),
        ("nginx-static", baseline, ports.static),
    ):
        item = procs.spawn(name, cmd, port=port)
        started.append(item)
        wait_ready(item, READY_PATH, timeout=20)
    return started[0], started[1]
