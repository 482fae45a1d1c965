"""articlediff accept, and correct's wording refusal and --supersedes, on real stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.check.articles import ARTICLE_ID, GOOD_NOTE, article_text, write
from tests.conftest import Cli, git, repo_state

REASON = "The toll was 24 from the start; r1 had a typing slip caught before anyone read it."


def save(run: Cli, folder: Path, name: str, text: str) -> None:
    result = run("save", write(folder, name, text))
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def unexplained(run: Cli, tmp_path: Path) -> Cli:
    """r1 says 23 dead; r2 says 24 with a new updated time and no note; r3 is a clean tweak."""
    save(run, tmp_path, "r1.md", article_text(toll=23))
    save(run, tmp_path, "r2.md", article_text(toll=24, updated="2024-06-19T08:00:00+01:00"))
    save(
        run,
        tmp_path,
        "r3.md",
        article_text(
            toll=24,
            updated="2024-06-19T08:10:00+01:00",
            second="Rescue teams were searching collapsed buildings through the night .",
        ),
    )
    return run


def unchanged(store_path: Path, before: tuple[str, str]) -> None:
    """The store is exactly as it was: same HEAD, same history, fsck clean, no stray files."""
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""


def test_accept_answers_the_finding_and_is_counted(unexplained: Cli, store_path: Path) -> None:
    run = unexplained
    assert run("check").exit_code == 1
    result = run("accept", ARTICLE_ID, "r2", "--reason", REASON)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{ARTICLE_ID} r4 ")
    assert result.stdout.endswith(" technical c1 accepts r2 (unexplained-change)\n")
    message = git(store_path, "log", "-1", "--format=%B")
    assert message.startswith(f"technical: {ARTICLE_ID}\n\nc1 accepts r2: {REASON}\n")
    assert "Revision-Kind: technical" in message

    checked = run("check")
    assert (checked.exit_code, checked.stdout) == (0, "")
    assert checked.stderr == "no findings in 1 article (4 revisions checked); 1 accepted\n"
    data = json.loads(run("check", "--format", "json").stdout)
    assert data["ok"] is True and data["summary"]["accepted"] == 1
    [accepted] = data["articles"][0]["accepted"]
    assert accepted["rule"] == "unexplained-change" and accepted["revision"] == "r2"
    assert accepted["accepted"]["entry"] == "c1"
    assert accepted["accepted"]["reason"] == REASON
    assert {"signal": "number", "old": "23", "new": "24"}.items() <= accepted["reasons"][0].items()
    assert data["articles"][0]["findings"] == []

    # Editors see it in the log; readers never do.
    log = json.loads(run("log", ARTICLE_ID, "--json").stdout)
    assert log[-1]["kind"] == "technical" and log[-1]["note"] == f"c1 accepts r2: {REASON}"
    assert f"c1 accepts r2: {REASON}" in run("log", ARTICLE_ID).stdout
    for args in (("notes", ARTICLE_ID, "--format", "json"), ("notes", ARTICLE_ID), ("feed",)):
        shown = run(*args)
        assert shown.exit_code == 0, shown.stderr
        assert "typing slip" not in shown.stdout, args
    site = store_path.parent / "public"
    assert run("site", str(site)).exit_code == 0
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file())
    assert "typing slip" not in pages
    assert run("verify").exit_code == 0


def test_accept_json_names_the_findings_it_answers(unexplained: Cli) -> None:
    result = unexplained("accept", ARTICLE_ID, "r2", "--reason", REASON, "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["revision"] == "r4" and record["kind"] == "technical"
    assert record["entry"]["kind"] == "accepted" and record["entry"]["fixed_in"] == "r2"
    assert [f["rule"] for f in record["answers"]] == ["unexplained-change"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("local/nothing", "r2", "--reason", REASON), "unknown article"),
        ((ARTICLE_ID, "r9", "--reason", REASON), "there is no r9"),
        ((ARTICLE_ID, "r2", "--reason", "  \n "), "--reason is empty"),
        ((ARTICLE_ID, "r1", "--reason", REASON), "r1 has nothing to accept"),
        ((ARTICLE_ID, "r3", "--reason", REASON), "r3 has nothing to accept"),
        (("../x", "r2", "--reason", REASON), "invalid article id"),
    ],
)
def test_refusals_change_nothing(
    unexplained: Cli, store_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = repo_state(store_path)
    result = unexplained("accept", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    unchanged(store_path, before)


def test_a_second_acceptance_is_refused(unexplained: Cli, store_path: Path) -> None:
    run = unexplained
    assert run("accept", ARTICLE_ID, "r2", "--reason", REASON).exit_code == 0
    before = repo_state(store_path)
    again = run("accept", ARTICLE_ID, "r2", "--reason", "another reason")
    assert again.exit_code == 2
    assert again.stderr == (
        f"Error: {ARTICLE_ID} r2 is already accepted by log entry c1; entries are append-only\n"
    )
    unchanged(store_path, before)


def test_acceptance_survives_later_saves_and_is_append_only(
    unexplained: Cli, store_path: Path, tmp_path: Path
) -> None:
    run = unexplained
    assert run("accept", ARTICLE_ID, "r2", "--reason", REASON).exit_code == 0
    save(run, tmp_path, "r5.md", article_text(toll=24, updated="2024-06-19T09:00:00+01:00"))
    shown = json.loads(run("show", ARTICLE_ID, "--json").stdout)
    assert [(e["id"], e["kind"]) for e in shown["corrections"]] == [("c1", "accepted")]
    assert run("check").exit_code == 0
    # Removing the acceptance by hand is a deleted log entry, and r2 fails again.
    path = store_path / "versions/local/quake.md"
    write(tmp_path, "r6.md", article_text(toll=24, updated="2024-06-19T09:10:00+01:00"))
    path.write_text(article_text(toll=24, updated="2024-06-19T09:10:00+01:00"), encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "hand edit")
    out = run("check").stdout
    assert "correction-deleted" in out


def test_accepting_a_stealth_edit(run: Cli, store_path: Path, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text(toll=23))
    save(run, tmp_path, "r2.md", article_text(toll=24))
    out = run("check").stdout
    assert "unexplained-change" in out and "stealth-edit" in out
    result = run("accept", ARTICLE_ID, "r2", "--reason", REASON)
    assert result.stdout.endswith("accepts r2 (stealth-edit, unexplained-change)\n")
    checked = run("check")
    assert checked.exit_code == 0
    assert checked.stderr.endswith("; 2 accepted\n")


def test_an_update_level_change_can_be_accepted_for_strict_runs(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text())
    save(
        run,
        tmp_path,
        "r2.md",
        article_text(updated="2024-06-19T08:00:00+01:00", extra=("Roads to the town were shut.",)),
    )
    assert run("check", "--strict").exit_code == 1
    assert run("accept", ARTICLE_ID, "r2", "--reason", "Routine detail").exit_code == 0
    assert run("check", "--strict").exit_code == 0


# -- correct refuses what check rejects; a later entry supersedes an earlier wording ---------


def test_correct_refuses_wording_check_rejects(unexplained: Cli, store_path: Path) -> None:
    before = repo_state(store_path)
    result = unexplained(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", "Correction: fixed.",
        "--fixes", "r2",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the correction says only 'fixed', not what was wrong (e.g. 'an earlier "
        "version misstated ...') (rule correction-wording); nothing saved\n"
    )
    unchanged(store_path, before)
    # Other kinds are not judged by the rule, and neither is anything the store turned off.
    ok = unexplained("correct", ARTICLE_ID, "--kind", "update", "--text", "Update: fixed.")
    assert ok.exit_code == 0, ok.stderr


def test_correct_follows_the_rule_setting(
    unexplained: Cli, store_path: Path, tmp_path: Path
) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(
        config.read_text() + '\n[check.rules]\ncorrection-wording = "warning"\n', "utf-8"
    )
    result = unexplained(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", "Correction: fixed.",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: c1: the correction says only 'fixed'")


def test_supersedes_replaces_a_bad_wording(
    unexplained: Cli, store_path: Path, tmp_path: Path
) -> None:
    run = unexplained
    bad = (
        "corrections:\n- id: c1\n  kind: correction\n  at: '2024-06-19T08:20:00+01:00'\n"
        "  text: 'Correction: fixed.'\n  fixed_in: r2\n"
    )
    save(
        run,
        tmp_path,
        "r4.md",
        article_text(toll=24, updated="2024-06-19T08:20:00+01:00", corrections=bad),
    )
    out = run("check").stdout
    assert "correction-wording: the log entry c1 says only 'fixed'" in out
    result = run(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE, "--supersedes", "c1",
        "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    entry = json.loads(result.stdout)["entry"]
    assert (entry["id"], entry["supersedes"], entry["fixed_in"]) == ("c2", "c1", "r2")
    checked = run("check")
    assert checked.exit_code == 0, checked.stdout
    # The superseded entry stays in the log; readers see the new wording only.
    shown = json.loads(run("show", ARTICLE_ID, "--json").stdout)
    assert [e["id"] for e in shown["corrections"]] == ["c1", "c2"]
    notes = run("notes", ARTICLE_ID).stdout
    assert GOOD_NOTE in notes and "Correction: fixed." not in notes
    # c1 cannot be superseded twice, nor can a missing entry.
    before = repo_state(store_path)
    for target, message in (("c1", "c2 superseded it already"), ("c9", "no such log entry")):
        again = run(
            "correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE,
            "--supersedes", target,
        )  # fmt: skip
        assert again.exit_code == 2 and message in again.stderr, again.stderr
        unchanged(store_path, before)
