"""The UI labels' glossary: how each source label is written, per translation language.

Learnt from the corpus itself (:class:`Glossary`): the labels of two paired blocks with
as many labels pair in order, and each pair counts one use of that form. :mod:`.labels`
judges a translation's labels by it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .blocks import INVISIBLE, Block
from .pairing import Paired

AGREE = 0.9  # of a label's other uses that agree on its form, for another form to stand out
CONSISTENT = 4  # other uses of a label, all but a few alike, that make its form the rule
SEEN = 2  # other uses of a label that make its usual form known


def labels_of(block: Block) -> list[str]:
    """A block's labels as the UI would show them: invisible characters and spacing aside;
    case aside too (``Advanced settings``, ``Advanced Settings``)."""
    out = []
    for mark in block.marks:
        if mark.startswith("label:"):
            words = " ".join(INVISIBLE.sub("", mark[6:]).split()).casefold()
            if words:
                out.append(words)
    return out


Counts = dict[str, dict[str, dict[str, int]]]  # language → source label → form → uses


@dataclass(slots=True)
class Glossary:
    """How each source label is written, per translation language."""

    seen: dict[str, dict[str, Counter[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter))
    )
    _named: dict[str, dict[str, str]] = field(default_factory=dict)  # of :meth:`named_as`

    def learn(self, lang: str, sections: Sequence[Paired]) -> None:
        for one in sections:
            for a, b in one.blocks.pairs:
                mine, theirs = labels_of(a), labels_of(b)
                if mine and len(mine) == len(theirs):
                    for x, y in zip(mine, theirs, strict=True):
                        self.seen[lang][x][y] += 1
        self._named.clear()

    def counts(self) -> Counts:
        """What it has learnt, as plain data (to send to another process)."""
        return {
            lang: {label: dict(forms) for label, forms in by_label.items()}
            for lang, by_label in self.seen.items()
        }

    def merge(self, counts: Counts) -> None:
        """Add what another glossary learnt (:meth:`counts`): the order of merging does
        not matter, since :func:`_top` breaks ties by the form, not by insertion."""
        for lang, by_label in counts.items():
            for label, forms in by_label.items():
                self.seen[lang][label].update(forms)
        self._named.clear()

    def seen_elsewhere(self, lang: str, label: str, written: str) -> bool:
        """True if ``label`` is written as ``written`` in ``lang`` besides this use."""
        forms = self.seen[lang].get(label) if lang in self.seen else None
        return forms is not None and forms[written] >= 2

    def others(self, lang: str, label: str, written: str) -> Counter[str]:
        """How ``label`` is written elsewhere in ``lang`` (this use, as ``written``, left out)."""
        found = Counter(self.seen.get(lang, {}).get(label, {}))
        found[written] -= 1
        return +found

    def usual(self, lang: str, label: str, written: str) -> tuple[str, float, int] | None:
        """The usual way ``label`` is written in ``lang`` (besides this use), its share and
        the number of other uses, if it has :data:`SEEN` of them."""
        found = self.others(lang, label, written)
        total = sum(found.values())
        if total < SEEN:
            return None
        form, n = _top(found)
        return form, n / total, total

    def usual_form(self, lang: str, label: str) -> str | None:
        """How ``lang`` usually writes ``label``, if it has :data:`SEEN` uses that agree."""
        forms = self.seen.get(lang, {}).get(label)
        if not forms:
            return None
        form, n = _top(forms)
        return form if n >= SEEN else None

    def named_as(self, lang: str, form: str) -> str | None:
        """The source label that ``lang`` writes as ``form`` as a rule (:func:`_rule`), if
        one does, and only one."""
        if lang not in self._named:
            by_form: dict[str, list[str]] = defaultdict(list)
            for label, forms in self.seen.get(lang, {}).items():
                rule = _rule(forms)
                if rule is not None:
                    by_form[rule].append(label)
            self._named[lang] = {f: ls[0] for f, ls in by_form.items() if len(ls) == 1}
        return self._named[lang].get(form)


def _rule(forms: Counter[str]) -> str | None:
    """The form a label is written in as a rule: :data:`AGREE` of its uses, and
    :data:`CONSISTENT` or more of them."""
    total = sum(forms.values())
    form, n = _top(forms) if forms else ("", 0)
    return form if n >= CONSISTENT and n >= AGREE * total else None


def _top(forms: Counter[str]) -> tuple[str, int]:
    """The most used form and its count; of forms used as often, the first in order of
    the text (``most_common`` would give the first learnt, which depends on the order
    the articles were read in)."""
    return min(forms.items(), key=lambda one: (-one[1], one[0]))
