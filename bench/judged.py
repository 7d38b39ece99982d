"""Quality measured on judged sets: search relevance, and the translation check's findings.

`python -m bench.judged [--lingodocs CMD] [--corpus DIR]` (or `make judged`) measures
one build of the service, through its command line and HTTP API only, so the same
harness measures any earlier commit (give that checkout's `.venv/bin/lingodocs`):

* **search**: recall@3 and MRR (of the expected article within the first 10 hits)
  per language and kind, on two judged sets: `tests/data/search_cases.tsv` (the
  cases the tests hold; ranking was tuned with them in sight) and
  `bench/judged/search_heldout.tsv` (questions, tasks, keywords and typos judged by
  reading the corpus, never looked at while tuning);
* **quality**: precision on `bench/judged/quality_judged.tsv` (a seeded sample of
  the check's findings on the corpus, each judged true or false by reading the
  source and the translation) and recall on `bench/judged/quality_injected.tsv`
  (errors written into translations on purpose, each in an article of its own:
  found when a finding of that kind on that translation appears that the
  untouched corpus does not have).

Prints markdown tables and writes `--out` (JSON). Nothing is tuned here.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.config import ROOT

JUDGED = ROOT / "bench" / "judged"
SETS = {
    "tuned": ROOT / "tests" / "data" / "search_cases.tsv",
    "held-out": JUDGED / "search_heldout.tsv",
}
FOLDERS = {"fr-FR": "fr", "nl-NL": "nl", "sv-SE": "sv", "en": "en"}
DEPTH = 10  # hits looked at for MRR
CORPUS = ROOT.parent / "shared" / "corpus" / "workfront-fusion"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=900, **kwargs)


def ingest(lingodocs: str, corpus: Path, index: Path) -> None:
    """The corpus ingested (with its source history) by that build of the service."""
    history = corpus / "en-history.tsv"
    run(
        [
            lingodocs,
            "ingest",
            "--content",
            str(corpus),
            "--index",
            str(index),
            "--history",
            str(history),
        ]
    )


# --- search --------------------------------------------------------------------------------


def serve(lingodocs: str, index: Path, corpus: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [lingodocs, "serve", "--index", str(index), "--content", str(corpus), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("the server did not become ready")


def rank_of(conn: http.client.HTTPConnection, case: dict[str, str]) -> int | None:
    query = urllib.parse.urlencode({"q": case["query"], "lang": case["lang"], "limit": DEPTH})
    conn.request("GET", f"/api/v1/search?{query}")
    reply = conn.getresponse()
    body = json.loads(reply.read())
    assert reply.status == 200, (case, body)
    wanted = set(case["expected_path"].split("|"))
    paths = [hit["path"] for hit in body["hits"]]
    return next((n for n, path in enumerate(paths, 1) if path in wanted), None)


def relevance(lingodocs: str, index: Path, corpus: Path, port: int) -> dict[str, Any]:
    proc = serve(lingodocs, index, corpus, port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        out: dict[str, Any] = {}
        for name, path in SETS.items():
            if not path.is_file():
                continue
            ranks = defaultdict(list)
            for case in rows(path):
                rank = rank_of(conn, case)
                for key in (case["lang"], f"{case['lang']}/{case['kind']}", "all"):
                    ranks[key].append(rank)
            out[name] = {
                key: {
                    "n": len(found),
                    "recall@3": sum(1 for r in found if r is not None and r <= 3) / len(found),
                    "mrr": sum(1 / r for r in found if r is not None) / len(found),
                }
                for key, found in sorted(ranks.items())
            }
        return out
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


# --- quality -------------------------------------------------------------------------------


def check(lingodocs: str, corpus: Path, history: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [
            lingodocs,
            "check",
            "--content",
            str(corpus),
            "--history",
            str(history),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


def precision(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """Of the judged findings the check still reports, how many are true, per kind."""
    reported = {f["id"] for f in findings}
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows(JUDGED / "quality_judged.tsv"):
        where = "reported" if row["id"] in reported else "gone"
        for key in (row["kind"], "all"):
            per[key][f"{where}-{row['judgement']}"] += 1
    return {
        kind: {
            **counts,
            "precision": counts["reported-true"]
            / max(1, counts["reported-true"] + counts["reported-false"]),
        }
        for kind, counts in sorted(per.items())
    }


def recall(
    lingodocs: str, corpus: Path, history: Path, work: Path, base: list[dict[str, Any]]
) -> dict[str, Any]:
    """Of the injected errors, how many the check reports (a new finding of that kind there)."""
    copy = work / "injected"
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns(".git", "*.bundle"))
    injected = rows(JUDGED / "quality_injected.tsv")
    for row in injected:
        target = copy / row["locale_folder"] / row["path"]
        text = target.read_text(encoding="utf-8")
        assert text.count(row["find"]) == 1, (row["path"], row["find"])
        target.write_text(text.replace(row["find"], row["replace"]), encoding="utf-8")
    before = {f["id"] for f in base}
    new = [f for f in check(lingodocs, copy, history) if f["id"] not in before]
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in injected:
        locale = FOLDERS[row["locale_folder"]]
        found = any(
            f["kind"] == row["kind"] and f["locale"] == locale and f["path"] == row["path"]
            for f in new
        )
        for key in (f"{locale}/{row['kind']}", row["kind"], "all"):
            per[key]["injected"] += 1
            per[key]["found"] += found
    return {
        key: {**counts, "recall": counts["found"] / counts["injected"]}
        for key, counts in sorted(per.items())
    }


# --- report --------------------------------------------------------------------------------


def tables(result: dict[str, Any]) -> str:
    lines = ["| set | lang/kind | n | recall@3 | MRR |", "| --- | --- | --- | --- | --- |"]
    for name, per in result.get("search", {}).items():
        for key, v in per.items():
            lines.append(f"| {name} | {key} | {v['n']} | {v['recall@3']:.2f} | {v['mrr']:.3f} |")
    lines += [
        "",
        "| kind | reported: judged true / false | gone: judged true / false | precision |",
        "| --- | --- | --- | --- |",
    ]
    for kind, v in result.get("precision", {}).items():
        lines.append(
            f"| {kind} | {v.get('reported-true', 0)} / {v.get('reported-false', 0)} | "
            f"{v.get('gone-true', 0)} / {v.get('gone-false', 0)} | {v['precision']:.2f} |"
        )
    lines += ["", "| injected | found / injected | recall |", "| --- | --- | --- |"]
    for key, v in result.get("recall", {}).items():
        lines.append(f"| {key} | {v['found']} / {v['injected']} | {v['recall']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.judged", description=__doc__)
    parser.add_argument("--lingodocs", default=str(ROOT / ".venv" / "bin" / "lingodocs"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--port", type=int, default=18123)
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    history = args.corpus / "en-history.tsv"
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="lingodocs-judged-"))
    try:
        index = work / "index"
        ingest(args.lingodocs, args.corpus, index)
        result: dict[str, Any] = {"lingodocs": args.lingodocs}
        result["search"] = relevance(args.lingodocs, index, args.corpus, args.port)
        base = check(args.lingodocs, args.corpus, history)
        result["findings"] = len(base)
        result["precision"] = precision(base)
        result["recall"] = recall(args.lingodocs, args.corpus, history, work, base)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(tables(result))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
