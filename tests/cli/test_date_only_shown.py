"""A date stated alone (``published: '2019-12-23'``) is shown as that date wherever it is
shown, never as midnight: diff, check, reader notes, site pages and the feed, from a real
store filled by ``save`` without ``--at`` (so each revision is at its page's stated date)."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from articlediff.site.paths import history_path
from tests.conftest import Cli

R1 = """---
id: local/storm
headline: Storm closes harbour
published: '2019-12-23'
---

The harbour closed on Monday as the storm reached the coast.
"""
R2 = R1.replace("published: '2019-12-23'", "published: '2019-12-23'\nupdated: '2019-12-24'")
R2 = R2.replace("the coast.", "the coast, and reopened on Tuesday.")
MIDNIGHT = ("00:00", "T00:00")


@pytest.fixture
def dated(run: Cli, tmp_path: Path) -> Cli:
    for number, text in ((1, R1), (2, R2)):
        source = tmp_path / f"r{number}.md"
        source.write_text(text)
        saved = run("save", str(source))
        assert saved.exit_code == 0, saved.stderr
    return run


def test_the_store_keeps_the_dates_and_revisions_stand_at_them(dated: Cli) -> None:
    log = json.loads(dated("log", "local/storm", "--json").stdout)
    # the commits' own times: the start of each stated day in the store's zone
    assert [entry["at"] for entry in log] == [
        "2019-12-23T00:00:00+00:00",
        "2019-12-24T00:00:00+00:00",
    ]
    shown = json.loads(dated("show", "local/storm", "--json").stdout)
    assert (shown["published"], shown["updated"]) == ("2019-12-23", "2019-12-24")


def test_diff_shows_dates_in_every_format(dated: Cli) -> None:
    plain = dated("diff", "local/storm", "--format", "plain")
    assert plain.exit_code == 0, plain.stderr
    assert "from r1  2019-12-23  published" in plain.stdout
    assert "to   r2  2019-12-24  update" in plain.stdout
    assert "Updated: {+2019-12-24+}" in plain.stdout
    markdown = dated("diff", "local/storm", "--format", "markdown").stdout
    assert "| to | r2 | 2019-12-24 | update |" in markdown
    html = dated("diff", "local/storm", "--format", "html").stdout
    assert '<time datetime="2019-12-24">2019-12-24</time>' in html
    record = json.loads(dated("diff", "local/storm", "--format", "json").stdout)
    [updated] = [field for field in record["fields"] if field["name"] == "updated"]
    assert (updated["old"], updated["new"]) == (None, "2019-12-24")
    for text in (plain.stdout, markdown, html):
        assert not any(mark in text for mark in MIDNIGHT)


def test_reader_notes_say_the_date(dated: Cli) -> None:
    markdown = dated("notes", "local/storm").stdout
    assert "first published 23 December 2019\n" in markdown
    assert "**Updated 24 December 2019** (r2)" in markdown
    record = json.loads(dated("notes", "local/storm", "--format", "json").stdout)
    assert (record["published"], record["modified"]) == ("2019-12-23", "2019-12-24")
    assert [(note["at"], note["label"]) for note in record["notes"]] == [
        ("2019-12-24", "Updated 24 December 2019")
    ]
    jsonld = json.loads(dated("notes", "local/storm", "--format", "jsonld").stdout)
    assert (jsonld["datePublished"], jsonld["dateModified"]) == ("2019-12-23", "2019-12-24")
    html = dated("notes", "local/storm", "--format", "html").stdout
    assert '<time datetime="2019-12-24">Updated 24 December 2019</time>' in html
    assert not any(mark in markdown + html for mark in MIDNIGHT)


def test_site_pages_say_the_date(dated: Cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    built = dated("site", str(out))
    assert built.exit_code == 0, built.stderr
    index = (out / "index.html").read_text()
    assert '<time datetime="2019-12-23">23 December 2019</time>' in index
    assert '<time datetime="2019-12-24">24 December 2019</time>' in index
    page = (out / history_path("local/storm")).read_text()
    assert '<dd><time datetime="2019-12-23">23 December 2019</time></dd>' in page
    assert '<time datetime="2019-12-24">24 December 2019</time>' in page
    assert "00:00" not in index + page


def test_the_feed_keeps_atoms_date_times_and_says_the_date(dated: Cli) -> None:
    feed = dated("feed")
    assert feed.exit_code == 0, feed.stderr
    parsed = feedparser.parse(feed.stdout)
    assert not parsed.bozo
    first, second = reversed(parsed.entries)
    # Atom's dates are RFC 3339 date-times: a date is given as the start of its day
    assert (first.published, first.updated) == ("2019-12-23T00:00:00+00:00",) * 2
    assert second.updated == "2019-12-24T00:00:00+00:00"
    assert first.summary.startswith("Published 23 December 2019: first version")
    assert second.summary.startswith("Updated 24 December 2019:")
    assert "00:00 GMT" not in feed.stdout


def test_check_messages_give_the_date(run: Cli, tmp_path: Path) -> None:
    source = tmp_path / "r.md"
    source.write_text(R1)
    assert run("save", str(source)).exit_code == 0
    source.write_text(R1.replace("'2019-12-23'", "'2019-12-22'").replace("Monday", "Sunday"))
    assert run("save", str(source), "--at", "2019-12-23T10:00").exit_code == 0
    checked = run("check", "local/storm")
    assert "published time changed from 2019-12-23 (r1) to 2019-12-22" in checked.stdout
