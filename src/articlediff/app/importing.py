"""Bulk import: folders of revision files, JSON Lines and numbered corpora, in one pass.

Inputs (``read_inputs``):

- **A folder of article folders** — one folder per article, one file per revision, in any
  format ``save`` reads (``.txt``, ``.md``, ``.markdown``, ``.text``, ``.json``, ``.html``,
  ``.htm``); README and hidden files are skipped. The article id is the folder's path below
  the root (``outlet/slug``), or ``<outlet>/<folder>`` one level down (outlet ``local``
  unless ``outlet`` is given). A revision's time is its own ("Updated", else "Published"),
  else ``start + n × step`` when a start is given, else the time of the import.
- **Numbered revisions** — a folder whose files are all named ``0.txt``, ``1.txt``, … (the
  layout of ``wikipedia-versions/``): numbered in order, revision *n* at ``start + n × step``
  (``start`` and ``step`` are then required). Plain-text numbered files have no headline of
  their own: the folder's name is the headline and the whole file the body.
- **JSON Lines** (``.jsonl``/``.ndjson``) — one object a line: ``id``, ``at``, ``text`` or
  ``html``, ``url``, ``kind``, ``note``. Without ``id`` the id comes from the URL or headline.

Every source is read exactly as ``save`` reads it (``ingest.prepare``), so an import and the
same revisions saved one by one give identical files, messages and times. Writing is the
store's (``store.fastimport.import_revisions``, through ``git fast-import``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from articlediff.common.timeutil import parse_duration, parse_time
from articlediff.errors import InputError
from articlediff.ingest import decode_source, slugify
from articlediff.ingest.decode import check_size, read_file
from articlediff.ingest.prepare import PreparedSource, prepare_source
from articlediff.model import Article, validate_article_id

if TYPE_CHECKING:
    from articlediff.store import Store
    from articlediff.store.fastimport import ImportOutcome
    from articlediff.store.importplan import Batch, IncomingRevision

REVISION_SUFFIXES: Final = (".txt", ".md", ".markdown", ".text", ".json", ".html", ".htm")
JSONL_SUFFIXES: Final = (".jsonl", ".ndjson")
ID_SLUG_WORDS: Final = 16
_NUMBERED: Final = re.compile(r"(\d+)\.[A-Za-z]+")
_JSONL_KEYS: Final = frozenset({"id", "at", "text", "html", "url", "kind", "note"})


@dataclass(frozen=True)
class ImportSettings:
    """How revisions without times of their own are timed, and the outlet of folder ids."""

    tz: tzinfo
    start: datetime | None = None
    step: timedelta | None = None
    outlet: str | None = None
    max_source_bytes: int | None = None  # each revision's source, as for save

    def numbered_time(self, number: int, where: Path) -> datetime:
        if self.start is None or self.step is None:
            raise InputError(
                f"{where}: numbered revision files (0.txt, 1.txt, ...) carry no times: "
                "pass --start TIME --step DURATION"
            )
        return self.start + number * self.step


def import_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    start: str | None = None,
    step: str | None = None,
    outlet: str | None = None,
    allow_backfill: bool = False,
    allow_future: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> ImportOutcome:
    """Read every revision under ``paths`` and import them into ``store`` in one pass.
    Times are checked as ``save`` checks them (``allow_future`` as there). The pairs of the
    articles imported are then computed (over ``jobs`` worker processes, default one per
    core) and land with them as the store's pair notes (``app.pairs.import_noter``)."""
    settings = ImportSettings(
        tz=store.tz,
        start=parse_time(start, store.tz) if start else None,
        step=parse_duration(step) if step else None,
        outlet=validate_outlet(outlet) if outlet else None,
        max_source_bytes=store.config.max_source_bytes,
    )
    if (settings.start is None) != (settings.step is None):
        raise InputError("--start and --step go together: give both or neither")
    batches = read_inputs(paths, settings)
    from articlediff.app.pairs import import_noter
    from articlediff.store.fastimport import import_revisions

    return import_revisions(
        store,
        batches,
        allow_backfill=allow_backfill,
        allow_future=allow_future,
        on_progress=on_progress,
        notes=import_noter(store, jobs),
    )


def validate_outlet(outlet: str) -> str:
    validate_article_id(f"{outlet}/x")
    return outlet


def read_inputs(paths: Sequence[Path], settings: ImportSettings) -> dict[str, Batch]:
    """Every article under ``paths`` with its revisions, in input order.

    Folders are listed now and their files read when the article's turn comes (so reading
    overlaps with writing); JSON Lines files are read now.
    """
    if not paths:
        raise InputError("nothing to import: give folders of revision files or .jsonl files")
    batches: dict[str, list[Batch]] = {}
    for path in paths:
        found: dict[str, Batch]
        if path.is_dir():
            found = read_folder(path, settings)
        elif path.is_file() and path.suffix.lower() in JSONL_SUFFIXES:
            found = dict(read_jsonl(path, settings))
        elif path.exists():
            raise InputError(
                f"{path}: not a folder of revision files nor a .jsonl file; "
                "use 'articlediff save' for one file"
            )
        else:
            raise InputError(f"{path}: no such file or folder")
        for article_id, batch in found.items():
            batches.setdefault(article_id, []).append(batch)
    return {article_id: _joined(parts) for article_id, parts in batches.items()}


def _joined(parts: list[Batch]) -> Batch:
    if len(parts) == 1:
        return parts[0]

    def read() -> list[IncomingRevision]:
        return [revision for part in parts for revision in (part() if callable(part) else part)]

    return read


def article_folders(root: Path, outlet: str | None = None) -> dict[str, list[Path]]:
    """Article folders under ``root`` and their revision files, by article id."""
    found: dict[str, list[Path]] = {}
    origin: dict[str, Path] = {}
    for path in _files_under(root):
        if path.suffix.lower() not in REVISION_SUFFIXES:
            continue
        relative = path.relative_to(root)
        if path.name.lower().startswith(("readme", "attribution", "license", "licence")) or any(
            part.startswith(".") for part in relative.parts
        ):
            continue
        folders = [slugify(part, max_words=ID_SLUG_WORDS) for part in relative.parts[:-1]]
        if not folders:
            folders = [slugify(root.name, max_words=ID_SLUG_WORDS)]
        if outlet:
            article_id = f"{outlet}/{folders[-1]}"
        elif len(folders) >= 2:
            article_id = "/".join(folders[-2:])
        else:
            article_id = f"local/{folders[0]}"
        validate_article_id(article_id)
        other = origin.setdefault(article_id, path.parent)
        if other != path.parent:
            raise InputError(
                f"folders {str(other)!r} and {str(path.parent)!r} would both be article "
                f"{article_id}; rename one of them"
            )
        found.setdefault(article_id, []).append(path)
    return found


def _files_under(root: Path) -> list[Path]:
    """Every file under ``root``, sorted, following linked folders."""
    found: list[Path] = []
    for folder, _, names in os.walk(root, followlinks=True):
        found.extend(Path(folder) / name for name in names)
    return sorted(path for path in found if path.is_file())


def read_folder(root: Path, settings: ImportSettings) -> dict[str, Batch]:
    """The article folders under ``root``, each read when called."""
    return {
        article_id: functools.partial(_read_article, article_id, files, settings)
        for article_id, files in article_folders(root, settings.outlet).items()
    }


def _read_article(
    article_id: str, files: list[Path], settings: ImportSettings
) -> list[IncomingRevision]:
    numbers = [_NUMBERED.fullmatch(path.name) for path in files]
    revisions: list[IncomingRevision] = []
    if all(numbers):
        ordered = sorted(
            (
                (path, int(match.group(1)))
                for path, match in zip(files, numbers, strict=True)
                if match
            ),
            key=lambda item: item[1],
        )
        for path, number in ordered:
            at = settings.numbered_time(number, path)
            revisions.append(_numbered_revision(path, article_id, at, settings))
        return revisions
    for index, path in enumerate(files):
        prepared = prepare_source(
            read_file(path, settings.max_source_bytes),
            name=str(path),
            tz=settings.tz,
            article_id=article_id,
        )
        moment: datetime | None = None
        if not (prepared.article.updated or prepared.article.published) and settings.start:
            assert settings.step is not None
            moment = settings.start + index * settings.step
        revisions.append(_incoming(prepared, moment, origin=str(path)))
    return revisions


def _numbered_revision(
    path: Path, article_id: str, moment: datetime, settings: ImportSettings
) -> IncomingRevision:
    """A numbered file. Markdown with front matter and HTML pages are read as ``save`` reads
    them; anything else is corpus text: the folder's name is the headline and the whole
    file, paragraphs split at blank lines, is the body."""
    from articlediff.ingest.html import looks_like_html
    from articlediff.ingest.markdown import has_front_matter, split_paragraphs
    from articlediff.store.importplan import IncomingRevision
    from articlediff.store.messages import field_sources_trailers

    tz = settings.tz
    data = read_file(path, settings.max_source_bytes)
    trailers: dict[str, str] = {}
    if looks_like_html(data):
        prepared = prepare_source(data, name=str(path), tz=tz, article_id=article_id)
        article, source_url = prepared.article, prepared.source_url
        trailers = field_sources_trailers(prepared.page_sources)
    else:
        text = decode_source(data, str(path))
        if has_front_matter(text):
            prepared = prepare_source(data, name=str(path), tz=tz, article_id=article_id)
            article, source_url = prepared.article, prepared.source_url
        else:
            body = tuple(split_paragraphs(text.split("\n")))
            article, source_url = Article(headline=path.parent.name, body=body), None
    return IncomingRevision(
        article=article,
        at=moment,
        source_url=source_url,
        source_sha256=hashlib.sha256(data).hexdigest(),
        origin=str(path),
        trailers=trailers,
    )


def read_jsonl(path: Path, settings: ImportSettings) -> dict[str, list[IncomingRevision]]:
    batches: dict[str, list[IncomingRevision]] = {}
    for number, line in enumerate(read_file(path, None).decode("utf-8", "strict").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record = _jsonl_record(line, where)
        html, text = record.get("html"), record.get("text")
        if (html is None) == (text is None):
            raise InputError(f"{where}: give exactly one of 'text' and 'html'")
        content = html if html is not None else text
        data = check_size(str(content).encode("utf-8"), where, settings.max_source_bytes)
        prepared = prepare_source(
            data,
            name=where,
            tz=settings.tz,
            article_id=_optional_str(record, "id", where),
            url=_optional_str(record, "url", where),
        )
        at = _optional_str(record, "at", where)
        revision = _incoming(
            prepared,
            parse_time(at, settings.tz) if at else None,
            origin=where,
            kind=_optional_str(record, "kind", where),
            note=_optional_str(record, "note", where) or "",
        )
        batches.setdefault(prepared.article_id, []).append(revision)
    return batches


def _jsonl_record(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object")
    unknown = sorted(set(record) - _JSONL_KEYS)
    if unknown:
        raise InputError(
            f"{where}: unknown key {unknown[0]!r}; expected {', '.join(sorted(_JSONL_KEYS))}"
        )
    return record


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {key!r} must be a string")
    return value


def _incoming(
    prepared: PreparedSource,
    at: datetime | None,
    *,
    origin: str,
    kind: str | None = None,
    note: str = "",
) -> IncomingRevision:
    from articlediff.store.importplan import IncomingRevision
    from articlediff.store.messages import field_sources_trailers

    return IncomingRevision(
        article=prepared.article,
        at=at,
        kind=kind,
        note=note,
        source_url=prepared.source_url,
        source_sha256=prepared.source_sha256,
        origin=origin,
        trailers=field_sources_trailers(prepared.page_sources),
    )
