"""A date given without a time stays a date: front matter, JSON records and strict reading."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articlediff.ingest import dump_article, load_article, parse_source
from articlediff.ingest.pagedates import find_dateline, read_page_date
from articlediff.model import Article
from articlediff.render.records import article_fields

LONDON = ZoneInfo("Europe/London")


def test_date_only_round_trips_through_front_matter() -> None:
    day = datetime(2019, 12, 23, tzinfo=LONDON)
    article = Article(
        headline="The collapse of neoliberalism",
        body=("First paragraph.",),
        published=day,
        published_date_only=True,
        updated=datetime(2020, 1, 2, 9, 30, tzinfo=UTC),
    )
    text = dump_article(article, "local/neoliberalism")
    assert "published: '2019-12-23'\n" in text
    assert "updated: '2020-01-02T09:30:00+00:00'\n" in text
    assert load_article(text, name="f", tz=LONDON) == article
    assert article_fields(article)["published"] == "2019-12-23"


def test_unquoted_yaml_date_reads_as_a_date() -> None:
    parsed = parse_source(b"---\nheadline: H\npublished: 2024-06-19\n---\n\nBody.\n", tz=LONDON)
    assert parsed.article.published_date_only
    assert parsed.article.published == datetime(2024, 6, 19, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-10T00:59:47Z", datetime(2020, 1, 10, 0, 59, 47, tzinfo=UTC)),
        ("2020-01-10T00:59:47ZZ", None),
        ("2020-01-10 00:59", datetime(2020, 1, 10, 0, 59, tzinfo=LONDON)),
        ("2020-04-12T13:49:50+0000", datetime(2020, 4, 12, 13, 49, 50, tzinfo=UTC)),
        (
            "2020-05-16T09:00:40.509-04:00",
            datetime(2020, 5, 16, 9, 0, 40, 509000, tzinfo=timezone(timedelta(hours=-4))),
        ),
        ("Fri, 30 Oct 2020 07:45:02 GMT", datetime(2020, 10, 30, 7, 45, 2, tzinfo=UTC)),
        ("Thursday, November 9, 2023 7:35AM", datetime(2023, 11, 9, 7, 35, tzinfo=LONDON)),
        ("21:22, 6 OCT 2020", datetime(2020, 10, 6, 21, 22, tzinfo=LONDON)),
        ("12/10/2020", None),
        ("10/12/2020", None),
        ("1988", None),
        ("2020-13-01", None),
        ("2020-02-30T10:00:00Z", None),
        ("next Tuesday", None),
    ],
)
def test_strict_page_dates(text: str, expected: datetime | None) -> None:
    found = read_page_date(text, LONDON)
    assert (found.moment if found else None) == expected
    if found is not None:
        assert not found.date_only


@pytest.mark.parametrize(
    "text", ["2019-12-23", "2019/12/23", "December 23, 2019", "23 Dec 2019", "Dec. 23, 2019"]
)
def test_dates_without_a_time_stay_dates(text: str) -> None:
    found = read_page_date(text, LONDON)
    assert found is not None and found.date_only
    assert found.day() == date(2019, 12, 23)
    assert found.isoformat() == "2019-12-23"


def test_iso_dates_are_never_read_day_first() -> None:
    found = read_page_date("2020-01-10", LONDON)
    assert found is not None and found.day() == date(2020, 1, 10)
    found = read_page_date("2020-01-10T00:59:47", LONDON)
    assert found is not None and (found.moment.month, found.moment.day) == (1, 10)


def test_dateline_inside_text() -> None:
    found = find_dateline("Last updated 04 Jun 2020, originally created 17 Jun 2019", LONDON)
    assert found is not None and found.day() == date(2020, 6, 4)
    assert find_dateline("Nothing dated here.", LONDON) is None
