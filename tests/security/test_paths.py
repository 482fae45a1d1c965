"""Article ids and site output paths cannot leave their folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from articlediff.errors import InputError
from articlediff.model import MAX_ID_PART, Article
from articlediff.store import Store, article_path
from tests.conftest import Cli, repo_state

ESCAPING_IDS = [
    "../etc/passwd",
    "local/../../x",
    "/etc/passwd",
    "local//x",
    "local/x/y",
    "local/.git",
    "..",
    "local/..",
    "-x/y",
    "local/-rf",
    "--upload-pack=touch pwned/x",
    "local/x\n../y",
    "local/x\x00",
    "LOCAL/X",
    "local/x.md",
    "local\\..\\x",
    "local/ x",
    "local/x ",
    "",
    "local/",
    "/x",
]


@pytest.mark.parametrize("article_id", ESCAPING_IDS)
def test_escaping_ids_are_refused_by_the_library(store: Store, article_id: str) -> None:
    with pytest.raises(InputError):
        article_path(article_id)
    with pytest.raises(InputError):
        store.save(article_id, Article("Headline", ("Body.",)))


@pytest.mark.parametrize(
    "article_id", ["../etc/passwd", "local/../../x", "-x/y", "--upload-pack=touch pwned/x"]
)
def test_escaping_ids_are_refused_by_every_command(
    run: Cli, store_path: Path, tmp_path: Path, article_id: str
) -> None:
    before = repo_state(store_path)
    source = tmp_path / "a.txt"
    source.write_text("Headline\n\nBody.\n")
    for args in (
        ["save", str(source), "--id", article_id],
        ["log", article_id],
        ["show", article_id],
        ["diff", article_id],
        ["blame", article_id],
        ["correct", article_id, "--kind", "correction", "--text", "Correction: x was y."],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert repo_state(store_path) == before
    assert not (tmp_path / "etc").exists()


def test_front_matter_id_cannot_escape(run: Cli, store_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "evil.md"
    source.write_text("---\nid: ../../outside\nheadline: Evil\n---\n\nBody.\n")
    result = run("save", str(source))
    assert result.exit_code == 2
    assert "invalid article id" in result.stderr
    assert not (store_path.parent / "outside.md").exists()


def test_site_writer_refuses_paths_outside_the_site(tmp_path: Path) -> None:
    try:
        from articlediff.site import write_site
    except (ImportError, AttributeError):
        pytest.skip("articlediff.site is not on this branch yet")
    outdir = tmp_path / "site"
    for bad in ("../escape.html", "/tmp/escape.html", "a/../../escape.html", "..", "a//b.html"):
        with pytest.raises((InputError, ValueError)):
            write_site({bad: "<p>x</p>", "index.html": "<p>ok</p>"}, outdir)
    assert not (tmp_path / "escape.html").exists()


def test_site_paths_stay_inside_for_every_valid_id() -> None:
    try:
        from articlediff.site.paths import article_dir, history_path, pair_path
    except ImportError:
        pytest.skip("articlediff.site is not on this branch yet")
    for article_id in ("a/b", "local/x-1", "0/0", "very-long-outlet/" + "s" * MAX_ID_PART):
        for path in (
            article_dir(article_id),
            history_path(article_id),
            pair_path(article_id, 1, 2),
        ):
            assert not path.startswith("/")
            assert ".." not in path.split("/")
