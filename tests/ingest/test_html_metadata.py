"""HTML page metadata: each source on its own, their precedence, and the recorded sources."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articlediff.ingest.html import extract_html, looks_like_html
from tests.conftest import Cli

LONDON = ZoneInfo("Europe/London")
BODY = """<p>The harbour bridge will close to all traffic for three weeks from Monday while
engineers replace corroded bearings, the council said on Tuesday evening.</p>
<p>Buses will run on a diversion through the old town, adding about ten minutes to most
journeys, and the ferry will add two sailings an hour at the busiest times.</p>"""


def page(head: str = "", top: str = "", body: str = BODY, title: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>"
        f"<article>{top}{body}</article></body></html>"
    ).encode()


def ld(**values: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(values)}</script>'


def meta(name: str, content: str, attribute: str = "property") -> str:
    return f'<meta {attribute}="{name}" content="{content}">'


def extract(data: bytes, tz: ZoneInfo = LONDON):  # type: ignore[no-untyped-def]
    return extract_html(data, name="page", tz=tz)


# -- headline ------------------------------------------------------------------------------


def test_headline_from_json_ld_with_entities_decoded() -> None:
    data = page(ld(**{"@type": "NewsArticle", "headline": "Olive &#038; Herb Focaccia"}))
    found = extract(data)
    assert found.article.headline == "Olive & Herb Focaccia"
    assert found.field_sources["headline"] == "json-ld"


def test_headline_from_og_title_without_site_suffix_and_date() -> None:
    head = meta("og:title", "Wine growers turn to Frühburgunder | DW | 10.06.2013")
    head += meta("og:site_name", "DW")
    found = extract(page(head))
    assert found.article.headline == "Wine growers turn to Frühburgunder"
    assert found.field_sources["headline"] == "meta:og:title"


def test_headline_title_suffix_stripped_with_the_pages_domain() -> None:
    data = page(title="Ferry fares frozen for another year - example.com")
    found = extract_html(data, name="p", tz=LONDON, url="https://www.example.com/ferry")
    assert found.article.headline == "Ferry fares frozen for another year"
    assert found.field_sources["headline"] == "title"


def test_truncated_json_ld_headline_loses_to_a_whole_one() -> None:
    head = ld(**{"@type": "NewsArticle", "headline": "Protesters gather as Hong Kong leader..."})
    head += meta("og:title", "Protesters gather as Hong Kong leader defends the new law")
    found = extract(page(head))
    assert found.article.headline == "Protesters gather as Hong Kong leader defends the new law"


def test_headline_the_page_shows_wins_over_one_it_does_not() -> None:
    head = ld(**{"@type": "NewsArticle", "headline": "escenic"})
    head += meta("og:title", "Council approves the harbour bridge repairs")
    top = "<h1>Council approves the harbour bridge repairs</h1>"
    found = extract(page(head, top))
    assert found.article.headline == "Council approves the harbour bridge repairs"
    assert found.field_sources["headline"] == "meta:og:title"


def test_the_pages_only_heading_when_no_metadata_title_is_shown() -> None:
    head = meta("og:title", "Appen | The future of AI in healthcare")
    top = "<h1>AI in patient care: what hospitals already do</h1>"
    found = extract(page(head, top))
    assert found.article.headline == "AI in patient care: what hospitals already do"
    assert found.field_sources["headline"] == "h1"


# -- byline --------------------------------------------------------------------------------


def test_byline_from_json_ld_people_with_graph_references() -> None:
    graph = {
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "Bridge to close",
                "author": [{"@id": "#a"}, {"@id": "#b"}],
                "publisher": {"@id": "#org"},
            },
            {"@type": "Person", "@id": "#a", "name": "Sarah Hinger"},
            {"@type": "Person", "@id": "#b", "name": "Sylvia Torres-Guillén"},
            {"@type": "Organization", "@id": "#org", "name": "Daily Example"},
        ]
    }
    data = page(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    found = extract(data)
    assert found.article.byline == "Sarah Hinger and Sylvia Torres-Guillén"
    assert found.field_sources["byline"] == "json-ld"


@pytest.mark.parametrize(
    "author",
    [
        "Deutsche Welle (www.dw.com)",
        "Daily Example",
        "Staff Writer",
        "HLNF Staff Report",
        "BBNTEAM",
        "Reuters",
        "https://www.facebook.com/dailyexample",
    ],
)
def test_byline_is_never_the_publisher_a_desk_or_an_address(author: str) -> None:
    head = meta("og:site_name", "Daily Example") + meta("author", author, "name")
    head += ld(**{"@type": "NewsArticle", "headline": "Bridge", "author": {"name": author}})
    found = extract(page(head, "<h1>Bridge</h1>"))
    assert found.article.byline == ""
    assert "byline" not in found.field_sources


def test_byline_person_found_after_the_publisher_is_refused() -> None:
    head = meta("og:site_name", "Deutsche Welle")
    head += ld(**{"@type": "NewsArticle", "author": {"name": "Deutsche Welle (www.dw.com)"}})
    top = "<h1>Wine growers turn to Frühburgunder</h1><p class='meta'>By Julian Tompkin</p>"
    found = extract(page(head, top))
    assert found.article.byline == "Julian Tompkin"
    assert found.field_sources["byline"] == "byline"


def test_byline_meta_author_with_credentials_and_co_authors() -> None:
    head = meta("author", "Grant Tinsley, PhD", "name")
    assert extract(page(head)).article.byline == "Grant Tinsley"
    head = meta("citation_author", "Ana Sandoiu", "name") + meta(
        "citation_author", "Li Wei", "name"
    )
    found = extract(page(head))
    assert found.article.byline == "Ana Sandoiu and Li Wei"
    assert found.field_sources["byline"] == "meta:citation_author"


def test_visible_byline_after_a_by_label() -> None:
    top = (
        "<h1>Napa agreement</h1><div><span>By</span><span><a href='/x'>J.R. Stone</a></span></div>"
    )
    found = extract(page("", top))
    assert found.article.byline == "J.R. Stone"


def test_a_commenters_name_is_no_byline() -> None:
    comments = (
        "<section class='comments'><div class='comment-author vcard'>Roscoe says:</div>"
        "<p>Great piece.</p></section>"
    )
    recent = "<aside><div class='recent-comments'><a class='author'>Librarian</a></div></aside>"
    found = extract(page("", "<h1>Amazon liable</h1>", BODY + comments + recent))
    assert found.article.byline == ""


# -- dates ---------------------------------------------------------------------------------


def test_json_ld_dates_before_meta_tags() -> None:
    head = ld(
        **{
            "@type": "NewsArticle",
            "datePublished": "2024-06-19T07:38:00+01:00",
            "dateModified": "2024-06-19T09:05:00+01:00",
        }
    )
    head += meta("article:published_time", "2024-06-18T07:38:00+01:00")
    found = extract(page(head))
    assert found.article.published == datetime(
        2024, 6, 19, 7, 38, tzinfo=timezone(timedelta(hours=1))
    )
    assert found.article.updated == datetime(2024, 6, 19, 9, 5, tzinfo=timezone(timedelta(hours=1)))
    assert found.field_sources["published"] == "json-ld"
    assert found.field_sources["updated"] == "json-ld"


def test_malformed_json_ld_date_is_dropped_with_a_note_not_read_day_first() -> None:
    head = ld(**{"@type": "NewsArticle", "datePublished": "2020-01-10T00:59:47ZZ"})
    head += meta("article:published_time", "2020-01-10T00:59:47Z")
    found = extract(page(head))
    assert found.article.published == datetime(2020, 1, 10, 0, 59, 47, tzinfo=UTC)
    assert found.field_sources["published"] == "meta:article:published_time"
    assert any("2020-01-10T00:59:47ZZ" in note for note in found.notes)


def test_malformed_date_alone_leaves_the_date_unknown_not_october() -> None:
    head = ld(**{"@type": "NewsArticle", "datePublished": "2020-01-10T00:59:47ZZ"})
    found = extract(page(head))
    assert found.article.published is None or found.article.published.month == 1


@pytest.mark.parametrize(
    ("name", "attribute"),
    [("pubdate", "name"), ("DC.date.issued", "name"), ("datePublished", "itemprop")],
)
def test_published_meta_tags(name: str, attribute: str) -> None:
    found = extract(page(meta(name, "2023-11-08T18:38:11+00:00", attribute)))
    assert found.article.published == datetime(2023, 11, 8, 18, 38, 11, tzinfo=UTC)


def test_lastmod_meta_and_time_element() -> None:
    head = meta("lastmod", "2023-11-08T20:04:44+00:00", "name")
    top = "<h1>Voting on the future</h1><time datetime='2023-11-08T18:38:11+00:00'>8 Nov</time>"
    found = extract(page(head, top))
    assert found.article.published == datetime(2023, 11, 8, 18, 38, 11, tzinfo=UTC)
    assert found.field_sources["published"] == "time"
    assert found.article.updated == datetime(2023, 11, 8, 20, 4, 44, tzinfo=UTC)
    assert found.field_sources["updated"] == "meta:lastmod"


def test_date_only_stays_a_date() -> None:
    found = extract(page(meta("article:published_time", "2019-12-23")))
    assert found.article.published_date_only
    assert found.article.published is not None
    assert found.article.published.date() == date(2019, 12, 23)
    assert found.article.updated is None


def test_visible_dateline_with_the_month_in_words() -> None:
    found = extract(
        page("", "<h1>Woman sees a car stop</h1><p>By Cara Stiles | April 13, 2020</p>")
    )
    assert found.article.byline == "Cara Stiles"
    assert found.article.published_date_only
    assert found.article.published is not None
    assert found.article.published.date() == date(2020, 4, 13)
    assert found.field_sources["published"] == "dateline"


def test_no_update_invented_before_the_publication() -> None:
    head = meta("article:published_time", "2020-01-16T21:13:00+01:00")
    found = extract(page(head, "<h1>Copy and paste from tmux</h1>"))
    assert found.article.updated is None
    head += meta("article:modified_time", "2020-01-16T00:00:00+01:00")
    found = extract(page(head))
    assert found.article.updated is None
    assert any("not after the published time" in note for note in found.notes)


def test_utc_clock_with_a_local_offset_loses_to_the_utc_statement() -> None:
    head = ld(**{"@type": "BlogPosting", "datePublished": "2020-04-07T17:10:46-07:00"})
    head += meta("article:published_time", "2020-04-07T17:10:46+00:00")
    found = extract(page(head))
    assert found.article.published == datetime(2020, 4, 7, 17, 10, 46, tzinfo=UTC)
    assert found.field_sources["published"] == "meta:article:published_time"


def test_a_sidebar_date_is_not_the_publication_date() -> None:
    sidebar = (
        "<aside class='sidebar'><time datetime='2017-10-12T21:06:39-04:00'>12 October</time>"
        "</aside>"
    )
    found = extract(page("", "<h1>Trashion fashion show</h1>", BODY + sidebar))
    assert found.article.published is None or found.field_sources["published"] == "htmldate"


def test_no_library_warnings_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    head = meta("date", "Thursday 31st of Foo", "name") + meta("pubdate", "31/31/2020", "name")
    extract(page(head, "<h1>Odd dates</h1><p>Posted 99/99/9999 at 25:61</p>"))
    assert capfd.readouterr().err == ""


# -- detection and the CLI -----------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        b'<meta charset="utf-8">\n<meta name="x" content="y">\n<!DOCTYPE html>\n<html>',
        b"<style>\n body { color: red }\n</style>\n<!doctype html><html>",
        b"\xef\xbb\xbf  <!-- saved by a browser -->\n<!DOCTYPE html>",
        b"<head><title>x</title></head>",
    ],
)
def test_html_after_leading_head_elements(start: bytes) -> None:
    assert looks_like_html(start)


def test_text_about_tags_is_not_html() -> None:
    assert not looks_like_html(b"Why <meta> tags matter\n\nThey describe pages.")


def test_save_json_names_field_sources(run: Cli, tmp_path: Path) -> None:
    head = ld(
        **{
            "@type": "NewsArticle",
            "headline": "Bridge to close for repairs",
            "author": {"@type": "Person", "name": "Amira Okafor"},
            "datePublished": "2020-01-10T00:59:47ZZ",
        }
    )
    head += meta("article:published_time", "2020-01-10T00:59:47Z")
    source = tmp_path / "page.html"
    source.write_bytes(page(head, "<h1>Bridge to close for repairs</h1>"))
    result = run("save", str(source), "--id", "local/bridge", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["field_sources"]["headline"] == "json-ld"
    assert record["field_sources"]["byline"] == "json-ld"
    assert record["field_sources"]["published"] == "meta:article:published_time"
    assert any("ZZ" in note for note in record["notes"])
