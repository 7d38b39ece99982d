"""A client generated from the served schema drives every operation of a real server.

The schema is read as a client's author reads it (``/api/v1/openapi.json``),
handed to openapi-python-client (offline: a file, no post-hooks, and
``--fail-on-warning``: a schema it cannot read whole fails here, and is fixed
in ``service/web/contract.py``, not in this test), and the package it writes
is imported and pointed at ``lingodocs serve`` over content/ and the Acme app
articles. Each operation id the schema has must have a row in :data:`CASES`:
its answer parses to the generated model; where the operation declares a 404
or a 400, one is provoked and parses to the generated ``Problem`` (typed
extensions included); where it declares a 304, the ETag sent back in
``If-None-Match`` gets one, which the client hands back as ``parsed = None``
(the schema declares no body for it).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import ARTICLE
from tests.servers import HOST, Server, serve

PACKAGE = "lingodocs_client"
Check = Callable[[Any], bool]


@dataclass(frozen=True)
class Case:
    """One operation: the generated function's module, arguments answered 200, the model
    of that answer and what it says; arguments answered 404 and 400, and what their
    problem says besides its status."""

    module: str
    ok: dict[str, Any]
    model: str
    says: Check
    missing: tuple[dict[str, Any], Check] | None = None
    bad: tuple[dict[str, Any], Check] | None = None


def _listed(problem: Any) -> bool:
    return "xx" in problem.detail and problem.available == ["en", "fr", "nl", "sv"]


CASES: dict[str, Case] = {
    "listMethods": Case(
        "list_methods",
        {"lang": "sv"},
        "MethodsOut",
        lambda m: m.locale == "sv" and [r.method for r in m.methods][:2] == ["GET", "POST"],
        bad=({"lang": "xx"}, _listed),
    ),
    "getMethod": Case(
        "get_method",
        {"method": "patch", "lang": "nl"},
        "MethodOut",
        lambda m: m.method == "PATCH" and m.idempotent is False and m.spec.safe is False,
        missing=({"method": "trace"}, lambda p: "PATCH" in p.methods),
        bad=({"method": "patch", "lang": "xx"}, _listed),
    ),
    "listApps": Case(
        "list_apps",
        {"lang": "fr"},
        "AppsOut",
        lambda m: "acme" in [a.app_id for a in m.apps],
        bad=({"lang": "xx"}, _listed),
    ),
    "getApp": Case(
        "get_app",
        {"app_id": "acme", "lang": "en"},
        "AppOut",
        lambda m: m.app_id == "acme" and any(g.group == "Actions" for g in m.groups),
        missing=({"app_id": "acmee"}, lambda p: p.did_you_mean == ["Acme modules"]),
        bad=({"app_id": "acme", "lang": "xx"}, _listed),
    ),
    "getModule": Case(
        "get_module",
        {"module_id": "acme.create-a-record", "lang": "fr"},
        "ModuleOut",
        lambda m: m.module_id == "acme.create-a-record" and m.locale == "fr",
        missing=({"module_id": "acme.create-a-recrd"}, lambda p: p.app == "acme"),
        bad=({"module_id": "acme.create-a-record", "lang": "xx"}, _listed),
    ),
    "getFieldHelp": Case(
        "get_field_help",
        {"app": "Acme", "module": "Create a record", "field": "Method", "lang": "nl"},
        "HelpOut",
        lambda m: m.field_id == "method" and [r.method for r in m.methods][-1] == "DELETE",
        missing=(
            {"app": "Acme", "module": "Create a record", "field": "Methd"},
            lambda p: p.did_you_mean == ["Method"] and p.module == "acme.create-a-record",
        ),
        bad=({"app": "Acme", "module": "Create a record", "field": ""}, lambda p: True),
    ),
    "getDocument": Case(
        "get_document",
        {"doc_id": ARTICLE, "lang": "fr"},
        "DocOut",
        lambda m: m.doc_id == ARTICLE and m.locale == "fr" and len(m.sections) > 1,
        missing=({"doc_id": "no-such-document"}, lambda p: "no-such-document" in p.detail),
        bad=({"doc_id": ARTICLE, "lang": "xx"}, _listed),
    ),
    "listLocales": Case(
        "list_locales",
        {},
        "LocaleOut",
        lambda m: [(loc.code, loc.english_name) for loc in m][1] == ("fr", "French"),
    ),
    "search": Case(
        "search",
        {"q": "methode requete", "lang": "fr", "limit": 1},
        "SearchOut",
        lambda m: m.total >= 2 and m.hits[0].doc_id == ARTICLE and m.hits[0].score > 0,
        bad=({"q": "x", "limit": 1000}, lambda p: any("limit" in e for e in p.errors)),
    ),
    "getQuality": Case(
        "get_quality",
        {"locale": ["nl"], "limit": 1},
        "QualityOut",
        lambda m: m.matched >= 1 and m.locales[0].locale == "nl" and len(m.locales) == 1,
        bad=({"kind": "spelling"}, lambda p: "idempotency" in p.kinds),
    ),
    "getHealth": Case("get_health", {}, "Health", lambda m: m.status == "ok"),
    "getHealthAtRoot": Case("get_health_at_root", {}, "Health", lambda m: m.status == "ok"),
    "getReadiness": Case("get_readiness", {}, "Ready", lambda m: m.documents > 5),
    "getReadinessAtRoot": Case("get_readiness_at_root", {}, "Ready", lambda m: m.documents > 5),
}


@pytest.fixture(scope="module")
def schema(apps_settings: Settings) -> dict[str, Any]:
    with TestClient(create_app(apps_settings)) as client:
        reply = client.get("/api/v1/openapi.json")
    assert reply.status_code == 200
    found: dict[str, Any] = reply.json()
    return found


@pytest.fixture(scope="module")
def generated(schema: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The package openapi-python-client writes from the served schema, imported."""
    where = tmp_path_factory.mktemp("client")
    (where / "openapi.json").write_text(json.dumps(schema), encoding="utf-8")
    # no post-hooks: they would run ruff over the package, which importing needs not
    (where / "config.yaml").write_text(
        f"package_name_override: {PACKAGE}\npost_hooks: []\n", encoding="utf-8"
    )
    run = subprocess.run(
        [
            *(sys.executable, "-m", "openapi_python_client", "generate"),
            *("--path", str(where / "openapi.json"), "--config", str(where / "config.yaml")),
            *("--meta", "none", "--output-path", str(where / PACKAGE), "--fail-on-warning"),
        ],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0 and "Warning" not in run.stdout, run.stdout + run.stderr
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def server(apps_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("client-server") / "serve.log"
    with serve(apps_settings.index, apps_settings.content, log=log) as found:
        yield found


@contextlib.contextmanager
def connected(generated: Any, server: Server, **headers: str) -> Iterator[Any]:
    """A generated client of ``server``, sending ``headers``; closed at the end (its
    ``with_headers`` makes one that is never closed)."""
    with generated.Client(
        base_url=f"http://{HOST}:{server.port}",
        headers=headers,
        raise_on_unexpected_status=True,  # a status the schema does not declare fails
        timeout=10.0,
    ) as client:
        yield client


@pytest.fixture(scope="module")
def api(generated: Any, server: Server) -> Iterator[Any]:
    with connected(generated, server) as client:
        yield client


def _operations(schema: dict[str, Any]) -> dict[str, set[int]]:
    """Each operation id and the statuses it declares."""
    return {
        op["operationId"]: {int(code) for code in op["responses"]}
        for item in schema["paths"].values()
        for op in item.values()
    }


def _function(generated: Any, case: Case) -> Callable[..., Any]:
    module: ModuleType = importlib.import_module(f"{PACKAGE}.api.default.{case.module}")
    found: Callable[..., Any] = module.sync_detailed
    return found


def test_every_operation_has_a_case(schema: dict[str, Any]) -> None:
    assert sorted(_operations(schema)) == sorted(CASES)


@pytest.mark.parametrize("op_id", sorted(CASES))
def test_the_generated_client_drives_the_operation(
    schema: dict[str, Any], generated: Any, server: Server, api: Any, op_id: str
) -> None:
    case, declared = CASES[op_id], _operations(schema)[op_id]
    call = _function(generated, case)
    models = importlib.import_module(f"{PACKAGE}.models")

    reply = call(client=api, **case.ok)
    assert reply.status_code == HTTPStatus.OK, reply.content[:300]
    parsed = reply.parsed
    items = parsed if isinstance(parsed, list) else [parsed]
    assert items and all(isinstance(item, getattr(models, case.model)) for item in items), parsed
    assert case.says(parsed), parsed

    if 304 in declared:  # the answer's ETag sent back: not modified, no body to parse
        with connected(generated, server, **{"If-None-Match": reply.headers["etag"]}) as again_api:
            again = call(client=again_api, **case.ok)
        assert again.status_code == HTTPStatus.NOT_MODIFIED
        assert again.parsed is None and again.content == b""
        assert again.headers["etag"] == reply.headers["etag"]

    for status, provoked in ((404, case.missing), (400, case.bad)):
        assert (status in declared) == (provoked is not None), f"{op_id} {status}"
        if provoked is None:
            continue
        arguments, says = provoked
        problem = call(client=api, **arguments)
        assert problem.status_code == status, problem.content[:300]
        assert isinstance(problem.parsed, models.Problem), problem.content[:300]
        assert problem.parsed.status == status and problem.parsed.type_.startswith("https://")
        assert says(problem.parsed), problem.parsed
