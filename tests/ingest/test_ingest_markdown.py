"""Markdown with YAML front matter: reading, the strict store loader and the serialiser."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.common.timeutil import zone
from articlediff.errors import InputError
from articlediff.ingest import dump_article, load_article, parse_source
from articlediff.model import CORRECTION_KINDS, Article, Correction

BST = timezone(timedelta(hours=1))
LONDON = zone("Europe/London")

VALID = """\
---
id: gbnews/putin-kim-jong-un-visit
headline: "Putin embraces Kim: a landmark visit"
standfirst: A summary
byline: James Saunders
published: '2024-06-19T07:38:00+01:00'
updated: 2024-06-19T08:14:00+01:00
url: https://www.gbnews.com/news/world/putin-kim-jong-un-visit
captions:
- The two leaders embraced on the tarmac in Pyongyang (Reuters)
corrections:
- id: c1
  kind: correction
  at: '2024-06-19T09:00:00+01:00'
  text: An earlier version misspelt a name.
  fixed_in: r2
---

First paragraph,
hard-wrapped over
  two lines.

   Second paragraph.<TRAILING>


Third: with --- and # inside.
""".replace("<TRAILING>", "   ")


def parse(text: str, name: str = "in.md", tz: tzinfo = LONDON) -> Article:
    parsed = parse_source(text.encode(), name=name, tz=tz)
    assert parsed.format == "markdown"
    return parsed.article


def refused(text: str, name: str = "in.md") -> str:
    with pytest.raises(InputError) as caught:
        parse_source(text.encode(), name=name, tz=LONDON)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


def test_valid_front_matter() -> None:
    parsed = parse_source(VALID.encode(), name="in.md", tz=LONDON)
    assert parsed.format == "markdown"
    assert parsed.article_id == "gbnews/putin-kim-jong-un-visit"
    assert parsed.url == "https://www.gbnews.com/news/world/putin-kim-jong-un-visit"
    assert parsed.article == Article(
        headline="Putin embraces Kim: a landmark visit",
        body=(
            "First paragraph, hard-wrapped over two lines.",
            "Second paragraph.",
            "Third: with --- and # inside.",
        ),
        standfirst="A summary",
        byline="James Saunders",
        published=datetime(2024, 6, 19, 7, 38, tzinfo=BST),
        updated=datetime(2024, 6, 19, 8, 14, tzinfo=BST),
        captions=("The two leaders embraced on the tarmac in Pyongyang (Reuters)",),
        url="https://www.gbnews.com/news/world/putin-kim-jong-un-visit",
        corrections=(
            Correction(
                id="c1",
                kind="correction",
                at=datetime(2024, 6, 19, 9, 0, tzinfo=BST),
                text="An earlier version misspelt a name.",
                fixed_in="r2",
            ),
        ),
    )
    assert load_article(VALID, name="in.md", tz=LONDON) == parsed.article


def test_naive_times_are_read_in_the_given_zone() -> None:
    text = "---\nheadline: H\npublished: 2024-06-19 07:38\nupdated: '19/06/2024 08:14'\n---\nB.\n"
    in_london = parse(text, tz=LONDON)
    assert in_london.published == datetime(2024, 6, 19, 7, 38, tzinfo=BST)
    assert in_london.updated == datetime(2024, 6, 19, 8, 14, tzinfo=BST)
    in_utc = parse(text, tz=zone("UTC"))
    assert in_utc.published == datetime(2024, 6, 19, 7, 38, tzinfo=UTC)


def test_heading_gives_a_missing_headline() -> None:
    article = parse("---\nbyline: Jo\n---\n\n# The headline\n\nBody one.\n\n# Not a headline\n")
    assert article.headline == "The headline"
    assert article.body == ("Body one.", "# Not a headline")
    assert article.byline == "Jo"


def test_heading_is_kept_when_headline_is_given() -> None:
    article = parse("---\nheadline: H\n---\n# Heading\n")
    assert article.body == ("# Heading",)


def test_empty_front_matter_and_no_text() -> None:
    assert refused("---\n---\n\n") == "in.md: no article text found"
    assert parse("---\n---\nJust a body.\n").body == ("Just a body.",)


def test_invalid_yaml_names_the_line() -> None:
    message = refused("---\nheadline: H\nbyline: [unclosed\nurl: x\n---\nBody.\n")
    assert message.startswith("in.md: front matter is not valid YAML (line ")
    bad_indent = refused("---\nheadline: H\n  byline: x\n---\n")
    assert bad_indent.startswith("in.md: front matter is not valid YAML (line 3)")


def test_unclosed_front_matter() -> None:
    assert "not closed" in refused("---\nheadline: H\n\nBody.\n")


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("captions: one caption", "'captions' must be a list of strings, not a str"),
        ("captions: [1, 2]", "'captions' must hold only strings, not a number"),
        ("headline: 2024", "'headline' must be a string, not a number"),
        ("headline: yes", "'headline' must be a string, not a boolean"),
        ("byline: [a, b]", "'byline' must be a string, not a list"),
        ("published: 2024", "'published' must be a time such as"),
        ("published: '2024-02-30'", "'published' is not a date"),
        ("published: not a time", "'published' is not a time"),
        ("corrections: {}", "'corrections' must be a list, not a mapping"),
        ("corrections: [x]", "'corrections' entry 1 must be a mapping, not a str"),
        ("corrections:\n- {id: c1, kind: oops, at: '2024-06-19T09:00+01:00', text: t}", "kind"),
        ("corrections:\n- {id: c1, kind: correction, text: t}", "entry 1 has no 'at'"),
        ("corrections:\n- {id: c1, kind: correction, at: x, text: t, by: me}", "unknown key"),
        ("id: ../etc/passwd", "'id': invalid article id"),
        ("title: Hello", "unknown front matter key 'title'"),
        ("- a list", "front matter must be a mapping"),
        ("headline: A\nheadline: B", "duplicate key 'headline'"),
    ],
)
def test_wrong_types_are_one_line_errors(front: str, expected: str) -> None:
    message = refused(f"---\n{front}\n---\nBody.\n")
    assert expected in message


@pytest.mark.parametrize(
    "front",
    [
        "headline: !!python/object:os.system echo",
        "headline: !!python/object/apply:os.system [echo hi]",
        "headline: !!python/name:os.system",
        "headline: !custom x",
    ],
)
def test_yaml_tags_are_refused_by_safe_loading(front: str) -> None:
    message = refused(f"---\n{front}\n---\nBody.\n")
    assert message.startswith("in.md: front matter is not valid YAML (line 2)")
    assert "could not determine a constructor" in message


def test_strict_loader() -> None:
    with pytest.raises(InputError, match="no 'headline'"):
        load_article("---\nid: a/b\n---\n# Heading\n", name="s.md", tz=LONDON)
    with pytest.raises(InputError, match="not an ISO 8601 time"):
        load_article("---\nheadline: H\npublished: 19/06/2024 07:38\n---\n", name="s", tz=LONDON)
    with pytest.raises(InputError, match="expected a '---' front matter line"):
        load_article("Headline\n\nBody.\n", name="s", tz=LONDON)
    naive = load_article(
        "---\nheadline: H\npublished: '2024-06-19T07:38'\n---\n", name="s", tz=LONDON
    )
    assert naive.published == datetime(2024, 6, 19, 7, 38, tzinfo=BST)


# --- dump_article -------------------------------------------------------------------------

FULL = Article(
    headline="Putin embraces Kim: 'unwavering support'",
    body=("First paragraph.", "Second: - with # signs --- and {braces}."),
    standfirst="A summary",
    byline="James Saunders",
    published=datetime(2024, 6, 19, 7, 38, tzinfo=LONDON),
    updated=datetime(2024, 6, 19, 8, 14, tzinfo=LONDON),
    captions=("Caption one (Reuters)", "Caption two (Reuters)"),
    url="https://www.gbnews.com/news/world/putin-kim-jong-un-visit",
    corrections=(
        Correction("c1", "correction", datetime(2024, 6, 19, 9, 0, tzinfo=BST), "Fixed a name."),
    ),
)


def test_dump_is_the_canonical_form() -> None:
    assert dump_article(FULL, "gbnews/putin-kim-jong-un-visit") == (
        "---\n"
        "id: gbnews/putin-kim-jong-un-visit\n"
        "headline: 'Putin embraces Kim: ''unwavering support'''\n"
        "standfirst: A summary\n"
        "byline: James Saunders\n"
        "published: '2024-06-19T07:38:00+01:00'\n"
        "updated: '2024-06-19T08:14:00+01:00'\n"
        "url: https://www.gbnews.com/news/world/putin-kim-jong-un-visit\n"
        "captions:\n"
        "- Caption one (Reuters)\n"
        "- Caption two (Reuters)\n"
        "corrections:\n"
        "- id: c1\n"
        "  kind: correction\n"
        "  at: '2024-06-19T09:00:00+01:00'\n"
        "  text: Fixed a name.\n"
        "---\n"
        "\n"
        "First paragraph.\n"
        "\n"
        "Second: - with # signs --- and {braces}.\n"
    )


def test_dump_minimal_omits_empty_keys_but_keeps_corrections() -> None:
    assert dump_article(Article(headline="H", body=()), "a/b") == (
        "---\nid: a/b\nheadline: H\ncorrections: []\n---\n"
    )


def test_dump_never_folds_long_lines() -> None:
    long = " ".join(["word"] * 200)
    text = dump_article(Article(headline=long, body=(long,), captions=(long,)), "a/b")
    assert f"headline: {long}\n" in text
    assert f"- {long}\n" in text
    assert f"\n{long}\n" in text


def test_dump_normalises_paragraph_newlines() -> None:
    article = Article(headline="H", body=("one\ntwo  \r\n  three", "  ", "\n", " padded "))
    text = dump_article(article, "a/b")
    assert text.endswith("---\n\none two three\n\npadded\n")
    assert load_article(text, name="s", tz=LONDON).body == ("one two three", "padded")


def test_dump_refuses_naive_times_and_bad_ids() -> None:
    with pytest.raises(InputError, match="no UTC offset"):
        dump_article(Article(headline="H", body=(), published=datetime(2024, 1, 1)), "a/b")
    with pytest.raises(InputError, match="invalid article id"):
        dump_article(Article(headline="H", body=()), "A/B")


def test_dump_of_a_parsed_sample_round_trips(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "gbnews-putin-kim-2024-06-19.txt").read_bytes()
    article = parse_source(data, tz=LONDON).article
    text = dump_article(article, "gbnews/putin-kim")
    assert load_article(text, name="s", tz=LONDON) == article
    again = parse_source(text.encode(), tz=zone("UTC"))
    assert again.format == "markdown"
    assert again.article == article
    assert again.article_id == "gbnews/putin-kim"
    assert dump_article(again.article, "gbnews/putin-kim") == text


# --- the round-trip property -----------------------------------------------------------

TRICKY = st.sampled_from(
    [
        "---",
        "...",
        "# Heading",
        "- item",
        "key: value",
        ": ",
        "'",
        '"',
        "{",
        "}",
        "[",
        "!!python/object:os.system",
        "&anchor",
        "*alias",
        "|",
        ">",
        "%YAML 1.2",
        "Article-Id: gbnews/x",
        "Revision-Kind: update",
        "Signed-off-by: A <a@b.c>",
        "yes",
        "null",
        "~",
        "2024-06-19T07:38:00+01:00",
        "0x1F",
        "1e3",
        "\t",
        "\u2028",
        "\x85",
        "\ufeff",
        "\x00",
        "😀",
    ]
)
ANY_TEXT = st.lists(st.one_of(st.text(), TRICKY), max_size=6).map("".join)
PARAGRAPH = ANY_TEXT.map(lambda text: " ".join(text.split())).filter(bool)
OFFSETS = st.integers(min_value=-23 * 60, max_value=23 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
TIMES = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=OFFSETS
)
CORRECTIONS = st.builds(
    Correction,
    id=ANY_TEXT,
    kind=st.sampled_from(CORRECTION_KINDS),
    at=TIMES,
    text=ANY_TEXT,
    fixed_in=st.none() | ANY_TEXT,
)
ARTICLES = st.builds(
    Article,
    headline=ANY_TEXT,
    body=st.lists(PARAGRAPH, max_size=6).map(tuple),
    standfirst=ANY_TEXT,
    byline=ANY_TEXT,
    published=st.none() | TIMES,
    updated=st.none() | TIMES,
    captions=st.lists(ANY_TEXT, max_size=3).map(tuple),
    url=st.none() | ANY_TEXT,
    corrections=st.lists(CORRECTIONS, max_size=3).map(tuple),
)


@settings(max_examples=400, deadline=None)
@given(article=ARTICLES, tz=st.sampled_from([LONDON, zone("UTC"), zone("Asia/Tokyo")]))
def test_dump_load_round_trip(article: Article, tz: tzinfo) -> None:
    text = dump_article(article, "outlet/some-slug")
    assert text.endswith("\n")
    loaded = load_article(text, name="prop", tz=tz)
    assert loaded == article
    assert dump_article(loaded, "outlet/some-slug") == text


def _no_control_characters(article: Article) -> bool:
    text = "".join((article.headline, *article.body))
    return all(char == "\t" or unicodedata.category(char) != "Cc" for char in text)


@settings(max_examples=200, deadline=None)
@given(article=ARTICLES.filter(_no_control_characters))
def test_dumped_text_parses_back_as_bytes(article: Article) -> None:
    """What the store writes reads back through ``parse_source`` (``articlediff save``).

    Control characters are left out: ``decode_source`` refuses a file full of them as binary
    whatever its format, and the body is written as is.
    """
    text = dump_article(article, "outlet/some-slug")
    if not article.headline and not article.body:
        return
    parsed = parse_source(text.encode(), name="prop", tz=LONDON)
    assert parsed.format == "markdown"
    assert parsed.article_id == "outlet/some-slug"
    assert parsed.article == article


@settings(max_examples=200, deadline=None)
@given(headline=ANY_TEXT, body=st.lists(ANY_TEXT, max_size=5))
def test_dump_normalises_any_paragraphs(headline: str, body: list[str]) -> None:
    text = dump_article(Article(headline=headline, body=tuple(body)), "a/b")
    loaded = load_article(text, name="prop", tz=LONDON)
    assert all(p and p == p.strip() and "\n" not in p for p in loaded.body)
    assert dump_article(loaded, "a/b") == text
