"""Pair notes looked up by their path in the notes tree (``PairNotes.note_blobs``), on real
repositories: the same note as a listing of the whole notes tree finds, at every fan-out
git uses (none, ``ab/…``, ``ab/cd/…``) and mixed; only the trees on the paths asked for
are read; a note too large, or something other than a file where a note should be, is
passed over; and ``log``, ``check`` and ``notes`` read the same notes at any fan-out, believe a
well-formed one, ignore a damaged one and change nothing."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from articlediff.store import Store
from articlediff.store import pairnotes as pairnotes_module
from articlediff.store.gitrepo import GitRepo
from articlediff.store.pairnotes import NOTES_REF, PairKey, note_bytes
from tests.check.articles import ARTICLE_ID
from tests.cli.test_pair_note_reads import forge, story, uncache
from tests.cli.test_pair_notes import commits, note, notes_tip, replace_note
from tests.conftest import Cli, git, repo_state

VERSION = 5


def fake_commit(number: int) -> str:
    """An object id to attach a note to (notes are found by name; no commit is needed)."""
    return hashlib.sha1(f"commit {number}".encode()).hexdigest()


def blob(store_path: Path, data: bytes) -> str:
    return (
        subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=store_path,
            input=data,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )


def tree(store_path: Path, entries: dict[str, tuple[str, str]]) -> str:
    """A tree of ``entries`` (name -> (kind, id)), written by ``git mktree``."""
    listing = "".join(
        f"{'040000' if kind == 'tree' else '100644'} {kind} {sha}\t{name}\n"
        for name, (kind, sha) in sorted(entries.items())
    )
    return subprocess.run(
        ["git", "mktree"], cwd=store_path, input=listing, text=True, capture_output=True, check=True
    ).stdout.strip()


def notes_tree(store_path: Path, notes: dict[str, str], depth_of: dict[str, int]) -> str:
    """The notes tree holding ``notes`` (commit -> note blob), each under ``depth_of[commit]``
    fan-out folders."""
    nested: dict[str, object] = {}
    for commit, note_blob in notes.items():
        depth = depth_of[commit]
        folder = nested
        for level in range(depth):
            name = commit[2 * level : 2 * level + 2]
            folder = folder.setdefault(name, {})  # type: ignore[assignment]
        folder[commit[2 * depth :]] = note_blob

    def write(folder: dict[str, object]) -> str:
        entries = {
            name: ("tree", write(value)) if isinstance(value, dict) else ("blob", str(value))
            for name, value in folder.items()
        }
        return tree(store_path, entries)

    return write(nested)


def land(store_path: Path, root: str) -> str:
    commit = git(store_path, "commit-tree", root, "-m", "notes").strip()
    git(store_path, "update-ref", NOTES_REF, commit)
    return commit


@pytest.fixture
def repo(store_path: Path) -> Iterator[GitRepo]:
    with Store(store_path) as store:
        yield store.git


@pytest.mark.parametrize(
    "depths",
    [
        {k: 0 for k in range(12)},
        {k: 1 for k in range(12)},
        {k: 2 for k in range(12)},
        {k: k % 3 for k in range(12)},
    ],
    ids=["no fan-out", "one level", "two levels", "mixed"],
)
def test_a_lookup_by_path_finds_what_the_whole_listing_finds(
    store_path: Path, repo: GitRepo, depths: dict[int, int]
) -> None:
    notes = {fake_commit(k): blob(store_path, f"note {k}\n".encode()) for k in depths}
    depth_of = {fake_commit(k): depth for k, depth in depths.items()}
    tip = land(store_path, notes_tree(store_path, notes, depth_of))
    listed = {commit: note for commit, (note, _) in repo_notes(repo, tip).items()}
    assert listed == notes
    asked = [fake_commit(k) for k in (0, 1, 5, 7, 11)] + [fake_commit(99)]  # 99 has none
    assert repo_pair_notes(repo).note_blobs(tip, asked) == {c: notes[c] for c in asked[:-1]}
    assert repo_pair_notes(repo).note_blobs(tip, []) == {}


def test_a_note_at_two_depths_is_the_shallower_as_the_listing_says(
    store_path: Path, repo: GitRepo
) -> None:
    commit = fake_commit(1)
    deep, shallow = blob(store_path, b"deep\n"), blob(store_path, b"shallow\n")
    inner = tree(store_path, {commit[2:]: ("blob", deep)})
    root = tree(store_path, {commit[:2]: ("tree", inner), commit: ("blob", shallow)})
    tip = land(store_path, root)
    assert repo_notes(repo, tip)[commit][0] == shallow
    assert repo_pair_notes(repo).note_blobs(tip, [commit]) == {commit: shallow}


def test_only_the_trees_on_the_paths_asked_for_are_read(
    store_path: Path, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One article's notes cost what its commits cost, however many notes the store has:
    no listing of the notes tree, and of 200 fan-out folders only those of the commits
    asked for are read."""
    shared = blob(store_path, b"a note\n")
    notes = {fake_commit(k): shared for k in range(600)}
    tip = land(store_path, notes_tree(store_path, notes, dict.fromkeys(notes, 1)))
    folders = {commit[:2] for commit in notes}
    assert len(folders) > 200
    asked = [fake_commit(k) for k in range(3)]
    read: list[str] = []
    listed: list[tuple[str, ...]] = []
    reads, runs = repo.read_objects, repo.git_output

    def reading(names: list[str], **kwargs: int | None) -> object:
        read.extend(names)
        return reads(names, **kwargs)  # type: ignore[arg-type]

    def running(*args: str) -> str:
        listed.append(args)
        return runs(*args)

    monkeypatch.setattr(repo, "read_objects", reading)
    monkeypatch.setattr(repo, "git_output", running)
    assert repo_pair_notes(repo).note_blobs(tip, asked) == {c: notes[c] for c in asked}
    assert not [args for args in listed if "ls-tree" in args]
    assert len(read) <= 1 + 1 + len({c[:2] for c in asked})  # the commit, root, folders


def test_a_note_too_large_or_not_a_file_is_passed_over(
    store_path: Path, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note over the size limit (1 MiB) is not read: the reader passes over its bytes, a
    mebibyte at a time, and reads the next note whole; a folder, or a file, where a fan-out
    folder or a note should be is no note."""
    keys = [PairKey(fake_commit(k), "", "b" * 40, "f" * 16) for k in range(4)]
    large, folder, file_as_folder, kept = keys
    notes = {
        k.commit: blob(store_path, note_bytes(k, VERSION, {"n": n})) for n, k in enumerate(keys)
    }
    padded = json.loads(note_bytes(large, VERSION, {}))
    padded["summary"] = {"padding": "x" * (5 << 19)}  # 2.5 MiB
    notes[large.commit] = blob(store_path, json.dumps(padded).encode())

    def fanned(key: PairKey) -> tuple[str, str]:
        return "tree", tree(store_path, {key.commit[2:]: ("blob", notes[key.commit])})

    root = {
        large.commit[:2]: fanned(large),
        folder.commit: ("tree", tree(store_path, {"x": ("blob", notes[kept.commit])})),
        file_as_folder.commit[:2]: ("blob", notes[file_as_folder.commit]),
        kept.commit[:2]: fanned(kept),
    }
    land(store_path, tree(store_path, root))
    found = repo_pair_notes(repo).read(keys, VERSION)
    assert found == {kept: {"n": 3}}
    monkeypatch.setattr(pairnotes_module, "MAX_NOTE_BYTES", 4 << 20)
    found = repo_pair_notes(repo).read(keys, VERSION)
    assert found == {large: {"padding": "x" * (5 << 19)}, kept: {"n": 3}}


def repo_pair_notes(repo: GitRepo) -> pairnotes_module.PairNotes:
    return pairnotes_module.PairNotes(repo)


def repo_notes(repo: GitRepo, tip: str) -> dict[str, tuple[str, int]]:
    """Every note of notes commit ``tip`` as the whole listing gives them."""
    return repo_pair_notes(repo)._notes_at(tip)


# -- end to end: the commands read the notes wherever git fans them out ----------------------


def refanned(store_path: Path, depth: int) -> str:
    """The store's notes moved to ``depth`` fan-out levels (the same note blobs, a new notes
    commit on the notes ref): as git itself fans notes out as they grow."""
    listing = git(store_path, "ls-tree", "-r", NOTES_REF)
    notes = {}
    for line in listing.splitlines():
        info, path = line.split("\t")
        notes[path.replace("/", "")] = info.split()[2]
    return land(store_path, notes_tree(store_path, notes, dict.fromkeys(notes, depth)))


def outputs(run: Cli) -> list[tuple[int, str]]:
    commands = [["log", ARTICLE_ID], ["log", "--json", ARTICLE_ID], ["check", ARTICLE_ID]]
    commands += [["notes", ARTICLE_ID, "--format", fmt] for fmt in ("text", "json")]
    results = [run(*command) for command in commands]
    return [(result.exit_code, result.stdout) for result in results]


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_the_commands_read_the_notes_at_any_fan_out(
    run: Cli, store_path: Path, tmp_path: Path, depth: int
) -> None:
    """``log``, ``check`` and ``notes`` say the same with the notes at 0, 1 or 2 fan-out
    levels as without notes; a forged note under the fan-out is believed (so it is read),
    a damaged one is not; and none of them changes the repository or the notes."""
    story(run, tmp_path)
    uncache(store_path)
    truth = outputs(run)
    assert truth[2][0] == 1  # check finds the changed figure
    refanned(store_path, depth)
    uncache(store_path)
    state, tip, status = repo_state(store_path), notes_tip(store_path), porcelain(store_path)
    assert outputs(run) == truth
    assert (repo_state(store_path), notes_tip(store_path)) == (state, tip)
    assert porcelain(store_path) == status

    third = commits(store_path, ARTICLE_ID)[2]
    stats = {**note(store_path, third)["summary"]["stats"], "words_added": 777}  # type: ignore[index]
    forge(store_path, third, stats=stats)
    refanned(store_path, depth)
    uncache(store_path)
    rows = json.loads(run("log", "--json", ARTICLE_ID).stdout)
    assert rows[2]["words_added"] == 777  # the forged note was found and read
    replace_note(store_path, third, '{"schema": "articlediff.pair-note/3", "summary": {}}')
    refanned(store_path, depth)
    uncache(store_path)
    assert outputs(run) == truth  # a damaged note is ignored


def porcelain(store_path: Path) -> str:
    return git(store_path, "status", "--porcelain")


def test_a_note_whose_reason_has_a_list_for_its_kind_is_ignored(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    """A well-keyed note whose reason's kind is a list (which cannot be looked up among the
    kinds) is ignored like any other damaged note: the commands say what they say without
    notes, with no traceback, and change nothing."""
    story(run, tmp_path)
    uncache(store_path)
    truth = outputs(run)
    reason = {"field": "body", "kind": [], "signal": "", "old": "", "new": "", "level": "minor"}
    for commit in commits(store_path, ARTICLE_ID)[1:]:
        reasons = {**note(store_path, commit)["summary"]["reasons"], "minor": [reason]}  # type: ignore[index]
        forge(store_path, commit, reasons=reasons)
    uncache(store_path)
    state, tip = repo_state(store_path), notes_tip(store_path)
    assert outputs(run) == truth
    assert (repo_state(store_path), notes_tip(store_path)) == (state, tip)


def test_a_fan_out_folder_that_is_no_tree_git_writes_holds_no_note(
    store_path: Path, repo: GitRepo
) -> None:
    """A "tree" whose bytes do not parse as one (forced into the object database) is passed
    over: the notes beside it are found, none under it, and nothing is raised."""
    broken, kept = fake_commit(1), fake_commit(2)
    garbage = (
        subprocess.run(
            ["git", "hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
            cwd=store_path,
            input=b"100644 no-nul-and-no-id",
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    note = blob(store_path, b"kept\n")
    root = {
        broken[:2]: ("tree", garbage),
        kept[:2]: ("tree", tree(store_path, {kept[2:]: ("blob", note)})),
    }
    tip = land(store_path, tree(store_path, root))
    assert repo_pair_notes(repo).note_blobs(tip, [broken, kept]) == {kept: note}
