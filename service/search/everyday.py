"""Everyday words of a question read as the words help pages use for the same thing.

Two conventions of software documentation, in every language it is
translated into, that the people who search it do not share:

- **viewing**: people ask how to *see* something ("how do I see which
  scenarios trigger others", "comment voir…", "hoe zie ik…", "var ser
  jag…"); the page that shows it is named for the UI's verb, *View* ("View
  chained scenario relationships", in the translations *Afficher…*,
  *…weergeven*, *Visa…*), and the articles that say "see" mostly say it of a
  link ("see Create a scenario");
- **users**: people speak of a *colleague*, a *teammate*, an *employee* ("hoe
  geef ik een collega toegang"); the docs of everyone with an account speak
  of a *user* (*utilisateur*, *gebruiker*, *användare*).

A form of such an everyday word also matches the docs' word, as much as the
word itself (in the title and headings too): general knowledge of how help
pages name things, not of any one corpus. Each language's own words; the
docs' words are the verbs and nouns of their pages' titles.
"""

from __future__ import annotations

from functools import cache

from service.index.analysis import fold

# (the forms a query says it with, the words the docs say it with), per language
_CONVENTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "en": (
        ("see sees seeing seen saw", ("view",)),
        (
            "colleague colleagues coworker coworkers teammate teammates employee employees",
            ("user",),
        ),
    ),
    "fr": (
        ("voir vois voit voyons voyez voient vu", ("afficher",)),
        ("collègue collègues coéquipier coéquipiers employé employés", ("utilisateur",)),
    ),
    "nl": (
        ("zie ziet zien zag zagen gezien", ("weergeven",)),
        (
            "collega collegas teamgenoot teamgenoten medewerker medewerkers",
            ("gebruiker",),
        ),
    ),
    "sv": (
        ("se ser såg sett", ("visa",)),
        ("kollega kollegan kollegor kollegorna medarbetare", ("användare",)),
    ),
}
BOOST = 1.0  # as much as the word itself: to the docs, seeing is viewing, a colleague a user


@cache
def _table(lang: str) -> dict[str, tuple[str, ...]]:
    """Folded everyday form → the docs' words, for ``lang``."""
    return {
        fold(form): docs for forms, docs in _CONVENTIONS.get(lang, ()) for form in forms.split()
    }


def docs_words(word: str, lang: str) -> tuple[str, ...]:
    """The words ``lang``'s docs say it with, when the folded ``word`` is one of the
    everyday words above; else none."""
    return _table(lang).get(word, ())
