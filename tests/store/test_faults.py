"""File-system faults, stale git locks, long ids and hostile links: every write either lands
(exit 0, a warning at most) or says in one line what stopped it and has changed nothing.

Real faults, in real processes: a small tmpfs filled to the brim, read-only bind mounts
(chmod does not stop root), a stale ``index.lock``, a clone whose history commits a
symbolic link. "Changed nothing" is checked every time: the branch and its history, ``git
status``, ``git fsck --strict`` (``repo_state``), and no temporary file left anywhere.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from articlediff.store import init_store
from tests.conftest import git, repo_state
from tests.fsfaults import fill, read_only, small_tmpfs

PAGE = 4096  # a tmpfs allocates in pages


def articlediff(
    store: Path, *args: str, input: str | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """``articlediff --store STORE ARGS``: in this process (Click's runner, exceptions not
    caught, so a traceback fails the test), or with ``process`` in a process of its own."""
    command = ["--store", str(store), *args]
    if process:
        return subprocess.run(
            [sys.executable, "-m", "articlediff", *command],
            input=input,
            capture_output=True,
            text=True,
            check=False,
        )
    from articlediff.cli import cli

    result = CliRunner().invoke(cli, command, input=input, catch_exceptions=False)
    return subprocess.CompletedProcess(command, result.exit_code, result.stdout, result.stderr)


def leftovers(store: Path) -> list[str]:
    """Temporary files and refs a write may have left: none may survive a command."""
    found = [
        path
        for pattern in (
            "**/*.tmp",
            "**/.articlediff-probe-*",
            ".git/objects/??/tmp_obj_*",
            ".git/objects/pack/tmp_*",
            ".git/sharedindex_*",
            ".git/articlediff-import-*",
            ".git/*.lock",
            ".git/refs/**/*.lock",
        )
        for path in store.glob(pattern)
    ]
    found = [path for path in found if path.name != "articlediff.lock"]
    refs = git(store, "for-each-ref", "--format=%(refname)", "refs/articlediff/").split()
    return sorted(str(path.relative_to(store)) for path in found) + refs


def state(store: Path) -> tuple[tuple[str, str], str, list[str]]:
    """The branch and history (fsck passing), ``git status``, and leftovers."""
    return repo_state(store), git(store, "status", "--porcelain"), leftovers(store)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a refused command printed (and nothing on stdout)."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def text(number: int) -> str:
    return f"Harbour bridge\n\nRevision {number} of the text, with a few words more.\n"


def inputs(folder: Path, article_id: str) -> tuple[Path, Path]:
    """A JSON Lines feed of one revision of ``article_id`` to import, and a page to save."""
    feed = folder / "feed.jsonl"
    feed.write_text(json.dumps({"id": article_id, "text": text(2)}) + "\n")
    page = folder / "page.txt"
    page.write_text(text(3))
    return feed, page


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A store on a tmpfs of 4 MiB, with one article saved."""
    with small_tmpfs(tmp_path / "disk", "4m") as mounted:
        init_store(mounted / "store", "UTC")[0].close()
        result = articlediff(mounted / "store", "save", "-", "--id", "local/first", input=text(0))
        assert result.returncode == 0, result.stderr
        yield mounted


# -- a full disk -------------------------------------------------------------------------


def test_disk_full_at_every_point_of_a_save_tells_the_truth(disk: Path) -> None:
    """The disk filled so that 0, 1, 2 ... pages are left: the save fails at a different
    step each time (the lock file, an object, a tree, the branch's lock file, the index),
    and each time the exit status says whether the revision landed. A refusal names the
    file and "No space left on device" and leaves everything as it was; a revision that
    landed without its working copy says so, and the next write heals the working copy."""
    store = disk / "store"
    seen: dict[int, int] = {}
    for pages in range(14):
        before = state(store)
        filler = fill(disk, leave=pages * PAGE)
        result = articlediff(
            store, "save", "-", "--id", f"local/story-{pages}", input=text(pages), process=pages < 2
        )
        filler.unlink()
        seen[result.returncode] = seen.get(result.returncode, 0) + 1
        if result.returncode == 3:
            line = one_line(result)
            assert line.startswith("Error: ") and "No space left on device" in line
            assert str(store) in line or "git " in line  # the file, or git's own message
            assert state(store) == before
            continue
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"local/story-{pages} r1 ")
        log = repo_state(store)[1]
        assert log.endswith(before[0][1]) and log.count("\n") == before[0][1].count("\n") + 1
        assert leftovers(store) == []
        if result.stderr:
            warning = one_line_warning(result.stderr)
            assert f"versions/local/story-{pages}.md" in warning
    assert seen.get(3) and seen.get(0), seen  # both sides of the edge were met
    healed = articlediff(store, "save", "-", "--id", "local/after", input=text(99))
    assert healed.returncode == 0 and healed.stderr == ""
    assert git(store, "status", "--porcelain") == ""  # every lagging file refreshed
    assert leftovers(store) == []


def one_line_warning(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith("warning: written to the store, but the working copy of ")
    assert "the next articlediff write to this store refreshes it" in lines[0]
    return lines[0]


def test_disk_full_import_and_correct_change_nothing(disk: Path, tmp_path: Path) -> None:
    store = disk / "store"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"id": f"local/n{n}", "at": "2024-06-20T10:00Z", "text": text(n)}) + "\n"
            for n in range(5)
        )
    )
    before = state(store)
    filler = fill(disk)
    try:
        imported = articlediff(store, "import", str(feed))
        corrected = articlediff(
            store, "correct", "local/first", "--kind", "clarification", "--text", "Clarified."
        )
    finally:
        filler.unlink()
    for result in (imported, corrected):
        assert result.returncode == 3, result.stderr
        assert one_line(result).endswith("No space left on device")
    assert state(store) == before
    assert articlediff(store, "import", str(feed)).returncode == 0  # with room, it lands
    assert git(store, "status", "--porcelain") == ""


# -- a read-only store -------------------------------------------------------------------


def test_read_only_store_refuses_every_write_and_reads_on(store_path: Path, tmp_path: Path) -> None:
    saved = articlediff(store_path, "save", "-", "--id", "local/a", input=text(1))
    assert saved.returncode == 0, saved.stderr
    feed, page = inputs(tmp_path, "local/b")
    before = state(store_path)
    lock = store_path / ".git" / "articlediff.lock"
    with read_only(store_path):
        writes = [
            articlediff(store_path, "save", str(page), "--id", "local/a", process=True),
            articlediff(store_path, "import", str(feed)),
            articlediff(store_path, "correct", "local/a", "--kind", "update", "--text", "Upd."),
        ]
        reads = [
            articlediff(store_path, *command)
            for command in (["list"], ["log", "local/a"], ["show", "local/a"], ["verify"])
        ]
    for result in writes:
        assert result.returncode == 3, result.stderr
        assert one_line(result) == f"Error: cannot write {lock}: Read-only file system"
    for result in reads:
        assert result.returncode == 0, result.stderr
    assert state(store_path) == before


# -- git lock files ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index.lock", "HEAD.lock", "refs/heads/main.lock"])
def test_stale_git_lock_refuses_every_write_before_anything_is_written(
    store_path: Path, tmp_path: Path, name: str
) -> None:
    """Not one a killed articlediff left (those are removed: test_safety), so it is kept:
    the write refuses first, names the file and says how to clear it."""
    assert articlediff(store_path, "save", "-", "--id", "local/a", input=text(1)).returncode == 0
    feed = inputs(tmp_path, "local/b")[0]
    lock = store_path / ".git" / name
    lock.write_bytes(b"")
    old = time.time() - 3600
    os.utime(lock, (old, old))
    before = repo_state(store_path), leftovers(store_path)
    for command in (
        ["save", "-", "--id", "local/a"],
        ["import", str(feed)],
        ["correct", "local/a", "--kind", "update", "--text", "Updated."],
    ):
        result = articlediff(store_path, *command, input=text(5))
        assert result.returncode == 3, result.stderr
        assert one_line(result) == (
            f"Error: {lock} exists: a git command is running in this store, or one was "
            f"stopped before it finished; if none is running, remove it (rm {lock}) and try "
            "again"
        )
        assert (repo_state(store_path), leftovers(store_path)) == before
    lock.unlink()
    assert git(store_path, "status", "--porcelain") == ""
    assert articlediff(store_path, "save", "-", "--id", "local/a", input=text(5)).returncode == 0


# -- a working copy that cannot be refreshed after the revision landed ---------------------


def test_working_copy_not_refreshed_is_a_warning_and_heals(store_path: Path) -> None:
    """The outlet's folder is read-only (a bind mount), the repository is not: the revision
    lands (exit 0, its line on stdout) and one warning says what was not done; the next
    write, of another article, refreshes the lagging file and index entry."""
    first = articlediff(store_path, "save", "-", "--id", "local/a", input=text(1))
    assert first.returncode == 0
    head = repo_state(store_path)[0]
    with read_only(store_path / "versions" / "local"):
        result = articlediff(store_path, "save", "-", "--id", "local/a", input=text(2))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("local/a r2 ")
    warning = one_line_warning(result.stderr)
    assert warning.startswith(
        "warning: written to the store, but the working copy of versions/local/a.md was not "
        f"refreshed (cannot write {store_path}/versions/local/a.md: Read-only file system)"
    )
    assert warning.endswith("or run 'git checkout HEAD -- versions/local/a.md' in the store")
    assert repo_state(store_path)[0] != head  # the revision is in the store
    assert git(store_path, "status", "--porcelain") != ""  # ... and the working copy lags
    healed = articlediff(store_path, "save", "-", "--id", "other/b", input=text(3))
    assert healed.returncode == 0 and healed.stderr == ""
    assert git(store_path, "status", "--porcelain") == ""
    assert (
        (store_path / "versions/local/a.md")
        .read_text()
        .endswith("Revision 2 of the text, with a few words more.\n")
    )
    assert leftovers(store_path) == []


def test_healing_leaves_an_edit_staged_by_hand_alone(store_path: Path) -> None:
    """When git moved the branch (here ``update-ref``), the next write looks for lagging
    entries: one staged by hand (a version the branch never had) is not one of them."""
    assert articlediff(store_path, "save", "-", "--id", "local/a", input=text(1)).returncode == 0
    file = store_path / "versions/local/a.md"
    file.write_text(file.read_text().replace("Revision 1", "Hand edit"))
    git(store_path, "add", "versions/local/a.md")
    staged = git(store_path, "diff", "--cached")
    tree = git(store_path, "rev-parse", "HEAD^{tree}").strip()
    moved = git(store_path, "commit-tree", tree, "-p", "HEAD", "-m", "by hand").strip()
    git(store_path, "update-ref", "refs/heads/main", moved)
    result = articlediff(store_path, "save", "-", "--id", "other/b", input=text(2))
    assert result.returncode == 0 and result.stderr == ""
    assert git(store_path, "diff", "--cached") == staged
    assert "Hand edit" in file.read_text()


# -- ids -----------------------------------------------------------------------------------


def test_an_id_too_long_for_a_file_name_is_refused_before_anything_is_written(
    store_path: Path, tmp_path: Path
) -> None:
    before = state(store_path)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "local/" + "x" * 101, "text": text(1)}) + "\n")
    for result in (
        articlediff(store_path, "save", "-", "--id", "local/" + "x" * 300, input=text(1)),
        articlediff(store_path, "save", "-", "--id", "o" * 101 + "/story", input=text(1)),
        articlediff(store_path, "import", str(feed)),
        articlediff(store_path, "log", "local/" + "x" * 300),
    ):
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert line.endswith("its outlet and slug may have at most 100 characters each")
    assert state(store_path) == before
    longest = "local/" + "x" * 100  # the longest id: saved, cached, listed and read back
    saved = articlediff(store_path, "save", "-", "--id", longest, input=text(1))
    assert saved.returncode == 0, saved.stderr
    assert articlediff(store_path, "show", longest).returncode == 0
    assert (
        store_path / ".git/articlediff/cache/versions/local" / ("x" * 100 + ".md.json")
    ).is_file()


# -- revision times --------------------------------------------------------------------------


OUTSIDE_GIT = "is outside the times git can store (1970-01-01T00:00:00Z to 9998-12-31T23:59:59Z)"


@pytest.mark.parametrize(
    ("at", "says"),
    [
        ("1969-07-20T20:17:00Z", OUTSIDE_GIT),
        ("0001-01-01", OUTSIDE_GIT),
        ("9999-12-31", OUTSIDE_GIT),
        ("2999-01-01", "is more than a day ahead of now"),
    ],
)
def test_times_git_cannot_store_or_far_ahead_are_refused(
    store_path: Path, at: str, says: str
) -> None:
    assert articlediff(store_path, "save", "-", "--id", "local/a", input=text(1)).returncode == 0
    before = state(store_path)
    for command in (
        ["save", "-", "--id", "local/a", "--at", at],
        ["save", "-", "--id", "local/new", "--at", at],
        ["correct", "local/a", "--kind", "update", "--text", "Updated.", "--at", at],
    ):
        result = articlediff(store_path, *command, input=text(2))
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert line.startswith("Error: revision time ") and says in line
    assert state(store_path) == before


def test_import_checks_every_revision_time(store_path: Path, tmp_path: Path) -> None:
    numbered = tmp_path / "corpus" / "bridge"
    numbered.mkdir(parents=True)
    for number in range(3):
        (numbered / f"{number}.txt").write_text(f"Revision {number}.\n")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "local/a", "at": "2024-06-19T10:00Z", "text": text(1)})
        + "\n"
        + json.dumps({"id": "local/a", "at": "1969-12-31T23:59:59Z", "text": text(2)})
        + "\n"
    )
    front = tmp_path / "dated" / "local" / "dated"
    front.mkdir(parents=True)
    (front / "r1.md").write_text(
        "---\nid: local/dated\nheadline: Dated\nupdated: 1960-01-01T00:00:00Z\n---\n\nText.\n"
    )
    before = state(store_path)
    cases = [
        (["import", str(tmp_path / "corpus"), "--start", "1960-01-01", "--step", "1d"], "0.txt"),
        (["import", str(feed)], "feed.jsonl:2"),
        (["import", str(tmp_path / "dated")], "r1.md"),
        (["save", str(front / "r1.md")], None),
    ]
    for command, origin in cases:
        result = articlediff(store_path, *command)
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert OUTSIDE_GIT in line
        assert origin is None or f"{origin}: revision time " in line
    assert state(store_path) == before


def test_allow_future_accepts_a_time_ahead_and_a_day_ahead_needs_nothing(
    store_path: Path,
) -> None:
    from datetime import UTC, datetime, timedelta

    soon = (datetime.now(UTC) + timedelta(hours=12)).isoformat(timespec="seconds")
    result = articlediff(store_path, "save", "-", "--id", "local/soon", "--at", soon, input=text(1))
    assert result.returncode == 0, result.stderr
    later = ["save", "-", "--id", "local/later", "--at", "2999-01-01", "--allow-future"]
    assert articlediff(store_path, *later, input=text(1)).returncode == 0
    still = articlediff(store_path, *later[:-2], "9999-12-31", "--allow-future", input=text(2))
    assert still.returncode == 2 and OUTSIDE_GIT in one_line(still)
    repo_state(store_path)  # fsck accepts every commit


def test_a_commit_dated_before_1970_by_another_tool_is_one_line(store_path: Path) -> None:
    """Written with git's plumbing (git itself refuses such a date in fsck): reading
    commands say which commit, in one line, instead of crashing."""
    for number in (1, 2):
        saved = articlediff(store_path, "save", "-", "--id", "local/a", input=text(number))
        assert saved.returncode == 0
    raw = git(store_path, "cat-file", "commit", "HEAD")
    body = re.sub(r"> \d+ ([+-]\d{4})$", r"> -86400 \1", raw, flags=re.MULTILINE)
    commit = subprocess.run(
        ["git", "hash-object", "-w", "-t", "commit", "--literally", "--stdin"],
        cwd=store_path, input=body, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    git(store_path, "update-ref", "refs/heads/main", commit)
    for command in (["list"], ["log", "local/a"], ["audit"]):
        result = articlediff(store_path, *command)
        assert result.returncode == 3, result.stderr
        assert one_line(result) == (
            f"Error: commit {commit[:10]} has a date git cannot read (see 'git fsck'): the "
            "store was written by another tool, or damaged"
        )
    verified = articlediff(store_path, "verify")
    assert verified.returncode == 3 and "badDate" in verified.stdout + verified.stderr


# -- links -----------------------------------------------------------------------------------


@pytest.fixture
def hostile_clone(tmp_path: Path) -> tuple[Path, Path]:
    """A clone of a store whose history commits ``versions/evil`` as a symbolic link to a
    folder outside it (which must stay empty), and ``sources/evil`` likewise."""
    outside = tmp_path / "outside"
    outside.mkdir()
    origin = tmp_path / "origin"
    init_store(origin, "UTC")[0].close()
    assert articlediff(origin, "save", "-", "--id", "local/a", input=text(1)).returncode == 0
    (origin / "versions" / "evil").symlink_to(outside)
    (origin / "sources").mkdir()
    (origin / "sources" / "evil").symlink_to(outside)
    git(origin, "add", "versions/evil", "sources/evil")
    git(origin, "commit", "-q", "-m", "links")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "-b", "main", str(origin), str(clone))
    assert (clone / "versions" / "evil").is_symlink()
    return clone, outside


def test_a_committed_symbolic_link_is_never_written_through(
    hostile_clone: tuple[Path, Path], tmp_path: Path
) -> None:
    clone, outside = hostile_clone
    feed, page = inputs(tmp_path, "evil/story")
    before = state(clone)
    link = clone / "versions" / "evil"
    for command in (
        ["save", "-", "--id", "evil/story"],
        ["import", str(feed)],
    ):
        result = articlediff(clone, *command, input=text(2))
        assert result.returncode == 3, result.stderr
        assert one_line(result) == (
            f"Error: {link} is a symbolic link (to {outside}): articlediff never writes "
            "through a link; replace it with a real folder or file"
        )
    kept = articlediff(clone, "save", str(page), "--id", "evil/x", "--keep-source")
    assert kept.returncode == 3 and str(link) in one_line(kept)
    assert list(outside.iterdir()) == []
    assert state(clone) == before
    verified = articlediff(clone, "verify")
    assert verified.returncode == 3
    assert "versions/evil: a symbolic link: articlediff never writes through one" in (
        verified.stdout
    )
    assert "sources/evil: a symbolic link" in verified.stdout


def test_links_in_the_git_folder_are_never_written_through(
    store_path: Path, tmp_path: Path
) -> None:
    """The cache folder and the lock file: a link there is refused too."""
    assert articlediff(store_path, "save", "-", "--id", "local/a", input=text(1)).returncode == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    cache = store_path / ".git" / "articlediff" / "cache"
    cache.rename(tmp_path / "old-cache")
    cache.symlink_to(outside)
    before = repo_state(store_path)
    result = articlediff(store_path, "save", "-", "--id", "local/a", input=text(2))
    assert result.returncode == 3
    assert one_line(result).startswith(f"Error: {cache} is a symbolic link (to {outside})")
    cache.unlink()
    lock = store_path / ".git" / "articlediff.lock"
    lock.unlink()
    lock.symlink_to(outside / "lock")
    result = articlediff(store_path, "save", "-", "--id", "local/a", input=text(2))
    assert result.returncode == 3
    assert one_line(result) == (
        f"Error: {lock} is a symbolic link: articlediff never writes through a link; remove it"
    )
    assert list(outside.iterdir()) == []
    assert repo_state(store_path) == before


# -- init ------------------------------------------------------------------------------------


def test_init_inside_a_store_is_refused(store_path: Path) -> None:
    inner = store_path / "versions" / "nested"
    result = subprocess.run(
        [sys.executable, "-m", "articlediff", "init", str(inner)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert one_line(result) == (
        f"Error: {inner} is inside the store at {store_path}: a store cannot hold another; "
        "choose a folder outside it"
    )
    assert not inner.exists()
    again = subprocess.run(
        [sys.executable, "-m", "articlediff", "init", str(store_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 0 and "already a store" in again.stderr
