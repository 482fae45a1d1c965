"""Paragraphs outside the changes are not tokenized, and nothing a diff says changes for it.

``diff_articles`` aligns paragraphs by their keys and counts their words; the key of a
paragraph in NFC is its text, and its words are counted by a scan for words alone
(``tokens.count_text_words``) unless it has grapheme extenders or CJK characters, so only the
paragraphs that changed are tokenized. Here the count is compared with the tokenizer's on
tricky text, on any text of a mixed alphabet and on real paragraphs, the key with the joined
token keys, and whole diffs with the ones made when every paragraph is tokenized.
"""

from __future__ import annotations

import functools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff import Article, diff_articles
from articlediff.diff import article, diff_texts, words_changed
from articlediff.diff.tokens import count_text_words, count_words, tokenize
from tests.diff.test_corpus import ALL_PAIRS, CORPUS

TRICKY = [
    "",
    " ",
    "word",
    "state-run co-op",
    "it's 'quoted' and tis' end'",
    "snake_case __dunder__ _lead trail_",
    "3.5 million, 1,000 or 2/3 at 10:30; 4. 5, .6 7.",
    "a--b a-_-b -a- 'a' ''",
    "x\ny\n\nz\t\u0020end.",
    "x-1 1-x 1.x x.1 1..2 1,,2",
    "#tag @name $40 50% (a) [b] {c} <d>",
    "Mr. Smith's dog-walker's 2nd-hand car",
]
ASCII_TEXT = st.text(alphabet=st.sampled_from(list("ab19 _-'.,/:;\n\t!?\"()$%")), max_size=60)


def _tokenized(text: str) -> int:
    return count_words(tokenize(text))


PIECES = (
    *"ab19 _-'.,/:;\n!\"",
    *("é", "e\u0301", "\u00a0", "\u2011", "\u2010", "’", "—", "½", "²", "Å", "\u212b", "ﬁ"),
    *("東", "ก", "\u200d", "\u200c", "\ufe0f", "👍", "🏽", "🇬", "🇧"),
)
MIXED_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@pytest.mark.parametrize("text", TRICKY)
def test_word_count_without_tokens_is_the_tokenizers(text: str) -> None:
    assert count_text_words(text) == _tokenized(text)


@settings(deadline=None)
@given(ASCII_TEXT)
def test_word_count_of_any_ascii_text_is_the_tokenizers(text: str) -> None:
    assert count_text_words(text) == _tokenized(text)


@settings(deadline=None)
@given(MIXED_TEXT)
def test_word_count_and_key_of_any_text_are_the_tokenizers(text: str) -> None:
    assert count_text_words(text) == _tokenized(text)
    assert article._outline(text) == _every_paragraph_tokenized(text)


def test_word_count_of_text_with_marks_and_cjk_is_the_tokenizers() -> None:
    for text in (
        "café naïve",
        "e\u0301te\u0301",
        "東京は晴れ 2024",
        "emoji 👍🏽 and 🇬🇧 ok",
        "Å\u212b",
    ):
        assert count_text_words(text) == _tokenized(text)


@pytest.mark.skipif(not ALL_PAIRS, reason=f"corpus not found at {CORPUS}")
def test_word_count_of_every_corpus_paragraph_is_the_tokenizers() -> None:
    paragraphs = {
        paragraph
        for old, _ in ALL_PAIRS[::7]
        for paragraph in old.read_text(encoding="utf-8").split("\n\n")
    }
    assert paragraphs
    for paragraph in paragraphs:
        assert count_text_words(paragraph) == _tokenized(paragraph)


@functools.lru_cache(maxsize=article.PARAGRAPH_MEMO)
def _every_paragraph_tokenized(text: str) -> tuple[str, int]:
    _, keys, words = article._paragraph(text)
    return "".join(keys), words


def _body(rng: random.Random, size: int) -> list[str]:
    words = ["the", "council", "said", "£40m", "state-run", "3.5", "café", "東京", "it's", "—"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 25))) for _ in range(size)]


def _edited(rng: random.Random, body: list[str]) -> list[str]:
    out = list(body)
    for _ in range(12):
        k = rng.randrange(len(out))
        action = rng.randrange(4)
        if action == 0:
            out[k] = out[k] + " and 24 more"
        elif action == 1:
            del out[k]
        elif action == 2:
            out.insert(k, "A new paragraph, said the council.")
        else:
            out.insert(rng.randrange(len(out)), out.pop(k))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_diff_is_the_one_made_with_every_paragraph_tokenized(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    body = _body(rng, 120)
    old = Article(headline="Budget", body=tuple(body))
    new = Article(headline="Budget cut", body=tuple(_edited(rng, body)))
    quick = diff_articles(old, new)
    monkeypatch.setattr(article, "_outline", _every_paragraph_tokenized)
    assert diff_articles(old, new) == quick


@pytest.mark.parametrize("seed", range(6))
def test_words_changed_are_the_diffs_counts(seed: int) -> None:
    rng = random.Random(seed)
    body = _body(rng, 80)
    edited = _edited(rng, body)
    old, new = "\n\n".join(body), "\n\n".join(edited)
    stats = diff_texts(old, new).stats
    assert words_changed(old, new) == (stats.words_added, stats.words_deleted)
    assert words_changed("", new) == (diff_texts("", new).stats.words_added, 0)
