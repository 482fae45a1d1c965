"""Whole-process times of everyday commands, each next to a raw git reference.

- ``articlediff --help`` next to ``python -c pass`` (interpreter start-up) and ``git --version``.
- ``save`` of one article in an existing store next to ``git commit -a`` of one file.
- ``log ID`` and ``show ID --at T`` on a store of 10,000 articles x 5 revisions (built with
  ``articlediff import`` through git fast-import, once per run) and on one of 10 articles x 5,
  next to ``git log -- path`` on the large store: the times must not grow with the number of
  other articles. Each is also timed with the store's cache removed before every run (the
  first read of an article after an import, which walks the whole history once).

Run: .venv/bin/python benchmarks/cli_bench.py [--articles N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The command as installed (the console script), else through the interpreter.
_SCRIPT = Path(sys.executable).with_name("articlediff")
ARTICLEDIFF = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "articlediff"]
REVISIONS = 5


def median_time(
    command: list[str], cwd: Path, repeat: int, stdin: bytes | None = None, cold: bool = False
) -> float:
    """The median whole-process time; ``cold``: with the store's cache removed before each
    run, as the first read of an article after an import."""
    times = []
    for _ in range(repeat):
        if cold:
            shutil.rmtree(cwd / ".git" / "articlediff" / "cache", ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build_store(scratch: Path, name: str, articles: int) -> tuple[Path, float]:
    feed = scratch / f"{name}.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for article in range(articles):
            for revision in range(REVISIONS):
                text = (
                    f"Story {article} headline\n\nFirst paragraph of story {article}, "
                    f"revision {revision}.\n\nA second paragraph that says {article * revision}."
                )
                record = {
                    "id": f"outlet{article % 100}/story-{article}",
                    "at": f"2024-01-{revision + 1:02d}T{article % 24:02d}:{article % 60:02d}:00Z",
                    "text": text,
                }
                out.write(json.dumps(record) + "\n")
    store = scratch / name
    subprocess.run([*ARTICLEDIFF, "init", str(store)], check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([*ARTICLEDIFF, "import", str(feed)], cwd=store, check=True, capture_output=True)
    return store, time.perf_counter() - started


def row(label: str, seconds: float, reference: float | None = None, ref_label: str = "") -> None:
    ratio = f"  {seconds / reference:5.1f}x {ref_label}" if reference else ""
    print(f"{label:<52} {seconds * 1000:8.1f} ms{ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    repeat = args.repeat
    with tempfile.TemporaryDirectory(prefix="articlediff-bench-") as name:
        scratch = Path(name)
        python = median_time([sys.executable, "-c", "pass"], scratch, repeat)
        git_version = median_time(["git", "--version"], scratch, repeat)
        help_time = median_time([*ARTICLEDIFF, "--help"], scratch, repeat)
        print("== start-up")
        row("python -c pass (reference)", python)
        row("git --version (reference)", git_version)
        row("articlediff --help", help_time, python, "python start-up")

        big, build = build_store(scratch, "big", args.articles)
        small, _ = build_store(scratch, "small", 10)
        total = args.articles * REVISIONS
        print(f"\n== a store of {args.articles:,} articles x {REVISIONS} revisions")
        print(f"{'built with articlediff import':<52} {build:8.1f} s   {total / build:,.0f} rev/s")
        article_id = f"outlet{7 % 100}/story-7"
        path = f"versions/{article_id}.md"
        git_log = median_time(["git", "log", "--format=%H %aI", "--", path], big, repeat)
        row("git log -- path, large store (reference)", git_log)
        commands = {
            "log ID": [*ARTICLEDIFF, "log", article_id],
            "show ID --at T": [*ARTICLEDIFF, "show", article_id, "--at", "2024-01-03T12:00Z"],
        }
        for name, command in commands.items():
            for label, store in (("large", big), ("small", small)):
                took = median_time(command, store, repeat)
                row(f"articlediff {name}, {label} store", took, git_log, "git log -- path")
            cold = median_time(command, big, repeat, cold=True)
            row(f"articlediff {name}, large store, no cache", cold, git_log, "git log -- path")

        print("\n== save one revision into the large store")
        plain = scratch / "plain"
        subprocess.run(["git", "init", "-q", str(plain)], check=True)
        (plain / "a.md").write_text("first\n")
        git_id = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
        subprocess.run(["git", *git_id, "add", "a.md"], cwd=plain, check=True)
        subprocess.run(["git", *git_id, "commit", "-qm", "a"], cwd=plain, check=True)
        commits = []
        for index in range(repeat):
            (plain / "a.md").write_text(f"text {index}\n")
            started = time.perf_counter()
            subprocess.run(["git", *git_id, "commit", "-qam", "b"], cwd=plain, check=True)
            commits.append(time.perf_counter() - started)
        git_commit = statistics.median(commits)
        row("git commit -a of one file (reference)", git_commit)
        saves = []
        for index in range(repeat):
            text = f"Story 7 headline\n\nA new paragraph, save {index}.\n".encode()
            started = time.perf_counter()
            subprocess.run(
                [
                    *ARTICLEDIFF,
                    "save",
                    "-",
                    "--id",
                    article_id,
                    "--at",
                    f"2024-02-01T10:{index:02d}Z",
                ],
                cwd=big,
                input=text,
                capture_output=True,
                check=True,
            )
            saves.append(time.perf_counter() - started)
        row("articlediff save (whole process)", statistics.median(saves), git_commit, "git commit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
