"""One Jinja2 environment per UI locale, with its gettext and Babel filters installed.

Installing translations on one shared environment is not safe across
concurrent requests, so each locale has its own (made once, kept).
Templates are autoescaped; every HTML fragment from the docs that they
include was sanitized at ingest.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.i18n.catalogs import translations
from service.i18n.formats import formatters

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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
