"""The house's shape: imports flow one way down the stages, Whoosh's private calls
stay in one module, modules stay readable, and the README draws the tree as it is.

The import rules are import-linter contracts in ``pyproject.toml`` (``make test``
runs ``lint-imports`` too); here they are run, and shown to catch a planted
violation, so a contract that cannot fail is caught as well.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SERVICE = ROOT / "service"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
MAX_LINES = 300  # a module a person reads in one sitting
# Private names that are a module's public API all the same.
# lxml's element type is documented as lxml.etree._Element
PUBLIC_PRIVATES = {("os", "_exit"), ("etree", "_Element")}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the ``service`` package found first in ``cwd``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_import_contracts_hold() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("index/schema.py", "from service.web import deps", "a lower stage never imports"),
        ("ingest/parse.py", "from service.search import query", "a lower stage never imports"),
        ("web/pages/home.py", "from service.web.api import methods", "never each other"),
        ("web/deps.py", "import whoosh.query", "reach into Whoosh"),
        ("quality/facts.py", "import babel", "only at the edges"),
    ],
)
def test_a_broken_rule_is_caught(tmp_path: Path, module: str, planted: str, contract: str) -> None:
    shutil.copytree(SERVICE, tmp_path / "service", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "service" / module, "a", encoding="utf-8") as fh:
        fh.write(f"\n{planted}  # planted by the test\n")
    done = lint_imports(tmp_path)
    assert (
        f"{tmp_path}"
        in subprocess.run(  # the copy is the package analysed
            [sys.executable, "-c", "import service; print(service.__file__)"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert done.returncode != 0, done.stdout[-4000:]
    broken = [line for line in done.stdout.splitlines() if line.endswith("BROKEN")]
    assert len(broken) == 1 and contract in broken[0], done.stdout[-4000:]


def modules() -> list[Path]:
    return sorted(p for p in SERVICE.rglob("*.py") if "__pycache__" not in p.parts)


def test_whoosh_private_calls_are_in_one_module() -> None:
    """Outside ``index/internals.py`` (reading) and ``index/segments.py`` (writing) no code
    reads another object's private attribute."""
    found = []
    for path in modules():
        if path in (SERVICE / "index" / "internals.py", SERVICE / "index" / "segments.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            name, owner = node.attr, node.value
            if not name.startswith("_") or name.startswith("__"):
                continue
            if isinstance(owner, ast.Name) and (
                owner.id in ("self", "cls") or (owner.id, name) in PUBLIC_PRIVATES
            ):
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_modules_are_read_in_one_sitting() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_readme_draws_every_module() -> None:
    """The README's layout section names every package and module of ``service/``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    missing = [
        str(p.relative_to(ROOT))
        for p in modules()
        if p.name != "__init__.py" and f" {p.name}" not in layout
    ]
    missing += [
        str(d.relative_to(ROOT))
        for d in sorted(SERVICE.rglob("*"))
        if d.is_dir() and d.name != "__pycache__" and f" {d.name}/" not in layout
    ]
    assert missing == []
