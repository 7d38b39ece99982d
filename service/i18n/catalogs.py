"""The UI's message catalogs (gettext): the pages' own words in the reader's language.

The catalogs are ``locales/{locale}/LC_MESSAGES/messages.po``, extracted with
``pybabel extract`` into ``locales/messages.pot`` and compiled to ``.mo`` by
``make`` (``pybabel compile``; ``make run`` and ``make test`` recompile a
``.po`` that changed). Babel's ``Translations.load`` reads the compiled ones,
as mkdocs does. A locale without one gets the English strings
(``NullTranslations``) with a logged warning that names the command that
fixes it; a ``.mo`` older than its ``.po`` is used, with the same warning.
"""

from __future__ import annotations

import gettext as gettext_mod
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel.support import Translations

log = logging.getLogger("lingodocs")

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALES = ROOT / "locales"
DOMAIN = "messages"
SOURCE_UI_LOCALE = "en"  # the language msgids are written in


def ui_locales(root: Path = LOCALES) -> tuple[str, ...]:
    """The locales that have a catalog (``{locale}/LC_MESSAGES/messages.po``)."""
    if not root.is_dir():
        return (SOURCE_UI_LOCALE,)
    found = {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found | {SOURCE_UI_LOCALE}))


@lru_cache(maxsize=64)
def translations(locale: str, root: Path = LOCALES) -> gettext_mod.NullTranslations:
    """The compiled UI catalog of ``locale``, or the English strings when it has none."""
    folder = root / locale / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if locale == SOURCE_UI_LOCALE and not mo_path.is_file():
        return gettext_mod.NullTranslations()  # the msgids are the English strings
    if not mo_path.is_file():
        if po_path.is_file():
            log.warning(
                "the UI catalog of '%s' is not compiled (%s); run `make compile-messages`; "
                "showing English strings",
                locale,
                mo_path,
            )
        else:
            log.warning(
                "no UI catalog for locale '%s' in %s; showing English strings", locale, root
            )
        return gettext_mod.NullTranslations()
    if po_path.is_file() and mo_path.stat().st_mtime < po_path.stat().st_mtime:
        log.warning("%s is older than its .po; run `make compile-messages`", mo_path)
    try:
        return Translations.load(str(root), [locale], DOMAIN)
    except Exception:  # a broken catalog must not take the pages down
        log.exception("cannot load the UI catalog of '%s'; showing English strings", locale)
        return gettext_mod.NullTranslations()


def gettext_for(locale: str) -> Callable[[str], str]:
    """``gettext`` of ``locale``'s UI catalog."""
    return translations(locale).gettext


def ngettext_for(locale: str) -> Callable[[str, str, int], str]:
    return translations(locale).ngettext
