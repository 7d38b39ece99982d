"""``/{locale}/assets/{path}``: the images of the content tree, as the articles use them.

The dialect points every relative image of an article at this route with the
image's path in its locale folder (``help/…/assets/x.png``). The file is
looked for in that language's folder, then in the source language's: a
translation that uses the English screenshot finds it. Only image files are
served (by their suffix, from our own table: the system's MIME database
varies), only from inside the content directory: a path with an empty,
``.``, ``..`` or hidden segment, a backslash, or a link leading outside is not
found. SVG may hold scripts; it is served with ``Content-Security-Policy:
sandbox``, so a reader who opens one alone runs none.

Images are read from the content directory at request time (``serve`` has
it: it builds the index from it), not copied into each build. Their URLs
carry no version, so a cache may keep one a day (not a year: a changed
screenshot keeps its name) and revalidate it with its strong ``ETag`` (its
bytes' hash, computed once per file version).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response

from service.i18n.locales import folder_language

from ..deps import catalog_of, settings_of
from ..errors import NotFound
from ..httpcache import matches
from ..work import offloaded
from .frame import page_locale

router = APIRouter(include_in_schema=False)

TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
}
MAX_AGE = 86400  # seconds: see above
SVG_POLICY = "sandbox"


@router.get("/{locale}/assets/{asset:path}")
@offloaded
def image(request: Request, locale: str, asset: str) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    found = find(
        settings_of(request).content, locale, catalog.source_locale, asset, catalog.build_id
    )
    if found is None:
        raise NotFound(f"no image at '{asset[:200]}'")
    stat = found.stat()
    etag = _etag(str(found), stat.st_size, stat.st_mtime_ns)
    suffix = found.suffix.lower()
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
    }
    if suffix == ".svg":
        headers["Content-Security-Policy"] = SVG_POLICY
    inm = request.headers.get("if-none-match")
    if inm is not None and matches(inm, etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(found, media_type=TYPES[suffix], headers=headers, stat_result=stat)


def find(
    content: Path, locale: str, source_locale: str, path: str, build_id: str = ""
) -> Path | None:
    """The image file at ``path`` in ``locale``'s folder, else in the source language's;
    None when the path is not a plain relative path to an image inside ``content``."""
    parts = path.split("/")
    if (
        "\\" in path
        or "\x00" in path
        or any(not p or p in (".", "..") or p.startswith(".") for p in parts)
        or Path(path).suffix.lower() not in TYPES
    ):
        return None
    try:
        root = content.resolve(strict=True)
        by_language = _folders(root, build_id)
    except OSError:
        return None
    for language in dict.fromkeys([locale, source_locale]):
        for folder in by_language.get(language, ()):
            candidate = root.joinpath(folder, *parts)
            try:
                real = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            base = (root / folder).resolve()
            if real.is_relative_to(root) and real.is_relative_to(base) and real.is_file():
                return real
    return None


@lru_cache(maxsize=8)
def _folders(root: Path, build_id: str) -> dict[str, tuple[str, ...]]:
    """The content's locale folders by language, listed once per build (a folder added
    comes with a new build), not at every image request."""
    found: dict[str, list[str]] = {}
    for p in sorted(root.iterdir()):
        language = folder_language(p.name) if p.is_dir() and not p.name.startswith(".") else None
        if language is not None:
            found.setdefault(language, []).append(p.name)
    return {language: tuple(names) for language, names in found.items()}


@lru_cache(maxsize=4096)
def _etag(path: str, size: int, mtime_ns: int) -> str:
    """A strong ETag of the file's bytes, once per version of the file (size, mtime)."""
    digest = hashlib.blake2b(digest_size=12)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return f'"{digest.hexdigest()}"'
