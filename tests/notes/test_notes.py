"""Reader notes built in memory: log-based, in-body and generated; times; JSON-LD; escaping."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.common.timeutil import zone
from articlediff.diff import diff_texts
from articlediff.model import Article, Correction, Revision
from articlediff.notes import (
    FORMATS,
    article_notes,
    jsonld_record,
    ranked_changes,
    render_notes,
    summarize,
    when,
)
from tests.render.cases import LONDON, revision, sample

SUMMARY = (
    'changed "23" to "24"; headline changed; added 2 paragraphs; reworded 1 sentence; '
    "moved 1 paragraph"
)
CORRECTION = "Correction: an earlier version of this article misstated the years as 23."


def sample_history() -> list[Revision]:
    _, old, new = sample()
    return [old, new]


def corrected_history() -> list[Revision]:
    """The sample with r3 (a correction revision) adding log entry c1, which explains r2."""
    old, new = sample_history()
    entry = Correction(
        "c1", "correction", datetime.fromisoformat("2024-06-19T09:05:00+01:00"), CORRECTION, "r2"
    )
    third = revision(
        replace(new.article, corrections=(entry,)), 3, "2024-06-19T09:05:00+01:00", "correction"
    )
    return [old, new, third]


def test_generated_note_for_the_sample() -> None:
    notes = article_notes(sample_history(), LONDON)
    assert len(notes.notes) == 1
    note = notes.notes[0]
    assert note.source == "generated"
    assert note.summary == SUMMARY
    assert note.label == "Updated 19 June 2024, 08:14 BST"
    assert note.sentence == f"Updated 19 June 2024, 08:14 BST: {SUMMARY}."
    assert note.text == SUMMARY[0].upper() + SUMMARY[1:] + "."
    assert note.revision.label == "r2"
    assert note.verdict == "substantive"


def test_log_entry_is_shown_once_under_the_revision_it_explains() -> None:
    notes = article_notes(corrected_history(), LONDON)
    by_label = {note.revision.label: note for note in notes.notes}
    assert sorted(by_label) == ["r2", "r3"]
    assert by_label["r2"].source == "log"
    assert [e.id for e in by_label["r2"].entries] == ["c1"]
    assert by_label["r2"].summary == SUMMARY
    assert by_label["r2"].text == f"{CORRECTION} Changes: {SUMMARY}."
    # r3 only added the entry: it says where the note went and never repeats it
    assert by_label["r3"].entries == ()
    assert by_label["r3"].label == "Corrected 19 June 2024, 09:05 BST"
    assert by_label["r3"].summary == (
        "no change to the wording; added a note to the revision of 19 June 2024, 08:14 BST"
    )
    for fmt, times in (("markdown", 1), ("jsonld", 1), ("html", 2)):  # HTML holds JSON-LD
        assert render_notes(notes, fmt).count("misstated the years") == times
    record = json.loads(render_notes(notes, "json"))
    assert [[e["id"] for e in n["entries"]] for n in record["notes"]] == [["c1"], []]


def test_an_entry_without_fixed_in_belongs_to_the_revision_that_saved_it() -> None:
    old, new = sample_history()
    entry = Correction(
        "c1",
        "update",
        datetime.fromisoformat("2024-06-19T08:14:00+01:00"),
        "Update: comment added.",
    )
    saved = replace(new, article=replace(new.article, corrections=(entry,)))
    notes = article_notes([old, saved], LONDON)
    assert notes.notes[0].newsroom_text == "Update: comment added."
    assert notes.notes[0].text == f"Update: comment added. Changes: {SUMMARY}."


def test_in_body_note_is_used() -> None:
    old = revision(
        Article("Quake", ("An earthquake killed 23 people.",)),
        1,
        "2024-01-09T06:00:00+00:00",
        "published",
    )
    new = revision(
        Article(
            "Quake",
            (
                "An earthquake killed 24 people.",
                "Correction: an earlier version of this article said 23 people died.",
            ),
        ),
        2,
        "2024-01-09T09:30:00+00:00",
    )
    notes = article_notes([old, new], LONDON)
    note = notes.notes[0]
    assert note.source == "body"
    assert note.newsroom_text == (
        "Correction: an earlier version of this article said 23 people died."
    )
    assert note.label == "Updated 9 January 2024, 09:30 GMT"
    assert 'changed "23" to "24"' in note.summary


def test_technical_revisions_get_no_note() -> None:
    old, new = sample_history()
    technical = revision(
        replace(new.article, captions=("re-extracted caption",)),
        3,
        "2024-06-19T10:00:00+01:00",
        "technical",
    )
    notes = article_notes([old, new, technical], LONDON)
    assert [note.revision.label for note in notes.notes] == ["r2"]
    assert notes.modified == datetime.fromisoformat("2024-06-19T08:14:00+01:00")
    assert jsonld_record(notes)["dateModified"] == "2024-06-19T08:14:00+01:00"
    assert "r3" not in render_notes(notes, "markdown")


def test_a_single_revision_has_no_notes() -> None:
    old, _ = sample_history()
    notes = article_notes([old], LONDON)
    assert notes.notes == ()
    assert "No updates since publication." in render_notes(notes, "markdown")
    assert jsonld_record(notes)["correction"] == []


@pytest.mark.parametrize(
    ("moment", "zone_name", "expected"),
    [
        ("2024-06-19T07:14:00+00:00", "Europe/London", "19 June 2024, 08:14 BST"),
        ("2024-01-09T09:30:00+00:00", "Europe/London", "9 January 2024, 09:30 GMT"),
        ("2024-06-19T08:14:00+01:00", "UTC", "19 June 2024, 07:14 UTC"),
        ("2024-06-19T08:14:00+01:00", "America/Sao_Paulo", "19 June 2024, 04:14 UTC-03:00"),
        ("2024-06-19T08:14:00+01:00", "Asia/Kolkata", "19 June 2024, 12:44 IST"),
    ],
)
def test_times_are_in_the_store_zone_with_abbreviation_or_offset(
    moment: str, zone_name: str, expected: str
) -> None:
    assert when(datetime.fromisoformat(moment), zone(zone_name)) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("The toll rose to 23.", "The toll rose to 24.", 'changed "23" to "24"'),
        ("Mr Smith spoke first.", "Mr Jones spoke first.", 'changed "Smith" to "Jones"'),
        ("The mayor did not resign.", "The mayor did resign.", 'removed "not"'),
        ("One.\n\nTwo.", "One.\n\nTwo.\n\nThree here.", "added 1 paragraph"),
        (
            "One sentence here.\n\nAnother paragraph stays.",
            "Another paragraph stays.",
            "removed 1 paragraph",
        ),
        ("The cat sat.", "The cat sat. It purred loudly.", "added 1 sentence"),
        ("The council met on Sunday.", "The council met on Monday evening.", "Monday"),
        ("The recieved letter.", "The received letter.", "minor edits"),
        ("Same text.", "Same text.", "no change to the wording"),
        ("The plan was agreed.", "The scheme was approved.", "reworded 1 sentence"),
    ],
)
def test_summaries_describe_only_what_changed(old: str, new: str, expected: str) -> None:
    assert expected in summarize(diff_texts(old, new))


def test_changes_are_ranked_by_level_then_signal_then_size_then_position() -> None:
    old = (
        "The mayor spoke.\n\nThe toll rose to 23 on Monday.\n\n"
        "The plan was agreed by the council.\n\nResidents waited."
    )
    new = (
        "The mayor spoke.\n\nThe toll rose to 24 on Monday.\n\n"
        "The scheme was approved by the council.\n\nResidents waited.\n\n"
        "Aid arrived from the north in the evening."
    )
    diff = diff_texts(old, new)
    ranked = ranked_changes(diff)
    assert [c.level for c in ranked] == sorted(
        (c.level for c in diff.changes), key=("substantive", "update", "minor").index
    )
    assert ranked[0].signals == ("number",)
    assert ranked_changes(diff) == ranked  # the same order every time
    summary = summarize(diff)
    assert summary.startswith('changed "23" to "24"; ')
    assert summary.index("reworded 1 sentence") < summary.index("added 1 paragraph") or (
        summary.index("added 1 paragraph") < summary.index("reworded 1 sentence")
    )


def test_a_corrected_fact_leads_a_bigger_addition() -> None:
    old = "The council met on Monday.\n\nThe toll was 23."
    new = (
        "The council met on Monday.\n\nThe toll was 24.\n\n"
        "Rescue teams from three neighbouring towns searched the collapsed buildings all night."
    )
    assert summarize(diff_texts(old, new)) == 'changed "23" to "24"; added 1 paragraph'


def test_typography_beside_a_corrected_fact_is_never_quoted() -> None:
    old = 'Officials said it was "Russia\'s" 23rd attempt - a record.'
    new = "Officials said it was \u201cRussia\u2019s\u201d 24th attempt \u2014 a record."
    summary = summarize(diff_texts(old, new))
    assert summary == 'changed "23rd" to "24th"'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "It's the mayor's \"plan\" - agreed.",
            "It\u2019s the mayor\u2019s \u201cplan\u201d \u2014 agreed.",
        ),
        ("The plan was agreed.", "The plan was agreed.\n\nRead more: our coverage of the council"),
        ("The recieved letter.", "The received letter."),
        ("One paragraph here.\n\nAnother one there.", "Another one there.\n\nOne paragraph here."),
    ],
)
def test_a_revision_of_minor_edits_only_is_summed_up_plainly(old: str, new: str) -> None:
    diff = diff_texts(old, new)
    assert diff.verdict == "minor"
    assert summarize(diff) == "minor edits"


def test_minor_only_revisions_add_no_correction_comment() -> None:
    old = revision(Article("Quake", ("It's 23.",)), 1, "2024-01-09T06:00:00+00:00", "published")
    new = revision(Article("Quake", ("It\u2019s 23.",)), 2, "2024-01-09T07:00:00+00:00")
    notes = article_notes([old, new], LONDON)
    assert notes.notes[0].sentence == "Updated 9 January 2024, 07:00 GMT: minor edits."
    assert jsonld_record(notes)["correction"] == []


def test_an_in_body_note_one_revision_late_is_shown_with_the_change_it_explains() -> None:
    body = ("An earthquake killed 23 people.", "Rescuers worked through the night.")
    note = "Correction: an earlier version of this article said 23 people died."
    articles = [
        Article("Quake", body),
        Article("Quake", ("An earthquake killed 24 people.", body[1])),
        Article("Quake", ("An earthquake killed 24 people.", body[1], note)),
    ]
    history = [
        revision(a, k, f"2024-01-09T0{5 + k}:00:00+00:00", "published" if k == 1 else "update")
        for k, a in enumerate(articles, 1)
    ]
    r2, r3 = article_notes(history, LONDON).notes
    assert r2.newsroom_text == note
    assert r2.text == f'{note} Changes: changed "23" to "24".'
    assert r3.entries == ()
    # the note's paragraph is not news: r3 is not "added 1 paragraph"
    assert r3.summary == (
        "no change to the wording; added a note to the revision of 9 January 2024, 07:00 GMT"
    )


def test_long_substantive_edits_are_counted_not_quoted() -> None:
    old = (
        "The minister said on Monday that 12 schools in the northern region would close next year."
    )
    new = (
        "The minister said on Monday that 14 schools, two colleges, three hospitals and five "
        "care homes for older people in the northern region would close next year."
    )
    summary = summarize(diff_texts(old, new))
    assert summary == "changed 1 sentence"


def test_at_most_three_quoted_changes() -> None:
    old = "\n\n".join(f"Paragraph {k} says {k} people came." for k in range(1, 7))
    new = "\n\n".join(f"Paragraph {k} says {k + 10} people came." for k in range(1, 7))
    summary = summarize(diff_texts(old, new))
    assert summary.count('changed "') == 3
    assert "changed 3 other sentences" in summary


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["23", "24", "Smith", "Jones", "not", "the", "council", "said", "."]),
        min_size=1,
        max_size=12,
    ),
    st.lists(
        st.sampled_from(["23", "24", "Smith", "Jones", "not", "the", "council", "said", "."]),
        min_size=1,
        max_size=12,
    ),
)
def test_generated_notes_quote_only_text_that_is_there(
    old_words: list[str], new_words: list[str]
) -> None:
    old, new = " ".join(old_words), " ".join(new_words)
    summary = summarize(diff_texts(old, new))
    for quoted in re.findall(r'"([^"]*)"', summary):
        assert quoted.rstrip("…") in old or quoted.rstrip("…") in new


def test_jsonld_has_the_schema_org_fields() -> None:
    notes = article_notes(corrected_history(), LONDON)
    record = jsonld_record(notes)
    assert record["@context"] == "https://schema.org"
    assert record["@type"] == "NewsArticle"
    assert record["datePublished"] == "2024-06-19T07:38:00+01:00"
    assert record["dateModified"] == "2024-06-19T09:05:00+01:00"
    assert record["version"] == 3
    assert record["headline"].startswith("Vladimir Putin embraces Kim Jong Un and thanks")
    assert record["author"] == [{"@type": "Person", "name": "James Saunders"}]
    # c1 is one correction, shown under r2; r3 changed no wording and adds no comment.
    assert record["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": CORRECTION,
            "datePublished": "2024-06-19T09:05:00+01:00",
        }
    ]
    for moment in (record["datePublished"], record["dateModified"]):
        assert datetime.fromisoformat(moment).utcoffset() is not None
    assert json.loads(render_notes(notes, "jsonld")) == record


def test_jsonld_generated_comments_and_url() -> None:
    old, new = sample_history()
    new = replace(new, article=replace(new.article, url="https://www.example.org/news/putin"))
    record = jsonld_record(article_notes([old, new], LONDON))
    assert record["url"] == "https://www.example.org/news/putin"
    (comment,) = record["correction"]
    assert comment["@type"] == "CorrectionComment"
    assert comment["text"].startswith('Changed "23" to "24"; headline changed')
    assert comment["datePublished"] == "2024-06-19T08:14:00+01:00"


def test_json_format() -> None:
    record = json.loads(render_notes(article_notes(corrected_history(), LONDON), "json"))
    assert record["schema"] == "articlediff.notes/1"
    assert [n["revision"] for n in record["notes"]] == ["r2", "r3"]
    assert record["notes"][0]["source"] == "log"
    assert record["notes"][0]["summary"] == SUMMARY
    assert record["notes"][0]["entries"][0]["id"] == "c1"


def test_markdown_marks_generated_notes() -> None:
    text = render_notes(article_notes(sample_history(), LONDON), "markdown")
    assert text.startswith("# Updates: Vladimir Putin embraces")
    assert f"- **Updated 19 June 2024, 08:14 BST** (r2): {SUMMARY}." in text
    assert "_(automatic summary of the changes)_" in text


HOSTILE = '<script>alert("x")</script></p><!-- & \x1b[31m **bold** [link](javascript:x)'


def hostile_notes() -> object:
    old = revision(
        Article(f"Headline {HOSTILE}", ("Safe text.",), url="javascript:alert(1)"),
        1,
        "2024-06-19T07:00:00+01:00",
        "published",
    )
    entry = Correction(
        "c1",
        "correction",
        datetime.fromisoformat("2024-06-19T08:00:00+01:00"),
        f"Correction: {HOSTILE}",
    )
    new = revision(
        Article(
            f"Headline {HOSTILE}",
            ("Safe text.", f"Added {HOSTILE}"),
            corrections=(entry,),
            url="javascript:alert(1)",
        ),
        2,
        "2024-06-19T08:00:00+01:00",
    )
    return article_notes([old, new], LONDON)


def test_hostile_text_is_inert_in_every_format() -> None:
    notes = hostile_notes()
    html = render_notes(notes, "html")  # type: ignore[arg-type]
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        f"<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{html}</body></html>"
    )
    scripts = tree.findall(".//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].text)
    assert data["correction"][0]["text"].startswith("Correction: <script>")
    assert "url" not in data  # javascript: addresses are never linked
    assert (
        "\x1b" not in html and "<!--" not in html and "</script><" not in html.split("ld+json")[0]
    )
    markdown = render_notes(notes, "markdown")  # type: ignore[arg-type]
    assert "<script" not in markdown and "\x1b" not in markdown
    assert "\\*\\*bold\\*\\*" in markdown and "\\[link\\]" in markdown
    for fmt in ("json", "jsonld"):
        json.loads(render_notes(notes, fmt))  # type: ignore[arg-type]
    assert set(FORMATS) == {"markdown", "html", "json", "jsonld"}
