"""Git plumbing for the store.

Objects are written straight into the object database and the branch is moved with a
compare-and-swap ``update-ref``: a revision either lands whole or not at all, and a process
killed half-way leaves at most unreferenced objects that ``git gc`` cleans up.

Every git command runs through ``gitprocess``, which turns any failure into a
``StoreError`` and ignores replace refs: the per-revision plumbing (``log``, ``cat-file``,
``hash-object``, ``mktree``, ``update-ref``), a few processes per command (see
``gitobjects``), the work on the repository as a whole (creating it, ``fsck``) and the
remotes (``ls-remote``, ``fetch``, ``push``). GitPython is opened only on request
(:attr:`GitRepo.repo`, for library users), in the same environment: importing it alone takes
longer than a whole ``save`` may.

History is read along one line: the branch's first parents (``git log --first-parent
--diff-merges=first-parent``). A store's history has no merges (``sync`` never makes one, and
``verify`` reports any); where a hand-made merge is there, what it changed in a file against
its first parent counts as one revision on that line, so every reader (``log``, ``show``,
``audit``, the cache, an import's plan) sees the same revisions.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from articlediff.errors import InputError, StoreError
from articlediff.store import gitprocess
from articlediff.store.gitobjects import (
    GitObject,
    ObjectReader,
    TreeWriter,
    tree_entries,
    tree_path_names,
)
from articlediff.store.gitprocess import reason
from articlediff.store.identity import CommitRecord, parse_commit

if TYPE_CHECKING:
    import git

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
class Identity:
    name: str
    email: str


def git_moment(moment: datetime) -> datetime:
    """``moment`` as git keeps it, and ``git log`` gives it back: whole seconds, a fixed offset."""
    offset = moment.utcoffset()
    assert offset is not None, "git times must be aware"
    return datetime.fromtimestamp(int(moment.timestamp()), timezone(offset))


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

    def read_objects(self, names: Sequence[str]) -> list[GitObject | None]:
        """The objects ``names`` (ids or expressions such as ``<tree>:versions``) name;
        ``None`` for each that names nothing. One ``git cat-file --batch`` serves every read
        of this repository object, however many there are (an import reads thousands)."""
        if any("\n" in name for name in names):
            raise InputError("an object name cannot hold a line break")
        if self._reader is None:
            self._reader = ObjectReader(self.root)
        reader = self._reader
        return [reader.read(name) for name in names]

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
                author_date=datetime.fromisoformat(author),
                committer_date=datetime.fromisoformat(committer),
                message="",
                blob=None,
            )
            results.append((entry, [name for name in names.splitlines() if name]))
        return results

    def ls_tree(self, commit: str, path: str) -> list[str]:
        """Paths of the files under ``path`` in ``commit``."""
        raw = self.git_output("ls-tree", "-r", "--name-only", commit, "--", path)
        return [line for line in raw.splitlines() if line]

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
        self._git_bytes(
            ["update-ref", "-m", reason, ref, new, old or "0" * 40], failure=f"cannot update {ref}"
        )

    def sync_worktree_file(self, path: str, blob: str, data: bytes) -> None:
        """Bring the checked-out copy of ``path`` (and the index) in line with the branch."""
        self.sync_worktree_files({path: (blob, data)})

    def sync_worktree_files(self, files: Mapping[str, tuple[str, bytes]]) -> None:
        """Bring the checked-out copies of ``files`` (path -> blob and content) and the index
        in line with the branch: each file replaced whole, then one ``update-index``.

        The branch is the record; the working tree is a convenience for people browsing
        ``versions/`` with ordinary tools, so it is written after the commit has landed.
        """
        entries = []
        for path, (blob, data) in sorted(files.items()):
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            entries.append(f"100644 {blob}\t{path}\n")
        self._git_bytes(
            ["update-index", "--index-info"],
            "".join(entries).encode("utf-8"),
            failure="the branch has moved, but the working copy was not refreshed",
        )

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
        raw = self.git_output(
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
        )
        results = []
        for record in raw.split(_RECORD)[1:]:
            commit, author, committer, message, raw_lines = record.split(_FIELD)
            entry = LogEntry(
                commit=commit,
                author_date=datetime.fromisoformat(author),
                committer_date=datetime.fromisoformat(committer),
                message=message,
                blob=None,
            )
            results.append((entry, _raw_changes(raw_lines)))
        return results

    # -- verify and sync -----------------------------------------------------------------

    def fsck(self) -> tuple[int, list[str]]:
        """``git fsck --full --strict``: its exit status and the lines it printed."""
        result = self._run(["fsck", "--full", "--strict", "--no-progress"])
        printed = result.stdout + b"\n" + result.stderr
        return result.returncode, printed.decode("utf-8", "replace").splitlines()

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
        source = f"refs/heads/{branch}"
        tracking = f"refs/remotes/{remote}/{branch}"
        result = self._run(["fetch", "--no-tags", "--quiet", remote, f"+{source}:{tracking}"])
        if result.returncode != 0:
            if b"couldn't find remote ref" in result.stderr:  # git's words in the C locale
                return None
            raise StoreError(f"cannot fetch from {remote}: {reason(result.stderr)}")
        return self.resolve(tracking)

    def push_branch(
        self, remote: str, branch: str, lease: str | None = None
    ) -> Literal["pushed", "moved", "refused"]:
        """Push ``branch`` to ``remote``. A normal push, unless ``lease`` is given: then the
        remote's branch is replaced only if it still points at ``lease``
        (``--force-with-lease=<ref>:<lease>``). ``moved`` when the remote moved on meanwhile
        (not a fast-forward, or no longer at ``lease``), ``refused`` when the host turned the
        push down (a protected branch, a hook); ``StoreError`` for anything else."""
        ref = f"refs/heads/{branch}"
        forced = [f"--force-with-lease={ref}:{lease}"] if lease else []
        result = self._run(["push", "--porcelain", *forced, remote, f"{ref}:{ref}"])
        if result.returncode == 0:
            self.git_output("update-ref", f"refs/remotes/{remote}/{branch}", ref)
            return "pushed"
        # --porcelain: "!<TAB><from>:<to><TAB>[rejected] (fetch first)" for each ref refused
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            flag, _, rest = line.partition("\t")
            summary = rest.partition("\t")[2]
            if flag != "!":
                continue
            if summary.startswith("[rejected]") or any(word in summary for word in _RACED):
                return "moved"  # the remote moved on, or another push held its ref
            if summary.startswith("[remote rejected]"):
                return "refused"
        raise StoreError(f"cannot push to {remote}: {reason(result.stderr or result.stdout)}")

    def merge_blobs(self, current: str, base: str, other: str) -> bytes | None:
        """git's line-by-line three-way merge (``git merge-file``) of blob ``current`` with
        the change ``base`` → ``other``; ``None`` where the changes overlap."""
        with tempfile.TemporaryDirectory(dir=self.git_dir, prefix="articlediff-merge-") as tmp:
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


@dataclass(frozen=True)
class FileChange:
    """One file a commit changed: its blob before and after (``None`` where absent)."""

    path: str
    old_blob: str | None
    new_blob: str | None


def _blob_or_none(sha: str) -> str | None:
    return None if set(sha) == {"0"} else sha


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
            changes.append(FileChange(path, _blob_or_none(fields[2]), _blob_or_none(fields[3])))
    return changes
