"""A question's verb of seeing, read as the docs' verb of viewing.

People ask how to *see* something ("how do I see which scenarios trigger
others", "comment voir…", "hoe zie ik…", "var ser jag…"); help pages that
show it are named for the UI's verb, *View* ("View chained scenario
relationships", in the translations *Afficher…*, *…weergeven*, *Visa…*), and
the articles that say "see" mostly say it of a link ("see Create a
scenario"). So a form of the language's verb of seeing also matches that
language's verb of viewing, as much as the word itself (in the title and
headings too): general knowledge of how a UI's pages are named, not of any
one corpus.
"""

from __future__ import annotations

from functools import cache

from service.index.analysis import fold

_SEE: dict[str, str] = {  # the forms a query says "see" with
    "en": "see sees seeing seen saw",
    "fr": "voir vois voit voyons voyez voient vu",
    "nl": "zie ziet zien zag zagen gezien",
    "sv": "se ser såg sett",
}
_VIEW: dict[str, tuple[str, ...]] = {  # the docs' verb of viewing: their pages' titles
    "en": ("view",),
    "fr": ("afficher",),
    "nl": ("weergeven",),
    "sv": ("visa",),
}
BOOST = 1.0  # as much as the word itself: in a question, seeing is viewing


@cache
def _seeing(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _SEE.get(lang, "").split())


def viewing(word: str, lang: str) -> tuple[str, ...]:
    """The words ``lang``'s docs view with, when the folded ``word`` is a form of its
    verb of seeing; else none."""
    return _VIEW.get(lang, ()) if word in _seeing(lang) else ()
