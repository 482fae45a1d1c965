"""The demo walks through the bundled sample in a throw-away store, running the real
commands: each step prints what the command prints, data on stdout and status on stderr."""

from __future__ import annotations

from click.testing import CliRunner

from articlediff.cli import cli
from articlediff.cli.commands.demo import as_typed


def test_demo_runs_on_the_sample() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "imported 2 revisions of 1 article in " in result.stderr
    assert "$ articlediff log gbnews/putin-kim-visit" in out
    assert '$ articlediff show gbnews/putin-kim-visit --at "19/06/2024 07:50"' in out
    assert "gbnews/putin-kim-visit r1 2024-06-19T07:38:00+01:00 published" in result.stderr
    headline = "Vladimir Putin embraces Kim Jong Un as Russian leader lands in Pyongyang"
    assert f"\nheadline: {headline}\n" in out
    assert "throw-away store" in result.stderr
    assert "r1, the 07:38 text, is constructed for illustration" in out


def test_demo_shows_the_diff_and_a_check_finding_with_its_fix() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    out = result.stdout
    assert "On Putin's first trip to the state in [-23-]{+24+} years" in out
    first_check, _, after_correct = out.partition("$ articlediff correct")
    assert "error   unexplained-change" in first_check
    assert "r3 2024-06-19T09:05:00+01:00 correction c1 correction fixes r2" in after_correct
    # check's summaries go to stderr, as the real check prints them
    assert result.stderr.index("1 error, 0 warnings") < result.stderr.index("0 errors, 1 warning")
    notes = out.partition("$ articlediff notes")[2]
    assert "Correction: an earlier version of this article misstated" in notes


def test_command_lines_are_shown_as_typed_in_a_shell() -> None:
    assert as_typed(["log", "gbnews/putin-kim-visit"]) == "log gbnews/putin-kim-visit"
    assert as_typed(["--at", "19/06/2024 07:50"]) == '--at "19/06/2024 07:50"'
    assert as_typed(["--text", 'It\'s "$5" `now`\\']) == '--text "It\'s \\"\\$5\\" \\`now\\`\\\\"'
