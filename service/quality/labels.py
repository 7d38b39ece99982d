"""UI labels: does each translation name the source's buttons and menus as the UI does?

Labels (``[!UICONTROL Save]``, ``[!DNL Workfront]``) are UI text: a
translation may translate them (the French docs do) or keep them (the
Dutch and Swedish ones do), but one source label should be written one
way throughout a language, the way its UI writes it. The way is learnt from
the corpus itself: a :class:`Glossary` counts, per language, how each source
label is written in the translations' blocks paired with the source's (the
labels of two paired blocks with as many labels pair in order).

Per paired block, then:

* a label lacking (the blocks have different counts): ``missing``; only
  unmarked (its words are there without ``[!UICONTROL]``): ``cosmetic``;
* a label written as another label of the article is written (``Annuler``
  where the source says *Save*, the article has *Cancel* too, and the
  language writes *Cancel* as ``Annuler``): ``fact``, a swap;
* a label translated where the language keeps it as the source writes it
  (``Opslaan`` where the Dutch docs write *Save* as ``Save`` 40 times, and
  :data:`AGREE` of its :data:`CONSISTENT` or more other uses agree):
  ``cosmetic``. A label the language translates is not judged so: it may be
  translated in more than one fair way (*Faire une demande*, *Effectuer une
  requête*), and a reader still finds the control.

A label that occurs once in the language is not judged: there is nothing to
compare it with. One finding per translation (field ``labels``), listing
its sections.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from service.records import Document

from .blocks import INVISIBLE, Block, without
from .findings import RANK, Finding, Severity
from .glossary import AGREE, CONSISTENT, Glossary, labels_of
from .pairing import Paired

NEAR = 0.8  # difflib's ratio of two labels that differ by a typo


@dataclass(frozen=True, slots=True)
class _Problem:
    severity: Severity
    where: str
    said: str
    written: str
    why: str


def _unmatched(
    lang: str, glossary: Glossary, mine: list[str], theirs: list[str]
) -> tuple[list[str], list[str]]:
    """The labels of two paired blocks left once those written alike, those written as
    elsewhere in the language and those nearly alike (a typo put right) are paired,
    wherever they stand in the block (a translation orders its sentence its own way)."""
    left, right = list(mine), list(theirs)
    for alike in (
        lambda x, y: x == y,
        lambda x, y: glossary.seen_elsewhere(lang, x, y),
        lambda x, y: _near(x, y),
    ):
        for x in list(left):
            y = next((y for y in right if alike(x, y)), None)
            if y is not None:
                left.remove(x)
                right.remove(y)
    return left, right


def _near(x: str, y: str) -> bool:
    return x in y or y in x or difflib.SequenceMatcher(None, x, y).ratio() >= NEAR


# A word written as a name: capitalised (a UI label mid-sentence, as the docs write them).
_NAME = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_OPENS = ".!?:|"  # after these a capital starts a sentence or a table cell, not a name


def _unmarked_names(a: Block, b: Block, lacking: list[str]) -> int:
    """How many labels of ``a`` that translation ``b`` does not mark it still names, unmarked:
    a cell (or the block) that is one of ``lacking`` whole in the source and has words in
    the translation; and the names the translation writes outside its labels beyond those
    its source writes (runs of capitalised words mid-sentence: ``la liste Sorties`` for
    *the [!UICONTROL Outputs] list*, translated and unmarked)."""
    mine = [_plain(c) for c in a.text.split(" | ")]
    theirs = b.text.split(" | ")
    cells = (
        sum(1 for x, t in zip(mine, theirs, strict=True) if x in lacking and t.strip())
        if len(mine) == len(theirs)
        else 0
    )
    return cells + max(0, _names(b) - _names(a))


def _names(block: Block) -> int:
    """Runs of capitalised words mid-sentence in ``block``, its labels left out."""
    text = without(block.text, [m[6:] for m in block.marks if m.startswith("label:")])
    runs, end = 0, -1  # end: where the last name's word ended, -1 after any other word
    for m in _NAME.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()].rstrip()[-1:]
        if not (m[0][0].isupper() and before and before not in _OPENS):
            end = -1
            continue
        runs += end < 0 or bool(text[end : m.start()].strip())
        end = m.end()
    return runs


def _plain(text: str) -> str:
    return " ".join(INVISIBLE.sub("", text).split()).casefold()


def _block(
    lang: str, glossary: Glossary, a: Block, b: Block, where: str, article: frozenset[str]
) -> Iterator[_Problem]:
    mine, theirs = labels_of(a), labels_of(b)
    if mine == theirs:
        return
    left, right = _unmatched(lang, glossary, mine, theirs)
    if len(mine) != len(theirs):
        # a label the translation does not mark may still be in its words, unmarked
        words = b.text.casefold()
        lacking = [
            x for x in left if x not in words and (glossary.usual_form(lang, x) or x) not in words
        ]
        if lacking and len(lacking) <= _unmarked_names(a, b, lacking):
            lacking = []  # its words are there, written as a name, only the marker is gone
        if lacking and len(theirs) < len(mine):
            yield _Problem(
                "missing",
                where,
                " · ".join(lacking),
                " · ".join(theirs),
                f"lacks the UI label{'s' * (len(lacking) != 1)} “{'”, “'.join(lacking)}”",
            )
        elif left:
            yield _Problem(
                "cosmetic",
                where,
                " · ".join(left),
                " · ".join(right),
                f"marks {len(theirs)} UI labels where the source marks {len(mine)} (“"
                + "”, “".join(left)
                + "” in its words, unmarked)",
            )
        return
    for x, y in zip(left, right, strict=True):
        swapped = next(
            (
                z
                for z in sorted(article)
                if (z == y or glossary.usual_form(lang, z) == y) and not _near(z, x)
            ),
            None,
        )
        usual = glossary.usual(lang, x, y)
        # written as the language writes another label as a rule, where it writes this
        # one otherwise as a rule: another control named (``Modèles`` for *Scenarios*,
        # where French writes *Scenarios* ``Scénarios`` and *Templates* ``Modèles``)
        other = glossary.named_as(lang, y)
        if (
            swapped is None
            and other is not None
            and other != x
            and not _near(other, x)
            and usual is not None
            and usual[0] != y
            and usual[1] >= AGREE
            and usual[2] >= CONSISTENT
            and not glossary.others(lang, x, y)[y]
        ):
            swapped = other
        if swapped is not None:
            yield _Problem("fact", where, x, y, f"names “{x}” as it names “{swapped}”")
        elif usual is not None and usual[0] == x and usual[1] >= AGREE and usual[2] >= CONSISTENT:
            # the language keeps this label as the UI writes it, and this use does not: a
            # label the language translates may be translated in more than one fair way
            yield _Problem(
                "cosmetic",
                where,
                x,
                y,
                f"names “{x}” “{y}”, where its other uses say “{usual[0]}”",
            )


def used(sections: Sequence[Paired]) -> frozenset[str]:
    """The source's labels in ``sections``: the only ones :func:`judged` looks up in the
    glossary (in the translation's language)."""
    return frozenset(x for one in sections for a, _ in one.blocks.pairs for x in labels_of(a))


@dataclass(frozen=True, slots=True)
class Pending:
    """What the label finding on one translation reads besides the glossary: its paired
    blocks whose labels differ (where they are, the source's block, the translation's;
    the others find nothing) and the source's labels in all of them (:func:`used`)."""

    article: str
    doc: tuple[str, str, bool | None]  # the translation's locale, path and freshness
    blocks: tuple[tuple[str, Block, Block], ...]
    mine: frozenset[str]


def pending(article: str, doc: Document, sections: Sequence[Paired]) -> Pending:
    """What :func:`judged` needs of translation ``doc``'s paired ``sections``."""
    differ = tuple(
        ("the introduction" if one.section.level == 0 else f"section “{one.section.heading}”", a, b)
        for one in sections
        for a, b in one.blocks.pairs
        if labels_of(a) != labels_of(b)
    )
    return Pending(
        article, (doc.locale, doc.path, doc.translation.outdated), differ, used(sections)
    )


def judged(found: Pending, glossary: Glossary) -> Iterator[Finding]:
    """The UI label finding on :func:`pending`'s translation (one, or none)."""
    article, (locale, path, outdated) = found.article, found.doc
    problems: list[_Problem] = []
    for where, a, b in found.blocks:
        problems.extend(_block(locale, glossary, a, b, where, found.mine))
    if not problems:
        return
    problems.sort(key=lambda p: RANK[p.severity])
    worst = problems[0]
    places = list(dict.fromkeys(p.where for p in problems))
    yield Finding.make(
        locale=locale,
        path=path,
        outdated=outdated,
        kind="labels",
        severity=worst.severity,
        article=article,
        field="labels",
        message=(
            f"UI labels in {', '.join(places[:3])}{' …' if len(places) > 3 else ''}: "
            f"the translation {worst.why}"
            + (f" ({len(problems)} labels in all)" if len(problems) > 1 else "")
        ),
        source=" … ".join(p.said for p in problems[:3]),
        translation=" … ".join(p.written for p in problems[:3]),
        source_value=[p.said for p in problems],
        translation_value=[p.written for p in problems],
    )
