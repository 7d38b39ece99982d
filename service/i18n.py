"""UI strings through gettext: catalogs from ``locales/``, one Jinja2 environment per locale.

The catalogs are ``locales/{locale}/LC_MESSAGES/messages.po`` (extracted with
``pybabel extract`` into ``locales/messages.pot``). A compiled ``.mo`` is used
when it is at least as new as its ``.po``; otherwise the ``.po`` is compiled
in memory, so the pages are never served untranslated because ``make
compile-messages`` was not run. A locale without a catalog gets the English
strings (``NullTranslations``), with a logged warning, like mkdocs does.

Dates and numbers on pages are formatted by Babel for the page's locale.
"""

from __future__ import annotations

import gettext as gettext_mod
import hashlib
import io
import logging
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .languages import display_name

log = logging.getLogger("lingodocs")

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
TEMPLATES = Path(__file__).resolve().parent / "templates"
DOMAIN = "messages"
SOURCE_UI_LOCALE = "en"  # the language msgids are written in


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


# The admonition titles the dialect renders (service/dialect/alerts.py TITLES):
# marked here so the catalogs translate them.
ADMONITION_TITLES = (
    N_("Note"),
    N_("Tip"),
    N_("Important"),
    N_("Caution"),
    N_("Warning"),
    N_("Info"),
    N_("Success"),
    N_("Error"),
    N_("Availability"),
    N_("Prerequisites"),
    N_("Administration"),
    N_("More like this"),
    N_("Video"),
)


def ui_locales(root: Path = LOCALES) -> tuple[str, ...]:
    """The locales that have a catalog (``{locale}/LC_MESSAGES/messages.po``)."""
    if not root.is_dir():
        return (SOURCE_UI_LOCALE,)
    found = {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found | {SOURCE_UI_LOCALE}))


def _compile(po_path: Path, locale: str) -> Translations:
    """The ``.po`` compiled in memory (fuzzy entries left out, as pybabel does)."""
    with open(po_path, "rb") as fh:
        catalog = read_po(fh, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@lru_cache(maxsize=64)
def translations(locale: str, root: Path = LOCALES) -> gettext_mod.NullTranslations:
    """The UI catalog of ``locale``: its ``.mo``, its ``.po`` compiled, or none."""
    folder = root / locale / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        if mo_path.is_file() and (
            not po_path.is_file() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
        ):
            with open(mo_path, "rb") as fh:
                return Translations(fp=fh, domain=DOMAIN)
        if po_path.is_file():
            if mo_path.is_file():
                log.info("%s is older than its .po; compiling the .po in memory", mo_path)
            return _compile(po_path, locale)
    except Exception:  # a broken catalog must not take the pages down
        log.exception("cannot load the UI catalog of '%s'; showing English strings", locale)
        return gettext_mod.NullTranslations()
    if locale != SOURCE_UI_LOCALE:
        log.warning("no UI catalog for locale '%s' in %s; showing English strings", locale, root)
    return gettext_mod.NullTranslations()


def catalog_digest(root: Path = LOCALES) -> str:
    """A digest of every ``.po``: text translated at ingest must be redone when it changes."""
    h = hashlib.sha256()
    for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        h.update(po.parent.parent.name.encode() + b"\0" + po.read_bytes())
    return h.hexdigest()[:16]


def gettext_for(locale: str) -> Callable[[str], str]:
    """``gettext`` of ``locale``'s UI catalog: what ingest passes to ``parse_document``."""
    return translations(locale).gettext


def ngettext_for(locale: str) -> Callable[[str, str, int], str]:
    return translations(locale).ngettext


def _babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_UI_LOCALE)


def formatters(locale: str) -> dict[str, Callable[..., str]]:
    """Babel's date and number formatting for ``locale``, as template filters."""
    loc = _babel_locale(locale)

    def date(value: datetime | str, form: str = "long") -> str:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return format_date(value, form, locale=loc)

    def date_time(value: datetime | str, form: str = "medium") -> str:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return format_datetime(value, form, tzinfo=value.tzinfo, locale=loc)

    def number(value: float) -> str:
        return format_decimal(value, locale=loc)

    def percent(value: float) -> str:
        """``3`` → ``3 %`` in French: ``value`` is a percentage, not a fraction."""
        return format_percent(value / 100, locale=loc)

    def language_name(code: str) -> str:
        """``fr`` → ``French`` on an English page, ``français`` on a French one."""
        return display_name(code, locale)

    return {
        "date": date,
        "datetime": date_time,
        "number": number,
        "percent": percent,
        "language_name": language_name,
    }


@lru_cache(maxsize=64)
def environment(locale: str) -> Environment:
    """The Jinja2 environment of one UI locale: autoescaped, its gettext installed."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations(locale), newstyle=True
    )
    env.filters.update(formatters(locale))
    env.globals["ui_locale"] = locale
    return env


def render(locale: str, template: str, **context: Any) -> str:
    return environment(locale).get_template(template).render(**context)
