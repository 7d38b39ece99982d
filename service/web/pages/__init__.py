"""The HTML help pages, one module per page kind, in every content locale.

- ``frame``: what every page shares (language, translations, notices, caching);
- ``home``: ``/`` and ``/{locale}/``;
- ``methods``: ``/{locale}/methods/{method}``;
- ``modules``: ``/{locale}/modules/{module_id}`` (a module's fields and their help);
- ``docs``: ``/{locale}/docs/{doc_id}`` and ``/{locale}/path/{path}``;
- ``search``: ``/{locale}/search``;
- ``quality``: ``/{locale}/quality`` (a chart, then the findings);
- ``sitemap``: ``/sitemap.xml`` (every page, its languages) and ``/robots.txt``;
- ``errors``: error pages in the reader's language;
- ``static``: ``/static/*``; ``templates``: one Jinja2 environment per locale.
"""

from __future__ import annotations

from fastapi import FastAPI

from . import docs, home, methods, modules, quality, search, sitemap
from .errors import error_page
from .static import Static

__all__ = ["error_page", "install"]


def install(app: FastAPI) -> None:
    """Mount the static files, then every page (after the API: ``/{locale}/`` is greedy)."""
    app.mount("/static", Static(), name="static")
    for module in (sitemap, home, methods, modules, docs, search, quality):
        app.include_router(module.router)
