"""Terms: does each translation keep the source's required, optional, read-only, deprecated…?

A term glossary (``terms.toml``, beside this module: its source is the repo)
lists, per term, how each language writes it and, where there is one, its
opposite. Per paired block (:mod:`.passages`), each term of the source's
text is looked for in the translation's:

* the translation has the term's opposite and not the term (*optional*
  where the source says *required*): ``fact``;
* for a term marked ``missing``, the translation has no form of it at all
  (nor the English word kept as it is): ``missing``.

Idempotency has its own, older check (``facts``, from the lexicon).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from service.records import Document

from .blocks import Block
from .findings import Finding, Severity, quote
from .pairing import Paired

SOURCE = Path(__file__).with_name("terms.toml")


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    opposite: str | None
    missing: bool  # report a translation with no form of it
    forms: dict[str, re.Pattern[str]]  # per language


def _pattern(forms: Sequence[str]) -> re.Pattern[str]:
    parts = [
        re.escape(f[:-1]) + r"\w*" if f.endswith("*") else re.escape(f) + r"(?!\w)" for f in forms
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


@cache
def glossary(path: Path = SOURCE) -> dict[str, Term]:
    """The terms of ``terms.toml``. Raises ValueError naming the file and term if it is
    ill-formed."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    terms: dict[str, Term] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("en"), list):
            raise ValueError(f"{path}: term [{name}] has no list of English forms (en = [...])")
        opposite = entry.get("opposite")
        if opposite is not None and opposite not in data:
            raise ValueError(f"{path}: term [{name}]: its opposite '{opposite}' is no term")
        forms = {
            lang: _pattern([str(f) for f in words])
            for lang, words in entry.items()
            if isinstance(words, list) and words
        }
        terms[name] = Term(name, opposite, bool(entry.get("missing", False)), forms)
    return terms


@dataclass(frozen=True, slots=True)
class _Said:
    severity: Severity
    term: str
    source: str
    translation: str
    message: str


@cache
def _any(lang: str) -> re.Pattern[str] | None:
    """Every term's forms in ``lang`` as one pattern, a named group per term: one search
    tells which terms a text has (most have none)."""
    forms = [
        f"(?P<t{n}>{t.forms[lang].pattern})"
        for n, t in enumerate(glossary().values())
        if lang in t.forms
    ]
    return re.compile("|".join(forms), re.IGNORECASE) if forms else None


@lru_cache(maxsize=65536)
def _found(text: str, lang: str) -> tuple[str, ...]:
    """The terms ``text`` has in ``lang`` (a source block is read once for its three
    translations)."""
    pattern = _any(lang)
    if pattern is None:
        return ()
    names = list(glossary())
    return tuple(
        dict.fromkeys(
            names[int(group[1:])]
            for m in pattern.finditer(text)
            for group, value in m.groupdict().items()
            if value is not None
        )
    )


def forget() -> None:
    """Forget the texts read (``report.clear``)."""
    _found.cache_clear()


def _judge(a: Block, b: Block, lang: str, their_lang: str) -> Iterator[_Said]:
    terms = glossary()
    for name in _found(a.text, lang):
        term = terms[name]
        mine = term.forms.get(lang)
        theirs = term.forms.get(their_lang)
        if mine is None or theirs is None:
            continue
        if theirs.search(b.text) or mine.search(b.text):
            continue  # said, or kept in English
        opposite = terms.get(term.opposite) if term.opposite else None
        if opposite is not None:
            other = opposite.forms.get(their_lang)
            said_other = opposite.forms.get(lang)
            if (
                other is not None
                and other.search(b.text)
                and not (said_other is not None and said_other.search(a.text))
            ):
                yield _Said(
                    "fact",
                    term.name,
                    a.text,
                    b.text,
                    f"the source says {term.name}; the translation says {opposite.name}",
                )
                continue
        if term.missing:
            yield _Said(
                "missing",
                term.name,
                a.text,
                b.text,
                f"the source says {term.name}; the translation has no word for it",
            )


def compare(
    article: str, source: Document, doc: Document, sections: Sequence[Paired]
) -> Iterator[Finding]:
    """The term findings on translation ``doc``: one per section and term."""
    for one in sections:
        if one.reworded:  # the source's words changed since the translation: terms too
            continue
        seen: set[str] = set()
        for a, b in one.blocks.pairs:
            for said in _judge(a, b, source.locale, doc.locale):
                if said.term in seen:
                    continue
                seen.add(said.term)
                anchor = one.section.anchor if one.section.level else ""
                where = (
                    "the introduction"
                    if one.section.level == 0
                    else f"section “{one.section.heading}”"
                )
                yield Finding.on(
                    kind="terms",
                    severity=said.severity,
                    article=article,
                    doc=doc,
                    field=f"terms:{said.term}:{anchor}",
                    message=f"{where}: {said.message}",
                    source=quote(said.source),
                    translation=quote(said.translation),
                    source_value=said.term,
                    translation_value=None,
                )
