"""Hypothesis properties of the tokenizer and the diff."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.diff import diff_texts, tokenize, words_changed

WORDS = ["the", "red", "dog", "Putin's", "state-run", "1,278", "3.5", "Kim", "日", "本", "🇬🇧"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "“", "”", " — ", "…"]

prose = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts)
)
any_text = st.text(max_size=200)
texts = st.one_of(prose, any_text)


def _edited(draw: st.DrawFn) -> tuple[str, str]:
    old = draw(prose)
    tokens = tokenize(old)
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(tokens)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        word = draw(st.sampled_from(WORDS + SEPARATORS))
        if action == "insert" or not tokens or pos == len(tokens):
            tokens.insert(pos, word)
        elif action == "delete":
            del tokens[pos]
        else:
            tokens[pos] = word
    return old, "".join(tokens)


edited_pairs = st.composite(_edited)()


@given(any_text)
def test_tokens_join_back(text: str) -> None:
    assert "".join(tokenize(text)) == text


# Text drawn from the characters the tokenizer treats apart: CJK, Thai and Hangul, combining
# marks, ZWJ and variation selectors, flags, joiners, spaces and ordinary letters and digits.
_TRICKY = (
    "a Z9 -_'.,:/ \n\u0301\u0308\u200d\u200c\ufe0f\U0001f3fd\U0001f1ec\U0001f1e7"
    "中文漢字かカ한글ภาษา\U00020000é"
)
tricky_text = st.text(alphabet=_TRICKY, max_size=60)


@given(st.one_of(any_text, tricky_text))
def test_the_simpler_patterns_split_as_the_full_one(text: str) -> None:
    """``tokenize`` picks a pattern without the mark or CJK classes when the text has none of
    those characters; the full pattern must split every text the same way."""
    from articlediff.diff.tokens import _token_re

    assert tokenize(text) == _token_re(True, True).findall(text)


@given(any_text)
def test_combining_marks_stay_with_their_base(text: str) -> None:
    for token in tokenize(text)[1:]:
        assert unicodedata.category(token[0])[0] != "M"


# No wall-time limit: the first pair a spelling check reads loads the word list.
@settings(max_examples=300, deadline=None)
@given(st.one_of(edited_pairs, st.tuples(texts, texts)))
def test_diff_rebuilds_both_texts(pair: tuple[str, str]) -> None:
    old, new = pair
    diff = diff_texts(old, new)
    assert diff.new_body() == new
    assert diff.old_body() == old
    for paragraph in diff.paragraphs:
        assert all(op.text or op.old_text for op in paragraph.ops)


@given(texts)
def test_diff_with_itself_has_no_changes(text: str) -> None:
    diff = diff_texts(text, text)
    assert diff.changes == ()
    assert all(op.op == "equal" for op in diff.ops)
    assert diff.verdict == "minor"
    assert words_changed(text, text) == (0, 0)


@given(st.one_of(edited_pairs, st.tuples(texts, texts)))
def test_same_inputs_same_result(pair: tuple[str, str]) -> None:
    assert diff_texts(*pair).to_json() == diff_texts(*pair).to_json()


def test_same_result_under_other_hash_seeds() -> None:
    """Set and dict order never leak into results: other processes, other hash seeds."""
    old = "Alpha beta gamma. Delta 12.\n\nOne two three four.\n\nFive six seven eight."
    new = "Five six seven nine.\n\nAlpha beta gamma! Delta 13.\n\nOne two three four."
    code = (
        "import json,sys; from articlediff.diff import diff_texts; "
        "print(json.dumps(diff_texts(sys.argv[1], sys.argv[2]).to_json(), sort_keys=True))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code, old, new],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["stats"]["paragraphs_moved"] == 1
