"""Links of a document shown in another language than the reader's (a fallback page,
or the API's document in a language it lacks).

Ingest resolves each link for the language of the document it is in
(``ingest.crosslinks``): an English article links to English pages. Shown to a
French reader because it has no French version, those links would take the
reader out of French for good. Here each of them leads to the target's page
in the reader's language when the target has a version there (its fragment
the same section's anchor in that version, when both versions have their
sections one for one), else stays on the shown language's page, marked with
``hreflang`` as ingest marks a link to a page in another language.

The links are ours: ingest wrote them as ``href="/{locale}/docs/{doc_id}#anchor"``
in sanitized HTML (attributes double-quoted), so a pattern over the tags is
enough; nothing else in the HTML is touched.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from service.index.catalog import Catalog
from service.ingest.crosslinks import ANCHOR_SAFE
from service.records import doc_url

_A = re.compile(r"<a\s[^>]*>")
_HREF = re.compile(r'href="/([^/"]+)/docs/([^"#/]+)(?:#([^"]*))?"')


def relinked(html: str, shown: str, reader: str, catalog: Catalog) -> str:
    """``html`` of a document in ``shown`` with its links to ``shown``'s pages made the
    ``reader``'s (see the module)."""
    if shown == reader or f'"/{shown}/docs/' not in html:
        return html

    def tag(m: re.Match[str]) -> str:
        start = m.group(0)
        link = _HREF.search(start)
        if link is None or link.group(1) != shown or " hreflang=" in start:
            return start  # not ours, or already to another language's page
        doc_id, fragment = link.group(2), link.group(3) or ""  # as ingest wrote them
        versions = catalog.articles.get(doc_id, {})
        if reader not in versions:
            return f'{start[: link.end()]} hreflang="{shown}"{start[link.end() :]}'
        href = doc_url(reader, doc_id)
        if fragment:
            href += "#" + _anchor(catalog, doc_id, shown, reader, fragment)
        return f'{start[: link.start()]}href="{href}"{start[link.end() :]}'

    return _A.sub(tag, html)


def _anchor(catalog: Catalog, doc_id: str, shown: str, reader: str, fragment: str) -> str:
    """The ``reader`` version's anchor of the section ``fragment`` names in the ``shown``
    version: the same section by position when both have as many; else ``fragment``."""
    mine, theirs = catalog.docs.get(shown, doc_id), catalog.docs.get(reader, doc_id)
    if mine is None or theirs is None or len(mine.sections) != len(theirs.sections):
        return fragment
    wanted = unquote(fragment)
    for section, other in zip(mine.sections, theirs.sections, strict=True):
        if section.anchor == wanted and other.anchor:
            return quote(other.anchor, safe=ANCHOR_SAFE)
    return fragment
