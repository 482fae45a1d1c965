"""Reader notes for each revision of an article: pure functions of its history, no I/O.

For every revision after the first, a note a reader can trust:

- the text of the correction-log entries attached to it (an entry is attached to the revision
  it explains, ``fixed_in``, and to the revision that first carries it), or of a note printed
  in the body ("Correction: ...", "This article was amended on ...") that the revision
  inserted;
- otherwise a summary generated from the classified diff against the revision before. It
  only describes what changed: counts, which fields changed, and changed numbers, names,
  dates, negations and quoted words, quoted verbatim from the text. It never names a source
  or says why.

``technical`` revisions (re-extractions) get no reader note: they are not editorial changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import pairwise
from typing import Final, Literal

from articlediff.analysis.corrections import history_notes
from articlediff.analysis.excerpts import quote, replacements
from articlediff.common.furniture import FurniturePattern
from articlediff.common.words import plural
from articlediff.diff import ArticleDiff, Change, count_words, diff_articles, tokenize
from articlediff.model import Revision

NoteSource = Literal["log", "body", "generated"]

MONTHS: Final = (
    *("January", "February", "March", "April", "May", "June", "July"),
    *("August", "September", "October", "November", "December"),
)
QUOTED_SIGNALS: Final = frozenset(("number", "date", "name", "negation", "quote"))
"""Substantive edits whose changed words are quoted in a generated note."""
MAX_QUOTED: Final = 3
"""At most this many changes are quoted in one note; the rest are counted."""
MAX_QUOTED_WORDS: Final = 8
"""A changed run longer than this (either side) is counted, not quoted."""
MAX_QUOTE_CHARS: Final = 60

FIELD_NAMES: Final = {
    "headline": "headline",
    "standfirst": "standfirst",
    "byline": "byline",
    "captions": "captions",
    "published": "publication time",
}
_VERBS: Final = {"correction": "Corrected"}
_MINOR_ORDER: Final = ("spelling", "case", "punctuation")


@dataclass(frozen=True)
class NoteEntry:
    """Text a newsroom wrote for readers: a correction-log entry (``id`` set) or a note
    printed in the body (``id`` is ``None``)."""

    kind: str
    text: str
    at: datetime
    id: str | None = None


@dataclass(frozen=True)
class ReaderNote:
    """The note for one revision after the first.

    ``label`` says when ("Updated 19 June 2024, 08:14 BST"); ``summary`` is always the
    generated description of the diff; ``entries`` the newsroom's own notes, which take
    precedence over the summary where there are any.
    """

    revision: Revision
    at: datetime
    label: str
    summary: str
    entries: tuple[NoteEntry, ...]
    diff: ArticleDiff

    @property
    def source(self) -> NoteSource:
        if any(entry.id is not None for entry in self.entries):
            return "log"
        return "body" if self.entries else "generated"

    @property
    def text(self) -> str:
        """What readers are told, standing on its own (e.g. a ``CorrectionComment``)."""
        if self.entries:
            return " ".join(entry.text for entry in self.entries)
        return self.summary[:1].upper() + self.summary[1:] + "."

    @property
    def sentence(self) -> str:
        """The note with its time: "Updated 19 June 2024, 08:14 BST: headline changed."."""
        if self.entries:
            return f"{self.label}: {self.text}"
        return f"{self.label}: {self.summary}."


@dataclass(frozen=True)
class ArticleNotes:
    """An article's history, the diff of each revision against the one before (``None``
    for the first), and the reader notes, oldest first. Times are shown in ``tz``."""

    article_id: str
    revisions: tuple[Revision, ...]
    diffs: tuple[ArticleDiff | None, ...]
    notes: tuple[ReaderNote, ...]
    tz: tzinfo

    @property
    def first(self) -> Revision:
        return self.revisions[0]

    @property
    def latest(self) -> Revision:
        return self.revisions[-1]

    @property
    def published(self) -> datetime:
        """When the article was first published: its own ``published`` time, else the time of
        its first revision."""
        moment = self.latest.article.published or self.first.at
        return moment.astimezone(self.tz)

    @property
    def modified(self) -> datetime:
        """The time of the latest editorial revision (technical ones never count)."""
        editorial = [r for r in self.revisions if r.kind != "technical"] or [self.first]
        return editorial[-1].at.astimezone(self.tz)

    def note_for(self, revision: Revision) -> ReaderNote | None:
        for note in self.notes:
            if note.revision.commit == revision.commit:
                return note
        return None


def when(moment: datetime, tz: tzinfo) -> str:
    """``moment`` in ``tz`` for readers: "19 June 2024, 08:14 BST".

    The zone's abbreviation where it has a lettered one, else its offset ("UTC-03:00").
    The month names are English whatever the locale, so output is the same everywhere.
    """
    local = moment.astimezone(tz)
    name = local.tzname() or ""
    if not name.isalpha():
        offset = local.strftime("%z") or "+0000"
        name = f"UTC{offset[:3]}:{offset[3:]}"
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M} {name}"


def revision_label(revision: Revision, tz: tzinfo) -> str:
    verb = _VERBS.get(revision.kind, "Updated")
    return f"{verb} {when(revision.at, tz)}"


def history_diffs(
    history: Sequence[Revision], furniture: tuple[FurniturePattern, ...] | None = None
) -> tuple[ArticleDiff | None, ...]:
    """The diff of each revision against the one before; ``None`` for the first.
    ``furniture``: the page-furniture patterns of the article's outlet (``diff_articles``)."""
    later = (
        diff_articles(old.article, new.article, furniture=furniture)
        for old, new in pairwise(history)
    )
    return (None, *later)


def article_notes(
    history: Sequence[Revision],
    tz: tzinfo,
    diffs: Sequence[ArticleDiff | None] | None = None,
    furniture: tuple[FurniturePattern, ...] | None = None,
) -> ArticleNotes:
    """The reader notes of an article's ``history`` (oldest first, as ``Store.history``);
    ``furniture`` as for ``history_diffs``."""
    if not history:
        raise ValueError("an article's history has at least one revision")
    revisions = tuple(history)
    all_diffs = tuple(diffs) if diffs is not None else history_diffs(revisions, furniture)
    attached = _attached_notes(revisions, all_diffs)
    notes: list[ReaderNote] = []
    for index in range(1, len(revisions)):
        revision, diff = revisions[index], all_diffs[index]
        if revision.kind == "technical" or diff is None:
            continue
        entries = attached.get(index, [])
        notes.append(
            ReaderNote(
                revision,
                revision.at.astimezone(tz),
                revision_label(revision, tz),
                summarize(diff),
                tuple(entries),
                diff,
            )
        )
    return ArticleNotes(revisions[0].article_id, revisions, all_diffs, tuple(notes), tz)


def _attached_notes(
    revisions: Sequence[Revision], diffs: Sequence[ArticleDiff | None]
) -> dict[int, list[NoteEntry]]:
    """The newsroom's notes under each revision: a log entry under the revision it explains
    and the revision that first holds it (sorted by time), then the notes the revision printed
    in its body."""
    logged: dict[int, list[NoteEntry]] = {}
    printed: dict[int, list[NoteEntry]] = {}
    for note in history_notes(revisions, lambda index: diffs[index]):
        if note.superseded_by is not None:
            continue  # a later entry rewords it: readers see that one
        if note.entry is None:
            entry = NoteEntry(note.kind, note.text, revisions[note.appears].at)
            printed.setdefault(note.appears, []).append(entry)
            continue
        shown = NoteEntry(note.kind, " ".join(note.text.split()), note.entry.at, note.entry.id)
        explains = note.appears if note.explains is None else note.explains
        for target in sorted({note.appears, explains}):
            logged.setdefault(target, []).append(shown)
    for entries in logged.values():
        entries.sort(key=lambda e: (e.at, e.id or ""))
    return {
        index: logged.get(index, []) + printed.get(index, [])
        for index in sorted({*logged, *printed})
    }


# -- generated summaries ---------------------------------------------------------------------


def _words(text: str | None) -> int:
    return count_words(tokenize(text)) if text else 0


def quoted_change(diff: ArticleDiff, change: Change) -> list[str] | None:
    """The changed words of a body edit, quoted verbatim ('changed "23" to "24"'), or
    ``None`` when they are too long to quote or cannot be placed in the sentence."""
    if change.paragraph is None or not change.sentence_old or not change.sentence_new:
        return None
    runs = [
        (old, new)
        for old, new in replacements(diff.paragraphs[change.paragraph].ops)
        if (old is None or old.strip() in change.sentence_old)
        and (new is None or new.strip() in change.sentence_new)
    ]
    if not runs or any(
        _words(old) > MAX_QUOTED_WORDS or _words(new) > MAX_QUOTED_WORDS for old, new in runs
    ):
        return None
    out = []
    for old, new in runs:
        if old is not None and new is not None:
            out.append(f"changed {quote(old, MAX_QUOTE_CHARS)} to {quote(new, MAX_QUOTE_CHARS)}")
        elif old is not None:
            out.append(f"removed {quote(old, MAX_QUOTE_CHARS)}")
        elif new is not None:
            out.append(f"inserted {quote(new, MAX_QUOTE_CHARS)}")
    return out


def _moved(diff: ArticleDiff, change: Change) -> bool:
    """Whether a ``move`` change is a whole moved paragraph (counted in the statistics)."""
    return change.paragraph is not None and diff.paragraphs[change.paragraph].kind == "move"


def summarize(diff: ArticleDiff) -> str:
    """What changed, in words built only from ``diff``: "headline changed; added 2
    paragraphs; changed "23" to "24"; reworded 1 sentence; moved 1 paragraph".

    "no change to the wording" when nothing editorial changed (e.g. only the updated time).
    """
    parts: list[str] = []
    for field, name in FIELD_NAMES.items():
        if any(c.field == field and c.level != "minor" for c in diff.changes):
            parts.append(f"{name} changed")
    body = [c for c in diff.changes if c.field == "body"]
    kinds = {k: p.kind for k, p in enumerate(diff.paragraphs)}

    def inside_kept(change: Change) -> bool:
        return change.paragraph is not None and kinds.get(change.paragraph) in ("change", "move")

    stats = diff.stats
    added_sentences = sum(1 for c in body if c.kind == "addition" and inside_kept(c))
    deleted_sentences = sum(1 for c in body if c.kind == "deletion" and inside_kept(c))
    if stats.paragraphs_added:
        parts.append(f"added {plural(stats.paragraphs_added, 'paragraph')}")
    if added_sentences:
        parts.append(f"added {plural(added_sentences, 'sentence')}")
    if stats.paragraphs_deleted:
        parts.append(f"removed {plural(stats.paragraphs_deleted, 'paragraph')}")
    if deleted_sentences:
        parts.append(f"removed {plural(deleted_sentences, 'sentence')}")
    quoted: list[str] = []
    other_edits = 0
    reworded = 0
    minor: set[str] = set()
    for change in body:
        if change.kind != "edit":
            continue
        if change.level == "minor":
            minor.update(change.signals)
        elif change.level == "substantive" and QUOTED_SIGNALS & set(change.signals):
            found = quoted_change(diff, change)
            if found is None or len(quoted) >= MAX_QUOTED:
                other_edits += 1
            else:
                quoted.extend(item for item in found if item not in quoted)
        elif change.level == "substantive":
            other_edits += 1
        else:
            reworded += 1
    parts.extend(quoted)
    if other_edits:
        parts.append(f"changed {plural(other_edits, 'other sentence' if quoted else 'sentence')}")
    if reworded:
        parts.append(f"reworded {plural(reworded, 'sentence')}")
    sentence_moves = sum(
        1 for c in body if c.kind == "move" and c.paragraph is not None and not _moved(diff, c)
    )
    if stats.paragraphs_moved:
        parts.append(f"moved {plural(stats.paragraphs_moved, 'paragraph')}")
    if sentence_moves:
        parts.append(f"moved {plural(sentence_moves, 'sentence')}")
    shown_minor = [name for name in _MINOR_ORDER if name in minor]
    if shown_minor:
        parts.append(f"minor {' and '.join(shown_minor)} fixes")
    return "; ".join(parts) if parts else "no change to the wording"
