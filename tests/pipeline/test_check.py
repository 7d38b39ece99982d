"""``lingodocs check``: the quality report for doc writers and their CI, with no index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import main
from service.pipeline import check
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CONTENT, CORPUS, HISTORY, LEGACY_PATH, ROOT, needs_corpus


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", "--content", str(CONTENT), "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys)
    assert status == 0  # no --fail-on: a report, never a failure
    expected = check.collect(Settings(content=CONTENT), jobs=1).report.findings
    for f in expected:
        assert f"[{f.id}]" in out and f.message[:40] in out
    assert "FACT     nl" in out and "STALE    fr" in out
    assert "epidemisch" in out and "niet dekkend" in out
    assert "no history (freshness unknown)" in out
    assert out.rstrip().endswith("3 findings: 2 fact, 0 missing, 1 stale, 0 cosmetic")


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--fail-on", "fact"], 1),
        (["--fail-on", "cosmetic"], 1),
        (["--fail-on", "fact", "--locale", "sv"], 0),
        (["--fail-on", "fact", "--locale", "fr"], 0),
        (["--fail-on", "stale", "--locale", "fr"], 1),
        (["--fail-on", "missing", "--locale", "fr"], 0),
        (["--fail-on", "stale", "--severity", "fact", "--locale", "fr"], 1),  # listed or not
    ],
)
def test_exit_status_for_ci(
    capsys: pytest.CaptureFixture[str], args: list[str], status: int
) -> None:
    assert run(capsys, *args)[0] == status


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "--format", "json")
    assert status == 0
    data = json.loads(out)
    report = check.collect(Settings(content=CONTENT), jobs=1).report
    assert [f["id"] for f in data["findings"]] == [f.id for f in report.findings]
    assert data["locales"] == report.as_dict()["locales"]
    assert data["documents"] == 5 and data["history"] is False
    # the legacy French article links to one the content does not have
    assert data["problems"] == [
        f"fr/{LEGACY_PATH}:59: link to a missing article "
        "help/quicksilver/workfront-fusion/get-started/license-automation-vs-integration.md"
    ]


def test_severity_and_locale_narrow_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    _status, out, _err = run(capsys, "--format", "json", "--severity", "fact")
    assert {f["severity"] for f in json.loads(out)["findings"]} == {"fact"}
    _status, out, _err = run(capsys, "--format", "json", "--locale", "fr")
    assert [f["kind"] for f in json.loads(out)["findings"]] == ["orphan"]
    _status, out, _err = run(capsys, "--severity", "fact")
    assert "STALE" not in out and out.count("FACT     nl") == 2


def test_history_flag(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tsv = tmp_path / "history.tsv"
    tsv.write_text(
        f"{ARTICLE_PATH}\t77ec3c007ce7c49ff760145fafcd7f62b273a18f\t2024-12-17T20:17:01"
        f"-08:00\n{ARTICLE_PATH}\t219b9dbf3a7e4be1676b21bc3d3752d70d743b13\t2026-05-13T01:"
        "31:16+00:00\n",
        encoding="utf-8",
    )
    status, out, _err = run(
        capsys, "--history", str(tsv), "--format", "json", "--fail-on", "stale", "--locale", "sv"
    )
    data = json.loads(out)
    assert status == 1 and data["history"] is True
    assert [(f["kind"], f["outdated"]) for f in data["findings"]] == [("outdated", True)]


def test_unusable_content(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status = main(["check", "--content", str(tmp_path / "nowhere")])
    _out, err = capsys.readouterr()
    assert status == 2 and "does not exist" in err


def test_bad_severity_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--fail-on", "worst"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("cache", [None, "off"])
def test_writes_no_index(tmp_path: Path, cache: str | None) -> None:
    env = {**os.environ, "LINGODOCS_INDEX": str(tmp_path / "index")}
    env.pop("LINGODOCS_CHECK_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "check", "--content", str(CONTENT)]
        + (["--cache", cache] if cache else []),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # not even an index folder: only its parse cache, as linters keep theirs, unless off
    written = [p.name for p in tmp_path.iterdir()]
    assert written == ([] if cache == "off" else [".lingodocs-cache"])


@needs_corpus()
@pytest.mark.timeout(600)  # a hang guard: the whole corpus, cold, on a busy machine
def test_whole_corpus(tmp_path: Path) -> None:
    # how long it takes is the benchmarks' to say (bench: check), not a test's
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "check",
            "--content",
            str(CORPUS),
            "--history",
            str(HISTORY),
            "--format",
            "json",
            "--fail-on",
            "fact",
            "--cache",
            str(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr[-2000:]  # the corpus has fact errors
    data = json.loads(done.stdout)
    # 1,672 articles: the four TOC.md are the guides' navigation, not documents
    assert sorted(data["locales"]) == ["fr", "nl", "sv"] and data["documents"] == 1672
    assert {f["severity"] for f in data["findings"]} == {"fact", "missing", "stale", "cosmetic"}


def test_a_reader_that_leaves_early_ends_the_check_quietly(tmp_path: Path) -> None:
    """`lingodocs check | head -1`: the reader is gone when the report is written; the
    check stops with the shell's SIGPIPE status, and no traceback on stderr."""
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "service.cli", "check", "--content", str(CONTENT)),
            *("--cache", "off", "--format", "json"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # gone before the check has read the content
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
