"""watch figures against a local outlet (tests/watch/outlet.py, a real HTTP server on
127.0.0.1):

1. Articles checked per minute at the default politeness (host_delay 1s, 2 in flight): one
   round over N new articles on one host, the time from its first request to its last.
2. Requests saved by 304s: a second round over the same unchanged articles, its 304 answers
   and the body bytes they did not carry.
3. Memory of a 10,000-article watch state: the Python objects (tracemalloc) and the JSON file.
4. CPU per round when nothing changed: process time of a round over N articles that all
   answer 304 (host_delay 0), and of the state write alone.

Run: .venv/bin/python benchmarks/watch_bench.py [--articles N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.watch.outlet import Outlet, running_outlet  # noqa: E402

from articlediff.app.watch import WatchRun, watch  # noqa: E402
from articlediff.store import Store, init_store  # noqa: E402
from articlediff.store.watchstate import ArticleState, WatchState, save_state  # noqa: E402

PARAGRAPHS = [
    "The harbour bridge will close for three weeks of repairs, the council said on Wednesday.",
    "Engineers found corrosion in two of the main cables during a routine inspection.",
    "The closure will cost the city an estimated 23 million pounds, officials said today.",
]
T0 = datetime.fromisoformat("2024-06-19T08:00:00+01:00")


def store_watching(scratch: Path, outlet: Outlet, count: int, settings: str) -> Path:
    path = scratch / f"store-{len(list(scratch.iterdir()))}"
    init_store(path, "Europe/London")[0].close()
    urls = []
    for number in range(count):
        outlet.article(f"/news/{number}", f"Story {number}", PARAGRAPHS)
        urls.append(f'"{outlet.url(f"/news/{number}")}"')
    config = path / "articlediff.toml"
    config.write_text(
        config.read_text()
        + settings
        + '\n[[watch]]\nname = "list"\noutlet = "bench"\nkind = "urls"\n'
        + f"urls = [{', '.join(urls)}]\n"
    )
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@example.org",
            "commit",
            "-qm",
            "config: watch",
            "articlediff.toml",
        ],
        cwd=path,
        check=True,
    )
    return path


def one_round(path: Path, moment: datetime) -> tuple[object, float]:
    with Store(path) as store:
        cpu = time.process_time()
        report = watch(store, WatchRun(allow_private=True, clock=lambda: moment), once=True)[0]
        return report, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30)
    args = parser.parse_args()
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        os.environ.pop(name, None)
    os.environ.setdefault("GIT_COMMITTER_NAME", "bench")
    os.environ.setdefault("GIT_COMMITTER_EMAIL", "bench@example.org")
    with (
        tempfile.TemporaryDirectory(prefix="articlediff-watch-bench-") as name,
        running_outlet() as outlet,
    ):
        scratch = Path(name)
        count = args.articles

        # 1 and 2: default politeness, a first round and an unchanged second round
        path = store_watching(scratch, outlet, count, "")
        report, _ = one_round(path, T0)
        pages = [request for request in outlet.requests if request.path.startswith("/news/")]
        span = pages[-1].at - pages[0].at
        rate = (len(pages) - 1) / span * 60 if span > 0 else float("inf")
        print(
            f"checked per minute at the default politeness: {rate:.0f} "
            f"({len(pages)} articles, {span:.1f}s from first to last request; "
            f"{report.editorial} revisions saved)"  # type: ignore[attr-defined]
        )
        outlet.clear()
        report, _ = one_round(path, T0 + timedelta(minutes=11))
        answered = [request for request in outlet.requests if request.path.startswith("/news/")]
        not_modified = sum(1 for request in answered if request.status == 304)
        saved = sum(
            len(outlet.resources[request.path].body)
            for request in answered
            if request.status == 304
        )
        print(
            f"304s in an unchanged round: {not_modified} of {len(answered)} page requests; "
            f"{saved:,} body bytes not sent (before gzip), no page parsed, no commit"
        )

        # 3: memory of a 10,000-article state
        tracemalloc.start()
        state = WatchState()
        for number in range(10_000):
            state.articles[
                f"https://news.example.org/news/{number:05d}-a-long-slug-for-the-story"
            ] = ArticleState(
                article_id=f"daily/{number:05d}-a-long-slug-for-the-story",
                source="daily",
                first_seen="2024-06-19T08:00:00+01:00",
                next_due="2024-06-19T08:10:00+01:00",
                validators={
                    "ETag": f'"{number:016x}"',
                    "Last-Modified": "Wed, 19 Jun 2024 07:00:00 GMT",
                },
                sha256="f" * 64,
                extractor="0.1.0",
                last_fetched="2024-06-19T08:00:00+01:00",
            )
        current, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        git_dir = path / ".git"
        started = time.process_time()
        save_state(git_dir, state)
        write_cpu = time.process_time() - started
        size = (git_dir / "articlediff" / "watch-state.json").stat().st_size
        print(
            f"10,000-article state: {current / 1e6:.1f} MB in memory, {size / 1e6:.1f} MB on "
            f"disk, written in {write_cpu * 1000:.0f} ms of CPU"
        )

        # 4: CPU per round when nothing changed (host_delay 0)
        fast = store_watching(scratch, outlet, count * 4, "[watching]\nhost_delay = 0\n")
        one_round(fast, T0)
        outlet.clear()
        report, cpu = one_round(fast, T0 + timedelta(minutes=11))
        print(
            f"CPU of a round with nothing changed: {cpu * 1000:.0f} ms for "
            f"{report.checked} articles ({cpu / max(1, report.checked) * 1000:.1f} ms each; "  # type: ignore[attr-defined]
            f"{report.not_modified} answered 304)"  # type: ignore[attr-defined]
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
