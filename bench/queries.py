"""The fixed search query mix (en/fr/nl/sv; accented, accentless and typo queries)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Query:
    lang: str
    q: str
    kind: str  # "plain" | "accentless" | "typo" | "phrase"
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
)
