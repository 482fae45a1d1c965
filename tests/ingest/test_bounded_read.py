"""read_bounded / read_file: one bounded read for save, correct, import and fetch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from articlediff.errors import InputError
from articlediff.ingest.decode import READ_CHUNK, read_bounded, read_file


class Endless(io.RawIOBase):
    """A stream that never ends and counts what was read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        buffer[:] = b"x" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_up_to_the_limit_is_read_whole(size: int) -> None:
    assert read_bounded(io.BytesIO(b"a" * size), "s", 1000) == b"a" * size


def test_past_the_limit_is_refused_with_the_stores_wording() -> None:
    with pytest.raises(InputError) as raised:
        read_bounded(io.BytesIO(b"a" * 1001), "story.txt", 1000)
    assert str(raised.value) == (
        "story.txt: too large (over the store's limit of 1,000 bytes, "
        "max_source_bytes in articlediff.toml)"
    )


@pytest.mark.parametrize("limit", [0, 10, READ_CHUNK - 1, READ_CHUNK, 3 * READ_CHUNK + 5])
def test_no_more_than_one_byte_past_the_limit_is_read(limit: int) -> None:
    stream = Endless()
    with pytest.raises(InputError, match="too large"):
        read_bounded(stream, "endless", limit)
    assert stream.given == limit + 1


def test_without_a_limit_everything_is_read() -> None:
    data = b"y" * (2 * READ_CHUNK + 3)
    assert read_bounded(io.BytesIO(data), "s", None) == data


def test_the_callers_own_wording_and_a_check_before_each_chunk() -> None:
    calls = []
    data = b"z" * (READ_CHUNK + 1)
    assert read_bounded(io.BytesIO(data), "s", None, before_chunk=lambda: calls.append(1)) == data
    assert len(calls) == 3  # two chunks, then the read that finds the end
    with pytest.raises(InputError, match=r"^the page is too big$"):
        read_bounded(io.BytesIO(data), "s", READ_CHUNK, too_large="the page is too big")

    def give_up() -> None:
        raise InputError("timed out")

    with pytest.raises(InputError, match="timed out"):
        read_bounded(io.BytesIO(data), "s", None, before_chunk=give_up)


def test_read_file(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(b"Headline\n\nBody.\n")
    assert read_file(story, 100) == b"Headline\n\nBody.\n"
    with pytest.raises(InputError, match=r"story.txt: too large \(over the store's limit of 5"):
        read_file(story, 5)
    with pytest.raises(InputError, match="is a folder, not an article file"):
        read_file(tmp_path, 100)
    with pytest.raises(InputError, match=r"cannot read .*missing\.txt: No such file"):
        read_file(tmp_path / "missing.txt", 100)
