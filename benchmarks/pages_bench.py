"""HTML ingest on real news pages: per-field accuracy of ``parse_source`` against values
written down by reading each page.

The pages are read at run time from ``$ARTICLEDIFF_PAGES`` (default ``../shared/pages`` next
to the repository: ``html/<file>`` and ``evaldata.jsonl``); they are not part of the
repository. The expected headline, byline, published and updated values are in
``benchmarks/pages/expected.jsonl`` (one line per page), written from what a reader of the
page sees: the visible headline without the site name, the people named as authors, and the
times the page states (with their offset; naive when the page gives no offset; a date alone
when it gives only a date). ``updated`` is the latest modification time the page states when
it is later than the publication, else ``null``.

How values are compared (the same rules ``tests/ingest/test_real_pages.py`` uses):

- headline: equal after Unicode NFKC, typographic quotes and dashes folded, whitespace
  collapsed and case folded;
- byline: the same set of names (the byline split at ", ", " and ", " & "), each compared
  the same way with full stops ignored;
- published / updated: ``null`` only matches no value; a date (``YYYY-MM-DD``) matches a
  value on that calendar date; a naive time matches the same wall-clock time within a
  minute; a time with an offset matches the same instant within a minute;
- body: every ``with`` string of the page's evaldata line is in the article's text (headline,
  standfirst and body), and no ``without`` string is, white space compared as one space.

Run: .venv/bin/python benchmarks/pages_bench.py [--show-all] [--json]
(or ``benchmarks/run pages``)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = Path(__file__).resolve().parent / "pages" / "expected.jsonl"
DEFAULT_PAGES = ROOT.parent / "shared" / "pages"
READING_ZONE = ZoneInfo("UTC")
FIELDS = ("headline", "byline", "published", "updated", "body-with", "body-without")
TARGETS = {
    "headline": 0.95,
    "byline": 0.90,
    "published": 0.97,
    "updated": 0.95,
    "body-with": 0.90,
    "body-without": 0.85,
}
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")


def pages_dir() -> Path:
    """Where the pages are: ``$ARTICLEDIFF_PAGES`` or ``../shared/pages``."""
    return Path(os.environ.get("ARTICLEDIFF_PAGES") or DEFAULT_PAGES)


def load_expected() -> list[dict[str, Any]]:
    with EXPECTED.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_evaldata(pages: Path) -> dict[str, dict[str, Any]]:
    path = pages / "evaldata.jsonl"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return {row["file"]: row for row in rows}


def fold(text: str) -> str:
    """Text as compared: NFKC, quotes and dashes folded, spaces collapsed, case folded."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(text.split()).casefold()


def names(byline: str | list[str]) -> set[str]:
    parts = byline if isinstance(byline, list) else _NAME_SPLIT.split(byline)
    return {fold(part).replace(".", "").strip() for part in parts if part.strip()}


def date_matches(expected: str | None, value: datetime | None) -> bool:
    if expected is None or value is None:
        return expected is None and value is None
    if len(expected) == 10:
        return value.date() == date.fromisoformat(expected)
    wanted = datetime.fromisoformat(expected)
    if wanted.tzinfo is None:
        return abs(value.replace(tzinfo=None) - wanted) < timedelta(minutes=1)
    return abs(value - wanted) < timedelta(minutes=1)


def shown_date(value: datetime | None, date_only: bool) -> str:
    if value is None:
        return "null"
    return value.date().isoformat() if date_only else value.isoformat()


@dataclass
class PageResult:
    file: str
    got: dict[str, str]
    ok: dict[str, bool]
    sources: dict[str, str]
    seconds: float


def measure_page(html: bytes, want: dict[str, Any], eval_row: dict[str, Any] | None) -> PageResult:
    """Parse one page and compare its fields with ``want`` (and the evaldata strings)."""
    from articlediff.ingest.source import parse_source

    started = time.perf_counter()
    try:
        parsed = parse_source(html, name=want["file"], tz=READING_ZONE)
    except Exception as error:  # a page that fails to parse fails every field
        seconds = time.perf_counter() - started
        return PageResult(
            want["file"], {"error": repr(error)}, dict.fromkeys(FIELDS, False), {}, seconds
        )
    seconds = time.perf_counter() - started
    article = parsed.article
    published_date_only = bool(getattr(article, "published_date_only", False))
    updated_date_only = bool(getattr(article, "updated_date_only", False))
    text = " ".join(" ".join([article.headline, article.standfirst, *article.body]).split())
    ok = {
        "headline": fold(article.headline) == fold(want["headline"]),
        "byline": names(article.byline) == names(want["byline"]),
        "published": date_matches(want["published"], article.published),
        "updated": date_matches(want["updated"], article.updated),
    }
    got = {
        "format": parsed.format,
        "headline": article.headline,
        "byline": article.byline,
        "published": shown_date(article.published, published_date_only),
        "updated": shown_date(article.updated, updated_date_only),
    }
    if eval_row is not None:
        missing = [s for s in eval_row.get("with", []) if " ".join(s.split()) not in text]
        kept = [s for s in eval_row.get("without", []) if " ".join(s.split()) in text]
        ok["body-with"] = not missing
        ok["body-without"] = not kept
        got["body-with"] = "missing " + " | ".join(missing) if missing else "all found"
        got["body-without"] = "kept " + " | ".join(kept) if kept else "none kept"
    sources = dict(getattr(parsed, "field_sources", {}) or {})
    return PageResult(want["file"], got, ok, sources, seconds)


def measure(pages: Path) -> list[PageResult]:
    evaldata = load_evaldata(pages)
    return [
        measure_page((pages / "html" / want["file"]).read_bytes(), want, evaldata.get(want["file"]))
        for want in load_expected()
    ]


def accuracy(results: list[PageResult], field: str) -> tuple[int, int]:
    scored = [result.ok[field] for result in results if field in result.ok]
    return sum(scored), len(scored)


def report(results: list[PageResult], expected: dict[str, dict[str, Any]], show_all: bool) -> None:
    print(f"{len(results)} pages, {sum(r.seconds for r in results):.1f} s parsing")
    for field in FIELDS:
        right, total = accuracy(results, field)
        share = right / total if total else 0.0
        mark = "ok" if share >= TARGETS[field] else "below target"
        target = TARGETS[field]
        print(f"  {field:<13} {right:>3}/{total:<3} {share:6.1%}   target {target:.0%}  {mark}")
    print()
    wanted: dict[str, Callable[[dict[str, Any]], str]] = {
        "headline": lambda w: w["headline"],
        "byline": lambda w: ", ".join(w["byline"]) or "(none)",
        "published": lambda w: str(w["published"]),
        "updated": lambda w: str(w["updated"]),
        "body-with": lambda w: "every expected string",
        "body-without": lambda w: "no unwanted string",
    }
    for field in FIELDS:
        failures = [r for r in results if not r.ok.get(field, True)]
        if not failures and not show_all:
            continue
        print(f"-- {field}: {len(failures)} wrong")
        for result in failures:
            source = result.sources.get(field.split("-")[0], "")
            shown = result.got.get(field, result.got.get("error", ""))
            print(f"   {result.file}")
            print(f"      got      {shown}" + (f"   [{source}]" if source else ""))
            print(f"      expected {wanted[field](expected[result.file])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object per page")
    parser.add_argument("--show-all", action="store_true", help="list every field heading")
    args = parser.parse_args()
    pages = pages_dir()
    if not (pages / "html").is_dir():
        print(f"skipped: no pages at {pages} (set ARTICLEDIFF_PAGES)")
        return 0
    results = measure(pages)
    if args.json:
        for result in results:
            print(json.dumps(result.__dict__, ensure_ascii=False))
        return 0
    expected = {row["file"]: row for row in load_expected()}
    report(results, expected, args.show_all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
