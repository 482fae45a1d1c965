"""Import refuses oversized sources just as save does, before writing anything."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, repo_state


def limit_store(run: Cli, limit: int) -> None:
    config = run.store_path / "articlediff.toml"
    config.write_text(config.read_text() + f"max_source_bytes = {limit}\n")


def test_oversized_revision_file_is_refused(run: Cli, tmp_path: Path) -> None:
    limit_store(run, 200)
    folder = tmp_path / "in" / "local" / "big"
    folder.mkdir(parents=True)
    (folder / "r1.txt").write_text("Headline\n\n" + "word " * 100)
    before = repo_state(run.store_path)
    result = run("import", str(tmp_path / "in"))
    assert result.exit_code == 2
    assert "too large" in result.stderr and "r1.txt" in result.stderr
    assert repo_state(run.store_path) == before


def test_oversized_jsonl_record_is_refused(run: Cli, tmp_path: Path) -> None:
    limit_store(run, 200)
    feed = tmp_path / "feed.jsonl"
    record = {"id": "local/big", "at": "2024-06-19T08:00+01:00", "text": "H\n\n" + "w " * 200}
    feed.write_text(json.dumps(record) + "\n")
    before = repo_state(run.store_path)
    result = run("import", str(feed))
    assert result.exit_code == 2
    assert "feed.jsonl:1: too large" in result.stderr
    assert repo_state(run.store_path) == before
