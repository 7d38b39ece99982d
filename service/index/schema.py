"""What the index holds: one Whoosh entry per document, its fields per language.

Words are searched in one field per language, ``text_{lang}`` (title,
description and every section, with positions for phrases; a section's
images' ``alt`` text is part of it: a screenshot's caption is often the only
place a UI's name is written). Two fields say
what a document is about and are indexed again only to add their boost
where they have the words: ``head_{lang}`` (the title twice, then the
headings) and ``desc_{lang}`` (the front matter's description: often the best
paraphrase of the task an article is for).
The sections are kept in a column (``quotes.py``): search picks the best one
of each hit for its link and snippet, so the index holds each word of a document once (the intro is
stored with the description before it, unless it already says it). Method names
are exact tokens of each language (``fr:put``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from service.ingest.sanitize import collapse, inert
from service.records import Document, Section

from .analysis import analyzer_for
from .priors import prior
from .quotes import Quote, encode, quote_field
from .wordmap import word_map

BOOSTS = {"head": 2.0, "desc": 1.5}  # boost field → its weight


def schema_for(languages: Iterable[str]) -> Schema:
    fields: dict[str, Any] = {
        "key": ID(unique=True, stored=True, sortable=True),
        "locale": ID(stored=True),
        "method": KEYWORD(lowercase=True, stored=True, field_boost=3.0),
        "quote": quote_field(),  # sections, methods and word map (quotes.py)
        # the score factor of its kind (priors.py), in percent: Whoosh cannot keep a float
        # column (its NumericColumn packs the float default as an int)
        "prior": NUMERIC(int, bits=8, sortable=True, default=100),
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
    intro_text = _with_alts(intro) if intro else ""
    words = f"{doc.description}\n{intro_text}" if intro else doc.description
    rest = [
        (s.anchor, s.heading, text)
        for s in doc.sections
        if s is not intro and (text := _with_alts(s))
    ]
    sections = [("", "", _quoted_intro(doc.description, intro_text)), *rest]
    found: dict[str, Any] = {
        "key": doc_key(doc.locale, doc.path),
        "locale": doc.locale,
        "quote": encode(
            Quote(
                tuple(sections),
                tuple((m.method, m.description) for m in doc.methods),
                word_map(lang, sections),
            )
        ),
        text_field(lang): "\n".join([doc.title, words, *(t for _a, _h, t in rest)]),
        f"head_{lang}": "\n".join([doc.title, doc.title, *(h for _a, h, _t in sections if h)]),
        f"desc_{lang}": doc.description,
        "prior": round(prior(doc) * 100),
    }
    if doc.methods:
        found["method"] = " ".join(method_token(doc.locale, m.method) for m in doc.methods)
    return found


def _quoted_intro(description: str, intro: str) -> str:
    """The intro as a snippet quotes it: the description, then the intro's text (its
    heading, the title, and its paragraphs), unless the intro already says it.

    Most articles' first paragraph is their description, word for word; quoting
    both would show a reader that sentence twice. (The searched text keeps both:
    rankings do not move.)"""
    if not intro:
        return description
    if " ".join(description.split()) in " ".join(intro.split()):
        return intro
    return f"{description}\n{intro}"


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
