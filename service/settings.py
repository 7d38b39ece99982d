"""Settings, declared once: name, environment variable, default and help.

Every other module receives a :class:`Settings` instance; nothing else reads
the environment. The CLI turns each declaration into a flag, and a test checks
that the README documents every one of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def switch(value: str) -> bool:
    """An on/off setting: 1, true, yes, on; 0, false, no, off."""
    if (word := value.strip().lower()) not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise ValueError(f"{value!r} is neither on nor off (1, true, yes, on; 0, false, no, off)")
    return word in ("1", "true", "yes", "on")


def public_url(value: str) -> str:
    """An absolute http(s) URL with no query or fragment, without its trailing slash
    (``https://docs.example.com/help/`` → ``https://docs.example.com/help``)."""
    parts = urlsplit(value.strip())
    if any(c.isspace() for c in value.strip()):
        raise ValueError(f"{value!r} has white space; a URL has none")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"{value!r} is not an absolute http(s) URL (like https://docs.example.com)"
        )
    if parts.query or parts.fragment or value.rstrip().endswith(("?", "#")):
        raise ValueError(f"{value!r} has a query or fragment; give the site's base URL only")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    flag: str | None = None  # CLI flag, when the setting has one


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "content",
        "LINGODOCS_CONTENT",
        Path("content"),
        "Content directory: one folder per locale (BCP 47 tag) of Markdown docs.",
        Path,
        "--content",
    ),
    Setting(
        "index",
        "LINGODOCS_INDEX",
        Path(".index"),
        "Index directory written by `lingodocs ingest` and read by `serve`.",
        Path,
        "--index",
    ),
    Setting("host", "LINGODOCS_HOST", "127.0.0.1", "Address `serve` listens on.", str, "--host"),
    Setting("port", "LINGODOCS_PORT", 8000, "Port `serve` listens on.", int, "--port"),
    Setting(
        "workers",
        "LINGODOCS_WORKERS",
        1,
        "Worker processes for `serve`; they share the read-only index.",
        int,
        "--workers",
    ),
    Setting(
        "watch",
        "LINGODOCS_WATCH",
        False,
        "`serve` ingests each edit of the content at once; the open pages reload (one worker).",
        switch,
        "--watch",
    ),
    Setting(
        "max_connections",
        "LINGODOCS_MAX_CONNECTIONS",
        1000,
        "Connections a worker keeps open; over it, the longest idle one is closed for a new "
        "one, or the new one gets a 503 when none is idle (kept under the descriptor limit).",
        int,
    ),
    Setting(
        "header_timeout",
        "LINGODOCS_HEADER_TIMEOUT",
        10.0,
        "Seconds a client has to send a whole request head, from connecting or from its "
        "first byte after a response; then the connection is closed (408 if it began one).",
        float,
    ),
    Setting(
        "keepalive_timeout",
        "LINGODOCS_KEEPALIVE_TIMEOUT",
        5,
        "Seconds an idle keep-alive connection stays open after a response.",
        int,
    ),
    Setting(
        "log_buffer",
        "LINGODOCS_LOG_BUFFER",
        1048576,
        "Bytes of log lines a process keeps for a slow reader of its stdout (access log) "
        "or stderr; past it, lines are dropped and counted in /metrics.",
        int,
    ),
    Setting(
        "default_locale",
        "LINGODOCS_DEFAULT_LOCALE",
        "en",
        "Language served when the request names none the content has.",
    ),
    Setting(
        "source_locale",
        "LINGODOCS_SOURCE_LOCALE",
        "en",
        "Language the docs are written in; the others are translations of it.",
    ),
    Setting(
        "history",
        "LINGODOCS_HISTORY",
        None,
        "History file of source changes (path<TAB>commit<TAB>ISO date) for freshness.",
        Path,
        "--history",
    ),
    Setting(
        "cache_max_age",
        "LINGODOCS_CACHE_MAX_AGE",
        300,
        "Seconds a shared cache may keep a response (Cache-Control max-age).",
        int,
    ),
    Setting(
        "cors_origins",
        "LINGODOCS_CORS_ORIGINS",
        (),
        "Comma-separated origins allowed to call the API from a browser (default none).",
        _csv,
    ),
    Setting(
        "reload_interval",
        "LINGODOCS_RELOAD_INTERVAL",
        2.0,
        "Seconds between checks for a newly swapped index.",
        float,
    ),
    Setting("log_level", "LINGODOCS_LOG_LEVEL", "info", "Log level (debug, info, warning)."),
    Setting(
        "cache_mb",
        "LINGODOCS_CACHE_MB",
        64,
        "Megabytes a worker keeps of prepared responses, pages and searches per build "
        "(least recently used go first).",
        int,
    ),
    Setting(
        "compress_min_bytes",
        "LINGODOCS_COMPRESS_MIN_BYTES",
        1400,
        "Smallest HTML, JSON, CSS or JavaScript body sent gzip-compressed to a client that "
        "accepts gzip (a smaller one fits in one TCP segment as it is); 0 turns compression "
        "off, e.g. behind a proxy that compresses.",
        int,
    ),
    Setting(
        "work_threads",
        "LINGODOCS_WORK_THREADS",
        4,
        "Threads per worker that run searches and render pages, off the event loop.",
        int,
    ),
    Setting(
        "work_queue",
        "LINGODOCS_WORK_QUEUE",
        64,
        "Requests per worker that may wait for one of those threads; more are answered "
        "503 with Retry-After.",
        int,
    ),
    Setting(
        "work_budget",
        "LINGODOCS_WORK_BUDGET",
        2.0,
        "Seconds a search or page may take, waiting included, before it is answered 503 "
        "with Retry-After.",
        float,
    ),
    Setting(
        "check_cache",
        "LINGODOCS_CHECK_CACHE",
        Path(".lingodocs-cache"),
        "Directory where `check` keeps the files' parses, so that a check parses only "
        "what changed (`off`: none).",
        Path,
        "--cache",
    ),
    Setting(
        "public_url",
        "LINGODOCS_PUBLIC_URL",
        None,
        "The site's public base URL (https://docs.example.com): hreflang, canonical and "
        "sitemap URLs are absolute under it (default: hreflang and canonical relative, the "
        "sitemap's from the request).",
        public_url,
    ),
    Setting(
        "metrics_dir",
        "LINGODOCS_METRICS_DIR",
        None,
        "Directory where `serve --workers N` processes share their request metrics "
        "(default: a temporary directory made by `serve` when N > 1).",
        Path,
    ),
    Setting(
        "site_name",
        "LINGODOCS_SITE_NAME",
        None,
        "The site's name in every page's header and <title> (default: the guide's title in "
        "the page language's TOC.md, else the source language's, else Lingodocs).",
        str.strip,
    ),
)


@dataclass(frozen=True, slots=True)
class Settings:
    content: Path = Path("content")
    index: Path = Path(".index")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    watch: bool = False
    max_connections: int = 1000
    header_timeout: float = 10.0
    keepalive_timeout: int = 5
    log_buffer: int = 1048576
    default_locale: str = "en"
    source_locale: str = "en"
    history: Path | None = None
    cache_max_age: int = 300
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    reload_interval: float = 2.0
    log_level: str = "info"
    cache_mb: int = 64
    compress_min_bytes: int = 1400
    work_threads: int = 4
    work_queue: int = 64
    work_budget: float = 2.0
    check_cache: Path = Path(".lingodocs-cache")
    public_url: str | None = None
    metrics_dir: Path | None = None
    site_name: str | None = None

    def __post_init__(self) -> None:
        for name, low in (
            ("cache_mb", 0),
            ("compress_min_bytes", 0),
            ("work_threads", 1),
            ("work_queue", 0),
        ):
            if getattr(self, name) < low:
                raise ValueError(f"{name} must be at least {low}, not {getattr(self, name)}")
        if not self.work_budget > 0:
            raise ValueError(f"work_budget must be more than 0 seconds, not {self.work_budget}")
        if self.watch and self.workers > 1:  # one process ingests the edits
            raise ValueError(f"--watch serves with one worker, not --workers {self.workers}")
        if self.public_url is not None:
            object.__setattr__(self, "public_url", public_url(self.public_url))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then the environment, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env)
            if raw is not None and raw != "":
                try:
                    values[setting.name] = setting.parse(raw)
                except ValueError as exc:
                    raise ValueError(f"{setting.env}={raw!r}: {exc}") from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)
