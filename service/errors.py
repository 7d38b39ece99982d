"""One error hierarchy; one handler answers JSON or HTML from the same exception.

API paths get RFC 9457 ``application/problem+json``; pages get an error page
in the reader's language (rendered by :mod:`service.pages`). Never a trace.
"""

from __future__ import annotations

from typing import Any

PROBLEM_TYPE = "https://lingodocs.invalid/problems/"
PROBLEM_JSON = "application/problem+json"


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
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class BadRequest(ServiceError):
    status, slug, title = 400, "bad-request", "Bad request"


class InvalidLocale(BadRequest):
    slug, title = "invalid-locale", "Unsupported language"


class InvalidQuery(BadRequest):
    slug, title = "invalid-query", "Invalid search query"


class NotFound(ServiceError):
    status, slug, title = 404, "not-found", "Not found"


class MethodNotAllowed(ServiceError):
    status, slug, title = 405, "method-not-allowed", "Method not allowed"


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
