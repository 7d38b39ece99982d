"""HTTP caching: strong ETags, conditional requests, Cache-Control and Vary.

A response is a function of (URL, negotiated language, index build), so the
ETag hashes the exact bytes under the build id, and every cacheable
response says ``Vary: Accept-Language``: a shared cache in front of several
replicas may keep one copy per language and revalidate it cheaply. With
compression on it also says ``Accept-Encoding``: a body at least
``LINGODOCS_COMPRESS_MIN_BYTES`` long is sent gzip-encoded to a client that
takes it, under its own ETag (:mod:`service.web.encoding`); ``If-None-Match``
with either ETag is a 304, which names the ETag the 200 would carry.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

from .encoding import coding_for, tagged, untagged

VARY = "Accept-Language"
VARY_ENCODED = "Accept-Language, Accept-Encoding"


def etag_for(build_id: str, body: bytes) -> str:
    return f'"{build_id[:12]}-{hashlib.blake2b(body, digest_size=8).hexdigest()}"'


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.2: weak comparison, ``*`` matches anything; a tag of an encoded
    representation of the same bytes (``"…-gzip"``) matches too."""
    if if_none_match.strip() == "*":
        return True
    wanted = untagged(etag)
    return any(untagged(tag) == wanted for tag in if_none_match.split(","))


def cache_headers(etag: str, locale: str, max_age: int, vary: str = VARY) -> dict[str, str]:
    return {
        "ETag": etag,
        "Cache-Control": f"public, max-age={max_age}",
        "Vary": vary,
        "Content-Language": locale,
        "X-Content-Type-Options": "nosniff",
    }


class Ready(Response):
    """A 200 whose head was encoded once, when its body was prepared (and is kept with it
    in the build's memo, :func:`~service.web.deps.prepared`): Starlette's ``Response``
    encodes and checks every header again each time one is made, about a twentieth of
    a method lookup's work."""

    def __init__(self, body: bytes, head: list[tuple[bytes, bytes]]) -> None:
        # Response.__init__ is left out on purpose: it would encode the head again
        self.status_code = 200
        self.background = None
        self.body = body
        self.raw_headers = head.copy()  # the layers outside may add to theirs


def vary_for(compress_from: int) -> str:
    """What a cacheable answer varies on: the language, and the coding when compressing."""
    return VARY_ENCODED if compress_from > 0 else VARY


def held(request: Request, etag: str) -> bool:
    """Whether the client's ``If-None-Match`` names ``etag`` (it holds the answer: a 304)."""
    inm = request.headers.get("if-none-match")
    return inm is not None and matches(inm, etag)


def ready_head(
    body: bytes, media_type: str, etag: str, locale: str, max_age: int, compress_from: int = 0
) -> list[tuple[bytes, bytes]]:
    """The head :func:`conditional` gives ``body``'s 200, encoded (for :class:`Ready`)."""
    headers = cache_headers(etag, locale, max_age, vary_for(compress_from))
    return Response(body, media_type=media_type, headers=headers).raw_headers


def conditional(
    request: Request,
    body: bytes,
    media_type: str,
    etag: str,
    locale: str,
    max_age: int,
    extra: dict[str, str] | None = None,
    compress_from: int = 0,
) -> Response:
    """The full response, or 304 Not Modified when the client's copy is current.

    ``compress_from`` is ``LINGODOCS_COMPRESS_MIN_BYTES`` (0: off): the 304 names the
    ETag of the representation a 200 would be (the middleware encodes that 200)."""
    headers = cache_headers(etag, locale, max_age, vary_for(compress_from))
    if extra:
        headers.update(extra)
    if held(request, etag):
        coding = coding_for(
            request.headers.get("accept-encoding"), media_type, len(body), compress_from
        )
        headers["ETag"] = tagged(etag, coding)
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
