"""An ingest broken the way production breaks it: dead workers, a killed ingest, damaged builds.

Each case runs ``lingodocs ingest`` as a real process (its own session, so
every process it starts can be found and counted) and breaks it from outside
with SIGKILL, as the OOM killer or an operator would, at a moment chosen by
a seeded random generator: a failure names its seed. A handful of seeds run
in ``make test``; many more in the slow suite (``make test-slow``, run by
``.ci/run``). Whatever the moment: the ingest ends within seconds (never a
hang), with one clear line, no process left behind, the previous build
serving, and the next ingest succeeds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from service.index import builds
from service.index.builds import version
from service.index.catalog import Catalog
from service.index.live import Live
from service.pipeline import plan, workers
from service.pipeline.run import run as ingest
from service.search.results import searcher_of
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CONTENT, ROOT
from tests.index.test_failures import (
    assert_previous_serves,
    fingerprint,
    grow,
    refusal,
    run_ingest,
)

FAST_SEEDS = 3  # runs of each random case in `make test`
SLOW_SEEDS = 20  # more in the slow suite (CI runs it within its 17 minutes)
ENDS_WITHIN = 60.0  # seconds an ingest may take to end once broken (it takes ~1)
GONE_WITHIN = 5.0  # seconds for every process of a killed ingest to be gone


def seeds() -> list[object]:
    return [
        *range(FAST_SEEDS),
        *(pytest.param(n, marks=pytest.mark.slow) for n in range(FAST_SEEDS, SLOW_SEEDS)),
    ]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``content/`` and 300 more articles: an ingest that needs its workers a while."""
    content = tmp_path_factory.mktemp("many") / "content"
    shutil.copytree(CONTENT, content)
    grow(content, 300)
    return content


def outdated(root: Path) -> None:
    """Make the live build look written by an older version: the next ingest is full."""
    build = builds.current_build(root)
    assert build is not None
    manifest = json.loads((build / builds.MANIFEST).read_text())
    manifest["format"] = plan.FORMAT - 1
    (build / builds.MANIFEST).write_text(json.dumps(manifest))


def base_build(root: Path, full: bool) -> tuple[Path, dict[str, str]]:
    """A live build of ``content/``; with ``full`` the next ingest cannot reuse it."""
    ingest(Settings(content=CONTENT, index=root), jobs=1)
    if full:
        outdated(root)
    build = builds.current_build(root)
    assert build is not None
    return build, fingerprint(build)


def start_ingest(content: Path, root: Path, log: Path, jobs: int = 2) -> subprocess.Popen[bytes]:
    args = ["ingest", "--content", str(content), "--index", str(root), "--jobs", str(jobs)]
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "service.cli", *args],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()  # after the command's name
    except OSError:
        return None


def live(field: int, value: int) -> list[int]:
    """Live processes (zombies aside) whose stat ``field`` is ``value`` (after the command's
    name: 0 state, 1 parent, 2 process group, 3 session)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _stat(int(name))
            if fields is not None and fields[0] != "Z" and int(fields[field]) == value:
                found.append(int(name))
    return found


def in_session(sid: int) -> list[int]:
    return live(3, sid)


def children(pid: int) -> list[int]:
    return live(1, pid)


def wait_for(what: Callable[[], list[int]], count: int, timeout: float = 60.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if len(found) >= count:
            return found
        time.sleep(0.01)
    raise AssertionError(f"fewer than {count} processes after {timeout} s")


def ends(proc: subprocess.Popen[bytes], log: Path) -> int:
    try:
        return proc.wait(ENDS_WITHIN)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise AssertionError(f"the ingest hung:\n{log.read_text()[-3000:]}") from None


def nothing_left(sid: int) -> None:
    deadline = time.monotonic() + GONE_WITHIN
    while in_session(sid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = in_session(sid)
    if left:
        os.killpg(sid, signal.SIGKILL)
    assert not left, f"processes left behind: {left}"


def serves(root: Path) -> Catalog:
    build = builds.current_build(root)
    assert build is not None and builds.verify(build) is None
    catalog = Catalog.open(build)
    assert searcher_of(catalog).search("requête", "fr", 10).total >= 1
    return catalog


@pytest.mark.parametrize("seed", seeds())
def test_a_worker_killed_at_a_random_moment(seed: int, many: Path, tmp_path: Path) -> None:
    """Full builds (workers parse and index) for even seeds, re-ingests (workers parse) for
    odd ones; a worker is SIGKILLed at a random moment of its work."""
    rng = random.Random(seed)
    root, log = tmp_path / "ix", tmp_path / "ingest.log"
    full = seed % 2 == 0
    build, before = base_build(root, full)
    proc = start_ingest(many, root, log)
    try:
        workers = wait_for(lambda: children(proc.pid), 2)
        time.sleep(rng.uniform(0.0, 2.5))
        victim = rng.choice(workers)
        with contextlib.suppress(ProcessLookupError):  # it had finished: the ingest may succeed
            os.kill(victim, signal.SIGKILL)
        code = ends(proc, log)
    finally:
        nothing_left(proc.pid)
    output = log.read_text()
    if code == 0:
        serves(root).close()
        return
    kind = "indexing" if full else "parsing"
    assert code == 2, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    line = output.strip().splitlines()[-1]
    assert re.fullmatch(
        rf"lingodocs ingest: could not write the index build in {re.escape(str(root))}: "
        rf"{kind} process lingodocs-(index|parse)-[01] died \(exit code -9\); "
        "the previous index is still serving",
        line,
    ), line
    assert_previous_serves(root, build, before)
    again = run_ingest(many, root, jobs=2)
    assert again.returncode == 0, again.stderr[-3000:]
    serves(root).close()


def test_a_worker_that_dies_halfway_through_a_message(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hang of a shared queue, on purpose: a worker writes the start of a long message
    and dies. The parent reads an end of file at once, not the rest of a message forever."""
    root = tmp_path / "ix"
    build, before = base_build(root, full=True)
    real = workers.send

    def half_then_die(conn: Connection, message: tuple[str, object]) -> None:
        if message[0] == "docs":
            os.write(conn.fileno(), struct.pack("!i", 50_000_000) + b"\x80" * 1000)
            os._exit(9)
        real(conn, message)

    monkeypatch.setattr(workers, "send", half_then_die)  # the workers are forked
    started = time.monotonic()
    with pytest.raises(builds.BuildError, match=r"died \(exit code 9\)"):
        ingest(Settings(content=many, index=root), jobs=2)
    assert time.monotonic() - started < ENDS_WITHIN
    assert not [p for p in get_context("fork").active_children() if "lingodocs" in p.name]
    assert_previous_serves(root, build, before)


@pytest.mark.parametrize("seed", seeds())
def test_a_killed_ingest_leaves_no_process_and_the_next_one_works(
    seed: int, many: Path, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    root, log = tmp_path / "ix", tmp_path / "ingest.log"
    build, before = base_build(root, full=seed % 2 == 0)
    proc = start_ingest(many, root, log)
    try:
        wait_for(lambda: children(proc.pid), 2)
        time.sleep(rng.uniform(0.0, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(ENDS_WITHIN)
    finally:
        nothing_left(proc.pid)  # the workers die with it
    if builds.current_build(root) == build:  # else it was done before it was killed
        assert fingerprint(build) == before, "the previous build changed"
    serves(root).close()  # what it left (a partial build) is the next ingest's to clean
    again = run_ingest(many, root, jobs=2)
    assert again.returncode == 0, again.stderr[-3000:]
    assert not list((root / "builds").glob(".tmp-*")), "the killed ingest's build is left"
    serves(root).close()


def test_a_lock_held_by_a_live_ingest_is_explained(tmp_path: Path) -> None:
    root = tmp_path / "ix"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom service.index import builds\n"
            "with builds.ingest_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True)\n    time.sleep(120)\n",
            str(root),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        line = refusal(run_ingest(CONTENT, root))
        assert re.fullmatch(
            rf"lingodocs ingest: another ingest \(process {holder.pid}, since "
            r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\) is writing "
            rf"{re.escape(str(root))}; try again when it ends",
            line,
        ), line
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert run_ingest(CONTENT, root).returncode == 0  # its lock died with it


def test_forked_children_never_hold_the_lock(tmp_path: Path) -> None:
    """Even a child that outlives the ingest (no PR_SET_PDEATHSIG) does not keep it locked."""
    root = tmp_path / "ix"
    context = get_context("fork")
    with builds.ingest_lock(root):
        child = context.Process(target=time.sleep, args=(60,), daemon=True)
        child.start()
    try:
        assert run_ingest(CONTENT, root).returncode == 0
    finally:
        child.kill()
        child.join()


# --- damaged builds ---------------------------------------------------------------------


def _cut(path: Path, keep: float = 0.5) -> None:
    os.truncate(path, int(path.stat().st_size * keep))


def _largest(folder: Path) -> Path:
    return max((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    path.write_bytes(bytes(data))


def _half_copied(build: Path) -> None:
    """What an interrupted copy leaves, made current: the first files whole, one cut
    short, the rest missing (manifest included when it sorts late)."""
    copy = build.parent / "copied-by-hand"
    files = sorted(p for p in build.rglob("*") if p.is_file())
    for n, path in enumerate(files):
        target = copy / path.relative_to(build)
        target.parent.mkdir(parents=True, exist_ok=True)
        if n < len(files) // 2 or path.name == builds.MANIFEST:
            shutil.copy2(path, target)
        elif n == len(files) // 2:
            target.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    builds.swap_current(build.parent.parent, copy)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "whoosh segment truncated": lambda b: _cut(_largest(b / builds.WHOOSH)),
    "document store truncated": lambda b: _cut(b / "docs.sqlite"),
    "records truncated": lambda b: _cut(b / builds.RECORDS),
    "a file missing": lambda b: _largest(b / builds.WHOOSH).unlink(),
    "bytes changed, size kept": lambda b: _flip(b / "docs.sqlite"),
    "no manifest": lambda b: (b / builds.MANIFEST).unlink(),
    "manifest cut short": lambda b: _cut(b / builds.MANIFEST),
    "half-copied build made current": _half_copied,
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_live_build_is_rebuilt(damage: str, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    first = run_ingest(CONTENT, root)
    assert first.returncode == 0, first.stderr
    build = builds.current_build(root)
    assert build is not None and version.is_current(root)
    DAMAGES[damage](build)
    assert not version.is_current(root)  # `serve` would rebuild it before serving
    again = run_ingest(CONTENT, root)
    assert again.returncode == 0, again.stderr[-3000:]
    said = [line for line in again.stderr.splitlines() if "damaged" in line]
    assert len(said) == 1 and re.fullmatch(
        r"lingodocs ingest: the live build \S+ is damaged \(.+\); rebuilding from content",
        said[0],
    ), again.stderr
    assert "unchanged" not in again.stdout and " 0 re-indexed" not in again.stdout
    assert version.is_current(root)
    serves(root).close()
    assert run_ingest(CONTENT, root).stdout.count("unchanged") == 1  # whole again


def test_a_damaged_build_is_never_swapped_in(
    tmp_path: Path, content_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    first = ingest(settings, jobs=1)
    live = Live(settings.index, 0)
    assert live.catalog is not None and live.catalog.build_id == first.build
    article = content_copy / "en" / ARTICLE_PATH
    article.write_text(article.read_text() + "\nOne more line.\n")
    second = ingest(settings, jobs=1)
    assert second.build != first.build
    # A new file, not the old one cut short: the builds share their segment files (hard
    # links), and this process maps the first build's; cutting them would kill it (SIGBUS).
    segment = _largest(settings.index / "builds" / second.build / builds.WHOOSH)
    data = segment.read_bytes()
    segment.unlink()
    segment.write_bytes(data[: len(data) // 2])
    with caplog.at_level(logging.ERROR, logger="lingodocs"):
        assert not live.refresh()  # it would have mapped a file shorter than it is: SIGBUS
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and re.fullmatch(
        rf"the index build \S+{second.build} is damaged: whoosh/\S+ is \d+ bytes; its manifest "
        r"says \d+; still serving the previous one",
        said[0],
    ), said
    assert live.catalog.build_id == first.build
    assert searcher_of(live.catalog).search("requête", "fr", 10).total >= 1
    live.catalog.close()
