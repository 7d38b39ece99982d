"""The index directory fails under the ingest: read-only, full, or a file size limit.

Each case runs ``lingodocs ingest`` as a real process against a real file
system condition: a tmpfs remounted read-only, a tmpfs too small for the
next build (the disk really is full: ENOSPC in Whoosh or in SQLite), and
``RLIMIT_FSIZE`` (EFBIG; needs no root). Every time: exit code 2, one clear
line saying what happened and that the previous index still serves, no
partial build left behind, and the previous build byte for byte intact,
current, and serving.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.index import builds
from service.index.catalog import Catalog
from service.search.results import searcher_of
from tests.conftest import ARTICLE_PATH, CONTENT, ROOT

EXTRA_DOCS = 200


def run_ingest(
    content: Path, root: Path, limit: int | None = None, jobs: int = 1
) -> subprocess.CompletedProcess[str]:
    """``lingodocs ingest`` in its own process, optionally under RLIMIT_FSIZE."""
    args = ["ingest", "--content", str(content), "--index", str(root), "--jobs", str(jobs)]
    if limit is None:
        cmd = [sys.executable, "-m", "service.cli", *args]
    else:  # SIGXFSZ ignored: a write past the limit fails with EFBIG instead of killing us
        cmd = [
            sys.executable,
            "-c",
            "import resource, signal, sys\n"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "from service.cli import main\n"
            f"sys.exit(main({args!r}))\n",
        ]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)


def grow(content: Path, count: int = EXTRA_DOCS) -> None:
    """Add ``count`` English articles (the real one, varied) to a content copy."""
    text = (content / "en" / ARTICLE_PATH).read_text(encoding="utf-8")
    for n in range(count):
        target = content / "en" / "help" / "generated" / f"article-{n}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            text.replace("# HTTP request methods", f"# Generated article {n}")
            + f"\n\nA paragraph only article {n} has: marker{n}word.\n",
            encoding="utf-8",
        )


def refusal(failed: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed ingest ends with (exit code 2, no traceback)."""
    assert failed.returncode == 2, (failed.returncode, failed.stderr[-2000:])
    assert "Traceback" not in failed.stderr
    return failed.stderr.strip().splitlines()[-1]


DISK_FULL = "the disk is full; the previous index is still serving"


def fingerprint(build: Path) -> dict[str, str]:
    return {
        str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(build.rglob("*"))
        if p.is_file()
    }


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def assert_previous_serves(root: Path, build: Path, before: dict[str, str]) -> None:
    assert builds.current_build(root) == build
    assert fingerprint(build) == before, "the previous build changed"
    assert not list((root / "builds").glob(".tmp-*")), "a partial build was left behind"
    catalog = Catalog.open(build)
    try:
        assert searcher_of(catalog).search("requête", "fr", 10).total >= 1
        assert "GET" in catalog.methods
    finally:
        catalog.close()


@contextlib.contextmanager
def tmpfs(where: Path, kilobytes: int) -> Iterator[Path]:
    """A real small file system (root with CAP_SYS_ADMIN only; skipped otherwise)."""
    where.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k,mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@pytest.fixture(scope="module")
def big_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Sizes of the parts of a build of the grown content, to size the file systems."""
    work = tmp_path_factory.mktemp("big")
    content = work / "content"
    shutil.copytree(CONTENT, content)
    grow(content)
    done = run_ingest(content, work / "ix")
    assert done.returncode == 0, done.stderr
    build = builds.current_build(work / "ix")
    assert build is not None
    return {
        "whoosh": size_of(build / builds.WHOOSH),
        "records": (build / builds.RECORDS).stat().st_size,
        "total": size_of(build),
    }


def test_read_only_index_dir(tmp_path: Path, content_copy: Path) -> None:
    with tmpfs(tmp_path / "mnt", 4096) as mnt:
        root = mnt / "ix"
        assert run_ingest(content_copy, root).returncode == 0
        build = builds.current_build(root)
        assert build is not None
        before = fingerprint(build)
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(mnt)], capture_output=True, text=True, check=False
        )
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        grow(content_copy, 3)
        failed = run_ingest(content_copy, root)
        line = refusal(failed)
        assert line.startswith("lingodocs ingest: ") and str(root) in line, line
        assert "Read-only file system" in line, line
        assert_previous_serves(root, build, before)
        # serving needs no write access: the CLI search reads the read-only index
        found = subprocess.run(
            [
                sys.executable,
                "-m",
                "service.cli",
                "search",
                "--index",
                str(root),
                "--lang",
                "fr",
                "requête",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert found.returncode == 0 and "/fr/docs/" in found.stdout, found.stderr


@pytest.mark.parametrize("where", ["whoosh", "store"])
def test_disk_full(
    tmp_path: Path, content_copy: Path, big_build: dict[str, int], where: str
) -> None:
    """The next build does not fit: ENOSPC while indexing, or SQLITE_FULL in the doc store."""
    small = tmp_path / "small"
    assert run_ingest(content_copy, small).returncode == 0
    first_size = size_of(small)
    room = {
        "whoosh": big_build["whoosh"] // 2,
        "store": big_build["whoosh"] + big_build["records"] + 256 * 1024,
    }[where]
    assert room < big_build["total"]
    with tmpfs(tmp_path / "mnt", (first_size + room) // 1024 + 64) as mnt:
        root = mnt / "ix"
        assert run_ingest(content_copy, root).returncode == 0
        build = builds.current_build(root)
        assert build is not None
        before = fingerprint(build)
        grow(content_copy)
        failed = run_ingest(content_copy, root)
        line = refusal(failed)
        assert line == (
            f"lingodocs ingest: could not write the index build in {root}: {DISK_FULL}"
        ), line
        assert_previous_serves(root, build, before)
        # with the space back (the new articles gone), the next ingest works
        shutil.rmtree(content_copy / "en" / "help" / "generated")
        assert run_ingest(content_copy, root).returncode == 0
        assert builds.current_build(root) == build


@pytest.mark.parametrize(
    ("limit", "reason"),
    [
        (1024 * 1024, "a file grew past the size this process may write"),
        (3 * 1024 * 1024, "the document store could not be written"),
    ],
)
def test_file_size_limit(
    tmp_path: Path, content_copy: Path, big_build: dict[str, int], limit: int, reason: str
) -> None:
    """RLIMIT_FSIZE: writes past it fail with EFBIG (in JSON/Whoosh, or inside SQLite)."""
    assert big_build["records"] < 3 * 1024 * 1024 < big_build["total"]
    root = tmp_path / "ix"
    assert run_ingest(content_copy, root).returncode == 0
    build = builds.current_build(root)
    assert build is not None
    before = fingerprint(build)
    grow(content_copy)
    failed = run_ingest(content_copy, root, limit=limit)
    line = refusal(failed)
    assert reason in line and "the previous index is still serving" in line, line
    assert_previous_serves(root, build, before)
    assert os.access(build / builds.RECORDS, os.R_OK)
