"""Compare the verdicts and changes of every Wikipedia corpus pair between two revisions.

Each revision's ``src`` is taken from git (``git archive``; ``.`` is the working tree), the
corpus is diffed with it in a separate process, and the two results are compared pair by
pair: how many pairs get other changes (kind, sentences, level, reasons), how many another
verdict, how many any other output at all (the whole ``articlediff.diff/1`` JSON: ops,
paragraphs, fields, statistics, changes), and, for the first pairs whose verdict moved,
what changed.

Run: .venv/bin/python benchmarks/corpus_verdicts.py [OLD_REV] [NEW_REV] [--examples N]
     (defaults: main and the working tree)
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "wikipedia-versions"


def corpus_pairs() -> list[tuple[Path, Path]]:
    pairs: list[tuple[Path, Path]] = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        versions = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
        pairs.extend(itertools.pairwise(versions))
    return pairs


def dump(out: Path) -> None:
    """Diff every corpus pair with the articlediff found on ``sys.path``; write the results."""
    from articlediff.diff import diff_texts  # the revision under test, found on sys.path

    results: dict[str, Any] = {}
    for a, b in corpus_pairs():
        diff = diff_texts(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
        data = diff.to_json()
        key = f"{a.parent.name}/{a.stem}-{b.stem}"
        whole = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        results[key] = {
            "verdict": data["verdict"],
            "changes": data["changes"],
            "output": hashlib.sha256(whole).hexdigest(),
        }
    out.write_text(json.dumps(results, sort_keys=True), encoding="utf-8")


def run_revision(rev: str, tmp: Path) -> dict[str, Any]:
    if rev == ".":
        src = ROOT / "src"
    else:
        target = tmp / rev.replace("/", "_")
        target.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
        src = target / "src"
    out = tmp / f"{rev.replace('/', '_')}.json"
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run([sys.executable, __file__, "--dump", str(out)], check=True, env=env)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _short(change: dict[str, Any]) -> str:
    reasons = ", ".join(
        f"{r['signal']}[{r['old'][:40]!r}->{r['new'][:40]!r}]" for r in change["reasons"]
    )
    text = change["sentence_new"] or change["sentence_old"] or ""
    return f"{change['kind']} {change['level']}: {text[:80]!r} {reasons}"


def compare(old: dict[str, Any], new: dict[str, Any], examples: int) -> None:
    changed = [k for k in old if old[k]["changes"] != new.get(k, {}).get("changes")]
    moved = [k for k in changed if old[k]["verdict"] != new[k]["verdict"]]
    other = sum(old[k]["output"] != new.get(k, {}).get("output") for k in old)
    print(
        f"pairs: {len(old)}; other changes: {len(changed)}; other verdict: {len(moved)}; "
        f"other output: {other}"
    )
    shifts: dict[str, int] = {}
    for k in moved:
        shift = f"{old[k]['verdict']} -> {new[k]['verdict']}"
        shifts[shift] = shifts.get(shift, 0) + 1
    for shift, n in sorted(shifts.items()):
        print(f"  {shift}: {n}")
    for k in moved[:examples]:
        print(f"\n{k}: {old[k]['verdict']} -> {new[k]['verdict']}")
        before = [json.dumps(c, sort_keys=True) for c in old[k]["changes"]]
        after = [json.dumps(c, sort_keys=True) for c in new[k]["changes"]]
        for c in old[k]["changes"]:
            if json.dumps(c, sort_keys=True) not in after:
                print(f"  - {_short(c)}")
        for c in new[k]["changes"]:
            if json.dumps(c, sort_keys=True) not in before:
                print(f"  + {_short(c)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", nargs="?", default="main", help="revision (default: main)")
    parser.add_argument("new", nargs="?", default=".", help="revision (default: working tree)")
    parser.add_argument("--examples", type=int, default=5, help="pairs to show (5)")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.dump)
        return 0
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        old = run_revision(args.old, Path(tmp))
        new = run_revision(args.new, Path(tmp))
    compare(old, new, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
