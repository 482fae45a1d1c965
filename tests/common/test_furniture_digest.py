"""The digest the pair notes are keyed by: equal for equal patterns, different otherwise."""

from __future__ import annotations

from articlediff.common.furniture import FURNITURE, furniture_digest, furniture_from_table


def test_equal_settings_give_equal_digests_and_any_change_another() -> None:
    table = {"outlets": {"daily": {"patterns": ["^Follow the desk\\b.*$"]}}}
    first = furniture_from_table(table).for_article("daily/quake")
    again = furniture_from_table(table).for_article("daily/quake")
    assert furniture_digest(first) == furniture_digest(again)
    assert furniture_digest(FURNITURE) == furniture_digest(tuple(FURNITURE))
    assert furniture_digest(first) != furniture_digest(FURNITURE)
    other = {"outlets": {"daily": {"patterns": ["^Follow the desk\\b.*"]}}}
    changed = furniture_from_table(other).for_article("daily/quake")
    assert furniture_digest(changed) != furniture_digest(first)
    assert furniture_digest(()) != furniture_digest(FURNITURE)
