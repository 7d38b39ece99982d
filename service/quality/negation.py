"""Negation: does a sentence say *not*, in its own language? (pure)

Machine translation drops or adds a negation now and then ("the module does
not retry" becoming "the module retries"), and no number or link shows it.
Each language's cues are the words that negate a clause in it: English
*not*, *n't*, *never*, *no*, *none*; French *ne … pas / plus / jamais /
rien / aucun* and *jamais*, *aucun*, *non*; Dutch *niet*, *geen*, *nooit*;
Swedish *inte*, *ej*, *aldrig*, *ingen*. Words that are negative only in
their meaning (*without*, *sans*, *unable*, *fail*) are left out in every
language alike, so that a translation that uses them where the source does
too is not read as different; prefixes (*non-*, *niet-*, *icke-*) are words
of their own, not a negated clause.

French *ne* counts only with its second part (*ne … pas*), so that the
restrictive *ne … que* ("only") and the literary *ne* after *avant que* or
*à moins que* are not read as negations; *n'importe* ("any") is not one.
The cue lists are kept here, one per language, with a test per cue in
``tests/quality/test_negation.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_FRENCH_SECOND = r"(?:pas|plus|jamais|rien|aucun(?:e|s|es)?|personne|ni|guère|nullement)"

# Words that negate a clause.
CUES: dict[str, re.Pattern[str]] = {
    "en": _re(
        r"\b(?:not|cannot|never|none|nothing|nobody|nowhere|nor)\b"
        r"|\w+n['’]t\b"
        r"|(?<![-‑])\bno\b(?![-‑])"
        r"|\bn/a\b"
    ),
    "fr": _re(
        r"\b(?:ne|n['’])(?!importe)[^.;:!?]{0,80}?\b" + _FRENCH_SECOND + r"\b"
        r"|\b(?:pas|aucun(?:e|s|es)?|nullement)\b|(?<!à tout )(?<!à )\bjamais\b"
        r"|\bn/a\b|\bs\.?/?o\b\.?|\bsans objet\b"
    ),
    "nl": _re(r"\b(?:niet|geen|nooit|niets|niemand|nergens|noch)\b(?![-‑])|\bn/a\b|\bn\.?v\.?t\b"),
    "sv": _re(
        r"\b(?:inte|ej|aldrig|ingen|inget|inga|ingenting|ingenstans|varken)\b(?![-‑])|\bn/a\b"
    ),
}

# Words that negate, restrict or except by their meaning (*without*, *unless*, *only*,
# *fails*, *unavailable*, *sans*, *ne … que*, *zonder*, *alleen*, *utan*, *endast*), or
# place a thing outside another (*outside*, *external to*, *other than*: "a system
# external to the service" is one that "is not part of" it, *geen deel uitmaakt van*): a
# translation says with them what its source says with *not*, or the reverse. A sentence
# with one is not compared. Word stems, general to each language.
HEDGES: dict[str, re.Pattern[str]] = {
    "en": _re(
        r"\b(?:without|unless|except\w*|only|instead|rather|against|neither|too|until|"
        r"before|fail\w*|lack\w*|avoid\w*|prevent\w*|missing|absent|disabl\w*|disallow\w*|"
        r"invalid|inactive|incorrect\w*|incomplete|inaccessible|insecure|insufficient\w*|"
        r"inconsistent|impossible|illegal|irrelevant|unsure|unknown|yes|otherwise|empty|blank|"
        r"outside|beyond|under|violat\w*|uncheck\w*|stop\w*|ceas\w*|eliminat\w*|different\w*|differ\w*|\w+less|"
        r"\w*insensitive|less|fewer|reduc\w*|dis[a-z]{4,}|whether|maximum|minimum|"
        r"exceed\w*|at most|at least|up to|external to|other than|apart from|"
        r"un(?!der|i[qtovx]|til)[a-z]{3,})\b"
        r"|\bnon[-‑]"
    ),
    "fr": _re(
        r"\b(?:ne|n['’])(?!importe)\b|\b(?:sans|sauf|hormis|excepté\w*|seulement|"
        r"uniquement|non|impossible|incapable|invalide|inacti\w+|incorrect\w*|"
        r"incomplet\w*|inaccessible|insuffisan\w*|inconnu\w*|désactiv\w*|échou\w*|"
        r"évit\w*|empêch\w*|manqu\w*|absen\w*|plutôt|avant|jusqu|trop|déconseill\w*|"
        r"interdi\w*|oui|sinon|contrair\w*|maximum|minimum|maximal\w*|dépass\w*|au plus|au moins|"
        r"irréversible\w*|décoch\w*|différe\w*|vide\w*|hors|dehors|arrêt\w*|cess\w*|"
        r"extern\w* (?:à|au|aux))\b"
        r"|\bau lieu\b|\bautres? que\b|\bau-delà\b"
    ),
    "nl": _re(
        r"\b(?:zonder|behalve|tenzij|alleen|slechts|uitsluitend|pas|nee|ja|ongeldig\w*|"
        r"onbekend\w*|onmogelijk\w*|onvolledig\w*|onjuist\w*|ontbre\w*|mislukt\w*|"
        r"mislukken|vermijd\w*|voorkom\w*|uitgeschakeld\w*|uitschakel\w*|inactie\w*|"
        r"voordat|totdat|tot|te|anders|maximaal|minimaal|maximum|minimum|hoogstens|minstens|"
        r"ten hoogste|ten minste|overschrijd\w*|verschil\w*|leeg\w*|buiten|stop\w*|gestopt|"
        r"extern\w*(?: (?:is|zijn))? aan)\b"
        r"|\bniet[-‑]|\bin plaats van\b|\bandere? dan\b"
    ),
    "sv": _re(
        r"\b(?:utan|förutom|endast|bara|enbart|förrän|istället|snarare|innan|tills|för|"
        r"nej|ja|icke|ogiltig\w*|okänd\w*|omöjlig\w*|ofullständig\w*|felaktig\w*|"
        r"osäker\w*|inaktiv\w*|misslyck\w*|undvik\w*|förhindra\w*|sakna\w*|annars|"
        r"annan|annat|andra|olik\w*|tom\w*|utanför|slut\w*|högst|minst|maximal\w*|"
        r"minimal\w*|max|överstig\w*|extern\w* till)\b"
        r"|\bi stället\b|\bannan än\b"
    ),
}


@lru_cache(maxsize=65536)
def negates(text: str, lang: str) -> bool | None:
    """True if ``text`` (a sentence) negates a clause in ``lang``; None for a language
    with no cues here."""
    cues = CUES.get(lang)
    return None if cues is None else cues.search(text) is not None


@lru_cache(maxsize=65536)
def hedges(text: str, lang: str) -> bool:
    """True if ``text`` has a word of ``lang`` that negates by meaning (:data:`HEDGES`)."""
    found = HEDGES.get(lang)
    return found is not None and found.search(text) is not None


def polarity(text: str, lang: str) -> tuple[bool, bool] | None:
    """(negates a clause, has a word that negates by meaning), None for a language with
    no cues here."""
    negated = negates(text, lang)
    return None if negated is None else (negated, hedges(text, lang))


def differ(mine: str, lang: str, theirs: str, their_lang: str) -> bool:
    """True if one sentence negates a clause and the other says it plainly: with no
    word that negates by meaning either (:data:`HEDGES`; such a word, on either side,
    may be what stands for the negation, so the two are not compared). A cue the other
    sentence has too, as it is (an operator ``Not``, a value ``no``), is a name copied,
    not a negation."""
    a, b = negates(mine, lang), negates(theirs, their_lang)
    if a is None or b is None or a == b:
        return False
    if a:
        a = negates(_uncopied(mine, lang, theirs), lang)
    else:
        b = negates(_uncopied(theirs, their_lang, mine), their_lang)
    if a == b:
        return False
    return not (hedges(mine, lang) or hedges(theirs, their_lang))


def _uncopied(text: str, lang: str, other: str) -> str:
    """``text`` without the cues that ``other`` has as they are written."""

    def keep(m: re.Match[str]) -> str:
        word = re.escape(m.group(0))
        return " " if re.search(rf"(?<!\w){word}(?!\w)", other) else m.group(0)

    return CUES[lang].sub(keep, text)


def readable(lang: str) -> bool:
    return lang in CUES
