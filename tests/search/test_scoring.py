"""The posting-list scorer (service.search.scoring) against Whoosh's own matchers.

Word queries are matched and scored from whole posting lists instead of
Whoosh's matcher tree. For every query people type in the case table and the
benchmark mix, in the shapes the searcher builds (words, typo alternatives,
method filters, the any-word fallback, boosts), both must find the same
documents, count them alike and score them alike.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

import pytest

from service.index import builds
from service.index.catalog import Catalog
from service.index.internals import ColumnBytes, column_values, field_lengths
from service.index.schema import method_token
from service.search.compiled import compile_query
from service.search.query import parse_query
from service.search.results import searcher_of
from service.search.scoring import COORDINATION, Node, Scored, Word
from service.search.scoring import as_whoosh as whoosh_query
from service.search.searcher import Searcher
from service.search.spelling import Vocabulary
from service.settings import Settings
from tests.builds_of import BOTH, opened
from tests.conftest import DATA

with (DATA / "search_cases.tsv").open(encoding="utf-8") as _fh:
    CASES = [(c["lang"], c["query"]) for c in csv.DictReader(_fh, delimiter="\t")]
MORE = [
    ("en", "http request methods"),
    ("en", "webhok"),  # a typo: the word or its corrections
    ("fr", "méthodes de requête HTTP"),
    ("nl", "methoden van HTTP-aanvragen"),  # one word, two stems
    ("sv", "anslutnig"),
    ("en", "idempotent PUT"),  # a method name boosts its entries
    ("en", "zzzz qqqq"),  # nothing
    ("en", "webhook zzzqqq"),  # nothing has both: the any-word fallback
]


@pytest.fixture(scope="module", params=BOTH)
def searcher(request: pytest.FixtureRequest, content_settings: Settings) -> Iterator[Searcher]:
    with opened(request, content_settings) as catalog:
        yield searcher_of(catalog)


def shapes(searcher: Searcher, lang: str, q: str) -> Iterator[tuple[Node, list[Word]]]:
    """The (core, boosts) the searcher would run for ``q``, and their variants."""
    compiled = compile_query(parse_query(q), lang, searcher._vocab.get(lang, Vocabulary({})))
    words: list[object] = list(compiled.words)
    boosts: list[Word] = compiled.boosts
    if not words:
        return
    yield Node("all", tuple(words)), boosts  # type: ignore[arg-type]
    yield Node("all", tuple(words)), []  # type: ignore[arg-type]
    yield Node("all", (Node("any", tuple(words)),)), boosts  # type: ignore[arg-type]
    put = Word("method", method_token(lang, "PUT"))
    yield Node("all", (*words, put)), boosts  # type: ignore[arg-type]


_PLAIN: dict[int, object] = {}


def as_dict(scored: Scored) -> dict[int, float]:
    """Docnum → score, as Whoosh's results give them."""
    return dict(zip(scored.docnums.tolist(), scored.scores.tolist(), strict=True))


def whoosh_scores(searcher: Searcher, query: object, priors: bool = False) -> dict[int, float]:
    """Every match of ``query`` with its score, by Whoosh's matchers (limit=None): its
    plain BM25F, or (``priors``) as the service's searcher weighs them."""
    if priors:
        plain = searcher._searcher
    else:
        plain = _PLAIN.get(id(searcher)) or _PLAIN.setdefault(id(searcher), searcher.ix.searcher())
    results = plain.search(query, limit=None)  # type: ignore[attr-defined]
    return {docnum: score for docnum, score in results.items()}


@pytest.mark.parametrize(("lang", "q"), [*CASES, *MORE], ids=lambda v: str(v))
def test_same_matches_and_scores_as_whoosh(searcher: Searcher, lang: str, q: str) -> None:
    """Compared part by part: the required core, then each boost on what matched.

    (Whoosh's AndMaybe over a union may drop a document from its top N, and
    miscounts when not optimizing, so the whole boosted query is not the
    reference: its parts are.)"""
    for core, boosts in shapes(searcher, lang, q):
        fast = as_dict(searcher._postings.match(core))
        slow = whoosh_scores(searcher, whoosh_query(core))
        assert fast.keys() == slow.keys(), (q, core)
        for docnum, score in slow.items():
            assert fast[docnum] == pytest.approx(score, rel=1e-6), (q, core, docnum)
        total = dict(fast)
        for boost in boosts:
            every = as_dict(searcher._postings.scores(boost))
            mine = {d: s for d, s in every.items() if d in fast}  # as search adds it
            theirs = whoosh_scores(searcher, whoosh_query(boost))
            assert every.keys() == theirs.keys(), (q, boost)
            for docnum, score in mine.items():
                assert score == pytest.approx(theirs[docnum], rel=1e-6), (q, boost, docnum)
                total[docnum] += score
        best, matched = searcher._postings.search(core, boosts, 10)
        assert matched.tolist() == sorted(fast.keys())
        expected = sorted(total.items(), key=lambda item: (-item[1], item[0]))[:10]
        assert [(d, pytest.approx(s)) for s, d in best] == expected, q
        # each score times its entry's prior, as Whoosh's final step gives it (phrases)
        weighed, _ = searcher._postings.search(core, [], 10, None, searcher._priors)
        theirs = whoosh_scores(searcher, whoosh_query(core), priors=True)
        top = sorted(theirs.items(), key=lambda item: (-item[1], item[0]))[:10]
        assert [(d, pytest.approx(s)) for s, d in weighed] == top, q


@pytest.mark.parametrize(("lang", "q"), [*CASES, *MORE], ids=lambda v: str(v))
@pytest.mark.parametrize("need", [1, 2, 3])
def test_some_of_the_words_as_whoosh_any_with_coordination(
    searcher: Searcher, lang: str, q: str, need: int
) -> None:
    """``some`` (at least ``need`` of the words) matches what Whoosh's OR matches
    that has ``need`` of them, each scored as OR scores it × the share it has."""
    vocab = searcher._vocab.get(lang, Vocabulary({}))
    words: list[Node | Word] = list(compile_query(parse_query(q), lang, vocab).words)
    if not words:
        return
    fast = as_dict(searcher._postings.match(Node("some", tuple(words), need)))
    each = [whoosh_scores(searcher, whoosh_query(w)) for w in words]
    union: dict[int, float] = {}
    for part in each:
        for docnum, score in part.items():
            union[docnum] = union.get(docnum, 0.0) + score
    share = {d: sum(d in part for part in each) / len(words) for d in union}
    expected = {
        d: s * share[d] ** COORDINATION for d, s in union.items() if share[d] * len(words) >= need
    }
    assert fast.keys() == expected.keys(), (q, need)
    for docnum, score in expected.items():
        assert fast[docnum] == pytest.approx(score, rel=1e-6), (q, docnum)


def test_deleted_entries_are_not_matched(tmp_path_factory: pytest.TempPathFactory) -> None:
    """An incremental build deletes a changed document's old entry: it must not match."""
    import shutil

    from service.pipeline.run import run as ingest
    from tests.conftest import CONTENT

    root = tmp_path_factory.mktemp("deleted")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    settings = Settings(content=content, index=root / "index")
    ingest(settings, jobs=1)
    article = next((content / "en").rglob("*.md"))
    article.write_text(article.read_text().replace("idempotent", "zebraword"))
    assert ingest(settings, jobs=1).reindexed == 1
    build = builds.current_build(settings.index)
    assert build is not None
    catalog = Catalog.open(build)
    try:
        searcher = searcher_of(catalog)
        assert searcher._searcher.reader().has_deletions()
        for word in ("idempotent", "zebraword"):
            core = Node("all", (Word("text_en", word),))
            fast = as_dict(searcher._postings.match(core))
            assert fast.keys() == whoosh_scores(searcher, whoosh_query(core)).keys(), word
        assert searcher.search("zebraword", "en", 10).total == 1
    finally:
        catalog.close()


def test_field_lengths_read_at_once_are_whooshs(searcher: Searcher) -> None:
    """``internals.field_lengths`` (a segment's length column read as one run of bytes)
    gives what Whoosh's ``doc_field_length`` gives each document, for every field."""
    reader = searcher._searcher.reader()
    leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
    for leaf, _offset in leaves:
        for name in searcher.ix.schema.names():
            whoosh = [leaf.doc_field_length(n, name, 0) or 0 for n in range(leaf.doc_count_all())]
            assert field_lengths(leaf, name) == whoosh, name
            if searcher.ix.schema[name].scorable:
                assert any(whoosh), name  # a real column was read


def test_column_values_read_at_once_are_whooshs(searcher: Searcher) -> None:
    """``internals.column_values`` (a column's bytes read in one piece) gives what the
    column reader gives each document: the keys and the priors a searcher reads."""
    reader = searcher._searcher.reader()
    leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
    for leaf, _offset in leaves:
        for name in ("key", "prior"):
            column = leaf.column_reader(name)
            whoosh = [column[n] for n in range(leaf.doc_count_all())]
            assert column_values(leaf, name) == whoosh, name
            assert whoosh and all(v is not None for v in whoosh)


def test_quotes_read_from_the_map_are_whooshs(searcher: Searcher) -> None:
    """``internals.ColumnBytes`` (each value a slice of the segment's map) gives every
    document's quote as Whoosh's column reader gives it."""
    reader = searcher._searcher.reader()
    ours = ColumnBytes(reader, "quote")
    assert any(isinstance(part, tuple) for part in ours._parts)  # read from the map
    whoosh = reader.column_reader("quote", translate=False)
    docs = reader.doc_count_all()
    assert [ours[n] for n in range(docs)] == [whoosh[n] for n in range(docs)]
    assert any(ours[n] for n in range(docs))
