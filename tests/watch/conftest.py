"""Fixtures of the watch tests: a local outlet, and a store that watches it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from articlediff.app.watch import RoundReport, Stopper, WatchRun, watch
from articlediff.store import Store
from tests.conftest import git
from tests.watch.outlet import Outlet, running_outlet

T0 = datetime.fromisoformat("2024-06-19T08:00:00+01:00")
FAST = """
[watching]
host_delay = 0
backoff = 0
retries = 1
timeout = "5s"
"""


@pytest.fixture
def outlet() -> Iterator[Outlet]:
    with running_outlet() as serving:
        yield serving


def configure(store_path: Path, toml: str) -> None:
    """Append ``toml`` to the store's articlediff.toml and commit it (a config commit)."""
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text() + toml)
    git(store_path, "commit", "-q", "-m", "config: watch settings", "articlediff.toml")


class Clock:
    """The wall clock the watch sees, moved by the test."""

    def __init__(self, start: datetime = T0) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **length: float) -> None:
        self.moment += timedelta(**length)


def one_round(
    store_path: Path, clock: Clock, stopper: Stopper | None = None, **run: object
) -> RoundReport:
    """One ``watch --once`` round over a freshly opened store."""
    with Store(store_path) as store:
        options = WatchRun(allow_private=True, clock=clock, seed=7, **run)  # type: ignore[arg-type]
        return watch(store, options, once=True, stopper=stopper)[0]
