"""The JSON API under ``/api/v1`` (``deps.API``), one router per resource.

- ``methods``: ``/methods``, ``/methods/{method}`` (the picker's help);
- ``docs``: ``/docs/{doc_id}``;
- ``locales``: ``/locales``;
- ``search``: ``/search``;
- ``apps``: ``/apps``, ``/apps/{app_id}``, ``/modules/{module_id}``, ``/help`` (field help);
- ``quality``: ``/quality``;
- ``health``: ``/healthz``, ``/readyz`` (also at the root).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from ..contract import truthful
from ..routing import add_routes
from ..schemas import describe_text
from . import apps, docs, health, locales, methods, quality, search


def install(app: FastAPI) -> None:
    """Mount every API router (health checks at the root too, for orchestrators); the
    schema says of each string whether it is plain text or sanitized HTML, and of each
    operation what it really answers (``web.contract``)."""
    for module in (methods, apps, docs, locales, search, quality):
        add_routes(app, module.router)
    add_routes(app, health.api_router)
    add_routes(app, health.router)
    made = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = truthful(describe_text(made()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
