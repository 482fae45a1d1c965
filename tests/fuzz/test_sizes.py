"""Oversized sources are refused clearly under the store's cap; a 10 MB article is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from articlediff.store import Store
from tests.conftest import Cli, repo_state


def set_cap(store_path: Path, limit: int) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text() + f"max_source_bytes = {limit}\n")


def test_source_over_the_cap_is_refused_before_parsing(run: Cli, store_path: Path) -> None:
    set_cap(store_path, 1000)
    before = repo_state(store_path)
    result = run("save", "-", "--id", "local/big", input=b"Headline\n\n" + b"\xff" * 5000)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: <stdin>: too large (over the store's limit of 1,000 bytes, "
        "max_source_bytes in articlediff.toml)\n"
    )
    assert repo_state(store_path) == before
    assert run("save", "-", "--id", "local/ok", input="Headline\n\nSmall.\n").exit_code == 0


@pytest.mark.parametrize("value", ["0", '"ten"', "true", "-5"])
def test_bad_cap_setting_is_a_store_problem(run: Cli, store_path: Path, value: str) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text() + f"max_source_bytes = {value}\n")
    result = run("list")
    assert result.exit_code == 3
    assert "max_source_bytes" in result.stderr


@pytest.mark.slow
def test_ten_megabyte_article_is_saved(store_path: Path) -> None:
    from articlediff.app.save import save_source

    paragraph = " ".join(f"word{index % 997}" for index in range(150)) + "."
    count = 10_000_000 // (len(paragraph) + 2)
    data = ("Headline\n\n" + "\n\n".join([paragraph] * count) + "\n").encode()
    assert 9_900_000 < len(data) <= 10 * 1024 * 1024  # under the default cap
    with Store(store_path) as store:
        report = save_source(store, data, name="big.txt", article_id="local/big")
        assert report.change is not None
        assert len(store.history("local/big")[0].article.body) == count
