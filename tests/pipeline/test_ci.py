"""``lingodocs check --format sarif | github`` and ``--baseline``: what a docs CI reads.

The SARIF output is held to OASIS's SARIF 2.1.0 schema (vendored in
``tests/data/sarif/``, its source in the README there), its files and lines to
the content's own files.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import jsonschema_rs
import pytest

from service.cli import build_parser, main
from service.ingest.fields import APPS
from service.pipeline import check
from service.pipeline.baseline import FINGERPRINT
from service.settings import Settings
from tests.conftest import APP_FIXTURES, ARTICLE_PATH, CONTENT, DATA, LEGACY_PATH, ROOT

SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ACME = f"{APPS}acme/acme-modules.md"
LEVELS = {"fact": "error", "missing": "warning", "stale": "note", "cosmetic": "note"}


@pytest.fixture(scope="module")
def apps_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``content/`` with the Acme app article in en, fr and nl: findings on field tables."""
    root = tmp_path_factory.mktemp("ci") / "content"
    shutil.copytree(CONTENT, root)
    for loc in ("en", "fr", "nl"):
        (root / loc / ACME).parent.mkdir(parents=True)
        shutil.copy(APP_FIXTURES / loc / "acme-modules.md", root / loc / ACME)
    return root


def run(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, str, str]:
    status = main(["check", "--content", str(content), "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return status, out, err


def line_of(content: Path, where: str, pattern: str) -> int:
    """The first line of ``content/where`` that has ``pattern``."""
    lines = (content / where).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if re.search(pattern, text))


def test_sarif_is_valid_and_says_where(
    capsys: pytest.CaptureFixture[str], apps_content: Path
) -> None:
    status, out, _err = run(capsys, apps_content, "--format", "sarif")
    assert status == 0
    log = json.loads(out)
    jsonschema_rs.validator_for(SCHEMA, validate_formats=True).validate(log)
    report = check.collect(Settings(content=apps_content), jobs=1).report
    [sarif] = log["runs"]
    rules = [rule["id"] for rule in sarif["tool"]["driver"]["rules"]]
    assert rules == sorted({f.kind for f in report.findings})  # one per kind, from the report
    results = sarif["results"]
    assert [r["partialFingerprints"][FINGERPRINT] for r in results] == [
        f.id for f in report.findings
    ]
    located = {}
    for result, f in zip(results, report.findings, strict=True):
        assert (result["ruleId"], rules[result["ruleIndex"]]) == (f.kind, f.kind)
        assert result["level"] == LEVELS[f.severity]
        assert result["message"]["text"].startswith(f.message)
        [where] = result["locations"]
        artifact = where["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "CONTENT"
        assert (apps_content / artifact["uri"]).is_file()
        located.setdefault(
            (f.kind, f.locale, f.method),
            (
                artifact["uri"],
                where["physicalLocation"].get("region", {}).get("startLine"),
            ),
        )
    base = sarif["originalUriBaseIds"]["CONTENT"]["uri"]
    assert base == apps_content.resolve().as_uri() + "/"
    nl = f"nl/{ARTICLE_PATH}"
    assert located["idempotency", "nl", "PATCH"] == (
        nl,
        line_of(apps_content, nl, r"\[!UICONTROL PATCH\]"),
    )
    assert located["orphan", "fr", None] == (f"fr/{LEGACY_PATH}", None)  # the whole file
    # a module's finding is at its heading; a missing translation at the source's file
    assert located["fields", "fr", None] == (
        f"fr/{ACME}",
        line_of(apps_content, f"fr/{ACME}", r"\{#create-a-record\}"),
    )
    assert located["missing-translation", "sv", None] == (f"en/{ACME}", None)


def test_github_annotations(capsys: pytest.CaptureFixture[str], apps_content: Path) -> None:
    status, out, _err = run(capsys, apps_content, "--format", "github", "--fail-on", "fact")
    assert status == 1
    report = check.collect(Settings(content=apps_content), jobs=1).report
    command = re.compile(
        r"::(error|warning|notice) file=([^,:%]+)(?:,line=(\d+))?,title=([^,:]+)::(.*)"
    )
    lines = out.splitlines()
    assert len(lines) == len(report.findings)
    for text, f in zip(lines, report.findings, strict=True):
        match = command.fullmatch(text)
        assert match, text
        level, where, line, title, message = match.groups()
        assert (
            level == {"error": "error", "warning": "warning", "note": "notice"}[LEVELS[f.severity]]
        )
        assert (apps_content / where).is_file() and f.id in title
        assert "\n" not in message and message.replace("%0A", "\n").startswith(f.message)
        if f.method:
            assert line is not None
    patch = next(t for t in lines if "PATCH idempotency" in t)
    line = line_of(apps_content, f"nl/{ARTICLE_PATH}", r"\[!UICONTROL PATCH\]")
    assert patch.startswith(f"::error file=nl/{ARTICLE_PATH},line={line},title=fact PATCH")


@pytest.mark.parametrize("kind", ["json", "sarif"])
def test_a_baseline_leaves_only_new_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    status, out, _err = run(capsys, CONTENT, "--format", kind)
    assert status == 0
    baseline = tmp_path / f"baseline.{kind}"
    baseline.write_text(out, encoding="utf-8")
    status, out, _err = run(capsys, CONTENT, "--baseline", str(baseline), "--fail-on", "cosmetic")
    assert status == 0  # nothing new
    assert f"baseline {baseline}: 3 findings known" in out
    assert out.rstrip().endswith(
        "0 new findings (not in the baseline): 0 fact, 0 missing, 0 stale, 0 cosmetic"
    )
    # the Dutch PUT finding is new (not in a baseline made before it)
    data = json.loads(baseline.read_text(encoding="utf-8"))
    put = next(
        f.id
        for f in check.collect(Settings(content=CONTENT), jobs=1).report.findings
        if f.method == "PUT"
    )
    if kind == "json":
        data["findings"] = [f for f in data["findings"] if f["id"] != put]
    else:
        results = data["runs"][0]["results"]
        data["runs"][0]["results"] = [
            r for r in results if r["partialFingerprints"][FINGERPRINT] != put
        ]
    baseline.write_text(json.dumps(data), encoding="utf-8")
    status, out, _err = run(
        capsys, CONTENT, "--baseline", str(baseline), "--fail-on", "fact", "--format", "json"
    )
    assert status == 1
    found = json.loads(out)
    assert [f["id"] for f in found["findings"]] == [put]
    assert found["baseline"] == {"file": str(baseline), "known": 2}
    assert (
        run(capsys, CONTENT, "--baseline", str(baseline), "--fail-on", "fact", "--locale", "fr")[0]
        == 0
    )
    status, out, _err = run(capsys, CONTENT, "--baseline", str(baseline), "--format", "sarif")
    assert [
        r["partialFingerprints"][FINGERPRINT] for r in json.loads(out)["runs"][0]["results"]
    ] == [put]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (None, "cannot read baseline {file}: No such file or directory"),
        (b"\xff\xfe", "cannot read baseline {file}: not UTF-8 text"),
        (b"", "baseline {file} is not JSON: Expecting value at line 1"),
        (b'{"findings": [', "baseline {file} is not JSON: "),
        (b"[]", "baseline {file} is neither `lingodocs check --format json` output"),
        (b'{"locales": {}}', "baseline {file} is neither"),
        (
            b'{"findings": [{"kind": "numbers"}]}',
            "baseline {file}: findings[0].id is not a finding id",
        ),
        (b'{"findings": ["q-1"]}', "baseline {file}: findings[0].id is not a finding id"),
        (b'{"runs": [{"results": {}}]}', "baseline {file}: runs[0].results is not a list"),
        (
            b'{"runs": [{"results": [{"ruleId": "x"}]}]}',
            "baseline {file}: runs[0].results[0].partialFingerprints.findingId/v1 is not a "
            "finding id",
        ),
    ],
)
def test_an_unusable_baseline_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: bytes | None, says: str
) -> None:
    file = tmp_path / "quality.json"
    if text is not None:
        file.write_bytes(text)
    status, out, err = run(capsys, CONTENT, "--baseline", str(file), "--fail-on", "fact")
    assert status == check.EXIT_UNUSABLE and out == ""
    assert err.startswith(f"lingodocs check: {says.format(file=file)}"), err


def test_a_baseline_directory_is_unreadable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _out, err = run(capsys, CONTENT, "--baseline", str(tmp_path))
    assert status == check.EXIT_UNUSABLE
    assert err.startswith(f"lingodocs check: cannot read baseline {tmp_path}: Is a directory")


def documented_checks() -> list[str]:
    """Every ``lingodocs check`` command of the README's and docs/quality.md's shell
    blocks (not their synopses), continuation lines joined."""
    found = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "quality.md"):
        for block in re.findall(r"```sh\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL):
            for line in block.replace("\\\n", " ").splitlines():
                line = line.strip()
                if line.startswith("lingodocs check") and "[" not in line:
                    found.append(line)
    return found


@pytest.mark.parametrize("line", documented_checks())
def test_the_documented_commands_are_ones_check_takes(line: str) -> None:
    words = shlex.split(line.split(" #")[0].split(" > ")[0])
    args = build_parser().parse_args(words[1:])
    assert args.command == "check"
    assert args.format in ("text", "json", "sarif", "github")


def test_the_docs_show_the_ci_formats() -> None:
    lines = " ".join(documented_checks())
    assert "--baseline" in lines and "--format sarif" in lines and "--format github" in lines


@pytest.mark.parametrize("heading", ["## Limieten {#limits}", "## Limieten"])
def test_a_section_finding_is_at_the_translation_s_heading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, heading: str
) -> None:
    """A number, negation or code finding names a section (the source's anchor): SARIF
    points at that section's heading in the translation, whatever its own anchor."""
    page = (
        "---\ntitle: {title}\ndescription: {title}\n---\n# {title}\n\n{intro}\n\n{h}\n\n{limit}\n"
    )
    (tmp_path / "en").mkdir()
    (tmp_path / "nl").mkdir()
    (tmp_path / "en" / "guide.md").write_text(
        page.format(
            title="Guide",
            intro="What a scenario may do.",
            h="## Limits {#limits}",
            limit="A scenario runs for 40 minutes, then stops.",
        ),
        encoding="utf-8",
    )
    (tmp_path / "nl" / "guide.md").write_text(
        page.format(
            title="Gids",
            intro="Wat een scenario mag doen.\n\nMeer over scenario's.",  # a line further down
            h=heading,
            limit="Een scenario loopt 45 minuten en stopt dan.",
        ),
        encoding="utf-8",
    )
    _status, out, _err = run(capsys, tmp_path, "--format", "sarif", "--cache", "off")
    [result] = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "numbers"]
    [where] = result["locations"]
    assert where["physicalLocation"]["artifactLocation"]["uri"] == "nl/guide.md"
    assert where["physicalLocation"]["region"]["startLine"] == line_of(
        tmp_path, "nl/guide.md", "^## "
    )
