"""The static site for a three-article store: pages, links, accessibility, determinism and
hostile text, checked on the built files (no browser needed)."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import feedparser
import html5lib
import pytest

from articlediff.common.timeutil import UTC
from articlediff.errors import InputError
from articlediff.site import build_site, write_site
from articlediff.site.paths import relative
from articlediff.store import Store
from tests.site.conftest import BASE_URL
from tests.site.stores import HOSTILE_ID, IDS, QUAKE_ID, SAMPLE_ID

EXPECTED_FILES = {
    "index.html",
    "style.css",
    "feed.xml",
    "outlets/daily.html",
    "outlets/gbnews.html",
    "outlets/local.html",
    *(f"articles/{i}/{name}" for i in IDS for name in ("index.html", "article.jsonld")),
    f"articles/{SAMPLE_ID}/r1-r2.html",
    f"articles/{SAMPLE_ID}/r2-r3.html",
    f"articles/{SAMPLE_ID}/published-latest.html",
    f"articles/{HOSTILE_ID}/r1-r2.html",
    f"articles/{HOSTILE_ID}/r2-r3.html",
    f"articles/{HOSTILE_ID}/published-latest.html",
    f"articles/{QUAKE_ID}/r1-r2.html",
    f"articles/{QUAKE_ID}/published-latest.html",
}


def parse(text: str) -> Any:
    """Parse strictly: html5lib raises on any HTML5 parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def pages(files: dict[str, str]) -> dict[str, Any]:
    return {path: parse(text) for path, text in files.items() if path.endswith(".html")}


def test_every_file_is_there(site_files: dict[str, str]) -> None:
    assert set(site_files) == EXPECTED_FILES
    assert list(site_files) == sorted(site_files)


def test_every_internal_link_resolves(site_files: dict[str, str], tmp_path: Path) -> None:
    write_site(site_files, tmp_path / "site")
    root = tmp_path / "site"
    checked = 0
    for page, tree in pages(site_files).items():
        ids = {element.get("id") for element in tree.iter() if element.get("id")}
        for element in tree.iter():
            for attribute in ("href", "src"):
                link = element.get(attribute)
                if link is None:
                    continue
                assert not link.startswith(("//", "javascript:", "data:")), (page, link)
                if link.startswith(("http://", "https://")):
                    assert element.tag == "a", (page, link)  # links out, never assets
                    continue
                path, _, fragment = link.partition("#")
                if not path:
                    assert fragment in ids, (page, link)
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
                assert not target.startswith(".."), (page, link)
                assert (root / target).is_file(), (page, link)
                if fragment and target.endswith(".html"):
                    other = parse((root / target).read_text(encoding="utf-8"))
                    assert fragment in {e.get("id") for e in other.iter()}, (page, link)
                checked += 1
    assert checked > 100


def test_index_lists_articles_latest_update_first(site_files: dict[str, str]) -> None:
    tree = parse(site_files["index.html"])
    rows = tree.findall(".//table[@class='articles']/tbody/tr")
    ids = [row.find("th/code").text for row in rows]
    # harbour-plan's last editorial revision is 11:00 on 20 June (its technical one, at 12:00,
    # does not count); the sample's is 09:05 on 19 June; the quake's in January.
    assert ids == [HOSTILE_ID, SAMPLE_ID, QUAKE_ID]
    outlets = [a.text for a in tree.findall(".//nav[@class='outlets']//a")]
    assert outlets == ["All outlets (3)", "daily (1)", "gbnews (1)", "local (1)"]
    daily = parse(site_files["outlets/daily.html"])
    assert [r.find("th/code").text for r in daily.findall(".//tbody/tr")] == [QUAKE_ID]
    current = daily.find(".//nav[@class='outlets']//a[@aria-current='page']")
    assert current.text == "daily (1)"


def test_history_page_lists_every_revision_with_links_to_diffs(site_files: dict[str, str]) -> None:
    tree = parse(site_files[f"articles/{SAMPLE_ID}/index.html"])
    rows = tree.findall(".//table[@class='history']/tbody/tr")
    assert [row.get("id") for row in rows] == ["r1", "r2", "r3"]
    cells = [[("".join(td.itertext())) for td in row.findall("td")] for row in rows]
    assert cells[0][1] == "published" and cells[0][2] == "First published."
    assert cells[1][0] == "19 June 2024, 08:14 BST"
    assert cells[1][2].startswith("Correction: an earlier version of this article misstated")
    assert 'Changes: changed "23" to "24"; headline changed; added 2 paragraphs' in cells[1][2]
    assert cells[1][3] == "substantive"
    assert cells[1][4] == "words added: +85 words deleted: −1"
    links = [a.get("href") for a in tree.findall(".//table[@class='history']//a")]
    assert links == ["r1-r2.html", "r2-r3.html"]
    assert tree.find(".//a[@href='published-latest.html']") is not None
    (script,) = tree.findall(".//script")
    record = json.loads(script.text)
    assert record["@type"] == "NewsArticle"
    assert record["sameAs"] == BASE_URL + f"articles/{SAMPLE_ID}/index.html"


def test_technical_revision_is_labelled_not_editorial(site_files: dict[str, str]) -> None:
    tree = parse(site_files[f"articles/{HOSTILE_ID}/index.html"])
    row = tree.find(".//tr[@id='r3']")
    texts = ["".join(td.itertext()) for td in row.findall("td")]
    assert texts[1] == "technical"
    assert texts[2] == "Technical re-extraction, not an editorial change."
    assert texts[3] == "technical"


def test_diff_page_shows_ins_and_del(site_files: dict[str, str]) -> None:
    tree = parse(site_files[f"articles/{SAMPLE_ID}/r1-r2.html"])
    deleted = ["".join(e.itertext()) for e in tree.iter("del")]
    inserted = ["".join(e.itertext()) for e in tree.iter("ins")]
    assert "[deleted: 23]" in deleted and "[inserted: 24]" in inserted
    assert tree.find(".//a[@rel='next']").get("href") == "r2-r3.html"
    assert tree.find(".//a[@rel='prev']") is None
    span = parse(site_files[f"articles/{SAMPLE_ID}/published-latest.html"])
    assert span.find(".//h1").text == "Changes first published (r1) → latest (r3)"


def test_pages_are_accessible_and_standalone(site_files: dict[str, str]) -> None:
    for page, tree in pages(site_files).items():
        assert tree.get("lang") == "en", page
        assert len(tree.findall(".//main")) == 1, page
        assert tree.find(".//header") is not None and tree.find(".//footer") is not None
        assert len(tree.findall(".//h1")) == 1, page
        assert tree.find(".//meta[@name='viewport']") is not None, page
        assert tree.find(".//a[@class='skip']").get("href") == "#main"
        for nav in tree.findall(".//nav"):
            assert nav.get("aria-label") or nav.get("aria-labelledby"), page
        for table in tree.findall(".//table"):
            assert table.find("caption") is not None, page
        for script in tree.findall(".//script"):
            assert script.get("type") == "application/ld+json", page
        assert tree.findall(".//img") == [] and tree.findall(".//iframe") == []
        for element in tree.findall(".//link"):
            assert not element.get("href").startswith(("http:", "https:", "//"))


def test_site_is_deterministic(three_store: Path, site_files: dict[str, str]) -> None:
    with Store(three_store) as store:
        histories = [store.history(article_id) for article_id in reversed(store.article_ids())]
        again = build_site(histories, store.tz, base_url=BASE_URL)
    assert again == site_files


def test_feed_and_jsonld_in_the_site(site_files: dict[str, str]) -> None:
    parsed = feedparser.parse(site_files["feed.xml"])
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == 7  # 8 revisions, one technical
    assert parsed.feed.links[0].href == BASE_URL + "feed.xml"
    first = parsed.entries[0]
    assert first.link == BASE_URL + f"articles/{HOSTILE_ID}/index.html#r2"
    assert BASE_URL + f"articles/{HOSTILE_ID}/r1-r2.html" in first.content[0].value
    record = json.loads(site_files[f"articles/{QUAKE_ID}/article.jsonld"])
    assert record["url"] == "https://daily.example.org/quake"
    assert record["correction"][0]["text"].startswith("Correction: an earlier version")
    assert record["datePublished"] == "2024-01-09T06:00:00+00:00"


HOSTILE_MARKERS = ("<script>alert", "<img src=x", "<b onmouseover", "<iframe", "\x1b")


def test_hostile_text_is_inert_everywhere(site_files: dict[str, str]) -> None:
    for path, text in site_files.items():
        for marker in HOSTILE_MARKERS:
            if path.endswith(".jsonld"):
                continue  # plain JSON data, served as application/ld+json, checked below
            assert marker not in text, (path, marker)
    for path, tree in pages(site_files).items():
        for element in tree.iter():
            assert not [name for name in element.attrib if name.lower().startswith("on")], path
            assert not (element.get("href") or "").lower().startswith("javascript"), path
        for script in tree.findall(".//script"):
            json.loads(script.text)  # still one JSON data block, nothing more
    history = site_files[f"articles/{HOSTILE_ID}/index.html"]
    assert "&lt;script&gt;alert(&#34;headline&#34;)" in history
    assert "javascript:alert(3)" not in history  # the article's url is not linked
    record = json.loads(site_files[f"articles/{HOSTILE_ID}/article.jsonld"])
    assert "url" not in record and record["headline"].startswith("Harbour plan </title>")
    feed = feedparser.parse(site_files["feed.xml"])
    assert not feed.bozo
    for entry in feed.entries:
        fragment = html5lib.parseFragment(entry.content[0].value, namespaceHTMLElements=False)
        for element in fragment.iter():
            assert element.tag not in ("script", "img", "iframe", "b"), entry.id
            assert not [name for name in element.attrib if name.lower().startswith("on")]


def test_relative_links() -> None:
    assert relative("style.css", "articles/a/b/index.html") == "../../../style.css"
    assert relative("articles/a/b/r1-r2.html", "articles/a/b/index.html") == "r1-r2.html"
    assert relative("articles/a/b/index.html#r2", "articles/a/b/r1-r2.html") == "index.html#r2"
    assert relative("outlets/a.html", "index.html") == "outlets/a.html"


@pytest.mark.parametrize(
    "bad", ["ftp://x.org/", "javascript:alert(1)", "example.org", "https://x.org/?q=1"]
)
def test_bad_base_url_is_refused(bad: str) -> None:
    with pytest.raises(InputError, match="invalid --base-url"):
        build_site([], UTC, base_url=bad)
