"""Golden cases: old text, new text, the expected flat ops as markup, and the verdict."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest

from articlediff.diff import diff_articles, diff_texts
from articlediff.model import Article
from tests.diff.markup import markup

P1 = "The minister announced the plan on Monday morning."
P2 = "Opposition parties said the proposal went too far."
P3 = "A vote is expected in parliament next month."

GOLDEN = [
    pytest.param(
        "the red dog barked",
        "the green dog barked",
        "the [-red-]{+green+} dog barked",
        "update",
        id="word-swap",
    ),
    pytest.param(
        "the red big dog",
        "the green small dog",
        "the [-red big-]{+green small+} dog",
        "update",
        id="two-word-replacement",
    ),
    pytest.param(
        "Police said 1,278 people were evacuated.",
        "Police said 1,728 people were evacuated.",
        "Police said [-1,278-]{+1,728+} people were evacuated.",
        "substantive",
        id="number-change",
    ),
    pytest.param(
        "Hello world said the man",
        "Hello, world! said the man",
        "Hello{+,+} world{+!+} said the man",
        "minor",
        id="punctuation-only",
    ),
    pytest.param(
        "The goverment denied the report.",
        "The government denied the report.",
        "The [-goverment-]{+government+} denied the report.",
        "minor",
        id="typo-fix",
    ),
    pytest.param(
        "the cat sat",
        "The cat sat",
        "[-the-]{+The+} cat sat",
        "minor",
        id="case-only",
    ),
    pytest.param(
        "It rained.  Then it stopped.",
        "It rained. Then it stopped.",
        "It rained.[-  -]{+ +}Then it stopped.",
        "minor",
        id="whitespace-only",
    ),
    pytest.param(
        "First point made. Last point made.",
        "First point made. A new middle point was added. Last point made.",
        "First point made. {+A new middle point was added. +}Last point made.",
        "update",
        id="sentence-added-mid-paragraph",
    ),
    pytest.param(
        f"{P1}\n\n{P3}",
        f"{P1}\n\n{P2}\n\n{P3}",
        f"{P1}{{+\n\n{P2}+}}\n\n{P3}",
        "update",
        id="paragraph-added",
    ),
    pytest.param(
        f"{P1}\n\n{P2}\n\n{P3}",
        f"{P1}\n\n{P3}",
        f"{P1}[-\n\n{P2}-]\n\n{P3}",
        "update",  # removing material that was not wrong (the labelling guideline)
        id="paragraph-deleted",
    ),
    pytest.param(
        f"{P1}\n\n{P2}",
        f"{P2}",
        f"[-{P1}\n\n-]{P2}",
        "update",
        id="first-paragraph-deleted",
    ),
    pytest.param(
        f"{P1}",
        f"{P1}\n\n{P2}",
        f"{P1}{{+\n\n{P2}+}}",
        "update",
        id="last-paragraph-added",
    ),
    pytest.param(
        f"{P1}\n\n{P2}\n\n{P3}",
        f"{P2}\n\n{P3}\n\n{P1}",
        f"[~1~{P1}~][-\n\n-]{P2}\n\n{P3}{{+\n\n+}}{{~1~{P1}~}}",
        "minor",  # moving a paragraph without changing it
        id="paragraph-moved",
    ),
    pytest.param(
        "我喜欢猫。",
        "我喜欢狗。",
        "我喜欢[-猫-]{+狗+}。",
        "update",
        id="cjk",
    ),
    pytest.param(
        "ภาษาไทยง่าย",
        "ภาษาไทยยาก",
        "ภาษาไทย[-ง่าย-]{+ยาก+}",
        "update",
        id="thai",
    ),
    pytest.param(
        "Fans 🇬🇧 cheered 👨‍👩‍👧 👍🏽",
        "Fans 🇫🇷 cheered 👨‍👩‍👦 👍🏽",
        "Fans [-🇬🇧-]{+🇫🇷+} cheered [-👨‍👩‍👧-]{+👨‍👩‍👦+} 👍🏽",
        "update",
        id="emoji-and-flags",
    ),
    pytest.param(
        "Putin’s visit",
        "Putin’s trip",
        "Putin’s [-visit-]{+trip+}",
        "minor",  # one ordinary word for another: house style (docs/diff.md, "Small wording")
        id="curly-apostrophe-is-punctuation",
    ),
    pytest.param(
        'He said: "We will win the vote."',
        'He said: "We will lose the vote."',
        'He said: "We will [-win-]{+lose+} the vote."',
        "substantive",
        id="quote-change",
    ),
    pytest.param(
        "The talks were led by James Saunders today.",
        "The talks were led by James Sanders today.",
        "The talks were led by James [-Saunders-]{+Sanders+} today.",
        "substantive",
        id="name-respelled-is-a-correction",
    ),
    pytest.param(
        "Police said the man was armed.",
        "Police said the man was unarmed.",
        "Police said the man was [-armed-]{+unarmed+}.",
        "substantive",
        id="negating-prefix-is-not-a-spelling-fix",
    ),
    pytest.param(
        "The talks were led by James Smith today.",
        "The talks were led by James Brown today.",
        "The talks were led by James [-Smith-]{+Brown+} today.",
        "substantive",
        id="name-change",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected", "verdict"), GOLDEN)
def test_golden(old: str, new: str, expected: str, verdict: str) -> None:
    diff = diff_texts(old, new)
    assert markup(diff.ops) == expected
    assert diff.verdict == verdict
    assert diff.old_body() == old
    assert diff.new_body() == new


def test_paragraph_moved_and_edited() -> None:
    p1_edited = P1.replace("Monday", "Tuesday")
    diff = diff_texts(f"{P1}\n\n{P2}\n\n{P3}", f"{P2}\n\n{P3}\n\n{p1_edited}")
    assert markup(diff.ops) == f"[~1~{P1}~][-\n\n-]{P2}\n\n{P3}{{+\n\n+}}{{~1~{p1_edited}~}}"
    moved = [p for p in diff.paragraphs if p.kind == "move"]
    assert len(moved) == 1
    assert (moved[0].old_index, moved[0].new_index, moved[0].move) == (0, 2, 1)
    assert markup(moved[0].ops) == P1.replace("Monday", "[-Monday-]{+Tuesday+}")
    assert diff.stats.paragraphs_moved == 1
    assert (diff.stats.words_added, diff.stats.words_deleted) == (1, 1)
    kinds = {c.kind for c in diff.changes}
    assert kinds == {"move", "edit"}
    assert diff.verdict == "substantive"  # a weekday is a date


def test_changed_paragraph_keeps_structure() -> None:
    diff = diff_texts(f"{P1}\n\n{P2}", f"{P1}\n\n{P2.replace('too far', 'far enough')}")
    assert [p.kind for p in diff.paragraphs] == ["equal", "change"]
    assert markup(diff.paragraphs[1].ops).endswith("went [-too far-]{+far enough+}.")


def test_unrelated_paragraph_is_delete_plus_insert() -> None:
    diff = diff_texts("Completely different words here.", "Nothing alike at all, really.")
    assert [p.kind for p in diff.paragraphs] == ["delete", "insert"]
    assert (
        markup(diff.ops) == "[-Completely different words here.-]{+Nothing alike at all, really.+}"
    )


def test_nfc_versus_nfd_is_no_change() -> None:
    text = "Café crème in Zürich, São Paulo."
    nfd, nfc = unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)
    assert nfd != nfc
    diff = diff_texts(nfd, nfc)
    assert [op.op for op in diff.ops] == ["equal"]
    assert diff.changes == ()
    assert diff.old_body() == nfd
    assert diff.new_body() == nfc
    assert diff.ops[0].old_text == nfd


def _article(**changes: object) -> Article:
    base = {
        "headline": "Putin embraces Kim in Pyongyang",
        "body": (P1, P2),
        "standfirst": "The two leaders met on Wednesday.",
        "byline": "James Saunders",
        "published": datetime(2024, 6, 19, 6, 38, tzinfo=UTC),
        "updated": datetime(2024, 6, 19, 7, 14, tzinfo=UTC),
        "captions": ("The two leaders embraced on the tarmac",),
    }
    base.update(changes)
    return Article(**base)  # type: ignore[arg-type]


def test_headline_change() -> None:
    diff = diff_articles(_article(), _article(headline="Putin hugs Kim in Pyongyang"))
    headline = diff.field("headline")
    assert markup(headline.ops) == "Putin [-embraces-]{+hugs+} Kim in Pyongyang"
    # A headline reworded with no fact changed: an update (the labelling guideline), even
    # when it is a word of ordinary wording, which in the body would be house style.
    assert diff.verdict == "update"
    assert [c.signals for c in diff.changes] == [("headline",)]
    assert [r.signal for c in diff.changes for r in c.reasons] == ["headline", "wording"]
    assert all(op.op == "equal" for op in diff.ops)


def test_headline_punctuation_fix_is_minor() -> None:
    diff = diff_articles(_article(), _article(headline="Putin embraces Kim in Pyongyang."))
    assert diff.verdict == "minor"


def test_updated_time_alone_is_not_an_editorial_change() -> None:
    later = datetime(2024, 6, 19, 8, 0, tzinfo=UTC)
    diff = diff_articles(_article(), _article(updated=later))
    assert diff.field("updated").changed
    assert diff.changes == ()
    assert diff.verdict == "minor"
    assert diff.changed


def test_fields_are_diffed_separately() -> None:
    diff = diff_articles(
        _article(),
        _article(
            standfirst="The two leaders met on Wednesday in the capital.",
            byline="James Saunders and Anna Smith",
            captions=("The two leaders embraced on the runway",),
        ),
    )
    assert [f.name for f in diff.fields if f.changed] == ["standfirst", "byline", "captions"]
    assert all(op.op == "equal" for op in diff.ops)
    assert markup(diff.field("byline").ops) == "James Saunders{+ and Anna Smith+}"
    assert {c.field for c in diff.changes} == {"standfirst", "byline", "captions"}
    assert diff.verdict == "update"


def test_new_paragraph_with_quote_is_an_update() -> None:
    added = 'Kim said: "Our friendship is invincible," according to state media.'
    diff = diff_texts(f"{P1}\n\n{P2}", f"{P1}\n\n{added}\n\n{P2}")
    assert diff.verdict == "update"
    assert [c.kind for c in diff.changes] == ["addition"]


def test_sentence_moved_between_paragraphs() -> None:
    s = "Officials confirmed the figures late on Tuesday."
    diff = diff_texts(f"{P1} {s}\n\n{P2}", f"{P1}\n\n{P2} {s}")
    assert [c.kind for c in diff.changes] == ["move"]
    assert diff.verdict == "minor"


def test_json_layout() -> None:
    data = diff_texts("a b", "a c").to_json()
    assert list(data) == ["schema", "ops", "paragraphs", "fields", "stats", "verdict", "changes"]
    assert data["schema"] == "articlediff.diff/1"
    assert data["ops"] == [
        {"op": "equal", "text": "a "},
        {"op": "delete", "text": "b"},
        {"op": "insert", "text": "c"},
    ]
    assert data["paragraphs"][0]["kind"] == "change"
    assert data["stats"]["words_changed"] == 1
