"""``/healthz`` (the process is alive) and ``/readyz`` (an index is open), never cached.

Both are served at the root, for orchestrators, and under ``/api/v1``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from .. import schemas
from ..deps import API, JSON, catalog_of, dumps

router = APIRouter()  # at the root
api_router = APIRouter(prefix=API)
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz", response_model=schemas.Health, summary="The process is alive")
@api_router.get("/healthz", response_model=schemas.Health, summary="The process is alive")
async def healthz() -> Response:
    return Response(b'{"status":"ok"}', media_type=JSON, headers=NO_STORE)


@router.get(
    "/readyz",
    response_model=schemas.Ready,
    responses=schemas.problems(503),
    summary="An index is open and serving",
)
@api_router.get(
    "/readyz",
    response_model=schemas.Ready,
    responses=schemas.problems(503),
    summary="An index is open and serving",
)
async def readyz(request: Request) -> Response:
    catalog = catalog_of(request)
    body = dumps(
        {
            "status": "ready",
            "build": catalog.build_id,
            "created": catalog.created,
            "documents": len(catalog.entries),
            "records": len(catalog.records),
            "locales": list(catalog.locales),
        }
    )
    return Response(body, media_type=JSON, headers=NO_STORE)
