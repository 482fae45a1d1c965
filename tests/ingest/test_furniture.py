"""The shared furniture patterns: whole paragraphs only, site suffixes, desks and agencies."""

from __future__ import annotations

import pytest

from articlediff.common.furniture import (
    NOT_A_PERSON,
    furniture_kind,
    strip_agency_tag,
    strip_site_suffix,
)


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Subscribe now to our eNATION edition for the full story.", "promo"),
        ("Never miss the latest news by signing up to our newsletter", "newsletter"),
        ("Subscribe To Our Newsletter", "newsletter"),
        ("Read more: Council approves bridge repairs", "read-more"),
        ("READ MORE", "read-more"),
        ("À lire aussi", "read-more"),
        ("Latest Articles", "read-more"),
        ("Share on Facebook", "share"),
        ("(Image: @GardaTraffic)", "credit"),
        ("Photo: Jane Doe/Reuters", "credit"),
        ("© 2022, Example News. This article is the copyrighted property of Example.", "copyright"),
        ("Аdvеrtіѕе wіth the most visited news site in town", "promo"),
    ],
)
def test_furniture(paragraph: str, kind: str) -> None:
    assert furniture_kind(paragraph) == kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "He said the newsletter was read by many residents.",
        "Reuters reported on Tuesday that the bank would cut 300 jobs in the city.",
        "The council will share the cost of the repairs with the port authority.",
        " ".join(["Readers who sign up to the newsletter get the council's notices."] * 6),
    ],
)
def test_story_text_is_not_furniture(paragraph: str) -> None:
    assert furniture_kind(paragraph) is None


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("Wine growers | DW | 10.06.2013", ("DW",), "Wine growers"),
        ("Fares frozen - Daily Example", ("Daily Example",), "Fares frozen"),
        ("Daily Example: Fares frozen", ("Daily Example",), "Fares frozen"),
        ("Workouts - My Magazine - Art, DIY !", ("My Magazine - Art, DIY !",), "Workouts"),
        ("Daily Example", ("Daily Example",), "Daily Example"),
        (
            "Why Daily Example readers love fares",
            ("Daily Example",),
            "Why Daily Example readers love fares",
        ),
        ("Spider-Man returns - in theatres", (), "Spider-Man returns - in theatres"),
    ],
)
def test_site_suffix(title: str, sites: tuple[str, ...], expected: str) -> None:
    assert strip_site_suffix(title, sites) == expected


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Staff Writer", False),
        ("HLNF Staff Report", False),
        ("BBNTEAM", False),
        ("Reuters", False),
        ("Newsroom", False),
        ("Steam Smith", True),
        ("Julian Tompkin", True),
    ],
)
def test_not_a_person(name: str, person: bool) -> None:
    assert (NOT_A_PERSON.fullmatch(name) is None) == person


def test_agency_tag() -> None:
    assert strip_agency_tag("LONDON (Reuters) - The bank said") == "The bank said"
    assert strip_agency_tag("The bank (Reuters) said") == "The bank (Reuters) said"
