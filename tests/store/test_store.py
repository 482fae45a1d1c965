"""The store on real git repositories: format, commits, dates, trailers, references."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from articlediff.common.timeutil import parse_time, zone
from articlediff.errors import InputError, NotFoundError, StoreError
from articlediff.model import Article, Correction
from articlediff.store import Store, find_store_root, init_store
from tests.conftest import git, repo_state

LONDON = zone("Europe/London")


def article(body: str, headline: str = "Putin lands in Pyongyang", **fields: object) -> Article:
    return Article(headline=headline, body=tuple(body.split("\n\n")), **fields)  # type: ignore[arg-type]


def at(text: str) -> datetime:
    return parse_time(text, LONDON)


def test_init_creates_a_git_store_on_main(tmp_path: Path) -> None:
    store, created = init_store(tmp_path / "s", "Europe/London")
    assert created
    root = store.root
    assert git(root, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert 'timezone = "Europe/London"' in (root / "articlediff.toml").read_text()
    assert (root / "versions").is_dir()
    assert git(root, "status", "--porcelain") == ""
    # saves rewrite only the index entries they change
    assert git(root, "config", "core.splitIndex").strip() == "true"
    assert list((root / ".git").glob("sharedindex.*"))
    store.close()


def test_init_on_an_existing_store_changes_nothing(store_path: Path) -> None:
    before = repo_state(store_path)
    _, created = init_store(store_path, "UTC")
    assert not created
    assert repo_state(store_path) == before
    assert 'timezone = "Europe/London"' in (store_path / "articlediff.toml").read_text()


def test_init_refuses_an_unknown_zone(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown time zone"):
        init_store(tmp_path / "s", "Mars/Olympus")
    assert not (tmp_path / "s").exists()


def test_save_writes_one_commit_touching_one_file(store: Store) -> None:
    outcome = store.save("gbnews/putin-kim", article("First paragraph."), at=at("2024-06-19 07:38"))
    assert outcome.revision is not None and outcome.revision.label == "r1"
    files = git(store.root, "show", "--name-only", "--format=", "HEAD").split()
    assert files == ["versions/gbnews/putin-kim.md"]
    assert git(store.root, "status", "--porcelain") == ""
    text = (store.root / "versions/gbnews/putin-kim.md").read_text()
    assert text.startswith("---\nid: gbnews/putin-kim\n")
    assert text.endswith("First paragraph.\n")


def test_author_date_is_revision_time_and_trailers_are_set(store: Store) -> None:
    store.save(
        "gbnews/putin-kim",
        article("One."),
        at=at("19/06/2024 07:38"),
        note="first cut",
        source_url="https://www.gbnews.com/news/putin-kim",
        source_sha256="ab" * 32,
    )
    author, committer = git(store.root, "log", "-1", "--format=%aI %cI").split()
    assert author == "2024-06-19T07:38:00+01:00"
    assert committer != author
    trailers = git(store.root, "log", "-1", "--format=%(trailers)")
    assert "Article-Id: gbnews/putin-kim" in trailers
    assert "Revision-Kind: published" in trailers
    assert "Source-Url: https://www.gbnews.com/news/putin-kim" in trailers
    assert f"Source-Sha256: {'ab' * 32}" in trailers
    assert git(store.root, "log", "-1", "--format=%s").strip() == "published: gbnews/putin-kim"


def test_second_save_defaults_to_update_and_numbers_revisions(store: Store) -> None:
    store.save("local/a", article("One."), at=at("2024-06-19 07:38"))
    outcome = store.save("local/a", article("One. Two."), at=at("2024-06-19 08:14"))
    assert outcome.revision is not None
    assert (outcome.revision.label, outcome.revision.kind) == ("r2", "update")
    history = store.history("local/a")
    assert [r.label for r in history] == ["r1", "r2"]
    assert [r.kind for r in history] == ["published", "update"]
    assert history[1].article.body == ("One. Two.",)


def test_identical_save_makes_no_commit(store: Store) -> None:
    store.save("local/a", article("One."), at=at("2024-06-19 07:38"))
    before = repo_state(store.root)
    outcome = store.save("local/a", article("One."), at=at("2024-06-19 09:00"))
    assert outcome.unchanged
    assert repo_state(store.root) == before


def test_earlier_revision_time_is_refused_unless_technical(store: Store) -> None:
    store.save("local/a", article("One."), at=at("2024-06-19 08:14"))
    before = repo_state(store.root)
    with pytest.raises(InputError, match="earlier than local/a r1"):
        store.save("local/a", article("Two."), at=at("2024-06-19 07:00"))
    assert repo_state(store.root) == before
    outcome = store.save("local/a", article("Two."), at=at("2024-06-19 07:00"), kind="technical")
    assert outcome.revision is not None and outcome.revision.kind == "technical"


def test_corrections_url_and_published_carry_over(store: Store) -> None:
    entry = Correction("c1", "correction", at("2024-06-19 09:00"), "Correction: 24 years, not 23.")
    store.save(
        "local/a",
        article(
            "One.", corrections=(entry,), url="https://x.test/a", published=at("2024-06-19 07:38")
        ),
        at=at("2024-06-19 09:00"),
    )
    store.save("local/a", article("One, two."), at=at("2024-06-19 10:00"))
    latest = store.history("local/a")[-1].article
    assert latest.corrections == (entry,)
    assert latest.url == "https://x.test/a"
    assert latest.published == at("2024-06-19 07:38")


def test_references_resolve_in_the_stores_zone(store: Store) -> None:
    """The store reads each article's revisions and resolves with ``model.resolve_revision``
    (its table: tests/test_references.py), naive times in the store's zone."""
    for text, when in (("One.", "07:38"), ("Two.", "08:14"), ("Three.", "10:00")):
        outcome = store.save("local/a", article(text), at=at(f"2024-06-19 {when}"))
    assert outcome.revision is not None
    assert store.resolve("local/a", "19/06/2024 07:50").label == "r1"  # BST, not UTC
    assert store.resolve("local/a", "2024-06-19 08:00").label == "r1"
    assert store.resolve("local/a", "2024-06-19T07:20:00Z").label == "r2"
    assert store.resolve("local/a", "r2").article.body == ("Two.",)
    assert store.resolve("local/a", outcome.revision.commit[:8]).label == "r3"
    with pytest.raises(NotFoundError, match="did not exist yet"):
        store.resolve("local/a", "2024-06-18 12:00")


def test_unknown_article(store: Store) -> None:
    with pytest.raises(NotFoundError, match="unknown article"):
        store.history("local/missing")


@pytest.mark.parametrize(
    "bad_id",
    ["../etc/passwd", "/abs/path", "a/b/c", "Local/Upper", "-rf/x", "local/-x", "local", "a/../b"],
)
def test_invalid_ids_are_refused(store: Store, bad_id: str) -> None:
    before = repo_state(store.root)
    with pytest.raises(InputError, match="invalid article id"):
        store.save(bad_id, article("One."))
    assert repo_state(store.root) == before


def test_summaries_cover_every_article(store: Store) -> None:
    store.save("local/a", article("One."), at=at("2024-06-19 07:38"))
    store.save("gbnews/b", article("B."), at=at("2024-06-19 07:40"))
    store.save("local/a", article("Two."), at=at("2024-06-19 08:14"))
    summaries = {s.article_id: s for s in store.summaries()}
    assert set(summaries) == {"local/a", "gbnews/b"}
    assert summaries["local/a"].revisions == 2
    assert summaries["local/a"].latest == at("2024-06-19 08:14")


def test_hand_edited_invalid_yaml_is_a_store_problem(store: Store) -> None:
    store.save("local/a", article("One."), at=at("2024-06-19 07:38"))
    path = store.root / "versions/local/a.md"
    path.write_text("---\nheadline: [unclosed\n---\n\nBody.\n")
    git(store.root, "commit", "-qam", "hand edit")
    with pytest.raises(StoreError, match="damaged revision"):
        store.history("local/a")


def test_find_store_walks_up(store_path: Path) -> None:
    nested = store_path / "versions"
    assert find_store_root(None, nested) == store_path.resolve()
    with pytest.raises(StoreError, match="not inside an articlediff store"):
        find_store_root(None, store_path.parent)
