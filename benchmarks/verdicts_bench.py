"""Verdicts against labelled edits: how often the diff's minor/update/substantive verdict and
``check``'s pass/fail agree with a careful reader.

Sets: every labelled development set under ../shared/edits (or $ARTICLEDIFF_EDITS; skipped
with a message when absent), any set committed under benchmarks/verdicts/real/, and the
mutation set benchmarks/verdicts/mutations.jsonl (one controlled edit to a real sentence per
case). For each set: the confusion matrix (reference label x verdict), precision/recall/F1 per
level, three-class agreement, and the check's false alarms and misses. A pair should fail the
check when its label says it needs a note and the new version carries none; the check's answer
is what the project's rules report (default settings) for the pair as a two-revision history.

With ``--split`` each versioned set is also measured in two halves by article (``tune``: the
first hex digit of sha1(article_id) even; ``hold``: odd). Rules are designed on the tune half's
wrong pairs only; the hold half's figures are the honest estimate for unseen articles. So
that its pairs stay unread, the text output lists no hold-half pair (in the whole set either:
it says how many it withheld) unless ``--show-hold`` is given; ``--json`` lists every pair.

Run: .venv/bin/python benchmarks/verdicts_bench.py [--verbose] [--json] [--split] [--set NAME]
     [--show-hold]
     (or benchmarks/run verdicts -- --verbose)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

from verdicts.scoring import (
    LEVELS,
    agreement,
    check_score,
    confusion,
    format_matrix,
    level_scores,
    macro_f1,
    rank,
    under_over,
)
from verdicts.sets import (
    EDITS_ENV,
    MUTATIONS,
    REAL_SETS,
    LabelledSet,
    Outcome,
    edits_dir,
    evaluate,
    half,
    load_mutations,
    load_versioned_set,
    set_folders,
    split,
)

SCHEMA = "articlediff.verdicts-bench/1"


def load_sets(
    names: Sequence[str], halves: bool = False
) -> tuple[list[LabelledSet], list[dict[str, str]]]:
    """The sets to measure (filtered by ``names`` if given) and the ones skipped, with why;
    with ``halves``, each versioned set is followed by its tune and hold halves."""
    sets: list[LabelledSet] = []
    skipped: list[dict[str, str]] = []
    shared = edits_dir()
    folders = set_folders(shared)
    if not folders:
        skipped.append(
            {
                "name": "shared development sets",
                "reason": f"no labelled sets at {shared} (set {EDITS_ENV} to their folder)",
            }
        )
    for folder in [*folders, *set_folders(REAL_SETS)]:
        versioned = load_versioned_set(folder)
        sets.append(versioned)
        if halves:
            sets.extend(split(versioned))
    if MUTATIONS.is_file():
        sets.append(load_mutations(MUTATIONS))
    else:
        skipped.append({"name": "mutations", "reason": f"{MUTATIONS} not found"})
    if names:
        sets = [s for s in sets if any(n in s.name for n in names)]
    return sets, skipped


def wrong(outcome: Outcome) -> bool:
    """The verdict differs from the label, or the check's answer from what it should be."""
    pair = outcome.pair
    return outcome.verdict != pair.level or outcome.failed != pair.should_fail


def score(labelled: LabelledSet, outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """The set's figures as a JSON-ready dict (floats rounded to 4 places)."""
    matrix = confusion((o.pair.level, o.verdict) for o in outcomes)
    scores = level_scores(matrix)
    right, total = agreement(matrix)
    lower, higher = under_over(matrix)
    check = check_score((o.pair.should_fail, o.failed) for o in outcomes)
    out: dict[str, Any] = {
        "name": labelled.name,
        "source": labelled.source,
        "pairs": total,
        "confusion": matrix,
        "levels": {
            s.level: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "support": s.support,
                "predicted": s.predicted,
            }
            for s in scores
        },
        "macro_f1": round(macro_f1(scores), 4),
        "agreement": {"right": right, "total": total, "ratio": round(right / total, 4)},
        "lower": lower,
        "higher": higher,
        "check": {
            "pairs": check.pairs,
            "should_fail": check.should_fail,
            "failed": check.failed,
            "false_alarms": check.false_alarms,
            "misses": check.misses,
            "precision": round(check.precision, 4),
            "recall": round(check.recall, 4),
        },
        "missed_substantive": [
            o.pair.id
            for o in outcomes
            if o.pair.level == "substantive" and rank(o.verdict) < rank("substantive")
        ],
        "false_substantive_signals": false_substantive_signals(outcomes),
        "wrong": [row(o) for o in outcomes if wrong(o)],
    }
    kinds = sorted({o.pair.kind for o in outcomes if o.pair.kind})
    if kinds:
        out["kinds"] = {
            kind: by_kind([o for o in outcomes if o.pair.kind == kind]) for kind in kinds
        }
    return out


def false_substantive_signals(outcomes: Sequence[Outcome]) -> dict[str, dict[str, int]]:
    """For pairs judged substantive but labelled lower: in how many pairs each signal occurs
    among the substantive changes (``pairs``), and in how many it is the only one (``alone``,
    so dropping that signal alone would lower the verdict)."""
    over = [o for o in outcomes if o.verdict == "substantive" and o.pair.level != "substantive"]
    pairs = Counter(s for o in over for s in o.signals)
    alone = Counter(o.signals[0] for o in over if len(o.signals) == 1)
    order = sorted(pairs, key=lambda s: (-pairs[s], s))
    return {s: {"pairs": pairs[s], "alone": alone[s]} for s in order}


def by_kind(outcomes: Sequence[Outcome]) -> dict[str, int]:
    levels = Counter(o.pair.level for o in outcomes)
    return {
        "cases": len(outcomes),
        "right": sum(o.verdict == o.pair.level for o in outcomes),
        "lower": sum(rank(o.verdict) < rank(o.pair.level) for o in outcomes),
        "higher": sum(rank(o.verdict) > rank(o.pair.level) for o in outcomes),
        **{f"label_{level}": levels[level] for level in LEVELS if levels[level]},
    }


def row(outcome: Outcome) -> dict[str, Any]:
    pair = outcome.pair
    out: dict[str, Any] = {
        "id": pair.id,
        "reference": pair.level,
        "verdict": outcome.verdict,
        "needs_note": pair.needs_note,
        "should_fail": pair.should_fail,
        "failed": outcome.failed,
        "rules": list(outcome.rules),
        "reason": pair.reason,
        "decisive": list(outcome.decisive),
        "signals": list(outcome.signals),
    }
    if pair.kind:
        out["kind"] = pair.kind
    if pair.source:
        out["source"] = pair.source
    if pair.article:
        out["half"] = half(pair.article)
    return out


# -- text output ---------------------------------------------------------------------------


def print_set(figures: dict[str, Any], verbose: bool, show_hold: bool = False) -> None:
    """The set's figures as text; its wrong pairs listed (missed substantive ones always,
    the others with ``verbose``), a hold-half pair only with ``show_hold``."""
    print(f"\n## {figures['name']}: {figures['pairs']} pairs ({figures['source']})")
    print("verdicts (rows: reference label; columns: verdict)")
    for line in format_matrix(figures["confusion"]):
        print(line)
    print(f"  {'level':<22}{'precision':>11}{'recall':>9}{'F1':>8}{'support':>9}")
    for level, s in figures["levels"].items():
        print(
            f"  {level:<22}{s['precision']:>11.3f}{s['recall']:>9.3f}{s['f1']:>8.3f}"
            f"{s['support']:>9}"
        )
    agree = figures["agreement"]
    print(
        f"  agreement {agree['right']}/{agree['total']} = {agree['ratio']:.1%}; "
        f"macro F1 {figures['macro_f1']:.3f}; verdict lower than label {figures['lower']}, "
        f"higher {figures['higher']}"
    )
    check = figures["check"]
    print(
        f"check (default rules): should fail {check['should_fail']}, failed {check['failed']}, "
        f"false alarms {check['false_alarms']}, misses {check['misses']} "
        f"(precision {check['precision']:.3f}, recall {check['recall']:.3f})"
    )
    if "kinds" in figures:
        print(f"  {'kind':<22}{'cases':>6}{'right':>7}{'lower':>7}{'higher':>8}  labels")
        for kind, k in figures["kinds"].items():
            labels = ", ".join(
                f"{level} {k[f'label_{level}']}" for level in LEVELS if f"label_{level}" in k
            )
            print(
                f"  {kind:<22}{k['cases']:>6}{k['right']:>7}{k['lower']:>7}{k['higher']:>8}  "
                f"{labels}"
            )
    over = figures["false_substantive_signals"]
    if over:
        shown = ", ".join(f"{s} {n['pairs']} ({n['alone']} alone)" for s, n in over.items())
        print(f"signals behind substantive verdicts on pairs labelled lower: {shown}")
    missed = figures["missed_substantive"]
    rows = {r["id"]: r for r in figures["wrong"]}
    if missed:
        print(f"missed substantive ({len(missed)}): labelled substantive, verdict lower")
        print_rows([rows[pair_id] for pair_id in missed], show_hold)
    if verbose:
        rest = [r for r in figures["wrong"] if r["id"] not in missed]
        print(f"other wrong pairs ({len(rest)}): verdict or check answer differs from the label")
        print_rows(rest, show_hold)


def print_rows(items: Sequence[dict[str, Any]], show_hold: bool) -> None:
    """Wrong pairs, each with its label's reason and the changes behind the verdict; a
    hold-half pair only counted unless ``show_hold``."""
    withheld = 0
    for item in items:
        if item.get("half") == "hold" and not show_hold:
            withheld += 1
        else:
            print_row(item)
    if withheld:
        print(f"  ({withheld} hold-half pairs withheld: --show-hold lists them)")


def print_row(item: dict[str, Any]) -> None:
    kind = f" {item['kind']}" if "kind" in item else ""
    check = "fails" if item["failed"] else "passes"
    should = "should fail" if item["should_fail"] else "should pass"
    rules = f" ({', '.join(item['rules'])})" if item["rules"] else ""
    print(
        f"  - {item['id']}{kind}: label {item['reference']}, verdict {item['verdict']}; "
        f"check {check}{rules}, {should}"
    )
    if item["reason"]:
        print(f"      label: {item['reason']}")
    for line in item["decisive"][:3]:
        print(f"      {item['verdict']}: {line}")
    if len(item["decisive"]) > 3:
        print(f"      … {len(item['decisive']) - 3} more {item['verdict']} changes")
    if not item["decisive"]:
        print("      (no change found)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every wrong pair")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME", help="only sets whose name has NAME"
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="also measure each versioned set's tune and hold halves (split by article)",
    )
    parser.add_argument(
        "--show-hold",
        action="store_true",
        help="also list the hold half's wrong pairs (its figures are always shown)",
    )
    args = parser.parse_args(argv)
    sets, skipped = load_sets(args.set, args.split)
    results = [score(s, [evaluate(pair) for pair in s.pairs]) for s in sets]
    if args.json:
        doc = {"schema": SCHEMA, "sets": results, "skipped": skipped}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for item in skipped:
        print(f"skipped {item['name']}: {item['reason']}", file=sys.stderr)
    for figures in results:
        print_set(figures, args.verbose, args.show_hold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
