"""Babel at the edges: locale tags, Accept-Language negotiation, language names.

Content folders are named by any BCP 47 tag (``fr-FR``); from the moment a
folder is read every stage works with its plain language code (``fr``):
:func:`language_of` is the one way to get it. Negotiation reads the
request's ``Accept-Language`` with its q-values (Babel's ``negotiate_locale``
takes an already ordered list) and says whether what is served is what was
asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError, negotiate_locale

_TAG = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")
MAX_HEADER = 4096  # characters of Accept-Language we read; the rest is ignored
MAX_ENTRIES = 32


def language_of(tag: str) -> str:
    """``fr-FR``, ``fr_CA``, ``FR`` → ``fr``: the language of a tag, as every stage names it."""
    return re.split(r"[-_]", tag, maxsplit=1)[0].lower()


@lru_cache(maxsize=1024)
def folder_language(name: str) -> str | None:
    """``fr-FR`` → ``fr``; None when the folder is not a known language tag."""
    if not _TAG.match(name):
        return None
    try:
        return Locale.parse(name.replace("_", "-"), sep="-").language
    except (UnknownLocaleError, ValueError):
        return None


def valid_tag(tag: str) -> bool:
    return bool(_TAG.match(tag)) and len(tag) <= 35


CACHED_HEADER = 200  # characters: headers up to this long are remembered (browsers' are)


def parse_accept_language(header: str) -> tuple[str, ...]:
    """Language ranges in order of preference (q-values honoured, q=0 and junk dropped)."""
    if len(header) <= CACHED_HEADER:
        return _parse_cached(header)
    return _parse(header)


@lru_cache(maxsize=4096)
def _parse_cached(header: str) -> tuple[str, ...]:
    return _parse(header)


def _parse(header: str) -> tuple[str, ...]:
    """Language ranges in order of preference (q-values honoured, q=0 and junk dropped)."""
    entries: list[tuple[float, int, str]] = []
    for n, part in enumerate(header[:MAX_HEADER].split(",")[:MAX_ENTRIES]):
        fields = [f.strip() for f in part.split(";")]
        tag, q = fields[0], 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = -1.0
        if not (0.0 < q <= 1.0) or not (tag == "*" or valid_tag(tag)):
            continue
        entries.append((-q, n, tag))
    return tuple(tag for _q, _n, tag in sorted(entries))


@dataclass(frozen=True, slots=True)
class Choice:
    locale: str  # what is served
    requested: str | None  # the best language the client asked for, or None
    fallback: bool  # served language is not the one asked for


def negotiate(header: str, available: tuple[str, ...], default: str) -> Choice:
    """Best available language for an Accept-Language header (cached: headers repeat;
    only short ones, so that a client varying long ones cannot fill the memory)."""
    if len(header) <= CACHED_HEADER:
        return _negotiate_cached(header, available, default)
    return _negotiate(header, available, default)


@lru_cache(maxsize=8192)
def _negotiate_cached(header: str, available: tuple[str, ...], default: str) -> Choice:
    return _negotiate(header, available, default)


def _negotiate(header: str, available: tuple[str, ...], default: str) -> Choice:
    ranges = parse_accept_language(header)
    requested = _language(ranges)
    for tag in ranges:
        if tag == "*":
            continue
        found = negotiate_locale([tag], list(available), sep="-")
        if found is None:
            found = negotiate_locale([language_of(tag)], list(available), sep="-")
        if found is not None:
            return Choice(found, requested, found != requested)
    return Choice(default, requested, requested is not None and requested != default)


def _language(ranges: tuple[str, ...]) -> str | None:
    """The first range that names a real language (``garbage`` does not)."""
    for tag in ranges:
        if tag != "*":
            language = folder_language(tag)
            if language is not None:
                return language
    return None


def lang_param(value: str, available: Iterable[str]) -> str | None:
    """The available language a ``?lang=`` value names, or None if it names none."""
    if not valid_tag(value):
        return None
    language = language_of(value)
    return language if language in set(available) else None


@lru_cache(maxsize=256)
def display_name(code: str, in_locale: str | None = None) -> str:
    """``nl`` → ``Nederlands`` (own name) or, with ``in_locale``, the name in that language."""
    try:
        loc = Locale.parse(code)
        if in_locale is None:
            return loc.display_name or code
        return str(Locale.parse(in_locale).languages.get(loc.language, code))
    except (UnknownLocaleError, ValueError):
        return code


def english_name(code: str) -> str:
    try:
        return Locale.parse(code).english_name or code
    except (UnknownLocaleError, ValueError):
        return code
