"""Routers' routes added to the app's own list, in order, rather than included.

FastAPI (0.16x) keeps an included router as a branch of its own: each request
that reaches it counts the branch's routes again (to see whether they changed)
and matches its path twice, once to choose the branch and once inside it. On a
method lookup that was about a tenth of the service's own work a request
(callgrind, bench/README.md). The API and page routers here set no prefix,
tags, dependencies or events at inclusion (each route already carries its
router's prefix), so adding their routes to the app's list routes exactly as
including them did.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """Every route of ``router`` onto ``app``'s own list (after the ones there)."""
    if router.on_startup or router.on_shutdown or router.dependencies:
        raise ValueError("add_routes takes routers without events or dependencies")
    app.router.routes.extend(router.routes)
