"""Corpus rows to histories: each row checked, each article's revisions put in a certain
order or refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from articlediff.common.timeutil import zone
from articlediff.errors import InputError
from articlediff.ingest.corpus import UNTIMED, CorpusRow, corpus_history, corpus_row

WHERE = "c.jsonl"


def row(**values: Any) -> CorpusRow:
    base: dict[str, Any] = {"id": "a/b", "headline": "H", "body": "One.\n\nTwo."}
    return corpus_row({**base, **values}, UTC, WHERE)


def test_a_row_with_a_number_and_a_naive_time() -> None:
    checked = corpus_row(
        {"id": "x", "revision": 3.0, "at": "2024-06-19 08:14", "headline": " H ", "body": "B"},
        zone("Europe/London"),
        WHERE,
    )
    assert checked.revision == 3 and checked.at == datetime(2024, 6, 19, 7, 14, tzinfo=UTC)
    assert checked.kind is None and checked.note == ""
    assert CorpusRow(**{**checked.__dict__}) == checked


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"id": None},
            "c.jsonl: a row has no id (each row needs id, headline, body, and revision or at)",
        ),
        ({"id": 7}, "c.jsonl: a row has no id"),
        ({"revision": None}, "c.jsonl: a row of 'a/b' has neither revision nor at"),
        ({"revision": "3"}, "c.jsonl: a row of 'a/b' has revision '3': not a number"),
        ({"revision": 2.5}, "c.jsonl: a row of 'a/b' has revision 2.5: not a whole number"),
        ({"revision": True}, "c.jsonl: a row of 'a/b' has revision True: not a number"),
        ({"at": "soon"}, "c.jsonl: a row of 'a/b': "),
        ({"at": 5}, "c.jsonl: a row of 'a/b' has at 5: not a time"),
        ({"body": None}, "c.jsonl: a row of 'a/b' has no body"),
        ({"headline": ["x"]}, "c.jsonl: a row of 'a/b' has headline ['x']: not text"),
        ({"kind": "rumour"}, "c.jsonl: a row of 'a/b' has kind 'rumour': use one of published"),
        ({"body": float("nan")}, "c.jsonl: a row of 'a/b' has no body"),
    ],
)
def test_bad_rows(values: dict[str, Any], message: str) -> None:
    base: dict[str, Any] = {"id": "a/b", "revision": 1, "headline": "H", "body": "B"}
    with pytest.raises(InputError) as error:
        corpus_row({**base, **values}, UTC, WHERE)
    assert str(error.value).startswith(message)


def test_an_article_ordered_by_revision_numbers() -> None:
    history, timed = corpus_history([row(revision=10), row(revision=2, kind="update")])
    assert not timed
    assert [r.number for r in history] == [1, 2]
    assert [r.kind for r in history] == ["update", "update"]
    assert history[0].at == UNTIMED and history[0].commit == ""
    assert history[1].article.body == ("One.", "Two.")


def test_an_article_ordered_by_time() -> None:
    late, early = row(at="2024-01-02T00:00Z", note="n"), row(at="2024-01-01T00:00Z")
    history, timed = corpus_history([late, early])
    assert timed
    assert [r.kind for r in history] == ["published", "update"]
    assert [r.note for r in history] == ["", "n"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([row(revision=1), row(revision=1)], "c.jsonl: 'a/b' revision 1 appears twice"),
        (
            [row(at="2024-01-01T00:00Z"), row(at="2024-01-01T00:00Z")],
            "c.jsonl: 'a/b' at 2024-01-01T00:00:00+00:00 appears twice",
        ),
        (
            [row(revision=1, at="2024-01-02T00:00Z"), row(revision=2, at="2024-01-01T00:00Z")],
            "c.jsonl: revisions of 'a/b' are not in time order: revision 2 is at "
            "2024-01-01T00:00:00+00:00, before revision 1 at 2024-01-02T00:00:00+00:00",
        ),
        (
            [row(revision=1), row(at="2024-01-01T00:00Z")],
            "c.jsonl: 'a/b' mixes rows with and without a revision number",
        ),
        (
            [row(revision=1), row(revision=2, at="2024-01-01T00:00Z")],
            "c.jsonl: 'a/b' mixes rows with and without at",
        ),
    ],
)
def test_an_uncertain_order_is_refused(rows: list[CorpusRow], message: str) -> None:
    with pytest.raises(InputError) as error:
        corpus_history(rows)
    assert str(error.value) == message
