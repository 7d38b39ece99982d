"""``GET /api/v1/search``: hits in the reader's language, with snippets and a suggestion."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.i18n.locales import Choice
from service.index.catalog import Catalog
from service.ingest.sanitize import inert
from service.search import concepts, results
from service.search.query import MAX_LIMIT, MAX_OFFSET, QueryError

from .. import schemas
from ..deps import API, cacheable, catalog_of, choose, dumps, served
from ..errors import BadRequest, InvalidQuery
from ..work import Busy, deadline, work_of
from .methods import method_json

router = APIRouter(prefix=API)


def search_json(
    catalog: Catalog,
    q: str,
    choice: Choice,
    limit: int,
    offset: int,
    deadline: float | None = None,
) -> dict[str, Any]:
    """One page of results as the API answers it (the pages and the CLI show the same)."""
    try:
        found = results.search(catalog, q, choice.locale, limit, offset, deadline)
    except QueryError as exc:
        raise InvalidQuery(str(exc)) from exc
    except results.OverBudget as exc:
        raise Busy(f"{exc}; retry in a moment") from exc
    return {
        "query": inert(q),  # echoed as plain text, like every string that is not *_html
        **served(choice, choice.locale),
        "total": found.total,
        "limit": limit,
        "offset": offset,
        "hits": [
            {
                "doc_id": r.entry.doc_id,
                "title": r.entry.title,
                "locale": r.hit.locale,
                "path": r.hit.path,
                "url": r.url,
                "anchor": r.hit.anchor or None,
                "method": r.hit.method,
                "snippet": r.hit.snippet,
                "snippet_html": r.hit.snippet_html,
                "score": r.hit.score,
                "module": (
                    {"module_id": r.module.module_id, "name": r.module.name} if r.module else None
                ),
                "field": {"field_id": r.field[0], "label": r.field[1]} if r.field else None,
            }
            for r in found.results
        ],
        "suggestion": found.suggestion,
        "also_searched": list(found.also),
        "answers": [
            {
                "method": record.method,
                "facts": {fact: concepts.fact_value(record, fact) for fact in facts},
                "record": method_json(record, choice),
            }
            for record, facts in found.answers
        ],
    }


_LANG = "Language to serve (BCP 47, e.g. fr or fr-CA); overrides Accept-Language."
_Q = 'Words, "phrases", method:PUT filters.'
# What FastAPI wrote for these parameters when it read them (the contract is unchanged).
_SEARCH_DOC = [
    {
        "name": "q",
        "in": "query",
        "required": True,
        "schema": {"type": "string", "description": _Q, "title": "Q"},
        "description": _Q,
    },
    {
        "name": "lang",
        "in": "query",
        "required": False,
        "schema": {
            "anyOf": [{"type": "string", "maxLength": 64}, {"type": "null"}],
            "description": _LANG,
            "title": "Lang",
        },
        "description": _LANG,
    },
    *(
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {
                "type": "integer",
                "maximum": most,
                "minimum": least,
                "default": default,
                "title": name.title(),
            },
        }
        for name, least, most, default in (
            ("limit", 1, MAX_LIMIT, 10),
            ("offset", 0, MAX_OFFSET, 0),
        )
    ),
]


_INTEGER = re.compile(r"-?[0-9]+")


def _count(params: Mapping[str, str], name: str, least: int, most: int, default: int) -> int:
    """An integer parameter within its bounds, else 400 (as FastAPI's validation said)."""
    text = params.get(name)
    if text is None:
        return default
    if _INTEGER.fullmatch(text) is None:
        raise _invalid(f"{name}: Input should be a valid integer")
    # past 12 digits it is out of bounds (and int() of thousands of digits refuses)
    value = int(text) if len(text) <= 12 else (least - 1 if text[0] == "-" else most + 1)
    if not least <= value <= most:
        bound = (
            f"greater than or equal to {least}"
            if value < least
            else f"less than or equal to {most}"
        )
        raise _invalid(f"{name}: Input should be {bound}")
    return value


def _invalid(message: str) -> BadRequest:
    """A bad parameter's 400, worded as the validation error handler words FastAPI's."""
    return BadRequest(message, errors=[message])


# The search reads its parameters itself, like the lookups: FastAPI's validation of its
# four was a third of a repeated search's time on the event loop (cProfile; 155 -> ... us
# a request over ASGI). The schema describes them as FastAPI did.
@router.get(
    "/search",
    operation_id="search",
    response_model=schemas.SearchOut,
    responses=schemas.answers(304, 400, 503),
    summary="Search the docs in the reader's language",
    openapi_extra={"parameters": _SEARCH_DOC},
)
async def search(request: Request) -> Response:
    """A page of results made already is answered here, on the event loop (a lookup);
    one to be made is made in a worker thread (``web.work``)."""
    params = request.query_params
    q = params.get("q")
    if q is None:
        raise _invalid("q: Field required")
    lang = params.get("lang")
    if lang is not None and len(lang) > 64:
        raise _invalid("lang: String should have at most 64 characters")
    limit = _count(params, "limit", 1, MAX_LIMIT, 10)
    offset = _count(params, "offset", 0, MAX_OFFSET, 0)
    catalog = catalog_of(request)
    choice = choose(request, catalog, lang)
    try:
        made = results.made(catalog, q, choice.locale, limit, offset)
    except QueryError as exc:
        raise InvalidQuery(str(exc)) from exc
    if made:
        body = dumps(search_json(catalog, q, choice, limit, offset))
    else:
        body = await work_of(request).run(_made_now, catalog, q, choice, limit, offset)
    return cacheable(request, body, choice.locale)


def _made_now(catalog: Catalog, q: str, choice: Choice, limit: int, offset: int) -> bytes:
    return dumps(search_json(catalog, q, choice, limit, offset, deadline()))
