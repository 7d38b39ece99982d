"""The processes under test: `lingodocs ingest/serve` and the bare baseline app."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from bench.config import ROOT, Config
from bench.load import ACCEPT_MIX, LOCALES, METHODS
from bench.procs import (
    HOST,
    BenchError,
    Procs,
    Spawned,
    Timed,
    free_port,
    http_get,
    run_timed,
    wait_ready,
)

Bodies = dict[str, dict[str, str]]  # method -> locale -> JSON text


def ingest_cmd(cfg: Config, content: Path, index: Path, history: bool = True) -> list[str]:
    cmd = [*cfg.lingodocs(), "ingest", "--content", str(content), "--index", str(index)]
    if history and cfg.history is not None and content == cfg.corpus:
        cmd += ["--history", str(cfg.history)]
    return cmd


def ingest(cfg: Config, content: Path, index: Path, timeout: float = 3600.0) -> Timed:
    """Run `lingodocs ingest`; raises with its output when it fails."""
    timed = run_timed(ingest_cmd(cfg, content, index), timeout=timeout, cwd=ROOT)
    if timed.returncode != 0:
        tail = " | ".join(ln.strip() for ln in timed.output.strip().splitlines()[-3:])
        raise BenchError(f"lingodocs ingest {content.name} failed (rc={timed.returncode}): {tail}")
    return timed


def serve(
    procs: Procs,
    cfg: Config,
    content: Path,
    index: Path,
    workers: int = 1,
    timeout: float = 180.0,
    env: dict[str, str] | None = None,
) -> Spawned:
    port = free_port()
    cmd = [
        *cfg.lingodocs(),
        "serve",
        "--content",
        str(content),
        "--index",
        str(index),
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    item = procs.spawn(f"lingodocs-serve-w{workers}", cmd, env=env, port=port, cwd=ROOT)
    item.ready_s = wait_ready(item, "/readyz", timeout=timeout)
    return item


def baseline(procs: Procs, cfg: Config, fixture: Path, workers: int = 1) -> Spawned:
    """Bare FastAPI/uvicorn app, same host and worker count as the service."""
    port = free_port()
    # Served as `lingodocs serve` serves the service (bench/baseline_serve.py): the same
    # uvicorn settings and TCP socket for several workers, but no access log: bare.
    cmd = [cfg.python, "-m", "bench.baseline_serve", HOST, str(port), str(workers)]
    item = procs.spawn(
        f"baseline-w{workers}", cmd, env={"BENCH_FIXTURE": str(fixture)}, port=port, cwd=ROOT
    )
    wait_ready(item, "/readyz", timeout=60)
    return item


def capture_bodies(port: int) -> Bodies:
    """The service's own record for each method and locale (`?lang=`), checked."""
    bodies: Bodies = {}
    for method in METHODS:
        for loc in LOCALES:
            status, _, body = http_get(port, f"/api/v1/methods/{method}?lang={loc}")
            if status != 200:
                raise BenchError(f"/api/v1/methods/{method}?lang={loc} -> HTTP {status}")
            data = json.loads(body)
            if str(data.get("locale", ""))[:2] != loc:
                raise BenchError(f"/api/v1/methods/{method}?lang={loc} -> {data.get('locale')!r}")
            bodies.setdefault(method, {})[loc] = body.decode("utf-8")
    return bodies


def synthetic_bodies(size: int = 3000) -> Bodies:
    """Stand-in records (for trying the baselines without the service)."""
    bodies: Bodies = {}
    for method in METHODS:
        for loc in LOCALES:
            head = json.dumps({"method": method, "locale": loc, "text": ""})[:-2]
            bodies.setdefault(method, {})[loc] = head + "x" * max(0, size - len(head) - 2) + '"}'
    return bodies


HELP_LOOKUPS = 5  # field-help lookups in the mix (the Method field first, where there is one)


def capture_help(port: int) -> Bodies:
    """Field-help lookups as an editor makes them (``?app=…&module=…&field=…`` with the
    names it shows), found through the service's own app listing, of apps translated
    into every language (so each Accept-Language gets its own): query → locale → body."""
    queries: list[str] = []
    found: Bodies = {}
    _, _, listing = http_get(port, "/api/v1/apps?lang=en")
    for app in json.loads(listing)["apps"]:
        if len(queries) >= HELP_LOOKUPS:
            break
        _, _, body = http_get(port, f"/api/v1/apps/{app['app_id']}?lang=en")
        modules = [m for g in json.loads(body)["groups"] for m in g["modules"] if m["fields"]]
        if not modules:
            continue
        _, _, body = http_get(port, f"/api/v1/modules/{modules[-1]['module_id']}?lang=en")
        module = json.loads(body)
        labels = [f["label"] for f in module["fields"]]
        label = "Method" if "Method" in labels else labels[0]
        names = {"app": app["title"], "module": module["name"], "field": label}
        query = "?" + urllib.parse.urlencode(names)
        answers = {loc: http_get(port, f"/api/v1/help{query}&lang={loc}") for loc in LOCALES}
        if all(
            status == 200 and json.loads(body)["locale"] == loc
            for loc, (status, _, body) in answers.items()
        ):
            queries.append(query)
            found[query] = {loc: body.decode("utf-8") for loc, (_, _, body) in answers.items()}
    if not queries:
        raise BenchError("the service lists no app with fields: no help lookups to measure")
    return found


def write_fixture(
    path: Path,
    bodies: Bodies,
    accept: Mapping[str, str] | None = None,
    help_bodies: Bodies | None = None,
    search_bodies: dict[str, str] | None = None,
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "bodies": bodies,
        "help": help_bodies or {},
        "search": search_bodies or {},  # locale → one search response (the flood's baseline)
        "accept": dict(accept or ACCEPT_MIX),
        "default": "en",
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
