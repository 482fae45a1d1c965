"""Reader notes on real histories: how often a note quotes a minor change, shows the same
newsroom entry twice, or does not lead with the most important change.

Histories: the labelled development sets under ../shared/edits (or $ARTICLEDIFF_EDITS), the
Wikipedia corpus under ../shared/corpus (``--corpus N`` articles, all by default; 0 skips
it) and the sample in versions/. Each history is measured as it is and once more with the
revision the demo adds: a ``correction`` revision whose log entry explains (``fixed_in``)
the first revision with a substantive verdict, and one printing an in-body note a revision
late ("Correction: ...") after it.

Counts, over every reader note:

- ``quotes_minor``: notes that quote words of a minor change — any quote in the note of a
  revision whose changes are all minor, or a quoted replacement whose first or last words
  are the same on both sides once typography is normalised (a curly quote carried along);
- ``not_minor_plain``: notes of minor-only revisions that say more than a plain line;
- ``duplicate_entries``: newsroom entries (log entries, in-body notes) shown under more than
  one revision of their article;
- ``lead_not_top``: notes whose generated summary does not start with the change ranked
  first (``articlediff.notes.rank``: level, then signal, then size, then position).

Run: .venv/bin/python benchmarks/notes_bench.py [--corpus N] [--json] [--verbose]
Run it against another tree's library (e.g. a checkout of main) with PYTHONPATH=<tree>/src;
the ranking then comes from this tree's ``src/articlediff/notes/rank.py`` when that tree has
none, so both runs are judged by the same ranking.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from verdicts.sets import (
    FIXED_HEADLINE,
    T0,
    edits_dir,
    paragraphs,
    read_jsonl,
    revisions,
    set_folders,
)

import articlediff
from articlediff.common.timeutil import UTC
from articlediff.diff import ArticleDiff, Change
from articlediff.diff.normalize import plain
from articlediff.ingest import parse_source
from articlediff.model import Article, Correction, Revision
from articlediff.notes import ReaderNote, article_notes, history_diffs

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wikipedia-versions"
SAMPLE = ROOT / "versions"
SCHEMA = "articlediff.notes-bench/1"
LATE_NOTE = "Correction: an earlier version of this article misstated a detail of this report."
FIELDS = {"headline": "headline", "standfirst": "standfirst", "byline": "byline"}
FIELDS |= {"captions": "captions", "published": "publication time"}
_QUOTED = re.compile(r'(?:changed|removed|inserted) "([^"]*)"(?: to "([^"]*)")?')


def _rank_module() -> ModuleType:
    """``articlediff.notes.rank``, or this tree's copy where the library has none."""
    try:
        return importlib.import_module("articlediff.notes.rank")
    except ImportError:
        path = ROOT / "src" / "articlediff" / "notes" / "rank.py"
        spec = importlib.util.spec_from_file_location("_notes_rank", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


RANK = _rank_module()


def _news(history: Sequence[Revision], index: int, diff: ArticleDiff) -> Sequence[Change]:
    """The changes a note should describe: all but in-body notes where the library knows
    them (``analysis.corrections.news_changes``), else all."""
    try:
        from articlediff.analysis.corrections import news_changes
    except ImportError:
        return diff.changes
    return news_changes(history[index - 1].article.body, history[index].article.body, diff)


# -- histories -------------------------------------------------------------------------------


def dev_histories() -> Iterator[tuple[str, list[Revision]]]:
    for folder in set_folders(edits_dir()):
        versions: dict[str, list[dict[str, Any]]] = {}
        for record in read_jsonl(folder / "versions.jsonl"):
            versions.setdefault(record["article_id"], []).append(record)
        for article_id, records in sorted(versions.items()):
            records.sort(key=lambda r: int(r["version"]))
            articles = [
                Article(
                    FIXED_HEADLINE,
                    paragraphs(r["text"]),
                    published=T0,
                    updated=T0 + timedelta(hours=int(r["version"])),
                )
                for r in records
            ]
            yield folder.name, revisions(f"dev/{article_id}", articles)


def corpus_histories(limit: int | None) -> Iterator[tuple[str, list[Revision]]]:
    if not CORPUS.is_dir() or limit == 0:
        return
    folders = sorted(p for p in CORPUS.iterdir() if p.is_dir())[:limit]
    for folder in folders:
        files = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
        articles = [
            Article(
                folder.name,
                paragraphs(path.read_text(encoding="utf-8")),
                published=T0,
                updated=T0 + timedelta(hours=k),
            )
            for k, path in enumerate(files)
        ]
        slug = "".join(c if c.isalnum() else "-" for c in folder.name.lower())
        yield "corpus", revisions(f"corpus/{slug}", articles)


def sample_histories() -> Iterator[tuple[str, list[Revision]]]:
    for folder in sorted(p for p in SAMPLE.glob("*/*") if p.is_dir()):
        files = sorted(folder.glob("*.txt"))
        articles = [
            parse_source(path.read_bytes(), name=path.name, tz=UTC).article for path in files
        ]
        yield "sample", revisions(f"{folder.parent.name}/{folder.name}", articles)


def with_corrections(
    history: list[Revision], diffs: Sequence[ArticleDiff | None]
) -> list[Revision]:
    """``history`` and, after it, a log entry for its first substantive revision (as the
    demo's ``correct --fixes``) and an in-body note one revision late; unchanged when no
    revision is substantive."""
    target = next((k for k, d in enumerate(diffs) if d and d.verdict == "substantive"), None)
    if target is None:
        return history
    latest = history[-1]
    at = latest.at + timedelta(hours=1)
    entry = Correction(
        "c1", "correction", at, LATE_NOTE.replace("a detail", "a fact"), f"r{target + 1}"
    )
    logged = replace(latest.article, corrections=(*latest.article.corrections, entry))
    printed = replace(logged, body=(*logged.body, LATE_NOTE), updated=at + timedelta(hours=1))
    out = list(history)
    for article, kind, moment in ((logged, "correction", at), (printed, "update", at)):
        number = len(out) + 1
        when = moment + timedelta(hours=number)
        out.append(
            replace(latest, number=number, commit=f"{number:040x}", kind=kind, at=when,
                    recorded=when, article=article)
        )  # fmt: skip
    return out


# -- the counts ------------------------------------------------------------------------------


def quotes_minor(note: ReaderNote, news: Sequence[Change]) -> bool:
    """Whether ``note`` quotes words of a minor change (see the module docstring)."""
    text = note.summary
    if all(c.level == "minor" for c in news):
        return '"' in text
    for match in _QUOTED.finditer(text):
        old, new = match.group(1), match.group(2)
        if new is None:
            continue
        a, b = plain(old).split(), plain(new).split()
        if a and b and (a[0] == b[0] or a[-1] == b[-1] or a == b):
            return True
    return False


def not_plain(note: ReaderNote, news: Sequence[Change]) -> bool:
    """A note of a minor-only revision (with changes) that says more than a plain line."""
    return bool(news) and all(c.level == "minor" for c in news) and "; " in note.summary


def expected_lead(diff: ArticleDiff, change: Change) -> tuple[str, ...]:
    """How a summary that leads with ``change`` may start."""
    if change.field != "body":
        return (f"{FIELDS.get(change.field, change.field)} changed",)
    where = diff.paragraphs[change.paragraph].kind if change.paragraph is not None else None
    if change.kind == "addition":
        return ("added 1 paragraph", "added ") if where == "insert" else ("added ",)
    if change.kind == "deletion":
        return ("removed ",)
    if change.kind == "edit" and change.level == "substantive":
        return ('changed "', 'removed "', 'inserted "', "changed ")
    if change.kind == "edit":
        return ("reworded ",)
    return ("moved ",)


def lead_not_top(note: ReaderNote, news: Sequence[Change]) -> bool:
    """Whether a note with changes above minor does not start with its top-ranked one."""
    wording = [c for c in news if c.level != "minor"]
    if not wording:
        return False
    top = RANK.ranked_changes(note.diff, news)[0]
    return not note.summary.startswith(expected_lead(note.diff, top))


def duplicates(notes: Sequence[ReaderNote]) -> int:
    """Newsroom entries shown under more than one revision (each extra showing counts)."""
    shown = Counter((e.id or "", e.text) for note in notes for e in note.entries)
    return sum(times - 1 for times in shown.values() if times > 1)


def measure(
    histories: Iterator[tuple[str, list[Revision]]],
    verbose: Callable[[str], None] | None = None,
) -> dict[str, dict[str, int]]:
    totals: dict[str, Counter[str]] = {}
    for name, history in histories:
        diffs = history_diffs(history)
        corrected = with_corrections(history, diffs)
        runs = [(name, history, diffs)]
        if corrected is not history:
            extra = history_diffs(corrected[len(history) - 1 :])[1:]
            runs.append((f"{name}+corrections", corrected, (*diffs, *extra)))
        for label, revised, all_diffs in runs:
            count = totals.setdefault(label, Counter())
            notes = article_notes(revised, UTC, all_diffs).notes
            count["histories"] += 1
            count["notes"] += len(notes)
            count["duplicate_entries"] += duplicates(notes)
            for note in notes:
                news = _news(revised, note.revision.number - 1, note.diff)
                for key, test in (
                    ("quotes_minor", quotes_minor),
                    ("not_minor_plain", not_plain),
                    ("lead_not_top", lead_not_top),
                ):
                    if test(note, news):
                        count[key] += 1
                        if verbose:
                            verbose(f"{key}: {note.revision.article_id} {note.revision.label}: "
                                    f"{note.summary[:160]}")  # fmt: skip
    keys = ("histories", "notes", "quotes_minor", "not_minor_plain", "duplicate_entries")
    return {label: {k: c[k] for k in (*keys, "lead_not_top")} for label, c in totals.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=int, default=None, help="corpus articles (all)")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    parser.add_argument("--verbose", action="store_true", help="print each counted note")
    args = parser.parse_args(argv)
    started = time.process_time()

    def histories() -> Iterator[tuple[str, list[Revision]]]:
        yield from sample_histories()
        yield from dev_histories()
        yield from corpus_histories(args.corpus)

    report = measure(
        histories(), (lambda line: print(line, file=sys.stderr)) if args.verbose else None
    )
    library = Path(articlediff.__file__).resolve().parents[1]
    if args.json:
        print(json.dumps({"schema": SCHEMA, "library": str(library), "sets": report}, indent=2))
        return 0
    print(f"library: {os.path.relpath(library, ROOT)}")
    columns = ("histories", "notes", "quotes_minor", "not_minor_plain", "duplicate_entries",
               "lead_not_top")  # fmt: skip
    print(f"{'set':<28}" + "".join(f"{c:>18}" for c in columns))
    for label, figures in report.items():
        print(f"{label:<28}" + "".join(f"{figures[c]:>18}" for c in columns))
    print(f"({time.process_time() - started:.1f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
