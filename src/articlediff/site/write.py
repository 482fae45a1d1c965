"""Writing a built site to disk: the only part of ``articlediff.site`` that does I/O.

Files are written to a temporary folder inside OUTDIR, then each top-level entry is moved
into place with a rename, so a reader of OUTDIR sees either the old page or the new one and
an interrupted build leaves the previous site as it was. Nothing is ever written outside
OUTDIR. OUTDIR must be new, empty, or a site articlediff built before (it holds the marker
file ``.articlediff-site``, which lists the entries a rebuild may replace or remove).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Final

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


def write_site(files: Mapping[str, str | bytes], outdir: Path) -> int:
    """Write ``files`` ({relative path: text or bytes}) as the site in ``outdir``; return
    how many files were written. ``InputError`` if ``outdir`` cannot be used."""
    checked = {relative: _checked(relative) for relative in files}
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    if outdir.is_dir() and not (outdir / MARKER).is_file():
        leftovers = [p for p in outdir.iterdir() if not p.name.startswith(_TEMP_PREFIX)]
        if leftovers:
            raise InputError(
                f"{outdir}: folder is not empty and holds no site built by articlediff; "
                "choose a new or empty folder"
            )
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
        for name in [*entries, MARKER]:
            new, current = scratch / name, outdir / name
            if current.is_dir() and not current.is_symlink():
                # A folder cannot be renamed over a non-empty one: swap, then drop the old.
                old = scratch / f"old-{name}"
                current.rename(old)
                new.rename(current)
            else:
                os.replace(new, current)
        for name in sorted(stale):
            _remove(outdir / name)
    except OSError as error:
        raise InputError(f"cannot write the site to {outdir}: {error.strerror}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return len(files)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename,
    so a reader never sees half a file; the folder is created when missing."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as handle:
            temporary = handle.name
            handle.write(text)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {error.strerror}") from None
