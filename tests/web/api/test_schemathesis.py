"""Property-based API tests: schemathesis against the service's own OpenAPI schema.

Every operation of the schema the app serves, every parameter, positive and
negative data, a bounded number of examples each, over the real app on the
real content: no 5xx, every response matches its declared status, media type,
schema and headers, every error is ``application/problem+json``.

Schemathesis's lazy pytest loader (``from_fixture``) does not run on pytest 9,
so each operation is a plain parametrized test driving the operation's
Hypothesis strategy itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.index.apps import apps_of
from service.settings import Settings

MAX_EXAMPLES = 30
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
]


def _operations() -> list[tuple[str, str, bool]]:
    """(method, path, has parameters) of every operation in the schema.

    Listing them needs no index: the app starts with none.
    """
    spec = create_app(Settings(index=Path("/nonexistent/lingodocs-index"))).openapi()
    return [
        (method.upper(), path, bool(op.get("parameters")))
        for path, item in spec["paths"].items()
        for method, op in item.items()
    ]


def _cases() -> list[Any]:
    """Positive data for every operation; negative data where there are parameters;
    and, where a path parameter names something, the real names with generated rest."""
    cases = []
    for method, path, has_parameters in _operations():
        cases.append(pytest.param(method, path, "positive", id=f"{method} {path} positive"))
        if has_parameters:
            cases.append(pytest.param(method, path, "negative", id=f"{method} {path} negative"))
        if "{" in path:
            cases.append(pytest.param(method, path, "known", id=f"{method} {path} known"))
    return cases


def _known(app: Any) -> dict[str, list[str]]:
    """Values of each path parameter that name something in the served index."""
    catalog = app.state.live.catalog
    return {
        "method": [m.lower() for m in catalog.methods] + list(catalog.methods),
        "doc_id": sorted(catalog.articles),
        "app_id": sorted(apps_of(catalog).apps.shown),
        "module_id": sorted({m for _locale, m in catalog.docs.module_ids()}),
    }


def _strategy(operation: Any, mode: str, known: dict[str, list[str]]) -> Any:
    if mode == "known":
        names = [p.name for p in operation.path_parameters]
        values = st.tuples(*(st.sampled_from(known[name]) for name in names))
        return values.flatmap(
            lambda picked: operation.as_strategy(
                GenerationMode.POSITIVE, path_parameters=dict(zip(names, picked, strict=True))
            )
        )
    return operation.as_strategy(GenerationMode(mode))


@schemathesis.check
def errors_are_problems(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx and 5xx is RFC 9457 problem+json with the status it was sent with."""
    if response.status_code < 400:
        return None
    media = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    assert media == "application/problem+json", (
        f"{response.status_code} answered as {media!r}, not application/problem+json"
    )
    body = response.json()
    assert body["status"] == response.status_code, body
    assert body["type"].startswith("https://") and body["title"] and body["detail"], body
    return True


@pytest.fixture(scope="module")
def api_schema(apps_settings: Settings) -> Iterator[Any]:
    app = create_app(apps_settings)
    with TestClient(app):  # runs the lifespan: the index is open
        yield schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture(scope="module")
def known(api_schema: Any) -> dict[str, list[str]]:
    return _known(api_schema.app)


def test_schema_lists_every_api_route() -> None:
    listed = {path for _method, path, _params in _operations()}
    assert {
        "/api/v1/methods/{method}",
        "/api/v1/methods",
        "/api/v1/docs/{doc_id}",
        "/api/v1/locales",
        "/api/v1/search",
        "/healthz",
        "/readyz",
    } <= listed


@pytest.mark.parametrize(("method", "path", "mode"), _cases())
def test_operation_conforms(
    api_schema: Any, known: dict[str, list[str]], method: str, path: str, mode: str
) -> None:
    operation = api_schema[path][method]
    seen: list[int] = []

    @given(case=_strategy(operation, mode, known))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call_and_validate(checks=[*CHECKS, errors_are_problems])
        seen.append(response.status_code)

    run()
    assert seen, f"{method} {path}: no case was generated"
    if mode == "known":  # real names (with a random ?lang=, often invalid: 400)
        assert 200 in seen, sorted(set(seen))
