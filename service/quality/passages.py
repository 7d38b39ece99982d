"""Passages: each paired section's blocks against its source's.

The blocks of each pair of sections are paired by :mod:`.pairing`. Then, per
section:

* ``items``: a list item or table row of the source that the translation
  lacks (``missing``), or has more of (``cosmetic``);
* ``notes``: an admonition (``[!NOTE]``, ``[!WARNING]``…) lacking, added, or
  of another kind (``fact``: a warning read as a note);
* ``code``: inline code and code blocks. Code is copied, not translated, so a
  difference is an error, except where the source's "code" is an example
  value written in words (a column named ``Full name``, ``Email``): those may
  be localised, and are not compared;
* ``links`` (field ``urls:…``): web addresses, compared without their locale
  (``/en/``, ``?lang=en``) and fragment (links to other articles are compared
  per document by :mod:`.structure`);
* ``negation``: a sentence negative in one text and affirmative in the other
  (:mod:`.negation`), sentence by sentence where the paired blocks have as
  many sentences, else block by block.

UI labels are compared per block too, against the language's glossary
(:mod:`.labels`), and reported per document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from service.ingest import sentences
from service.records import Document, Section

from . import addresses, negation
from .blocks import INVISIBLE, Block, without
from .findings import Finding, Severity, quote, severity_of
from .pairing import Paired, Pairing, target

_ITEMS = {"item", "row"}
_NOTE = re.compile(r'class="admonition admonition-([a-z]+)"')


# --- the findings ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Where:
    article: str
    doc: Document
    section: Section

    def field(self, kind: str) -> str:
        return f"{kind}:{self.section.anchor if self.section.level else ''}"

    @property
    def name(self) -> str:
        return (
            "the introduction" if self.section.level == 0 else f"section “{self.section.heading}”"
        )


def compare(
    article: str, source: Document, doc: Document, sections: list[Paired], whole: bool = True
) -> Iterator[Finding]:
    """The passage findings on translation ``doc`` of ``source``, section by section.
    ``whole``: every section paired; where one is not (a heading lost), a section has
    the next one's blocks too, and only more of them is no finding of its own."""
    for one in sections:
        at = _Where(article, doc, one.section)
        yield from _items(at, one.blocks, whole)
        yield from _notes(at, one.section, one.other, one.blocks)
        yield from _code(at, one.blocks)
        yield from _urls(at, one.blocks)
        if not one.reworded:  # the source's words changed since: a negation may have too
            yield from _negations(at, one.blocks, source.locale, doc.locale)


def _text(block: Block) -> str:
    return quote(block.text)


def _items(at: _Where, pairing: Pairing, whole: bool) -> Iterator[Finding]:
    lacking = [b for b in pairing.lacking if b.kind in _ITEMS and not b.note]
    extra = [b for b in pairing.extra if b.kind in _ITEMS and not b.note]
    if not lacking and (not extra or not whole):
        return
    what = {"item": "list item", "row": "table row"}

    def count(found: list[Block]) -> str:
        kinds = Counter(what[b.kind] for b in found)
        return ", ".join(f"{n} {k}{'s' * (n != 1)}" for k, n in sorted(kinds.items()))

    parts = ([f"lacks {count(lacking)}"] if lacking else []) + (
        [f"has {count(extra)} more"] if extra else []
    )
    yield Finding.on(
        kind="items",
        severity="missing" if lacking else "cosmetic",
        article=at.article,
        doc=at.doc,
        field=at.field("items"),
        message=f"{at.name}: the translation {'; '.join(parts)} than the source",
        source=" … ".join(_text(b) for b in lacking[:3]),
        translation=" … ".join(_text(b) for b in extra[:3]),
        source_value=len(lacking),
        translation_value=len(extra),
    )


def _note_text(pairing: Pairing, kind: str, side: int) -> str:
    found = [p[side] for p in pairing.pairs] + (pairing.lacking if side == 0 else pairing.extra)
    return next((_text(b) for b in found if b.note == kind), "")


def _notes(at: _Where, section: Section, other: Section, pairing: Pairing) -> Iterator[Finding]:
    mine, theirs = _NOTE.findall(section.html), _NOTE.findall(other.html)
    if mine == theirs:
        return
    lacking = list((Counter(mine) - Counter(theirs)).elements())
    extra = list((Counter(theirs) - Counter(mine)).elements())
    severity: Severity
    if lacking and extra and len(mine) == len(theirs):
        severity = "fact"
        message = (
            f"{at.name}: the source's {', '.join(k.upper() for k in lacking)} is a "
            f"{', '.join(k.upper() for k in extra)} in the translation"
        )
    elif not lacking and not extra:
        severity = "cosmetic"
        message = f"{at.name}: the translation has the source's notes in another order"
    else:
        severity = severity_of(bool(lacking), bool(extra))
        parts = [f"lacks the source's {', '.join(k.upper() for k in lacking)}"] if lacking else []
        parts += [f"adds a {', '.join(k.upper() for k in extra)}"] if extra else []
        message = f"{at.name}: the translation {'; '.join(parts)}"
    yield Finding.on(
        kind="notes",
        severity=severity,
        article=at.article,
        doc=at.doc,
        field=at.field("notes"),
        message=message,
        source=" … ".join(_note_text(pairing, k, 0) for k in dict.fromkeys(lacking or mine)),
        translation=" … ".join(_note_text(pairing, k, 1) for k in dict.fromkeys(extra)),
        source_value=mine,
        translation_value=theirs,
    )


# Example values in words (a column "Full name", a value "Email"): localised with the page.
_WORDS_ONLY = re.compile(r"[^\W\d_][^\W\d_'’ -]*(?:[ '’-][^\W\d_]+)*")


def _is_code(value: str) -> bool:
    """Code a translation must copy: not a capitalised word or phrase (those are example
    values a translation localises); lower-case keywords (``true``, ``retry``) are code."""
    if not _WORDS_ONLY.fullmatch(value):
        return True
    return value[0].islower() and " " not in value


def _differing(pairing: Pairing, read: Callable[[str], str | None]) -> tuple[list[str], list[str]]:
    """(the source's values the translation lacks, the translation's extra ones): each
    side's marks, read by ``read`` (None: not compared), as multisets."""

    def values(found: Sequence[Block]) -> Counter[str]:
        return Counter(v for b in found for m in b.marks if (v := read(m)) is not None)

    mine = values([p[0] for p in pairing.pairs] + pairing.lacking)
    theirs = values([p[1] for p in pairing.pairs] + pairing.extra)
    return sorted((mine - theirs).elements()), sorted((theirs - mine).elements())


def _code_of(mark: str) -> str | None:
    if not mark.startswith("code:"):
        return None
    value = " ".join(INVISIBLE.sub("", mark[5:]).split())
    return value if value and _is_code(value) else None


def _url_of(mark: str) -> str | None:
    return target(mark[5:]) if mark.startswith(("link:http://", "link:https://")) else None


def _code(at: _Where, pairing: Pairing) -> Iterator[Finding]:
    lacking, extra = _differing(pairing, _code_of)
    if not lacking:
        return  # code only the translation has: an example the writer added, not an error
    parts = [f"lacks {', '.join(_short(c) for c in lacking[:3])}"] + (
        [f"has {', '.join(_short(c) for c in extra[:3])} instead"] if extra else []
    )
    yield Finding.on(
        kind="code",
        severity=severity_of(True, bool(extra)),
        article=at.article,
        doc=at.doc,
        field=at.field("code"),
        message=f"code in {at.name} differs: the translation {'; '.join(parts)}",
        source=" … ".join(lacking[:3]),
        translation=" … ".join(extra[:3]),
        source_value=lacking,
        translation_value=extra,
    )


def _short(code: str) -> str:
    return f"`{code}`" if len(code) <= 40 else f"`{code[:37]}…`"


def _urls(at: _Where, pairing: Pairing) -> Iterator[Finding]:
    lacking, extra, moved = addresses.moved(*_differing(pairing, _url_of))
    if not lacking and not extra and not moved:
        return
    parts = [f"lacks {len(lacking)} web address{'es' * (len(lacking) != 1)}"] if lacking else []
    parts += [f"adds {len(extra)}"] if extra else []
    n = len(moved)
    parts += [f"links {n} page{'s' * (n != 1)} at another address of its site"] if moved else []
    said, written = lacking + [a for a, _ in moved], extra + [b for _, b in moved]
    yield Finding.on(
        kind="links",
        # a page moved is no fact the translation gets wrong: the reader reaches it
        severity=severity_of(bool(lacking), bool(extra)) if lacking or extra else "cosmetic",
        article=at.article,
        doc=at.doc,
        field=at.field("urls"),
        message=f"web addresses in {at.name} differ: the translation {'; '.join(parts)}",
        source=" · ".join(said[:3]),
        translation=" · ".join(written[:3]),
        source_value=said,
        translation_value=written,
    )


# --- negation --------------------------------------------------------------------------------


def _plain(block: Block) -> str:
    """A block's words without its code and UI labels (copied, not sentences)."""
    return without(
        block.text, [m.partition(":")[2] for m in block.marks if m.startswith(("code:", "label:"))]
    )


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences.spans(text)] if text.strip() else []


def _negates(sentence: str, lang: str) -> bool:
    return bool(negation.negates(sentence, lang))


def _negates_in(lang: str) -> Callable[[str], bool]:
    return lambda sentence: _negates(sentence, lang)


def _negations(at: _Where, pairing: Pairing, mine: str, theirs: str) -> Iterator[Finding]:
    if not (negation.readable(mine) and negation.readable(theirs)):
        return
    said: list[tuple[str, str, bool]] = []  # source sentence, translation's, source negative
    for a, b in pairing.pairs:
        if a.kind == "code":
            continue
        if not (negation.negates(a.text, mine) or negation.negates(b.text, theirs)):
            continue  # neither negates anything: nothing to compare
        ours, other = negation.in_clauses(
            _sentences(_plain(a)), mine, _sentences(_plain(b)), theirs
        )
        if len(ours) == len(other):
            found = [
                (s, t, _negates(s, mine))
                for s, t in zip(ours, other, strict=True)
                if negation.differ(s, mine, t, theirs)
            ]
            # as many negated sentences in both: said in other sentences, not unsaid
            if found and sum(map(_negates_in(mine), ours)) != sum(map(_negates_in(theirs), other)):
                said.extend(found)
        elif negation.differ(" ".join(ours), mine, " ".join(other), theirs):
            said.append((" ".join(ours), " ".join(other), _negates(" ".join(ours), mine)))
    if not said:
        return
    first = said[0]
    yield Finding.on(
        kind="negation",
        severity="fact",
        article=at.article,
        doc=at.doc,
        field=at.field("negation"),
        message=(
            f"{at.name}: the source says "
            f"{'not' if first[2] else 'it is so'} where the translation says "
            f"{'it is so' if first[2] else 'not'}"
            + (f" ({len(said)} sentences)" if len(said) > 1 else "")
        ),
        source=" … ".join(quote(s) for s, _, _ in said[:2]),
        translation=" … ".join(quote(t) for _, t, _ in said[:2]),
        source_value=[n for _, _, n in said],
        translation_value=[not n for _, _, n in said],
    )
