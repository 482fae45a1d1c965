"""The store's git plumbing, checked against what git itself says on real repositories."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articlediff.errors import StoreError
from articlediff.store.gitrepo import GitRepo, Identity
from tests.conftest import git

AT = datetime(2024, 6, 19, 8, 14, tzinfo=UTC)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    root = tmp_path / "repo"
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    (root / "a.txt").write_text("one\n", encoding="utf-8")
    git(root, "add", "a.txt")
    git(root, "commit", "-q", "-m", "first")
    return GitRepo(root)


def tree_by_git(root: Path, base_commit: str, path: str, blob: str) -> str:
    """The tree git itself writes for ``base_commit`` with ``path`` set to ``blob``."""
    env = {**os.environ, "GIT_INDEX_FILE": str(root / ".git" / "test-index")}
    for args in (
        ["read-tree", base_commit],
        ["update-index", "--add", "--cacheinfo", f"100644,{blob},{path}"],
    ):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    return subprocess.run(
        ["git", "write-tree"], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_head_and_branch_agree_with_git(repo: GitRepo) -> None:
    assert repo.head_commit() == git(repo.root, "rev-parse", "HEAD").strip()
    assert repo.branch_ref() == "refs/heads/main"


def test_packed_refs_are_read_through_git(repo: GitRepo) -> None:
    git(repo.root, "pack-refs", "--all")
    assert not (repo.git_dir / "refs" / "heads" / "main").exists()
    assert repo.head_commit() == git(repo.root, "rev-parse", "HEAD").strip()


def test_detached_head(repo: GitRepo) -> None:
    commit = git(repo.root, "rev-parse", "HEAD").strip()
    git(repo.root, "checkout", "-q", "--detach")
    assert repo.head_commit() == commit
    with pytest.raises(StoreError, match="detached"):
        repo.branch_ref()


def test_unborn_branch(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main", "empty")
    repo = GitRepo(tmp_path / "empty")
    assert repo.head_commit() is None
    assert repo.branch_ref() == "refs/heads/main"


def test_a_folder_inside_a_repository_is_not_one(repo: GitRepo) -> None:
    inner = repo.root / "inner"
    inner.mkdir()
    with pytest.raises(StoreError, match="not a git repository"):
        GitRepo(inner)
    with pytest.raises(StoreError, match="not a git repository"):
        GitRepo(repo.root / "missing")


def test_read_objects_keeps_the_order_and_marks_what_is_missing(repo: GitRepo) -> None:
    blob = repo.write_object("blob", b"two\nlines\n")
    found = repo.read_objects(["HEAD:a.txt", "HEAD:nope.txt", blob, "HEAD^{tree}"])
    first, missing, written, tree = found
    assert first is not None and first.kind == "blob" and first.data == b"one\n"
    assert missing is None
    assert written is not None and (written.sha, written.data) == (blob, b"two\nlines\n")
    assert tree is not None and tree.kind == "tree"
    assert repo.read_objects([]) == []


@pytest.mark.parametrize(
    "path", ["b.txt", "versions/news/story.md", "a dir/ünïcode name.md", "versions/x/y/z.md"]
)
def test_tree_with_file_matches_the_tree_git_writes(repo: GitRepo, path: str) -> None:
    head = repo.head_commit()
    assert head is not None
    # Give the base some neighbours along the path, so that entries are kept and sorted.
    neighbours = [f"{path.rsplit('/', 1)[0]}/aa.md" if "/" in path else "z.txt", "zz/last.md"]
    base_tree = f"{head}^{{tree}}"
    for neighbour in neighbours:
        blob = repo.write_object("blob", neighbour.encode())
        base_tree = repo.tree_with_file(base_tree, neighbour, blob)
    base = repo.write_commit(base_tree, head, "base\n", Identity("T", "t@example.org"), AT, AT)
    blob = repo.write_object("blob", b"the file\n")
    ours = repo.tree_with_file(f"{base}^{{tree}}", path, blob)
    assert ours == tree_by_git(repo.root, base, path, blob)
    # replacing the file again gives git's tree too
    other = repo.write_object("blob", b"changed\n")
    replaced = repo.tree_with_file(ours, path, other)
    assert replaced == tree_by_git(repo.root, base, path, other)
    git(repo.root, "fsck", "--strict", "--no-dangling")


def test_a_file_where_a_folder_goes_is_replaced_by_the_folder(repo: GitRepo) -> None:
    head = repo.head_commit()
    blob = repo.write_object("blob", b"inside\n")
    tree = repo.tree_with_file(f"{head}^{{tree}}", "a.txt/inner.md", blob)
    listing = git(repo.root, "ls-tree", "-r", tree)
    assert "a.txt/inner.md" in listing and "\ta.txt\n" not in listing


def test_identity_from_config_then_environment_then_default(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIT_COMMITTER_NAME")
    monkeypatch.delenv("GIT_COMMITTER_EMAIL")
    assert repo.identity() == Identity("articlediff", "articlediff@localhost")
    git(repo.root, "config", "user.name", "Desk Editor")
    git(repo.root, "config", "user.email", "desk@example.org")
    assert repo.identity() == Identity("Desk Editor", "desk@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Night Editor")
    assert repo.identity() == Identity("Night Editor", "desk@example.org")
