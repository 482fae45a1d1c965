"""The correction log: building entries, reading notes printed in the body, judging wording.

Pure functions, no I/O. The log itself lives in ``Article.corrections`` (the front matter's
``corrections:`` list); entries are append-only once saved.

- ``new_correction`` makes the next entry of an article's log (ids ``c1``, ``c2`` ... in order).
- ``body_note`` recognises a note a newsroom printed in the text ("Correction: ...",
  "Correction - August 22, 2017: ...", "Editor's note: ...", "This article was amended on
  ...", "An earlier version of this article misstated ...", "This story has been updated
  ..."), so that it counts as a log entry of the revision that inserted it.
- ``history_notes`` lists every note of an article's history, each with the revision that
  first holds it and the revision it explains (a log entry's ``fixed_in``; a note published
  one revision late is credited to the change it explains): what ``check`` judges and what
  reader notes show, each note under one revision.
- ``news_changes`` leaves out of a diff the paragraphs that are in-body notes: a note is not
  news; ``removed_body_notes`` finds the in-body notes a revision took out.
- ``wording_problem`` says why a correction's text does not tell readers what was wrong;
  ``note_wording_problem`` is the ``correction-wording`` rule itself (which notes it judges),
  called by ``check`` and by ``correct``, which refuses what ``check`` would reject.
- ``acceptances`` lists the ``accepted`` entries (``articlediff accept``) by the revision
  each answers for: never notes, honoured by ``check``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Final

from articlediff.errors import InputError
from articlediff.model import (
    CORRECTION_KINDS,
    Correction,
    Revision,
    next_correction_id,
    resolve_revision,
)

if TYPE_CHECKING:
    from articlediff.diff import ArticleDiff, Change, ParagraphDiff
    from articlediff.diff.model import Level


_APOSTROPHE: Final = r"['’ʼ]"
_DASH: Final = r"[-–—:]"
LABEL: Final = re.compile(
    rf"^\s*(?P<label>corrections?|clarifications?|updates?|editor{_APOSTROPHE}?s{_APOSTROPHE}?\s+note)"
    r"(?:\s*[-–—,(]?\s*(?:on\s+)?[A-Za-z]*\.?\s*\d[\w ,./]{0,30}?\)?)?"
    rf"\s*{_DASH}",
    re.IGNORECASE,
)
"""A note's leading label: "Correction:", "Update -", "Correction - August 22, 2017:"."""

_LABEL_KINDS: Final = {
    "correction": "correction",
    "clarification": "clarification",
    "update": "update",
    "editor": "editors_note",
}

# Notes printed as sentences rather than behind a label, with the log kind they stand for.
_SENTENCE_NOTES: Final = (
    (
        re.compile(
            r"^\s*(?:this|the|an? earlier version of this)\s+(?:article|story|report|piece)"
            r"\s+(?:was|has been|had)\s+(?:amended|corrected)\b",
            re.IGNORECASE,
        ),
        "correction",
    ),
    (
        re.compile(
            r"^\s*an?\s+(?:earlier|previous|original)\s+version\s+of\s+this\s+"
            r"(?:article|story|report|piece)\b",
            re.IGNORECASE,
        ),
        "correction",
    ),
    (
        re.compile(
            r"^\s*(?:this|the)\s+(?:article|story|report|piece)\s+(?:has\s+been|was|is\s+being)"
            r"\s+updated\b",
            re.IGNORECASE,
        ),
        "update",
    ),
)

# Words that tell the reader what was wrong.
_WHAT_WAS_WRONG: Final = re.compile(
    r"\b(?:mis(?:stat|quot|spel|identif|attribut|report|nam|represent|describ|label|dat|"
    r"gender|translat|read|heard|print|lead|tak|took|character|count|calculat)\w*|"
    r"incorrect(?:ly)?|erroneous(?:ly)?|wrong(?:ly)?|"
    r"inaccurate(?:ly)?|in error|an error|earlier version|previous version|original version|"
    r"previously (?:said|stated|reported|described|gave|named|identified)|"
    r"should have (?:said|been|read|stated)|not (?:as|the)\b|overstated|understated|"
    r"omitted|left out|confused|conflated)",
    re.IGNORECASE,
)
# Words that say something changed without saying what was wrong.
EUPHEMISMS: Final = (
    "fixed",
    "tweaked",
    "amended",
    "updated",
    "edited",
    "changed",
    "adjusted",
    "refreshed",
    "revised",
    "corrected",
    "polished",
    "cleaned up",
)
_EUPHEMISM: Final = re.compile(
    r"\b(" + "|".join(re.escape(word) for word in EUPHEMISMS) + r")\b", re.IGNORECASE
)


@dataclass(frozen=True)
class BodyNote:
    """A note printed in the body: the paragraph's text and the log kind it stands for."""

    kind: str
    text: str


def new_correction(
    entries: Sequence[Correction],
    *,
    kind: str,
    text: str,
    at: datetime,
    fixed_in: str,
) -> Correction:
    """The next entry of the log ``entries``; ``InputError`` on a bad kind, text or time."""
    if kind not in CORRECTION_KINDS:
        raise InputError(
            f"unknown correction kind {kind!r}: use one of {', '.join(CORRECTION_KINDS)}"
        )
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InputError("the correction's --text is empty: say what was wrong")
    if at.utcoffset() is None:
        raise InputError("the correction's time needs a UTC offset")
    return Correction(
        id=next_correction_id(entries), kind=kind, at=at, text=cleaned, fixed_in=fixed_in
    )


@functools.lru_cache(maxsize=8192)
def body_note(paragraph: str) -> BodyNote | None:
    """The note ``paragraph`` prints, if it is one (see the module docstring). Kept per
    text: a history's pairs ask of the same paragraphs again and again."""
    text = " ".join(paragraph.split())
    # Notes are often set in italics or bold: "*Correction: ...*", "**Update:** ...".
    bare = text.lstrip("*_ ").replace("**", "").replace("__", "")
    label = LABEL.match(bare)
    if label:
        word = label.group("label").casefold()
        kind = next(k for prefix, k in _LABEL_KINDS.items() if word.startswith(prefix))
        return BodyNote(kind, text)
    for pattern, kind in _SENTENCE_NOTES:
        if pattern.match(bare):
            return BodyNote(kind, text)
    return None


def added_body_notes(
    previous: Sequence[str], current: Sequence[str], paragraphs: Iterable[ParagraphDiff]
) -> list[BodyNote]:
    """The in-body notes a revision printed: found in the paragraphs it inserted or changed
    (``paragraphs`` of the diff from ``previous`` to ``current`` body), leaving out a note
    that was already there word for word before a change elsewhere in its paragraph."""
    notes = []
    for paragraph in paragraphs:
        if paragraph.new_index is None or paragraph.kind not in ("insert", "change"):
            continue
        note = body_note(current[paragraph.new_index])
        if note is None:
            continue
        if paragraph.kind == "change" and paragraph.old_index is not None:
            before = body_note(previous[paragraph.old_index])
            if before is not None and before.text == note.text:
                continue
        notes.append(note)
    return notes


def note_paragraphs(previous: Sequence[str], current: Sequence[str], diff: ArticleDiff) -> set[int]:
    """The indexes into ``diff.paragraphs`` of the paragraphs that are in-body notes on
    either side (``previous`` and ``current`` are the two bodies ``diff`` compares)."""
    out = set()
    for index, paragraph in enumerate(diff.paragraphs):
        texts = []
        if paragraph.old_index is not None:
            texts.append(previous[paragraph.old_index])
        if paragraph.new_index is not None:
            texts.append(current[paragraph.new_index])
        if any(body_note(text) is not None for text in texts):
            out.add(index)
    return out


def news_changes(
    previous: Sequence[str], current: Sequence[str], diff: ArticleDiff
) -> tuple[Change, ...]:
    """The changes of ``diff`` that are news: all but those in paragraphs that are in-body
    notes (printing, rewording or removing a note is judged as a note, not as news)."""
    notes = note_paragraphs(previous, current, diff)
    if not notes:
        return diff.changes
    return tuple(change for change in diff.changes if change.paragraph not in notes)


def news_level(previous: Sequence[str], current: Sequence[str], diff: ArticleDiff) -> Level:
    """The highest level among ``news_changes`` (``minor`` when there are none)."""
    levels = {change.level for change in news_changes(previous, current, diff)}
    order: tuple[Level, ...] = ("substantive", "update")
    return next((level for level in order if level in levels), "minor")


def removed_body_notes(
    previous: Sequence[str], current: Sequence[str], paragraphs: Iterable[ParagraphDiff]
) -> list[BodyNote]:
    """The in-body notes a revision took out: a note paragraph deleted, or changed so that it
    no longer reads as a note, whose text is nowhere in ``current`` any more."""
    kept: set[str] | None = None  # the texts of ``current``, made when a note needs them
    notes = []
    for paragraph in paragraphs:
        if paragraph.old_index is None or paragraph.kind not in ("delete", "change"):
            continue
        note = body_note(previous[paragraph.old_index])
        if note is None:
            continue
        if kept is None:
            kept = {" ".join(text.split()) for text in current}
        if note.text in kept:
            continue
        if paragraph.new_index is not None and body_note(current[paragraph.new_index]):
            continue  # reworded, still a note
        notes.append(note)
    return notes


@dataclass(frozen=True)
class HistoryNote:
    """A note in an article's history: a correction-log entry (``entry``) or a note printed
    in the body.

    ``appears`` is the index (into the history) of the revision that first holds it;
    ``explains`` the index of the revision whose text it explains: the one a log entry's
    ``fixed_in`` names (``None`` when that names no revision), else the one it appears in;
    but a note that came one revision late (see ``history_notes``) explains the revision
    before the one it appears in.
    """

    kind: str
    text: str
    appears: int
    explains: int | None
    entry: Correction | None = None
    superseded_by: Correction | None = None
    """The later log entry that replaces this one's wording (its ``supersedes``), if any."""

    @property
    def label(self) -> str:
        return f"log entry {self.entry.id}" if self.entry else "in-body note"


def explained_revision(history: Sequence[Revision], entry: Correction, appears: int) -> int | None:
    """The index of the revision log entry ``entry`` explains: the one its ``fixed_in`` names
    (``rN`` or a commit id; ``None`` when that names no revision of ``history``), else
    ``appears``, the revision that first holds the entry."""
    if not entry.fixed_in:
        return appears
    try:
        return resolve_revision(history, entry.fixed_in, None).number - 1
    except InputError:
        return None


def history_notes(
    history: Sequence[Revision], diff: Callable[[int], ArticleDiff | None]
) -> list[HistoryNote]:
    """Every note of an article's ``history`` (oldest first), revision by revision: each log
    entry once, at the first revision that holds it, then the notes the revision printed in
    its body (found in ``diff(index)``, its diff against the revision before; none where that
    is ``None``). ``accepted`` entries are not notes and are left out.

    A note published one revision late is credited to the change it explains: a note that
    would explain its own revision rN+1, when rN+1 has no substantive change of its own
    (the note's paragraph aside) and rN has a substantive change no note explains in time,
    explains rN (``check`` reports it as ``late-note``, reader notes show it under rN).
    """
    return notes_of_history(
        history,
        lambda index: printed_notes(history, index, diff(index)),
        lambda index: pair_news_level(history, index, diff(index)),
    )


def printed_notes(
    history: Sequence[Revision], index: int, diff: ArticleDiff | None
) -> list[BodyNote] | None:
    """The in-body notes revision ``index`` of ``history`` printed, found in ``diff``, its
    diff against the revision before (``None``: not known)."""
    if diff is None:
        return None
    before = history[index - 1].article.body
    return added_body_notes(before, history[index].article.body, diff.paragraphs)


def pair_news_level(
    history: Sequence[Revision], index: int, diff: ArticleDiff | None
) -> Level | None:
    """``news_level`` of revision ``index`` of ``history`` against the one before, from
    ``diff``, their diff (``None``: not known)."""
    if diff is None:
        return None
    return news_level(history[index - 1].article.body, history[index].article.body, diff)


def notes_of_history(
    history: Sequence[Revision],
    added: Callable[[int], Sequence[BodyNote] | None],
    level: Callable[[int], Level | None],
) -> list[HistoryNote]:
    """``history_notes`` from what each pair says rather than its diff: ``added(index)``,
    the in-body notes revision ``index`` printed (``added_body_notes``), and
    ``level(index)``, its ``news_level`` against the revision before (each ``None`` where
    the pair is not known). ``check`` passes a pair summary's (``check.summary``), so that
    the pairs need not be diffed again."""
    notes: list[HistoryNote] = []
    known: set[str] = set()
    replaced = _superseding(history)
    for index, revision in enumerate(history):
        found: list[HistoryNote] = []
        for entry in revision.article.corrections:
            if entry.id in known or not entry.for_readers:
                continue
            known.add(entry.id)
            explains = explained_revision(history, entry, index)
            found.append(
                HistoryNote(entry.kind, entry.text, index, explains, entry, replaced.get(entry.id))
            )
        printed = added(index) if index else None
        for note in printed or ():
            found.append(HistoryNote(note.kind, note.text, index, index))
        if found and _owes_note(history, level, notes, index - 1):
            found = [
                replace(note, explains=index - 1) if note.explains == index else note
                for note in found
            ]
        notes.extend(found)
    return notes


def _owes_note(
    history: Sequence[Revision],
    level: Callable[[int], Level | None],
    notes: Sequence[HistoryNote],
    index: int,
) -> bool:
    """Whether revision ``index`` has a substantive change that none of ``notes`` explains,
    and the revision after it none of its own (so that a note the next one prints is late
    for this one rather than on time for itself)."""
    if index < 1 or history[index].kind == "technical":
        return False
    if any(note.explains == index for note in notes):
        return False
    own, following = level(index), level(index + 1)
    if own is None or following is None:
        return False
    return own == "substantive" and following != "substantive"


def _superseding(history: Sequence[Revision]) -> dict[str, Correction]:
    """Each superseded entry's id with the first later entry that supersedes it."""
    out: dict[str, Correction] = {}
    for revision in history:
        for entry in revision.article.corrections:
            if entry.supersedes and entry.supersedes != entry.id:
                out.setdefault(entry.supersedes, entry)
    return out


def acceptances(history: Sequence[Revision]) -> dict[int, Correction]:
    """The ``accepted`` log entries of ``history`` by the index of the revision each
    answers for (its ``fixed_in``); the first one wins, and one naming no revision is left
    out (``check``'s ``correction-reference`` rule reports it)."""
    out: dict[int, Correction] = {}
    known: set[str] = set()
    for index, revision in enumerate(history):
        for entry in revision.article.corrections:
            if entry.for_readers or entry.id in known:
                continue
            known.add(entry.id)
            target = explained_revision(history, entry, index)
            if target is not None:
                out.setdefault(target, entry)
    return out


def note_wording_problem(kind: str, text: str, *, in_body: bool = False) -> str | None:
    """Why the ``correction-wording`` rule rejects a note, or ``None``: the rule judges
    ``correction`` notes only, and an in-body note only when it starts with a label (a
    sentence-style note, "This article was amended ...", has none). ``check`` and
    ``correct`` both call it, so ``correct`` refuses exactly what ``check`` would reject."""
    if kind != "correction":
        return None
    if in_body and not LABEL.match(text.lstrip("*_ ")):
        return None
    return wording_problem(text)


def wording_problem(text: str) -> str | None:
    """Why a correction's ``text`` fails the wording rule, or ``None`` when it passes.

    The text must start with a label (Correction, Clarification, Update or Editor's note,
    then a colon or a dash) and say what was wrong ("misstated", "incorrectly", "an
    earlier version ..."); words like "fixed" or "tweaked" alone do not.
    """
    bare = " ".join(text.split()).lstrip("*_ ").replace("**", "")
    problems = []
    if not LABEL.match(bare):
        problems.append(
            "does not start with a label (Correction:, Clarification:, Update: or Editor's note:)"
        )
    if not _WHAT_WAS_WRONG.search(bare):
        euphemism = _EUPHEMISM.search(bare)
        if euphemism:
            problems.append(
                f"says only {euphemism.group(1).lower()!r}, not what was wrong "
                "(e.g. 'an earlier version misstated ...')"
            )
        else:
            problems.append("does not say what was wrong (e.g. 'an earlier version misstated ...')")
    return "; ".join(problems) if problems else None
