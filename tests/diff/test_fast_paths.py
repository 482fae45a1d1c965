"""The verdicts' quick ways give exactly what the straightforward ones give, on real pairs.

Classification takes short cuts (furniture screened by the strings each pattern needs and
kept for each text it was worked out for, normalising by stretches, values and names read
only near a change, bags of words counted by one expression, values matched through an
index, sentences the same at both ends of a changed paragraph aligned without normalising
them). Here every short cut is swapped for
the straightforward computation it replaces, and each pair of a sample of the Wikipedia
corpus (and every case of the mutation set) must give the same verdict and the same
changes, reasons included. Skipped when the corpus is absent (the mutation set is
committed).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from itertools import compress
from pathlib import Path

import pytest

from articlediff import Article, diff_articles
from articlediff.common import furniture
from articlediff.common.furniture import FURNITURE
from articlediff.diff import classify, facts
from articlediff.diff.align import similarity
from articlediff.diff.article import split_paragraphs
from articlediff.diff.engine import Budget, Span, align_units
from articlediff.diff.model import ArticleDiff
from articlediff.diff.normalize import _char_by_char
from tests.diff.test_corpus import ALL_PAIRS, CORPUS

ROOT = Path(__file__).resolve().parents[2]
MUTATIONS = ROOT / "benchmarks" / "verdicts" / "mutations.jsonl"
SAMPLE_SIZE = 60
SAMPLE = ALL_PAIRS[:: max(1, len(ALL_PAIRS) // SAMPLE_SIZE)][:SAMPLE_SIZE]
UNSCREENED = tuple(dataclasses.replace(p, needs=()) for p in FURNITURE)


class _StraightBag:
    """``classify._Bag`` without its short cuts: the words from the sentence's facts, the
    Dice coefficient computed for every pair."""

    def __init__(self, sent: classify.Sent) -> None:
        self.counts = Counter(compress(sent.facts.folded, sent.facts.is_word))

    def similarity(self, other: _StraightBag) -> float:
        return similarity(self.counts, other.counts)

    def within(self, words: Counter[str]) -> bool:
        return not (self.counts - words)


def _straight_match(old: list[facts.Expr], new: list[facts.Expr]) -> tuple[set[int], set[int]]:
    left, right = classify._match(old, new, lambda x, y: bool(x.values & y.values))
    return {id(x) for x in left}, {id(y) for y in right}


def _straight_align(sa: list[classify.Sent], sb: list[classify.Sent]) -> list[Span]:
    return align_units([s.norm for s in sa], [s.norm for s in sb], Budget())


@pytest.fixture
def straightforward(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every short cut of classification replaced by the computation it stands for."""
    monkeypatch.setattr(classify, "plain", lambda text: _char_by_char(text)[0].strip())
    monkeypatch.setattr(
        facts.Sentence, "exprs_over", lambda s, lo, hi: facts.overlapping(s.exprs, lo, hi)
    )
    monkeypatch.setattr(
        facts.Sentence, "runs_over", lambda s, lo, hi: facts.overlapping(s.runs, lo, hi)
    )
    monkeypatch.setattr(classify, "_Bag", _StraightBag)
    monkeypatch.setattr(classify, "_match_values", _straight_match)
    monkeypatch.setattr(classify, "_align_sentences", _straight_align)
    monkeypatch.setattr(furniture, "_kept", lambda table, key, compute: compute())


def _body(text: str) -> Article:
    return Article(headline="", body=split_paragraphs(text))


def _corpus_inputs() -> list[tuple[Article, Article]]:
    return [
        (_body(a.read_text(encoding="utf-8")), _body(b.read_text(encoding="utf-8")))
        for a, b in SAMPLE
    ]


def _mutation_inputs() -> list[tuple[Article, Article]]:
    texts: list[tuple[Article, Article]] = []
    for line in MUTATIONS.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case.get("field", "body") == "headline":
            texts.append((Article(case["old"], ()), Article(case["new"], ())))
        else:
            texts.append((_body(case["old"]), _body(case["new"])))
    return texts


def _judged(diff: ArticleDiff) -> tuple[object, ...]:
    return diff.verdict, diff.changes


def _same_both_ways(inputs: list[tuple[Article, Article]], request: pytest.FixtureRequest) -> None:
    quick = [_judged(diff_articles(old, new)) for old, new in inputs]
    request.getfixturevalue("straightforward")
    slow = [_judged(diff_articles(old, new, furniture=UNSCREENED)) for old, new in inputs]
    assert sum(1 for _, changes in quick if changes) > len(inputs) // 2  # mostly real changes
    for k, (q, s) in enumerate(zip(quick, slow, strict=True)):
        assert q == s, k


@pytest.mark.skipif(not SAMPLE, reason=f"corpus not found at {CORPUS}")
def test_corpus_sample_same_verdicts_and_reasons_as_the_straightforward_way(
    request: pytest.FixtureRequest,
) -> None:
    assert len(SAMPLE) == SAMPLE_SIZE
    _same_both_ways(_corpus_inputs(), request)


def test_mutation_set_same_verdicts_and_reasons_as_the_straightforward_way(
    request: pytest.FixtureRequest,
) -> None:
    inputs = _mutation_inputs()
    assert len(inputs) > 150
    _same_both_ways(inputs, request)


_SENTENCES = [
    "Kim Jong-un met Vladimir Putin in Pyongyang on Wednesday, June 19th, 2024.",
    "The deal, worth one hundred and twenty million dollars, was signed at 10:21 a.m.",
    "Prime Minister Rishi Sunak said the U.S. and the E.U. would respond by 3 March.",
    "Jean-Luc de la Tour, the bin Salman envoy, arrived at 7pm from New York.",
]


@pytest.mark.parametrize("text", _SENTENCES)
def test_values_and_names_near_a_stretch_are_all_of_those_it_touches(text: str) -> None:
    """Every stretch of tokens (and every insertion point) of sentences dense with names,
    figures, dates and times: the lazy look-up finds exactly what the full one finds."""
    n = len(facts.Sentence.of(text).tokens)
    for lo in range(n + 1):
        for hi in range(lo, n + 1):
            lazy = facts.Sentence.of(text)  # nothing worked out before the look-up
            full = facts.Sentence.of(text)
            assert lazy.exprs_over(lo, hi) == facts.overlapping(full.exprs, lo, hi), (lo, hi)
            assert lazy.runs_over(lo, hi) == facts.overlapping(full.runs, lo, hi), (lo, hi)
