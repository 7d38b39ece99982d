"""Web addresses: a page the translation links at another address of the same site (pure).

Sites move their pages (``docs.microsoft.com`` to ``learn.microsoft.com``, a guide's
pages into a folder of their own), and a translation made later links the page where it
is now. That is not a fact the translation gets wrong: a reader reaches the same page.
Two addresses are the same page moved when they are on the same site (the same host, or
hosts that differ only in their first label: ``docs.`` and ``learn.`` of one domain),
have the same query, and either the same path or the same page name: a last path part
of two words or more (``searching-issues-and-pull-requests``), not a generic ``index``
or ``guide`` that many pages of a site end in.

The addresses compared are :func:`.pairing.target`'s: no scheme, locale or fragment.
"""

from __future__ import annotations

import re

_WORDS = re.compile(r"[^\W_]+(?:[-_][^\W_]+)+")  # a page name of two words or more


def _parts(address: str) -> tuple[str, str, str, str]:
    """(site, path, page name, query) of a target."""
    rest, _, query = address.partition("?")
    host, _, path = rest.partition("/")
    labels = host.split(".")
    site = ".".join(labels[1:]) if len(labels) > 2 else host
    return site, path, path.rsplit("/", 1)[-1], query


def same_page(a: str, b: str) -> bool:
    """True if targets ``a`` and ``b`` are one page at two addresses of its site."""
    site, path, page, query = _parts(a)
    other = _parts(b)
    if (site, query) != (other[0], other[3]) or not site:
        return False
    return (bool(path) and path == other[1]) or (page == other[2] and bool(_WORDS.fullmatch(page)))


def moved(
    lacking: list[str], extra: list[str]
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """``lacking`` and ``extra`` less the pairs that are one page moved, and those pairs
    (each address of ``lacking`` paired with the first of ``extra`` that is its page)."""
    left, right, pairs = [], list(extra), []
    for a in lacking:
        b = next((b for b in right if same_page(a, b)), None)
        if b is None:
            left.append(a)
        else:
            right.remove(b)
            pairs.append((a, b))
    return left, right, pairs
