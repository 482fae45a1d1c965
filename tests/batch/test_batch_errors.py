"""A batch that fails says why in one line, exits 2 and writes nothing: no output file, no
temporary file, an earlier output left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch.conftest import leftovers
from tests.conftest import Cli

EARLIER = b"an earlier output"


def fails(run: Cli, tmp_path: Path, *args: str) -> str:
    """Run a batch that must fail; return its one line (``Error: `` left off)."""
    out = tmp_path / "pairs.parquet"
    out.write_bytes(EARLIER)
    result = run("batch", *args, "-o", str(out))
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert out.read_bytes() == EARLIER
    assert list(leftovers(tmp_path)) == []
    return lines[0].removeprefix("Error: ")


def jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def rows(count: int = 3, **extra: object) -> list[dict[str, object]]:
    return [
        {"id": "a/b", "revision": n, "headline": "H", "body": f"Body {n}.", **extra}
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_a_row_without_a_body(run: Cli, tmp_path: Path, scheduler: str) -> None:
    """The row is checked in a worker process too: its error comes back as it was."""
    corpus = rows()
    del corpus[1]["body"]
    path = jsonl(tmp_path / "c.jsonl", corpus)
    line = fails(run, tmp_path, str(path), "--scheduler", scheduler)
    assert line == (
        f"{path}: a row of 'a/b' has no body (each row needs id, headline, body, and "
        "revision or at)"
    )


def test_a_parquet_corpus_without_a_column(run: Cli, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist([{"id": "a/b", "revision": 1, "headline": "H"}]), path)
    line = fails(run, tmp_path, str(path), "--scheduler", "synchronous")
    assert line == (
        f"{path}: no column body (each row needs id, headline, body, and revision or at)"
    )


def test_revisions_out_of_time_order(run: Cli, tmp_path: Path) -> None:
    corpus = rows()
    for row, at in zip(
        corpus, ("2024-01-01T10:00Z", "2024-01-01T12:00Z", "2024-01-01T11:00Z"), strict=True
    ):
        row["at"] = at
    path = jsonl(tmp_path / "c.jsonl", corpus)
    assert fails(run, tmp_path, str(path), "--scheduler", "synchronous") == (
        f"{path}: revisions of 'a/b' are not in time order: revision 3 is at "
        "2024-01-01T11:00:00+00:00, before revision 2 at 2024-01-01T12:00:00+00:00"
    )


def test_a_revision_twice(run: Cli, tmp_path: Path) -> None:
    corpus = rows()
    corpus[2]["revision"] = 2
    path = jsonl(tmp_path / "c.jsonl", corpus)
    line = fails(run, tmp_path, str(path), "--scheduler", "synchronous")
    assert line == f"{path}: 'a/b' revision 2 appears twice"


def test_a_line_that_is_not_json(run: Cli, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a/b", "revision": 1, "headline": "H", "body": "x"}\n{oops\n')
    line = fails(run, tmp_path, str(path), "--scheduler", "synchronous")
    assert line == f"{path}: a line is not JSON: {{oops"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.jsonl", None, "{path}: no such file or folder"),
        ("c.txt", b"text", "{path}: not a corpus file (.jsonl, .ndjson, .json or .parquet)"),
        ("c.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "{path}: not UTF-8 text"),
        ("c.parquet", b"not parquet at all", "{path}: cannot read it as Parquet"),
    ],
)
def test_an_unreadable_corpus(
    run: Cli, tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    line = fails(run, tmp_path, str(path), "--scheduler", "synchronous")
    assert line.startswith(expected.format(path=path)), line


def test_bad_options(run: Cli, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "c.jsonl", rows())
    assert fails(run, tmp_path, str(path), "--timezone", "Mars/Base") == (
        "unknown time zone 'Mars/Base': use an IANA name such as Europe/London"
    )
    assert fails(run, tmp_path, str(path), "--scheduler", "every core") == (
        "unknown scheduler 'every core': use processes, threads, synchronous, or a Dask "
        "scheduler's address such as tcp://host:8786"
    )
    assert fails(run, tmp_path, str(path), "--workers", "0").startswith(
        "Invalid value for '--workers': 0 is not in the range x>=1."
    )
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run("batch", str(path), "-o", str(folder))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {folder}: is a folder; give the Parquet file to write\n"
