"""The one-line reports of save, correct, import, sync and verify (render.summaries), built
from the values the store and the application layer return."""

from __future__ import annotations

from articlediff.app.correct import CorrectReport
from articlediff.app.log import RevisionChange
from articlediff.app.save import SaveReport
from articlediff.common.timeutil import parse_time, zone
from articlediff.model import Article, Correction, Revision
from articlediff.render.summaries import (
    correct_line,
    import_summary,
    problem_line,
    save_line,
    sync_summary,
)
from articlediff.store import SaveOutcome
from articlediff.store.fastimport import ImportedRevision, ImportOutcome
from articlediff.store.sync import SyncOutcome
from articlediff.store.verify import Problem

AT = parse_time("2024-06-19 08:14", zone("Europe/London"))
COMMIT = "2b188d7ea6" + "0" * 30


def revision(number: int, kind: str = "update") -> Revision:
    article = Article("Headline", ("Body.",))
    return Revision("gbnews/putin", number, COMMIT, kind, AT, AT, article=article)


def test_save_line() -> None:
    r2 = revision(2)
    saved = SaveReport("gbnews/putin", SaveOutcome("gbnews/putin", r2, revision(1)), None)
    changed = RevisionChange(r2, 85, 1, "Headline")
    assert save_line(SaveReport("gbnews/putin", saved.outcome, changed)) == (
        "gbnews/putin r2 2024-06-19T08:14:00+01:00 update +85 -1 words"
    )
    unchanged = SaveReport("gbnews/putin", SaveOutcome("gbnews/putin", None, r2), None)
    assert save_line(unchanged) == "gbnews/putin unchanged (latest is r2)"


def test_correct_line() -> None:
    entry = Correction("c1", "correction", AT, "Correction: 24 years, not 23.", "r2")
    report = CorrectReport("gbnews/putin", entry, RevisionChange(revision(3), 0, 0, "Headline"))
    assert correct_line(report) == (
        "gbnews/putin r3 2024-06-19T08:14:00+01:00 correction c1 correction fixes r2 +0 -0 words"
    )


def imported(article_id: str, branch: str | None = None) -> ImportedRevision:
    return ImportedRevision(article_id, 1, COMMIT, "published", AT, "in.txt", branch)


def test_import_summary() -> None:
    one = ImportOutcome((imported("local/a"),), 0, 2, {}, AT)
    assert import_summary(one, 0.0) == [
        "imported 1 revision of 1 article in 0.0s; 0 unchanged, 2 already in the store"
    ]
    written = (
        imported("local/a"),
        imported("local/b"),
        *(imported("local/c", "backfill/local/c") for _ in range(3)),
    )
    many = ImportOutcome(written, 4, 0, {"local/c": "backfill/local/c"}, AT)
    assert import_summary(many, 0.5) == [
        "imported 2 revisions of 2 articles in 0.5s (4/s); 4 unchanged, 0 already in the store",
        "local/c: history with 3 back-filled revisions rebuilt on branch backfill/local/c "
        "for review",
    ]


def test_sync_summary() -> None:
    assert sync_summary(SyncOutcome("origin", "main", received=2)) == (
        "synced main with origin: 2 commits received, 0 pushed"
    )
    appended = SyncOutcome("origin", "main", 1, 2, reapplied=2, rebuilt=["local/a"])
    assert sync_summary(appended) == (
        "synced main with origin: 1 commit received, 2 pushed (2 re-applied after origin's; "
        "1 article merged from both sides)"
    )
    rebuilt = SyncOutcome(
        "origin", "main", 3, 5, reapplied=2, already_there=1, rewritten=3,
        rebuilt=["local/a", "local/b"], conflicts=1,
    )  # fmt: skip
    assert sync_summary(rebuilt) == (
        "synced main with origin: 3 commits received, 5 pushed (2 re-applied and 3 of "
        "origin's written again in revision-time order (pushed with a lease); 2 articles "
        "merged from both sides; 1 already there; 1 overlapping edit settled for the later "
        "revision)"
    )
    assert sync_summary(SyncOutcome("origin", "main", 4, adopted=True)) == (
        "synced main with origin: 4 commits received, 0 pushed (took origin's rebuilt "
        "history, which holds every revision of this clone)"
    )
    refused = SyncOutcome("origin", "main", 1, 1, reapplied=1, kept_remote=True)
    assert sync_summary(refused) == (
        "synced main with origin: 1 commit received, 1 pushed (1 re-applied after origin's; "
        "origin refused a forced push, so time order was not restored)"
    )


def test_problem_line() -> None:
    assert problem_line(Problem("git fsck: broken link")) == "git fsck: broken link"
    assert problem_line(Problem("not valid UTF-8", COMMIT, "versions/a/b.md")) == (
        "2b188d7ea6 versions/a/b.md: not valid UTF-8"
    )
    assert problem_line(Problem("missing", None, "articlediff.toml")) == (
        "articlediff.toml: missing"
    )
