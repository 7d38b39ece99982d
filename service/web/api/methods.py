"""``GET /api/v1/methods`` and ``/methods/{method}``: the HTTP-method picker's help.

Lookups are dictionary reads of bodies prepared once per build and request
shape (method, negotiated language): the request path does no parsing and
no index search. Facts that do not depend on language come from the
source-language entry; the translation supplies the text.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.i18n.locales import Choice
from service.records import MethodRecord

from .. import schemas
from ..deps import API, catalog_of, choose, prepared, served
from ..errors import NotFound

router = APIRouter(prefix=API)

# The two lookups read their parameters themselves: FastAPI's per-parameter validation
# costs more than the whole lookup. The OpenAPI schema still describes them.
LANG_DOC = {
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


def method_json(record: MethodRecord, choice: Choice) -> dict[str, Any]:
    """A record's JSON form with the negotiation fields after its method."""
    data = record.as_dict()
    return {"method": data.pop("method"), **served(choice, data.pop("locale")), **data}


@router.get(
    "/methods/{method}",
    operation_id="getMethod",
    response_model=schemas.MethodOut,
    responses=schemas.answers(304, 400, 404, 503),
    summary="One HTTP method's help, in the reader's language",
    openapi_extra={"parameters": [_METHOD_DOC, LANG_DOC]},
)
async def get_method(request: Request) -> Response:
    catalog = catalog_of(request)
    choice = choose(request, catalog, request.query_params.get("lang"))
    method: str = request.path_params["method"]
    name = method.upper()
    if name not in catalog.methods:
        raise NotFound(
            f"the docs describe no method '{method[:40]}'; documented methods: "
            f"{', '.join(catalog.methods)}",
            methods=list(catalog.methods),
        )
    return prepared(
        request,
        catalog,
        ("method", name, choice),
        lambda: method_json(catalog.pick(name, choice.locale), choice),
    )


@router.get(
    "/methods",
    operation_id="listMethods",
    response_model=schemas.MethodsOut,
    responses=schemas.answers(304, 400, 503),
    summary="Every documented HTTP method, in picker order",
    openapi_extra={"parameters": [LANG_DOC]},
)
async def list_methods(request: Request) -> Response:
    catalog = catalog_of(request)
    choice = choose(request, catalog, request.query_params.get("lang"))
    return prepared(
        request,
        catalog,
        ("methods", choice),
        lambda: {
            **served(choice, choice.locale),
            "methods": [
                method_json(catalog.pick(m, choice.locale), choice) for m in catalog.methods
            ],
        },
    )
