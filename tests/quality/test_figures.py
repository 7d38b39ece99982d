"""Numbers read the same way in every language (service.figures)."""

from __future__ import annotations

import pytest

from service.quality import figures

# (source text, its language, translated text, its language,
#  source numbers the translation lacks, translation numbers the source lacks)
CASES = [
    ("up to 10,000 rows", "en", "jusqu’à 10 000 lignes", "fr", [], []),
    ("up to 10,000 rows", "en", "tot 10.000 rijen", "nl", [], []),
    ("up to 10,000 rows", "en", "upp till 10\u00a0000 rader", "sv", [], []),
    ("it would be 2.5", "en", "ce serait 2,5", "fr", [], []),
    ("it would be 2.5", "en", "det blir 12.5", "sv", ["2.5"], ["12.5"]),
    ("at 3 PM", "en", "à 15 h", "fr", [], []),
    ("at 5:26 PM", "en", "om 17:26", "nl", [], []),
    ("at 3pm", "en", "kl. 17.00", "sv", ["3pm"], ["17.00"]),
    ("every Monday at 6am", "en", "varje måndag kl. 6.00", "sv", [], []),
    ("at noon", "en", "om 12.00 uur", "nl", [], []),
    ("the first 500K operations", "en", "les 500 000 premières opérations", "fr", [], []),
    ("API tag v1.11.1", "en", "API-tagg v1.1.1", "sv", ["1.11.1"], ["1.1.1"]),
    ("version 21.3.0", "en", "versie 21.3.0", "nl", [], []),
    ("52.30.133.50", "en", "52 30 133 50", "nl", ["52.30.133.50"], ["30 133", "50"]),
    (
        "Returns: 4468c883ee3b",
        "en",
        "Renvoie : 4468c83ee3b",
        "fr",
        ["4468c883ee3b"],
        ["4468c83ee3b"],
    ),
    ('For example, "1,2,3".', "en", "Par exemple, « 1, 2, 3 ».", "fr", [], []),
    ("in the range [0,1]", "en", "in het bereik [0 , 1]", "nl", [], []),
    ("use [1,3] here", "en", "utilisez [1,3] ici", "fr", [], []),  # written the same way
    ("MD5 128-bit digest", "en", "synthèse MD5 128 bits", "fr", [], []),
    ("reduced to 40X30", "en", "verkleind tot 40 x 30", "nl", [], []),
    ("OAuth 2.0", "en", "OAuth 2", "fr", [], []),
    ("two or 3 times", "en", "deux ou trois fois", "fr", [], []),  # small: may be words
    ("Microsoft Dynamics 365", "en", "Microsoft Dynamics 365 365", "sv", [], ["365 365"]),
]


@pytest.mark.parametrize(("mine", "mine_lang", "theirs", "their_lang", "lacking", "more"), CASES)
def test_numbers_match_across_languages(
    mine: str, mine_lang: str, theirs: str, their_lang: str, lacking: list[str], more: list[str]
) -> None:
    a, b = figures.numbers(mine, mine_lang), figures.numbers(theirs, their_lang)
    assert [n.text for n in figures.unmatched(a, b, theirs)] == lacking
    assert [n.text for n in figures.unmatched(b, a, mine)] == more


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("10,000", "10000"),
        ("10.000", "10000"),
        ("10 000", "10000"),
        ("2,5", "2.5"),
        (".75", "0.75"),
        ("500K", "500000"),
        ("1,5k", "1500"),
        ("5:26 PM", "17:26"),
        ("12 AM", "0:00"),
        ("noon", "12:00"),
        ("21.3.0", "21.3.0"),
        ("007", "7"),
    ],
)
def test_canonical(token: str, value: str) -> None:
    assert figures.canonical(token) == value


def test_positions_point_at_the_numbers() -> None:
    text = "Send 120 characters, then wait 30 seconds (v1.2.3)."
    found = figures.numbers(text)
    assert [(n.text, text[n.start : n.start + len(n.text)]) for n in found] == [
        ("120", "120"),
        ("30", "30"),
        ("1.2.3", "1.2.3"),
    ]
    assert [n.text for n in figures.worth(figures.numbers("1, 2 and 11"))] == ["11"]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1 234,56", "sv", "1234.56"),
        ("1\u202f234,56", "fr", "1234.56"),
        ("1.234,56", "nl", "1234.56"),
        ("1,234.56", "en", "1234.56"),
        ("12\u00ad345", "fr", "12345"),  # a soft hyphen where the line may break
    ],
)
def test_numbers_in_each_locales_format(text: str, lang: str, value: str) -> None:
    assert [n.value for n in figures.numbers(text, lang)] == [value]


@pytest.mark.parametrize(
    ("mine", "theirs", "lang", "lacking"),
    [
        ("Retries 5 times.", "Réessaie 15 fois.", "fr", ["5"]),
        ("Retries 5 times.", "Réessaie cinq fois.", "fr", []),
        ("Retries 2 times.", "Probeert het 3 keer.", "nl", ["2"]),
        ("Retries 2 times.", "Probeert het twee keer.", "nl", []),
        ("A 2 digit year.", "Ett tvåsiffrigt år.", "sv", []),
        ("Runs at 6am.", "S’exécute à 6 h.", "fr", []),
        ("Use 1 module.", "Utilisez un module.", "fr", []),  # one: also an article
    ],
)
def test_small_numbers_count_unless_spelled(
    mine: str, theirs: str, lang: str, lacking: list[str]
) -> None:
    found = figures.unmatched(
        figures.numbers(mine, "en"), figures.numbers(theirs, lang), theirs, lang
    )
    assert [n.value for n in found] == lacking
