"""Each language's analysis: the stems its words and their inflections meet at."""

from __future__ import annotations

import pytest

from service.index.analysis import analyzer_for


def stems(lang: str, text: str) -> list[str]:
    return [t.text for t in analyzer_for(lang)(text)]


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("sv", "licens licenser licensen licenserna"),  # Snowball: lic, then licens
        ("sv", "mall mallar mallen mallarna"),
        ("sv", "körning körningar körningen"),
        ("sv", "publicera publicerad publicerar"),
        ("en", "license licenses licensed"),
        ("fr", "méthode méthodes methode"),
        ("nl", "bewerking bewerkingen"),
    ],
)
def test_a_word_and_its_inflections_meet(lang: str, forms: str) -> None:
    found = {tuple(stems(lang, form)) for form in forms.split()}
    assert len(found) == 1, found


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "sv"])
def test_method_names_are_exact_tokens(lang: str) -> None:
    assert stems(lang, "PUT patch GET") == ["put", "patch", "get"]


def test_a_swedish_stem_is_a_fixed_point() -> None:
    """Stemming a stem again changes nothing, so a query word and the indexed
    text's plural meet whichever form either is in."""
    for word in ["licenser", "kopierar", "scenarier", "körningarna", "schemaläggningen"]:
        (stem,) = stems("sv", word)
        assert stems("sv", stem) == [stem]
