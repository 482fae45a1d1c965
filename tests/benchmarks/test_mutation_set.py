"""The committed mutation set: well-formed, labelled consistently, reproducible from its
generator, and (when the shared data is present) quoting real text from its sources."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from verdicts import make_mutations
from verdicts.scoring import LEVELS

KEYS = {"id", "kind", "source", "field", "old", "new", "level", "needs_note", "why"}
REQUIRED_KINDS = {
    "number",
    "date",
    "time",
    "name",
    "role",
    "negation",
    "quote",
    "attribution",
    "typo",
    "spelling_variant",
    "typography",
    "furniture",
    "added_sentence",
    "added_clause",
    "removed_sentence",
    "developing_number",
    "move",
    "capitalisation",
    "house_style",
}


def cases() -> list[dict[str, object]]:
    text = make_mutations.OUTPUT.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_the_file_is_what_the_generator_writes() -> None:
    written = make_mutations.OUTPUT.read_text(encoding="utf-8")
    assert written == make_mutations.render(make_mutations.cases()), (
        "run benchmarks/verdicts/make_mutations.py"
    )


def test_cases_are_well_formed() -> None:
    items = cases()
    assert len(items) >= 120
    assert len({c["id"] for c in items}) == len(items)
    for case in items:
        assert set(case) == KEYS, case["id"]
        assert case["level"] in LEVELS
        assert case["field"] in ("body", "headline")
        assert case["old"] != case["new"]
        assert str(case["why"]).strip()
        assert str(case["source"]).startswith(("samples/", "edits/", "pages/html/"))
        # the mutation set carries no notes: a note is needed exactly for substantive edits
        # (a developing story's new figure is labelled update, not substantive)
        assert case["needs_note"] is (case["level"] == "substantive"), case["id"]


def test_every_kind_is_covered_with_its_expected_levels() -> None:
    kinds = Counter(str(c["kind"]) for c in cases())
    assert set(kinds) >= REQUIRED_KINDS
    levels = {str(c["kind"]): set() for c in cases()}
    for case in cases():
        levels[str(case["kind"])].add(case["level"])
    for kind in ("number", "date", "time", "name", "role", "negation", "quote", "attribution"):
        assert levels[kind] == {"substantive"}, kind
    for kind in ("typo", "spelling_variant", "typography", "furniture", "move", "house_style"):
        assert levels[kind] == {"minor"}, kind
    for kind in ("added_sentence", "added_clause", "removed_sentence", "developing_number"):
        assert levels[kind] == {"update"}, kind


def test_edits_refuse_ambiguous_or_missing_targets() -> None:
    with pytest.raises(ValueError, match="occurs 2 times"):
        make_mutations.sub("a", "b")(("a a",))
    with pytest.raises(ValueError, match="is in 0 paragraphs"):
        make_mutations.sub("x", "y")(("a", "b"))
    old, new = make_mutations.unsub("fixed", "fxed")(("a fixed typo",))
    assert (old, new) == (("a fxed typo",), ("a fixed typo",))
    assert make_mutations.order(1, 0)(("a", "b")) == (("a", "b"), ("b", "a"))
    assert make_mutations.add_para(1)(("a", "b")) == (("a",), ("a", "b"))
    assert make_mutations.drop_para(0)(("a", "b")) == (("a", "b"), ("b",))


@pytest.mark.skipif(not make_mutations.SHARED.is_dir(), reason="../shared not present")
def test_every_quote_is_real_text_from_its_source() -> None:
    assert make_mutations.verify() == []
