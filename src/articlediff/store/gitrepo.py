"""Git plumbing for the store.

Objects are written straight into the object database and the branch is moved with a
compare-and-swap ``update-ref``: a revision either lands whole or not at all, and a process
killed half-way leaves at most unreferenced objects that ``git gc`` cleans up.

Every git command runs through ``gitprocess``, which turns any failure into a
``StoreError`` and ignores replace refs: the per-revision plumbing (``log``, ``cat-file``,
``hash-object``, ``mktree``, ``update-ref``), a few processes per command (see
``gitobjects``), the work on the repository as a whole (creating it, ``fsck``) and the
remotes (``fetch``, ``push``). GitPython is opened only on request
(:attr:`GitRepo.repo`, for library users), in the same environment: importing it alone takes
longer than a whole ``save`` may.

History is read along one line: the branch's first parents (``git log --first-parent
--diff-merges=first-parent``). A store's history has no merges (``sync`` never makes one, and
``verify`` reports any); where a hand-made merge is there, what it changed in a file against
its first parent counts as one revision on that line, so every reader (``log``, ``show``,
``audit``, the cache, an import's plan) sees the same revisions.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from articlediff.errors import InputError, StoreError
from articlediff.store import gitprocess
from articlediff.store.config import CONFIG_NAME
from articlediff.store.files import guard_os_error, probe_write, write_file
from articlediff.store.gitobjects import (
    GitObject,
    ObjectChecker,
    ObjectReader,
    TreeWriter,
    tree_entries,
    tree_path_names,
)
from articlediff.store.gitprocess import reason
from articlediff.store.identity import CommitRecord, parse_commit
from articlediff.store.lock import LOCK_NAME, remove_stale_git_files, store_lock

if TYPE_CHECKING:
    import git

LINK_MODE = "120000"  # a symbolic link's mode in a git tree
_IN_LINE = "articlediff/worktree"  # in the git folder: see GitRepo.heal_worktree
_FIELD = "\x1f"
_RECORD = "\x1e"

FIRST_PARENT = ("--first-parent", "--diff-merges=first-parent")
"""How every reader walks the history: the first-parent line, where a merge's change to a file
(against its first parent) counts as one revision."""


@dataclass(frozen=True)
class LogEntry:
    """One commit that touched a file: what ``git log --raw -- path`` says of it."""

    commit: str
    author_date: datetime
    committer_date: datetime
    message: str
    blob: str | None  # None where the commit deleted the file


@dataclass(frozen=True)
class NotRefreshed:
    """A write landed on the branch, but the working copy (and index) of ``paths`` could
    not be brought in line with it, because of ``cause``. The branch is the record; the next
    write to the store refreshes them (``GitRepo.heal_worktree``), as does ``git checkout
    HEAD -- <paths>``."""

    paths: tuple[str, ...]
    cause: str


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


def git_moment(moment: datetime) -> datetime:
    """``moment`` as git keeps it, and ``git log`` gives it back: whole seconds, a fixed offset."""
    offset = moment.utcoffset()
    assert offset is not None, "git times must be aware"
    return datetime.fromtimestamp(int(moment.timestamp()), timezone(offset))


def parse_git_date(text: str, commit: str) -> datetime:
    """A date ``git log`` printed (``%aI``/``%cI``); ``StoreError`` naming the commit when git
    could not print one (a date outside what git stores, e.g. before 1970)."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise StoreError(
            f"commit {commit[:10]} has a date git cannot read (see 'git fsck'): the store was "
            "written by another tool, or damaged"
        ) from None


def git_time(moment: datetime) -> str:
    """Git's raw time form: seconds since the epoch and the UTC offset."""
    offset = moment.utcoffset()
    assert offset is not None, "git times must be aware"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{int(moment.timestamp())} {sign}{minutes // 60:02d}{minutes % 60:02d}"


class GitRepo:
    """The store's repository: reads history, writes objects, moves the branch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git_dir = _git_dir(root)
        self._reader: ObjectReader | None = None
        self._checker: ObjectChecker | None = None
        self._in_line = False  # whether the working copy was in line when writing began

    @cached_property
    def repo(self) -> git.Repo:
        """The repository through GitPython, opened on first use."""
        import git

        repo = git.Repo(self.root)
        repo.git.update_environment(**gitprocess.GIT_ENVIRONMENT)
        return repo

    @classmethod
    def init(cls, root: Path, branch: str = "main") -> GitRepo:
        """A new repository at ``root`` (an existing folder), on ``branch``."""
        gitprocess.output(
            root,
            ["init", "--quiet", f"--initial-branch={branch}"],
            failure=f"cannot create a git repository at {root}",
        )
        return cls(root)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._checker is not None:
            self._checker.close()
            self._checker = None
        if "repo" in self.__dict__:
            self.repo.close()

    def _run(
        self, args: Sequence[str], stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        return gitprocess.run(self.root, args, stdin)

    def _git_bytes(
        self, args: Sequence[str], stdin: bytes | None = None, failure: str | None = None
    ) -> bytes:
        """What git prints; ``StoreError`` ("``failure``: reason") if it fails."""
        return gitprocess.output(self.root, args, stdin, failure)

    def succeeds(self, *args: str) -> bool:
        """Whether ``git <args>`` exits without an error (a question, or best-effort work)."""
        return self._run(args).returncode == 0

    def git_output(self, *args: str) -> str:
        """What ``git <args>`` prints; ``StoreError`` if it fails."""
        return self._git_bytes(args).decode("utf-8", "replace")

    def _git_line(self, *args: str) -> str | None:
        """The first line git prints, or ``None`` when it exits with an error."""
        result = self._run(args)
        if result.returncode != 0:
            return None
        return result.stdout.decode("utf-8", "replace").strip() or None

    # -- reading -------------------------------------------------------------------------

    def branch_ref(self) -> str:
        """The full name of the checked-out branch, e.g. ``refs/heads/main``."""
        ref = self._head_ref() or self._git_line("symbolic-ref", "-q", "HEAD")
        if ref is None:
            raise StoreError("the store's HEAD is detached: check out its branch (main)")
        return ref

    def head_commit(self) -> str | None:
        """The branch's commit; ``None`` before the first save."""
        # A branch git has just moved is a file holding its commit id (update-ref renames it
        # into place whole). Packed refs, and anything unusual, are left to git.
        ref = self._head_ref()
        if ref is not None:
            try:
                commit = (self.git_dir / ref).read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                commit = ""
            if len(commit) == 40 and all(c in "0123456789abcdef" for c in commit):
                return commit
        return self._git_line("rev-parse", "-q", "--verify", "HEAD^{commit}")

    def _head_ref(self) -> str | None:
        """The branch HEAD names, read from its one line "ref: refs/heads/<branch>"
        (gitrepository-layout); ``None`` for anything else (a detached commit, another ref
        storage), which git then reads."""
        try:
            head = (self.git_dir / "HEAD").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        name = head.removeprefix("ref: ").rstrip("\n")
        if head.startswith("ref: refs/heads/") and "\n" not in name and ".." not in name:
            return None if name.endswith(".invalid") else name
        return None

    def read_blob(self, sha: str) -> bytes:
        found = self.read_objects([sha])[0]
        if found is None:
            raise StoreError(f"cannot read object {sha[:12]}: it is missing")
        return found.data

    def read_objects(
        self, names: Sequence[str], *, limit: int | None = None
    ) -> list[GitObject | None]:
        """The objects ``names`` (ids or expressions such as ``<tree>:versions``) name;
        ``None`` for each that names nothing, or is larger than ``limit`` bytes when given.
        One ``git cat-file --batch`` serves every read of this repository object, however
        many there are (an import reads thousands)."""
        if any("\n" in name for name in names):
            raise InputError("an object name cannot hold a line break")
        if self._reader is None:
            self._reader = ObjectReader(self.root)
        return self._reader.read_many(list(names), limit)

    def present(self, names: Sequence[str]) -> list[str | None]:
        """For each of ``names`` (ids or expressions such as ``<commit>:<path>``), the id of
        the object it names if that object is in the database, else ``None``: one ``git
        cat-file --batch-check`` per open repository, objects never read."""
        if any("\n" in name for name in names):
            raise InputError("an object name cannot hold a line break")
        if not names:
            return []
        if self._checker is None:
            self._checker = ObjectChecker(self.root)
        return self._checker.check(list(names))

    def file_log(self, path: str, rev: str = "HEAD") -> list[LogEntry]:
        """Commits that changed ``path`` on ``rev``, oldest first, with the file's blob
        (``None`` where the commit deleted it)."""
        entries = []
        for entry, changes in self.log_changes(rev, path):
            blob = next((change.new_blob for change in changes if change.path == path), None)
            entries.append(replace(entry, blob=blob))
        return entries

    def log_paths(self, rev: str, pathspec: str) -> list[tuple[LogEntry, list[str]]]:
        """Every commit touching ``pathspec``, oldest first, with the paths it changed."""
        raw = self.git_output(
            "log",
            rev,
            *FIRST_PARENT,
            "--reverse",
            "--no-renames",
            f"--format={_RECORD}%H{_FIELD}%aI{_FIELD}%cI",
            "--name-only",
            "--",
            pathspec,
        )
        results = []
        for record in raw.split(_RECORD)[1:]:
            header, _, names = record.partition("\n")
            commit, author, committer = header.split(_FIELD)
            entry = LogEntry(
                commit=commit,
                author_date=parse_git_date(author, commit),
                committer_date=parse_git_date(committer, commit),
                message="",
                blob=None,
            )
            results.append((entry, [name for name in names.splitlines() if name]))
        return results

    def branch_files(self, rev: str, pathspec: str) -> dict[str, bytes]:
        """Every file under ``pathspec`` that a commit on ``rev`` changed, with the commits
        that changed it, in one walk of the history (``file_log`` walks it once per file):
        by path, the commits oldest first, each as 40 bytes (the commit's id and the file's
        blob id after it, 20 zero bytes where the commit deleted the file). A few dozen
        bytes a commit, so a store of many articles fits (``commit_entries`` reads the rest
        of each ``LogEntry``)."""
        found: dict[str, list[bytes]] = {}
        commit = b""
        args = ["log", rev, *FIRST_PARENT, "--no-renames", "--raw", "--no-abbrev"]
        for line in gitprocess.lines(self.root, [*args, "--format=%x1e%H", "--", pathspec]):
            if line.startswith(b"\x1e"):
                commit = bytes.fromhex(line[1:].strip().decode())
            elif line.startswith(b":"):
                info, _, path = line.rstrip(b"\n").partition(b"\t")
                fields = info.split()
                found.setdefault(path.decode("utf-8", "replace"), []).append(
                    commit + bytes.fromhex(fields[3].decode())
                )
        return {path: b"".join(reversed(commits)) for path, commits in found.items()}

    def commit_entries(self, packed: bytes) -> list[LogEntry] | None:
        """The ``LogEntry`` of each (commit, blob) of ``packed`` (as ``branch_files`` gives
        them), from the commits read in one batch: what ``file_log`` says of them.
        ``None`` when a commit is missing or is not one ``file_log`` would read the same
        way (a message in another encoding, a date git cannot print): the caller asks
        ``file_log``."""
        pairs = [
            (packed[at : at + 20].hex(), packed[at + 20 : at + 40].hex())
            for at in range(0, len(packed), 40)
        ]
        entries = []
        for (commit, blob), stored in zip(
            pairs, self.read_objects([commit for commit, _ in pairs]), strict=True
        ):
            entry = _commit_entry(commit, stored) if stored is not None else None
            if entry is None:
                return None
            entries.append(replace(entry, blob=_blob_or_none(blob)))
        return entries

    def ls_tree(self, commit: str, path: str) -> list[str]:
        """Paths of the files under ``path`` in ``commit``."""
        raw = self.git_output("ls-tree", "-r", "--name-only", commit, "--", path)
        return [line for line in raw.splitlines() if line]

    def links_in(self, commit: str, path: str) -> list[str]:
        """Paths of the symbolic links under ``path`` in ``commit``."""
        raw = self.git_output("ls-tree", "-r", commit, "--", path)
        return [line.partition("\t")[2] for line in raw.splitlines() if line.startswith(LINK_MODE)]

    def blob_at(self, commit: str, path: str) -> str | None:
        return self._git_line("rev-parse", "-q", "--verify", f"{commit}:{path}")

    def identity(self) -> Identity:
        """Who records revisions: the repository's git identity, else a neutral default."""
        result = self._run(["config", "-z", "--get-regexp", r"^user\.(name|email)$"])
        config: dict[str, str] = {}
        for record in result.stdout.decode("utf-8", "replace").split("\0"):
            key, _, value = record.partition("\n")
            config[key] = value  # the last value git lists wins, as in git itself
        name = os.environ.get("GIT_COMMITTER_NAME") or config.get("user.name")
        email = os.environ.get("GIT_COMMITTER_EMAIL") or config.get("user.email")
        return Identity(name or "articlediff", email or "articlediff@localhost")

    # -- writing -------------------------------------------------------------------------

    def write_object(self, kind: str, data: bytes) -> str:
        return self._git_bytes(["hash-object", "-w", "-t", kind, "--stdin"], data).decode().strip()

    def tree_with_file(
        self,
        base_tree: str | None,
        path: str,
        blob: str,
        trees: Sequence[GitObject | None] | None = None,
    ) -> str:
        """A new tree: ``base_tree`` with the file at ``path`` set to ``blob``.

        git reads the trees along the path (one ``cat-file``, unless the caller read them
        already: ``trees``, as named by :func:`tree_path_names`) and writes the new ones (one
        ``mktree``): an outlet of thousands of articles is never listed or walked in Python.
        """
        parts = path.split("/")
        levels: list[dict[str, str]] = [{} for _ in parts]
        if base_tree is not None:
            if not trees:
                trees = self.read_objects(tree_path_names(base_tree, path))
            for depth, found in enumerate(trees):
                if found is None or found.kind != "tree":
                    break  # a new folder: it and every folder below it start empty
                levels[depth] = tree_entries(found.data)
                name = parts[depth]
                if levels[depth].get(name, "").startswith(LINK_MODE):
                    link = "/".join(parts[: depth + 1])
                    raise StoreError(
                        f"{link} is a symbolic link on the store's branch: articlediff never "
                        "writes through a link nor replaces one; see 'articlediff verify'"
                    )
        info = f"100644 blob {blob}"
        with TreeWriter(self.root) as writer:
            for depth in reversed(range(len(parts))):
                levels[depth][parts[depth]] = info
                info = f"040000 tree {writer.write(levels[depth])}"
        return info.split()[2]

    def tree_of(self, commit: str) -> str:
        return self.git_output("rev-parse", f"{commit}^{{tree}}").strip()

    def write_commit(
        self,
        tree: str,
        parent: str | None,
        message: str,
        author: Identity,
        author_time: datetime,
        committer_time: datetime,
    ) -> str:
        lines = [f"tree {tree}"]
        if parent:
            lines.append(f"parent {parent}")
        lines.append(f"author {author.name} <{author.email}> {git_time(author_time)}")
        lines.append(f"committer {author.name} <{author.email}> {git_time(committer_time)}")
        body = "\n".join(lines) + "\n\n" + message
        return self.write_object("commit", body.encode("utf-8"))

    def move_branch(self, ref: str, new: str, old: str | None, reason: str) -> None:
        """Point ``ref`` at ``new`` only if it still points at ``old`` (compare-and-swap)."""
        self.move_refs([(ref, new, old)], reason)

    def move_refs(self, moves: Sequence[tuple[str, str | None, str | None]], reason: str) -> None:
        """Move every ref of ``moves`` (ref, new commit or ``None`` to delete it, the commit
        it must still point at or ``None`` for a ref that must not exist) in one transaction:
        all of them move, or none does."""
        zero = "0" * 40
        lines = [
            f"update {ref} {new} {old or zero}\n" if new else f"delete {ref} {old or zero}\n"
            for ref, new, old in moves
        ]
        wording = f"cannot update {moves[0][0]}" if len(moves) == 1 else "cannot update the refs"
        try:
            self._git_bytes(
                ["update-ref", "-m", reason, "--stdin"], "".join(lines).encode(), failure=wording
            )
        except StoreError as error:
            # git says "couldn't write '.../main.lock'" and not why: ask the file system.
            cause = probe_write(self.git_dir / "refs")
            if cause is None or cause in str(error):
                raise
            raise StoreError(f"{error} ({cause})") from None

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The store's lock, held for a write: wait for it (``lock.store_lock``), then refuse
        before anything is written when a git lock file is in the way (``check_git_locks``),
        and refresh a working copy an earlier write left lagging (``heal_worktree``). A write
        that fails leaves no temporary file of git's behind."""
        with store_lock(self.git_dir / LOCK_NAME):
            started = time.time()
            try:
                self.check_git_locks()
                self.heal_worktree()
                yield
            except (StoreError, OSError):
                # A git command that failed (a full disk) leaves its temporary files.
                remove_stale_git_files(self.git_dir, since=started, locks=False)
                raise

    def check_git_locks(self) -> None:
        """``StoreError`` when a git lock file that a write would need is in the way: a git
        command is running in the store, or one was killed (a killed articlediff's own are
        removed when the store's lock is taken: ``lock.remove_stale_git_files``). Checked
        before anything is written, so that a refused write has changed nothing."""
        for name in ("index.lock", "HEAD.lock", f"{self.branch_ref()}.lock"):
            path = self.git_dir / name
            if os.path.lexists(path):
                raise StoreError(
                    f"{path} exists: a git command is running in this store, or one was "
                    f"stopped before it finished; if none is running, remove it (rm {path}) "
                    "and try again"
                )

    def sync_worktree_file(self, path: str, blob: str, data: bytes) -> None:
        """Bring the checked-out copy of ``path`` (and the index) in line with the branch."""
        self.sync_worktree_files({path: (blob, data)})

    def sync_worktree_files(self, files: Mapping[str, tuple[str, bytes]]) -> None:
        """Bring the checked-out copies of ``files`` (path -> blob and content) and the index
        in line with the branch: each file replaced whole (``files.write_file``: never
        through a link), then one ``update-index``; ``StoreError`` naming what failed.

        The branch is the record; the working tree is a convenience for people browsing
        ``versions/`` with ordinary tools, so it is written after the commit has landed.
        """
        entries = []
        for path, (blob, data) in sorted(files.items()):
            write_file(self.root, path, data)
            entries.append(f"100644 {blob}\t{path}\n")
        self._git_bytes(
            ["update-index", "--index-info"],
            "".join(entries).encode("utf-8"),
            failure="cannot refresh the index",
        )

    def refresh_worktree(
        self, files: Mapping[str, tuple[str, bytes]], tip: str | None = None
    ) -> NotRefreshed | None:
        """``sync_worktree_files``, after a write has landed: best effort. What could not be
        done is returned, not raised (the write is in the store), and the next write heals
        it (``heal_worktree``). With ``tip`` (the branch's new commit), a working copy that
        was in line before is recorded as in line with ``tip``."""
        try:
            self.sync_worktree_files(files)
        except StoreError as error:
            self._in_line = False
            return NotRefreshed(tuple(sorted(files)), str(error))
        if tip is not None and self._in_line:
            self._record_in_line(tip)
        return None

    def heal_worktree(self) -> NotRefreshed | None:
        """Refresh the working copy and index entries under ``versions/`` and ``sources/``
        (and ``articlediff.toml``) that lag the branch, left by a write whose
        ``refresh_worktree`` failed.

        ``.git/articlediff/worktree`` holds the branch tip the working copy was last known to
        be in line with; while it names the tip, nothing is read. Otherwise (a refresh
        failed, or git moved the branch) one ``diff-index`` lists the entries that differ
        from the branch, and those that lag are refreshed: missing from the index, or
        holding a version the branch had before. An entry holding anything else was staged
        by hand (``git add``) and is left alone. Best effort, like the refresh."""
        self._in_line = False
        head = self.head_commit()
        if head is None:
            return None
        if self._in_line_with() == head:
            self._in_line = True
            return None
        listing = ["diff-index", "--cached", "--raw", "--no-renames", "--no-abbrev", "HEAD"]
        result = self._run([*listing, "--", "versions", "sources", CONFIG_NAME])
        if result.returncode != 0:
            return None
        differing = [
            change
            for change in _raw_changes(result.stdout.decode("utf-8", "surrogateescape"))
            if change.old_blob is not None and change.old_mode == "100644"
        ]
        earlier: dict[str, set[str | None]] = {}
        if any(change.new_blob is not None for change in differing):
            for _, changes in self.log_changes(head, *(change.path for change in differing)):
                for change in changes:
                    earlier.setdefault(change.path, set()).add(change.new_blob)
        lagging: dict[str, str] = {}
        for change in differing:
            if change.old_blob is None:
                continue
            if change.new_blob is None or change.new_blob in earlier.get(change.path, ()):
                lagging[change.path] = change.old_blob
        found = self.read_objects(list(lagging.values()))
        files = {
            path: (blob, stored.data)
            for (path, blob), stored in zip(lagging.items(), found, strict=True)
            if stored is not None
        }
        self._in_line = len(files) == len(lagging) == len(differing)
        if files:
            return self.refresh_worktree(files, head)
        self._record_in_line(head)
        return None

    def _in_line_with(self) -> str | None:
        try:
            return (self.git_dir / _IN_LINE).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None

    def _record_in_line(self, tip: str) -> None:
        """Best effort: a record that could not be written costs the next write a
        ``diff-index``."""
        if self._in_line:
            with contextlib.suppress(StoreError):
                write_file(self.git_dir, _IN_LINE, f"{tip}\n".encode())

    def remove_from_index(self, path: str) -> None:
        self.git_output("update-index", "--force-remove", "--", path)

    def commits_after(self, ref: str, rev: str = "HEAD") -> set[str]:
        """The commits on ``rev`` that ``ref`` does not contain (``git rev-list ref..rev``).

        ``StoreError`` if ``rev`` is missing; ``InputError`` if ``ref`` names no commit.
        """
        if not ref.strip() or ref.startswith("-"):
            raise InputError(f"invalid git revision {ref!r}")
        base = self._git_line("rev-parse", "-q", "--verify", f"{ref}^{{commit}}")
        if base is None:
            raise InputError(
                f"unknown git revision {ref!r}: give a branch, tag or commit of the store"
            )
        raw = self._git_bytes(
            ["rev-list", f"{base}..{rev}"], failure=f"cannot list commits after {ref}"
        )
        return {line for line in raw.decode().splitlines() if line}

    def log_changes(self, rev: str, *pathspecs: str) -> list[tuple[LogEntry, list[FileChange]]]:
        """Every commit on ``rev`` touching ``pathspecs``, oldest first, with its message and
        the blobs of each file it changed: one ``git log --raw`` for the whole history."""
        return list(self.walk_changes(rev, *pathspecs))

    def walk_changes(
        self, rev: str, *pathspecs: str
    ) -> Iterator[tuple[LogEntry, list[FileChange]]]:
        """``log_changes`` one commit at a time, as git prints them (memory holds one
        commit, not the whole history)."""
        args = [
            "log",
            rev,
            *FIRST_PARENT,
            "--reverse",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            f"--format={_RECORD}%H{_FIELD}%aI{_FIELD}%cI{_FIELD}%B{_FIELD}",
            "--",
            *pathspecs,
        ]
        for record in self._log_records(args):
            yield _logged(record)

    def _log_records(self, args: Sequence[str]) -> Iterator[str]:
        """What ``git <args>`` prints, one record at a time as git prints it (each starts
        with ``_RECORD``; memory holds one record, not the whole history)."""
        record: list[bytes] = []
        start = _RECORD.encode()
        for line in itertools.chain(gitprocess.lines(self.root, args), [start]):
            if line.startswith(start) and record:
                yield b"".join(record).decode("utf-8", "replace")
                record = []
            record.append(line)

    def walk_claims(self, rev: str) -> Iterator[tuple[str, str, list[str]]]:
        """Every commit of ``rev``'s first-parent line, newest first: its id, its parents
        (as ``%P`` prints them, space-separated) and the values of its ``Article-Id``
        trailers. Commit headers and messages only, no tree is compared: what the commits
        *say* they change, at a cost per commit whatever the width of the store's folders
        (see ``store.claims``)."""
        args = [
            "log",
            rev,
            "--first-parent",
            f"--format={_RECORD}%H{_FIELD}%P{_FIELD}"
            f"%(trailers:key=Article-Id,valueonly,separator=%x1f)",
        ]
        for record in self._log_records(args):
            commit, parents, *claims = record[1:].rstrip("\n").split(_FIELD)
            yield commit, parents, [claim for claim in claims if claim]

    def walk_commits(self, rev: str) -> Iterator[LogEntry]:
        """Every commit of ``rev``'s first-parent line, oldest first, as ``walk_changes``
        tells it (dates and message), without the files it changed: no tree is compared."""
        args = [
            "log",
            rev,
            "--first-parent",
            "--reverse",
            f"--format={_RECORD}%H{_FIELD}%aI{_FIELD}%cI{_FIELD}%B{_FIELD}",
        ]
        for record in self._log_records(args):
            yield _logged(record)[0]

    def exact_changes(
        self, commits: Sequence[tuple[str, str | None]], pathspec: str
    ) -> list[list[FileChange]]:
        """For each (commit, first parent or ``None`` for a root commit) of ``commits``, the
        files under ``pathspec`` it changes against that parent, as ``walk_changes`` lists
        them: one ``git diff-tree --stdin`` for them all (each costs a tree comparison, so
        it is for the few commits that need one)."""
        if not commits:
            return []
        lines = "".join(f"{commit} {parent or ''}".rstrip() + "\n" for commit, parent in commits)
        raw = self._git_bytes(
            [
                "diff-tree",
                "--stdin",
                "--always",
                "-r",
                "--root",
                "--no-renames",
                "--raw",
                "--no-abbrev",
                "--",
                pathspec,
            ],
            stdin=lines.encode(),
            failure="cannot compare commits with their parents",
        ).decode("utf-8", "replace")
        found: list[list[FileChange]] = []
        for line in raw.splitlines():
            if line.startswith(":"):
                found[-1].extend(_raw_changes(line))
            elif line:
                found.append([])
        if len(found) != len(commits):
            raise StoreError(
                "cannot compare commits with their parents: git diff-tree skipped some "
                "(a commit missing from the object database? see 'git fsck')"
            )
        return found

    # -- verify and sync -----------------------------------------------------------------

    def fsck(self) -> tuple[int, list[str]]:
        """``git fsck --full --strict``: its exit status and the lines it printed."""
        result = self._run(["fsck", "--full", "--strict", "--no-progress"])
        printed = result.stdout + b"\n" + result.stderr
        return result.returncode, printed.decode("utf-8", "replace").splitlines()

    def paths_changed(self, span: str, pathspec: str) -> frozenset[str]:
        """Every path under ``pathspec`` that a commit of ``span`` (``a..b``) changes."""
        raw = self.git_output(
            "log", "-z", "--format=", "--name-only", "--no-renames", span, "--", pathspec
        )
        return frozenset(name.strip("\n") for name in raw.split("\0") if name.strip("\n"))

    def changed_in(self, commit: str, pathspec: str) -> list[str]:
        """Paths under ``pathspec`` that ``commit`` changes (against its first parent)."""
        raw = self.git_output(
            "diff-tree",
            "--no-commit-id",
            "--name-only",
            "-r",
            "--root",
            "-m",
            "--first-parent",
            commit,
            "--",
            pathspec,
        )
        return [line for line in raw.splitlines() if line]

    def file_changes(self, old: str | None, new: str) -> list[FileChange]:
        """Every file that differs between commits ``old`` (``None``: nothing) and ``new``."""
        args = [old, new] if old else ["--root", new]
        raw = self.git_output(
            "diff-tree", "-r", "--no-renames", "--no-abbrev", "--no-commit-id", *args, "--"
        )
        return _raw_changes(raw)

    def merge_base(self, one: str, other: str) -> str | None:
        return self._git_line("merge-base", one, other)  # None: unrelated histories

    def is_ancestor(self, ancestor: str, commit: str) -> bool:
        return self.succeeds("merge-base", "--is-ancestor", ancestor, commit)

    def has_merges(self, span: str) -> bool:
        """Whether the commits of ``span`` (e.g. ``a..b``) include a merge."""
        return bool(self.git_output("rev-list", "--min-parents=2", "--max-count=1", span).strip())

    def commits_between(self, base: str | None, tip: str) -> list[str]:
        """Commits on ``tip`` not on ``base``, oldest first (parents before children)."""
        span = f"{base}..{tip}" if base else tip
        raw = self.git_output("rev-list", "--reverse", "--topo-order", span)
        return [line for line in raw.splitlines() if line]

    def resolve(self, ref: str) -> str | None:
        """The commit ``ref`` (a full ref name or commit id) names, or ``None``."""
        if ref.startswith("-"):
            raise InputError(f"invalid git revision {ref!r}")
        return self._git_line("rev-parse", "-q", "--verify", f"{ref}^{{commit}}")

    def tree_without_file(self, base_tree: str, path: str) -> str:
        """A new tree: ``base_tree`` without the file at ``path`` (empty folders dropped)."""
        return self._drop_entry(base_tree, path.split("/")) or self.write_object("tree", b"")

    def _drop_entry(self, tree: str, parts: list[str]) -> str | None:
        found = self.read_objects([tree])[0]
        entries = tree_entries(found.data) if found is not None and found.kind == "tree" else {}
        name = parts[0]
        if name not in entries:
            return tree
        if len(parts) == 1:
            del entries[name]
        else:
            _, kind, sha = entries[name].split()
            if kind != "tree":
                return tree
            child = self._drop_entry(sha, parts[1:])
            if child is None:
                del entries[name]
            else:
                entries[name] = f"040000 tree {child}"
        if not entries:
            return None
        with TreeWriter(self.root) as writer:
            return writer.write(entries)

    def commits(self, shas: Sequence[str]) -> list[CommitRecord]:
        """The commit objects ``shas``, parsed (one ``cat-file`` process for all of them)."""
        records = []
        for sha, found in zip(shas, self.read_objects(shas), strict=True):
            if found is None or found.kind != "commit":
                raise StoreError(f"cannot read commit {sha[:12]}: it is missing")
            records.append(parse_commit(sha, found.data))
        return records

    def rewrite_commit(self, record: CommitRecord, tree: str, parent: str, message: str) -> str:
        """A copy of commit ``record`` with a new tree, parent and message: the same author,
        committer (and their dates) and other headers. Signatures, which the copy would
        invalidate, are dropped."""
        lines = [f"tree {tree}", f"parent {parent}"]
        lines.append(f"author {record.author}")
        lines.append(f"committer {record.committer}")
        skipping = False
        for line in record.header:
            if line.startswith(" ") and skipping:
                continue  # continuation of a dropped multi-line header
            skipping = line.partition(" ")[0] in ("gpgsig", "gpgsig-sha256", "mergetag")
            if not skipping:
                lines.append(line)
        body = "\n".join(lines) + "\n\n" + message
        return self.write_object("commit", body.encode("utf-8", errors="surrogateescape"))

    def merges(self, rev: str = "HEAD") -> list[str]:
        """The merge commits on ``rev`` (any line of its history), newest first."""
        return self.git_output("rev-list", "--min-parents=2", rev).split()

    def replace_refs(self) -> list[str]:
        """The refs of ``git replace`` (``refs/replace/<object>``); the store ignores them."""
        return self.git_output("for-each-ref", "--format=%(refname)", "refs/replace/").split()

    def remote_names(self) -> list[str]:
        return [line for line in self.git_output("remote").splitlines() if line]

    def fetch_branch(self, remote: str, branch: str) -> str | None:
        """Fetch ``branch`` of ``remote`` into ``refs/remotes/<remote>/<branch>``; its commit,
        or ``None`` when the remote has no such branch yet (a new, empty remote)."""
        return self.fetch_ref(remote, f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}")

    def fetch_ref(self, remote: str, source: str, tracking: str) -> str | None:
        """Fetch ref ``source`` of ``remote`` into ``tracking``; its commit, or ``None`` when
        the remote has no such ref."""
        result = self._run(["fetch", "--no-tags", "--quiet", remote, f"+{source}:{tracking}"])
        if result.returncode != 0:
            if b"couldn't find remote ref" in result.stderr:  # git's words in the C locale
                return None
            raise StoreError(f"cannot fetch from {remote}: {reason(result.stderr)}")
        return self.resolve(tracking)

    def push_branch(
        self, remote: str, branch: str, lease: str | None = None
    ) -> tuple[Literal["pushed", "moved", "refused"], str]:
        """Push ``branch`` to ``remote``. A normal push, unless ``lease`` is given: then the
        remote's branch is replaced only if it still points at ``lease``
        (``--force-with-lease=<ref>:<lease>``). The outcome, and what the remote said when
        the push did not land: ``moved`` when the remote moved on meanwhile (not a
        fast-forward, no longer at ``lease``, or its branch locked by another push: the
        lock file named), ``refused`` when the host turned the push down (a protected
        branch, a hook); ``StoreError`` for anything else."""
        ref = f"refs/heads/{branch}"
        forced = [f"--force-with-lease={ref}:{lease}"] if lease else []
        result = self._run(["push", "--porcelain", *forced, remote, f"{ref}:{ref}"])
        if result.returncode == 0:
            self.git_output("update-ref", f"refs/remotes/{remote}/{branch}", ref)
            return "pushed", ""
        said = result.stderr.decode("utf-8", "replace")
        locked = _REMOTE_LOCK.search(said)
        # --porcelain: "!<TAB><from>:<to><TAB>[rejected] (fetch first)" for each ref refused
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            flag, _, rest = line.partition("\t")
            summary = rest.partition("\t")[2]
            if flag != "!":
                continue
            if locked:
                return "moved", f"its branch is locked ({locked.group(1)} exists)"
            if summary.startswith("[rejected]") or any(word in summary for word in _RACED):
                return "moved", ""
            if summary.startswith("[remote rejected]"):
                why = summary.partition("]")[2].strip()
                return "refused", f"the host refused the push {why}".strip()
        raise StoreError(f"cannot push to {remote}: {reason(said or result.stdout)}")

    def push_ref(self, remote: str, ref: str) -> bool:
        """Push ``ref`` to the same name on ``remote`` if that is a fast-forward there;
        whether it landed."""
        return self._run(["push", "--porcelain", "--quiet", remote, f"{ref}:{ref}"]).returncode == 0

    def merge_blobs(self, current: str, base: str, other: str) -> bytes | None:
        """git's line-by-line three-way merge (``git merge-file``) of blob ``current`` with
        the change ``base`` → ``other``; ``None`` where the changes overlap."""
        with (
            guard_os_error(self.git_dir),
            tempfile.TemporaryDirectory(dir=self.git_dir, prefix="articlediff-merge-") as tmp,
        ):
            names = []
            for label, blob in (("current", current), ("base", base), ("other", other)):
                name = Path(tmp) / label
                name.write_bytes(self.read_blob(blob))
                names.append(str(name))
            result = self._run(["merge-file", "-p", "-q", *names])
        return result.stdout if result.returncode == 0 else None


_RACED = ("lock", "failed to update ref", "incorrect old value", "stale info")
"""What the remote says (after ``[remote rejected]``) when another push was updating the same
branch at that moment: a race to retry, not a refusal."""
_REMOTE_LOCK = re.compile(r"Unable to create '([^']+\.lock)': File exists")
"""How the remote names a lock file another push (or a killed one) left on its branch."""


@dataclass(frozen=True)
class FileChange:
    """One file a commit changed: its blob before and after (``None`` where absent), and its
    modes (``100644`` a file, ``120000`` a symbolic link; ``000000`` where absent)."""

    path: str
    old_blob: str | None
    new_blob: str | None
    old_mode: str = "100644"
    new_mode: str = "100644"


def _blob_or_none(sha: str) -> str | None:
    return None if set(sha) == {"0"} else sha


def _logged(record: str) -> tuple[LogEntry, list[FileChange]]:
    """One commit of ``walk_changes``'s ``git log``: its entry and the files it changed."""
    commit, author, committer, message, raw_lines = record[1:].split(_FIELD)
    entry = LogEntry(
        commit=commit,
        author_date=parse_git_date(author, commit),
        committer_date=parse_git_date(committer, commit),
        message=message,
        blob=None,
    )
    return entry, _raw_changes(raw_lines)


def _commit_entry(commit: str, stored: GitObject) -> LogEntry | None:
    """What ``git log --format=%aI %cI %B`` says of a commit, from the commit object; ``None``
    where it might say otherwise (see ``GitRepo.commit_entries``)."""
    if stored.kind != "commit":
        return None
    header, separator, message = stored.data.partition(b"\n\n")
    dates: dict[bytes, datetime] = {}
    for line in header.split(b"\n"):
        name, _, value = line.partition(b" ")
        if name == b"encoding":
            return None
        if name in (b"author", b"committer"):
            moment = _raw_time(value)
            if moment is None:
                return None
            dates[name] = moment
    if not separator or len(dates) != 2:
        return None
    return LogEntry(
        commit=commit,
        author_date=dates[b"author"],
        committer_date=dates[b"committer"],
        message=message.decode("utf-8", "replace"),
        blob=None,
    )


_RAW_TIME = re.compile(rb"> (\d{1,12}) ([+-])(\d\d)(\d\d)$")


def _raw_time(ident: bytes) -> datetime | None:
    """The time of an author or committer line (``Name <email> 1700000000 +0100``) as
    ``git log`` prints it in ``%aI``; ``None`` for one it would not."""
    found = _RAW_TIME.search(ident)
    if found is None:
        return None
    seconds, sign, hours, minutes = found.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    if offset >= timedelta(days=1):
        return None
    try:
        return datetime.fromtimestamp(int(seconds), timezone(-offset if sign == b"-" else offset))
    except (OverflowError, OSError, ValueError):
        return None


def _git_dir(root: Path) -> Path:
    """The repository folder of the work tree at ``root``; ``StoreError`` if there is none."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    if not root.is_dir():
        raise StoreError(f"{root}: not a git repository")
    result = gitprocess.run(root, ["rev-parse", "--show-toplevel", "--absolute-git-dir"])
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    # A folder inside some other repository is not a store's root.
    if result.returncode != 0 or len(lines) != 2 or Path(lines[0]) != root.resolve():
        raise StoreError(f"{root}: not a git repository")
    return Path(lines[1])


def _raw_changes(raw: str) -> list[FileChange]:
    """The files that ``git log --raw`` and ``diff-tree`` list, one a line:
    ":100644 100644 <old> <new> M\\tpath"."""
    changes = []
    for line in raw.splitlines():
        if line.startswith(":"):
            info, _, path = line.partition("\t")
            fields = info.split()
            old_blob, new_blob = _blob_or_none(fields[2]), _blob_or_none(fields[3])
            changes.append(FileChange(path, old_blob, new_blob, fields[0][1:], fields[1]))
    return changes
