"""``articlediff batch`` computes its rows under the page-furniture patterns ``check`` and
``diff`` use: a store's ``[furniture]`` and ``[furniture.outlets.<outlet>]`` patterns, or
for a corpus those of the settings file given with ``--config``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from articlediff.check.pairs import history_records
from articlediff.store import Store
from tests.batch.conftest import leftovers, parquet_rows, store_rows
from tests.conftest import Cli, git, repo_state

LEAD = "At least 23 people died when an earthquake struck the town of Harbourside."
PROMO = "Follow the desk on Mastodon for {n} live updates every day."
TIP = "Tip line: call the newsroom on {n} with what you saw."
FURNITURE = (
    "\n[furniture]\npatterns = ['^Tip line:.*$']\n"
    "\n[furniture.outlets.daily]\npatterns = ['^Follow the desk on Mastodon\\b.*$']\n"
)
IDS = ("daily/quake", "other/quake")


def body(n: int) -> str:
    return f"{LEAD}\n\n{PROMO.format(n=n)}\n\n{TIP.format(n=n + 100)}"


@pytest.fixture
def furnished(run: Cli, store_path: Path) -> Path:
    """Two outlets, the same edits in each: a figure in a promo line that is furniture for
    outlet daily only, and a figure in a tip line that is furniture for every outlet."""
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text(encoding="utf-8") + FURNITURE, encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "config: furniture")
    for article_id in IDS:
        for at, n in (("2024-06-19 07:00", 12), ("2024-06-19 08:00", 40)):
            text = f"Earthquake strikes coastal town\n\n{body(n)}\n"
            result = run("save", "-", "--id", article_id, "--at", at, input=text)
            assert result.exit_code == 0, result.stderr
    return store_path


def by_article(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    assert all(row["new_revision"] == 2 for row in rows)
    return {row["id"]: row for row in rows}


def test_store_rows_are_what_check_and_diff_say(furnished: Path, run: Cli, tmp_path: Path) -> None:
    before = repo_state(furnished)
    out = tmp_path / "pairs.parquet"
    result = run("batch", "-o", str(out), "--workers", "2", "--partition-size", "1")
    assert result.exit_code == 0, result.stderr
    rows = parquet_rows(out)
    assert rows == store_rows(furnished)
    found = by_article(rows)
    assert (found["daily/quake"]["verdict"], found["other/quake"]["verdict"]) == (
        "minor",
        "substantive",
    )
    # Row by row, the verdict and reasons of 'diff' and the findings of 'check'.
    checked = json.loads(run("check", "--format", "json").stdout)
    findings = {a["id"]: a["findings"] for a in checked["articles"]}
    for article_id in IDS:
        diff = json.loads(run("diff", article_id, "--format", "json").stdout)
        row = found[article_id]
        assert row["verdict"] == diff["verdict"]
        decisive = [
            {"field": c["field"], "kind": c["kind"], **r}
            for c in diff["changes"]
            if c["level"] == diff["verdict"]
            for r in c["reasons"]
            if r["level"] == c["level"]
        ]
        assert row["reasons"] == decisive
        assert [(f["rule"], f["message"], f["quotes"]) for f in row["findings"]] == [
            (f["rule"], f["message"], f["changed"]) for f in findings[article_id]
        ]
    assert found["daily/quake"]["findings"] == []
    assert [f["rule"] for f in found["other/quake"]["findings"]] == ["unexplained-change"]
    # Without the store's patterns the daily row would be a substantive change.
    with Store(furnished) as store:
        bare = history_records(store.history("daily/quake"))
    assert bare[0]["verdict"] == "substantive"
    assert repo_state(furnished) == before
    assert git(furnished, "status", "--porcelain") == ""


def corpus(path: Path) -> Path:
    lines = [
        {
            "id": article_id,
            "at": at,
            "headline": "Earthquake strikes coastal town",
            "body": body(n),
        }
        for article_id in IDS
        for at, n in (("2024-06-19T07:00+01:00", 12), ("2024-06-19T08:00+01:00", 40))
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_corpus_takes_the_furniture_of_a_settings_file(
    furnished: Path, run: Cli, tmp_path: Path
) -> None:
    """The store's own articlediff.toml, given with --config, makes a corpus of the same
    revisions give the store's verdicts, reasons and findings; without it, the built-in
    patterns alone apply."""
    source = corpus(tmp_path / "corpus.jsonl")
    out = tmp_path / "corpus.parquet"
    config = furnished / "articlediff.toml"
    result = run("batch", str(source), "-o", str(out), "--config", str(config))
    assert result.exit_code == 0, result.stderr
    store = by_article(store_rows(furnished))
    rows = by_article(parquet_rows(out))
    same = ("verdict", "reasons", "findings", "words_added", "words_deleted", "fields_changed")
    for article_id in IDS:
        assert {k: rows[article_id][k] for k in same} == {k: store[article_id][k] for k in same}
    plain = tmp_path / "plain.parquet"
    result = run("batch", str(source), "-o", str(plain), "--scheduler", "synchronous")
    assert result.exit_code == 0, result.stderr
    assert by_article(parquet_rows(plain))["daily/quake"]["verdict"] == "substantive"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "no-such.toml: cannot read it: No such file or directory"),
        ("[furniture\n", "not valid TOML"),
        ("[furniture]\npatterns = ['(']\n", "[furniture] patterns[1]: '(' is not a regular"),
        ("[check.rules]\nlate-notes = 'off'\n", "unknown rule 'late-notes' in [check.rules]"),
        ("check = 1\n", "[check] must be a table"),
    ],
)
def test_a_bad_settings_file_writes_nothing(
    run: Cli, tmp_path: Path, config: str | None, message: str
) -> None:
    source = corpus(tmp_path / "corpus.jsonl")
    settings = tmp_path / "no-such.toml"
    if config is not None:
        settings = tmp_path / "settings.toml"
        settings.write_text(config, encoding="utf-8")
    out = tmp_path / "pairs.parquet"
    result = run("batch", str(source), "-o", str(out), "--config", str(settings))
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert not out.exists() and list(leftovers(tmp_path)) == []


def test_config_is_refused_with_a_store(furnished: Path, run: Cli, tmp_path: Path) -> None:
    before = repo_state(furnished)
    out = tmp_path / "pairs.parquet"
    config = furnished / "articlediff.toml"
    result = run("batch", "-o", str(out), "--config", str(config))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --config is for a corpus: a store's rules and furniture are its articlediff.toml\n"
    )
    assert not out.exists()
    assert repo_state(furnished) == before
