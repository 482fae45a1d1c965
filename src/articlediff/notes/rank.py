"""Which change of a revision matters most: a pure ranking of a diff's changes.

Changes are ranked by level (``substantive`` before ``update`` before ``minor``); within a
level by what the change is — a corrected fact (number, date, time, name, role, quote,
attribution, negation …) before a reworded headline, before material added or removed —
then by size (more changed words first) and, last, by position in the diff (fields before
the body, in reading order), so the order is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from articlediff.diff import ArticleDiff, Change, count_words, tokenize

LEVEL_ORDER: Final = ("substantive", "update", "minor")
SIGNAL_ORDER: Final = (
    # corrected facts
    *("number", "date", "time", "name", "role", "quote", "attribution"),
    *("negation", "allegation", "contradiction", "place", "swap"),
    # the story told differently
    *("headline", "developing", "rewritten", "figure_added", "figure_removed"),
    *("name_added", "name_removed", "rewording", "date_form", "symbol", "published"),
    # material removed, then added
    *("deletion", "addition"),
    # minor
    *("spelling", "case", "punctuation", "grammar", "number_format", "name_form"),
    *("reference", "house_style", "wording", "connective", "restated", "merged", "move"),
    "whitespace",
    "typography",
    "furniture",
)
"""Signals in order of importance within a level; a signal not listed comes after the
listed ones of its level's kind (facts, then the rest)."""
_SIGNAL_RANK: Final = {signal: index for index, signal in enumerate(SIGNAL_ORDER)}
_UNLISTED: Final = SIGNAL_ORDER.index("deletion")


def _signal_rank(change: Change) -> int:
    return min((_SIGNAL_RANK.get(signal, _UNLISTED) for signal in change.signals), default=999)


def change_size(change: Change) -> int:
    """The words a change touches: those of its decisive reasons, else of its sentences."""
    texts: Iterable[str | None] = [t for r in change.decisive for t in (r.old, r.new)]
    if not any(texts):
        texts = (change.sentence_old, change.sentence_new)
    return sum(count_words(tokenize(text)) for text in texts if text)


def rank_key(change: Change, position: int) -> tuple[int, int, int, int]:
    """The sort key of ``change`` found at ``position`` in its diff's ``changes``."""
    return (
        LEVEL_ORDER.index(change.level),
        _signal_rank(change),
        -change_size(change),
        position,
    )


def ranked_changes(diff: ArticleDiff, changes: Sequence[Change] | None = None) -> list[Change]:
    """``changes`` (default: all of ``diff.changes``), most important first."""
    chosen = diff.changes if changes is None else changes
    position = {id(change): index for index, change in enumerate(diff.changes)}
    return sorted(chosen, key=lambda c: rank_key(c, position.get(id(c), len(position))))
