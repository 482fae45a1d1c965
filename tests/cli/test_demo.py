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
