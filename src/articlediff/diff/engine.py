"""Sequence diffing over hashable units, built on diff-match-patch with a deterministic bound.

diff-match-patch compares strings, so each distinct unit (token, sentence or paragraph) is
mapped to one code point and the encoded strings are diffed. ``Diff_Timeout`` is 0, so no clock
ever decides a result; instead the Myers search is bounded by counting its rounds (see
:class:`Budget`), which gives the same answer on every machine and every run.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from diff_match_patch import diff_match_patch

Tag = Literal["equal", "delete", "insert"]
# (tag, old_start, old_end, new_start, new_end): half-open ranges of unit indices.
Span = tuple[Tag, int, int, int, int]

ROUND_CAP: Final = 500
"""Most search rounds (edit distance explored from each end) of one Myers bisection."""
WORK_LIMIT: Final = 4_000_000
"""Most search steps (about d per round d) spent by one top-level diff, all bisections together."""

_DMP_TAGS: Final[dict[int, Tag]] = {
    diff_match_patch.DIFF_EQUAL: "equal",
    diff_match_patch.DIFF_DELETE: "delete",
    diff_match_patch.DIFF_INSERT: "insert",
}


@dataclass
class Budget:
    """Search steps left for one diff. When a bisection runs past its round cap or the shared
    limit, diff-match-patch reports that part as one deletion plus one insertion."""

    limit: int = WORK_LIMIT
    spent: int = 0


class _Rounds:
    """Stands in for diff-match-patch's deadline inside one bisection.

    ``diff_bisect`` evaluates ``time.time() > deadline`` once per round; Python turns that into
    ``deadline.__lt__(now)``, so counting calls here bounds the search by work, not time.
    """

    __slots__ = ("budget", "rounds")

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.rounds = 0

    def __lt__(self, _now: object) -> bool:
        self.rounds += 1
        self.budget.spent += 2 * self.rounds
        return self.rounds > ROUND_CAP or self.budget.spent > self.budget.limit


class _BoundedDMP(diff_match_patch):  # type: ignore[misc]
    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self.Diff_Timeout = 0
        self._budget = budget

    def diff_bisect(self, text1: str, text2: str, deadline: Any) -> list[tuple[int, str]]:
        result: list[tuple[int, str]] = super().diff_bisect(text1, text2, _Rounds(self._budget))
        return result


def _code(index: int) -> str:
    # Supplementary planes hold over a million code points and no surrogates.
    return chr(0x10000 + index)


MAX_DISTINCT: Final = 0x10FFFF - 0x10000
"""Most distinct units one encoded diff can tell apart."""


def encode(a: Sequence[str], b: Sequence[str]) -> tuple[str, str] | None:
    """Map each distinct unit to one code point (in order of first appearance)."""
    codes: dict[str, str] = {}
    out: list[str] = []
    for seq in (a, b):
        chars = []
        for unit in seq:
            code = codes.get(unit)
            if code is None:
                if len(codes) >= MAX_DISTINCT:
                    return None
                code = codes[unit] = _code(len(codes))
            chars.append(code)
        out.append("".join(chars))
    return out[0], out[1]


def dmp_diffs(text1: str, text2: str, budget: Budget) -> list[tuple[int, str]]:
    """``diff_main`` on encoded strings, bounded by ``budget``."""
    diffs: list[tuple[int, str]] = _BoundedDMP(budget).diff_main(text1, text2, False)
    return diffs


def cleanup_semantic(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """diff-match-patch's semantic cleanup; on encoded text each character is a whole unit."""
    dmp = diff_match_patch()
    dmp.diff_cleanupSemantic(diffs)
    return diffs


def spans_from_diffs(diffs: Sequence[tuple[int, str]], a0: int = 0, b0: int = 0) -> list[Span]:
    """Turn diff-match-patch tuples over encoded text into unit-index spans."""
    spans: list[Span] = []
    i, j = a0, b0
    for op, text in diffs:
        n = len(text)
        if not n:
            continue
        tag = _DMP_TAGS[op]
        if tag == "equal":
            spans.append(("equal", i, i + n, j, j + n))
            i += n
            j += n
        elif tag == "delete":
            spans.append(("delete", i, i + n, j, j))
            i += n
        else:
            spans.append(("insert", i, i, j, j + n))
            j += n
    return spans


def diff_units(
    a: Sequence[str], b: Sequence[str], budget: Budget, a0: int = 0, b0: int = 0
) -> list[Span]:
    """Minimal-edit diff of two unit sequences with diff-match-patch (bounded by ``budget``)."""
    if not a or not b:
        return _plain(len(a), len(b), a0, b0)
    encoded = encode(a, b)
    if encoded is None:
        return _plain(len(a), len(b), a0, b0)
    return spans_from_diffs(dmp_diffs(*encoded, budget), a0, b0)


def _plain(na: int, nb: int, a0: int, b0: int) -> list[Span]:
    spans: list[Span] = []
    if na:
        spans.append(("delete", a0, a0 + na, b0, b0))
    if nb:
        spans.append(("insert", a0 + na, a0 + na, b0, b0 + nb))
    return spans


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run of ``pairs`` (sorted by first item) increasing in the second item."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    out.reverse()
    return out


def align_units(a: Sequence[str], b: Sequence[str], budget: Budget) -> list[Span]:
    """Patience alignment: anchor on units unique to both sides, diff-match-patch in between.

    Anchoring keeps large reorderings cheap (the anchors are a longest increasing subsequence,
    O(n log n)); the gaps between anchors are usually small and get a minimal diff.
    """
    spans: list[Span] = []
    # Work items in reverse order: a range still to align, or a finished span to emit.
    stack: list[tuple[int, int, int, int] | Span] = [(0, len(a), 0, len(b))]
    while stack:
        item = stack.pop()
        if isinstance(item[0], str):
            spans.append(item)
            continue
        alo, ahi, blo, bhi = item[0], item[1], item[2], item[3]
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            spans.append(("equal", alo, alo + 1, blo, blo + 1))
            alo += 1
            blo += 1
        tail = 0
        while alo < ahi - tail and blo < bhi - tail and a[ahi - tail - 1] == b[bhi - tail - 1]:
            tail += 1
        ahi -= tail
        bhi -= tail
        if tail:
            stack.append(("equal", ahi, ahi + tail, bhi, bhi + tail))
        anchors: list[tuple[int, int]] = []
        if alo < ahi and blo < bhi:
            count_a = Counter(a[alo:ahi])
            count_b = Counter(b[blo:bhi])
            where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
            anchors = _lis(
                [
                    (i, where_b[a[i]])
                    for i in range(alo, ahi)
                    if count_a[a[i]] == 1 and a[i] in where_b
                ]
            )
        if not anchors:
            spans.extend(diff_units(a[alo:ahi], b[blo:bhi], budget, alo, blo))
            continue
        pieces: list[tuple[int, int, int, int] | Span] = []
        i, j = alo, blo
        for ai, bj in anchors:
            pieces.append((i, ai, j, bj))
            pieces.append(("equal", ai, ai + 1, bj, bj + 1))
            i, j = ai + 1, bj + 1
        pieces.append((i, ahi, j, bhi))
        stack.extend(reversed(pieces))
    return merge_spans(spans)


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Merge adjacent spans of the same tag and drop empty ones."""
    out: list[Span] = []
    for span in spans:
        tag, i1, i2, j1, j2 = span
        if i1 == i2 and j1 == j2:
            continue
        if out and out[-1][0] == tag and out[-1][2] == i1 and out[-1][4] == j1:
            prev = out[-1]
            out[-1] = (tag, prev[1], i2, prev[3], j2)
        else:
            out.append(span)
    return out
