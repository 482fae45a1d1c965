"""The reader-notes benchmark's counts on small histories built in memory."""

from __future__ import annotations

import notes_bench

from articlediff.common.timeutil import UTC
from articlediff.diff import diff_articles
from articlediff.model import Article
from articlediff.notes import article_notes

LEAD = "At least {} people died when an earthquake struck Harbourside, officials said."
MORE = "Rescue teams from three neighbouring towns searched the collapsed buildings all night."


def counts(*bodies: tuple[str, ...]) -> dict[str, dict[str, int]]:
    articles = [Article("Quake", body) for body in bodies]
    history = notes_bench.revisions("local/quake", articles)
    return notes_bench.measure(iter([("set", history)]))


def test_a_clean_history_counts_nothing_but_its_notes() -> None:
    figures = counts((LEAD.format(23),), (LEAD.format(24), MORE))
    assert figures["set"] == {
        "histories": 1,
        "notes": 1,
        "quotes_minor": 0,
        "not_minor_plain": 0,
        "duplicate_entries": 0,
        "lead_not_top": 0,
    }
    # with the demo's correction revision and a late in-body note: three notes, no entry twice
    assert figures["set+corrections"]["notes"] == 3
    assert figures["set+corrections"]["duplicate_entries"] == 0


def test_the_counts_recognise_what_they_count() -> None:
    history = notes_bench.revisions(
        "local/quake", [Article("Quake", (LEAD.format(23),)), Article("Quake", (LEAD.format(24),))]
    )
    diff = diff_articles(history[0].article, history[1].article)
    (note,) = article_notes(history, UTC, (None, diff)).notes
    lead = notes_bench.expected_lead(diff, diff.changes[0])
    assert note.summary.startswith(lead)
    assert not notes_bench.lead_not_top(note, diff.changes)
    typography = note.__class__(**{**note.__dict__, "summary": 'changed "the 23" to "the 24"'})
    assert notes_bench.quotes_minor(typography, diff.changes)
    assert notes_bench.duplicates([note, note]) == 0  # no entries
