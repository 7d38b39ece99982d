"""The HTML help pages, one module per page kind, in every content locale.

- ``frame``: what every page shares (language, translations, notices, caching);
- ``home``: ``/`` and ``/{locale}/``;
- ``methods``: ``/{locale}/methods/{method}``;
- ``modules``: ``/{locale}/modules/{module_id}`` (a module's fields and their help);
- ``docs``: ``/{locale}/docs/{doc_id}`` and ``/{locale}/path/{path}``;
- ``sections``: ``/{locale}/sections/{anchor}`` (a section of the guide's tree;
  ``navigation`` makes the tree, breadcrumbs and neighbours);
- ``images``: ``/{locale}/assets/{path}`` (the content tree's images);
- ``search``: ``/{locale}/search``;
- ``quality``: ``/{locale}/quality`` (a chart, then the findings);
- ``sitemap``: ``/sitemap.xml`` (every page, its languages) and ``/robots.txt``;
- ``errors``: error pages in the reader's language;
- ``explorer``: ``/api/docs``, Swagger UI from the service's own files;
- ``static``: ``/static/*``; ``templates``: one Jinja2 environment per locale.
"""

from __future__ import annotations

from fastapi import FastAPI

from ..routing import add_routes
from . import docs, explorer, home, images, methods, modules, quality, search, sections, sitemap
from .errors import error_page
from .static import SWAGGER_UI, SWAGGER_UI_URL, WATCH_JS, Static

__all__ = ["error_page", "install"]


def install(app: FastAPI, watching: bool = False) -> dict[str, str]:
    """Mount the static files, then every page (after the API: ``/{locale}/`` is greedy).

    Returns the Content-Security-Policy of each page that runs a script, by path
    (the API explorer's); every other page runs none, but with ``watching``
    (``serve --watch``) their reload script, ``static/watch.js``, which is not
    served otherwise."""
    app.mount(SWAGGER_UI_URL, Static(SWAGGER_UI), name="swagger-ui")  # before /static
    app.mount("/static", Static(hidden=() if watching else (WATCH_JS,)), name="static")
    csp = explorer.install(app)
    for module in (sitemap, home, methods, modules, docs, sections, images, search, quality):
        add_routes(app, module.router)
    return csp
