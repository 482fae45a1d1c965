"""The correction-log rules over one article's history: pure functions, no I/O.

``check_history(history, settings)`` diffs each revision against the one before it and
returns the findings, oldest revision first. See docs/check.md for the rules.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Final

from articlediff.analysis.corrections import (
    acceptances,
    body_note,
    history_notes,
    news_level,
    note_wording_problem,
    removed_body_notes,
)
from articlediff.analysis.excerpts import quote
from articlediff.check.model import (
    ACCEPTABLE_RULES,
    RULE_IDS,
    CheckSettings,
    Finding,
    SettingsChange,
    Severity,
)
from articlediff.check.summary import QUOTE_LIMIT, PairSummary, changed_words
from articlediff.common.furniture import FurniturePattern
from articlediff.common.timeutil import format_moment, format_time
from articlediff.diff import ArticleDiff, ChangeReason, diff_articles, is_word, tokenize
from articlediff.diff.model import Level
from articlediff.diff.normalize import plain
from articlediff.model import Article, Correction, Revision

Furniture = tuple[FurniturePattern, ...]
NOTE_LIMIT: Final = 400
"""A deleted in-body note, the evidence of its finding, is cut to this many characters."""


@dataclass(frozen=True)
class _Raw:
    rule: str
    index: int
    message: str
    quotes: tuple[str, ...] = ()
    entry: str | None = None
    reasons: tuple[ChangeReason, ...] = ()


class _History:
    """A history with its diffs (computed once, on demand, unless given) and its notes."""

    def __init__(
        self,
        revisions: Sequence[Revision],
        diffs: Sequence[ArticleDiff | None] | None = None,
        furniture: Furniture | None = None,
        summaries: Sequence[PairSummary | None] | None = None,
    ) -> None:
        self.revisions = list(revisions)
        self.given = diffs
        self.summaries = summaries
        self.furniture = furniture
        self.diff: Callable[[int], ArticleDiff] = cache(self._diff)
        self.notes = history_notes(self.revisions, self.diff)

    def verdict(self, index: int) -> Level:
        """Revision ``index``'s verdict against the one before: the known summary's, if
        any (the pair is then not diffed for it), else its diff's."""
        known = self.summaries[index] if self.summaries is not None else None
        return known.verdict if known is not None else self.diff(index).verdict

    def _diff(self, index: int) -> ArticleDiff:
        known = self.given[index] if self.given is not None else None
        if known is not None:
            return known
        old, new = self.revisions[index - 1].article, self.revisions[index].article
        return diff_articles(old, new, furniture=self.furniture)


def check_history(
    history: Sequence[Revision],
    settings: CheckSettings | None = None,
    *,
    only: Collection[str] | None = None,
    settings_changes: Mapping[str, SettingsChange] | None = None,
    diffs: Sequence[ArticleDiff | None] | None = None,
    furniture: Furniture | None = None,
    summaries: Sequence[PairSummary | None] | None = None,
    keep_accepted: bool = False,
) -> list[Finding]:
    """The findings over one article's revisions (oldest first).

    Every rule sees the whole history; ``only`` (commit ids) keeps the findings of just
    those revisions, as ``check --since`` does. ``settings_changes`` (commit id -> the
    ``[check]`` settings before and after it) are the commits that changed the settings:
    a revision whose commit switches a rule off while making a change that rule reports
    is a ``rule-switched-off`` finding, judged by the settings before the commit when the
    commit switches that rule off too. ``diffs``, when the caller has them already, holds
    each revision's diff against the one before it (index 0 unused; ``None`` where not
    known): the rules then diff no pair twice. ``furniture`` is the page-furniture
    patterns the verdicts use (``diff_articles``; the store's, for the article's outlet).
    ``summaries`` holds pairs' summaries already known (``check.summary``, computed under
    the same furniture): the verdicts ``stealth-edit`` screens with are read from them; the
    notes, the late-note crediting, the reasons and the deleted in-body notes need each
    pair's diff, so the pairs are still diffed (once each).

    Findings an ``accepted`` log entry answers (a finding of an ``ACCEPTABLE_RULES`` rule in
    the revision the entry's ``fixed_in`` names) are left out, unless ``keep_accepted``:
    then they are kept, each carrying that entry as its ``accepted``.
    """
    settings = settings or CheckSettings()
    if not history:
        return []
    state = _History(history, diffs, furniture, summaries)
    accepted = acceptances(state.revisions)
    findings = [
        _finding(state, item, setting, accepted)
        for item in _raw(state, settings)
        if (setting := settings.setting(item.rule)) != "off"
    ]
    findings += _switched_off(state, settings, settings_changes or {})
    if only is not None:
        findings = [finding for finding in findings if finding.commit in only]
    if not keep_accepted:
        findings = [finding for finding in findings if finding.accepted is None]
    findings.sort(key=lambda f: (_number(f.revision), RULE_IDS.index(f.rule), f.entry or ""))
    return findings


def _raw(state: _History, settings: CheckSettings) -> list[_Raw]:
    raw: list[_Raw] = []
    for rule in (
        _explanations,
        _append_only,
        _notes_kept,
        _notes_unaltered,
        _wording,
        _references,
        _dates,
        _technical,
    ):
        raw.extend(rule(state, settings))
    return raw


def _finding(
    state: _History,
    item: _Raw,
    severity: Severity,
    accepted: Mapping[int, Correction] | None = None,
) -> Finding:
    """The finding ``item`` reports, answered by the entry of ``accepted`` (acceptances by
    revision index) for its revision when its rule is one of ``ACCEPTABLE_RULES``."""
    revision = state.revisions[item.index]
    answered = (accepted or {}).get(item.index) if item.rule in ACCEPTABLE_RULES else None
    return Finding(
        rule=item.rule,
        severity=severity,
        article_id=revision.article_id,
        revision=revision.label,
        commit=revision.commit,
        at=revision.at,
        path=revision.path,
        message=item.message,
        quotes=item.quotes,
        entry=item.entry,
        reasons=item.reasons,
        accepted=answered,
    )


def _switched_off(
    state: _History, settings: CheckSettings, changes: Mapping[str, SettingsChange]
) -> list[Finding]:
    """``rule-switched-off``: see ``check_history``."""
    found = []
    for index, revision in enumerate(state.revisions):
        change = changes.get(revision.commit)
        switched = change.switched_off(settings.strict) if change else []
        if not change or not switched:
            continue
        judge = change.before if "rule-switched-off" in switched else settings
        severity = judge.with_strict(settings.strict).setting("rule-switched-off")
        if severity == "off":
            continue
        for item in _raw(state, change.before.with_strict(settings.strict)):
            if item.index == index and item.rule in switched:
                message = (
                    f"this commit switches {item.rule} off in articlediff.toml while making "
                    f"a change it reports: {item.message}"
                )
                found.append(
                    _finding(
                        state, replace(item, rule="rule-switched-off", message=message), severity
                    )
                )
    return found


def _number(label: str) -> int:
    return int(label[1:])


# -- rule 1: every substantive change is explained -----------------------------------------


def _needs(state: _History, settings: CheckSettings, index: int) -> Level | None:
    """``substantive`` or ``update`` if revision ``index`` needs a note, else ``None``."""
    if index == 0 or state.revisions[index].kind == "technical":
        return None
    before, after = state.revisions[index - 1].article, state.revisions[index].article
    verdict = news_level(before.body, after.body, state.diff(index))
    if verdict == "substantive":
        return verdict
    if verdict == "update" and settings.setting("unexplained-update") != "off":
        return verdict
    return None


def _explanations(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    count = len(state.revisions)
    needs = [_needs(state, settings, index) for index in range(count)]
    for index, level in enumerate(needs):
        if level is None:
            continue
        diff = state.diff(index)
        quotes = changed_words(diff, (level,))
        reasons = diff.reasons_at(level)
        label = state.revisions[index].label
        on_time = [
            n
            for n in state.notes
            if (n.explains == index and n.appears <= index)
            or (level == "update" and n.appears == index)
        ]
        if on_time:
            continue
        late = [n for n in state.notes if n.explains == index and n.appears > index]
        if late:
            first = min(late, key=lambda n: n.appears)
            where = state.revisions[first.appears].label
            yield _Raw(
                "late-note",
                index,
                f"{level} change in {label} is explained only later, by the "
                f"{first.label} in {where}",
                quotes,
                first.entry.id if first.entry else None,
                reasons,
            )
            continue
        rule = "unexplained-change" if level == "substantive" else "unexplained-update"
        yield _Raw(
            rule,
            index,
            f"{level} change with no correction-log entry or in-body note in {label} "
            "or the next revision",
            quotes,
            reasons=reasons,
        )


# -- rule 2: the log is append-only --------------------------------------------------------


def _append_only(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    original: dict[str, tuple[Correction, int]] = {}
    shown: dict[str, Correction | None] = {}
    for index, revision in enumerate(state.revisions):
        current = {entry.id: entry for entry in revision.article.corrections}
        for entry_id, (first, since) in original.items():
            entry = current.get(entry_id)
            if entry == shown[entry_id]:
                continue
            shown[entry_id] = entry
            was = state.revisions[since].label
            if entry is None:
                yield _Raw(
                    "correction-deleted",
                    index,
                    f"log entry {entry_id} (in the log since {was}) was removed: "
                    f"{quote(first.text, QUOTE_LIMIT)}",
                    entry=entry_id,
                )
            elif entry != first:
                yield _Raw(
                    "correction-rewritten",
                    index,
                    f"log entry {entry_id} (in the log since {was}) was changed: "
                    + "; ".join(_entry_changes(first, entry)),
                    _entry_quotes(first, entry),
                    entry_id,
                )
        for entry_id, entry in current.items():
            if entry_id not in original:
                original[entry_id] = (entry, index)
                shown[entry_id] = entry


def _notes_kept(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    """An in-body note, once printed, stays: one a later revision takes out of the body is a
    ``correction-deleted`` finding, with the deleted words as evidence."""
    for index in range(1, len(state.revisions)):
        before, after = state.revisions[index - 1].article, state.revisions[index].article
        if not any(body_note(paragraph) for paragraph in before.body):
            continue
        for note in removed_body_notes(before.body, after.body, state.diff(index).paragraphs):
            yield _Raw(
                "correction-deleted",
                index,
                f"in-body note (printed since {_printed_since(state, note.text)}) was removed: "
                f"{quote(note.text, QUOTE_LIMIT)}",
                (f"deleted {quote(note.text, NOTE_LIMIT)}",),
            )


def _printed_since(state: _History, text: str) -> str:
    """The label of the revision that first printed the in-body note ``text``."""
    since = next((n.appears for n in state.notes if n.entry is None and n.text == text), 0)
    return state.revisions[since].label


def _note_words(text: str) -> list[str]:
    """A note's words as a reader reads them: typography normalised (quotes, dashes,
    entities, spaces), punctuation and case left out."""
    normal = plain(unicodedata.normalize("NFKC", text))
    return [token.casefold() for token in tokenize(normal) if is_word(token)]


def _holds(words: Sequence[str], run: Sequence[str]) -> bool:
    """Whether ``run`` appears in ``words`` as a contiguous run."""
    size = len(run)
    return any(list(words[at : at + size]) == list(run) for at in range(len(words) - size + 1))


def _notes_unaltered(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    """An in-body note, once printed, keeps its words: a later revision whose change to the
    note's paragraph is more than minor (a date, a figure, a name, what was wrong, the
    wording of the admission), while it still reads as a note, is a ``correction-altered``
    finding. Typography, spelling, punctuation and case are minor: nothing. A note kept
    word for word with more after it (a second note in the paragraph), or kept word for
    word elsewhere in the body, is not altered."""
    for index in range(1, len(state.revisions)):
        before, after = state.revisions[index - 1].article, state.revisions[index].article
        if not any(body_note(paragraph) for paragraph in before.body):
            continue
        diff = state.diff(index)
        kept = [_note_words(paragraph) for paragraph in after.body]
        for number, paragraph in enumerate(diff.paragraphs):
            if paragraph.kind not in ("change", "move"):
                continue
            if paragraph.old_index is None or paragraph.new_index is None:
                continue
            old = body_note(before.body[paragraph.old_index])
            new = body_note(after.body[paragraph.new_index])
            if old is None or new is None or old.text == new.text:
                continue  # not a note before, or no longer one (correction-deleted)
            words = _note_words(old.text)
            if any(_holds(other, words) for other in kept):
                continue
            changes = [c for c in diff.changes if c.paragraph == number and c.field == "body"]
            level = next(
                (lv for lv in ("substantive", "update") if any(c.level == lv for c in changes)),
                None,
            )
            if level is None:
                continue  # typography, spelling, punctuation: the note says the same
            yield _Raw(
                "correction-altered",
                index,
                f"in-body note (printed since {_printed_since(state, old.text)}) was reworded "
                f"after it was printed: {quote(old.text, QUOTE_LIMIT)}",
                (f"{quote(old.text, NOTE_LIMIT)} → {quote(new.text, NOTE_LIMIT)}",),
                reasons=tuple(
                    ChangeReason(change.field, change.kind, reason)
                    for change in changes
                    if change.level == level
                    for reason in change.decisive or change.reasons
                ),
            )


def _entry_changes(old: Correction, new: Correction) -> list[str]:
    out = []
    if old.text != new.text:
        out.append("text reworded")
    if old.kind != new.kind:
        out.append(f"kind {old.kind} → {new.kind}")
    if old.at != new.at:
        out.append(f"time {format_time(old.at)} → {format_time(new.at)}")
    if old.fixed_in != new.fixed_in:
        out.append(f"fixed_in {old.fixed_in} → {new.fixed_in}")
    return out


def _entry_quotes(old: Correction, new: Correction) -> tuple[str, ...]:
    if old.text == new.text:
        return ()
    return (f"{quote(old.text, QUOTE_LIMIT)} → {quote(new.text, QUOTE_LIMIT)}",)


# -- rule 3: corrections say what was wrong ------------------------------------------------


def _wording(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    for note in state.notes:
        if note.superseded_by is not None:
            continue  # a later entry replaced its wording; the entry stays in the log
        problem = note_wording_problem(note.kind, note.text, in_body=note.entry is None)
        if problem:
            yield _Raw(
                "correction-wording",
                note.appears,
                f"the {note.label} {problem}: {quote(note.text, QUOTE_LIMIT)}",
                entry=note.entry.id if note.entry else None,
            )


def _references(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    last = state.revisions[-1].label
    for note in state.notes:
        if note.entry is not None and note.explains is None:
            yield _Raw(
                "correction-reference",
                note.appears,
                f"log entry {note.entry.id} has fixed_in {note.entry.fixed_in!r}, which names "
                f"no revision (r1 to {last} or a commit id)",
                entry=note.entry.id,
            )


# -- rule 4: dates -------------------------------------------------------------------------


def _ends_before(moment: datetime, date_only: bool, other: datetime) -> bool:
    """Whether ``moment`` is over before ``other`` starts. A date given alone stands for
    its whole day (stored as the day's start), so it ends when the day does; a time on the
    day of a date-only ``other`` is not before it."""
    return moment + timedelta(days=1) <= other if date_only else moment < other


def _same_time(a: Article, b: Article) -> bool:
    """Whether two revisions state the same published time; a date given alone agrees with
    any time on that day."""
    if a.published is None or b.published is None:
        return a.published == b.published
    if a.published_date_only or b.published_date_only:
        day = a.published if a.published_date_only else b.published
        moment = b.published if a.published_date_only else a.published
        return day.date() == moment.astimezone(day.tzinfo).date()
    return a.published == b.published


def _dates(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    revisions = state.revisions
    first, first_date_only = (
        revisions[0].article.published,
        revisions[0].article.published_date_only,
    )
    latest_updated, latest_date_only = None, False
    for index, revision in enumerate(revisions):
        article = revision.article
        previous = revisions[index - 1] if index else None
        before = previous.article if previous else None
        if (
            before is not None
            and first is not None
            and not _same_time(article, revisions[0].article)
            and not _same_time(article, before)
        ):
            shown = (
                format_moment(article.published, article.published_date_only)
                if article.published
                else "none"
            )
            yield _Raw(
                "published-changed",
                index,
                f"published time changed from {format_moment(first, first_date_only)} (r1) "
                f"to {shown}",
            )
        updated, published = article.updated, article.published
        if (
            updated is not None
            and published is not None
            and _ends_before(updated, article.updated_date_only, published)
            and (before is None or (before.updated, before.published) != (updated, published))
        ):
            yield _Raw(
                "updated-before-published",
                index,
                f"updated time {format_moment(updated, article.updated_date_only)} is before the "
                f"published time {format_moment(published, article.published_date_only)}",
            )
        if (
            before is not None
            and previous is not None
            and updated is not None
            and updated != before.updated
        ):
            date_only = article.updated_date_only
            if latest_updated is not None and _ends_before(updated, date_only, latest_updated):
                yield _Raw(
                    "updated-backwards",
                    index,
                    "updated time went backwards: "
                    f"{format_moment(updated, article.updated_date_only)} is earlier than "
                    f"{format_moment(latest_updated, latest_date_only)} stated before",
                )
            elif _ends_before(updated, date_only, previous.at):
                yield _Raw(
                    "updated-backwards",
                    index,
                    f"updated time {format_moment(updated, article.updated_date_only)} is "
                    f"earlier than {previous.label}'s revision time {format_time(previous.at)}",
                )
        if (
            before is not None
            and revision.kind != "technical"
            and updated == before.updated
            and (before.updated is not None or before.published is not None)
            and state.verdict(index) == "substantive"
        ):
            shown = format_moment(updated, article.updated_date_only) if updated else "none"
            yield _Raw(
                "stealth-edit",
                index,
                f"substantive change with the updated time left at {shown}",
                changed_words(state.diff(index), ("substantive",)),
                reasons=state.diff(index).reasons_at("substantive"),
            )
        if updated is not None and (latest_updated is None or updated > latest_updated):
            latest_updated, latest_date_only = updated, article.updated_date_only


# -- rule 5: technical revisions change no words -------------------------------------------


def _words(paragraphs: Sequence[str]) -> list[str]:
    text = unicodedata.normalize("NFKC", "\n\n".join(paragraphs))
    return [token for token in tokenize(text) if is_word(token)]


def _technical(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    for index, revision in enumerate(state.revisions):
        if index == 0 or revision.kind != "technical":
            continue
        before = state.revisions[index - 1].article
        if _words(before.body) != _words(revision.article.body):
            yield _Raw(
                "technical-change",
                index,
                "technical revision changes words of the body (only whitespace and "
                "normalisation may change)",
                changed_words(state.diff(index), ("minor", "update", "substantive")),
                reasons=tuple(
                    reason
                    for level in ("substantive", "update", "minor")
                    for reason in state.diff(index).reasons_at(level)
                ),
            )
