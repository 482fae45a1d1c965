"""articlediff import: folders, JSON Lines and the numbered corpus, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from articlediff.store import Store
from tests.conftest import CORPUS, ROOT, Cli, git, repo_state

SAMPLE_ID = "gbnews/putin-kim-visit"
WIKI = CORPUS / "wikipedia-versions"
needs_corpus = pytest.mark.skipif(not WIKI.is_dir(), reason="../shared/corpus is absent")


def corpus_slice(tmp_path: Path, count: int = 6) -> Path:
    """A few corpus articles, linked (not copied) into a folder of their own."""
    folder = tmp_path / "slice"
    folder.mkdir()
    for article in sorted(p for p in WIKI.iterdir() if p.is_dir())[:count]:
        (folder / article.name).symlink_to(article, target_is_directory=True)
    return folder


def test_import_the_versions_sample(run: Cli, store_path: Path) -> None:
    result = run("import", str(ROOT / "versions"), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary == {
        "revisions": 2,
        "articles": 1,
        "unchanged": 0,
        "already": 0,
        "backfills": {},
    }
    assert "imported 2 revisions of 1 article in" in result.stderr
    log = json.loads(run("log", SAMPLE_ID, "--json").stdout)
    assert [row["at"] for row in log] == ["2024-06-19T07:38:00+01:00", "2024-06-19T08:14:00+01:00"]
    assert [row["kind"] for row in log] == ["published", "update"]
    assert git(store_path, "status", "--porcelain") == ""  # working copy refreshed
    repo_state(store_path)


def test_import_equals_saving_one_by_one(run: Cli, store_path: Path, tmp_path: Path) -> None:
    assert run("import", str(ROOT / "versions")).exit_code == 0
    other = Cli(tmp_path / "other")
    from articlediff.store import init_store

    init_store(other.store_path, "Europe/London")[0].close()
    for name in ("2024-06-19T0738-constructed.txt", "2024-06-19T0814.txt"):
        path = ROOT / "versions" / "gbnews" / "putin-kim-visit" / name
        assert other("save", str(path), "--id", SAMPLE_ID).exit_code == 0
    fmt = "--format=%an <%ae> %ad%n%B"
    path = f"versions/{SAMPLE_ID}.md"
    imported = git(store_path, "log", "--date=raw", fmt, "--", path)
    saved = git(other.store_path, "log", "--date=raw", fmt, "--", path)
    assert imported == saved
    for rev in ("HEAD", "HEAD~1"):
        assert git(store_path, "show", f"{rev}:{path}") == git(
            other.store_path, "show", f"{rev}:{path}"
        )


@needs_corpus
def test_import_a_corpus_slice_with_times_and_counts(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    folder = corpus_slice(tmp_path)
    files = {p.name: sorted(p.iterdir(), key=lambda f: int(f.stem)) for p in folder.iterdir()}
    result = run(
        "import",
        str(folder),
        "--start",
        "2020-01-01T00:00Z",
        "--step",
        "1d",
        "--outlet",
        "wiki",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    total = sum(len(paths) for paths in files.values())
    assert summary["articles"] == len(files)
    assert summary["revisions"] + summary["unchanged"] == total
    with Store(store_path) as store:
        count = 0
        for title, paths in files.items():
            article_id = "wiki/" + title.lower().replace(" ", "-")
            history = store.history(article_id)
            count += len(history)
            assert history[0].article.headline == title
            assert history[0].at.isoformat() == "2020-01-01T00:00:00+00:00"
            # every revision sits at start + n days, n its file number, in order
            days = [(r.at - history[0].at).days for r in history]
            assert days == sorted(days) and days[-1] <= len(paths) - 1
            latest = paths[-1].read_text(encoding="utf-8").split()
            assert " ".join(history[-1].article.body).split() == latest
        assert count == summary["revisions"]
    repo_state(store_path)


@needs_corpus
def test_reimport_adds_nothing(run: Cli, store_path: Path, tmp_path: Path) -> None:
    folder = corpus_slice(tmp_path, 4)
    args = ("import", str(folder), "--start", "2020-01-01", "--step", "6h")
    assert run(*args).exit_code == 0
    before = repo_state(store_path)
    again = run(*args, "--json")
    assert again.exit_code == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["revisions"] == 0 and summary["already"] > 0
    assert repo_state(store_path) == before


def test_numbered_files_need_start_and_step(run: Cli, store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus" / "An article"
    folder.mkdir(parents=True)
    (folder / "0.txt").write_text("first text.\n")
    before = repo_state(store_path)
    result = run("import", str(tmp_path / "corpus"))
    assert result.exit_code == 2
    assert "pass --start TIME --step DURATION" in result.stderr
    assert repo_state(store_path) == before


def jsonl(path: Path, *records: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def test_import_json_lines_text_and_html(run: Cli, store_path: Path, tmp_path: Path) -> None:
    html = (ROOT / "tests" / "fixtures" / "html" / "harbour-bridge-r1.html").read_text()
    lines = jsonl(
        tmp_path / "feed.jsonl",
        {"id": "wire/storm", "at": "2024-03-01T12:00Z", "text": "Storm due\n\nWind at noon."},
        {"id": "wire/storm", "at": "2024-03-01T09:00Z", "text": "Storm due\n\nWind later."},
        {"id": "wire/storm", "at": "2024-03-01T15:00Z", "text": "Storm due\n\nWind at noon."},
        {"html": html, "url": "https://news.example.org/local/harbour-bridge", "note": "page"},
        {
            "id": "wire/storm",
            "at": "2024-03-01T18:00Z",
            "text": "Storm due\n\nWind at noon, then rain.",
            "kind": "correction",
        },
    )
    result = run("import", str(lines), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["revisions"] == 4 and summary["unchanged"] == 1
    log = json.loads(run("log", "wire/storm", "--json").stdout)
    assert [(row["at"], row["kind"]) for row in log] == [
        ("2024-03-01T09:00:00+00:00", "published"),
        ("2024-03-01T12:00:00+00:00", "update"),
        ("2024-03-01T18:00:00+00:00", "correction"),
    ]
    page = json.loads(run("log", "example/harbour-bridge-to-close-for-repairs", "--json").stdout)
    assert page[0]["note"] == "page"
    assert page[0]["source_url"] == "https://news.example.org/local/harbour-bridge"


def test_bad_json_line_is_one_line_error(run: Cli, store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a/b", "text": "x"}\n{"id": \n')
    before = repo_state(store_path)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert f"{path}:2: not valid JSON" in result.stderr
    assert repo_state(store_path) == before


def test_backfill_is_refused_then_rebuilt_on_a_review_branch(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    first = jsonl(
        tmp_path / "first.jsonl",
        {"id": "wire/vote", "at": "2024-05-01T10:00Z", "text": "Vote\n\nPolls open."},
        {"id": "wire/vote", "at": "2024-05-01T22:00Z", "text": "Vote\n\nPolls closed."},
    )
    assert run("import", str(first)).exit_code == 0
    before = repo_state(store_path)
    older = jsonl(
        tmp_path / "older.jsonl",
        {"id": "wire/vote", "at": "2024-05-01T16:00Z", "text": "Vote\n\nTurnout high."},
    )
    refused = run("import", str(older))
    assert refused.exit_code == 2
    assert "refusing to back-fill history: 1 revision of wire/vote is older than" in refused.stderr
    assert "--allow-backfill" in refused.stderr
    assert repo_state(store_path) == before

    rebuilt = run("import", str(older), "--allow-backfill", "--json")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["backfills"] == {"wire/vote": "backfill/wire/vote"}
    assert "rebuilt on branch backfill/wire/vote" in rebuilt.stderr
    head, log = repo_state(store_path)
    assert (head, log) == before  # the store's branch is untouched
    review = tmp_path / "review"
    git(store_path, "worktree", "add", str(review), "backfill/wire/vote")
    reviewed = json.loads(Cli(review)("log", "wire/vote", "--json").stdout)
    assert [row["at"][11:16] for row in reviewed] == ["10:00", "16:00", "22:00"]
    stored = json.loads(run("log", "wire/vote", "--json").stdout)
    keys = ("at", "recorded", "kind", "headline", "source_sha256")
    # the stored revisions are replayed with their times, kinds and sources
    assert [[row[k] for k in keys] for row in reviewed[::2]] == [
        [row[k] for k in keys] for row in stored
    ]
    assert reviewed[1]["kind"] == "update"
    again = run("import", str(older), "--allow-backfill")
    assert again.exit_code == 2
    assert "already exists" in again.stderr


def test_outlet_must_be_valid(run: Cli, tmp_path: Path) -> None:
    result = run("import", str(ROOT / "versions"), "--outlet", "Bad Outlet")
    assert result.exit_code == 2
    assert "invalid article id" in result.stderr


def test_missing_path(run: Cli, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_demo_store_has_sources_folder_free(tmp_path: Path) -> None:
    # import leaves no temporary refs or scratch files behind: the branch and the pair notes
    store = tmp_path / "s"
    from articlediff.store import init_store

    init_store(store)[0].close()
    shutil.copytree(ROOT / "versions", tmp_path / "v")
    assert Cli(store)("import", str(tmp_path / "v")).exit_code == 0
    refs = git(store, "for-each-ref", "--format=%(refname)").split()
    assert refs == ["refs/heads/main", "refs/notes/articlediff-pairs"]
    assert not [p for p in (store / ".git").iterdir() if p.name.startswith("articlediff-import")]
