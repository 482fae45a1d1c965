"""What ``diff``, ``audit``, ``blame`` and ``check`` do, as plain functions over a store: the
CLI only parses and prints. Nothing here prints or knows about Click."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from articlediff.analysis.audit import AuditEntry, audit_entries
from articlediff.analysis.blame import Blame, blame
from articlediff.check import (
    ArticleResult,
    CheckReport,
    CheckSettings,
    SettingsChange,
    settings_from_table,
)
from articlediff.check import check_history as run_rules
from articlediff.common.timeutil import parse_window
from articlediff.diff import ArticleDiff, diff_articles
from articlediff.errors import StoreError
from articlediff.model import Revision, resolve_revision, validate_article_id
from articlediff.store import CONFIG_NAME, Store
from articlediff.store.config import parse_config


@dataclass(frozen=True)
class RevisionDiff:
    """Two revisions of an article and the diff between them."""

    old: Revision
    new: Revision
    diff: ArticleDiff

    @property
    def same_revision(self) -> bool:
        return self.old.commit == self.new.commit


def diff_revisions(
    store: Store, article_id: str, from_ref: str = "published", to_ref: str = "latest"
) -> RevisionDiff:
    """Resolve both references (anything ``show --at`` takes) and diff the two revisions."""
    history = store.history(article_id)
    old = resolve_revision(history, from_ref, store.tz)
    new = resolve_revision(history, to_ref, store.tz)
    return RevisionDiff(old, new, diff_articles(old.article, new.article))


def audit_store(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    current: datetime | None = None,
) -> list[AuditEntry]:
    """Every revision whose time lies in ``[since, until]`` (both inclusive), newest first."""
    start, end = parse_window(since, until, store.tz, current)
    return audit_entries(store.revisions_between(start, end))


def blame_article(store: Store, article_id: str, ref: str = "latest") -> Blame:
    history = store.history(article_id)
    return blame(history, resolve_revision(history, ref, store.tz))


def check_settings(store: Store, *, strict: bool = False) -> CheckSettings:
    """The store's ``[check]`` settings from ``articlediff.toml``, strict if asked."""
    settings = settings_from_table(store.config.table("check"), CONFIG_NAME)
    return settings.with_strict(strict)


def settings_changes(store: Store) -> dict[str, SettingsChange]:
    """The commits that changed the ``[check]`` settings, with the settings before and after
    each (a version of the file that does not parse is left out: ``verify`` reports the
    current one)."""
    found = {}
    for commit, texts in store.config_changes().items():
        try:
            before, after = (
                settings_from_table(parse_config(text or "", CONFIG_NAME).table("check"))
                for text in texts
            )
        except StoreError:
            continue
        if before != after:
            found[commit] = SettingsChange(before, after)
    return found


def check_store(
    store: Store,
    article_ids: Sequence[str] = (),
    *,
    since: str | None = None,
    strict: bool = False,
    settings: CheckSettings | None = None,
) -> CheckReport:
    """Run the correction-log rules over articles of ``store`` (default: all of them).

    ``since`` (a git revision such as ``origin/main``) keeps the findings of the revisions
    saved after it; every rule still reads each article's whole history.
    """
    settings = (settings or check_settings(store)).with_strict(strict)
    ids = [validate_article_id(article_id) for article_id in article_ids]
    chosen = sorted(set(ids)) if ids else store.article_ids()
    only = store.commits_after(since) if since is not None else None
    changes = settings_changes(store)
    results = []
    for article_id in chosen:
        history = store.history(article_id)
        checked = len(history) if only is None else sum(1 for r in history if r.commit in only)
        findings = run_rules(history, settings, only=only, settings_changes=changes)
        results.append(ArticleResult(article_id, history[-1].path, checked, tuple(findings)))
    return CheckReport(tuple(results), strict=settings.strict, since=since)
