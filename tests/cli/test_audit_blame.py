"""audit and blame through the real CLI on real stores."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cli.test_commands import SAMPLE_ID, save_sample
from tests.conftest import Cli


def save(run: Cli, article_id: str, at: str, body: str, note: str = "") -> None:
    text = f"Headline of {article_id}\n\n{body}\n"
    args = ["save", "-", "--id", article_id, "--at", at]
    if note:
        args += ["--note", note]
    result = run(*args, input=text)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def newsroom(run: Cli) -> Cli:
    save(run, "local/alpha", "2024-06-19 07:00", "First. Second.")
    save(run, "local/beta", "2024-06-19 07:30", "Beta one.")
    save(
        run, "local/alpha", "2024-06-19 08:00", "First. Second. Third sentence added here.", "more"
    )
    save(run, "local/beta", "2024-06-19 09:00", "Beta one, fixed.")
    save(run, "local/alpha", "2024-06-19 10:00", "First. Second, changed.")
    return run


def rows(run: Cli, *args: str) -> list[tuple[str, str]]:
    result = run("audit", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [(row["id"], row["revision"]) for row in json.loads(result.stdout)]


def test_audit_everything_newest_first(newsroom: Cli) -> None:
    assert rows(newsroom) == [
        ("local/alpha", "r3"),
        ("local/beta", "r2"),
        ("local/alpha", "r2"),
        ("local/beta", "r1"),
        ("local/alpha", "r1"),
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--since", "2024-06-19 08:00"), ["alpha r3", "beta r2", "alpha r2"]),  # inclusive
        (("--since", "2024-06-19 08:00:01"), ["alpha r3", "beta r2"]),
        (("--until", "2024-06-19 07:30"), ["beta r1", "alpha r1"]),  # inclusive
        (("--until", "2024-06-19 07:29:59"), ["alpha r1"]),
        (
            ("--since", "2024-06-19 07:30", "--until", "2024-06-19 09:00"),
            ["beta r2", "alpha r2", "beta r1"],
        ),
        (("--since", "2024-06-19T07:00:00Z"), ["alpha r3", "beta r2", "alpha r2"]),  # 08:00 BST
        (("--since", "2024-06-19 11:00"), []),
    ],
)
def test_audit_window_boundaries(newsroom: Cli, args: tuple[str, ...], expected: list[str]) -> None:
    got = [f"{article_id.split('/')[1]} {label}" for article_id, label in rows(newsroom, *args)]
    assert got == expected


def test_audit_text_columns(newsroom: Cli) -> None:
    result = newsroom("audit", "--since", "2024-06-19 08:00", "--until", "2024-06-19 08:00")
    assert result.exit_code == 0, result.stderr
    line = result.stdout.splitlines()[0]
    assert line.split() == [
        "2024-06-19",
        "08:00",
        "+01:00",
        "local/alpha",
        "r2",
        "update",
        "update",
        "+4/-0",
        "more",
    ]


def test_audit_json_and_csv_fields(newsroom: Cli) -> None:
    records = json.loads(newsroom("audit", "--format", "json").stdout)
    first = records[-1]
    assert first["verdict"] is None and first["kind"] == "published"
    assert first["words_added"] == 2 and first["words_deleted"] == 0
    latest = records[0]
    assert latest["at"] == "2024-06-19T10:00:00+01:00" and latest["words_deleted"] > 0
    assert latest["verdict"] in ("minor", "update", "substantive")
    # Each row carries the reasons behind its verdict: signals with their words.
    assert first["reasons"] == []
    added = records[2]
    assert (added["revision"], added["verdict"]) == ("r2", "update")
    assert added["reasons"] == [
        {
            "field": "body", "kind": "addition", "signal": "addition", "old": "",
            "new": "Third sentence added here.", "level": "update",
        }
    ]  # fmt: skip
    table = list(csv.DictReader(io.StringIO(newsroom("audit", "--format", "csv").stdout)))
    assert [row["revision"] for row in table] == ["r3", "r2", "r2", "r1", "r1"]
    assert table[2]["note"] == "more" and table[-1]["verdict"] == ""


def test_audit_empty_window_and_bad_input(newsroom: Cli) -> None:
    empty = newsroom("audit", "--since", "2030-01-01")
    assert empty.exit_code == 0 and empty.stdout == "" and "no revisions" in empty.stderr
    assert newsroom("audit", "--since", "2030-01-01", "--format", "json").stdout.strip() == "[]"
    header = newsroom("audit", "--since", "2030-01-01", "--format", "csv").stdout
    assert header.startswith("at,id,revision,kind,verdict")
    bad = newsroom("audit", "--since", "not a time")
    assert bad.exit_code == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1
    backwards = newsroom("audit", "--since", "2024-06-20", "--until", "2024-06-19")
    assert backwards.exit_code == 2 and "earlier than --since" in backwards.stderr


def test_audit_on_an_empty_store(run: Cli) -> None:
    result = run("audit", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_blame_three_revisions(run: Cli) -> None:
    save(run, "local/visit", "2024-06-19 07:38", "Putin landed. Talks began.")
    save(
        run,
        "local/visit",
        "2024-06-19 08:14",
        "Putin landed. Talks began. A Kremlin spokesman said it went well.",
    )
    save(
        run,
        "local/visit",
        "2024-06-19 10:00",
        "Putin landed. Talks began. A Kremlin spokesman, Dmitry Peskov, said it went well.",
    )
    result = run("blame", "local/visit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "r1  2024-06-19 07:38 +01:00  Putin landed.",
        "r1  2024-06-19 07:38 +01:00  Talks began.",
        "r3  2024-06-19 10:00 +01:00  A Kremlin spokesman, Dmitry Peskov, said it went well.",
    ]
    assert result.stderr.startswith("local/visit r3 ")
    at_r2 = run("blame", "local/visit", "--at", "19/06/2024 09:00")
    assert at_r2.stdout.splitlines()[-1] == (
        "r2  2024-06-19 08:14 +01:00  A Kremlin spokesman said it went well."
    )
    record = json.loads(run("blame", "local/visit", "--json").stdout)
    assert record["revision"] == "r3"
    assert [s["revision"] for s in record["paragraphs"][0]["sentences"]] == ["r1", "r1", "r3"]


def test_blame_sample_and_errors(run: Cli) -> None:
    save_sample(run)
    result = run("blame", SAMPLE_ID)
    assert result.exit_code == 0
    assert any(
        line.startswith("r2  2024-06-19 08:14 +01:00  On Putin's first trip")
        for line in result.stdout.splitlines()
    )
    assert run("blame", SAMPLE_ID, "--at", "r7").exit_code == 2
    assert run("blame", "local/none").exit_code == 2


def test_blame_reads_back_only_as_far_as_it_needs_and_says_the_same(run: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A long history (more revisions than one batch read back): blame of several revisions
    is that of the whole history, byte for byte."""
    from articlediff.analysis.blame import blame
    from articlediff.app.review import blame_article
    from articlediff.model import resolve_revision
    from articlediff.store import Store

    lines = []
    body = [f"Paragraph {n} counts {n} boats. Officials said so." for n in range(6)]
    for number in range(150):
        body[number % 6] = body[number % 6].replace(" boats", f" boats ({number})", 1)
        if number % 10 == 5:
            body.append(body.pop(0))
        text = "A long story\n\n" + "\n\n".join(body)
        at = f"2024-06-{1 + number // 24:02d}T{number % 24:02d}:00:00+01:00"
        lines.append(json.dumps({"id": "local/long", "at": at, "text": text}))
    feed = tmp_path / "long.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("import", str(feed)).exit_code == 0
    with Store(run.store_path) as store:
        history = store.history("local/long")
        for ref in ("latest", "r1", "r70", "r100", "2024-06-03T12:30:00+01:00"):
            whole = blame(history, resolve_revision(history, ref, store.tz))
            assert blame_article(store, "local/long", ref) == whole, ref
    assert run("blame", "local/long", "--at", "r999").exit_code == 2
