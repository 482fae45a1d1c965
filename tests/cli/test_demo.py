"""The demo walks through the bundled sample in a throw-away store."""

from __future__ import annotations

from click.testing import CliRunner

from articlediff.cli import cli


def test_demo_runs_on_the_sample() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "gbnews/putin-kim-visit r1 2024-06-19T07:38:00+01:00 published" in out
    assert "gbnews/putin-kim-visit r2 2024-06-19T08:14:00+01:00 update" in out
    assert "$ articlediff log gbnews/putin-kim-visit" in out
    assert "r1: Vladimir Putin embraces Kim Jong Un as Russian leader lands in Pyongyang" in out
    assert "throw-away store" in result.stderr
    assert "r1, the 07:38 text, is constructed for illustration" in out


def test_demo_shows_the_diff_and_a_check_finding_with_its_fix() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    out = result.stdout
    assert "On Putin's first trip to the state in [-23-]{+24+} years" in out
    first_check, _, after_correct = out.partition("$ articlediff correct")
    assert "error   unexplained-change" in first_check
    assert "r3 2024-06-19T09:05:00+01:00 correction c1 correction fixes r2" in after_correct
    assert "0 errors, 1 warning" in after_correct
    notes = out.partition("$ articlediff notes")[2]
    assert "Correction: an earlier version of this article misstated" in notes
