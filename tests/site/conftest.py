"""The three-article store, built once per test module, and the site built from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from articlediff.site import build_site
from articlediff.store import Store
from tests.site.stores import build_store

BASE_URL = "https://news.example.org/history/"


def isolated_env(patch: pytest.MonkeyPatch, home: Path) -> None:
    patch.setenv("GIT_CONFIG_GLOBAL", str(home / "no-global-gitconfig"))
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    patch.setenv("GIT_COMMITTER_NAME", "Test Editor")
    patch.setenv("GIT_COMMITTER_EMAIL", "editor@example.org")
    patch.delenv("ARTICLEDIFF_STORE", raising=False)


@pytest.fixture(scope="module")
def three_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("three")
    with pytest.MonkeyPatch.context() as patch:
        isolated_env(patch, home)
        yield build_store(home / "store")


@pytest.fixture(scope="module")
def site_files(three_store: Path) -> dict[str, str]:
    with Store(three_store) as store:
        histories = [store.history(article_id) for article_id in store.article_ids()]
        return build_site(histories, store.tz, base_url=BASE_URL)
