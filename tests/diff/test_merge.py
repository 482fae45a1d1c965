"""Three-way merge of articles (``diff.merge``): a revision's own edit applied to a text that
moved on, paragraph by paragraph and sentence by sentence; the later wording wins a conflict."""

from __future__ import annotations

from datetime import datetime, timedelta

from articlediff.diff.merge import merge_articles, merge_paragraph, merge_paragraphs
from articlediff.model import Article, Correction

BASE = (
    "Vladimir Putin arrived in Pyongyang for talks with Kim Jong Un.",
    "The two leaders signed a partnership agreement. It covers trade and defence.",
    "The Kremlin spokesman, Dmitry Peskov, said the visit was a success.",
    "Officials in Seoul said they were watching closely.",
)
T = datetime.fromisoformat("2024-06-19T08:00:00+01:00")


def edited(index: int, text: str, body: tuple[str, ...] = BASE) -> tuple[str, ...]:
    return tuple(text if n == index else p for n, p in enumerate(body))


def test_edits_to_different_paragraphs_both_survive() -> None:
    current = edited(0, "Vladimir Putin arrived in Pyongyang early for talks with Kim Jong Un.")
    revision = edited(3, "Officials in Seoul said they were watching the visit closely.")
    merged, conflicts = merge_paragraphs(BASE, current, revision)
    assert merged == (current[0], BASE[1], BASE[2], revision[3])
    assert conflicts == []


def test_edits_to_neighbouring_paragraphs_both_survive() -> None:
    current = edited(1, "The two leaders signed a broad partnership agreement. It covers trade.")
    revision = edited(2, "The Kremlin spokesman, Dmitry Peskov, said the visit went well.")
    merged, conflicts = merge_paragraphs(BASE, current, revision)
    assert merged == (BASE[0], current[1], revision[2], BASE[3])
    assert conflicts == []


def test_edits_to_different_sentences_of_one_paragraph_both_survive() -> None:
    current = edited(
        1, "The two leaders signed a broad partnership agreement. It covers trade and defence."
    )
    revision = edited(
        1, "The two leaders signed a partnership agreement. It covers trade, defence and aid."
    )
    merged, conflicts = merge_paragraphs(BASE, current, revision)
    assert merged[1] == (
        "The two leaders signed a broad partnership agreement. It covers trade, defence and aid."
    )
    assert conflicts == []


def test_the_same_sentence_changed_twice_takes_the_later_wording() -> None:
    current = edited(2, "The Kremlin spokesman, Dmitry Peskov, said the visit was a triumph.")
    revision = edited(2, "The Kremlin spokesman, Dmitry Peskov, said it was productive.")
    merged, conflicts = merge_paragraphs(BASE, current, revision)
    assert merged == revision
    assert conflicts == [3]


def test_whole_texts_replaced_on_both_sides_take_the_later_text() -> None:
    """No word-by-word merging: "A at ten" edited to "B at half ten" on one side and to "A at
    eleven" on the other must not become "B at half eleven", a sentence nobody wrote."""
    assert merge_paragraph("A at ten.", "B at half ten.", "A at eleven.") == ("A at eleven.", True)


def test_paragraphs_inserted_at_one_place_are_both_kept() -> None:
    current = (*BASE[:2], "A paragraph added on one desk.", *BASE[2:])
    revision = (*BASE[:2], "Another paragraph added on the other desk.", *BASE[2:])
    merged, conflicts = merge_paragraphs(BASE, current, revision)
    assert merged == (*BASE[:2], current[2], revision[2], *BASE[2:])
    assert conflicts == []


def test_deletion_and_insertion_elsewhere() -> None:
    current = BASE[:3]  # the last paragraph deleted
    revision = ("A new first paragraph.", *BASE)
    merged, conflicts = merge_paragraphs(BASE, current, revision)
    assert merged == ("A new first paragraph.", *BASE[:3])
    assert conflicts == []


def test_the_same_edit_on_both_sides_is_made_once() -> None:
    both = edited(3, "Officials in Seoul said they were watching very closely.")
    assert merge_paragraphs(BASE, both, both) == (both, [])


def test_articles_fields_times_and_the_log() -> None:
    entry = Correction("c1", "correction", T, "Correction: a misstated name.", "r2")
    base = Article("Putin visits", BASE, published=T, updated=T)
    current = Article(
        "Putin visits Pyongyang", BASE, published=T, updated=T + timedelta(hours=1),
        corrections=(entry,),
    )  # fmt: skip
    revision = Article(
        "Putin visits", edited(3, "Seoul is watching."), published=T,
        updated=T + timedelta(hours=2), byline="By A Reporter",
    )  # fmt: skip
    result = merge_articles(base, current, revision)
    merged = result.article
    assert merged.headline == "Putin visits Pyongyang"
    assert merged.body == edited(3, "Seoul is watching.")
    assert merged.byline == "By A Reporter"
    assert merged.updated == T + timedelta(hours=2)  # moving forward: no conflict
    assert merged.corrections == (entry,)  # the log is the store's to merge
    assert result.conflicts == ()


def test_an_updated_time_going_back_and_a_headline_conflict_are_named() -> None:
    base = Article("Putin visits", BASE, updated=T)
    current = Article("Putin visits Kim", BASE, updated=T + timedelta(hours=2))
    revision = Article("Putin meets Kim", BASE, updated=T + timedelta(hours=1))
    result = merge_articles(base, current, revision)
    assert result.article.headline == "Putin meets Kim"
    assert result.article.updated == T + timedelta(hours=1)
    assert result.conflicts == ("headline", "updated time")


def test_unchanged_sides_return_the_other() -> None:
    base = Article("H", BASE)
    changed = Article("H", edited(0, "Changed."))
    assert merge_articles(base, base, changed).article == changed
    assert merge_articles(base, changed, base).article == changed
