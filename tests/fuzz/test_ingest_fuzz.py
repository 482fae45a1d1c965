"""Hostile and malformed sources: every ingester returns an article or one ``InputError``,
in bounded time, and never runs anything the source names."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlediff.common.timeutil import zone
from articlediff.errors import InputError
from articlediff.ingest import load_article, parse_source
from articlediff.ingest.decode import check_size
from tests.fuzz.conftest import CASES, FAST, SLOW

UTC = zone("UTC")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
TRAILERS = (
    "Article-Id: other/forged",
    "Revision-Kind: technical",
    "Source-Sha256: " + "0" * 64,
    "Signed-off-by: Someone <x@example.org>",
)
CRITIC = ("{++ added ++}", "{-- gone --}", "{~~a~>b~~}", "{== mark ==}", "{>> note <<}")
YAML_TAGS = (
    "!!python/object/apply:os.system ['touch pwned']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!custom {a: 1}",
    "&a [*a]",
    "!!set {a, b}",
    "!!timestamp 2024-06-19",
)

hostile_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from([*BIDI, "\x00", "\x1b", "\x7f", "\r", "\u2028", "\ufeff"]),
    ),
    max_size=400,
)
lines = st.one_of(
    hostile_text,
    st.sampled_from(TRAILERS + CRITIC),
    st.sampled_from(["---", "...", "<html>", "<!doctype html>", "Published: 19 June 2024"]),
)
documents = st.lists(lines, max_size=30).map("\n".join)


def parses_or_refuses(data: bytes) -> None:
    """The contract of every ingester: an article, or one line of ``InputError``."""
    try:
        parsed = parse_source(data, name="fuzz", tz=UTC)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(parsed.article.headline, str)
    assert all("\n\n" not in paragraph for paragraph in parsed.article.body)


def counted(name: str, check: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(check)
    def run(*args: Any, **kwargs: Any) -> None:
        CASES[name] += 1
        check(*args, **kwargs)

    return run


def _random_bytes(data: bytes) -> None:
    parses_or_refuses(data)


def _hostile_documents(text: str) -> None:
    parses_or_refuses(text.encode("utf-8", errors="surrogatepass"))


def _front_matter(value: str, body: str) -> None:
    text = f"---\nid: local/fuzz\nheadline: {value}\n---\n\n{body}\n"
    parses_or_refuses(text.encode("utf-8", errors="surrogatepass"))
    try:
        article = load_article(text, name="fuzz", tz=UTC)
    except InputError:
        return
    assert value not in YAML_TAGS[:2], "a Python tag was loaded"
    assert isinstance(article.headline, str)


def _html(nesting: int, tag: str, text: str) -> None:
    page = f"<!doctype html><html><body>{f'<{tag}>' * nesting}<p>{text}</p></body></html>"
    parses_or_refuses(page.encode("utf-8", errors="surrogatepass"))


byte_strategy = st.binary(max_size=2000)
front_values = st.one_of(
    st.sampled_from(YAML_TAGS), hostile_text.map(lambda t: t.replace("\n", " "))
)
html_args = (
    st.integers(0, 3000),
    st.sampled_from(["div", "b", "table", "span", "p"]),
    hostile_text,
)

test_random_bytes = FAST(given(byte_strategy)(counted("random-bytes", _random_bytes)))
test_hostile_documents = FAST(given(documents)(counted("hostile-text", _hostile_documents)))
test_front_matter_tags = FAST(
    given(front_values, documents)(counted("front-matter", _front_matter))
)
test_nested_html = FAST(given(*html_args)(counted("html", _html)))

test_random_bytes_many = pytest.mark.slow(
    SLOW(given(byte_strategy)(counted("random-bytes", _random_bytes)))
)
test_hostile_documents_many = pytest.mark.slow(
    SLOW(given(documents)(counted("hostile-text", _hostile_documents)))
)
test_front_matter_tags_many = pytest.mark.slow(
    SLOW(given(front_values, documents)(counted("front-matter", _front_matter)))
)
test_nested_html_many = pytest.mark.slow(SLOW(given(*html_args)(counted("html", _html))))


@pytest.mark.parametrize("tag", YAML_TAGS[:2])
def test_yaml_python_tags_never_run(tag: str, tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    text = f"---\nid: local/x\nheadline: {tag}\n---\n\nBody.\n"
    with pytest.raises(InputError):
        parse_source(text.encode(), name="evil.md", tz=UTC)
    assert not (tmp_path / "pwned").exists()


def test_huge_single_line_parses() -> None:
    line = ("word " * 400_000).strip()  # 2 MB, no line break
    parsed = parse_source(f"Headline\n\n{line}\n".encode(), name="huge", tz=UTC)
    assert parsed.article.body == (line,)


def test_very_deep_html_is_refused_or_read() -> None:
    page = "<!doctype html><html><body>" + "<div>" * 100_000 + "<p>Deep.</p></body></html>"
    parses_or_refuses(page.encode())


def test_size_cap() -> None:
    assert check_size(b"x" * 10, "a", 10) == b"x" * 10
    assert check_size(b"x" * 10, "a", None) == b"x" * 10
    with pytest.raises(InputError, match=r"a: too large \(over the store's limit of 10 bytes"):
        check_size(b"x" * 11, "a", 10)
