"""The pair notes: what was worked out about each consecutive pair of revisions, kept as git
notes under ``refs/notes/articlediff-pairs`` so that every clone can reuse it.

A note is attached to the newer revision's commit and holds one JSON object::

    {"schema": "articlediff.pair-note/3", "old_blob": "<blob of the older file, or ''>",
     "new_blob": "<blob of the newer file>", "furniture": "<digest of the furniture patterns>",
     "rules_version": <int>, "summary": {...}}

The key is the two blobs, the digest of the page-furniture patterns in effect for the
article (``common.furniture.furniture_digest``: a store's ``[furniture]`` settings change
verdicts) and the version of the verdict rules (``diff.RULES_VERSION``, given by the caller:
the store knows nothing of the diff engine): the summary is a function of the two files'
text, of those patterns and of those rules alone. A note is used only when its envelope is exactly
that shape, at most ``MAX_NOTE_BYTES``, and its key matches the blobs git gives for the pair
now and the version asked for; anything else (a damaged note, one written by another tool or
another version, one whose pair changed because a damaged revision is skipped) is ignored as
if absent and the pair is computed again. What the summary says is checked by its reader
(``check.summary.PairSummary.from_json``).

The notes are derived data, like the cache: safe to delete (``git update-ref -d
refs/notes/articlediff-pairs``), rebuilt by ``articlediff reindex``. They are written under
the store's lock, by ``git fast-import`` to a temporary ref that then replaces the notes ref
by compare-and-swap, so a write that fails or is killed leaves the notes as they were
(``NoteBatch``: a large write goes to git in parts and lands at once).
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from articlediff.common.timeutil import now
from articlediff.errors import StoreError
from articlediff.store import gitprocess
from articlediff.store.gitobjects import tree_entries
from articlediff.store.gitrepo import GitRepo, git_time

NOTES_REF: Final = "refs/notes/articlediff-pairs"
NOTE_SCHEMA: Final = "articlediff.pair-note/3"
MAX_NOTE_BYTES: Final = 1 << 20
"""A note larger than this is not read (a summary is a few kilobytes)."""
_TEMP_REF: Final = "refs/articlediff/pairnotes-"
_ENVELOPE: Final = frozenset(
    {"schema", "old_blob", "new_blob", "furniture", "rules_version", "summary"}
)
_HEX: Final = frozenset("0123456789abcdef")
_BATCHES: Final = itertools.count(1)


@dataclass(frozen=True)
class PairKey:
    """A pair of revisions: the newer one's commit (the note is attached to it), the blob of
    the older file (``""`` for an article's first revision: a pair with nothing) and the
    blob of the newer one; and the digest of the furniture patterns its summary is computed
    under (``common.furniture.furniture_digest``)."""

    commit: str
    old_blob: str
    new_blob: str
    furniture: str


class PairNotes:
    """The pair notes of one repository."""

    def __init__(self, git: GitRepo) -> None:
        self.git = git
        self._index: dict[str, tuple[str, int]] | None = None  # commit -> (note blob, size)
        self._tip: str | None = None

    def tip(self) -> str | None:
        """The notes ref's commit; ``None`` when there are no notes."""
        return self.git.resolve(NOTES_REF)

    def count(self) -> int:
        """How many notes there are."""
        return len(self._notes())

    def _notes(self) -> dict[str, tuple[str, int]]:
        """Every note, by the commit it is attached to: one ``git ls-tree`` each time the
        notes ref has moved."""
        tip = self.tip()
        if self._index is None or tip != self._tip:
            self._index, self._tip = self._notes_at(tip) if tip is not None else {}, tip
        return self._index

    def _notes_at(self, tip: str) -> dict[str, tuple[str, int]]:
        """The notes of notes commit ``tip``: (blob, size) by the commit each is attached to
        (fan-out folders are joined back into the commit id)."""
        index: dict[str, tuple[str, int]] = {}
        raw = self.git.git_output("ls-tree", "-r", "-l", "-z", "--full-tree", tip, "--")
        for line in raw.split("\0"):
            info, _, path = line.partition("\t")
            parts = info.split()
            name = path.replace("/", "")
            if len(parts) != 4 or parts[1] != "blob" or not _is_id(name):
                continue
            size = int(parts[3]) if parts[3].isdigit() else MAX_NOTE_BYTES + 1
            index[name] = (parts[2], size)
        return index

    def merge(self, theirs: str) -> str | None:
        """Bring in the notes of notes commit ``theirs`` (another clone's, fetched), under
        the store's lock held by the caller: the notes ref then holds every note it held and
        every note of ``theirs`` for a commit it had none for (its own note is kept where
        both have one: notes are keyed by content, so two well-formed notes of one pair say
        the same, and a note whose key does not match is ignored by every reader anyway). A
        note too large to be read or that is not a file is not brought in. The notes ref's
        new commit (``None``: no notes); ``StoreError`` if it cannot be written (the notes
        are then as they were)."""
        ours = self.tip()
        found = self.git.read_objects([theirs])[0]
        if found is None or found.kind != "commit" or theirs == ours:
            return ours
        if ours is not None and self.git.is_ancestor(theirs, ours):
            return ours
        if ours is None or self.git.is_ancestor(ours, theirs):
            new = theirs  # theirs holds every note of ours: take it as it is
        else:
            mine = self._notes_at(ours)
            added = sorted(
                (commit, blob)
                for commit, (blob, size) in self._notes_at(theirs).items()
                if commit not in mine and size <= MAX_NOTE_BYTES
            )
            message = f"articlediff: pair notes merged ({len(added)} received)\n".encode()
            body = [f"merge {theirs}\n".encode()]
            body += [f"N {blob} {commit}\n".encode() for commit, blob in added]
            new = self._commit(ours, message, body)
        self.git.move_refs([(NOTES_REF, new, ours)], "articlediff sync: pair notes")
        self._index = None
        return new

    def _commit(self, base: str | None, message: bytes, body: list[bytes]) -> str:
        """A notes commit after ``base`` changing what ``body`` (fast-import commands) says,
        written by one ``git fast-import`` to a temporary ref; its id."""
        temporary = f"{_TEMP_REF}{os.getpid()}"
        try:
            return write_notes_commit(self.git, temporary, base, message, body)
        finally:
            if self.git.resolve(temporary) is not None:
                self.git.succeeds("update-ref", "-d", temporary)

    def read(self, keys: Sequence[PairKey], version: int) -> dict[PairKey, object]:
        """The summary each of ``keys`` has a valid note for, under rules ``version`` (the
        summary itself unchecked: its reader checks it). Only the notes of ``keys``' commits
        are looked up (``note_blobs``), so the cost follows the number of keys, not of
        notes."""
        tip = self.tip()
        if tip is None or not keys:
            return {}
        blobs = self.note_blobs(tip, [key.commit for key in keys])
        wanted = [key for key in keys if key.commit in blobs]
        found: dict[PairKey, object] = {}
        notes = [blobs[key.commit] for key in wanted]
        objects = self.git.read_objects(notes, limit=MAX_NOTE_BYTES)
        for key, stored in zip(wanted, objects, strict=True):
            if stored is None or stored.kind != "blob":
                continue
            summary = _summary_of(stored.data, key, version)
            if summary is not None:
                found[key] = summary
        return found

    def note_blobs(self, tip: str, commits: Sequence[str]) -> dict[str, str]:
        """The note blob of each of ``commits`` that has one in notes commit ``tip``, found
        by its path: git fans notes out into folders named by the commit id's leading hex
        pairs (``ab/cdef…``, ``ab/cd/ef…``), so only the trees on the paths of ``commits``
        are read, a level at a time (one ``git cat-file --batch`` request per level), never
        the whole notes tree. Where a commit's note is at more than one depth, the
        shallowest is taken, as ``git ls-tree -r`` lists it last; a tree that does not parse
        holds no note."""
        found: dict[str, str] = {}
        commit = self.git.read_objects([tip])[0]
        if commit is None or commit.kind != "commit" or not commit.data.startswith(b"tree "):
            return found
        root = commit.data.partition(b"\n")[0][5:].decode("ascii", "replace")
        # (tree id, hex digits of the commit id its path has taken) -> the commits under it
        level: dict[tuple[str, int], list[str]] = {(root, 0): sorted(set(commits))}
        while level:
            trees = self.git.read_objects([tree for tree, _ in level])
            below: dict[tuple[str, int], list[str]] = {}
            for ((_, depth), under), tree in zip(level.items(), trees, strict=True):
                try:
                    entries = tree_entries(tree.data) if tree and tree.kind == "tree" else {}
                except ValueError:
                    continue  # not a tree git could have written: no note under it
                for name in under:
                    rest = entries.get(name[depth:], "").split()
                    if len(rest) == 3 and rest[1] == "blob":
                        found[name] = rest[2]
                        continue
                    folder = entries.get(name[depth : depth + 2], "").split()
                    if len(folder) == 3 and folder[1] == "tree" and depth + 2 < len(name):
                        below.setdefault((folder[2], depth + 2), []).append(name)
            level = below
        return found

    def write(self, version: int, summaries: Mapping[PairKey, Any]) -> int:
        """Keep ``summaries`` (each ``PairSummary.to_json()``) as the notes of their pairs,
        under the store's lock; the number of notes written. ``StoreError`` if they cannot
        be (the notes are then as they were)."""
        with self.batch(version) as batch:
            batch.add(summaries)
            return batch.land()

    def batch(self, version: int) -> NoteBatch:
        """A write of many notes in parts (``NoteBatch``), landed all at once."""
        return NoteBatch(self, version)


class NoteBatch:
    """Notes written in parts and landed at once: each ``add`` writes its notes to git (one
    ``git fast-import`` under the store's lock, a notes commit on a temporary ref of this
    process's own, on top of the one before), so that what is held in memory is one part,
    and saves can land between two parts; ``land`` then moves the notes ref to the last
    commit, under the store's lock, by compare-and-swap in one transaction with the
    temporary ref's deletion. Until ``land`` the notes are as they were; a batch left
    without landing (an error, Ctrl-C) deletes its temporary ref, and one whose process was
    killed leaves it to the next batch, which deletes it."""

    def __init__(self, notes: PairNotes, version: int) -> None:
        self.notes = notes
        self.version = version
        self.temporary = f"{_TEMP_REF}{os.getpid()}-{next(_BATCHES)}"
        self.base: str | None = None
        self.last: str | None = None
        self.written: list[str] = []  # the commits noted, in the order written

    def __enter__(self) -> NoteBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        git = self.notes.git
        if self.last is not None and git.resolve(self.temporary) is not None:
            git.succeeds("update-ref", "-d", self.temporary)

    def add(self, summaries: Mapping[PairKey, Any]) -> None:
        """Write ``summaries`` as notes on the temporary ref; ``StoreError`` if they cannot
        be (the notes ref is untouched)."""
        if not summaries:
            return
        git = self.notes.git
        if self.last is None:
            _drop_stale_temporaries(git, self.temporary)
            self.base = self.notes.tip()
        entries = [
            (key.commit, note_bytes(key, self.version, summaries[key]))
            for key in sorted(summaries, key=lambda k: k.commit)
        ]
        # Under the store's lock, so that a git process that fails (a full disk) has its
        # temporary files removed, and never another writer's.
        with git.writing():
            self.last = self._commit(self.last or self.base, entries, len(summaries))
        self.written.extend(commit for commit, _ in entries)

    def land(self) -> int:
        """Move the notes ref to what was written, under the store's lock; the number of
        notes written (``StoreError`` if the ref cannot move: the notes are as they were).
        A notes ref moved since the batch began (a save noted its pair) is kept: the notes
        written are put on top of it."""
        if self.last is None:
            return 0
        git = self.notes.git
        with git.writing():
            tip = self.notes.tip()
            if tip != self.base:
                blobs = _note_blobs(git, self.last, set(self.written))
                entries = [(commit, blobs[commit]) for commit in sorted(blobs)]
                self.last = self._commit(tip, entries, len(entries), by_id=True)
            git.move_refs(
                [(NOTES_REF, self.last, tip), (self.temporary, None, self.last)],
                "articlediff notes",
            )
        self.notes._index = None
        return len(set(self.written))

    def _commit(
        self,
        parent: str | None,
        entries: Sequence[tuple[str, bytes | str]],
        count: int,
        *,
        by_id: bool = False,
    ) -> str:
        """A notes commit on the temporary ref on top of ``parent``, with ``entries``
        (commit, note text; or, ``by_id``, commit and the id of a note blob written before)."""
        git = self.notes.git
        message = f"articlediff: pair notes ({count})\n".encode()
        body: list[bytes] = []
        for commit, note in entries:
            if isinstance(note, str) and by_id:
                body.append(f"N {note} {commit}\n".encode())
            else:
                assert isinstance(note, bytes)
                body += note_commands(commit, note)
        try:
            return write_notes_commit(git, self.temporary, parent, message, body)
        except StoreError:
            if git.resolve(self.temporary) is not None:
                git.succeeds("update-ref", "-d", self.temporary)
            raise


def notes_commit(
    ref: str,
    who: str,
    moment: datetime,
    message: bytes,
    parent: str | None,
    body: Sequence[bytes],
    *,
    mark: int | None = None,
) -> list[bytes]:
    """The ``git fast-import`` commands of a notes commit on ``ref`` after ``parent``, by
    ``who`` at ``moment``, changing what ``body`` (``N`` commands) says."""
    parts = [f"commit {ref}\n".encode()]
    if mark is not None:
        parts.append(b"mark :%d\n" % mark)
    parts += [f"committer {who} {git_time(moment)}\n".encode(), _data(message)]
    if parent is not None:
        parts.append(f"from {parent}\n".encode())
    return parts + list(body)


def note_commands(target: str, note: bytes) -> list[bytes]:
    """The commands attaching ``note`` (inline) to ``target`` (a commit id or a mark)."""
    return [f"N inline {target}\n".encode(), _data(note)]


def write_notes_commit(
    git: GitRepo, ref: str, parent: str | None, message: bytes, body: Sequence[bytes]
) -> str:
    """Write a notes commit (``notes_commit``) to ``ref`` with one ``git fast-import``; its
    id. ``StoreError`` if git fails or writes nothing."""
    identity = git.identity()
    who = f"{identity.name} <{identity.email}>"
    parts = notes_commit(ref, who, now(), message, parent, body)
    parts.append(b"\ndone\n")
    gitprocess.output(
        git.root,
        ["fast-import", "--quiet", "--done", "--force", "--date-format=raw"],
        b"".join(parts),
        failure="cannot write the pair notes",
    )
    written = git.resolve(ref)
    if written is None:
        raise StoreError("cannot write the pair notes: git fast-import wrote nothing")
    return written


def _drop_stale_temporaries(git: GitRepo, own: str) -> None:
    """Delete the temporary refs of batches whose process is gone (killed before it could
    delete its own): a live process's is left alone."""
    listed = git.git_output("for-each-ref", "--format=%(refname)", f"{_TEMP_REF}*")
    for ref in listed.split():
        pid = ref.removeprefix(_TEMP_REF).partition("-")[0]
        if ref == own or not pid.isdigit() or _alive(int(pid)):
            continue
        git.succeeds("update-ref", "-d", ref)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # there, but not ours to signal
    return True


def _note_blobs(git: GitRepo, tip: str, commits: set[str]) -> dict[str, str]:
    """The note blob of each of ``commits`` in the notes commit ``tip``."""
    raw = git.git_output("ls-tree", "-r", "-z", "--full-tree", tip, "--")
    found = {}
    for line in raw.split("\0"):
        info, _, path = line.partition("\t")
        parts = info.split()
        name = path.replace("/", "")
        if len(parts) == 3 and name in commits:
            found[name] = parts[2]
    return found


def note_bytes(key: PairKey, version: int, summary: object) -> bytes:
    """The note of ``key``'s pair holding ``summary``, as written."""
    note = {
        "schema": NOTE_SCHEMA,
        "old_blob": key.old_blob,
        "new_blob": key.new_blob,
        "furniture": key.furniture,
        "rules_version": version,
        "summary": summary,
    }
    return json.dumps(note, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"


def _summary_of(data: bytes, key: PairKey, version: int) -> object | None:
    """The summary in note ``data`` if its envelope is exactly as written for ``key`` under
    ``version``, else ``None``."""
    try:
        note = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(note, dict) or set(note) != _ENVELOPE:
        return None
    rules = note["rules_version"]
    if (
        note["schema"] != NOTE_SCHEMA
        or note["old_blob"] != key.old_blob
        or note["new_blob"] != key.new_blob
        or note["furniture"] != key.furniture
        or type(rules) is not int
        or rules != version
    ):
        return None
    summary: object = note["summary"]
    return summary


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def _is_id(text: str) -> bool:
    return len(text) in (40, 64) and all(c in _HEX for c in text)
