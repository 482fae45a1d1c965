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

from articlediff.analysis.corrections import LABEL, history_notes, wording_problem
from articlediff.analysis.excerpts import quote, replacements
from articlediff.check.model import RULE_IDS, CheckSettings, Finding, SettingsChange, Severity
from articlediff.common.timeutil import format_time
from articlediff.diff import ArticleDiff, Change, Op, diff_articles, is_word, tokenize
from articlediff.model import Article, Correction, Revision

QUOTE_LIMIT: Final = 80
"""Quoted changed words are cut to this many characters."""


@dataclass(frozen=True)
class _Raw:
    rule: str
    index: int
    message: str
    quotes: tuple[str, ...] = ()
    entry: str | None = None


class _History:
    """A history with its diffs (computed once, on demand, unless given) and its notes."""

    def __init__(
        self, revisions: Sequence[Revision], diffs: Sequence[ArticleDiff | None] | None = None
    ) -> None:
        self.revisions = list(revisions)
        self.given = diffs
        self.diff: Callable[[int], ArticleDiff] = cache(self._diff)
        self.notes = history_notes(self.revisions, self.diff)

    def _diff(self, index: int) -> ArticleDiff:
        known = self.given[index] if self.given is not None else None
        if known is not None:
            return known
        return diff_articles(self.revisions[index - 1].article, self.revisions[index].article)


def check_history(
    history: Sequence[Revision],
    settings: CheckSettings | None = None,
    *,
    only: Collection[str] | None = None,
    settings_changes: Mapping[str, SettingsChange] | None = None,
    diffs: Sequence[ArticleDiff | None] | None = None,
) -> list[Finding]:
    """The findings over one article's revisions (oldest first).

    Every rule sees the whole history; ``only`` (commit ids) keeps the findings of just
    those revisions, as ``check --since`` does. ``settings_changes`` (commit id -> the
    ``[check]`` settings before and after it) are the commits that changed the settings:
    a revision whose commit switches a rule off while making a change that rule reports
    is a ``rule-switched-off`` finding, judged by the settings before the commit when the
    commit switches that rule off too. ``diffs``, when the caller has them already, holds
    each revision's diff against the one before it (index 0 unused; ``None`` where not
    known): the rules then diff no pair twice.
    """
    settings = settings or CheckSettings()
    if not history:
        return []
    state = _History(history, diffs)
    findings = [
        _finding(state, item, setting)
        for item in _raw(state, settings)
        if (setting := settings.setting(item.rule)) != "off"
    ]
    findings += _switched_off(state, settings, settings_changes or {})
    if only is not None:
        findings = [finding for finding in findings if finding.commit in only]
    findings.sort(key=lambda f: (_number(f.revision), RULE_IDS.index(f.rule), f.entry or ""))
    return findings


def _raw(state: _History, settings: CheckSettings) -> list[_Raw]:
    raw: list[_Raw] = []
    for rule in (_explanations, _append_only, _wording, _references, _dates, _technical):
        raw.extend(rule(state, settings))
    return raw


def _finding(state: _History, item: _Raw, severity: Severity) -> Finding:
    revision = state.revisions[item.index]
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


def _needs(state: _History, settings: CheckSettings, index: int) -> str | None:
    """``substantive`` or ``update`` if revision ``index`` needs a note, else ``None``."""
    if index == 0 or state.revisions[index].kind == "technical":
        return None
    verdict = state.diff(index).verdict
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
        label = state.revisions[index].label
        on_time = [n for n in state.notes if n.explains == index and n.appears <= index]
        if on_time:
            continue
        late = [n for n in state.notes if n.explains == index and n.appears > index]
        following = index + 1
        if following < count and needs[following] is None:
            late += [n for n in state.notes if n.appears == following and n.explains == following]
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
            )
            continue
        rule = "unexplained-change" if level == "substantive" else "unexplained-update"
        yield _Raw(
            rule,
            index,
            f"{level} change with no correction-log entry or in-body note in {label} "
            "or the next revision",
            quotes,
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
        if note.kind != "correction":
            continue
        if note.entry is None and not LABEL.match(note.text.lstrip("*_ ")):
            continue  # a sentence-style note ("This article was amended ...") has no label
        problem = wording_problem(note.text)
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


def _shown(moment: datetime, date_only: bool) -> str:
    return moment.date().isoformat() if date_only else format_time(moment)


def _dates(state: _History, settings: CheckSettings) -> Iterator[_Raw]:
    revisions = state.revisions
    first = revisions[0].article.published
    latest_updated = None
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
            shown = format_time(article.published) if article.published else "none"
            yield _Raw(
                "published-changed",
                index,
                f"published time changed from {format_time(first)} (r1) to {shown}",
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
                f"updated time {_shown(updated, article.updated_date_only)} is before the "
                f"published time {_shown(published, article.published_date_only)}",
            )
        if (
            before is not None
            and previous is not None
            and updated is not None
            and updated != before.updated
        ):
            if latest_updated is not None and updated < latest_updated:
                yield _Raw(
                    "updated-backwards",
                    index,
                    f"updated time went backwards: {format_time(updated)} is earlier than "
                    f"{format_time(latest_updated)} stated before",
                )
            elif updated < previous.at:
                yield _Raw(
                    "updated-backwards",
                    index,
                    f"updated time {format_time(updated)} is earlier than "
                    f"{previous.label}'s revision time {format_time(previous.at)}",
                )
        if (
            before is not None
            and revision.kind != "technical"
            and updated == before.updated
            and (before.updated is not None or before.published is not None)
            and state.diff(index).verdict == "substantive"
        ):
            shown = format_time(updated) if updated else "none"
            yield _Raw(
                "stealth-edit",
                index,
                f"substantive change with the updated time left at {shown}",
                changed_words(state.diff(index), ("substantive",)),
            )
        if updated is not None and (latest_updated is None or updated > latest_updated):
            latest_updated = updated


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
            )


# -- quoting changed words -----------------------------------------------------------------


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


def changed_words(diff: ArticleDiff, levels: Collection[str]) -> tuple[str, ...]:
    """The changed words of a diff's changes at ``levels``, quoted: ``"23" → "24"``.

    Word runs come from the paragraph's word diff, kept where they fall inside the change's
    sentence; a change with none (a whole sentence added or deleted) is quoted whole.
    """
    out: list[str] = []
    for change in diff.changes:
        if change.level not in levels or change.kind == "move":
            continue
        found = [
            _describe(old, new)
            for old, new in replacements(_change_ops(diff, change))
            if (old is not None and change.sentence_old and old.strip() in change.sentence_old)
            or (new is not None and change.sentence_new and new.strip() in change.sentence_new)
        ]
        if not found:
            found = [_describe(change.sentence_old, change.sentence_new)]
        prefix = "" if change.field == "body" else f"{change.field}: "
        for item in found:
            if prefix + item not in out:
                out.append(prefix + item)
    return tuple(out)
