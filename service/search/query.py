"""What people type, read into words, phrases and a method filter, within limits.

Query syntax: plain words, ``"quoted phrases"``, and ``method:PUT`` filters;
any other ``name:value`` is read as its words. Wildcards and operators are
plain words. Costs are capped before anything is looked up: the query's
length, its term count (and, elsewhere, ``limit`` and ``offset``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.ingest.methods import KNOWN

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_LIMIT = 100
MAX_OFFSET = 10_000

METHODS = frozenset(m.lower() for m in KNOWN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKENS = re.compile(
    r'(?P<field>[A-Za-z]+):(?P<value>"[^"]*"|\S+)|"(?P<phrase>[^"]*)"|(?P<word>\S+)'
)
_WORD = re.compile(r"\w+")


class QueryError(ValueError):
    """The query cannot be answered safely; the message says why."""


class UnknownMethod(QueryError):
    """A ``method:`` filter that names no HTTP method (it could match nothing)."""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    method: str | None

    def named_method(self) -> str | None:
        """The HTTP method the query is about: its filter, else a word that is one."""
        return self.method or next((w.upper() for w in self.words if w.lower() in METHODS), None)


def parse_query(raw: str) -> ParsedQuery:
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(raw)} characters long; the limit is {MAX_QUERY_CHARS}")
    text = _CONTROL.sub(" ", raw)
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    method = None
    for m in _TOKENS.finditer(text):
        if m.group("field"):
            name, value = m.group("field").lower(), m.group("value").strip('"')
            if name == "method":
                if value.lower() not in METHODS:  # a filter that cannot match: say so
                    raise UnknownMethod(
                        f"method:{value[:20]} is not an HTTP method; methods: {', '.join(KNOWN)}"
                    )
                method = value.upper()
                continue
            words.extend(_WORD.findall(f"{name} {value}"))
        elif m.group("phrase") is not None:
            found = tuple(_WORD.findall(m.group("phrase")))
            if len(found) > 1:
                phrases.append(found)
            else:
                words.extend(found)
        else:
            words.extend(_WORD.findall(m.group("word")))
    count = len(words) + sum(len(p) for p in phrases)
    if count > MAX_TERMS:
        raise QueryError(f"query has {count} terms; the limit is {MAX_TERMS}")
    return ParsedQuery(tuple(words), tuple(phrases), method)
