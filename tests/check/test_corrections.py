"""Building log entries, reading in-body notes and judging a correction's wording."""

from __future__ import annotations

from datetime import datetime

import pytest

from articlediff.analysis.corrections import (
    body_note,
    explained_revision,
    history_notes,
    new_correction,
    wording_problem,
)
from articlediff.common.timeutil import UTC
from articlediff.diff import ArticleDiff, diff_articles
from articlediff.errors import InputError
from articlediff.model import Article, Correction, Revision, next_correction_id

T = datetime(2024, 6, 19, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Correction: An earlier version misstated the toll.", "correction"),
        ("Correction - August 22, 2017: An earlier version misstated the toll.", "correction"),
        ("Correction (22 August 2017): the toll was 24.", "correction"),
        ("*Correction: the toll was 24.*", "correction"),
        ("Clarification: the mayor spoke on Tuesday.", "clarification"),
        ("Editor's note: this story has been corrected.", "editors_note"),
        ("Editor’s note — names have been changed.", "editors_note"),
        ("Update, 3pm: more rescuers arrived.", "update"),
        ("This article was amended on 22 August 2017 to correct the toll.", "correction"),
        ("An earlier version of this article misstated the toll.", "correction"),
        ("This story has been updated with comment from the mayor.", "update"),
    ],
)
def test_body_notes(paragraph: str, kind: str) -> None:
    note = body_note(paragraph)
    assert note is not None and note.kind == kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "Rescue teams were searching through the night.",
        "Updates to the software were released: version 2.",
        "The correction was made: yes.",
        "Corrections officers said the prison was calm.",
    ],
)
def test_ordinary_paragraphs_are_not_notes(paragraph: str) -> None:
    assert body_note(paragraph) is None


@pytest.mark.parametrize(
    "text",
    [
        "Correction: An earlier version of this article misstated the number of dead as 23.",
        "Correction - August 22, 2017: This article incorrectly said the mayor resigned.",
        "Clarification: A previous version mistakenly described the bridge as closed.",
    ],
)
def test_good_wording(text: str) -> None:
    assert wording_problem(text) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Correction: fixed.", "says only 'fixed'"),
        ("Update: tweaked the numbers.", "says only 'tweaked'"),
        ("Correction: the missile count.", "does not say what was wrong"),
        ("An earlier version misstated the toll.", "does not start with a label"),
    ],
)
def test_bad_wording(text: str, problem: str) -> None:
    found = wording_problem(text)
    assert found is not None and problem in found


def test_ids_are_in_order_and_unique() -> None:
    assert next_correction_id([]) == "c1"
    log = [Correction("c1", "correction", T, "x"), Correction("legacy", "update", T, "y")]
    assert next_correction_id(log) == "c3"
    entry = new_correction(log, kind="update", text="  Update:\nmore  ", at=T, fixed_in="r3")
    assert (entry.id, entry.text, entry.fixed_in) == ("c3", "Update: more", "r3")


def test_new_correction_refuses_bad_input() -> None:
    with pytest.raises(InputError, match="empty"):
        new_correction([], kind="correction", text="  ", at=T, fixed_in="r2")
    with pytest.raises(InputError, match="unknown correction kind"):
        new_correction([], kind="erratum", text="x", at=T, fixed_in="r2")


def history_of(*articles: Article) -> list[Revision]:
    return [
        Revision("local/quake", n, f"{n:x}abc".ljust(40, "0"), "update", T, T, article=a)
        for n, a in enumerate(articles, 1)
    ]


@pytest.mark.parametrize(
    ("fixed_in", "appears", "expected"),
    [
        (None, 2, 2),  # no fixed_in: the revision that first holds the entry
        ("", 1, 1),
        ("r1", 2, 0),
        (" R2 ", 2, 1),
        ("2abc", 2, 1),  # a commit prefix
        ("r9", 2, None),  # names no revision
        ("published", 2, None),  # fixed_in names revisions by rN or commit id only
        ("2024-06-19 08:00", 2, None),
    ],
)
def test_explained_revision(fixed_in: str | None, appears: int, expected: int | None) -> None:
    history = history_of(*(Article("H", (f"Body {n}.",)) for n in range(3)))
    entry = Correction("c1", "correction", T, "Correction: x.", fixed_in)
    assert explained_revision(history, entry, appears) == expected


def test_history_notes_lists_each_entry_once_then_the_body_notes() -> None:
    c1 = Correction("c1", "correction", T, "Correction: the toll was 24.", "r1")
    c2 = Correction("c2", "update", T, "Update: more.")
    note = "Correction: An earlier version misstated the toll."
    history = history_of(
        Article("H", ("The toll is 23.",)),
        Article("H", ("The toll is 24.", note), corrections=(c1,)),
        Article("H", ("The toll is 24.", note), corrections=(c1, c2)),
    )
    diffs: dict[int, ArticleDiff] = {
        i: diff_articles(history[i - 1].article, history[i].article) for i in (1, 2)
    }
    found = history_notes(history, diffs.get)
    assert [(n.label, n.kind, n.appears, n.explains) for n in found] == [
        ("log entry c1", "correction", 1, 0),
        ("in-body note", "correction", 1, 1),
        ("log entry c2", "update", 2, 2),
    ]
    assert found[1].text == note and found[0].entry == c1
    # without a diff, a revision's body is not searched for notes
    assert [n.label for n in history_notes(history, lambda index: None)] == [
        "log entry c1",
        "log entry c2",
    ]
