"""``/api/v1/apps``, ``/apps/{app_id}``, ``/modules/{module_id}`` and ``/help``: the docs'
field tables as records, for a module editor's contextual help.

``/help?app=…&module=…&field=…`` is the lookup an editor makes from what it
shows (labels in the source language, any case and spacing, or ids) and
answers the one field. A field whose help points at the HTTP request methods
article (the Method picker) carries the method records too, in picker order:
one call gives the picker's whole help. Bodies are prepared once per build,
request shape and negotiated language, like the method lookups.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.i18n.locales import Choice
from service.index.apps import Names
from service.index.apps import apps_of as index_of
from service.index.catalog import Catalog
from service.records import App, Module

from .. import help_schemas as schemas
from .. import schemas as common
from ..deps import API, catalog_of, choose, prepared, served
from ..errors import BadRequest, NotFound
from .docs import LangParam
from .methods import LANG_DOC, method_json

router = APIRouter(prefix=API)
MAX_NAME = 200  # characters of an app, module or field name


def _find(names: Names, text: str, what: str, **where: str) -> str:
    found = names.find(text)
    if found is None:
        near = names.near(text)
        hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        raise NotFound(f"no {what} '{text[:80]}'{hint}", did_you_mean=near, **where)
    return found


def _app(catalog: Catalog, app_id: str, choice: Choice) -> App:
    apps = index_of(catalog)
    found = apps.app(choice.locale, _find(apps.apps, app_id, "app"))
    if found is None:  # listed but not stored: a damaged build would say so first
        raise NotFound(f"no app '{app_id[:80]}'")
    return found


def _about(catalog: Catalog, app: App, anchor: str = "") -> dict[str, Any]:
    """Where a record comes from (the article section) and the translation's status."""
    entry = catalog.by_path.get((app.locale, app.path))
    url = (entry.url if entry else "") + (f"#{anchor}" if anchor else "")
    return {
        "source": {
            "doc_id": entry.doc_id if entry else app.path,
            "path": app.path,
            "title": app.title,
            "url": url,
            "anchor": anchor,
        },
        "translation": entry.translation.as_dict() if entry else None,
    }


def _module_json(catalog: Catalog, app: App, module: Module, choice: Choice) -> dict[str, Any]:
    return {
        "module_id": module.module_id,
        **served(choice, app.locale),
        "name": module.name,
        "group": module.group,
        "description": module.description,
        "app": {"app_id": app.app_id, "title": app.title},
        "fields": [f.as_dict() for f in module.fields],
        **_about(catalog, app, module.anchor),
        "findings": list(module.findings),
    }


@router.get(
    "/apps",
    operation_id="listApps",
    response_model=schemas.AppsOut,
    responses=common.answers(304, 400, 503),
    summary="Every app the docs describe, in the reader's language",
)
async def list_apps(request: Request, lang: LangParam = None) -> Response:
    catalog = catalog_of(request)
    choice = choose(request, catalog, lang)

    def make() -> dict[str, Any]:
        return {
            **served(choice, choice.locale),
            "apps": [
                {
                    "app_id": s.app_id,
                    "title": s.title,
                    "modules": s.modules,
                    "fields": s.fields,
                    "url": f"{API}/apps/{s.app_id}",
                }
                for s in index_of(catalog).summaries(choice.locale)
            ],
        }

    return prepared(request, catalog, ("apps", choice), make)


@router.get(
    "/apps/{app_id}",
    operation_id="getApp",
    response_model=schemas.AppOut,
    responses=common.answers(304, 400, 404, 503),
    summary="One app and its modules by group, in the reader's language",
)
async def get_app(request: Request, app_id: str, lang: LangParam = None) -> Response:
    catalog = catalog_of(request)
    choice = choose(request, catalog, lang)
    app = _app(catalog, app_id, choice)

    def make() -> dict[str, Any]:
        groups: dict[str | None, list[dict[str, Any]]] = {}
        for m in app.modules:
            groups.setdefault(m.group, []).append(
                {
                    "module_id": m.module_id,
                    "name": m.name,
                    "fields": len(m.fields),
                    "url": f"{API}/modules/{m.module_id}",
                }
            )
        return {
            "app_id": app.app_id,
            **served(choice, app.locale),
            "title": app.title,
            "groups": [{"group": g, "modules": ms} for g, ms in groups.items()],
            "connection_fields": [f.as_dict() for f in app.connection_fields],
            **_about(catalog, app),
        }

    return prepared(request, catalog, ("app", app.app_id, choice), make)


@router.get(
    "/modules/{module_id}",
    operation_id="getModule",
    response_model=schemas.ModuleOut,
    responses=common.answers(304, 400, 404, 503),
    summary="One module: its fields and their help, in the reader's language",
)
async def get_module(request: Request, module_id: str, lang: LangParam = None) -> Response:
    catalog = catalog_of(request)
    choice = choose(request, catalog, lang)
    app_id = module_id.partition(".")[0]
    app = _app(catalog, app_id, choice)
    names = index_of(catalog).modules(app.app_id).modules
    wanted = _find(names, module_id, "module", app=app.app_id)
    module = app.module(wanted)
    if module is None:
        raise NotFound(f"no module '{module_id[:80]}' in {app.title}", app=app.app_id)
    return prepared(
        request,
        catalog,
        ("module", wanted, choice),
        lambda: _module_json(catalog, app, module, choice),
    )


_HELP_DOC = [
    {
        "name": name,
        "in": "query",
        "required": True,
        "description": f"The {name} as the editor shows it (source language), or its id.",
        "schema": {"type": "string", "maxLength": MAX_NAME},
    }
    for name in ("app", "module", "field")
]


# The lookup reads its parameters itself, like the method lookups: FastAPI's
# per-parameter validation costs more than the whole lookup. The schema describes them.
@router.get(
    "/help",
    operation_id="getFieldHelp",
    response_model=schemas.HelpOut,
    responses=common.answers(304, 400, 404, 503),
    summary="The help of one field of one module, as a module editor asks for it",
    openapi_extra={"parameters": [*_HELP_DOC, LANG_DOC]},
)
async def get_help(request: Request) -> Response:
    params = request.query_params
    names = {n: params.get(n, "").strip() for n in ("app", "module", "field")}
    app, module, field = names["app"], names["module"], names["field"]
    too_long = [n for n, v in names.items() if len(v) > MAX_NAME]
    if too_long:
        raise BadRequest(f"{', '.join(too_long)}: at most {MAX_NAME} characters")
    catalog = catalog_of(request)
    missing = [n for n, v in names.items() if not v]
    if missing:
        raise BadRequest(f"give {', '.join(missing)}: app, module and field name one field")
    assert app and module and field
    choice = choose(request, catalog, params.get("lang"))
    apps = index_of(catalog)
    app_id = _find(apps.apps, app, "app")
    module_id = _find(apps.modules(app_id).modules, module, "module", app=app_id)
    field_id = _find(apps.fields(module_id), field, "field", module=module_id)

    def make() -> dict[str, Any]:
        # the reader's translation of the field, else the source's (a row it lacks)
        for locale in dict.fromkeys((choice.locale, catalog.source_locale)):
            found = apps.app(locale, app_id)
            mod = found.module(module_id) if found else None
            row = mod.field(field_id) if mod else None
            if found is not None and mod is not None and row is not None:
                break
        else:
            raise NotFound(f"no field '{field[:80]}' in this build")
        body: dict[str, Any] = {
            "field_id": row.field_id,
            **served(choice, found.locale),
            **{k: v for k, v in row.as_dict().items() if k != "field_id"},
            "module": {"module_id": mod.module_id, "name": mod.name, "group": mod.group},
            "app": {"app_id": found.app_id, "title": found.title},
            **_about(catalog, found, mod.anchor),
            "findings": list(mod.findings),
            "methods": [],
        }
        # the Method picker: its help (in the source: a translation may drop the link)
        # points at the article that documents the methods
        if apps.picks_method(module_id, field_id):
            body["methods"] = [
                method_json(catalog.pick(m, choice.locale), choice) for m in catalog.methods
            ]
        return body

    return prepared(request, catalog, ("help", module_id, field_id, choice), make)
