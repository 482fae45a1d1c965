"""The rules as pure functions over in-memory histories: no store, no git."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from articlediff.check import CheckSettings, Finding, check_history, settings_from_table
from articlediff.common.timeutil import zone
from articlediff.errors import StoreError
from articlediff.model import Article, Correction, Revision

TZ = zone("Europe/London")
T0 = datetime(2024, 6, 19, 7, 0, tzinfo=TZ)
LEAD = "At least {} people died when an earthquake struck Harbourside on Wednesday, officials said."
SECOND = "Rescue teams were searching collapsed buildings through the night."
GOOD = "Correction: An earlier version of this article misstated the number of dead as 23."


def article(toll: int = 23, *extra: str, updated: int = 0, **fields: object) -> Article:
    base = Article(
        headline="Earthquake strikes coastal town",
        body=(LEAD.format(toll), SECOND, *extra),
        published=T0,
        updated=T0 + timedelta(hours=updated),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def history(*articles: Article, kinds: tuple[str, ...] = ()) -> list[Revision]:
    out = []
    for number, item in enumerate(articles, 1):
        kind = kinds[number - 1] if kinds else ("published" if number == 1 else "update")
        out.append(
            Revision(
                article_id="local/quake",
                number=number,
                commit=f"{number:040x}",
                kind=kind,
                at=item.updated or T0,
                recorded=T0,
                article=item,
                path="versions/local/quake.md",
            )
        )
    return out


def entry(text: str = GOOD, fixed_in: str | None = None, id: str = "c1") -> Correction:
    return Correction(id, "correction", T0 + timedelta(hours=1), text, fixed_in)


def rules(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.revision) for f in findings]


def test_a_minor_history_is_clean() -> None:
    assert check_history(history(article(), article(updated=1))) == []


def test_changed_number_without_note() -> None:
    findings = check_history(history(article(23), article(24, updated=1)))
    assert rules(findings) == [("unexplained-change", "error", "r2")]
    assert findings[0].quotes == ('"23" → "24"',)


def test_note_in_the_same_revision() -> None:
    fixed = article(24, updated=1, corrections=(entry(),))
    assert check_history(history(article(23), fixed)) == []


def test_note_in_the_next_revision_is_a_warning() -> None:
    later = article(24, updated=2, corrections=(entry(),))
    findings = check_history(history(article(23), article(24, updated=1), later))
    assert rules(findings) == [("late-note", "warning", "r2")]
    assert findings[0].entry == "c1"


def test_explicit_fixed_in_two_revisions_later_is_late() -> None:
    third = article(24, SECOND.replace("night", "day"), updated=2)
    fourth = replace(third, updated=T0 + timedelta(hours=3), corrections=(entry(fixed_in="r2"),))
    revisions = history(article(23), article(24, updated=1), third, fourth)
    assert rules(check_history(revisions)) == [("late-note", "warning", "r2")]


def test_in_body_note_counts() -> None:
    note = "Correction - June 19, 2024: An earlier version of this article misstated the toll."
    assert check_history(history(article(23), article(24, note, updated=1))) == []


@pytest.mark.parametrize("strict", [False, True])
def test_in_body_note_one_revision_late_is_credited_to_the_change(strict: bool) -> None:
    # The note's own paragraph is not news: r3 has nothing else, so the note explains r2
    # (late), and r2 is never "unexplained", strict or not.
    revisions = history(article(23), article(24, updated=1), article(24, GOOD, updated=2))
    findings = check_history(revisions, CheckSettings(strict=strict))
    assert rules(findings) == [("late-note", "warning", "r2")]
    assert "by the in-body note in r3" in findings[0].message


def test_a_late_note_beside_an_update_also_explains_that_update() -> None:
    third = article(24, "Roads into the town were closed.", GOOD, updated=2)
    revisions = history(article(23), article(24, updated=1), third)
    strict = check_history(revisions, CheckSettings(strict=True))
    assert rules(strict) == [("late-note", "warning", "r2")]


def test_a_late_note_is_not_credited_over_a_substantive_change_of_its_own() -> None:
    third = article(25, GOOD, updated=2)
    findings = check_history(history(article(23), article(24, updated=1), third))
    assert rules(findings) == [("unexplained-change", "error", "r2")]


@pytest.mark.parametrize(
    "note",
    [GOOD, "An earlier version of this article misstated the number of dead as 23."],
)
def test_a_deleted_in_body_note_is_a_deleted_correction(note: str) -> None:
    printed = article(24, note, updated=1)
    revisions = history(article(23), printed, article(24, updated=2))
    findings = check_history(revisions)
    # one finding for one problem: the deletion is not also judged as news
    assert rules(findings) == [("correction-deleted", "error", "r3")]
    assert findings[0].message.startswith("in-body note (printed since r2) was removed: ")
    assert findings[0].quotes == (f'deleted "{note}"',)


def test_an_in_body_note_moved_or_reworded_is_not_deleted() -> None:
    printed = article(24, GOOD, updated=1)
    moved = replace(printed, body=(GOOD, *printed.body[:2]), updated=T0 + timedelta(hours=2))
    reworded = article(24, GOOD.replace("as 23", "as 23 people"), updated=3)
    revisions = history(article(23), printed, moved, reworded)
    assert "correction-deleted" not in {f.rule for f in check_history(revisions)}


def test_rewritten_and_deleted_entries() -> None:
    first = article(24, updated=1, corrections=(entry(),))
    reworded = replace(first, corrections=(entry(GOOD.replace("23", "twenty-three")),))
    gone = replace(first, corrections=())
    findings = check_history(history(article(23), first, reworded, gone))
    assert rules(findings) == [
        ("correction-rewritten", "error", "r3"),
        ("correction-deleted", "error", "r4"),
    ]


def test_euphemism_and_missing_label() -> None:
    findings = check_history(
        history(article(23), article(24, updated=1, corrections=(entry("Fixed a typo."),)))
    )
    assert rules(findings) == [("correction-wording", "error", "r2")]
    assert "does not start with a label" in findings[0].message
    assert "'fixed'" in findings[0].message


def test_fixed_in_must_name_a_revision() -> None:
    findings = check_history(
        history(article(23), article(24, updated=1, corrections=(entry(fixed_in="r9"),)))
    )
    assert ("correction-reference", "error", "r2") in rules(findings)
    assert ("unexplained-change", "error", "r2") in rules(findings)


def test_dates() -> None:
    moved = article(published=T0 + timedelta(minutes=5), updated=1)
    early = article(updated=-1)
    backwards = article(updated=1)
    findings = check_history(history(article(updated=2), moved, backwards, early))
    assert rules(findings) == [
        ("published-changed", "error", "r2"),
        ("updated-backwards", "error", "r2"),
        ("updated-before-published", "error", "r4"),
        ("updated-backwards", "error", "r4"),
    ]


def test_stealth_edit() -> None:
    findings = check_history(history(article(23), article(24, corrections=(entry(),))))
    assert rules(findings) == [("stealth-edit", "error", "r2")]
    assert findings[0].quotes == ('"23" → "24"',)


def test_technical_revisions() -> None:
    spaced = article(23, updated=0, body=(LEAD.format(23) + "  ", SECOND))
    worded = article(24)
    revisions = history(article(), spaced, worded, kinds=("published", "technical", "technical"))
    assert rules(check_history(revisions)) == [("technical-change", "error", "r3")]


def test_update_needs_a_note_only_when_strict() -> None:
    revisions = history(article(), article(23, "Roads into the town were closed.", updated=1))
    assert check_history(revisions) == []
    strict = check_history(revisions, CheckSettings(strict=True))
    assert rules(strict) == [("unexplained-update", "error", "r2")]


def test_settings_change_severity_and_turn_rules_off() -> None:
    revisions = history(article(23), article(24, updated=1))
    settings = settings_from_table({"rules": {"unexplained-change": "warning"}})
    assert rules(check_history(revisions, settings)) == [("unexplained-change", "warning", "r2")]
    off = settings_from_table({"rules": {"unexplained-change": "off"}})
    assert check_history(revisions, off) == []


def test_only_keeps_findings_of_the_given_commits() -> None:
    revisions = history(article(23), article(24, updated=1), article(24, updated=2))
    assert check_history(revisions, only={revisions[2].commit}) == []
    assert len(check_history(revisions, only={revisions[1].commit})) == 1


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"rules": {"no-such-rule": "error"}}, "unknown rule 'no-such-rule'"),
        ({"rules": {"stealth-edit": "fatal"}}, 'must be "error", "warning" or "off"'),
        ({"strict": "yes"}, "strict must be true or false"),
        ({"colour": True}, "unknown setting [check] colour"),
    ],
)
def test_bad_settings(table: dict[str, object], message: str) -> None:
    with pytest.raises(StoreError, match=message.replace("[", r"\[")):
        settings_from_table(table)


def test_a_date_given_alone_is_the_whole_day() -> None:
    day = datetime(2024, 6, 19, tzinfo=TZ)
    published = article(published=day, published_date_only=True, updated=0)
    later_that_day = replace(published, updated=T0 + timedelta(hours=14))
    assert check_history(history(later_that_day)) == []
    day_before = replace(published, updated=day - timedelta(hours=3))
    findings = check_history(history(day_before))
    assert rules(findings) == [("updated-before-published", "error", "r1")]
    assert "published time 2024-06-19" in findings[0].message
    updated_that_day = replace(
        article(published=T0 + timedelta(hours=13)), updated=day, updated_date_only=True
    )
    assert check_history(history(updated_that_day)) == []
    timed = replace(later_that_day, published=T0, published_date_only=False)
    assert "published-changed" not in [
        f.rule for f in check_history(history(later_that_day, timed))
    ]


def test_a_date_only_updated_time_compares_by_date() -> None:
    """``updated-backwards``: an updated time given as a date alone is its whole day, so the
    day of the previous revision (or of an updated time stated before) is not backwards;
    the day before is."""
    afternoon = datetime(2026, 3, 2, 14, 0, tzinfo=TZ)
    r1 = article(published=afternoon, updated=0)
    r1 = replace(r1, updated=afternoon)

    def dated(day: int, toll: int = 23) -> Article:
        return replace(r1, updated=datetime(2026, 3, day, tzinfo=TZ), updated_date_only=True)

    def revisions(*articles: Article) -> list[Revision]:
        # each revision recorded an hour after the one before, whatever its updated time
        return [
            replace(revision, at=afternoon + timedelta(hours=index))
            for index, revision in enumerate(history(*articles))
        ]

    assert check_history(revisions(r1, dated(2))) == []
    same_day_later = replace(r1, updated=afternoon + timedelta(hours=2))
    assert check_history(revisions(r1, same_day_later, dated(2))) == []
    findings = check_history(revisions(r1, dated(1)))
    assert ("updated-backwards", "error", "r2") in rules(findings)
    backwards = next(f for f in findings if f.rule == "updated-backwards")
    assert backwards.message == (
        "updated time went backwards: 2026-03-01 is earlier than 2026-03-02T14:00:00+00:00 "
        "stated before"
    )
    # a time before the day a date-only updated time stated is still backwards
    findings = check_history(revisions(r1, dated(3), same_day_later))
    assert rules(findings) == [("updated-backwards", "error", "r3")]


DATED = (
    "Correction, June 19: An earlier version of this article misstated the number of dead as 23."
)


@pytest.mark.parametrize(
    ("reworded", "reason"),
    [
        (DATED.replace("June 19", "June 20"), ("date", "June 19", "June 20")),
        (DATED.replace("misstated", "gave"), ("rewording", "misstated", "gave")),
        (DATED.replace(" as 23", ""), ("figure_removed", "23", "")),
    ],
)
def test_a_printed_note_reworded_is_altered(reworded: str, reason: tuple[str, ...]) -> None:
    """The date changed, the admission softened, the wrong figure dropped: each is a
    ``correction-altered`` finding at the revision that rewords the note, with the old and
    new wording as evidence and the change's reason, and nothing else."""
    printed = article(24, DATED, updated=1)
    revisions = history(article(23), printed, article(24, reworded, updated=2))
    findings = check_history(revisions)
    assert rules(findings) == [("correction-altered", "error", "r3")]
    altered = findings[0]
    assert altered.message.startswith(
        'in-body note (printed since r2) was reworded after it was printed: "Correction, June 19'
    )
    assert altered.quotes == (f'"{DATED}" → "{reworded}"',)
    assert [(r.reason.signal, r.reason.old, r.reason.new) for r in altered.reasons] == [reason]


@pytest.mark.parametrize(
    "kept",
    [
        DATED.replace("'", "’").replace(" as 23", " as 23"),  # typography: a no-break space
        DATED.replace("misstated", "mistated"),  # a spelling slip: the note says the same
        DATED.replace("Correction, June 19:", "CORRECTION (June 19) -"),  # case, punctuation
        DATED + " It also misspelled the town's name.",  # a second note after the first
    ],
)
def test_a_printed_note_kept_in_its_words_is_not_altered(kept: str) -> None:
    printed = article(24, DATED, updated=1)
    revisions = history(article(23), printed, article(24, kept, updated=2))
    assert "correction-altered" not in {f.rule for f in check_history(revisions)}


def test_a_note_moved_elsewhere_or_taken_out_is_not_altered() -> None:
    printed = article(24, DATED, updated=1)
    moved = replace(printed, body=(DATED, *printed.body[:2]), updated=T0 + timedelta(hours=2))
    assert check_history(history(article(23), printed, moved)) == []
    gone = article(24, "Roads into the town were closed by Thursday.", updated=2)
    found = rules(check_history(history(article(23), printed, gone)))
    assert ("correction-deleted", "error", "r3") in found
    assert "correction-altered" not in {rule for rule, _, _ in found}


def test_correction_altered_follows_its_setting() -> None:
    printed = article(24, DATED, updated=1)
    revisions = history(article(23), printed, article(24, DATED.replace("19", "20"), updated=2))
    relaxed = CheckSettings({"correction-altered": "warning"})
    assert rules(check_history(revisions, relaxed)) == [("correction-altered", "warning", "r3")]
    assert check_history(revisions, CheckSettings({"correction-altered": "off"})) == []
