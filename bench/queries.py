"""The fixed search query mix (en/fr/nl/sv; accented, accentless and typo queries, and
questions as people type them: long, mixed-language, about what a method does)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Query:
    lang: str
    q: str
    kind: str  # "plain" | "accentless" | "typo" | "phrase" | "question"
    # A path fragment that must be among the hits on the real corpus ("" = any hit).
    expect: str = ""


QUERIES: tuple[Query, ...] = (
    Query("en", "http request methods", "plain", "http-request-methods"),
    Query("en", "webhook", "plain"),
    Query("en", "iterator aggregator", "plain"),
    Query("en", "error handling", "plain"),
    Query("en", "data structure", "plain"),
    Query("en", "schedule a scenario", "plain"),
    Query("en", "webhok", "typo"),
    Query("en", "scenaro", "typo"),
    Query("fr", "méthodes de requête HTTP", "plain", "http-request-methods"),
    Query("fr", "methodes de requete", "accentless", "http-request-methods"),
    Query("fr", "scénario", "plain"),
    Query("fr", "scenario", "accentless"),
    Query("fr", "sécurité", "plain"),
    Query("fr", "securite", "accentless"),
    Query("fr", "gestion des erreurs", "plain"),
    Query("fr", "itérateur", "plain"),
    Query("fr", "agregateur", "accentless"),
    Query("fr", "requte", "typo"),
    Query("nl", "methoden van HTTP-aanvragen", "plain", "http-request-methods"),
    Query("nl", "verzoekmethode", "plain"),
    Query("nl", "webhaak", "plain"),
    Query("nl", "foutafhandeling", "plain"),
    Query("nl", "verbinding", "plain"),
    Query("nl", "gegevensstructuur", "plain"),
    Query("nl", "verbindng", "typo"),
    Query("sv", "HTTP-begärandemetoder", "plain", "http-request-methods"),
    Query("sv", "http begarandemetoder", "accentless", "http-request-methods"),
    Query("sv", "förfrågningsmetod", "plain"),
    Query("sv", "forfragningsmetod", "accentless"),
    Query("sv", "åtkomst", "plain"),
    Query("sv", "atkomst", "accentless"),
    Query("sv", "felhantering", "plain"),
    Query("sv", "anslutning", "plain"),
    Query("sv", "begaran", "accentless"),
    Query("sv", "anslutnig", "typo"),
    Query("en", "why does my scenario stop running after an error", "question"),
    Query("en", "how can I see why my webhook did not process incoming data", "question"),
    Query("en", "is it safe to send the same PUT twice", "question", "http-request-methods"),
    Query("en", "scenario planification", "question"),
    Query("fr", "comment envoyer un fichier vers SharePoint depuis un scénario", "question"),
    Query("fr", "comment utiliser le data store", "question"),
    Query("nl", "hoe geef ik een collega toegang tot mijn scenario's", "question"),
    Query("nl", "verandert een GET iets op de server", "question", "http-request-methods"),
    Query("sv", "data structure", "question"),
    Query("sv", "hur schemalägger jag ett scenario varje morgon", "question"),
)
