"""``GET /api/v1/docs/{doc_id}``: a document in the reader's language, with its translations.

Admonition titles are put in the document's language here (the build keeps
the dialect's English ones); the body is prepared once per build, document
and negotiated language.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.dialect.titles import retitle
from service.i18n.catalogs import gettext_for
from service.i18n.locales import Choice
from service.index.catalog import Catalog
from service.records import Document

from .. import schemas
from ..deps import API, catalog_of, choose, prepared, served
from ..errors import NotFound
from ..relink import relinked

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
    operation_id="getDocument",
    response_model=schemas.DocOut,
    responses=schemas.answers(304, 400, 404, 503),
    summary="A document in the reader's language, with its translations",
)
async def get_doc(request: Request, doc_id: str, lang: LangParam = None) -> Response:
    catalog = catalog_of(request)
    choice = choose(request, catalog, lang)
    entry = catalog.doc_entry(doc_id, choice.locale)
    missing = NotFound(f"no document with id '{doc_id[:80]}'")
    if entry is None:
        raise missing

    def make() -> dict[str, Any]:  # only on the build's first request for it: the store is read
        doc = catalog.docs.get(entry.locale, entry.doc_id)
        if doc is None:
            raise missing
        return doc_json(catalog, doc, choice)

    return prepared(request, catalog, ("doc", doc_id, choice), make)


def doc_json(catalog: Catalog, doc: Document, choice: Choice) -> dict[str, Any]:
    """A document's JSON form: its sections with their admonition titles in its language
    (and, shown in another language than the reader's, its links to the reader's pages)."""
    _ = gettext_for(doc.locale)
    sections = []
    for section in doc.sections:
        data = section.as_dict()
        del data["text"]
        html = relinked(section.html, doc.locale, choice.locale, catalog)  # a fallback's links
        sections.append({**data, "html": retitle(html, _)})
    return {
        "doc_id": doc.doc_id,
        **served(choice, doc.locale),
        "path": doc.path,
        "title": doc.title,
        "description": doc.description,
        "url": doc.url,
        "sections": sections,
        "translation": doc.translation.as_dict(),
        "translations": [
            {
                "locale": e.locale,
                "title": e.title,
                "url": e.url,
                "translation": e.translation.as_dict(),
            }
            for e in catalog.translations_of(doc.doc_id)
        ],
    }
