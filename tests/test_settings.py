"""Settings are declared once; the environment and flags set them; the README lists them."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from service.cli import build_parser, main
from service.settings import SETTINGS, Settings
from tests.conftest import ROOT


def test_declarations_match_the_settings_class() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]
    defaults = Settings()
    for setting in SETTINGS:
        assert getattr(defaults, setting.name) == setting.default, setting.name
        assert setting.env.startswith("LINGODOCS_") and setting.help


def test_names_other_tools_rely_on() -> None:
    env = {s.name: s.env for s in SETTINGS}
    assert env["content"] == "LINGODOCS_CONTENT" and env["index"] == "LINGODOCS_INDEX"
    assert env["host"] == "LINGODOCS_HOST" and env["port"] == "LINGODOCS_PORT"
    assert env["default_locale"] == "LINGODOCS_DEFAULT_LOCALE"
    defaults = Settings()
    assert (
        defaults.content,
        defaults.index,
        defaults.host,
        defaults.port,
        defaults.default_locale,
    ) == (Path("content"), Path(".index"), "127.0.0.1", 8000, "en")


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.env for s in SETTINGS])
def test_readme_documents_every_setting(setting: object) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert setting.env in readme  # type: ignore[attr-defined]
    if setting.flag:  # type: ignore[attr-defined]
        assert setting.flag in readme  # type: ignore[attr-defined]


def test_environment_then_flags() -> None:
    env = {
        "LINGODOCS_PORT": "9001",
        "LINGODOCS_CONTENT": "/srv/docs",
        "LINGODOCS_CORS_ORIGINS": "https://a.example, https://b.example",
    }
    settings = Settings.from_env(env)
    assert settings.port == 9001 and settings.content == Path("/srv/docs")
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert Settings.from_env(env, port=9002).port == 9002


def test_bad_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="LINGODOCS_PORT='eighty'"):
        Settings.from_env({"LINGODOCS_PORT": "eighty"})


def test_cli_flags_come_from_the_declarations() -> None:
    args = build_parser().parse_args(["ingest", "--content", "c", "--index", "i"])
    assert (args.content, args.index) == (Path("c"), Path("i"))
    args = build_parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "2"]
    )
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 9000, 2)


@pytest.mark.parametrize("command", [[], ["ingest"], ["serve"], ["check"], ["search"]])
def test_cli_help_is_plain_text(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert "usage: lingodocs" in shown
    for markup in ("``", ":mod:", ":func:", "`"):
        assert markup not in shown, (command, markup)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("docs.example.com", "not an absolute http(s) URL"),
        ("ftp://docs.example.com", "not an absolute http(s) URL"),
        ("https://docs.example.com/?lang=en", "query or fragment"),
        ("https://docs.example.com/#top", "query or fragment"),
        ("https://docs example.com", "white space"),
    ],
)
def test_a_bad_public_url_is_refused_naming_it(value: str, why: str) -> None:
    with pytest.raises(ValueError, match=f"LINGODOCS_PUBLIC_URL=.*{re.escape(why)}"):
        Settings.from_env({"LINGODOCS_PUBLIC_URL": value})


def test_the_public_url_is_normalised_and_a_bad_one_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert Settings(public_url="https://Docs.example.com/help/").public_url == (
        "https://docs.example.com/help"
    )
    monkeypatch.setenv("LINGODOCS_PUBLIC_URL", "docs.example.com/help")
    assert main(["serve"]) == 2
    assert "LINGODOCS_PUBLIC_URL='docs.example.com/help'" in capsys.readouterr().err
