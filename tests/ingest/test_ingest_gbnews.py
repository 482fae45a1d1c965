"""The project's starting sample: GB News page copy parses to exactly the article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest

from articlediff.ingest import LAYOUTS, ParsedSource, layout_by_name, parse_source
from articlediff.ingest.layouts.gbnews import GBNEWS

SAMPLE_NAME = "gbnews-putin-kim-2024-06-19.txt"
SHARED_SAMPLE = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / SAMPLE_NAME

HEADLINE = (
    "Vladimir Putin embraces Kim Jong Un and thanks his 'unwavering support' after "
    "Russia's failure in Ukraine"
)
STANDFIRST = (
    "North Korean state media claimed the pair shared their 'pent-up inmost thoughts' as "
    "they drove to the country's state guest house"
)
BODY = (
    "Vladimir Putin has hailed North Korea's \"consistent and unwavering support\" for Russia's "
    "campaign in Ukraine in a landmark visit to the isolated East Asian nation which has been "
    "met with condemnation in the West.",
    "The Russian premier was pictured embracing North Korea's Supreme Leader Kim Jong-un as he "
    "stepped out on the runway in the latter's capital, Pyongyang - with North Korean state "
    'media claiming the pair shared their "pent-up inmost thoughts" as they drove to the '
    "country's state guest house.",
    "On Putin's first trip to the state in 24 years, the two leaders talked up their "
    "commitment to combatting what Russian outlets called the hegemonic, imperialist policy "
    "of the US and its allies - as well as teaming up on nuclear weapons programmes.",
    "As the duo paraded through Pyongyang, they were met with an honour guard of mounted "
    "soldiers, huge crowds of civilians, children holding balloons, and enormous portraits of "
    "the two leaders and national flags displayed on buildings in the capital's Kim Il-Sung "
    "square.",
    'Putin told North Korean officials: "We highly appreciate your consistent and unwavering '
    'support for Russian policy, including in the Ukrainian direction."',
    'While Kim said North Korea-Russia relations were entering a period of "new high '
    'prosperity", just months after a reverse meeting between the two authoritarian leaders '
    "in Russia's distant east.",
    'The Supreme Leader said: "Now the situation in the world is becoming more complicated and '
    "changing rapidly.",
    '"In such a situation, we intend to further strengthen strategic communication with '
    'Russia, with the Russian leadership."',
    'He added that North Korea "expresses full support and solidarity to the Russian '
    "government, army and people in carrying out a special military operation in Ukraine to "
    'protect sovereignty, security interests, as well as territorial integrity."',
    "The countries' partnership is an \"engine for accelerating the building of a new "
    "multi-polar world\" and Putin's visit demonstrates the invincibility and durability of "
    "their friendship and unity, North Korea's state news agency KCNA said.",
    "The landmark talks come amid a Russian offensive in Ukraine which has been riddled with "
    "setbacks and delays; more than two years since Putin's troops, tanks, aircraft and "
    "missiles first breached Ukraine's eastern borders, a now-heavily-sanctioned Russia has "
    "been forced into isolation by much of the Western world.",
    "And rebuttals and sanctions from former trade partners - notably those in Europe which "
    "once relied on Russian oil and gas - appear to have forced Putin's hand, pushing him "
    "further east in search of allies.",
    "Key on the agenda in Pyongyang was nuclear weapons. The US and its allies have said they "
    "fear Russia could provide aid for North Korea's missile and nuclear programs, which are "
    "banned by UN Security Council resolutions, and have accused Pyongyang of providing "
    "ballistic missiles and artillery shells that Russia has used in its war in Ukraine.",
    "And while both Moscow and Pyongyang have issued official denials of weapons transfers, "
    "experts have warned that any successful Russian provision to its rogue ally on its "
    "borders could have disastrous consequences.",
    "The Center for Strategic and International Studies' Korea Chair, Victor Cha, has said "
    'nuclear missiles and submarines handed out by Putin "would allow Kim to target the '
    "entirety of the United States with a nuclear force that Washington would have "
    'difficulty taking out in a preemptive first strike".',
)
CAPTIONS = (
    "The two leaders embraced on the tarmac in Pyongyang (Reuters)",
    "The two leaders embraced on the tarmac in Pyongyang (Reuters)",
    "Crowds of flag-waving children greeted the duo in the capital (Reuters)",
    "Enormous portraits of the two leaders were seen displayed on buildings in the capital's "
    "Kim Il-Sung square (Reuters)",
)
FURNITURE = (
    "Reuters",
    "James Saunders",
    "By James Saunders",
    "Putin and Kim Jong-un hugging",
    "Putin and Kim at a parade",
    "Wide shot of Putin and Kim with portraits in the background",
    "The two leaders embraced on the tarmac in Pyongyang",
    "Crowds of flag-waving children greeted the duo in the capital",
    "MORE ON PUTIN'S RUSSIA:",
    "You may like",
    "Published: 19/06/2024",
    "- 07:38",
)


@pytest.fixture
def parsed(fixtures_dir: Path, london: tzinfo) -> ParsedSource:
    data = (fixtures_dir / SAMPLE_NAME).read_bytes()
    return parse_source(data, name=SAMPLE_NAME, tz=london)


def test_fixture_is_the_shared_sample() -> None:
    if not SHARED_SAMPLE.is_file():
        pytest.skip("../shared/samples is not next to this checkout")
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / SAMPLE_NAME
    assert fixture.read_bytes() == SHARED_SAMPLE.read_bytes()


def test_sample_is_detected_as_gbnews(parsed: ParsedSource) -> None:
    assert parsed.format == "layout:gbnews"
    assert parsed.article_id is None
    assert parsed.url is None
    assert parsed.article.url is None
    assert parsed.article.corrections == ()


def test_sample_headline_byline_standfirst(parsed: ParsedSource) -> None:
    article = parsed.article
    assert article.headline == HEADLINE
    assert article.byline == "James Saunders"
    assert article.standfirst == STANDFIRST


def test_sample_times_in_london(parsed: ParsedSource) -> None:
    bst = timezone(timedelta(hours=1))
    assert parsed.article.published == datetime(2024, 6, 19, 7, 38, tzinfo=bst)
    assert parsed.article.updated == datetime(2024, 6, 19, 8, 14, tzinfo=bst)
    assert parsed.article.published is not None
    assert parsed.article.published.isoformat() == "2024-06-19T07:38:00+01:00"
    assert parsed.article.updated is not None
    assert parsed.article.updated.isoformat() == "2024-06-19T08:14:00+01:00"


def test_sample_times_in_utc(fixtures_dir: Path, utc: tzinfo) -> None:
    article = parse_source((fixtures_dir / SAMPLE_NAME).read_bytes(), tz=utc).article
    assert article.published == datetime(2024, 6, 19, 7, 38, tzinfo=UTC)
    assert article.updated == datetime(2024, 6, 19, 8, 14, tzinfo=UTC)
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(0)


def test_sample_body_is_exactly_the_fifteen_paragraphs(parsed: ParsedSource) -> None:
    body = parsed.article.body
    assert len(body) == 15
    assert body[0].startswith("Vladimir Putin has hailed")
    assert body[-1].endswith('in a preemptive first strike".')
    assert body == BODY


def test_sample_body_has_no_page_furniture(parsed: ParsedSource) -> None:
    article = parsed.article
    for line in FURNITURE:
        assert line not in article.body
    assert article.standfirst not in article.body
    assert article.headline not in article.body
    for paragraph in article.body:
        assert paragraph == paragraph.strip()
        assert "\n" not in paragraph


def test_sample_captions_in_page_order(parsed: ParsedSource) -> None:
    assert parsed.article.captions == CAPTIONS


def test_sample_with_windows_line_ends_and_bom(fixtures_dir: Path, london: tzinfo) -> None:
    data = (fixtures_dir / SAMPLE_NAME).read_bytes()
    crlf = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    assert parse_source(crlf, tz=london) == parse_source(data, tz=london)


def test_sample_without_blank_lines_parses_the_same(fixtures_dir: Path, london: tzinfo) -> None:
    text = (fixtures_dir / SAMPLE_NAME).read_text(encoding="utf-8")
    dense = "\n".join(line for line in text.split("\n") if line.strip()) + "\n"
    assert parse_source(dense.encode(), tz=london) == parse_source(text.encode(), tz=london)


def test_registry() -> None:
    assert LAYOUTS[0] is GBNEWS
    assert layout_by_name("gbnews") is GBNEWS


def test_unknown_layout_name_is_one_line() -> None:
    from articlediff.errors import InputError

    with pytest.raises(InputError, match=r"unknown text layout 'nope' \(known layouts: gbnews\)"):
        layout_by_name("nope")


def test_dates_missing_updated_gives_none(london: tzinfo) -> None:
    text = "A headline\nBy Jo Bloggs\nPublished: 01/02/2024\n- 09:05\nA body paragraph.\n"
    article = parse_source(text.encode(), tz=london).article
    assert article.published == datetime(2024, 2, 1, 9, 5, tzinfo=london)
    assert article.updated is None
    assert article.byline == "Jo Bloggs"
    assert article.standfirst == ""
    assert article.body == ("A body paragraph.",)


def test_label_with_time_on_the_same_line(london: tzinfo) -> None:
    text = "A headline\nPublished: 01/02/2024 - 09:05\nUpdated: 01/02/2024 10:00\nBody.\n"
    article = parse_source(text.encode(), tz=london).article
    assert article.published == datetime(2024, 2, 1, 9, 5, tzinfo=london)
    assert article.updated == datetime(2024, 2, 1, 10, 0, tzinfo=london)


def test_unreadable_date_is_one_line_input_error(london: tzinfo) -> None:
    from articlediff.errors import InputError

    text = "A headline\nPublished: 31/02/2024\n- 09:05\nBody.\n"
    with pytest.raises(InputError, match=r"^x\.txt: published date: ") as caught:
        parse_source(text.encode(), name="x.txt", tz=london)
    assert "\n" not in str(caught.value)


def test_caption_credit_variants_and_promos(london: tzinfo) -> None:
    text = "\n".join(
        [
            "Headline here",
            "By Jo Bloggs",
            "Published: 01/02/2024",
            "- 09:05",
            "First paragraph.",
            "READ MORE: Something else entirely",
            "A protest in London",
            "Campaigners outside Parliament",
            "PA Wire/PA Images",
            "LATEST DEVELOPMENTS:",
            "Second paragraph.",
            "The minister on Tuesday",
            "Credit: Jane Smith",
            "Third paragraph.",
            "A post on X",
            "X/@someone",
            "Related articles",
            "Not part of the article.",
        ]
    )
    article = parse_source(text.encode(), tz=london).article
    assert article.body == ("First paragraph.", "Second paragraph.", "Third paragraph.")
    assert article.captions == (
        "Campaigners outside Parliament (PA Wire/PA Images)",
        "The minister on Tuesday (Jane Smith)",
        "A post on X (X/@someone)",
    )


def test_a_label_far_down_the_body_is_body_text(london: tzinfo) -> None:
    lines = ["Headline", "Published: 01/02/2024", "- 09:05", "One.", "Two.", "Three.", "Four."]
    text = "\n".join([*lines, "Updated: 02/02/2024", "Five."])
    article = parse_source(text.encode(), tz=london).article
    assert article.updated is None
    assert article.body == ("One.", "Two.", "Three.", "Four.", "Updated: 02/02/2024", "Five.")


def test_paragraph_opening_with_by_is_body(london: tzinfo) -> None:
    text = "Headline\nPublished: 01/02/2024\n- 09:05\nBy the time he landed, crowds had gathered.\n"
    article = parse_source(text.encode(), tz=london).article
    assert article.byline == ""
    assert article.body == ("By the time he landed, crowds had gathered.",)


def test_header_line_before_a_lead_caption_is_not_alt_text(london: tzinfo) -> None:
    text = "Headline\nJo Bloggs\nA lead photo\nReuters\nPublished: 01/02/2024\n- 09:05\nBody.\n"
    article = parse_source(text.encode(), tz=london).article
    assert article.byline == "Jo Bloggs"
    assert article.captions == ("A lead photo (Reuters)",)
    assert article.body == ("Body.",)
