"""The pure parts of ``sync``: the order of the rebuilt history, the united correction log,
and what makes a commit the same revision after it was written again."""

from __future__ import annotations

from datetime import datetime

from articlediff.model import Correction
from articlediff.store.identity import (
    CommitRecord,
    identity,
    message_core,
    parse_commit,
    sync_trailers,
    with_sync_trailers,
)
from articlediff.store.syncplan import RebuiltLog, Side, Step, rebuilt_order, unit_chains

T = datetime.fromisoformat("2024-06-19T08:00:00+01:00")


def step(commit: str, side: Side, index: int, units: str, time: int) -> Step:
    return Step(commit, side, index, frozenset(units.split()), (time, time))


def names(steps: list[Step]) -> list[str]:
    return [s.commit for s in steps]


def test_a_unit_both_sides_changed_is_merged_by_time_each_side_in_its_order() -> None:
    remote = [step("r1", "remote", 0, "x", 10), step("r2", "remote", 1, "x", 30)]
    local = [step("l1", "local", 0, "x", 20), step("l2", "local", 1, "x", 5)]  # l2 out of order
    assert names(unit_chains(remote, local)["x"]) == ["r1", "l1", "l2", "r2"]  # l2 after l1
    tie = unit_chains([step("r", "remote", 0, "x", 9)], [step("l", "local", 0, "x", 9)])
    assert names(tie["x"]) == ["r", "l"]  # on a tie the remote's first


def test_the_remote_is_kept_first_unless_a_unit_needs_a_local_commit_before_it() -> None:
    remote = [step("r1", "remote", 0, "x", 10), step("r2", "remote", 1, "y", 30)]
    later = [step("l1", "local", 0, "x", 40)]
    assert names(rebuilt_order(remote, later)) == ["r1", "r2", "l1"]
    earlier = [step("l1", "local", 0, "y", 20)]
    assert names(rebuilt_order(remote, earlier)) == ["r1", "l1", "r2"]
    first = [step("l1", "local", 0, "x", 5)]
    assert names(rebuilt_order(remote, first)) == ["r2", "l1", "r1"]  # r2 needs nothing


def test_contradictory_chains_still_place_every_commit_in_each_sides_order() -> None:
    """Two commits each touching x and y, with sides out of time order, ask for both orders."""
    remote = [step("r1", "remote", 0, "x y", 30), step("r2", "remote", 1, "x", 10)]
    local = [step("l1", "local", 0, "y", 40), step("l2", "local", 1, "x y", 20)]
    placed = names(rebuilt_order(remote, local))
    assert sorted(placed) == ["l1", "l2", "r1", "r2"]
    assert placed.index("r1") < placed.index("r2") and placed.index("l1") < placed.index("l2")


def entry(entry_id: str, text: str, fixed_in: str | None = None) -> Correction:
    return Correction(entry_id, "correction", T, text, fixed_in)


def test_rebuilt_log_unites_renumbers_and_remaps() -> None:
    base = (entry("c1", "Correction: base."),)
    log = RebuiltLog(at_base=1, revisions={"remote": ["R1"], "local": ["L1", "L2"]})
    # the remote's revision R1 (r2) adds its c2, fixing itself
    theirs = (*base, entry("c2", "Correction: remote.", "r2"))
    log.numbers["R1"] = 2
    assert log.merge("remote", "R1", 2, base, base, theirs) == theirs
    # the local side's L1 (r2 on its side, r3 now) adds its own c2 fixing itself
    ours = (*base, entry("c2", "Correction: local.", "r2"))
    merged = log.merge("local", "L1", 3, base, theirs, ours)
    assert [(e.id, e.text, e.fixed_in) for e in merged] == [
        ("c1", "Correction: base.", None),
        ("c2", "Correction: remote.", "r2"),
        ("c3", "Correction: local.", "r3"),
    ]
    log.numbers["L1"] = 3
    # L2 (r3 on its side, r4 now) keeps the log and adds c3 naming L1 (its r2)
    later = (*ours, entry("c3", "Correction: local again.", "r2"))
    final = log.merge("local", "L2", 4, ours, merged, later)
    assert [(e.id, e.fixed_in) for e in final] == [
        ("c1", None),
        ("c2", "r2"),
        ("c3", "r3"),
        ("c4", "r3"),
    ]


def test_rebuilt_log_repeats_a_sides_deletion_and_rewrite() -> None:
    base = (entry("c1", "Correction: one."), entry("c2", "Correction: two."))
    log = RebuiltLog(at_base=1, revisions={"remote": [], "local": ["L1"]})
    current = (*base, entry("c3", "Correction: remote's."))
    after = (entry("c1", "Correction: one, reworded."),)  # c2 deleted, c1 rewritten
    merged = log.merge("local", "L1", 2, base, current, after)
    assert [(e.id, e.text) for e in merged] == [
        ("c1", "Correction: one, reworded."),
        ("c3", "Correction: remote's."),
    ]


def test_a_reference_to_a_rewritten_commit_becomes_its_number() -> None:
    log = RebuiltLog(at_base=2, revisions={"remote": [], "local": ["a" * 40, "b" * 40]})
    log.numbers.update({"a" * 40: 4, "b" * 40: 5})
    log.rewritten.add("a" * 40)
    assert log.reference("local", "aaaaaaa", "b" * 40, 5) == "r4"
    assert log.reference("local", "bbbbbbb", "b" * 40, 5) == "bbbbbbb"  # kept its id
    assert log.reference("local", "r1", "b" * 40, 5) == "r1"  # before the sides parted
    assert log.reference("local", "r4", "b" * 40, 5) == "r5"  # the revision itself
    assert log.reference("local", "r9", "b" * 40, 5) == "r9"  # no such revision: as it was


MESSAGE = "update: local/a\n\nA note.\n\nArticle-Id: local/a\nRevision-Kind: update\n"


def record(sha: str, message: str, committer: str = "1718780400 +0100") -> CommitRecord:
    return CommitRecord(
        sha, "t" * 40, ("p" * 40,), "Jo <jo@example.org> 1718780000 +0100",
        f"Jo <jo@example.org> {committer}", message,
    )  # fmt: skip


def test_sync_trailers_round_trip() -> None:
    copy = with_sync_trailers(MESSAGE, "a" * 40, ["body paragraph 2: kept"])
    assert copy.endswith(
        "Revision-Kind: update\nOriginal-Commit: " + "a" * 40 + "\n"
        "Sync-Conflict: body paragraph 2: kept\n"
    )
    assert message_core(copy) == MESSAGE
    again = with_sync_trailers(copy, "a" * 40, ["body paragraph 2: kept", "headline: kept"])
    assert [key for key, _ in sync_trailers(again)] == [
        "Original-Commit",
        "Sync-Conflict",
        "Sync-Conflict",
    ]
    plain = "init: articlediff store\n"
    assert message_core(with_sync_trailers(plain, "b" * 40)) == plain


def test_a_copy_is_the_same_revision_and_a_lookalike_is_not() -> None:
    original = record("a" * 40, MESSAGE)
    copy = record("c" * 40, with_sync_trailers(MESSAGE, "a" * 40, ["headline: kept"]))
    assert identity(copy) == identity(original)
    twin = record("d" * 40, MESSAGE)  # same author, times and message, written separately
    assert identity(twin) != identity(original)
    later = record("c" * 40, with_sync_trailers(MESSAGE, "a" * 40), "1718780401 +0100")
    assert identity(later) != identity(original)


def test_parse_commit_keeps_other_headers() -> None:
    data = (
        b"tree " + b"1" * 40 + b"\nparent " + b"2" * 40 + b"\nparent " + b"3" * 40 + b"\n"
        b"author Jo <jo@example.org> 1718780000 +0100\n"
        b"committer Jo <jo@example.org> 1718780400 +0100\nencoding UTF-8\n\nmessage\n"
    )
    parsed = parse_commit("4" * 40, data)
    assert parsed.parents == ("2" * 40, "3" * 40) and parsed.is_merge
    assert parsed.header == ("encoding UTF-8",) and parsed.message == "message\n"
