"""Fact consistency: does each translation state the facts its source states?

For every article that has a source-language version, each translation is
compared with it on what does not depend on language:

* per HTTP method entry: which methods are documented (``methods``), what
  the wording says of idempotency (``idempotency``, from the lexicon of each
  language), the success status codes (``status``) and the other numbers
  (``numbers``);
* per document: numbers per section (``numbers``), UI-label count
  (``labels``), links to other articles (``links``), headings: how many and
  at which levels (``headings``).

A difference where the translation says something else is a ``fact``
finding; where it lacks what the source has, ``missing``; where it only has
more, or its form differs, ``cosmetic``. Each quotes both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from . import alignment, figures
from .findings import Finding, quote
from .join import Joined
from .lexicon import LEXICONS, stated_idempotency
from .records import Document, MethodEntry, Section


def assess(joined: Joined, source_locale: str) -> list[Finding]:
    findings: list[Finding] = []
    for article, by_locale in joined.articles.items():
        source = by_locale.get(source_locale)
        if source is None:
            continue
        for locale, doc in sorted(by_locale.items()):
            if locale != source_locale:
                findings.extend(compare(article, source, doc))
    figures.numbers.cache_clear()  # the caches serve one report (a source, many translations)
    alignment.clear()
    return findings


def compare(article: str, source: Document, doc: Document) -> Iterator[Finding]:
    pairs, lacking, extra = alignment.pair_sections(source, doc)
    yield from _methods(article, source, doc)
    yield from _numbers(article, source, doc, pairs)
    yield from _headings(article, source, doc, lacking, extra)
    yield from _labels(article, source, doc)
    yield from _links(article, source, doc)


def _language(locale: str) -> str:
    return locale.split("-")[0].split("_")[0].lower()


def _make(
    kind: str,
    severity: str,
    article: str,
    doc: Document,
    method: str | None,
    field: str,
    message: str,
    source: str,
    translation: str,
    source_value: object,
    translation_value: object,
) -> Finding:
    return Finding.make(
        kind,
        severity,
        doc.locale,
        article,
        doc.path,
        method,
        field,
        message,
        source,
        translation,
        source_value,
        translation_value,
        doc.translation.outdated,
    )


def _severity(missing: bool, extra: bool) -> str:
    """Something replaced: fact; only lacking: missing; only more: cosmetic."""
    return "fact" if missing and extra else "missing" if missing else "cosmetic"


# --- method entries ------------------------------------------------------------------------


def _methods(article: str, source: Document, doc: Document) -> Iterator[Finding]:
    theirs = {e.method: e for e in doc.methods}
    mine = {e.method: e for e in source.methods}
    for method, entry in mine.items():
        other = theirs.get(method)
        if other is None:
            yield _make(
                "methods",
                "missing",
                article,
                doc,
                method,
                "documented",
                f"the source documents {method}; the translation does not",
                entry.summary,
                "",
                True,
                False,
            )
            continue
        yield from _idempotency(article, doc, entry, other, _language(source.locale))
        yield from _status(article, doc, entry, other)
        yield from _entry_numbers(article, doc, entry, other, _language(source.locale))
    for method, other in theirs.items():
        if method not in mine:
            yield _make(
                "methods",
                "fact",
                article,
                doc,
                method,
                "documented",
                f"the translation documents {method}; the source does not",
                "",
                other.summary,
                False,
                True,
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
    lang = _language(doc.locale)
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
    yield _make(
        "idempotency",
        "fact",
        article,
        doc,
        method,
        "idempotent",
        message,
        said,
        answer,
        mine,
        theirs,
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
    yield _make(
        "status",
        "fact",
        article,
        doc,
        entry.method,
        "status",
        f"{entry.method}: the translation's success status codes differ from the "
        f"source's ({'; '.join(parts)})",
        _with_codes(entry, lacking or sorted(mine)),
        _with_codes(other, more or sorted(theirs)),
        sorted(mine),
        sorted(theirs),
    )


def _entry_numbers(
    article: str, doc: Document, entry: MethodEntry, other: MethodEntry, source_lang: str
) -> Iterator[Finding]:
    lang = _language(doc.locale)
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
    )


# --- numbers per section -------------------------------------------------------------------


def _without_entries(text: str, doc: Document) -> str:
    for entry in doc.methods:
        if entry.description:
            text = text.replace(entry.description, " ")
    return text


def _numbers(
    article: str, source: Document, doc: Document, pairs: list[tuple[Section, Section]]
) -> Iterator[Finding]:
    # method entries are compared on their own: their numbers are not compared again here
    in_entries = {
        n.value
        for d in (source, doc)
        for e in d.methods
        for n in figures.numbers(e.description, _language(d.locale))
    }
    for section, other in pairs:
        mine_text = _without_entries(section.text, source)
        their_text = _without_entries(other.text, doc)
        mine = [
            n
            for n in figures.numbers(mine_text, _language(source.locale))
            if n.value not in in_entries
        ]
        theirs = [
            n
            for n in figures.numbers(their_text, _language(doc.locale))
            if n.value not in in_entries
        ]
        if not mine and not theirs:
            continue
        if section.level == 0:
            field, where = "numbers:", "the introduction"
        else:
            field, where = f"numbers:{section.anchor}", f"section “{section.heading}”"
        yield from _number_finding(
            article, doc, None, field, mine_text, their_text, mine, theirs, where
        )


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
) -> Iterator[Finding]:
    lacking = figures.unmatched(mine, theirs, their_text)
    more = figures.unmatched(theirs, mine, mine_text)
    if not lacking and not more:
        return
    their_sentences = (
        [their_text[a:b] for a, b in alignment.spans(their_text)] if lacking and not more else []
    )
    said, answer = [], []
    for n in lacking[:3]:
        at, sentence, offset = alignment.sentence_at(mine_text, n.start)
        said.append(quote(sentence, offset))
        if their_sentences:
            total = len(alignment.spans(mine_text))
            answer.append(quote(alignment.align(sentence, at, total, their_sentences)))
    for n in more[:3]:
        _, sentence, offset = alignment.sentence_at(their_text, n.start)
        answer.append(quote(sentence, offset))
    parts = ([f"lacks {', '.join(n.text for n in lacking)}"] if lacking else []) + (
        [f"adds {', '.join(n.text for n in more)}"] if more else []
    )
    yield _make(
        "numbers",
        _severity(bool(lacking), bool(more)),
        article,
        doc,
        method,
        field,
        f"numbers in {where} differ: the translation {'; '.join(parts)}",
        " … ".join(dict.fromkeys(said)),
        " … ".join(dict.fromkeys(answer)),
        [n.text for n in lacking],
        [n.text for n in more],
    )


# --- structure -----------------------------------------------------------------------------


def _heading(section: Section) -> str:
    return f"{'#' * section.level} {section.heading}"


def _headings(
    article: str, source: Document, doc: Document, lacking: list[Section], extra: list[Section]
) -> Iterator[Finding]:
    mine = [s.level for s in source.sections if s.level > 0]
    theirs = [s.level for s in doc.sections if s.level > 0]
    if mine == theirs:
        return
    lacking = [s for s in lacking if s.level > 0]
    extra = [s for s in extra if s.level > 0]
    parts = ([f"lacks {len(lacking)} of the source's sections"] if lacking else []) + (
        [f"has {len(extra)} the source does not"] if extra else []
    )
    if not parts:
        parts = ["has the source's headings at other levels"]
    yield _make(
        "headings",
        "missing" if lacking else "cosmetic",
        article,
        doc,
        None,
        "headings",
        f"the translation {'; '.join(parts)} ({len(theirs)} headings; the source has {len(mine)})",
        " · ".join(_heading(s) for s in lacking[:4]),
        " · ".join(_heading(s) for s in extra[:4]),
        mine,
        theirs,
    )


def _labels(article: str, source: Document, doc: Document) -> Iterator[Finding]:
    if source.labels == doc.labels:
        return
    yield _make(
        "labels",
        "cosmetic",
        article,
        doc,
        None,
        "labels",
        f"the translation marks {doc.labels} UI labels ([!UICONTROL]/[!DNL]); the "
        f"source marks {source.labels}",
        f"{source.labels} UI labels",
        f"{doc.labels} UI labels",
        source.labels,
        doc.labels,
    )


def _links(article: str, source: Document, doc: Document) -> Iterator[Finding]:
    mine, theirs = set(source.links), set(doc.links)
    lacking, more = sorted(mine - theirs), sorted(theirs - mine)
    if not lacking and not more:
        return
    parts = ([f"lacks {len(lacking)} link{'s' * (len(lacking) != 1)}"] if lacking else []) + (
        [f"adds {len(more)} link{'s' * (len(more) != 1)}"] if more else []
    )
    yield _make(
        "links",
        _severity(bool(lacking), bool(more)),
        article,
        doc,
        None,
        "links",
        f"links to other articles differ: the translation {'; '.join(parts)}",
        " · ".join(lacking[:3]),
        " · ".join(more[:3]),
        lacking,
        more,
    )
