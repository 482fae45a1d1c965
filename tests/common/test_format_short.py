"""``format_short``, the tables' time, reads as ``strftime`` writes it in every zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articlediff.common.timeutil import format_short

ZONES = [
    UTC,
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-3, minutes=-30)),
    timezone(timedelta(hours=14)),
    timezone(timedelta(minutes=5, seconds=30)),  # an offset in seconds: strftime's own form
    ZoneInfo("Europe/London"),
    ZoneInfo("America/St_Johns"),
]


def by_strftime(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %z")[:-2] + ":" + moment.strftime("%z")[-2:]


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_format_short_is_strftimes_form(zone: timezone | ZoneInfo) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for step in range(0, 800):
        moment = (start + timedelta(days=step, minutes=step * 13, seconds=step % 60)).astimezone(
            zone
        )
        assert format_short(moment) == by_strftime(moment), moment
    assert format_short(datetime(2024, 6, 19, 8, 14, tzinfo=ZoneInfo("Europe/London"))) == (
        "2024-06-19 08:14 +01:00"
    )
