"""``lingodocs check --baseline FILE``: the findings a docs CI already knows of.

A baseline is an earlier ``check``'s output, ``--format json`` (its
``findings``, each with its ``id``) or ``--format sarif`` (each result's
``partialFingerprints``). Finding ids are hashes of what a finding is about,
never of its wording (:func:`service.quality.findings.finding_id`), so the
same problem has the same id in the next run: a run with a baseline lists, and
fails on, only the findings whose id is not in it. A file that cannot be read,
is not JSON or is neither shape is an error that names it (the command exits 2,
as for unusable content): a CI must never pass because its baseline was lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FINGERPRINT = "findingId/v1"  # the SARIF partialFingerprints key of a finding's id


class BaselineError(Exception):
    """The baseline file cannot be used (the message names it and says why)."""


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str
    ids: frozenset[str]

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.path, "known": len(self.ids)}


def read(path: Path) -> Baseline:
    """The finding ids of ``path``; raises :class:`BaselineError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise BaselineError(f"cannot read baseline {path}: {why}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc.msg} at line {exc.lineno}") from exc
    return Baseline(str(path), frozenset(_ids(data, path)))


def _ids(data: Any, path: Path) -> list[str]:
    if isinstance(data, dict) and isinstance(data.get("findings"), list):
        return [
            _id(f.get("id") if isinstance(f, dict) else None, path, f"findings[{n}].id")
            for n, f in enumerate(data["findings"])
        ]
    if isinstance(data, dict) and isinstance(data.get("runs"), list):
        found = []
        for r, run in enumerate(data["runs"]):
            results = run.get("results", []) if isinstance(run, dict) else None
            if not isinstance(results, list):
                raise BaselineError(f"baseline {path}: runs[{r}].results is not a list")
            for n, result in enumerate(results):
                prints = result.get("partialFingerprints") if isinstance(result, dict) else None
                value = prints.get(FINGERPRINT) if isinstance(prints, dict) else None
                where = f"runs[{r}].results[{n}].partialFingerprints.{FINGERPRINT}"
                found.append(_id(value, path, where))
        return found
    raise BaselineError(
        f"baseline {path} is neither `lingodocs check --format json` output (no "
        "'findings' list) nor SARIF (no 'runs' list)"
    )


def _id(value: Any, path: Path, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise BaselineError(f"baseline {path}: {where} is not a finding id")
    return value
