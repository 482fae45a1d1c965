"""Stores and corpora for the batch tests: real git stores built by ``articlediff import``,
and JSON Lines corpora, with the rows each should give computed one pair at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from articlediff.app.pairs import furniture_settings
from articlediff.app.review import check_settings, settings_changes
from articlediff.check.pairs import history_records
from articlediff.ingest.corpus import CorpusRow, corpus_history, corpus_row
from articlediff.store import Store, init_store
from tests.conftest import CORPUS, ROOT, Cli

pytest.importorskip("dask", reason="the scale extra is not installed")
pytest.importorskip("pyarrow", reason="the scale extra is not installed")

WIKI = CORPUS / "wikipedia-versions"
needs_corpus = pytest.mark.skipif(not WIKI.is_dir(), reason="../shared/corpus is absent")

LEAD = "At least {toll} people died when an earthquake struck Harbourside on Wednesday."
SECOND = "Rescue teams searched collapsed buildings through the night, officials said."
NOTE = "Correction: An earlier version of this article misstated the number of dead as 23."


def markdown(
    article_id: str,
    paragraphs: list[str],
    *,
    headline: str = "Earthquake strikes coastal town",
    updated: str = "2024-06-19T07:00:00+01:00",
    corrections: str = "",
) -> str:
    """An article in the store's own format."""
    front = [
        "---",
        f"id: {article_id}",
        f"headline: {headline}",
        "published: '2024-06-19T07:00:00+01:00'",
        f"updated: '{updated}'",
    ]
    if corrections:
        front.append(corrections.rstrip("\n"))
    return "\n".join(front) + "\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def feed_records() -> list[dict[str, Any]]:
    """Revisions of a few articles: explained, unexplained and stealthy substantive changes,
    rewordings, a correction-log entry, an article with one revision and longer filler."""
    quake = "local/quake"
    log = (
        "corrections:\n- id: c1\n  kind: correction\n  at: '2024-06-19T09:00:00+01:00'\n"
        f"  text: '{NOTE}'\n  fixed_in: r2"
    )
    records = [
        {
            "id": quake,
            "at": "2024-06-19T07:00+01:00",
            "text": markdown(quake, [LEAD.format(toll=23), SECOND]),
        },
        {
            "id": quake,
            "at": "2024-06-19T09:00+01:00",
            "text": markdown(
                quake,
                [LEAD.format(toll=24), SECOND],
                updated="2024-06-19T09:00:00+01:00",
                corrections=log,
            ),
        },
        {
            "id": quake,
            "at": "2024-06-19T10:00+01:00",
            "text": markdown(
                quake,
                [LEAD.format(toll=24), SECOND, "Roads into the town were closed by Thursday."],
                updated="2024-06-19T10:00:00+01:00",
                corrections=log,
            ),
        },
        {
            "id": "local/stealth",
            "at": "2024-06-19T07:00+01:00",
            "text": markdown("local/stealth", [LEAD.format(toll=5), SECOND]),
        },
        {
            "id": "local/stealth",
            "at": "2024-06-19T08:00+01:00",
            "text": markdown("local/stealth", [LEAD.format(toll=7), SECOND]),
            "note": "toll",
        },
        {
            "id": "local/single",
            "at": "2024-06-19T06:00+01:00",
            "text": "Only once\n\nOne revision.",
        },
    ]
    for number in range(6):
        article_id = f"wire/story-{number}"
        for revision in range(number % 4 + 2):
            paragraphs = [
                f"Story {number} opens with a line that revision {revision} keeps.",
                f"The council voted on the plan in a meeting that ran {revision + 1} hours.",
                *(["It will meet again next month to settle the budget."] * (revision % 2)),
            ]
            records.append(
                {
                    "id": article_id,
                    "at": f"2024-06-{10 + revision:02d}T12:00+01:00",
                    "text": f"Story {number} headline\n\n" + "\n\n".join(paragraphs),
                    "kind": "update" if revision else "published",
                }
            )
    return records


@pytest.fixture
def batch_store(run: Cli, store_path: Path, tmp_path: Path) -> Path:
    """A store with the sample article and ``feed_records()``, imported."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in feed_records()), encoding="utf-8")
    assert run("import", str(ROOT / "versions")).exit_code == 0
    result = run("import", str(feed))
    assert result.exit_code == 0, result.stderr
    return store_path


def store_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of every pair of the store, computed in this process, one article at a time,
    under the store's settings as ``check`` reads them (rules, their changes, furniture)."""
    with Store(path) as store:
        settings = check_settings(store)
        furniture = furniture_settings(store)
        changes = settings_changes(store)
        return [
            row
            for article_id in store.article_ids()
            for row in history_records(
                store.history(article_id),
                settings,
                furniture=furniture.for_article(article_id),
                settings_changes=changes,
            )
        ]


def wiki_corpus(path: Path, articles: int | None = None) -> Path:
    """JSON Lines of the Wikipedia corpus (its first ``articles`` articles): one revision a
    line, numbered as the files are, the folder's name as the headline."""
    folders = sorted(p for p in WIKI.iterdir() if p.is_dir())[:articles]
    with path.open("w", encoding="utf-8") as out:
        for folder in folders:
            slug = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")
            for file in sorted(folder.glob("*.txt"), key=lambda p: int(p.stem)):
                row = {
                    "id": f"wikipedia/{slug}",
                    "revision": int(file.stem),
                    "headline": folder.name,
                    "body": file.read_text(encoding="utf-8"),
                }
                out.write(json.dumps(row) + "\n")
    return path


def corpus_rows(path: Path) -> list[dict[str, Any]]:
    """The rows a JSON Lines corpus should give, computed in this process: read line by line,
    grouped and sorted here, one article at a time."""
    by_article: dict[str, list[CorpusRow]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = corpus_row(json.loads(line), UTC, str(path))
        by_article.setdefault(row.article_id, []).append(row)
    rows = []
    for article_id in sorted(by_article):
        history, timed = corpus_history(by_article[article_id])
        rows += history_records(history, timed=timed)
    return rows


def parquet_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return list(pq.read_table(path).to_pylist())


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A corpus of a few articles, ordered by time (some naive, read as UTC)."""
    path = tmp_path / "corpus.jsonl"
    rows = []
    for number in range(5):
        for revision in range(number + 1):
            rows.append(
                {
                    "id": f"corpus/a{number}",
                    "at": f"2024-01-0{revision + 1}T10:00" + ("Z" if number % 2 else ""),
                    "headline": f"Story {number}",
                    "body": f"First paragraph {number}.\n\nThe count is {revision * 3}.",
                    "note": "" if revision % 2 else "checked",
                }
            )
    rows.reverse()  # the file's order is not the revisions' order
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def leftovers(folder: Path) -> Iterator[Path]:
    """Temporary files a batch might have left in ``folder``."""
    return (p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


@pytest.fixture
def other_store(tmp_path: Path) -> Path:
    path = tmp_path / "empty-store"
    init_store(path, "UTC")[0].close()
    return path
