"""Numbers in text, read the same way whatever the language writes them.

``10,000``, ``10.000``, ``10 000``, ``10000`` and ``10K`` are one number;
``2.5``, ``2,5`` and ``.5``-style decimals are one number each; ``5:26 PM``,
``17:26`` and ``17.26`` are one time; a version or an address (``21.3.0``,
``52.30.133.50``) is one number. A number of one text *matches* another
text when any of its readings is among the other's. Small whole numbers (up
to :data:`SPELLED`) are left out: a translation may write them as words
(``two``, ``deux``, ``twee``, ``två``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

SPELLED = 10  # whole numbers up to this may be words in a translation

_SEP = "[.,\u00a0\u202f\u2009\u00ad]"  # a soft hyphen may break a long number, too
_TIME12 = r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::\d{2})?\s?(?P<ap>[AaPp])\.?[Mm]\b\.?"
_TIME12_AT = re.compile(_TIME12)
_NUMBER_AT = re.compile(
    r"\.?(?:\d{1,3}(?: \d{3}(?!\d))+(?:,\d+)?(?![\d.,]\d)|\d+(?:" + _SEP + r"\d+)*)"
    r"(?:[kK](?![A-Za-z]))?"
)  # 10 000 (spaces only), or 1,234.5 / 1.2.3
_WORD = r"\b(?:noon|midday|midi)\b"
_WORDS = re.compile(_WORD, re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPLIT = re.compile(_SEP + "| ")
CODE_LENGTH = 8  # letters and digits mixed, this long: a hash or an id (5e43010c…)


@dataclass(frozen=True, slots=True)
class Number:
    text: str  # as written
    value: str  # canonical: grouping removed, decimal point a dot, times on 24 hours
    start: int  # where in the text


def _strip(digits: str) -> str:
    return digits.lstrip("0") or "0"


def _grouped(token: str, parts: list[str]) -> bool:
    """``10,000`` / ``10.000`` / ``10 000``: thousands, one separator throughout."""
    return (
        len(parts) > 1
        and len(parts[0]) <= 3
        and all(len(p) == 3 for p in parts[1:])
        and len(set(re.findall(_SEP + "| ", token))) == 1
    )


def canonical(token: str) -> str:
    low = token.lower()
    if re.fullmatch(_WORD, low):
        return "12:00"
    time = _TIME12_AT.fullmatch(token)
    if time:
        hour = int(time.group("h")) % 12 + (12 if time.group("ap").lower() == "p" else 0)
        return f"{hour}:{time.group('m') or '00'}"
    thousand = low.endswith("k")
    body = token[:-1] if thousand else token
    if body.startswith("."):
        body = "0" + body
    parts = _SPLIT.split(body)
    marks = re.findall(_SEP + "| ", body)
    if len(parts) == 1:
        value = _strip(body)
    elif (
        len(parts) > 2
        and len(set(marks[:-1])) == 1
        and marks[-1] != marks[0]
        and marks[-1] in ".,"
        and _grouped(body[: body.rindex(marks[-1])], parts[:-1])
    ):  # 1,234.56 / 1.234,56 / 1 234,56: grouped, then the decimal mark of its locale
        value = f"{_strip(''.join(parts[:-1]))}.{parts[-1]}"
    elif _grouped(body, parts):
        value = _strip("".join(parts))
    elif len(parts) == 2:
        value = f"{_strip(parts[0])}.{parts[1]}"
    else:
        value = ".".join(parts)  # a version, an address, a date
    if thousand:
        if value.isdigit():
            return str(int(value) * 1000)
        if value.count(".") == 1:
            return f"{float(value) * 1000:g}"
    return value


@lru_cache(maxsize=65536)
def readings(token: str) -> frozenset[str]:
    """Every way to read one written number: as written, canonical, and its parts
    (``12.00`` is also ``12`` and ``12:00``; ``5:26 PM`` is also ``17`` and ``26``)."""
    value = canonical(token)
    out = {token, value}
    for mark in (":", "."):
        if value.count(mark) == 1:  # a time, a decimal (not a version nor an address)
            head, _, tail = value.partition(mark)
            if len(tail) == 2 and tail.isdigit():
                out.update({f"{head}:{tail}", f"{head}.{tail}"})
            out.update(_strip(p) for p in (head, tail) if p.isdigit() and int(p) > SPELLED)
            if mark == ":" and tail == "00":
                out.add(_strip(head))  # 6am is 6 h, 6 uur
    if re.fullmatch(r"\d+\.0+", value):  # 2.0 is 2
        out.add(value.split(".")[0])
    if token.lower().endswith("k"):
        out.add(canonical(token[:-1]))
    return frozenset(out)


def small(value: str) -> bool:
    """A number a translation may write as a word: 7, or 7 o'clock."""
    whole = value.removesuffix(":00")
    return whole.isdigit() and int(whole) <= SPELLED


@lru_cache(maxsize=16384)
def numbers(text: str, lang: str = "") -> tuple[Number, ...]:
    """Every number (and hash, id) of ``text``, small ones included.

    A number does not start inside another, nor right after a letter (``MD5``,
    ``mp4``) other than ``v`` (``v1.2``) and ``x`` (``40x30``). In English
    (``lang="en"``) a comma is never a decimal mark: ``0,1`` is a list.
    """
    out: list[Number] = []
    done = 0  # text before this is read
    for m in _DIGITS.finditer(text):
        at = m.start()
        if at < done:
            continue
        begin, end = at, m.end()
        while begin > 0 and text[begin - 1].isascii() and text[begin - 1].isalnum():
            begin -= 1
        while end < len(text) and text[end].isascii() and text[end].isalnum():
            end += 1
        word = text[begin:end]
        if end - begin >= CODE_LENGTH and not word.isdigit():
            out.append(Number(word, word, begin))
            done = end
            continue
        before = text[at - 1] if at else " "
        if (
            (before.isalpha() and before not in "vVxX×")
            or before == "_"
            or (before in ".," and at > 1 and text[at - 2].isdigit())
        ):
            done = m.end()
            continue
        if before == "." and (at < 2 or not (text[at - 2].isalnum() or text[at - 2] == ".")):
            at -= 1  # .5
        found = _TIME12_AT.match(text, at) if before != "." else None
        found = found or _NUMBER_AT.match(text, at)
        if found is None:
            continue
        done = found.end()
        out.extend(_pieces(found.group(0), found.start(), lang))
    if "noon" in text or "mid" in text or "Noon" in text or "Mid" in text:
        out.extend(Number(w.group(0), "12:00", w.start()) for w in _WORDS.finditer(text))
        out.sort(key=lambda n: n.start)
    return tuple(out)


def _pieces(token: str, start: int, lang: str) -> list[Number]:
    parts = _SPLIT.split(token)
    commas = set(re.findall(_SEP + "| ", token)) == {","}
    if commas and not _grouped(token, parts) and (len(parts) > 2 or lang == "en"):
        out, at = [], 0
        for part in parts:  # a list: 1,2,3
            at = token.index(part, at)
            out.append(Number(part, canonical(part), start + at))
            at += len(part)
        return out
    return [Number(token, canonical(token), start)]


def worth(found: Iterable[Number]) -> list[Number]:
    """The numbers worth comparing: not the small ones a translation may spell out."""
    return [n for n in found if not small(n.value)]


def _verbatim(token: str, text: str) -> bool:
    """``token`` written as such in ``text``, not as a piece of a longer number."""
    at = text.find(token)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(token)] if at + len(token) < len(text) else " "
        if not (before.isdigit() or before in ".,") and not after.isdigit():
            return True
        at = text.find(token, at + 1)
    return False


# Small whole numbers as words, and as ordinals, per language: where a translation writes
# 2 as "deux" or "second", it still says 2. One is left out: "a", "un", "een", "en" are
# articles as well as numbers.
NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "zero|none",
        "one|first|once|single",
        "two|second|twice|both|pair|double",
        "three|third",
        "four|fourth",
        "five|fifth",
        "six|sixth",
        "seven|seventh",
        "eight|eighth",
        "nine|ninth",
        "ten|tenth",
    ),
    "fr": (
        "zéro|aucun\\w*",
        "un|une|premier|première|seul\\w*",
        "deux|deuxième|second\\w*|double|paire|les deux",
        "trois|troisième",
        "quatre|quatrième",
        "cinq|cinquième",
        "six|sixième",
        "sept|septième",
        "huit|huitième",
        "neuf|neuvième",
        "dix|dixième",
    ),
    "nl": (
        "nul|geen",
        "een|één|eerste|enkel\\w*",
        "twee|tweede|beide|dubbel\\w*|paar",
        "drie|derde",
        "vier|vierde",
        "vijf|vijfde",
        "zes|zesde",
        "zeven|zevende",
        "acht|achtste",
        "negen|negende",
        "tien|tiende",
    ),
    "sv": (
        "noll|ingen|inget|inga",
        "en|ett|första|enda|enstaka",
        "två|andra|båda|bägge|dubbel\\w*|par",
        "tre|tredje",
        "fyra|fjärde",
        "fem|femte",
        "sex|sjätte",
        "sju|sjunde",
        "åtta|åttonde",
        "nio|nionde",
        "tio|tionde",
    ),
}


@lru_cache(maxsize=64)
def _worded(lang: str, value: int) -> re.Pattern[str] | None:
    words = NUMBER_WORDS.get(lang)
    if words is None or not 0 <= value < len(words):
        return None
    end = "" if lang in _COMPOUNDING else r"\b"  # tvåsiffrig, tweedelig: a word's first part
    return re.compile(rf"\b(?:{words[value]}){end}", re.IGNORECASE)


_COMPOUNDING = {"nl", "sv", "de", "da", "no"}


def _spelled(value: str, text: str, lang: str | None) -> bool:
    """A small number written as a word in ``text`` (or a language with no words here,
    or the number one: it may always be spelled)."""
    whole = value.removesuffix(":00")
    if lang is None or not whole.isdigit() or int(whole) <= 1:
        return True
    words = _worded(lang, int(whole))
    return words is None or words.search(text) is not None


def unmatched(
    mine: Iterable[Number],
    theirs: Iterable[Number],
    their_text: str = "",
    their_lang: str | None = None,
) -> list[Number]:
    """My numbers worth comparing that their text does not have: neither written the
    same way nor with any reading among theirs (the first of each value). Small whole
    numbers count when ``their_lang`` is given and their text has no word for them
    either; else they are left out."""
    known: set[str] = set()
    for n in theirs:
        known |= readings(n.text)
    seen: set[str] = set()
    out = []
    for n in mine:
        if n.value in seen or readings(n.text) & known or _verbatim(n.text, their_text):
            continue
        if small(n.value) and _spelled(n.value, their_text, their_lang):
            continue
        seen.add(n.value)
        out.append(n)
    return out
