"""Questions about what an HTTP method does, read as the method facts they ask for.

"Is it harmless to send a PUT twice?", "verandert een GET iets op de server?",
"quelle méthode pour supprimer un élément ?": people ask about a method's
behaviour in everyday words. Each fact the service knows of a method has its
words here, per language: the docs' own wording in the HTTP request methods
article of each language (including its machine-made slips), and RFC 9110's
terms. The facts come from the method records, never from the words: whether
a method is safe, idempotent or cacheable (RFC 9110 §9.2, RFC 5789 for
PATCH, the docs where they say it), what it does (§9.3: GET retrieves, POST
processes and creates, PUT replaces the target's whole state, PATCH modifies
it in part, DELETE removes it), and what comes back on success.

A query asks about methods when it has one of these fact words and either
names a method in capitals (``GET``: the lower-case word is an English verb)
or says "method", "HTTP", "request", "verb" in its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from service.index.analysis import analyzer_for, fold
from service.records import MethodRecord

# fact → the methods it is true of, where the fact is an action (RFC 9110 §9.3, RFC 5789)
ACTIONS: dict[str, frozenset[str]] = {
    "retrieves": frozenset({"GET", "HEAD"}),
    "creates": frozenset({"POST"}),
    "replaces": frozenset({"PUT"}),
    "modifies_part": frozenset({"PATCH"}),
    "deletes": frozenset({"DELETE"}),
}
PROPERTIES = ("idempotent", "safe", "cacheable", "success_status")

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "about": "method methods http request requests verb verbs",
        "idempotent": """idempotent idempotency repeat repeated repeating repeats again twice
            retry retries retried resend resending duplicate duplicates multiple identical
            harmless""",
        "safe": "safe change changes changing modify modifies alter alters side effect effects",
        "cacheable": "cache cached cacheable caching",
        "success_status": """success successful succeeds status code codes return returns
            returned response responses reply back""",
        "retrieves": "retrieve retrieves fetch fetches read reads download downloads",
        "creates": "create creates creating new add adds submit upload",
        "replaces": "replace replaces replacing whole entire overwrite overwrites complete full",
        "modifies_part": "partial partially part some just only few one field fields",
        "deletes": "delete deletes deleting remove removes removing erase",
    },
    "fr": {
        "about": "methode methodes http requete requetes verbe verbes",
        "idempotent": """idempotent idempotente idempotence repeter repete repetee repetees
            plusieurs fois deux nouveau renvoyer renvoie reessayer doublon doublons
            identiques identique involontaire""",
        "safe": "modifie modifier change changer changement effet effets",
        "cacheable": "cache caché mise",
        "success_status": """succes reussi reussit reussie code codes statut renvoie retourne
            retour reponse reponses recoit""",
        "retrieves": "recuperer recupere lire lit obtenir telecharger",
        "creates": "creer cree creation nouveau nouvel nouvelle ajouter ajoute envoyer",
        "replaces": "remplacer remplace toute tout entier entiere ecraser complete",
        "modifies_part": """partielle partielles partiel partiellement partie seulement
            quelques champ champs""",
        "deletes": "supprimer supprime suppression effacer retirer",
    },
    "nl": {
        "about": "methode methoden http verzoek verzoeken aanvraag aanvragen",
        "idempotent": """idempotent epidemisch herhalen herhaal herhaald herhaling opnieuw
            nogmaals twee keer keren meerdere dubbel dubbele identieke onbedoeld""",
        "safe": "verandert veranderen wijzigt wijzigen wijziging aanpassen",
        "cacheable": "cache cachen",
        "success_status": """gelukt succes succesvol statuscode code codes terug antwoord
            antwoordbericht ontvang ontvangt krijg""",
        "retrieves": "ophalen haalt haal lezen opvragen downloaden",
        "creates": "aanmaken maak maken nieuw nieuwe toevoegen verzenden",
        "replaces": "vervangen vervangt volledig hele geheel overschrijven",
        "modifies_part": "gedeeltelijk gedeeltelijke deel alleen enkele paar veld velden",
        "deletes": "verwijderen verwijdert verwijder wissen",
    },
    "sv": {
        "about": "metod metoder metoden http begaran begaranden",
        "idempotent": """idempotent upprepa upprepar upprepas igen flera gang ganger
            dubbel dubbla identiska oavsiktligt""",
        "safe": "andrar andra andring paverkar",
        "cacheable": "cache cachas cachelagra",
        "success_status": """lyckas lyckades statuskod kod koder returnerar svar
            svarsmeddelande tillbaka far""",
        "retrieves": "hamta hamtar lasa laser",
        "creates": "skapa skapar ny nytt nya lagga till skicka",
        "replaces": "ersatta ersatter hela helt skriva over",
        "modifies_part": "partiella partiell delvis del bara endast nagra falt faltet",
        "deletes": "ta bort tar radera raderar",
    },
}


@dataclass(frozen=True, slots=True)
class Asked:
    """What a query asks of the methods: the facts, and the methods it names."""

    facts: tuple[str, ...]
    named: tuple[str, ...]


@cache
def _stems(lang: str) -> dict[str, frozenset[str]]:
    """Each fact's words as the language's analyser stems them (accents folded)."""
    words = _WORDS.get(lang, _WORDS["en"])
    return {
        fact: frozenset(t.text for w in text.split() for t in analyzer_for(lang)(w))
        for fact, text in words.items()
    }


def asked(words: tuple[str, ...], lang: str, documented: tuple[str, ...]) -> Asked | None:
    """The method facts a query's ``words`` ask about, or None when it asks none."""
    named = tuple(dict.fromkeys(w for w in words if w in documented))  # capitals only
    stems = _stems(lang)
    query = {t.text for w in words for t in analyzer_for(lang)(fold(w))}
    if not named and not query & stems["about"]:
        return None
    facts = tuple(f for f, s in stems.items() if f != "about" and query & s)
    return Asked(facts, named) if facts else None


def answers(
    asked_: Asked, records: dict[str, MethodRecord]
) -> list[tuple[MethodRecord, tuple[str, ...]]]:
    """The records that answer, each with the facts asked of it: the named methods
    and every fact asked; when none is named, the methods each fact is true of
    (the methods doing an action asked for first), in picker order."""
    found: dict[str, list[str]] = {}
    for fact in sorted(asked_.facts, key=lambda f: (f not in ACTIONS, f)):
        for method, record in records.items():
            if asked_.named:
                hit = method in asked_.named
            elif fact in ACTIONS:
                hit = method in ACTIONS[fact]
            else:
                hit = bool(fact_value(record, fact))
            if hit:
                found.setdefault(method, []).append(fact)
    return [(records[m], tuple(facts)) for m, facts in found.items()]


def fact_value(record: MethodRecord, fact: str) -> bool | list[int] | None:
    """What ``record`` says of ``fact``: the docs' word, else RFC 9110's."""
    if fact in ACTIONS:
        return record.method in ACTIONS[fact]
    if fact == "idempotent":
        return record.idempotent if record.idempotent is not None else record.spec.idempotent
    if fact == "safe":
        return record.spec.safe
    if fact == "cacheable":
        return record.spec.cacheable
    if fact == "success_status":
        return list(record.success_status)
    return None
