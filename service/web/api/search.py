"""``GET /api/v1/search``: hits in the reader's language, with snippets and a suggestion."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.i18n.locales import Choice
from service.index.catalog import Catalog
from service.ingest.sanitize import inert
from service.search import concepts, results
from service.search.query import MAX_LIMIT, MAX_OFFSET, QueryError

from .. import schemas
from ..deps import API, cacheable, catalog_of, choose, dumps, served
from ..errors import InvalidQuery
from ..work import Busy, deadline, work_of
from .docs import LangParam
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


@router.get(
    "/search",
    operation_id="search",
    response_model=schemas.SearchOut,
    responses=schemas.answers(304, 400, 503),
    summary="Search the docs in the reader's language",
)
async def search(
    request: Request,
    q: Annotated[str, Query(description='Words, "phrases", method:PUT filters.')],
    lang: LangParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """A page of results made already is answered here, on the event loop (a lookup);
    one to be made is made in a worker thread (``web.work``)."""
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
