"""Numbers: does each translation state the numbers its source states, section by section?

Each paired section's numbers (and each method entry's, apart from its status
codes) are read in each locale's format (``figures``), without code and
invisible characters, and compared as multisets; what the translation lacks or
has over is a ``numbers`` finding quoting both sentences. A number that only
moved to another section is not one (``in_sections``), nor one in a web address
written out in the text (a link whose markup the translation broke shows its
address): the links check compares the links' addresses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from service.ingest import sentences
from service.records import Document, Section

from . import alignment, figures
from .blocks import INVISIBLE, blocks, without
from .findings import Finding, quote, severity_of


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


# A web address written out in the text (a link whose markup the translation broke shows
# its address): the digits of its host and path are an address's, not numbers a sentence
# states. Its query is left: an example's value (`?ID=5e43…`) may follow it, spaced or not.
_WEB = re.compile(r"https?://[^\s<>()\[\]?#]+")


def in_sections(
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
        text = _WEB.sub(" ", _without_code(_without_entries(section.text, d), section))
        return text, [n for n in figures.numbers(text, d.locale) if n.value not in in_entries]

    rows = []
    for section, other in pairs:
        mine_text, mine = numbers_of(section, source)
        their_text, theirs = numbers_of(other, doc)
        if not mine and not theirs:
            continue
        lacking = [
            n
            for n in figures.unmatched(mine, theirs, their_text, doc.locale)
            if not _percent_typed_5(n, mine_text, their_text)
        ]
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
        yield from report(article, doc, None, field, (mine_text, their_text), lacking, more, where)


def _percent_typed_5(n: figures.Number, mine_text: str, their_text: str) -> bool:
    """The source's ``1005`` a percentage typed without its shift key (``%`` and ``5`` are
    one key), where the translation has one more ``100 %`` than the source."""
    if len(n.text) < 3 or not n.text.endswith("5") or not n.text[:-1].isdigit():
        return False
    percent = re.compile(rf"(?<![\d.,]){re.escape(n.text[:-1])}\s?%")
    return len(percent.findall(their_text)) > len(percent.findall(mine_text))


def _took(pool: Counter[str], value: str) -> bool:
    """Take one ``value`` from ``pool`` if it has one."""
    if pool[value] <= 0:
        return False
    pool[value] -= 1
    return True


def report(
    article: str,
    doc: Document,
    method: str | None,
    field: str,
    texts: tuple[str, str],
    lacking: list[figures.Number],
    more: list[figures.Number],
    where: str,
) -> Iterator[Finding]:
    """The finding of the numbers a text of the translation lacks or has over, quoting
    the sentences they are in (``texts``: the source's, the translation's)."""
    if not lacking and not more:
        return
    mine_text, their_text = texts
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
