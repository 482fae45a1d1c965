"""Pair summaries (``check.summary``): what the rules need of a pair, read back exactly as
written, and refused whole when it is not."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from articlediff.check import check_history
from articlediff.check.summary import PairSummary, changed_words, summarize, summarize_pair
from articlediff.common.timeutil import UTC
from articlediff.diff import diff_articles
from articlediff.model import Article, Revision

LEAD = "At least {} people died when the bridge collapsed on Tuesday, officials said."
NOTE = "Correction: An earlier version of this article misstated the number of dead."

ARTICLES = [
    Article("Bridge collapses", (LEAD.format(23), "Divers searched the river.")),
    Article("Bridge collapses", (LEAD.format(24), "Divers searched the river.", NOTE)),
    Article("Bridge collapse kills 24", ("Divers searched the river.", LEAD.format(24), NOTE)),
    Article("Bridge collapse kills 24", (LEAD.format(25), "Mayor Ana Costa wept.", NOTE)),
]
PAIRS = [(None, ARTICLES[0]), *itertools.pairwise(ARTICLES)]
LEVEL_SETS = [("minor",), ("update",), ("substantive",), ("minor", "update", "substantive")]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_a_summary_reads_back_as_it_was_written(old: Article | None, new: Article) -> None:
    summary = summarize_pair(old, new)
    written = json.loads(json.dumps(summary.to_json()))
    assert PairSummary.from_json(written) == summary


@pytest.mark.parametrize(("old", "new"), PAIRS[1:])
def test_a_summary_quotes_what_the_diff_quotes(old: Article, new: Article) -> None:
    diff = diff_articles(old, new)
    summary = summarize(diff, old, new)
    assert summary.verdict == diff.verdict
    for levels in LEVEL_SETS:
        assert summary.changed_words(levels) == changed_words(diff, levels)


def test_the_rules_find_the_same_with_summaries_as_with_diffs() -> None:
    history = [
        Revision(
            article_id="local/bridge",
            number=index + 1,
            commit=f"{index + 1:040x}",
            kind="published" if index == 0 else "update",
            at=datetime(2024, 6, 19, 8 + index, tzinfo=UTC),
            recorded=datetime(2024, 6, 19, 8 + index, tzinfo=UTC),
            article=article,
        )
        for index, article in enumerate(ARTICLES)
    ]
    summaries = [
        None,
        *(summarize_pair(a.article, b.article) for a, b in itertools.pairwise(history)),
    ]
    read_back = [None, *(PairSummary.from_json(s.to_json()) for s in summaries[1:] if s)]
    expected = check_history(history)
    assert expected  # the unexplained name and figures are found
    assert check_history(history, summaries=summaries) == expected
    assert check_history(history, summaries=read_back) == expected


Edit = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return edit


def _drop(name: str) -> Edit:
    return lambda data: data.pop(name)


REFUSED: dict[str, Edit] = {
    "another schema": _set(("schema",), "articlediff.pair-summary/0"),
    "a field missing": _drop("body_notes"),
    "a field too many": _set(("trusted",), True),
    "an unknown verdict": _set(("verdict",), "harmless"),
    "a negative count": _set(("stats", "words_added"), -1),
    "a count that is a flag": _set(("stats", "words_deleted"), True),
    "a count that is text": _set(("stats", "words_old"), "27"),
    "a share above one": _set(("stats", "share_changed"), 1.5),
    "a statistic missing": lambda data: data["stats"].pop("paragraphs_moved"),
    "changes not a list": _set(("changes",), {"substantive": []}),
    "a change of three parts": _set(("changes",), [["substantive", [], "x"]]),
    "a change at no level": _set(("changes",), [["grave", ['"23" → "24"']]]),
    "changed words not text": _set(("changes",), [["substantive", [23]]]),
    "a reason of an unknown kind": _set(
        ("reasons",),
        [
            {
                "field": "body",
                "kind": "rewrite",
                "signal": "number",
                "old": "",
                "new": "",
                "level": "minor",
            }
        ],
    ),
    "a reason of an unknown kind at its level": _set(
        ("reasons", "minor"),
        [
            {
                "field": "body",
                "kind": "rewrite",
                "signal": "",
                "old": "",
                "new": "",
                "level": "minor",
            }
        ],
    ),
    "a reason whose kind is a list": _set(
        ("reasons", "minor"),
        [{"field": "body", "kind": [], "signal": "", "old": "", "new": "", "level": "minor"}],
    ),
    "a body note not a pair": _set(("body_notes",), [["correction"]]),
    "not an object": lambda data: data.clear(),
}


@pytest.mark.parametrize("damage", list(REFUSED), ids=list(REFUSED))
def test_anything_but_a_summary_as_written_is_refused(damage: str) -> None:
    data = summarize_pair(ARTICLES[0], ARTICLES[1]).to_json()
    damaged = copy.deepcopy(data)
    REFUSED[damage](damaged)
    assert PairSummary.from_json(damaged) is None
    assert PairSummary.from_json(data) is not None


@pytest.mark.parametrize("value", [None, [], "summary", 3, {"schema": None}])
def test_values_that_are_not_summaries_are_refused(value: object) -> None:
    assert PairSummary.from_json(value) is None
