"""Retries with backoff and jitter, Retry-After, the circuit breaker, robots.txt failures."""

from __future__ import annotations

from pathlib import Path

from articlediff.app.watch import Stopper
from tests.conftest import repo_state
from tests.watch.conftest import Clock, configure, one_round
from tests.watch.outlet import Outlet, Resource, article_page

BODY = article_page(
    "Harbour bridge to close",
    [
        "The harbour bridge will close for three weeks of repairs, the council said.",
        "Engineers found corrosion in two of the main cables during an inspection.",
    ],
)


class Waits(Stopper):
    """A stopper that records the waits asked of it instead of sleeping."""

    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float] = []

    def wait(self, seconds: float) -> bool:
        if seconds > 0:
            self.waits.append(round(seconds, 6))
        return self.stopped


def failing_source(outlet: Outlet, store_path: Path, settings: str) -> None:
    outlet.serve("/broken", Resource(b"server error", status=500))
    outlet.serve("/fine", Resource(BODY))
    configure(
        store_path,
        f"[watching]\nhost_delay = 0\n{settings}\n"
        '[[watch]]\nname = "list"\noutlet = "example"\nkind = "urls"\n'
        f'urls = ["{outlet.url("/broken")}"]\n',
    )


def test_passing_failures_are_retried_with_exponential_backoff_and_seeded_jitter(
    outlet: Outlet, store_path: Path
) -> None:
    failing_source(outlet, store_path, 'retries = 3\nbackoff = "2s"\nbreaker_failures = 10')
    stopper = Waits()
    report = one_round(store_path, Clock(), stopper)
    assert outlet.statuses("/broken") == [500, 500, 500, 500]  # one try and three retries
    assert report.failed == 1 and "HTTP 500" in report.problems[0]
    # 2s, 4s, 8s, each times a jitter factor in [0.5, 1.5)
    assert [2 * 0.5 <= stopper.waits[0] < 2 * 1.5, 4 * 0.5 <= stopper.waits[1] < 4 * 1.5] == [
        True,
        True,
    ]
    assert 8 * 0.5 <= stopper.waits[2] < 8 * 1.5
    # the same seed gives the same waits
    again = Waits()
    outlet.clear()
    clock = Clock()
    clock.advance(minutes=11)
    one_round(store_path, clock, again)
    assert again.waits == stopper.waits


def test_retry_after_is_honoured(outlet: Outlet, store_path: Path) -> None:
    failing_source(outlet, store_path, "retries = 1\nbackoff = 0")
    outlet.serve("/broken", Resource(b"busy", status=503, headers={"Retry-After": "42"}))
    stopper = Waits()
    one_round(store_path, Clock(), stopper)
    assert stopper.waits == [42.0]


def test_the_circuit_breaker_opens_after_failures_in_a_row_and_closes_after_cooldown(
    outlet: Outlet, store_path: Path
) -> None:
    failing_source(
        outlet, store_path, 'retries = 0\nbreaker_failures = 2\nbreaker_cooldown = "30m"'
    )
    clock = Clock()
    before = repo_state(store_path)
    for _ in range(2):
        assert one_round(store_path, clock, Waits()).failed == 1
        clock.advance(minutes=11)
    outlet.clear()
    report = one_round(store_path, clock, Waits())  # open: the host is not asked at all
    assert report.breaker_skipped == 1 and report.requests == 0
    assert outlet.requests == []
    clock.advance(minutes=31)  # after the cooldown, one request tries the host again
    outlet.serve("/broken", Resource(BODY))
    report = one_round(store_path, clock, Waits())
    assert report.editorial == 1 and outlet.statuses("/broken") == [200]
    assert repo_state(store_path) != before


def test_lasting_errors_are_not_retried(outlet: Outlet, store_path: Path) -> None:
    failing_source(outlet, store_path, "retries = 3\nbackoff = 0")
    outlet.serve("/broken", Resource(b"gone", status=410))
    one_round(store_path, Clock(), Waits())
    assert outlet.statuses("/broken") == [410]


def test_robots_txt_that_cannot_be_read_allows_nothing(outlet: Outlet, store_path: Path) -> None:
    failing_source(outlet, store_path, "retries = 0")
    outlet.serve("/robots.txt", Resource(b"down", status=503))
    report = one_round(store_path, Clock(), Waits())
    assert outlet.asked("/broken") == []
    assert report.robots_refused == 1
