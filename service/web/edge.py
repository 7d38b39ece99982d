"""The edge of every request: size limits, HEAD, safety headers, and what is observed.

One pure ASGI middleware (no per-request objects beyond a small closure), the
outermost layer of the app:

* a URL, header or body over its limit is answered at once with a
  problem+json 4xx naming the limit (414, 431, 413), before any routing;
* ``HEAD`` is answered as ``GET`` without the body, on every GET route;
* an HTML response without a ``Content-Security-Policy`` gets the service's
  one (:data:`SECURITY`: no script at all, nothing from elsewhere),
  ``nosniff`` and a ``Referrer-Policy``; the API explorer gets its own
  (``csp``, by path: ``pages.explorer``'s, scripts from this origin only), and
  with ``serve --watch`` every page :data:`WATCHING_CSP` (its reload script);
* when the response is done, its route, status, duration and language go to
  the :class:`~service.observe.Observer` (access log line and metrics).

The server itself buffers a request head of at most :data:`MAX_HEAD_READ` bytes
(uvicorn's ``h11_max_incomplete_event_size``, set by ``lingodocs serve``): room
for a URL and headers at the limits here, which get their problem+json answer
from this middleware; a longer head is answered ``414``/``431`` by the
connection protocol (:mod:`service.web.connections`) without buffering more, so
a connection holds at most that much of a head.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import PROBLEM_JSON, Answer, HeadersTooLarge, PayloadTooLarge, ServiceError, URITooLong
from .observe import REJECTED, UNMATCHED, Observer

MAX_URL = 16384  # bytes of path + query string (a 10 KB nonsense path still gets its 404)
MAX_HEADER = 16384  # bytes of one header value (a 10 KB Accept-Language still negotiates)
MAX_HEADERS = 32768  # bytes of all headers
MAX_HEAD_READ = 64 * 1024  # bytes of request head the server buffers: a URL and headers at the
# limits above fit (with their names and line ends); a longer head gets 414/431 from the server
BODYLESS = {b"GET", b"HEAD", b"OPTIONS", b"DELETE"}

# The service's pages run no script and load nothing from elsewhere.
SECURITY = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
SAFETY = {name.lower().encode(): value.encode() for name, value in SECURITY.items()}
# ``serve --watch``: the pages run one script of this origin's (static/watch.js, no inline
# script), which listens to this origin's /_watch/events (default-src 'self' covers it)
WATCHING_CSP = SECURITY["Content-Security-Policy"].replace("script-src 'none'", "script-src 'self'")


class Edge:
    def __init__(
        self,
        app: ASGIApp,
        observer: Observer | None = None,
        csp: dict[str, str] | None = None,
        pages_csp: str | None = None,
        answer: Answer | None = None,
    ) -> None:
        self.app = app
        self.answer = answer  # to unexpected exceptions before a response began
        self.observer = observer
        self.csp = {path: value.encode() for path, value in (csp or {}).items()}
        self.pages_csp = pages_csp.encode() if pages_csp is not None else None
        self.templates: dict[Any, str] = {}  # endpoint → path template, for plain routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # One function, with one closure, on purpose: it runs for every request, and a
        # lookup takes a few hundred microseconds all told (see bench/README.md).
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter_ns()
        observer = self.observer
        refused = _check(scope)
        if refused is not None:
            await _answer(send, refused)
            if observer is not None:
                observer.record(
                    scope["method"], scope["path"], REJECTED, refused.status, started, ""
                )
            return
        head = scope["method"] == "HEAD"
        inner = scope
        if head:  # routed as GET; the server's own scope keeps HEAD (it drops the body too)
            inner = dict(scope)
            inner["method"] = "GET"
        status = 0  # until the app answers
        locale = b""  # the response's Content-Language

        async def edge_send(message: Message) -> None:
            nonlocal status, locale
            if message["type"] == "http.response.start":
                status = message["status"]
                html = False
                csp = False
                for name, value in message.get("headers") or ():
                    if name == b"content-language":
                        locale = value
                    elif name == b"content-type":
                        html = value.startswith(b"text/html")
                    elif name == b"content-security-policy":
                        csp = True
                if html and not csp:
                    message["headers"] = _with_safety(
                        list(message.get("headers") or ()),
                        self.csp.get(scope["path"], self.pages_csp),
                    )
            elif head and message["type"] == "http.response.body" and message.get("body"):
                message = {
                    "type": "http.response.body",
                    "body": b"",
                    "more_body": message.get("more_body", False),
                }
            await send(message)

        try:
            await self.app(inner, receive, edge_send)
        except asyncio.CancelledError:
            status = status or 499  # the client went away first (nginx's code for it)
            raise
        except Exception as exc:  # here, not in a layer of its own: one less per request
            response = None
            if not status and self.answer is not None:
                response = await self.answer(Request(inner), exc)
            if response is None:
                raise  # on to Starlette's ServerErrorMiddleware: a 500
            await response(inner, receive, edge_send)
        finally:
            if observer is not None:
                observer.record(
                    scope["method"],
                    scope["path"],
                    self._route(inner),
                    status or 500,
                    started,
                    locale.decode("latin-1"),
                )

    def _route(self, scope: Scope) -> str:
        """The matched route's path template (FastAPI routes leave themselves in the scope;
        plain Starlette routes only their endpoint)."""
        route = scope.get("route")
        if route is not None:
            return str(route.path)
        endpoint = scope.get("endpoint")
        if endpoint is None:
            return UNMATCHED
        template = self.templates.get(endpoint)
        if template is None:
            app = scope.get("app")
            for candidate in getattr(app, "routes", ()):
                if getattr(candidate, "endpoint", None) is endpoint:
                    template = str(candidate.path)
                    break
            template = self.templates[endpoint] = template or UNMATCHED
        return template


def _with_safety(
    headers: list[tuple[bytes, bytes]], csp: bytes | None
) -> list[tuple[bytes, bytes]]:
    present = {name for name, _ in headers}
    for name, value in SAFETY.items():
        if name not in present:
            headers.append(
                (name, csp if csp is not None and name == b"content-security-policy" else value)
            )
    return headers


def _check(scope: Scope) -> ServiceError | None:
    """The refusal a request over the limits gets, or None."""
    url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
    if url > MAX_URL:
        return URITooLong(f"the URL is {url} bytes; the limit is {MAX_URL}")
    total = 0
    length = 0
    for name, value in scope.get("headers") or ():
        total += len(name) + len(value)
        if len(value) > MAX_HEADER:
            return HeadersTooLarge(
                f"header '{_printable(name)}' is {len(value)} bytes; the limit is {MAX_HEADER}"
            )
        if name == b"content-length":
            length = int(value) if value.isdigit() else -1
        elif name == b"transfer-encoding":
            length = -1
    if total > MAX_HEADERS:
        return HeadersTooLarge(f"headers are {total} bytes; the limit is {MAX_HEADERS}")
    if length and scope.get("method", "GET").encode("latin-1") in BODYLESS:
        return PayloadTooLarge("this service takes no request body")
    return None


def _printable(name: bytes) -> str:
    return re.sub(r"[^\x21-\x7e]", "?", name[:40].decode("latin-1"))


async def _answer(send: Send, refused: ServiceError) -> None:
    body = json.dumps(refused.problem()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": refused.status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"x-content-type-options", b"nosniff"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
