"""Facts: does each translation state the facts its source states?

Each translation is compared with its source on what does not depend on
language: per HTTP method entry, which methods are documented (``methods``),
what the wording says of idempotency (``idempotency``, from the lexicon of
each language), the success status codes (``status``) and the other numbers
(``numbers``); per section, its numbers (``numbers``, in ``numbers.py``).

A difference where the translation says something else is a ``fact``
finding; where it lacks what the source has, ``missing``; where it only has
more, ``cosmetic``. Each quotes both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from service.ingest.lexicon import LEXICONS, stated_idempotency
from service.records import Document, MethodEntry, Section

from . import alignment, figures, numbers
from .findings import Finding


def compare(
    article: str, source: Document, doc: Document, pairs: list[tuple[Section, Section]]
) -> Iterator[Finding]:
    """The fact findings on translation ``doc`` of ``source`` (``pairs``: their sections,
    paired by ``headings.sections``)."""
    yield from _methods(article, source, doc)
    yield from numbers.in_sections(article, source, doc, pairs)


# --- method entries ------------------------------------------------------------------------


def _methods(article: str, source: Document, doc: Document) -> Iterator[Finding]:
    theirs = {e.method: e for e in doc.methods}
    mine = {e.method: e for e in source.methods}
    for method, entry in mine.items():
        other = theirs.get(method)
        if other is None:
            yield Finding.on(
                kind="methods",
                severity="missing",
                article=article,
                doc=doc,
                method=method,
                field="documented",
                message=f"the source documents {method}; the translation does not",
                source=entry.summary,
                translation="",
                source_value=True,
                translation_value=False,
            )
            continue
        yield from _idempotency(article, doc, entry, other, source.locale)
        yield from _status(article, doc, entry, other)
        yield from _entry_numbers(article, doc, entry, other, source.locale)
    for method, other in theirs.items():
        if method not in mine:
            yield Finding.on(
                kind="methods",
                severity="fact",
                article=article,
                doc=doc,
                method=method,
                field="documented",
                message=f"the translation documents {method}; the source does not",
                source="",
                translation=other.summary,
                source_value=False,
                translation_value=True,
            )


def _term_sentence(entry: MethodEntry, lang: str) -> int | None:
    lex = LEXICONS.get(lang)
    if lex is None:
        return None
    return next((n for n, s in enumerate(entry.sentences) if lex.idempotent.search(s)), None)


def _says(value: bool | None) -> str:
    return {True: "is idempotent", False: "is not idempotent", None: "says nothing of it"}[value]


def _idempotency(
    article: str, doc: Document, entry: MethodEntry, other: MethodEntry, source_lang: str
) -> Iterator[Finding]:
    lang = doc.locale
    if lang not in LEXICONS:  # a language we cannot read: its wording is not judged
        return
    mine = stated_idempotency(entry.sentences, source_lang)
    theirs = stated_idempotency(other.sentences, lang)
    if mine == theirs:
        return
    at = _term_sentence(entry, source_lang)
    said = entry.sentences[at] if at is not None else ""
    found = _term_sentence(other, lang)
    if found is not None:
        answer = other.sentences[found]
    elif at is not None:
        answer = alignment.align(said, at, len(entry.sentences), other.sentences)
    else:
        answer = ""
    method = entry.method
    if theirs is None:
        message = (
            f"the source says {method} {_says(mine)}; the translation has no word for "
            f"idempotent in its {method} entry"
        )
    elif mine is None:
        message = f"the translation says {method} {_says(theirs)}; the source says nothing of it"
    else:
        message = f"the source says {method} {_says(mine)}; the translation says it {_says(theirs)}"
    yield Finding.on(
        kind="idempotency",
        severity="fact",
        article=article,
        doc=doc,
        method=method,
        field="idempotent",
        message=message,
        source=said,
        translation=answer,
        source_value=mine,
        translation_value=theirs,
    )


def _with_codes(entry: MethodEntry, codes: Sequence[int]) -> str:
    wanted = {str(c) for c in codes}
    hits = [s for s in entry.sentences if wanted & set(re.findall(r"\d+", s))]
    return " … ".join(hits) if hits else entry.summary


def _status(
    article: str, doc: Document, entry: MethodEntry, other: MethodEntry
) -> Iterator[Finding]:
    mine, theirs = set(entry.success_status), set(other.success_status)
    if mine == theirs:
        return
    lacking, more = sorted(mine - theirs), sorted(theirs - mine)
    parts = ([f"lacks {', '.join(map(str, lacking))}"] if lacking else []) + (
        [f"adds {', '.join(map(str, more))}"] if more else []
    )
    yield Finding.on(
        kind="status",
        severity="fact",
        article=article,
        doc=doc,
        method=entry.method,
        field="status",
        message=f"{entry.method}: the translation's success status codes differ from the "
        f"source's ({'; '.join(parts)})",
        source=_with_codes(entry, lacking or sorted(mine)),
        translation=_with_codes(other, more or sorted(theirs)),
        source_value=sorted(mine),
        translation_value=sorted(theirs),
    )


def _entry_numbers(
    article: str, doc: Document, entry: MethodEntry, other: MethodEntry, source_lang: str
) -> Iterator[Finding]:
    lang = doc.locale
    codes = {str(c) for c in (*entry.success_status, *other.success_status)}
    mine = [n for n in figures.numbers(entry.description, source_lang) if n.value not in codes]
    theirs = [n for n in figures.numbers(other.description, lang) if n.value not in codes]
    yield from numbers.report(
        article,
        doc,
        entry.method,
        "numbers",
        (entry.description, other.description),
        figures.unmatched(mine, theirs, other.description, lang),
        figures.unmatched(theirs, mine, entry.description, source_lang),
        f"{entry.method} entry",
    )
