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
        r"outside|out of|beyond|under|violat\w*|uncheck\w*|stop\w*|ceas\w*|eliminat\w*|"
        r"different\w*|differ\w*|\w+less|"
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


# Of those words, the ones that translate each other (*without* is *sans*, *zonder*,
# *utan*; *outside*, *beyond* are *hors*, *au-delà*, *buiten*, *utanför*): a sentence and
# its translation that have the same of them, as many times, and no other, say with them
# the same thing, so one negating a clause and the other not is a negation lost or added
# ("not accessible beyond X" for "accessibles au-delà de X"). Each pattern is matched
# against one word of :data:`HEDGES` as found.
#
# *Too* (*trop*, Dutch *te*, Swedish *för*) is left out of that comparison: Dutch *te* is
# the infinitive's mark as well ("zonder … te maken"), Swedish *för* is *for*.
_TOO = {"en": _re(r"too"), "fr": _re(r"trop"), "nl": _re(r"te"), "sv": _re(r"för")}
ALIKE: dict[str, dict[str, re.Pattern[str]]] = {
    "without": {
        "en": _re(r"without"),
        "fr": _re(r"sans"),
        "nl": _re(r"zonder"),
        "sv": _re(r"utan"),
    },
    "outside": {
        "en": _re(r"outside|out of|beyond|external to"),
        "fr": _re(r"hors|dehors|au-delà|extern\w* (?:à|au|aux)"),
        "nl": _re(r"buiten|extern\w*(?: (?:is|zijn))? aan"),
        "sv": _re(r"utanför|extern\w* till"),
    },
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


@lru_cache(maxsize=65536)
def alike_hedges(text: str, lang: str, negating: bool) -> tuple[tuple[str, int], ...] | None:
    """Which words of :data:`ALIKE` ``text`` has, counted, sorted, if it has one and comes
    to its first after a cue where it is ``negating`` (the negated verb before its
    complement: "not accessible beyond", "niet bijwerken zonder"; a cue after it is
    another clause's, "without scrolling through those you don't need"); None when it has
    none, or a word of
    :data:`HEDGES` that is none of them (a cue's own first word, French *ne* of
    *ne … pas*, is the cue, not such a word)."""
    found = HEDGES.get(lang)
    if found is None:
        return None
    cues = CUES.get(lang)
    starts = {m.start() for m in cues.finditer(text)} if cues is not None else set()
    kinds: dict[str, int] = {}
    for m in found.finditer(text):
        if m.start() in starts or (lang in _TOO and _TOO[lang].fullmatch(m[0])):
            continue
        kind = next((k for k, by in ALIKE.items() if lang in by and by[lang].fullmatch(m[0])), None)
        if kind is None:
            return None
        if negating and not kinds and not any(at < m.start() for at in starts):
            return None  # no cue before the first: the cue is not on what it qualifies
        kinds[kind] = kinds.get(kind, 0) + 1
    return tuple(sorted(kinds.items())) or None


def polarity(text: str, lang: str) -> tuple[bool, bool] | None:
    """(negates a clause, has a word that negates by meaning), None for a language with
    no cues here."""
    negated = negates(text, lang)
    return None if negated is None else (negated, hedges(text, lang))


def differ(mine: str, lang: str, theirs: str, their_lang: str) -> bool:
    """True if one sentence negates a clause and the other says it plainly: with no
    word that negates by meaning either (:data:`HEDGES`; such a word, on either side,
    may be what stands for the negation, so the two are not compared), unless both have
    the same such words, that translate each other (:data:`ALIKE`). A cue the other
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
    if not (hedges(mine, lang) or hedges(theirs, their_lang)):
        return True
    # words that translate each other, the same on both sides, stand for nothing lost:
    # read where the negating side has its cue before them
    ours = alike_hedges(mine, lang, negating=a)
    return ours is not None and ours == alike_hedges(theirs, their_lang, negating=b)


# A comma before a coordinating conjunction ends a clause ("…, and Fusion does not
# include…"): a sentence of two clauses may negate one and its translation the other.
_CLAUSE = {
    "en": _re(r",\s+(?=(?:and|but|or|so)\b)"),
    "fr": _re(r",\s+(?=(?:et|mais|ou|donc)\b)"),
    "nl": _re(r",\s+(?=(?:en|maar|of|dus)\b)"),
    "sv": _re(r",\s+(?=(?:och|men|eller|så)\b)"),
}


def clauses(sentence: str, lang: str) -> list[str]:
    """A sentence's coordinated clauses (:data:`_CLAUSE`), or the sentence whole."""
    cut = _CLAUSE.get(lang)
    return cut.split(sentence) if cut is not None else [sentence]


def in_clauses(
    ours: list[str], mine: str, other: list[str], theirs: str
) -> tuple[list[str], list[str]]:
    """Sentence pairs (``ours`` in ``mine``, ``other`` in ``theirs``) cut into their clauses
    where both have as many (a sentence of two clauses may negate one and its translation
    the other: both negate something)."""
    if len(ours) != len(other):
        return ours, other
    a: list[str] = []
    b: list[str] = []
    for s, t in zip(ours, other, strict=True):
        cs, ct = clauses(s, mine), clauses(t, theirs)
        if len(cs) != len(ct):
            cs, ct = [s], [t]
        a.extend(cs)
        b.extend(ct)
    return a, b


def _uncopied(text: str, lang: str, other: str) -> str:
    """``text`` without the cues that ``other`` has as they are written."""

    def keep(m: re.Match[str]) -> str:
        word = re.escape(m.group(0))
        return " " if re.search(rf"(?<!\w){word}(?!\w)", other) else m.group(0)

    return CUES[lang].sub(keep, text)


def readable(lang: str) -> bool:
    return lang in CUES
