"""``verify_store``: a sound store passes; each kind of damage is reported, nothing repaired."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from articlediff.model import Article
from articlediff.render.summaries import problem_line
from articlediff.store import Store
from articlediff.store.verify import verify_store
from tests.conftest import git


def save_two(store: Store) -> None:
    store.save("local/a", Article("Headline", ("First text.",)), note="first")
    store.save("local/a", Article("Headline", ("Second text.",)))
    store.save("other/b", Article("Other", ("Text.",)), source_sha256="a" * 64)


def problems(store_path: Path) -> list[str]:
    with Store(store_path) as store:
        return [problem_line(problem) for problem in verify_store(store).problems]


def commit_by_hand(store_path: Path, path: str, text: str, message: str) -> None:
    target = store_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    git(store_path, "add", "--", path)
    git(store_path, "commit", "-q", "-m", message)


def test_a_sound_store_passes(store: Store) -> None:
    save_two(store)
    report = verify_store(store)
    assert report.ok, report.problems
    assert (report.revisions, report.articles, report.commits) == (3, 2, 4)


def test_an_empty_store_passes(store: Store) -> None:
    assert verify_store(store).ok


def test_a_hand_commit_without_trailers_is_reported(store: Store, store_path: Path) -> None:
    save_two(store)
    text = (store_path / "versions/local/a.md").read_text().replace("Second", "Edited")
    commit_by_hand(store_path, "versions/local/a.md", text, "fix typo")
    [line] = problems(store_path)
    assert "versions/local/a.md: commit message lacks valid Article-Id" in line


def test_trailer_naming_another_article_is_reported(store: Store, store_path: Path) -> None:
    save_two(store)
    text = (store_path / "versions/local/a.md").read_text().replace("Second", "Third")
    message = "update: other/b\n\nArticle-Id: other/b\nRevision-Kind: update\n"
    commit_by_hand(store_path, "versions/local/a.md", text, message)
    [line] = problems(store_path)
    assert "Article-Id trailer says 'other/b', file is 'local/a'" in line


def test_unparseable_file_and_front_matter_id_are_reported(store: Store, store_path: Path) -> None:
    save_two(store)
    message = "update: local/a\n\nArticle-Id: local/a\nRevision-Kind: update\n"
    commit_by_hand(store_path, "versions/local/a.md", "no front matter\n", message)
    text = (store_path / "versions/other/b.md").read_text().replace("id: other/b", "id: local/a")
    commit_by_hand(
        store_path,
        "versions/other/b.md",
        text,
        "update: other/b\n\nArticle-Id: other/b\nRevision-Kind: update\n",
    )
    found = problems(store_path)
    assert len(found) == 2
    assert "does not parse" in found[0]
    assert "front matter id 'local/a' does not match the file's 'other/b'" in found[1]


def test_yaml_tags_in_a_stored_file_are_refused_not_run(store: Store, store_path: Path) -> None:
    save_two(store)
    evil = "---\nid: local/a\nheadline: !!python/object/apply:os.system ['touch pwned']\n---\n\nx\n"
    message = "update: local/a\n\nArticle-Id: local/a\nRevision-Kind: update\n"
    commit_by_hand(store_path, "versions/local/a.md", evil, message)
    [line] = problems(store_path)
    assert "does not parse" in line
    assert not (store_path / "pwned").exists()


def test_deleted_article_and_stray_file_are_reported(store: Store, store_path: Path) -> None:
    save_two(store)
    git(store_path, "rm", "-q", "--", "versions/other/b.md")
    git(store_path, "commit", "-q", "-m", "remove b")
    commit_by_hand(store_path, "versions/notes.txt", "stray\n", "add a stray file")
    found = problems(store_path)
    assert any("article file deleted" in line for line in found)
    assert any("versions/notes.txt: not an article file" in line for line in found)


def test_missing_object_fails_fsck(store: Store, store_path: Path) -> None:
    save_two(store)
    blob = git(store_path, "rev-parse", "HEAD:versions/other/b.md").strip()
    (store_path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    found = problems(store_path)
    assert any(line.startswith("git fsck:") for line in found), found


def test_kept_source_must_match_its_trailer(store: Store, store_path: Path) -> None:
    store.save(
        "local/a",
        Article("Headline", ("Text.",)),
        source_sha256="0" * 64,
        extra_files={"sources/local/a.txt": b"Headline\n\nText.\n"},
    )
    [line] = problems(store_path)
    assert "sources/local/a.txt: kept source does not match the Source-Sha256 trailer" in line


def test_note_with_nul_and_trailer_lines_keeps_the_commits_trailers(store: Store) -> None:
    # git cuts a commit message at a NUL: a note holding one once lost the trailers after it
    note = "fixed\x00 a typo\nArticle-Id: other/forged\nRevision-Kind: technical\x1b[31m"
    outcome = store.save("local/a", Article("Headline", ("Text.",)), note=note)
    assert outcome.revision is not None
    [revision] = store.history("local/a")
    assert (revision.kind, revision.article_id) == ("published", "local/a")
    assert revision.note == outcome.revision.note
    assert "\x00" not in revision.note and "\n" not in revision.note
    assert verify_store(store).ok


def test_damaged_object_file_fails_fsck_through_the_stores_runner(
    store: Store, store_path: Path
) -> None:
    """A damaged (not missing) object: fsck runs through the store's git runner, and
    verify never loads GitPython for it."""
    save_two(store)
    blob = git(store_path, "rev-parse", "HEAD:versions/local/a.md").strip()
    damaged = store_path / ".git" / "objects" / blob[:2] / blob[2:]
    damaged.chmod(0o644)
    damaged.write_bytes(b"not a zlib stream")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from articlediff.render.summaries import problem_line\n"
        "from articlediff.store import Store\n"
        "from articlediff.store.verify import verify_store\n"
        f"with Store(Path({str(store_path)!r})) as store:\n"
        "    report = verify_store(store)\n"
        "print('\\n'.join(problem_line(p) for p in report.problems))\n"
        "print('GitPython loaded:', 'git' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "GitPython loaded: False"
    assert any(line.startswith("git fsck:") for line in lines[:-1]), lines
    assert any("versions/local/a.md" in line for line in lines[:-1]), lines


def test_fsck_that_cannot_run_is_a_problem_not_a_traceback(
    store: Store, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_two(store)
    fsck = store.git.fsck

    def fsck_without_git() -> tuple[int, list[str]]:
        with monkeypatch.context() as patch:
            patch.setenv("PATH", str(tmp_path / "no-git-here"))
            return fsck()

    monkeypatch.setattr(store.git, "fsck", fsck_without_git)
    report = verify_store(store)
    assert [problem_line(p) for p in report.problems] == [
        "git fsck failed: cannot run git (No such file or directory)"
    ]
