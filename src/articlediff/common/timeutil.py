"""Parsing and formatting of times: pure functions, no clock reads except ``now``.

Naive times are read in a given IANA time zone (the store's); every time shown carries its
UTC offset. Slash dates are day-first, as newsrooms outside the US write them
("19/06/2024 07:38").
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from articlediff.errors import InputError

UTC = ZoneInfo("UTC")
EARLIEST_REVISION_TIME = datetime(1970, 1, 1, tzinfo=UTC)
"""Git keeps times as seconds since 1970 and cannot store an earlier one faithfully."""
LATEST_REVISION_TIME = datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)
"""The last time every UTC offset can still show with a four-digit year."""
FUTURE_MARGIN = timedelta(days=1)
"""How far ahead of now a revision time may be (clocks and time zones disagree a little)."""

_DURATION = re.compile(r"^\s*(\d+)\s*(s|sec|m|min|h|hour|hours|d|day|days|w|week|weeks)\s*$")
_DURATION_UNITS = {
    "s": "seconds",
    "sec": "seconds",
    "m": "minutes",
    "min": "minutes",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "week": "weeks",
    "weeks": "weeks",
}


def zone(name: str) -> tzinfo:
    """The IANA time zone ``name``, or ``InputError`` naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/London"
        ) from None


def localize(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` with ``tz`` attached if it is naive; aware times are kept as they are."""
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def parse_time(text: str, tz: tzinfo) -> datetime:
    """Parse an ISO 8601 or day-first time; naive results are read in ``tz``.

    Accepts "2024-06-19T08:14+01:00", "2024-06-19 08:14", "19/06/2024 07:38",
    "19 June 2024 07:38" and the like. Raises ``InputError`` on anything else.
    """
    cleaned = text.strip()
    if not cleaned:
        raise InputError("empty time: expected e.g. 2024-06-19T08:14+01:00 or '19/06/2024 07:38'")
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        from dateutil import parser as dateutil_parser  # only for non-ISO times

        try:
            moment = dateutil_parser.parse(cleaned, dayfirst=True)
        except (ValueError, OverflowError):
            raise InputError(
                f"cannot read time {text!r}: expected e.g. 2024-06-19T08:14+01:00 "
                "or '19/06/2024 07:38'"
            ) from None
    return localize(moment, tz)


def parse_duration(text: str) -> timedelta:
    """Parse "30m", "2h", "1d"-style durations."""
    match = _DURATION.match(text)
    if not match:
        raise InputError(f"cannot read duration {text!r}: expected e.g. 30m, 2h or 1d")
    amount, unit = match.groups()
    return timedelta(**{_DURATION_UNITS[unit]: int(amount)})


def format_duration(length: timedelta) -> str:
    """``length`` as ``parse_duration`` reads it: ``3d``, ``6h``, ``10m`` or ``30s``, in the
    largest unit that divides it."""
    seconds = int(length.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def window_time(text: str, tz: tzinfo, current: datetime | None = None) -> datetime:
    """One end of a time window: a time as ``parse_time`` reads it, or a duration (``30m``,
    ``12h``, ``1d``) meaning that long before ``current`` (default: now)."""
    try:
        length = parse_duration(text)
    except InputError:
        return parse_time(text, tz)
    return (current or now(tz)) - length


def parse_window(
    since: str | None, until: str | None, tz: tzinfo, current: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    """The window ``--since``/``--until`` give (each end optional, read by ``window_time``);
    ``InputError`` when it ends before it starts."""
    start = window_time(since, tz, current) if since else None
    end = window_time(until, tz, current) if until else None
    if start and end and end < start:
        raise InputError("--until is earlier than --since")
    return start, end


def within(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    """Whether ``moment`` lies in the window ``[start, end]``, both ends included; a missing
    end leaves that side open."""
    return (start is None or moment >= start) and (end is None or moment <= end)


def check_revision_time(
    moment: datetime, current: datetime, *, allow_future: bool = False, what: str = "revision time"
) -> datetime:
    """``moment`` if a revision may be recorded at it, when it is ``current``; else
    ``InputError``: a time git cannot store faithfully (before 1970, after 9998), or more
    than ``FUTURE_MARGIN`` ahead of ``current`` unless ``allow_future``. The one rule for
    ``save``, ``correct`` and every revision of an ``import``."""
    if moment.utcoffset() is None:
        raise InputError(f"{what} {moment.isoformat()} has no UTC offset")
    if not EARLIEST_REVISION_TIME <= moment <= LATEST_REVISION_TIME:
        raise InputError(
            f"{what} {format_time(moment)} is outside the times git can store "
            "(1970-01-01T00:00:00Z to 9998-12-31T23:59:59Z)"
        )
    if not allow_future and moment > current + FUTURE_MARGIN:
        raise InputError(
            f"{what} {format_time(moment)} is more than a day ahead of now "
            f"({format_time(current)}); check the date, or pass --allow-future"
        )
    return moment


def format_time(moment: datetime) -> str:
    """ISO 8601 with its UTC offset, to the second: 2024-06-19T08:14:00+01:00."""
    return moment.isoformat(timespec="seconds")


def format_moment(moment: datetime, date_only: bool) -> str:
    """``format_time``, or the date alone (2024-06-19) for a value given as a date: such a
    value is stored as the start of its day in the zone it was read in, so the date is taken
    in that zone, never converted."""
    return moment.date().isoformat() if date_only else format_time(moment)


def format_short(moment: datetime) -> str:
    """A compact form for tables: 2024-06-19 08:14 +01:00."""
    offset = moment.utcoffset()
    whole_minutes = offset is not None and not (offset.seconds % 60 or offset.microseconds)
    if whole_minutes and moment.year >= 1000:
        text = moment.isoformat(" ", "minutes")  # what strftime gives, at a tenth of its cost
        return f"{text[:16]} {text[16:]}"
    return moment.strftime("%Y-%m-%d %H:%M %z")[:-2] + ":" + moment.strftime("%z")[-2:]


def now(tz: tzinfo = UTC) -> datetime:
    """The current time in ``tz``, to the second."""
    return datetime.now(tz).replace(microsecond=0)
