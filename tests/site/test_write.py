"""The site writer: only inside OUTDIR, whole entries swapped in, stale ones removed, and a
folder it did not build left alone. The preview server serves the built files."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

import pytest

from articlediff.errors import InputError
from articlediff.site import MARKER, make_server, write_site, write_text


def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_writes_files_and_a_marker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    count = write_site({"index.html": "<p>home</p>", "a/b/c.html": "x", "raw.bin": b"\x00"}, out)
    assert count == 3
    assert listing(out) == [MARKER, "a/b/c.html", "index.html", "raw.bin"]
    assert (out / "a/b/c.html").read_text() == "x"
    assert not [p for p in out.iterdir() if p.name.startswith(".articlediff-build-")]


def test_rebuild_replaces_and_removes_stale_entries(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site({"index.html": "1", "articles/x/index.html": "1", "old.html": "1"}, out)
    write_site({"index.html": "2", "articles/y/index.html": "2"}, out)
    assert listing(out) == [MARKER, "articles/y/index.html", "index.html"]
    assert (out / "index.html").read_text() == "2"


def test_refuses_a_folder_it_did_not_build(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty and holds no site built by articlediff"):
        write_site({"index.html": "x"}, out)
    assert listing(out) == ["notes.txt"]


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    write_site({"index.html": "x"}, out)
    assert (out / "index.html").is_file()


@pytest.mark.parametrize(
    "bad", ["../escape.html", "/etc/passwd", "a/../../x", "", "a//b", ".hidden", "a\\b"]
)
def test_never_writes_outside_outdir(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="not a relative path inside the site"):
        write_site({bad: "x"}, out)
    assert not (tmp_path / "escape.html").exists()


def test_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="exists and is not a folder"):
        write_site({"index.html": "x"}, tmp_path / "file")


def test_write_text_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    write_text(target, "one")
    write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]
    write_text(tmp_path / "new" / "folder" / "feed.xml", "three")  # folders are created
    assert (tmp_path / "new" / "folder" / "feed.xml").read_text() == "three"
    with pytest.raises(InputError, match="cannot write"):
        write_text(target / "feed.xml", "x")  # a file where the folder should be


def test_preview_server_serves_the_site(tmp_path: Path) -> None:
    write_site({"index.html": "<p>home</p>", "articles/a/b/article.jsonld": "{}"}, tmp_path / "s")
    server = make_server(tmp_path / "s", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert server.server_address[0] == "127.0.0.1"
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with urllib.request.urlopen(base) as response:
            assert response.read() == b"<p>home</p>"
        with urllib.request.urlopen(base + "articles/a/b/article.jsonld") as response:
            assert response.headers["Content-Type"] == "application/ld+json"
    finally:
        server.shutdown()
        server.server_close()
