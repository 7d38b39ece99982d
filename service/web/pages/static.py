"""The pages' own files (``static/``), served by Starlette's ``StaticFiles``.

A page links each file with its content's hash (``/static/style.css?v=…``),
so a file may be kept a year: a new version is a new URL.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

STATIC = Path(__file__).resolve().parent.parent / "static"
IMMUTABLE = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


def _versions(folder: Path = STATIC) -> dict[str, str]:
    return {
        p.name: hashlib.blake2b(p.read_bytes(), digest_size=5).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


_VERSIONS = _versions()


def static_url(name: str) -> str:
    """``/static/style.css?v=…``: the version changes with the bytes."""
    version = _VERSIONS.get(name)
    return f"/static/{name}?v={version}" if version else f"/static/{name}"


class Static(StaticFiles):
    """``StaticFiles`` whose answers may be kept a year (the URL carries the version)."""

    def __init__(self) -> None:
        super().__init__(directory=STATIC)

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = FileResponse(
            full_path, status_code=status_code, stat_result=stat_result, headers=IMMUTABLE
        )
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response
