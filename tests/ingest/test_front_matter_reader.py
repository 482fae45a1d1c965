"""The store's front matter is parsed by libyaml and kept by its text: the values and the
errors are those of PyYAML's own parser, and a value handed out is never shared."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from articlediff.errors import InputError
from articlediff.ingest import markdown
from articlediff.ingest.markdown import _load_yaml, _Loader

FRONT_MATTERS = [
    "id: local/quake\nheadline: Earthquake strikes coastal town\ncorrections: []",
    "headline: 'yes'\npublished: '2024-06-19T07:00:00+01:00'\nupdated: 2024-06-19",
    "headline: yes\nbyline: null\ncaptions:\n- one\n- 'two: three'\n",
    'headline: "Quoted \\u2014 with an escape"\nstandfirst: |\n  Two\n  lines\n',
    "headline: Anchors\ncaptions: &a [x, y]\nsources: *a\n",
    "corrections:\n- id: c1\n  kind: correction\n  at: 2024-06-19 08:00:00+01:00\n"
    "  text: 'Correction: An earlier version misstated the toll.'\n  fixed_in: r2\n",
    "headline: 0x1F\nbyline: 1_000\nstandfirst: .inf\nsection: ~\n",
    "",
    "# only a comment\n",
]

BROKEN = [
    "headline: [unclosed",
    "headline: A\n  bad: indent",
    "headline: A\nheadline: B",
    "corrections:\n- id: c1\n  id: c2",
    "headline: !!python/object:os.system ls",
    "- a list\n- not a mapping",
    "headline: 'x'\n\t tab: y",
]


def slow(source: str) -> object:
    return yaml.load(source, Loader=_Loader)


@pytest.mark.parametrize("source", FRONT_MATTERS)
def test_the_values_are_pyyamls(source: str) -> None:
    markdown._parsed.clear()
    expected = slow(source) or {}
    assert _load_yaml(source, "in.md") == expected
    assert _load_yaml(source, "in.md") == expected  # kept, and read back the same


@pytest.mark.parametrize("source", BROKEN)
def test_the_errors_are_pyyamls(source: str) -> None:
    """Word for word the message PyYAML's parser gives (its line numbers, its wording)."""
    markdown._parsed.clear()
    with pytest.raises(InputError) as error:
        _load_yaml(source, "in.md")
    message = str(error.value)
    try:
        value = markdown._load_slowly(source, "in.md")
    except InputError as expected:
        assert message == str(expected)
    else:
        assert not isinstance(value, dict)
        assert message == "in.md: front matter must be a mapping of keys to values"
    assert source not in markdown._parsed


def test_a_kept_value_is_never_shared() -> None:
    source = "headline: A\ncaptions: [one, two]\n"
    first: Any = _load_yaml(source, "in.md")
    first["captions"].append("changed by a caller")
    first["headline"] = "B"
    assert _load_yaml(source, "in.md") == {"headline": "A", "captions": ["one", "two"]}
