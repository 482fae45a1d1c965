"""Paragraph alignment: align paragraphs as units, pair changed ones by similarity, find moves."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from articlediff.diff.engine import Budget, align_units
from articlediff.diff.tokens import words_of

PAIR_SIMILARITY: Final = 0.5
"""Least similarity for two paragraphs (or sentences) at the same place to be word-diffed as
one changed unit; below it they are a deletion plus an insertion."""
MOVE_SIMILARITY: Final = 0.6
"""Least similarity for a deleted and an inserted paragraph elsewhere to count as one move."""
PAIR_CAP: Final = 2_500
"""Most similarity comparisons spent pairing one block of consecutive changed paragraphs."""
MOVE_CAP: Final = 10_000
"""Most similarity comparisons spent looking for edited moves (exact moves are always found)."""

SlotKind = Literal["equal", "change", "delete", "insert", "move", "move_out"]


@dataclass(frozen=True)
class Slot:
    """One step through both bodies in reading order. A moved paragraph has a ``move_out``
    slot at its old place and a ``move`` slot at its new place."""

    kind: SlotKind
    old: int | None
    new: int | None
    move: int | None = None


def bag(tokens: Sequence[str]) -> Counter[str]:
    """The multiset a unit is compared by: its words (or, lacking any, its other marks)."""
    words = Counter(t.casefold() for t in words_of(tokens))
    if words:
        return words
    return Counter(t for t in tokens if not t.isspace())


@functools.lru_cache(maxsize=8192)
def _kept_bag(tokens: tuple[str, ...]) -> Counter[str]:
    """``bag`` of a paragraph, computed once per text (consecutive revisions share most of
    their paragraphs); never changed by its users."""
    return bag(tokens)


def similarity(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two multisets: 1.0 when equal, 0.0 when disjoint."""
    total = a.total() + b.total()
    if not total:
        return 1.0
    return 2 * sum((a & b).values()) / total


def _could_reach(a: Counter[str], b: Counter[str], threshold: float) -> bool:
    # Dice is at most 2*min/(sum): skip pairs whose sizes alone rule them out.
    na, nb = a.total(), b.total()
    return na + nb == 0 or 2 * min(na, nb) / (na + nb) >= threshold


def pair_in_order(
    n: int, m: int, sim: Callable[[int, int], float], threshold: float, cap: int = PAIR_CAP
) -> list[tuple[int | None, int | None]]:
    """Pair items of two runs without crossing, maximising total similarity.

    Returns the reading order: ``(i, None)`` deleted, ``(None, j)`` inserted, ``(i, j)`` paired.
    Runs whose product exceeds ``cap`` are not paired (all deleted then inserted).
    """
    pairs: list[tuple[int, int]] = []
    if n and m and n * m <= cap:
        score = [[0.0] * (m + 1) for _ in range(n + 1)]
        sims = [[sim(i, j) for j in range(m)] for i in range(n)]
        for i in range(n - 1, -1, -1):
            row, below = score[i], score[i + 1]
            for j in range(m - 1, -1, -1):
                best = max(below[j], row[j + 1])
                s = sims[i][j]
                if s >= threshold and s + below[j + 1] > best:
                    best = s + below[j + 1]
                row[j] = best
        i = j = 0
        while i < n and j < m:
            s = sims[i][j]
            if s >= threshold and score[i][j] == s + score[i + 1][j + 1]:
                pairs.append((i, j))
                i += 1
                j += 1
            elif score[i + 1][j] >= score[i][j + 1]:
                i += 1
            else:
                j += 1
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    for pi, pj in [*pairs, (n, m)]:
        out.extend((k, None) for k in range(i, pi))
        out.extend((None, k) for k in range(j, pj))
        if pi < n:
            out.append((pi, pj))
        i, j = pi + 1, pj + 1
    return out


def align_paragraphs(
    old: Sequence[Sequence[str]], new: Sequence[Sequence[str]], budget: Budget
) -> list[Slot]:
    """Align two bodies given as token-key lists per paragraph."""
    return align_keyed(
        ["".join(p) for p in old],
        ["".join(p) for p in new],
        old.__getitem__,
        new.__getitem__,
        budget,
    )


def align_keyed(
    old_keys: Sequence[str],
    new_keys: Sequence[str],
    old_tokens: Callable[[int], Sequence[str]],
    new_tokens: Callable[[int], Sequence[str]],
    budget: Budget,
) -> list[Slot]:
    """``align_paragraphs`` given each paragraph's key (its token keys joined) and its token
    keys on demand: only the paragraphs outside the equal runs are ever asked for theirs, so a
    long body with a few edits is tokenized only where it changed."""
    old_bags: dict[int, Counter[str]] = {}
    new_bags: dict[int, Counter[str]] = {}

    def old_bag(i: int) -> Counter[str]:
        if i not in old_bags:
            old_bags[i] = _kept_bag(tuple(old_tokens(i)))
        return old_bags[i]

    def new_bag(j: int) -> Counter[str]:
        if j not in new_bags:
            new_bags[j] = _kept_bag(tuple(new_tokens(j)))
        return new_bags[j]

    def sim(i: int, j: int, threshold: float) -> float:
        a, b = old_bag(i), new_bag(j)
        return similarity(a, b) if _could_reach(a, b, threshold) else 0.0

    slots: list[Slot] = []
    spans = align_units(old_keys, new_keys, budget)
    k = 0
    while k < len(spans):
        tag, i1, i2, j1, j2 = spans[k]
        if tag == "equal":
            slots.extend(Slot("equal", i1 + d, j1 + d) for d in range(i2 - i1))
            k += 1
            continue
        # Gather one block of consecutive deletions and insertions.
        while k + 1 < len(spans) and spans[k + 1][0] != "equal":
            k += 1
            i2, j2 = max(i2, spans[k][2]), max(j2, spans[k][4])
        k += 1
        for pi, pj in pair_in_order(i2 - i1, j2 - j1, _offset(sim, i1, j1), PAIR_SIMILARITY):
            if pi is not None and pj is not None:
                slots.append(Slot("change", i1 + pi, j1 + pj))
            elif pi is not None:
                slots.append(Slot("delete", i1 + pi, None))
            elif pj is not None:
                slots.append(Slot("insert", None, j1 + pj))
    return _find_moves(
        slots, old_keys, new_keys, lambda i, j: sim(i, j, MOVE_SIMILARITY), old_tokens
    )


def _offset(
    sim: Callable[[int, int, float], float], i0: int, j0: int
) -> Callable[[int, int], float]:
    return lambda a, b: sim(i0 + a, j0 + b, PAIR_SIMILARITY)


def _find_moves(
    slots: list[Slot],
    old_keys: Sequence[str],
    new_keys: Sequence[str],
    sim: Callable[[int, int], float],
    old_tokens: Callable[[int], Sequence[str]],
) -> list[Slot]:
    """Turn a deleted and an inserted paragraph that match into one move.

    Identical paragraphs (by NFC text) always match, first come first served. Edited moves
    need ``MOVE_SIMILARITY`` and are searched only while deleted x inserted <= ``MOVE_CAP``;
    the most similar pairs are taken first, ties broken by position.
    """
    deleted = [s.old for s in slots if s.kind == "delete" and s.old is not None]
    inserted = [s.new for s in slots if s.kind == "insert" and s.new is not None]
    if not deleted or not inserted:
        return slots
    matches: dict[int, int] = {}  # new index -> old index
    by_key: dict[str, list[int]] = {}
    for i in deleted:
        if old_keys[i].strip():
            by_key.setdefault(old_keys[i], []).append(i)
    for j in inserted:
        waiting = by_key.get(new_keys[j])
        if waiting:
            matches[j] = waiting.pop(0)
    taken = set(matches.values())
    rest_old = [i for i in deleted if i not in taken]
    rest_new = [j for j in inserted if j not in matches]
    if rest_old and rest_new and len(rest_old) * len(rest_new) <= MOVE_CAP:
        candidates = []
        for i in rest_old:
            if not any(not t.isspace() for t in old_tokens(i)):
                continue
            for j in rest_new:
                s = sim(i, j)
                if s >= MOVE_SIMILARITY:
                    candidates.append((-s, i, j))
        candidates.sort()
        used_old: set[int] = set()
        for _, i, j in candidates:
            if i not in used_old and j not in matches:
                matches[j] = i
                used_old.add(i)
    if not matches:
        return slots
    move_of_new = {j: n + 1 for n, j in enumerate(sorted(matches))}
    move_of_old = {i: move_of_new[j] for j, i in matches.items()}
    out: list[Slot] = []
    for slot in slots:
        if slot.kind == "delete" and slot.old in move_of_old:
            out.append(Slot("move_out", slot.old, None, move_of_old[slot.old]))
        elif slot.kind == "insert" and slot.new in move_of_new:
            out.append(Slot("move", matches[slot.new], slot.new, move_of_new[slot.new]))
        else:
            out.append(slot)
    return out
