"""Concurrent and interrupted saves: every accepted save lands, a killed one loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from articlediff.store import Store
from tests.conftest import Cli, git, repo_state


def save_process(store: Path, article_id: str, text: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "articlediff",
            "--store",
            str(store),
            "save",
            "-",
            "--id",
            article_id,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_eight_concurrent_saves_all_land(store_path: Path) -> None:
    texts = {
        index: (
            f"local/{'shared' if index % 2 else f'own-{index}'}",
            f"Headline\n\nSave number {index}.\n",
        )
        for index in range(8)
    }
    processes = [save_process(store_path, article_id, text) for article_id, text in texts.values()]
    for process, (_, text) in zip(processes, texts.values(), strict=True):
        process.stdin.write(text.encode())  # type: ignore[union-attr]
        process.stdin.close()  # type: ignore[union-attr]
    results = [process.wait(timeout=120) for process in processes]
    errors = [process.stderr.read().decode() for process in processes]  # type: ignore[union-attr]
    assert results == [0] * 8, errors
    repo_state(store_path)  # fsck passes
    assert len(git(store_path, "log", "--format=%H").split()) == 1 + 8  # init + every save
    with Store(store_path) as store:
        shared = store.history("local/shared")
        assert sorted(r.article.body[0] for r in shared) == [
            f"Save number {index}." for index in (1, 3, 5, 7)
        ]
        for index in (0, 2, 4, 6):
            assert store.history(f"local/own-{index}")[0].article.body == (f"Save number {index}.",)


KILLABLE_SAVE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from articlediff.store import gitrepo
    from articlediff.cli import cli

    marker, stage = Path(sys.argv[1]), sys.argv[2]
    original = getattr(gitrepo.GitRepo, stage)

    def pause_then_continue(self, *args, **kwargs):
        marker.write_text("reached")
        time.sleep(60)  # killed here
        return original(self, *args, **kwargs)

    setattr(gitrepo.GitRepo, stage, pause_then_continue)
    cli(sys.argv[3:], prog_name="articlediff")
    """
)


@pytest.mark.parametrize(
    ("stage", "lands"),
    [
        ("write_commit", False),  # blob and tree written, no commit yet
        ("move_branch", False),  # commit written, branch not moved
        ("refresh_worktree", True),  # branch moved, working copy not yet refreshed
    ],
)
def test_save_killed_half_way_loses_nothing(
    store_path: Path, tmp_path: Path, stage: str, lands: bool
) -> None:
    with Store(store_path) as store:
        from articlediff.model import Article

        store.save("local/a", Article("Headline", ("First text.",)))
    before_head, before_log = repo_state(store_path)
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLABLE_SAVE,
            str(marker),
            stage,
            "--store",
            str(store_path),
            "save",
            "-",
            "--id",
            "local/a",
        ],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    child.stdin.write(b"Headline\n\nSecond text.\n")  # type: ignore[union-attr]
    child.stdin.close()  # type: ignore[union-attr]
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.stderr.read().decode()  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    head, log = repo_state(store_path)  # fsck passes
    with Store(store_path) as store:
        bodies = [r.article.body for r in store.history("local/a")]
    if lands:
        assert bodies == [("First text.",), ("Second text.",)]
        assert log.endswith(before_log)
    else:
        assert (head, log) == (before_head, before_log)
        assert bodies == [("First text.",)]
    # the lock died with its holder: the next save goes straight through
    with Store(store_path) as store:
        from articlediff.model import Article

        outcome = store.save("local/a", Article("Headline", ("Third text.",)))
    assert outcome.revision is not None
    assert git(store_path, "status", "--porcelain") == ""


def test_busy_store_reports_exit_3(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    lock = os.open(store_path / ".git" / "articlediff.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        env = {**os.environ, "ARTICLEDIFF_LOCK_TIMEOUT": "0.3"}
        before = repo_state(store_path)
        result = subprocess.run(
            [sys.executable, "-m", "articlediff", "--store", str(store_path), "save", "-"],
            input=b"Headline\n\nBody.\n",
            capture_output=True,
            env=env,
        )
        assert result.returncode == 3
        assert b"store is busy" in result.stderr
        assert repo_state(store_path) == before
    finally:
        os.close(lock)


def dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def leave_stale_locks(store_path: Path, holder: int) -> list[Path]:
    """What a save killed inside git leaves: its PID in the store's lock, git's lock files,
    the temporary copy of a working file it was replacing."""
    git_dir = store_path / ".git"
    (git_dir / "articlediff.lock").write_text(f"{holder}\n")
    time.sleep(0.01)
    (store_path / "versions" / "local").mkdir(parents=True, exist_ok=True)
    stale = [
        git_dir / "index.lock",
        git_dir / "refs" / "heads" / "main.lock",
        store_path / "versions" / "local" / ".story.md.0a1b2c3d.tmp",  # a file being replaced
    ]
    for path in stale:
        path.write_text("")
    return stale


def test_git_locks_of_a_killed_holder_are_recovered(store_path: Path) -> None:
    stale = leave_stale_locks(store_path, dead_pid())
    with Store(store_path) as store:
        from articlediff.model import Article

        outcome = store.save("local/a", Article("Headline", ("After a crash.",)))
    assert outcome.revision is not None
    assert not any(path.exists() for path in stale)
    assert (store_path / ".git" / "articlediff.lock").read_text() == ""  # a clean finish
    repo_state(store_path)
    assert git(store_path, "status", "--porcelain") == ""


def test_git_locks_of_a_live_holder_are_never_removed(store_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        stale = leave_stale_locks(store_path, sleeper.pid)
        before = repo_state(store_path)
        result = subprocess.run(
            [sys.executable, "-m", "articlediff", "--store", str(store_path), "save", "-"],
            input=b"Headline\n\nBody.\n",
            capture_output=True,
        )
        assert result.returncode == 3, result.stderr
        assert len(result.stderr.decode().strip().splitlines()) == 1, result.stderr
        assert all(path.exists() for path in stale)
        assert repo_state(store_path) == before
    finally:
        sleeper.kill()
        sleeper.wait()


def test_git_locks_of_a_holder_still_dying_are_recovered(store_path: Path) -> None:
    """A killed holder drops the lock as its files close, a moment before it is dead: the next
    holder waits for it to die, then recovers its locks (else the next write clears the PID
    and the locks stay for good)."""
    dying = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.3)"])
    try:
        stale = leave_stale_locks(store_path, dying.pid)
        threading.Thread(target=dying.wait).start()  # reaped when it exits, as a worker does
        with Store(store_path) as store:
            from articlediff.model import Article

            outcome = store.save("local/a", Article("Headline", ("After a crash.",)))
        assert outcome.revision is not None
        assert not any(path.exists() for path in stale)
    finally:
        dying.kill()
        dying.wait()


def test_git_lock_open_in_a_live_process_is_never_removed(store_path: Path) -> None:
    stale = leave_stale_locks(store_path, dead_pid())
    from articlediff.store.lock import store_lock

    with open(stale[0], "rb"), store_lock(store_path / ".git" / "articlediff.lock"):
        pass  # someone (a git process) still holds index.lock open: it must stay
    assert stale[0].exists()
    assert not stale[1].exists()


def test_git_lock_older_than_the_dead_holder_is_left(store_path: Path) -> None:
    from articlediff.store.lock import store_lock

    stale = leave_stale_locks(store_path, dead_pid())
    old = time.time() - 3600
    os.utime(stale[0], (old, old))  # from before the killed save took the lock: not its own
    with store_lock(store_path / ".git" / "articlediff.lock"):
        pass
    assert stale[0].exists()
    assert not stale[1].exists()


@pytest.mark.parametrize(
    ("marker", "wording"),
    [
        ("MERGE_HEAD", "a git merge (.git/MERGE_HEAD): finish it ('git merge --continue')"),
        ("rebase-merge", "a git rebase (.git/rebase-merge): finish it ('git rebase --continue')"),
        ("rebase-apply", "a git rebase or am (.git/rebase-apply)"),
        ("CHERRY_PICK_HEAD", "a git cherry-pick (.git/CHERRY_PICK_HEAD)"),
        ("REVERT_HEAD", "a git revert (.git/REVERT_HEAD): finish it ('git revert --continue')"),
        ("BISECT_LOG", "a git bisect (.git/BISECT_LOG): end it ('git bisect reset') first"),
    ],
)
def test_a_save_refuses_during_a_git_operation(store_path: Path, marker: str, wording: str) -> None:
    """Whatever git left half-done, a save refuses with one line and changes nothing."""
    git_dir = store_path / ".git"
    if marker.startswith("rebase"):
        (git_dir / marker).mkdir()
    else:
        (git_dir / marker).write_text(git(store_path, "rev-parse", "HEAD"))
    before = repo_state(store_path), git(store_path, "status", "--porcelain")
    result = Cli(store_path)("save", "-", "--id", "local/a", input="Headline\n\nText.\n")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: the store is in the middle of {wording}")
    assert (repo_state(store_path), git(store_path, "status", "--porcelain")) == before
