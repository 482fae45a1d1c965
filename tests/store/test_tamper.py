"""Tamper evidence: replace refs are ignored and reported, a history rewritten behind the
store's back (reset, filter-branch) is reported from the tips this clone saw, and a rewrite
``sync`` accepted is not."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from articlediff.model import Article
from articlediff.store import Store
from articlediff.store.seen import SEEN_FILE, accept_rewrite, lost_tips
from tests.conftest import Cli, git


def save_two(run: Cli) -> tuple[str, str]:
    for text in ("First text.", "Second text."):
        result = run("save", "-", "--id", "local/a", input=f"Headline\n\n{text}\n")
        assert result.exit_code == 0, result.stderr
    log = json.loads(run("log", "local/a", "--json").stdout)
    return log[0]["commit"], log[1]["commit"]


def verify_lines(run: Cli) -> tuple[int, list[str]]:
    result = run("verify")
    return result.exit_code, result.stdout.splitlines()


def test_git_replace_is_ignored_by_readers_and_reported(run: Cli, store_path: Path) -> None:
    _, second = save_two(run)
    path = store_path / "versions/local/a.md"
    forged_text = path.read_text().replace("Second text.", "Forged text.")
    blob = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=store_path, input=forged_text,
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    git(store_path, "update-index", "--cacheinfo", f"100644,{blob},versions/local/a.md")
    tree = git(store_path, "write-tree").strip()
    git(store_path, "reset", "-q")
    message = git(store_path, "log", "-1", "--format=%B", second)
    forged = git(store_path, "commit-tree", tree, "-p", f"{second}^", "-m", message).strip()
    git(store_path, "replace", second, forged)
    assert "Forged text." in git(store_path, "show", "HEAD:versions/local/a.md")  # git is fooled

    shown = json.loads(run("show", "local/a", "--json").stdout)
    assert shown["body"] == "Second text." and shown["commit"] == second
    code, lines = verify_lines(run)
    assert code == 3
    assert lines == [
        f"replace ref refs/replace/{second}: 'git replace' makes git show another object in "
        f"place of {second[:10]}; articlediff reads the stored one; remove the ref with "
        f"'git replace -d {second[:10]}'"
    ]
    git(store_path, "replace", "-d", second)
    assert verify_lines(run) == (0, [])


def test_filter_branch_is_reported_until_accepted(run: Cli, store_path: Path) -> None:
    _, second = save_two(run)
    assert verify_lines(run) == (0, [])
    env = {**os.environ, "FILTER_BRANCH_SQUELCH_WARNING": "1"}
    git(store_path, "filter-branch", "-f", "--msg-filter", "sed s/Second/Altered/", env=env)
    git(store_path, "filter-branch", "-f", "--tree-filter",
        "sed -i s/Second/Altered/ versions/local/a.md || true", env=env)  # fmt: skip
    assert git(store_path, "rev-parse", "HEAD").strip() != second
    code, lines = verify_lines(run)
    assert code == 3
    [line] = lines
    assert line.startswith(f"{second[:10]}: the branch no longer holds {second[:10]}, its tip")
    assert "rewritten (git reset, rebase, commit --amend, filter-branch" in line
    assert line.endswith("accept it with 'articlediff verify --accept-rewrite'")
    # a save does not paper over it
    assert run("save", "-", "--id", "local/b", input="Other\n\nText.\n").exit_code == 0
    assert verify_lines(run)[0] == 3
    accepted = run("verify", "--accept-rewrite")
    assert accepted.exit_code == 0, accepted.stdout
    assert verify_lines(run) == (0, [])
    log = (store_path / ".git/articlediff/rewrites.log").read_text()
    assert f"{second} " in log and "accepted by hand" in log


def test_a_reset_behind_a_save_is_reported(run: Cli, store_path: Path) -> None:
    _, second = save_two(run)  # no verify yet: the save alone remembers its tip
    git(store_path, "reset", "-q", "--hard", "HEAD~1")
    code, lines = verify_lines(run)
    assert code == 3 and f"the branch no longer holds {second[:10]}" in lines[0]


def test_a_rewrite_sync_accepted_is_not_tampering(store_path: Path, store: Store) -> None:
    store.save("local/a", Article("Headline", ("One.",)))
    old = store.git.head_commit()
    assert old is not None
    store.save("local/a", Article("Headline", ("Two.",)))
    new = store.git.head_commit()
    assert new is not None
    # a sync records its acceptance before it moves the branch; killed there, nothing moved
    accept_rewrite(store.git, new, old, "test")
    assert lost_tips(store.git, new) == []
    # ... and once moved (here by hand to the history it accepted), nothing is lost either
    git(store_path, "update-ref", "refs/heads/main", old)
    assert lost_tips(store.git, old) == []
    # a tip it never accepted is reported
    git(store_path, "update-ref", "refs/heads/main", new)
    git(store_path, "reset", "-q", "--hard", f"{old}~1")
    assert [tip.commit for tip in lost_tips(store.git, store.git.head_commit())] == [new]
    assert (store_path / ".git/articlediff" / SEEN_FILE).is_file()
