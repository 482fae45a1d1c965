"""slugify and article_id_from_url always give ids the store accepts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlediff.errors import InputError
from articlediff.ingest import article_id_from_url, slugify
from articlediff.model import validate_article_id


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Vladimir Putin embraces Kim Jong Un", "vladimir-putin-embraces-kim-jong-un"),
        ("Russia's failure", "russias-failure"),
        ("Russia’s failure", "russias-failure"),
        ("Zürich café – naïve Ærø Straße", "zurich-cafe-naive-aero-strasse"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("COVID-19: 2,000 cases", "covid-19-2-000-cases"),
        ("", "article"),
        ("!!! ??? ...", "article"),
        ("北京", "article"),
        (
            "one two three four five six seven eight nine ten",
            "one-two-three-four-five-six-seven-eight",
        ),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_max_words() -> None:
    assert slugify("a b c d", max_words=2) == "a-b"
    assert slugify("a b c d", max_words=0) == "a"
    assert len(slugify("x" * 500)) == 80
    assert len(slugify(" ".join(["word"] * 100), max_words=100)) <= 80


@given(st.text(), st.integers(min_value=-2, max_value=30))
def test_slugify_always_gives_a_valid_id_part(text: str, max_words: int) -> None:
    slug = slugify(text, max_words)
    assert validate_article_id(f"outlet/{slug}")
    assert 0 < len(slug) <= 80


@pytest.mark.parametrize(
    ("url", "article_id"),
    [
        (
            "https://www.gbnews.com/news/world/putin-kim-jong-un-visit",
            "gbnews/putin-kim-jong-un-visit",
        ),
        ("https://www.bbc.co.uk/news/world-asia-69149142", "bbc/world-asia-69149142"),
        ("http://edition.cnn.com/2024/06/19/asia/putin-kim/index.html", "cnn/putin-kim"),
        ("https://www.theguardian.com/world/2024/jun/19/putin-kim/", "theguardian/putin-kim"),
        (
            "https://news.sky.com/story/putin-and-kim-13155555?utm=x#top",
            "sky/putin-and-kim-13155555",
        ),
        ("https://example.org/a/story.html", "example/story"),
        ("https://www.gbnews.com/news/world/putin-kim/amp", "gbnews/putin-kim"),
        ("www.gbnews.com/news/Putin%E2%80%99s-visit", "gbnews/putins-visit"),
        ("https://www.gbnews.com/", "gbnews/article"),
        ("https://localhost:8080/x", "localhost/x"),
    ],
)
def test_article_id_from_url(url: str, article_id: str) -> None:
    assert article_id_from_url(url) == article_id


@pytest.mark.parametrize("url", ["", "https://", "///", "http://[::1"])
def test_url_without_a_host(url: str) -> None:
    with pytest.raises(InputError, match="names no host"):
        article_id_from_url(url)


@given(
    host=st.lists(st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True), min_size=1, max_size=4),
    path=st.lists(st.text(min_size=1), max_size=4),
)
def test_url_ids_are_valid(host: list[str], path: list[str]) -> None:
    from urllib.parse import quote

    url = "https://" + ".".join(host) + "/" + "/".join(quote(part, safe="") for part in path)
    assert validate_article_id(article_id_from_url(url))


@given(st.text())
def test_any_text_as_url_gives_a_valid_id_or_input_error(url: str) -> None:
    try:
        article_id = article_id_from_url(url)
    except InputError:
        return
    assert validate_article_id(article_id)
