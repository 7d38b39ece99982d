"""Translations compared in worker processes (:mod:`service.pipeline.comparing`): the same
findings as in one process, and a process that dies fails the report, never hangs it."""

from __future__ import annotations

import os
import shutil
from collections import Counter

import pytest

from service.index.builds import WorkerError
from service.ingest.join import Joined, join
from service.pipeline import comparing
from service.pipeline.parse import parse_files
from service.pipeline.plan import read_content
from service.quality import report as quality
from service.quality.glossary import Glossary
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CONTENT

EXL_ID = "481131c9-356a-4c62-a653-d6bba9be5be8"  # the seeds' translated article's


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> Joined:
    """The seeds, and the translated article again under a name (and an id) of its own:
    two articles to share."""
    root = tmp_path_factory.mktemp("two-articles")
    shutil.copytree(CONTENT, root, dirs_exist_ok=True)
    for one in root.glob(f"*/{ARTICLE_PATH}"):
        text = one.read_text(encoding="utf-8").replace(
            EXL_ID, "0c0a8f5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
        )
        one.with_name("http-request-methods-again.md").write_text(text, encoding="utf-8")
    content = read_content(Settings(content=root))
    docs = [p.document for p in parse_files(content.files, 1) if p.document is not None]
    return join(docs, "en", content.history, content.wheres)


def test_shares_are_even_and_whole(joined: Joined) -> None:
    shares = comparing.shares(joined, "en", 2)
    translated = [a for a, by in joined.articles.items() if "en" in by and len(by) > 1]
    assert len(shares) == 2
    assert sorted(a for share in shares for a in share) == sorted(translated)
    assert comparing.shares(joined, "en", 50) == [[a] for a in translated]  # no empty share


def test_processes_find_what_one_process_finds(joined: Joined) -> None:
    alone = quality.compare(joined, "en", {})
    assert alone  # the seeds' Dutch PUT is "epidemisch"
    shared = comparing._in_processes(comparing.shares(joined, "en", 2), joined, "en", {})
    assert set(shared.taught) == set(comparing.shares(joined, "en", 1)[0])  # every article's
    key = quality.Finding.sort_key
    assert [f.as_dict() for f in sorted(shared.findings, key=key)] == [
        f.as_dict() for f in sorted(alone, key=key)
    ]


def test_a_process_that_dies_fails_the_report(
    joined: Joined, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*_args: object) -> list[quality.Finding]:
        os._exit(3)  # as the OOM killer would, halfway through

    monkeypatch.setattr(quality, "second_pass", die)  # the forked processes inherit it
    with pytest.raises(WorkerError, match=r"comparing process lingodocs-compare-\d died.*3"):
        comparing._in_processes(comparing.shares(joined, "en", 2), joined, "en", {})


def test_an_error_in_a_process_is_reported(joined: Joined, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> quality.Learnt:
        raise ValueError("a rule broke")

    monkeypatch.setattr(quality, "first_pass_over", broken)
    with pytest.raises(WorkerError, match="ValueError: a rule broke"):
        comparing._in_processes(comparing.shares(joined, "en", 2), joined, "en", {})


def test_merged_glossaries_do_not_depend_on_the_order() -> None:
    """A label written two ways as often: the same usual form whichever share came first."""
    one, two = Glossary(), Glossary()
    one.seen["fr"]["Save"] = Counter({"Enregistrer": 4, "Sauvegarder": 1})
    two.seen["fr"]["Save"] = Counter({"Sauvegarder": 3})
    forms = []
    for first, second in ((one, two), (two, one)):
        merged = Glossary()
        merged.merge(first.counts())
        merged.merge(second.counts())
        forms.append((merged.usual_form("fr", "Save"), merged.usual("fr", "Save", "x")))
    assert forms[0] == forms[1] == ("Enregistrer", ("Enregistrer", 0.5, 8))


def test_few_translations_are_compared_here(joined: Joined) -> None:
    """Below PARALLEL_FROM translations, processes would cost more than they save: the
    comparer is ``compare`` itself (no process to die)."""
    assert sum(d.locale != "en" for d in joined.documents) < comparing.PARALLEL_FROM
    found = comparing.comparer(4)(joined, "en", {})
    assert [f.as_dict() for f in found] == [f.as_dict() for f in quality.compare(joined, "en", {})]
