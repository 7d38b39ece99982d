"""``lingodocs check --format sarif | github``: findings where a docs CI shows them.

**SARIF 2.1.0** (OASIS; what GitHub code scanning and most CI dashboards read):
one ``run``; its ``tool.driver`` has one rule per kind of finding in the
report (read from it: new kinds come with new checks); each result has its
``ruleId``, a ``level`` from the severity (fact → error, missing → warning,
stale and cosmetic → note), the message with the quotes of both texts, the
translation's file relative to the content directory (``--content``, the
``CONTENT`` base; the source's file for a missing translation) with its
line where the records have one, and the finding's id as its
``partialFingerprints`` (what ``--baseline`` and code scanning match results
by, run after run). Built as plain dicts: the format is a few keys, and a test
holds the output to the official schema.

**GitHub Actions workflow commands**: one ``::error file=…,line=…,title=…::message``
line per finding (``warning`` and ``notice`` for the lesser levels), escaped as
GitHub's own toolkit escapes them; the runner shows each on the pull request.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from service.quality.findings import Finding

from .baseline import FINGERPRINT
from .check import Checked

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"fact": "error", "missing": "warning", "stale": "note", "cosmetic": "note"}
GITHUB = {"error": "error", "warning": "warning", "note": "notice"}
BASE = "CONTENT"  # the uriBaseId of every file: the content directory


def level(f: Finding) -> str:
    return LEVELS.get(f.severity, "note")


def file_of(checked: Checked, f: Finding) -> str:
    """The finding's file relative to the content directory (``nl-NL/help/…``): the
    translation's, else the source's (a missing translation has no file of its own)."""
    source = checked.report.source_locale
    where = checked.wheres.get((f.locale, f.path)) or checked.wheres.get((source, f.path))
    return where or f"{f.locale}/{f.path}"


def message(checked: Checked, f: Finding) -> str:
    """The finding's message, then what each text says."""
    lines = [f.message]
    if f.source:
        lines.append(f"{checked.report.source_locale}: “{f.source}”")
    if f.translation:
        lines.append(f"{f.locale}: “{f.translation}”")
    return "\n".join(lines)


def as_sarif(checked: Checked, findings: list[Finding], content: Path) -> str:
    kinds = sorted({f.kind for f in checked.report.findings} | {f.kind for f in findings})
    index = {kind: n for n, kind in enumerate(kinds)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "lingodocs",
                "version": _version(),
                "rules": [
                    {
                        "id": kind,
                        "name": kind,
                        "shortDescription": {"text": f"Translation quality: {kind}"},
                    }
                    for kind in kinds
                ],
            }
        },
        "originalUriBaseIds": {BASE: {"uri": content.resolve().as_uri() + "/"}},
        "results": [_result(checked, f, index[f.kind]) for f in findings],
        "properties": {"history_source": checked.report.history_source},
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _result(checked: Checked, f: Finding, rule: int) -> dict[str, Any]:
    location: dict[str, Any] = {
        "artifactLocation": {"uri": quote(file_of(checked, f)), "uriBaseId": BASE}
    }
    line = checked.lines.get(f.id)
    if line is not None:
        location["region"] = {"startLine": line}
    properties: dict[str, Any] = {"severity": f.severity, "locale": f.locale}
    properties |= {"article": f.article, "field": f.field, "method": f.method}
    properties["outdated"] = f.outdated
    return {
        "ruleId": f.kind,
        "ruleIndex": rule,
        "level": level(f),
        "message": {"text": message(checked, f)},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT: f.id},
        "properties": properties,
    }


def _version() -> str:
    try:
        return metadata.version("lingodocs")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "0"


def as_github(checked: Checked, findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        props = {"file": file_of(checked, f)}
        if f.id in checked.lines:
            props["line"] = str(checked.lines[f.id])
        what = " ".join(x for x in (f.method, f.kind) if x)
        props["title"] = f"{f.severity} {what} ({f.locale}) [{f.id}]"
        given = ",".join(f"{k}={_property(v)}" for k, v in props.items())
        lines.append(f"::{GITHUB[level(f)]} {given}::{_data(message(checked, f))}")
    return "\n".join(lines)


def _data(text: str) -> str:
    """A workflow command's message, escaped as @actions/core's ``escapeData``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property, escaped as @actions/core's ``escapeProperty``."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
