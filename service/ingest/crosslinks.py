"""Links between articles: the dialect's placeholders become the articles' pages.

The dialect writes each link to a ``.md`` article as
``/{locale}/path/{repo path}#fragment`` in the linking document's language
(:mod:`service.dialect.links`). Once every document is known (the join),
each placeholder becomes the target's page, ``/{locale}/docs/{doc_id}#anchor``:

- in the linking document's language when the target has a version there,
  else in the source language (else its first), marked with ``hreflang`` (the
  pages show the language beside such a link);
- the fragment kept when the target's version has that anchor; one that names
  a heading of another version (an English heading's slug, linked from a
  translation) becomes the same section's anchor in the version shown, when
  both versions have their sections one for one;
- a link whose article is not in the content keeps its placeholder (a route
  that answers 404 naming the path), gets the class :data:`MISSING`, and is
  reported by :func:`missing` as ``path:line: link to a missing article …``.

One dict lookup per link: the targets are indexed once (:class:`Targets`).
Only the served HTML changes; ``Document.links`` keeps the repo paths, which
the quality checks compare.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Container, Iterable
from urllib.parse import quote, unquote

from service.dialect.links import DOC_LINK_PREFIX
from service.records import Document, MethodEntry, Problem, Section, doc_url

from .apps import map_help

MISSING = "missing-article"  # the class of a link whose article is not in the content
# An <a> start tag as the sanitizer writes it (values in double quotes, which may hold '>'),
# with a placeholder href.
_A = re.compile(r'<a\s[^>"]*(?:"[^"]*"[^>"]*)*>')
_PLACEHOLDER = re.compile(r'href="/([A-Za-z0-9-]+)/' + DOC_LINK_PREFIX + r'([^"#]*)(?:#([^"]*))?"')
_CLASS = re.compile(r'\bclass="')
_HYPHENS = re.compile(r"-{2,}")
ANCHOR_SAFE = "-._~!$&'()*+,;=:@/?"  # what an anchor keeps unquoted in an href


class Targets:
    """Every document by (locale, path) and by article, to resolve links against."""

    def __init__(self, docs: Iterable[Document], source_locale: str) -> None:
        self.source_locale = source_locale
        self.docs = list(docs)
        self.ids: dict[tuple[str, str], str] = {}
        self.any_locale: dict[str, str] = {}
        self.versions: dict[str, dict[str, Document]] = {}
        for d in self.docs:
            self.ids[d.locale, d.path] = d.doc_id
            self.any_locale.setdefault(d.path, d.doc_id)
            self.versions.setdefault(d.doc_id, {})[d.locale] = d
        self._anchors: dict[tuple[str, str], dict[str, int]] = {}

    @functools.cached_property
    def state(self) -> tuple[object, ...]:
        """All the links resolve by: each document's place, id and anchors (what a kept
        resolution, :class:`Resolved`, holds for)."""
        return (
            self.source_locale,
            *((d.locale, d.path, d.doc_id, tuple(s.anchor for s in d.sections)) for d in self.docs),
        )

    def article(self, locale: str, path: str) -> str | None:
        """The id of the article at ``path`` (its ``locale`` version's, else any's)."""
        return self.ids.get((locale, path)) or self.any_locale.get(path)

    def page(self, locale: str, path: str, fragment: str) -> tuple[str, str | None] | None:
        """(href, the language shown when not ``locale``) of the article at ``path`` read
        in ``locale``; None when no article is there."""
        doc_id = self.article(locale, path)
        if doc_id is None:
            return None
        versions = self.versions[doc_id]
        shown = (
            locale
            if locale in versions
            else self.source_locale
            if self.source_locale in versions
            else min(versions)
        )
        href = doc_url(shown, doc_id)
        if fragment:
            href += "#" + self.anchor(doc_id, shown, fragment)
        return href, (None if shown == locale else shown)

    def anchor(self, doc_id: str, shown: str, fragment: str) -> str:
        """``fragment`` as an anchor of the ``shown`` version of the article: itself, or the
        anchor of the section another version calls so."""
        mine = self._of(doc_id, shown)
        wanted = unquote(fragment)
        if wanted in mine or fragment in mine:
            return fragment
        sections = self.versions[doc_id][shown].sections
        loose = mine.get(_loose(wanted))
        if loose is not None:  # Adobe's slugs keep a hyphen per space ("workfront--watch")
            return quote(sections[loose].anchor, safe=ANCHOR_SAFE)
        for locale in sorted(self.versions[doc_id], key=lambda loc: loc != self.source_locale):
            if locale == shown:
                continue
            theirs = self._of(doc_id, locale)
            at = theirs.get(wanted, theirs.get(_loose(wanted)))
            if at is not None and len(self.versions[doc_id][locale].sections) == len(sections):
                return quote(sections[at].anchor, safe=ANCHOR_SAFE) or fragment
        return fragment

    def _of(self, doc_id: str, locale: str) -> dict[str, int]:
        found = self._anchors.get((doc_id, locale))
        if found is None:
            sections = self.versions[doc_id][locale].sections
            found = {}
            for i, s in reversed(list(enumerate(sections))):  # the first of a name wins
                if s.anchor:
                    found[_loose(s.anchor)] = found[s.anchor] = i
            self._anchors[doc_id, locale] = found
        return found

    def rewrite(self, html: str) -> str:
        """``html`` with each placeholder link made the article's page, or marked missing."""
        if DOC_LINK_PREFIX not in html:
            return html

        def tag(m: re.Match[str]) -> str:
            start = m.group(0)
            link = _PLACEHOLDER.search(start)
            if link is None:
                return start
            found = self.page(link.group(1), unquote(link.group(2)), link.group(3) or "")
            if found is None:
                if _CLASS.search(start):
                    return _CLASS.sub(f'class="{MISSING} ', start, count=1)
                return f'{start[: link.end()]} class="{MISSING}"{start[link.end() :]}'
            href, lang = found
            extra = f' hreflang="{lang}"' if lang else ""
            return f'{start[: link.start()]}href="{href}"{extra}{start[link.end() :]}'

        return _A.sub(tag, html)


def _loose(anchor: str) -> str:
    """An anchor as compared when it is not found as written: its hyphens collapsed."""
    return "~" + _HYPHENS.sub("-", anchor).strip("-")  # "~": never an anchor as written


Sections = tuple[Section, ...]
Entries = tuple[MethodEntry, ...]


class Resolved:
    """The sections and method entries resolved last, for targets of one state (a
    process that ingests again and again, ``serve --watch``, hands the unchanged files'
    parsed sections over as the same objects: their resolution is taken as it was).
    Kept by its caller from one ingest to the next (``pipeline.run.Memo``)."""

    def __init__(self) -> None:
        self.state: tuple[object, ...] = ()
        # id(sections) → (sections, methods, what they resolved to); the records kept, so
        # an id is never another's while it is here
        self.done: dict[int, tuple[Sections, Entries, tuple[Sections, Entries]]] = {}


def resolve_links(
    docs: list[Document],
    targets: Targets,
    last: Resolved | None = None,
    resolved: Container[tuple[str, str]] = (),
) -> list[Document]:
    """Every document with its links to other articles resolved (its sections, method
    entries and field help); ``last``: what the previous ingest of this process
    resolved, taken as it was where it still holds, and replaced by this one's;
    ``resolved``: the (locale, path) of documents whose links are resolved already."""
    if last is None:
        last = Resolved()
    elif targets.state != last.state:
        last.state, last.done = targets.state, {}
    done, last.done = last.done, {}
    return [
        _resolved(doc, targets.rewrite, done, last.done)
        if doc.link_lines and (doc.locale, doc.path) not in resolved
        else doc
        for doc in docs
    ]


def _resolved(
    doc: Document,
    swap: Callable[[str], str],
    before: dict[int, tuple[Sections, Entries, tuple[Sections, Entries]]],
    kept: dict[int, tuple[Sections, Entries, tuple[Sections, Entries]]],
) -> Document:
    # a record copied only where its HTML changes (most of a document's have no link)
    was = before.get(id(doc.sections))
    if was is not None and was[0] is doc.sections and was[1] is doc.methods:
        sections, entries = was[2]
    else:
        sections = tuple(
            s if (html := swap(s.html)) == s.html else dataclasses.replace(s, html=html)
            for s in doc.sections
        )
        entries = tuple(
            e
            if (html := swap(e.description_html)) == e.description_html
            else dataclasses.replace(e, description_html=html)
            for e in doc.methods
        )
    kept[id(doc.sections)] = (doc.sections, doc.methods, (sections, entries))
    app = map_help(doc.app, swap) if doc.app else None
    return dataclasses.replace(doc, sections=sections, methods=entries, app=app)


def missing(
    docs: Iterable[Document], targets: Targets, wheres: dict[tuple[str, str], str]
) -> list[Problem]:
    """A warning for each link to an article the content does not have, at its line."""
    problems = []
    for doc in docs:
        seen: set[tuple[str, int]] = set()
        for path, line in doc.link_lines:
            if (path, line) in seen or targets.article(doc.locale, path) is not None:
                continue
            seen.add((path, line))
            where = wheres.get((doc.locale, doc.path), doc.path)
            problems.append(Problem(where, line, f"link to a missing article {path}", "warning"))
    return problems
