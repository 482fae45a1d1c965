"""``sync``: share a store through an ordinary git remote, losing no revision.

Under the store's lock:

1. Fetch the remote's branch (``refs/remotes/<remote>/<branch>``).
2. If one side contains the other, fast-forward (the local branch, or the remote by pushing).
3. Otherwise the two sides have diverged. Revisions already on the remote are shared
   history and are never rewritten; each local commit the remote lacks is re-applied on top
   of the remote's tip, oldest first, as a new commit with the same message, trailers,
   author, revision time (author date) and recording time (committer date):

   - a file the commit changes gets the commit's content, except that for an article file
     both sides changed the correction log becomes the union of both logs (the remote's
     entries first; an entry only this clone has keeps its place after them, renumbered if
     its id is taken), so the log stays append-only;
   - a commit whose changes the remote already holds (the same text saved on both sides) is
     not repeated.

   For an article both sides saved, the article's history is then the remote's revisions
   followed by this clone's. When the remote's newest revision of it is later than every
   revision re-applied from this clone, one more revision is added with that newest text
   and its time (kind ``update``, with a note saying so), so that the latest text and the
   revision in effect at any time (``show --at``) follow revision time, not arrival order.

4. Push (a normal push, never forced). If the remote moved on meanwhile, start again from 1,
   a few times.

The working copy of every changed file is refreshed once the branch has moved.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final

from articlediff.common.timeutil import format_time, now
from articlediff.errors import InputError, StoreError
from articlediff.ingest import dump_article
from articlediff.model import Article, Correction
from articlediff.store.gitrepo import FileChange
from articlediff.store.lock import store_lock
from articlediff.store.messages import RevisionMessage, format_message
from articlediff.store.store import LOCK_NAME, VERSIONS, Store, article_id_of

DEFAULT_REMOTE: Final = "origin"
ATTEMPTS: Final = 5
_REMOTE_NAME: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_ENTRY_ID: Final = re.compile(r"c(\d+)")
_REVISION: Final = re.compile(r"r(\d+)")


@dataclass
class SyncOutcome:
    """What ``sync`` did."""

    remote: str
    branch: str
    received: int = 0  # commits that came from the remote
    pushed: int = 0  # commits the remote received
    reapplied: int = 0  # local commits re-applied on top of the remote's
    already_there: int = 0  # local commits whose changes the remote already held
    restored: list[str] = field(default_factory=list)  # articles given their newest text back
    attempts: int = 0

    @property
    def diverged(self) -> bool:
        return self.reapplied > 0 or self.already_there > 0

    def to_json(self) -> dict[str, object]:
        return {
            "remote": self.remote,
            "branch": self.branch,
            "received": self.received,
            "pushed": self.pushed,
            "reapplied": self.reapplied,
            "already_there": self.already_there,
            "restored": list(self.restored),
            "attempts": self.attempts,
        }


def validate_remote(name: str) -> str:
    """``name`` if it can be a git remote's name (never an option); else ``InputError``."""
    if not _REMOTE_NAME.fullmatch(name) or name.endswith(".lock") or ".." in name:
        raise InputError(
            f"invalid remote name {name!r}: give the name of a git remote, e.g. origin"
        )
    return name


def sync_store(store: Store, remote: str | None = None, *, attempts: int = ATTEMPTS) -> SyncOutcome:
    """Pull (re-applying local revisions on top) and push: see the module docstring."""
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
    for attempt in range(1, attempts + 1):
        outcome.attempts = attempt
        with store_lock(repo.git_dir / LOCK_NAME):
            if _sync_once(store, remote, ref, branch, outcome):
                return outcome
        time.sleep(random.uniform(0.05, 0.3) * attempt)  # the remote moved on: try again
    raise StoreError(
        f"cannot push to {remote}: it kept changing during {attempts} attempts; "
        "try 'articlediff sync' again"
    )


def _sync_once(store: Store, remote: str, ref: str, branch: str, outcome: SyncOutcome) -> bool:
    repo = store.git
    local = repo.head_commit()
    theirs = repo.fetch_branch(remote, branch)
    if local is None:
        if theirs is None:
            return True  # nothing anywhere
        _move(store, ref, theirs, None, f"articlediff sync: from {remote}")
        outcome.received += len(repo.commits_between(None, theirs))
        return True
    if theirs is None or theirs == local or repo.is_ancestor(theirs, local):
        ahead = len(repo.commits_between(theirs, local)) if theirs != local else 0
        if ahead and not repo.push_branch(remote, branch):
            return False
        outcome.pushed += ahead
        return True
    base = repo.merge_base(local, theirs)
    if base is None:
        raise StoreError(
            f"the store and {remote}/{branch} share no history: they are different stores"
        )
    outcome.received += len(repo.commits_between(local, theirs))
    if base == local:
        _move(store, ref, theirs, local, f"articlediff sync: fast-forward to {remote}")
        return True
    tip = _reapply(store, base, local, theirs, outcome)
    _move(store, ref, tip, local, f"articlediff sync: re-applied local revisions on {remote}")
    mine = len(repo.commits_between(theirs, tip))
    if mine and not repo.push_branch(remote, branch):
        return False
    outcome.pushed += mine
    return True


def _reapply(store: Store, base: str, local: str, theirs: str, outcome: SyncOutcome) -> str:
    """The new tip: the commits of ``base..local`` re-applied on top of ``theirs``."""
    repo = store.git
    remote_changed = {change.path for change in repo.file_changes(base, theirs)}
    last_local_time: dict[str, datetime] = {}
    # This clone's new revisions of an article come after those the remote added to it, so
    # their numbers move up: (revisions of the article at the base, revisions the remote added).
    shifts = {
        path: (_count(store, path, base), _count(store, path, theirs) - _count(store, path, base))
        for path in remote_changed
        if article_id_of(path)
    }
    tip = theirs
    for commit in repo.commits_between(base, local):
        parents = repo.parents(commit)
        parent = parents[0] if parents else None
        tree = repo.tree_of(tip)
        for change in repo.file_changes(parent, commit):
            if change.new_blob is None:
                tree = repo.tree_without_file(tree, change.path)
                continue
            blob = change.new_blob
            if change.path in remote_changed and article_id_of(change.path):
                blob = _merged_article(store, change, tip, commit, shifts)
            tree = repo.tree_with_file(tree, change.path, blob)
        if tree == repo.tree_of(tip):
            outcome.already_there += 1
            continue
        tip = repo.rewrite_commit(commit, tree, tip)
        outcome.reapplied += 1
        moment = store.git.author_date(tip)
        for path in repo.changed_in(tip, VERSIONS):
            last_local_time[path] = max(moment, last_local_time.get(path, moment))
    return _restore_newest(store, base, theirs, tip, last_local_time, outcome)


def _count(store: Store, path: str, commit: str) -> int:
    return sum(1 for entry in store.git.file_log(path, commit) if entry.blob is not None)


def _merged_article(
    store: Store, change: FileChange, tip: str, commit: str, shifts: dict[str, tuple[int, int]]
) -> str:
    """The blob of the local revision's article with the union of both correction logs."""
    repo = store.git
    assert change.new_blob is not None
    on_remote = repo.blob_at(tip, change.path)
    if on_remote is None or on_remote == change.new_blob:
        return change.new_blob
    article_id = article_id_of(change.path)
    assert article_id is not None
    mine = store._load(change.path, commit, change.new_blob)
    theirs = store._load(change.path, tip, on_remote)
    above, by = shifts.get(change.path, (0, 0))
    corrections = union_log(theirs.corrections, mine.corrections, shift_above=above, shift_by=by)
    if corrections == mine.corrections:
        return change.new_blob
    merged = replace(mine, corrections=corrections)
    return repo.write_object("blob", dump_article(merged, article_id).encode("utf-8"))


def union_log(
    theirs: tuple[Correction, ...],
    mine: tuple[Correction, ...],
    *,
    shift_above: int = 0,
    shift_by: int = 0,
) -> tuple[Correction, ...]:
    """Both correction logs as one append-only log: every entry of ``theirs`` as it is, then
    each entry only ``mine`` has (an entry is the same when all but its id agree), renumbered
    ``cN`` after the highest id in use when its id is taken. In entries only ``mine`` has, a
    ``fixed_in`` of ``rN`` with N above ``shift_above`` becomes ``r(N + shift_by)``: this
    clone's revisions come after the ones the remote added."""
    result = list(theirs)

    def key(entry: Correction) -> tuple[object, ...]:
        return (entry.kind, entry.at, entry.text, entry.fixed_in)

    known = {key(entry) for entry in result}
    for entry in mine:
        if key(entry) in known:
            continue
        fixed = _REVISION.fullmatch(entry.fixed_in or "")
        if fixed and int(fixed.group(1)) > shift_above and shift_by:
            shifted = replace(entry, fixed_in=f"r{int(fixed.group(1)) + shift_by}")
            if key(shifted) in known:
                continue
            entry = shifted
        if entry.id in {other.id for other in result}:
            numbers = [int(m.group(1)) for e in result if (m := _ENTRY_ID.fullmatch(e.id))]
            entry = replace(entry, id=f"c{max(numbers, default=0) + 1}")
        result.append(entry)
        known.add(key(entry))
    return tuple(result)


def _restore_newest(
    store: Store,
    base: str,
    theirs: str,
    tip: str,
    last_local_time: dict[str, datetime],
    outcome: SyncOutcome,
) -> str:
    """Append a revision with the remote's newest text of each article both sides saved
    when that text is later than everything re-applied from this clone."""
    repo = store.git
    received = set(repo.commits_between(base, theirs))
    for path, local_time in sorted(last_local_time.items()):
        article_id = article_id_of(path)
        if article_id is None:
            continue
        remote_entries = [entry for entry in repo.file_log(path, theirs) if entry.blob is not None]
        remote_new = [entry for entry in remote_entries if entry.commit in received]
        if not remote_new:
            continue
        newest = max(remote_new, key=lambda entry: entry.author_date)
        if newest.author_date <= local_time:
            continue
        assert newest.blob is not None
        current_blob = repo.blob_at(tip, path)
        assert current_blob is not None
        current = store._load(path, tip, current_blob)
        text = store._load(path, newest.commit, newest.blob)
        restored: Article = replace(
            text, corrections=union_log(current.corrections, text.corrections)
        )
        content = dump_article(restored, article_id).encode("utf-8")
        blob = repo.write_object("blob", content)
        if blob == current_blob:
            continue
        tree = repo.tree_with_file(repo.tree_of(tip), path, blob)
        note = (
            f"sync: the newest text ({format_time(newest.author_date)}, commit "
            f"{newest.commit[:10]}) restored after older revisions from another clone"
        )
        message = format_message(RevisionMessage(article_id, "update", note))
        tip = repo.write_commit(
            tree, tip, message, repo.identity(), newest.author_date, now(store.tz)
        )
        outcome.restored.append(article_id)
    return tip


def _move(store: Store, ref: str, new: str, old: str | None, reason: str) -> None:
    """Move the branch (compare-and-swap), then bring the working copy in line with it."""
    repo = store.git
    repo.move_branch(ref, new, old, reason)
    for change in repo.file_changes(old, new):
        if change.new_blob is None:
            (repo.root / change.path).unlink(missing_ok=True)
            repo.remove_from_index(change.path)
        else:
            repo.sync_worktree_file(change.path, change.new_blob, repo.read_blob(change.new_blob))
