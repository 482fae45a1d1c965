"""Page-furniture patterns from articlediff.toml, per outlet, in every verdict of the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, git, repo_state

LEAD = "At least 23 people died when an earthquake struck the town of Harbourside."
PROMO = "Follow the desk on Mastodon for {n} live updates every day."
OUTLET_TABLE = "\n[furniture.outlets.daily]\npatterns = ['^Follow the desk on Mastodon\\b.*$']\n"


def configure(store_path: Path, text: str) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "config: furniture")


def save(run: Cli, article_id: str, at: str, n: int) -> None:
    text = f"Earthquake strikes coastal town\n\n{LEAD}\n\n{PROMO.format(n=n)}\n"
    result = run("save", "-", "--id", article_id, "--at", at, input=text)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def two_outlets(run: Cli, store_path: Path) -> Cli:
    """The same edit (a figure in a promo line) in an article of outlet daily, whose
    furniture patterns match the line, and of outlet other, whose do not."""
    configure(store_path, OUTLET_TABLE)
    for article_id in ("daily/quake", "other/quake"):
        save(run, article_id, "2024-06-19 07:00", 12)
        save(run, article_id, "2024-06-19 08:00", 40)
    return run


def test_a_line_is_furniture_for_its_outlet_only(two_outlets: Cli, store_path: Path) -> None:
    run = two_outlets
    verdicts = {}
    for article_id in ("daily/quake", "other/quake"):
        diff = json.loads(run("diff", article_id, "--format", "json").stdout)
        verdicts[article_id] = diff["verdict"]
        signals = {r["signal"] for c in diff["changes"] for r in c["reasons"]}
        assert ("furniture" in signals) == (article_id == "daily/quake")
    assert verdicts == {"daily/quake": "minor", "other/quake": "substantive"}

    checked = run("check", "--format", "json")
    assert checked.exit_code == 1
    articles = json.loads(checked.stdout)["articles"]
    failing = {a["id"]: [f["rule"] for f in a["findings"]] for a in articles}
    assert failing["daily/quake"] == []
    assert "unexplained-change" in failing["other/quake"]

    audit = json.loads(run("audit", "--format", "json").stdout)
    by_row = {(row["id"], row["revision"]): row["verdict"] for row in audit}
    assert by_row[("daily/quake", "r2")] == "minor"
    assert by_row[("other/quake", "r2")] == "substantive"

    for article_id, expected in (("daily/quake", "minor"), ("other/quake", "substantive")):
        notes = json.loads(run("notes", article_id, "--format", "json").stdout)
        assert notes["notes"][0]["verdict"] == expected

    site = store_path.parent / "public"
    assert run("site", str(site)).exit_code == 0
    daily = (site / "articles/daily/quake/index.html").read_text(encoding="utf-8")
    other = (site / "articles/other/quake/index.html").read_text(encoding="utf-8")
    assert "minor" in daily and "substantive" not in daily
    assert "substantive" in other


def test_common_patterns_apply_to_every_outlet(run: Cli, store_path: Path) -> None:
    configure(store_path, "\n[furniture]\npatterns = ['^Follow the desk on Mastodon\\b.*$']\n")
    for article_id in ("daily/quake", "other/quake"):
        save(run, article_id, "2024-06-19 07:00", 12)
        save(run, article_id, "2024-06-19 08:00", 40)
    result = run("check")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "\n[furniture.outlets.daily]\npatterns = ['(unclosed']\n",
            "articlediff.toml: [furniture.outlets.daily] patterns[1]: '(unclosed' is not a "
            "regular expression (missing ), unterminated subpattern at position 0)",
        ),
        ("\n[furniture]\npatterns = ['ok', '[z-a]']\n", "[furniture] patterns[2]: '[z-a]'"),
        ("\n[furniture]\npattern = ['x']\n", "unknown setting [furniture] pattern"),
        ("\n[furniture.outlets.daily]\nbuiltin = false\n", "[furniture.outlets.daily] builtin"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("diff", "daily/quake"),
        ("check",),
        ("audit",),
        ("notes", "daily/quake"),
        ("feed",),
        ("accept", "daily/quake", "r2", "--reason", "house promo"),
    ],
)
def test_a_bad_pattern_is_bad_input_naming_its_key(
    run: Cli, store_path: Path, table: str, message: str, command: tuple[str, ...]
) -> None:
    save(run, "daily/quake", "2024-06-19 07:00", 12)
    save(run, "daily/quake", "2024-06-19 08:00", 40)
    configure(store_path, table)
    before = repo_state(store_path)
    result = run(*command)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""
