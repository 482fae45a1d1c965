"""One damaged article is one finding, and a repaired one is history.

A store holds two articles; a hand commit breaks the front matter of one of them. Store-wide
commands (check in every format, site, feed, audit) go on with the other article, report the
damaged one in one line on stderr and exit 3 at the end (3 outranks check's 1); single-article
reads of it stop with that line; nothing is changed by any of them. After ``git revert`` of
the damage, the damaged revision stays in the history, marked: ``log`` and ``verify`` warn
and exit 0, and every command reads the article again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articlediff.analysis.blame import blame
from articlediff.app.review import blame_article
from articlediff.model import resolve_revision
from articlediff.store import Store
from tests.conftest import Cli, git, repo_state

GOOD = "local/good"
BAD = "local/bad"
BROKEN = '---\nid: local/bad\nheadline: "unclosed\ncorrections: [\n---\n\nBody text.\n'


def save(run: Cli, article_id: str, at: str, text: str) -> None:
    result = run("save", "-", "--id", article_id, "--at", at, input=text)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def damaged(run: Cli, store_path: Path) -> str:
    """GOOD with an unexplained substantive change (a check error); BAD with r1, r2 and a
    hand commit r3 whose file does not parse. The damaging commit's id."""
    save(run, GOOD, "2024-06-19 07:00", "Quake\n\nOfficials counted 20 dead.\n")
    save(run, GOOD, "2024-06-19 08:00", "Quake\n\nOfficials counted 24 dead.\n")
    save(run, BAD, "2024-06-19 07:30", "Storm\n\nThe storm reached the coast.\n")
    save(run, BAD, "2024-06-19 08:30", "Storm\n\nThe storm reached the coast at noon.\n")
    (store_path / "versions/local/bad.md").write_text(BROKEN, encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "hand edit of the storm story")
    return git(store_path, "rev-parse", "HEAD").strip()


def one_damage_line(stderr: str, commit: str) -> None:
    lines = [line for line in stderr.splitlines() if "damaged revision" in line]
    assert len(lines) == 1, stderr
    assert f"damaged revision {BAD} r3 ({commit[:10]}, versions/local/bad.md):" in lines[0]
    assert "docs/team.md" in lines[0]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_check_goes_on_and_exits_3(run: Cli, store_path: Path, damaged: str, fmt: str) -> None:
    before = repo_state(store_path)
    result = run("check", "--format", fmt)
    assert result.exit_code == 3, result.stderr
    one_damage_line(result.stderr, damaged)
    assert "damaged-revision" in result.stdout  # a finding in every format
    assert "unexplained-change" in result.stdout  # the other article was checked
    if fmt == "json":
        report = json.loads(result.stdout)
        [bad] = [a for a in report["articles"] if a["id"] == BAD]
        [finding] = bad["findings"]
        assert (finding["rule"], finding["severity"], finding["revision"]) == (
            "damaged-revision",
            "error",
            "r3",
        )
        assert finding["commit"] == damaged
    assert repo_state(store_path) == before


def test_site_feed_and_audit_go_on_and_exit_3(
    run: Cli, store_path: Path, damaged: str, tmp_path: Path
) -> None:
    before = repo_state(store_path)
    site = run("site", str(tmp_path / "public"))
    assert site.exit_code == 3
    one_damage_line(site.stderr, damaged)
    assert (tmp_path / "public/articles/local/good/index.html").is_file()
    assert not (tmp_path / "public/articles/local/bad").exists()

    feed = run("feed")
    assert feed.exit_code == 3
    one_damage_line(feed.stderr, damaged)
    assert "local:good" in feed.stdout or GOOD in feed.stdout

    audit = run("audit", "--format", "json")
    assert audit.exit_code == 3
    one_damage_line(audit.stderr, damaged)
    rows = json.loads(audit.stdout)
    assert {(row["id"], row["revision"]) for row in rows} == {
        (GOOD, "r1"),
        (GOOD, "r2"),
        (BAD, "r1"),
        (BAD, "r2"),
    }
    assert repo_state(store_path) == before


def test_log_lists_the_damaged_revision_and_exits_3(
    run: Cli, store_path: Path, damaged: str
) -> None:
    result = run("log", BAD)
    assert result.exit_code == 3
    rows = result.stdout.splitlines()
    assert [row.split()[0] for row in rows] == ["r1", "r2", "r3"]
    assert "damaged" in rows[2] and "does not parse" not in rows[1]
    [line] = result.stderr.strip().splitlines()
    one_damage_line(line, damaged)
    as_json = json.loads(run("log", BAD, "--json").stdout)
    assert "damaged" in as_json[2] and "damaged" not in as_json[1]
    for args in (["show", BAD], ["diff", BAD], ["blame", BAD], ["notes", BAD]):
        read = run(*args)
        assert read.exit_code == 3, args
        [line] = read.stderr.strip().splitlines()
        one_damage_line(line, damaged)
    assert run("log", GOOD).exit_code == 0
    verify = run("verify")
    assert verify.exit_code == 3
    assert "does not parse" in verify.stdout


def test_a_reverted_damage_is_history(run: Cli, store_path: Path, damaged: str) -> None:
    git(store_path, "revert", "--no-edit", "HEAD")
    log = run("log", BAD)
    assert log.exit_code == 0, log.stderr
    assert [row.split()[0] for row in log.stdout.splitlines()] == ["r1", "r2", "r3", "r4"]
    [warning] = log.stderr.strip().splitlines()
    assert warning.startswith(f"warning: {BAD} r3 ({damaged[:10]}) is damaged")
    assert warning.endswith("repaired by r4")

    verify = run("verify")
    assert verify.exit_code == 0, verify.stdout + verify.stderr
    assert all(line.startswith("warning: ") for line in verify.stdout.splitlines())
    assert "does not parse" in verify.stdout and "git revert" in verify.stdout
    assert "warning" in verify.stderr

    check = run("check", BAD, "--format", "json")
    assert check.exit_code == 0, check.stderr
    [finding] = json.loads(check.stdout)["articles"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("damaged-revision", "warning")
    assert "repaired by r4" in finding["message"]

    shown = json.loads(run("show", BAD, "--json").stdout)
    assert (shown["revision"], shown["body"]) == ("r4", "The storm reached the coast at noon.")
    assert run("diff", BAD, "--from", "r2", "--to", "r4", "--format", "plain").exit_code == 0
    assert run("blame", BAD).exit_code == 0
    with Store(store_path) as store:  # the damaged revision sends blame the whole way
        history = store.history(BAD)
        for ref in ("latest", "r2", "r4"):
            whole = blame(history, resolve_revision(history, ref, store.tz))
            assert blame_article(store, BAD, ref) == whole
    at_r3 = run("show", BAD, "--at", "r3")
    assert at_r3.exit_code == 3
    one_damage_line(at_r3.stderr, damaged)
    assert run("site", str(store_path.parent / "public")).exit_code == 0
    assert run("audit").exit_code == 0
