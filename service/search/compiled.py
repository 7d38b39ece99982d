"""A parsed query compiled for one language's index: what must match, what boosts.

Each word is analysed like the indexed text of its language (stemmer, stop
words, accents folded), after question and function words are dropped
(``function_words``). A word the vocabulary does not know is also matched by
its corrections (``spelling``), ranked below exact matches. Costs are capped
here: each correction is one more posting list to score and one more prefix
every snippet looks for, so a query of many misspelt words (the limit is 32)
cost a hundred times a normal one before ``MAX_CORRECTIONS`` and ``MAX_MARKED``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh.query import Phrase, Query

from service.index.analysis import analyzer_for, fold
from service.index.schema import BOOSTS, method_token, text_field

from .function_words import content_words
from .query import METHODS, ParsedQuery
from .scoring import Expr, Node, Word
from .spelling import Vocabulary

CORRECTION_BOOST = 0.3
FAMILY_BOOST = 0.5  # a word's more common relatives and compound parts (``families``)
FIELD_WEIGHTS = {"desc": 0.5}  # a boost field's weight at query time (1 when absent)
MAX_CORRECTIONS = 12  # corrections a query is matched by, over all its words
MAX_MARKED = 12  # stems looked for in each hit's sections (its own words first)


@dataclass(slots=True)
class Compiled:
    """A parsed query in one language: what must match, what boosts, what to mark."""

    words: list[Expr] = field(default_factory=list)  # in the one text field
    boosts: list[Word] = field(default_factory=list)  # add to the score where they match
    phrases: list[Query] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # to highlight
    corrected: dict[str, list[str]] = field(default_factory=dict)  # word → corrections


def compile_query(parsed: ParsedQuery, lang: str, vocab: Vocabulary) -> Compiled:
    """``parsed`` as ``lang``'s index is searched: its words (or their corrections),
    boosts, phrases and the stems to mark."""
    query = Compiled()
    budget = MAX_CORRECTIONS
    for word in content_words(parsed.words, lang):
        folded = fold(word)
        options = vocab.corrections(folded)[:budget] if budget else []
        if options:
            query.corrected[word] = options
            weighed = [(o, CORRECTION_BOOST, True) for o in options]
        else:  # a known word: its more common forms too (in the text only: cheaper)
            related = vocab.families.relatives(folded)
            parts = vocab.families.parts(folded)
            related += [" ".join(parts)] if parts else []
            weighed = [(o, FAMILY_BOOST, False) for o in related[:budget]]
        budget -= len(weighed)
        found = _word_node(word, lang, weighed)
        if found is not None:
            query.words.append(found[0])
            query.boosts += found[1]
    query.stems = _marked(query.words, query.corrected)
    for phrase in parsed.phrases:
        stems = [t.text for w in phrase for t in analyzer_for(lang)(w)]
        query.stems.update(stems)
        if stems:
            query.phrases.append(Phrase(text_field(lang), stems))
    return query


def _word_node(
    word: str, lang: str, options: list[tuple[str, float, bool]]
) -> tuple[Expr, list[Word]] | None:
    """What one word must match (it, or one of its weighed ``options``: corrections,
    relatives, "part part"), and what boosts its entries (the title, heading and
    description fields, for the word and the options that say ``True``)."""
    analyzer = analyzer_for(lang)
    alternatives: list[Expr] = []
    boosts: list[Word] = []
    seen: set[tuple[str, ...]] = set()
    for candidate, boost, boosted in [(word, 1.0, True), *options]:
        stems = [t.text for t in analyzer(candidate)]
        if not stems or tuple(stems) in seen:  # a relative with the word's own stem
            continue
        seen.add(tuple(stems))
        terms = tuple(Word(text_field(lang), s, boost) for s in stems)
        alternatives.append(terms[0] if len(terms) == 1 else Node("all", terms))
        if not boosted:
            continue
        boosts += [
            Word(f"{name}_{lang}", s, boost * FIELD_WEIGHTS.get(name, 1.0))
            for name in BOOSTS
            for s in stems
        ]
        if candidate.lower() in METHODS:
            boosts.append(Word("method", method_token(lang, candidate), boost))
    if not alternatives:
        return None
    return (alternatives[0] if len(alternatives) == 1 else Node("any", tuple(alternatives))), boosts


def _marked(words: list[Expr], corrected: dict[str, list[str]]) -> set[str]:
    """The stems to mark in snippets, at most ``MAX_MARKED``: the query's own words',
    then their first corrections', their second ones'... A word with corrections is
    in no document of the language (that is why it has them): only they are marked."""
    ranked: list[tuple[int, int, str]] = []
    for n, node in enumerate(words):
        options = node.children if isinstance(node, Node) and node.op == "any" else (node,)
        fixed = corrected and len(options) > 1
        for rank, option in enumerate(options):
            if not (fixed and rank == 0):
                ranked += [(rank, n, w.text) for w in words_of(option)]
    marked: set[str] = set()
    for _rank, _n, text in sorted(ranked):
        if len(marked) >= MAX_MARKED:
            break
        marked.add(text)
    return marked


def words_of(node: Expr) -> list[Word]:
    return [node] if isinstance(node, Word) else [w for c in node.children for w in words_of(c)]
