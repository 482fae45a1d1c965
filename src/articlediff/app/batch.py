"""``articlediff batch``: the per-pair work (diff, verdict, reasons, check findings) over a
whole store or a corpus, on Dask, into one Parquet file with one row per consecutive pair.

The unit of work is one article (``check.pairs.history_records``): the rules read its
whole history. Articles are grouped into partitions of about ``partition_pairs`` pairs and
each partition becomes one Parquet row group, written in article-id order as the partitions
finish, to a temporary file renamed over ``output`` at the end: a batch that fails writes
nothing.

- **A store** is read here, in the calling process, through ``Store.history``, a wave of
  partitions at a time, and each wave's histories go to the workers: any cluster can run
  it, with or without the store's files.
- **A corpus** (JSON Lines or Parquet, one revision a row; see ``ingest.corpus``) is read by
  the workers: a Dask bag of lines (JSON Lines) or a Dask data frame (Parquet), shuffled
  by article id (``set_index``) so that each article's rows meet in one partition.

The verdicts and findings are computed under the settings ``check`` and ``diff`` use: a
store's ``articlediff.toml`` (``[check]``, the commits that changed it, and the page
furniture of ``[furniture]`` and ``[furniture.outlets.<outlet>]``), or for a corpus those
of a settings file given as ``config`` (``batch_settings``), so that the rows are what
``check`` and ``diff`` say of each pair.

Dask, distributed and pyarrow are the ``batch`` extra, imported only inside the functions
that use them: importing this module, and every other command, stays light. See
docs/scale.md.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from articlediff.check import CheckSettings, SettingsChange, settings_from_table
from articlediff.common.furniture import FurnitureSettings, furniture_from_table
from articlediff.diff.model import LEVELS
from articlediff.errors import ArticleDiffError, InputError, StoreError
from articlediff.model import Revision

if TYPE_CHECKING:
    import pyarrow

    from articlediff.store import Store

LOCAL_SCHEDULERS: Final = ("processes", "threads", "synchronous")
"""Dask's local schedulers; anything else given as ``scheduler`` is a cluster's address."""
DEFAULT_PARTITION_PAIRS: Final = 200
"""Pairs per partition (and Parquet row group) when reading a store: about a second of work."""
WAVE_PARTITIONS_PER_WORKER: Final = 8
"""A store is read, computed and written in waves of this many partitions per worker."""
JSONL_SUFFIXES: Final = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES: Final = (".parquet", ".pq")
EXTRA_HINT: Final = "pip install 'articlediff[scale]'"
_ID_DTYPE: Final = "string[pyarrow]"
_ADDRESS: Final = re.compile(r"(?:[a-z][a-z0-9+]*://)?[^\s/:]+(?::\d+)?(?:/\S*)?")
"""A scheduler's address: ``tcp://host:8786``, ``tls://host:8786``, ``host:8786``."""


@dataclass(frozen=True)
class BatchResult:
    """What a batch wrote, and how."""

    output: Path
    source: str
    articles: int
    revisions: int
    pairs: int
    partitions: int
    scheduler: str
    workers: int
    seconds: float
    verdicts: Mapping[str, int] = field(default_factory=dict)
    findings: int = 0

    @property
    def pairs_per_second(self) -> float:
        return self.pairs / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "output": str(self.output),
            "source": self.source,
            "articles": self.articles,
            "revisions": self.revisions,
            "pairs": self.pairs,
            "partitions": self.partitions,
            "scheduler": self.scheduler,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "pairs_per_second": round(self.pairs_per_second, 1),
            "verdicts": dict(self.verdicts),
            "findings": self.findings,
        }


@dataclass(frozen=True)
class _Counts:
    """What one partition's rows cover."""

    articles: int
    revisions: int
    pairs: int
    verdicts: Mapping[str, int]
    findings: int


@dataclass(frozen=True)
class _Part:
    """One partition's rows, and what they cover."""

    table: pyarrow.Table
    counts: _Counts


def require_batch(*, cluster: bool = False) -> None:
    """``InputError`` (one line) unless the ``scale`` extra is installed."""
    needed = ["dask", "dask.bag", "dask.dataframe", "pyarrow", "pyarrow.parquet"]
    if cluster:
        needed.append("distributed")
    for name in needed:
        try:
            __import__(name)
        except ImportError as error:
            # The module missing, which may be one the module asked for imports (dask's
            # data frames import pyarrow).
            top = (error.name or name).split(".")[0]
            raise InputError(
                f"articlediff batch needs the scale extra ({top} is not installed): {EXTRA_HINT}"
            ) from None


@dataclass(frozen=True)
class BatchSettings:
    """What the rows are computed under: the check rules, the page furniture by outlet, and
    (for a store) the commits that changed the ``[check]`` settings (``rule-switched-off``)."""

    check: CheckSettings = field(default_factory=CheckSettings)
    furniture: FurnitureSettings = field(default_factory=FurnitureSettings)
    changes: Mapping[str, SettingsChange] = field(default_factory=dict)


def batch_settings(path: Path | str, *, strict: bool = False) -> BatchSettings:
    """The ``[check]`` and ``[furniture]`` tables of the settings file ``path`` (a store's
    ``articlediff.toml``, say; its other settings are not read), for a corpus. A file that
    cannot be read, is not TOML or holds a bad setting or pattern is an ``InputError``
    naming the file."""
    import tomllib

    source = str(path)
    try:
        data = tomllib.loads(Path(path).expanduser().read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{source}: cannot read it: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{source}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{source}: not valid TOML ({error})") from None
    tables = {name: data.get(name, {}) for name in ("check", "furniture")}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise InputError(f"{source}: [{name}] must be a table")
    try:
        check = settings_from_table(tables["check"], source)
    except StoreError as error:  # a store's own file is a store problem; this one is input
        raise InputError(str(error)) from None
    furniture = furniture_from_table(tables["furniture"], source)
    return BatchSettings(check.with_strict(strict), furniture)


def store_batch_settings(store: Store, *, strict: bool = False) -> BatchSettings:
    """A store's own settings, as ``check`` reads them."""
    from articlediff.app.pairs import furniture_settings
    from articlediff.app.review import check_settings, settings_changes

    return BatchSettings(
        check_settings(store, strict=strict), furniture_settings(store), settings_changes(store)
    )


def run_batch(
    output: Path | str,
    *,
    store: Store | None = None,
    corpus: Sequence[Path | str] = (),
    settings: CheckSettings | BatchSettings | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_pairs: int = DEFAULT_PARTITION_PAIRS,
    tz: tzinfo = UTC,
) -> BatchResult:
    """Write one Parquet row per consecutive pair of revisions of ``store`` or ``corpus``
    (JSON Lines or Parquet files, one revision a row) to ``output``.

    ``scheduler``: ``processes`` (the default: Dask's local scheduler, ``workers`` processes,
    default one per core), ``threads``, ``synchronous``, or a ``distributed`` scheduler's
    address (``tcp://host:8786``), whose workers need articlediff installed, at the same
    version. ``settings``: the check rules, or a ``BatchSettings`` with the furniture
    patterns too (default: the store's own, as ``check`` reads them; the defaults and the
    built-in furniture for a corpus, or ``batch_settings`` of a settings file); check rules
    alone given with a store keep the store's furniture. ``tz``: the zone of a corpus's
    naive times. Rows come sorted by article id, then pair; the rows are the same whatever
    the scheduler, workers or partitions.
    """
    if (store is None) == (not corpus):
        raise InputError("batch reads either a store or a corpus, not both")
    if partition_pairs < 1:
        raise InputError("partition size must be at least 1 pair")
    if workers is not None and workers < 1:
        raise InputError("workers must be at least 1")
    name = scheduler or "processes"
    cluster = name not in LOCAL_SCHEDULERS
    if cluster and not _ADDRESS.fullmatch(name):
        raise InputError(
            f"unknown scheduler {name!r}: use {', '.join(LOCAL_SCHEDULERS)}, or a Dask "
            "scheduler's address such as tcp://host:8786"
        )
    if cluster and workers is not None:
        raise InputError("--workers is for the local scheduler: a cluster has its own workers")
    require_batch(cluster=cluster)
    output = Path(output)
    if output.is_dir():
        raise InputError(f"{output}: is a folder; give the Parquet file to write")
    if not output.parent.is_dir():
        raise InputError(f"{output.parent}: no such folder")
    if isinstance(settings, BatchSettings):
        chosen = settings
    elif store is not None:
        chosen = store_batch_settings(store)
        if settings is not None:
            chosen = BatchSettings(settings, chosen.furniture, chosen.changes)
    else:
        chosen = BatchSettings(settings or CheckSettings())
    paths = [_corpus_path(path) for path in corpus]
    source = str(store.root) if store is not None else ", ".join(paths)
    started = time.perf_counter()
    with _scheduler(name, workers) as runner:
        if store is not None:
            waves = _store_waves(store, chosen, partition_pairs, runner.workers)
        else:
            waves = iter([_corpus_parts(paths, chosen, tz, runner.workers)])
        counts = _write(output, (part for wave in waves for part in runner.compute(wave)))
    seconds = time.perf_counter() - started
    verdicts: Counter[str] = Counter()
    for count in counts:
        verdicts.update(count.verdicts)
    return BatchResult(
        output=output,
        source=source,
        articles=sum(count.articles for count in counts),
        revisions=sum(count.revisions for count in counts),
        pairs=sum(count.pairs for count in counts),
        partitions=len(counts),
        scheduler=name,
        workers=runner.workers,
        seconds=seconds,
        verdicts={level: verdicts[level] for level in LEVELS},
        findings=sum(count.findings for count in counts),
    )


# -- schedulers ----------------------------------------------------------------------------


class _Runner:
    """Computes a wave of delayed partitions on the scheduler in force (``_scheduler``),
    yielding them in order as they come."""

    def __init__(self, name: str, workers: int, client: Any = None) -> None:
        self.name = name
        self.workers = workers
        self.client = client

    def compute(self, wave: Sequence[Any]) -> Iterator[_Part]:
        if not wave:
            return
        with _cluster_errors(self.name):
            if self.client is not None:
                futures = self.client.compute(list(wave))
                for future in futures:
                    yield future.result()
                    future.release()
                return
            import dask

            yield from dask.compute(*wave)


@contextmanager
def _scheduler(name: str, workers: int | None) -> Iterator[_Runner]:
    """The scheduler ``name`` in force for everything Dask computes meanwhile (planning a
    corpus's shuffle computes too), closed (its processes ended) afterwards."""
    import dask

    if name in LOCAL_SCHEDULERS:
        count = 1 if name == "synchronous" else workers or os.cpu_count() or 1
        if name != "processes":
            with dask.config.set(scheduler=name, num_workers=count):
                yield _Runner(name, count)
            return
        from concurrent.futures import ProcessPoolExecutor

        from dask.multiprocessing import get_context

        # One pool for every wave (a worker process takes about a second to start), and one
        # partition per task: Dask's default batches of six would idle the other workers.
        with (
            ProcessPoolExecutor(count, mp_context=get_context()) as pool,
            dask.config.set(scheduler=name, num_workers=count, pool=pool, chunksize=1),
        ):
            yield _Runner(name, count)
        return
    client = _connect(name)
    try:
        with dask.config.set(scheduler=client):
            yield _Runner(name, len(client.scheduler_info()["workers"]), client=client)
    finally:
        client.close()


def _connect(address: str) -> Any:
    from distributed import Client

    from articlediff import __version__

    try:
        client = Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {_line(error)}") from None
    try:
        client.wait_for_workers(1, timeout=60)
        versions = set(client.run(_engine_version).values())
    except (OSError, TimeoutError) as error:
        client.close()
        raise InputError(
            f"the Dask scheduler at {address} has no workers: {_line(error)}"
        ) from None
    if versions != {__version__}:
        client.close()
        shown = ", ".join(sorted(versions))
        raise InputError(
            f"the workers at {address} run articlediff {shown}, this is {__version__}: "
            "install the same version on every worker"
        )
    return client


def _engine_version() -> str:
    from articlediff import __version__

    return __version__


@contextmanager
def _cluster_errors(scheduler: str) -> Iterator[None]:
    """What stops a computation, as one line: the library's own errors pass through."""
    try:
        yield
    except ArticleDiffError:
        raise
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except Exception as error:  # a worker lost, a corpus file unreadable: anything else
        raise InputError(f"batch failed ({scheduler}): {_line(error)}") from None


def _line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(error).__name__}: {text}"


# -- the work of one partition (runs on a worker) ------------------------------------------


def _part(histories: Iterable[tuple[Sequence[Revision], bool]], settings: BatchSettings) -> _Part:
    """The rows of every pair of the given histories (each with whether it has times), each
    under its outlet's furniture patterns."""
    from articlediff.check.pairs import history_records

    records: list[dict[str, Any]] = []
    articles = revisions = 0
    for history, timed in histories:
        articles += 1
        revisions += len(history)
        if not history:
            continue
        records.extend(
            history_records(
                history,
                settings.check,
                timed=timed,
                furniture=settings.furniture.for_article(history[0].article_id),
                settings_changes=settings.changes,
            )
        )
    verdicts = Counter(record["verdict"] for record in records)
    findings = sum(len(record["findings"]) for record in records)
    counts = _Counts(articles, revisions, len(records), dict(verdicts), findings)
    return _Part(_table(records), counts)


def _table(records: list[dict[str, Any]]) -> pyarrow.Table:
    import pyarrow as pa

    return pa.Table.from_pylist(records, schema=pair_schema())


def pair_schema() -> pyarrow.Schema:
    """The Parquet schema of the batch's rows (docs/scale.md lists the columns)."""
    import pyarrow as pa

    from articlediff import __version__
    from articlediff.check.pairs import PAIR_SCHEMA, STAT_FIELDS

    text, whole = pa.string(), pa.int64()
    words = _list(text)
    moment = pa.timestamp("us", tz="UTC")
    reason = pa.struct(
        [
            ("field", text),
            ("kind", text),
            ("signal", text),
            ("old", text),
            ("new", text),
            ("level", text),
        ]
    )
    finding = pa.struct(
        [
            ("rule", text),
            ("severity", text),
            ("message", text),
            ("quotes", words),
            ("entry", text),
        ]
    )
    columns = [
        pa.field("id", text, nullable=False),
        pa.field("old_revision", whole, nullable=False),
        pa.field("new_revision", whole, nullable=False),
        pa.field("old_commit", text),
        pa.field("new_commit", text),
        pa.field("old_at", moment),
        pa.field("new_at", moment),
        pa.field("kind", text, nullable=False),
        pa.field("note", text, nullable=False),
        *(pa.field(name, whole, nullable=False) for name in STAT_FIELDS),
        pa.field("share_changed", pa.float64(), nullable=False),
        pa.field("fields_changed", words, nullable=False),
        pa.field("verdict", text, nullable=False),
        pa.field("reasons", _list(reason), nullable=False),
        pa.field("findings", _list(finding), nullable=False),
    ]
    metadata = {"articlediff.schema": PAIR_SCHEMA, "articlediff.version": __version__}
    return pa.schema(columns, metadata=metadata)


def _list(kind: pyarrow.DataType) -> pyarrow.DataType:
    """A list type whose items are named as Parquet names them, so that a file read back
    has exactly this schema."""
    import pyarrow as pa

    return pa.list_(pa.field("element", kind))


# -- a store -------------------------------------------------------------------------------


def _store_waves(
    store: Store, settings: BatchSettings, partition_pairs: int, workers: int
) -> Iterator[list[Any]]:
    """Waves of delayed partitions: histories read through ``Store.history`` in article-id
    order, grouped into partitions of about ``partition_pairs`` pairs; a wave holds
    ``WAVE_PARTITIONS_PER_WORKER`` partitions per worker, so memory stays bounded."""
    import dask.bag as db

    wave_size = WAVE_PARTITIONS_PER_WORKER * workers
    groups: list[list[tuple[Sequence[Revision], bool]]] = []
    group: list[tuple[Sequence[Revision], bool]] = []
    pairs = 0
    article_ids = store.article_ids()
    # Every article is read: on a cold cache (right after an import) one walk of the branch
    # instead of a ``git log -- path`` each, which would cost the square of the store.
    with store.reading_many(len(article_ids)):
        for article_id in article_ids:
            history = store.history(article_id)
            group.append((history, True))
            pairs += len(history) - 1
            if pairs >= partition_pairs:
                groups.append(group)
                group, pairs = [], 0
            if len(groups) >= wave_size:
                yield _bag_parts(db, groups, settings)
                groups = []
    if group:
        groups.append(group)
    if groups:
        yield _bag_parts(db, groups, settings)


def _bag_parts(db: Any, groups: list[Any], settings: BatchSettings) -> list[Any]:
    bag = db.from_sequence(groups, partition_size=1).map(_part, settings)
    return [_only(part) for part in bag.to_delayed()]


def _only(partition: Any) -> Any:
    """The delayed single element of a one-element bag partition."""
    import dask

    return dask.delayed(_first)(partition)


def _first(items: Sequence[_Part]) -> _Part:
    return items[0]


# -- a corpus ------------------------------------------------------------------------------


def _corpus_path(path: Path | str) -> str:
    """``path`` as the workers will open it: a local path made absolute and checked."""
    text = str(path)
    if "://" in text:
        return text  # a URL (s3://, gcs://...): fsspec and the workers read it
    local = Path(text).expanduser()
    if not local.exists():
        raise InputError(f"{text}: no such file or folder")
    if local.is_dir():
        if not any(local.glob("*.parquet")) and not any(local.glob("*.jsonl")):
            raise InputError(f"{text}: a folder with no .parquet or .jsonl files")
        return str(local.resolve())
    if not local.name.endswith((*JSONL_SUFFIXES, *PARQUET_SUFFIXES)):
        raise InputError(f"{text}: not a corpus file (.jsonl, .ndjson, .json or .parquet)")
    try:
        with local.open("rb") as file:
            start = file.read(1 << 16)
    except OSError as error:
        raise InputError(f"{text}: cannot read it: {error.strerror}") from None
    if local.name.endswith(JSONL_SUFFIXES) and not _looks_like_text(start):
        raise InputError(f"{text}: not UTF-8 text")
    return str(local.resolve())


def _looks_like_text(start: bytes) -> bool:
    """Whether a file's first bytes are UTF-8 text (a character cut at the end allowed)."""
    import codecs

    if b"\0" in start:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _is_jsonl(path: str) -> bool:
    if path.endswith(JSONL_SUFFIXES):
        return True
    local = Path(path)
    return local.is_dir() and not any(local.glob("*.parquet"))


def _row_meta() -> Any:
    import pandas as pd

    from articlediff.ingest.corpus import COLUMNS

    # The id is text (the shuffle sorts it); the other cells go through as Python values.
    dtypes = {name: _ID_DTYPE if name == "id" else "object" for name in (*COLUMNS, "where")}
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in dtypes.items()})


def _corpus_parts(
    paths: Sequence[str], settings: BatchSettings, tz: tzinfo, workers: int
) -> list[Any]:
    """Delayed partitions of the corpus's pairs, in article-id order."""
    import dask
    import dask.dataframe as dd

    # Dask finds no file in an empty one: an empty file has no rows, nothing more.
    jsonl = [path for path in paths if _is_jsonl(path) and _size(path)]
    parquet = [path for path in paths if not _is_jsonl(path)]
    if not jsonl and not parquet:
        return []
    meta = _row_meta()
    frames = []
    with _reading_errors():
        if jsonl:
            size = sum(_size(path) for path in jsonl)
            blocksize = max(1 << 18, min(64 << 20, size // (4 * workers) + 1))
            lines = _jsonl_bag(jsonl, blocksize)
            frames.append(lines.map_partitions(_jsonl_rows, tz).to_dataframe(meta=meta))
        for path in parquet:
            try:
                frame = dd.read_parquet(path)
            except (OSError, ValueError) as error:  # pyarrow's errors are ValueErrors
                raise InputError(f"{path}: cannot read it as Parquet: {_line(error)}") from None
            missing = [name for name in _needed_columns() if name not in frame.columns]
            if "revision" not in frame.columns and "at" not in frame.columns:
                missing.append("revision or at")
            if missing:
                raise InputError(
                    f"{path}: no column {', '.join(missing)} (each row needs id, headline, "
                    "body, and revision or at)"
                )
            frames.append(frame.map_partitions(_parquet_rows, path, tz, meta=meta))
        rows = frames[0] if len(frames) == 1 else dd.concat(frames)
        npartitions = max(rows.npartitions, 4 * workers)
        by_article = rows.set_index("id", npartitions=npartitions)
        return [dask.delayed(_frame_part)(part, settings) for part in by_article.to_delayed()]


def _needed_columns() -> tuple[str, ...]:
    from articlediff.ingest.corpus import REQUIRED

    return REQUIRED


def _size(path: str) -> int:
    local = Path(path)
    if local.is_dir():
        return sum(item.stat().st_size for item in local.glob("*.jsonl"))
    return local.stat().st_size if local.exists() else 64 << 20


def _jsonl_bag(paths: Sequence[str], blocksize: int) -> Any:
    import dask.bag as db

    files = []
    for path in paths:
        local = Path(path)
        files += sorted(str(item) for item in local.glob("*.jsonl")) if local.is_dir() else [path]
    return db.read_text(files, blocksize=blocksize, include_path=True, encoding="utf-8")


@contextmanager
def _reading_errors() -> Iterator[None]:
    """Errors while planning the read (a Parquet file's footer, a glob) as one line."""
    try:
        yield
    except ArticleDiffError:
        raise
    except (OSError, ValueError, UnicodeError) as error:
        raise InputError(f"cannot read the corpus: {_line(error)}") from None


def _jsonl_rows(lines: Iterable[tuple[str, str]], tz: tzinfo) -> list[dict[str, Any]]:
    """Checked rows of a block of JSON Lines (each line with its file's path)."""
    import json

    from articlediff.ingest.corpus import corpus_row

    rows = []
    for line, path in lines:
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except ValueError:
            shown = line.strip()
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise InputError(f"{path}: a line is not JSON: {shown}") from None
        if not isinstance(values, dict):
            raise InputError(f"{path}: a line is not a JSON object")
        rows.append(corpus_row(values, tz, path).to_json())
    return rows


def _parquet_rows(frame: Any, path: str, tz: tzinfo) -> Any:
    """Checked rows of a block of a Parquet corpus, as the JSON Lines give them."""
    import pandas as pd

    from articlediff.ingest.corpus import COLUMNS, corpus_row

    rows = [corpus_row(values, tz, path).to_json() for values in _records(frame)]
    return pd.DataFrame(rows, columns=[*COLUMNS, "where"], dtype="object").astype({"id": _ID_DTYPE})


def _records(frame: Any) -> list[dict[str, Any]]:
    """A data frame's rows as dicts of plain values, missing cells as ``None``."""
    plain = frame.astype("object")
    return list(plain.where(plain.notna(), None).to_dict("records"))


def _frame_part(frame: Any, settings: BatchSettings) -> _Part:
    """The rows of a partition of the corpus (indexed by article id; whole articles)."""
    from articlediff.ingest.corpus import CorpusRow, corpus_history

    by_article: dict[str, list[CorpusRow]] = {}
    for values in _records(frame.reset_index()):
        row = CorpusRow(
            values["id"],
            _whole(values["revision"]),
            _moment(values["at"]),
            values["headline"],
            values["body"],
            values["kind"],
            values["note"] or "",
            values["where"] or "",
        )
        by_article.setdefault(row.article_id, []).append(row)
    return _part((corpus_history(by_article[key]) for key in sorted(by_article)), settings)


def _whole(value: Any) -> int | None:
    return None if value is None else int(value)


def _moment(value: Any) -> Any:
    from datetime import datetime

    return None if value is None else datetime.fromisoformat(value)


def _write(output: Path, parts: Iterable[_Part]) -> list[_Counts]:
    """Write the parts' tables, in order, to a temporary file renamed to ``output`` at the
    end; on any failure the temporary file goes and ``output`` is as it was."""
    import pyarrow.parquet as pq

    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    counts: list[_Counts] = []
    try:
        with pq.ParquetWriter(temporary, pair_schema(), compression="zstd") as writer:
            for part in parts:
                if part.table.num_rows:
                    writer.write_table(part.table)
                counts.append(part.counts)
        os.replace(temporary, output)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    return counts
