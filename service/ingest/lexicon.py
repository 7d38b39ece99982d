"""What each content language calls the facts we read from the docs' wording.

Only wording lives here; the facts themselves (status codes, idempotency)
come from the source-language entry. A language without an entry still
ingests: its own wording is simply not judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Lexicon:
    idempotent: re.Pattern[str]  # the term, with its inflections
    negation: re.Pattern[str]  # a negation standing shortly before the term
    caution: re.Pattern[str]  # a sentence that warns


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


LEXICONS: dict[str, Lexicon] = {
    "en": Lexicon(
        _re(r"\bidempotent\w*"),
        _re(r"\b(?:not|non|never)\b|\bisn[’']t\b"),
        _re(r"\bcaut(?:ious|ion)\w*|\bcareful\b|\bwarning\b"),
    ),
    "fr": Lexicon(
        _re(r"\bidempotent(?:e|s|es)?\b"),
        _re(r"\b(?:pas|non|jamais)\b"),
        _re(r"\bprudent\w*|\battention\b|\bvigilan\w*"),
    ),
    "nl": Lexicon(
        _re(r"\bidempotent\w*"),
        _re(r"\b(?:niet|geen|nooit)\b"),
        _re(r"\bvoorzichtig\w*|\blet op\b|\bopgelet\b"),
    ),
    "sv": Lexicon(
        _re(r"\bidempotent\w*"),
        _re(r"\b(?:inte|icke|ej|aldrig)\b"),
        _re(r"\bförsiktig\w*|\bvarning\w*|\bse upp\b"),
    ),
}

_NEGATION_WINDOW = 40  # characters before the term in which a negation counts


def stated_idempotency(sentences: tuple[str, ...], lang: str) -> bool | None:
    """True/False where the wording says (not) idempotent, None where it is silent."""
    lex = LEXICONS.get(lang)
    if lex is None:
        return None
    for sentence in sentences:
        m = lex.idempotent.search(sentence)
        if m is None:
            continue
        before = sentence[max(0, m.start() - _NEGATION_WINDOW) : m.start()]
        clause = re.split(r"[,;:]", before)[-1]
        return lex.negation.search(clause) is None
    return None


def caution_sentence(sentences: tuple[str, ...], lang: str) -> int | None:
    """Index of the first sentence that warns, if the language's cue words find one."""
    lex = LEXICONS.get(lang)
    if lex is None:
        return None
    for i, sentence in enumerate(sentences):
        if lex.caution.search(sentence):
            return i
    return None


# What an app article's section headings say, per language: the section that holds
# the module field tables ("Airtable modules and their fields", "Modules Airtable et
# leurs champs", "Airtable-modules en hun velden", "Luftburna moduler och deras fält")
# and the one that says how to connect. Headings are translated but the structure is
# not: the fields section is also found by the tables under its headings, and in a
# language with no wording here by those alone (ingest.fields).
FIELDS_SECTION: dict[str, re.Pattern[str]] = {
    "en": _re(r"\b(?:their|its) fields\b"),
    "fr": _re(r"\b(?:leurs|ses) champs\b"),
    "nl": _re(r"\bvelden\b|\bgebieden\b"),  # machine translations say "areas" too
    "sv": _re(r"\bfält\b|\bområden\b"),
}
CONNECTION_SECTION: dict[str, re.Pattern[str]] = {
    "en": _re(r"\bconnect"),
    "fr": _re(r"\bconnex|\bconnect"),
    "nl": _re(r"\bverbind|\bverbinding|\baansluit|\bkoppel|\bconnect"),
    "sv": _re(r"\banslut|\bkoppl|\bconnect"),
}
