"""Every name in ``articlediff.__all__`` resolves, so the documented API stays importable."""

from __future__ import annotations

import articlediff


def test_every_public_name_resolves() -> None:
    for name in articlediff.__all__:
        assert getattr(articlediff, name) is not None, name


def test_library_round_trip_without_the_cli() -> None:
    old = articlediff.Article("Headline", ("The toll rose to 23.",))
    new = articlediff.Article("Headline", ("The toll rose to 24.",))
    diff = articlediff.diff_articles(old, new)
    assert diff.verdict == "substantive"
    assert diff.new_body() == new.body_text
