"""``articlediff batch`` gives the rows that computing each pair in this process gives, on
Dask's local schedulers and on a dask.distributed cluster; bad input writes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from articlediff.app.batch import pair_schema, run_batch
from articlediff.cli.commands.batch import PARTITION_PAIRS
from articlediff.store import Store
from tests.batch.conftest import (
    corpus_rows,
    leftovers,
    needs_corpus,
    parquet_rows,
    store_rows,
    wiki_corpus,
)
from tests.conftest import ROOT, Cli, git, repo_state


def test_store_rows_equal_the_pairs_computed_one_by_one(
    batch_store: Path, run: Cli, tmp_path: Path
) -> None:
    """The default scheduler (worker processes), two workers, partitions of a few pairs."""
    before = repo_state(batch_store)
    out = tmp_path / "pairs.parquet"
    result = run("batch", "-o", str(out), "--workers", "2", "--partition-size", "3", "--json")
    assert result.exit_code == 0, result.stderr
    expected = store_rows(batch_store)
    assert parquet_rows(out) == expected
    summary = json.loads(result.stdout)
    assert summary["pairs"] == len(expected) == 17
    assert summary["articles"] == 10 and summary["revisions"] == 27
    assert summary["scheduler"] == "processes" and summary["workers"] == 2
    assert summary["partitions"] > 2
    assert summary["findings"] == sum(len(row["findings"]) for row in expected)
    assert re.fullmatch(
        r"wrote 17 pairs of 10 articles \(\d+ findings?\) to \S+pairs\.parquet in [\d.]+s "
        r"\(\d+ pairs/s, processes, 2 workers\)\n",
        result.stderr,
    )
    # Reading the store changed nothing in it.
    assert repo_state(batch_store) == before
    assert git(batch_store, "status", "--porcelain") == ""
    assert list(leftovers(tmp_path)) == []


def test_what_the_rows_hold(batch_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.parquet"
    with Store(batch_store) as store:
        run_batch(out, store=store, scheduler="synchronous")
    rows = {(row["id"], row["new_revision"]): row for row in parquet_rows(out)}
    ids = [key[0] for key in rows]
    assert ids == sorted(ids)
    sample = rows[("gbnews/putin-kim-visit", 2)]
    assert sample["old_revision"] == 1 and sample["verdict"] == "substantive"
    assert (sample["words_added"], sample["words_deleted"]) == (85, 1)
    assert sample["old_at"].isoformat() == "2024-06-19T06:38:00+00:00"
    number = {"field": "body", "kind": "edit", "signal": "number", "old": "23", "new": "24"}
    assert {**number, "level": "substantive"} in sample["reasons"]
    assert [f["rule"] for f in sample["findings"]] == ["unexplained-change"]
    explained = rows[("local/quake", 2)]
    assert explained["verdict"] == "substantive" and explained["findings"] == []
    stealth = rows[("local/stealth", 2)]
    assert [f["rule"] for f in stealth["findings"]] == ["unexplained-change", "stealth-edit"]
    assert stealth["note"] == "toll" and stealth["kind"] == "update"
    assert ("local/single", 1) not in rows and ("local/single", 2) not in rows
    added = rows[("local/quake", 3)]
    assert added["verdict"] == "update" and added["paragraphs_added"] == 1
    assert [r["kind"] for r in added["reasons"]] == ["addition"]


def test_the_same_rows_whatever_the_partitions_and_scheduler(
    batch_store: Path, tmp_path: Path
) -> None:
    expected = store_rows(batch_store)
    with Store(batch_store) as store:
        for scheduler, size in (("synchronous", 1), ("threads", 1000)):
            out = tmp_path / f"{scheduler}.parquet"
            result = run_batch(out, store=store, scheduler=scheduler, partition_pairs=size)
            assert parquet_rows(out) == expected, scheduler
            # One partition per article with pairs (the single revision joins the next one).
            assert result.partitions == (9 if size == 1 else 1)


def test_a_distributed_cluster_through_its_address(
    batch_store: Path, small_corpus: Path, run: Cli, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        out = tmp_path / "cluster.parquet"
        result = run("batch", "-o", str(out), "--scheduler", address, "--partition-size", "4")
        assert result.exit_code == 0, result.stderr
        assert parquet_rows(out) == store_rows(batch_store)
        assert f"{address}, 2 workers)" in result.stderr
        corpus_out = tmp_path / "corpus.parquet"
        result = run("batch", str(small_corpus), "-o", str(corpus_out), "--scheduler", address)
        assert result.exit_code == 0, result.stderr
        assert parquet_rows(corpus_out) == corpus_rows(small_corpus)
        refused = run("batch", "-o", str(out), "--scheduler", address, "--workers", "2")
        assert refused.exit_code == 2
        assert refused.stderr == (
            "Error: --workers is for the local scheduler: a cluster has its own workers\n"
        )


def test_a_jsonl_corpus_ordered_by_time(small_corpus: Path, run: Cli, tmp_path: Path) -> None:
    out = tmp_path / "pairs.parquet"
    result = run("batch", str(small_corpus), "-o", str(out), "--workers", "2")
    assert result.exit_code == 0, result.stderr
    rows = parquet_rows(out)
    assert rows == corpus_rows(small_corpus)
    assert len(rows) == 0 + 1 + 2 + 3 + 4
    first = rows[0]
    assert (first["id"], first["old_revision"], first["new_revision"]) == ("corpus/a1", 1, 2)
    assert (
        first["old_commit"] is None and first["new_at"].isoformat() == "2024-01-02T10:00:00+00:00"
    )
    assert first["verdict"] == "substantive"
    assert [(r["signal"], r["old"], r["new"]) for r in first["reasons"]] == [("number", "0", "3")]


@pytest.mark.filterwarnings("ignore::DeprecationWarning:dask")  # pandas 3 and Dask's reader
def test_a_parquet_corpus_gives_the_rows_of_the_same_jsonl(
    small_corpus: Path, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    lines = [json.loads(line) for line in small_corpus.read_text().splitlines()]
    table = pa.Table.from_pylist(lines)
    source = tmp_path / "corpus.parquet"
    pq.write_table(table, source, row_group_size=4)
    out = tmp_path / "pairs.parquet"
    run_batch(out, corpus=[source], scheduler="synchronous")
    assert parquet_rows(out) == corpus_rows(small_corpus)


@needs_corpus
def test_a_wikipedia_corpus_sample(run: Cli, tmp_path: Path) -> None:
    corpus = wiki_corpus(tmp_path / "wiki.jsonl", articles=25)
    out = tmp_path / "wiki.parquet"
    result = run("batch", str(corpus), "-o", str(out), "--workers", "2")
    assert result.exit_code == 0, result.stderr
    expected = corpus_rows(corpus)
    assert len(expected) > 80
    assert parquet_rows(out) == expected
    assert all(row["old_at"] is None for row in expected)  # numbered: no times


@needs_corpus
@pytest.mark.slow
def test_the_whole_wikipedia_corpus(run: Cli, tmp_path: Path) -> None:
    corpus = wiki_corpus(tmp_path / "wiki.jsonl")
    out = tmp_path / "wiki.parquet"
    result = run("batch", str(corpus), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert parquet_rows(out) == corpus_rows(corpus)


def test_the_schema_is_the_documented_one(batch_store: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "pairs.parquet"
    with Store(batch_store) as store:
        run_batch(out, store=store, scheduler="synchronous")
    schema = pq.read_schema(out)
    assert schema.equals(pair_schema(), check_metadata=True)
    assert schema.metadata[b"articlediff.schema"] == b"articlediff.pairs/1"
    doc = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    table = doc.split("<!-- columns -->")[1]
    documented = re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", table, re.M)
    assert [(name, kind) for name, kind in documented] == [
        (field.name, _type_name(field.type)) for field in schema
    ]


def _type_name(kind: object) -> str:
    """A column's type as docs/scale.md writes it: pyarrow's name, nested fields by name."""
    text = str(kind)
    text = re.sub(r"list<element: ([^<>]+)>", r"list<\1>", text)
    text = re.sub(r"list<element: (struct<.*>)>", r"list<\1>", text)
    return re.sub(r"list<element: ", "list<", text)


def test_an_empty_store_writes_an_empty_file(other_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.parquet"
    result = Cli(other_store)("batch", "-o", str(out), "--scheduler", "synchronous")
    assert result.exit_code == 0, result.stderr
    assert parquet_rows(out) == []
    assert result.stderr.startswith("wrote 0 pairs of 0 articles (0 findings)")


def test_an_empty_corpus_writes_an_empty_file(run: Cli, tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.jsonl", tmp_path / "blank.jsonl"
    empty.write_text("")
    blank.write_text("\n\n")
    out = tmp_path / "pairs.parquet"
    result = run("batch", str(empty), str(blank), "-o", str(out), "--scheduler", "synchronous")
    assert result.exit_code == 0, result.stderr
    assert parquet_rows(out) == []


def test_the_cli_default_partition_size_is_the_library_s() -> None:
    from articlediff.app.batch import DEFAULT_PARTITION_PAIRS

    assert PARTITION_PAIRS == DEFAULT_PARTITION_PAIRS
