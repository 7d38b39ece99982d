"""Field tables over the real corpus: the judged sample, and what the whole corpus gives.

``tests/data/fields_sample.tsv`` lists 30 modules picked at random (fixed seed,
``tests/ingest/pick_fields_sample.py``) across the four languages, each with
the labels of its table as a person read them in the article. Every label
must be extracted, in order, and nothing else (recall and precision 1.0).
Skipped when ``../shared/corpus`` is absent.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from service.index.builds import current_build, read_manifest
from service.index.store import DOCS, DocStore
from service.ingest.parse import parse_document
from service.records import App
from service.settings import Settings
from tests.conftest import CORPUS, DATA, needs_corpus

FOLDERS = {"en": "en", "fr": "fr-FR", "nl": "nl-NL", "sv": "sv-SE"}
_NEXT = re.compile(r"^#|^\+\+\+ ")

pytestmark = needs_corpus()


def sample() -> list[tuple[str, str, int, str, list[str]]]:
    rows = []
    for line in (DATA / "fields_sample.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        locale, path, at, heading, labels = line.split("\t")
        rows.append((locale, path, int(at), heading, labels.split(" | ")))
    return rows


@cache
def app_at(locale: str, path: str) -> tuple[App | None, tuple[str, ...]]:
    text = (CORPUS / FOLDERS[locale] / path).read_text(encoding="utf-8")
    parsed = parse_document(text, path, locale)
    assert parsed.document is not None
    return parsed.document.app, tuple(text.replace("\r\n", "\n").split("\n"))


def extracted(locale: str, path: str, at: int) -> list[str]:
    """The labels of the fields read from the module (or field group) whose heading is at
    line ``at``: those whose rows lie before the next heading."""
    app, lines = app_at(locale, path)
    assert app is not None, f"no app read from {locale} {path}"
    end = next((n for n in range(at + 1, len(lines) + 1) if _NEXT.match(lines[n - 1])), 10**9)
    return [
        f.label
        for f in [*app.connection_fields, *(f for m in app.modules for f in m.fields)]
        if at <= f.line < end
    ]


def test_the_sample_is_thirty_modules_in_four_languages() -> None:
    rows = sample()
    assert len(rows) == 30 and {r[0] for r in rows} == set(FOLDERS)


def test_judged_sample_recall_and_precision_are_one() -> None:
    found = wanted = right = 0
    wrong = []
    for locale, path, at, heading, labels in sample():
        got = extracted(locale, path, at)
        want, have = Counter(x.casefold() for x in labels), Counter(x.casefold() for x in got)
        wanted, found, right = (
            wanted + len(labels),
            found + len(got),
            right + sum((want & have).values()),
        )
        if [x.casefold() for x in got] != [x.casefold() for x in labels]:
            wrong.append(f"{locale} {path}:{at} {heading}: read {got}, judged {labels}")
    assert (right / wanted, right / found) == (1.0, 1.0), "\n".join(wrong)
    assert not wrong, "\n".join(wrong)  # in order, too


@pytest.mark.parametrize(
    ("locale", "apps", "modules", "fields"),
    [
        ("en", 92, 1130, 5400),
        ("fr", 92, 1130, 5400),
        ("nl", 87, 1050, 4950),
        ("sv", 87, 1050, 4950),
    ],
)
def test_the_whole_corpus_counts(
    corpus_settings: Settings, locale: str, apps: int, modules: int, fields: int
) -> None:
    build = current_build(corpus_settings.index)
    assert build is not None
    manifest = read_manifest(build)
    assert manifest is not None
    counts = manifest["summary"]["apps"][locale]
    assert counts["apps"] >= apps and counts["modules"] >= modules and counts["fields"] >= fields
    docs = DocStore(build / DOCS)
    assert len(docs.app_ids(locale)) == counts["apps"]
    custom = docs.module(locale, "airtable.custom-api-call")  # the source's id in every language
    assert custom is not None
    assert [f.field_id for f in custom.fields] == [
        "connection",
        "url",
        "method",
        "headers",
        "query-string",
        "body",
    ]
    method = custom.fields[2]
    assert method.links == ("help/workfront-fusion/references/modules/http-request-methods.md",)
    assert f'href="/{locale}/docs/' in method.help_html  # the link resolved by the join
