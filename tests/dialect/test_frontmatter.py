"""Front matter, read leniently: every value we can read, every problem with its line."""

from __future__ import annotations

import pytest

from service.dialect.frontmatter import as_int, split_front_matter


def test_plain_front_matter() -> None:
    fm = split_front_matter("---\ntitle: T\nsource-wordcount: '283'\nht-degree: 55%\n---\n# B\n")
    assert fm.meta == {"title": "T", "source-wordcount": "283", "ht-degree": "55%"}
    assert fm.body == "# B\n"
    assert fm.body_line == 5
    assert fm.problems == []


def test_no_front_matter() -> None:
    fm = split_front_matter("# Title\n")
    assert (fm.meta, fm.body, fm.body_line) == ({}, "# Title\n", 0)


def test_rejected_key_is_reported_with_its_line_and_the_rest_is_kept() -> None:
    text = (
        "---\ntitle: Méthodes\nproduct_v2: id: c4a86a5d-6562\nfeature: Workfront Fusion\n"
        "exl-id: 481131c9\n---\nbody\n"
    )
    fm = split_front_matter(text)
    assert fm.meta == {"title": "Méthodes", "feature": "Workfront Fusion", "exl-id": "481131c9"}
    assert len(fm.problems) == 1
    line, message = fm.problems[0]
    assert line == 3 and "product_v2" in message


def test_never_closed() -> None:
    fm = split_front_matter("---\ntitle: x\n# Body\n")
    assert fm.meta == {}
    assert fm.problems == [(1, "front matter opened with '---' is never closed")]


@pytest.mark.parametrize(("yaml", "kind"), [("- a\n- b", "list"), ("just text", "str")])
def test_not_a_mapping(yaml: str, kind: str) -> None:
    fm = split_front_matter(f"---\n{yaml}\n---\nbody")
    assert fm.meta == {}
    assert fm.problems and kind in fm.problems[0][1] and fm.problems[0][0] == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("283", 283),
        (303, 303),
        ("55%", 55),
        (" 0% ", 0),
        ("many", None),
        (None, None),
        (True, None),
        ([1], None),
    ],
)
def test_as_int(value: object, expected: int | None) -> None:
    assert as_int(value) == expected
