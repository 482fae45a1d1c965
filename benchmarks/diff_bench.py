"""Diff speed and edit size: articlediff.diff next to ``git diff --word-diff=porcelain``.

Real pairs come from ../shared/corpus/wikipedia-versions (every consecutive pair, or a sample
with --sample N); synthetic pairs of 800, 10,000 and 100,000 words are generated from a fixed
seed, plus two worst cases (one 100,000-word paragraph, and a fully shuffled text). Edit size is
the number of words inserted plus deleted, counted the same way for both tools (articlediff's
word tokens over the changed text), so the two columns compare the diffs, not the counting.

Run: .venv/bin/python benchmarks/diff_bench.py [--sample N] [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from articlediff.diff import count_words, diff_texts, tokenize

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "wikipedia-versions"
FALLBACK_VOCABULARY = (
    *("the", "minister", "said", "on", "monday", "that", "talks", "with", "north", "korea"),
    *("would", "continue", "despite", "criticism", "from", "western", "governments", "and"),
    *("both", "leaders", "had", "agreed", "a", "new", "partnership", "covering", "trade"),
    *("energy", "security", "culture", "officials", "confirmed", "24", "agreements"),
)


def corpus_pairs() -> list[tuple[Path, Path]]:
    if not CORPUS.is_dir():
        return []
    pairs: list[tuple[Path, Path]] = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        versions = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
        pairs.extend(itertools.pairwise(versions))
    return pairs


def vocabulary() -> list[str] | tuple[str, ...]:
    words: list[str] = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*/0.txt"))[:40]:
            words.extend(path.read_text(encoding="utf-8").split())
    return words or FALLBACK_VOCABULARY


def synthetic(words: int, seed: int, paragraph_words: int = 80) -> tuple[str, str]:
    """An article of ``words`` words and a revision with realistic edits (~2 % of words,
    one paragraph added, one deleted, one moved)."""
    rnd = random.Random(seed)
    vocab = vocabulary()
    paragraphs: list[list[str]] = []
    left = words
    while left > 0:
        n = min(left, rnd.randint(paragraph_words // 2, paragraph_words * 3 // 2))
        paragraphs.append([rnd.choice(vocab) for _ in range(n)])
        left -= n
    revised = [list(p) for p in paragraphs]
    for _ in range(max(1, words // 100)):
        p = rnd.choice(revised)
        k = rnd.randrange(len(p))
        action = rnd.random()
        if action < 0.5:
            p[k] = rnd.choice(vocab)
        elif action < 0.75:
            p.insert(k, rnd.choice(vocab))
        elif len(p) > 1:
            del p[k]
    if len(revised) > 3:
        revised.insert(rnd.randrange(len(revised)), [rnd.choice(vocab) for _ in range(40)])
        del revised[rnd.randrange(len(revised))]
        moved = revised.pop(rnd.randrange(len(revised)))
        revised.insert(rnd.randrange(len(revised)), moved)
    return _join(paragraphs), _join(revised)


def _join(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def one_paragraph(words: int, seed: int) -> tuple[str, str]:
    old, new = synthetic(words, seed, paragraph_words=words)
    return old.replace("\n\n", " "), new.replace("\n\n", " ")


def shuffled(words: int, seed: int) -> tuple[str, str]:
    rnd = random.Random(seed)
    old, _ = synthetic(words, seed)
    tokens = old.split(" ")
    rnd.shuffle(tokens)
    return old, " ".join(tokens)


def ours(old: str, new: str, repeat: int, *, classified: bool = True) -> tuple[float, float, int]:
    """Best time and best CPU time of ``repeat`` runs, and the edit size;
    ``classified=False`` times the word diff alone (no classification of the changes)."""
    best = best_cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        diff = diff_texts(old, new, classified=classified)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        best = min(best, time.perf_counter() - start)
    return best, best_cpu, diff.stats.words_added + diff.stats.words_deleted


def git(old: str, new: str, workdir: Path) -> tuple[float, int]:
    a, b = workdir / "old.txt", workdir / "new.txt"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run(
        ["git", "diff", "--no-index", "--minimal", "--word-diff=porcelain", str(a), str(b)],
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr.decode(errors="replace"))
    size = 0
    for line in result.stdout.decode("utf-8", errors="replace").splitlines():
        if line.startswith(("+++", "---")):
            continue
        if line[:1] in "+-" and line:
            size += count_words(tokenize(line[1:]))
    return elapsed, size


def cases(sample: int | None) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    pairs = corpus_pairs()
    if pairs:
        if sample:
            pairs = pairs[:: max(1, len(pairs) // sample)][:sample]
        texts = [(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")) for a, b in pairs]
        yield f"corpus ({len(texts)} pairs)", texts
    else:
        print(f"corpus not found at {CORPUS}: real pairs skipped", file=sys.stderr)
    for words in (800, 10_000, 100_000):
        yield f"synthetic {words:,}", [synthetic(words, seed=words)]
    yield "one 100,000-word paragraph", [one_paragraph(100_000, seed=7)]
    yield "100,000 words shuffled", [shuffled(100_000, seed=11)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=None, help="corpus pairs to use (all)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per pair")
    args = parser.parse_args()
    header = (
        f"{'case':<28} {'words':>9} {'diff ms':>8} {'+class ms':>9} {'class +%':>8} {'cpu +%':>7} "
        f"{'ours edit':>10} {'git ms':>8} {'git edit':>9} {'time x':>7} {'edit x':>7}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for name, texts in cases(args.sample):
            words = our_t = plain_t = our_cpu = plain_cpu = git_t = 0.0
            our_e = git_e = 0
            for old, new in texts:
                words += max(count_words(tokenize(old)), count_words(tokenize(new)))
                t, cpu, _ = ours(old, new, args.repeat, classified=False)
                plain_t, plain_cpu = plain_t + t, plain_cpu + cpu
                t, cpu, e = ours(old, new, args.repeat)
                our_t, our_cpu, our_e = our_t + t, our_cpu + cpu, our_e + e
                t, e = git(old, new, Path(tmp))
                git_t, git_e = git_t + t, git_e + e
            n = len(texts)
            extra = (our_t / plain_t - 1) * 100 if plain_t else 0.0
            extra_cpu = (our_cpu / plain_cpu - 1) * 100 if plain_cpu else 0.0
            print(
                f"{name:<28} {words / n:>9,.0f} {plain_t / n * 1000:>8.1f} "
                f"{our_t / n * 1000:>9.1f} {extra:>+7.1f}% {extra_cpu:>+6.1f}% {our_e:>10,} "
                f"{git_t / n * 1000:>8.1f} {git_e:>9,} {our_t / git_t:>7.2f} "
                f"{(our_e / git_e if git_e else 1.0):>7.3f}"
            )
    print("\nms = time per pair (ours: best of --repeat, in-process; git: one subprocess run).")
    print("diff ms = the word diff alone; +class ms = diff and classification of the changes")
    print("(the verdict); class +% = what classification adds to the diff's time; cpu +% = the")
    print("same from the process's CPU time (steadier than the clock on a shared machine).")
    print("edit = words inserted + deleted, summed over the pairs; x = ours / git.")


if __name__ == "__main__":
    main()
