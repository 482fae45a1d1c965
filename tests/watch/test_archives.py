"""import --warc and import --wayback: captures become revisions at their capture times."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from urllib.parse import parse_qs

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from articlediff.store import Store
from tests.conftest import Cli, git, repo_state
from tests.watch.conftest import configure
from tests.watch.outlet import Outlet, Resource, article_page

LEAD = "The harbour bridge will close for three weeks of repairs, the council said on Wednesday."
TOLL = "The closure will cost the city an estimated 23 million pounds, officials said today."
R1 = article_page("Harbour bridge to close", [LEAD, TOLL])
R2 = article_page("Harbour bridge to close", [LEAD, TOLL.replace("23", "32")])
FERRY = article_page("Ferry service resumes", [TOLL, LEAD])
URL = "https://news.example.org/local/harbour-bridge"


def warc(path: Path, records: list[tuple[str, str, str, bytes, str]]) -> Path:
    """A gzipped WARC of (type, URL, WARC-Date, payload, content type) records."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for kind, url, date, payload, content_type in records:
            if kind == "revisit":
                record = writer.create_revisit_record(url, "sha1:X", url, date)
            else:
                status = "404 Not Found" if content_type == "404" else "200 OK"
                headers = StatusAndHeaders(
                    status,
                    [("Content-Type", "text/html" if content_type == "404" else content_type)],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    url,
                    kind,
                    payload=io.BytesIO(payload),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": date},
                )
            writer.write_record(record)
    return path


def crawl(tmp_path: Path) -> Path:
    html = "text/html; charset=utf-8"
    return warc(
        tmp_path / "crawl.warc.gz",
        [
            ("response", URL, "2024-06-19T07:00:00Z", R2, html),  # out of order on purpose
            ("response", URL, "2024-06-19T06:40:00Z", R1, html),
            ("response", URL, "2024-06-19T06:50:00Z", R1, html),  # identical capture
            ("revisit", URL, "2024-06-19T07:10:00Z", b"", html),
            (
                "response",
                "https://news.example.org/static/site.css",
                "2024-06-19T06:40:01Z",
                b"body{}",
                "text/css",
            ),
            ("response", "https://news.example.org/missing", "2024-06-19T06:41:00Z", b"x", "404"),
            (
                "response",
                "https://news.example.org/sport/ferry",
                "2024-06-19T06:45:00Z",
                FERRY,
                html,
            ),
        ],
    )


def test_import_warc_makes_each_distinct_capture_a_revision_at_its_capture_time(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    result = run("import", "--warc", str(crawl(tmp_path)), "--outlet", "daily", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["revisions"], summary["articles"], summary["captures"]) == (3, 2, 4)
    assert summary["unchanged"] == 1
    with Store(store_path) as store:
        history = store.revision_files("daily/harbour-bridge")
        assert [(f.revision.kind, f.revision.at.isoformat()) for f in history] == [
            ("published", "2024-06-19T07:40:00+01:00"),
            ("update", "2024-06-19T08:00:00+01:00"),
        ]
        assert store.article_ids() == ["daily/ferry", "daily/harbour-bridge"]
    message = git(store_path, "log", "-1", "--format=%B", history[1].revision.commit)
    assert "Fetched-At: 2024-06-19T08:00:00+01:00" in message
    assert "Archive-Source: warc crawl.warc.gz urn:uuid:" in message
    assert f"Source-Url: {URL}" in message
    with Store(store_path) as store:
        # the capture is an HTML page: where its fields came from is kept with it
        assert dict(store.history("daily/harbour-bridge")[1].field_sources)["headline"]
    assert run("verify").exit_code == 0
    before = repo_state(store_path)
    again = run("import", "--warc", str(crawl(tmp_path)), "--outlet", "daily")
    assert again.exit_code == 0
    assert "imported 0 revisions" in again.stderr
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""


def test_a_file_that_is_not_a_warc_changes_nothing(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.warc"
    bad.write_text("hello\n")
    before = repo_state(store_path)
    for args in (["--warc", str(bad)], ["--warc", str(tmp_path / "missing.warc")], ["--warc"]):
        result = run("import", *args)
        assert result.exit_code == 2, result.stdout
        assert len(result.stderr.strip().splitlines()) == 1
    assert repo_state(store_path) == before


def wayback(outlet: Outlet, captures: list[tuple[str, bytes]]) -> None:
    """A Wayback server: the CDX API over ``captures`` and their raw replays (the CDX
    server collapses adjacent identical captures, as ``collapse=digest`` asks)."""
    rows = [["timestamp", "original", "statuscode", "mimetype", "digest"]]
    for stamp, body in captures:
        rows.append([stamp, URL, "200", "text/html", hashlib.sha1(body).hexdigest()])
        outlet.serve(f"/web/{stamp}id_/{URL}", Resource(body))
    outlet.serve("/cdx/search/cdx", Resource(json.dumps(rows).encode(), "application/json"))


def test_import_wayback_is_polite_and_resumable(run: Cli, store_path: Path, outlet: Outlet) -> None:
    configure(store_path, "[watching]\nhost_delay = 0\nretries = 0\n")
    wayback(outlet, [("20240619064000", R1), ("20240619065000", R1), ("20240619070000", R2)])
    last = f"/web/20240619070000id_/{URL}"
    good = outlet.resources[last]
    outlet.serve(last, Resource(b"down", status=503))
    args = [
        "import",
        "--wayback",
        URL,
        "--wayback-base",
        outlet.base,
        "--allow-private",
        "--id",
        "daily/harbour-bridge",
    ]
    first = run(*args)
    assert first.exit_code == 0, first.stderr
    assert "incomplete: stopped at the capture of 2024-06-19T07:00:00+00:00" in first.stderr
    query = parse_qs(outlet.asked("/cdx/search/cdx")[0].query)
    assert query["collapse"] == ["digest"] and query["url"] == [URL]
    with Store(store_path) as store:
        assert len(store.revision_files("daily/harbour-bridge")) == 1
    outlet.serve(last, good)
    outlet.clear()
    second = run(*args)
    assert second.exit_code == 0, second.stderr
    assert outlet.asked(f"/web/20240619064000id_/{URL}") == []  # imported already: not asked
    with Store(store_path) as store:
        history = store.revision_files("daily/harbour-bridge")
    assert [f.revision.at.isoformat() for f in history] == [
        "2024-06-19T07:40:00+01:00",
        "2024-06-19T08:00:00+01:00",
    ]
    message = git(store_path, "log", "-1", "--format=%B")
    assert f"Archive-Source: wayback {outlet.base}/web/20240619070000id_/{URL}" in message
    assert run("verify").exit_code == 0
