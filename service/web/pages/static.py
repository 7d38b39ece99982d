"""The pages' own files (``static/``) and Swagger UI's, served by Starlette's ``StaticFiles``.

A page links each file with its content's hash (``/static/style.css?v=…``),
so a file may be kept a year: a new version is a new URL. Swagger UI's files
(``/static/swagger-ui/``, for the API explorer) come from the ``fastapi-offline``
package (see :mod:`.explorer` for why that one). CSS and JavaScript over
``LINGODOCS_COMPRESS_MIN_BYTES`` are sent gzip-encoded to clients that take it
(:mod:`service.web.encoding`); a 304 names the ETag the 200 would carry.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import fastapi_offline
from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

from ..encoding import coding_for, compressible, tagged, vary_on_encoding
from ..httpcache import matches

STATIC = Path(__file__).resolve().parent.parent / "static"
SWAGGER_UI = Path(fastapi_offline.__file__).resolve().parent / "static"
SWAGGER_UI_URL = "/static/swagger-ui"
WATCH_JS = "watch.js"  # the pages' reload script, served only by ``serve --watch``
SWAGGER_UI_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png")  # what we link
IMMUTABLE = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


def _versions(folder: Path = STATIC, names: tuple[str, ...] | None = None) -> dict[str, str]:
    return {
        p.name: hashlib.blake2b(p.read_bytes(), digest_size=5).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".") and (names is None or p.name in names)
    }


_VERSIONS = _versions()
_SWAGGER_VERSIONS = _versions(SWAGGER_UI, SWAGGER_UI_FILES)


def static_url(name: str) -> str:
    """``/static/style.css?v=…``: the version changes with the bytes."""
    version = _VERSIONS.get(name)
    return f"/static/{name}?v={version}" if version else f"/static/{name}"


def swagger_ui_url(name: str) -> str:
    """``/static/swagger-ui/swagger-ui-bundle.js?v=…``, versioned as :func:`static_url`."""
    return f"{SWAGGER_UI_URL}/{name}?v={_SWAGGER_VERSIONS[name]}"


class Static(StaticFiles):
    """``StaticFiles`` whose answers may be kept a year (the URL carries the version)."""

    def __init__(self, directory: Path = STATIC, hidden: tuple[str, ...] = ()) -> None:
        super().__init__(directory=directory)
        self.hidden = frozenset(hidden)  # files not served (watch.js, but with --watch)

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if path.lstrip("/") in self.hidden:
            return "", None  # a 404, as for a file that is not there
        return super().lookup_path(path)

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
        request = Headers(scope=scope)
        inm = request.get("if-none-match")
        fresh = (
            matches(inm, response.headers["etag"])
            if inm is not None
            else self.is_not_modified(response.headers, request)
        )
        if fresh:
            media = response.headers.get("content-type", "")
            minimum = scope["app"].state.settings.compress_min_bytes
            coding = coding_for(request.get("accept-encoding"), media, stat_result.st_size, minimum)
            response.headers["etag"] = tagged(response.headers["etag"], coding)
            if minimum > 0 and compressible(media):
                vary_on_encoding(response.raw_headers)
            return NotModifiedResponse(response.headers)
        return response
