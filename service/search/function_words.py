"""Words of a query that carry no topic: how people ask, not what they ask about.

The index's analysers already drop each language's stop words (Whoosh's
lists). A question also brings its question words, modal verbs and "I want
to…" that the docs do not use as topic words: "how can I", "comment puis-je",
"hoe kan ik", "hur gör jag". They are dropped from queries only (the indexed
text keeps every word). English ones are dropped from every language's
queries, since French, Dutch and Swedish readers type English too. A query
made only of such words keeps them all: "what is" is still a search.
"""

from __future__ import annotations

from functools import cache

from whoosh.lang import has_stopwords, stopwords_for_language

from service.index.analysis import PROTECTED, fold

_QUESTION_WORDS = {
    "en": """how what where why which who whom when whether can could would should shall
        may might must do does did done doing i me my mine we our want wants wanted need
        needs needed try trying able possible way ways use using used please help is are
        there any some it its get got make makes making go going something anything
        happen happens happened won doesn didn isn aren wasn weren couldn shouldn
        wouldn haven hasn""",
    "fr": """comment quoi quel quelle quels quelles pourquoi ou où quand combien est-ce
        est ce qu que qui puis peux peut pouvez pourrais pourrait faut dois doit devez
        je j me moi mon ma mes on nous veux voudrais voulez souhaite besoin possible
        faire fais fait utiliser utilise comment-faire y a il elle cela ça ca sert
        quelqu quelque chose existe les être avoir""",
    "nl": """hoe wat waar waarom welke welk wie wanneer kan kun kunt kunnen moet moeten
        mag mogen wil wilt willen zou zouden ik mij me mijn we wij ons onze je jij jouw
        mogelijk gebruik gebruiken doe doen gedaan er is zijn krijg krijgen iets manier
        graag gebeurt gebeuren gebeurd""",
    "sv": """hur vad var varför vilken vilket vilka vem när kan kunna måste ska skall
        vill ville bör får jag mig min mitt mina vi oss vår gör göra gjort använda
        använder man möjligt finns det sätt något någon händer hände hänt""",
}


@cache
def function_words(lang: str) -> frozenset[str]:
    """The folded words dropped from ``lang`` queries (HTTP method names never are)."""
    found: set[str] = set()
    for source in {lang, "en"}:
        found.update(_QUESTION_WORDS.get(source, "").split())
        if has_stopwords(source):
            found.update(stopwords_for_language(source))
    return frozenset(fold(w) for w in found) - PROTECTED


def content_words(words: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """``words`` without the function words of ``lang`` (all of them when none is left)."""
    drop = function_words(lang)
    kept = tuple(w for w in words if fold(w) not in drop)
    return kept or words
