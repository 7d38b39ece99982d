"""``/{locale}/search?q=``: search results in the page's language, ten a page."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.index.catalog import Catalog
from service.ingest.methods import KNOWN
from service.records import doc_url
from service.search import results
from service.search.query import MAX_OFFSET, QueryError, UnknownMethod

from ..deps import catalog_of
from ..errors import InvalidQuery
from ..work import Busy, deadline, offloaded
from .frame import page, page_locale

router = APIRouter(include_in_schema=False)
PER_PAGE = 10


@router.get("/{locale}/search")
@offloaded
def search_page(
    request: Request,
    locale: str,
    q: Annotated[str, Query(max_length=1000)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // PER_PAGE)] = 1,
) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    query = q.strip()

    def url(loc: str, **more: Any) -> str:
        params = {"q": query, **more} if query else more
        return f"/{loc}/search" + (f"?{urlencode(params)}" if params else "")

    found, pages = None, None
    suggestion_url: str | None = url(locale)
    if query:
        found, last = _results(catalog, query, locale, page_number)
        pages = {
            "number": page_number,
            "last": last,
            "prev": url(locale, page=page_number - 1) if page_number > 1 else None,
            "next": url(locale, page=page_number + 1) if page_number < last else None,
        }
        suggestion = found["suggestion"]
        suggestion_url = f"/{locale}/search?{urlencode({'q': suggestion})}" if suggestion else None
    return page(
        request,
        catalog,
        locale,
        "search.html",
        available=catalog.locales,
        url_for=url,
        x_default=url(catalog.source_locale),
        q=query,
        found=found,
        pages=pages,
        suggestion_url=suggestion_url,
        header_search=False,  # its own form, with the query and the syntax's hint, is the one
    )


def _results(catalog: Catalog, query: str, locale: str, number: int) -> tuple[dict[str, Any], int]:
    """Page ``number`` of the results, as the template shows them, and the last page's number."""
    try:
        done = results.search(catalog, query, locale, PER_PAGE, (number - 1) * PER_PAGE, deadline())
    except UnknownMethod as exc:
        raise InvalidQuery(str(exc), methods=list(KNOWN)) from exc
    except QueryError as exc:
        raise InvalidQuery(str(exc)) from exc
    except results.OverBudget as exc:
        raise Busy(f"{exc}; retry in a moment") from exc
    found = {
        "total": done.total,
        "suggestion": done.suggestion,
        "hits": [  # links stay in the reader's language, whatever the hit's
            {
                "title": r.entry.title,
                "locale": r.hit.locale,
                "method": r.hit.method,
                "snippet_html": r.hit.snippet_html,
                "url": doc_url(locale, r.entry.doc_id)
                + (f"#{r.hit.anchor}" if r.hit.anchor else ""),
            }
            for r in done.results
        ],
    }
    return found, min((done.total + PER_PAGE - 1) // PER_PAGE, MAX_OFFSET // PER_PAGE)
