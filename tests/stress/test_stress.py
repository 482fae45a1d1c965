"""Stress: many concurrent saves, and saves and imports killed at random points.

Slow (``make stress``). ``ARTICLEDIFF_STRESS_SECONDS`` bounds the concurrent run (default
20 s) and ``ARTICLEDIFF_STRESS_KILLS`` sets the kills of each kind (default 120).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from articlediff.store import Store
from articlediff.store.verify import verify_store
from tests.conftest import repo_state
from tests.stress.conftest import FIGURES, KILLS, SECONDS

MAX_RUNS = 3 * KILLS

pytestmark = pytest.mark.slow

WORKER = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    from articlediff.errors import StoreBusyError
    from articlediff.model import Article
    from articlediff.store import Store

    store_path, worker, out = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[4]
    seconds = float(sys.argv[3])
    deadline = time.monotonic() + seconds
    attempted = 0
    with open(out, "a") as results:
        while time.monotonic() < deadline:
            attempted += 1
            article_id = "local/shared" if attempted % 2 else f"local/own-{worker}"
            body = f"Worker {worker} save {attempted}."
            try:
                with Store(store_path) as store:
                    outcome = store.save(article_id, Article("Headline", (body,)), kind="update")
            except StoreBusyError:
                results.write(json.dumps({"busy": body}) + "\\n")
                continue
            assert outcome.revision is not None
            record = {"id": article_id, "body": body, "commit": outcome.revision.commit}
            results.write(json.dumps(record) + "\\n")
            results.flush()
            os.fsync(results.fileno())
        results.write(json.dumps({"attempted": attempted}) + "\\n")
    """
)


def test_sixteen_concurrent_writers(store_path: Path, tmp_path: Path) -> None:
    workers = 16
    outputs = [tmp_path / f"worker-{index}.jsonl" for index in range(workers)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(store_path), str(index), str(SECONDS), str(out)],
            stderr=subprocess.PIPE,
        )
        for index, out in enumerate(outputs)
    ]
    for process in processes:
        assert process.wait(timeout=SECONDS + 120) == 0, process.stderr.read().decode()  # type: ignore[union-attr]
    accepted: list[dict[str, str]] = []
    attempted = busy = 0
    for out in outputs:
        for line in out.read_text().splitlines():
            record = json.loads(line)
            if "attempted" in record:
                attempted += record["attempted"]
            elif "busy" in record:
                busy += 1
            else:
                accepted.append(record)
    repo_state(store_path)
    with Store(store_path) as store:
        assert verify_store(store).ok
        stored = Counter(
            (article_id, revision.article.body[0], revision.commit)
            for article_id in store.article_ids()
            for revision in store.history(article_id)
        )
    wanted = Counter((r["id"], r["body"], r["commit"]) for r in accepted)
    lost = sum((wanted - stored).values())
    duplicated = sum(count - 1 for count in stored.values() if count > 1)
    FIGURES["concurrent"] = (
        f"{workers} processes for {SECONDS:g}s: {attempted} saves attempted, "
        f"{len(accepted)} accepted, {busy} refused as busy, {lost} lost, {duplicated} duplicated"
    )
    assert lost == 0 and duplicated == 0
    assert set(stored) == set(wanted)  # nothing stored that was not accepted
    assert attempted == len(accepted) + busy


def killed_run(args: list[str], stdin: bytes | None, delay: float) -> bool:
    """Run the CLI, SIGKILL its whole process group (git children too) after ``delay``;
    ``True`` when it finished successfully before the kill."""
    process = subprocess.Popen(
        [sys.executable, "-m", "articlediff", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    if stdin is not None:
        process.stdin.write(stdin)  # type: ignore[union-attr]
    process.stdin.close()  # type: ignore[union-attr]
    try:
        code = process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return False
    error = process.stderr.read().decode()  # type: ignore[union-attr]
    assert code == 0, error
    return True


def delays(rng: random.Random, args: list[str], stdin: bytes | None) -> Iterator[float]:
    """Kill delays until ``KILLS`` runs were killed (at most ``MAX_RUNS``): one timed run
    first, then points spread over the later part of a run's life (where git is being
    written), one run in ten left to finish. A run that ends before its delay counts as
    finished, so the number of kills never depends on how fast the machine is."""
    started = time.monotonic()
    assert killed_run(args, stdin, 120)
    typical = time.monotonic() - started
    for _ in range(MAX_RUNS):
        yield typical * 5 if rng.random() < 0.1 else rng.uniform(0.3 * typical, typical)


def check_all_present(store_path: Path, accepted: dict[str, list[str]]) -> None:
    with Store(store_path) as store:
        report = verify_store(store)
        assert report.ok, report.problems
        for article_id, bodies in accepted.items():
            stored = [r.article.body[0] for r in store.history(article_id)]
            for body in bodies:
                assert stored.count(body) == 1, (article_id, body)


def test_saves_killed_at_random_points(store_path: Path) -> None:
    rng = random.Random(20240619)
    accepted: dict[str, list[str]] = {"local/kill-0": ["Calibration."]}
    finished = killed = 0

    def args(article_id: str) -> list[str]:
        return ["--store", str(store_path), "save", "-", "--id", article_id, "--kind", "update"]

    waits = delays(rng, args("local/kill-0"), b"Headline\n\nCalibration.\n")
    for index, wait in enumerate(waits):
        if killed >= KILLS:
            break
        article_id = f"local/kill-{index % 3}"
        body = f"Revision {index} of the story."
        if killed_run(args(article_id), f"Headline\n\n{body}\n".encode(), wait):
            finished += 1
            accepted.setdefault(article_id, []).append(body)
        else:
            killed += 1
        check_all_present(store_path, accepted)
    repo_state(store_path)
    FIGURES["save kills"] = (
        f"{killed + finished} runs, {killed} killed (SIGKILL to the process group), "
        f"{finished} finished; verify passed after every one; 0 accepted revisions missing"
    )
    assert killed >= KILLS


def import_available() -> bool:
    result = subprocess.run(
        [sys.executable, "-m", "articlediff", "import", "--help"], capture_output=True
    )
    return result.returncode == 0


def test_imports_killed_at_random_points(store_path: Path, tmp_path: Path) -> None:
    if not import_available():
        pytest.skip("'articlediff import' is not on this branch yet")
    rng = random.Random(20240620)
    accepted: dict[str, list[str]] = {}
    finished = killed = 0
    calibration = tmp_path / "calibration"
    (calibration / "local" / "calibration").mkdir(parents=True)
    (calibration / "local" / "calibration" / "a.txt").write_text("Headline\n\nCalibration.\n")
    waits = delays(rng, ["--store", str(store_path), "import", str(calibration)], None)
    for index, wait in enumerate(waits):
        if killed >= KILLS:
            break
        folder = tmp_path / f"batch-{index}"
        bodies = {}
        for article in range(3):
            article_id = f"local/imported-{article}"
            target = folder / "local" / f"imported-{article}"
            target.mkdir(parents=True)
            for number in range(4):
                body = f"Batch {index} revision {number} of article {article}."
                day = 1 + index // 24
                moment = f"2024-07-{day:02d}T{index % 24:02d}:{number * 10:02d}:00+00:00"
                (target / f"rev-{number}.md").write_text(
                    f"---\nid: {article_id}\nheadline: Imported\nupdated: '{moment}'\n"
                    f"---\n\n{body}\n"
                )
                bodies.setdefault(article_id, []).append(body)
        args = ["--store", str(store_path), "import", str(folder)]
        if killed_run(args, None, wait):
            finished += 1
            for article_id, texts in bodies.items():
                accepted.setdefault(article_id, []).extend(texts)
        else:
            killed += 1
        check_all_present(store_path, accepted)
    repo_state(store_path)
    FIGURES["import kills"] = (
        f"{killed + finished} runs, {killed} killed, {finished} finished; verify passed after "
        "every one; 0 accepted revisions missing"
    )
    assert killed >= KILLS
