"""UI catalogs: every string extracted, translated in every locale, loaded robustly."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from service.dialect.titles import TITLES, retitle
from service.i18n.catalogs import gettext_for, translations, ui_locales
from service.i18n.formats import formatters
from service.ingest.parse import parse_document
from service.web.pages.frame import render
from tests.conftest import ROOT

LOCALES = ROOT / "locales"
TRANSLATED = tuple(loc for loc in ui_locales() if loc != "en")  # every catalog but English
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
_TAG = re.compile(r"</?[a-z]+[^>]*>")


def extracted() -> dict[str | tuple[str, str], set[str]]:
    """What ``pybabel extract -F babel.cfg`` finds in the code today: msgid → flags."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str | tuple[str, str], set[str]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.setdefault(message if isinstance(message, str) else tuple(message), set())
    return found


def load(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


@pytest.fixture(scope="module")
def messages() -> dict[str | tuple[str, str], set[str]]:
    found = extracted()
    assert len(found) > 50, "the extractor found the templates' strings"
    return found


def test_ui_locales_are_the_catalogs() -> None:
    assert {"en", "fr", "nl", "sv"} <= set(ui_locales())
    assert ui_locales() == tuple(
        sorted(p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/messages.po"))
    )


def test_the_template_pot_is_up_to_date(messages: dict[str | tuple[str, str], set[str]]) -> None:
    pot = {m.id for m in load(LOCALES / "messages.pot") if m.id}
    assert set(messages) - pot == set(), "run `make messages`: strings missing from the .pot"
    assert pot - set(messages) == set(), "run `make messages`: the .pot has stale strings"


@pytest.mark.parametrize("locale", ["en", *TRANSLATED])
def test_every_string_is_in_every_catalog(
    messages: dict[str | tuple[str, str], set[str]], locale: str
) -> None:
    catalog = load(LOCALES / locale / "LC_MESSAGES" / "messages.po", locale)
    ids = {m.id for m in catalog if m.id}
    assert set(messages) - ids == set(), f"missing from {locale}: run `make messages`"
    assert catalog.locale is not None and str(catalog.locale) == locale


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_string_is_translated(
    messages: dict[str | tuple[str, str], set[str]], locale: str
) -> None:
    catalog = load(LOCALES / locale / "LC_MESSAGES" / "messages.po", locale)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(strings) or len(strings) != (catalog.num_plurals if message.pluralizable else 1):
            problems.append(f"untranslated: {message.id!r}")
        source = message.id if isinstance(message.id, str) else message.id[0]
        for text in strings:
            if sorted(_PLACEHOLDER.findall(text)) != sorted(_PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {message.id!r} → {text!r}")
            if _TAG.findall(text) != _TAG.findall(source):
                problems.append(f"markup differs: {message.id!r} → {text!r}")
    for message, errors in catalog.check():
        problems.extend(f"{message.id!r}: {e}" for e in errors)
    assert problems == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_are_not_the_english(locale: str) -> None:
    """A catalog that copies msgids is not a translation (a few words may coincide)."""
    catalog = load(LOCALES / locale / "LC_MESSAGES" / "messages.po", locale)
    same = [m.id for m in catalog if m.id and m.string == m.id]
    assert len(same) <= 8, same


def test_admonition_titles_are_in_the_catalogs(
    messages: dict[str | tuple[str, str], set[str]],
) -> None:
    assert set(TITLES.values()) <= set(messages)  # marked where the dialect names them
    for locale in TRANSLATED:
        _ = gettext_for(locale)
        translated = {_(title) for title in TITLES.values()}
        assert len(translated - set(TITLES.values())) >= len(TITLES) - 4, locale


@pytest.mark.parametrize("locale", TRANSLATED)
def test_admonition_titles_are_shown_in_the_articles_language(locale: str) -> None:
    """A build keeps the dialect's English titles (no UI catalog enters it); what shows
    the HTML puts them in the article's language (``titles.retitle``)."""
    text = "# Title\n\n>[!NOTE]\n>\n>Some words.\n\n>[!WARNING]\n>\n>Careful.\n"
    parsed = parse_document(text, "a.md", locale)
    assert parsed.document is not None
    html = "".join(s.html for s in parsed.document.sections)
    shown = retitle(html, gettext_for(locale))
    for kind in ("NOTE", "WARNING"):
        title = gettext_for(locale)(TITLES[kind])
        assert title != TITLES[kind]
        assert f'<p class="admonition-title">{TITLES[kind]}</p>' in html
        assert f'<p class="admonition-title">{title}</p>' in shown
    assert retitle("<p>Note</p>", gettext_for(locale)) == "<p>Note</p>"  # text stays text


def _copy_po(tmp_path: Path, locale: str) -> Path:
    target = tmp_path / locale / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(LOCALES / locale / "LC_MESSAGES" / "messages.po", target / "messages.po")
    return tmp_path


def _compiled(root: Path) -> None:
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "-q", "compile", "--domain", "messages", "--directory", str(root)],
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_a_catalog_not_compiled_is_english_with_a_warning_naming_the_fix(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _copy_po(tmp_path, "fr")
    with caplog.at_level(logging.WARNING, logger="lingodocs"):
        catalog = translations("fr", root)
    assert catalog.gettext("Search") == "Search"
    assert any("make compile-messages" in r.getMessage() for r in caplog.records)


def test_pybabel_compile_builds_what_the_service_loads(tmp_path: Path) -> None:
    """The install step (``pybabel compile``) makes the catalogs the pages use."""
    root = tmp_path / "locales"
    for locale in TRANSLATED:
        _copy_po(root, locale)
    _compiled(root)
    for locale in TRANSLATED:
        assert (root / locale / "LC_MESSAGES" / "messages.mo").is_file()
        compiled = translations(locale, root)
        for message in load(LOCALES / locale / "LC_MESSAGES" / "messages.po"):
            if message.id and isinstance(message.id, str) and not message.fuzzy:
                assert compiled.gettext(message.id) == message.string
    catalog = translations("fr", root)
    expected = {m.id: m.string for m in load(LOCALES / "fr" / "LC_MESSAGES" / "messages.po")}
    words = (
        "The original article has %(words)s word.",
        "The original article has %(words)s words.",
    )
    assert catalog.ngettext(*words, 2) == expected[words][1]


def test_a_stale_mo_is_used_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _copy_po(tmp_path, "sv")
    _compiled(root)
    mo = root / "sv" / "LC_MESSAGES" / "messages.mo"
    old = (root / "sv" / "LC_MESSAGES" / "messages.po").stat().st_mtime - 60
    os.utime(mo, (old, old))
    with caplog.at_level(logging.WARNING, logger="lingodocs"):
        catalog = translations("sv", root)
    assert catalog.gettext("Search") == gettext_for("sv")("Search") != "Search"
    assert any("older than its .po" in r.getMessage() for r in caplog.records)


def test_a_locale_without_catalog_falls_back_to_english_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="lingodocs"):
        catalog = translations("de", tmp_path)
    assert catalog.gettext("Search") == "Search"
    assert any("no UI catalog for locale 'de'" in r.getMessage() for r in caplog.records)


def test_a_broken_catalog_falls_back_to_english(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.mo").write_bytes(b"\x00garbage")
    with caplog.at_level(logging.ERROR, logger="lingodocs"):
        catalog = translations("nl", tmp_path)
    assert catalog.gettext("Search") == "Search"
    assert any("cannot load the UI catalog" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("locale", "date", "number", "percent"),
    [
        ("en", "March 5, 2025", "12,345", "3%"),
        ("fr", "5 mars 2025", "12\u202f345", "3\u00a0%"),
        ("nl", "5 maart 2025", "12.345", "3%"),
        ("sv", "5 mars 2025", "12\u00a0345", "3\u00a0%"),
    ],
)
def test_dates_and_numbers_follow_the_locale(
    locale: str, date: str, number: str, percent: str
) -> None:
    fmt = formatters(locale)
    when = datetime(2025, 3, 5, 23, 30, tzinfo=timezone(timedelta(hours=2)))
    assert fmt["date"](when) == date
    assert fmt["date"](when.isoformat()) == date
    assert fmt["number"](12345) == number
    assert fmt["percent"](3) == percent


def test_templates_render_in_each_locale_with_its_strings() -> None:
    """The error template in each locale: its title and message are the catalog's."""
    for locale in ("en", *TRANSLATED):
        html = render(
            locale,
            "error.html",
            current="/",
            built=None,
            home="/",
            search_url=None,
            site="Lingodocs",
            status=404,
            error_title="Page not found",
            message="Pages can only be read here.",
        ).decode()
        _ = gettext_for(locale)
        assert f"<h1>{_('Page not found')}</h1>" in html
        assert f'<html lang="{locale}"' in html
        assert _("Pages can only be read here.") in html
