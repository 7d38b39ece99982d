"""Facts: does each translation state the facts its source states?

Each translation is compared with its source on what does not depend on
language: per HTTP method entry, which methods are documented (``methods``),
what the wording says of idempotency (``idempotency``, from the lexicon of
each language), the success status codes (``status``) and the other numbers
(``numbers``); per section, its numbers (``numbers``).

A difference where the translation says something else is a ``fact``
finding; where it lacks what the source has, ``missing``; where it only has
more, ``cosmetic``. Each quotes both sides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from service.ingest import sentences
from service.ingest.lexicon import LEXICONS, stated_idempotency
from service.records import Document, MethodEntry, Section

from . import alignment, figures
from .blocks import INVISIBLE, blocks, without
from .findings import Finding, quote, severity_of


def compare(
    article: str, source: Document, doc: Document, pairs: list[tuple[Section, Section]]
) -> Iterator[Finding]:
    """The fact findings on translation ``doc`` of ``source`` (``pairs``: their sections,
    paired by ``alignment.pair_sections``)."""
    yield from _methods(article, source, doc)
    yield from _numbers(article, source, doc, pairs)


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
    yield from _number_finding(
        article,
        doc,
        entry.method,
        "numbers",
        entry.description,
        other.description,
        mine,
        theirs,
        f"{entry.method} entry",
        source_lang,
    )


# --- numbers per section -------------------------------------------------------------------


def _without_entries(text: str, doc: Document) -> str:
    for entry in doc.methods:
        if entry.description:
            text = text.replace(entry.description, " ")
    return text


def _without_code(text: str, section: Section) -> str:
    """The section's words without its code (compared as code, by ``passages``) and
    without the invisible characters (soft hyphens) that break a number."""
    codes = [m[5:] for b in blocks(section.html) for m in b.marks if m.startswith("code:")]
    return INVISIBLE.sub("", without(text, codes))


def _numbers(
    article: str, source: Document, doc: Document, pairs: list[tuple[Section, Section]]
) -> Iterator[Finding]:
    # method entries are compared on their own: their numbers are not compared again here
    in_entries = {
        n.value
        for d in (source, doc)
        for e in d.methods
        for n in figures.numbers(e.description, d.locale)
    }

    def numbers_of(section: Section, d: Document) -> tuple[str, list[figures.Number]]:
        text = _without_code(_without_entries(section.text, d), section)
        return text, [n for n in figures.numbers(text, d.locale) if n.value not in in_entries]

    rows = []
    for section, other in pairs:
        mine_text, mine = numbers_of(section, source)
        their_text, theirs = numbers_of(other, doc)
        if not mine and not theirs:
            continue
        lacking = figures.unmatched(mine, theirs, their_text, doc.locale)
        more = figures.unmatched(theirs, mine, mine_text, source.locale)
        rows.append((section, mine_text, their_text, lacking, more))
    # A number the translation lacks in one section and has over in another (or in a
    # section the pairing left alone) moved, it did not change: where the source's
    # `####` modules are the translation's `+++` collapsibles under one heading, the
    # sections are cut otherwise. Each such move excuses one number on each side.
    paired = ({id(s) for s, _ in pairs}, {id(o) for _, o in pairs})
    spare_mine = Counter(
        n.value for s in source.sections if id(s) not in paired[0] for n in numbers_of(s, source)[1]
    )
    spare_theirs = Counter(
        n.value for s in doc.sections if id(s) not in paired[1] for n in numbers_of(s, doc)[1]
    )
    over = Counter(n.value for *_r, more in rows for n in more) + spare_theirs
    short = Counter(n.value for *_r, lacking, _m in rows for n in lacking) + spare_mine
    for section, mine_text, their_text, lacking, more in rows:
        lacking = [n for n in lacking if not _took(over, n.value)]
        more = [n for n in more if not _took(short, n.value)]
        if section.level == 0:
            field, where = "numbers:", "the introduction"
        else:
            field, where = f"numbers:{section.anchor}", f"section “{section.heading}”"
        yield from _number_report(
            article, doc, None, field, mine_text, their_text, lacking, more, where
        )


def _took(pool: Counter[str], value: str) -> bool:
    """Take one ``value`` from ``pool`` if it has one."""
    if pool[value] <= 0:
        return False
    pool[value] -= 1
    return True


def _number_finding(
    article: str,
    doc: Document,
    method: str | None,
    field: str,
    mine_text: str,
    their_text: str,
    mine: list[figures.Number],
    theirs: list[figures.Number],
    where: str,
    source_lang: str,
) -> Iterator[Finding]:
    lacking = figures.unmatched(mine, theirs, their_text, doc.locale)
    more = figures.unmatched(theirs, mine, mine_text, source_lang)
    yield from _number_report(
        article, doc, method, field, mine_text, their_text, lacking, more, where
    )


def _number_report(
    article: str,
    doc: Document,
    method: str | None,
    field: str,
    mine_text: str,
    their_text: str,
    lacking: list[figures.Number],
    more: list[figures.Number],
    where: str,
) -> Iterator[Finding]:
    if not lacking and not more:
        return
    their_sentences = (
        [their_text[a:b] for a, b in sentences.spans(their_text)] if lacking and not more else []
    )
    said, answer = [], []
    for n in lacking[:3]:
        at, sentence, offset = alignment.sentence_at(mine_text, n.start)
        said.append(quote(sentence, offset))
        if their_sentences:
            total = len(sentences.spans(mine_text))
            answer.append(quote(alignment.align(sentence, at, total, their_sentences)))
    for n in more[:3]:
        _, sentence, offset = alignment.sentence_at(their_text, n.start)
        answer.append(quote(sentence, offset))
    parts = ([f"lacks {', '.join(n.text for n in lacking)}"] if lacking else []) + (
        [f"adds {', '.join(n.text for n in more)}"] if more else []
    )
    yield Finding.on(
        kind="numbers",
        severity=severity_of(bool(lacking), bool(more)),
        article=article,
        doc=doc,
        method=method,
        field=field,
        message=f"numbers in {where} differ: the translation {'; '.join(parts)}",
        source=" … ".join(dict.fromkeys(said)),
        translation=" … ".join(dict.fromkeys(answer)),
        source_value=[n.text for n in lacking],
        translation_value=[n.text for n in more],
    )
