"""The JSON API under ``/api/v1``: method records, documents, locales, search.

Lookups are dictionary reads of bytes prepared per build: the request path
does no parsing and no index search. Every response says which language it
is in and why (``locale``, ``requested_locale``, ``fallback``).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from . import schemas
from .catalog import Catalog, Entry
from .errors import InvalidLocale, InvalidQuery, NotFound, Unavailable
from .httpcache import conditional, etag_for
from .languages import Choice, choose, display_name, english_name, lang_param
from .records import MethodRecord
from .search import MAX_LIMIT, MAX_OFFSET, QueryError
from .settings import Settings

router = APIRouter(prefix="/api/v1")
JSON = "application/json"
LangParam = Annotated[
    str | None,
    Query(
        description="Language to serve (BCP 47, e.g. fr or fr-CA); overrides Accept-Language.",
        max_length=64,
    ),
]
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.Problem, "content": {"application/problem+json": {}}}
    for code in (400, 404, 503)
}


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def catalog_of(request: Request) -> Catalog:
    catalog: Catalog | None = request.app.state.live.catalog
    if catalog is None:
        raise Unavailable("no index is built yet; run `lingodocs ingest`")
    return catalog


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def default_locale(catalog: Catalog, settings: Settings) -> str:
    if settings.default_locale in catalog.locales:
        return settings.default_locale
    return catalog.source_locale if catalog.source_locale in catalog.locales else catalog.locales[0]


def negotiate(request: Request, catalog: Catalog, lang: str | None) -> Choice:
    """``?lang=`` (must be valid), then Accept-Language, then the default locale."""
    if lang is not None:
        code = lang_param(lang, catalog.locales)
        if code is None:
            raise InvalidLocale(
                f"'{lang[:64]}' is not a language this service has; available: "
                f"{', '.join(catalog.locales)}",
                available=list(catalog.locales),
            )
        return Choice(code, code, False)
    return choose(
        None,
        request.headers.get("accept-language"),
        catalog.locales,
        default_locale(catalog, settings_of(request)),
    )


def _served(choice: Choice, served: str) -> dict[str, Any]:
    """The negotiation fields: what was served, what was asked for, and whether they differ."""
    requested = choice.requested
    return {
        "locale": served,
        "requested_locale": requested,
        "fallback": requested is not None and served != requested,
    }


def _record_parts(record: MethodRecord) -> tuple[bytes, bytes]:
    """A record's JSON split where the per-request fields go."""
    data = record.as_dict()
    head = dumps({"method": data.pop("method"), "locale": data.pop("locale")})[:-1] + b","
    return head, dumps(data)[1:]


def method_body(catalog: Catalog, method: str, choice: Choice) -> tuple[bytes, str, str]:
    """(body, etag, served locale) for one method, memoised per build and request shape."""
    key = ("method", method, choice)
    found = catalog.memo.get(key)
    if found is None:
        record = pick(catalog, method, choice.locale)
        head, tail = _record_parts(record)
        fields = _served(choice, record.locale)
        middle = (
            dumps({"requested_locale": fields["requested_locale"], "fallback": fields["fallback"]})[
                1:-1
            ]
            + b","
        )
        body = head + middle + tail
        found = (body, etag_for(catalog.build_id, body), record.locale)
        catalog.memo[key] = found
    return found


def pick(catalog: Catalog, method: str, locale: str) -> MethodRecord:
    record = catalog.lookup.get(locale, {}).get(method) or catalog.lookup.get(
        catalog.source_locale, {}
    ).get(method)
    if record is None:
        record = next(r for by_m in catalog.lookup.values() for m, r in by_m.items() if m == method)
    return record


# The two lookups read their parameters themselves: FastAPI's per-parameter validation
# costs more than the whole lookup. The OpenAPI schema still describes them.
_LANG_DOC = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language to serve (BCP 47, e.g. fr or fr-CA); overrides Accept-Language.",
    "schema": {"type": "string", "maxLength": 64},
}
_METHOD_DOC = {
    "name": "method",
    "in": "path",
    "required": True,
    "description": "HTTP method name, any case (GET, post, Put …).",
    "schema": {"type": "string"},
}


@router.get(
    "/methods/{method}",
    response_model=schemas.MethodOut,
    responses=_PROBLEMS,
    summary="One HTTP method's help, in the reader's language",
    openapi_extra={"parameters": [_METHOD_DOC, _LANG_DOC]},
)
async def get_method(request: Request) -> Response:
    catalog = catalog_of(request)
    choice = negotiate(request, catalog, request.query_params.get("lang"))
    method: str = request.path_params["method"]
    name = method.upper()
    if name not in catalog.methods:
        raise NotFound(
            f"the docs describe no method '{method[:40]}'; documented methods: "
            f"{', '.join(catalog.methods)}",
            methods=list(catalog.methods),
        )
    body, etag, served = method_body(catalog, name, choice)
    return conditional(request, body, JSON, etag, served, settings_of(request).cache_max_age)


@router.get(
    "/methods",
    response_model=schemas.MethodsOut,
    responses=_PROBLEMS,
    summary="Every documented HTTP method, in picker order",
    openapi_extra={"parameters": [_LANG_DOC]},
)
async def list_methods(request: Request) -> Response:
    catalog = catalog_of(request)
    choice = negotiate(request, catalog, request.query_params.get("lang"))
    key = ("methods", choice)
    found = catalog.memo.get(key)
    if found is None:
        parts = [method_body(catalog, m, choice)[0] for m in catalog.methods]
        head = dumps(_served(choice, choice.locale))[:-1]
        body = head + b',"methods":[' + b",".join(parts) + b"]}"
        found = catalog.memo[key] = (body, etag_for(catalog.build_id, body))
    return conditional(
        request, found[0], JSON, found[1], choice.locale, settings_of(request).cache_max_age
    )


def translations_of(catalog: Catalog, doc_id: str) -> list[Entry]:
    return sorted(catalog.articles.get(doc_id, {}).values(), key=lambda e: e.locale)


def doc_entry(catalog: Catalog, doc_id: str, locale: str) -> Entry:
    """The article in ``locale``, else in the source language, else in any language."""
    versions = catalog.articles.get(doc_id)
    if not versions:
        raise NotFound(f"no document with id '{doc_id[:80]}'")
    return (
        versions.get(locale) or versions.get(catalog.source_locale) or versions[sorted(versions)[0]]
    )


@router.get(
    "/docs/{doc_id}",
    response_model=schemas.DocOut,
    responses=_PROBLEMS,
    summary="A document in the reader's language, with its translations",
)
async def get_doc(request: Request, doc_id: str, lang: LangParam = None) -> Response:
    catalog = catalog_of(request)
    choice = negotiate(request, catalog, lang)
    entry = doc_entry(catalog, doc_id, choice.locale)
    key = ("doc", doc_id, choice)
    found = catalog.memo.get(key)
    if found is None:
        doc = catalog.docs.get(entry.locale, entry.doc_id)
        if doc is None:
            raise NotFound(f"no document with id '{doc_id[:80]}'")
        payload = {
            "doc_id": doc.doc_id,
            **_served(choice, doc.locale),
            "path": doc.path,
            "title": doc.title,
            "description": doc.description,
            "url": doc.url,
            "sections": [
                {"heading": s.heading, "anchor": s.anchor, "level": s.level, "html": s.html}
                for s in doc.sections
            ],
            "translation": doc.translation.as_dict(),
            "translations": [
                {
                    "locale": e.locale,
                    "title": e.title,
                    "url": e.url,
                    "translation": e.translation.as_dict(),
                }
                for e in translations_of(catalog, doc_id)
            ],
        }
        body = dumps(payload)
        found = (body, etag_for(catalog.build_id, body), doc.locale)
        if len(catalog.memo) < 10_000:
            catalog.memo[key] = found
    return conditional(
        request, found[0], JSON, found[1], found[2], settings_of(request).cache_max_age
    )


@router.get(
    "/locales",
    response_model=list[schemas.LocaleOut],
    responses=_PROBLEMS,
    summary="The languages the content is in",
)
async def list_locales(request: Request) -> Response:
    catalog = catalog_of(request)
    body = dumps(
        [
            {"code": c, "name": display_name(c), "english_name": english_name(c)}
            for c in catalog.locales
        ]
    )
    return conditional(
        request,
        body,
        JSON,
        etag_for(catalog.build_id, body),
        default_locale(catalog, settings_of(request)),
        settings_of(request).cache_max_age,
    )


@router.get(
    "/search",
    response_model=schemas.SearchOut,
    responses=_PROBLEMS,
    summary="Search the docs in the reader's language",
)
async def search(
    request: Request,
    q: Annotated[str, Query(description='Words, "phrases", method:PUT filters.')],
    lang: LangParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    catalog = catalog_of(request)
    choice = negotiate(request, catalog, lang)
    payload = run_search(catalog, q, choice, limit, offset)
    body = dumps(payload)
    return conditional(
        request,
        body,
        JSON,
        etag_for(catalog.build_id, body),
        choice.locale,
        settings_of(request).cache_max_age,
    )


def run_search(catalog: Catalog, q: str, choice: Choice, limit: int, offset: int) -> dict[str, Any]:
    """Hits in the reader's language; when they run out before the page is full,
    source-language articles the language has no translation of follow."""
    locale = choice.locale
    try:
        local = catalog.searcher.search(q, locale, limit=offset + limit)
        hits = list(local.hits)
        total = local.total
        suggestion = local.suggestion
        if locale != catalog.source_locale and len(hits) < offset + limit:
            more = catalog.searcher.search(
                q,
                catalog.source_locale,
                limit=max(0, offset + limit - len(hits)),
                within=catalog.untranslated(locale),
            )
            hits += more.hits
            total += more.total
    except QueryError as exc:
        raise InvalidQuery(str(exc)) from exc
    out = []
    for hit in hits[offset : offset + limit]:
        entry = catalog.by_path.get((hit.locale, hit.path))
        if entry is None:
            continue
        url = entry.url + (f"#{hit.anchor}" if hit.anchor else "")
        out.append(
            {
                "doc_id": entry.doc_id,
                "title": entry.title,
                "locale": hit.locale,
                "path": hit.path,
                "url": url,
                "anchor": hit.anchor or None,
                "method": hit.method,
                "snippet": hit.snippet,
                "score": hit.score,
            }
        )
    return {
        "query": q,
        **_served(choice, locale),
        "total": total,
        "limit": limit,
        "offset": offset,
        "hits": out,
        "suggestion": suggestion,
    }


health = APIRouter()


@health.get("/healthz", response_model=schemas.Health, summary="The process is alive")
@router.get("/healthz", response_model=schemas.Health, summary="The process is alive")
async def healthz() -> Response:
    return Response(b'{"status":"ok"}', media_type=JSON, headers={"Cache-Control": "no-store"})


@health.get(
    "/readyz",
    response_model=schemas.Ready,
    responses=_PROBLEMS,
    summary="An index is open and serving",
)
@router.get(
    "/readyz",
    response_model=schemas.Ready,
    responses=_PROBLEMS,
    summary="An index is open and serving",
)
async def readyz(request: Request) -> Response:
    catalog = catalog_of(request)
    body = dumps(
        {
            "status": "ready",
            "build": catalog.build_id,
            "created": catalog.created,
            "documents": len(catalog.entries),
            "records": len(catalog.records),
            "locales": list(catalog.locales),
        }
    )
    return Response(body, media_type=JSON, headers={"Cache-Control": "no-store"})
