"""Reader notes for each revision of an article: pure functions of its history, no I/O.

For every revision after the first, a note a reader can trust, leading with the news:

- the text of the newsroom's own notes for it: the correction-log entries that explain it
  (``HistoryNote.explains``: the revision a log entry's ``fixed_in`` names, or the change a
  note published one revision late is credited to) and the notes printed in its body
  ("Correction: ...", "This article was amended on ..."); each entry under one revision only;
- then a summary generated from the classified diff against the revision before, the most
  important change first (``notes.rank``). It only describes what changed: counts, which
  fields changed, and changed numbers, names, dates, negations and quoted words, quoted
  verbatim from the text. It never names a source or says why, never quotes typography or
  page furniture, and never describes an in-body note as news. A revision whose changes are
  all minor (spelling, punctuation, typography, furniture, moves) is summed up as
  "minor edits".

``technical`` revisions (re-extractions) get no reader note: they are not editorial changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import pairwise
from typing import Final, Literal, Protocol

from articlediff.analysis.corrections import (
    BodyNote,
    news_changes,
    notes_of_history,
    pair_news_level,
    printed_notes,
)
from articlediff.analysis.excerpts import quote, replacements
from articlediff.common.furniture import FurniturePattern
from articlediff.common.timeutil import format_moment, format_time
from articlediff.common.words import plural
from articlediff.diff import ArticleDiff, Change, DiffStats, count_words, diff_articles, tokenize
from articlediff.diff.model import Level
from articlediff.diff.normalize import plain
from articlediff.diff.tokens import shared_ends
from articlediff.model import Revision
from articlediff.notes.rank import ranked_changes

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
NO_CHANGE: Final = "no change to the wording"
MINOR_ONLY: Final = "minor edits"
"""The whole summary of a revision whose changes are all minor: nothing is quoted."""


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

    ``label`` says when ("Updated 19 June 2024, 08:14 BST"); ``summary`` is the generated
    description of the diff, most important change first; ``entries`` the newsroom's own
    notes, which come first in what readers are told.
    """

    revision: Revision
    at: datetime
    label: str
    summary: str
    entries: tuple[NoteEntry, ...]
    diff: ArticleDiff | None
    """The diff against the revision before; ``None`` when the note was made from the pair's
    summary (``PairFacts``) alone."""
    verdict: Level
    stats: DiffStats

    @property
    def source(self) -> NoteSource:
        if any(entry.id is not None for entry in self.entries):
            return "log"
        return "body" if self.entries else "generated"

    @property
    def summarised(self) -> bool:
        """Whether readers are shown the generated summary (always without entries; beside
        them when the wording changed)."""
        return not self.entries or not self.summary.startswith(NO_CHANGE)

    @property
    def newsworthy(self) -> bool:
        """Whether the note tells readers of a change worth a correction comment: it has
        the newsroom's entries, or its wording changed by more than minor edits."""
        return bool(self.entries) or not self.summary.startswith((NO_CHANGE, MINOR_ONLY))

    @property
    def newsroom_text(self) -> str:
        """The entries' text, oldest first ("" when the newsroom wrote none)."""
        return " ".join(entry.text for entry in self.entries)

    @property
    def shown(self) -> str:
        """What readers are told after the label: the entries' text, then the summary
        ("Correction: ... Changes: changed "23" to "24"; headline changed.")."""
        if not self.summarised:
            return self.newsroom_text
        if not self.entries:
            return self.summary + "."
        return f"{self.newsroom_text} Changes: {self.summary}."

    @property
    def text(self) -> str:
        """What readers are told, standing on its own (e.g. a ``CorrectionComment``)."""
        shown = self.shown
        return shown[:1].upper() + shown[1:]

    @property
    def sentence(self) -> str:
        """The note with its time: "Updated 19 June 2024, 08:14 BST: headline changed."."""
        return f"{self.label}: {self.shown}"


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
        its first revision. A date stated alone (``published_date_only``) is kept in the
        zone it was read in, so that its date is the one stated."""
        moment = self.latest.article.published or self.first.at
        return moment if self.published_date_only else moment.astimezone(self.tz)

    @property
    def published_date_only(self) -> bool:
        """Whether ``published`` is a date the article stated alone."""
        article = self.latest.article
        if article.published is not None:
            return article.published_date_only
        return self.first.at_date_only

    @property
    def last_editorial(self) -> Revision:
        """The latest editorial revision (technical ones never count), else the first."""
        editorial = [r for r in self.revisions if r.kind != "technical"] or [self.first]
        return editorial[-1]

    @property
    def modified(self) -> datetime:
        """The time of the latest editorial revision; a date stated alone (``at_date_only``)
        kept in the zone it was read in, as ``published``."""
        revision = self.last_editorial
        return revision.at if revision.at_date_only else revision.at.astimezone(self.tz)

    @property
    def modified_date_only(self) -> bool:
        """Whether ``modified`` is a date the article stated alone."""
        return self.last_editorial.at_date_only

    def note_for(self, revision: Revision) -> ReaderNote | None:
        for note in self.notes:
            if note.revision.commit == revision.commit:
                return note
        return None


def when(moment: datetime, tz: tzinfo, *, date_only: bool = False) -> str:
    """``moment`` in ``tz`` for readers: "19 June 2024, 08:14 BST"; with ``date_only``
    (a date stated alone) the date in the zone it was read in: "19 June 2024".

    The zone's abbreviation where it has a lettered one, else its offset ("UTC-03:00").
    The month names are English whatever the locale, so output is the same everywhere.
    """
    if date_only:
        return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    local = moment.astimezone(tz)
    name = local.tzname() or ""
    if not name.isalpha():
        offset = local.strftime("%z") or "+0000"
        name = f"UTC{offset[:3]}:{offset[3:]}"
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M} {name}"


def when_and_iso(moment: datetime, tz: tzinfo, *, date_only: bool = False) -> tuple[str, str]:
    """``when`` and the matching ISO 8601 text for a ``<time datetime>``: the time in
    ``tz`` with its offset, or the date alone for a date stated alone."""
    if date_only:
        return when(moment, tz, date_only=True), format_moment(moment, True)
    return when(moment, tz), format_time(moment.astimezone(tz))


def revision_when(revision: Revision, tz: tzinfo) -> tuple[str, str]:
    """``when_and_iso`` of a revision's time (a date when it is one its article stated)."""
    return when_and_iso(revision.at, tz, date_only=revision.at_date_only)


def revision_label(revision: Revision, tz: tzinfo) -> str:
    verb = _VERBS.get(revision.kind, "Updated")
    return f"{verb} {when(revision.at, tz, date_only=revision.at_date_only)}"


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


class PairFacts(Protocol):
    """What a reader note needs of a pair whose words it does not quote: the pair summary
    of ``articlediff.check.summary`` (``PairSummary``) has it."""

    @property
    def verdict(self) -> Level: ...
    @property
    def stats(self) -> DiffStats: ...
    @property
    def news(self) -> Level: ...
    @property
    def news_changes(self) -> int: ...
    @property
    def body_notes(self) -> Sequence[BodyNote]: ...


def article_notes(
    history: Sequence[Revision],
    tz: tzinfo,
    diffs: Sequence[ArticleDiff | None] | None = None,
    furniture: tuple[FurniturePattern, ...] | None = None,
    summaries: Sequence[PairFacts | None] | None = None,
) -> ArticleNotes:
    """The reader notes of an article's ``history`` (oldest first, as ``Store.history``);
    ``furniture`` as for ``history_diffs``.

    ``summaries``, when ``diffs`` are not given, holds pairs' summaries already known (index
    by index, ``None`` where not known; computed under the same furniture): a pair whose
    note quotes no words (its news is minor: "minor edits", or none: "no change to the
    wording") or that is technical is then not diffed, and its diff in the result is
    ``None``; the notes are the same as from the diffs."""
    if not history:
        raise ValueError("an article's history has at least one revision")
    revisions = tuple(history)
    known = tuple(summaries) if summaries is not None and diffs is None else ()

    def facts(index: int) -> PairFacts | None:
        return known[index] if index < len(known) else None

    def quiet(index: int) -> bool:
        found = facts(index)
        return found is not None and (found.news == "minor" or revisions[index].kind == "technical")

    if diffs is not None:
        all_diffs = tuple(diffs)
    elif not known:
        all_diffs = history_diffs(revisions, furniture)
    else:
        all_diffs = (
            None,
            *(
                None
                if quiet(index)
                else diff_articles(
                    revisions[index - 1].article, revisions[index].article, furniture=furniture
                )
                for index in range(1, len(revisions))
            ),
        )
    attached, elsewhere = _attached_notes(revisions, all_diffs, facts)
    notes: list[ReaderNote] = []
    for index in range(1, len(revisions)):
        revision, diff, found = revisions[index], all_diffs[index], facts(index)
        if revision.kind == "technical" or (diff is None and found is None):
            continue
        entries = attached.get(index, [])
        if diff is not None:
            news = news_changes(revisions[index - 1].article.body, revision.article.body, diff)
            summary = summarize(diff, news)
            verdict, stats = diff.verdict, diff.stats
        else:
            assert found is not None
            summary = MINOR_ONLY if found.news_changes else NO_CHANGE
            verdict, stats = found.verdict, found.stats
        if summary == NO_CHANGE and elsewhere.get(index):
            shown_at = ", ".join(when(revisions[k].at, tz) for k in elsewhere[index])
            summary = f"{NO_CHANGE}; added a note to the revision of {shown_at}"
        notes.append(
            ReaderNote(
                revision,
                revision.at if revision.at_date_only else revision.at.astimezone(tz),
                revision_label(revision, tz),
                summary,
                tuple(entries),
                diff,
                verdict,
                stats,
            )
        )
    return ArticleNotes(revisions[0].article_id, revisions, all_diffs, tuple(notes), tz)


def _attached_notes(
    revisions: Sequence[Revision],
    diffs: Sequence[ArticleDiff | None],
    facts: Callable[[int], PairFacts | None],
) -> tuple[dict[int, list[NoteEntry]], dict[int, list[int]]]:
    """The newsroom's notes under each revision: a log entry under the revision it explains
    (the one that first holds it when its ``fixed_in`` names no revision), sorted by time,
    then the notes the revision printed in its body. Second, for each revision that holds
    notes shown under other revisions, those revisions."""
    logged: dict[int, list[NoteEntry]] = {}
    printed: dict[int, list[NoteEntry]] = {}
    elsewhere: dict[int, list[int]] = {}

    def added(index: int) -> Sequence[BodyNote] | None:
        found = facts(index)
        if found is not None:
            return found.body_notes
        return printed_notes(revisions, index, diffs[index])

    def level(index: int) -> Level | None:
        found = facts(index)
        return found.news if found is not None else pair_news_level(revisions, index, diffs[index])

    for note in notes_of_history(revisions, added, level):
        if note.superseded_by is not None:
            continue  # a later entry rewords it: readers see that one
        target = note.appears if note.explains is None else note.explains
        if target != note.appears and target not in elsewhere.get(note.appears, []):
            elsewhere.setdefault(note.appears, []).append(target)
        if note.entry is None:
            entry = NoteEntry(note.kind, note.text, revisions[note.appears].at)
            printed.setdefault(target, []).append(entry)
            continue
        shown = NoteEntry(note.kind, " ".join(note.text.split()), note.entry.at, note.entry.id)
        logged.setdefault(target, []).append(shown)
    for entries in logged.values():
        entries.sort(key=lambda e: (e.at, e.id or ""))
    attached = {
        index: logged.get(index, []) + printed.get(index, [])
        for index in sorted({*logged, *printed})
    }
    return attached, {index: sorted(targets) for index, targets in elsewhere.items()}


# -- generated summaries ---------------------------------------------------------------------


def _words(text: str | None) -> int:
    return count_words(tokenize(text)) if text else 0


def _words_of(text: str | None) -> set[str]:
    return {token.casefold() for token in tokenize(plain(text))} if text else set()


def _trimmed(old: str | None, new: str | None) -> tuple[str | None, str | None]:
    """A replaced run without the words at either end that differ only in typography
    (``"Russia's" 23rd`` → ``“Russia’s” 24th`` is ``23rd`` → ``24th``)."""
    if old is None or new is None:
        return old, new
    a, b = tokenize(plain(old)), tokenize(plain(new))
    head, tail = shared_ends(a, b)
    prefix, suffix = plain("".join(a[:head])), plain("".join(a[len(a) - tail :]))
    return _inner(old, prefix, suffix), _inner(new, prefix, suffix)


def _inner(text: str, prefix: str, suffix: str) -> str | None:
    """``text`` without the most tokens at its start that read as ``prefix`` and at its end
    that read as ``suffix`` once normalised."""
    tokens = tokenize(text)
    starts = [k for k in range(len(tokens) + 1) if plain("".join(tokens[:k])) == prefix]
    rest = tokens[max(starts, default=0) :]
    cut = [k for k in range(len(rest) + 1) if plain("".join(rest[len(rest) - k :])) == suffix]
    end = len(rest) - max(cut, default=0)
    return "".join(rest[:end]).strip() or None


def quoted_change(diff: ArticleDiff, change: Change) -> list[str] | None:
    """The changed words of a body edit, quoted verbatim ('changed "23" to "24"'), or
    ``None`` when they are too long to quote or cannot be placed in the sentence.

    Only the runs that carry the change's decisive words are quoted: a curly quote or a
    dash put right in the same sentence is typography, never quoted."""
    if change.paragraph is None or not change.sentence_old or not change.sentence_new:
        return None
    decisive = {w for r in change.decisive for w in _words_of(r.old) | _words_of(r.new)}
    runs = [
        (old, new)
        for old, new in replacements(diff.paragraphs[change.paragraph].ops)
        if (old is None or old.strip() in change.sentence_old)
        and (new is None or new.strip() in change.sentence_new)
        and plain(old or "") != plain(new or "")
        and (not decisive or (_words_of(old) | _words_of(new)) & decisive)
    ]
    if not runs or any(
        _words(old) > MAX_QUOTED_WORDS or _words(new) > MAX_QUOTED_WORDS for old, new in runs
    ):
        return None
    out = []
    for old, new in (_trimmed(old, new) for old, new in runs):
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


class _Items:
    """The parts of a summary, each placed by the rank of the most important change it
    describes (parts describing no ranked change go last, in the order they were added)."""

    def __init__(self, ranked: Sequence[Change]) -> None:
        self.rank = {id(change): index for index, change in enumerate(ranked)}
        self.items: list[tuple[int, int, str]] = []

    def first(self, changes: Sequence[Change]) -> int:
        """The rank of the most important of ``changes``."""
        return min((self.rank[id(c)] for c in changes), default=len(self.rank))

    def add(self, text: str, changes: Sequence[Change] = ()) -> None:
        self.items.append((self.first(changes), len(self.items), text))

    def text(self) -> str:
        return "; ".join(text for _, _, text in sorted(self.items))


def summarize(diff: ArticleDiff, changes: Sequence[Change] | None = None) -> str:
    """What changed, in words built only from ``diff``, most important change first:
    'changed "23" to "24"; headline changed; added 2 paragraphs; reworded 1 sentence;
    moved 1 paragraph'.

    ``changes`` are the changes to describe (default: all of the diff's; reader notes leave
    out in-body notes). "minor edits" when all of them are minor, "no change to the wording"
    when there are none (e.g. only the updated time changed).
    """
    chosen = diff.changes if changes is None else tuple(changes)
    if not chosen:
        return NO_CHANGE
    if all(change.level == "minor" for change in chosen):
        return MINOR_ONLY
    ranked = ranked_changes(diff, chosen)
    items = _Items(ranked)
    wording = [c for c in ranked if c.level != "minor"]
    for field, name in FIELD_NAMES.items():
        in_field = [c for c in wording if c.field == field]
        if in_field:
            items.add(f"{name} changed", in_field)
    body = [c for c in ranked if c.field == "body"]
    kinds = {k: p.kind for k, p in enumerate(diff.paragraphs)}

    def where(change: Change) -> str | None:
        return None if change.paragraph is None else kinds.get(change.paragraph)

    def counted(kind: str, places: tuple[str, ...]) -> list[Change]:
        return [c for c in body if c.kind == kind and c.level != "minor" and where(c) in places]

    for verb, kind, whole in (("added", "addition", "insert"), ("removed", "deletion", "delete")):
        paragraphs = counted(kind, (whole,))
        if paragraphs:
            count = len({c.paragraph for c in paragraphs})
            items.add(f"{verb} {plural(count, 'paragraph')}", paragraphs)
        sentences = counted(kind, ("change", "move"))
        if sentences:
            items.add(f"{verb} {plural(len(sentences), 'sentence')}", sentences)
    quoted: list[str] = []
    quoted_first = len(ranked)
    others: list[Change] = []
    reworded: list[Change] = []
    minor: set[str] = set()
    for change in body:
        if change.kind != "edit":
            continue
        if change.level == "minor":
            minor.update(change.signals)
        elif change.level == "substantive" and QUOTED_SIGNALS & set(change.signals):
            found = quoted_change(diff, change)
            if found is None or len(quoted) >= MAX_QUOTED:
                others.append(change)
            else:
                quoted_first = min(quoted_first, items.first([change]))
                for item in found:
                    if item not in quoted:
                        quoted.append(item)
                        items.add(item, [change])
        elif change.level == "substantive":
            others.append(change)
        else:
            reworded.append(change)
    if others:  # "other" only after the quoted ones
        noun = "other sentence" if quoted_first < items.first(others) else "sentence"
        items.add(f"changed {plural(len(others), noun)}", others)
    if reworded:
        items.add(f"reworded {plural(len(reworded), 'sentence')}", reworded)
    moves = [c for c in body if c.kind == "move" and c.paragraph is not None]
    if diff.stats.paragraphs_moved:
        moved = [c for c in moves if _moved(diff, c)]
        items.add(f"moved {plural(diff.stats.paragraphs_moved, 'paragraph')}", moved)
    sentence_moves = [c for c in moves if not _moved(diff, c)]
    if sentence_moves:
        items.add(f"moved {plural(len(sentence_moves), 'sentence')}", sentence_moves)
    shown_minor = [name for name in _MINOR_ORDER if name in minor]
    if shown_minor:
        items.add(f"minor {' and '.join(shown_minor)} fixes")
    return items.text() or MINOR_ONLY
