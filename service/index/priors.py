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
"""

from __future__ import annotations

from typing import Any

from service.records import Document

ANNOUNCEMENT = 0.5
CONTENTS = 0.5
CONTENTS_SHARE = 0.6  # of a page's words in link text: a contents page
CONTENTS_LINKS = 5  # and at least this many links
ANNOUNCEMENT_TYPES = frozenset({"release-notes"})
ANNOUNCEMENT_FEATURES = frozenset({"product announcements"})


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
