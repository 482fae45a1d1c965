"""Word-level diff of two token sequences, cleaned up at token level so no word is split."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Final

from articlediff.diff.engine import (
    ROUND_CAP,
    Budget,
    Span,
    align_units,
    cleanup_semantic,
    diff_units,
    encode,
    merge_spans,
    spans_from_diffs,
)
from articlediff.diff.tokens import SENTENCE_END, sentence_bounds

DIRECT_LIMIT: Final = 2 * ROUND_CAP
"""Changed regions up to this many tokens (both sides) are word-diffed in one pass, which
always finishes within the round cap; larger ones are first aligned sentence by sentence."""

_EQUAL, _DELETE, _INSERT = 0, -1, 1
_TAG_CODE: Final = {"equal": _EQUAL, "delete": _DELETE, "insert": _INSERT}


def diff_tokens(a: Sequence[str], b: Sequence[str], budget: Budget | None = None) -> list[Span]:
    """Diff two token-key sequences; spans are half-open token ranges, in order."""
    budget = budget or Budget()
    na, nb = len(a), len(b)
    pre = 0
    while pre < na and pre < nb and a[pre] == b[pre]:
        pre += 1
    post = 0
    while post < na - pre and post < nb - pre and a[na - 1 - post] == b[nb - 1 - post]:
        post += 1
    spans: list[Span] = [("equal", 0, pre, 0, pre)]
    mid_a, mid_b = a[pre : na - post], b[pre : nb - post]
    if len(mid_a) + len(mid_b) <= DIRECT_LIMIT or not (mid_a and mid_b):
        raw = diff_units(mid_a, mid_b, budget, pre, pre)
    else:
        raw = _by_sentences(mid_a, mid_b, budget, pre)
    spans.extend(_cleanup(a, b, merge_spans(raw)))
    spans.append(("equal", na - post, na, nb - post, nb))
    return merge_spans(spans)


def _by_sentences(a: Sequence[str], b: Sequence[str], budget: Budget, offset: int) -> list[Span]:
    """Align sentences first, then word-diff only the sentences that differ."""
    ba, bb = sentence_bounds(a), sentence_bounds(b)
    sa = ["".join(a[s:e]) for s, e in itertools.pairwise(ba)]
    sb = ["".join(b[s:e]) for s, e in itertools.pairwise(bb)]
    spans: list[Span] = []
    pending: list[Span] = []

    def flush() -> None:
        if not pending:
            return
        i1 = ba[pending[0][1]]
        i2 = ba[pending[-1][2]]
        j1 = bb[pending[0][3]]
        j2 = bb[pending[-1][4]]
        spans.extend(diff_units(a[i1:i2], b[j1:j2], budget, offset + i1, offset + j1))
        pending.clear()

    for span in align_units(sa, sb, budget):
        if span[0] == "equal":
            flush()
            _, s1, s2, t1, t2 = span
            spans.append(
                ("equal", offset + ba[s1], offset + ba[s2], offset + bb[t1], offset + bb[t2])
            )
        else:
            pending.append(span)
    flush()
    return spans


def _cleanup(a: Sequence[str], b: Sequence[str], spans: list[Span]) -> list[Span]:
    """Semantic cleanup over whole tokens, then slide each lone edit to a natural boundary."""
    if not any(tag != "equal" for tag, *_ in spans) or not spans:
        return spans
    i0, j0 = spans[0][1], spans[0][3]
    i_end, j_end = spans[-1][2], spans[-1][4]
    encoded = encode(a[i0:i_end], b[j0:j_end])
    if encoded is None:
        return spans
    ea, eb = encoded
    diffs: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in spans:
        if tag == "insert":
            diffs.append((_INSERT, eb[j1 - j0 : j2 - j0]))
        else:
            diffs.append((_TAG_CODE[tag], ea[i1 - i0 : i2 - i0]))
    cleaned = spans_from_diffs(cleanup_semantic(diffs), i0, j0)
    return _slide(a, b, cleaned)


def _boundary_score(left: str | None, right: str | None) -> int:
    """How natural a cut between two tokens is (after diff-match-patch's lossless scores)."""
    if left is None or right is None:
        return 6
    left_space, right_space = left[0].isspace(), right[0].isspace()
    if (left_space and "\n" in left) or (right_space and "\n" in right):
        return 4
    if left in SENTENCE_END and right_space:
        return 3
    if left_space or right_space:
        return 2
    if not left[0].isalnum() or not right[0].isalnum():
        return 1
    return 0


def _slide(a: Sequence[str], b: Sequence[str], spans: list[Span]) -> list[Span]:
    """Shift each single edit between two equalities to where its edges fall best.

    ``the cat cat sat`` could show either ``cat`` as inserted; the edit is moved to the cut
    with the best :func:`_boundary_score`, preferring the rightmost on ties (as
    diff-match-patch does), so results read naturally and stay deterministic.
    """
    out = list(spans)
    for k in range(1, len(out) - 1):
        before, edit, after = out[k - 1], out[k], out[k + 1]
        if before[0] != "equal" or after[0] != "equal" or edit[0] == "equal":
            continue
        seq = a if edit[0] == "delete" else b
        start, end = (edit[1], edit[2]) if edit[0] == "delete" else (edit[3], edit[4])
        # Positions are expressed on the edited side; equalities mirror both sides.
        lo_eq = before[2] - before[1]
        hi_eq = after[2] - after[1]
        shift_min = 0
        while shift_min < lo_eq and seq[start - shift_min - 1] == seq[end - shift_min - 1]:
            shift_min += 1
        shift_max = 0
        while shift_max < hi_eq and seq[start + shift_max] == seq[end + shift_max]:
            shift_max += 1
        if not shift_min and not shift_max:
            continue
        best, best_score = 0, -1
        for shift in range(-shift_min, shift_max + 1):
            s, e = start + shift, end + shift
            left_eq = shift + lo_eq > 0
            right_eq = hi_eq - shift > 0
            score = _boundary_score(seq[s - 1] if left_eq else None, seq[s]) + _boundary_score(
                seq[e - 1], seq[e] if right_eq else None
            )
            if score >= best_score:
                best, best_score = shift, score
        if best:
            out[k - 1] = ("equal", before[1], before[2] + best, before[3], before[4] + best)
            if edit[0] == "delete":
                out[k] = ("delete", edit[1] + best, edit[2] + best, edit[3] + best, edit[4] + best)
            else:
                out[k] = ("insert", edit[1] + best, edit[2] + best, edit[3] + best, edit[4] + best)
            out[k + 1] = ("equal", after[1] + best, after[2], after[3] + best, after[4])
    return merge_spans(out)
