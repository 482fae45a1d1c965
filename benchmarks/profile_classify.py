"""Where classification spends its time on the Wikipedia corpus, by cProfile.

Every consecutive pair of ../shared/corpus/wikipedia-versions (or a sample with --sample N)
is diffed twice in one process, in corpus order: first without classification
(``diff_texts(..., classified=False)``), then with it. The CPU time of each pass is printed,
then the profile of the classified pass (the word diff's own functions are in it too: what
classification costs is the rest, ``classify.region_changes`` and what it calls).

Run: .venv/bin/python benchmarks/profile_classify.py [--sample N] [--top N] [--sort KEY]
     PYTHONPATH=<other tree>/src .venv/bin/python benchmarks/profile_classify.py  (another tree)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "wikipedia-versions"


def corpus_texts(sample: int | None) -> list[tuple[str, str]]:
    pairs: list[tuple[Path, Path]] = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        versions = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
        pairs.extend(itertools.pairwise(versions))
    if sample:
        pairs = pairs[:: max(1, len(pairs) // sample)][:sample]
    return [(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")) for a, b in pairs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=None, help="corpus pairs to use (all)")
    parser.add_argument("--top", type=int, default=40, help="functions to list (40)")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime)")
    parser.add_argument("--no-profile", action="store_true", help="the CPU times alone")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    from articlediff.diff import diff_texts  # the tree under test, found on sys.path

    texts = corpus_texts(args.sample)
    start = time.process_time()
    for old, new in texts:
        diff_texts(old, new, classified=False)
    plain = time.process_time() - start
    profile = cProfile.Profile()
    start = time.process_time()
    if not args.no_profile:
        profile.enable()
    for old, new in texts:
        diff_texts(old, new)
    profile.disable()
    classified = time.process_time() - start
    n = len(texts)
    under = "" if args.no_profile else " (under cProfile)"
    print(f"pairs: {n}")
    print(f"diff alone (cpu):      {plain / n * 1000:7.2f} ms a pair")
    print(f"diff + classification: {classified / n * 1000:7.2f} ms a pair{under}")
    print(f"class +% (cpu):        {(classified / plain - 1) * 100:+7.1f} %{under}")
    if args.no_profile:
        return 0
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
