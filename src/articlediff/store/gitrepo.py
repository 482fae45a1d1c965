"""Git plumbing for the store, through GitPython.

Objects are written straight into the object database and the branch is moved with a
compare-and-swap ``update-ref``: a revision either lands whole or not at all, and a process
killed half-way leaves at most unreferenced objects that ``git gc`` cleans up.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, replace
from datetime import datetime
from io import BytesIO
from pathlib import Path

import git
from gitdb.base import IStream

from articlediff.errors import InputError, StoreError

_FIELD = "\x1f"
_RECORD = "\x1e"


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
        try:
            self.repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(f"{root}: not a git repository") from None
        self.root = root
        self.git_dir = Path(self.repo.git_dir)

    @classmethod
    def init(cls, root: Path, branch: str = "main") -> GitRepo:
        git.Repo.init(root, initial_branch=branch)
        return cls(root)

    def close(self) -> None:
        self.repo.close()

    # -- reading -------------------------------------------------------------------------

    def branch_ref(self) -> str:
        """The full name of the checked-out branch, e.g. ``refs/heads/main``."""
        try:
            return str(self.repo.git.symbolic_ref("-q", "HEAD"))
        except git.GitCommandError:
            raise StoreError("the store's HEAD is detached: check out its branch (main)") from None

    def head_commit(self) -> str | None:
        try:
            return str(self.repo.git.rev_parse("-q", "--verify", "HEAD^{commit}"))
        except git.GitCommandError:
            return None

    def read_blob(self, sha: str) -> bytes:
        try:
            data: bytes = self.repo.odb.stream(bytes.fromhex(sha)).read()
        except Exception as error:
            raise StoreError(f"cannot read object {sha[:12]}: {error}") from None
        return data

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
        raw = self.repo.git.log(
            rev,
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
        raw = self.repo.git.ls_tree("-r", "--name-only", commit, "--", path)
        return [line for line in raw.splitlines() if line]

    def blob_at(self, commit: str, path: str) -> str | None:
        try:
            return str(self.repo.git.rev_parse("-q", "--verify", f"{commit}:{path}"))
        except git.GitCommandError:
            return None

    def identity(self) -> Identity:
        """Who records revisions: the repository's git identity, else a neutral default."""
        reader = self.repo.config_reader()
        name = os.environ.get("GIT_COMMITTER_NAME") or reader.get_value("user", "name", "")
        email = os.environ.get("GIT_COMMITTER_EMAIL") or reader.get_value("user", "email", "")
        return Identity(str(name or "articlediff"), str(email or "articlediff@localhost"))

    # -- writing -------------------------------------------------------------------------

    def write_object(self, kind: str, data: bytes) -> str:
        info = self.repo.odb.store(IStream(kind, len(data), BytesIO(data)))
        return str(info.hexsha.decode() if isinstance(info.hexsha, bytes) else info.hexsha)

    def tree_with_file(self, base_tree: str | None, path: str, blob: str) -> str:
        """A new tree: ``base_tree`` with the file at ``path`` set to ``blob``."""
        return self._set_entry(base_tree, path.split("/"), blob)

    def _set_entry(self, tree: str | None, parts: list[str], blob: str) -> str:
        entries = self._tree_entries(tree) if tree is not None else {}
        name = parts[0]
        if len(parts) == 1:
            entries[name] = f"100644 blob {blob}"
        else:
            child = entries.get(name, "").split()
            child_tree = child[2] if len(child) == 3 and child[1] == "tree" else None
            entries[name] = f"040000 tree {self._set_entry(child_tree, parts[1:], blob)}"
        return self._make_tree(entries)

    # git lists and builds the trees itself (ls-tree, mktree): a store with thousands of
    # articles in one outlet has trees of thousands of entries, too many to walk in Python
    # on every save.

    def _tree_entries(self, tree: str) -> dict[str, str]:
        """The entries of ``tree``: name -> "mode type sha"."""
        entries = {}
        for record in self._git_bytes(["ls-tree", "-z", tree]).split(b"\0"):
            if record:
                info, _, name = record.decode("utf-8").partition("\t")
                entries[name] = info
        return entries

    def _make_tree(self, entries: dict[str, str]) -> str:
        listing = "".join(f"{info}\t{name}\0" for name, info in entries.items())
        return self._git_bytes(["mktree", "-z"], listing.encode("utf-8")).decode().strip()

    def _git_bytes(self, args: list[str], stdin: bytes | None = None) -> bytes:
        result = subprocess.run(
            ["git", *args], cwd=self.root, input=stdin, capture_output=True, check=False
        )
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"git {args[0]} failed: {detail[-1] if detail else 'no output'}")
        return result.stdout

    def tree_of(self, commit: str) -> str:
        return str(self.repo.git.rev_parse(f"{commit}^{{tree}}"))

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
        expected = old or "0" * 40
        try:
            self.repo.git.update_ref("-m", reason, ref, new, expected)
        except git.GitCommandError as error:
            detail = (error.stderr or "").strip().splitlines()
            raise StoreError(
                f"cannot update {ref}: {detail[-1] if detail else 'git update-ref failed'}"
            ) from None

    def sync_worktree_file(self, path: str, blob: str, data: bytes) -> None:
        """Bring the checked-out copy of ``path`` (and the index) in line with the branch.

        The branch is the record; the working tree is a convenience for people browsing
        ``versions/`` with ordinary tools, so it is written after the commit has landed.
        """
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        self.repo.git.update_index("--add", "--cacheinfo", f"100644,{blob},{path}")

    def commits_after(self, ref: str, rev: str = "HEAD") -> set[str]:
        """The commits on ``rev`` that ``ref`` does not contain (``git rev-list ref..rev``).

        ``StoreError`` if ``rev`` is missing; ``InputError`` if ``ref`` names no commit.
        """
        if not ref.strip() or ref.startswith("-"):
            raise InputError(f"invalid git revision {ref!r}")
        try:
            base = str(self.repo.git.rev_parse("-q", "--verify", f"{ref}^{{commit}}"))
        except git.GitCommandError:
            raise InputError(
                f"unknown git revision {ref!r}: give a branch, tag or commit of the store"
            ) from None
        try:
            raw = self.repo.git.rev_list(f"{base}..{rev}")
        except git.GitCommandError as error:
            detail = (error.stderr or "").strip().splitlines()
            reason = detail[-1] if detail else "git rev-list failed"
            raise StoreError(f"cannot list commits after {ref}: {reason}") from None
        return {line for line in str(raw).splitlines() if line}

    def log_changes(self, rev: str, *pathspecs: str) -> list[tuple[LogEntry, list[FileChange]]]:
        """Every commit on ``rev`` touching ``pathspecs``, oldest first, with its message and
        the blobs of each file it changed: one ``git log --raw`` for the whole history."""
        raw = self.repo.git.log(
            rev,
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
            changes = []
            for line in raw_lines.splitlines():
                # ":100644 100644 <old> <new> M\tpath"
                if line.startswith(":"):
                    info, _, path = line.partition("\t")
                    fields = info.split()
                    changes.append(
                        FileChange(path, _blob_or_none(fields[2]), _blob_or_none(fields[3]))
                    )
            entry = LogEntry(
                commit=commit,
                author_date=datetime.fromisoformat(author),
                committer_date=datetime.fromisoformat(committer),
                message=message,
                blob=None,
            )
            results.append((entry, changes))
        return results

    # -- verify and sync -----------------------------------------------------------------

    def changed_in(self, commit: str, pathspec: str) -> list[str]:
        """Paths under ``pathspec`` that ``commit`` changes (against its first parent)."""
        raw = self.repo.git.diff_tree(
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
        return [line for line in str(raw).splitlines() if line]

    def file_changes(self, old: str | None, new: str) -> list[FileChange]:
        """Every file that differs between commits ``old`` (``None``: nothing) and ``new``."""
        args = [old, new] if old else ["--root", new]
        raw = self.repo.git.diff_tree(
            "-r", "--no-renames", "--no-abbrev", "--no-commit-id", *args, "--"
        )
        changes = []
        for line in str(raw).splitlines():
            if line.startswith(":"):
                info, _, path = line.partition("\t")
                fields = info.split()
                changes.append(FileChange(path, _blob_or_none(fields[2]), _blob_or_none(fields[3])))
        return changes

    def parents(self, commit: str) -> list[str]:
        raw = str(self.repo.git.rev_list("--parents", "-n", "1", commit)).split()
        return raw[1:]

    def merge_base(self, one: str, other: str) -> str | None:
        try:
            return str(self.repo.git.merge_base(one, other)).strip() or None
        except git.GitCommandError:
            return None  # unrelated histories

    def is_ancestor(self, ancestor: str, commit: str) -> bool:
        status = self.repo.git.merge_base(
            "--is-ancestor", ancestor, commit, with_extended_output=True, with_exceptions=False
        )[0]
        return bool(status == 0)

    def commits_between(self, base: str | None, tip: str) -> list[str]:
        """Commits on ``tip`` not on ``base``, oldest first (parents before children)."""
        span = f"{base}..{tip}" if base else tip
        raw = self.repo.git.rev_list("--reverse", "--topo-order", span)
        return [line for line in str(raw).splitlines() if line]

    def resolve(self, ref: str) -> str | None:
        """The commit ``ref`` (a full ref name or commit id) names, or ``None``."""
        if ref.startswith("-"):
            raise InputError(f"invalid git revision {ref!r}")
        try:
            return str(self.repo.git.rev_parse("-q", "--verify", f"{ref}^{{commit}}"))
        except git.GitCommandError:
            return None

    def tree_without_file(self, base_tree: str, path: str) -> str:
        """A new tree: ``base_tree`` without the file at ``path`` (empty folders dropped)."""
        return self._drop_entry(base_tree, path.split("/")) or self.write_object("tree", b"")

    def _drop_entry(self, tree: str, parts: list[str]) -> str | None:
        entries = self._tree_entries(tree)
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
        return self._make_tree(entries) if entries else None

    def rewrite_commit(self, commit: str, tree: str, parent: str) -> str:
        """A copy of ``commit`` with a new tree and parent: the same author, committer (and
        their dates) and message. Signatures, which the copy would invalidate, are dropped."""
        raw = self.read_blob(commit).decode("utf-8", errors="surrogateescape")
        header, _, message = raw.partition("\n\n")
        lines = [f"tree {tree}", f"parent {parent}"]
        skipping = False
        for line in header.split("\n"):
            if line.startswith(" ") and skipping:
                continue  # continuation of a dropped multi-line header
            key = line.partition(" ")[0]
            skipping = key in ("gpgsig", "gpgsig-sha256", "mergetag")
            if skipping or key in ("tree", "parent"):
                continue
            lines.append(line)
        body = "\n".join(lines) + "\n\n" + message
        return self.write_object("commit", body.encode("utf-8", errors="surrogateescape"))

    def remote_names(self) -> list[str]:
        return [line for line in str(self.repo.git.remote()).splitlines() if line]

    def fetch_branch(self, remote: str, branch: str) -> str | None:
        """Fetch ``branch`` of ``remote`` into ``refs/remotes/<remote>/<branch>``; its commit,
        or ``None`` when the remote has no such branch yet (a new, empty remote)."""
        source = f"refs/heads/{branch}"
        listed = self._remote_git("ls-remote", "--heads", remote, source)
        if not listed.strip():
            return None
        tracking = f"refs/remotes/{remote}/{branch}"
        self._remote_git("fetch", "--no-tags", "--quiet", remote, f"+{source}:{tracking}")
        return self.resolve(tracking)

    def push_branch(self, remote: str, branch: str) -> bool:
        """Push ``branch`` to ``remote`` (a normal push, never forced). ``False`` when the
        remote moved on meanwhile (rejected as not a fast-forward); ``StoreError`` otherwise."""
        ref = f"refs/heads/{branch}"
        status, out, err = self.repo.git.push(
            "--porcelain",
            remote,
            f"{ref}:{ref}",
            with_extended_output=True,
            with_exceptions=False,
        )
        if status == 0:
            self.repo.git.update_ref(f"refs/remotes/{remote}/{branch}", ref)
            return True
        text = f"{out}\n{err}"
        if "[rejected]" in text or "fetch first" in text or "non-fast-forward" in text:
            return False
        raise StoreError(f"cannot push to {remote}: {_last_line(err or out)}")

    def _remote_git(self, command: str, *args: str) -> str:
        status, out, err = self.repo.git.execute(
            ["git", command, *args], with_extended_output=True, with_exceptions=False
        )
        if status != 0:
            raise StoreError(
                f"git {command} {args[-2] if len(args) > 1 else ''} failed: "
                f"{_last_line(err or out)}"
            )
        return str(out)


@dataclass(frozen=True)
class FileChange:
    """One file a commit changed: its blob before and after (``None`` where absent)."""

    path: str
    old_blob: str | None
    new_blob: str | None


def _blob_or_none(sha: str) -> str | None:
    return None if set(sha) == {"0"} else sha


def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[-1] if lines else "git failed"
