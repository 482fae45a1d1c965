"""The pure decisions of ``sync`` (see ``store.sync``): the order of the rebuilt history, and
the correction log of an article rebuilt from both clones' revisions. No git here.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from articlediff.model import Correction, next_correction_id

Side = Literal["remote", "local"]
_RANK: Final[dict[Side, int]] = {"remote": 0, "local": 1}
_REVISION: Final = re.compile(r"r(\d+)")
_COMMIT_PREFIX: Final = re.compile(r"[0-9a-f]{4,64}")


@dataclass(frozen=True)
class Step:
    """A commit to place in the rebuilt history: which side it comes from, its place on that
    side, what it touches (``units``: an article id, or a path outside articles) and its
    order key (revision time, then recording time, as seconds since the epoch)."""

    commit: str
    side: Side
    index: int
    units: frozenset[str]
    key: tuple[int, int]


def unit_chains(remote: Sequence[Step], local: Sequence[Step]) -> dict[str, list[Step]]:
    """Each unit's commits in the order the rebuilt history gives them.

    A unit only one side changed keeps that side's order. For a unit both sides changed, the
    two sides' commits are merged by key, each side keeping its own order (a stable merge:
    a revision saved out of time order on its own side stays where that side put it); on
    equal keys the remote's commit, which reached the shared store first, comes first.
    """
    by_side: dict[str, dict[Side, list[Step]]] = {}
    for step in (*remote, *local):
        for unit in step.units:
            by_side.setdefault(unit, {"remote": [], "local": []})[step.side].append(step)
    chains = {}
    for unit, sides in by_side.items():
        ours, theirs = sides["local"], sides["remote"]
        chain: list[Step] = []
        i = j = 0
        while i < len(theirs) or j < len(ours):
            take_theirs = j >= len(ours) or (i < len(theirs) and theirs[i].key <= ours[j].key)
            if take_theirs:
                chain.append(theirs[i])
                i += 1
            else:
                chain.append(ours[j])
                j += 1
        chains[unit] = chain
    return chains


def rebuilt_order(remote: Sequence[Step], local: Sequence[Step]) -> list[Step]:
    """Every step once, in an order that gives each unit its chain (``unit_chains``) and,
    where the chains leave a choice, puts the remote's commits first, in their order, then
    this clone's: so when no unit needs a local commit before a remote one, the remote's
    history is kept as it is and the local commits follow it.

    Commits touching several units could in principle ask for contradictory orders; then the
    earliest next commit of either side (in that side's order) is placed, which keeps each
    side's own order.
    """
    steps = [*remote, *local]
    after: dict[str, set[str]] = {step.commit: set() for step in steps}
    waiting: dict[str, int] = {step.commit: 0 for step in steps}
    for chain in unit_chains(remote, local).values():
        for earlier, then in itertools.pairwise(chain):
            if then.commit not in after[earlier.commit]:
                after[earlier.commit].add(then.commit)
                waiting[then.commit] += 1
    by_commit = {step.commit: step for step in steps}

    def rank(step: Step) -> tuple[int, int]:
        return (_RANK[step.side], step.index)

    ready = [(rank(step), step.commit) for step in steps if waiting[step.commit] == 0]
    heapq.heapify(ready)
    placed: list[Step] = []
    done: set[str] = set()
    while len(placed) < len(steps):
        if ready:
            _, commit = heapq.heappop(ready)
        else:  # contradictory chains: the earliest next commit of either side goes first
            heads = [
                next(step for step in side if step.commit not in done)
                for side in (remote, local)
                if any(step.commit not in done for step in side)
            ]
            commit = min(heads, key=lambda step: (step.key, _RANK[step.side])).commit
        if commit in done:
            continue
        done.add(commit)
        placed.append(by_commit[commit])
        for later in sorted(after[commit]):
            waiting[later] -= 1
            if waiting[later] == 0 and later not in done:
                heapq.heappush(ready, (rank(by_commit[later]), later))
    return placed


@dataclass
class RebuiltLog:
    """The correction log of one article both clones changed, as its history is rebuilt.

    Every entry of both sides is kept (the log stays append-only): an entry a revision adds
    is appended to the log built so far, its ``fixed_in`` remapped to the rebuilt number of
    the revision it named on its own side (``rN``, or a commit id of a revision written
    again), and its id renumbered by ``next_correction_id`` when the other side already used
    it (a ``supersedes`` naming an entry of its side follows that entry's new id). A
    revision that rewrites or deletes an entry does so in the rebuilt log too (``check``
    then reports it, as it would have on that side). ``numbers`` holds each side revision's
    rebuilt number once placed (for one that changed nothing, the revision then in effect).
    """

    at_base: int  # revisions of the article on the shared history before the two sides
    revisions: Mapping[Side, Sequence[str]]  # each side's revisions since, in its order
    numbers: dict[str, int] = field(default_factory=dict)
    rewritten: set[str] = field(default_factory=set)  # revisions given a new commit id
    _ids: dict[tuple[Side, str], str] = field(default_factory=dict)

    def merge(
        self,
        side: Side,
        commit: str,
        number: int,
        before: Sequence[Correction],
        current: Sequence[Correction],
        after: Sequence[Correction],
    ) -> tuple[Correction, ...]:
        """The log of revision ``commit`` (to be ``r<number>``): ``current`` (the log built
        so far) with the change ``before`` → ``after`` its own side made applied."""
        result = list(current)
        earlier = {entry.id: entry for entry in before}
        kept = {entry.id for entry in after}
        for entry in before:
            if entry.id not in kept:
                gone = self._ids.get((side, entry.id), entry.id)
                result = [other for other in result if other.id != gone]
        for entry in after:
            mapped = replace(
                entry,
                fixed_in=self.reference(side, entry.fixed_in, commit, number),
                supersedes=self._ids.get((side, entry.supersedes), entry.supersedes)
                if entry.supersedes
                else None,
            )
            if entry.id in earlier:
                if entry == earlier[entry.id]:
                    continue
                own = self._ids.get((side, entry.id), entry.id)
                result = [replace(mapped, id=own) if other.id == own else other for other in result]
                continue
            same = next((other for other in result if _same_entry(other, mapped)), None)
            if same is None:
                taken = {other.id for other in result}
                mapped = replace(
                    mapped, id=entry.id if entry.id not in taken else next_correction_id(result)
                )
                result.append(mapped)
                same = mapped
            self._ids[(side, entry.id)] = same.id
        return tuple(result)

    def reference(self, side: Side, ref: str | None, commit: str, number: int) -> str | None:
        """``ref`` (a ``fixed_in`` written on ``side``) in the rebuilt numbering."""
        if ref is None:
            return None
        key = ref.strip().lower()
        revisions = self.revisions[side]
        named: str | None = None
        match = _REVISION.fullmatch(key)
        if match:
            position = int(match.group(1)) - self.at_base - 1
            if position < 0 or position >= len(revisions):
                return ref  # a revision before the two sides parted (or none at all)
            named = revisions[position]
        elif _COMMIT_PREFIX.fullmatch(key):
            found = [revision for revision in revisions if revision.startswith(key)]
            if len(found) != 1 or found[0] not in self.rewritten:
                return ref  # a commit that kept its id, or not one of this side's
            named = found[0]
        else:
            return ref
        rebuilt = number if named == commit else self.numbers.get(named)
        return f"r{rebuilt}" if rebuilt is not None else ref


def _same_entry(one: Correction, other: Correction) -> bool:
    return (one.kind, one.at, one.text, one.fixed_in) == (
        other.kind,
        other.at,
        other.text,
        other.fixed_in,
    )
