"""Bytes to text: read a source no further than the size limit, refuse what is not an
article file, normalise what is."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Final

from articlediff.errors import InputError

# Bytes that never occur in a text file (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES: Final = frozenset(
    [*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F]
)
_CONTROL_TABLE: Final = bytes(sorted(_CONTROL_BYTES))
# How much of the file the control-byte share is measured over, and the share that
# marks it as binary.
_SNIFF_BYTES: Final = 8192
_CONTROL_SHARE: Final = 0.10

_HTML_START: Final = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


def decode_source(data: bytes, name: str = "-") -> str:
    """Decode an article file's bytes as UTF-8 text, or raise ``InputError`` in one line.

    Refused: an empty file, a file of only whitespace, binary data (a NUL byte, a UTF-16
    byte-order mark, or more than 10% control bytes in the first 8 KiB), invalid UTF-8
    (the message gives the byte offset of the first bad byte) and HTML pages (not supported
    yet). A UTF-8 byte-order mark is dropped; CRLF and CR line ends become LF.
    """
    if not data:
        raise InputError(f"{name}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: file is UTF-16 encoded; save it as UTF-8")
    head = data[:_SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_TABLE))
    if b"\x00" in data or controls > _CONTROL_SHARE * len(head):
        raise InputError(f"{name}: looks like a binary file, not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not valid UTF-8 at byte offset {error.start}") from None
    text = text.removeprefix("\ufeff")
    if not text:
        raise InputError(f"{name}: file is empty")
    if not text.strip():
        raise InputError(f"{name}: file contains only whitespace, no article text")
    if _HTML_START.match(text):
        raise InputError(f"{name}: HTML articles are not supported yet; save the page as text")
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """``text`` with CRLF and lone CR line ends turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


DEFAULT_MAX_SOURCE_BYTES: Final = 10 * 1024 * 1024


def check_size(data: bytes, name: str, limit: int | None = DEFAULT_MAX_SOURCE_BYTES) -> bytes:
    """``data`` if it is at most ``limit`` bytes (``None``: no limit); else ``InputError``.

    Checked before any parsing, so an oversized source costs neither time nor memory. The
    store's limit is ``max_source_bytes`` in ``articlediff.toml``.
    """
    if limit is not None and len(data) > limit:
        raise InputError(
            f"{name}: too large (over the store's limit of {limit:,} bytes, "
            "max_source_bytes in articlediff.toml)"
        )
    return data


READ_CHUNK: Final = 64 * 1024


def read_bounded(
    stream: IO[bytes],
    name: str,
    limit: int | None = DEFAULT_MAX_SOURCE_BYTES,
    *,
    too_large: str | None = None,
    before_chunk: Callable[[], None] | None = None,
) -> bytes:
    """Everything ``stream`` holds, read no further than one byte past ``limit`` (``None``: no
    limit); ``InputError`` when there is more than ``limit``, so an oversized source is refused
    without ever being held whole.

    The error says ``too_large``, else what ``check_size`` says. ``before_chunk`` runs before
    each read (a deadline check, for instance).
    """
    chunks: list[bytes] = []
    size = 0
    while limit is None or size <= limit:
        if before_chunk is not None:
            before_chunk()
        wanted = READ_CHUNK if limit is None else min(READ_CHUNK, limit + 1 - size)
        chunk = stream.read(wanted)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if too_large is not None and limit is not None and len(data) > limit:
        raise InputError(too_large)
    return check_size(data, name, limit)


def read_file(path: Path, limit: int | None = DEFAULT_MAX_SOURCE_BYTES) -> bytes:
    """The bytes of the file at ``path``, read by ``read_bounded``; ``InputError`` when it is
    too large, a folder, or cannot be read."""
    try:
        with path.open("rb") as file:
            return read_bounded(file, str(path), limit)
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an article file") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None


def gunzip_bounded(data: bytes, name: str, limit: int, *, too_large: str | None = None) -> bytes:
    """``data`` unpacked from gzip, never more than ``limit`` bytes of it (a small download
    can unpack to gigabytes); ``InputError`` for damaged data, or saying ``too_large`` when
    it unpacks to more."""
    unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        unpacked = unpacker.decompress(data, limit + 1)
    except zlib.error:
        raise InputError(f"{name}: damaged gzip data") from None
    if len(unpacked) > limit or unpacker.unconsumed_tail:
        raise InputError(too_large or f"{name}: larger than {limit:,} bytes unpacked")
    return unpacked
