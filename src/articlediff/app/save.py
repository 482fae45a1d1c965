"""``save`` and ``reextract``: read a source and commit it as an article's next revision."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any

from articlediff.app.log import RevisionChange, saved_change
from articlediff.app.pairs import keep_saved_pair
from articlediff.common.timeutil import format_time, parse_time
from articlediff.errors import InputError
from articlediff.ingest.decode import check_size
from articlediff.ingest.prepare import PreparedSource, prepare_source, source_suffix
from articlediff.model import RevisionInfo, validate_article_id
from articlediff.store import Draft, SaveBase, SaveOutcome, Store, carry_over
from articlediff.store.messages import TRAILER_FETCHED, field_sources_trailers
from articlediff.store.store import source_path


@dataclass(frozen=True)
class SaveReport:
    article_id: str
    outcome: SaveOutcome
    change: RevisionChange | None
    field_sources: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``save --json``: the new revision's log record, or the unchanged latest one,
        with where each field of the source came from and the values it dropped."""
        provenance = {"field_sources": dict(self.field_sources), "notes": list(self.notes)}
        if self.change is None:
            latest = self.outcome.previous
            label = latest.label if latest else ""
            return {"id": self.article_id, "unchanged": True, "revision": label, **provenance}
        change = self.change
        record = change.to_json()
        return {**record, "unchanged": False, **provenance}


def save_source(
    store: Store,
    data: bytes,
    *,
    name: str,
    article_id: str | None = None,
    at: str | None = None,
    kind: str | None = None,
    note: str = "",
    url: str | None = None,
    tz: tzinfo | None = None,
    fetched_url: str | None = None,
    keep_source: bool = False,
    fetched_at: datetime | None = None,
    allow_future: bool = False,
) -> SaveReport:
    """Parse ``data`` (a file's bytes, or a fetched page) and save it as the article's next
    revision.

    ``tz`` reads the document's own naive dates (default: the store's time zone).
    ``fetched_url`` is the final address a page was fetched from; it is recorded as the
    ``Source-Url``. ``keep_source`` stores ``data`` itself under ``sources/`` in the same
    commit, so that ``reextract`` can read it again later.

    An HTML page's ``field_sources`` are recorded as the ``Field-Sources`` trailer.
    ``fetched_at`` is when the page was fetched (``watch``): it is recorded as the
    ``Fetched-At`` trailer and, unless ``at`` is given, settles the revision's time and kind
    (see ``fetched_revision``) against the latest revision as read under the store's lock.
    ``allow_future`` accepts a revision time more than a day ahead (see
    ``common.timeutil.check_revision_time``).
    """
    check_size(data, name, store.config.max_source_bytes)
    reading_tz = tz or store.tz
    at_time = parse_time(at, store.tz) if at else None
    prepared = prepare_source(
        data, name=name, tz=reading_tz, article_id=article_id, url=url, fetched_url=fetched_url
    )
    extra_files = (
        {source_path(prepared.article_id, source_suffix(prepared.format)): data}
        if keep_source
        else None
    )
    trailers = field_sources_trailers(prepared.page_sources)
    if fetched_at is not None:
        trailers[TRAILER_FETCHED] = format_time(fetched_at)

    def edit(base: SaveBase) -> Draft:
        latest = base.latest
        when, settled = at_time, kind
        if fetched_at is not None and when is None:
            when, settled = fetched_revision(latest, prepared, fetched_at, kind)
        return Draft(
            carry_over(latest.article, prepared.article) if latest else prepared.article,
            at=when,
            kind=settled,
            note=note,
            source_url=prepared.source_url,
            source_sha256=prepared.source_sha256,
            allow_future=allow_future,
            extra_files=extra_files or {},
            trailers=trailers,
        )

    outcome = store.write(prepared.article_id, edit)
    report = report_saved(store, prepared.article_id, outcome)
    return replace(report, field_sources=prepared.field_sources, notes=prepared.notes)


def fetched_revision(
    latest: RevisionInfo | None, prepared: PreparedSource, fetched_at: datetime, kind: str | None
) -> tuple[datetime, str | None]:
    """The time and kind of a page fetched at ``fetched_at``, if it saves a new revision
    after ``latest`` (``None`` for the article's first).

    - The same bytes as the latest revision's source (``Source-Sha256``) read differently:
      the extraction changed, not the page, so the revision is ``technical``.
    - Otherwise the revision is at the page's stated update time (with a time of day) when
      it is later than the latest revision and not after the fetch, else at the fetch time:
      a text changed under an unchanged "Updated" line is dated when it was seen. A first
      revision takes the page's publication time when it states no update time.
    """
    if latest is not None and latest.source_sha256 == prepared.source_sha256:
        return fetched_at, kind or "technical"
    article = prepared.article
    stated, date_only = article.updated, article.updated_date_only
    if latest is None and stated is None:
        stated, date_only = article.published, article.published_date_only
    if (
        stated is not None
        and not date_only
        and stated <= fetched_at
        and (latest is None or stated > latest.at)
    ):
        return stated, kind
    return fetched_at, kind


def report_saved(store: Store, article_id: str, outcome: SaveOutcome) -> SaveReport:
    report = SaveReport(article_id, outcome, saved_change(store, outcome))
    keep_saved_pair(store, outcome)
    return report


@dataclass(frozen=True)
class ReextractReport:
    """What ``reextract`` did for one article: a technical revision, unchanged, or skipped."""

    article_id: str
    report: SaveReport | None
    skipped: str = ""

    def to_json(self) -> dict[str, Any]:
        if self.report is None:
            return {"id": self.article_id, "skipped": self.skipped}
        return self.report.to_json()


def reextract(store: Store, article_ids: Sequence[str] = ()) -> list[ReextractReport]:
    """Re-run extraction on the sources kept with each article's latest revision (``save
    --keep-source``) and save the result as a ``technical`` revision at the same time.

    Articles whose latest revision kept no source are skipped (named in the result) when
    every article is asked for, and refused when named.
    """
    named = [validate_article_id(article_id) for article_id in article_ids]
    results = []
    for article_id in named or store.article_ids():
        kept = store.kept_source(article_id)
        if kept is None:
            reason = "its latest revision kept no source (save it with --keep-source)"
            if named:
                raise InputError(f"cannot re-extract {article_id}: {reason}")
            results.append(ReextractReport(article_id, None, reason))
            continue
        outcome = store.write(article_id, functools.partial(_reextracted, store))
        results.append(ReextractReport(article_id, report_saved(store, article_id, outcome)))
    return results


def _reextracted(store: Store, base: SaveBase) -> Draft | None:
    """The technical revision re-extracting the source kept with the latest revision gives,
    read under the store's lock (a save landing meanwhile is what it re-extracts from);
    ``None`` when that revision kept no source."""
    latest = base.latest
    data = store.source_kept_with(latest) if latest else None
    if latest is None or data is None:
        return None
    prepared = prepare_source(
        data,
        name=f"{latest.article_id} source of {latest.label}",
        tz=store.tz,
        article_id=latest.article_id,
        fetched_url=latest.source_url,
    )
    return Draft(
        carry_over(latest.article, prepared.article),
        at=latest.at,
        kind="technical",
        note=f"re-extracted from the source kept with {latest.label}",
        source_url=latest.source_url,
        source_sha256=latest.source_sha256,
        trailers=field_sources_trailers(prepared.page_sources),
    )
