"""git's object database through long-running git processes, and the tree format.

A store reads many objects per command (an import, thousands) and writes a few trees per
save. One ``git cat-file --batch`` per open repository serves every read, one ``git cat-file
--batch-check`` every question of whether an object is there (without reading it), and one
``git mktree --batch`` the trees along a file's path, each asked for one object at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from articlediff.errors import StoreError
from articlediff.store import gitprocess
from articlediff.store.gitprocess import reason


@dataclass(frozen=True)
class GitObject:
    """An object read from the object database."""

    sha: str
    kind: str  # blob, tree, commit or tag
    data: bytes


class ObjectReader:
    """One ``git cat-file --batch``, asked for objects a batch at a time."""

    def __init__(self, root: Path) -> None:
        self._process = gitprocess.start(root, ["cat-file", "--batch"])

    def read(self, name: str) -> GitObject | None:
        return self.read_many([name])[0]

    def read_many(self, names: list[str], limit: int | None = None) -> list[GitObject | None]:
        """``read`` of each of ``names``, the names sent a batch at a time (each batch small
        enough for the pipe to take whole, so git never waits on this process while it
        writes, nor this process on git): one round trip per batch, not per object. An
        object larger than ``limit`` bytes is passed over unkept, as ``None``."""
        found: list[GitObject | None] = []
        start = 0
        while start < len(names):
            end, size = start, 0
            while end < len(names) and (end == start or size + len(names[end]) < _BATCH_BYTES):
                size += len(names[end]) + 1
                end += 1
            found += self._read_batch(names[start:end], limit)
            start = end
        return found

    def _read_batch(self, names: list[str], limit: int | None) -> list[GitObject | None]:
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write("".join(f"{name}\n" for name in names).encode())
            process.stdin.flush()
        except OSError:
            pass  # the reads below find git gone and say why
        return [self._answer(limit) for _ in names]

    def _answer(self, limit: int | None) -> GitObject | None:
        process = self._process
        assert process.stdout is not None
        try:
            header = process.stdout.readline().decode("utf-8", "replace").split()
        except OSError:
            header = []
        if not header:
            stderr = process.communicate()[1].decode("utf-8", "replace") if process.stderr else ""
            raise StoreError(f"git cat-file failed: {reason(stderr)}")
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing", "... ambiguous"
            return None
        size = int(header[2])
        if limit is not None and size > limit:
            left = size + 1  # passed over a mebibyte at a time
            while left > 0:
                chunk = process.stdout.read(min(left, 1 << 20))
                if not chunk:
                    break
                left -= len(chunk)
            return None
        data = process.stdout.read(size + 1)[:size]  # the object, then a line feed
        return GitObject(header[0], header[1], data)

    def close(self) -> None:
        self._process.communicate()


_BATCH_BYTES = 16 << 10
"""Names sent to ``git cat-file --batch`` at once: well below a pipe's buffer."""


class ObjectChecker:
    """One ``git cat-file --batch-check``: the id each name resolves to, if the object is
    there, without reading the object."""

    def __init__(self, root: Path) -> None:
        self._process = gitprocess.start(root, ["cat-file", "--batch-check"])

    def check(self, names: list[str]) -> list[str | None]:
        found: list[str | None] = []
        # In batches, so that neither pipe fills while the other waits.
        for start in range(0, len(names), 256):
            found += self._check(names[start : start + 256])
        return found

    def _check(self, names: list[str]) -> list[str | None]:
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write("".join(f"{name}\n" for name in names).encode())
            process.stdin.flush()
            lines = [process.stdout.readline().decode("utf-8", "replace") for _ in names]
        except OSError:
            lines = []
        if len(lines) != len(names) or not all(lines):
            stderr = process.communicate()[1].decode("utf-8", "replace") if process.stderr else ""
            raise StoreError(f"git cat-file failed: {reason(stderr)}")
        found: list[str | None] = []
        for line in lines:
            fields = line.split()
            found.append(fields[0] if len(fields) == 3 and fields[2].isdigit() else None)
        return found

    def close(self) -> None:
        self._process.communicate()


class TreeWriter:
    """One ``git mktree --batch`` writing trees one after another, each answered before the
    next is sent (a folder's tree names the tree just written for the folder inside it)."""

    def __init__(self, root: Path) -> None:
        self._process = gitprocess.start(root, ["mktree", "-z", "--batch"])

    def write(self, entries: dict[str, str]) -> str:
        assert self._process.stdin is not None and self._process.stdout is not None
        listing = "".join(f"{info}\t{name}\0" for name, info in entries.items())
        self._process.stdin.write(listing.encode("utf-8", "surrogateescape") + b"\0")
        self._process.stdin.flush()
        sha = self._process.stdout.readline().decode().strip()
        if len(sha) != 40:
            self._process.kill()
            stderr = self._process.communicate()[1].decode("utf-8", "replace")
            raise StoreError(f"git mktree failed: {reason(stderr)}")
        return sha

    def __enter__(self) -> TreeWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.communicate()


def tree_path_names(base_tree: str, path: str) -> list[str]:
    """Names for the trees along ``path`` from ``base_tree`` down to the file's folder."""
    parts = path.split("/")
    return [
        base_tree,
        *(f"{base_tree}:{'/'.join(parts[:depth])}" for depth in range(1, len(parts))),
    ]


def tree_entries(data: bytes) -> dict[str, str]:
    """A tree object's entries, name -> "mode type sha" as ``git ls-tree`` prints them.

    Each entry is "<octal mode> <name>" NUL, then the 20-byte object id.
    """
    entries = {}
    position = 0
    while position < len(data):
        space = data.index(b" ", position)
        nul = data.index(b"\0", space)
        mode = data[position:space].decode("ascii")
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        kind = "tree" if mode == "40000" else "commit" if mode == "160000" else "blob"
        entries[name] = f"{mode.zfill(6)} {kind} {data[nul + 1 : nul + 21].hex()}"
        position = nul + 21
    return entries
