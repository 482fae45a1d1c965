"""Bulk writes through ``git fast-import``: many revisions in one pass, as safe as one save.

Every revision becomes the same commit ``Store.save`` would make: the same file content
(``dump_article`` after ``carry_over`` from the revision before it), the same message and
trailers (``format_message``), author date = the revision's time, committer date = when it
was recorded, the store's identity.

Safety is that of a single save:

1. Under the store's lock, the stream is written by one ``git fast-import`` process to a
   temporary ref, ``refs/articlediff/import-<pid>``, whose first commit has the branch tip
   as its parent.
2. When fast-import has finished, the temporary ref is checked (it must be the last commit
   written) and the branch is moved to it by the same compare-and-swap ``update-ref`` a save
   uses; then the temporary ref is deleted and the working copy of the changed files is
   refreshed.

The pair notes of the revisions written to the branch (``store.pairnotes``) go in the same
stream: ``import_revisions`` hands each new pair's two files to the caller's ``notes``
function (which diffs them; the store knows nothing of the diff engine), writes the notes it
returns as one notes commit on a temporary ref of its own, and moves the notes ref in the same
transaction as the branch. The revisions and their notes land together, or neither does.

A process killed at any point leaves the branch where it was (or, after step 2, moved
whole): the store stays valid and keeps every earlier revision. Stale temporary refs are
removed by the next import.

Skipping, per article, in time order: a revision whose time equals an existing revision's
and whose content (or source SHA-256) matches it is already in the store (so importing the
same input twice adds nothing); a revision whose content equals the one before it is
unchanged. A new revision older than the article's latest stored one is a back-fill: refused
unless ``allow_backfill``, which rebuilds that article's whole history, old and new
revisions in time order, on a review branch ``backfill/<outlet>/<slug>`` and leaves the
article's history on the main branch as it was.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from articlediff.common.timeutil import format_time, now
from articlediff.common.words import plural
from articlediff.errors import InputError, StoreError
from articlediff.model import check_revision_kind, validate_article_id
from articlediff.store import gitprocess
from articlediff.store.files import check_no_links, guard_os_error
from articlediff.store.gitrepo import GitRepo, Identity, NotRefreshed, git_time
from articlediff.store.importplan import (
    Batch,
    IncomingRevision,
    Planned,
    blob_id,
    existing_histories,
    in_time_order,
    plan_article,
    plan_backfill,
)
from articlediff.store.pairnotes import NOTES_REF, note_commands, notes_commit
from articlediff.store.seen import record_tip
from articlediff.store.store import (
    Store,
    article_path,
    check_source_path,
)

TEMP_REF_PREFIX = "refs/articlediff/import-"
BACKFILL_PREFIX = "refs/heads/backfill/"


@dataclass(frozen=True)
class NewPair:
    """A pair of revisions an import writes to the store's branch, for its pair note: the
    article, its file's path, and the older and newer file's blob and bytes (the older ones
    ``""`` and ``None`` for an article's first revision)."""

    article_id: str
    path: str
    old_blob: str
    old_content: bytes | None
    new_blob: str
    new_content: bytes


PairNoter = Callable[[Sequence[NewPair]], Sequence[bytes | None]]
"""Given the new pairs, the note of each (``None``: no note for that pair)."""


@dataclass(frozen=True)
class ImportedRevision:
    """A revision the import wrote (on the store's branch, or on a review branch)."""

    article_id: str
    number: int
    commit: str
    kind: str
    at: datetime
    origin: str
    branch: str | None = None  # the review branch of a back-fill; None on the store's branch


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did."""

    written: tuple[ImportedRevision, ...]
    unchanged: int
    already: int
    backfills: Mapping[str, str]  # article id -> review branch
    recorded: datetime
    not_refreshed: NotRefreshed | None = None  # landed, but the working copy lags

    @property
    def articles(self) -> int:
        return len({revision.article_id for revision in self.on_branch})

    @property
    def on_branch(self) -> list[ImportedRevision]:
        """The revisions written to the store's branch (not to back-fill review branches)."""
        return [revision for revision in self.written if revision.branch is None]

    def to_json(self) -> dict[str, object]:
        return {
            "revisions": len(self.on_branch),
            "articles": self.articles,
            "unchanged": self.unchanged,
            "already": self.already,
            "backfills": dict(self.backfills),
        }


def import_revisions(
    store: Store,
    batches: Mapping[str, Batch],
    *,
    allow_backfill: bool = False,
    allow_future: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    notes: PairNoter | None = None,
) -> ImportOutcome:
    """Import ``batches`` (revisions by article id, any order) into ``store``.

    A batch may be a function that reads the article's revisions when its turn comes, so
    reading the next article overlaps with git writing the previous one. ``on_progress``
    is called with (articles done, articles in all). Every revision's time is checked as a
    save's is (``check_revision_time``; ``allow_future`` as there). ``notes`` gives the
    pair notes of the revisions written to the branch, which land with them (see above).
    """
    for article_id in batches:
        validate_article_id(article_id)
    repo = store.git
    with repo.writing():
        head = repo.head_commit()
        if head is None:
            raise StoreError(f"{store.root}: the store has no commits; run 'articlediff init'")
        _remove_stale_refs(repo)
        recorded = now(store.tz)
        ids = sorted(batches)
        paths = {article_id: article_path(article_id) for article_id in ids}
        present = set(repo.ls_tree(head, "versions"))
        existing = existing_histories(repo, head, [p for p in paths.values() if p in present])
        temp = f"{TEMP_REF_PREFIX}{os.getpid()}"
        writer = _FastImport(repo, repo.identity())
        main: list[tuple[Planned, int]] = []
        backfill: dict[str, list[Planned]] = {}
        backfill_marks: dict[str, list[int]] = {}
        temps: dict[str, str] = {}
        pairs: list[tuple[NewPair, int]] = []  # each new pair and its newer commit's mark
        notes_mark: int | None = None
        notes_tip: str | None = None
        refused: list[str] = []
        unchanged = already = 0
        try:
            for done, article_id in enumerate(ids, 1):
                path = paths[article_id]
                entries = existing.get(path, [])
                revisions = _revisions(batches[article_id], article_id)
                incoming = in_time_order(revisions, recorded, allow_future=allow_future)
                for target in {path, *(name for r in revisions for name in r.extra_files)}:
                    check_no_links(store.root, target)
                latest_content = repo.read_blob(entries[-1].blob) if entries else None
                latest = (
                    store.parse_stored(path, entries[-1].commit, latest_content)
                    if entries and latest_content is not None
                    else None
                )
                planned, counts, older = plan_article(
                    article_id, path, incoming, entries, latest, latest_content, recorded
                )
                unchanged += counts[0]
                already += counts[1]
                if not older:
                    # The first new revision's pair is with the latest stored one; when
                    # that file is missing, its pair is left to ``reindex``.
                    before: tuple[str, bytes | None] | None = (
                        ("", None)
                        if not entries
                        else (entries[-1].blob, latest_content)
                        if latest_content is not None
                        else None
                    )
                    for item in planned:
                        mark = writer.commit(temp, item, parent=None if main else head)
                        main.append((item, mark))
                        assert item.content is not None
                        blob = blob_id(item.content)
                        if notes is not None and before is not None:
                            pair = NewPair(article_id, path, *before, blob, item.content)
                            pairs.append((pair, mark))
                        before = (blob, item.content)
                elif not allow_backfill:
                    refused.append(
                        f"{plural(older, 'revision')} of {article_id} "
                        f"{'is' if older == 1 else 'are'} older than its latest revision "
                        f"r{len(entries)} ({format_time(entries[-1].author_date)})"
                    )
                else:
                    branch = f"{BACKFILL_PREFIX}{article_id}"
                    if _ref_exists(repo, branch):
                        raise InputError(
                            f"review branch {branch.removeprefix('refs/heads/')} already "
                            "exists: review or delete it (git branch -D) before back-filling "
                            "again"
                        )
                    backfill[branch] = plan_backfill(
                        store, article_id, path, incoming, entries, recorded
                    )
                if on_progress:
                    on_progress(done, len(ids))
            if refused:
                shown = refused if len(refused) <= 5 else [*refused[:5], f"{len(refused) - 5} more"]
                raise InputError(
                    "refusing to back-fill history: "
                    + "; ".join(shown)
                    + ". History is never rewritten: pass --allow-backfill to rebuild each such "
                    "article's history on a review branch"
                )
            if notes is not None and pairs:
                notes_tip = repo.resolve(NOTES_REF)
                found = notes([pair for pair, _ in pairs])
                written_notes = [
                    (mark, note) for (_, mark), note in zip(pairs, found, strict=True) if note
                ]
                if written_notes:
                    notes_mark = writer.notes(f"{temp}-notes", notes_tip, recorded, written_notes)
            config = repo.blob_at(head, "articlediff.toml")
            for index, branch in enumerate(sorted(backfill)):
                temps[branch] = f"{temp}-backfill-{index}"
                writer.root(temps[branch], config, backfill[branch])
                backfill_marks[branch] = [
                    writer.commit(temps[branch], item, parent=None) for item in backfill[branch]
                ]
            commits = writer.finish()
            backfill_tips: dict[str, BackfillTip] = {}
            for branch in sorted(backfill):
                tip = commits[backfill_marks[branch][-1]]
                _verify(repo, temps[branch], tip, None, len(backfill[branch]) + 1)
                marks = backfill_marks[branch]
                backfill_tips[branch] = BackfillTip(temps[branch], tip, backfill[branch], marks)
            notes_move = None
            if notes_mark is not None:
                notes_move = NotesTip(f"{temp}-notes", commits[notes_mark], notes_tip)
                if repo.resolve(notes_move.temp) != notes_move.tip:
                    raise StoreError(
                        "git fast-import wrote unexpected pair notes; the branch was not moved"
                    )
        except BaseException:
            writer.abort()
            _delete_refs(repo, [temp, f"{temp}-notes", *temps.values()])
            raise
        written, not_refreshed = _land(repo, head, temp, main, commits, backfill_tips, notes_move)
    return ImportOutcome(
        written=tuple(written),
        unchanged=unchanged,
        already=already,
        backfills={
            branch.removeprefix(BACKFILL_PREFIX): branch.removeprefix("refs/heads/")
            for branch in backfill
        },
        recorded=recorded,
        not_refreshed=not_refreshed,
    )


def _revisions(batch: Batch, article_id: str) -> Sequence[IncomingRevision]:
    revisions = batch() if callable(batch) else batch
    for revision in revisions:
        if revision.kind is not None:
            try:
                check_revision_kind(revision.kind)
            except InputError as error:
                raise InputError(f"{revision.origin or article_id}: {error}") from None
        for name in revision.extra_files:
            check_source_path(name)
    return revisions


@dataclass(frozen=True)
class NotesTip:
    """The notes commit an import wrote: its temporary ref, the commit, and the notes ref's
    commit it was written on (``None`` when there were no notes)."""

    temp: str
    tip: str
    base: str | None


@dataclass(frozen=True)
class BackfillTip:
    """A review branch an import writes: its temporary ref, tip, and planned commits."""

    temp: str
    tip: str
    items: list[Planned]
    marks: list[int]


def _land(
    repo: GitRepo,
    head: str,
    temp: str,
    main: list[tuple[Planned, int]],
    commits: dict[int, str],
    backfills: Mapping[str, BackfillTip],
    notes: NotesTip | None = None,
) -> tuple[list[ImportedRevision], NotRefreshed | None]:
    """Move the store's branch to the imported commits, the pair notes to theirs and create
    the review branches, in one transaction (all of them move, or none does), then tidy up.
    Nothing after the transaction can fail the import: what is not done is returned, or left
    for the next import (temporary refs) and ``git gc``."""
    moves: list[tuple[str, str | None, str | None]] = []
    if main:
        tip = commits[main[-1][1]]
        _verify(repo, temp, tip, head, len(main))
        moves += [(repo.branch_ref(), tip, head), (temp, None, tip)]
        if notes is not None:
            moves += [(NOTES_REF, notes.tip, notes.base), (notes.temp, None, notes.tip)]
    for branch, backfill in sorted(backfills.items()):
        moves += [(branch, backfill.tip, None), (backfill.temp, None, backfill.tip)]
    if not moves:
        return [], None
    count = len(main) + sum(len(backfill.items) for backfill in backfills.values())
    try:
        repo.move_refs(moves, f"articlediff import ({plural(count, 'revision')})")
    except BaseException:
        # Nothing moved: the commits written are left to ``git gc``, their refs removed.
        _delete_refs(repo, [ref for ref, new, _ in moves if new is None])
        raise
    if main:
        record_tip(repo, tip, parent=head)
    written = [_imported(item, commits[mark], None) for item, mark in main]
    for branch, backfill in sorted(backfills.items()):
        short = branch.removeprefix("refs/heads/")
        for item, mark in zip(backfill.items, backfill.marks, strict=True):
            if item.new:
                written.append(_imported(item, commits[mark], short))
    not_refreshed = _sync_worktree(repo, tip, [item for item, _ in main]) if main else None
    _write_commit_graph(repo)
    return written, not_refreshed


def _write_commit_graph(repo: GitRepo) -> None:
    """Add the new commits to the repository's commit graph, with changed-path filters, so
    that reading one article's history (``git log -- path``) skips the commits of every other
    article instead of opening each of them. Best effort: the store is complete without it."""
    repo.succeeds(
        "commit-graph", "write", "--reachable", "--changed-paths", "--split", "--no-progress"
    )


# -- writing -----------------------------------------------------------------------------


class _FastImport:
    """One ``git fast-import`` process, fed from a thread so that Python can read and plan
    the next article while git writes the last one."""

    def __init__(self, repo: GitRepo, identity: Identity) -> None:
        self.repo = repo
        self.who = f"{identity.name} <{identity.email}>"
        with guard_os_error(repo.git_dir, "create a temporary folder in"):
            self.scratch = tempfile.TemporaryDirectory(
                prefix="articlediff-import-", dir=repo.git_dir
            )
        self.marks = Path(self.scratch.name) / "marks"
        self.mark = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.broken = False

    def _start(self) -> None:
        self.process = gitprocess.start(
            self.repo.root,
            [
                "fast-import",
                "--quiet",
                "--done",
                "--date-format=raw",
                f"--export-marks={self.marks}",
            ],
            stdout=subprocess.DEVNULL,
        )
        self.thread = threading.Thread(target=self._feed, name="fast-import", daemon=True)
        self.thread.start()

    def _feed(self) -> None:
        assert self.process is not None and self.process.stdin is not None
        stream = self.process.stdin
        while True:
            chunk = self.queue.get()
            if chunk is None:
                break
            if self.broken:
                continue
            try:
                stream.write(chunk)
            except (BrokenPipeError, OSError):
                self.broken = True
        with contextlib.suppress(OSError):
            stream.close()

    def _send(self, chunk: bytes) -> int:
        if self.process is None:
            self._start()
        self.mark += 1
        self.queue.put(chunk.replace(b"mark :0\n", b"mark :%d\n" % self.mark, 1))
        return self.mark

    def commit(self, ref: str, item: Planned, *, parent: str | None) -> int:
        parts = [
            f"commit {ref}\nmark :0\n"
            f"author {self.who} {git_time(item.moment)}\n"
            f"committer {self.who} {git_time(item.recorded)}\n".encode(),
            _data(item.message.encode("utf-8")),
        ]
        if parent:
            parts.append(f"from {parent}\n".encode())
        if item.content is not None:
            parts.append(f"M 100644 inline {item.path}\n".encode())
            parts.append(_data(item.content))
        else:
            parts.append(f"M 100644 {item.blob} {item.path}\n".encode())
        for name in sorted(item.extra_files):
            parts.append(f"M 100644 inline {name}\n".encode())
            parts.append(_data(item.extra_files[name]))
        parts.append(b"\n")
        return self._send(b"".join(parts))

    def notes(
        self, ref: str, base: str | None, moment: datetime, notes: Sequence[tuple[int, bytes]]
    ) -> int:
        """A notes commit on ``ref`` after ``base`` (the notes ref's commit, if any): each
        note attached to the commit of its mark."""
        message = f"articlediff: pair notes ({len(notes)})\n".encode()
        body = [part for mark, note in notes for part in note_commands(f":{mark}", note)]
        parts = notes_commit(ref, self.who, moment, message, base, body, mark=0)
        parts.append(b"\n")
        return self._send(b"".join(parts))

    def root(self, ref: str, config_blob: str | None, items: list[Planned]) -> int:
        """The first commit of a review branch: the store's settings, nothing else."""
        moment = git_time(items[0].moment)
        message = f"init: articlediff store (back-fill review of {items[0].article_id})\n"
        parts = [
            f"commit {ref}\nmark :0\n"
            f"author {self.who} {moment}\ncommitter {self.who} {moment}\n".encode(),
            _data(message.encode()),
        ]
        if config_blob:
            parts.append(f"M 100644 {config_blob} articlediff.toml\n".encode())
        parts.append(b"M 100644 inline versions/.gitkeep\n" + _data(b"") + b"\n")
        return self._send(b"".join(parts))

    def finish(self) -> dict[int, str]:
        """Close the stream; the object ids of the marks written. ``StoreError`` if git failed."""
        if self.process is None:
            self.scratch.cleanup()
            return {}
        self.queue.put(b"done\n")
        code, error = self._wait()
        try:
            if code != 0:
                why = gitprocess.reason(error) if error.strip() else f"exit {code}"
                raise StoreError(f"git fast-import failed: {why}")
            return _read_marks(self.marks)
        finally:
            self.scratch.cleanup()

    def abort(self) -> None:
        """Stop after what was sent (nothing it wrote is referenced by the store's branch)."""
        if self.process is not None:
            self.queue.put(b"done\n")
            self._wait()
        self.scratch.cleanup()

    def _wait(self) -> tuple[int, str]:
        assert self.process is not None and self.thread is not None
        self.queue.put(None)
        self.thread.join()
        error = self.process.stderr.read() if self.process.stderr else b""
        return self.process.wait(), error.decode("utf-8", "replace")


def _imported(item: Planned, commit: str, branch: str | None) -> ImportedRevision:
    return ImportedRevision(
        article_id=item.article_id,
        number=item.number,
        commit=commit,
        kind=item.kind,
        at=item.moment,
        origin=item.origin,
        branch=branch,
    )


def _data(text: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(text), text)


def _read_marks(path: Path) -> dict[int, str]:
    commits: dict[int, str] = {}
    with guard_os_error(path, "read"):
        text = path.read_text(encoding="ascii")
    for line in text.splitlines():
        mark, _, sha = line.partition(" ")
        commits[int(mark.lstrip(":"))] = sha
    return commits


def _verify(repo: GitRepo, ref: str, tip: str, base: str | None, count: int) -> None:
    """The temporary ref holds the last commit written, ``count`` commits after ``base``."""
    found = repo.resolve(ref)
    span = f"{base}..{tip}" if base else tip
    written = int(repo.git_output("rev-list", "--count", span)) if found == tip else -1
    if written != count:
        _delete_refs(repo, [ref])
        raise StoreError(
            f"git fast-import wrote an unexpected history to {ref}; the branch was not moved"
        )


def _remove_stale_refs(repo: GitRepo) -> None:
    """Temporary refs of imports that did not finish (the lock is ours: none is live)."""
    raw = repo.git_output("for-each-ref", "--format=%(refname)", "refs/articlediff/")
    _delete_refs(repo, [ref for ref in raw.splitlines() if ref.startswith(TEMP_REF_PREFIX)])


def _delete_refs(repo: GitRepo, refs: Iterable[str]) -> None:
    for ref in refs:
        if _ref_exists(repo, ref):
            repo.git_output("update-ref", "-d", ref)


def _sync_worktree(repo: GitRepo, tip: str, items: Sequence[Planned]) -> NotRefreshed | None:
    """Bring the working copy (and index) of every changed file in line with the branch
    (best effort: see ``GitRepo.refresh_worktree``)."""
    final: dict[str, bytes] = {}
    for item in items:
        assert item.content is not None
        final[item.path] = item.content
        final.update(item.extra_files)
    files = {path: (blob_id(data), data) for path, data in final.items()}
    return repo.refresh_worktree(files, tip)


def _ref_exists(repo: GitRepo, ref: str) -> bool:
    return repo.resolve(ref) is not None
