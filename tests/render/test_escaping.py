"""Hostile and tricky text: the HTML is valid and inert, markers stay unambiguous."""

from __future__ import annotations

import re

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.diff import diff_texts, split_paragraphs
from articlediff.model import Article
from articlediff.render import render_diff
from articlediff.render.markdown import DELIMITERS
from articlediff.render.plain import MARKERS, escape
from tests.render.cases import CASES, revision

ALL_FORMATS = ["terminal", "plain", "markdown", "html", "json"]


def parse_html(text: str) -> object:
    """Parse strictly: html5lib raises on any HTML5 parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("side_by_side", [False, True])
def test_html_is_valid_html5(case: str, side_by_side: bool) -> None:
    diff, old, new = CASES[case]()
    text = render_diff(diff, old, new, "html", side_by_side=side_by_side)
    assert text.startswith("<!DOCTYPE html>\n")
    parse_html(text)


@pytest.mark.parametrize("side_by_side", [False, True])
def test_hostile_html_is_inert(side_by_side: bool) -> None:
    diff, old, new = CASES["hostile"]()
    text = render_diff(diff, old, new, "html", side_by_side=side_by_side)
    tree = parse_html(text)
    assert tree.findall(".//script") == []  # type: ignore[attr-defined]
    assert tree.findall(".//img") == []  # type: ignore[attr-defined]
    for element in tree.iter():  # type: ignore[attr-defined]
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    assert "&lt;/script" in text
    assert '"onerror=' not in text and "\x1b" not in text


def test_html_is_accessible_and_standalone() -> None:
    diff, old, new = CASES["moves"]()
    text = render_diff(diff, old, new, "html")
    assert '<span class="vh">[deleted: </span>' in text
    assert '<span class="vh">[inserted: </span>' in text
    assert 'href="#move-1-from"' in text and 'id="move-1-from"' in text
    assert 'href="#move-1-to"' in text and 'id="move-1-to"' in text
    assert "<script" not in text and "http" not in text and "<link" not in text


def test_markdown_escapes_html_and_criticmarkup() -> None:
    diff, old, new = CASES["hostile"]()
    text = render_diff(diff, old, new, "markdown")
    assert "<script" not in text and "<img" not in text and "<i " not in text
    assert "&lt;/script" in text and "\x1b" not in text
    body = text.split("## Body", 1)[1]
    ops = [op for p in diff.paragraphs for op in p.ops if op.op != "equal"]
    # Each CriticMarkup delimiter in the output is one the renderer wrote.
    opened = sum(body.count(d) for d in ("{++", "{--", "{~~"))
    substitutions = body.count("{~~")
    assert opened == len(ops) - substitutions
    assert body.count("~>") == substitutions
    for delimiter in ("{==", "==}", "{>>", "<<}"):
        assert delimiter not in body
    assert "\\- not a list item" in body


def test_markdown_delimiter_list_is_complete() -> None:
    assert {"{++", "++}", "{--", "--}", "{~~", "~>", "~~}"} <= set(DELIMITERS)


# -- plain markers read back ------------------------------------------------------------------


def read_plain(text: str) -> tuple[str, str]:
    """The older and newer texts from ``plain`` body markup (the documented reading rule)."""
    old, new = [], []
    mode = "equal"
    k = 0
    while k < len(text):
        pair = text[k : k + 2]
        if text[k] == "\\":
            char = text[k + 1]
            k += 2
        elif pair in ("[-", "{+") and mode == "equal":
            mode = "delete" if pair == "[-" else "insert"
            k += 2
            continue
        elif (pair == "-]" and mode == "delete") or (pair == "+}" and mode == "insert"):
            mode = "equal"
            k += 2
            continue
        else:
            assert pair not in MARKERS, f"unescaped marker {pair!r} at {k}"
            char = text[k]
            k += 1
        if mode != "insert":
            old.append(char)
        if mode != "delete":
            new.append(char)
    assert mode == "equal"
    return "".join(old), "".join(new)


TRICKY = st.text(alphabet=st.sampled_from(list("ab [-]{+}@\\ .")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(TRICKY, min_size=1, max_size=3), st.lists(TRICKY, min_size=1, max_size=3))
def test_plain_markers_are_unambiguous(
    old_paragraphs: list[str], new_paragraphs: list[str]
) -> None:
    old_text = "\n\n".join(p.strip() or "x" for p in old_paragraphs)
    new_text = "\n\n".join(p.strip() or "x" for p in new_paragraphs)
    diff = diff_texts(old_text, new_text)
    a = revision(_article(old_text), 1, "2024-06-19T07:00:00+00:00")
    b = revision(_article(new_text), 2, "2024-06-19T08:00:00+00:00")
    body = render_diff(diff, a, b, "plain", part="body", context=10_000)
    if any(p.kind == "move" for p in diff.paragraphs) or not diff.changed:
        return  # moves and "nothing changed" print annotations; see the golden files
    read_old, read_new = read_plain(body.removesuffix("\n"))
    assert read_old.replace("\n\n", "") == old_text.replace("\n\n", "")
    assert read_new.replace("\n\n", "") == new_text.replace("\n\n", "")


def _article(text: str) -> Article:
    return Article(headline="", body=split_paragraphs(text))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[-x-]", "\\[-x\\-]"),
        ("{+y+}", "\\{+y\\+}"),
        ("@@@", "\\@\\@@"),
        ("back\\slash", "back\\\\slash"),
        ("[-]", "\\[\\-]"),
    ],
)
def test_plain_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped
    assert read_plain(escaped) == (text, text)


def test_plain_and_mono_have_no_ansi_and_terminal_has() -> None:
    diff, old, new = CASES["hostile"]()
    for fmt, color in (("plain", False), ("terminal", False), ("markdown", False)):
        assert "\x1b[3" not in render_diff(diff, old, new, fmt, color=color).replace("\x1b[31m", "")
    coloured = render_diff(diff, old, new, "terminal", color=True)
    assert "\x1b[31;9m" in coloured and "\x1b[32;4m" in coloured
    # the ESC the article itself holds is shown, not sent
    assert "␛[31m" in coloured
    assert re.search(r"\x1b\[31m", coloured) is None
