"""How much an entry's matches count before any query is read: its kind of page.

A help search is asked how to do something. Two kinds of page in a doc set
match such questions by the words they list, not because they answer them:

- **announcements** (release notes): each one names every feature it touched,
  so a question about any of them finds a week's release notes among its first
  hits. Experience League's front matter says which pages these are
  (``content-type: release-notes``, or ``Product Announcements`` among the
  ``feature`` values).
- **contents pages**: a page that is mostly a list of links to other articles
  (an "article index") holds the titles of all of them.

Their scores are multiplied by :data:`ANNOUNCEMENT` and :data:`CONTENTS`: they
still match, and still come first when nothing else has the words (a search
for a release's date), but an article that explains the thing ranks above them.

An article the other articles send their readers to is the one a reader most
often wants among those that match (the overview of a topic, the page of a
feature): each is **cited** by the source-language articles that link to it
(``cited``, counted once per linking article, the release notes' links
included: a release that names a feature links to its article). A link that
:data:`TEMPLATE_SHARE` of the articles or more carry (the access-requirements
and licence block pasted into every article, the guide's contents pages in
its boilerplate) is a template, not a citation, and counts nothing. The score
of every version of an article is multiplied by ``1 + CITED * ln(1 + n)``
(``authority``), computed by the searcher from the counts the build keeps.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from service.records import Document

ANNOUNCEMENT = 0.5
CONTENTS = 0.5
CONTENTS_SHARE = 0.6  # of a page's words in link text: a contents page
CONTENTS_LINKS = 5  # and at least this many links
ANNOUNCEMENT_TYPES = frozenset({"release-notes"})
ANNOUNCEMENT_FEATURES = frozenset({"product announcements"})
CITED = 0.3  # an article's factor: 1 + CITED * ln(1 + the articles that link to it)
TEMPLATE_SHARE = 0.1  # of the articles, or more, that carry a link: a template's


def prior(doc: Document) -> float:
    """The factor applied to every score of ``doc``'s entry (1.0: an ordinary article)."""
    factor = 1.0
    if is_announcement(doc.front_matter):
        factor *= ANNOUNCEMENT
    if is_contents(doc):
        factor *= CONTENTS
    return factor


def is_announcement(meta: dict[str, Any]) -> bool:
    kind = meta.get("content-type")
    if isinstance(kind, str) and kind.strip().lower() in ANNOUNCEMENT_TYPES:
        return True
    features = meta.get("feature")
    if isinstance(features, str):
        return any(f.strip().lower() in ANNOUNCEMENT_FEATURES for f in features.split(","))
    return False


def is_contents(doc: Document) -> bool:
    return (
        len(doc.link_lines) >= CONTENTS_LINKS
        and doc.word_count > 0
        and doc.linked_words / doc.word_count >= CONTENTS_SHARE
    )


def cited(docs: Iterable[Document], source_locale: str) -> dict[str, int]:
    """Article path → how many other ``source_locale`` articles link to it, templates'
    links (carried by :data:`TEMPLATE_SHARE` of the articles or more) left out."""
    counts: Counter[str] = Counter()
    articles = 0
    for doc in docs:
        if doc.locale != source_locale:
            continue
        articles += 1
        counts.update({p for p in doc.links if p != doc.path and p.endswith(".md")})
    template = TEMPLATE_SHARE * articles
    return {path: n for path, n in sorted(counts.items()) if n < template}


def authority(citations: int) -> float:
    """The score factor of an article cited by ``citations`` others."""
    return 1.0 + CITED * math.log1p(citations)
