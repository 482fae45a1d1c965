"""Writing a built site to disk: the only part of ``articlediff.site`` that does I/O.

Files are written to a temporary folder inside OUTDIR, then each top-level entry is moved
into place with a rename, so a reader of OUTDIR sees either the old page or the new one and
an interrupted build leaves the previous site as it was. Nothing is ever written outside
OUTDIR. OUTDIR must be new, empty, or a site articlediff built before (it holds the marker
file ``.articlediff-site``, which lists the entries a rebuild may replace or remove).

``SiteWriter`` builds a store's site page by page into such a folder and, when the folder
holds a site built with the same settings, rewrites only the files that changed (see its
``.articlediff-manifest``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final, TextIO

from articlediff.errors import InputError

MARKER: Final = ".articlediff-site"
_TEMP_PREFIX: Final = ".articlediff-build-"
_ENTRY: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _checked(relative: str) -> PurePosixPath:
    """``relative`` as a path inside the site, or ``ValueError`` (absolute, ``..``, empty)."""
    path = PurePosixPath(relative)
    if (
        not relative
        or path.is_absolute()
        or "\\" in relative
        or any(part in ("", ".", "..") for part in relative.split("/"))
        or not _ENTRY.fullmatch(path.parts[0])
    ):
        raise ValueError(f"not a relative path inside the site: {relative!r}")
    return path


def _previous_entries(outdir: Path) -> set[str]:
    try:
        data = json.loads((outdir / MARKER).read_text(encoding="utf-8"))
        names = data.get("entries", []) if isinstance(data, dict) else []
    except (OSError, ValueError):
        return set()
    return {name for name in names if isinstance(name, str) and _ENTRY.fullmatch(name)}


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _usable_outdir(outdir: Path) -> None:
    """``InputError`` unless ``outdir`` is new, empty, or a site articlediff built."""
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    if outdir.is_dir() and not (outdir / MARKER).is_file():
        leftovers = [p for p in outdir.iterdir() if not p.name.startswith(_TEMP_PREFIX)]
        if leftovers:
            raise InputError(
                f"{outdir}: folder is not empty and holds no site built by articlediff; "
                "choose a new or empty folder"
            )


def _swap_in(source: Path, outdir: Path, scratch: Path, names: Sequence[str]) -> None:
    """Move each of the top-level ``names`` from ``source`` into ``outdir``, each with one
    rename (a replaced folder is moved aside into ``scratch`` first)."""
    for name in names:
        new, current = source / name, outdir / name
        if current.is_dir() and not current.is_symlink():
            # A folder cannot be renamed over a non-empty one: swap, then drop the old.
            old = scratch / f"old-{name}"
            current.rename(old)
            new.rename(current)
        else:
            os.replace(new, current)


def write_site(files: Mapping[str, str | bytes], outdir: Path) -> int:
    """Write ``files`` ({relative path: text or bytes}) as the site in ``outdir``; return
    how many files were written. ``InputError`` if ``outdir`` cannot be used."""
    checked = {relative: _checked(relative) for relative in files}
    _usable_outdir(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=outdir))
    except OSError as error:
        raise InputError(f"cannot write the site to {outdir}: {error.strerror}") from None
    try:
        for relative, content in sorted(files.items()):
            target = scratch.joinpath(*checked[relative].parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        entries = sorted({path.parts[0] for path in checked.values()})
        marker = {"generator": "articlediff", "entries": entries}
        (scratch / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        stale = _previous_entries(outdir) - set(entries) - {MARKER}
        _swap_in(scratch, outdir, scratch, [*entries, MARKER])
        (outdir / MANIFEST).unlink(missing_ok=True)
        for name in sorted(stale):
            _remove(outdir / name)
    except OSError as error:
        raise InputError(f"cannot write the site to {outdir}: {error.strerror}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return len(files)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename,
    so a reader never sees half a file; the folder is created when missing. The file gets
    the permissions a plain write would give it (an existing file's own, else those the
    umask allows): a feed is for a web server to read."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        name = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        # Mode 0o666 less the umask, as any new file: mkstemp's files are private (0o600).
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(name, flags, 0o666)
        temporary = name
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        if path.is_file():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {error.strerror}") from None


# -- building into a site that is already there ----------------------------------------------

MANIFEST: Final = ".articlediff-manifest"
MANIFEST_SCHEMA: Final = "articlediff.site-manifest/1"
_STAGED: Final = "files"
_SITE_FILES: Final = ""
"""The manifest's record of the files that are not one article's (index, feed, ...)."""

FileDigests = dict[str, tuple[str, int]]
"""{relative path: (SHA-256 of the content, size in bytes)}."""


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class ArticleRecord:
    """One article's line in the manifest: the key of what its pages were made from
    (``""``: never reuse), its index row, its feed entries (time as ISO 8601, revision
    number) and its files."""

    article_id: str
    key: str
    row: list[Any]
    entries: list[tuple[str, int]]
    files: FileDigests

    def to_line(self) -> str:
        data = {
            "id": self.article_id,
            "key": self.key,
            "row": self.row,
            "entries": self.entries,
            "files": {path: list(value) for path, value in sorted(self.files.items())},
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_line(cls, line: str) -> ArticleRecord | None:
        try:
            data = json.loads(line)
            files = {
                str(path): (str(value[0]), int(value[1])) for path, value in data["files"].items()
            }
            for path in files:
                _checked(path)
            entries = [(str(at), int(number)) for at, number in data["entries"]]
            return cls(str(data["id"]), str(data["key"]), list(data["row"]), entries, files)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None


class SiteWriter:
    """Writes a site into ``outdir`` page by page, rewriting only what changed.

    The site's manifest (``.articlediff-manifest``, JSON Lines: a header with the settings'
    key, one line per article in id order, then the site-wide files) holds the digest and
    size of every file and, for each article, the key of the revisions its pages were made
    from. A build whose settings key matches the manifest's is *incremental*: an article
    whose key matches and whose files are all there as recorded is kept as it is (the caller
    need not read it); a file is staged only when its content differs from the recorded one.
    Otherwise the build is *full*: every file is staged, and the site replaced as
    ``write_site`` replaces it.

    Nothing is written outside a scratch folder inside ``outdir`` until ``finish``, which
    moves the staged files into place, removes what is gone, and writes the manifest last;
    ``abort`` (or an exception before ``finish``) leaves the previous site as it was. The
    old manifest is read line by line as the articles come, in id order, so memory does not
    grow with the store.
    """

    def __init__(self, outdir: Path, settings_key: str) -> None:
        _usable_outdir(outdir)
        self.outdir = outdir
        self.settings_key = settings_key
        self.written = 0
        self.kept = 0
        try:
            outdir.mkdir(parents=True, exist_ok=True)
            self._lock = _lock_folder(outdir)
            for leftover in outdir.glob(_TEMP_PREFIX + "*"):
                shutil.rmtree(leftover, ignore_errors=True)
            self.scratch = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=outdir))
            self._manifest = (self.scratch / MANIFEST).open("w", encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot write the site to {outdir}: {error.strerror}") from None
        self._old_lines = self._old_manifest()
        self.incremental = self._old_lines is not None
        self._pending: ArticleRecord | None = None
        self._site_files: FileDigests = {}
        self._stale: list[str] = []
        self._manifest.write(json.dumps({"schema": MANIFEST_SCHEMA, "key": settings_key}) + "\n")

    def _old_manifest(self) -> Iterator[str] | None:
        path = self.outdir / MANIFEST
        if not (self.outdir / MARKER).is_file():
            return None
        try:
            handle = path.open(encoding="utf-8")
            header = json.loads(handle.readline())
        except (OSError, ValueError):
            return None
        expected = {"schema": MANIFEST_SCHEMA, "key": self.settings_key}
        if header != expected:
            handle.close()
            return None
        return self._records(handle)

    def _records(self, handle: TextIO) -> Iterator[str]:
        with handle:
            yield from handle

    def _next_old(self) -> ArticleRecord | None:
        """The old manifest's next article, or ``None`` at its end (its last line, the
        site-wide files, is kept for ``finish``)."""
        if self._old_lines is None:
            return None
        for line in self._old_lines:
            record = ArticleRecord.from_line(line)
            if record is None:
                continue
            if record.article_id == _SITE_FILES:
                self._site_files = record.files
                return None
            return record
        return None

    def previous(self, article_id: str) -> ArticleRecord | None:
        """The manifest's record of ``article_id``; articles are asked for in id order (the
        records of articles skipped over are of articles that are gone: their files go)."""
        while True:
            if self._pending is None:
                self._pending = self._next_old()
                if self._pending is None:
                    return None
            record = self._pending
            if record.article_id > article_id:
                return None
            self._pending = None
            if record.article_id == article_id:
                return record
            self._stale.extend(record.files)

    def reusable(self, record: ArticleRecord | None, key: str) -> bool:
        """Whether ``record``'s pages can stay: made from the same revisions (``key``) and all
        on disk at their recorded sizes."""
        if record is None or not key or record.key != key:
            return False
        for relative, (_, size) in record.files.items():
            try:
                if self.outdir.joinpath(*PurePosixPath(relative).parts).stat().st_size != size:
                    return False
            except OSError:
                return False
        return True

    def keep(self, record: ArticleRecord) -> None:
        """Keep an unchanged article's pages as they are."""
        self.kept += len(record.files)
        self._manifest.write(record.to_line())

    def drop(self, record: ArticleRecord | None) -> None:
        """The article is left out of the site: its pages go."""
        if record is not None:
            self._stale.extend(record.files)

    def _stage(self, files: Mapping[str, str], old: FileDigests) -> FileDigests:
        digests: FileDigests = {}
        for relative, text in sorted(files.items()):
            parts = _checked(relative).parts
            data = text.encode("utf-8")
            digests[relative] = (content_digest(data), len(data))
            if self.incremental and old.get(relative) == digests[relative]:
                target = self.outdir.joinpath(*parts)
                if target.is_file() and target.stat().st_size == len(data):
                    self.kept += 1
                    continue
            staged = self.scratch.joinpath(_STAGED, *parts)
            try:
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.write_bytes(data)
            except OSError as error:
                raise InputError(
                    f"cannot write the site to {self.outdir}: {error.strerror}"
                ) from None
            self.written += 1
        self._stale.extend(path for path in old if path not in files)
        return digests

    def write_article(
        self,
        article_id: str,
        key: str,
        row: Sequence[Any],
        entries: Sequence[tuple[str, int]],
        files: Mapping[str, str],
        previous: ArticleRecord | None,
    ) -> None:
        """Stage an article's pages (those that changed since ``previous``)."""
        old = previous.files if previous is not None else {}
        digests = self._stage(files, old)
        self._manifest.write(
            ArticleRecord(article_id, key, list(row), list(entries), digests).to_line()
        )

    def finish(self, files: Mapping[str, str]) -> None:
        """Stage the site-wide ``files`` and put everything in place."""
        while self.previous("\U0010ffff") is not None:
            pass
        digests = self._stage(files, self._site_files)
        self._manifest.write(ArticleRecord(_SITE_FILES, "", [], [], digests).to_line())
        try:
            self._manifest.close()
            staged = self.scratch / _STAGED
            staged.mkdir(exist_ok=True)
            if self.incremental:
                self._move_staged(staged)
            else:
                entries = sorted(os.listdir(staged))
                stale = _previous_entries(self.outdir) - set(entries) - {MARKER, MANIFEST}
                _swap_in(staged, self.outdir, self.scratch, entries)
                for name in sorted(stale):
                    _remove(self.outdir / name)
            self._write_marker()
            os.replace(self.scratch / MANIFEST, self.outdir / MANIFEST)
        except OSError as error:
            raise InputError(f"cannot write the site to {self.outdir}: {error.strerror}") from None
        finally:
            self.abort()

    def _move_staged(self, staged: Path) -> None:
        for folder, _, names in sorted(os.walk(staged)):
            for name in sorted(names):
                source = Path(folder) / name
                target = self.outdir / source.relative_to(staged)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        for relative in sorted(set(self._stale)):
            target = self.outdir.joinpath(*PurePosixPath(relative).parts)
            target.unlink(missing_ok=True)
            parent = target.parent
            while parent != self.outdir and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def _write_marker(self) -> None:
        names = sorted(
            p.name
            for p in self.outdir.iterdir()
            if p.name not in (MARKER, MANIFEST) and not p.name.startswith(_TEMP_PREFIX)
        )
        text = json.dumps({"generator": "articlediff", "entries": names}, indent=2) + "\n"
        try:
            if (self.outdir / MARKER).read_text(encoding="utf-8") == text:
                return
        except (OSError, ValueError):
            pass
        temporary = self.scratch / MARKER
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.outdir / MARKER)

    def abort(self) -> None:
        """Leave the site as it was: drop what was staged."""
        if not self._manifest.closed:
            self._manifest.close()
        if isinstance(self._old_lines, Generator):
            self._old_lines.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _lock_folder(outdir: Path) -> int | None:
    """Hold ``outdir`` for this build (an advisory lock on the folder, released when the
    build ends or its process does); ``InputError`` if another build holds it."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: builds are not kept apart
        return None
    handle = os.open(outdir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise InputError(
            f"{outdir}: another site build is writing there; try again when it ends"
        ) from None
    return handle
