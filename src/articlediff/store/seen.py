"""Tamper evidence: the branch tips this clone has seen, kept beside the repository.

A store's history only grows: a save, an import, a correction or a sync moves the branch to
a commit that contains the one before. So every tip a command saw must stay in the branch's
history, and one that does not means the history was rewritten behind the store's back (a
``git reset``, ``rebase``, ``filter-branch``, ``commit --amend``, or a forced push fetched by
hand).

``.git/articlediff/seen-tips.json`` holds:

- ``tips``: the tips seen and not yet known to be in the branch's history. Each command that
  writes the branch (save, import, correct, sync) or checks it (verify) records the tip it
  leaves or finds (:func:`record_tip`); a tip the new one contains is dropped, so the list
  normally holds one commit. A tip the branch no longer contains stays, as evidence, until
  someone accepts the rewrite (``verify --accept-rewrite``).
- ``rewrites``: rewrites ``sync`` accepted (old tip -> new tip). ``sync`` replaces history
  only when every revision of the old tip is in the new one (by identity: see
  ``store.identity``), and records that before it moves the branch, so a sync killed
  half-way never looks like tampering.

``.git/articlediff/rewrites.log`` keeps one line per accepted rewrite (time, old tip, new
tip, why), for people. Both files are this clone's own: never pushed or fetched.

:func:`lost_tips` is what ``verify`` reports. A clone can only vouch for what it saw: a
rewrite made before it first ran a command is not visible here.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from articlediff.common.timeutil import UTC, format_time, now
from articlediff.errors import StoreError
from articlediff.store.files import check_no_links, write_file
from articlediff.store.gitrepo import GitRepo

FOLDER: Final = "articlediff"
SEEN_FILE: Final = "seen-tips.json"
REWRITES_LOG: Final = "rewrites.log"
_LOCK: Final = "seen-tips.lock"
_FORMAT: Final = 1


@dataclass(frozen=True)
class SeenTip:
    """A branch tip this clone saw, and when it first saw it (an ISO time)."""

    commit: str
    seen: str


def record_tip(repo: GitRepo, tip: str | None, *, parent: str | None = None) -> None:
    """Remember ``tip`` as the branch's tip. ``parent`` is the tip the command started from
    when it only added to it (a save's parent): known to be contained without asking git.
    Best effort, and never an error: it runs after the branch has moved."""
    if tip is None:
        return
    with contextlib.suppress(StoreError), _state(repo) as state:
        kept = [
            seen for seen in state.tips if not _contained(repo, state, seen.commit, tip, parent)
        ]
        if not any(seen.commit == tip for seen in kept):
            kept.append(SeenTip(tip, _now()))
        state.tips = kept
        state.prune()


def accept_rewrite(repo: GitRepo, old: str, new: str, why: str) -> None:
    """Record that ``sync`` replaces the branch at ``old`` with ``new`` (``why``: what it
    checked), before it moves the branch."""
    with _state(repo) as state:
        state.rewrites[old] = new
        if not any(seen.commit == old for seen in state.tips):
            state.tips.append(SeenTip(old, _now()))
    _log(repo, f"{_now()} {old} {new} {why}")


def accept_history(repo: GitRepo, head: str) -> list[SeenTip]:
    """Accept the branch as it is (``verify --accept-rewrite``): forget the tips it no longer
    contains, logging each; return them."""
    lost = lost_tips(repo, head)
    with _state(repo) as state:
        state.tips = [SeenTip(head, _now())]
        state.rewrites = {}
    for tip in lost:
        _log(repo, f"{_now()} {tip.commit} {head} accepted by hand (verify --accept-rewrite)")
    return lost


def lost_tips(repo: GitRepo, head: str | None) -> list[SeenTip]:
    """The tips seen before that the branch at ``head`` no longer contains (nor contains a
    rewrite of that ``sync`` accepted)."""
    state = _State.read(_folder(repo))
    if head is None:
        return list(state.tips)
    return [seen for seen in state.tips if not _contained(repo, state, seen.commit, head, None)]


def _contained(repo: GitRepo, state: _State, tip: str, head: str, parent: str | None) -> bool:
    """Whether ``head``'s history holds ``tip``, or an accepted rewrite of it (in a chain)."""
    followed: set[str] = set()
    while tip not in followed:
        if tip in (head, parent) or repo.is_ancestor(tip, head):
            return True
        followed.add(tip)
        if tip not in state.rewrites:
            return False
        tip = state.rewrites[tip]
    return False


@dataclass
class _State:
    tips: list[SeenTip]
    rewrites: dict[str, str]

    @classmethod
    def read(cls, folder: Path) -> _State:
        try:
            data = json.loads((folder / SEEN_FILE).read_bytes())
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            data = {}
        tips = [
            SeenTip(row[0], row[1])
            for row in data.get("tips", [])
            if isinstance(row, list) and len(row) == 2 and all(isinstance(x, str) for x in row)
        ]
        raw = data.get("rewrites", {})
        rewrites = {
            old: new
            for old, new in (raw.items() if isinstance(raw, dict) else ())
            if isinstance(old, str) and isinstance(new, str)
        }
        return cls(tips, rewrites)

    def prune(self) -> None:
        """Keep only the accepted rewrites a remembered tip still leads through."""
        needed: dict[str, str] = {}
        for seen in self.tips:
            tip = seen.commit
            while tip in self.rewrites and tip not in needed:
                needed[tip] = self.rewrites[tip]
                tip = self.rewrites[tip]
        self.rewrites = needed

    def to_json(self) -> dict[str, Any]:
        return {
            "format": _FORMAT,
            "tips": [[seen.commit, seen.seen] for seen in self.tips],
            "rewrites": self.rewrites,
        }


@contextlib.contextmanager
def _state(repo: GitRepo) -> Iterator[_State]:
    """The state, read and written back whole under a lock of its own (``verify`` records
    without the store's lock). Best effort, like the cache: a read-only store just keeps
    nothing."""
    folder = _folder(repo)
    try:
        check_no_links(repo.git_dir, f"{FOLDER}/{_LOCK}")
        folder.mkdir(exist_ok=True)
        fd = os.open(folder / _LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except (OSError, StoreError):
        yield _State.read(folder)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        state = _State.read(folder)
        yield state
        data = json.dumps(state.to_json()).encode("utf-8")
        with contextlib.suppress(StoreError):
            write_file(repo.git_dir, f"{FOLDER}/{SEEN_FILE}", data)
    finally:
        os.close(fd)


def _log(repo: GitRepo, line: str) -> None:
    """Append ``line`` to the rewrites log (best effort; never through a link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW
    with contextlib.suppress(OSError):
        fd = os.open(_folder(repo) / REWRITES_LOG, flags, 0o644)
        try:
            os.write(fd, f"{line}\n".encode())
        finally:
            os.close(fd)


def _folder(repo: GitRepo) -> Path:
    return repo.git_dir / FOLDER


def _now() -> str:
    return format_time(now(UTC))
