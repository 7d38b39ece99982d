"""``/healthz`` (the process is alive) and ``/readyz`` (a verified build serves and can be
read), never cached.

``/readyz`` names the build served and the one ``current`` points at when the server
refused it (and why); it answers 503 while no build serves, or when the served one
cannot be read now (a file changed on disk, the store fails a real read): a cheap
check, not a full one per probe; the full one follows at once, off the request path.

Both are served at the root, for orchestrators, and under ``/api/v1``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.index.live import Live

from .. import schemas
from ..deps import API, JSON, catalog_of, dumps, unavailable

router = APIRouter()  # at the root
api_router = APIRouter(prefix=API)
NO_STORE = {"Cache-Control": "no-store"}


@router.get(
    "/healthz",
    operation_id="getHealthAtRoot",
    response_model=schemas.Health,
    summary="The process is alive",
)
@api_router.get(
    "/healthz",
    operation_id="getHealth",
    response_model=schemas.Health,
    summary="The process is alive",
)
async def healthz() -> Response:
    return Response(b'{"status":"ok"}', media_type=JSON, headers=NO_STORE)


@router.get(
    "/readyz",
    operation_id="getReadinessAtRoot",
    response_model=schemas.Ready,
    responses=schemas.answers(503),
    summary="A verified build serves and can be read",
)
@api_router.get(
    "/readyz",
    operation_id="getReadiness",
    response_model=schemas.Ready,
    responses=schemas.answers(503),
    summary="A verified build serves and can be read",
)
async def readyz(request: Request) -> Response:
    live: Live = request.app.state.live
    probed = live.catalog
    problem = live.probe()  # without a watcher, the check ran: another build may serve
    catalog = catalog_of(request)
    if problem is not None and catalog is probed:
        raise unavailable(
            request, f"the index build {catalog.build_id} cannot be read: {problem}", live
        )
    body = dumps(
        {
            "status": "ready",
            "build": catalog.build_id,
            "created": catalog.created,
            "documents": len(catalog.entries),
            "records": len(catalog.records),
            "locales": list(catalog.locales),
            "refused": live.refused.as_dict() if live.refused is not None else None,
        }
    )
    return Response(body, media_type=JSON, headers=NO_STORE)
