"""HTTP caching: strong ETags, conditional requests, Cache-Control and Vary.

A response is a function of (URL, negotiated language, index build), so the
ETag hashes the exact bytes under the build id, and every cacheable
response says ``Vary: Accept-Language``: a shared cache in front of several
replicas may keep one copy per language and revalidate it cheaply.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

VARY = "Accept-Language"


def etag_for(build_id: str, body: bytes) -> str:
    return f'"{build_id[:12]}-{hashlib.blake2b(body, digest_size=8).hexdigest()}"'


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.2: weak comparison, ``*`` matches anything."""
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def cache_headers(etag: str, locale: str, max_age: int) -> dict[str, str]:
    return {
        "ETag": etag,
        "Cache-Control": f"public, max-age={max_age}",
        "Vary": VARY,
        "Content-Language": locale,
        "X-Content-Type-Options": "nosniff",
    }


def conditional(
    request: Request,
    body: bytes,
    media_type: str,
    etag: str,
    locale: str,
    max_age: int,
    extra: dict[str, str] | None = None,
) -> Response:
    """The full response, or 304 Not Modified when the client's copy is current."""
    headers = cache_headers(etag, locale, max_age)
    if extra:
        headers.update(extra)
    inm = request.headers.get("if-none-match")
    if inm is not None and matches(inm, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
