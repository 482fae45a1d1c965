"""feed and site through the real CLI: the feed parsed back, the site written, errors."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from tests.cli.test_commands import SAMPLE_ID, save_sample
from tests.conftest import Cli, git, repo_state

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def sampled(run: Cli) -> Cli:
    save_sample(run)  # r1 at 07:38 +01:00 ("first cut"), r2 at 08:14 +01:00
    other = run(
        "save", "-", "--id", "daily/quake", "--at", "2024-06-19T09:00:00+01:00",
        input="Earthquake kills 23\n\nAn earthquake killed 23 people in the villages.\n",
    )  # fmt: skip
    assert other.exit_code == 0, other.stderr
    again = run(
        "save", "-", "--id", "daily/quake", "--at", "2024-06-19T10:00:00+01:00",
        input="Earthquake kills 24\n\nAn earthquake killed 24 people in the villages.\n",
    )  # fmt: skip
    assert again.exit_code == 0, again.stderr
    return run


def commits(run: Cli, article_id: str) -> list[str]:
    return [r["commit"] for r in json.loads(run("log", article_id, "--json").stdout)]


def test_feed_newest_first_with_diffs_and_stable_ids(sampled: Cli) -> None:
    result = sampled("feed")
    assert result.exit_code == 0, result.stderr
    parsed = feedparser.parse(result.stdout)
    assert not parsed.bozo, parsed.bozo_exception
    sample, quake = commits(sampled, SAMPLE_ID), commits(sampled, "daily/quake")
    assert [e.id for e in parsed.entries] == [
        f"urn:articlediff:daily/quake:{quake[1]}",
        f"urn:articlediff:daily/quake:{quake[0]}",
        f"urn:articlediff:{SAMPLE_ID}:{sample[1]}",
        f"urn:articlediff:{SAMPLE_ID}:{sample[0]}",
    ]
    updated = [datetime.fromisoformat(e.updated) for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    assert parsed.entries[2].updated == "2024-06-19T08:14:00+01:00"
    assert parsed.feed.updated == "2024-06-19T10:00:00+01:00"
    content = parsed.entries[2].content[0].value
    assert "<del>23</del><ins>24</ins>" in content
    assert "Updated 19 June 2024, 08:14 BST" in content
    assert parsed.entries[2].summary.startswith(
        'Updated 19 June 2024, 08:14 BST: changed "23" to "24"; headline changed'
    )
    assert "<del>23</del><ins>24</ins>" in parsed.entries[0].content[0].value
    assert "first version" in parsed.entries[3].content[0].value
    # The same store gives the same feed, byte for byte.
    assert sampled("feed").stdout == result.stdout


def test_feed_for_one_article_to_a_file(sampled: Cli, tmp_path: Path) -> None:
    out = tmp_path / "feed.xml"
    result = sampled(
        "feed", "--article", SAMPLE_ID, "--out", str(out), "--base-url", "https://x.example/h"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote 2 entries to {out}"
    root = etree.fromstring(out.read_bytes())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://x.example/h/feed.xml"
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"https://x.example/h/articles/{SAMPLE_ID}/index.html#r2"
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<del>23</del><ins>24</ins>" in content.text
    assert f"https://x.example/h/articles/{SAMPLE_ID}/r1-r2.html" in content.text


def test_feed_errors(sampled: Cli, tmp_path: Path) -> None:
    assert sampled("feed", "--article", "gbnews/nope").exit_code == 2
    bad = sampled("feed", "--base-url", "javascript:alert(1)")
    assert bad.exit_code == 2 and "invalid --base-url" in bad.stderr
    (tmp_path / "a-file").write_text("")
    blocked = sampled("feed", "--out", str(tmp_path / "a-file" / "feed.xml"))
    assert blocked.exit_code == 2 and "cannot write" in blocked.stderr
    assert len(blocked.stderr.strip().splitlines()) == 1


def test_feed_out_creates_its_folder(sampled: Cli, tmp_path: Path) -> None:
    out = tmp_path / "public" / "feeds" / "feed.xml"
    result = sampled("feed", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert feedparser.parse(out.read_bytes()).entries


def test_feed_out_is_readable_like_any_written_file(sampled: Cli, tmp_path: Path) -> None:
    """The feed is staged in a private temporary file; the file left is not private: it gets
    what the umask gives a new file, and a feed written again keeps the mode it was given."""
    folder = tmp_path / "public"
    out = folder / "feed.xml"
    previous = os.umask(0o022)
    try:
        assert sampled("feed", "--out", str(out)).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)
        assert sampled("feed", "--out", str(out)).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
        os.umask(0o077)
        fresh = folder / "private.xml"
        assert sampled("feed", "--out", str(fresh)).exit_code == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    finally:
        os.umask(previous)
    assert sorted(p.name for p in folder.iterdir()) == ["feed.xml", "private.xml"]


def test_feed_of_an_empty_store(run: Cli) -> None:
    parsed = feedparser.parse(run("feed").stdout)
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00+00:00"


def test_site_is_written_and_rebuilt(sampled: Cli, tmp_path: Path) -> None:
    before = repo_state(sampled.store_path)
    out = tmp_path / "public"
    result = sampled("site", str(out), "--base-url", "https://x.example/h/")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote 13 files for 2 articles to {out}"
    assert (out / "index.html").is_file() and (out / "feed.xml").is_file()
    assert (out / f"articles/{SAMPLE_ID}/r1-r2.html").is_file()
    first = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = sampled("site", str(out), "--base-url", "https://x.example/h/")
    assert again.exit_code == 0
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == first
    assert repo_state(sampled.store_path) == before
    assert git(sampled.store_path, "status", "--porcelain") == ""


def test_site_errors(sampled: Cli, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "thesis.tex").write_text("mine")
    refused = sampled("site", str(taken))
    assert refused.exit_code == 2
    assert "not empty and holds no site built by articlediff" in refused.stderr
    assert [p.name for p in taken.iterdir()] == ["thesis.tex"]
    bad = sampled("site", str(tmp_path / "new"), "--base-url", "not a url")
    assert bad.exit_code == 2 and not (tmp_path / "new").exists()
    no_store = Cli(tmp_path / "nowhere")("site", str(tmp_path / "x"))
    assert no_store.exit_code == 3 and not (tmp_path / "x").exists()
