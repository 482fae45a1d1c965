"""Corpus rows (one revision each, from JSON Lines or Parquet) to article histories.

A row has ``id`` (any non-empty string), ``revision`` (an integer) and/or ``at`` (a time),
``headline`` and ``body`` (paragraphs separated by blank lines, split as the import splits a
numbered corpus file), and optionally ``kind`` and ``note``. Other columns are ignored.

An article's rows are put in order by ``revision`` when its rows have one, else by ``at``.
Two rows in the same place, times that go backwards while revision numbers rise, or an
article that mixes rows with and without the ordering column are refused: the order of the
revisions would be a guess. Pure functions: the rows come from the batch's readers.
"""

from __future__ import annotations

import itertools
import math
import numbers
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from articlediff.common.timeutil import format_time, localize, parse_time
from articlediff.errors import InputError
from articlediff.ingest.decode import normalize_newlines
from articlediff.ingest.markdown import split_paragraphs
from articlediff.model import REVISION_KINDS, Article, Revision

REQUIRED: Final = ("id", "headline", "body")
"""Columns every corpus row needs, besides ``revision`` or ``at``."""
ORDERING: Final = ("revision", "at")
OPTIONAL: Final = ("kind", "note")
COLUMNS: Final = (*REQUIRED[:1], *ORDERING, *REQUIRED[1:], *OPTIONAL)
"""Every column the batch reads, in the order of a normalised row."""

UNTIMED: Final = datetime(1970, 1, 1, tzinfo=UTC)
"""The time given to revisions of an article whose rows have no ``at`` (never shown)."""


@dataclass(frozen=True)
class CorpusRow:
    """One corpus row, checked: ``where`` names its file for messages."""

    article_id: str
    revision: int | None
    at: datetime | None
    headline: str
    body: str
    kind: str | None
    note: str
    where: str = ""

    @property
    def place(self) -> str:
        """The row as messages name it: ``'id' revision 3`` or ``'id' at <time>``."""
        if self.revision is not None:
            return f"{self.article_id!r} revision {self.revision}"
        shown = format_time(self.at) if self.at is not None else "?"
        return f"{self.article_id!r} at {shown}"

    def to_json(self) -> dict[str, Any]:
        """The row as plain values (``at`` in ISO 8601), the form the batch shuffles."""
        return {
            "id": self.article_id,
            "revision": self.revision,
            "at": format_time(self.at) if self.at is not None else None,
            "headline": self.headline,
            "body": self.body,
            "kind": self.kind,
            "note": self.note,
            "where": self.where,
        }


def absent(value: Any) -> bool:
    """Whether a cell holds nothing: missing, ``None``, or the NaN a data frame puts there."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(value != value)  # pandas' NA and NaT are not equal to themselves
    except (TypeError, ValueError):
        return False


def corpus_row(values: Mapping[str, Any], tz: tzinfo, where: str) -> CorpusRow:
    """The row ``values`` checked; ``InputError`` naming ``where`` (its file) otherwise."""
    article_id = values.get("id")
    if absent(article_id) or not isinstance(article_id, str) or not article_id.strip():
        raise InputError(f"{where}: a row has no id (each row needs {_needed()})")
    revision = _revision(values.get("revision"), where, article_id)
    at = _time(values.get("at"), tz, where, article_id)
    if revision is None and at is None:
        raise InputError(f"{where}: a row of {article_id!r} has neither revision nor at")
    place = f"a row of {article_id!r}"
    headline = _text(values.get("headline"), "headline", where, place, required=True)
    body = _text(values.get("body"), "body", where, place, required=True)
    kind = _text(values.get("kind"), "kind", where, place) or None
    if kind is not None and kind not in REVISION_KINDS:
        raise InputError(
            f"{where}: {place} has kind {kind!r}: use one of {', '.join(REVISION_KINDS)}"
        )
    note = _text(values.get("note"), "note", where, place)
    return CorpusRow(article_id, revision, at, headline, body, kind, note, where)


def _needed() -> str:
    return "id, headline, body, and revision or at"


def _revision(value: Any, where: str, article_id: str) -> int | None:
    if absent(value):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{where}: a row of {article_id!r} has revision {value!r}: not a number")
    if isinstance(value, numbers.Integral):
        return operator.index(value)
    number = float(value)
    if number.is_integer():  # a column with gaps comes back from a data frame as floats
        return int(number)
    raise InputError(f"{where}: a row of {article_id!r} has revision {value!r}: not a whole number")


def _time(value: Any, tz: tzinfo, where: str, article_id: str) -> datetime | None:
    if absent(value):
        return None
    if isinstance(value, datetime):
        return localize(value, tz)
    if hasattr(value, "to_pydatetime"):  # a data frame's timestamp
        return localize(value.to_pydatetime(), tz)
    if not isinstance(value, str):
        raise InputError(f"{where}: a row of {article_id!r} has at {value!r}: not a time")
    try:
        return parse_time(value, tz)
    except InputError as error:
        raise InputError(f"{where}: a row of {article_id!r}: {error}") from None


def _text(value: Any, name: str, where: str, place: str, *, required: bool = False) -> str:
    if absent(value):
        if required:
            raise InputError(f"{where}: {place} has no {name} (each row needs {_needed()})")
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}: {place} has {name} {_shown(value)}: not text")
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def corpus_history(rows: Sequence[CorpusRow]) -> tuple[list[Revision], bool]:
    """The revisions of one article's rows, in order, and whether they have times.

    ``InputError`` when the order is not certain (see the module docstring).
    """
    first = rows[0]
    by_number = [row.revision is not None for row in rows]
    if any(by_number) and not all(by_number):
        raise InputError(
            f"{first.where}: {first.article_id!r} mixes rows with and without a revision number"
        )
    timed = all(row.at is not None for row in rows)
    if not timed and any(row.at is not None for row in rows):
        raise InputError(f"{first.where}: {first.article_id!r} mixes rows with and without at")
    if all(by_number):
        ordered = sorted(rows, key=lambda row: row.revision or 0)
        for before, after in itertools.pairwise(ordered):
            if after.revision == before.revision:
                raise InputError(f"{after.where}: {after.place} appears twice")
            if timed and after.at is not None and before.at is not None and after.at < before.at:
                raise InputError(
                    f"{after.where}: revisions of {after.article_id!r} are not in time order: "
                    f"revision {after.revision} is at {format_time(after.at)}, before "
                    f"revision {before.revision} at {format_time(before.at)}"
                )
    else:
        ordered = sorted(rows, key=lambda row: row.at or UNTIMED)
        for before, after in itertools.pairwise(ordered):
            if after.at == before.at:
                raise InputError(f"{after.where}: {after.place} appears twice")
    return [_revision_of(row, number) for number, row in enumerate(ordered, 1)], timed


def _revision_of(row: CorpusRow, number: int) -> Revision:
    lines = normalize_newlines(row.body).split("\n")
    article = Article(headline=row.headline.strip(), body=tuple(split_paragraphs(lines)))
    at = row.at or UNTIMED
    return Revision(
        article_id=row.article_id,
        number=number,
        commit="",
        kind=row.kind or ("published" if number == 1 else "update"),
        at=at,
        recorded=at,
        note=row.note,
        article=article,
    )
