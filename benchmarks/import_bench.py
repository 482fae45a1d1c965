"""Bulk import speed: ``articlediff import`` of the Wikipedia corpus next to raw git fast-import.

The reference is ``git fast-import`` alone on the same content: the stream is made by
``git fast-export`` of a store the import built, then replayed into an empty repository. The
figure under test is the whole ``articlediff import`` process (start-up, reading and parsing
every file, planning, fast-import, moving the branch, refreshing the working copy), in a fresh
store each time. Also timed: importing the same input again (it must add nothing).

With ``--notes``, the cost of the pair notes an import computes instead: the scale
benchmark's generated feeds (``wide_feed``, 200 articles x 5 revisions, and ``long_feed``, one
article x 1,000 revisions) imported into a new store by ``articlediff import FEED --jobs 1``,
with its notes and with them turned off, the CPU seconds (the process and its children; the
least of ``--repeat`` runs) and their ratio; with ``--before SRC`` (another articlediff's
``src`` folder) the same with it, run in turns.

Run: .venv/bin/python benchmarks/import_bench.py [--repeat N] [--notes [--before SRC]]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "wikipedia-versions"
ARTICLEDIFF = [sys.executable, "-m", "articlediff"]
IMPORT_ARGS = ["--start", "2020-01-01T00:00Z", "--step", "1d", "--outlet", "wikipedia"]


def timed(command: list[str], cwd: Path, stdin: Path | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    with open(stdin, "rb") if stdin else open("/dev/null", "rb") as source:
        result = subprocess.run(command, cwd=cwd, stdin=source, capture_output=True, check=True)
    return time.perf_counter() - started, result.stdout.decode()


def fresh_store(scratch: Path, name: str) -> Path:
    path = scratch / name
    subprocess.run([*ARTICLEDIFF, "init", str(path)], check=True, capture_output=True)
    return path


NO_NOTES = """
import sys
import articlediff.app.pairs
articlediff.app.pairs.import_noter = lambda store, jobs=None: None
from articlediff.cli import cli
sys.argv[0] = "articlediff"
cli(prog_name="articlediff")
"""
"""``articlediff`` with the import's pair notes turned off (what the notes cost is the
difference)."""


def notes_cost(repeat: int, before: Path | None) -> None:
    """CPU seconds of importing the generated feeds with and without their pair notes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scale_bench

    pool = scale_bench.paragraphs()
    feeds = {
        "200 articles x 5": scale_bench.wide_feed(200, pool),
        "1 article x 1,000": scale_bench.long_feed(1000, pool),
    }
    sources = {"after": None} if before is None else {"before": before, "after": None}
    with tempfile.TemporaryDirectory(prefix="articlediff-bench-") as name:
        scratch = Path(name)
        for label, lines in feeds.items():
            feed = scratch / "feed.jsonl"
            feed.write_text("".join(lines), encoding="utf-8")
            cpu: dict[tuple[str, bool], float] = {}
            for run in range(repeat):
                for which, source in sources.items():
                    for notes in (False, True):
                        store = scratch / f"store-{run}-{which}-{notes}"
                        subprocess.run(
                            [*ARTICLEDIFF, "init", str(store)], check=True, capture_output=True
                        )
                        program = ARTICLEDIFF if notes else [sys.executable, "-c", NO_NOTES]
                        command = [*program, "import", str(feed), "--jobs", "1"]
                        took = scale_bench.measure(command, store, source=source).cpu
                        key = (which, notes)
                        cpu[key] = min(cpu.get(key, took), took)
            for which in sources:
                plain, noted = cpu[(which, False)], cpu[(which, True)]
                print(
                    f"{label + ', ' + which:<30} without notes {plain:6.2f} CPU s  "
                    f"with notes {noted:6.2f} CPU s  {noted / plain:5.2f}x",
                    flush=True,
                )
            if before is not None:
                ratio = cpu[("after", True)] / cpu[("before", True)]
                print(f"{label + ', with notes: after over before':<30} {ratio:5.2f}x CPU")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--notes", action="store_true", help="measure what the pair notes add to an import"
    )
    parser.add_argument(
        "--before", metavar="SRC", type=Path, help="with --notes: also the articlediff in SRC"
    )
    args = parser.parse_args()
    if args.notes:
        notes_cost(args.repeat, args.before)
        return 0
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return 0
    revisions = sum(1 for path in CORPUS.glob("*/*.txt"))
    with tempfile.TemporaryDirectory(prefix="articlediff-bench-") as name:
        scratch = Path(name)
        ours: list[float] = []
        summary: dict[str, int] = {}
        for index in range(args.repeat):
            store = fresh_store(scratch, f"store-{index}")
            seconds, out = timed(
                [*ARTICLEDIFF, "import", str(CORPUS), *IMPORT_ARGS, "--json"], store
            )
            ours.append(seconds)
            summary = json.loads(out)
        store = scratch / "store-0"
        stream = scratch / "stream.fi"
        with stream.open("wb") as sink:
            subprocess.run(["git", "fast-export", "main"], cwd=store, stdout=sink, check=True)
        raw: list[float] = []
        for index in range(args.repeat):
            target = scratch / f"raw-{index}"
            subprocess.run(["git", "init", "-q", str(target)], check=True)
            raw.append(timed(["git", "fast-import", "--quiet"], target, stdin=stream)[0])
        again = statistics.median(
            timed([*ARTICLEDIFF, "import", str(CORPUS), *IMPORT_ARGS], store)[0]
            for _ in range(args.repeat)
        )
    reference = statistics.median(raw)
    measured = statistics.median(ours)
    commits = summary["revisions"]
    print(f"corpus: {revisions} revision files, {commits} commits written")
    print(f"  (unchanged revisions skipped: {summary['unchanged']}; median of {args.repeat} runs)")
    print(f"{'git fast-import of the same commits (reference)':<50} {reference:7.2f} s")
    print(
        f"{'articlediff import, whole process':<50} {measured:7.2f} s  "
        f"{revisions / measured:6,.0f} revisions/s  {measured / reference:4.2f}x reference"
    )
    print(
        f"{'articlediff import again (adds nothing)':<50} {again:7.2f} s  "
        f"{again / reference:4.2f}x reference"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
