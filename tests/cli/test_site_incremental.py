"""A site rebuilt into its own folder: only the files whose content changed are rewritten,
the result is byte for byte a build from scratch, and a build that fails or is interrupted
leaves the previous site as it was. The feed keeps its newest entries."""

from __future__ import annotations

import os
from pathlib import Path

import feedparser
import pytest

import articlediff.app.publish as publish
from articlediff.app.publish import store_site
from articlediff.site import MARKER
from articlediff.site.write import MANIFEST
from articlediff.store import Store
from tests.conftest import Cli, git, repo_state

ARTICLES = ("daily/quake", "daily/storm", "wire/rates")


def body(article_id: str, number: int) -> str:
    topic = article_id.split("/")[1]
    return f"The {topic} story\n\nThe {topic} affected {number} towns, officials said.\n"


def save(run: Cli, article_id: str, number: int, hour: int) -> None:
    result = run(
        "save", "-", "--id", article_id, "--at", f"2024-06-19T{hour:02d}:00:00+01:00",
        input=body(article_id, number),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def three(run: Cli) -> Cli:
    """Three articles of two revisions each."""
    for k, article_id in enumerate(ARTICLES):
        save(run, article_id, 10 + k, 6 + k)
        save(run, article_id, 20 + k, 9 + k)
    return run


def files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def identities(site: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a rewritten file (written then renamed into
    place) has a new inode."""
    found = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            stat = p.stat()
            found[p.relative_to(site).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def build(run: Cli, out: Path, *args: str) -> str:
    result = run("site", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stderr)


def test_a_rebuild_after_one_save_rewrites_only_what_changed(three: Cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    save(three, "daily/storm", 25, 12)
    first = build(three, out)
    assert "unchanged" not in first
    before, ids_before = files(out), identities(out)
    save(three, "daily/storm", 30, 15)
    state = repo_state(three.store_path)
    again = build(three, out)
    assert repo_state(three.store_path) == state  # the store is only read
    after, ids_after = files(out), identities(out)
    # Byte for byte what a build from scratch makes, manifest included.
    fresh = tmp_path / "fresh"
    build(three, fresh)
    assert files(fresh) == after
    # Rewritten: exactly the files whose content changed or that are new.
    rewritten = {path for path in after if ids_before.get(path) != ids_after[path]}
    changed = {path for path in after if before.get(path) != after[path]}
    assert rewritten == changed
    storm = "articles/daily/storm/"
    assert {f"{storm}r3-r4.html", f"{storm}index.html", "index.html", "feed.xml"} <= changed
    assert {MANIFEST, MARKER} & changed == {MANIFEST}
    others = {p for p in changed if p.startswith("articles/") and not p.startswith(storm)}
    assert others == set()
    assert f"{storm}r1-r2.html" not in changed  # its content did not change
    assert f"wrote {len(changed) - 1} files for 3 articles" in again
    assert f"{len(after) - len(changed) - 1} unchanged" in again  # the marker is not a page


def test_a_rebuild_with_nothing_changed_rewrites_no_page(three: Cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(three, out)
    before = identities(out)
    again = build(three, out, "--jobs", "2")
    after = identities(out)
    assert {p for p in after if before.get(p) != after[p]} <= {MANIFEST, MARKER}
    assert "wrote 0 files for 3 articles" in again


def test_a_page_removed_or_edited_by_hand_is_made_again(three: Cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(three, out)
    expected = files(out)
    (out / "articles/daily/quake/r1-r2.html").unlink()
    (out / "articles/wire/rates/index.html").write_text("defaced", encoding="utf-8")
    (out / "index.html").write_text("defaced too", encoding="utf-8")
    build(three, out)
    assert files(out) == expected


def test_changed_settings_rebuild_every_page(three: Cli, tmp_path: Path) -> None:
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(three, out)
    build(three, out, "--title", "Our corrections", "--base-url", "https://x.example/h/")
    build(three, fresh, "--title", "Our corrections", "--base-url", "https://x.example/h/")
    assert files(out) == files(fresh)
    assert "Our corrections" in (out / "articles/daily/quake/index.html").read_text()


def test_an_article_gone_from_the_store_is_gone_from_the_site(three: Cli, tmp_path: Path) -> None:
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(three, out)
    store = three.store_path
    git(store, "rm", "-q", "versions/daily/storm.md")
    git(store, "commit", "-q", "-m", "Withdraw daily/storm")
    build(three, out)
    build(three, fresh)
    assert files(out) == files(fresh)
    assert not (out / "articles/daily/storm").exists()


@pytest.mark.parametrize("where", ["articles", "feed", "interrupt"])
def test_a_failed_build_leaves_the_previous_site(
    three: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    out = tmp_path / "site"
    build(three, out)
    before, ids_before = files(out), identities(out)
    save(three, "daily/quake", 40, 16)
    save(three, "wire/rates", 41, 17)
    made = publish.article_pages
    calls = []

    def failing_pages(*args: object, **kwargs: object) -> dict[str, str]:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt if where == "interrupt" else OSError(28, "No space left")
        return made(*args, **kwargs)  # type: ignore[arg-type]

    def failing_feed(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the feed failed")

    if where == "feed":
        monkeypatch.setattr(publish, "atom_feed", failing_feed)
    else:
        monkeypatch.setattr(publish, "article_pages", failing_pages)
    with (
        Store(three.store_path) as store,
        pytest.raises((OSError, RuntimeError, KeyboardInterrupt)),
    ):
        store_site(store, out)
    assert files(out) == before
    assert identities(out) == ids_before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".articlediff-build")) == []
    monkeypatch.undo()
    # The next build picks up both saves.
    build(three, out)
    fresh = tmp_path / "fresh"
    build(three, fresh)
    assert files(out) == files(fresh)


def test_a_site_from_before_the_manifest_is_rebuilt_whole(three: Cli, tmp_path: Path) -> None:
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(three, out)
    (out / MANIFEST).unlink()
    (out / "articles/daily/quake/r1-r2.html").write_text("stale", encoding="utf-8")
    build(three, out)
    build(three, fresh)
    assert files(out) == files(fresh)
    (out / MANIFEST).write_text("not json\n", encoding="utf-8")
    build(three, out)
    assert files(out) == files(fresh)


def test_the_feed_keeps_its_newest_entries(three: Cli, tmp_path: Path) -> None:
    whole = feedparser.parse(three("feed").stdout)
    assert len(whole.entries) == 6
    newest = three("feed", "--limit", "2", "--jobs", "2")
    assert newest.exit_code == 0, newest.stderr
    two = feedparser.parse(newest.stdout)
    assert [e.id for e in two.entries] == [e.id for e in whole.entries[:2]]
    assert [e.content[0].value for e in two.entries] == [
        e.content[0].value for e in whole.entries[:2]
    ]
    out = tmp_path / "site"
    build(three, out, "--feed-limit", "3")
    assert len(feedparser.parse((out / "feed.xml").read_bytes()).entries) == 3
    for command in (("feed", "--limit", "0"), ("site", str(tmp_path / "x"), "--feed-limit", "0")):
        refused = three(*command)
        assert refused.exit_code == 2
        assert len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_stale_scratch_folders_are_cleared(three: Cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(three, out)
    left = out / ".articlediff-build-killed"
    (left / "files").mkdir(parents=True)
    (left / "files" / "index.html").write_text("half", encoding="utf-8")
    build(three, out)
    assert not left.exists()
    assert os.listdir(out).count(MANIFEST) == 1


def test_a_build_already_writing_the_folder_is_not_disturbed(three: Cli, tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    out = tmp_path / "site"
    build(three, out)
    before = files(out)
    save(three, "daily/quake", 50, 18)
    held = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        refused = three("site", str(out))
    finally:
        os.close(held)
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"Error: {out}: another site build is writing there; try again when it ends"
    ]
    assert files(out) == before
    build(three, out)
    assert files(out) != before


def test_the_site_feed_is_the_feed_whether_entries_are_made_or_read_again(
    three: Cli, tmp_path: Path
) -> None:
    """A fresh build makes the feed's entries as it goes; an update reads the unchanged
    articles among them again: both give what ``feed`` gives."""
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    settings = ("--title", "Desk", "--base-url", "https://x.example/h/")
    build(three, out, "--feed-limit", "4", *settings)
    save(three, "daily/quake", 60, 19)
    build(three, out, "--feed-limit", "4", *settings)
    build(three, fresh, "--feed-limit", "4", *settings)
    assert files(out) == files(fresh)
    feed = three("feed", "--limit", "4", *settings)
    assert feed.exit_code == 0, feed.stderr
    assert (out / "feed.xml").read_text(encoding="utf-8") == feed.stdout
