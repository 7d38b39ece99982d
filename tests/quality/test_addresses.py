"""Web addresses: one page at two addresses of its site, or two pages."""

from __future__ import annotations

import pytest

from service.quality.addresses import moved, same_page
from service.quality.pairing import target

CASES = [
    # (source's address, translation's, the same page moved)
    (
        "https://docs.example.com/graph/auth-register-app-v2",
        "https://learn.example.com/graph/auth-register-app-v2",
        True,
    ),
    (
        "https://docs.example.org/github/searching/searching-issues-and-pull-requests",
        "https://docs.example.org/search-github/searching-issues-and-pull-requests",
        True,
    ),
    ("https://example.com/a/b?view=x", "https://www.example.com/fr/a/b?view=x", True),
    # another page of the site: its name differs, or is one generic word
    (
        "https://docs.example.net/orlando/page/r_OpAvailableFiltersQueries",
        "https://docs.example.net/washington/page/c_NavigationAndTheUserInterface",
        False,
    ),
    ("https://example.com/v1/guide", "https://example.com/v2/guide", False),
    # another site, the same path
    ("https://regex101.example/tools/test-it", "https://regexr.example/tools/test-it", False),
    # another query: another example's value
    ("https://example.com/a/b?id=1", "https://example.com/a/b?id=2", False),
]


@pytest.mark.parametrize(("a", "b", "same"), CASES)
def test_same_page(a: str, b: str, same: bool) -> None:
    assert same_page(target(a), target(b)) is same
    assert same_page(target(b), target(a)) is same


def test_moved_pairs_each_address_once() -> None:
    a, b = "docs.example.com/x/one-page", "docs.example.com/x/other-page"
    moved_a, moved_b = "learn.example.com/x/one-page", "learn.example.com/x/other-page"
    assert moved([a, b, "example.org/gone"], [moved_b, moved_a, "example.org/new"]) == (
        ["example.org/gone"],
        ["example.org/new"],
        [(a, moved_a), (b, moved_b)],
    )
