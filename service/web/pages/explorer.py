"""``/api/docs``: the API explorer (Swagger UI), from the service's own files, no CDN.

Swagger UI's files come from the ``fastapi-offline`` package and are served
under ``/static/swagger-ui/`` (:mod:`.static`). Why that package: it ships the
current Swagger UI 5 bundle (the one FastAPI's own page loads from a CDN: the
same files, the same behaviour), is released as Swagger UI moves (1.7.7,
2026), and is small; ``swagger-ui-bundle`` (the other kept one) still ships
Swagger UI 4.15 (2022). Only its files are used: its ``FastAPIOffline`` page
starts Swagger UI with an inline script, and ours does so from a served file
(``static/explorer.js``), so the page's Content-Security-Policy
(:data:`EXPLORER_CSP`) allows scripts, styles and fetches from this origin only.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .static import static_url, swagger_ui_url

DOCS_URL = "/api/docs"
EXPLORER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'none'"
)


def explorer_page(title: str, openapi_url: str) -> bytes:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - Swagger UI</title>
<link rel="stylesheet" href="{swagger_ui_url("swagger-ui.css")}">
<link rel="icon" href="{swagger_ui_url("favicon.png")}">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></div>
<script src="{swagger_ui_url("swagger-ui-bundle.js")}"></script>
<script src="{static_url("explorer.js")}"></script>
</body>
</html>
""".encode()


def install(app: FastAPI) -> dict[str, str]:
    """Add ``/api/docs`` (the app is made with ``docs_url=None``); its CSP, by path."""
    if app.openapi_url is None:  # no schema, nothing to explore
        return {}
    body = explorer_page(app.title, app.openapi_url)

    async def explorer(request: Request) -> Response:
        return HTMLResponse(body)

    app.add_route(DOCS_URL, explorer, methods=["GET"], include_in_schema=False)
    return {DOCS_URL: EXPLORER_CSP}
