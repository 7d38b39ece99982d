"""The OpenAPI schema made to say what the server really sends.

FastAPI writes what the routes declare; the server answers more, and some of
what FastAPI writes it never sends. :func:`truthful` rewrites the generated
schema once:

* every error status is ``application/problem+json`` with the ``Problem``
  schema (FastAPI files a response model under ``application/json``);
* no ``422 HTTPValidationError``: bad parameters are answered ``400``
  problem+json (``errors.install``), so FastAPI's validation components go;
* every operation gets the statuses answered before or around its view: the
  edge's refusals (413 a request body, 414 a URL, 431 headers over their
  limits, :mod:`service.web.edge`) and routing's 405 for a method it lacks;
* the headers sent: on a cacheable answer and its 304 (``httpcache``)
  ``ETag``, ``Cache-Control``, ``Vary`` and ``Content-Language``; ``Cache-Control:
  no-store`` on the health checks and on every error, ``Allow`` on a 405 and
  ``Retry-After`` on a 503; ``Content-Encoding`` (not required: ``gzip`` when
  asked for and the body is large enough, :mod:`service.web.encoding`) on
  every answer with a body;
* ``servers`` (the schema's paths are root-relative, so ``/``) and an
  ``info.version`` of :data:`CONTRACT` and a digest of the paths and
  components: it changes whenever the contract does, with nobody to
  remember to bump it, and stays put across restarts and replicas of one
  release (the schema is made the same way each time).

What each view can answer besides (400, 404, 503, 304) its route declares
(:func:`service.web.schemas.answers`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .errors import PROBLEM_JSON

CONTRACT = "1.0"  # the /api/v1 line; the digest after it names the exact contract
EDGE = (405, 413, 414, 431)  # answered for any operation, before or around its view
VALIDATION = ("HTTPValidationError", "ValidationError")
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

_TEXT = {"type": "string"}
CACHE_HEADERS = {
    "ETag": {
        "description": "Strong validator of this body under the index build served; send it "
        "back in If-None-Match for a 304.",
        "required": True,
        "schema": _TEXT,
    },
    "Cache-Control": {
        "description": "public, max-age=<seconds> (LINGODOCS_CACHE_MAX_AGE).",
        "required": True,
        "schema": _TEXT,
    },
    "Vary": {
        "description": "Accept-Language, Accept-Encoding: the body depends on the negotiated "
        "language, and is gzip-encoded for a client that takes it (Accept-Encoding is left "
        "out when LINGODOCS_COMPRESS_MIN_BYTES is 0).",
        "required": True,
        "schema": _TEXT,
    },
    "Content-Language": {
        "description": "The language served (BCP 47).",
        "required": True,
        "schema": _TEXT,
    },
}
ENCODING = {
    "Content-Encoding": {
        "description": "gzip when Accept-Encoding takes it and the body is at least "
        "LINGODOCS_COMPRESS_MIN_BYTES (then the ETag ends in -gzip, and If-None-Match with "
        "either ETag is a 304); absent when the body is sent as it is.",
        "required": False,
        "schema": _TEXT,
    }
}
NO_STORE = {
    "Cache-Control": {
        "description": "no-store: the answer depends on the moment.",
        "required": True,
        "schema": _TEXT,
    }
}
ERROR_HEADERS: dict[int, dict[str, Any]] = {
    405: {
        "Allow": {
            "description": "The methods this path takes.",
            "required": True,
            "schema": _TEXT,
        }
    },
    503: {
        "Retry-After": {
            "description": "Seconds after which the index is checked again.",
            "required": True,
            "schema": {"type": "integer"},
        }
    },
}
DESCRIPTIONS = {
    304: "Not Modified: the copy named by If-None-Match is current (no body).",
    400: "A parameter is invalid (the problem's `errors` says which, where it can).",
    404: "Nothing by that name in the build served.",
    405: "A method this path does not take (GET, HEAD and OPTIONS are taken).",
    413: "A request body: this service takes none.",
    414: "The URL is over the limit.",
    431: "A header, or all of them, over the limit.",
    503: "No build can be served now (none built, or damaged), or too much work waiting; "
    "retry after Retry-After.",
}


def truthful(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (FastAPI's) rewritten in place to say what the server sends."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            operation["responses"] = _responses(operation.get("responses", {}))
    components = schema.get("components", {}).get("schemas", {})
    for name in VALIDATION:
        components.pop(name, None)
    schema["servers"] = [{"url": "/"}]
    schema.setdefault("info", {})["version"] = version_of(schema)
    return schema


def _responses(declared: dict[str, Any]) -> dict[str, Any]:
    declared.pop("422", None)
    cached = "304" in declared
    out: dict[str, Any] = {}
    for code in sorted({*declared, *(str(s) for s in EDGE)}, key=int):
        response = dict(declared.get(code, {}))
        status = int(code)
        if status in DESCRIPTIONS:
            response["description"] = DESCRIPTIONS[status]
        if status >= 400:
            response["content"] = {PROBLEM_JSON: {"schema": PROBLEM_REF}}
            response["headers"] = {**NO_STORE, **ERROR_HEADERS.get(status, {}), **ENCODING}
        elif status == 304:
            response.pop("content", None)
            response["headers"] = CACHE_HEADERS
        elif status == 200:
            response["headers"] = {**(CACHE_HEADERS if cached else NO_STORE), **ENCODING}
        out[code] = response
    return out


def version_of(schema: dict[str, Any]) -> str:
    """:data:`CONTRACT` and a digest of the schema's paths and components."""
    contract = {"paths": schema.get("paths", {}), "components": schema.get("components", {})}
    text = json.dumps(contract, sort_keys=True, ensure_ascii=False).encode()
    return f"{CONTRACT}+{hashlib.sha256(text).hexdigest()[:12]}"
