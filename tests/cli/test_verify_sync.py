"""``articlediff verify`` and ``articlediff sync`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, git, repo_state


def test_verify_ok(run: Cli) -> None:
    assert run("save", "-", "--id", "local/a", input="Headline\n\nBody.\n").exit_code == 0
    result = run("verify")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "verified 1 revision of 1 article in 2 commits: ok\n"
    data = json.loads(run("verify", "--json").stdout)
    assert data == {"ok": True, "commits": 2, "revisions": 1, "articles": 1, "problems": []}


def test_verify_reports_problems_with_exit_3(run: Cli, store_path: Path) -> None:
    assert run("save", "-", "--id", "local/a", input="Headline\n\nBody.\n").exit_code == 0
    path = store_path / "versions/local/a.md"
    path.write_text(path.read_text().replace("Body.", "Changed by hand."))
    git(store_path, "commit", "-q", "-am", "hand edit")
    result = run("verify")
    assert result.exit_code == 3
    [line] = result.stdout.splitlines()
    assert "versions/local/a.md: commit message lacks valid Article-Id" in line
    assert result.stderr == "Error: store has 1 problem (2 revisions of 1 article checked)\n"
    data = json.loads(run("verify", "--json").stdout)
    assert data["ok"] is False and data["problems"][0]["path"] == "versions/local/a.md"


def test_sync_two_clones(store_path: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(store_path, "remote", "add", "origin", str(remote))
    a = Cli(store_path)
    result = a("sync")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "synced main with origin: 0 commits received, 1 pushed\n"
    clone = tmp_path / "b"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(clone))
    b = Cli(clone)
    assert (
        a("save", "-", "--id", "local/x", "--at", "2024-06-19 08:00", input="H\n\nA.\n").exit_code
        == 0
    )
    assert (
        b("save", "-", "--id", "local/x", "--at", "2024-06-19 09:00", input="H\n\nB.\n").exit_code
        == 0
    )
    assert a("sync").exit_code == 0
    result = b("sync", "origin", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["received"], data["pushed"], data["reapplied"]) == (1, 1, 1)
    assert "(1 re-applied after origin's; 1 article merged from both sides)" in result.stderr
    assert a("sync").exit_code == 0
    for cli in (a, b):
        log = json.loads(cli("log", "local/x", "--json").stdout)
        assert [entry["at"] for entry in log] == [
            "2024-06-19T08:00:00+01:00",
            "2024-06-19T09:00:00+01:00",
        ]
        assert cli("verify").exit_code == 0


def test_sync_errors_are_one_line(run: Cli) -> None:
    result = run("sync")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the store has no git remote named 'origin': add one with "
        "'git remote add origin URL'\n"
    )
    result = run("sync", "--", "--upload-pack=touch x")
    assert result.exit_code == 2
    assert "invalid remote name" in result.stderr


def test_an_unreachable_remote_is_one_line_and_changes_nothing(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    git(store_path, "remote", "add", "origin", str(tmp_path / "nowhere"))
    before = repo_state(store_path)
    result = run("sync")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: cannot fetch from origin: fatal: ")
    assert repo_state(store_path) == before
