"""Time windows (``log`` and ``audit`` ``--since``/``--until``): one grammar for both ends."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from articlediff.common.timeutil import parse_window, window_time, within
from articlediff.errors import InputError

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2024, 6, 19, 12, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12h", NOW - timedelta(hours=12)),
        ("30m", NOW - timedelta(minutes=30)),
        ("1d", NOW - timedelta(days=1)),
        ("2 weeks", NOW - timedelta(weeks=2)),
        ("45s", NOW - timedelta(seconds=45)),
        ("2024-06-19T08:14+01:00", datetime(2024, 6, 19, 8, 14, tzinfo=LONDON)),
        ("2024-06-19 08:14", datetime(2024, 6, 19, 8, 14, tzinfo=LONDON)),  # the zone given
        ("19/06/2024 07:38", datetime(2024, 6, 19, 7, 38, tzinfo=LONDON)),  # day first
        ("2024-06-19T07:00:00Z", datetime(2024, 6, 19, 8, 0, tzinfo=LONDON)),
    ],
)
def test_window_time_reads_times_and_durations_ago(text: str, expected: datetime) -> None:
    assert window_time(text, LONDON, NOW) == expected


def test_a_duration_counts_back_from_now_by_default() -> None:
    before = datetime.now(LONDON) - timedelta(hours=12, seconds=2)
    assert before <= window_time("12h", LONDON) <= datetime.now(LONDON) - timedelta(hours=12)


def test_window_time_refuses_anything_else() -> None:
    with pytest.raises(InputError, match="cannot read time 'tea time'"):
        window_time("tea time", LONDON, NOW)


def test_parse_window() -> None:
    assert parse_window(None, None, LONDON, NOW) == (None, None)
    assert parse_window("2h", None, LONDON, NOW) == (NOW - timedelta(hours=2), None)
    assert parse_window(None, "2024-06-19 11:00", LONDON, NOW) == (
        None,
        datetime(2024, 6, 19, 11, 0, tzinfo=LONDON),
    )
    assert parse_window("1d", "1h", LONDON, NOW) == (
        NOW - timedelta(days=1),
        NOW - timedelta(hours=1),
    )
    assert parse_window("2024-06-19 08:00", "2024-06-19 08:00", LONDON, NOW)[0] is not None
    with pytest.raises(InputError, match="--until is earlier than --since"):
        parse_window("1h", "1d", LONDON, NOW)


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        (None, None, True),
        (NOW, None, True),  # both ends included
        (None, NOW, True),
        (NOW, NOW, True),
        (NOW + timedelta(seconds=1), None, False),
        (None, NOW - timedelta(seconds=1), False),
    ],
)
def test_within(start: datetime | None, end: datetime | None, inside: bool) -> None:
    assert within(NOW, start, end) is inside
