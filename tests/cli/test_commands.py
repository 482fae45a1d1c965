"""init, save, list, log and show through the real CLI, on real stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from articlediff.cli import cli
from tests.conftest import SAMPLE_EARLIER, SAMPLE_LATEST, Cli, git, repo_state

SAMPLE_ID = "gbnews/putin-kim-visit"


def save_sample(run: Cli) -> None:
    first = run("save", str(SAMPLE_EARLIER), "--id", SAMPLE_ID, "--note", "first cut")
    assert first.exit_code == 0, first.stderr
    second = run("save", str(SAMPLE_LATEST), "--id", SAMPLE_ID)
    assert second.exit_code == 0, second.stderr


def test_init_then_init_again(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["init", str(tmp_path / "s"), "--timezone", "Europe/London"])
    assert first.exit_code == 0
    assert "created store" in first.stderr and first.stdout == ""
    second = runner.invoke(cli, ["init", str(tmp_path / "s")])
    assert second.exit_code == 0
    assert "already a store" in second.stderr


def test_save_prints_one_line(run: Cli) -> None:
    result = run("save", str(SAMPLE_LATEST), "--id", SAMPLE_ID)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{SAMPLE_ID} r1 2024-06-19T08:14:00+01:00 published +")


def test_save_json_and_unchanged(run: Cli) -> None:
    result = run("save", str(SAMPLE_LATEST), "--id", SAMPLE_ID, "--json")
    record = json.loads(result.stdout)
    assert record["revision"] == "r1" and record["unchanged"] is False
    assert record["words_added"] > 500 and record["words_deleted"] == 0
    again = run("save", str(SAMPLE_LATEST), "--id", SAMPLE_ID)
    assert again.exit_code == 0
    assert again.stdout.strip() == f"{SAMPLE_ID} unchanged (latest is r1)"


def test_default_id_is_a_slug_of_the_headline(run: Cli) -> None:
    result = run("save", str(SAMPLE_LATEST))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("local/vladimir-putin-embraces-kim-jong-un")


def test_save_from_stdin(run: Cli) -> None:
    result = run(
        "save",
        "-",
        "--id",
        "local/wire",
        "--at",
        "2024-06-19 09:00",
        input="Wire copy\n\nOne para.\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "local/wire r1 2024-06-19T09:00:00+01:00" in result.stdout


def test_log_and_show_round_trip(run: Cli, tmp_path: Path) -> None:
    save_sample(run)
    log = json.loads(run("log", SAMPLE_ID, "--json").stdout)
    assert [row["revision"] for row in log] == ["r1", "r2"]
    assert [row["kind"] for row in log] == ["published", "update"]
    assert log[0]["note"] == "first cut"
    assert log[0]["at"] == "2024-06-19T07:38:00+01:00"
    assert log[1]["at"] == "2024-06-19T08:14:00+01:00"
    assert log[1]["words_added"] > 0 and log[1]["words_deleted"] > 0

    shown = json.loads(run("show", SAMPLE_ID, "--json").stdout)
    expected_keys = {"id", "revision", "commit", "kind", "headline", "standfirst", "byline"}
    expected_keys |= {"published", "updated", "captions", "body", "corrections"}
    assert expected_keys <= set(shown)
    assert shown["revision"] == "r2"
    assert shown["byline"] == "James Saunders"
    assert shown["published"] == "2024-06-19T07:38:00+01:00"
    assert shown["updated"] == "2024-06-19T08:14:00+01:00"
    assert "Reuters" not in shown["body"].split("\n\n")
    assert shown["corrections"] == []

    # show's own output saves back as an identical revision
    exported = run("show", SAMPLE_ID, "--at", "r1")
    copy = tmp_path / "r1.md"
    copy.write_text(exported.stdout)
    resaved = run("save", str(copy), "--kind", "technical")
    assert resaved.exit_code == 0, resaved.stderr
    assert "r3" in resaved.stdout  # same text as r1, which differs from r2


def test_show_at_a_time_between_revisions(run: Cli) -> None:
    save_sample(run)
    shown = json.loads(run("show", SAMPLE_ID, "--at", "19/06/2024 07:50", "--json").stdout)
    assert shown["revision"] == "r1"
    shown = json.loads(run("show", SAMPLE_ID, "--at", "2024-06-19T07:20:00Z", "--json").stdout)
    assert shown["revision"] == "r2"  # 07:20 UTC is 08:20 BST


def test_log_text_and_window(run: Cli) -> None:
    save_sample(run)
    text = run("log", SAMPLE_ID)
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].startswith("r1 ") and "published" in lines[0] and "first cut" in lines[0]
    window = json.loads(run("log", SAMPLE_ID, "--since", "2024-06-19 08:00", "--json").stdout)
    assert [row["revision"] for row in window] == ["r2"]
    window = json.loads(run("log", SAMPLE_ID, "--until", "2024-06-19 08:14", "--json").stdout)
    assert [row["revision"] for row in window] == ["r1", "r2"]


def test_list(run: Cli) -> None:
    save_sample(run)
    run("save", "-", "--id", "local/other", "--at", "2024-06-20 10:00", input="Other\n\nText.\n")
    rows = json.loads(run("list", "--json").stdout)
    assert rows == [
        {
            "id": SAMPLE_ID,
            "revisions": 2,
            "first": "2024-06-19T07:38:00+01:00",
            "latest": "2024-06-19T08:14:00+01:00",
        },
        {
            "id": "local/other",
            "revisions": 1,
            "first": "2024-06-20T10:00:00+01:00",
            "latest": "2024-06-20T10:00:00+01:00",
        },
    ]
    assert SAMPLE_ID in run("list").stdout


BAD_INPUTS = [
    # (description, args, stdin, exit code, message)
    ("empty file", ["save", "-"], b"", 2, "empty"),
    ("binary file", ["save", "-"], b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "binary"),
    ("invalid UTF-8", ["save", "-"], b"Headline\n\nCaf\xe9 body\n", 2, "byte offset 13"),
    ("unparsable --at", ["save", "-", "--at", "tea time"], b"H\n\nBody.\n", 2, "cannot read time"),
    ("id with ..", ["save", "-", "--id", "../x"], b"H\n\nBody.\n", 2, "invalid article id"),
    ("id with slashes", ["save", "-", "--id", "a/b/c"], b"H\n\nBody.\n", 2, "invalid article id"),
    ("upper-case id", ["save", "-", "--id", "Local/X"], b"H\n\nBody.\n", 2, "invalid article id"),
    ("leading -", ["save", "-", "--id", "-x/y"], b"H\n\nBody.\n", 2, "invalid article id"),
    ("absolute id", ["save", "-", "--id", "/etc/x"], b"H\n\nBody.\n", 2, "invalid article id"),
    ("missing file", ["save", "no-such-file.txt"], None, 2, "cannot read"),
    ("unknown article", ["show", "local/nothing"], None, 2, "unknown article"),
    ("unknown revision", ["show", SAMPLE_ID, "--at", "r42"], None, 2, "no r42"),
    ("before first", ["show", SAMPLE_ID, "--at", "2020-01-01"], None, 2, "did not exist yet"),
    ("bad kind", ["save", "-", "--kind", "rumour"], b"H\n\nBody.\n", 2, "rumour"),
]


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_is_one_line_and_changes_nothing(
    run: Cli, args: list[str], stdin: bytes | None, code: int, message: str
) -> None:
    save_sample(run)
    before = repo_state(run.store_path)
    result = run(*args, input=stdin)
    assert result.exit_code == code, result.stdout + result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert repo_state(run.store_path) == before


def test_not_a_store_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 3
    assert "not inside an articlediff store" in result.stderr
    result = CliRunner().invoke(cli, ["--store", str(tmp_path), "list"])
    assert result.exit_code == 3


def test_store_found_from_env_and_from_cwd(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    save_sample(run)
    monkeypatch.setenv("ARTICLEDIFF_STORE", str(run.store_path))
    assert CliRunner().invoke(cli, ["list", "--json"]).exit_code == 0
    monkeypatch.delenv("ARTICLEDIFF_STORE")
    monkeypatch.chdir(run.store_path / "versions")
    result = CliRunner().invoke(cli, ["list", "--json"])
    assert json.loads(result.stdout)[0]["id"] == SAMPLE_ID


def test_hand_edited_invalid_yaml_is_exit_3(run: Cli) -> None:
    save_sample(run)
    path = run.store_path / "versions/gbnews/putin-kim-visit.md"
    path.write_text("---\nheadline: [unclosed\n---\n\nBody.\n")
    git(run.store_path, "commit", "-qam", "hand edit")
    before = repo_state(run.store_path)
    for args in (
        ["show", SAMPLE_ID],
        ["log", SAMPLE_ID],
        ["save", str(SAMPLE_LATEST), "--id", SAMPLE_ID],
    ):
        result = run(*args)
        assert result.exit_code == 3, args
        assert "damaged revision" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert repo_state(run.store_path) == before


def test_show_json_saves_back_unchanged(run: Cli, tmp_path: Path) -> None:
    save_sample(run)
    exported = tmp_path / "latest.json"
    exported.write_text(run("show", SAMPLE_ID, "--json").stdout)
    before = repo_state(run.store_path)
    result = run("save", str(exported))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"{SAMPLE_ID} unchanged (latest is r2)"
    assert repo_state(run.store_path) == before


def test_bad_json_is_one_line(run: Cli) -> None:
    result = run("save", "-", input='{"headline": "H", "body": ')
    assert result.exit_code == 2
    assert "not valid JSON" in result.stderr
    result = run("save", "-", input='{"headline": "H", "body": ["a"]}')
    assert result.exit_code == 2
    assert "'body' must be a string" in result.stderr


def test_oversized_source_is_refused_without_reading_it_all(run: Cli, tmp_path: Path) -> None:
    config = run.store_path / "articlediff.toml"
    config.write_text(config.read_text() + "max_source_bytes = 1000\n")
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + "word " * 100_000)
    before = repo_state(run.store_path)
    for args in (["save", str(big)], ["save", "-"]):
        result = run(*args, input=big.read_bytes() if args[-1] == "-" else None)
        assert result.exit_code == 2
        assert "too large (over the store's limit of 1,000 bytes" in result.stderr
    assert repo_state(run.store_path) == before


def test_log_window_takes_durations_as_audit_does(run: Cli) -> None:
    """``log --since 12h`` means twelve hours ago, as for ``audit``; the sample's revisions
    (June 2024) are older than that."""
    save_sample(run)
    rows = json.loads(run("log", SAMPLE_ID, "--since", "100000d", "--json").stdout)
    assert [row["revision"] for row in rows] == ["r1", "r2"]
    assert json.loads(run("log", SAMPLE_ID, "--since", "12h", "--json").stdout) == []
    assert json.loads(run("log", SAMPLE_ID, "--until", "12h", "--json").stdout) == rows
    audited = json.loads(run("audit", "--since", "100000d", "--format", "json").stdout)
    assert [row["revision"] for row in audited] == ["r2", "r1"]
    backwards = run("log", SAMPLE_ID, "--since", "1h", "--until", "1d")
    assert backwards.exit_code == 2 and "earlier than --since" in backwards.stderr
