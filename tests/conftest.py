"""Shared fixtures: real git repositories in tmp_path, isolated from the user's git set-up."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from articlediff.store import Store, init_store

# Property tests check results, never wall time: on a loaded machine one example can take
# longer than Hypothesis's default deadline (200 ms) and fail for nothing.
settings.register_profile("articlediff", deadline=None)
settings.load_profile("articlediff")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_VERSIONS = ROOT / "versions" / "gbnews" / "putin-kim-visit"
SAMPLE_LATEST = SAMPLE_VERSIONS / "2024-06-19T0814.txt"
SAMPLE_EARLIER = SAMPLE_VERSIONS / "2024-06-19T0738-constructed.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


PROXY_VARIABLES = (
    "http_proxy",
    "https_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "all_proxy",
)


def isolate_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global or system git configuration leaks in; identities are explicit; no proxy
    setting reaches the local test servers."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Editor")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "editor@example.org")
    monkeypatch.delenv("ARTICLEDIFF_STORE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global or system git configuration leaks into a test; identities are explicit."""
    isolate_git(monkeypatch, tmp_path)


def git(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """Run git in ``cwd`` with an explicit identity and return its stdout."""
    return subprocess.run(
        ["git", "-c", "user.name=Test Editor", "-c", "user.email=editor@example.org", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def repo_state(root: Path) -> tuple[str, str]:
    """HEAD and the full history, for "nothing changed" assertions (fsck must pass too)."""
    fsck = subprocess.run(
        ["git", "fsck", "--full", "--strict"], cwd=root, capture_output=True, text=True
    )
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    return git(root, "rev-parse", "HEAD").strip(), git(root, "log", "--format=%H %s")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    init_store(path, "Europe/London")[0].close()
    return path


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path) as opened:
        yield opened


class Cli:
    """``CliRunner`` bound to one store, with stdout and stderr kept apart."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: bytes | str | None = None) -> Result:
        from articlediff.cli import cli

        return self.runner.invoke(
            cli, ["--store", str(self.store_path), *args], input=input, catch_exceptions=False
        )


@pytest.fixture
def run(store_path: Path) -> Cli:
    return Cli(store_path)
