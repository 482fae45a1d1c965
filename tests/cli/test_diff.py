"""diff through the real CLI on a real store: references, formats, colour, errors."""

from __future__ import annotations

import json

import html5lib
import pytest

from tests.cli.test_commands import SAMPLE_ID, save_sample
from tests.conftest import Cli, repo_state


@pytest.fixture
def sampled(run: Cli) -> Cli:
    save_sample(run)  # r1 at 07:38 +01:00 ("first cut"), r2 at 08:14 +01:00
    return run


def revisions(run: Cli, *args: str) -> tuple[str, str]:
    result = run("diff", SAMPLE_ID, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    return record["from"]["revision"], record["to"]["revision"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ("r1", "r2")),
        (("--from", "r2", "--to", "r1"), ("r2", "r1")),
        (("--from", "published", "--to", "latest"), ("r1", "r2")),
        (("--from", "19/06/2024 07:50"), ("r1", "r2")),  # between revisions, store's zone
        (("--to", "2024-06-19 08:13"), ("r1", "r1")),  # a minute before r2
        (("--to", "2024-06-19 08:14"), ("r1", "r2")),  # exactly at r2
        (("--to", "2024-06-19T07:20:00Z"), ("r1", "r2")),  # 07:20 UTC is 08:20 BST
        (("--to", "2024-06-19T08:13:59+01:00"), ("r1", "r1")),
        (("--from", "2024-06-19T09:00+02:00"), ("r1", "r2")),  # 08:00 BST
    ],
)
def test_each_reference_form(
    sampled: Cli, args: tuple[str, ...], expected: tuple[str, str]
) -> None:
    assert revisions(sampled, *args) == expected


def test_commit_prefix_reference(sampled: Cli) -> None:
    log = json.loads(sampled("log", SAMPLE_ID, "--json").stdout)
    assert revisions(sampled, "--from", log[1]["commit"][:8], "--to", log[0]["commit"][:12]) == (
        "r2",
        "r1",
    )


def test_same_revision_is_said_plainly(sampled: Cli) -> None:
    result = sampled("diff", SAMPLE_ID, "--from", "19/06/2024 07:50", "--to", "r1")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "same revision, r1" in result.stderr and "nothing to compare" in result.stderr


def test_plain_is_the_default_when_piped(sampled: Cli) -> None:
    result = sampled("diff", SAMPLE_ID)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == SAMPLE_ID
    assert lines[1] == "from r1  2024-06-19 07:38 +01:00  published  first cut"
    assert lines[2] == "to   r2  2024-06-19 08:14 +01:00  update"
    assert lines[3].startswith("words +85 -1")
    assert (
        "Headline: Vladimir Putin embraces Kim Jong Un [-as Russian leader lands-]" in result.stdout
    )
    assert "[-23-]{+24+}" in result.stdout
    assert "@@ paragraph 4, moved from paragraph 3 (move 1) @@" in result.stdout
    assert result.stdout.index("Headline:") < result.stdout.index("[-23-]")
    assert "\x1b" not in result.stdout
    assert result.stdout == sampled("diff", SAMPLE_ID, "--format", "plain").stdout


def test_terminal_format_has_no_ansi_when_piped(sampled: Cli) -> None:
    result = sampled("diff", SAMPLE_ID, "--format", "terminal")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "[-23-]{+24+}" in result.stdout


def test_color_flag_forces_ansi_and_no_color_wins(
    sampled: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    coloured = sampled("diff", SAMPLE_ID, "--format", "terminal", "--color")
    assert "\x1b[31;9m23\x1b[0m\x1b[32;4m24\x1b[0m" in coloured.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in sampled("diff", SAMPLE_ID, "--format", "terminal").stdout
    assert "\x1b" in sampled("diff", SAMPLE_ID, "--format", "terminal", "--color").stdout
    plain = sampled("diff", SAMPLE_ID, "--format", "terminal", "--no-color")
    assert "\x1b" not in plain.stdout


def test_context_and_parts(sampled: Cli) -> None:
    full = sampled("diff", SAMPLE_ID, "--context", "1").stdout
    none = sampled("diff", SAMPLE_ID, "--context", "0").stdout
    everything = sampled("diff", SAMPLE_ID, "--context", "100").stdout
    assert len(none) < len(full) < len(everything)
    assert "unchanged paragraph" not in everything and "unchanged paragraph" in full
    stat = sampled("diff", SAMPLE_ID, "--stat").stdout
    assert len(stat.splitlines()) == 4 and "verdict substantive" in stat
    fields = sampled("diff", SAMPLE_ID, "--fields-only").stdout
    assert "Headline:" in fields and "[-23-]" not in fields
    body = sampled("diff", SAMPLE_ID, "--word-diff-only").stdout
    assert "Headline:" not in body and SAMPLE_ID not in body and "[-23-]" in body
    stat_json = json.loads(sampled("diff", SAMPLE_ID, "--stat", "--format", "json").stdout)
    assert set(stat_json) == {"schema", "id", "from", "to", "stats", "verdict"}


def test_markdown_format(sampled: Cli) -> None:
    result = sampled("diff", SAMPLE_ID, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Changes to ")
    assert "{~~23~>24~~}" in result.stdout and "{++" in result.stdout


@pytest.mark.parametrize("side", [(), ("--side-by-side",)])
def test_html_format_is_valid(sampled: Cli, side: tuple[str, ...]) -> None:
    result = sampled("diff", SAMPLE_ID, "--format", "html", *side)
    assert result.exit_code == 0, result.stderr
    html5lib.HTMLParser(strict=True).parse(result.stdout)
    assert '<del><span class="vh">[deleted: </span>23' in result.stdout


def test_json_format(sampled: Cli) -> None:
    record = json.loads(sampled("diff", SAMPLE_ID, "--format", "json").stdout)
    assert record["schema"] == "articlediff.diff/1"
    assert record["id"] == SAMPLE_ID
    assert (
        record["from"]["note"] == "first cut" and record["to"]["at"] == "2024-06-19T08:14:00+01:00"
    )
    assert {"ops", "paragraphs", "fields", "stats", "verdict", "changes"} <= set(record)
    assert record["verdict"] == "substantive"


def test_same_revision_json_still_prints_a_diff(sampled: Cli) -> None:
    result = sampled("diff", SAMPLE_ID, "--from", "r2", "--to", "latest", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["stats"]["words_added"] == 0
    assert "same revision" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "r9"), "there is no r9"),
        (("--to", "yesterday-ish"), "unknown revision"),
        (("--from", "2024-06-19 07:00"), "did not exist yet"),
        (("--format", "pdf"), "Invalid value for '--format'"),
        (("--context", "-1"), "--context"),
        (("--stat", "--fields-only"), "only one of"),
        (("--side-by-side",), "--side-by-side needs --format html"),
    ],
)
def test_bad_input_is_one_line_exit_2(sampled: Cli, args: tuple[str, ...], message: str) -> None:
    before = repo_state(sampled.store_path)
    result = sampled("diff", SAMPLE_ID, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert repo_state(sampled.store_path) == before


def test_unknown_article_and_not_a_store(sampled: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = sampled("diff", "gbnews/nothing-here")
    assert result.exit_code == 2 and "unknown article" in result.stderr
    other = Cli(tmp_path / "nowhere")
    missing = other("diff", SAMPLE_ID)
    assert missing.exit_code == 3 and missing.stdout == ""
