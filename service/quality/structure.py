"""Structure: are a translation's headings and links its source's?

Per document: headings, how many and at which levels (``headings``; which sections
a translation lacks or adds, as :mod:`.headings` pairs them), the
links to other articles (``links``); UI labels are compared block by block
(:mod:`.labels`).
Lacking what the source has is ``missing`` (or ``fact`` when something else
stands in its place); only having more, or another form, ``cosmetic``.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.records import Document, Section

from . import headings
from .findings import Finding, severity_of

Aligned = tuple[list[Section], list[Section]]  # the source's sections lacking, the extra


def compare(
    article: str,
    source: Document,
    doc: Document,
    added: frozenset[str] = frozenset(),
    aligned: Aligned | None = None,
) -> Iterator[Finding]:
    """The structure findings on translation ``doc`` of ``source`` (``added``: the anchors
    of the source's sections added since the translation was made, from git; ``aligned``:
    the sections :func:`headings.sections` left unpaired, if already known)."""
    yield from _headings(article, source, doc, added, aligned)
    yield from _links(article, source, doc)


def _heading(section: Section) -> str:
    return f"{'#' * section.level} {section.heading}"


def _headings(
    article: str,
    source: Document,
    doc: Document,
    added: frozenset[str],
    aligned: Aligned | None,
) -> Iterator[Finding]:
    mine = [s.level for s in source.sections if s.level > 0]
    theirs = [s.level for s in doc.sections if s.level > 0]
    if mine == theirs:
        return
    if aligned is None:
        aligned = headings.sections(source, doc, added)[1:]
    lacking, extra = ([s for s in found if s.level > 0] for found in aligned)
    parts = ([f"lacks {len(lacking)} of the source's sections"] if lacking else []) + (
        [f"has {len(extra)} the source does not"] if extra else []
    )
    if not parts:
        parts = ["has the source's headings at other levels"]
    yield Finding.on(
        kind="headings",
        severity="missing" if lacking else "cosmetic",
        article=article,
        doc=doc,
        field="headings",
        message=f"the translation {'; '.join(parts)} ({len(theirs)} headings; the source "
        f"has {len(mine)})",
        source=" · ".join(_heading(s) for s in lacking[:4]),
        translation=" · ".join(_heading(s) for s in extra[:4]),
        source_value=mine,
        translation_value=theirs,
    )


def _links(article: str, source: Document, doc: Document) -> Iterator[Finding]:
    mine, theirs = set(source.links), set(doc.links)
    lacking, more = sorted(mine - theirs), sorted(theirs - mine)
    if not lacking and not more:
        return
    parts = ([f"lacks {len(lacking)} link{'s' * (len(lacking) != 1)}"] if lacking else []) + (
        [f"adds {len(more)} link{'s' * (len(more) != 1)}"] if more else []
    )
    yield Finding.on(
        kind="links",
        severity=severity_of(bool(lacking), bool(more)),
        article=article,
        doc=doc,
        field="links",
        message=f"links to other articles differ: the translation {'; '.join(parts)}",
        source=" · ".join(lacking[:3]),
        translation=" · ".join(more[:3]),
        source_value=lacking,
        translation_value=more,
    )
