"""Admonition titles: the English names the dialect renders, put in a reader's language.

Apart from :mod:`alerts` (the markdown-it rule) so that what shows rendered HTML, the
docs API and pages, puts titles in the reader's language without importing the parser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from service.i18n import N_

# Title shown for each kind, in English; ``retitle`` puts it in the reader's language.
TITLES = {
    "NOTE": N_("Note"),
    "TIP": N_("Tip"),
    "IMPORTANT": N_("Important"),
    "CAUTION": N_("Caution"),
    "WARNING": N_("Warning"),
    "INFO": N_("Info"),
    "SUCCESS": N_("Success"),
    "ERROR": N_("Error"),
    "AVAILABILITY": N_("Availability"),
    "PREREQUISITES": N_("Prerequisites"),
    "ADMINISTRATION": N_("Administration"),
    "MORELIKETHIS": N_("More like this"),
    "VIDEO": N_("Video"),
}
_TITLED = re.compile(r'(<p class="admonition-title">|<a class="video-link"[^>]*>)([^<]*)(</)')
_ENGLISH = frozenset(TITLES.values())


def retitle(rendered: str, translate: Callable[[str], str]) -> str:
    """``rendered`` (this rule's HTML, sanitized or not) with each admonition title
    replaced by ``translate(title)``; other text stays as it is."""

    def swap(m: re.Match[str]) -> str:
        title = html.unescape(m.group(2))
        if title not in _ENGLISH:
            return m.group(0)
        return f"{m.group(1)}{html.escape(translate(title), quote=False)}{m.group(3)}"

    return _TITLED.sub(swap, rendered) if "admonition" in rendered else rendered
