"""Scale: commands on long histories, large articles and many articles; ``batch`` throughput.

Synthetic stores are built from real text (the paragraphs of ../shared/corpus/
wikipedia-versions, else of the shared samples) with ``articlediff import``, and kept under
the system's temporary folder, keyed by their parameters, for the next run (``--rebuild``
builds them again). Each figure is a whole process, printed with its CPU seconds and peak
memory (``getrusage`` of its children, so git's processes and batch's workers count) and as
a ratio against a reference run in the same command:

- one article with N revisions (``--revisions``, default 10,000): ``log`` cold (no cache)
  and warm, ``show --at``, ``check ID`` (its findings not kept, then kept), ``notes ID``,
  ``blame``, ``verify``, against ``git log -- path`` of the same file;
- a 2 MB article: ``diff`` of its two revisions, against ``git diff --word-diff``;
- K articles x 5 revisions (``--articles``, default 1,000): store-wide ``check`` (cold and
  warm), ``site``, ``feed``, ``audit``, against ``git log -- versions``;
- the pair notes of that store (``pairs``): ``reindex`` with no notes over 1 and 2 worker
  processes, ``check`` and ``audit`` with no notes (over 1 and 2 workers) and with notes,
  ``site`` and ``feed`` (which diff every pair whatever the notes) over 1 and 2 workers, the
  speed-ups as ratios of the same run; and, for the long article, ``check ID`` with and
  without notes;
- ``batch`` of that store on the local scheduler with 1 and 2 worker processes: pairs per
  second and the speed-up, against one pair's ``diff`` in a single process;
- ``sizes``: stores of 1,000, 10,000 and 100,000 articles x 5 revisions (``--sizes``),
  grown by ``--build-only LOG``; ``check``, ``site``, ``feed``, ``batch``, ``audit`` and
  ``reindex`` (``--commands`` picks some) on a copy of each, and the growth per size;
- ``wide-sizes``: ``check`` with the per-article cache cold and warm, ``site`` into a new
  folder and again, and ``feed``, on stores given by ``--stores A,B`` (copied, never written),
  with this articlediff and (``--before SRC``) another, and the growth from one store to the
  next.

Run: .venv/bin/python benchmarks/scale_bench.py [--revisions N] [--articles K] [--quick]
     [--rebuild] [--only long,big,wide,pairs,batch] [--before SRC]
     .venv/bin/python benchmarks/scale_bench.py --only wide-sizes --stores A,B --before SRC

With ``--before SRC`` (e.g. ``git archive main src`` extracted), the commands of the long, big,
pages and wide-sizes parts run with that articlediff and with this one, one after the other,
and the ratio of their CPU seconds is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "wikipedia-versions"
SAMPLES = [SHARED / "samples", ROOT / "versions"]
_SCRIPT = Path(sys.executable).with_name("articlediff")
ARTICLEDIFF = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "articlediff"]
CACHE = Path(tempfile.gettempdir()) / "articlediff-scale-bench"
GENERATOR = 2
"""Bumped when the generated text (or what ``import`` writes) changes, so that cached stores
are rebuilt."""
SEED = 17
PARTS = ("long", "big", "wide", "pairs", "batch", "sizes", "pages", "wide-sizes")
SIZES = (1_000, 10_000, 100_000)
CHUNK = 2_500
"""Articles per ``import`` when the ``sizes`` stores are grown."""
NOTES_REF = "refs/notes/articlediff-pairs"
START = datetime(2024, 1, 1, tzinfo=UTC)

_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE)
took = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": took, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_kib": usage.ru_maxrss, "status": result.returncode,
                  "stderr": result.stderr.decode(errors="replace")[-400:]}))
"""
"""Runs one command in a fresh process, so that its peak memory is its own."""


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float
    peak_mib: float
    stderr: str


def measure(
    command: Sequence[str], cwd: Path, *, ok: Sequence[int] = (0,), source: Path | None = None
) -> Run:
    """``command`` run in ``cwd`` (with the articlediff of ``source``, a ``src`` folder,
    when given)."""
    env = None
    if source is not None:
        env = {**os.environ, "PYTHONPATH": str(source)}
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(cwd), *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    data = json.loads(out.stdout)
    if data["status"] not in ok:
        raise SystemExit(f"{' '.join(command)} exited {data['status']}: {data['stderr']}")
    return Run(data["seconds"], data["cpu"], data["peak_kib"] / 1024, data["stderr"])


def row(label: str, run: Run, reference: Run | None = None, ref_label: str = "") -> None:
    ratio = f"  {run.seconds / reference.seconds:8.1f}x {ref_label}" if reference else ""
    print(
        f"{label:<44} {run.seconds:8.2f} s  {run.cpu:7.2f} CPU s  {run.peak_mib:7.0f} MiB{ratio}",
        flush=True,
    )


def ratio_row(label: str, new: Run, old: Run, *, wall: bool = False) -> None:
    """One line of ratios of ``new`` over ``old``: CPU and peak memory (and wall time)."""
    if wall:
        figures = f"{new.seconds / old.seconds:8.2f}x wall  {new.cpu / old.cpu:6.2f}x CPU"
    else:
        figures = f"{new.cpu / old.cpu:8.2f}x CPU"
    print(f"{label:<44} {figures}  {new.peak_mib / old.peak_mib:6.2f}x peak", flush=True)


def compared(
    label: str,
    command: Sequence[str],
    cwd: Path,
    before: Path | None,
    reference: Run | None = None,
    ref_label: str = "",
    *,
    ok: Sequence[int] = (0,),
    prepare: Callable[[], None] | None = None,
) -> None:
    """``articlediff COMMAND`` in ``cwd``; with ``before`` (another articlediff's ``src``),
    run with it first and then with this one, one after the other, and the ratio of their
    CPU seconds and peak memory. ``prepare`` runs before each."""
    if before is None:
        if prepare is not None:
            prepare()
        row(label, measure([*ARTICLEDIFF, *command], cwd, ok=ok), reference, ref_label)
        return
    compiled(before)
    python = [sys.executable, "-m", "articlediff"]
    runs: dict[str, Run] = {}
    for which, source in (("before", before), ("after", None)):
        if prepare is not None:
            prepare()
        runs[which] = measure([*python, *command], cwd, ok=ok, source=source)
        row(f"{label} ({which})", runs[which], reference, ref_label)
    ratio_row(f"{label}: after over before", runs["after"], runs["before"])


# -- real text -----------------------------------------------------------------------------


def paragraphs() -> list[str]:
    """Every distinct paragraph of the corpus (or the samples), in a fixed order."""
    files = sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []
    if not files:
        files = sorted(p for folder in SAMPLES for p in folder.rglob("*.txt"))
    seen: dict[str, None] = {}
    for path in files:
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            text = " ".join(block.split())
            if len(text) > 40:
                seen.setdefault(text, None)
    if not seen:
        raise SystemExit("no text found: the corpus and the samples are both absent")
    return list(seen)


def source_key(pool: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(pool).encode()).hexdigest()[:12]


def edit(body: list[str], pool: Sequence[str], rng: random.Random) -> list[str]:
    """One editorial change to ``body``: a number or word changed, a paragraph replaced,
    added or removed."""
    body = list(body)
    choice = rng.random()
    at = rng.randrange(len(body))
    if choice < 0.5:
        words = body[at].split(" ")
        k = rng.randrange(len(words))
        words[k] = str(rng.randrange(1, 2000)) if rng.random() < 0.5 else words[k].upper()
        body[at] = " ".join(words)
    elif choice < 0.7:
        body[at] = rng.choice(pool)
    elif choice < 0.85 or len(body) < 8:
        body.insert(at, rng.choice(pool))
    elif len(body) > 4:
        del body[at]
    return body


def text_of(headline: str, body: Sequence[str]) -> str:
    return headline + "\n\n" + "\n\n".join(body) + "\n"


def record(article_id: str, at: datetime, text: str) -> str:
    return json.dumps({"id": article_id, "at": at.isoformat(), "text": text}) + "\n"


def long_feed(count: int, pool: Sequence[str]) -> Iterator[str]:
    rng = random.Random(SEED)
    body = [pool[k % len(pool)] for k in range(12)]
    for index in range(count):
        if index:
            body = edit(body, pool, rng)
            while len(body) > 30:
                del body[rng.randrange(len(body))]
        yield record("bench/long", START + timedelta(minutes=index), text_of("A long story", body))


def big_feed(size: int, pool: Sequence[str]) -> Iterator[str]:
    rng = random.Random(SEED)
    body: list[str] = []
    while sum(len(p) + 2 for p in body) < size:
        body.append(pool[len(body) % len(pool)])
    yield record("bench/big", START, text_of("A very large article", body))
    for _ in range(max(1, len(body) // 100)):
        body = edit(body, pool, rng)
    yield record("bench/big", START + timedelta(hours=1), text_of("A very large article", body))


def wide_feed(articles: int, pool: Sequence[str]) -> Iterator[str]:
    rng = random.Random(SEED)
    for number in range(articles):
        article_id = f"wire{number % 20}/story-{number}"
        body = [pool[(number * 7 + k) % len(pool)] for k in range(6)]
        for revision in range(5):
            if revision:
                body = edit(body, pool, rng)
            at = START + timedelta(days=revision, minutes=number)
            yield record(article_id, at, text_of(f"Story {number}", body))


def built_store(name: str, lines: Iterator[str], key: str, rebuild: bool) -> tuple[Path, float]:
    """The store ``name`` for ``key``, imported now (its import time) or kept from before
    (``nan``)."""
    folder = CACHE / f"{name}-{key}"
    done = folder / "complete"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if done.exists():
        return folder / "store", float("nan")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    feed = folder / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        out.writelines(lines)
    store = folder / "store"
    subprocess.run([*ARTICLEDIFF, "init", str(store)], check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([*ARTICLEDIFF, "import", str(feed)], cwd=store, check=True, capture_output=True)
    took = time.perf_counter() - started
    feed.unlink()
    done.write_text("")
    return store, took


def uncache(store: Path) -> None:
    shutil.rmtree(store / ".git" / "articlediff" / "cache", ignore_errors=True)


def drop_notes(store: Path) -> None:
    """The store without its pair notes (``reindex`` or the next import writes them)."""
    subprocess.run(["git", "update-ref", "-d", NOTES_REF], cwd=store, check=True)


def built(label: str, took: float) -> None:
    shown = "kept from an earlier run" if took != took else f"imported in {took:.1f} s"
    print(f"== {label} ({shown})", flush=True)


# -- the measurements ----------------------------------------------------------------------


def long_article(
    revisions: int, pool: Sequence[str], key: str, rebuild: bool, before: Path | None = None
) -> None:
    """The per-article commands on the long article; with ``before`` (another articlediff's
    ``src``), each read command with it and with this one in turn, and the CPU ratio (the
    runs without the pair notes are then left out: they compare nothing)."""
    store, took = built_store(f"long{revisions}", long_feed(revisions, pool), key, rebuild)
    built(f"one article with {revisions:,} revisions", took)
    path = "versions/bench/long.md"
    reference = measure(["git", "log", "--format=%H %aI", "--", path], store)
    row("git log -- path (reference)", reference)
    middle = (START + timedelta(minutes=revisions // 2)).isoformat()
    compared(
        "log (cold: no cache)",
        ["log", "bench/long"],
        store,
        before,
        reference,
        "git log",
        prepare=lambda: uncache(store),
    )
    commands = {
        "log (warm)": ["log", "bench/long"],
        "show --at (middle)": ["show", "bench/long", "--at", middle],
        "check ID (pair notes, none kept)": ["check", "bench/long"],
        "check ID (findings kept)": ["check", "bench/long"],
        "notes ID": ["notes", "bench/long"],
        "blame": ["blame", "bench/long"],
        "verify": ["verify"],
    }
    for label, command in commands.items():
        compared(label, command, store, before, reference, "git log", ok=(0, 1))
    if before is not None:
        return
    drop_notes(store)
    command = [*ARTICLEDIFF, "check", "bench/long", "--jobs", "1"]
    row("check ID (no notes, 1 worker)", measure(command, store, ok=(0, 1)), reference, "git log")
    run = measure([*ARTICLEDIFF, "reindex", "bench/long"], store)
    row("reindex ID (no notes, all cores)", run, reference, "git log")


def compiled(source: Path) -> None:
    """``source``'s modules compiled to bytecode first, as an installed articlediff's are, so
    that neither side of a comparison pays for compiling (``PYTHONDONTWRITEBYTECODE`` would
    otherwise have one side compile on every run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True, env=env)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True, env=env
    )


def big_article(
    size: int, pool: Sequence[str], key: str, rebuild: bool, before: Path | None = None
) -> None:
    store, took = built_store(f"big{size}", big_feed(size, pool), key, rebuild)
    built(f"a {size / 1e6:.1f} MB article", took)
    path = "versions/bench/big.md"
    reference = measure(["git", "diff", "--word-diff", "HEAD~1", "HEAD", "--", path], store)
    row("git diff --word-diff (reference)", reference)
    command = ["diff", "bench/big", "--format", "plain"]
    compared("diff", command, store, before, reference, "git diff")


def wide_store(articles: int, pool: Sequence[str], key: str, rebuild: bool) -> Path:
    store, took = built_store(f"wide{articles}", wide_feed(articles, pool), key, rebuild)
    built(f"{articles:,} articles x 5 revisions", took)
    return store


def store_wide(store: Path) -> None:
    reference = measure(["git", "log", "--format=%H %aI", "--", "versions"], store)
    row("git log -- versions (reference)", reference)
    uncache(store)
    scratch = store.parent / "out"
    commands = {
        "check (cold: no cache; pair notes)": ["check", "--format", "json"],
        "check (warm; pair notes)": ["check", "--format", "json"],
        "site": ["site", str(scratch / "site")],
        "feed": ["feed"],
        "audit": ["audit"],
    }
    for label, command in commands.items():
        row(label, measure([*ARTICLEDIFF, *command], store, ok=(0, 1)), reference, "git log")


def pair_notes(store: Path) -> None:
    """Reindex, check and audit without pair notes over 1 and 2 workers, then with notes: the
    CPU seconds and the wall-time speed-up, side by side in one run."""
    print("== pair notes of that store (2-core machine: compare CPU s and ratios)", flush=True)
    runs: dict[str, Run] = {}

    def timed(label: str, command: Sequence[str], *, notes: bool) -> Run:
        if not notes:
            drop_notes(store)
        run = runs[label] = measure([*ARTICLEDIFF, *command], store, ok=(0, 1))
        row(label, run)
        return run

    for workers in ("1", "2"):
        timed(f"reindex, no notes, --jobs {workers}", ["reindex", "--jobs", workers], notes=False)
    for name, command in (("check", ["check", "--format", "json"]), ("audit", ["audit"])):
        for workers in ("1", "2"):
            timed(f"{name}, no notes, --jobs {workers}", [*command, "--jobs", workers], notes=False)
        subprocess.run([*ARTICLEDIFF, "reindex"], cwd=store, check=True, capture_output=True)
        timed(f"{name}, pair notes", command, notes=True)
    scratch = store.parent / "out"
    for name, command in (("site", ["site", str(scratch / "site-jobs")]), ("feed", ["feed"])):
        for workers in ("1", "2"):
            timed(f"{name}, --jobs {workers}", [*command, "--jobs", workers], notes=True)
    for name in ("reindex", "check", "audit", "site", "feed"):
        how = "" if name in ("site", "feed") else ", no notes"
        one, two = runs[f"{name}{how}, --jobs 1"], runs[f"{name}{how}, --jobs 2"]
        print(
            f"{name + ': 2 workers over 1':<44} {one.seconds / two.seconds:8.2f}x wall  "
            f"{two.cpu / one.cpu:6.2f}x CPU",
            flush=True,
        )
    for name in ("check", "audit"):
        cold, warm = runs[f"{name}, no notes, --jobs 1"], runs[f"{name}, pair notes"]
        print(
            f"{name + ': notes over no notes (1 worker)':<44} {cold.seconds / warm.seconds:8.2f}x "
            f"wall  {cold.cpu / warm.cpu:6.2f}x CPU",
            flush=True,
        )


def pages(store: Path, before: Path | None) -> None:
    """``site`` from scratch, again with nothing changed and again after one save, and
    ``feed``, on a copy of the store; with ``before`` (another articlediff's ``src``), the
    same commands with it, side by side."""
    print("== site and feed of that store (compare CPU s and peak memory)", flush=True)
    work = store.parent / "out" / "pages"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy = work / "store"
    subprocess.run(["cp", "-a", str(store), str(copy)], check=True)
    python = [sys.executable, "-m", "articlediff"]
    sources = {"after": None} if before is None else {"before": before, "after": None}
    runs: dict[tuple[str, str], Run] = {}

    def timed(label: str, which: str, command: Sequence[str]) -> None:
        source = sources[which]
        run = runs[(label, which)] = measure([*python, *command], copy, source=source)
        row(f"{label} ({which})", run)

    for which in sources:
        site = work / f"site-{which}"
        timed("site, new folder", which, ["site", str(site)])
        timed("site again, nothing changed", which, ["site", str(site)])
        timed("feed", which, ["feed", "--out", str(work / f"feed-{which}.xml")])
    saved = subprocess.run(
        [*python, "save", "-", "--id", "wire7/story-7", "--at", "2024-03-01T12:00:00+00:00"],
        cwd=copy,
        input=text_of("Story 7", ["A paragraph changed after the site was built."]),
        text=True,
        capture_output=True,
        check=True,
    )
    del saved
    for which in sources:
        timed("site again, after one save", which, ["site", str(work / f"site-{which}")])
    if before is not None:
        for label in (
            "site, new folder",
            "site again, nothing changed",
            "feed",
            "site again, after one save",
        ):
            ratio_row(
                f"{label}: after over before", runs[(label, "after")], runs[(label, "before")]
            )


def batch(store: Path, articles: int) -> None:
    print(f"== batch of the {articles:,} articles x 5 revisions (local scheduler)", flush=True)
    one_pair = measure([*ARTICLEDIFF, "diff", "wire7/story-7", "--from", "r1", "--to", "r2"], store)
    row("diff of one pair, whole process (reference)", one_pair)
    rates = {}
    for workers in (1, 2):
        out = store.parent / "out" / f"pairs-{workers}.parquet"
        command = [*ARTICLEDIFF, "batch", "-o", str(out), "--workers", str(workers)]
        run = measure(command, store)
        wrote = re.search(r"wrote (\d+) pairs", run.stderr)
        pairs = int(wrote.group(1)) if wrote else 0
        rates[workers] = pairs / run.seconds
        row(f"batch, {workers} worker{'s' if workers > 1 else ''}", run, one_pair, "one diff")
        print(f"{'':<44} {rates[workers]:8.1f} pairs/s", flush=True)
    print(f"{'speed-up, 2 workers over 1':<44} {rates[2] / rates[1]:8.2f}x", flush=True)


# -- store-wide figures by size -------------------------------------------------------------


def _import_figures(folder: Path) -> Run | None:
    done = folder / "import.json"
    if not done.exists():
        return None
    data = json.loads(done.read_text(encoding="utf-8"))
    return Run(data["seconds"], data["cpu"], data["peak_mib"], "")


def grown_stores(sizes: Sequence[int], pool: Sequence[str], key: str, log: Path | None) -> None:
    """Grow one store of ``wide_feed`` articles, ``CHUNK`` articles per ``import`` (so that a
    long build shows its progress and resumes where it stopped), and copy it at each size.

    The first K articles of ``wide_feed(N)`` are those of ``wide_feed(K)``, so the copy at K
    is the store of K articles. Each size's ``import.json`` holds the import's total wall and
    CPU seconds and its largest peak memory, over the chunks up to that size."""
    grow = CACHE / f"grow-{key}"
    grow.mkdir(parents=True, exist_ok=True)
    store = grow / "store"
    if not store.exists():
        subprocess.run([*ARTICLEDIFF, "init", str(store)], check=True, capture_output=True)
    progress = grow / "progress.jsonl"
    chunks = (
        [json.loads(line) for line in progress.read_text().splitlines()]
        if progress.exists()
        else []
    )
    done = chunks[-1]["articles"] if chunks else 0

    def say(text: str) -> None:
        print(text, flush=True)
        if log is not None:
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{datetime.now(UTC):%H:%M:%S} {text}\n")

    lines = wide_feed(max(sizes), pool)
    for _ in range(done * 5):
        next(lines)
    for size in sorted(sizes):
        target = CACHE / f"sized{size}-{key}"
        while done < size:
            count = min(CHUNK, size - done)
            feed = grow / "chunk.jsonl"
            with feed.open("w", encoding="utf-8") as out:
                out.writelines(next(lines) for _ in range(count * 5))
            run = measure([*ARTICLEDIFF, "import", str(feed)], store)
            feed.unlink()
            done += count
            chunk = {
                "articles": done,
                "seconds": run.seconds,
                "cpu": run.cpu,
                "peak_mib": run.peak_mib,
            }
            chunks.append(chunk)
            with progress.open("a", encoding="utf-8") as out:
                out.write(json.dumps(chunk) + "\n")
            say(
                f"imported {done:,} articles: last {count:,} in {run.seconds:.1f} s "
                f"({run.cpu:.1f} CPU s, {run.peak_mib:.0f} MiB)"
            )
        if not (target / "import.json").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            subprocess.run(["cp", "-a", str(store), str(target / "store")], check=True)
            upto = [c for c in chunks if c["articles"] <= size]
            total = {
                "articles": size,
                "seconds": sum(c["seconds"] for c in upto),
                "cpu": sum(c["cpu"] for c in upto),
                "peak_mib": max(c["peak_mib"] for c in upto),
            }
            (target / "import.json").write_text(json.dumps(total), encoding="utf-8")
            say(f"store of {size:,} articles ready")


SIZE_COMMANDS = ("check", "site", "feed", "batch", "audit", "reindex")
"""What the ``sizes`` part runs on each store (``--commands`` picks some: a 100,000-article
``site`` from scratch is hours of CPU on a small machine)."""


def _size_commands(
    wanted: Sequence[str], scratch: Path, workers: Sequence[int]
) -> dict[str, list[str]]:
    """The commands of the ``sizes`` part, by label, in the order they run (their outputs
    in ``scratch``)."""
    commands: dict[str, list[str]] = {}
    if "check" in wanted:
        commands["check"] = ["check", "--format", "json"]
    if "site" in wanted:
        commands["site"] = ["site", str(scratch / "site")]
        commands["site (again, nothing changed)"] = ["site", str(scratch / "site")]
    if "feed" in wanted:
        commands["feed"] = ["feed", "--out", str(scratch / "feed.xml")]
    for n in workers if "batch" in wanted else ():
        commands[f"batch --workers {n}"] = [
            "batch",
            "-o",
            str(scratch / f"pairs-{n}.parquet"),
            "--workers",
            str(n),
        ]
    if "audit" in wanted:
        commands["audit (the notes as imported)"] = ["audit", "--format", "json"]
    if "reindex" in wanted:
        commands["reindex"] = ["reindex", "--json"]
        if "audit" in wanted:
            commands["audit (after reindex)"] = ["audit", "--format", "json"]
    return commands


def by_size(
    sizes: Sequence[int], pool: Sequence[str], key: str, wanted: Sequence[str] = SIZE_COMMANDS
) -> None:
    """``import``, ``check``, ``site``, ``feed``, ``batch`` (1 worker, 2, every core),
    ``audit`` and ``reindex`` on a copy of each grown store that is ready (the copy under
    the temporary folder, deleted after: the grown stores, their caches and notes included,
    are never written, so that each run starts from the same state), and the
    growth factor from one size to the next. Each store's figures are also kept in
    ``runs.json`` beside it, added to those of earlier runs."""
    cores = len(_usable_cores())
    workers = sorted({1, 2, cores})
    table: dict[int, dict[str, Run]] = {}
    for size in sorted(sizes):
        folder = CACHE / f"sized{size}-{key}"
        imported = _import_figures(folder)
        if imported is None:
            print(f"== {size:,} articles x 5: not built (run with --build-only first)")
            continue
        print(f"== {size:,} articles x 5 revisions ({size * 4:,} pairs)", flush=True)
        runs = table[size] = {"import": imported}
        row(f"import ({CHUNK:,} articles an import)", imported)
        kept = folder / "runs.json"
        earlier = json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else {}
        scratch = Path(tempfile.mkdtemp(prefix=f"sized{size}-"))
        try:
            store = scratch / "store"
            subprocess.run(["cp", "-a", str(folder / "store"), str(store)], check=True)
            for label, command in _size_commands(wanted, scratch, workers).items():
                run = runs[label] = measure([*ARTICLEDIFF, *command], store, ok=(0, 1))
                row(label, run)
                earlier[label] = vars(run)
                kept.write_text(json.dumps(earlier, indent=1), encoding="utf-8")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        for n in workers[1:] if "batch" in wanted else ():
            one, many = runs["batch --workers 1"], runs[f"batch --workers {n}"]
            print(
                f"{f'batch: {n} workers over 1':<44} {one.seconds / many.seconds:8.2f}x wall  "
                f"{many.cpu / one.cpu:6.2f}x CPU",
                flush=True,
            )
    done = sorted(table)
    for small, large in itertools.pairwise(done):
        factor = large / small
        print(f"== growth from {small:,} to {large:,} articles (x{factor:g})", flush=True)
        for label in table[large]:
            if label not in table[small]:
                continue
            ratio_row(label, table[large][label], table[small][label], wall=True)


# -- store-wide commands on given stores, before and after ----------------------------------


WIDE_COMMANDS = ("check, cold", "check, warm", "site, new folder", "site again", "feed")


def wide_sizes(stores: Sequence[Path], before: Path | None, sides: Sequence[str]) -> None:
    """``check --format json`` on a fresh copy of each store (its per-article cache cold, as
    right after an import) and again (warm), ``site`` into a new folder and again with
    nothing changed, and ``feed``: each with this articlediff and, with ``before``, with the
    one in that ``src`` folder, each side on its own copy of the store; then each command's
    ratio after/before and its growth from one store to the next (the stores are never
    written: each run works on a copy under the temporary folder)."""
    sources = {"before": before, "after": None}
    table: dict[tuple[Path, str], dict[str, Run]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="wide-sizes-"))
    try:
        for store in stores:
            articles = len(list((store / "versions").glob("*/*.md")))
            print(f"== {store} ({articles:,} articles)", flush=True)
            for side in sides:
                copy = scratch / f"{store.name}-{side}"
                shutil.rmtree(copy, ignore_errors=True)
                subprocess.run(["cp", "-a", str(store), str(copy)], check=True)
                shutil.rmtree(copy / ".git" / "articlediff" / "cache", ignore_errors=True)
                site = scratch / f"site-{store.name}-{side}"
                commands = {
                    "check, cold": ["check", "--format", "json"],
                    "check, warm": ["check", "--format", "json"],
                    "site, new folder": ["site", str(site)],
                    "site again": ["site", str(site)],
                    "feed": ["feed", "--out", str(scratch / f"feed-{store.name}-{side}.xml")],
                }
                runs = table[(store, side)] = {}
                for label, command in commands.items():
                    run = runs[label] = measure(
                        [sys.executable, "-m", "articlediff", *command],
                        copy,
                        ok=(0, 1),
                        source=sources[side],
                    )
                    row(f"{label} ({side})", run)
                shutil.rmtree(copy, ignore_errors=True)
            if "before" in sides and "after" in sides:
                a, b = scratch / f"site-{store.name}-before", scratch / f"site-{store.name}-after"
                same = subprocess.run(["diff", "-rq", str(a), str(b)], capture_output=True)
                feeds = [(scratch / f"feed-{store.name}-{s}.xml").read_bytes() for s in sides]
                print(
                    f"site identical: {same.returncode == 0}; feed identical: "
                    f"{feeds[0] == feeds[1]}",
                    flush=True,
                )
                for label in WIDE_COMMANDS:
                    old, new = table[(store, "before")][label], table[(store, "after")][label]
                    ratio_row(f"{label}: after over before", new, old)
            for folder in scratch.glob(f"site-{store.name}-*"):
                shutil.rmtree(folder, ignore_errors=True)
        for side in sides:
            for small, large in itertools.pairwise(stores):
                print(f"== growth from {small.name} to {large.name} ({side})", flush=True)
                for label in WIDE_COMMANDS:
                    ratio_row(label, table[(large, side)][label], table[(small, side)][label])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _usable_cores() -> set[int]:
    return os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else {0}


def main() -> int:
    global CACHE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--size", type=int, default=2_000_000, help="bytes of the big article")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small sizes")
    parser.add_argument("--rebuild", action="store_true", help="build the stores again")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"the parts to run, comma-separated (default: all of {','.join(PARTS)})",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="articles (x 5 revisions) of the stores of the sizes part (default 1000,10000,100000)",
    )
    parser.add_argument(
        "--before",
        metavar="SRC",
        type=Path,
        help="the long, big, pages and wide-sizes parts: also run their commands with the "
        "articlediff in SRC (a src folder), side by side",
    )
    parser.add_argument(
        "--stores",
        default="",
        help="the wide-sizes part: stores to measure, comma-separated, smallest first (copied, "
        "never written)",
    )
    parser.add_argument(
        "--sides",
        default="before,after",
        help="the wide-sizes part: before (needs --before), after, or both (default)",
    )
    parser.add_argument(
        "--commands",
        default=",".join(SIZE_COMMANDS),
        help=f"the sizes part: the commands to run (default: all of {','.join(SIZE_COMMANDS)})",
    )
    parser.add_argument(
        "--cache",
        metavar="DIR",
        type=Path,
        default=CACHE,
        help=f"where the generated stores are kept (default {CACHE}); copies and outputs go "
        "under the temporary folder (TMPDIR)",
    )
    parser.add_argument(
        "--build-only",
        metavar="LOG",
        type=Path,
        help="only grow the stores of the sizes part, logging progress to LOG",
    )
    args = parser.parse_args()
    CACHE = args.cache
    parts = set(args.only.split(","))
    if parts - set(PARTS):
        parser.error(f"--only: unknown part {', '.join(sorted(parts - set(PARTS)))}")
    unknown = set(args.commands.split(",")) - set(SIZE_COMMANDS)
    if unknown:
        parser.error(f"--commands: unknown command {', '.join(sorted(unknown))}")
    if args.quick:
        args.revisions, args.articles, args.size = 300, 40, 200_000
    pool = paragraphs()
    key = f"g{GENERATOR}-{source_key(pool)}"
    print(f"text: {len(pool):,} paragraphs; stores kept under {CACHE}", flush=True)
    started = time.perf_counter()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.build_only is not None:
        grown_stores(sizes, pool, key, args.build_only)
        return 0
    if "sizes" in parts:
        by_size(sizes, pool, key, args.commands.split(","))
    if "wide-sizes" in parts:
        sides = [side for side in args.sides.split(",") if side]
        if "before" in sides and args.before is None:
            parser.error("--sides before needs --before SRC")
        wide_sizes([Path(p) for p in args.stores.split(",") if p], args.before, sides)
    if "long" in parts:
        long_article(args.revisions, pool, key, args.rebuild, args.before)
    if "big" in parts:
        big_article(args.size, pool, key, args.rebuild, args.before)
    if parts & {"wide", "pairs", "batch", "pages"}:
        store = wide_store(args.articles, pool, key, args.rebuild)
        shutil.rmtree(store.parent / "out", ignore_errors=True)
        (store.parent / "out").mkdir()
        if "wide" in parts:
            store_wide(store)
        if "pairs" in parts:
            pair_notes(store)
        if "pages" in parts:
            pages(store, args.before)
        if "batch" in parts:
            try:
                import dask  # noqa: F401
            except ImportError:
                print("batch: skipped (the scale extra is not installed)")
            else:
                batch(store, args.articles)
    print(f"(whole run {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
