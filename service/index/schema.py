"""What the index holds: one Whoosh entry per document, its fields per language.

Words are searched in one field per language, ``text_{lang}`` (title,
description and every section, with positions for phrases; a section's
images' ``alt`` text is part of it: a screenshot's caption is often the only
place a UI's name is written). Two fields say
what a document is about and are indexed again only to add their boost
where they have the words: ``head_{lang}`` (the title twice, then the
headings) and ``desc_{lang}`` (the front matter's description: often the best
paraphrase of the task an article is for).
The sections are stored: search picks the best one of each hit for its link
and snippet, so the index holds each word of a document once. Method names
are exact tokens of each language (``fr:put``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from service.ingest.sanitize import collapse, inert
from service.records import Document, Section

from .analysis import analyzer_for

BOOSTS = {"head": 2.0, "desc": 1.5}  # boost field → its weight


def schema_for(languages: Iterable[str]) -> Schema:
    fields: dict[str, Any] = {
        "key": ID(unique=True, stored=True, sortable=True),
        "locale": ID(stored=True),
        "method": KEYWORD(lowercase=True, stored=True, field_boost=3.0),
        "sections": STORED(),  # ((anchor, heading, text), ...): the intro first
        "methods": STORED(),  # ((METHOD, description), ...)
    }
    for lang in sorted(set(languages)):
        analyzer = analyzer_for(lang)
        fields[text_field(lang)] = TEXT(analyzer=analyzer, phrase=True)
        for name, boost in BOOSTS.items():
            fields[f"{name}_{lang}"] = TEXT(analyzer=analyzer, field_boost=boost, phrase=False)
    return Schema(**fields)


def text_field(lang: str) -> str:
    return f"text_{lang}"


def method_token(locale: str, method: str) -> str:
    """Method names are exact tokens, and each language's own: ``fr:put``."""
    return f"{locale}:{method.lower()}"


def doc_key(locale: str, path: str) -> str:
    """The key of a document's entry: ``fr|help/…/x.md``."""
    return f"{locale}|{path}"


def entry(doc: Document) -> dict[str, Any]:
    """The index entry of one document (its locale is its language: ``sources``)."""
    lang = doc.locale
    intro = doc.sections[0] if doc.sections and doc.sections[0].level <= 1 else None
    sections = [("", "", f"{doc.description}\n{_with_alts(intro)}" if intro else doc.description)]
    sections += [
        (s.anchor, s.heading, text)
        for s in doc.sections
        if s is not intro and (text := _with_alts(s))
    ]
    found: dict[str, Any] = {
        "key": doc_key(doc.locale, doc.path),
        "locale": doc.locale,
        "sections": tuple(sections),
        "methods": tuple((m.method, m.description) for m in doc.methods),
        text_field(lang): "\n".join([doc.title, *(t for _a, _h, t in sections)]),
        f"head_{lang}": "\n".join([doc.title, doc.title, *(h for _a, h, _t in sections if h)]),
        f"desc_{lang}": doc.description,
    }
    if doc.methods:
        found["method"] = " ".join(method_token(doc.locale, m.method) for m in doc.methods)
    return found


# An attribute as the sanitizer writes it (ingest.sanitize): double-quoted, escaped.
_ALT = re.compile(r'<img\b[^>]*?\salt="([^"]+)"')


def _with_alts(section: Section) -> str:
    """A section's text and its images' alt text (which the plain text leaves out), as
    plain text (``ingest.sanitize``: decoded, then inert)."""
    alts = (
        [inert(collapse(unescape(a))) for a in _ALT.findall(section.html)]
        if "<img" in section.html
        else []
    )
    words = " ".join(a for a in alts if a)
    return f"{section.text}\n{words}" if words else section.text
