"""The application: ``create_app(settings)`` wires the stages together.

Opens the built index (a :class:`~service.index.live.Live` holder that picks up new
builds; a new build's searcher is made before it replaces the one serving, the first
build's once it serves), mounts the JSON API and the pages, and installs the one
error handler that answers problem+json for the API and an error page elsewhere.
With ``--watch`` (``settings.watch``) it also runs the content watcher
(:mod:`service.pipeline.watch`): each watched ingest swaps its build in at once,
rather than at the next check, and the open pages hear of it
(:mod:`service.web.watch`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

from service.index.builds.version import ours
from service.index.catalog import Catalog
from service.index.collector import settle
from service.index.live import Live
from service.index.memory import MB
from service.search.results import prepare
from service.settings import Settings
from service.web import api, deps, errors, observe, pages, watch
from service.web.edge import WATCHING_CSP, Edge
from service.web.encoding import Compress
from service.web.work import Work

if TYPE_CHECKING:
    from service.pipeline.watch import Outcome


def create_app(settings: Settings, live: Live | None = None) -> FastAPI:
    def ready(catalog: Catalog) -> None:
        """What a build needs before it serves: its caches' budget."""
        catalog.budget(settings.cache_mb * MB)

    live = live or Live(
        settings.index,
        settings.reload_interval,
        prepare=ready,
        accept=ours,
        warm=prepare,  # the search's: before a new build replaces the one serving
    )
    observer = observe.Observer(
        observe.access_log(settings.log_level, settings.log_buffer), settings.metrics_dir
    )
    changes = watcher = None
    if settings.watch:
        # Only a watching server ingests: the others start without the pipeline's
        # modules (a third of the import time of `lingodocs serve`).
        from service.pipeline.watch import Watcher

        changes = watch.Changes(lambda: live.catalog.build_id if live.catalog else "")

        def swapped(outcome: Outcome, changes: watch.Changes = changes) -> None:
            live.refresh()  # now, not at the next check
            changes.publish(outcome.problems)

        watcher = Watcher(settings, swapped)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settle(collect=False)  # the app and the catalog live as long as the process
        live.start()
        if watcher is not None:
            watcher.start()
        yield
        if changes is not None:
            changes.close()
        if watcher is not None:
            watcher.stop()
        live.stop()
        observer.stop()

    app = FastAPI(
        title="Lingodocs",
        version="1.0",
        summary="Multilingual help on HTTP request methods, as JSON and as pages.",
        lifespan=lifespan,
        docs_url=None,  # /api/docs is pages.explorer's: Swagger UI from our own files
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        # FastAPI's own OpenTelemetry (0.16x) asks the global providers on every
        # request whether any is set (environment reads included): the service
        # observes itself (observe.py: /metrics, the access log) and sets none.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.live = live
    app.state.observer = observer
    app.state.work = Work.of(settings)
    api.install(app)
    if changes is not None:
        watch.install(app, changes)
    app.add_route("/metrics", observe.metrics, methods=["GET"], include_in_schema=False)
    csp = pages.install(app, watching=settings.watch)
    answer = errors.install(app, pages.error_page, unreadable=unreadable)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["Accept-Language", "If-None-Match"],
            expose_headers=["ETag", "Content-Language"],
        )
    app.add_middleware(Compress, minimum=settings.compress_min_bytes)  # inside the edge
    app.add_middleware(
        Edge,
        observer=observer,
        csp=csp,
        pages_csp=WATCHING_CSP if settings.watch else None,
        answer=answer,
    )
    return app


def unreadable(request: Request, exc: Exception) -> errors.ServiceError | None:
    """A request that failed reading a damaged build: 503, and the build checked again."""
    live: Live = request.app.state.live
    detail = live.unreadable(exc)
    return deps.unavailable(request, detail, live) if detail is not None else None


def app_from_env() -> FastAPI:
    """Entry point for uvicorn workers: settings from the environment."""
    return create_app(Settings.from_env())
