"""HTML pages: trafilatura for the text, JSON-LD, meta tags and htmldate for the dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articlediff.errors import InputError
from articlediff.ingest import parse_source
from articlediff.ingest.html import looks_like_html, parse_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
LONDON = ZoneInfo("Europe/London")
BST = timezone(timedelta(hours=1))


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_json_ld_dates_byline_and_fields() -> None:
    article = parse_html(page("harbour-bridge-r2.html"), name="r2", tz=LONDON)
    assert article.headline == "Harbour bridge to close for three weeks of repairs"
    assert article.byline == "Amira Okafor"
    assert article.standfirst.startswith("Engineers found corrosion in two")
    assert article.published == datetime(2024, 6, 19, 7, 38, tzinfo=BST)
    assert article.updated == datetime(2024, 6, 19, 9, 5, tzinfo=BST)
    assert article.url == "https://news.example.org/local/harbour-bridge-to-close-for-repairs"


def test_body_without_boilerplate_and_captions_apart() -> None:
    article = parse_html(page("harbour-bridge-r1.html"), name="r1", tz=LONDON)
    body = "\n".join(article.body)
    assert article.body[0].startswith("The harbour bridge will close to all traffic")
    assert article.body[-1].startswith("The work is expected to cost £4.2 million")
    assert len(article.body) == 6
    for boilerplate in (
        "cookies",
        "Related stories",
        "Ferry timetable changes",
        "Most read",
        "All rights reserved",
        "Subscribe",
        "Share on social media",
        "Transport Correspondent",
    ):
        assert boilerplate not in body
    assert article.captions == (
        "The harbour bridge carries about 40,000 vehicles a day (Daily Example/Jon Reyes)",
        "The diversion route via the old town bridge (Daily Example graphics)",
    )
    assert not any(caption in body for caption in article.captions)
    assert article.headline not in article.body


def test_meta_tag_dates_and_author() -> None:
    article = parse_html(page("library-hours-meta.html"), name="meta", tz=LONDON)
    assert article.headline == "Central library extends weekend opening hours"
    assert article.byline == "Tomasz Wiśniewski"
    assert article.published == datetime(2024, 5, 2, 10, 15, tzinfo=UTC)
    assert article.updated == datetime(2024, 5, 3, 16, 40, tzinfo=UTC)
    assert article.url == "https://gazette.example.net/2024/05/02/library-weekend-hours.html"
    assert len(article.body) == 4
    joined = " ".join(article.body)
    assert "cookies" not in joined and "You may also like" not in joined
    assert "Riverside Gazette" not in joined


def test_htmldate_when_the_page_has_no_metadata() -> None:
    html = b"""<!DOCTYPE html><html><head><title>Ferry fares frozen</title></head><body>
    <article><h1>Ferry fares frozen for another year</h1>
    <p class="date">Published <time datetime="2023-11-08">8 November 2023</time></p>
    <p>Ferry fares on every route will stay at this year's prices until next December, the
    operator said, after a year in which passenger numbers rose by a tenth.</p>
    <p>The operator said lower fuel costs had made the freeze possible without cutting any
    sailings, and that it would review timetables again in the spring.</p>
    </article></body></html>"""
    article = parse_html(html, name="plain", tz=LONDON)
    assert article.headline == "Ferry fares frozen for another year"
    assert article.published is not None
    assert article.published.date().isoformat() == "2023-11-08"
    assert article.updated is None
    assert len(article.body) == 2


def test_parse_source_detects_html_and_keeps_text_mentioning_html() -> None:
    parsed = parse_source(page("harbour-bridge-r1.html"), name="p.html", tz=LONDON)
    assert parsed.format == "html"
    assert parsed.url == "https://news.example.org/local/harbour-bridge-to-close-for-repairs"
    text = parse_source(b"Why <html> tags matter\n\nBody.", name="t", tz=LONDON)
    assert text.format == "text"


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html>\n<html>",
        b"  <!doctype HTML>",
        b"\xef\xbb\xbf<!-- saved -->\n<html lang=en>",
    ],
)
def test_looks_like_html(data: bytes) -> None:
    assert looks_like_html(data)


def test_page_without_text_is_refused() -> None:
    with pytest.raises(InputError, match="no article text"):
        parse_html(b"<!DOCTYPE html><html><body><nav>Home</nav></body></html>", name="e", tz=UTC)


def test_extraction_is_deterministic() -> None:
    data = page("harbour-bridge-r2.html")
    assert parse_html(data, name="a", tz=LONDON) == parse_html(data, name="b", tz=LONDON)
