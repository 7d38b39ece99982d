"""One error hierarchy; one handler answers JSON or HTML from the same exception.

Every error a view raises is a :class:`ServiceError`; Starlette's own (404
for no route, 405) and FastAPI's validation errors become one too. API
paths get RFC 9457 ``application/problem+json``; pages get an error page in
the reader's language (``web.pages.errors``, handed to :func:`install`).
Never a trace: an unexpected exception is logged and answered with a 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from service.ingest.sanitize import inert

log = logging.getLogger("lingodocs")

PROBLEM_TYPE = "https://lingodocs.invalid/problems/"
PROBLEM_JSON = "application/problem+json"
ErrorPage = Callable[[Request, "ServiceError"], Awaitable[Response]]


class ServiceError(Exception):
    status = 500
    slug = "internal-error"
    title = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra
        self.headers: dict[str, str] = {}

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        return problem(self.status, self.slug, self.title, self.detail, instance, **self.extra)


class BadRequest(ServiceError):
    status, slug, title = 400, "bad-request", "Bad request"


class InvalidLocale(BadRequest):
    slug, title = "invalid-locale", "Unsupported language"


class InvalidQuery(BadRequest):
    slug, title = "invalid-query", "Invalid search query"


class NotFound(ServiceError):
    status, slug, title = 404, "not-found", "Not found"


class Moved(Exception):
    """A page asked for under another spelling of its language (``/FR/``, ``/fr-CA/``):
    308 to the same address under the canonical one (``/fr/``), query kept. Not an
    error: it has a handler of its own (``install``)."""

    def __init__(self, asked: str, locale: str) -> None:
        super().__init__(f"'{asked[:40]}' is served as '{locale}'")
        self.asked, self.locale = asked, locale

    def location(self, request: Request) -> str:
        path = request.url.path
        rest = path[len(self.asked) + 1 :] if path.startswith(f"/{self.asked}") else "/"
        query = f"?{request.url.query}" if request.url.query else ""
        return f"/{self.locale}{rest or '/'}{query}"


class MethodNotAllowed(ServiceError):
    status, slug, title = 405, "method-not-allowed", "Method not allowed"


class RequestTimeout(ServiceError):  # the connection protocol's: a head not sent in time
    status, slug, title = 408, "request-timeout", "Request timeout"


class PayloadTooLarge(ServiceError):
    status, slug, title = 413, "payload-too-large", "Request body not accepted"


class URITooLong(ServiceError):
    status, slug, title = 414, "uri-too-long", "URI too long"


class HeadersTooLarge(ServiceError):
    status, slug, title = 431, "header-too-large", "Request header fields too large"


class Unavailable(ServiceError):
    status, slug, title = 503, "unavailable", "Service unavailable"


_BY_STATUS: dict[int, type[ServiceError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        NotFound,
        MethodNotAllowed,
        RequestTimeout,
        PayloadTooLarge,
        URITooLong,
        HeadersTooLarge,
        Unavailable,
    )
}


def from_status(status: int, detail: str) -> ServiceError:
    cls = _BY_STATUS.get(status)
    if cls is None:
        err = ServiceError(detail)
        err.status = status
        return err
    return cls(detail)


def problem(
    status: int, slug: str, title: str, detail: str, instance: str | None = None, **extra: Any
) -> dict[str, Any]:
    """An RFC 9457 problem object (the edge's refusals use it too).

    Details echo what was asked (a path, a field's name): their strings are plain
    text made inert like every other (``ingest.sanitize.inert``), and ``instance``
    is the path as a URI reference (percent-encoded)."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug,
        "title": inert(title),
        "status": status,
        "detail": inert(detail),
    }
    if instance:
        body["instance"] = quote(instance, safe=_PATH_SAFE)
    body.update({key: _inert(value) for key, value in extra.items()})
    return body


_PATH_SAFE = "/:@!$&'()*+,;=-._~%"  # RFC 3986 pchar and '/': a path stays as it was sent


def _inert(value: Any) -> Any:
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, list):
        return [_inert(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    return value


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path in ("/healthz", "/readyz")


def problem_response(request: Request, error: ServiceError) -> Response:
    headers = {**error.headers, "X-Content-Type-Options": "nosniff"}
    headers.setdefault("Cache-Control", "no-store")  # errors depend on the moment: never cached
    body = json.dumps(error.problem(request.url.path[:200]), ensure_ascii=False).encode()
    return Response(body, status_code=error.status, media_type=PROBLEM_JSON, headers=headers)


Unreadable = Callable[[Request, Exception], "ServiceError | None"]
# The response to an unexpected exception, or None when it is a 500 (a crash).
Answer = Callable[[Request, Exception], Awaitable[Response | None]]


def install(
    app: FastAPI, page: ErrorPage | None = None, unreadable: Unreadable | None = None
) -> Answer | None:
    """The one handler: every error as problem+json on the API, as ``page`` elsewhere.

    ``unreadable`` turns an unexpected exception that is the index failing to be read
    (a damaged build) into the error to answer (a 503), or None: then it is a 500. The
    answer to such exceptions is returned, for the outermost layer (``edge.Edge``) to
    give: Starlette hands a handler keyed on ``Exception`` to its ServerErrorMiddleware,
    which re-raises what it answered (a traceback in the log, and out of a TestClient):
    right for a 500, not for a damaged build's 503.
    """

    async def render(request: Request, error: ServiceError) -> Response:
        if page is not None and not is_api(request.url.path):
            return await page(request, error)
        return problem_response(request, error)

    async def on_service_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ServiceError)
        return await render(request, exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 405:
            allow = allowed(exc.headers)
            if request.method == "OPTIONS":  # what may be done here: the answer is Allow
                return Response(
                    status_code=204, headers={"Allow": allow, "Cache-Control": "no-store"}
                )
            error: ServiceError = MethodNotAllowed(
                f"{request.method} is not allowed here; use {allow}"
            )
            error.headers["Allow"] = allow
        elif exc.status_code == 404:
            error = from_status(404, f"nothing at {request.url.path[:200]}")
        else:
            error = from_status(exc.status_code, str(exc.detail))
        error.headers = {**(exc.headers or {}), **error.headers}
        return await render(request, error)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [_describe(e) for e in exc.errors()][:10]
        return await render(request, BadRequest("; ".join(errors), errors=errors))

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path[:200])
        return await render(
            request, ServiceError("the service failed on this request; it has been logged")
        )

    async def on_unexpected(request: Request, exc: Exception) -> Response | None:
        error = unreadable(request, exc) if unreadable is not None else None
        if error is None:
            return None  # on to on_crash: a 500
        return await render(request, error)

    async def on_moved(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Moved)
        headers = {"Location": exc.location(request), "Cache-Control": "public, max-age=86400"}
        return Response(status_code=308, headers=headers)

    app.add_exception_handler(Moved, on_moved)
    app.add_exception_handler(ServiceError, on_service_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_crash)
    return on_unexpected if unreadable is not None else None


def allowed(headers: Mapping[str, str] | None) -> str:
    """The route's methods, with HEAD wherever GET is (the edge answers it) and OPTIONS."""
    methods = {m.strip().upper() for m in (headers or {}).get("Allow", "GET").split(",")}
    if "GET" in methods:
        methods.add("HEAD")
    order = ["GET", "HEAD", *sorted(methods - {"GET", "HEAD", "OPTIONS", ""}), "OPTIONS"]
    return ", ".join(m for m in order if m in methods or m == "OPTIONS")


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "query")
    return f"{where}: {error.get('msg', 'invalid')}"
