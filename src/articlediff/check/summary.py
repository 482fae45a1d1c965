"""What the rules, ``audit`` and the batch need of one pair of revisions, without the word
diff itself: its statistics, verdict, decisive reasons at each level, the level of its news
(the in-body notes' paragraphs aside), the changed words of each change (quoted as
``check`` quotes them), the notes the newer revision printed in, or took out of, its body,
and its headline (what ``log`` lists beside the statistics).

A ``PairSummary`` is small and plain, so it can be kept and read back (the store's pair
notes, docs/scale.md): ``to_json`` writes it and ``PairSummary.from_json`` reads it back,
refusing (``None``) anything that is not exactly what ``to_json`` writes, so that a damaged
or hostile note is recomputed, never believed. Pure: no I/O.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Final, cast, get_args

from articlediff.analysis.corrections import (
    BodyNote,
    added_body_notes,
    body_note,
    news_changes,
    news_level,
    removed_body_notes,
)
from articlediff.analysis.excerpts import quote, replacements
from articlediff.common.furniture import FurniturePattern
from articlediff.diff import ArticleDiff, Change, DiffStats, Op, diff_articles, is_word, tokenize
from articlediff.diff.model import LEVELS, ChangeKind, ChangeReason, Level, Reason
from articlediff.diff.normalize import plain
from articlediff.model import Article

SUMMARY_SCHEMA: Final = "articlediff.pair-summary/2"
"""The version of ``PairSummary.to_json``'s shape; a change to it changes it."""

QUOTE_LIMIT: Final = 80
"""Quoted changed words are cut to this many characters."""

_EMPTY: Final = Article(headline="", body=())
_STAT_NAMES: Final = tuple(f.name for f in fields(DiffStats))
_KINDS: Final = frozenset(get_args(ChangeKind))


@dataclass(frozen=True)
class ChangedWords:
    """One change's level and its changed words, quoted (``"23" → "24"``)."""

    level: Level
    words: tuple[str, ...]


@dataclass(frozen=True)
class AlteredNote:
    """An in-body note the newer revision reworded by more than a minor change while it
    still reads as a note: its text before and after, the level of the change and its
    decisive reasons (``altered_notes``)."""

    old: str
    new: str
    level: Level
    reasons: tuple[ChangeReason, ...]


@dataclass(frozen=True)
class PairSummary:
    """One pair of revisions (older → newer), summarised; see the module's docstring."""

    stats: DiffStats
    fields_changed: tuple[str, ...]
    verdict: Level
    level_reasons: tuple[tuple[ChangeReason, ...], ...]
    """The decisive reasons at each level of ``LEVELS``, in that order
    (``ArticleDiff.reasons_at``)."""
    news: Level
    """The level of the changes outside in-body notes' paragraphs (``news_level``)."""
    news_changes: int
    """How many changes (moves included) lie outside in-body notes' paragraphs
    (``news_changes``): none, and a reader note says the wording did not change."""
    changes: tuple[ChangedWords, ...]
    body_notes: tuple[BodyNote, ...]
    """The in-body notes the newer revision printed (``added_body_notes``)."""
    removed_notes: tuple[BodyNote, ...]
    """The in-body notes the newer revision took out (``removed_body_notes``)."""
    altered_notes: tuple[AlteredNote, ...]
    """The in-body notes the newer revision reworded (``altered_notes``)."""
    headline: str
    """The newer revision's headline."""

    @property
    def reasons(self) -> tuple[ChangeReason, ...]:
        """The decisive reasons at the verdict's level."""
        return self.reasons_at()

    def reasons_at(self, level: Level | None = None) -> tuple[ChangeReason, ...]:
        """The decisive reasons at ``level`` (default: the verdict's)."""
        return self.level_reasons[LEVELS.index(self.verdict if level is None else level)]

    def changed_words(self, levels: Collection[str]) -> tuple[str, ...]:
        """The changed words of the changes at ``levels``, each once, in order."""
        out: list[str] = []
        for change in self.changes:
            if change.level in levels:
                out.extend(word for word in change.words if word not in out)
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SUMMARY_SCHEMA,
            "stats": self.stats.to_json(),
            "fields_changed": list(self.fields_changed),
            "verdict": self.verdict,
            "reasons": {
                level: [reason.to_json() for reason in reasons]
                for level, reasons in zip(LEVELS, self.level_reasons, strict=True)
            },
            "news": self.news,
            "news_changes": self.news_changes,
            "changes": [[change.level, list(change.words)] for change in self.changes],
            "body_notes": [[note.kind, note.text] for note in self.body_notes],
            "removed_notes": [[note.kind, note.text] for note in self.removed_notes],
            "altered_notes": [
                [note.old, note.new, note.level, [reason.to_json() for reason in note.reasons]]
                for note in self.altered_notes
            ],
            "headline": self.headline,
        }

    @classmethod
    def from_json(cls, data: object) -> PairSummary | None:
        """The summary ``data`` holds, or ``None`` unless it has exactly the shape
        ``to_json`` writes (types, names, levels, counts that cannot be negative)."""
        try:
            return _summary(data)
        except Refused:
            return None


def summarize(diff: ArticleDiff, old: Article | None, new: Article) -> PairSummary:
    """The summary of ``diff``, the diff from ``old`` (``None``: nothing, for a first
    revision) to ``new``."""
    before = old.body if old is not None else ()
    # Rounded as the JSON form keeps it, so a summary read back equals the one computed.
    stats = replace(diff.stats, share_changed=round(diff.stats.share_changed, 6))
    return PairSummary(
        stats=stats,
        fields_changed=tuple(field.name for field in diff.fields if field.changed),
        verdict=diff.verdict,
        level_reasons=tuple(diff.reasons_at(level) for level in LEVELS),
        news=news_level(before, new.body, diff),
        news_changes=len(news_changes(before, new.body, diff)),
        changes=tuple(
            ChangedWords(change.level, _change_words(diff, change))
            for change in diff.changes
            if change.kind != "move"
        ),
        body_notes=tuple(added_body_notes(before, new.body, diff.paragraphs)),
        removed_notes=tuple(removed_body_notes(before, new.body, diff.paragraphs)),
        altered_notes=altered_notes(before, new.body, diff),
        headline=new.headline,
    )


NOTE_REWORDING: Final = frozenset(("wording",))
"""Minor signals that still alter a printed note: its ordinary words replaced."""


def altered_notes(
    previous: Sequence[str], current: Sequence[str], diff: ArticleDiff
) -> tuple[AlteredNote, ...]:
    """The in-body notes of ``previous`` that ``current`` (the bodies ``diff`` compares)
    changed by more than a minor change (a date, a figure, a name, what was wrong) or whose
    ordinary words were replaced (the wording of the admission) while they still read as
    notes: ``check``'s ``correction-altered``. Typography, spelling, punctuation and case are
    minor: nothing. A
    note kept word for word with more after it (a second note in the paragraph), or kept word
    for word elsewhere in the body, is not altered."""
    if not any(body_note(paragraph) for paragraph in previous):
        return ()
    found = []
    kept = [_note_words(paragraph) for paragraph in current]
    for number, paragraph in enumerate(diff.paragraphs):
        if paragraph.kind not in ("change", "move"):
            continue
        if paragraph.old_index is None or paragraph.new_index is None:
            continue
        old = body_note(previous[paragraph.old_index])
        new = body_note(current[paragraph.new_index])
        if old is None or new is None or old.text == new.text:
            continue  # not a note before, or no longer one (correction-deleted)
        words = _note_words(old.text)
        if any(_holds(other, words) for other in kept):
            continue
        changes = [c for c in diff.changes if c.paragraph == number and c.field == "body"]
        level: Level | None = next(
            (lv for lv in ("substantive", "update") if any(c.level == lv for c in changes)),
            None,
        )
        if level is not None:
            reasons = tuple(
                ChangeReason(change.field, change.kind, reason)
                for change in changes
                if change.level == level
                for reason in change.decisive or change.reasons
            )
        else:
            # In the body a word or two of ordinary wording is house style; in a published
            # correction it is the admission itself ("misstated" → "gave").
            reasons = tuple(
                ChangeReason(change.field, change.kind, reason)
                for change in changes
                for reason in change.reasons
                if reason.signal in NOTE_REWORDING
            )
            if not reasons:
                continue  # typography, spelling, punctuation: the note says the same
            level = "minor"
        found.append(AlteredNote(old.text, new.text, level, reasons))
    return tuple(found)


def _note_words(text: str) -> list[str]:
    """A note's words as a reader reads them: typography normalised (quotes, dashes,
    entities, spaces), punctuation and case left out."""
    normal = plain(unicodedata.normalize("NFKC", text))
    return [token.casefold() for token in tokenize(normal) if is_word(token)]


def _holds(words: Sequence[str], run: Sequence[str]) -> bool:
    """Whether ``run`` appears in ``words`` as a contiguous run."""
    size = len(run)
    return any(list(words[at : at + size]) == list(run) for at in range(len(words) - size + 1))


def summarize_pair(
    old: Article | None, new: Article, furniture: Sequence[FurniturePattern] | None = None
) -> PairSummary:
    """Diff ``old`` (``None`` for a first revision) and ``new`` under the ``furniture``
    patterns (``diff_articles``'s; default: the built-in ones) and summarise the diff."""
    patterns = tuple(furniture) if furniture is not None else None
    return summarize(diff_articles(old or _EMPTY, new, furniture=patterns), old, new)


def changed_words(diff: ArticleDiff, levels: Collection[str]) -> tuple[str, ...]:
    """The changed words of a diff's changes at ``levels``, quoted: ``"23" → "24"``.

    Word runs come from the paragraph's word diff, kept where they fall inside the change's
    sentence; a change with none (a whole sentence added or deleted) is quoted whole.
    """
    out: list[str] = []
    for change in diff.changes:
        if change.level not in levels or change.kind == "move":
            continue
        out.extend(word for word in _change_words(diff, change) if word not in out)
    return tuple(out)


def _change_words(diff: ArticleDiff, change: Change) -> tuple[str, ...]:
    found = [
        _describe(old, new)
        for old, new in replacements(_change_ops(diff, change))
        if (old is not None and change.sentence_old and old.strip() in change.sentence_old)
        or (new is not None and change.sentence_new and new.strip() in change.sentence_new)
    ]
    if not found:
        found = [_describe(change.sentence_old, change.sentence_new)]
    prefix = "" if change.field == "body" else f"{change.field}: "
    out: list[str] = []
    for item in found:
        if prefix + item not in out:
            out.append(prefix + item)
    return tuple(out)


def _describe(old: str | None, new: str | None) -> str:
    if old is not None and new is not None:
        return f"{quote(old, QUOTE_LIMIT)} → {quote(new, QUOTE_LIMIT)}"
    if old is not None:
        return f"deleted {quote(old, QUOTE_LIMIT)}"
    return f"added {quote(new or '', QUOTE_LIMIT)}"


def _change_ops(diff: ArticleDiff, change: Change) -> Sequence[Op]:
    if change.field == "body" and change.paragraph is not None:
        return diff.paragraphs[change.paragraph].ops
    if change.field in ("headline", "standfirst", "byline"):
        return diff.field(change.field).ops
    return ()


# -- reading a summary back, trusting nothing ----------------------------------------------


class Refused(Exception):
    """The data is not what was written (a summary, or a result ``check.kept`` reads back
    with the same helpers)."""


_SUMMARY_FIELDS: Final = frozenset(
    {
        "schema",
        "stats",
        "fields_changed",
        "verdict",
        "reasons",
        "news",
        "news_changes",
        "changes",
        "body_notes",
        "removed_notes",
        "altered_notes",
        "headline",
    }
)
_STAT_FIELDS: Final = frozenset(_STAT_NAMES)
_LEVEL_FIELDS: Final = frozenset(LEVELS)
_REASON_FIELDS: Final = frozenset({"field", "kind", "signal", "old", "new", "level"})


def _summary(data: object) -> PairSummary:
    record = json_mapping(data, _SUMMARY_FIELDS)
    if record["schema"] != SUMMARY_SCHEMA:
        raise Refused
    stats = json_mapping(record["stats"], _STAT_FIELDS)
    counts = [_count(stats[name]) for name in _STAT_NAMES[:-1]]
    by_level = json_mapping(record["reasons"], _LEVEL_FIELDS)
    share = stats["share_changed"]
    if not (isinstance(share, int | float) and not isinstance(share, bool) and 0 <= share <= 1):
        raise Refused
    return PairSummary(
        stats=DiffStats(*counts, share_changed=float(share)),  # type: ignore[misc]
        fields_changed=_texts(record["fields_changed"]),
        verdict=_level(record["verdict"]),
        level_reasons=tuple(
            tuple(reason_from_json(row) for row in json_list(by_level[level])) for level in LEVELS
        ),
        news=_level(record["news"]),
        news_changes=_count(record["news_changes"]),
        changes=tuple(_changed(row) for row in json_list(record["changes"])),
        body_notes=tuple(_note(row) for row in json_list(record["body_notes"])),
        removed_notes=tuple(_note(row) for row in json_list(record["removed_notes"])),
        altered_notes=tuple(_altered(row) for row in json_list(record["altered_notes"])),
        headline=json_text(record["headline"]),
    )


def json_mapping(data: object, names: frozenset[str]) -> Mapping[str, object]:
    """``data`` if it is an object with exactly the fields ``names``, else ``Refused``."""
    if type(data) is not dict or data.keys() != names:
        raise Refused
    return cast("Mapping[str, object]", data)


def json_list(data: object) -> list[object]:
    """``data`` if it is a list, else ``Refused``."""
    if not isinstance(data, list):
        raise Refused
    return data


def _count(data: object) -> int:
    if type(data) is not int or data < 0:
        raise Refused
    return data


def json_text(data: object) -> str:
    """``data`` if it is a string, else ``Refused``."""
    if type(data) is not str:
        raise Refused
    return data


def _texts(data: object) -> tuple[str, ...]:
    if type(data) is not list or not all(type(item) is str for item in data):
        raise Refused
    return tuple(data)


def _level(data: object) -> Level:
    if type(data) is not str or data not in _LEVEL_FIELDS:
        raise Refused
    return data


def reason_from_json(data: object) -> ChangeReason:
    """The reason ``ChangeReason.to_json`` wrote as ``data``, else ``Refused``."""
    row = json_mapping(data, _REASON_FIELDS)
    if type(row["kind"]) is not str or row["kind"] not in _KINDS:  # a list cannot be looked up
        raise Refused
    reason = Reason(
        json_text(row["signal"]), json_text(row["old"]), json_text(row["new"]), _level(row["level"])
    )
    return ChangeReason(json_text(row["field"]), cast("ChangeKind", row["kind"]), reason)


def _changed(data: object) -> ChangedWords:
    row = json_list(data)
    if len(row) != 2:
        raise Refused
    return ChangedWords(_level(row[0]), _texts(row[1]))


def _altered(data: object) -> AlteredNote:
    row = json_list(data)
    if len(row) != 4:
        raise Refused
    reasons = tuple(reason_from_json(reason) for reason in json_list(row[3]))
    return AlteredNote(json_text(row[0]), json_text(row[1]), _level(row[2]), reasons)


def _note(data: object) -> BodyNote:
    row = json_list(data)
    if len(row) != 2:
        raise Refused
    return BodyNote(json_text(row[0]), json_text(row[1]))
