"""The list and log tables and the one-line messages, from values alone (no store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from articlediff.common.words import plural
from articlediff.model import Article, RevisionInfo
from articlediff.render.summaries import (
    feed_written,
    revision_header,
    site_written,
    store_damaged,
    store_verified,
)
from articlediff.render.tables import articles_table, revisions_table
from tests.render.cases import revision


@dataclass(frozen=True)
class Summary:
    article_id: str
    revisions: int
    first: datetime
    latest: datetime


@dataclass(frozen=True)
class Change:
    revision: RevisionInfo
    words_added: int
    words_deleted: int
    damaged: str | None = None


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_revisions_table_shows_one_instant_in_each_revisions_own_zone() -> None:
    """Times are formatted once each, but two that are the same instant in different zones
    (equal as datetimes) are each shown with their own offset, as each alone is."""
    first = revision(Article("H", ("a",)), 1, "2024-06-20T10:00:00+01:00")
    second = revision(Article("H", ("b",)), 2, "2024-06-20T09:00:00+00:00")
    third = revision(Article("H", ("c",)), 3, "2024-06-20T10:00:00+01:00")
    assert first.at == second.at == first.recorded
    rows = [Change(first, 1, 0), Change(second, 2, 0), Change(third, 3, 0)]
    assert revisions_table(rows) == "".join(revisions_table([row]) for row in rows)
    times = [line[17:40] for line in revisions_table(rows).splitlines()]
    assert times == [
        "2024-06-20 10:00 +01:00",
        "2024-06-20 09:00 +00:00",
        "2024-06-20 10:00 +01:00",
    ]


def test_articles_table_pads_ids_to_the_longest() -> None:
    rows = [
        Summary(
            "gbnews/putin-kim-visit", 2, at("2024-06-19T07:38+01:00"), at("2024-06-19T08:14+01:00")
        ),
        Summary("local/quake", 12, at("2024-06-19T07:00+01:00"), at("2024-06-20T08:00+01:00")),
    ]
    assert articles_table(rows) == (
        "gbnews/putin-kim-visit    2 rev  2024-06-19 07:38 +01:00  →  2024-06-19 08:14 +01:00\n"
        "local/quake              12 rev  2024-06-19 07:00 +01:00  →  2024-06-20 08:00 +01:00\n"
    )
    assert articles_table([]) == ""


def test_revisions_table_aligns_kinds_and_word_counts_and_adds_notes() -> None:
    first = revision(Article("H", ("a",)), 1, "2024-06-19T07:38:00+01:00", "published")
    second = revision(Article("H", ("b",)), 2, "2024-06-19T08:14:00+01:00", note="expert added")
    table = revisions_table([Change(first, 454, 0), Change(second, 85, 1)])
    assert table == (
        "r1   1111111111  2024-06-19 07:38 +01:00  (recorded 2024-06-20 09:00 +00:00)  "
        "published      +454/-0\n"
        "r2   2222222222  2024-06-19 08:14 +01:00  (recorded 2024-06-20 09:00 +00:00)  "
        "update          +85/-1  expert added\n"
    )
    assert revisions_table([]) == ""
    damaged = revisions_table([Change(second, 0, 0, "front matter is not valid YAML")])
    assert damaged == (
        "r2   2222222222  2024-06-19 08:14 +01:00  (recorded 2024-06-20 09:00 +00:00)  "
        "update         damaged  front matter is not valid YAML\n"
    )


def test_revision_header_with_and_without_the_kind() -> None:
    second = revision(Article("H", ("b",)), 2, "2024-06-19T08:14:00+01:00")
    assert revision_header(second) == "gbnews/putin-kim-visit r2 2024-06-19T08:14:00+01:00 update"
    assert revision_header(second, kind=False) == (
        "gbnews/putin-kim-visit r2 2024-06-19T08:14:00+01:00"
    )


def test_counts_agree_with_their_nouns() -> None:
    assert [plural(n, "file") for n in (0, 1, 2)] == ["0 files", "1 file", "2 files"]
    assert plural(3, "entry", "entries") == "3 entries"
    assert feed_written(1, Path("public/feed.xml")) == "wrote 1 entry to public/feed.xml"
    assert feed_written(2, Path("f.xml")) == "wrote 2 entries to f.xml"
    assert site_written(8, 1, Path("public")) == "wrote 8 files for 1 article to public"
    assert store_verified(7, 2, 8) == "verified 7 revisions of 2 articles in 8 commits: ok"
    assert store_verified(7, 2, 8, 1).endswith(": ok (1 warning)")
    assert store_damaged(1, 1, 1) == "store has 1 problem (1 revision of 1 article checked)"
