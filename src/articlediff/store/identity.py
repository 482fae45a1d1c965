"""Commits as git stores them, and what makes a revision the same revision after ``sync``
has rebuilt it.

``sync`` may write a revision again (on a new parent, with its text merged with another
clone's edits: see ``store.sync``). The copy keeps everything that says which revision it
is, and that is its **identity** (:class:`RevisionIdentity`), defined here and nowhere else:

- the commit it was first written as (``origin``): its own id, or for a copy the id in its
  ``Original-Commit`` trailer, which ``sync`` adds to every commit it writes again;
- its author (name, email, and the revision time: the author date);
- its committer date (when it was recorded);
- its message (kind, note and trailers, ``Article-Id`` among them) without the trailers
  ``sync`` adds (``Original-Commit``, ``Sync-Conflict``).

Two commits are the same revision when their identities are equal. Not the text: a rebuilt
revision's text is its own edit applied to the text before it, which may hold another
clone's edits too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

TRAILER_ORIGINAL: Final = "Original-Commit"
"""The commit a revision was first written as, on every copy ``sync`` writes."""
TRAILER_CONFLICT: Final = "Sync-Conflict"
"""Where ``sync`` kept this revision's wording over an overlapping edit of another clone."""
SYNC_TRAILERS: Final = (TRAILER_ORIGINAL, TRAILER_CONFLICT)

_TRAILER_LINE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*: ")
_OBJECT_ID: Final = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@dataclass(frozen=True)
class CommitRecord:
    """A commit object, parsed: its tree, parents, author and committer lines (``Name
    <email> <seconds> <offset>``) and message. ``header`` keeps every other header line
    (encoding, signatures) as it was."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    author: str
    committer: str
    message: str
    header: tuple[str, ...] = ()

    @property
    def first_parent(self) -> str | None:
        return self.parents[0] if self.parents else None

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True)
class RevisionIdentity:
    """What makes two commits the same revision: see the module docstring."""

    origin: str
    author: str
    committer_time: str
    message: str


def parse_commit(sha: str, data: bytes) -> CommitRecord:
    """The commit object ``data`` (as ``git cat-file`` gives it) of commit ``sha``."""
    text = data.decode("utf-8", errors="surrogateescape")
    head, _, message = text.partition("\n\n")
    tree = author = committer = ""
    parents: list[str] = []
    others: list[str] = []
    for line in head.split("\n"):
        key, _, value = line.partition(" ")
        if key == "tree":
            tree = value
        elif key == "parent":
            parents.append(value)
        elif key == "author":
            author = value
        elif key == "committer":
            committer = value
        else:
            others.append(line)
    return CommitRecord(sha, tree, tuple(parents), author, committer, message, tuple(others))


def identity(record: CommitRecord) -> RevisionIdentity:
    """The revision ``record`` is (see the module docstring)."""
    origin = next(
        (
            value
            for key, value in sync_trailers(record.message)
            if key == TRAILER_ORIGINAL and _OBJECT_ID.fullmatch(value)
        ),
        record.sha,
    )
    committer_time = " ".join(record.committer.rsplit(" ", 2)[-2:])
    return RevisionIdentity(origin, record.author, committer_time, message_core(record.message))


def sync_trailers(message: str) -> list[tuple[str, str]]:
    """The trailers ``sync`` added to ``message``, as (key, value), in order."""
    block = _trailer_block(message)
    found = []
    for line in block:
        key, _, value = line.partition(": ")
        if key in SYNC_TRAILERS:
            found.append((key, value.strip()))
    return found


def message_core(message: str) -> str:
    """``message`` without the trailers ``sync`` adds: what a revision's message was."""
    paragraphs = message.rstrip("\n").split("\n\n")
    block = _trailer_block(message)
    kept = [line for line in block if line.partition(": ")[0] not in SYNC_TRAILERS]
    if len(kept) < len(block):
        paragraphs = paragraphs[:-1] + (["\n".join(kept)] if kept else [])
    return "\n\n".join(paragraphs) + "\n"


def with_sync_trailers(message: str, origin: str, conflicts: Sequence[str] = ()) -> str:
    """``message`` as a copy written by ``sync`` carries it: the core message, then
    ``Original-Commit: <origin>`` and one ``Sync-Conflict`` line per conflict (those of an
    earlier copy kept, none repeated)."""
    notes = [value for key, value in sync_trailers(message) if key == TRAILER_CONFLICT]
    notes += [" ".join(note.split()) for note in conflicts if " ".join(note.split())]
    lines = [f"{TRAILER_ORIGINAL}: {origin}"]
    lines += [f"{TRAILER_CONFLICT}: {note}" for note in dict.fromkeys(notes)]
    core = message_core(message).rstrip("\n")
    if _trailer_block(core):
        return f"{core}\n" + "\n".join(lines) + "\n"
    return f"{core}\n\n" + "\n".join(lines) + "\n"


def _trailer_block(message: str) -> list[str]:
    """The lines of ``message``'s last paragraph when every one is a ``Key: value`` trailer
    (and the message has a paragraph before it); else nothing."""
    paragraphs = message.rstrip("\n").split("\n\n")
    if len(paragraphs) < 2:
        return []
    lines = paragraphs[-1].split("\n")
    if not all(_TRAILER_LINE.match(line) for line in lines):
        return []
    return lines
