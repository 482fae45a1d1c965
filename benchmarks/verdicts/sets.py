"""The labelled sets and how the project's own diff and check rules judge them.

Only the public API is used (``articlediff`` and its ``diff``/``check`` packages), so the
benchmark keeps working while modules move inside those packages.

A set is a list of :class:`Pair`: two versions of an article with the reference label (level
and ``needs_note``, see the labelling guideline). :func:`evaluate` diffs the pair, runs the
check rules over a two-revision history of it, and returns an :class:`Outcome`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from articlediff import Article, Revision, check_history, diff_articles, diff_texts

ROOT: Final = Path(__file__).resolve().parents[2]
EDITS_ENV: Final = "ARTICLEDIFF_EDITS"
MUTATIONS: Final = Path(__file__).resolve().parent / "mutations.jsonl"
REAL_SETS: Final = Path(__file__).resolve().parent / "real"
T0: Final = datetime(2024, 6, 19, 7, 0, tzinfo=UTC)
"""Versions without times are dated from here, one hour apart."""
FIXED_HEADLINE: Final = "Article under test"
FIXED_BODY: Final = ("The body of the article is the same in both versions.",)
LEVEL_NAMES: Final = ("minor", "update", "substantive")


@dataclass(frozen=True)
class Pair:
    """Two consecutive versions of an article and their reference label."""

    id: str
    level: str
    needs_note: bool
    old: Article
    new: Article
    reason: str = ""
    kind: str = ""
    source: str = ""
    article: str = ""
    """The article the versions belong to (empty for mutation cases)."""

    @property
    def has_note(self) -> bool:
        """Whether the new version carries a correction-log entry (none of the sets has)."""
        return len(self.new.corrections) > len(self.old.corrections)

    @property
    def should_fail(self) -> bool:
        """The check should fail: a note is needed and the new version carries none."""
        return self.needs_note and not self.has_note


@dataclass(frozen=True)
class LabelledSet:
    name: str
    source: str
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class Outcome:
    """The verdict and the check's answer for one pair, with the changes that decided it."""

    pair: Pair
    verdict: str
    failed: bool
    rules: tuple[str, ...]
    decisive: tuple[str, ...]
    signals: tuple[str, ...] = ()
    """The signals of the changes at the verdict's level (sorted, each once)."""


# -- finding the sets ----------------------------------------------------------------------


def edits_dir() -> Path:
    """The shared labelled edits: $ARTICLEDIFF_EDITS, else ../shared/edits beside the repo."""
    env = os.environ.get(EDITS_ENV)
    return Path(env) if env else ROOT.parent / "shared" / "edits"


def set_folders(base: Path) -> list[Path]:
    """Folders under ``base`` holding ``labels.jsonl`` and ``versions.jsonl``, sorted."""
    if not base.is_dir():
        return []
    return sorted(
        p
        for p in base.iterdir()
        if p.is_dir() and (p / "labels.jsonl").is_file() and (p / "versions.jsonl").is_file()
    )


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON: {exc}") from None


# -- building articles ---------------------------------------------------------------------


def paragraphs(text: str) -> tuple[str, ...]:
    """The text's paragraphs (split at blank lines, stripped, empty ones dropped)."""
    out = tuple(p.strip() for p in text.split("\n\n"))
    return tuple(p for p in out if p)


def version_article(record: dict[str, Any]) -> Article:
    """An article from a ``versions.jsonl`` record: its text as the body, its headline (or a
    fixed one), published at T0 and updated ``version`` hours later unless times are given."""
    at = record.get("at")
    updated = datetime.fromisoformat(at) if at else T0 + timedelta(hours=int(record["version"]))
    published = record.get("published")
    return Article(
        headline=record.get("headline") or FIXED_HEADLINE,
        body=paragraphs(record["text"]),
        published=datetime.fromisoformat(published) if published else T0,
        updated=updated,
    )


def load_versioned_set(folder: Path) -> LabelledSet:
    """A set in the shared format: ``versions.jsonl`` (article_id, version, text) and
    ``labels.jsonl`` (article_id, from, to, level, needs_note, reason)."""
    versions = {(v["article_id"], v["version"]): v for v in read_jsonl(folder / "versions.jsonl")}
    pairs = []
    for label in read_jsonl(folder / "labels.jsonl"):
        article, old, new = label["article_id"], label["from"], label["to"]
        missing = [v for v in (old, new) if (article, v) not in versions]
        if missing:
            raise ValueError(f"{folder}: {article} has no version {missing[0]}")
        pairs.append(
            Pair(
                id=f"{article} {old}→{new}",
                level=_level(label["level"], folder),
                needs_note=bool(label["needs_note"]),
                old=version_article(versions[article, old]),
                new=version_article(versions[article, new]),
                reason=label.get("reason", ""),
                source=label.get("source", ""),
                article=str(article),
            )
        )
    return LabelledSet(folder.name, shown(folder), tuple(pairs))


HALVES: Final = ("tune", "hold")


def half(article_id: str) -> str:
    """The half of a versioned set an article belongs to: ``tune`` when the first hex digit of
    sha1(article_id) is even, else ``hold``. Every pair of an article falls in the same half,
    so rules designed on the tune half's wrong pairs are measured honestly on the hold half."""
    digit = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[0], 16)
    return HALVES[digit % 2]


def split(labelled: LabelledSet) -> list[LabelledSet]:
    """The set's tune and hold halves (by article, see :func:`half`), named ``<set> tune`` and
    ``<set> hold``, an empty half left out; a set without article ids (the mutation set) is
    not split: ``[]``."""
    if not labelled.pairs or not all(p.article for p in labelled.pairs):
        return []
    halves = {name: tuple(p for p in labelled.pairs if half(p.article) == name) for name in HALVES}
    return [
        LabelledSet(f"{labelled.name} {name}", labelled.source, pairs)
        for name, pairs in halves.items()
        if pairs
    ]


def _level(level: str, where: Path) -> str:
    if level not in LEVEL_NAMES:
        raise ValueError(f"{where}: unknown level {level!r}")
    return level


def mutation_pair(case: dict[str, Any]) -> Pair:
    """A mutation case as a pair: the old and new text as the body (or as the headline, over
    a fixed body, when ``field`` is ``headline``)."""
    field = case.get("field", "body")
    if field == "headline":
        headlines, bodies = (case["old"], case["new"]), (FIXED_BODY, FIXED_BODY)
    elif field == "body":
        headlines = (FIXED_HEADLINE, FIXED_HEADLINE)
        bodies = (paragraphs(case["old"]), paragraphs(case["new"]))
    else:
        raise ValueError(f"mutation {case['id']}: unknown field {field!r}")
    old = Article(headline=headlines[0], body=bodies[0], published=T0, updated=T0)
    new = Article(
        headline=headlines[1], body=bodies[1], published=T0, updated=T0 + timedelta(hours=1)
    )
    return Pair(
        id=case["id"],
        level=_level(case["level"], MUTATIONS),
        needs_note=bool(case["needs_note"]),
        old=old,
        new=new,
        reason=case.get("why", ""),
        kind=case.get("kind", ""),
        source=case.get("source", ""),
    )


def load_mutations(path: Path = MUTATIONS) -> LabelledSet:
    cases = tuple(mutation_pair(case) for case in read_jsonl(path))
    return LabelledSet("mutations", shown(path), cases)


def shown(path: Path) -> str:
    """``path`` relative to the repository (e.g. ``../shared/edits/…``), as printed."""
    return os.path.relpath(path, ROOT)


# -- judging a pair ------------------------------------------------------------------------


def revisions(article_id: str, articles: Sequence[Article]) -> list[Revision]:
    """``articles`` as an article's revisions: r1 published, the others updates, each at its
    updated time (else its published time, else T0)."""
    out = []
    for number, article in enumerate(articles, 1):
        at = article.updated or article.published or T0
        out.append(
            Revision(
                article_id=article_id,
                number=number,
                commit=f"{number:040x}",
                kind="published" if number == 1 else "update",
                at=at,
                recorded=at,
                article=article,
                path=f"versions/{article_id}.md",
            )
        )
    return out


def history(pair: Pair) -> list[Revision]:
    """The pair as the two revisions ``check_history`` reads: r1 published, r2 an update."""
    slug = "".join(c if c.isalnum() else "-" for c in pair.id.lower()).strip("-") or "pair"
    return revisions(f"bench/{slug}", (pair.old, pair.new))


def evaluate(pair: Pair) -> Outcome:
    """The project's verdict on the pair and whether ``check`` (default rules) fails it."""
    diff = diff_articles(pair.old, pair.new)
    findings = check_history(history(pair))
    rules = tuple(sorted({f.rule for f in findings if f.severity == "error"}))
    top = [c for c in diff.changes if c.level == diff.verdict]
    decisive = tuple(
        describe(c.kind, c.field, c.signals, c.sentence_old, c.sentence_new) for c in top
    )
    signals = tuple(sorted({s for c in top for s in c.signals}))
    return Outcome(pair, diff.verdict, bool(rules), rules, decisive, signals)


# -- excerpts ------------------------------------------------------------------------------

_SPACE: Final = re.compile(r"\s+")
CONTEXT: Final = 30
"""Characters of unchanged text kept on each side of a change in an excerpt."""


def describe(
    kind: str, field: str, signals: Sequence[str], old: str | None, new: str | None
) -> str:
    """One change in a line: kind, field, signals and the changed words with some context,
    e.g. ``edit [number] …died when [-23-]{+24+} people…``."""
    where = "" if field == "body" else f" {field}"
    tags = f" [{', '.join(signals)}]" if signals else ""
    return f"{kind}{where}{tags} {excerpt(old, new)}"


def excerpt(old: str | None, new: str | None, limit: int = 160) -> str:
    """The difference between two sentences as ``[-deleted-]{+inserted+}`` with context."""
    if old is None or new is None:
        text = " ".join((new if old is None else old or "").split())
        mark = "{+" if old is None else "[-"
        end = "+}" if old is None else "-]"
        return mark + _cut(text, limit) + end
    parts: list[str] = []
    ops = diff_texts(old, new).ops
    for k, op in enumerate(ops):
        text = _SPACE.sub(" ", op.text)
        if op.op == "equal":
            parts.append(_context(text, first=k == 0, last=k == len(ops) - 1))
        else:
            parts.append(
                ("[-" if op.op == "delete" else "{+") + text + ("-]" if op.op == "delete" else "+}")
            )
    return _cut("".join(parts), limit)


def _context(text: str, *, first: bool, last: bool) -> str:
    if first and len(text) > CONTEXT:
        return "…" + text[-CONTEXT:]
    if last and len(text) > CONTEXT:
        return text[:CONTEXT] + "…"
    if not first and not last and len(text) > 2 * CONTEXT:
        return text[:CONTEXT] + " … " + text[-CONTEXT:]
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
