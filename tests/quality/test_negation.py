"""Negation cues, one case per cue and language, and the words that negate by meaning."""

from __future__ import annotations

import pytest

from service.quality.negation import clauses, differ, polarity

CASES = [
    # (lang, sentence, polarity)
    ("en", "The module does not retry.", "not"),
    ("en", "The module doesn't retry.", "not"),
    ("en", "You cannot undo it.", "not"),
    ("en", "It never retries.", "not"),
    ("en", "No data is sent.", "not"),
    ("en", "None of the fields is required.", "not"),
    ("en", "Nothing is sent.", "not"),
    ("en", "The module retries.", "so"),
    ("en", "Build a no-code scenario.", "so"),
    ("en", "The module fails to save the bundle.", "either"),
    ("en", "Leave the field empty to send all.", "either"),
    ("en", "The option is unavailable.", "either"),
    ("en", "Run it without a filter.", "either"),
    ("en", "Use a system external to the service.", "either"),
    ("en", "Use any value other than the default.", "either"),
    ("fr", "Le module ne réessaie pas.", "not"),
    ("fr", "Le module n’est plus disponible.", "not"),
    ("fr", "Il ne réessaie jamais.", "not"),
    ("fr", "Aucune donnée n’est envoyée.", "not"),
    ("fr", "Il n’envoie rien.", "not"),
    ("fr", "Tableau d’éléments, mais pas les deux.", "not"),
    ("fr", "Le module réessaie.", "so"),
    ("fr", "Choisissez n’importe quel module.", "so"),
    ("fr", "Ces champs ne s’affichent que si vous cochez la case.", "either"),
    ("fr", "Exécutez-le sans filtre.", "either"),
    ("fr", "Utilisez un système externe au service.", "either"),
    ("fr", "Les fichiers en dehors du dossier.", "either"),
    ("nl", "De module probeert het niet opnieuw.", "not"),
    ("nl", "Er worden geen gegevens verzonden.", "not"),
    ("nl", "Het probeert het nooit opnieuw.", "not"),
    ("nl", "Er wordt niets verzonden.", "not"),
    ("nl", "De module probeert het opnieuw.", "so"),
    ("nl", "Kies een niet-actieve module.", "either"),
    ("nl", "Voer het uit zonder filter.", "either"),
    ("nl", "Gebruik een systeem dat extern is aan de service.", "either"),
    ("sv", "Modulen försöker inte igen.", "not"),
    ("sv", "Modulen försöker aldrig igen.", "not"),
    ("sv", "Inga data skickas.", "not"),
    ("sv", "Ingen modul krävs.", "not"),
    ("sv", "Inget skickas.", "not"),
    ("sv", "Fältet får ej vara tomt.", "not"),
    ("sv", "Modulen försöker igen.", "so"),
    ("sv", "Kör det utan filter.", "either"),
    ("sv", "Annars returneras ett fel.", "either"),
    ("sv", "Använd ett system som är externt till tjänsten.", "either"),
]


@pytest.mark.parametrize(("lang", "sentence", "expected"), CASES)
def test_polarity(lang: str, sentence: str, expected: str) -> None:
    found = polarity(sentence, lang)
    assert found is not None
    assert {(True, False): "not", (True, True): "not", (False, True): "either"}.get(
        found, "so"
    ) == expected


def test_a_language_without_cues_is_not_read() -> None:
    assert polarity("Das Modul versucht es nicht erneut.", "de") is None
    assert not differ("It does not retry.", "en", "Es versucht es erneut.", "de")


@pytest.mark.parametrize(
    ("mine", "theirs", "lang", "expected"),
    [
        ("The module does not retry.", "Le module réessaie.", "fr", True),
        ("The module retries.", "De module probeert het niet opnieuw.", "nl", True),
        ("The module does not retry.", "Modulen försöker inte igen.", "sv", False),
        # said by meaning on one side: not compared
        (
            "If they don't, processing stops.",
            "Dans le cas contraire, le traitement s’arrête.",
            "fr",
            False,
        ),
        ("Deleting a version can't be undone.", "La suppression est irréversible.", "fr", False),
        ("If not, an error is returned.", "Annars returneras ett fel.", "sv", False),
        # outside by meaning: "external to" is "not part of", in either text
        (
            "Send notifications with a system external to the service.",
            "Envoyez des notifications avec un système qui ne fait pas partie du service.",
            "fr",
            False,
        ),
        (
            "Send notifications with a system external to the service.",
            "Verzend meldingen met een systeem dat geen deel uitmaakt van de service.",
            "nl",
            False,
        ),
        (
            "Send notifications with a system external to the service.",
            "Skicka meddelanden med ett system som inte ingår i tjänsten.",
            "sv",
            False,
        ),
        (
            "Send notifications with a system that is not part of the service.",
            "Envoyez des notifications avec un système externe au service.",
            "fr",
            False,
        ),
        (
            "Send notifications with a system that is not part of the service.",
            "Verzend meldingen met een systeem dat extern is aan de service.",
            "nl",
            False,
        ),
        (
            "Send notifications with a system that is not part of the service.",
            "Skicka meddelanden med ett system som är externt till tjänsten.",
            "sv",
            False,
        ),
        # "external" alone is a word like any other: a negation dropped beside it is found
        (
            "External systems are not notified.",
            "Les systèmes externes sont notifiés.",
            "fr",
            True,
        ),
        (
            "External systems are not notified.",
            "Externe systemen worden op de hoogte gesteld.",
            "nl",
            True,
        ),
        ("External systems are not notified.", "Externa system meddelas.", "sv", True),
        # the same word that negates by meaning on both sides (*beyond*, *au-delà*;
        # *without*, *zonder*, *utan*), after the cue: they translate each other, and the
        # negation beside them is lost or added
        (
            "The outputs are not accessible beyond the Aggregator.",
            "Les sorties sont accessibles au-delà de l’agrégateur.",
            "fr",
            True,
        ),
        (
            "The outputs are not accessible beyond the Aggregator.",
            "Les sorties ne sont pas accessibles au-delà de l’agrégateur.",
            "fr",
            False,
        ),
        (
            "You can update the module without creating a new scenario.",
            "U kunt de module niet bijwerken zonder een nieuw scenario te maken.",
            "nl",
            True,
        ),
        (
            "Directives cannot be used out of the scope of an error handler route.",
            "Direktiven kan användas utanför omfånget för en felhanterarväg.",
            "sv",
            True,
        ),
        (
            "You can run it without a filter.",
            "Du kan inte köra det utan filter.",
            "sv",
            True,
        ),
        # a cue after that word is another clause's: a rewording, not compared
        (
            "Use these fields without scrolling through the ones you don't need.",
            "Accédez aux champs pertinents sans devoir tous les parcourir.",
            "fr",
            False,
        ),
        # another word that negates by meaning beside it: not compared
        (
            "You cannot run it without a filter unless you are an administrator.",
            "Vous pouvez l’exécuter sans filtre seulement en tant qu’administrateur.",
            "fr",
            False,
        ),
    ],
)
def test_differ(mine: str, theirs: str, lang: str, expected: bool) -> None:
    assert differ(mine, "en", theirs, lang) is expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        (
            "It cannot be used here, and Fusion does not offer a module for it.",
            "en",
            ["It cannot be used here", "and Fusion does not offer a module for it."],
        ),
        (
            "Il ne peut pas servir ici, et Fusion n’offre aucun module.",
            "fr",
            ["Il ne peut pas servir ici", "et Fusion n’offre aucun module."],
        ),
        (
            "Het kan hier niet, en Fusion biedt geen module.",
            "nl",
            ["Het kan hier niet", "en Fusion biedt geen module."],
        ),
        (
            "Det kan inte användas här, och Fusion har ingen modul.",
            "sv",
            ["Det kan inte användas här", "och Fusion har ingen modul."],
        ),
        ("Red, green and blue.", "en", ["Red, green and blue."]),
    ],
)
def test_clauses(sentence: str, lang: str, expected: list[str]) -> None:
    assert clauses(sentence, lang) == expected
