"""Plain text: a headline line, then paragraphs."""

from __future__ import annotations

from datetime import tzinfo

import pytest

from articlediff.errors import InputError
from articlediff.ingest import ParsedSource, parse_source
from articlediff.model import Article


def parse(text: str, tz: tzinfo) -> ParsedSource:
    return parse_source(text.encode(), name="in.txt", tz=tz)


def test_blank_lines_separate_paragraphs_and_wrapped_lines_join(london: tzinfo) -> None:
    text = "\n\n  A headline  \n\nFirst paragraph\nwrapped here.\n\n\n  Second one.  \n\n"
    parsed = parse(text, london)
    assert parsed == ParsedSource(
        Article(headline="A headline", body=("First paragraph wrapped here.", "Second one.")),
        None,
        "text",
        None,
    )


def test_without_blank_lines_each_line_is_a_paragraph(london: tzinfo) -> None:
    article = parse("Headline\nFirst paragraph.\nSecond paragraph.\n", london).article
    assert article.headline == "Headline"
    assert article.body == ("First paragraph.", "Second paragraph.")


def test_headline_directly_followed_by_blank_separated_paragraphs(london: tzinfo) -> None:
    article = parse("Headline\nOne line\nstill one.\n\nTwo.", london).article
    assert article.body == ("One line still one.", "Two.")


def test_headline_only(london: tzinfo) -> None:
    assert parse("Just a headline\n", london).article == Article(
        headline="Just a headline", body=()
    )


def test_markdown_heading_marks_are_dropped(london: tzinfo) -> None:
    article = parse("# A headline #\n\nBody.\n", london).article
    assert article.headline == "A headline"
    assert article.body == ("Body.",)


def test_text_is_kept_as_given(london: tzinfo) -> None:
    text = "Cafe\u0301 “quoted”\n\n  Tabs\tand  double  spaces stay.  \n"
    article = parse(text, london).article
    assert article.headline == "Cafe\u0301 “quoted”"
    assert article.body == ("Tabs\tand  double  spaces stay.",)


def test_published_label_at_the_top_is_not_a_layout(london: tzinfo) -> None:
    parsed = parse("Published: 19/06/2024\n- 07:38\nText.\n", london)
    assert parsed.format == "text"
    assert parsed.article.headline == "Published: 19/06/2024"


def test_no_article_text(london: tzinfo) -> None:
    with pytest.raises(InputError, match="only whitespace"):
        parse(" \n \n", london)
