"""The edge of every request: size limits, before any routing or parsing.

A pure ASGI middleware (no per-request objects): a URL, header or body over
its limit is answered at once with a problem+json 4xx naming the limit.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .errors import PROBLEM_JSON, PROBLEM_TYPE

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_URL = 8192  # bytes of path + query string
MAX_HEADER = 8192  # bytes of one header value
MAX_HEADERS = 32768  # bytes of all headers
BODYLESS = {b"GET", b"HEAD", b"OPTIONS", b"DELETE"}


class Edge:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _check(scope)
        if problem is not None:
            await _answer(send, *problem)
            return
        await self.app(scope, receive, send)


def _check(scope: Scope) -> tuple[int, str, str] | None:
    url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
    if url > MAX_URL:
        return 414, "uri-too-long", f"the URL is {url} bytes; the limit is {MAX_URL}"
    total = 0
    length = 0
    for name, value in scope.get("headers") or ():
        total += len(name) + len(value)
        if len(value) > MAX_HEADER:
            return (431, "header-too-large", f"header '{name.decode('latin-1')[:40]}' is "
                    f"{len(value)} bytes; the limit is {MAX_HEADER}")
        if name == b"content-length":
            length = int(value) if value.isdigit() else -1
        elif name == b"transfer-encoding":
            length = -1
    if total > MAX_HEADERS:
        return 431, "header-too-large", f"headers are {total} bytes; the limit is {MAX_HEADERS}"
    if length and scope.get("method", "GET").encode() in BODYLESS:
        return 413, "payload-too-large", "this service takes no request body"
    return None


async def _answer(send: Send, status: int, slug: str, detail: str) -> None:
    titles = {413: "Request body not accepted", 414: "URI too long",
              431: "Request header fields too large"}
    body = json.dumps({"type": PROBLEM_TYPE + slug, "title": titles[status], "status": status,
                       "detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})
