"""Counted nouns: one home for "1 revision", "2 revisions"."""

from __future__ import annotations

import pytest

from articlediff.common.words import plural


@pytest.mark.parametrize(
    ("count", "noun", "nouns", "expected"),
    [
        (0, "revision", None, "0 revisions"),
        (1, "revision", None, "1 revision"),
        (2, "revision", None, "2 revisions"),
        (1, "entry", "entries", "1 entry"),
        (3, "entry", "entries", "3 entries"),
        (0, "entry", "entries", "0 entries"),
        (-1, "day", None, "-1 days"),
        (1, "unchanged paragraph", None, "1 unchanged paragraph"),
    ],
)
def test_plural(count: int, noun: str, nouns: str | None, expected: str) -> None:
    assert plural(count, noun, nouns) == expected


def test_the_site_templates_count_with_it() -> None:
    from articlediff.render.html import environment

    template = environment().from_string('{{ n | plural("article") }}')
    assert [template.render(n=n) for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
