"""The store: a git repository holding one Markdown file per article under ``versions/``.

The store package is the only one that touches git, and this module reaches it through
``gitrepo`` only. Every save is one commit that touches one article file, written under the
store's lock and landed by a compare-and-swap of the branch, so concurrent saves serialise
and an interrupted save changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from articlediff import ingest  # its modules (and YAML) load on first use: log needs neither
from articlediff.common.timeutil import check_revision_time, format_time, now, within, zone
from articlediff.errors import InputError, NotFoundError, StoreError
from articlediff.model import (
    Article,
    Revision,
    RevisionInfo,
    check_revision_kind,
    resolve_revision,
    validate_article_id,
    with_article,
)
from articlediff.store.cache import ArticleCache, FiguresByPair, cache_path
from articlediff.store.claims import Claims
from articlediff.store.config import CONFIG_NAME, StoreConfig, default_config_text, read_config
from articlediff.store.files import check_no_links, guard_os_error
from articlediff.store.gitobjects import GitObject, tree_path_names
from articlediff.store.gitrepo import GitRepo, LogEntry, NotRefreshed, git_moment
from articlediff.store.lock import LOCK_NAME as LOCK_NAME  # sync takes it from here
from articlediff.store.messages import (
    RevisionMessage,
    check_trailers,
    format_message,
    one_line,
    parse_message,
    stored_field_sources,
)
from articlediff.store.pairnotes import PairNotes
from articlediff.store.seen import record_tip

VERSIONS = "versions"
SOURCES = "sources"
STORE_ENV = "ARTICLEDIFF_STORE"


@dataclass(frozen=True)
class RevisionFile:
    """A revision and the blob its article file had: enough to list it, and to read it.
    ``missing`` says why it cannot be read when the object database lacks what it names."""

    revision: RevisionInfo
    blob: str
    missing: str | None = None


@dataclass(frozen=True)
class DamagedRevision:
    """A revision whose file cannot be read (missing from the object database, or not a
    valid article file), and the later revision that repaired it, if one reads.

    Only a file that does not parse is repaired by a later revision (a revert, a fixed file):
    a missing object is damage to the store itself, which no commit repairs; the object has
    to be restored (see docs/team.md)."""

    revision: RevisionInfo
    cause: str
    repaired_by: RevisionInfo | None = None
    missing: bool = False


@dataclass(frozen=True)
class ArticleHistory:
    """An article's revisions that read, oldest first (each keeps its own number, so a
    damaged one leaves a gap), and the damaged ones."""

    article_id: str
    revisions: list[Revision]
    damaged: list[DamagedRevision]
    blobs: Mapping[str, str] = field(default_factory=dict)  # commit -> the article file's blob

    @property
    def unrepaired(self) -> DamagedRevision | None:
        """The damaged latest revision, if the latest is damaged: then the article's text as
        it stands cannot be read."""
        return next((d for d in self.damaged if d.repaired_by is None), None)


class DamageError(StoreError):
    """A read that needed a damaged revision: one line naming the article, the revision and
    the cause."""

    def __init__(self, damaged: DamagedRevision) -> None:
        revision = damaged.revision
        super().__init__(
            f"damaged revision {revision.article_id} {revision.label} "
            f"({revision.short_commit}, {revision.path}): {damaged.cause}; see 'Repairing a "
            "damaged revision' in docs/team.md"
        )
        self.damaged = damaged


@dataclass(frozen=True)
class ArticleSummary:
    """One line of ``list``: an article and the span of its history."""

    article_id: str
    revisions: int
    first: datetime
    latest: datetime


@dataclass(frozen=True)
class _Tip:
    """What a write builds on: see ``Store._tip``."""

    log: Sequence[LogEntry]
    files: list[RevisionFile]
    previous: Revision | None
    previous_blob: str | None
    trees: list[GitObject | None]


@dataclass(frozen=True)
class SaveBase:
    """What a write builds on, read under the store's lock at the branch tip the write will
    compare-and-swap: the article's revisions so far (oldest first), its latest revision
    with its text (``None`` for a new article), and the time it is now."""

    article_id: str
    history: tuple[RevisionInfo, ...]
    latest: Revision | None
    now: datetime

    @property
    def next_label(self) -> str:
        """The r-number the revision being written will have."""
        return f"r{len(self.history) + 1}"


@dataclass(frozen=True)
class Draft:
    """The revision an edit builds from a ``SaveBase``: see ``Store.write``."""

    article: Article
    at: datetime | None = None  # default: the article's updated, else published, else now
    kind: str | None = None  # default: published for a first revision, else update
    note: str = ""
    source_url: str | None = None
    source_sha256: str | None = None
    allow_earlier: bool = False
    allow_future: bool = False
    extra_files: Mapping[str, bytes] = field(default_factory=dict)
    trailers: Mapping[str, str] = field(default_factory=dict)  # messages.EXTRA_TRAILERS


Edit = Callable[[SaveBase], "Draft | None"]


@dataclass(frozen=True)
class SaveOutcome:
    """What ``save`` did: the new revision, or ``None`` when the text was unchanged."""

    article_id: str
    revision: Revision | None
    previous: Revision | None
    # The blobs of the article's file before ("" for a first revision) and after the save.
    blobs: tuple[str, str] | None = None
    not_refreshed: NotRefreshed | None = None  # landed, but the working copy lags

    @property
    def unchanged(self) -> bool:
        return self.revision is None


def article_path(article_id: str) -> str:
    """The file of an article inside the store, e.g. ``versions/gbnews/putin-kim.md``."""
    outlet, slug = validate_article_id(article_id).split("/")
    return f"{VERSIONS}/{outlet}/{slug}.md"


SOURCE_SUFFIXES = ("html", "txt", "md", "json")


def source_path(article_id: str, suffix: str = "html") -> str:
    """Where ``save --keep-source`` keeps an article's raw source, e.g.
    ``sources/<outlet>/<slug>.html`` for a page (suffixes: ``SOURCE_SUFFIXES``)."""
    outlet, slug = validate_article_id(article_id).split("/")
    return f"{SOURCES}/{outlet}/{slug}.{suffix}"


def check_source_path(path: str) -> str:
    """``path`` if it is a file under ``sources/`` named like an article's; else ``InputError``."""
    parts = path.split("/")
    stem, _, suffix = parts[-1].partition(".")
    if len(parts) != 3 or parts[0] != SOURCES or suffix not in SOURCE_SUFFIXES:
        raise InputError(f"invalid source path {path!r}: expected sources/<outlet>/<slug>.<ext>")
    try:
        validate_article_id(f"{parts[1]}/{stem}")
    except InputError:
        raise InputError(
            f"invalid source path {path!r}: expected sources/<outlet>/<slug>.<ext>"
        ) from None
    return path


def init_store(path: Path, timezone: str = "UTC") -> tuple[Store, bool]:
    """Create a store at ``path``; return it and whether anything was created.

    An existing store is left exactly as it is. An existing git repository that is not yet a
    store becomes one with a single commit adding ``articlediff.toml``. A folder inside a
    store is refused (``InputError``): a store never holds another.
    """
    zone(timezone)  # refuse an unknown zone before creating anything
    root = path.resolve()
    if _is_store_root(root):
        return Store(root), False
    enclosing = next((folder for folder in root.parents if _is_store_root(folder)), None)
    if enclosing is not None:
        raise InputError(
            f"{path} is inside the store at {enclosing}: a store cannot hold another; "
            "choose a folder outside it"
        )
    if root.exists() and not root.is_dir():
        raise InputError(f"{path}: exists and is not a folder")
    with guard_os_error(root, "create"):
        root.mkdir(parents=True, exist_ok=True)
    repo = GitRepo(root) if (root / ".git").exists() else GitRepo.init(root)
    # Every save refreshes one entry of the index; a split index rewrites only the changed
    # entries, not one per article (git's own option for large working trees).
    repo.git_output("config", "core.splitIndex", "true")
    config_text = default_config_text(timezone).encode()
    keep = b""
    files = {CONFIG_NAME: config_text, f"{VERSIONS}/.gitkeep": keep}
    with repo.writing():
        for name in files:
            check_no_links(root, name)
        head = repo.head_commit()
        blobs = {name: repo.write_object("blob", data) for name, data in files.items()}
        tree = repo.tree_with_file(
            repo.tree_of(head) if head else None, CONFIG_NAME, blobs[CONFIG_NAME]
        )
        tree = repo.tree_with_file(tree, f"{VERSIONS}/.gitkeep", blobs[f"{VERSIONS}/.gitkeep"])
        moment = now(zone(timezone))
        commit = repo.write_commit(
            tree,
            head,
            "init: articlediff store\n",
            repo.identity(),
            moment,
            moment,
        )
        repo.move_branch(repo.branch_ref(), commit, head, "articlediff init")
        record_tip(repo, commit, parent=head)
        try:
            repo.sync_worktree_files({name: (blobs[name], files[name]) for name in files})
        except StoreError as error:
            raise StoreError(
                f"{error}; the store's first commit is made: once that is fixed, run "
                f"'git -C {root} checkout HEAD -- .'"
            ) from None
    repo.close()
    return Store(root), True


def _is_store_root(folder: Path) -> bool:
    return (folder / CONFIG_NAME).is_file() and (folder / ".git").exists()


def find_store_root(explicit: str | None, cwd: Path) -> Path:
    """The store to use: ``explicit`` (``--store``), else ``$ARTICLEDIFF_STORE``, else the
    nearest folder at or above ``cwd`` holding ``articlediff.toml`` beside ``.git``."""
    chosen = explicit or os.environ.get(STORE_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        if not (root / CONFIG_NAME).is_file():
            raise StoreError(f"{chosen}: not an articlediff store (no {CONFIG_NAME})")
        return root
    for folder in (cwd.resolve(), *cwd.resolve().parents):
        if _is_store_root(folder):
            return folder
    raise StoreError(
        f"not inside an articlediff store ({cwd}); run 'articlediff init' or pass --store"
    )


ONE_WALK_FROM = 50
"""Articles read from a cold cache from which one walk of the whole branch costs less than
one ``git log -- path`` each (with git's changed-path filters, such a log costs about a
fiftieth of a walk that lists every commit's files): see ``Store.reading_many``."""

CACHES_KEPT = 1024
"""Articles whose parsed cache files an open store keeps (the most recently read): enough for
a command that reads an article more than once (``log``: its history, then its figures;
``site``: a chunk of 200 articles), and a bound for one that reads the whole store (about
6 KB an article, which grew to gigabytes at a million articles)."""


class Store:
    """An open store. Reads need no lock; writes take the store's lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config: StoreConfig = read_config(root)
        self.tz = self.config.tz
        self.git = GitRepo(root)
        self.pair_notes = PairNotes(self.git)
        self._changed: dict[tuple[str, str], frozenset[str] | None] = {}
        self._caches: OrderedDict[str, tuple[tuple[int, int, int], ArticleCache]] = OrderedDict()
        self._reading_all = False
        self._branch: tuple[str, dict[str, bytes]] | None = None  # (head, branch_files)
        self._claims: Claims | None = None  # the last every_revision's, see store.claims
        if not (root / CONFIG_NAME).is_file():
            raise StoreError(f"{root}: not an articlediff store (no {CONFIG_NAME})")

    def close(self) -> None:
        self.git.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    def history(self, article_id: str, *, at_commit: str = "HEAD") -> list[Revision]:
        """Every revision of the article that reads, oldest first; ``NotFoundError`` if it
        has none, ``StoreError`` if its latest revision is damaged (see ``read_history``)."""
        read = self.read_history(article_id, at_commit=at_commit)
        if read.unrepaired is not None:
            raise DamageError(read.unrepaired)
        return read.revisions

    def read_history(
        self,
        article_id: str,
        *,
        at_commit: str = "HEAD",
        files: Sequence[RevisionFile] | None = None,
    ) -> ArticleHistory:
        """The article's revisions that read and the damaged ones. A damaged revision
        followed by one that reads (a revert, a fixed file) is repaired: the history goes on
        without it. ``NotFoundError`` if the article has no revisions. ``files``: what
        ``revision_files`` gave for it, when the caller has it already."""
        if files is None:
            files = self.revision_files(article_id, at_commit=at_commit)
        read = self.try_articles(files)
        revisions = [
            with_article(file.revision, article)
            for file, article in zip(files, read, strict=True)
            if isinstance(article, Article)
        ]
        damaged = [d for d in read if isinstance(d, DamagedRevision)]
        blobs = {file.revision.commit: file.blob for file in files}
        return ArticleHistory(article_id, revisions, repairs(damaged, revisions), blobs)

    def try_articles(self, files: Sequence[RevisionFile]) -> list[Article | DamagedRevision]:
        """The article of each of ``files``, or its damage, read in one go (one request
        after another to ``git cat-file``, with no work in between to keep it waiting)."""
        found = self.git.read_objects([file.blob for file in files if file.missing is None])
        stored = iter(found)
        read: list[Article | DamagedRevision] = []
        for file in files:
            if file.missing is not None:
                read.append(DamagedRevision(file.revision, file.missing, missing=True))
                continue
            try:
                read.append(self._parse_file(file, next(stored)))
            except DamageError as error:
                read.append(error.damaged)
        return read

    def revision_files(self, article_id: str, *, at_commit: str = "HEAD") -> list[RevisionFile]:
        """Every revision of the article, oldest first, from its commits alone (one ``git
        log``, or the article's cache; no article is read); ``NotFoundError`` if it has none.

        Cache or not, each revision's commit is checked to hold the file's blob, and the
        blob to be in the object database (one ``cat-file --batch-check``): a revision whose
        objects are missing is marked ``missing``. A cached list that disagrees with git is
        dropped and the history read from git.
        """
        path = article_path(article_id)
        log, cached = self._file_log(path, at_commit)
        files = self._files_of(article_id, log)
        found = self.git.present([f"{file.revision.commit}:{path}" for file in files])
        disagrees = any(sha != file.blob for sha, file in zip(found, files, strict=True))
        head = self.git.head_commit()
        if cached and head is not None and (disagrees or not files):
            log = self.git.file_log(path, head)
            ArticleCache(self.git.git_dir, path).keep_history(head, log)
            files = self._files_of(article_id, log)
            found = self.git.present([f"{file.revision.commit}:{path}" for file in files])
        if not files:
            raise NotFoundError(f"unknown article {article_id!r}: see 'articlediff list'")
        if all(sha == file.blob for sha, file in zip(found, files, strict=True)):
            return files
        return self._mark_missing(files, found)

    def _mark_missing(
        self, files: list[RevisionFile], found: list[str | None]
    ) -> list[RevisionFile]:
        """``files`` with those whose objects are not all there marked ``missing``."""
        lost = [file for file, sha in zip(files, found, strict=True) if sha != file.blob]
        blobs = self.git.present([file.blob for file in lost])
        commits = self.git.present([file.revision.commit for file in lost])
        why = {}
        for file, blob, commit in zip(lost, blobs, commits, strict=True):
            if commit is None:
                why[file.revision.commit] = "its commit is missing from the object database"
            elif blob is None:
                why[file.revision.commit] = (
                    f"its file (blob {file.blob[:10]}) is missing from the object database"
                )
            else:
                why[file.revision.commit] = "a tree on its path is missing from the object database"
        return [replace(file, missing=why.get(file.revision.commit)) for file in files]

    def _files_of(self, article_id: str, log: Sequence[LogEntry]) -> list[RevisionFile]:
        path = article_path(article_id)
        files: list[RevisionFile] = []
        for entry in log:
            if entry.blob is None:
                continue  # the file was deleted by hand; its earlier revisions stay readable
            info = self._revision(article_id, path, entry, len(files) + 1)
            files.append(RevisionFile(info, entry.blob))
        return files

    def _file_log(self, path: str, at_commit: str) -> tuple[Sequence[LogEntry], bool]:
        """The commits that touched ``path``, and whether any came from the cache."""
        if at_commit != "HEAD":
            return self.git.file_log(path, at_commit), False
        return self._branch_file_log(path, self.git.head_commit())

    def _branch_file_log(self, path: str, head: str | None) -> tuple[Sequence[LogEntry], bool]:
        """The commits that touched ``path`` up to the branch's ``head``, oldest first, and
        whether any came from the cache. They come from the article's cache, with only the
        commits since it was written read from git (see ``store.cache``): reading one article
        costs the same however many others there are.

        A save of another article moves the branch on from every other cache's tip without
        changing their articles: which articles the commits since a tip changed is read once
        per (tip, head) for the whole store (``_changed_since``), and an article none of them
        changed keeps its cached commits, with no git process of its own."""
        if head is None:
            return [], False  # a new store: nothing saved yet
        cache = self._article_cache(path)
        cached = cache.history()
        if cached is not None and cached.tip == head:
            return cached.entries, True
        since = f"{cached.tip}..{head}" if cached else ""
        changed = self._changed_since(cached.tip, head) if cached else None
        if cached and changed is not None and path not in changed:
            entries, from_cache = list(cached.entries), bool(cached.entries)
        elif cached and changed is not None:
            entries = [*cached.entries, *self.git.file_log(path, since)]
            from_cache = bool(cached.entries)
        else:
            entries, from_cache = self._cold_file_log(path, head), False
        cache.keep_history(head, entries)
        return entries, from_cache

    @contextlib.contextmanager
    def reading_many(self, articles: int) -> Iterator[None]:
        """Within it, when ``articles`` (how many the caller will read) is at least
        ``ONE_WALK_FROM``, the commits of an article whose cache cannot give them are taken
        from one walk of the whole branch (``GitRepo.branch_files``, made at the first such
        article) instead of a ``git log -- path`` each: each of those walks the branch too,
        so reading every article of a cold store one by one costs the square of its size.
        For the commands that read many articles: ``check``, ``site``, ``feed``, ``batch``,
        ``reindex``.
        What is read is the same either way."""
        self._reading_all = self.one_walk_pays(articles)
        try:
            yield
        finally:
            self._reading_all = False
            self._branch = None

    @staticmethod
    def one_walk_pays(articles: int) -> bool:
        """Whether one walk of the whole branch costs less than reading the commits of
        ``articles`` articles one ``git log -- path`` each (``ONE_WALK_FROM``)."""
        return articles >= ONE_WALK_FROM

    def _cold_file_log(self, path: str, head: str) -> list[LogEntry]:
        """The commits that touched ``path`` up to ``head``, read from git (no cache): from
        one walk of the branch within ``reading_many`` (exact, for store-wide reads), else
        from the claims of ``every_revision``'s walk when the file's chain holds there (the
        few articles of a feed: see ``store.claims``), else from ``git log -- path``."""
        if self._reading_all:
            if self._branch is None or self._branch[0] != head:
                self._branch = (head, self.git.branch_files(head, VERSIONS))
            entries = self.git.commit_entries(self._branch[1].get(path, b""))
            if entries is not None:
                return entries
        elif self._claims is not None and self._claims.head == head:
            claimed = self._claims.file_log(path)
            if claimed is not None:
                return claimed
        return self.git.file_log(path, head)

    def every_revision(self, *, exact: bool = False) -> Iterator[RevisionInfo]:
        """Every revision of every article on the branch, oldest first, from one walk of the
        branch: each as ``revision_files`` numbers and tells it, without reading any file or
        checking the objects (whether the revision reads is for its reader to find). An
        article whose file is not on the branch now (deleted by hand) is left out, as
        ``article_ids`` leaves it out.

        By default the walk reads the commits' headers and messages and takes which article
        a commit changed from its ``Article-Id`` trailer (git says it for a commit without
        one, or a merge): a cost per commit, whatever the width of the outlet folders. Those
        trailers are claims until ``claims_hold`` says they hold for the revisions that
        matter (``store.claims``). ``exact``: the files each commit changed, read from git
        (``GitRepo.walk_changes``, a tree comparison per commit)."""
        head = self.git.head_commit()
        if head is None:
            return
        paths = {article_path(article_id): article_id for article_id in self.article_ids()}
        counts: dict[str, int] = {}
        walk: Iterator[tuple[LogEntry, list[tuple[str, str | None]]]]
        if exact:
            walk = (
                (entry, [(change.path, change.new_blob) for change in changes])
                for entry, changes in self.git.walk_changes(head, VERSIONS)
            )
        else:
            self._claims = Claims(self.git, head, VERSIONS, article_path)
            walk = self._claims.walk()
        for entry, changes in walk:
            for path, blob in changes:
                article_id = paths.get(path)
                if article_id is None or blob is None:
                    continue
                counts[path] = number = counts.get(path, 0) + 1
                yield self._revision(article_id, path, entry, number)

    def claims_hold(self, since: datetime | None) -> bool:
        """Whether the commits of the last ``every_revision`` walk whose revision time is
        ``since`` or later (``None``: all of them) change exactly the article their trailer
        names (each compared with its parent by git: ``Claims.hold``)."""
        return self._claims is not None and self._claims.hold(since)

    def _changed_since(self, tip: str, head: str) -> frozenset[str] | None:
        """The article files the commits of ``tip..head`` change, or ``None`` when they do
        not follow ``tip`` on a line of history (``tip`` is not an ancestor of ``head``, or
        a merge is among them: across a merge git orders commits by date, and so must a
        second read). Commits never change, so the answer is kept for this store's life."""
        key = (tip, head)
        if key not in self._changed:
            span = f"{tip}..{head}"
            on_a_line = self.git.is_ancestor(tip, head) and not self.git.has_merges(span)
            self._changed[key] = self.git.paths_changed(span, VERSIONS) if on_a_line else None
        return self._changed[key]

    def read_articles(self, files: Sequence[RevisionFile]) -> list[Article]:
        """The articles of ``files``, read by one ``git cat-file``; ``StoreError`` for the
        first that cannot be read."""
        for file in files:
            if file.missing is not None:
                raise DamageError(DamagedRevision(file.revision, file.missing, missing=True))
        found = self.git.read_objects([file.blob for file in files])
        return [self._parse_file(file, stored) for file, stored in zip(files, found, strict=True)]

    def _parse_file(self, file: RevisionFile, stored: GitObject | None) -> Article:
        """The article in ``file``'s blob as read; ``DamageError`` if it cannot be."""
        if stored is None:
            cause = "its file is missing from the object database"
            raise DamageError(DamagedRevision(file.revision, cause, missing=True))
        try:
            return self.parse_stored(file.revision.path, file.revision.commit, stored.data)
        except StoreError as error:
            name = f"{file.revision.path} at {file.revision.commit[:10]}: "
            cause = str(error).removeprefix("damaged revision: ").removeprefix(name)
            raise DamageError(DamagedRevision(file.revision, cause)) from None

    def _revision(self, article_id: str, path: str, entry: LogEntry, number: int) -> RevisionInfo:
        message = parse_message(entry.message)
        return RevisionInfo(
            article_id=article_id,
            number=number,
            commit=entry.commit,
            kind=message.kind if message else ("published" if number == 1 else "update"),
            at=entry.author_date,
            recorded=entry.committer_date,
            note=message.note if message else "",
            source_url=message.source_url if message else None,
            source_sha256=message.source_sha256 if message else None,
            path=path,
            field_sources=stored_field_sources(message),
        )

    def log_figures(self, article_id: str) -> FiguresByPair:
        """What ``log`` worked out before from the article's files: see ``store.cache``."""
        return self._article_cache(article_path(article_id)).figures()

    def remember_log_figures(self, article_id: str, figures: FiguresByPair) -> None:
        self._article_cache(article_path(article_id)).keep_figures(figures)

    def kept_result(self, article_id: str, name: str, key: str) -> object | None:
        """What a command kept in the article's cache under ``name`` for ``key`` (see
        ``store.cache``), or ``None``."""
        return self._article_cache(article_path(article_id)).kept_result(name, key)

    def keep_result(self, article_id: str, name: str, key: str, value: object) -> None:
        """Keep ``value`` in the article's cache under ``name`` for ``key`` (best effort)."""
        self._article_cache(article_path(article_id)).keep_result(name, key, value)

    def _article_cache(self, path: str) -> ArticleCache:
        """The article's cache, its file read once for as long as it stays as it was (a
        ``log`` reads its history and its figures from one read; a long-running command
        sees what another process writes), for the ``CACHES_KEPT`` articles read last."""
        cache = ArticleCache(self.git.git_dir, path)
        stamp = cache.stamp()
        kept = self._caches.get(path)
        if stamp is None:
            return cache
        if kept is not None and kept[0] == stamp:
            self._caches.move_to_end(path)
            return kept[1]
        self._caches[path] = (stamp, cache)
        self._caches.move_to_end(path)
        if len(self._caches) > CACHES_KEPT:
            self._caches.popitem(last=False)
        return cache

    def _load(self, path: str, commit: str, blob: str) -> Article:
        return self.parse_stored(path, commit, self.git.read_blob(blob))

    def parse_stored(self, path: str, commit: str, data: bytes) -> Article:
        """The article in a stored file's bytes; ``StoreError`` if the file is damaged."""
        name = f"{path} at {commit[:10]}"
        try:
            return ingest.load_article(data.decode("utf-8"), name=name, tz=self.tz)
        except UnicodeDecodeError:
            raise StoreError(f"{name}: not valid UTF-8; the file was damaged") from None
        except InputError as error:
            raise StoreError(f"damaged revision: {error}") from None

    def resolve(self, article_id: str, ref: str) -> Revision:
        """The revision ``ref`` names: see ``model.resolve_revision``.

        Only the revision named and the latest are built in full and checked against git
        (each commit holds its blob, the blob is there) and read: the commits' times and ids
        are enough to find the one named. When either check fails, or the name does not
        resolve, the whole history is checked as ``revision_files`` does (the cache dropped
        if it disagrees with git) and resolved again, so that what is reported is what a
        full read says."""
        path = article_path(article_id)
        entries = [e for e in self._file_log(path, "HEAD")[0] if e.blob is not None]
        try:
            bare = [
                RevisionInfo(article_id, n, e.commit, "", e.author_date, e.committer_date)
                for n, e in enumerate(entries, 1)
            ]
            number = resolve_revision(bare, ref, self.tz).number if bare else 0
        except (InputError, NotFoundError):
            number = 0  # said again, or not, by the full read below
        if number:
            wanted = sorted({number, len(entries)})
            found = self.git.present([f"{entries[n - 1].commit}:{path}" for n in wanted])
            if found == [entries[n - 1].blob for n in wanted]:
                files = [
                    RevisionFile(self._revision(article_id, path, entries[n - 1], n), blob)
                    for n, blob in zip(wanted, found, strict=True)
                    if blob is not None
                ]
                return with_article(files[0].revision, self.read_articles(files)[0])
        return self._resolve_in(self.revision_files(article_id), ref)

    def _resolve_in(self, files: list[RevisionFile], ref: str) -> Revision:
        """``resolve`` over the whole history, each revision checked."""
        named = resolve_revision([file.revision for file in files], ref, self.tz)
        file = files[named.number - 1]
        # The latest is read too, and any missing object reported: if the article as it
        # stands cannot be read, every read of it says so (see ``history``).
        lost = next((other for other in files if other.missing is not None), None)
        latest = [] if file is files[-1] else [files[-1]]
        if lost is not None:
            latest.append(lost)
        return with_article(named, self.read_articles([file, *latest])[0])

    def article_ids(self) -> list[str]:
        head = self.git.head_commit()
        if head is None:
            return []
        ids = []
        for path in self.git.ls_tree(head, VERSIONS):
            article_id = article_id_of(path)
            if article_id:
                ids.append(article_id)
        return sorted(ids)

    def summaries(self) -> list[ArticleSummary]:
        """Every article with its revision count and first and latest times, by id.

        One walk of the history serves every article, so this stays one git call however
        many articles the store holds.
        """
        head = self.git.head_commit()
        if head is None:
            return []
        spans: dict[str, list[datetime]] = {}
        for entry, paths in self.git.log_paths("HEAD", VERSIONS):
            for path in paths:
                article_id = article_id_of(path)
                if article_id:
                    spans.setdefault(article_id, []).append(entry.author_date)
        present = set(self.article_ids())
        return [
            ArticleSummary(article_id, len(times), times[0], times[-1])
            for article_id, times in sorted(spans.items())
            if article_id in present
        ]

    # -- writing -------------------------------------------------------------------------

    def save(
        self,
        article_id: str,
        article: Article,
        *,
        at: datetime | None = None,
        kind: str | None = None,
        note: str = "",
        source_url: str | None = None,
        source_sha256: str | None = None,
        allow_earlier: bool = False,
        allow_future: bool = False,
        extra_files: Mapping[str, bytes] | None = None,
        trailers: Mapping[str, str] | None = None,
    ) -> SaveOutcome:
        """Record ``article`` as the next revision of ``article_id``.

        The correction log and the article's URL and publication time carry over from the
        latest revision when the new source does not state them: saving a page copied from
        the web never loses the log. Identical content makes no commit. The revision time is
        ``at``, else the article's updated or published time, else now (read under the lock);
        see ``write`` for the times refused. ``extra_files`` (store paths under ``sources/``,
        e.g. the raw page the article was extracted from) are written in the same commit.
        ``trailers`` adds ``messages.EXTRA_TRAILERS`` (e.g. ``Fetched-At``) to the commit
        message.
        """
        if kind is not None:
            check_revision_kind(kind)
        for extra in extra_files or {}:
            check_source_path(extra)
        check_trailers(trailers or {})

        def edit(base: SaveBase) -> Draft:
            latest = base.latest
            return Draft(
                carry_over(latest.article, article) if latest else article,
                at=at,
                kind=kind,
                note=note,
                source_url=source_url,
                source_sha256=source_sha256,
                allow_earlier=allow_earlier,
                allow_future=allow_future,
                extra_files=dict(extra_files or {}),
                trailers=dict(trailers or {}),
            )

        return self.write(article_id, edit)

    def write(self, article_id: str, edit: Edit) -> SaveOutcome:
        """Write the revision ``edit`` builds from the article as it stands, as one commit.

        Under the store's lock, the branch tip and the article's latest revision are read
        and ``edit`` is called with them (a ``SaveBase``, whose ``now`` is read under the lock
        too); its ``Draft`` is committed on that tip and the branch moved by compare-and-swap.
        So nothing another writer lands meanwhile can be undone by this one: whatever the
        new revision carries over, numbers or refers to, it took from the revision it
        follows. ``edit`` returning ``None``, or a draft identical to the latest revision,
        makes no commit.

        Refused before anything is written (``InputError``): a revision time outside what git
        stores (``check_revision_time``), more than a day ahead unless the draft allows the
        future, or earlier than the latest revision's unless the kind is ``technical`` or the
        draft allows it. ``StoreError``: a link or a git lock file in the way. After the
        branch has moved nothing fails the write: a working copy that could not be refreshed
        is reported in ``SaveOutcome.not_refreshed`` and healed by the next write.
        """
        path = article_path(article_id)
        with self.git.writing():
            head = self.git.head_commit()
            tip = self._tip(article_id, head)
            previous = tip.previous
            base = SaveBase(
                article_id,
                tuple(file.revision for file in tip.files),
                previous,
                now(self.tz),
            )
            draft = edit(base)
            if draft is None:
                return SaveOutcome(article_id, None, previous)
            kind = draft.kind or ("published" if previous is None else "update")
            check_revision_kind(kind)
            check_trailers(draft.trailers)
            extras = {check_source_path(name): data for name, data in draft.extra_files.items()}
            article = draft.article
            moment = draft.at or article.updated or article.published or base.now
            check_revision_time(moment, base.now, allow_future=draft.allow_future)
            content = ingest.dump_article(article, article_id).encode("utf-8")
            earlier_allowed = draft.allow_earlier or kind == "technical"
            if previous is not None and moment < previous.at and not earlier_allowed:
                raise InputError(
                    f"revision time {format_time(moment)} is earlier than {article_id} "
                    f"{previous.label} ({format_time(previous.at)}); use --at, or "
                    "'articlediff import' to back-fill history"
                )
            for written in (path, *extras):
                check_no_links(self.root, written)
            # The cache is best effort: only a link on its way stops the write.
            check_no_links(self.git.git_dir, cache_path(path), in_the_way=False)
            blob = self.git.write_object("blob", content)
            if blob == tip.previous_blob:
                return SaveOutcome(article_id, None, previous)
            message = RevisionMessage(
                article_id,
                kind,
                draft.note,
                draft.source_url,
                draft.source_sha256,
                tuple(draft.trailers.items()),
            )
            recorded = base.now
            tree = self.git.tree_with_file(
                f"{head}^{{tree}}" if head else None, path, blob, tip.trees
            )
            extra_blobs = {name: self.git.write_object("blob", raw) for name, raw in extras.items()}
            for name, extra_blob in extra_blobs.items():
                tree = self.git.tree_with_file(tree, name, extra_blob)
            text = format_message(message)
            commit = self.git.write_commit(tree, head, text, self.git.identity(), moment, recorded)
            self.git.move_branch(
                self.git.branch_ref(), commit, head, f"articlediff save {article_id}"
            )
            # The revision has landed: nothing below may fail the write.
            record_tip(self.git, commit, parent=head)
            landed = LogEntry(commit, git_moment(moment), git_moment(recorded), text, blob)
            ArticleCache(self.git.git_dir, path).keep_history(commit, [*tip.log, landed])
            not_refreshed = self.git.refresh_worktree(
                {
                    path: (blob, content),
                    **{name: (extra_blobs[name], extras[name]) for name in extras},
                },
                commit,
            )
        revision = Revision(
            article_id=article_id,
            number=previous.number + 1 if previous else 1,
            commit=commit,
            kind=kind,
            at=moment,
            recorded=recorded,
            article=ingest.load_article(content.decode("utf-8"), name=path, tz=self.tz),
            note=one_line(draft.note),
            source_url=draft.source_url,
            source_sha256=draft.source_sha256,
            path=path,
        )
        return SaveOutcome(
            article_id, revision, previous, (tip.previous_blob or "", blob), not_refreshed
        )

    def _tip(self, article_id: str, head: str | None) -> _Tip:
        """What a write builds on: the article's history up to ``head``, its latest revision,
        and the trees along its path, read together.

        Where the file at ``head`` is not the last one the history names (a damaged cache),
        the history is read again from git: the revision written next must be numbered right.
        """
        path = article_path(article_id)
        log, _ = self._branch_file_log(path, head)
        if head is None:
            return _Tip(log, [], None, None, [])
        trees = tree_path_names(f"{head}^{{tree}}", path)
        at_head, *found_trees = self.git.read_objects([f"{head}:{path}", *trees])
        if (at_head.sha if at_head else None) != (log[-1].blob if log else None):
            log = self.git.file_log(path, head)
            ArticleCache(self.git.git_dir, path).keep_history(head, log)
        files = self._files_of(article_id, log)
        if not files:
            return _Tip(log, files, None, None, found_trees)
        latest = files[-1]
        article = (
            self.parse_stored(path, latest.revision.commit, at_head.data)
            if at_head is not None and at_head.sha == latest.blob
            else self.read_articles([latest])[0]
        )
        previous = with_article(latest.revision, article)
        return _Tip(log, files, previous, latest.blob, found_trees)

    def kept_source(self, article_id: str) -> tuple[Revision, bytes] | None:
        """The article's latest revision and the raw page kept with it (``save
        --keep-source``), or ``None`` when the latest revision kept no source."""
        latest = self.history(article_id)[-1]
        data = self.source_kept_with(latest)
        return None if data is None else (latest, data)

    def source_kept_with(self, revision: RevisionInfo) -> bytes | None:
        """The raw page kept with ``revision`` (``save --keep-source``), or ``None``."""
        if revision.source_sha256 is None:
            return None
        for suffix in SOURCE_SUFFIXES:
            blob = self.git.blob_at(revision.commit, source_path(revision.article_id, suffix))
            if blob is None:
                continue
            data = self.git.read_blob(blob)
            if hashlib.sha256(data).hexdigest() == revision.source_sha256:
                return data
        return None  # no source kept, or the one kept belongs to an earlier revision

    def revisions_between(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        *,
        damaged: list[DamagedRevision] | None = None,
        blobs: list[tuple[str, str]] | None = None,
    ) -> list[tuple[Revision, Article | None]]:
        """Every revision of every article whose time lies in ``[start, end]``, oldest
        first, each with the article as it stood in the revision before (``None`` for a
        first revision).

        One ``git log`` walks the whole history once (revision numbers need every earlier
        commit, and author dates are filtered here, not by git); only the revisions in the
        window and their predecessors are read. A revision that cannot be read raises
        ``DamageError``, unless ``damaged`` is given: then it is left out and added there
        (repaired when the article's latest revision reads, see ``DamagedRevision``), and
        the next revision is compared with the last one that reads.

        ``blobs``, when given, gets the blobs of each pair's two files, in step with the
        pairs returned (``""`` before a first revision; ``"?"`` when the one before is
        damaged and the comparison is with an earlier one, whose blob is not looked up).
        """
        if self.git.head_commit() is None:
            return []
        counts: dict[str, int] = {}
        last_read: dict[str, str] = {}  # path -> the blob of its last revision (that reads)
        last: dict[str, RevisionFile] = {}
        articles: dict[tuple[str, str], Article | DamageError] = {}

        def load(file: RevisionFile) -> Article | DamageError:
            key = (file.revision.path, file.blob)
            if key not in articles:
                try:
                    articles[key] = self._parse_file(file, self.git.read_objects([file.blob])[0])
                except DamageError as error:
                    articles[key] = error
            return articles[key]

        found: list[tuple[Revision, Article | None]] = []
        lost: list[DamagedRevision] = []
        for entry, changes in self.git.log_changes("HEAD", VERSIONS):
            for change in changes:
                article_id = article_id_of(change.path)
                if article_id is None or change.new_blob is None:
                    continue
                number = counts.get(change.path, 0) + 1
                counts[change.path] = number
                info = self._revision(article_id, change.path, entry, number)
                file = last[change.path] = RevisionFile(info, change.new_blob)
                before = last_read.get(change.path)
                if not within(entry.author_date, start, end):
                    last_read[change.path] = change.new_blob
                    continue
                article = load(file)
                if isinstance(article, DamageError):
                    if damaged is None:
                        raise article
                    lost.append(article.damaged)
                    continue
                last_read[change.path] = change.new_blob
                previous: Article | None = None
                if before is not None:
                    earlier = load(replace(file, blob=before))
                    # outside the window, and damaged: the last one before it that reads
                    if isinstance(earlier, DamageError):
                        previous = self._last_readable(article_id, entry.commit)
                        before = "?"
                    else:
                        previous = earlier
                found.append((with_article(info, article), previous))
                if blobs is not None:
                    blobs.append((before or "", change.new_blob))
        if damaged is not None:
            for damage in lost:
                # Repaired when the article as it stands reads; named by its latest revision.
                latest = last[damage.revision.path]
                reads = not damage.missing and isinstance(load(latest), Article)
                damaged.append(replace(damage, repaired_by=latest.revision if reads else None))
        return found

    def _last_readable(self, article_id: str, before_commit: str) -> Article | None:
        """The article as it stood in its last revision that reads before ``before_commit``."""
        history = self.read_history(article_id, at_commit=f"{before_commit}^")
        return history.revisions[-1].article if history.revisions else None

    def config_changes(self) -> dict[str, tuple[str | None, str | None]]:
        """The commits on the branch that changed ``articlediff.toml``: commit id -> the
        file's text before and after it (``None`` where it was absent). One ``git log``;
        what ``check`` needs to see settings switched off in the same commit as a change."""
        if self.git.head_commit() is None:
            return {}
        found = {}
        for entry, changes in self.git.log_changes("HEAD", CONFIG_NAME):
            for change in changes:
                if change.path != CONFIG_NAME:
                    continue
                texts = [
                    self.git.read_blob(blob).decode("utf-8", "replace") if blob else None
                    for blob in (change.old_blob, change.new_blob)
                ]
                found[entry.commit] = (texts[0], texts[1])
        return found

    def commits_after(self, ref: str) -> set[str]:
        """The store's commits after git revision ``ref`` (``ref..HEAD``), e.g. ``origin/main``."""
        if self.git.head_commit() is None:
            return set()
        return self.git.commits_after(ref)


def repairs(
    damaged: Sequence[DamagedRevision], readable: Sequence[RevisionInfo]
) -> list[DamagedRevision]:
    """Each damaged revision with the first later revision that reads, which repairs it
    unless an object is missing (see ``DamagedRevision``)."""
    found = []
    for damage in damaged:
        later = next((r for r in readable if r.number > damage.revision.number), None)
        found.append(replace(damage, repaired_by=None if damage.missing else later))
    return found


def carry_over(previous: Article, new: Article) -> Article:
    """``new`` with what a copied page leaves out taken from ``previous``.

    Correction-log entries are append-only: every entry of ``previous`` is kept as it was,
    and entries of ``new`` with ids not yet in the log are appended after them.
    """
    known = {entry.id for entry in previous.corrections}
    corrections = previous.corrections + tuple(
        entry for entry in new.corrections if entry.id not in known
    )
    return replace(
        new,
        corrections=corrections,
        url=new.url or previous.url,
        published=new.published or previous.published,
        published_date_only=(
            new.published_date_only if new.published else previous.published_date_only
        ),
    )


def article_id_of(path: str) -> str | None:
    """The id of the article whose file ``path`` is (``versions/<outlet>/<slug>.md``), or
    ``None`` for any other path: the inverse of ``article_path``."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != VERSIONS or not parts[2].endswith(".md"):
        return None
    article_id = f"{parts[1]}/{parts[2][:-3]}"
    try:
        return validate_article_id(article_id)
    except InputError:
        return None
