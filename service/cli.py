"""``lingodocs``: ingest, serve, search (and check) from a terminal.

Every setting is a flag and an environment variable, declared once in
:mod:`service.settings`; flags win over the environment.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service.index import builds
from service.index.builds.version import servable
from service.quality.findings import SEVERITIES
from service.settings import SETTINGS, Settings


def _add_settings(parser: argparse.ArgumentParser, names: Sequence[str]) -> None:
    for setting in SETTINGS:
        if setting.flag and setting.name in names:
            switch = {"action": "store_const", "const": True}  # on/off: the flag turns it on
            parser.add_argument(
                setting.flag,
                dest=setting.name,
                default=None,
                help=f"{_plain(setting.help)} [env {setting.env}, default {setting.default}]",
                **(switch if setting.default is False else {"type": setting.parse}),
            )


DESCRIPTION = (
    "Ingest, serve, search and check multilingual documentation from a terminal. Every "
    "setting is a flag and an environment variable (LINGODOCS_...); flags win over the "
    "environment."
)
EPILOG = (
    "Run 'lingodocs COMMAND --help' for a command's flags. The API, the settings and "
    "deployment: README.md; the quality check: docs/quality.md."
)


def _plain(text: str) -> str:
    """Help text as a terminal shows it: without the docs' markup (``code``, :mod:`x`)."""
    return re.sub(r":[a-z]+:`([^`]*)`", r"\1", text).replace("``", "").replace("`", "")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lingodocs", description=DESCRIPTION, epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="Build the index from the content directory.")
    _add_settings(p, ("content", "index", "history"))
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="Processes that parse Markdown and index it (default: the number of cores, max 4).",
    )
    p.add_argument("--json", action="store_true", help="Print the summary and problems as JSON.")

    p = sub.add_parser(
        "serve", help="Serve the JSON API and the pages (builds the index first if there is none)."
    )
    _add_settings(p, ("content", "index", "host", "port", "workers", "watch", "history"))

    p = sub.add_parser(
        "check",
        help="Report translation quality (freshness, fact "
        "consistency) of the content directory; no index needed.",
    )
    _add_settings(p, ("content", "history", "check_cache"))
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="text for people, json, sarif (SARIF 2.1.0) or github (Actions annotations).",
    )
    p.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="FILE",
        help="An earlier check's json or sarif output: list, and fail on, only new findings.",
    )
    p.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default=None,
        metavar="SEVERITY",
        help=f"Exit 1 when a finding is this severe or worse ({', '.join(SEVERITIES)}, "
        "worst first).",
    )
    p.add_argument(
        "--severity",
        choices=SEVERITIES,
        default=SEVERITIES[-1],
        help="List findings this severe or worse (default: all).",
    )
    p.add_argument(
        "--locale", action="append", default=None, help="Only this translation locale (repeatable)."
    )
    p.add_argument("--jobs", type=int, default=None, help="Processes that parse Markdown.")

    p = sub.add_parser("search", help="Search the index from a terminal.")
    _add_settings(p, ("index",))
    p.add_argument("query")
    p.add_argument("--lang", default=None, help="Language to search (default: the default locale).")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="Print the API's JSON.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {s.name: getattr(args, s.name, None) for s in SETTINGS}
    try:
        settings = Settings.from_env(**overrides)
    except ValueError as exc:
        print(f"lingodocs: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(message)s")
    try:
        if args.command == "ingest":
            return run_ingest(settings, args.jobs, args.json)
        command: Any = {"serve": cmd_serve, "search": cmd_search, "check": cmd_check}
        return int(command[args.command](settings, args))
    except BrokenPipeError:
        # The reader of stdout left (`lingodocs check | head`): stop quietly, as the
        # signal module's documentation advises, instead of a traceback per write.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # what a shell reports for a command ended by SIGPIPE (128 + 13)


def run_ingest(settings: Settings, jobs: int | None = None, as_json: bool = False) -> int:
    # The pipeline's modules are imported by the commands that run it: `serve` starts
    # without them (a third of its import time) unless it has to build an index first.
    from service.ingest.sources import ContentError
    from service.pipeline import plan, run

    def notice(message: str) -> None:
        print(f"lingodocs ingest: {message}", file=sys.stderr, flush=True)

    try:
        summary = run.run(settings, jobs=jobs, progress=plan.terminal_progress(), notice=notice)
    except (ContentError, builds.BuildError) as exc:
        print(f"lingodocs ingest: {exc}", file=sys.stderr)
        return 2
    for problem in summary.problems:
        print(f"{problem}", file=sys.stderr)
    if as_json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary.line())
    if summary.docs == 0:
        print(
            f"lingodocs ingest: no document could be ingested; {summary.previous}",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    if settings.watch or not servable(settings.index):  # --watch: the edits made meanwhile
        if not settings.watch:
            where = f"{settings.index}: building it from {settings.content}"
            print(f"no index of this version in {where}", file=sys.stderr)
        status = run_ingest(settings)
        if status != 0:
            return status
    shared = None
    if settings.workers > 1 and settings.metrics_dir is None:  # workers add up their metrics
        shared = tempfile.mkdtemp(prefix="lingodocs-metrics-")
        settings = settings.with_(metrics_dir=Path(shared))
    try:
        return _serve(settings)
    finally:
        if shared is not None:
            shutil.rmtree(shared, ignore_errors=True)


def _serve(settings: Settings) -> int:
    if settings.metrics_dir is not None:
        # prometheus_client reads its directory once, when it is imported: before the web
        # layer is (here, and in each worker process, which starts anew).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(settings.metrics_dir)
    for setting in SETTINGS:  # workers are new processes: they read the environment
        value = getattr(settings, setting.name)
        if value is not None:
            os.environ[setting.env] = ",".join(value) if isinstance(value, tuple) else str(value)
    from service.web import serving  # serving only: the other commands start without uvicorn
    from service.web.observe import clear_shared

    if settings.metrics_dir is not None:
        clear_shared(settings.metrics_dir)  # an earlier run's figures are not this run's
    return serving.serve(settings)


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    from service.ingest.sources import ContentError
    from service.pipeline import baseline, check, ci, plan

    try:  # the baseline first: a CI learns it is unusable before the content is parsed
        known = baseline.read(args.baseline) if args.baseline is not None else None
        checked = check.collect(settings, args.jobs, plan.terminal_progress())
    except (ContentError, builds.WorkerError, baseline.BaselineError) as exc:
        print(f"lingodocs check: {exc}", file=sys.stderr)
        return check.EXIT_UNUSABLE
    for problem in checked.problems:
        print(f"{problem}", file=sys.stderr)
    for notice in checked.notices:
        print(f"lingodocs check: {notice}", file=sys.stderr)
    ids = known.ids if known is not None else None
    scope = check.selected(checked.report, args.locale, SEVERITIES[-1], ids)
    shown = check.selected(checked.report, args.locale, args.severity, ids)
    if args.format == "sarif":
        print(ci.as_sarif(checked, shown, settings.content))
    elif args.format == "github":
        print(ci.as_github(checked, shown))
    elif args.format == "json":
        print(check.as_json(checked, shown, known))
    else:
        print(check.as_text(checked, shown, str(settings.content), known))
    return check.exit_status(scope, args.fail_on)


def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    from service.i18n.locales import Choice, lang_param
    from service.index.catalog import Catalog
    from service.web.api.search import search_json
    from service.web.errors import ServiceError

    build = builds.current_build(settings.index)
    if build is None:
        print(
            f"lingodocs search: no index in {settings.index}; run `lingodocs ingest`",
            file=sys.stderr,
        )
        return 2
    try:
        catalog = Catalog.open(build)
    except builds.BuildError as exc:  # damaged: `lingodocs ingest` rebuilds it
        print(f"lingodocs search: {exc}; run `lingodocs ingest`", file=sys.stderr)
        return 2
    lang = args.lang or settings.default_locale
    code = lang_param(lang, catalog.locales)
    if code is None:
        print(
            f"lingodocs search: no language '{lang}'; available: {', '.join(catalog.locales)}",
            file=sys.stderr,
        )
        return 2
    try:
        result = search_json(
            catalog, args.query, Choice(code, code, False), max(1, min(args.limit, 100)), 0
        )
    except ServiceError as exc:  # an invalid query: say what is wrong
        print(f"lingodocs search: {exc.detail}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    _print_hits(result)
    return 0


def _print_hits(result: dict[str, Any]) -> None:
    print(f"{result['total']} results for {result['query']!r} ({result['locale']})")
    if result["suggestion"]:
        print(f"Did you mean: {result['suggestion']}")
    for n, hit in enumerate(result["hits"], 1):
        other = f" [{hit['locale']}]" if hit["locale"] != result["locale"] else ""
        print(f"\n{n}. {hit['title']}{other}\n   {hit['url']}")
        snippet = html.unescape(re.sub(r"</?mark>", "*", hit["snippet_html"]))  # only marks in it
        if snippet:
            print(f"   {snippet}")


if __name__ == "__main__":
    sys.exit(main())
