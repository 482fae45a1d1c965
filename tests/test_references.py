"""Revision references: one resolver (``model.resolve_revision``) for ``show --at``,
``diff --from/--to``, ``blame --at``, ``correct --fixes`` and a log entry's ``fixed_in``."""

from __future__ import annotations

from datetime import datetime, tzinfo

import pytest

from articlediff.common.timeutil import UTC, parse_time, zone
from articlediff.errors import InputError, NotFoundError
from articlediff.model import RevisionInfo, resolve_revision

LONDON = zone("Europe/London")


def revision(number: int, commit: str, at: str) -> RevisionInfo:
    moment = parse_time(at, LONDON)
    return RevisionInfo("local/quake", number, commit.ljust(40, "0"), "update", moment, moment)


HISTORY = (
    revision(1, "abcd1", "2024-06-19T07:38+01:00"),
    revision(2, "abcd2", "2024-06-19T08:14+01:00"),
    revision(3, "fe9", "2024-06-19T10:00+01:00"),
)


@pytest.mark.parametrize(
    ("ref", "tz", "expected"),
    [
        ("published", LONDON, 1),
        ("first", LONDON, 1),
        ("latest", LONDON, 3),
        ("last", LONDON, 3),
        (" Latest ", LONDON, 3),
        ("r1", LONDON, 1),
        ("R2", LONDON, 2),
        ("r3", LONDON, 3),
        ("abcd2", LONDON, 2),
        ("ABCD1", LONDON, 1),
        ("fe90", LONDON, 3),
        ("fe9".ljust(40, "0"), LONDON, 3),
        # a time: the revision in effect then (the last one saved at or before it)
        ("2024-06-19T08:14:00+01:00", LONDON, 2),  # the moment of r2 itself
        ("2024-06-19T08:13:59+01:00", LONDON, 1),
        ("19/06/2024 07:50", LONDON, 1),  # day first, naive: the store's zone (BST)
        ("2024-06-19T07:00:00Z", LONDON, 1),  # 08:00 BST
        ("2024-06-19 23:59", LONDON, 3),
        ("2030-01-01", LONDON, 3),
        # a naive time is read in the store's zone: 08:00 in London is before r2,
        # 08:00 UTC (09:00 BST) after it
        ("2024-06-19 08:00", LONDON, 1),
        ("2024-06-19 08:00", UTC, 2),
        # a reference stored in an article (a log entry's fixed_in): rN or a commit id
        ("r2", None, 2),
        (" r3 ", None, 3),
        ("abcd1", None, 1),
        ("FE90", None, 3),
    ],
)
def test_references(ref: str, tz: tzinfo | None, expected: int) -> None:
    assert resolve_revision(HISTORY, ref, tz).number == expected


@pytest.mark.parametrize(
    ("ref", "tz", "error", "message"),
    [
        ("r0", LONDON, NotFoundError, "local/quake has revisions r1 to r3; there is no r0"),
        ("r9", LONDON, NotFoundError, "local/quake has revisions r1 to r3; there is no r9"),
        ("abcd", LONDON, InputError, "commit id 'abcd' is ambiguous for local/quake"),
        (
            "2024-06-19 07:00",
            LONDON,
            NotFoundError,
            "local/quake did not exist yet at 2024-06-19T07:00:00+01:00: its first revision "
            "is at 2024-06-19T07:38:00+01:00",
        ),
        ("yesterday-ish", LONDON, InputError, "unknown revision 'yesterday-ish' of local/quake"),
        ("", LONDON, InputError, "unknown revision '' of local/quake"),
        ("r9", None, NotFoundError, "there is no r9"),
        ("abcd", None, InputError, "ambiguous"),
        ("published", None, InputError, "'published' names no revision of local/quake"),
        ("latest", None, InputError, "names no revision"),
        ("2024-06-19 08:14", None, InputError, "names no revision"),
        ("beef", None, InputError, "(r1 to r3 or a commit id)"),
    ],
)
def test_bad_references(ref: str, tz: tzinfo | None, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        resolve_revision(HISTORY, ref, tz)
    assert type(raised.value) is error and message in str(raised.value)


def test_an_unmatched_hex_reference_is_read_as_a_time() -> None:
    """``2030`` looks like a commit prefix; naming no commit, it is a year."""
    assert resolve_revision(HISTORY, "2030", LONDON).number == 3
    with pytest.raises(InputError, match="names no revision"):
        resolve_revision(HISTORY, "2030", None)


def test_the_revision_type_is_kept() -> None:
    found = resolve_revision(HISTORY, "r1", LONDON)
    assert found is HISTORY[0] and isinstance(found.at, datetime)
