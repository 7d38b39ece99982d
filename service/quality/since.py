"""An outdated translation, from git: what changed in its source since its commit.

The source as the translator saw it (``ingest.history.Behind``) is parsed as
the ingest parses the source now, and the two are compared section by
section (:mod:`.changes`). The finding says how many commits behind the
translation is (those that changed what is translated: its body, title or
description), which sections changed and how, with a word diff of each; its
severity is ``stale`` when facts changed, ``cosmetic`` when only wording did.

Parsing old versions is the cost: ``lingodocs check`` hands them to its
worker processes with the content (:func:`ahead`, :func:`remember`); the
translations of one article made from one commit share one parse and one
comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from service.ingest.crosslinks import Targets, resolve_links
from service.ingest.history import Behind, History
from service.ingest.parse import Parsed, parse_document
from service.ingest.sources import SourceFile, content_hash
from service.records import Document

from . import changes
from .findings import Finding, SectionChange, SourceDiff

_COMMIT = re.compile(r"^source-git-commit:[ \t]*[\"']?([0-9a-fA-F]{7,40})", re.MULTILINE)


_THEN: dict[tuple[str, str, str], Document | None] = {}  # (text, path, locale): one report's


def _then(text: str, path: str, locale: str) -> Document | None:
    """The source as the translator saw it, parsed as the ingest parses it (kept for the
    report: the translations of one article made from one commit share it)."""
    key = (text, path, locale)
    if key not in _THEN:
        _THEN[key] = parse_document(text, path, locale).document
    return _THEN[key]


def ahead(
    files: Sequence[SourceFile], source_locale: str, history: History | None
) -> list[SourceFile]:
    """The source versions the translations among ``files`` were made from, where the
    source changed since: to be parsed with the content (``lingodocs check`` gives them
    to its worker processes) and handed to :func:`remember`.

    Each translation's source is guessed by its path (the join decides; a wrong guess
    only costs a parse here, and the right version is parsed when it is needed)."""
    if history is None or history.git is None:
        return []
    sources = {f.path for f in files if f.locale == source_locale}
    wanted: dict[tuple[str, str], SourceFile] = {}
    for f in files:
        commit = _COMMIT.search(f.text, 0, 4096) if f.locale != source_locale else None
        if commit is None or f.path not in sources:
            continue
        behind = history.behind(f.path, commit.group(1))
        if behind is not None and behind.outdated and (f.path, behind.commit) not in wanted:
            # its digest keys the check's parse cache: two versions of one file are two
            wanted[f.path, behind.commit] = SourceFile(
                source_locale,
                source_locale,
                behind.old_path,
                behind.old_text,
                content_hash(behind.old_text),
                version=behind.commit,
            )
    return list(wanted.values())


def remember(files: Sequence[SourceFile], parsed: Sequence[Parsed]) -> None:
    """The parses of :func:`ahead`'s files, kept for the next report."""
    for f, one in zip(files, parsed, strict=True):
        _THEN[f.text, f.path, f.locale] = one.document


def forget() -> None:
    """Drop the kept versions (a report is made)."""
    _THEN.clear()


Ids = Targets  # every joined document, to resolve links against


def ids_of(documents: Iterable[Document], source_locale: str) -> Ids:
    return Targets(documents, source_locale)


def _linked(doc: Document, ids: Ids) -> Document:
    """``doc`` (an old version) with its links to other articles resolved as the join
    resolves the source's now (``/en/path/x.md`` → ``/en/docs/<id>``), so that a link
    differs only where its target does."""
    return resolve_links([doc], ids)[0]


def source_diff(behind: Behind, source: Document, ids: Ids) -> SourceDiff:
    """What changed in ``source`` since ``behind.commit``, section by section."""
    then = _then(behind.old_text, behind.old_path, source.locale)
    then = _linked(then, ids) if then is not None and then.link_lines else then
    sections = changes.compare(then, source) if then is not None else []
    if not sections:  # the text differs where the page shows the same: comments, markup
        sections = [SectionChange("(markup)", "", "changed", "wording", ("markup",), "", "")]
    return SourceDiff(
        commit=behind.commit,
        old_path=behind.old_path,
        behind=len(behind.text_changes),
        commits=tuple(c.commit for c in behind.text_changes),
        change=changes.worst(sections),
        sections=tuple(sections),
        metadata=changes.metadata(then.front_matter, source.front_matter) if then else (),
    )


def finding(
    article: str, doc: Document, source: Document, behind: Behind, diff: SourceDiff
) -> Finding:
    """The outdated finding from git: N changes behind, and what changed in which sections."""
    n = diff.behind
    named = {
        kind: [_name(s) for s in diff.sections if s.change == kind] for kind in ("facts", "wording")
    }
    said = "; ".join(
        f"{kind} changed in {_listed(names)}" for kind, names in named.items() if names
    )
    return Finding.on(
        doc=doc,
        article=article,
        kind="outdated",
        severity="stale" if diff.change == "facts" else "cosmetic",
        field="source-commit",
        message=f"{n} change{'s' * (n != 1)} behind the source since the commit this "
        f"translation was made from ({behind.commit[:7]} of {behind.date.date().isoformat()}): "
        f"{said}",
        source=source.title,
        translation=doc.title,
        source_value=list(diff.commits),
        translation_value=behind.commit,
        diff=diff,
    )


def _name(section: SectionChange) -> str:
    return f"“{section.heading}”" if section.heading else "the text before the first heading"


def _listed(names: list[str], most: int = 4) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
