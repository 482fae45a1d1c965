"""The ``Field-Sources`` trailer: where each field of a revision read from an HTML page came
from, stored with the revision, refused on write when malformed, reported by ``verify`` and
never fatal to ``show`` when a stored one is damaged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from articlediff.errors import InputError
from articlediff.model import Article
from articlediff.store import Store, init_store
from articlediff.store.messages import (
    FIELD_SOURCES_MAX,
    TRAILER_FIELD_SOURCES,
    format_field_sources,
    parse_field_sources,
)
from tests.conftest import ROOT, Cli, git, repo_state

PAGE = ROOT / "tests" / "fixtures" / "html" / "harbour-bridge-r1.html"
PAGE_SOURCES = {
    "headline": "json-ld",
    "byline": "json-ld",
    "standfirst": "json-ld",
    "published": "json-ld",
    "url": "link:canonical",
}
PAGE_TRAILER = (
    "Field-Sources: headline=json-ld; byline=json-ld; standfirst=json-ld; "
    "published=json-ld; url=link:canonical"
)


def message(store_path: Path, ref: str = "HEAD") -> str:
    return git(store_path, "log", "-1", "--format=%B", ref)


def test_format_and_parse_round_trip_in_field_order() -> None:
    sources = {"published": "meta:article:published_time", "headline": "h1", "url": "--url"}
    value = format_field_sources(sources)
    assert value == "headline=h1; published=meta:article:published_time; url=--url"
    assert parse_field_sources(value) == {
        "headline": "h1",
        "published": "meta:article:published_time",
        "url": "--url",
    }


@pytest.mark.parametrize(
    "value",
    [
        "",
        "headline=json-ld;published=htmldate",  # no space after the separator
        "published=htmldate; headline=json-ld",  # not in field order
        "headline=json-ld; headline=h1",  # a field twice
        "body=json-ld",  # not a sourced field
        "headline",  # no source
        "headline=",  # empty source
        "headline=json ld",  # a space inside a label
        "headline=json-ld\x1b[31m",  # a control character
        "headline=json-ld; ",  # a trailing separator
        "headline=" + "x" * 65,  # a label too long
        "headline=" + "; ".join(["x"] * (FIELD_SOURCES_MAX // 3)),  # a value too long
    ],
)
def test_anything_but_the_written_form_is_not_read(value: str) -> None:
    assert parse_field_sources(value) is None


@pytest.mark.parametrize(
    ("sources", "why"),
    [
        ({"body": "json-ld"}, "unknown field 'body'"),
        ({"headline": "json-ld\nRevision-Kind: technical"}, "is not a label"),
        ({"headline": "a\x00b"}, "is not a label"),
        ({"headline": "x; published=h1"}, "is not a label"),
        ({name: "y" * 64 for name in PAGE_SOURCES} | {"updated": "y" * 64}, "at most 400"),
    ],
)
def test_a_trailer_the_message_cannot_hold_is_refused_and_nothing_is_written(
    store: Store, store_path: Path, sources: dict[str, str], why: str
) -> None:
    store.save("local/a", Article("Headline", ("First text.",)))
    before = repo_state(store_path)
    with pytest.raises(InputError, match=why):
        store.save(
            "local/a",
            Article("Headline", ("Second text.",)),
            trailers={TRAILER_FIELD_SOURCES: format_field_sources(sources)},
        )
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    "value", ["headline=json-ld\x07", "headline=h1 published=time", "x" * 700, "=;=;"]
)
def test_a_malformed_value_given_directly_is_refused_before_the_lock(
    store: Store, store_path: Path, value: str
) -> None:
    store.save("local/a", Article("Headline", ("First text.",)))
    before = repo_state(store_path)
    with pytest.raises(InputError, match="invalid Field-Sources trailer"):
        store.save(
            "local/a",
            Article("Headline", ("Second text.",)),
            trailers={TRAILER_FIELD_SOURCES: value},
        )
    assert repo_state(store_path) == before


def test_save_of_a_page_stores_its_sources_and_show_reports_them(
    run: Cli, store_path: Path
) -> None:
    saved = run("save", str(PAGE), "--id", "local/bridge", "--json")
    assert saved.exit_code == 0, saved.stderr
    assert json.loads(saved.stdout)["field_sources"] == PAGE_SOURCES
    assert PAGE_TRAILER in message(store_path).splitlines()

    shown = run("show", "local/bridge")
    assert shown.exit_code == 0, shown.stderr
    header, line = shown.stderr.splitlines()
    assert header.startswith("local/bridge r1 ")
    assert line == (
        "fields from: headline=json-ld, byline=json-ld, standfirst=json-ld, "
        "published=json-ld, url=link:canonical"
    )
    assert "fields from" not in shown.stdout  # the article text alone, as saved
    record = json.loads(run("show", "local/bridge", "--json").stdout)
    assert record["field_sources"] == PAGE_SOURCES
    assert list(record)[-1] == "field_sources"
    assert run("verify").exit_code == 0


def test_other_formats_record_no_sources(run: Cli, store_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "story.md"
    source.write_text("---\nid: local/story\nheadline: Story\n---\n\nText.\n")
    assert run("save", str(source)).exit_code == 0
    assert TRAILER_FIELD_SOURCES not in message(store_path)
    shown = run("show", "local/story")
    assert len(shown.stderr.splitlines()) == 1
    assert json.loads(run("show", "local/story", "--json").stdout)["field_sources"] == {}


def test_import_records_the_same_message_as_save(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    for folder, name in (("bridge", "page.html"), ("numbered", "1.html")):
        (pages / "local" / folder).mkdir(parents=True)
        shutil.copy(PAGE, pages / "local" / folder / name)
    imported = run("import", str(pages), "--start", "2024-06-20T09:00", "--step", "1h")
    assert imported.exit_code == 0, imported.stderr
    with Store(store_path) as store:
        [bridge] = store.history("local/bridge")
        [numbered] = store.history("local/numbered")
    assert bridge.field_sources == numbered.field_sources == tuple(PAGE_SOURCES.items())
    other = tmp_path / "other"  # a second store, filled one save at a time
    init_store(other, "Europe/London")[0].close()
    assert Cli(other)("save", str(PAGE), "--id", "local/bridge").exit_code == 0
    assert message(other) == message(store_path, bridge.commit)
    assert PAGE_TRAILER in message(store_path, numbered.commit).splitlines()


HOSTILE = [
    ("too long", "headline=" + "a" * 700),
    ("control characters", "headline=json-ld\x01\x1b[2J"),
    ("badly formed", "headline json-ld, published: htmldate"),
]


@pytest.mark.parametrize(("what", "value"), HOSTILE, ids=[what for what, _ in HOSTILE])
def test_a_damaged_stored_trailer_is_reported_by_verify_and_ignored_by_show(
    run: Cli, store_path: Path, what: str, value: str
) -> None:
    assert run("save", str(PAGE), "--id", "local/bridge").exit_code == 0
    path = store_path / "versions" / "local" / "bridge.md"
    path.write_text(path.read_text().replace("Harbour", "Harbor", 1))
    git(store_path, "add", "--", "versions/local/bridge.md")
    text = (
        "update: local/bridge\n\nArticle-Id: local/bridge\nRevision-Kind: update\n"
        f"{TRAILER_FIELD_SOURCES}: {value}\n"
    )
    git(store_path, "commit", "-q", "--cleanup=verbatim", "-m", text)
    assert value in message(store_path)  # git kept it as written

    verified = run("verify")
    assert verified.exit_code == 3
    assert "Field-Sources trailer is not 'field=source; ...'" in verified.stdout + verified.stderr
    assert "\x1b" not in verified.stdout + verified.stderr

    shown = run("show", "local/bridge")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stderr.splitlines() == [shown.stderr.splitlines()[0]]  # no sources line
    record = json.loads(run("show", "local/bridge", "--json").stdout)
    assert record["field_sources"] == {}
    earlier = json.loads(run("show", "local/bridge", "--at", "r1", "--json").stdout)
    assert earlier["field_sources"] == PAGE_SOURCES
