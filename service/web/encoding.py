"""Content coding: gzip for HTML, JSON, CSS and JavaScript above a size, with its own ETag.

One rule, :func:`coding_for`, says whether a body is sent gzip-compressed:
the client accepts gzip (``Accept-Encoding``, q-values read), the media type
is one that compresses (:data:`COMPRESSIBLE`) and the body is at least the
``LINGODOCS_COMPRESS_MIN_BYTES`` setting (a body that fits in one TCP segment
gains nothing). Three places use it and so agree: :class:`Compress` (the
middleware that encodes a 200), ``httpcache.conditional`` and the static files
(which answer 304s, and must name the ETag the 200 would carry).

An encoded representation is a different one (RFC 9110 §8.8.3): its strong
ETag is the identity one with ``-gzip`` inside the quotes (:func:`tagged`),
and ``If-None-Match`` with either form is a match (:func:`untagged`): a client
or cache that kept either copy gets its 304. Every response of a compressible
type says ``Vary: Accept-Encoding``, compressed or not.

Why not Starlette's ``GZipMiddleware`` (or ``starlette-compress``): neither
changes the ETag of what it encodes, both add ``Vary`` only to bodies they
compress, and they compress every response anew; here a 200 with an ETag is
compressed once (kept by ETag, a strong validator of its bytes) and served from
memory after. gzip only: zlib is in the standard library and every client
takes it; brotli or zstd would add a compiled dependency for bodies that are
already a few KB after gzip.
"""

from __future__ import annotations

import gzip
from functools import lru_cache

import anyio.to_thread
from cachetools import LRUCache
from starlette.types import ASGIApp, Message, Receive, Scope, Send

GZIP = "gzip"
SUFFIX = "-" + GZIP  # inside the ETag's quotes
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "application/json",
        "application/problem+json",
        "text/css",
        "text/javascript",
        "application/javascript",
        "image/svg+xml",
        "application/xml",  # the sitemap: 3.8 MB on the corpus
        "text/plain",  # robots.txt
    }
)
LEVEL = 6  # zlib's default: most of level 9's saving at a third of its time
THREAD_FROM = 128 * 1024  # bytes: a larger body is compressed off the event loop
KEEP_BYTES = 16 * 1024 * 1024  # compressed bodies kept per worker, by path and ETag


@lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str) -> bool:
    """RFC 9110 §12.5.3: ``gzip`` (or ``x-gzip``, or ``*``) with a q-value above 0.

    Hand-written (a dozen lines, cached per header value): the libraries that parse
    it come with a framework or a middleware we do not use.
    """
    named: float | None = None
    star: float | None = None
    for item in accept_encoding.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        if coding in (GZIP, "x-gzip"):
            named = q if named is None else max(named, q)
        elif coding == "*":
            star = q
    if named is not None:
        return named > 0
    return star is not None and star > 0


def compressible(content_type: str) -> bool:
    return content_type.partition(";")[0].strip().lower() in COMPRESSIBLE


def coding_for(
    accept_encoding: str | None, content_type: str, size: int, minimum: int
) -> str | None:
    """``"gzip"`` when a body of ``size`` bytes of ``content_type`` is sent compressed to a
    client that sent ``accept_encoding``; None for identity. ``minimum`` 0: never."""
    if (
        minimum <= 0
        or size < minimum
        or not accept_encoding
        or not compressible(content_type)
        or not accepts_gzip(accept_encoding)
    ):
        return None
    return GZIP


def tagged(etag: str, coding: str | None) -> str:
    """The ETag of the ``coding`` representation: ``"abc"`` → ``"abc-gzip"``."""
    if coding is None or not etag.endswith('"'):
        return etag
    return f'{etag[:-1]}-{coding}"'


def untagged(tag: str) -> str:
    """The identity ETag a (possibly encoded, possibly weak) entity-tag names."""
    tag = tag.strip().removeprefix("W/")
    return tag[: -len(SUFFIX) - 1] + '"' if tag.endswith(SUFFIX + '"') else tag


def vary_on_encoding(headers: list[tuple[bytes, bytes]]) -> None:
    """Add ``Accept-Encoding`` to the response's ``Vary`` (once)."""
    for i, (name, value) in enumerate(headers):
        if name.lower() == b"vary":
            if b"accept-encoding" not in value.lower() and value.strip() != b"*":
                headers[i] = (name, value + b", Accept-Encoding")
            return
    headers.append((b"vary", b"Accept-Encoding"))


class Compress:
    """Pure ASGI middleware: a 200 (or an error) of a compressible type, gzip-encoded when
    :func:`coding_for` says so, with its ETag :func:`tagged`; ``Vary`` on every such answer.

    304s are left as their maker wrote them (``conditional`` and the static files name
    the encoded ETag themselves); so are partial (206) answers and bodies already encoded.
    """

    def __init__(self, app: ASGIApp, minimum: int) -> None:
        self.app = app
        self.minimum = minimum
        self.kept: LRUCache[bytes, bytes] = LRUCache(maxsize=KEEP_BYTES, getsizeof=len)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.minimum <= 0:
            await self.app(scope, receive, send)
            return
        accept = ""
        for name, value in scope.get("headers") or ():
            if name == b"accept-encoding":
                accept = value.decode("latin-1")
                break
        gzip_ok = bool(accept) and accepts_gzip(accept)
        if gzip_ok and "http.response.pathsend" in scope.get("extensions", {}):
            # a file sent by path would bypass the encoder: have it sent as body messages
            extensions = dict(scope["extensions"])
            del extensions["http.response.pathsend"]
            scope = {**scope, "extensions": extensions}
        if not gzip_ok:  # nothing to encode: only Vary to see to, on the response's start
            await self.app(scope, receive, _varying(send))
            return
        held: Message | None = None  # the start of a response that may be encoded
        chunks: list[bytes] = []

        async def compress_send(message: Message) -> None:
            nonlocal held
            kind = message["type"]
            if kind == "http.response.start":
                headers = message["headers"] = list(message.get("headers") or ())
                if not _encodable(message["status"], headers):
                    await send(message)
                    return
                vary_on_encoding(headers)
                held = message
                return
            if held is None:
                await send(message)
                return
            if kind != "http.response.body":  # trailers or the like: send what is held as is
                start, held = held, None
                await send(start)
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            start, held = held, None
            body = b"".join(chunks)
            chunks.clear()
            if len(body) >= self.minimum:
                body = await self._encode(start, body, scope["path"])
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, compress_send)

    async def _encode(self, start: Message, body: bytes, path: str) -> bytes:
        """``body`` gzip-encoded, and ``start``'s headers made to say so."""
        headers: list[tuple[bytes, bytes]] = start["headers"]
        etag_at = next((i for i, (n, _v) in enumerate(headers) if n.lower() == b"etag"), None)
        key = None  # by path and ETag: a file's ETag is its time and size only (Starlette's)
        if etag_at is not None and start["status"] == 200:
            key = path.encode() + b" " + headers[etag_at][1]
        encoded = self.kept.get(key) if key is not None else None
        if encoded is None:
            if len(body) >= THREAD_FROM:
                encoded = await anyio.to_thread.run_sync(_gzip, body)
            else:
                encoded = _gzip(body)
            if key is not None and len(encoded) <= KEEP_BYTES // 8:
                self.kept[key] = encoded
        kept: list[tuple[bytes, bytes]] = []
        for name, value in headers:
            low = name.lower()
            if low == b"etag":
                value = tagged(value.decode("latin-1"), GZIP).encode("latin-1")
            elif low in (b"content-length", b"content-encoding"):
                continue
            kept.append((name, value))
        kept.append((b"content-encoding", GZIP.encode()))
        kept.append((b"content-length", str(len(encoded)).encode()))
        start["headers"] = kept
        return encoded


def _varying(send: Send) -> Send:
    """``send`` with ``Vary: Accept-Encoding`` on every encodable answer (sent as it is)."""

    async def varying_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or ())
            for name, value in headers:  # most answers (``conditional``'s) say it already
                if name == b"vary" and b"accept-encoding" in value.lower():
                    break
            else:
                if _encodable(message["status"], headers):
                    vary_on_encoding(headers)
                    message["headers"] = headers
        await send(message)

    return varying_send


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)  # mtime 0: the same bytes each time


def _encodable(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    if status < 200 or status in (204, 206, 304):
        return False
    media = b""
    for name, value in headers:
        low = name.lower()
        if low == b"content-encoding" and value.strip().lower() != b"identity":
            return False
        if low == b"content-range":
            return False
        if low == b"content-type":
            media = value
    return compressible(media.decode("latin-1"))
