"""articlediff correct on real stores: appending to the log, as a revision of kind correction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.check.articles import ARTICLE_ID, GOOD_NOTE, article_text, write
from tests.conftest import Cli, git, repo_state

FILE = "versions/local/quake.md"


@pytest.fixture
def two_revisions(run: Cli, tmp_path: Path) -> Cli:
    for name, text in (
        ("r1.md", article_text(toll=23)),
        ("r2.md", article_text(toll=24, updated="2024-06-19T08:00:00+01:00")),
    ):
        result = run("save", write(tmp_path, name, text))
        assert result.exit_code == 0, result.stderr
    return run


def test_correct_appends_an_entry_as_a_correction_revision(
    two_revisions: Cli, store_path: Path
) -> None:
    run = two_revisions
    result = run(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE,
        "--fixes", "r2", "--at", "19/06/2024 08:30",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"{ARTICLE_ID} r3 2024-06-19T08:30:00+01:00 correction c1 correction fixes r2 +0 -0 words\n"
    )
    assert result.stderr == ""
    log = json.loads(run("log", ARTICLE_ID, "--json").stdout)
    assert [row["kind"] for row in log] == ["published", "update", "correction"]
    assert log[2]["note"] == f"c1: {GOOD_NOTE}"
    shown = json.loads(run("show", ARTICLE_ID, "--json").stdout)
    assert shown["corrections"] == [
        {
            "id": "c1",
            "kind": "correction",
            "at": "2024-06-19T08:30:00+01:00",
            "text": GOOD_NOTE,
            "fixed_in": "r2",
            "supersedes": None,
        }
    ]
    message = git(store_path, "log", "-1", "--format=%B")
    assert message.startswith(f"correction: {ARTICLE_ID}\n")
    assert "Revision-Kind: correction" in message


def test_ids_count_up_and_entries_are_never_edited(two_revisions: Cli) -> None:
    run = two_revisions
    first = run("correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE, "--json")
    assert first.exit_code == 0, first.stderr
    record = json.loads(first.stdout)
    assert record["revision"] == "r3" and record["kind"] == "correction"
    assert record["entry"]["id"] == "c1" and record["entry"]["fixed_in"] == "r3"
    second = run(
        "correct", ARTICLE_ID, "--kind", "clarification",
        "--text", "Clarification: the town is in the north.", "--json",
    )  # fmt: skip
    assert json.loads(second.stdout)["entry"]["id"] == "c2"
    shown = json.loads(run("show", ARTICLE_ID, "--json").stdout)
    assert [entry["id"] for entry in shown["corrections"]] == ["c1", "c2"]
    assert shown["corrections"][0] == record["entry"]


def test_fixes_takes_any_revision_reference(two_revisions: Cli, store_path: Path) -> None:
    run = two_revisions
    commit = git(store_path, "rev-parse", "HEAD").strip()
    for ref in (commit[:8], "r2", "19/06/2024 08:05"):
        result = run(
            "correct", ARTICLE_ID, "--kind", "update", "--text", "Update: x", "--fixes", ref
        )
        assert result.exit_code == 0, result.stderr
        assert " fixes r2 " in result.stdout


def test_from_file_changes_the_body_in_the_same_revision(
    two_revisions: Cli, tmp_path: Path
) -> None:
    run = two_revisions
    text = article_text(toll=25, updated=None).replace(f"id: {ARTICLE_ID}\n", "")
    result = run(
        "correct", ARTICLE_ID, "--kind", "correction",
        "--text", "Correction: An earlier version misstated the toll as 24.",
        "--from-file", write(tmp_path, "r3.md", text), "--at", "2024-06-19T09:00:00+01:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("fixes r3 +1 -1 words\n")
    shown = json.loads(run("show", ARTICLE_ID, "--json").stdout)
    assert "At least 25 people" in shown["body"]
    assert shown["updated"] == "2024-06-19T09:00:00+01:00"
    assert shown["published"] == "2024-06-19T07:00:00+01:00"
    check = run("check", ARTICLE_ID)
    assert check.exit_code == 1  # r2's change to 24 is still unexplained
    assert "r2" in check.stdout and "r3" not in check.stdout


def test_a_euphemism_is_refused(two_revisions: Cli, store_path: Path) -> None:
    before = repo_state(store_path)
    result = two_revisions(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", "Correction: tweaked"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the correction says only 'tweaked', not what was wrong (e.g. 'an earlier "
        "version misstated ...') (rule correction-wording); nothing saved\n"
    )
    assert repo_state(store_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("local/nope", "--kind", "correction", "--text", "x"), "unknown article 'local/nope'"),
        ((ARTICLE_ID, "--kind", "erratum", "--text", "x"), "Invalid value for '--kind'"),
        ((ARTICLE_ID, "--kind", "correction"), "Missing option '--text'"),
        ((ARTICLE_ID, "--kind", "correction", "--text", "  "), "--text is empty"),
        ((ARTICLE_ID, "--kind", "correction", "--text", "x", "--fixes", "r9"), "there is no r9"),
        ((ARTICLE_ID, "--kind", "correction", "--text", "x", "--at", "soon"), "cannot read time"),
        (
            (ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE, "--at", "2024-06-19 07:30"),
            "earlier than local/quake r2",
        ),
        (
            (ARTICLE_ID, "--kind", "correction", "--text", "x", "--from-file", "missing.md"),
            "cannot read missing.md",
        ),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(
    two_revisions: Cli, store_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = repo_state(store_path)
    result = two_revisions("correct", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert repo_state(store_path) == before


def test_from_file_naming_another_article_is_refused(
    two_revisions: Cli, store_path: Path, tmp_path: Path
) -> None:
    other = write(tmp_path, "other.md", article_text().replace(ARTICLE_ID, "local/other"))
    before = repo_state(store_path)
    result = two_revisions(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE, "--from-file", other
    )
    assert result.exit_code == 2 and "names local/other, not local/quake" in result.stderr
    assert repo_state(store_path) == before


def test_not_a_store_exits_3(tmp_path: Path) -> None:
    run = Cli(tmp_path / "nowhere")
    result = run("correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE)
    assert result.exit_code == 3 and "not an articlediff store" in result.stderr
