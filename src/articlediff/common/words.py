"""Words for counts in messages and pages: "1 revision", "2 revisions", "3 entries"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and ``noun``, or its plural ``nouns`` (default: ``noun`` + "s") unless the
    count is exactly one: ``plural(2, "entry", "entries")`` is "2 entries"."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
