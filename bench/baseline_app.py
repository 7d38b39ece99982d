"""Bare FastAPI app for the lookup baseline: pre-serialised records, no negotiation.

It answers `GET /api/v1/methods/{method}` with the bytes of the real service's
record for that method and language (captured by the harness into the JSON
fixture named by BENCH_FIXTURE), chosen by an exact dict lookup of the
Accept-Language header string; `GET /api/v1/help?…` likewise, by the exact
query string (the field-help lookups the harness captured); `GET /api/v1/search`
with the service's response to one search in the `lang` asked for. So it does the
least work any server could do for the same bytes and headers.

    BENCH_FIXTURE=fixture.json uvicorn --factory bench.baseline_app:app_from_env --port P
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi import FastAPI, Request, Response


def _load(path: Path) -> tuple[dict[tuple[str, str], bytes], dict[str, str], str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    bodies = {
        (method, loc): body.encode("utf-8")
        for method, per_locale in data["bodies"].items()
        for loc, body in per_locale.items()
    }
    for query, per_locale in data.get("help", {}).items():  # "?app=…" → locale → body
        bodies.update(((query, loc), body.encode("utf-8")) for loc, body in per_locale.items())
    for loc, body in data.get("search", {}).items():  # one search response per language
        bodies[("search", loc)] = body.encode("utf-8")
    return bodies, dict(data["accept"]), str(data.get("default", "en"))


def create_app(fixture: Path) -> FastAPI:
    bodies, accept, default = _load(fixture)
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    def answer(key: str, request: Request, loc: str | None = None) -> Response:
        loc = loc or accept.get(request.headers.get("accept-language", ""), default)
        body = bodies.get((key, loc))
        if body is None:
            return Response(b'{"detail":"not found"}', status_code=404)
        return Response(
            body,
            media_type="application/json",
            headers={
                "Content-Language": loc,
                "Vary": "Accept-Language",
                "Cache-Control": "public, max-age=300",
                "ETag": f'"{key}-{loc}"',
            },
        )

    @app.get("/readyz")
    async def readyz() -> Response:
        return Response(b"ok", media_type="text/plain")

    @app.get("/api/v1/methods/{method}")
    async def method(method: str, request: Request) -> Response:
        return answer(method, request)

    @app.get("/api/v1/help")
    async def help_lookup(request: Request) -> Response:
        return answer("?" + request.url.query, request)

    @app.get("/api/v1/search")
    async def search(request: Request) -> Response:
        return answer("search", request, request.query_params.get("lang"))

    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory bench.baseline_app:app_from_env`."""
    return create_app(Path(os.environ["BENCH_FIXTURE"]))
