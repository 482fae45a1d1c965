"""Start a store from the past: ``import --warc`` (WARC files) and ``import --wayback``
(the Internet Archive's captures of one article).

Every capture becomes a revision at its capture time, read exactly as ``save`` reads a page
(``ingest.prepare``) and written by the same bulk import as every other import
(``store.fastimport.import_revisions``): in time order, identical captures skipped (the same
text as the revision before makes no commit; a capture already in the store is not added
again), older-than-latest captures refused unless back-filling on a review branch. Each such
revision says where it came from in two trailers: ``Fetched-At`` (the capture time) and
``Archive-Source`` (``warc <file> <record id>`` or ``wayback <capture URL>``); its kind is
``published`` or ``update`` as for any import.

WARC (read with warcio): every ``response`` record of an ``http(s)`` URL with status 200 and
an HTML payload is a capture; ``revisit`` records (the archive's own "same as before") and
everything else (requests, metadata, images, scripts) are skipped. The article id comes from
the captured URL (``--outlet`` replaces its outlet part). Captures that do not read as an
article (``save`` would refuse them) are counted and skipped.

Wayback: the CDX API (``<base>/cdx/search/cdx``, collapsed by content digest) lists the
captures; each is fetched raw (``<base>/web/<timestamp>id_/<url>``) through ``app.fetch``,
one at a time, ``[watching] host_delay`` apart, with retries after passing failures.
Captures are imported in batches as they come, and a capture already in the store is never
fetched again, so an interrupted or failed run is resumed by running it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote, urlencode

from articlediff.app.fetch import HTML_TYPES, FetchedPage, FetchError, fetch_page
from articlediff.app.pairs import import_noter
from articlediff.common.timeutil import format_time
from articlediff.errors import InputError
from articlediff.ingest.ids import article_id_from_url
from articlediff.ingest.prepare import prepare_source
from articlediff.model import validate_article_id
from articlediff.store import Store
from articlediff.store.fastimport import ImportOutcome, import_revisions
from articlediff.store.importplan import IncomingRevision
from articlediff.store.messages import TRAILER_ARCHIVE, TRAILER_FETCHED, field_sources_trailers

WAYBACK_BASE: Final = "https://web.archive.org"
WAYBACK_ENV: Final = "ARTICLEDIFF_WAYBACK_BASE"
WAYBACK_BATCH: Final = 20
_HTML: Final = tuple(sorted(HTML_TYPES))


@dataclass
class ArchiveImport:
    """What an archive import did: the import's outcome, and the captures it passed over."""

    outcome: ImportOutcome | None
    captures: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per capture not imported
    incomplete: str = ""  # why a Wayback import stopped early (run it again to resume)

    def to_json(self) -> dict[str, Any]:
        base = self.outcome.to_json() if self.outcome else {"revisions": 0, "articles": 0}
        return {
            **base,
            "captures": self.captures,
            "skipped": self.skipped,
            "incomplete": self.incomplete or None,
        }


def archive_id(url: str, outlet: str | None, article_id: str | None = None) -> str:
    """The id of the article captured at ``url``: ``article_id``, else one from the URL,
    its outlet part replaced by ``outlet``."""
    if article_id:
        return validate_article_id(article_id)
    made = article_id_from_url(url)
    return validate_article_id(f"{outlet}/{made.split('/')[1]}") if outlet else made


# -- WARC ------------------------------------------------------------------------------


def import_warc(
    store: Store,
    paths: Sequence[Path],
    *,
    outlet: str | None = None,
    allow_backfill: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ArchiveImport:
    """Import every article capture in the WARC files ``paths`` (``.warc`` or ``.warc.gz``)."""
    result = ArchiveImport(None)
    batches: dict[str, list[IncomingRevision]] = {}
    for path in paths:
        for capture in _warc_captures(path, result, store.config.max_source_bytes):
            result.captures += 1
            try:
                revision, article_id = _capture_revision(
                    store,
                    capture.data,
                    url=capture.url,
                    at=capture.at,
                    origin=f"warc {path.name} {capture.record_id}",
                    outlet=outlet,
                )
            except InputError as error:
                result.skipped.append(f"{path.name} {capture.record_id}: {error}")
                continue
            batches.setdefault(article_id, []).append(revision)
    result.outcome = import_revisions(
        store,
        batches,
        allow_backfill=allow_backfill,
        on_progress=on_progress,
        notes=import_noter(store),
    )
    return result


@dataclass(frozen=True)
class _Capture:
    url: str
    at: datetime
    record_id: str
    data: bytes


def _warc_captures(path: Path, result: ArchiveImport, limit: int) -> Iterator[_Capture]:
    """The article captures in the WARC file, one at a time (a WARC can hold gigabytes);
    payloads over ``limit`` bytes are read no further and come back empty (then refused)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                headers = record.rec_headers
                url = headers.get_header("WARC-Target-URI") or ""
                record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
                if not url.lower().startswith(("http://", "https://")):
                    continue
                http = record.http_headers
                status = http.get_statuscode() if http else ""
                kind = (http.get_header("Content-Type") or "") if http else ""
                if status != "200" or kind.split(";")[0].strip().lower() not in _HTML:
                    continue
                try:
                    at = datetime.fromisoformat(headers.get_header("WARC-Date") or "")
                except ValueError:
                    result.skipped.append(f"{path.name} {record_id}: no valid WARC-Date")
                    continue
                data = record.content_stream().read(limit + 1)
                yield _Capture(url, _aware(at), record_id, data)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a WARC file") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    except (ArchiveLoadFailed, ValueError, EOFError) as error:
        raise InputError(f"{path}: not a readable WARC file ({_first_line(error)})") from None


def _capture_revision(
    store: Store,
    data: bytes,
    *,
    url: str,
    at: datetime,
    origin: str,
    outlet: str | None,
    article_id: str | None = None,
) -> tuple[IncomingRevision, str]:
    chosen = archive_id(url, outlet, article_id)
    if len(data) > store.config.max_source_bytes:
        raise InputError(f"larger than the store's limit of {store.config.max_source_bytes:,}")
    prepared = prepare_source(data, name=url, tz=store.tz, article_id=chosen, fetched_url=url)
    revision = IncomingRevision(
        article=prepared.article,
        at=at.astimezone(store.tz),
        source_url=url,
        source_sha256=hashlib.sha256(data).hexdigest(),
        origin=origin,
        trailers={
            TRAILER_FETCHED: format_time(at.astimezone(store.tz)),
            TRAILER_ARCHIVE: origin,
            **field_sources_trailers(prepared.page_sources),
        },
    )
    return revision, chosen


# -- Wayback ---------------------------------------------------------------------------


def import_wayback(
    store: Store,
    url: str,
    *,
    base: str | None = None,
    article_id: str | None = None,
    outlet: str | None = None,
    allow_private: bool = False,
    allow_backfill: bool = False,
) -> ArchiveImport:
    """Import the distinct captures the Wayback Machine holds of the article at ``url``."""
    root = (base or os.environ.get(WAYBACK_ENV) or WAYBACK_BASE).rstrip("/")
    chosen = archive_id(url, outlet, article_id)
    settings = store.config.watch.settings
    query = urlencode(
        {
            "url": url,
            "output": "json",
            "fl": "timestamp,original,statuscode,mimetype,digest",
            "filter": "statuscode:200",
            "collapse": "digest",
        }
    )
    polite = _Polite(settings.host_delay, settings.retries, settings.backoff, allow_private)
    listed = polite.fetch(f"{root}/cdx/search/cdx?{query}", accept=None)
    rows = _cdx_rows(listed.data, url)
    known = _known_times(store, chosen)
    result = ArchiveImport(None)
    pending: list[IncomingRevision] = []
    noter = import_noter(store)
    outcomes: list[ImportOutcome] = []
    seen_digests: set[str] = set()
    for row in rows:
        at = datetime.strptime(row["timestamp"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        if row.get("mimetype", "text/html") not in _HTML or row.get("digest") in seen_digests:
            continue
        seen_digests.add(row.get("digest", ""))
        result.captures += 1
        if at in known:
            continue  # imported by an earlier run
        original = quote(row["original"], safe=":/?&=%#~+,;@")
        capture_url = f"{root}/web/{row['timestamp']}id_/{original}"
        try:
            page = polite.fetch(capture_url)
            revision, _ = _capture_revision(
                store,
                page.data,
                url=row["original"],
                at=at,
                origin=f"wayback {capture_url}",
                outlet=outlet,
                article_id=chosen,
            )
        except FetchError as error:
            result.incomplete = f"stopped at the capture of {format_time(at)}: {error}"
            break
        except InputError as error:
            result.skipped.append(f"{capture_url}: {error}")
            continue
        pending.append(revision)
        if len(pending) >= WAYBACK_BATCH:
            outcomes.append(
                import_revisions(
                    store, {chosen: pending}, allow_backfill=allow_backfill, notes=noter
                )
            )
            pending = []
    if pending or not outcomes:
        outcomes.append(
            import_revisions(store, {chosen: pending}, allow_backfill=allow_backfill, notes=noter)
        )
    result.outcome = _joined(outcomes)
    return result


class _Polite:
    """One request at a time, ``delay`` seconds apart, retried after passing failures."""

    def __init__(self, delay: float, retries: int, backoff: float, allow_private: bool):
        self.delay, self.retries, self.backoff = delay, retries, backoff
        self.allow_private = allow_private
        self.last = float("-inf")

    def fetch(self, url: str, accept: frozenset[str] | None = HTML_TYPES) -> FetchedPage:
        attempt = 0
        while True:
            time.sleep(max(0.0, self.last + self.delay - time.monotonic()))
            self.last = time.monotonic()
            try:
                return fetch_page(url, accept=accept, allow_private=self.allow_private)
            except FetchError as error:
                if not error.passing or attempt >= self.retries:
                    raise
                time.sleep(self.backoff * 2**attempt)
                attempt += 1


def _cdx_rows(data: bytes, url: str) -> list[dict[str, str]]:
    try:
        table = json.loads(data or b"[]")
    except json.JSONDecodeError:
        raise InputError(f"the CDX server's answer for {url} is not JSON") from None
    if not isinstance(table, list) or not all(isinstance(row, list) for row in table):
        raise InputError(f"the CDX server's answer for {url} is not a table")
    if not table:
        return []
    header, *rows = table
    found = [dict(zip(header, row, strict=False)) for row in rows]
    return sorted(
        (row for row in found if row.get("timestamp", "").isdigit() and row.get("original")),
        key=lambda row: row["timestamp"],
    )


def _known_times(store: Store, article_id: str) -> set[datetime]:
    try:
        return {file.revision.at for file in store.revision_files(article_id)}
    except InputError:
        return set()


def _joined(outcomes: list[ImportOutcome]) -> ImportOutcome:
    if len(outcomes) == 1:
        return outcomes[0]
    return ImportOutcome(
        written=tuple(revision for outcome in outcomes for revision in outcome.written),
        unchanged=sum(outcome.unchanged for outcome in outcomes),
        already=sum(outcome.already for outcome in outcomes),
        backfills={k: v for outcome in outcomes for k, v in outcome.backfills.items()},
        recorded=outcomes[-1].recorded,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else error.__class__.__name__
