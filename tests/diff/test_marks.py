"""The written-out table of combining marks matches the interpreter's Unicode data."""

from __future__ import annotations

import unicodedata

import pytest

from articlediff.diff.marks import MARK_TABLE, TABLE_UNICODE_VERSION, mark_ranges, scan_marks


def test_mark_ranges_follow_the_running_interpreter() -> None:
    assert mark_ranges() == scan_marks()


@pytest.mark.skipif(
    unicodedata.unidata_version != TABLE_UNICODE_VERSION,
    reason=f"the table is for Unicode {TABLE_UNICODE_VERSION}; this interpreter scans its own",
)
def test_table_is_current() -> None:
    assert scan_marks() == MARK_TABLE, "regenerate with: python -m articlediff.diff.marks"
