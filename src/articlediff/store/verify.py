"""``verify``: is the store intact, and does every revision say what its commit says?

Checks, in order:

1. ``git fsck --full --strict``: every object is present and well formed and every ref
   points at a commit. Unreachable objects (left by a save killed before its commit landed)
   are not problems.
2. The branch: HEAD names a branch, and ``articlediff.toml`` is on it and valid.
3. The history's shape and this clone's memory of it:
   - no merge commit (a store's history is one line; readers follow first parents, where a
     merge's change counts as one revision, hiding the commits it merged);
   - no ``git replace`` refs (git would show another object in place of a stored one; the
     store ignores them, so every other git tool and the store would disagree);
   - every branch tip this clone saw before is still in the history (``store.seen``): one
     that is not means the history was rewritten (``reset``, ``rebase``, ``filter-branch``,
     ``commit --amend``, a forced push fetched by hand). ``accept_rewrite`` forgets those
     tips after the rewrite has been reviewed. A store that passes has its tip remembered.
4. Every commit that changes a file under ``versions/``, oldest first, along the first
   parents:
   - the file is an article file (``versions/<outlet>/<slug>.md`` with a valid id) and the
     commit does not delete it (history is append-only);
   - the commit changes one article file and has the trailers ``Article-Id`` (naming that
     article) and ``Revision-Kind`` (a known kind); ``Source-Sha256`` is 64 hex digits;
     ``Source-Url`` is an http(s) address; ``Fetched-At`` (``watch``, archive imports) is a
     time with its UTC offset; ``Field-Sources`` (revisions read from HTML pages) is one
     line of ``field=source`` pairs as ``messages.format_field_sources`` writes it;
   - the file parses (strict front matter, safe YAML) and its front matter ``id`` names the
     article;
   - a source kept under ``sources/`` in the same commit has the SHA-256 the trailer gives.
4. Symbolic links: none is committed under ``versions/`` (in any commit) or ``sources/`` (on
   the branch), and none stands in the working copy for ``versions/``, ``sources/`` or an
   outlet's folder in them (articlediff refuses to write through a link).
5. Damage that was repaired: a revision whose file does not parse, followed by a revision of
   the same article that does (a ``git revert`` of the damage, or a fixed file), is reported
   as a warning, not a problem, and so is the missing trailers of a ``git revert`` of such a
   revision: history is never rewritten, so the damage stays in it for good. A missing
   object is never a warning (``git fsck`` reports it): it has to be restored.
6. The per-article caches (``store.cache``): every cache file must be sealed by this clone
   and say what a fresh read of git says (the commits that touched the article's file, and
   the figures ``log`` shows of them). Files of an older format are stale, not problems.

Problems are reported, never repaired: the store is evidence, and what to do about a damaged
revision is the newsroom's decision. The caches are the exception: they hold nothing the
commits do not, and ``repair_caches`` deletes those that disagree (the next read rebuilds
them).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from articlediff.errors import InputError, StoreError
from articlediff.ingest.markdown import parse_markdown
from articlediff.model import Article
from articlediff.store.cache import CACHE_FOLDER, ArticleCache, cache_format
from articlediff.store.config import CONFIG_NAME, parse_config
from articlediff.store.gitrepo import LINK_MODE
from articlediff.store.messages import (
    TRAILER_ARTICLE,
    TRAILER_FETCHED,
    TRAILER_FIELD_SOURCES,
    TRAILER_KIND,
    parse_field_sources,
    parse_message,
)
from articlediff.store.seen import accept_history, lost_tips, record_tip
from articlediff.store.store import SOURCES, VERSIONS, Store, article_id_of

_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_REVERT: Final = re.compile(r"^This reverts commit ([0-9a-f]{40})\.?$", re.MULTILINE)
WordCounter = Callable[[Article | None, Article], tuple[int, int]]
_FSCK_HARMLESS: Final = ("dangling ", "unreachable ", "Checking ", "notice: ")
_LINK_PROBLEM: Final = "a symbolic link: articlediff never writes through one; remove it"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the store; ``commit`` and ``path`` where it applies. A
    ``warning`` is reported without failing ``verify`` (damage that a later revision
    repaired)."""

    message: str
    commit: str | None = None
    path: str | None = None
    warning: bool = False


@dataclass
class VerifyReport:
    """What ``verify`` looked at and what it found."""

    commits: int = 0
    revisions: int = 0
    articles: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.warning]

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "commits": self.commits,
            "revisions": self.revisions,
            "articles": self.articles,
            "problems": [
                {
                    "commit": p.commit,
                    "path": p.path,
                    "message": p.message,
                    "severity": "warning" if p.warning else "error",
                }
                for p in self.problems
            ],
        }


def verify_store(
    store: Store, *, count_words: WordCounter | None = None, accept_rewrite: bool = False
) -> VerifyReport:
    """Check the whole store (see the module docstring); never raises for a problem found.

    ``count_words`` (the words added and deleted between two articles, as ``log`` counts
    them) checks the cached figures too; without it, only their headlines are checked.
    ``accept_rewrite``: first forget the tips seen before that the branch no longer holds."""
    report = VerifyReport()
    report.problems += _fsck(store)
    try:
        store.git.branch_ref()
    except StoreError as error:
        report.problems.append(Problem(str(error)))
        return report
    head = store.git.head_commit()
    if head is None:
        report.problems.append(Problem("the store's branch has no commits"))
        return report
    report.problems += _config(store, head)
    report.problems += _links(store, head)
    try:
        merges = store.git.merges(head)
        report.problems += _shape(store, head, merges, accept_rewrite)
        # One walk for the article files and the sources kept beside them.
        history = store.git.log_changes("HEAD", VERSIONS, SOURCES)
    except StoreError as error:
        report.problems.append(Problem(f"cannot read the history: {error}"))
        return report
    articles: set[str] = set()
    # per article: (commit, problems, parses) of each revision, oldest first
    revisions: dict[str, list[tuple[str, list[Problem], bool]]] = {}
    reverts: dict[str, str] = {}  # commit -> the commit its message says it reverts
    files = _Files(
        store,
        [c.new_blob for _, changes in history for c in changes if c.new_blob is not None],
        keep=bool(cache_files(store)),
    )
    for entry, changes in history:
        kept = {c.path: c.new_blob for c in changes if c.path.startswith(f"{SOURCES}/")}
        changes = [c for c in changes if c.path == VERSIONS or c.path.startswith(f"{VERSIONS}/")]
        if not changes:
            continue
        report.commits += 1
        article_changes = []
        for change in changes:
            if change.path == f"{VERSIONS}/.gitkeep":
                continue
            if change.new_mode == LINK_MODE:
                report.problems.append(Problem(_LINK_PROBLEM, entry.commit, change.path))
                continue
            article_id = article_id_of(change.path)
            if article_id is None:
                report.problems.append(
                    Problem(
                        "not an article file (expected versions/<outlet>/<slug>.md)",
                        entry.commit,
                        change.path,
                    )
                )
                continue
            if change.new_blob is None:
                report.problems.append(
                    Problem(
                        "article file deleted: history is append-only", entry.commit, change.path
                    )
                )
                continue
            article_changes.append((article_id, change.path, change.new_blob))
        if not article_changes:
            continue
        if len(article_changes) > 1 and entry.commit not in merges:
            report.problems.append(
                Problem(
                    f"one commit changes {len(article_changes)} article files "
                    "(one save is one commit touching one article)",
                    entry.commit,
                )
            )
        reverted = _REVERT.search(entry.message)
        if reverted:
            reverts[entry.commit] = reverted.group(1)
        for article_id, path, blob in article_changes:
            report.revisions += 1
            articles.add(article_id)
            # A merge was reported once above; what it changed is still read as a revision.
            message = None if entry.commit in merges else entry.message
            found, parses = _revision(
                store, files, entry.commit, message, article_id, path, blob, kept
            )
            revisions.setdefault(article_id, []).append((entry.commit, found, parses))
    for rows in revisions.values():
        report.problems += _with_repairs(rows, reverts)
    report.articles = len(articles)
    report.problems += verify_caches(store, count_words, files.articles)
    if report.ok:
        record_tip(store.git, head)  # a tip verify vouched for: it must stay in the history
    return report


def _with_repairs(
    rows: list[tuple[str, list[Problem], bool]], reverts: dict[str, str]
) -> list[Problem]:
    """One article's problems, those of a damaged revision that a later one repaired (and
    the missing trailers of a ``git revert`` of it) made warnings."""
    unparsed = {commit for commit, _, parses in rows if not parses}
    problems: list[Problem] = []
    for k, (commit, found, parses) in enumerate(rows):
        repair = next((later for later, _, ok in rows[k + 1 :] if ok), None)
        if not parses and repair is not None:
            note = f" (repaired by {repair[:10]}: a warning)"
            problems += [replace(p, message=p.message + note, warning=True) for p in found]
            continue
        if reverts.get(commit) in unparsed:
            problems += [
                replace(
                    p,
                    message=p.message + " (a git revert of a damaged revision: a warning)",
                    warning=True,
                )
                if p.message.startswith("commit message lacks")
                else p
                for p in found
            ]
            continue
        problems += found
    return problems


def _shape(store: Store, head: str, merges: list[str], accept_rewrite: bool) -> list[Problem]:
    """Merge commits, replace refs, and tips this clone saw that the branch lost."""
    repo = store.git
    problems = []
    for merge in reversed(merges):
        first = repo.commits([merge])[0].parents[0]
        problems.append(
            Problem(
                "merge commit (a 'git pull' or 'git merge' by hand; sync never makes one): "
                "readers follow its first parent, where the revisions it merged show as one; "
                f"if it is not pushed yet, undo it with 'git reset --keep {first[:10]}' and "
                "run 'articlediff sync' (see docs/team.md)",
                merge,
            )
        )
    for ref in repo.replace_refs():
        replaced = ref.removeprefix("refs/replace/")
        problems.append(
            Problem(
                f"replace ref {ref}: 'git replace' makes git show another object in place of "
                f"{replaced[:10]}; articlediff reads the stored one; remove the ref with "
                f"'git replace -d {replaced[:10]}'"
            )
        )
    if accept_rewrite:
        accept_history(repo, head)
    for tip in lost_tips(repo, head):
        problems.append(
            Problem(
                f"the branch no longer holds {tip.commit[:10]}, its tip when this clone saw "
                f"it at {tip.seen}: its history was rewritten (git reset, rebase, commit "
                "--amend, filter-branch, or a forced push fetched by hand); once reviewed, "
                "accept it with 'articlediff verify --accept-rewrite'",
                tip.commit,
            )
        )
    return problems


def _fsck(store: Store) -> list[Problem]:
    try:
        status, printed = store.git.fsck()
    except StoreError as error:  # git could not be run at all
        return [Problem(str(error))]
    lines = [
        line.strip()
        for line in printed
        if line.strip() and not line.strip().startswith(_FSCK_HARMLESS)
    ]
    problems = [Problem(f"git fsck: {line}") for line in lines]
    if status != 0 and not problems:
        problems.append(Problem(f"git fsck failed with exit status {status}"))
    return problems


def _links(store: Store, head: str) -> list[Problem]:
    """Symbolic links under ``versions/`` and ``sources/``: on the branch (a clone checks
    them out) and in the working copy, down to the outlet folders. articlediff never writes
    through one (``store.files``); each is a problem to remove."""
    problems = [
        Problem(_LINK_PROBLEM, head, path)
        for path in store.git.links_in(head, SOURCES)  # versions/: in the history below
    ]
    for top in (VERSIONS, SOURCES):
        folder = store.root / top
        found = [folder] if folder.is_symlink() else []
        if folder.is_dir() and not folder.is_symlink():
            found += sorted(entry for entry in folder.iterdir() if entry.is_symlink())
        problems += [
            Problem(f"symbolic link in the working copy: {_LINK_PROBLEM}", None, str(link))
            for link in found
        ]
    return problems


def _config(store: Store, head: str) -> list[Problem]:
    blob = store.git.blob_at(head, CONFIG_NAME)
    if blob is None:
        return [Problem(f"{CONFIG_NAME} is missing from the branch", head)]
    try:
        parse_config(store.git.read_blob(blob).decode("utf-8"), CONFIG_NAME)
    except UnicodeDecodeError:
        return [Problem("not valid UTF-8", head, CONFIG_NAME)]
    except StoreError as error:
        return [Problem(str(error), head)]
    return []


class _Files:
    """The article files of the history, read from git a batch at a time in the order the
    walk asks for them (one round trip to ``git cat-file`` per batch, not per file)."""

    AHEAD = 256

    def __init__(self, store: Store, order: list[str], *, keep: bool = False) -> None:
        self.store = store
        self.order = order  # every blob the walk may ask for, in its order
        self.cursor = 0
        self.read: dict[str, bytes | None] = {}
        self.keep = keep
        self.articles: dict[str, Article] = {}  # when ``keep``: each file that parsed
        self._paragraphs: dict[str, str] = {}

    def parsed(self, blob: str, article: Article) -> None:
        """Keep the article of ``blob`` for the caches' check (a paragraph that many
        revisions share is kept once)."""
        if self.keep:
            same = self._paragraphs
            body = tuple(same.setdefault(text, text) for text in article.body)
            self.articles[blob] = replace(article, body=body)

    def data(self, blob: str) -> bytes | None:
        """The file ``blob``; ``None`` if it is missing."""
        if blob not in self.read:
            try:
                self.cursor = self.order.index(blob, self.cursor)
            except ValueError:
                self.order, self.cursor = [blob], 0
            wanted = list(dict.fromkeys(self.order[self.cursor : self.cursor + self.AHEAD]))
            found = self.store.git.read_objects(wanted)
            self.read = {
                name: None if got is None or got.kind != "blob" else got.data
                for name, got in zip(wanted, found, strict=True)
            }
        return self.read[blob]


def _revision(
    store: Store,
    files: _Files,
    commit: str,
    text: str | None,
    article_id: str,
    path: str,
    blob: str,
    kept: dict[str, str | None],
) -> tuple[list[Problem], bool]:
    """The revision's problems, and whether its file parses: its message (``text``; ``None``
    for a merge, whose message is not a revision's), its file and the sources ``kept`` in
    its commit (their blobs by path)."""
    problems = []

    def problem(message: str) -> None:
        problems.append(Problem(message, commit, path))

    message = parse_message(text) if text is not None else None
    if message is None and text is not None:
        problem(
            f"commit message lacks valid {TRAILER_ARTICLE} and {TRAILER_KIND} trailers "
            "(not written by articlediff, or altered)"
        )
    elif message is not None:
        if message.article_id != article_id:
            problem(
                f"{TRAILER_ARTICLE} trailer says {message.article_id!r}, file is {article_id!r}"
            )
        if message.source_sha256 is not None and not _SHA256.fullmatch(message.source_sha256):
            problem(f"Source-Sha256 trailer is not a SHA-256: {message.source_sha256[:80]!r}")
        if message.source_url is not None and not _web_address(message.source_url):
            problem(f"Source-Url trailer is not an http(s) address: {message.source_url[:80]!r}")
        extra = dict(message.extra)
        fetched = extra.get(TRAILER_FETCHED)
        if fetched is not None and not _aware_time(fetched):
            problem(f"Fetched-At trailer is not a time with its UTC offset: {fetched[:80]!r}")
        sources = extra.get(TRAILER_FIELD_SOURCES)
        if sources is not None and parse_field_sources(sources) is None:
            problem(
                f"{TRAILER_FIELD_SOURCES} trailer is not 'field=source; ...' as articlediff "
                f"writes it: {sources[:80]!r}"
            )
    data = files.data(blob)
    if data is None:
        problem(f"cannot read object {blob[:12]}: it is missing")
        return problems, True  # a missing object is never repaired: fsck reports it too
    try:
        parsed = parse_markdown(data.decode("utf-8"), name=path, tz=store.tz, strict=True)
    except UnicodeDecodeError:
        problem("not valid UTF-8")
        return problems, False
    except InputError as error:
        problem(f"does not parse: {error}")
        return problems, False
    files.parsed(blob, parsed.article)
    if parsed.article_id is not None and parsed.article_id != article_id:
        problem(f"front matter id {parsed.article_id!r} does not match the file's {article_id!r}")
    if message is not None and message.source_sha256:
        problems += _kept_sources(store, commit, kept, article_id, message.source_sha256)
    return problems, True


def _kept_sources(
    store: Store, commit: str, kept: dict[str, str | None], article_id: str, sha256: str
) -> list[Problem]:
    """A source kept in the same commit (``kept``: the blob of each source file the commit
    changes, by path) must be the one the trailer names."""
    outlet, slug = article_id.split("/")
    problems = []
    for change, blob in sorted(kept.items()):
        if not change.startswith(f"{SOURCES}/{outlet}/"):
            continue
        name = change.rpartition("/")[2]
        if name.partition(".")[0] != slug or blob is None:
            continue
        if hashlib.sha256(store.git.read_blob(blob)).hexdigest() != sha256:
            problems.append(
                Problem("kept source does not match the Source-Sha256 trailer", commit, change)
            )
    return problems


def _aware_time(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# -- the caches --------------------------------------------------------------------------


def cache_files(store: Store) -> list[tuple[str, Path]]:
    """Every cache file of the store, with the article path it is the cache of."""
    folder = store.git.git_dir / CACHE_FOLDER
    found = []
    for file in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
        if file.is_file():
            found.append((file.relative_to(folder).as_posix().removesuffix(".json"), file))
    return found


def verify_caches(
    store: Store, count_words: WordCounter | None = None, known: dict[str, Article] | None = None
) -> list[Problem]:
    """Each cache file that is not sealed by this clone or disagrees with a fresh read
    (``known``: articles already read, by blob)."""
    problems = []
    for path, file in cache_files(store):
        where = file.relative_to(store.git.git_dir).as_posix()
        cause = _cache_disagreement(store, path, file, count_words, known or {})
        if cause is not None:
            problems.append(
                Problem(
                    f"cache {where} {cause}: reads ignore it; 'articlediff verify --repair' "
                    "rebuilds it",
                    path=path,
                )
            )
    return problems


def repair_caches(store: Store, problems: list[Problem]) -> int:
    """Delete the cache files ``problems`` name (the next read of each article rebuilds
    its cache); how many were deleted."""
    bad = {problem.path for problem in problems if problem.message.startswith("cache ")}
    removed = 0
    for path, file in cache_files(store):
        if path in bad:
            file.unlink(missing_ok=True)
            removed += 1
    return removed


def _cache_disagreement(
    store: Store,
    path: str,
    file: Path,
    count_words: WordCounter | None,
    known: dict[str, Article],
) -> str | None:
    """Why the cache file of ``path`` cannot be trusted, or ``None`` if it agrees."""
    if article_id_of(path) is None:
        return "is not the cache of an article file"
    cache = ArticleCache(store.git.git_dir, path)
    if cache_format(file) != 2:
        return None  # an older format: stale, rewritten by the next read
    if cache.sealed() is None:
        return "does not match its seal (edited by hand, or copied from elsewhere)"
    cached = cache.history()
    if (
        cached is not None
        and store.git.resolve(cached.tip) is not None
        and list(cached.entries) != store.git.file_log(path, cached.tip)
    ):
        return f"lists other commits than git log {cached.tip[:10]} -- {path}"
    figures_by_pair = cache.figures()
    wanted = {blob for pair in figures_by_pair for blob in pair if blob and blob not in known}
    articles = {**_articles(store, path, sorted(wanted)), **known}
    for (before, after), figures in figures_by_pair.items():
        old, new = articles.get(before), articles.get(after)
        if new is None or (before and old is None):
            continue  # an object gone: reads report it, and fsck
        if figures.headline != new.headline:
            return f"holds another headline for blob {after[:10]}"
        if count_words is not None and count_words(old, new) != (
            figures.words_added,
            figures.words_deleted,
        ):
            return f"holds other word counts for blob {after[:10]}"
    return None


def _articles(store: Store, path: str, blobs: list[str]) -> dict[str, Article]:
    """The article of each of ``blobs`` that is there and parses."""
    articles = {}
    for blob, found in zip(blobs, store.git.read_objects(blobs), strict=True):
        if found is None:
            continue
        try:
            articles[blob] = store.parse_stored(path, blob, found.data)
        except StoreError:
            continue
    return articles
