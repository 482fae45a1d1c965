"""decode_source: bad bytes are refused in one line; good text is normalised."""

from __future__ import annotations

from datetime import tzinfo

import pytest

from articlediff.errors import InputError
from articlediff.ingest import decode_source, parse_source


def refused(data: bytes, name: str = "story.txt") -> str:
    with pytest.raises(InputError) as caught:
        decode_source(data, name)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


def test_empty() -> None:
    assert refused(b"") == "story.txt: file is empty"


def test_bom_only_is_empty() -> None:
    assert refused(b"\xef\xbb\xbf") == "story.txt: file is empty"


@pytest.mark.parametrize("data", [b" ", b"\n\n\n", b" \t\r\n  \r", "\u00a0\u2003\n".encode()])
def test_whitespace_only(data: bytes) -> None:
    assert "only whitespace" in refused(data)


@pytest.mark.parametrize(
    "data",
    [
        b"Headline\n\x00\x01body",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(1, 9)) * 20 + b"text",
    ],
)
def test_binary(data: bytes) -> None:
    assert refused(data) == "story.txt: looks like a binary file, not an article"


def test_utf16_is_named() -> None:
    assert "UTF-16" in refused("Headline\n".encode("utf-16"))


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        ("Café".encode("latin-1"), 3),
        (b"\xff", 0),
        ("Headline\n\nA paragraph with “quotes”.".encode() + b"\xe2\x80", 40),
        ("Zürich ".encode() + b"\xc3\x28", 8),
    ],
)
def test_invalid_utf8_names_the_byte_offset(data: bytes, offset: int) -> None:
    with pytest.raises(UnicodeDecodeError) as expected:
        data.decode("utf-8")
    assert expected.value.start == offset
    assert refused(data) == f"story.txt: not valid UTF-8 at byte offset {offset}"


def test_invalid_utf8_offset_counts_the_bom() -> None:
    assert refused(b"\xef\xbb\xbfab\xff").endswith("byte offset 5")


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html>\n<html><body>x</body></html>",
        b"  <!doctype HTML>",
        b"<html lang='en'>\n<head>",
        b"\xef\xbb\xbf<!-- saved page -->\n<html>",
    ],
)
def test_html_is_not_supported_yet(data: bytes) -> None:
    assert "HTML articles are not supported yet" in refused(data)


def test_text_mentioning_html_is_text() -> None:
    assert decode_source(b"Why <html> tags matter\n\nBody.") == "Why <html> tags matter\n\nBody."


def test_bom_stripped_and_line_ends_normalised() -> None:
    data = b"\xef\xbb\xbfHeadline\r\n\r\nOne\rTwo\nThree\r\n"
    assert decode_source(data) == "Headline\n\nOne\nTwo\nThree\n"


def test_text_is_otherwise_kept() -> None:
    text = "Cafe\u0301 \u00e9 \t tab\x1b[0m\x0c\n"
    assert decode_source(text.encode()) == text


def test_default_name_is_stdin() -> None:
    with pytest.raises(InputError, match=r"^-: file is empty$"):
        decode_source(b"")


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00", b"\xff", b"<html>"])
def test_parse_source_refuses_the_same(data: bytes, london: tzinfo) -> None:
    with pytest.raises(InputError, match=r"^in\.txt: "):
        parse_source(data, name="in.txt", tz=london)
