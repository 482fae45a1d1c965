"""How classification lines up the sentences of a changed paragraph and diffs their words."""

from __future__ import annotations

import random

from articlediff.diff import classify, diff_texts
from articlediff.diff.engine import Budget, align_units

_UNITS = ["It rained.", "It rained!", "He said “no”.", 'He said "no".', "Ten died.", "Two died."]


def _sents(texts: list[str]) -> list[classify.Sent]:
    paragraph = classify.Paragraph(" ".join(texts), classify.FURNITURE, several=True)
    return [classify.Sent(text, 0, paragraph) for text in texts]


def test_sentences_are_aligned_as_align_units_aligns_their_normalised_text() -> None:
    """Taking the sentences the same at both ends first (original text before normalised
    text) gives exactly the alignment of the normalised sentences, also when the two ends
    could overlap (``[x, x]`` against ``[x]``) and when only typography differs."""
    rnd = random.Random(14)
    for case in range(2000):
        old = [rnd.choice(_UNITS) for _ in range(rnd.randint(0, 6))]
        new = [rnd.choice(_UNITS) for _ in range(rnd.randint(0, 6))]
        sa, sb = _sents(old), _sents(new)
        expected = align_units([s.norm for s in sa], [s.norm for s in sb], Budget())
        assert classify._align_sentences(sa, sb) == expected, (case, old, new)


def test_sentences_left_alone_are_not_normalised() -> None:
    sa = _sents(["One came.", "Two went.", "Three stayed."])
    sb = _sents(["One came.", "Two left.", "Three stayed."])
    classify._align_sentences(sa, sb)
    normalised = [s for s in (*sa, *sb) if "norm" in s.__dict__]
    assert [s.raw for s in normalised] == ["Two went.", "Two left."]


def test_sentences_that_all_pair_are_diffed_pair_by_pair() -> None:
    """Two sentences edited side by side: the words of one are never lined up with the
    other's, so each edit says what changed in its own sentence."""
    old = (
        "Homeothermy is thermoregulation that maintains a stable internal body temperature "
        "regardless of external influence. This temperature is often higher than the "
        "immediate environment."
    )
    new = (
        "Homeothermy maintains a stable internal body temperature regardless of external "
        "influence and temperatures. This stable internal temperature is often, though not "
        "necessarily, higher than the immediate environment."
    )
    first, second = diff_texts(old, new).changes
    assert [(r.signal, r.old, r.new) for r in first.reasons] == [
        ("wording", "is thermoregulation that", ""),  # one content word each: house style
        ("wording", "", "and temperatures"),
    ]
    assert [r.new for r in second.reasons] == ["stable internal", "though not necessarily"]


def test_a_split_sentence_is_still_diffed_as_one_block() -> None:
    """A sentence split in two keeps its words: the block diff finds them, so nothing is
    reported deleted and added again."""
    old = "The mayor resigned on Monday and the council met on Tuesday to choose a successor."
    new = "The mayor resigned on Monday. The council met on Tuesday to choose a successor."
    changes = diff_texts(old, new).changes
    assert diff_texts(old, new).verdict == "minor"
    assert all(r.signal != "addition" for c in changes for r in c.reasons)
