"""Frozen values describing a diff; ``ArticleDiff.to_json()`` gives the documented JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

SCHEMA: Final = "articlediff.diff/1"

OpKind = Literal["equal", "insert", "delete"]
ParagraphKind = Literal["equal", "insert", "delete", "change", "move"]
ChangeKind = Literal["addition", "deletion", "edit", "move"]
Level = Literal["minor", "update", "substantive"]
LEVELS: Final[tuple[Level, ...]] = ("minor", "update", "substantive")


@dataclass(frozen=True)
class Op:
    """One run of text. ``move`` links the two halves of a moved paragraph.

    ``old_text`` is set only on an ``equal`` op whose older bytes differ from ``text`` while
    being the same after NFC normalisation (e.g. NFD vs NFC); rebuilding the older text uses it.
    """

    op: OpKind
    text: str
    move: int | None = None
    old_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "text": self.text}
        if self.move is not None:
            out["move"] = self.move
        if self.old_text is not None:
            out["old_text"] = self.old_text
        return out


@dataclass(frozen=True)
class ParagraphDiff:
    """One body paragraph: where it was (``old_index``), where it is (``new_index``), and how
    its words changed. A ``move`` entry sits at the paragraph's new place."""

    kind: ParagraphKind
    old_index: int | None
    new_index: int | None
    ops: tuple[Op, ...]
    move: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old_index": self.old_index,
            "new_index": self.new_index,
            "move": self.move,
            "ops": [op.to_json() for op in self.ops],
        }


@dataclass(frozen=True)
class FieldDiff:
    """A field diffed on its own: headline, standfirst, byline, captions, published, updated.

    Times are given as ISO 8601 strings with their UTC offset, a value the source gave as a
    date alone as that date (``2019-12-23``); ``None`` when absent.
    """

    name: str
    old: str | None
    new: str | None
    ops: tuple[Op, ...]

    @property
    def changed(self) -> bool:
        return any(op.op != "equal" for op in self.ops)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "old": self.old,
            "new": self.new,
            "changed": self.changed,
            "ops": [op.to_json() for op in self.ops],
        }


@dataclass(frozen=True)
class DiffStats:
    """Counts over the body. Words are word, number and CJK-character tokens.

    ``words_changed`` counts replaced words (in each replacement, the smaller of the words
    removed and the words put in); ``share_changed`` is (added + deleted) / (old + new words).
    Moved paragraphs count only the edits inside them.
    """

    words_old: int
    words_new: int
    words_added: int
    words_deleted: int
    words_changed: int
    paragraphs_added: int
    paragraphs_deleted: int
    paragraphs_changed: int
    paragraphs_moved: int
    share_changed: float

    def to_json(self) -> dict[str, Any]:
        return {
            "words_old": self.words_old,
            "words_new": self.words_new,
            "words_added": self.words_added,
            "words_deleted": self.words_deleted,
            "words_changed": self.words_changed,
            "paragraphs_added": self.paragraphs_added,
            "paragraphs_deleted": self.paragraphs_deleted,
            "paragraphs_changed": self.paragraphs_changed,
            "paragraphs_moved": self.paragraphs_moved,
            "share_changed": round(self.share_changed, 6),
        }


@dataclass(frozen=True)
class Reason:
    """Why a change has its level: a signal, the words on each side, and the level the
    signal gives (``number``, "23" → "24", substantive; ``spelling``, minor …).

    ``old`` and ``new`` are the words as classification read them (typography normalised);
    either is empty for an insertion or a deletion.
    """

    signal: str
    old: str
    new: str
    level: Level

    def to_json(self) -> dict[str, Any]:
        return {"signal": self.signal, "old": self.old, "new": self.new, "level": self.level}


@dataclass(frozen=True)
class Change:
    """One classified edit, in NewsEdits terms, at sentence level.

    ``field`` is ``body`` or a field name; ``paragraph`` is the index into
    ``ArticleDiff.paragraphs`` (``None`` for fields). ``signals`` name what decided
    ``level``; ``reasons`` hold every signal found, with its words and its own level.
    """

    kind: ChangeKind
    field: str
    paragraph: int | None
    sentence_old: str | None
    sentence_new: str | None
    signals: tuple[str, ...]
    level: Level
    reasons: tuple[Reason, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "paragraph": self.paragraph,
            "sentence_old": self.sentence_old,
            "sentence_new": self.sentence_new,
            "signals": list(self.signals),
            "level": self.level,
            "reasons": [r.to_json() for r in self.reasons],
        }

    @property
    def decisive(self) -> tuple[Reason, ...]:
        """The reasons at the change's own level (what a note or a check should quote)."""
        return tuple(r for r in self.reasons if r.level == self.level)


@dataclass(frozen=True)
class ChangeReason:
    """A reason behind a verdict, with the change it belongs to (its field and kind)."""

    field: str
    kind: ChangeKind
    reason: Reason

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "kind": self.kind, **self.reason.to_json()}

    def clause(self, limit: int = 60) -> str:
        """One short clause for people: ``number "23" → "24"``, ``quote added "…"``."""
        r = self.reason
        where = "" if self.field == "body" else f"{self.field} "

        def cut(text: str) -> str:
            text = " ".join(text.split())
            return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'

        if r.old and r.new:
            words = f"{cut(r.old)} → {cut(r.new)}"
        elif r.old:
            words = f"deleted {cut(r.old)}"
        elif r.new:
            words = f"added {cut(r.new)}"
        else:
            words = ""
        return f"{where}{r.signal} {words}".strip()


@dataclass(frozen=True)
class ArticleDiff:
    """Everything that changed between two versions of an article."""

    ops: tuple[Op, ...]
    paragraphs: tuple[ParagraphDiff, ...]
    fields: tuple[FieldDiff, ...]
    stats: DiffStats
    verdict: Level
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        """True if the body or any field differs (an ``updated`` time alone counts here)."""
        return any(op.op != "equal" for op in self.ops) or any(f.changed for f in self.fields)

    def field(self, name: str) -> FieldDiff:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def old_body(self) -> str:
        """The older body, rebuilt from ``ops``."""
        return "".join(
            (op.old_text if op.old_text is not None else op.text)
            for op in self.ops
            if op.op != "insert"
        )

    def new_body(self) -> str:
        """The newer body, rebuilt from ``ops``."""
        return "".join(op.text for op in self.ops if op.op != "delete")

    def reasons_at(self, level: Level | None = None) -> tuple[ChangeReason, ...]:
        """Why the changes at ``level`` (default: the verdict's) have it: each change's
        decisive reasons (``Change.decisive``), in document order; a capped change (a
        caption is at most an update) keeps the reasons it has."""
        wanted = self.verdict if level is None else level
        return tuple(
            ChangeReason(change.field, change.kind, reason)
            for change in self.changes
            if change.level == wanted
            for reason in change.decisive or change.reasons
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict, keys in schema order (see docs/diff.md)."""
        return {
            "schema": SCHEMA,
            "ops": [op.to_json() for op in self.ops],
            "paragraphs": [p.to_json() for p in self.paragraphs],
            "fields": [f.to_json() for f in self.fields],
            "stats": self.stats.to_json(),
            "verdict": self.verdict,
            "changes": [c.to_json() for c in self.changes],
        }
