"""Real news pages (``$ARTICLEDIFF_PAGES`` or ``../shared/pages``): the extraction keeps the
figures measured by ``benchmarks/pages_bench.py`` and holds its promises on every page.

Skipped when the pages are not there (they are not part of the repository).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from articlediff.ingest.source import parse_source

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "pages_bench.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pages_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pages_bench", module)
    spec.loader.exec_module(module)
    return module


bench = _bench()
PAGES = bench.pages_dir()
pytestmark = pytest.mark.skipif(
    not (PAGES / "html").is_dir(), reason=f"no real pages at {PAGES} (set ARTICLEDIFF_PAGES)"
)

# The figures at the last measurement (docs/html.md), less nothing: a change that makes
# one of them worse must say so by changing this table.
FLOOR = {
    "headline": 60,
    "byline": 59,
    "published": 59,
    "updated": 59,
    "body-with": 55,
    "body-without": 58,
}


@pytest.fixture(scope="module")
def results() -> list[object]:
    return list(bench.measure(PAGES))


def test_field_accuracy_does_not_fall(results: list[object]) -> None:
    for field, floor in FLOOR.items():
        right, total = bench.accuracy(results, field)
        assert right >= floor, f"{field}: {right}/{total}, was {floor}"


def test_every_page_is_read_as_html_with_sources(results: list[object]) -> None:
    for result in results:
        assert result.got.get("format") == "html", result.file  # type: ignore[attr-defined]
        assert "headline" in result.sources, result.file  # type: ignore[attr-defined]


@pytest.mark.parametrize("want", bench.load_expected(), ids=lambda want: want["file"][:40])
def test_promises_on_each_page(want: dict[str, object]) -> None:
    data = (PAGES / "html" / str(want["file"])).read_bytes()
    article = parse_source(data, name=str(want["file"]), tz=bench.READING_ZONE).article
    # an update is never before the publication; a byline never names the site
    if article.updated is not None and article.published is not None:
        assert article.updated > article.published
    for entity in ("&#", "&amp;", "&quot;"):
        assert entity not in article.headline and entity not in article.byline
    assert not article.byline.lower().startswith("by ")
