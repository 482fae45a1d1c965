"""A second outlet's layout is a small, separate declaration; the generic parser does the rest."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from articlediff.ingest import (
    COMMON_AGENCIES,
    LAYOUTS,
    TextLayout,
    credit_pattern,
    parse_layout,
    parse_source,
)
from articlediff.ingest.layout import LABELLED_CREDIT, detects, has_final_punctuation

# A fictional outlet, "The Daily Example", whose pages read "Posted: June 19, 2024 7:38am".
_US_TIME = r"(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})\s+(?P<time>\d{1,2}:\d{2}\s*[ap]m)"
DAILY_EXAMPLE = TextLayout(
    name="daily-example",
    published=re.compile(rf"Posted:\s*{_US_TIME}"),
    updated=re.compile(rf"Last updated:\s*{_US_TIME}"),
    credits=(credit_pattern(*COMMON_AGENCIES, "Example Images"), LABELLED_CREDIT),
    promos=(re.compile(r"SEE ALSO:.*"),),
    tail_markers=("Recommended",),
)
FIXTURE = "daily-example-harbour-2024-06-19.txt"


def test_second_layout(fixtures_dir: Path, london: tzinfo) -> None:
    data = (fixtures_dir / FIXTURE).read_bytes()
    parsed = parse_source(data, name=FIXTURE, tz=london, layouts=(*LAYOUTS, DAILY_EXAMPLE))
    assert parsed.format == "layout:daily-example"
    article = parsed.article
    bst = timezone(timedelta(hours=1))
    assert article.headline == "Harbour bridge to close for three weeks of repairs"
    assert article.byline == "Alex Example"
    assert article.published == datetime(2024, 6, 19, 7, 38, tzinfo=bst)
    assert article.updated == datetime(2024, 6, 19, 8, 14, tzinfo=bst)
    # The summary ends with a full stop, so it is the first body paragraph, not a standfirst.
    assert article.standfirst == ""
    assert article.body == (
        "Commuters face longer journeys while engineers replace the bridge's bearings.",
        "The harbour bridge will close to all traffic from Monday, the city council said.",
        "Engineers will replace the bearings under the central span, which date from 1962.",
        "A temporary ferry will run every 20 minutes during the closure.",
    )
    assert article.captions == (
        "Evening traffic on the harbour bridge (Jane Doe / Example Images)",
    )


def test_without_the_layout_the_fixture_is_plain_text(fixtures_dir: Path, london: tzinfo) -> None:
    parsed = parse_source((fixtures_dir / FIXTURE).read_bytes(), tz=london)
    assert parsed.format == "text"


def test_layouts_detect_only_their_own_copy(fixtures_dir: Path) -> None:
    sample = (fixtures_dir / "gbnews-putin-kim-2024-06-19.txt").read_text(encoding="utf-8")
    other = (fixtures_dir / FIXTURE).read_text(encoding="utf-8")
    assert detects(LAYOUTS[0], sample)
    assert not detects(LAYOUTS[0], other)
    assert detects(DAILY_EXAMPLE, other)
    assert not detects(DAILY_EXAMPLE, sample)


def test_parse_layout_directly(fixtures_dir: Path, utc: tzinfo) -> None:
    text = (fixtures_dir / FIXTURE).read_text(encoding="utf-8")
    article = parse_layout(DAILY_EXAMPLE, text, name=FIXTURE, tz=utc)
    assert article.published == datetime(2024, 6, 19, 7, 38, tzinfo=UTC)


def test_header_standfirst_and_byline_without_by(london: tzinfo) -> None:
    text = "Headline\nA summary above the date.\nJo Bloggs\nPosted: June 1, 2024 9:00am\nBody.\n"
    article = parse_layout(DAILY_EXAMPLE, text, name="x", tz=london)
    assert article.byline == "Jo Bloggs"
    assert article.standfirst == "A summary above the date."
    assert article.body == ("Body.",)


def test_final_punctuation_rule() -> None:
    assert has_final_punctuation("It ended.")
    assert has_final_punctuation('He said "yes."')
    assert has_final_punctuation("Really?”")
    assert has_final_punctuation("And then…")
    assert not has_final_punctuation("A summary with no full stop")
    assert not has_final_punctuation('A quote "without a stop"')
    assert not has_final_punctuation("MORE ON THIS:")
    assert not has_final_punctuation("")
