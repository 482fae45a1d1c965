"""How the verdicts read a change: the quick ways (normalising by stretches, words split at
hyphens by one expression, furniture screened by the strings each pattern needs, a changed
paragraph read from its own word diff) agree with the slow ones they replace."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlediff import Article, diff_articles
from articlediff.common import furniture
from articlediff.common.furniture import (
    FURNITURE,
    ONE_EXPRESSION,
    FurniturePattern,
    _any_of,
    _screens,
    compile_patterns,
    furniture_in,
    kept_furniture_in,
    kept_strip_furniture,
    strip_furniture,
)
from articlediff.diff import classify, facts
from articlediff.diff.normalize import _char_by_char, normalize
from articlediff.diff.tokens import is_word, tokenize

MUTATIONS = Path(__file__).resolve().parents[2] / "benchmarks" / "verdicts" / "mutations.jsonl"

# -- normalising ----------------------------------------------------------------------------

_TYPOGRAPHY = [
    *("a", "Bc", "9", " ", "  ", "\t", "\n", "-", "--", "—", "–", "−", "…", "’", "“", "”"),
    *("\u00a0", "\u00ad", "\u200b", "&amp;", "&nbsp;", "&#8212;", "&#x2019;", "&", "&bogus"),
    *("é", "日", "\u0301"),
]
typeset = st.lists(st.sampled_from(_TYPOGRAPHY), max_size=30).map("".join)


@given(typeset)
def test_normalising_by_stretches_agrees_with_one_character_at_a_time(text: str) -> None:
    quick, offsets = normalize(text)
    slow, slow_offsets = _char_by_char(text)
    assert quick == slow
    assert list(offsets) == slow_offsets


# -- words ----------------------------------------------------------------------------------

_WORDS = ["state-run", "Jong-un's", "3-4.5", "a_b", "don't", "1,278", "U.S.", "x-'y", "—", " "]
prose = st.lists(st.sampled_from([*_WORDS, " ", ", ", ". "]), max_size=30).map("".join)


def _split_after(text: str) -> tuple[list[str], list[bool]]:
    """The words as they were read before: whole tokens, then split at hyphens."""
    out: list[str] = []
    spaced: list[bool] = []
    space = True
    for tok in tokenize(text):
        if tok.isspace():
            space = True
            continue
        parts = re.split(r"([-\u2010\u2011_])", tok) if is_word(tok) else [tok]
        for part in [p for p in parts if p]:
            out.append(part)
            spaced.append(space)
            space = False
    return out, spaced


@given(st.one_of(prose, st.text(alphabet="ab9 -_'.,\u2010", max_size=40)))
def test_words_split_at_hyphens_by_one_expression(text: str) -> None:
    assert facts.words(text) == _split_after(text)


# -- furniture screens ----------------------------------------------------------------------

# At least one text for every alternative of every built-in pattern.
_FURNITURE_TEXTS = [
    "Photo: Jane Doe/Reuters",
    "(Image: @GardaTraffic)",
    "Reuters",
    "AP / Getty Images",
    "Subscribe now to our eNATION edition for the full story.",
    "Subscribers also receive the print edition.",
    "To read the full story, log in.",
    "Download our free news app today",
    "You're already a subscriber? Log in for immediate access.",
    "Support independent journalism today.",
    "Become a member",
    "Advertise with the most visited news site in town",
    "Your content is delivered to your inbox",
    "Never miss the latest news by signing up to our newsletter",
    "Subscribe To Our Newsletter",
    "Sign up here for alerts",
    "Get email alerts",
    "Read more: Council approves bridge repairs",
    "READ MORE",
    "À lire aussi",
    "Lesen Sie auch: Der Streit",
    "Latest Articles",
    "You may also like",
    "Most popular",
    "Top stories",
    "Share on Facebook",
    "Click to share on Twitter (Opens in new window)",
    "Leave a comment",
    "12 comments",
    "Email this story",
    "Follow us on Instagram",
    "© 2022, Example News. All rights reserved.",
    "This article is the copyrighted property of Example.",
    "Written permission must be obtained before reprint.",
    "The mayor spoke (Picture by Jameel Springer)",
    "He waved. Photo: Alvaro Serey",
    "Photographs by: Ann Lee",
    "Shawn Logan / Postmedia Network",
    "MORE: The mayor resigns",
    "Officials met. Related stories: budget row",
    "External links and notes",
    "Read the feature-rich experience in our app",
    "Story continues below advertisement",
    "Listen to this article",
    "RSVP now",
    "Never miss a story",
    "Sign up and we'll send you the best stories by email",
    "Social Share",
    "Copy link",
    "PYONGYANG (Reuters) - The leaders met.",
    "NAPA COUNTY, Calif. (KGO) -- A fire broke out.",
    "The fire spread quickly. (BA)",
    "(BA)",
    "Category:April 7, 2005",
    "April 7, 2005 Category:Politics",
    "Bridge 250px|A bridge",
    "Budget passed | CBC News",
]


def _unscreened(patterns: Sequence[FurniturePattern]) -> tuple[FurniturePattern, ...]:
    return tuple(dataclasses.replace(p, needs=()) for p in patterns)


@pytest.mark.parametrize("text", _FURNITURE_TEXTS)
def test_screens_never_hide_furniture(text: str) -> None:
    unscreened = _unscreened(FURNITURE)
    for headline in (False, True):
        assert strip_furniture(text, FURNITURE, headline=headline) == strip_furniture(
            text, unscreened, headline=headline
        )
        assert furniture_in(text, FURNITURE, headline=headline) == furniture_in(
            text, unscreened, headline=headline
        )
    lowered = " ".join(text.split()).lower()
    matched = [
        p
        for p in FURNITURE
        if (p.regex.fullmatch(" ".join(text.split())) if p.whole else p.regex.search(text))
    ]
    assert matched, text  # each text is furniture of some kind
    assert all(p.may_match(lowered) for p in matched)


_STORY_WORDS = [w.split()[0] for w in _FURNITURE_TEXTS] + ["said", "the", "(", ")", "-", "/"]


@given(st.lists(st.sampled_from([*_STORY_WORDS, " ", ". "]), max_size=25).map(" ".join))
def test_screens_change_no_result(text: str) -> None:
    assert strip_furniture(text) == strip_furniture(text, _unscreened(FURNITURE))


_NEEDLE = st.text(alphabet="ab c(", max_size=4)


@given(st.lists(_NEEDLE, max_size=8), st.text(alphabet="ab c(\n", max_size=30))
def test_one_expression_finds_a_text_holding_any_of_the_needles(
    needles: list[str], text: str
) -> None:
    found = _any_of(needles)
    quick = found is not None and found.search(text) is not None
    assert quick == any(needle in text for needle in needles)


def test_a_screen_finds_each_of_its_strings_however_it_looks_for_them() -> None:
    screens = [s for s in _screens(FURNITURE) if s is not None]
    assert len(screens) == 5  # whole, inside, inside a headline; every pattern, in a headline
    assert screens[0].found is not None  # the whole-text patterns' 45 strings: one expression
    for union, parts in ((screens[3], screens[:2]), (screens[4], (screens[0], screens[2]))):
        assert set(union.anywhere) == {n for part in parts for n in part.anywhere}
        assert set(union.leading) == {n for part in parts for n in part.leading}
        assert set(union.trailing) == {n for part in parts for n in part.trailing}
    for screen in screens:
        assert (screen.found is not None) == (len(screen.anywhere) > ONE_EXPRESSION)
        for needle in screen.anywhere:
            assert screen.passes(f"said {needle} on monday")
    assert not any(s.passes("the mayor said on monday") for s in screens)


# -- furniture kept for each text -----------------------------------------------------------

_BOXED = (
    "The council met on Monday.\n\nNever miss the latest news. Sign up for our newsletter."
    "\n\nPhoto: Jane Doe/Reuters"
)


def _changes(old: str, new: str, patterns: Sequence[FurniturePattern]) -> tuple[object, ...]:
    diff = diff_articles(_body(old), _body(new), furniture=tuple(patterns))
    return diff.verdict, diff.changes


def _body(text: str) -> Article:
    return Article(headline="", body=tuple(text.split("\n\n")))


def test_furniture_kept_for_a_text_is_what_working_it_out_again_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same texts judged under the built-in patterns, under a store's own list (one more
    pattern that makes a sentence furniture) and again: each list keeps its own answers,
    and they are the answers worked out afresh, however small the memo."""
    store_patterns = (*FURNITURE, *compile_patterns([r"The council met on \w+\."], "patterns"))
    old = _BOXED
    new = _BOXED.replace("Monday", "Tuesday").replace("Jane Doe", "John Doe")
    runs = [FURNITURE, store_patterns, FURNITURE, store_patterns]
    kept = [_changes(old, new, patterns) for patterns in runs]
    assert kept[0] == kept[2] and kept[1] == kept[3]
    assert kept[0] != kept[1]  # the store's pattern makes the first sentence furniture
    assert {r.signal for c in kept[1][1] for r in c.reasons} == {"furniture"}
    for size in (1, 2):
        monkeypatch.setattr(furniture, "FURNITURE_MEMO", size)
        assert [_changes(old, new, patterns) for patterns in runs] == kept
    monkeypatch.setattr(furniture, "_kept", lambda table, key, compute: compute())
    assert [_changes(old, new, patterns) for patterns in runs] == kept


def test_kept_furniture_is_strip_furniture_for_each_list_of_patterns() -> None:
    """The memo beside ``strip_furniture`` answers as working it out does, for each list of
    patterns on its own (a store's list never gets the built-in list's answer), headline or
    not; a paragraph is looked up by its text and read through the normalising given."""
    store_patterns = (*FURNITURE, *compile_patterns([r"The council met on \w+\."], "patterns"))
    texts = [*_BOXED.split("\n\n"), "The council met on Monday.", "Read more: Floods | CBC News"]
    for _ in range(2):  # the second time, every answer comes from the memo
        for patterns in (FURNITURE, store_patterns):
            for text in texts:
                for headline in (False, True):
                    assert kept_strip_furniture(
                        text, patterns, headline=headline
                    ) == strip_furniture(text, patterns, headline=headline)
                    assert kept_furniture_in(
                        text, str.upper, patterns, headline=headline
                    ) == furniture_in(text.upper(), patterns, headline=headline)
    assert kept_strip_furniture("The council met on Monday.", store_patterns)[0].strip() == ""
    assert kept_strip_furniture("The council met on Monday.", FURNITURE)[1] == ()


def test_the_memo_keeps_at_most_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(furniture, "FURNITURE_MEMO", 3)
    table: dict[str, int] = {}
    for k in range(10):
        assert furniture._kept(table, f"text {k}", lambda k=k: k) == k  # type: ignore[misc]
    assert list(table) == ["text 7", "text 8", "text 9"]  # the oldest forgotten first
    assert furniture._kept(table, "text 8", lambda: -1) == 8  # kept: not worked out again


# -- a changed paragraph read from its word diff --------------------------------------------


def test_a_changed_sentence_among_unchanged_ones_is_read_alone() -> None:
    old = "The bridge opened in 1932. Its main span is 503 metres long. It is a landmark."
    new = "The bridge opened in 1932. Its main span is 504 metres long. It is a landmark."
    diff = diff_articles(Article(headline="B", body=(old,)), Article(headline="B", body=(new,)))
    assert [(c.kind, c.sentence_old, c.sentence_new, c.signals) for c in diff.changes] == [
        (
            "edit",
            "Its main span is 503 metres long.",
            "Its main span is 504 metres long.",
            ("number",),
        )
    ]


def test_typography_and_case_inside_an_edited_sentence_are_not_changes_of_words() -> None:
    old = "“Putin’s plan,” the minister said on Monday."
    new = '"Putin\'s plan," The minister said again on Monday.'
    diff = diff_articles(Article(headline="B", body=(old,)), Article(headline="B", body=(new,)))
    reasons = [(r.signal, r.old, r.new) for c in diff.changes for r in c.reasons]
    assert ("wording", "", "again") in reasons
    assert ("case", "the", "The") in reasons
    assert diff.verdict == "minor"


@given(
    st.lists(st.sampled_from(["n:1", "n:2", "n:3", "d:1-2", "v:many"]), max_size=8),
    st.lists(st.sampled_from(["n:1", "n:2", "n:3", "d:1-2", "v:many"]), max_size=8),
)
def test_values_are_matched_as_one_by_one_in_order(old: list[str], new: list[str]) -> None:
    xs = [
        facts.Expr(k, k + 1, "number", frozenset({v, "n:9"} if k % 3 else {v}))
        for k, v in enumerate(old)
    ]
    ys = [facts.Expr(k, k + 1, "number", frozenset({v})) for k, v in enumerate(new)]
    left, right = classify._match(xs, ys, lambda x, y: bool(x.values & y.values))
    quick_left, quick_right = classify._match_values(xs, ys)
    assert {id(x) for x in left} == quick_left
    assert {id(y) for y in right} == quick_right
