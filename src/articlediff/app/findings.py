"""What keys an article's ``check`` result kept between runs (docs/scale.md, "The findings
kept").

An article's result is a function of: its revisions (the commits that touched its file, in
order, each with the file's blob: the commit fixes its message, kind, note and times, the blob
the text and correction log, acceptances included), the settings file as read (the ``[check]``
rules, the furniture patterns, the time zone that naive times in a file are read in), the
settings ``check`` runs with (``--strict``), which of its commits ``--since`` keeps, the
settings changes made by its commits (``rule-switched-off``), the pair notes of its commits
(by object id: a note is trusted as far as the branch is, so a result made from a note is
kept only while that note is the one there), the verdict rules' version and the code itself
(the package's version and its modules' sizes and times). The key is a digest of all of
them; a result is kept only for an article whose every revision reads.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from articlediff.check import CheckSettings, SettingsChange
from articlediff.check.kept import RESULT_SCHEMA
from articlediff.check.summary import SUMMARY_SCHEMA
from articlediff.diff import RULES_VERSION
from articlediff.store import Store
from articlediff.store.pairnotes import NOTE_SCHEMA
from articlediff.store.store import RevisionFile

KEPT_AS = "check"  # the name of the result in the article's cache
KEEP_FROM = 50
"""Results are kept for articles of at least this many revisions. A shorter article is
checked in a few milliseconds, about what keeping its result costs (a second write of its
cache file): a store-wide ``check`` in a fresh clone, as in CI, would pay that for every
article and never read one back (docs/scale.md, "The findings kept")."""


@functools.cache
def code_stamp() -> str:
    """The package's version and each of its modules' path, size and modification time: a
    result kept by other code (an upgrade, another checkout) is a miss."""
    from articlediff import __version__

    root = Path(__file__).resolve().parent.parent
    rows = [__version__]
    for module in sorted(root.rglob("*.py")):
        info = module.stat()
        rows.append(f"{module.relative_to(root).as_posix()} {info.st_size} {info.st_mtime_ns}")
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def keeps(files: Sequence[RevisionFile]) -> bool:
    """Whether the result of the article whose revisions are ``files`` is kept."""
    return len(files) >= KEEP_FROM and all(file.missing is None for file in files)


def result_key(
    store: Store,
    files: Sequence[RevisionFile],
    *,
    settings: CheckSettings,
    furniture: str,
    only: set[str] | None,
    changes: Mapping[str, SettingsChange],
    notes: Mapping[str, str],
) -> str | None:
    """The key of the result of the article whose revisions are ``files`` (``None`` when
    none is kept: fewer than ``KEEP_FROM`` revisions, or one with a missing object).
    ``furniture`` is the digest of its patterns, ``notes`` the pair notes' blobs by
    commit (``keeps`` tells whose are needed)."""
    if not keeps(files):
        return None
    commits = [file.revision.commit for file in files]
    parts = {
        "schema": RESULT_SCHEMA,
        "code": code_stamp(),
        "rules": RULES_VERSION,
        "summary": SUMMARY_SCHEMA,
        "note": NOTE_SCHEMA,
        "config": store.config.digest,
        "settings": repr(settings),
        "furniture": furniture,
        "files": [[file.revision.commit, file.blob] for file in files],
        "since": None if only is None else [commit for commit in commits if commit in only],
        "changes": {commit: repr(changes[commit]) for commit in commits if commit in changes},
        "notes": {commit: notes[commit] for commit in commits if commit in notes},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
