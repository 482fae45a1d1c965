"""Stress: two clones of one bare remote, many processes mixing save, correct, import and
sync, with random SIGKILLs, and a ledger of every acknowledged revision and correction.

Slow (``make stress`` runs the full version). ``ARTICLEDIFF_STRESS_SYNC_SECONDS`` (default
15), ``ARTICLEDIFF_STRESS_SYNC_KILLS`` (default 40) and ``ARTICLEDIFF_STRESS_SYNC_WORKERS``
(default 16) set the run; the workers keep going past the time until their share of the
kills is reached. ``make stress`` sets 60 s and 200 kills.

Each worker (``sync_worker.py``) owns one paragraph of one of four shared stories (two
workers per story on each clone), so both clones edit every story; it also corrects its
story and imports revisions of an article of its own. At the end both clones sync until
they agree, and:

- **0 lost**: every acknowledged save and correction is a revision of the final history
  (by identity: ``store.identity``) holding its paragraph or entry, every entry is in the
  story's latest log once, and every imported text is one revision's text;
- **0 duplicated**: no revision identity appears twice;
- **0 texts reverted**: each revision changes, against the revision before it, only the
  paragraphs its own edit changed on the clone that made it (an edit of the worker's own,
  or of another worker's paragraph it read before a sync brought a newer one: that stale
  copy is the worker's own edit, which ``sync`` must keep as it is), and each story's
  revisions are in revision-time order;
- both clones identical, ``verify`` and ``git fsck --strict`` clean, and ``check`` finding
  nothing (every edit the harness makes is an update, never substantive, and every entry is
  worded as ``check`` wants).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from articlediff.app.review import check_store
from articlediff.model import Article
from articlediff.store import Store, init_store
from articlediff.store.gitrepo import GitRepo
from articlediff.store.identity import identity
from articlediff.store.verify import verify_store
from tests.conftest import git, repo_state
from tests.stress import sync_worker
from tests.stress.conftest import FIGURES

SECONDS = float(os.environ.get("ARTICLEDIFF_STRESS_SYNC_SECONDS", "15"))
KILLS = int(os.environ.get("ARTICLEDIFF_STRESS_SYNC_KILLS", "40"))
WORKERS = int(os.environ.get("ARTICLEDIFF_STRESS_SYNC_WORKERS", "16"))
WORKER = Path(sync_worker.__file__)

pytestmark = pytest.mark.slow


def cli(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "articlediff", "--store", str(store), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_two_clones_writers_and_syncs_under_kills(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    a, b = tmp_path / "a", tmp_path / "b"
    init_store(a, "UTC")[0].close()
    git(a, "remote", "add", "origin", str(remote))
    desks = {w: ("a" if w < WORKERS // 2 else "b") for w in range(WORKERS)}
    with Store(a) as store:
        for article in range(sync_worker.ARTICLES):
            body = tuple(sync_worker.template(article, desks))
            headline = f"Story about the {sync_worker.WORDS[article]}"
            story = f"local/story-{sync_worker.WORDS[article]}"
            store.save(story, Article(headline, body))
    assert cli(a, "sync").returncode == 0
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(b))
    clones = {"a": a, "b": b}

    ledgers = [tmp_path / f"ledger-{w}.jsonl" for w in range(WORKERS)]
    started = time.monotonic()
    processes = []
    for w in range(WORKERS):
        config = {
            "worker": w,
            "desk": desks[w],
            "desks": desks,
            "store": str(clones[desks[w]]),
            "ledger": str(ledgers[w]),
            "seed": 20240619 + w,
            "seconds": SECONDS,
            "kills": math.ceil(KILLS / WORKERS),
            "kill_share": 0.5,
            "import_start": int(time.time()) - 20 * 86400,
            "scratch": str(tmp_path / "scratch"),
        }
        processes.append(
            subprocess.Popen(
                [sys.executable, str(WORKER), json.dumps(config)], stderr=subprocess.PIPE
            )
        )
    for process in processes:
        assert process.wait(timeout=3 * SECONDS + 600) == 0, process.stderr.read().decode()  # type: ignore[union-attr]
    elapsed = time.monotonic() - started
    records = [json.loads(line) for path in ledgers for line in path.read_text().splitlines()]

    # Failures that were not kills: one line, an expected exit status, no traceback.
    failures = [r for r in records if not r["ok"] and not r["killed"]]
    for record in failures:
        lines = record["stderr"].strip().splitlines()
        assert record["code"] in (2, 3) and len(lines) == 1, record
        assert "Traceback" not in record["stderr"], record

    # A sync killed while the remote (a folder) was updating its branch leaves the remote's
    # lock files, which every later push reports; nothing runs now, so they go, as the
    # message says.
    stale = sorted(path for path in remote.rglob("*.lock") if path.is_file())
    for path in stale:
        path.unlink()

    # The last syncs, with nothing else running, until both clones and the remote agree.
    for _ in range(4):
        for clone in (a, b):
            done = cli(clone, "sync")
            assert done.returncode == 0, done.stderr
        heads = {git(clone, "rev-parse", "HEAD").strip() for clone in (a, b)}
        if len(heads) == 1 and heads == {git(remote, "rev-parse", "main").strip()}:
            break
    assert len(heads) == 1, "the clones did not converge"

    report = _final_state(a, b, records)
    FIGURES["two clones"] = (
        f"{WORKERS} processes on 2 clones for {elapsed:.0f}s: {_counts(records)}; "
        f"{len(stale)} lock files a killed push left in the remote removed; final history "
        f"{report['revisions']} revisions of {report['articles']} articles; "
        f"{report['lost']} lost, {report['duplicated']} duplicated, {report['reverted']} texts "
        f"reverted, {report['out_of_order']} out of time order, {report['conflicts']} "
        f"overlapping edits settled; clones identical, verify and fsck clean, check: "
        f"{report['findings']} findings"
    )
    killed = sum(1 for r in records if r["killed"])
    assert killed >= KILLS
    assert report["lost"] == report["duplicated"] == report["reverted"] == 0, report
    assert report["out_of_order"] == 0 and report["findings"] == 0, report


def _counts(records: list[dict[str, object]]) -> str:
    by_action: Counter[str] = Counter()
    acked: Counter[str] = Counter()
    for record in records:
        by_action[str(record["action"])] += 1
        acked[str(record["action"])] += bool(record["ok"])
    killed = sum(1 for r in records if r["killed"])
    refused = sum(1 for r in records if not r["ok"] and not r["killed"])
    rewrites = sum(
        1
        for r in records
        if r["ok"] and r["action"] == "sync" and r["outcome"]["rewritten"]  # type: ignore[index]
    )
    parts = ", ".join(
        f"{acked[name]}/{by_action[name]} {name}" for name in ("save", "correct", "import", "sync")
    )
    return (
        f"{sum(by_action.values())} commands ({parts} acknowledged; {rewrites} syncs rebuilt "
        f"the remote's history), {killed} SIGKILLed, {refused} refused with one line"
    )


def _final_state(a: Path, b: Path, records: list[dict[str, object]]) -> dict[str, int]:
    for clone in (a, b):
        repo_state(clone)  # git fsck --full --strict passes
        assert git(clone, "status", "--porcelain") == ""
        with Store(clone) as store:
            verified = verify_store(store)
            assert verified.ok, verified.problems
    originals = [GitRepo(a), GitRepo(b)]
    with Store(a) as store:
        repo = store.git
        commits = repo.commits(repo.commits_between(None, "HEAD"))
        identities = Counter(identity(record) for record in commits)
        origin_of = {record.sha: identity(record).origin for record in commits}
        conflicts = sum(record.message.count("Sync-Conflict:") for record in commits)
        histories = {article_id: store.history(article_id) for article_id in store.article_ids()}
        findings = [
            f"{f.article_id} {f.revision} {f.rule}: {f.message}"
            for result in check_store(store).articles
            for f in result.findings
        ]
        by_origin = {
            origin_of[revision.commit]: revision
            for history in histories.values()
            for revision in history
        }
        lost = 0
        for record in records:
            if not record["ok"]:
                continue
            if record["action"] == "save":
                held = by_origin.get(str(record["commit"]))
                lost += held is None or record["paragraph"] not in held.article.body
            elif record["action"] == "correct":
                held = by_origin.get(str(record["commit"]))
                final = histories[str(record["id"])][-1].article.corrections
                texts = [entry.text for entry in final]
                lost += held is None or texts.count(str(record["entry"])) != 1
            elif record["action"] == "import":
                bodies = [r.article.body for r in histories[str(record["id"])]]
                lost += sum(1 for text in record["texts"] if [text] not in map(list, bodies))  # type: ignore[attr-defined]
        reverted = out_of_order = 0
        for article_id, history in histories.items():
            out_of_order += sum(1 for x, y in itertools.pairwise(history) if y.at < x.at)
            if not article_id.startswith("local/story-"):
                continue
            for before, revision in itertools.pairwise(history):
                own = _own_change(store, originals, origin_of[revision.commit], revision.path)
                final = _changed(before.article, revision.article)
                reverted += not final <= own
        for repo_ in originals:
            repo_.close()
    return {
        "revisions": sum(len(history) for history in histories.values()),
        "articles": len(histories),
        "lost": lost,
        "duplicated": sum(count - 1 for count in identities.values()),
        "reverted": reverted,
        "out_of_order": out_of_order,
        "conflicts": conflicts,
        "findings": len(findings),
    }


def _changed(old: Article, new: Article) -> set[object]:
    """What differs between two texts: the headline, and paragraphs by position."""
    changed: set[object] = {"headline"} if old.headline != new.headline else set()
    if len(old.body) != len(new.body):
        return changed | {"paragraphs"}
    return changed | {n for n, (x, y) in enumerate(zip(old.body, new.body, strict=True)) if x != y}


def _own_change(store: Store, repos: list[GitRepo], commit: str, path: str) -> set[object]:
    """What the commit ``commit`` changed in ``path`` on the clone that made it."""
    for repo in repos:
        found = repo.read_objects([commit])[0]
        if found is None:
            continue
        parent = repo.commits([commit])[0].first_parent
        texts = repo.read_objects([f"{parent}:{path}", f"{commit}:{path}"])
        if texts[1] is None:
            return set()
        new = store.parse_stored(path, commit, texts[1].data)
        if texts[0] is None:
            return {"headline", "paragraphs", *range(len(new.body))}
        old = store.parse_stored(path, commit, texts[0].data)
        return _changed(old, new)
    raise AssertionError(f"commit {commit} is in neither clone")
