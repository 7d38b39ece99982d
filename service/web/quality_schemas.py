"""The quality report's JSON contract: findings, freshness and the source's changes.

Read off the quality stage's records with :func:`~service.web.schemas.model_of`,
as the other models are (kept apart: the report has the most of them).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from service.quality.findings import Finding, SectionChange, Severity, SourceDiff
from service.quality.freshness import Freshness

from .schemas import model_of

SectionChangeOut = model_of(
    "SectionChange",
    SectionChange,
    docs={
        "heading": "The section's heading ('' before the first; '(title)', '(description)', a "
        "method for a method entry's facts).",
        "status": "changed, added or removed in the source.",
        "change": "facts (high severity) or wording (low).",
        "what": "What changed: numbers, links, UI labels, code, list items, table rows, notes, "
        "section, method facts, wording, markup.",
        "diff": "The words that changed, as git --word-diff writes them: [-old-]{+new+}.",
        "diff_html": "The same with <del> and <ins>, built from escaped text.",
    },
)
SourceDiffOut = model_of(
    "SourceDiff",
    SourceDiff,
    docs={
        "commit": "The translation's source commit, in full.",
        "old_path": "The source's path at that commit (renames followed).",
        "behind": "Commits since that changed what is translated (body, title, description).",
        "commits": "Those commits, newest first.",
        "change": "facts if any section's facts changed, else wording.",
        "metadata": "Front matter keys that changed too (not translated, not counted).",
    },
)
FindingOut = model_of(
    "FindingOut",
    Finding,
    extra={"url": str, "title": str},
    docs={
        "id": "Stable id: q- and 10 hex digits of (kind, article, locale, method, field).",
        "kind": "What was compared: idempotency, status, methods, numbers, headings, labels, "
        "links, fields, outdated, wordcount, orphan, missing-translation … (the report's "
        "`kinds`).",
        "severity": "fact > missing > stale > cosmetic.",
        "locale": "The translation's locale.",
        "article": "The article's id.",
        "path": "The translation's path (the source's when it is missing).",
        "url": "The translation's page (the source's when it is missing).",
        "title": "The article's title, in that page's language.",
        "method": "The HTTP method, for a method entry's fact.",
        "field": "What of the article: idempotent, status, numbers:<anchor>…",
        "message": "What is wrong, in English.",
        "source": "What the source says, quoted ('' where it says nothing).",
        "translation": "What the translation says, quoted.",
        "source_value": "The source's compared facts.",
        "translation_value": "The translation's compared facts.",
        "outdated": "The translation's freshness (null: unknown).",
        "diff": "For an outdated translation, from git: the source's changes since its commit.",
    },
)
FreshnessOut = model_of(
    "FreshnessOut",
    Freshness,
    docs={
        "fresh": "Translations made from the source as it is now.",
        "outdated": "Translations whose source changed since.",
        "unknown": "Translations whose freshness the history cannot tell.",
        "missing": "Source articles with no translation in this locale.",
        "orphans": "Translations whose article has no source version.",
        "metadata_only": "Up to date translations whose source changed since, but only in "
        "front matter it does not translate (git history only).",
    },
)


class LocaleQualityOut(BaseModel):
    locale: str
    name: str = Field(description="The language's own name.")
    documents: int = Field(description="Translations in this locale.")
    freshness: FreshnessOut  # type: ignore[valid-type]
    counts: dict[str, int] = Field(description="All findings per severity (unfiltered).")
    total: int = Field(description="All findings of this locale (unfiltered).")
    matched: int = Field(description="Findings of this locale that pass the filters.")
    findings: list[FindingOut] = Field(  # type: ignore[valid-type]
        description="Those of the findings passing the filters that are on this page, worst first."
    )


class QualityOut(BaseModel):
    build: str
    source_locale: str
    history: bool = Field(description="False: no source history, so freshness is unknown.")
    history_source: str | None = Field(
        default=None,
        description="Where the history came from: git (the texts: only a change of what is "
        "translated counts) or file (dates only: any change counts); null: none.",
    )
    severities: list[Severity] = Field(description="Severity names, worst first.")
    kinds: list[str] = Field(description="The kinds of finding this report has (for `kind`).")
    matched: int = Field(description="Findings that pass the filters, in every locale listed.")
    offset: int = Field(description="Findings skipped: this page starts after them.")
    limit: int = Field(description="Findings on a page, at most.")
    next: str | None = Field(description="The next page (a root-relative URL); null: the last.")
    prev: str | None = Field(description="The page before (a root-relative URL); null: the first.")
    locales: list[LocaleQualityOut] = Field(
        description="The locales asked for (all by default), each with its findings on this "
        "page: the page runs through the locales in order."
    )
