"""Strict reading of the dates a web page states, honest about their precision.

``read_page_date`` accepts only forms whose meaning is certain and returns ``None`` for
anything else; nothing is guessed:

- ISO 8601 as pages write it: ``2024-06-19``, ``2024-06-19T08:14``, ``2024-06-19 08:14:05``,
  with optional fractions and an offset (``Z``, ``+01:00``, ``+0100``). A date-time is never
  re-read day-first, and a malformed one (``2020-01-10T00:59:47ZZ``) is refused, not repaired.
- ``2024/06/19`` (year first, so not ambiguous).
- RFC 2822 as HTTP and feeds write it: ``Fri, 30 Oct 2020 07:45:02 GMT``.
- English datelines with the month in words: ``June 19, 2024``, ``19 June 2024``,
  ``Jun. 19, 2024 7:38 AM``, ``Thursday, November 9, 2023 7:35AM``, ``21:22, 6 OCT 2020``,
  ``Thu, Nov 9, 2023 at 4:00 am``. A trailing zone name other than UTC/GMT is left unread
  (the time is then naive), since abbreviations like "CST" name several zones.

All-number day/month forms (``12/10/2020``) are refused: which part is the day cannot be
known from the text alone. A value without a time is a ``PageDate`` with ``date_only`` set
(its ``moment`` is the start of that day in the reading zone); naive times are read in the
reading zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Final

__all__ = ["PageDate", "find_dateline", "read_page_date"]

_ISO: Final = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"\s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_SLASH_YMD: Final = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})")
_RFC2822: Final = re.compile(
    r"(?:[A-Z][a-z]{2},\s*)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+"
    r"(?:[+-]\d{4}|GMT|UT|UTC)"
)
_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH: Final = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY: Final = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_CLOCK: Final = (
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<zone>UTC|GMT|[A-Z]{2,5}T?)\b)?"
)
_WORDS_DATE: Final = (
    rf"{_WEEKDAY}(?:{_MONTH}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{_MONTH.replace('mon', 'mon2')}\s+(?P<y2>\d{{4}}))"
)
_DATELINE: Final = re.compile(
    rf"(?:{_CLOCK.replace('(?P<', '(?P<p')},?\s+)?{_WORDS_DATE}"
    rf"(?:,?\s*(?:at\s+|@\s*|\|\s*|-\s*)?{_CLOCK})?",
    re.IGNORECASE,
)
_WHOLE_DATELINE: Final = re.compile(rf"\s*{_DATELINE.pattern}\s*", re.IGNORECASE)
_UTC_NAMES: Final = frozenset({"UTC", "GMT", "Z", "UT"})


@dataclass(frozen=True)
class PageDate:
    """A date or time read from a page: ``moment`` and whether the page gave only a date."""

    moment: datetime
    date_only: bool = False
    naive: bool = False
    """The page gave a time without an offset: ``moment`` is it read in the reading zone."""

    def day(self) -> date:
        return self.moment.date()

    def isoformat(self) -> str:
        return self.day().isoformat() if self.date_only else self.moment.isoformat()


def read_page_date(text: str, tz: tzinfo) -> PageDate | None:
    """``text`` read strictly (see the module docstring), or ``None``."""
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 80:
        return None
    match = _ISO.fullmatch(cleaned)
    if match:
        return _from_iso(match, tz)
    match = _SLASH_YMD.fullmatch(cleaned)
    if match:
        return _day(int(match["y"]), int(match["m"]), int(match["d"]), tz)
    if _RFC2822.fullmatch(cleaned):
        try:
            return PageDate(parsedate_to_datetime(cleaned))
        except (TypeError, ValueError):
            return None
    match = _WHOLE_DATELINE.fullmatch(cleaned)
    if match:
        return _from_words(match, tz)
    return None


def find_dateline(text: str, tz: tzinfo) -> PageDate | None:
    """The first English dateline with the month in words inside ``text``, or ``None``."""
    for match in _DATELINE.finditer(text):
        found = _from_words(match, tz)
        if found is not None:
            return found
    return None


def _day(year: int, month: int, day: int, tz: tzinfo) -> PageDate | None:
    try:
        return PageDate(datetime.combine(date(year, month, day), time(), tz), date_only=True)
    except ValueError:
        return None


def _from_iso(match: re.Match[str], tz: tzinfo) -> PageDate | None:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if match["H"] is None:
        return _day(year, month, day, tz)
    fraction = (match["f"] or "0")[:6].ljust(6, "0")
    zone = _offset(match["z"]) if match["z"] else tz
    if zone is None:
        return None
    naive = not match["z"]
    try:
        moment = datetime(
            year,
            month,
            day,
            int(match["H"]),
            int(match["M"]),
            int(match["S"] or 0),
            int(fraction),
            tzinfo=zone,
        )
    except ValueError:
        return None
    return PageDate(moment, naive=naive)


def _offset(text: str) -> tzinfo | None:
    if text == "Z":
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 18 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _from_words(match: re.Match[str], tz: tzinfo) -> PageDate | None:
    month_name = (match["mon"] or match["mon2"] or "").lower()
    year = int(match["y1"] or match["y2"])
    day_number = int(match["d1"] or match["d2"])
    day = _day(year, _MONTHS[month_name], day_number, tz)
    if day is None:
        return None
    prefix = "p" if match["pH"] is not None else ""
    if match[f"{prefix}H"] is None:
        return day
    hour, minute = int(match[f"{prefix}H"]), int(match[f"{prefix}M"])
    second = int(match[f"{prefix}S"] or 0)
    ampm = (match[f"{prefix}ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    zone_name = (match[f"{prefix}zone"] or "").upper()
    zone = UTC if zone_name in _UTC_NAMES else tz
    try:
        moment = datetime.combine(day.day(), time(hour, minute, second), zone)
        return PageDate(moment, naive=zone_name not in _UTC_NAMES)
    except ValueError:
        return None
