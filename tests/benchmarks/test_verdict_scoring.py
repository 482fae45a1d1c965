"""Scoring verdicts against labels: the confusion matrix, P/R/F1, agreement, check counts."""

from __future__ import annotations

import pytest
from verdicts.scoring import (
    LEVELS,
    agreement,
    check_score,
    confusion,
    format_matrix,
    level_scores,
    macro_f1,
    rank,
    under_over,
)

PAIRS = [
    ("minor", "minor"),
    ("minor", "minor"),
    ("minor", "update"),
    ("minor", "substantive"),
    ("update", "update"),
    ("update", "substantive"),
    ("substantive", "substantive"),
    ("substantive", "update"),
]


def test_confusion_counts_every_cell() -> None:
    matrix = confusion(PAIRS)
    assert matrix == {
        "minor": {"minor": 2, "update": 1, "substantive": 1},
        "update": {"minor": 0, "update": 1, "substantive": 1},
        "substantive": {"minor": 0, "update": 1, "substantive": 1},
    }
    assert list(matrix) == list(LEVELS)
    assert all(list(row) == list(LEVELS) for row in matrix.values())


def test_empty_matrix_is_all_zero() -> None:
    matrix = confusion([])
    assert all(n == 0 for row in matrix.values() for n in row.values())
    assert agreement(matrix) == (0, 0)
    assert [s.f1 for s in level_scores(matrix)] == [0.0, 0.0, 0.0]
    assert macro_f1(level_scores(matrix)) == 0.0


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown level 'major'"):
        confusion([("minor", "major")])
    with pytest.raises(ValueError):
        rank("Minor")


def test_precision_recall_f1() -> None:
    scores = {s.level: s for s in level_scores(confusion(PAIRS))}
    minor = scores["minor"]
    assert (minor.precision, minor.recall, minor.support, minor.predicted) == (1.0, 0.5, 4, 2)
    assert minor.f1 == pytest.approx(2 / 3)
    update = scores["update"]
    assert (update.precision, update.recall) == (pytest.approx(1 / 3), 0.5)
    assert update.f1 == pytest.approx(0.4)
    substantive = scores["substantive"]
    assert (substantive.precision, substantive.recall) == (pytest.approx(1 / 3), 0.5)


def test_a_level_never_predicted_has_zero_precision_not_an_error() -> None:
    scores = {s.level: s for s in level_scores(confusion([("minor", "update")]))}
    assert scores["minor"].precision == 0.0
    assert scores["minor"].recall == 0.0
    assert scores["substantive"].support == 0


def test_agreement_under_over_and_macro_f1() -> None:
    matrix = confusion(PAIRS)
    assert agreement(matrix) == (4, 8)
    assert under_over(matrix) == (1, 3)
    # every level occurs, so the mean is over all three
    expected = (2 / 3 + 0.4 + 0.4) / 3
    assert macro_f1(level_scores(matrix)) == pytest.approx(expected)
    # a level that is neither labelled nor predicted does not drag the mean down
    only_minor = level_scores(confusion([("minor", "minor")]))
    assert macro_f1(only_minor) == 1.0


def test_check_score() -> None:
    score = check_score([(True, True), (True, False), (False, True), (False, False), (False, True)])
    assert (score.pairs, score.should_fail, score.failed) == (5, 2, 3)
    assert (score.false_alarms, score.misses) == (2, 1)
    assert score.precision == pytest.approx(1 / 3)
    assert score.recall == 0.5
    nothing = check_score([])
    assert (nothing.precision, nothing.recall) == (0.0, 0.0)


def test_format_matrix_lines() -> None:
    lines = format_matrix(confusion(PAIRS))
    assert len(lines) == 5
    assert lines[0].split()[-4:] == ["minor", "update", "substantive", "total"]
    assert lines[1].split() == ["minor", "2", "1", "1", "4"]
    assert lines[-1].split() == ["total", "2", "3", "3", "8"]
    assert len({len(line) for line in lines}) == 1
