"""Freshness from git, end to end: ``lingodocs check``, ``/api/v1/quality``, the quality page
and the article's outdated notice, over a content folder whose ``en`` is a real checkout."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.cli import main
from service.pipeline.run import run as ingest
from service.quality.findings import finding_id
from service.settings import Settings
from service.web.quality_schemas import QualityOut
from tests.gitrepo import ARTICLE, BODY, EXL, FRONT, content, translation
from tests.quality.reports import assess, of


@pytest.mark.parametrize(
    ("front", "body", "severity", "what"),
    [
        (FRONT.replace("Widgets", "Gadgets\nTQID: 7"), BODY, None, None),  # metadata only
        (FRONT, BODY.replace("to save", "to store"), "cosmetic", "wording"),
        (FRONT, BODY.replace("50 items", "80 items"), "stale", "facts"),
    ],
)
def test_outdated_from_what_changed(
    tmp_path: Path, front: str, body: str, severity: str | None, what: str | None
) -> None:
    root, repo, first = content(tmp_path)
    repo.commit("change", {ARTICLE: front + body})
    report = assess(root)
    assert (report.history, report.history_source) == (True, "git")
    fresh = report.freshness["fr"]
    found = of(report, kind="outdated")
    if severity is None:
        assert (fresh.fresh, fresh.outdated, fresh.metadata_only, found) == (1, 0, 1, [])
        return
    [f] = found
    assert (fresh.fresh, fresh.outdated, fresh.metadata_only) == (0, 1, 0)
    assert (f.severity, f.outdated, f.translation_value) == (severity, True, first)
    assert f.diff is not None and (f.diff.behind, f.diff.change) == (1, what)
    [section] = f.diff.sections
    assert (section.heading, section.status) == (
        "Set up the widget" if what == "wording" else "Limits",
        "changed",
    )
    assert "[-" in section.diff and "<del>" in section.diff_html
    assert (
        f"1 change behind the source since the commit this translation was made from ({first[:7]}"
        in f.message
    )


@pytest.fixture(scope="module")
def git_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A content folder whose source changed twice since its translation, ingested."""
    root, repo, _first = content(tmp_path_factory.mktemp("git-content"))
    repo.commit("reword", {ARTICLE: FRONT + BODY.replace("to save", "to `<keep>`")})
    repo.commit(
        "limit", {ARTICLE: FRONT + BODY.replace("to save", "to `<keep>`").replace("50", "80")}
    )
    settings = Settings(content=root, index=tmp_path_factory.mktemp("git-index"), reload_interval=0)
    ingest(settings, jobs=1)
    return settings


def test_check_prints_the_changes(
    git_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", "--content", str(git_settings.content), "--fail-on", "stale"])
    out = capsys.readouterr().out
    assert status == 1
    assert "history from git" in out
    assert "2 changes behind the source" in out
    assert "§ Limits [changed; facts: numbers]" in out
    assert "[-50-] {+80+}" in out
    main(["check", "--content", str(git_settings.content), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    [f] = [f for f in data["findings"] if f["kind"] == "outdated"]
    assert data["history_source"] == "git" and f["diff"]["behind"] == 2


def test_an_outdated_translation_is_annotated_at_its_changed_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a pull request (``--format github``), at the heading of the translation's section
    whose source changed (the first of them it has, in the order of the text)."""
    root, repo, first = content(tmp_path)
    body = (
        "# Configurer le widget\n\nCliquez.\n\nEncore.\n\n## Limites\n\nUn widget a 50 éléments.\n"
    )
    (root / "fr" / ARTICLE).write_text(translation(first, body), encoding="utf-8")
    repo.commit("limit", {ARTICLE: FRONT + BODY.replace("50", "80")})
    main(["check", "--content", str(root), "--format", "github", "--cache", "off"])
    [annotation] = [a for a in capsys.readouterr().out.splitlines() if "outdated" in a]
    lines = (root / "fr" / ARTICLE).read_text(encoding="utf-8").splitlines()
    assert f"file=fr/{ARTICLE},line={lines.index('## Limites') + 1}," in annotation


def test_the_api_and_the_pages_show_the_changes(git_settings: Settings) -> None:
    outdated = finding_id("outdated", EXL, "fr", None, "source-commit")
    with TestClient(create_app(git_settings)) as client:
        body = client.get("/api/v1/quality", params={"kind": "outdated"}).json()
        QualityOut.model_validate(body)
        assert body["history_source"] == "git"
        [f] = body["locales"][0]["findings"]
        assert f["id"] == outdated and f["severity"] == "stale"
        sections = {s["heading"]: s for s in f["diff"]["sections"]}
        assert sections["Limits"]["change"] == "facts"
        assert sections["Set up the widget"]["what"] == ["code"]
        assert "<ins>&lt;keep&gt;</ins>" in sections["Set up the widget"]["diff_html"]

        page = client.get("/fr/quality", params={"of": "fr"}).text
        assert f'id="{outdated}"' in page
        assert "<del>50</del> <ins>80</ins>" in page
        assert "<keep>" not in page  # the source's words are escaped
        assert "2 modifications de retard sur l’original" in page

        article = client.get(f"/fr/docs/{EXL}").text
        [link] = re.findall(rf'href="(/fr/quality\?[^"#]*)#{outdated}"', article)
        assert "Voir ce qui a changé dans l’original" in article
        # the one notice says how far behind: machine-translated, 2 changes (then findings)
        [notice] = re.findall(r'<div class="notice ([^"]*)" role="note">', article)
        assert notice.split()[:2] == ["notice-machine", "notice-outdated"]
        assert (
            "L’original a changé depuis cette traduction\u00a0: elle a 2 modifications de "
            "retard et n’est peut-être plus à jour." in html.unescape(article)
        )
        # the link's page holds the finding (the report is paged: the link names the article)
        assert f'id="{outdated}"' in client.get(html.unescape(link)).text


def test_the_quality_page_folds_the_diffs(git_settings: Settings) -> None:
    """The changes are there, escaped, but folded: a page of many outdated findings opens
    as their list."""
    outdated = finding_id("outdated", EXL, "fr", None, "source-commit")
    with TestClient(create_app(git_settings)) as client:
        page = client.get("/fr/quality", params={"of": "fr", "kind": "outdated"}).text
    item = page[page.index(f'id="{outdated}"') :]
    item = item[: item.index("</li>\n", item.index("</ul>"))]
    assert item.count('<details class="source-diff">') == 1
    assert item.count("<details>") == 2  # one a changed section, none open
    assert not re.search(r"<details[^>]*\bopen", page)
    summary = item[item.index("<summary>") : item.index("</summary>")]
    assert "2 modifications de retard sur l’original" in summary
    assert "<del>50</del> <ins>80</ins>" in item


FAITHFUL = """# Configurer le widget

Cliquez sur le bouton pour enregistrer votre widget.

## Limites

Un widget contient 50 éléments. Voir [Autre](other.md).

* Ouvrez le panneau
* Appuyez sur [!UICONTROL Enregistrer]

>[!NOTE]
>
>Les widgets sont conservés 30 jours.
"""


@pytest.mark.parametrize(
    ("broken", "kinds"),
    [
        (FAITHFUL, []),
        # the label dropped in the section the source reworded since: its labels are the
        # same, so they are compared
        (FAITHFUL.replace("Appuyez sur [!UICONTROL Enregistrer]", "Appuyez"), ["labels"]),
    ],
)
def test_a_section_only_reworded_since_keeps_its_facts_compared(
    tmp_path: Path, broken: str, kinds: list[str]
) -> None:
    """The source rewords its section *Limits* (a negation added, its facts the same): the
    translation's negation is not compared there (the source's words changed), its
    labels, notes and items are."""
    root, repo, first = content(tmp_path)
    (root / "fr" / ARTICLE).write_text(translation(first, FAITHFUL), encoding="utf-8")
    reworded = BODY.replace("A widget holds 50 items.", "A widget holds no more than 50 items.")
    repo.commit("reword", {ARTICLE: FRONT + reworded})
    (root / "fr" / ARTICLE).write_text(translation(first, broken), encoding="utf-8")
    report = assess(root)
    [outdated] = of(report, kind="outdated")
    assert outdated.diff is not None and outdated.diff.change == "wording"
    assert [f.kind for f in report.findings if f.kind != "outdated"] == kinds
