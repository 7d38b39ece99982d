"""The records content/ makes.

Five methods per locale, facts from the source, translation status, joins.
"""

from __future__ import annotations

import pytest

from service.index.builds import current_build
from service.index.catalog import Catalog
from service.records import MethodRecord
from service.settings import Settings
from tests.conftest import ARTICLE, ARTICLE_PATH, CONTENT, LEGACY, LEGACY_PATH, SHARED


@pytest.fixture(scope="module")
def catalog(content_settings: Settings) -> Catalog:
    build = current_build(content_settings.index)
    assert build is not None
    return Catalog.open(build)


def record(catalog: Catalog, locale: str, method: str) -> MethodRecord:
    return catalog.lookup[locale][method]


def test_content_is_the_seeds_unchanged() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("seeds not found")
    shipped = sorted(p.read_bytes() for p in CONTENT.rglob("*.md"))
    assert shipped == sorted(p.read_bytes() for p in seeds.iterdir())


@pytest.mark.parametrize("locale", ["en", "fr", "nl", "sv"])
def test_five_method_records_per_locale(catalog: Catalog, locale: str) -> None:
    assert list(catalog.lookup[locale]) == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    for rec in catalog.lookup[locale].values():
        assert rec.locale == locale
        assert rec.source.doc_id == ARTICLE
        assert rec.source.path == ARTICLE_PATH
        assert rec.source.url == f"/{locale}/docs/{ARTICLE}"


FACTS = {  # method: (success_status, idempotent)
    "GET": ((200,), None),
    "POST": ((200,), None),
    "PUT": ((200, 201, 204), True),
    "PATCH": ((200, 204), False),
    "DELETE": ((200,), None),
}


@pytest.mark.parametrize("locale", ["en", "fr", "nl", "sv"])
@pytest.mark.parametrize("method", list(FACTS))
def test_facts_come_from_the_source(catalog: Catalog, locale: str, method: str) -> None:
    rec = record(catalog, locale, method)
    assert (rec.success_status, rec.idempotent) == FACTS[method]


@pytest.mark.parametrize(
    ("locale", "availability"),
    [
        ("en", "(Not available for some API call modules)"),
        ("fr", "(non disponible pour certains modules d’appel API)"),
        ("nl", "(Niet beschikbaar voor sommige API-callmodules)"),
        ("sv", "(Inte tillgängligt för vissa API-anropsmoduler)"),
    ],
)
def test_patch_availability_in_each_language(
    catalog: Catalog, locale: str, availability: str
) -> None:
    assert record(catalog, locale, "PATCH").availability == availability
    assert record(catalog, locale, "GET").availability is None


@pytest.mark.parametrize(
    ("locale", "summary", "caution_words"),
    [
        ("en", "Sends data to a web server based on your parameters.", "be cautious"),
        (
            "fr",
            "Envoie les données à un serveur web en fonction de vos paramètres.",
            "faites attention",
        ),
        ("nl", "Verzendt gegevens naar een webserver op basis van uw parameters.", "voorzichtig"),
        ("sv", "Skickar data till en webbserver baserat på dina parametrar.", "försiktig"),
    ],
)
def test_post_text_is_the_translation(
    catalog: Catalog, locale: str, summary: str, caution_words: str
) -> None:
    rec = record(catalog, locale, "POST")
    assert rec.summary == summary
    assert rec.caution is not None and caution_words in rec.caution
    assert "POST" in rec.description
    assert '<span class="uicontrol">POST</span>' in rec.description_html
    assert "[!UICONTROL" not in rec.description + rec.description_html


def test_dutch_wording_contradicts_but_facts_stay(catalog: Catalog) -> None:
    """The Dutch seed says PUT is 'epidemisch' and PATCH 'niet dekkend'."""
    doc = catalog.docs.get("nl", ARTICLE)
    assert doc is not None
    own = {e.method: e.idempotent for e in doc.methods}
    assert own["PUT"] is None and own["PATCH"] is None
    assert record(catalog, "nl", "PUT").idempotent is True
    assert record(catalog, "nl", "PATCH").idempotent is False


def test_translation_status(catalog: Catalog) -> None:
    fr = record(catalog, "fr", "PUT").translation
    assert fr.machine_translated and fr.human_translated_percent == 3
    assert fr.source_commit == "77ec3c007ce7c49ff760145fafcd7f62b273a18f"
    assert fr.source_wordcount == 283
    assert fr.outdated is None  # no history for content/: never guessed
    en = record(catalog, "en", "PUT").translation
    assert not en.machine_translated and en.source_commit is None


def test_legacy_french_article_keeps_its_own_records(catalog: Catalog) -> None:
    assert set(catalog.articles[LEGACY]) == {"fr"}
    legacy = [r for r in catalog.records if r.source.doc_id == LEGACY]
    assert [r.method for r in legacy] == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    assert all(r.source.path == LEGACY_PATH for r in legacy)
    assert (
        catalog.articles[LEGACY]["fr"].title
        == "Méthodes de requête HTTP dans Adobe Workfront Fusion"
    )


def test_english_joins_its_translations_by_path(catalog: Catalog) -> None:
    assert set(catalog.articles[ARTICLE]) == {"en", "fr", "nl", "sv"}


def test_document_sections_and_labels(catalog: Catalog) -> None:
    doc = catalog.docs.get("fr", LEGACY)
    assert doc is not None
    assert [s.anchor for s in doc.sections] == [
        "méthodes-de-requête-http-dans-adobe-workfront-fusion",
        "exigences-daccès",
        "méthodes-http",
    ]
    table = doc.sections[1].html
    assert '<span class="dnl">Adobe Workfront</span> plan*' in table
    assert "[!DNL" not in doc.text and "Workfront Fusion pour l’automatisation" in doc.text
    assert doc.links == (
        "help/quicksilver/workfront-fusion/get-started/license-automation-vs-integration.md",
    )
