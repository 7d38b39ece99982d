"""``GET /api/v1/docs/{doc_id}``: a document in the reader's language, with its translations.

Admonition titles are put in the document's language here (the build keeps
the dialect's English ones); the body is prepared once per build, document
and negotiated language.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.dialect.alerts import retitle
from service.i18n.catalogs import gettext_for

from .. import schemas
from ..deps import API, cacheable, catalog_of, choose, dumps, served
from ..errors import NotFound
from ..httpcache import etag_for

router = APIRouter(prefix=API)
LangParam = Annotated[
    str | None,
    Query(
        description="Language to serve (BCP 47, e.g. fr or fr-CA); overrides Accept-Language.",
        max_length=64,
    ),
]


@router.get(
    "/docs/{doc_id}",
    response_model=schemas.DocOut,
    responses=schemas.problems(400, 404, 503),
    summary="A document in the reader's language, with its translations",
)
async def get_doc(request: Request, doc_id: str, lang: LangParam = None) -> Response:
    catalog = catalog_of(request)
    choice = choose(request, catalog, lang)
    entry = catalog.doc_entry(doc_id, choice.locale)
    key = ("doc", doc_id, choice)
    found = catalog.memo.get(key)
    if found is None:
        doc = catalog.docs.get(entry.locale, entry.doc_id) if entry is not None else None
        if doc is None:
            raise NotFound(f"no document with id '{doc_id[:80]}'")
        _ = gettext_for(doc.locale)
        payload = {
            "doc_id": doc.doc_id,
            **served(choice, doc.locale),
            "path": doc.path,
            "title": doc.title,
            "description": doc.description,
            "url": doc.url,
            "sections": [
                {
                    "heading": s.heading,
                    "anchor": s.anchor,
                    "level": s.level,
                    "html": retitle(s.html, _),
                }
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
                for e in catalog.translations_of(doc_id)
            ],
        }
        body = dumps(payload)
        found = catalog.memo[key] = (body, etag_for(catalog.build_id, body), doc.locale)
    return cacheable(request, found[0], found[2], etag=found[1])
