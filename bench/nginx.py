"""nginx for the cache benchmark: generated config, temp prefix, non-daemon process.

One nginx serves two loopback ports:
  * `cache_port`: proxy_cache in front of `lingodocs serve` (the subject);
  * `static_port`: the same JSON bodies as static files (the baseline), picked
    by an exact `map` of the Accept-Language strings used in the mix.

Cache key: `$request_method|$host|$request_uri|$http_accept_language` (the raw
header). The origin's answer is a function of the URI and that header only, so
this key is correct by construction and agrees with the origin's
`Vary: Accept-Language` (nginx keeps one variant per key; a normalised key would
make variants with different raw headers evict each other unless Vary were
ignored). The cost is one cache entry per distinct header string, which is
small. See bench/README.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.procs import HOST, BenchError, Procs, Spawned, wait_ready

NGINX = "/usr/sbin/nginx"
READY_PATH = "/__nginx_ready"


@dataclass(frozen=True, slots=True)
class NginxPorts:
    cache: int
    static: int
    origin: int


def _map_entries(accept: Mapping[str, str]) -> str:
    return "\n".join(f'        "{header}" {loc};' for header, loc in accept.items())


def render_config(prefix: Path, ports: NginxPorts, accept: Mapping[str, str]) -> str:
    user = "user root root;" if os.geteuid() == 0 else ""
    temp = prefix / "tmp"
    return f"""
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ application/json json; }}
    default_type application/json;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    proxy_cache_path {prefix}/cache levels=1:2 keys_zone=lingodocs:10m max_size=256m
                     inactive=60m use_temp_path=off;

    upstream lingodocs {{
        server {HOST}:{ports.origin};
        keepalive 16;
    }}

    map $http_accept_language $bench_lang {{
        default en;
{_map_entries(accept)}
    }}

    server {{
        listen {HOST}:{ports.cache};
        location = {READY_PATH} {{ return 200 "ok\\n"; }}
        location / {{
            proxy_pass http://lingodocs;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_cache lingodocs;
            proxy_cache_key "$request_method|$host|$request_uri|$http_accept_language";
            proxy_cache_valid 200 10m;
            proxy_cache_lock on;
            proxy_cache_use_stale updating;
            proxy_cache_background_update on;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}

    server {{
        listen {HOST}:{ports.static};
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
) -> Spawned:
    """Write config and files under prefix, check the config, run nginx in the foreground."""
    if not Path(NGINX).exists() and shutil.which("nginx") is None:
        raise BenchError("nginx not found: apt-get install -y nginx-light")
    binary = NGINX if Path(NGINX).exists() else str(shutil.which("nginx"))
    for sub in ("tmp", "cache"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    write_static(prefix, bodies)
    conf = prefix / "nginx.conf"
    conf.write_text(render_config(prefix, ports, accept), encoding="utf-8")
    base = [binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    test = subprocess.run([*base, "-t"], capture_output=True, text=True, timeout=30)
    if test.returncode != 0:
        raise BenchError(f"nginx -t failed: {test.stderr.strip()}")
    item = procs.spawn("nginx", [*base, "-g", "daemon off;"], port=ports.static)
    wait_ready(item, READY_PATH, timeout=20)
    item.port = ports.cache
    wait_ready(item, READY_PATH, timeout=20)
    return item
