"""Dates, numbers and language names as the reader's locale writes them (Babel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from .catalogs import SOURCE_UI_LOCALE
from .locales import display_name


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
