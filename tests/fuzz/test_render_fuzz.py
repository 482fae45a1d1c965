"""Hostile article text through the diff and every renderer, and through a real save."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlediff.diff import diff_articles
from articlediff.model import Article, Revision
from articlediff.render import FORMATS, render_diff
from articlediff.store import Store, init_store
from articlediff.store.messages import parse_message
from articlediff.store.verify import verify_store
from tests.fuzz.conftest import CASES, FAST, SLOW
from tests.fuzz.test_ingest_fuzz import CRITIC, TRAILERS, hostile_text
from tests.security.htmlcheck import active_content

AT = datetime.fromisoformat("2024-06-19T08:00:00+01:00")
words = st.one_of(hostile_text, st.sampled_from(TRAILERS + CRITIC + ("<script>x</script>",)))
paragraphs = st.lists(words, max_size=6).map(" ".join).filter(lambda text: text.strip() != "")
articles = st.builds(
    lambda headline, body: Article(" ".join(headline.split()), tuple(body)),
    words,
    st.lists(paragraphs.map(lambda text: " ".join(text.split())), min_size=1, max_size=5),
)


def revision(article: Article, number: int) -> Revision:
    return Revision("local/fuzz", number, f"{number}" * 40, "update", AT, AT, article=article)


def _render(old_article: Article, new_article: Article) -> None:
    CASES["renderers"] += 1
    old, new = revision(old_article, 1), revision(new_article, 2)
    diff = diff_articles(old.article, new.article)
    for format in FORMATS:
        text = render_diff(diff, old, new, format)
        assert isinstance(text, str)
    for side_by_side in (False, True):
        page = render_diff(diff, old, new, "html", side_by_side=side_by_side)
        assert active_content(page) == []


test_renderers = FAST(given(articles, articles)(_render))
test_renderers_many = pytest.mark.slow(SLOW(given(articles, articles)(_render)))


def _save(store: Store, article: Article, note: str) -> None:
    CASES["store-round-trip"] += 1
    kind = "update" if store.article_ids() else None
    outcome = store.save("local/fuzz", article, note=note, kind=kind)
    if outcome.revision is None:
        return
    parsed = parse_message(str(store.git.repo.git.log("-1", "--format=%B")))
    assert parsed is not None and parsed.article_id == "local/fuzz"  # no forged trailer
    assert parsed.kind in ("published", "update")
    assert store.history("local/fuzz")[-1].article == outcome.revision.article


@pytest.mark.parametrize("examples", [FAST, pytest.param(SLOW, marks=pytest.mark.slow)])
def test_store_round_trip(examples: Any, tmp_path: Path) -> None:
    """Article text and notes holding trailer lines, CriticMarkup, bidi and control
    characters are stored and read back exactly; each commit's trailers stay its own."""
    init_store(tmp_path / "store", "UTC")[0].close()
    with Store(tmp_path / "store") as store:
        examples(given(articles, words)(lambda article, note: _save(store, article, note)))()
        report = verify_store(store)
        assert report.ok, report.problems
