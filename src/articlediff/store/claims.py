"""The branch's revisions from what its commits say (their ``Article-Id`` trailers),
verified before anything depends on them.

``git log --raw -- versions`` compares every commit's outlet folder with its parent's, so a
walk of the branch that lists the files each commit changed costs the number of commits
times the width of the outlet folders: the square of the store, per outlet. A walk of the
commit headers and messages alone (``GitRepo.walk_claims``) costs a constant per commit.
Every store commit names the article it changes in an ``Article-Id`` trailer, so that walk
says which article each commit changed — but a trailer is a claim, not proof: a commit
made by hand may carry none, a wrong one, or change two articles under one trailer.

What is trusted, what is verified, and when the exact path is taken:

- A commit is *claimed* when it has one parent (or none) and exactly one ``Article-Id``
  trailer naming a valid article id. Every other commit — no trailer (a hand-made commit, a
  settings change), two trailers, a trailer that is not an id, a merge — is compared with
  its first parent by ``git diff-tree`` (``GitRepo.exact_changes``, one process for them
  all), and what it changes is taken from git, not from its message.
- ``Claims.hold(since)``: every claimed commit whose author date is at ``since`` or later
  (``None``: every claimed commit) is compared with its parent the same way, and must
  change exactly the file its trailer names, and not delete it. ``feed`` asks this for the
  time of the oldest of its newest entries: then every entry at that time or later is
  known from git, so the articles of the newest entries are those the exact walk would
  find; when any commit fails, ``feed`` takes the exact walk (``GitRepo.walk_changes``).
- ``Claims.file_log(path)``: an article's commits, as ``GitRepo.file_log`` gives them,
  from the walk when its chain holds: for each claimed commit ``C`` the blobs at ``C:path``
  and ``C^:path`` (one ``cat-file --batch-check``, the store's open one) must show that it
  changed the file, from the blob the commit before it left (nothing before the first),
  and the last commit's blob must be the file at the branch's tip. Commits compared by
  ``diff-tree`` are in the chain with what git said of them. Any break — a commit that
  changed the file without naming it, one naming it that did not change it, a file at the
  tip that no commit accounts for — gives ``None``, and the caller reads ``git log --
  path`` as before.

What the chain cannot see: two commits that each carry a well-formed trailer naming some
*other* article and also change this one, the second putting back the blob the first
replaced; the file's blobs before and after them agree with its claimed commits. Neither
articlediff nor ``sync`` writes such a commit (each of their commits changes the one file
it names), and any commit of the newest entries' times is compared by ``hold``.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from datetime import datetime

from articlediff.errors import InputError, StoreError
from articlediff.store.gitrepo import FileChange, GitRepo, LogEntry


class Claims:
    """One walk of the branch's commits up to ``head`` (see the module docstring), for the
    files under ``folder`` whose paths ``path_of`` gives from an article id: for each
    commit, oldest first, its id, its author time and the file its trailer names, in arrays
    (about 40 bytes a commit), and the exact changes of the commits that name none."""

    def __init__(self, git: GitRepo, head: str, folder: str, path_of: Callable[[str], str]) -> None:
        self.git = git
        self.head = head
        self.folder = folder  # the articles' folder: what git compares for a commit
        self._claimed = array("q")  # index into self._paths, or -1: see self._exact
        self._times = array("d")  # author time, seconds since the epoch
        self._paths: list[str] = []
        self._path_index: dict[str, int] = {}
        self._by_path: dict[str, list[int]] | None = None
        commits: list[bytes] = []  # newest first, as git walks
        unclaimed: list[tuple[int, str, str | None]] = []  # (place newest first, id, parent)
        for commit, parents, names in git.walk_claims(head):
            path = _claimed_path(names, parents, path_of)
            if path is None:
                first = parents.split(" ")[0] if parents else None
                unclaimed.append((len(commits), commit, first))
                self._claimed.append(-1)
            else:
                self._claimed.append(self._path_index.setdefault(path, len(self._paths)))
                if len(self._paths) < len(self._path_index):
                    self._paths.append(path)
            commits.append(bytes.fromhex(commit))
        self._claimed.reverse()
        commits.reverse()
        self._commits = b"".join(commits)  # 20 bytes a commit, oldest first
        del commits
        unclaimed.reverse()
        found = git.exact_changes([(commit, first) for _, commit, first in unclaimed], folder)
        last = len(self._claimed) - 1
        self._exact: dict[int, list[FileChange]] = {
            last - place: changes for (place, _, _), changes in zip(unclaimed, found, strict=True)
        }

    def __len__(self) -> int:
        return len(self._claimed)

    def commit(self, index: int) -> str:
        return self._commits[20 * index : 20 * index + 20].hex()

    def changes(self, index: int, entry: LogEntry) -> list[tuple[str, str | None]]:
        """The files the commit at ``index`` (``entry``, from ``GitRepo.walk_commits``)
        changes, as (path, blob after or ``None`` for a deletion): from its trailer, or from
        git for a commit compared with its parent. Records its author time for ``hold``."""
        if entry.commit != self.commit(index):
            raise StoreError(f"two walks of the branch disagree at commit {entry.commit[:10]}")
        self._times.append(entry.author_date.timestamp())
        claimed = self._claimed[index]
        if claimed < 0:
            return [(change.path, change.new_blob) for change in self._exact[index]]
        return [(self._paths[claimed], "")]  # a claimed change: its blob is not looked up

    def hold(self, since: datetime | None) -> bool:
        """Whether every claimed commit whose author time is ``since`` or later (``None``:
        every one) changes exactly the file it names, and leaves it there: each compared
        with its parent by git. ``False`` until ``walk`` has read every commit (their
        times come from it)."""
        if len(self._times) != len(self):
            return False
        moment = since.timestamp() if since is not None else None
        chosen = [
            index
            for index, claimed in enumerate(self._claimed)
            if claimed >= 0 and (moment is None or self._times[index] >= moment)
        ]
        asked = [(self.commit(index), None) for index in chosen]
        found = self.git.exact_changes(asked, self.folder)
        for index, changes in zip(chosen, found, strict=True):
            path = self._paths[self._claimed[index]]
            if [change.path for change in changes] != [path] or changes[0].new_blob is None:
                return False
        return True

    def file_log(self, path: str) -> list[LogEntry] | None:
        """The commits that changed ``path`` on the branch, oldest first, as
        ``GitRepo.file_log`` gives them, when the file's chain holds; ``None`` when it does
        not (or a commit cannot be read as ``file_log`` reads it)."""
        indexes = self._indexes().get(path, [])
        claimed = [index for index in indexes if index not in self._exact]
        names = [f"{self.head}:{path}"]
        for index in claimed:
            names += [f"{self.commit(index)}:{path}", f"{self.commit(index)}^:{path}"]
        found = iter(self.git.present(names))
        tip = next(found)
        blobs = {index: (next(found), next(found)) for index in claimed}  # (after, before)
        packed = bytearray()
        last: str | None = None
        for index in indexes:
            if index in self._exact:
                change = next(c for c in self._exact[index] if c.path == path)
                after, before = change.new_blob, change.old_blob
            else:
                after, before = blobs[index]
            if before != last or after == before:
                return None
            packed += bytes.fromhex(self.commit(index)) + bytes.fromhex(after or "0" * 40)
            last = after
        if last != tip:
            return None
        return self.git.commit_entries(bytes(packed))

    def _indexes(self) -> dict[str, list[int]]:
        """For each file, the commits that claim it or that git says changed it, oldest
        first (made at the first ``file_log``)."""
        if self._by_path is None:
            by_path: dict[str, list[int]] = {}
            for index, claimed in enumerate(self._claimed):
                if claimed >= 0:
                    by_path.setdefault(self._paths[claimed], []).append(index)
                else:
                    for change in self._exact[index]:
                        by_path.setdefault(change.path, []).append(index)
            self._by_path = by_path
        return self._by_path

    def walk(self) -> Iterator[tuple[LogEntry, list[tuple[str, str | None]]]]:
        """Each commit, oldest first, with the files it changes (``changes``)."""
        for index, entry in enumerate(self.git.walk_commits(self.head)):
            yield entry, self.changes(index, entry)
        if len(self._times) != len(self):
            raise StoreError(f"two walks of the branch {self.head[:10]} disagree")


def _claimed_path(names: list[str], parents: str, path_of: Callable[[str], str]) -> str | None:
    """The file a commit claims to change: its one ``Article-Id``'s, when it has one parent
    or none and the trailer names a valid id; otherwise ``None`` (git is asked)."""
    if len(names) != 1 or " " in parents:
        return None
    try:
        return path_of(names[0].strip())
    except InputError:
        return None
