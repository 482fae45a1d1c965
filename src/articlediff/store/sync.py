"""``sync``: share a store through an ordinary git remote, losing no revision and keeping
each article's revisions in revision-time order.

Under the store's lock:

1. Fetch the remote's branch (``refs/remotes/<remote>/<branch>``).
2. If one side contains the other, fast-forward: the local branch, or the remote by a push.
3. Otherwise the two sides have diverged since their merge base. A local commit whose
   revision the remote already holds (same identity, see ``store.identity``: another clone
   rebuilt it) is not applied again; if that is all of them, the remote's history is
   adopted as it is. The others are placed with the remote's commits after the base
   (``syncplan.rebuilt_order``):

   - an article (or other file) only one side changed keeps that side's commits, unchanged;
   - an article both sides changed gets every revision of both sides, ordered by revision
     time (author date), then recording time (committer date), each side keeping its own
     order, the remote's first on a tie. Its history is rebuilt from the base: each
     revision's own edit (its text against its parent on its own side) is applied to the
     text built so far by a three-way merge (``diff.merge``, given as ``merge``): edits to
     different paragraphs, or to different sentences of one paragraph, all survive, and
     where two edits change the same sentence the later revision's wording wins for it and
     its commit says so in a ``Sync-Conflict`` trailer. The correction log is the union of
     both sides' entries, append-only, each
     ``fixed_in`` remapped to the rebuilt number of the revision it named and colliding ids
     renumbered (``syncplan.RebuiltLog``);
   - a local revision whose change the history already holds (the same text saved on both
     sides) is not repeated;
   - another file both sides changed (``articlediff.toml``) gets git's line merge, or both
     sides' additions to its end; anything that overlaps stops the sync, nothing changed.

   The remote's commits are kept as they are while the order allows (all of an article's
   remote revisions before its local ones); from the first place a local revision must go
   before a remote one, the commits after it are written again with their identity kept
   (author, author date, committer date, message; the copy names the commit it was first
   written as in an ``Original-Commit`` trailer). The rebuilt history is checked to hold
   every revision of both sides, and this clone records that it accepts it in place of its
   old tip (``store.seen``) before moving its branch.
4. Push: a normal push when the remote's commits were kept; otherwise a forced push with an
   explicit lease (``--force-with-lease=<branch>:<the tip fetched>``), so a push that
   someone else's landed first is refused, not overwritten. A host that refuses forced
   pushes (a protected branch) gets the remote's history kept as it is, with this clone's
   revisions merged in after it (time order is then not restored for the articles both
   sides changed). If the remote moved on meanwhile (or its branch was locked by another
   push), start again from 1, a few times; a lock that stays is named in the error.

Other clones adopt a rebuilt history at their next sync: their own revisions are in it.

The working copy of every changed file is refreshed once the branch has moved. A merge
commit on this clone's side is refused (undo it with ``git reset --keep``); one on the
remote's side is kept, and this clone's revisions are merged in after it.
"""

from __future__ import annotations

import contextlib
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Protocol

from articlediff.errors import InputError, StoreError
from articlediff.ingest import dump_article
from articlediff.model import Article
from articlediff.store.config import CONFIG_NAME, parse_config
from articlediff.store.gitrepo import FileChange
from articlediff.store.identity import CommitRecord, identity, with_sync_trailers
from articlediff.store.pairnotes import NOTES_REF
from articlediff.store.seen import accept_rewrite, record_tip
from articlediff.store.store import SOURCES, VERSIONS, Store, article_id_of
from articlediff.store.syncplan import RebuiltLog, Side, Step, rebuilt_order

DEFAULT_REMOTE: Final = "origin"
ATTEMPTS: Final = 5
_REMOTE_NAME: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_MOVED_ON: Final = "the remote moved on"
_REFUSED: Final = "the host refused a forced push"


class MergeResult(Protocol):
    """What an article merge returns (``diff.merge.MergedArticle``)."""

    @property
    def article(self) -> Article: ...
    @property
    def conflicts(self) -> Sequence[str]: ...


ArticleMerge = Callable[[Article, Article, Article], MergeResult]
"""``merge(base, current, revision)``: ``current`` with the edit ``base`` → ``revision``
applied (``diff.merge.merge_articles``). The store takes it as a value: it does not import
the diff engine."""


@dataclass
class SyncOutcome:
    """What ``sync`` did."""

    remote: str
    branch: str
    received: int = 0  # commits that came from the remote
    pushed: int = 0  # commits the remote received
    reapplied: int = 0  # local commits placed in the rebuilt history
    already_there: int = 0  # local commits whose change the history already held
    rewritten: int = 0  # remote commits written again (the remote's branch was replaced)
    rebuilt: list[str] = field(default_factory=list)  # articles both sides changed
    conflicts: int = 0  # regions where a later revision's wording won over an earlier edit
    adopted: bool = False  # took a history another clone rebuilt
    kept_remote: bool = False  # the host refused a forced push: appended after the remote's
    attempts: int = 0
    notes_received: int = 0  # pair notes this clone lacked, brought in from the remote
    notes_pushed: bool = False  # the remote's pair notes were updated

    def to_json(self) -> dict[str, object]:
        return {
            "remote": self.remote,
            "branch": self.branch,
            "received": self.received,
            "pushed": self.pushed,
            "reapplied": self.reapplied,
            "already_there": self.already_there,
            "rewritten": self.rewritten,
            "rebuilt": list(self.rebuilt),
            "conflicts": self.conflicts,
            "adopted": self.adopted,
            "kept_remote": self.kept_remote,
            "attempts": self.attempts,
            "notes_received": self.notes_received,
            "notes_pushed": self.notes_pushed,
        }


def validate_remote(name: str) -> str:
    """``name`` if it can be a git remote's name (never an option); else ``InputError``."""
    if not _REMOTE_NAME.fullmatch(name) or name.endswith(".lock") or ".." in name:
        raise InputError(
            f"invalid remote name {name!r}: give the name of a git remote, e.g. origin"
        )
    return name


def sync_store(
    store: Store,
    remote: str | None = None,
    *,
    merge: ArticleMerge,
    attempts: int = ATTEMPTS,
) -> SyncOutcome:
    """Pull and push, rebuilding what both sides changed: see the module docstring."""
    repo = store.git
    if remote is None:
        names = repo.remote_names()
        remote = DEFAULT_REMOTE if DEFAULT_REMOTE in names or not names else names[0]
    validate_remote(remote)
    if remote not in repo.remote_names():
        raise InputError(
            f"the store has no git remote named {remote!r}: add one with "
            f"'git remote add {remote} URL'"
        )
    ref = repo.branch_ref()
    branch = ref.removeprefix("refs/heads/")
    outcome = SyncOutcome(remote, branch)
    why = ""
    for attempt in range(1, attempts + 1):
        outcome.attempts = attempt
        with repo.writing():
            why = _Sync(store, remote, ref, branch, outcome, merge).once()
            if not why:
                outcome.notes_received, outcome.notes_pushed = sync_notes(store, remote)
                return outcome
        time.sleep(random.uniform(0.05, 0.3) * attempt)  # the remote moved on: try again
    if why != _MOVED_ON:  # e.g. its branch stayed locked
        raise StoreError(
            f"cannot push to {remote}: {why}; another push is running there, or one was "
            "stopped before it finished: if none is running, remove that file and sync again"
        )
    raise StoreError(
        f"cannot push to {remote}: it kept changing during {attempts} attempts; "
        "try 'articlediff sync' again"
    )


class _Sync:
    """One attempt: fetch, place, push."""

    def __init__(
        self,
        store: Store,
        remote: str,
        ref: str,
        branch: str,
        outcome: SyncOutcome,
        merge: ArticleMerge,
    ) -> None:
        self.store = store
        self.repo = store.git
        self.remote = remote
        self.ref = ref
        self.branch = branch
        self.outcome = outcome
        self.merge = merge

    def once(self) -> str:
        """One attempt: ``""`` when done, else why the push did not land and the next
        attempt should try again (the remote moved on, or its branch was locked)."""
        repo, outcome = self.repo, self.outcome
        local = repo.head_commit()
        theirs = repo.fetch_branch(self.remote, self.branch)
        if local is None:
            if theirs is not None:
                self._move(theirs, None, f"articlediff sync: from {self.remote}")
                outcome.received += len(repo.commits_between(None, theirs))
            return ""
        if theirs is None or theirs == local or repo.is_ancestor(theirs, local):
            if theirs == local:
                record_tip(repo, local)
                return ""
            ahead_commits = repo.commits_between(theirs, local)
            self._refuse_merges(repo.commits(ahead_commits))
            record_tip(repo, local)
            ahead = len(ahead_commits)
            why = self._push(None)
            if why:
                return why
            outcome.pushed += ahead
            return ""
        base = repo.merge_base(local, theirs)
        if base is None:
            raise StoreError(
                f"the store and {self.remote}/{self.branch} share no history: "
                "they are different stores"
            )
        received = repo.commits_between(base, theirs)
        outcome.received += len(received)
        if base == local:
            self._move(theirs, local, f"articlediff sync: fast-forward to {self.remote}")
            return ""
        mine = repo.commits(repo.commits_between(base, local))
        self._refuse_merges(mine)
        remote_records = repo.commits(received)
        held = {identity(record) for record in remote_records}
        pending = [record for record in mine if identity(record) not in held]
        if not pending:  # another clone rebuilt the history, with every revision of ours
            accept_rewrite(repo, local, theirs, "sync: every revision of the old tip is there")
            self._move(theirs, local, f"articlediff sync: adopted {self.remote}'s history")
            outcome.adopted = True
            return ""
        keep_remote = outcome.kept_remote or any(record.is_merge for record in remote_records)
        tip, dropped = _Rebuild(self, base, theirs, keep_remote).run(remote_records, pending)
        self._check_everything_kept(base, tip, [*remote_records, *pending], dropped)
        forced = not repo.is_ancestor(theirs, tip)
        accept_rewrite(
            repo, local, tip, "sync: every revision of both sides is in the rebuilt history"
        )
        self._move(tip, local, f"articlediff sync: rebuilt with {self.remote}'s revisions")
        pushing = len(repo.commits_between(base if forced else theirs, tip))
        why = self._push(theirs if forced else None)
        if why:  # the next attempt counts again
            outcome.kept_remote = outcome.kept_remote or why == _REFUSED
            outcome.reapplied = outcome.already_there = outcome.rewritten = 0
            outcome.conflicts, outcome.rebuilt = 0, []
            return why
        outcome.pushed += pushing
        return ""

    def _push(self, lease: str | None) -> str:
        """Push: ``""`` when it landed, else why not: the remote moved on (or its branch was
        locked by another push), or, for a forced push, the host refused it (``_REFUSED``: a
        protected branch, so the next attempt keeps the remote's history as it is). A normal
        push the host refuses is a ``StoreError``."""
        status, detail = self.repo.push_branch(self.remote, self.branch, lease)
        if status == "refused":
            if lease is None:
                raise StoreError(f"cannot push to {self.remote}: {detail}")
            return _REFUSED
        return "" if status == "pushed" else detail or _MOVED_ON

    def _refuse_merges(self, records: Sequence[CommitRecord]) -> None:
        for record in records:
            if record.is_merge:
                raise StoreError(
                    f"cannot sync: commit {record.sha[:10]} is a merge (a 'git pull' or "
                    f"'git merge' by hand); undo it with 'git reset --keep "
                    f"{record.parents[0][:10]}' and run 'articlediff sync' again"
                )

    def _check_everything_kept(
        self, base: str, tip: str, records: Sequence[CommitRecord], dropped: set[str]
    ) -> None:
        """Every revision of both sides is in the history at ``tip`` (by identity), or was
        dropped as already there: else nothing moves."""
        placed = self.repo.commits(self.repo.commits_between(base, tip))
        present = {identity(record) for record in placed}
        missing = [
            record.sha
            for record in records
            if record.sha not in dropped and identity(record) not in present
        ]
        if missing:
            raise StoreError(
                f"sync stopped: the rebuilt history would lack commit {missing[0][:10]}; "
                "nothing was changed"
            )

    def _move(self, new: str, old: str | None, reason: str) -> None:
        """Move the branch (compare-and-swap), remember its tip, then bring the working copy
        in line with it: best effort, as after any write (what is left lagging, the next
        write heals)."""
        repo = self.repo
        repo.move_branch(self.ref, new, old, reason)
        record_tip(repo, new)
        files = {}
        for change in repo.file_changes(old, new):
            if change.new_blob is not None:
                files[change.path] = (change.new_blob, repo.read_blob(change.new_blob))
                continue
            with contextlib.suppress(OSError, StoreError):  # a file deleted on the branch
                (repo.root / change.path).unlink(missing_ok=True)
                repo.remove_from_index(change.path)
        repo.refresh_worktree(files, new)


def sync_notes(store: Store, remote: str) -> tuple[int, bool]:
    """After the branch: fetch ``remote``'s pair notes (``store.pairnotes``), bring in those
    this clone lacks (``PairNotes.merge``) and push the result back if it is new there (a
    fast-forward: never a forced push). Best effort, as notes are derived data: a remote
    without notes, or one that refuses them, leaves the sync as it was. The notes received
    and whether the remote's notes were updated."""
    repo, notes = store.git, store.pair_notes
    tracking = f"refs/notes/remotes/{remote}/{NOTES_REF.removeprefix('refs/notes/')}"
    try:
        theirs = repo.fetch_ref(remote, NOTES_REF, tracking)
        before = notes.tip()
        held = notes.count()
        tip = notes.merge(theirs) if theirs is not None else before
        received = notes.count() - held
    except StoreError:
        return 0, False
    pushed = tip is not None and tip != theirs and repo.push_ref(remote, NOTES_REF)
    return received, pushed


def unit_of(path: str) -> str:
    """What a path belongs to when sync orders commits: its article (the article file and
    its kept sources), or the path itself."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == SOURCES:
        return f"{parts[1]}/{parts[2].partition('.')[0]}"
    return article_id_of(path) or path


class _Rebuild:
    """The history after the base: both sides' commits placed, rebuilt where they meet."""

    def __init__(self, sync: _Sync, base: str, theirs: str, keep_remote: bool) -> None:
        self.sync = sync
        self.store = sync.store
        self.repo = sync.store.git
        self.base = base
        self.theirs = theirs
        self.keep_remote = keep_remote
        self.start = theirs if keep_remote else base
        self.logs: dict[str, RebuiltLog] = {}  # article path -> its rebuilt log
        self.articles_of: dict[str, list[str]] = {}  # commit -> rebuilt article paths
        self.blobs: dict[str, str | None] = {}  # path -> blob at the rebuilt tip

    def run(
        self, remote: Sequence[CommitRecord], local: Sequence[CommitRecord]
    ) -> tuple[str, set[str]]:
        """The rebuilt tip, and the local commits dropped as already there."""
        repo, outcome = self.repo, self.sync.outcome
        changes = self._changes(local)
        local_steps = _steps("local", local, changes)
        if self.keep_remote:
            remote_steps: list[Step] = []
            remote_units = {
                unit_of(path)
                for _, paths in repo.log_paths(f"{self.base}..{self.theirs}", ".")
                for path in paths
            }
            order = local_steps
        else:
            changes.update(self._changes(remote))
            remote_steps = _steps("remote", remote, changes)
            remote_units = {unit for step in remote_steps for unit in step.units}
            order = rebuilt_order(remote_steps, local_steps)
        both = remote_units & {unit for step in local_steps for unit in step.units}
        self._prepare_logs(both, remote_steps, local_steps, changes)
        outcome.rebuilt = sorted(article_id_of(path) or path for path in self.logs)
        records = {record.sha: record for record in (*remote, *local)}
        tip, tree = self.start, repo.tree_of(self.start)
        dropped: set[str] = set()
        for step in order:
            record = records[step.commit]
            own = changes.get(record.sha, [])
            files, conflicts = self._files(step.side, record, own)
            changed = {path for path, blob in files.items() if blob != self._blob(path)}
            if record.first_parent == tip and all(
                files[change.path] == change.new_blob for change in own
            ):
                tip, tree = record.sha, record.tree
                kept = True
            else:
                new_tree = tree
                for path in sorted(changed):
                    blob = files[path]
                    if blob is None:
                        new_tree = repo.tree_without_file(new_tree, path)
                    else:
                        new_tree = repo.tree_with_file(new_tree, path, blob)
                if new_tree == tree and step.side == "local":
                    dropped.add(record.sha)
                    self._placed(record.sha, changed, kept=False)
                    outcome.already_there += 1
                    continue
                message = with_sync_trailers(record.message, identity(record).origin, conflicts)
                tip, tree = repo.rewrite_commit(record, new_tree, tip, message), new_tree
                outcome.conflicts += len(conflicts)
                outcome.rewritten += step.side == "remote"
                kept = False
            self._placed(record.sha, changed, kept=kept)
            self.blobs.update({path: files[path] for path in changed})
            outcome.reapplied += step.side == "local"
        return tip, dropped

    def _changes(self, records: Sequence[CommitRecord]) -> dict[str, list[FileChange]]:
        """What each of ``records`` (a side's commits after the base, oldest first) changed
        against its first parent: one ``git log``."""
        if not records:
            return {}
        log = self.repo.log_changes(f"{self.base}..{records[-1].sha}")
        return {entry.commit: changes for entry, changes in log}

    def _prepare_logs(
        self,
        both: set[str],
        remote: Sequence[Step],
        local: Sequence[Step],
        changes: dict[str, list[FileChange]],
    ) -> None:
        """A ``RebuiltLog`` for each article both sides changed."""
        for unit in sorted(both):
            path = f"{VERSIONS}/{unit}.md"
            if article_id_of(path) != unit:
                continue  # not an article: a settings file, say
            at_base = sum(
                1 for entry in self.repo.file_log(path, self.base) if entry.blob is not None
            )
            revisions: dict[Side, list[str]] = {"remote": [], "local": []}
            if self.keep_remote:
                entries = self.repo.file_log(path, f"{self.base}..{self.theirs}")
                revisions["remote"] = [entry.commit for entry in entries if entry.blob is not None]
            for step in (*remote, *local):
                if any(c.path == path and c.new_blob for c in changes.get(step.commit, [])):
                    revisions[step.side].append(step.commit)
                    self.articles_of.setdefault(step.commit, []).append(path)
            log = RebuiltLog(at_base, revisions)
            if self.keep_remote:  # the remote's revisions stay as they are
                for number, commit in enumerate(revisions["remote"], start=at_base + 1):
                    log.numbers[commit] = number
            self.logs[path] = log

    def _files(
        self, side: Side, record: CommitRecord, changes: Sequence[FileChange]
    ) -> tuple[dict[str, str | None], list[str]]:
        """The blob each file the commit changed gets in the rebuilt history, and where a
        merge kept this revision's wording over another's."""
        files: dict[str, str | None] = {}
        conflicts: list[str] = []
        for change in changes:
            current = self._blob(change.path)
            if change.path in self.logs and change.new_blob is not None:
                files[change.path], notes = self._article(side, record, change, current)
                conflicts += notes
            elif change.new_blob is None or current in (change.old_blob, change.new_blob):
                files[change.path] = change.new_blob
            elif change.path.startswith(f"{SOURCES}/"):
                files[change.path] = change.new_blob  # a kept source belongs to its revision
            else:
                files[change.path] = self._merge_file(change, current)
        return files, conflicts

    def _article(
        self, side: Side, record: CommitRecord, change: FileChange, current: str | None
    ) -> tuple[str, list[str]]:
        """A revision of an article both sides changed, rebuilt (see the module docstring):
        its blob, and the conflicts its merge noted."""
        path, log = change.path, self.logs[change.path]
        assert change.new_blob is not None
        article_id = article_id_of(path)
        assert article_id is not None
        number = self._count(path) + 1
        own = self.store._load(path, record.sha, change.new_blob)
        before = self.store._load(path, record.sha, change.old_blob) if change.old_blob else None
        present = self.store._load(path, record.sha, current) if current else None
        notes: list[str] = []
        text = own
        if present is not None:
            merged = self.sync.merge(before or Article("", ()), present, own)
            text = merged.article
            notes = [
                f"{where}: this revision's wording kept over r{number - 1}'s"
                for where in merged.conflicts
            ]
        corrections = log.merge(
            side,
            record.sha,
            number,
            before.corrections if before else (),
            present.corrections if present else (),
            own.corrections,
        )
        article = replace(text, corrections=corrections)
        if article == own:
            return change.new_blob, notes
        if current is not None and article == present:
            return current, notes
        data = dump_article(article, article_id).encode("utf-8")
        return self.repo.write_object("blob", data), notes

    def _placed(self, commit: str, changed: set[str], *, kept: bool) -> None:
        """Number the revisions ``commit`` holds in the rebuilt history (a revision that
        changed nothing is numbered as the one in effect)."""
        for path in self.articles_of.get(commit, []):
            log = self.logs[path]
            log.numbers[commit] = self._count(path) + (path in changed)
            if not kept:
                log.rewritten.add(commit)

    def _count(self, path: str) -> int:
        """Revisions of the article at the rebuilt tip."""
        log = self.logs[path]
        return max(log.numbers.values(), default=log.at_base)

    def _blob(self, path: str) -> str | None:
        if path not in self.blobs:
            self.blobs[path] = self.repo.blob_at(self.start, path)
        return self.blobs[path]

    def _merge_file(self, change: FileChange, current: str | None) -> str:
        """A file other than an article or a source that both sides changed (the settings,
        say): git's line merge. Where both sides only added lines at the end of
        ``articlediff.toml`` (two desks each adding a ``[[watch]]`` table), both additions
        are kept if the result is valid settings. Anything else that overlaps is a
        ``StoreError``."""
        repo, merged = self.repo, None
        if current is not None and change.old_blob is not None and change.new_blob is not None:
            merged = repo.merge_blobs(current, change.old_blob, change.new_blob)
            if merged is None and change.path == CONFIG_NAME:
                merged = _both_appended(
                    *(repo.read_blob(blob) for blob in (change.old_blob, current, change.new_blob))
                )
        if merged is None:
            raise StoreError(
                f"cannot sync: {change.path} was changed on both sides in the same lines; "
                "make the two copies agree, commit, and sync again"
            )
        return repo.write_object("blob", merged)


def _both_appended(base: bytes, current: bytes, other: bytes) -> bytes | None:
    """``current`` followed by what ``other`` added, when both only added to the end of
    ``base`` and the result is valid settings; else ``None``."""
    if not (current.startswith(base) and other.startswith(base)):
        return None
    merged = current.rstrip(b"\n") + b"\n" + other[len(base) :]
    try:
        parse_config(merged.decode("utf-8"), CONFIG_NAME)
    except (StoreError, UnicodeDecodeError):
        return None
    return merged


def _steps(
    side: Side, records: Sequence[CommitRecord], changes: dict[str, list[FileChange]]
) -> list[Step]:
    return [
        Step(record.sha, side, index, _units(changes.get(record.sha, [])), _key(record))
        for index, record in enumerate(records)
    ]


def _units(changes: Sequence[FileChange]) -> frozenset[str]:
    return frozenset(unit_of(change.path) for change in changes)


def _key(record: CommitRecord) -> tuple[int, int]:
    """A commit's order key: author and committer times, seconds since the epoch."""

    def seconds(line: str) -> int:
        with contextlib.suppress(ValueError, IndexError):
            return int(line.rsplit(" ", 2)[-2])
        return 0

    return (seconds(record.author), seconds(record.committer))
