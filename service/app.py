"""The application: ``create_app(settings)`` wires the stages together.

Opens the built index (a :class:`~service.catalog.Live` holder that picks up
new builds), mounts the JSON API and the pages, and installs the one error
handler that answers problem+json for the API and an error page elsewhere.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from . import api, observe, pages, quality_api, quality_page
from .catalog import Live, settle
from .edge import Edge, explorer_csp
from .errors import PROBLEM_JSON, BadRequest, MethodNotAllowed, ServiceError, from_status
from .settings import Settings

log = logging.getLogger("lingodocs")


def create_app(settings: Settings, live: Live | None = None) -> FastAPI:
    live = live or Live(settings.index, settings.reload_interval)
    observer = observe.Observer(observe.access_log(settings.log_level), settings.metrics_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settle()  # the app and the catalog live as long as the process
        live.start()
        yield
        live.stop()
        observer.stop()

    app = FastAPI(
        title="Lingodocs",
        version="1.0",
        summary="Multilingual help on HTTP request methods, as JSON and as pages.",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.live = live
    app.state.observer = observer
    app.include_router(api.router)
    app.include_router(quality_api.router)
    app.add_route("/metrics", observe.metrics, methods=["GET"], include_in_schema=False)
    app.include_router(api.health)
    _install_pages(app)
    _install_errors(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["Accept-Language", "If-None-Match"],
            expose_headers=["ETag", "Content-Language"],
        )
    app.add_middleware(Edge, observer=observer, csp=explorer_csp(app))
    return app


def _install_pages(app: FastAPI) -> None:
    pages.install(app)
    app.include_router(quality_page.router)  # /{locale}/quality, built on the pages' frame


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/healthz", "/readyz")


def problem_response(request: Request, error: ServiceError) -> Response:
    headers = dict(error.headers)
    headers["X-Content-Type-Options"] = "nosniff"
    headers.setdefault("Cache-Control", "no-store")  # errors depend on the moment: never cached
    body = json.dumps(error.problem(request.url.path[:200]), ensure_ascii=False).encode()
    return Response(body, status_code=error.status, media_type=PROBLEM_JSON, headers=headers)


def _install_errors(app: FastAPI) -> None:
    async def render(request: Request, error: ServiceError) -> Response:
        if not _is_api(request):
            page = getattr(app.state, "error_page", None)
            if page is not None:
                response: Response = await page(request, error)
                return response
        return problem_response(request, error)

    async def on_service_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ServiceError)
        return await render(request, exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 405:
            allow = _allow(exc.headers)
            if request.method == "OPTIONS":  # what may be done here: the answer is Allow
                return Response(
                    status_code=204, headers={"Allow": allow, "Cache-Control": "no-store"}
                )
            error: ServiceError = MethodNotAllowed(
                f"{request.method} is not allowed here; use {allow}"
            )
            error.headers["Allow"] = allow
        elif exc.status_code == 404:
            error = from_status(404, f"nothing at {request.url.path[:200]}")
        else:
            error = from_status(exc.status_code, str(exc.detail))
        error.headers = {**(exc.headers or {}), **error.headers}
        return await render(request, error)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [_describe(e) for e in exc.errors()][:10]
        return await render(request, BadRequest("; ".join(errors), errors=errors))

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path[:200])
        return await render(
            request, ServiceError("the service failed on this request; it has been logged")
        )

    app.add_exception_handler(ServiceError, on_service_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_crash)


def _allow(headers: Mapping[str, str] | None) -> str:
    """The route's methods, with HEAD wherever GET is (the edge answers it) and OPTIONS."""
    methods = {m.strip().upper() for m in (headers or {}).get("Allow", "GET").split(",")}
    if "GET" in methods:
        methods.add("HEAD")
    order = ["GET", "HEAD", *sorted(methods - {"GET", "HEAD", "OPTIONS", ""}), "OPTIONS"]
    return ", ".join(m for m in order if m in methods or m == "OPTIONS")


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "query")
    return f"{where}: {error.get('msg', 'invalid')}"


def app_from_env() -> FastAPI:
    """Entry point for uvicorn workers: settings from the environment."""
    return create_app(Settings.from_env())
