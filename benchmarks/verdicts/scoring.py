"""Scoring verdicts against reference labels: confusion matrix, precision/recall/F1 per level,
agreement, and the check's false alarms and misses. Pure Python, no articlediff import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

LEVELS: Final = ("minor", "update", "substantive")
"""The verdict levels, lowest first."""

Matrix = dict[str, dict[str, int]]
"""``matrix[reference][predicted]``: how many pairs labelled ``reference`` got ``predicted``."""


def rank(level: str) -> int:
    """0 for ``minor``, 1 for ``update``, 2 for ``substantive``; ValueError otherwise."""
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"unknown level {level!r}: expected one of {', '.join(LEVELS)}") from None


def confusion(pairs: Iterable[tuple[str, str]]) -> Matrix:
    """The 3x3 confusion matrix of ``(reference, predicted)`` pairs, every cell present."""
    matrix = {ref: dict.fromkeys(LEVELS, 0) for ref in LEVELS}
    for reference, predicted in pairs:
        rank(reference)
        rank(predicted)
        matrix[reference][predicted] += 1
    return matrix


@dataclass(frozen=True)
class LevelScore:
    """Precision, recall and F1 of one level (0.0 where undefined: nothing predicted or
    nothing to find), and its support (pairs whose reference is that level)."""

    level: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def level_scores(matrix: Mapping[str, Mapping[str, int]]) -> list[LevelScore]:
    """Precision, recall and F1 of each level, in level order."""
    out = []
    for level in LEVELS:
        hits = matrix[level][level]
        support = sum(matrix[level].values())
        predicted = sum(matrix[ref][level] for ref in LEVELS)
        precision, recall = _ratio(hits, predicted), _ratio(hits, support)
        f1 = _ratio(2 * hits, support + predicted)
        out.append(LevelScore(level, precision, recall, f1, support, predicted))
    return out


def agreement(matrix: Mapping[str, Mapping[str, int]]) -> tuple[int, int]:
    """Pairs whose verdict equals the reference, and all pairs (three-class accuracy)."""
    right = sum(matrix[level][level] for level in LEVELS)
    total = sum(sum(row.values()) for row in matrix.values())
    return right, total


def macro_f1(scores: Iterable[LevelScore]) -> float:
    """The mean F1 over the levels that occur (as reference or as verdict)."""
    used = [s.f1 for s in scores if s.support or s.predicted]
    return sum(used) / len(used) if used else 0.0


def under_over(matrix: Mapping[str, Mapping[str, int]]) -> tuple[int, int]:
    """Pairs whose verdict is lower than the reference, and pairs whose verdict is higher."""
    lower = sum(matrix[r][p] for r in LEVELS for p in LEVELS if rank(p) < rank(r))
    higher = sum(matrix[r][p] for r in LEVELS for p in LEVELS if rank(p) > rank(r))
    return lower, higher


@dataclass(frozen=True)
class CheckScore:
    """How ``check`` did on pairs that should or should not fail.

    A pair should fail when its reference says it needs a note and the new version has none;
    a false alarm fails a pair that should pass, a miss passes a pair that should fail.
    """

    pairs: int
    should_fail: int
    failed: int
    false_alarms: int
    misses: int

    @property
    def precision(self) -> float:
        return _ratio(self.failed - self.false_alarms, self.failed)

    @property
    def recall(self) -> float:
        return _ratio(self.should_fail - self.misses, self.should_fail)


def check_score(outcomes: Iterable[tuple[bool, bool]]) -> CheckScore:
    """Score ``(should_fail, failed)`` pairs."""
    pairs = should = failed = alarms = misses = 0
    for should_fail, did_fail in outcomes:
        pairs += 1
        should += should_fail
        failed += did_fail
        alarms += did_fail and not should_fail
        misses += should_fail and not did_fail
    return CheckScore(pairs, should, failed, alarms, misses)


def format_matrix(matrix: Mapping[str, Mapping[str, int]], indent: str = "  ") -> list[str]:
    """The matrix as aligned text lines: rows are reference labels, columns verdicts."""
    width = max(len(level) for level in LEVELS) + 2
    corner = "reference \\ verdict"
    head = f"{indent}{corner:<22}" + "".join(f"{p:>{width}}" for p in LEVELS)
    lines = [head + f"{'total':>{width}}"]
    for ref in LEVELS:
        row = "".join(f"{matrix[ref][p]:>{width}}" for p in LEVELS)
        lines.append(f"{indent}{ref:<22}{row}{sum(matrix[ref].values()):>{width}}")
    totals = "".join(f"{sum(matrix[r][p] for r in LEVELS):>{width}}" for p in LEVELS)
    _, total = agreement(matrix)
    lines.append(f"{indent}{'total':<22}{totals}{total:>{width}}")
    return lines
