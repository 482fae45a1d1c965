"""Write benchmarks/verdicts/mutations.jsonl: one controlled edit to a real sentence per case.

Every case quotes real text (a sentence, a short paragraph, or a few consecutive paragraphs)
from the shared development data, names its source file, applies ONE edit of a known kind, and
carries the label the guideline (../shared/edits/GUIDELINE.md) gives that edit. Sources are
paths relative to the shared data folder (../shared beside the repository):

- ``samples/gbnews-putin-kim-2024-06-19.txt`` — the article the project started from;
- ``edits/iterater-wikinews/versions.jsonl#<article_id>@<version>`` — Wikinews (CC BY 2.5);
- ``pages/html/<file>.html`` — the visible text of a real news page.

Run: .venv/bin/python benchmarks/verdicts/make_mutations.py [--verify] [--check]
  (no option: rewrite the file; --check: fail if the file is not what this script writes;
  --verify: also confirm every quoted text occurs in its source, when ../shared is present)
"""

from __future__ import annotations

import argparse
import html.parser
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
OUTPUT: Final = HERE / "mutations.jsonl"
SHARED: Final = HERE.parents[1].parent / "shared"

Paragraphs = tuple[str, ...]
Edit = Callable[[Paragraphs], tuple[Paragraphs, Paragraphs]]

# -- sources -------------------------------------------------------------------------------

GB: Final = "samples/gbnews-putin-kim-2024-06-19.txt"


def wn(article: str, version: int = 0) -> str:
    return f"edits/iterater-wikinews/versions.jsonl#wikinews-{article}@{version}"


def page(name: str) -> str:
    return f"pages/html/{name}.html"


ABC7: Final = page("abc7news.com-Napa")
CAYMAN: Final = page("caymancompass.com-prison")
CITY: Final = page("citylimits.org-Nycha")
CORK: Final = page("corkbeo.ie.level")
GLOBE: Final = page("californiaglobe.com.amazon")
GRENADA: Final = page("nowgrenada.com-pm")
HAITI: Final = page("haitiantimes.com-family")
HEART: Final = page("heartlandnewsfeed.com-Christian")
PAHO: Final = page("breakingbelizenews.com-paho")
SCHOOLS: Final = page("nationnews.com-schools")
TRIDENTS: Final = page("nationnews.com-tridents")

# -- the real text quoted ------------------------------------------------------------------

GB_HEADLINE: Final = (
    "Vladimir Putin embraces Kim Jong Un and thanks his 'unwavering support' after Russia's "
    "failure in Ukraine"
)
GB_STANDFIRST: Final = (
    "North Korean state media claimed the pair shared their 'pent-up inmost thoughts' as they "
    "drove to the country's state guest house"
)
GB_LEAD: Final = (
    "Vladimir Putin has hailed North Korea's \"consistent and unwavering support\" for Russia's "
    "campaign in Ukraine in a landmark visit to the isolated East Asian nation which has been "
    "met with condemnation in the West."
)
GB_PREMIER: Final = (
    "The Russian premier was pictured embracing North Korea's Supreme Leader Kim Jong-un as he "
    "stepped out on the runway in the latter's capital, Pyongyang - with North Korean state "
    'media claiming the pair shared their "pent-up inmost thoughts" as they drove to the '
    "country's state guest house."
)
GB_TRIP: Final = (
    "On Putin's first trip to the state in 24 years, the two leaders talked up their commitment "
    "to combatting what Russian outlets called the hegemonic, imperialist policy of the US and "
    "its allies - as well as teaming up on nuclear weapons programmes."
)
GB_PARADE: Final = (
    "As the duo paraded through Pyongyang, they were met with an honour guard of mounted "
    "soldiers, huge crowds of civilians, children holding balloons, and enormous portraits of "
    "the two leaders and national flags displayed on buildings in the capital's Kim Il-Sung "
    "square."
)
GB_CAPTION: Final = "The two leaders embraced on the tarmac in Pyongyang"
GB_TOLD: Final = (
    'Putin told North Korean officials: "We highly appreciate your consistent and unwavering '
    'support for Russian policy, including in the Ukrainian direction."'
)
GB_WHILE: Final = (
    'While Kim said North Korea-Russia relations were entering a period of "new high '
    'prosperity", just months after a reverse meeting between the two authoritarian leaders in '
    "Russia's distant east."
)
GB_SUPREME: Final = (
    'The Supreme Leader said: "Now the situation in the world is becoming more complicated and '
    "changing rapidly."
)
GB_SITUATION: Final = (
    '"In such a situation, we intend to further strengthen strategic communication with '
    'Russia, with the Russian leadership."'
)
GB_MORE_ON: Final = "MORE ON PUTIN'S RUSSIA:"
GB_KCNA: Final = (
    "The countries' partnership is an \"engine for accelerating the building of a new "
    "multi-polar world\" and Putin's visit demonstrates the invincibility and durability of "
    "their friendship and unity, North Korea's state news agency KCNA said."
)
GB_OFFENSIVE: Final = (
    "The landmark talks come amid a Russian offensive in Ukraine which has been riddled with "
    "setbacks and delays; more than two years since Putin's troops, tanks, aircraft and "
    "missiles first breached Ukraine's eastern borders, a now-heavily-sanctioned Russia has "
    "been forced into isolation by much of the Western world."
)
GB_REBUTTALS: Final = (
    "And rebuttals and sanctions from former trade partners - notably those in Europe which "
    "once relied on Russian oil and gas - appear to have forced Putin's hand, pushing him "
    "further east in search of allies."
)
GB_AGENDA: Final = (
    "The US and its allies have said they fear Russia could provide aid for North Korea's "
    "missile and nuclear programs, which are banned by UN Security Council resolutions, and "
    "have accused Pyongyang of providing ballistic missiles and artillery shells that Russia "
    "has used in its war in Ukraine."
)
GB_DENIALS: Final = (
    "And while both Moscow and Pyongyang have issued official denials of weapons transfers, "
    "experts have warned that any successful Russian provision to its rogue ally on its "
    "borders could have disastrous consequences."
)
GB_CHA: Final = (
    "The Center for Strategic and International Studies' Korea Chair, Victor Cha, has said "
    'nuclear missiles and submarines handed out by Putin "would allow Kim to target the '
    "entirety of the United States with a nuclear force that Washington would have difficulty "
    'taking out in a preemptive first strike".'
)

ABC7_TAGGED: Final = (
    "NAPA COUNTY, Calif. (KGO) -- A plan to bring a Margaritaville Resort, made popular by the "
    "late Jimmy Buffett, to the Bay Area is one step closer."
)
ABC7_CALLED: Final = (
    "It would be called Camp Margaritaville and it would be located at Lake Berryessa in Napa "
    "County."
)
ABC7_BOARD: Final = (
    "The Napa County Board of Supervisors approved a move to enter into exclusive negotiations "
    "with local developer WhiTim Napa LLC who represents Camp Margaritaville Resorts. This "
    "would be a $95 million investment by the Margaritaville group according to county "
    "officials who spoke about the project."
)
ABC7_SEARS: Final = (
    "\"We'll have a 50 slip marina, gas docks, restaurants, RV parking, cabins, it will be sort "
    'of a nice resort once it is up and operating," said Leigh Sears who is the Lake Berryessa '
    "concessions manager."
)
ABC7_LEDERER: Final = (
    "\"We're not locked in to a specific number of cabins or slips. What is being proposed here "
    "is dramatically smaller than what was there in the 2000's when the previous resort "
    'shutdown," said Steve Lederer who is Napa County Public Works Director.'
)
ABC7_MORE: Final = (
    "MORE: Black-led group strikes deal to revitalize Oakland Coliseum site, could bring $5B "
    "megaproject"
)
ABC7_PEDROZA: Final = (
    "\"I didn't believe that we'd get here and we are, so I think anyone that wants to do "
    "business in this area as an incredible opportunity to make sure it is done fair "
    "responsibly and it's a win,\" said Supervisor Alfredo Pedroza of Napa County."
)
ABC7_AREA: Final = (
    "The area on Lake Berryessa that would be developed is the Steel Canyon Resort area. It's "
    "on the southwest side of the Napa County lake."
)
ABC7_PROPERTIES: Final = (
    "Margaritaville Hotels and Resorts has properties all over the country including four in "
    "California. Community members who spoke at Tuesday night's meeting are very concerned "
    "about this project."
)
ABC7_NATURE: Final = (
    '"That just doesn\'t seem like nature based recreation to me," said one person during '
    "public comment."
)
ABC7_CRINGEY: Final = (
    '"The very idea of something called Margaritaville in Napa County is kind of cringey," '
    "said another person."
)
ABC7_OFFICIALS: Final = (
    "Officials say the revenue generated by a project like this could eventually allow for a "
    "new police station, improved fire services, and road improvements."
)
ABC7_H1: Final = (
    "Napa Co. enters exclusive agreement that could bring Margaritaville Resort to Lake Berryessa"
)

CAYMAN_H1: Final = "Prison official: ‘Anyone’ could escape from Northward"
CAYMAN_CAPTION: Final = (
    "Northward prison is considered a Category C facility, yet more than half the inmates are "
    "classed as Category B. Photo: Alvaro Serey"
)
CAYMAN_LEAD: Final = (
    "A senior prison official has said in a sworn affidavit that “anyone with sufficient "
    "determination to escape” from Cayman’s prison could do so."
)

CITY_FIRST: Final = (
    "For the first time, tenants will begin to vote on what they want the future of their "
    "communities and homes to look like. Over the next 30 days, residents can choose between "
    "three funding models."
)
CITY_LEASE: Final = (
    "Residents who are on a lease and are at least 18 years old can cast a ballot. In order for "
    "the vote to be valid, at least 20 percent of the eligible population must participate."
)
CITY_NYCHA: Final = (
    "NYCHA launched a 100-day engagement process over the summer to prepare for the Nostrand "
    "vote. Last month, the authority testified to the City Council that it had made contact "
    "with 67 percent of residents through door knocks, phone calls and in-person meetings on "
    "the campus."
)
CITY_PACT: Final = (
    "The PACT and Preservation Trust initiatives have been pitched as a way to drum up funding "
    "for tenants to get expedited repairs, and new appliances like cabinets and stoves, "
    "following decades of federal disinvestment in public housing nationally."
)
CITY_RSVP: Final = (
    "RSVP for Our Zoom panel on 11/9: Trust, Pact or Section 9? A City Limits Conversation on "
    "the Future of NYCHA"
)
CITY_HOWEVER: Final = (
    "However, there are other considerations for residents who are making this big decision, "
    "ranging from the possibility of relocation during renovations to entering into an "
    "initiative that has yet to be tested."
)
CITY_DAYS: Final = (
    "For the first 20 days of the vote, between Nov. 8 and Nov. 28, Nostrand residents can cast "
    "ballots either online or by mail."
)
CITY_HOURS: Final = (
    "On the first and last days of voting, hours will be extended from 10 a.m. to 9 p.m."
)
CITY_PANEL: Final = (
    "Anyone eager to learn more about the ballot options, and what they could mean for "
    "Nostrand Houses and beyond, can also attend our Zoom panel discussion on Nov. 9 at 6 pm."
)
CITY_WEDNESDAY: Final = (
    "Wednesday is a monumental day for the New York City Housing Authority and residents at the "
    "Nostrand Houses in Sheepshead Bay, Brooklyn."
)

CORK_MIDNIGHT: Final = (
    "Tonight at midnight Cork will be moved into Level 3 and some harsher restrictions will "
    "come into place."
)
CORK_UNTIL: Final = (
    "These new rules will be in place until the 27th of October, at which point the government "
    "will make another decision depending on the covid figures."
)
CORK_FRUSTRATION: Final = (
    "There's already been a lot of frustration, especially among publicans who've only just "
    "been given clearance to open."
)
CORK_SIGN_UP: Final = "Sign up for the CorkBeo newsletter"
CORK_NEVER_MISS: Final = "Never miss the latest news by signing up to our newsletter today!"
CORK_SIMPLY: Final = (
    "Simply pop your email into the box at the top of this article and get all the latest news "
    "and entertainment direct to you"
)
CORK_EVERY_DAY: Final = (
    "Every day we'll send you a roundup email of all the latest from Cork covering news, "
    "entertainment and sport, all in one handy email."
)
CORK_GYMS: Final = (
    "Gyms are cut back to individual sessions only, hotels and B and Bs will be limiting their "
    "services. Masses are going online."
)
CORK_COUNCIL: Final = (
    "Council owned tourism facilities and museums have closed with immediate effect. Use of the "
    "Dursey Island Cable Car is restricted to island residents only. Indoor Arts events are "
    "closed."
)

GLOBE_H1: Final = "Amazon Liable for Defective Third-Party Products Rules CA Appellate Court"
GLOBE_GROUPED: Final = (
    "The ruling has grouped Amazon with other retailers who face the same liability risk when "
    "selling online, as per state product liability law."
)
GLOBE_OVERTURNED: Final = (
    "Thursday’s decision also overturned the previous state Superior Court ruling in San Diego, "
    "which had found Amazon to be a “service provider” instead of a “retailer,” and therefore "
    "not being responsible for liability."
)
GLOBE_STANCE: Final = "The Appellate Court didn’t agree with Amazon’s stance."
GLOBE_STATUTE: Final = (
    "The court also found a federal statue in favor of the plaintiff, the Communications "
    "Decency Act of 1996, noting that “It does not apply here because Bolger’s strict liability "
    "claims depend on Amazon’s own activities, not its status as a speaker or publisher of "
    "content provided by Lenoge for its product listing.”"
)
GLOBE_EXPERTS: Final = (
    "Legal experts have been surprised by the ruling, as Amazon had been avoiding cases like "
    "Bolger’s for years."
)
GLOBE_LAWYER: Final = (
    "Bolger’s lawyer, Jeremy Robinson, had a more succinct statement after the ruling on "
    "Thursday. “It is impossible to overstate the magnitude of this ruling. Consumers across "
    "the nation will feel the impact of this.”"
)
GLOBE_NATIONWIDE: Final = (
    "California’s ruling may affect other rulings nationwide, including suits in Ohio, Texas, "
    "and Pennsylvania."
)
GLOBE_SYMON: Final = "Evan V. Symon is the Senior Editor for the California Globe."
GLOBE_DUNHAM: Final = (
    "“Amazon has successfully avoided being liable for other sellers selling through their "
    "website for years,” noted Maryland-based product liability lawyer Jim Dunham in an "
    "interview with the Globe."
)

GRENADA_H1: Final = "PM attends financial access roundtable in Barbados"
GRENADA_FORUM: Final = (
    "The annual forum, proposed by US Congresswoman Maxine Waters, was one of the action items "
    "on the agenda of Wednesday’s Caribbean Financial Access Roundtable, held at the Lloyd "
    "Erskine Sandiford Centre in Barbados."
)
GRENADA_AMONG: Final = (
    "Dr Mitchell was among several regional leaders who attended the roundtable co-hosted by "
    "Representative Waters who is Chair of the US House Committee on Financial Services and "
    "who headed the 6-member Congressional delegation."
)

HAITI_MOTHER: Final = (
    "“Mekhi is functioning at the level of an 80-year-old man, because his body cannot tolerate "
    "anything physical,” said Camille Etienne Gbedey, their Haitian-born mother."
)
HAITI_MAYBE: Final = (
    "“Maybe there's a doctor out there who can help with [the specifics of] what's going on "
    "with Mekhi,” Etienne said."
)
HAITI_H1: Final = "Family seeks funds to treat rising tennis star sidelined by rare illness"

HEART_QUINCY: Final = (
    "A Quincy driver was ticketed by Taylorville police following a traffic accident in the "
    "construction zone on the bridge at Illinois Route 29 at 10:21 a.m."
)
HEART_HULL: Final = "Hayley N. Hull, 30, Bulpitt, was arrested for retail theft."
HEART_JACKSON: Final = "The vehicle was towed from the scene. No injuries were reported."
HEART_ARRESTS: Final = (
    "Cameron L. Horve, 27, Macon, was arrested for retail theft. Jamie L. Miller, 46, Decatur, "
    "was arrested for retail theft."
)

PAHO_CASES: Final = (
    "While more than 685 million people in the region have completed their COVID vaccination "
    "schedules, and 50 countries and territories have already begun to deliver booster doses, "
    "we must now “redouble our efforts to ensure that our vulnerable populations receive the "
    "doses they need,” as soon as possible, Dr Etienne said."
)
PAHO_SHOT: Final = (
    "However, with 240 million people in the Americas yet to receive a single shot of COVID-19 "
    "vaccine, vaccination gaps “will keep our region at risk during future waves.”"
)

SCHOOLS_CAPTION: Final = (
    "Chief Education Officer Dr Ramona Archer-Bradshaw. (Picture by Jameel Springer)"
)
SCHOOLS_SHARE: Final = "Social Share"
SCHOOLS_LEAD: Final = (
    "Calling the return to school two months ago as the litmus test, the Ministry of Education "
    "said yesterday it was satisfied children can safely continue to attend classes, even as "
    "Barbados continues to deal with a surge in COVID-19 cases."
)
SCHOOLS_BUS: Final = (
    "In addition, within the next few weeks, the ministry will be utilising a special "
    "vaccination bus to visit secondary schools in an attempt to get more students protected "
    "against the deadly viral illness."
)
SCHOOLS_REVEALED: Final = (
    "This was all revealed yesterday in a televised press conference by Minister of Education "
    "Kay McConney, Chief Education Officer Dr Ramona Archer-Bradshaw and Acting Chief Medical "
    "Officer Dr Anton Best."
)
SCHOOLS_FORMS: Final = (
    "Archer-Bradshaw said special vaccination consent forms had been sent out electronically to "
    "parents recently, and already more than 130 had responded positively."
)
SCHOOLS_PROGRAMMES: Final = (
    "She also revealed that special programmes would be utilised by teachers in the new term to "
    "help students who had started to fall behind expected standards due to the 24 months of "
    "online teaching before physical classes restarted in February. (BA)"
)
SCHOOLS_SUBSCRIBE: Final = "Subscribe now to our eNATION edition for the full story."
SCHOOLS_APPS: Final = (
    "For the latest stories and breaking news updates download the Nationnews apps for iOS and "
    "Android."
)

TRIDENTS_VIEW: Final = (
    "That is the view of football coach and administrator Renaldo “Peewee” Gilkes as the "
    "Tridents prepare for four group games in the span of ten days to kick off their Nations "
    "League campaign in June."
)
TRIDENTS_JUNE: Final = (
    "Guadeloupe will be the Tridents’ next opponents on June 9 and the return fixture between "
    "the two sides is slated for June 12."
)
POPSUGAR_DECADE: Final = (
    "A T-Bird From Grease Throw it back to the '50s and channel your inner bad boy this Halloween."
)
TRIDENTS_TEASER: Final = (
    "Barbados senior men’s national football team left the island today to set up a two-week "
    "training..."
)

WN_WELDS: Final = (
    'The "T"-shaped objects in the lower right corner represent the piers with the alleged '
    "substandard welds."
)
WN_FAULTY: Final = (
    "If faulty welds are found in the support piers, according to reports, much of the new "
    "construction may have to be torn down to be rebuilt."
)
WN_FEDERAL: Final = (
    "The federal government is getting involved in the investigation because more than $1 "
    "million in U.S. taxpayer money was already spent during construction."
)
WN_PHOTO: Final = "The current 68-year-old span was damaged in the 1989 Loma Prieta earthquake."
WN_GENOA: Final = (
    "Italian police officers and guardians are going on trial for alleged abuse of "
    "anti-globalization protesters during the G8 meeting in Genoa in 2001."
)
WN_INJURED: Final = "Over 60 people were injured while being taken into custody, three critically."
WN_BBC: Final = "Five thousand participants from across the UK were selected for this trial."
WN_HUNTER: Final = (
    "English snooker player Paul Hunter died on Monday 9th October 2006 evening , losing his "
    "battle with cancer."
)
WN_ANNOUNCED: Final = (
    "Paul announced on April 6, 2005 that he was suffering from neuroendocrine tumours, a rare "
    "form of cancer."
)
WN_RALLY: Final = (
    "That petition was submitted for the attention of the King as the climax to Sondhi's last "
    "rally in Royal Plaza on February 5."
)
WN_APART: Final = (
    "The shootings on Monday were in two separate locations, and occurred two hours apart."
)
WN_FIRST: Final = (
    "The first took place at 07:15 (12:15 UTC), at West Ambler Johnston Hall dormitory."
)
WN_SECOND: Final = (
    "Then, at about 09:15 (14:15 UTC), 30 people were killed in the second shooting, about half "
    "a mile (800 metres) from the first at the Norris Hall classroom building, on the same "
    "campus."
)
WN_LEVEL3: Final = (
    "On Thursday at about 23:30 PST, Level 3 Communications, one of the largest Internet "
    "service providers (ISPs), dropped off the net."
)
WN_ENTWISTLE: Final = (
    "Neil Entwistle, 27, appeared before a Magistrates' court today and agreed to be extradited "
    "to the United States to face double-murder  charges."
)
WN_SUSPECT: Final = (
    "Entwistle is now the prime suspect in the murders of his wife Rachel, 27, and nine-month "
    "old baby daughter Lillian."
)
WN_FAUST: Final = (
    "Former Republican committeewoman Jane Faust was a plaintiff yesterday in Pennsylvania's "
    "Commonwealth Court (state court)."
)
WN_PONOSOV: Final = (
    "Alexander Ponosov, pleaded not guilty and claimed that he purchased the computer along "
    "with the software it came with legally, without knowing that the computer was loaded with "
    "pirated software."
)
WN_MERSEYSIDE: Final = (
    "Merseyside Police concluded after a brief inspection that the controversial Blog "
    "Liverpool Evil Cabal does not break criminal law."
)
WN_PURPORTEDLY: Final = (
    "Purportedly, this move comes due to political pressure exerted by American media corporations."
)
WN_DONATED: Final = (
    "Figures released today show that the number URLans donated by New Zealanders in 2006 has "
    "decreased by four to the new record low of 25."
)
WN_ROADS: Final = (
    "According to the New South Wales Roads and Traffic Authority, 495 people have died on NSW "
    "roads between January 1 aand December 11."
)
WN_SOLON: Final = (
    "Ms Solon was deported in March 2001 despite being severly injured after an accident (just "
    "before she was found), while her child waited to be picked up from school ."
)
WN_RAYBURN: Final = (
    "Current evidence indicats that the reports of gunfire in the Rayburn Building were "
    "actually staffers and Congresspeople hearing the sound of construction work in the "
    "elevator."
)
WN_ARRIVED: Final = (
    "When the police arrivedthe boyfriend claimed he was trying to help the woman get the cell "
    "phone out of her wind pipe."
)
WN_MISSOURI: Final = (
    "A Missouri woman from blue springs was a victim of assault and she tried to swallow her "
    "cell phone the reasons are unknown at this time ."
)
WN_TRUTH: Final = (
    '"Truth is - it may have very little to do with Bush\'s visit," writes Indian blogger Neha '
    "Viswanathan on the Global Voices email list, run by the Harvard Berkman Center for Law & "
    "Society  ."
)
WN_SWANS: Final = (
    "10 other cases of the virus have appeared in dead birds, all Mute Swans from the same area."
)
WN_KOSOVO: Final = (
    "During a meeting of the Democratic Party of Serbia today , the Prime Minister Vojislav "
    "Kotunica said that he will not agree to Kosovo's independence  and that the solution for "
    "Kosovo is wide autonomy."
)


# -- edits ---------------------------------------------------------------------------------


def _once(text: str, find: str, repl: str) -> str:
    count = text.count(find)
    if count != 1:
        raise ValueError(f"{find!r} occurs {count} times in {text[:60]!r}…")
    return text.replace(find, repl)


def _in_paragraphs(paras: Paragraphs, find: str, repl: str) -> Paragraphs:
    hits = [k for k, p in enumerate(paras) if find in p]
    if len(hits) != 1:
        raise ValueError(f"{find!r} is in {len(hits)} paragraphs")
    return tuple(_once(p, find, repl) if k == hits[0] else p for k, p in enumerate(paras))


def sub(find: str, repl: str) -> Edit:
    """The real text is the old version; the new one replaces ``find`` by ``repl``."""
    return lambda paras: (paras, _in_paragraphs(paras, find, repl))


def unsub(find: str, repl: str) -> Edit:
    """The real text is the new version; the old one had ``repl`` where it has ``find``
    (a typo fixed, a tag that appeared, a sentence that was added)."""
    return lambda paras: (_in_paragraphs(paras, find, repl), paras)


def add_para(index: int) -> Edit:
    """The real paragraphs are the new version; the old one lacked paragraph ``index``."""
    return lambda paras: (paras[:index] + paras[index + 1 :], paras)


def drop_para(index: int) -> Edit:
    """The real paragraphs are the old version; the new one drops paragraph ``index``."""
    return lambda paras: (paras, paras[:index] + paras[index + 1 :])


def order(*indexes: int) -> Edit:
    """The new version has the same paragraphs in another order."""
    return lambda paras: (paras, tuple(paras[k] for k in indexes))


# -- the cases -----------------------------------------------------------------------------

S, U, M = "substantive", "update", "minor"


@dataclass(frozen=True)
class Spec:
    kind: str
    source: str
    text: str | Paragraphs
    edit: Edit
    level: str
    why: str
    field: str = "body"

    @property
    def paragraphs(self) -> Paragraphs:
        return (self.text,) if isinstance(self.text, str) else self.text


def specs() -> Iterator[Spec]:
    yield from _substantive()
    yield from _minor()
    yield from _update()
    yield from _equivalences()


def _substantive() -> Iterator[Spec]:
    # number: a number, amount, count or age changed
    yield Spec(
        "number",
        GB,
        GB_TRIP,
        sub("in 24 years", "in 23 years"),
        S,
        "the count of years since Putin's last visit changed",
    )
    yield Spec(
        "number",
        ABC7,
        ABC7_BOARD,
        sub("$95 million", "$59 million"),
        S,
        "the amount of the investment changed",
    )
    yield Spec(
        "number",
        wn("7557"),
        WN_FEDERAL,
        sub("$1 million", "$1 billion"),
        S,
        "the amount changed a thousandfold: million became billion",
    )
    yield Spec(
        "number",
        GB,
        GB_OFFENSIVE,
        sub("more than two years", "more than three years"),
        S,
        "a number written as a word changed (two years became three)",
    )
    yield Spec(
        "number",
        CITY,
        CITY_LEASE,
        sub("20 percent", "30 percent"),
        S,
        "the turnout threshold changed",
    )
    yield Spec(
        "number",
        wn("10138"),
        WN_BBC,
        sub("Five thousand", "Fifty thousand"),
        S,
        "the number of participants changed (a number word at the sentence start)",
    )
    yield Spec(
        "number", HEART, HEART_HULL, sub("Hull, 30,", "Hull, 31,"), S, "a person's age changed"
    )
    yield Spec(
        "number",
        TRIDENTS,
        TRIDENTS_VIEW,
        sub("four group games", "five group games"),
        S,
        "the count of games changed (a number word)",
    )
    yield Spec(
        "number",
        wn("65593"),
        WN_SECOND,
        sub("30 people were killed", "31 people were killed"),
        S,
        "the death toll changed with nothing saying it rose: the earlier figure now "
        "reads as wrong, which is a correction (compare developing_number)",
    )
    # date
    yield Spec(
        "date",
        ABC7,
        ABC7_PROPERTIES,
        sub("Tuesday night's", "Monday night's"),
        S,
        "the day of the meeting changed",
    )
    yield Spec(
        "date",
        TRIDENTS,
        TRIDENTS_JUNE,
        sub("on June 9", "on July 9"),
        S,
        "the month of the fixture changed",
    )
    yield Spec(
        "date",
        CITY,
        CITY_DAYS,
        sub("Nov. 28", "Nov. 29"),
        S,
        "the closing date of the vote changed",
    )
    yield Spec(
        "date",
        wn("52079"),
        WN_HUNTER,
        sub("9th October", "10th October"),
        S,
        "the date of death changed",
    )
    yield Spec(
        "date",
        SCHOOLS,
        SCHOOLS_LEAD,
        sub("said yesterday", "said today"),
        S,
        "a relative date changed: yesterday became today (the event moved a day later; the "
        "reverse, today → yesterday on a story kept up overnight, would be routine)",
    )
    yield Spec(
        "date",
        CORK,
        CORK_UNTIL,
        sub("27th of October", "27th of November"),
        S,
        "the date the rules end moved by a month",
    )
    yield Spec(
        "date",
        wn("33321"),
        WN_RALLY,
        sub("February 5", "February 6"),
        S,
        "the date of the rally changed",
    )
    yield Spec(
        "date",
        CITY,
        CITY_NYCHA,
        sub("Last month, the", "Last week, the"),
        S,
        "a relative date changed: last month became last week",
    )
    # time
    yield Spec(
        "time",
        HEART,
        HEART_QUINCY,
        sub("10:21 a.m.", "10:21 p.m."),
        S,
        "the time of the accident moved by twelve hours (a.m. became p.m.)",
    )
    yield Spec(
        "time",
        wn("65593"),
        WN_APART,
        sub("two hours apart", "three hours apart"),
        S,
        "the time between the shootings changed",
    )
    yield Spec(
        "time",
        ABC7,
        ABC7_PROPERTIES,
        sub("Tuesday night's", "Tuesday morning's"),
        S,
        "the time of day of the meeting changed",
    )
    yield Spec(
        "time",
        CITY,
        CITY_HOURS,
        sub("to 9 p.m.", "to 8 p.m."),
        S,
        "the closing time of the polls changed",
    )
    yield Spec(
        "time",
        wn("24433"),
        WN_LEVEL3,
        sub("23:30 PST", "22:30 PST"),
        S,
        "the time of the outage changed",
    )
    # name: a person's name changed or corrected
    yield Spec(
        "name", GB, GB_CHA, sub("Victor Cha,", "Victor Chan,"), S, "the expert's surname changed"
    )
    yield Spec(
        "name",
        GLOBE,
        GLOBE_LAWYER,
        sub("Jeremy Robinson", "Jeremy Robertson"),
        S,
        "the lawyer's surname changed",
    )
    yield Spec(
        "name",
        wn("33229"),
        WN_ENTWISTLE,
        unsub("Neil Entwistle", "Neil Entwhistle"),
        S,
        "a misspelt surname corrected: newsrooms print a correction for a misspelt name "
        "(Saunders → Sanders in the guideline)",
    )
    yield Spec(
        "name",
        SCHOOLS,
        SCHOOLS_REVEALED,
        sub("Kay McConney", "Kay McCartney"),
        S,
        "the minister's surname changed",
    )
    yield Spec(
        "name",
        wn("10010"),
        WN_KOSOVO,
        sub("Vojislav Kotunica", "Vojislav Kostunica"),
        S,
        "the prime minister's misspelt surname corrected: a printed correction",
    )
    # place
    yield Spec(
        "place",
        GB,
        GB_REBUTTALS,
        sub("those in Europe", "those in Asia"),
        S,
        "the region named changed",
    )
    yield Spec(
        "place",
        GRENADA,
        GRENADA_FORUM,
        sub("Centre in Barbados", "Centre in Trinidad"),
        S,
        "the country of the venue changed",
    )
    yield Spec(
        "place",
        GB,
        GB_OFFENSIVE,
        sub("eastern borders", "western borders"),
        S,
        "which of Ukraine's borders was breached changed (a one-letter difference)",
    )
    yield Spec(
        "place", GB, GB_REBUTTALS, sub("further east", "further west"), S, "the direction changed"
    )
    yield Spec(
        "place",
        ABC7,
        ABC7_AREA,
        sub("southwest side", "northeast side"),
        S,
        "the location of the site changed",
    )
    yield Spec(
        "place",
        ABC7,
        ABC7_H1,
        sub("Lake Berryessa", "Lake Sonoma"),
        S,
        "the place in the headline changed",
        field="headline",
    )
    # role / title / affiliation
    yield Spec(
        "role",
        GB,
        GB_PREMIER,
        sub("The Russian premier", "The Russian president"),
        S,
        "Putin's title corrected: premier became president",
    )
    yield Spec(
        "role", GB, GB_CHA, sub("Korea Chair,", "Korea analyst,"), S, "the expert's title changed"
    )
    yield Spec(
        "role",
        SCHOOLS,
        SCHOOLS_REVEALED,
        sub("Acting Chief Medical", "Chief Medical"),
        S,
        "the official's role changed: acting no longer",
    )
    yield Spec(
        "role",
        ABC7,
        ABC7_SEARS,
        sub("concessions manager", "concessions director"),
        S,
        "the speaker's job title changed",
    )
    yield Spec(
        "role",
        GLOBE,
        GLOBE_SYMON,
        sub("Senior Editor", "Managing Editor"),
        S,
        "the writer's title changed",
    )
    yield Spec(
        "role",
        HAITI,
        HAITI_MOTHER,
        sub("Haitian-born mother", "Haitian-born aunt"),
        S,
        "the speaker's relation to the player changed",
    )
    yield Spec(
        "role",
        wn("37606"),
        WN_FAUST,
        sub("Former Republican", "Former Democratic"),
        S,
        "the party affiliation changed",
    )
    # negation
    yield Spec(
        "negation",
        GB,
        GB_AGENDA,
        sub("which are banned", "which are not banned"),
        S,
        "a negation added",
    )
    yield Spec(
        "negation",
        GLOBE,
        GLOBE_STANCE,
        sub("didn’t agree", "did agree"),
        S,
        "a negation removed (n’t with a curly apostrophe)",
    )
    yield Spec(
        "negation",
        wn("60036"),
        WN_PONOSOV,
        sub("pleaded not guilty", "pleaded guilty"),
        S,
        "a negation removed: the plea reversed",
    )
    yield Spec(
        "negation",
        wn("47001"),
        WN_MERSEYSIDE,
        sub("does not break", "does break"),
        S,
        "a negation removed: the finding reversed",
    )
    yield Spec(
        "negation",
        wn("60036"),
        WN_PONOSOV,
        sub("came with legally", "came with illegally"),
        S,
        "a negating prefix added: legally became illegally",
    )
    yield Spec(
        "negation",
        HEART,
        HEART_JACKSON,
        sub("No injuries were", "Injuries were"),
        S,
        "a negation removed at the start of a sentence",
    )
    yield Spec(
        "negation",
        SCHOOLS,
        SCHOOLS_LEAD,
        sub("children can safely", "children cannot safely"),
        S,
        "a negation added",
    )
    yield Spec(
        "negation",
        wn("33229"),
        WN_SUSPECT,
        sub("Entwistle is now", "Entwistle is not"),
        S,
        "a negation added by a one-letter change (now → not)",
    )
    # quote wording
    yield Spec(
        "quote",
        GB,
        GB_TOLD,
        sub("We highly appreciate", "We deeply appreciate"),
        S,
        "a word inside the quotation changed",
    )
    yield Spec(
        "quote",
        GB,
        GB_SITUATION,
        sub("strategic communication", "strategic cooperation"),
        S,
        "a word inside the quotation changed",
    )
    yield Spec(
        "quote",
        ABC7,
        ABC7_CRINGEY,
        sub("kind of cringey", "kind of creepy"),
        S,
        "a word inside the quotation changed",
    )
    yield Spec(
        "quote",
        GLOBE,
        GLOBE_LAWYER,
        sub("It is impossible to", "It is difficult to"),
        S,
        "a word inside the quotation changed",
    )
    yield Spec(
        "quote",
        CAYMAN,
        CAYMAN_LEAD,
        sub("with sufficient determination", "with enough determination"),
        S,
        "a word inside the quotation (curly quotes) changed",
    )
    yield Spec(
        "quote",
        GB,
        GB_STANDFIRST,
        sub("pent-up inmost thoughts", "pent-up innermost thoughts"),
        S,
        "a word inside the quotation (single quotes) changed, by two letters",
    )
    yield Spec(
        "quote",
        PAHO,
        PAHO_SHOT,
        sub("keep our region at risk", "keep our region at high risk"),
        S,
        "a word added inside the quotation",
    )
    # attribution: who said it
    yield Spec(
        "attribution",
        GB,
        GB_TOLD,
        sub("Putin told", "Kim told"),
        S,
        "the speaker changed (at the start of the sentence)",
    )
    yield Spec(
        "attribution",
        GB,
        GB_KCNA,
        sub("agency KCNA said", "agency TASS said"),
        S,
        "the source of the claim changed",
    )
    yield Spec(
        "attribution",
        GB,
        GB_DENIALS,
        sub("experts have warned", "officials have warned"),
        S,
        "who gave the warning changed",
    )
    yield Spec(
        "attribution",
        ABC7,
        ABC7_PEDROZA,
        sub("Supervisor Alfredo Pedroza", "Supervisor Belia Ramos"),
        S,
        "the speaker of the quotation changed",
    )
    yield Spec(
        "attribution",
        ABC7,
        ABC7_OFFICIALS,
        sub("Officials say", "Residents say"),
        S,
        "who says it changed (at the start of the sentence)",
    )
    yield Spec(
        "attribution",
        HAITI,
        HAITI_MAYBE,
        sub("Etienne said", "Khaleel said"),
        S,
        "the speaker of the quotation changed",
    )
    yield Spec(
        "attribution",
        GB,
        GB_SUPREME,
        sub("The Supreme Leader said", "The Russian leader said"),
        S,
        "the speaker changed from Kim to Putin",
    )
    # allegation turned into fact
    yield Spec(
        "allegation",
        wn("7557"),
        WN_WELDS,
        sub("the alleged substandard", "the substandard"),
        S,
        "'alleged' removed: an allegation stated as fact",
    )
    yield Spec(
        "allegation",
        wn("10439"),
        WN_GENOA,
        sub("for alleged abuse", "for abuse"),
        S,
        "'alleged' removed: an allegation stated as fact",
    )
    yield Spec(
        "allegation",
        wn("42004"),
        WN_PURPORTEDLY,
        sub("Purportedly, this move", "This move"),
        S,
        "the hedge removed: a claim stated as fact",
    )
    yield Spec(
        "allegation",
        wn("7557"),
        WN_FAULTY,
        sub("may have to be", "will have to be"),
        S,
        "a possibility stated as a certainty",
    )
    # contradiction: a word replaced by one that says the opposite
    yield Spec(
        "contradiction",
        wn("57897"),
        WN_DONATED,
        sub("has decreased by", "has increased by"),
        S,
        "the direction of the change reversed",
    )
    yield Spec(
        "contradiction",
        GLOBE,
        GLOBE_OVERTURNED,
        sub("also overturned the", "also upheld the"),
        S,
        "the ruling's outcome reversed",
    )
    yield Spec(
        "contradiction",
        GB,
        GB_DENIALS,
        sub("issued official denials", "issued official confirmations"),
        S,
        "denials became confirmations: the claim reversed",
    )


def _minor() -> Iterator[Spec]:
    # typo fixed: the old version had the typo, the new one is the real text (or the reverse
    # where the source itself has the typo)
    yield Spec(
        "typo",
        GB,
        GB_PARADE,
        unsub("enormous portraits", "enormus portraits"),
        M,
        "a misspelt common word corrected",
    )
    yield Spec(
        "typo",
        GB,
        GB_WHILE,
        unsub("authoritarian", "authoritarain"),
        M,
        "transposed letters corrected",
    )
    yield Spec(
        "typo",
        ABC7,
        ABC7_BOARD,
        unsub("exclusive negotiations", "exclusive negotations"),
        M,
        "a dropped letter restored",
    )
    yield Spec(
        "typo",
        wn("28768"),
        WN_ROADS,
        sub("aand", "and"),
        M,
        "a doubled letter removed (typo in the source)",
    )
    yield Spec(
        "typo",
        wn("23643"),
        WN_SOLON,
        sub("severly", "severely"),
        M,
        "a misspelling corrected (typo in the source)",
    )
    yield Spec(
        "typo",
        wn("41664"),
        WN_RAYBURN,
        sub("indicats", "indicates"),
        M,
        "a misspelling corrected (typo in the source)",
    )
    yield Spec(
        "typo",
        GB,
        GB_AGENDA,
        unsub("UN Security Council", "UN Securty Council"),
        M,
        "a misspelt capitalised word (not a person's name) corrected",
    )
    yield Spec(
        "typo",
        ABC7,
        ABC7_AREA,
        unsub("It's on the southwest", "It's on teh southwest"),
        M,
        "a short word's typo corrected",
    )
    yield Spec(
        "typo",
        GLOBE,
        GLOBE_GROUPED,
        unsub("face the same", "face the the same"),
        M,
        "a doubled word removed",
    )
    yield Spec(
        "typo",
        wn("29056"),
        WN_ARRIVED,
        sub("arrivedthe", "arrived the"),
        M,
        "a missing space restored (typo in the source)",
    )
    yield Spec(
        "typo",
        GLOBE,
        GLOBE_STATUTE,
        sub("federal statue", "federal statute"),
        M,
        "a misspelling corrected (statue → statute, typo in the source)",
    )
    # spelling variant
    yield Spec(
        "spelling_variant",
        GB,
        GB_TRIP,
        sub("combatting", "combating"),
        M,
        "British and American spellings of the same word",
    )
    yield Spec(
        "spelling_variant",
        GB,
        GB_TRIP,
        sub("programmes", "programs"),
        M,
        "British and American spellings of the same word",
    )
    yield Spec(
        "spelling_variant",
        GB,
        GB_PARADE,
        sub("honour guard", "honor guard"),
        M,
        "British and American spellings of the same word",
    )
    yield Spec(
        "spelling_variant",
        SCHOOLS,
        SCHOOLS_BUS,
        sub("utilising", "utilizing"),
        M,
        "-ise and -ize spellings of the same word",
    )
    yield Spec(
        "spelling_variant",
        GLOBE,
        GLOBE_STATUTE,
        sub("in favor of", "in favour of"),
        M,
        "American and British spellings of the same word",
    )
    yield Spec(
        "spelling_variant",
        GB,
        GB_PREMIER,
        sub("Kim Jong-un", "Kim Jong Un"),
        M,
        "two romanisations of the same name, both used by the article itself",
    )
    yield Spec(
        "spelling_variant",
        GB,
        GB_PARADE,
        sub("Kim Il-Sung square", "Kim Il Sung square"),
        M,
        "two romanisations of the same name",
    )
    # typography
    yield Spec(
        "typography", GB, GB_TOLD, _curly(GB_TOLD), M, "straight double quotes became curly ones"
    )
    yield Spec(
        "typography",
        GB,
        GB_WHILE,
        sub("Russia's distant", "Russia’s distant"),
        M,
        "a straight apostrophe became a curly one",
    )
    yield Spec(
        "typography",
        GB,
        GB_PREMIER,
        sub("Pyongyang - with", "Pyongyang – with"),
        M,
        "a hyphen used as a dash became an en dash",
    )
    yield Spec(
        "typography",
        GB,
        GB_REBUTTALS,
        _replace_all(" - ", "—"),
        M,
        "spaced hyphens became em dashes",
    )
    yield Spec(
        "typography",
        ABC7,
        ABC7_SEARS,
        sub("a 50 slip marina", "a 50\u00a0slip marina"),
        M,
        "a space became a non-breaking space",
    )
    yield Spec(
        "typography",
        TRIDENTS,
        TRIDENTS_TEASER,
        sub("training...", "training…"),
        M,
        "three dots became an ellipsis character",
    )
    yield Spec(
        "typography",
        wn("34841"),
        WN_TRUTH,
        sub("Law & Society", "Law &amp; Society"),
        M,
        "an ampersand appears as its HTML entity",
    )
    yield Spec(
        "typography",
        GB,
        GB_WHILE,
        sub("Russia's distant", "Russia&#8217;s distant"),
        M,
        "an apostrophe appears as a numeric HTML entity",
    )
    yield Spec(
        "typography",
        CITY,
        CITY_PANEL,
        sub("at 6 pm", "at 6&nbsp;pm"),
        M,
        "a space appears as the HTML entity &nbsp;",
    )
    yield Spec(
        "typography",
        GB,
        GB_STANDFIRST,
        sub("their 'pent-up inmost thoughts' as", "their ‘pent-up inmost thoughts’ as"),
        M,
        "straight single quotes became curly",
    )
    yield Spec(
        "typography",
        GLOBE,
        GLOBE_OVERTURNED,
        sub(
            "a “service provider” instead of a “retailer,”",
            'a "service provider" instead of a "retailer,"',
        ),
        M,
        "curly double quotes became straight ones",
    )
    # page furniture appearing or disappearing
    yield Spec(
        "furniture",
        GB,
        (GB_CAPTION, "Reuters"),
        add_para(1),
        M,
        "a photo credit line appeared under a caption",
    )
    yield Spec(
        "furniture", GB, (GB_CAPTION, "Reuters"), drop_para(1), M, "a photo credit line disappeared"
    )
    yield Spec(
        "furniture",
        CAYMAN,
        CAYMAN_CAPTION,
        sub(" Photo: Alvaro Serey", ""),
        M,
        "a photo credit removed from a caption",
    )
    yield Spec(
        "furniture",
        SCHOOLS,
        SCHOOLS_CAPTION,
        sub(" (Picture by Jameel Springer)", ""),
        M,
        "a photo credit removed from a caption",
    )
    yield Spec(
        "furniture",
        ABC7,
        (ABC7_LEDERER, ABC7_MORE),
        add_para(1),
        M,
        "a 'MORE:' related-story link appeared",
    )
    yield Spec(
        "furniture",
        ABC7,
        (ABC7_LEDERER, ABC7_MORE),
        drop_para(1),
        M,
        "a 'MORE:' related-story link disappeared",
    )
    yield Spec(
        "furniture",
        GB,
        (GB_SITUATION, GB_MORE_ON),
        drop_para(1),
        M,
        "a 'MORE ON' promo line disappeared",
    )
    yield Spec(
        "furniture",
        CORK,
        (CORK_FRUSTRATION, CORK_SIGN_UP),
        add_para(1),
        M,
        "a newsletter sign-up line appeared",
    )
    yield Spec(
        "furniture",
        CORK,
        (CORK_SIMPLY, CORK_EVERY_DAY),
        drop_para(1),
        M,
        "a newsletter promo paragraph disappeared",
    )
    yield Spec(
        "furniture",
        CORK,
        (CORK_SIGN_UP, CORK_NEVER_MISS),
        drop_para(1),
        M,
        "a newsletter promo line disappeared",
    )
    yield Spec(
        "furniture",
        SCHOOLS,
        (SCHOOLS_PROGRAMMES, SCHOOLS_SUBSCRIBE, SCHOOLS_APPS),
        drop_para(2),
        M,
        "an app promo line disappeared",
    )
    yield Spec(
        "furniture",
        SCHOOLS,
        (SCHOOLS_CAPTION, SCHOOLS_SHARE, SCHOOLS_LEAD),
        add_para(1),
        M,
        "a share prompt appeared",
    )
    yield Spec(
        "furniture",
        SCHOOLS,
        (SCHOOLS_CAPTION, SCHOOLS_SHARE, SCHOOLS_LEAD),
        drop_para(1),
        M,
        "a share prompt disappeared",
    )
    yield Spec(
        "furniture",
        ABC7,
        ABC7_TAGGED,
        unsub("NAPA COUNTY, Calif. (KGO) -- A plan", "A plan"),
        M,
        "a dateline and agency tag appeared before the first sentence",
    )
    yield Spec(
        "furniture",
        GB,
        GB_LEAD,
        sub("Vladimir Putin has hailed", "PYONGYANG (Reuters) - Vladimir Putin has hailed"),
        M,
        "an agency dateline tag '(Reuters) -' appeared",
    )
    yield Spec(
        "furniture",
        GRENADA,
        GRENADA_H1,
        sub(GRENADA_H1, GRENADA_H1 + " | NOW Grenada"),
        M,
        "the site name appeared after the headline",
        field="headline",
    )
    yield Spec(
        "furniture",
        CAYMAN,
        CAYMAN_H1,
        sub(CAYMAN_H1, CAYMAN_H1 + " - Cayman Compass"),
        M,
        "the site name appeared after the headline",
        field="headline",
    )
    yield Spec(
        "furniture",
        GLOBE,
        GLOBE_H1 + " - California Globe",
        sub(" - California Globe", ""),
        M,
        "the site name disappeared from the headline",
        field="headline",
    )
    yield Spec(
        "furniture",
        HAITI,
        HAITI_H1,
        sub(HAITI_H1, HAITI_H1 + " - The Haitian Times"),
        M,
        "the site name appeared after the headline",
        field="headline",
    )
    yield Spec(
        "furniture",
        GB,
        GB_HEADLINE,
        sub(GB_HEADLINE, GB_HEADLINE + " | GB News"),
        M,
        "the site name appeared after the headline",
        field="headline",
    )
    yield Spec(
        "furniture",
        GB,
        (GB_CHA, "You may like"),
        drop_para(1),
        M,
        "a 'You may like' promo line disappeared",
    )
    yield Spec(
        "furniture",
        wn("7557"),
        WN_PHOTO,
        unsub(
            "The current 68-year-old span",
            "April 7, 2005 Category:April 7, 2005 The current 68-year-old span",
        ),
        M,
        "wiki furniture (a date line and category tag) disappeared",
    )
    yield Spec(
        "furniture",
        CITY,
        (CITY_PACT, CITY_RSVP, CITY_HOWEVER),
        drop_para(1),
        M,
        "an event promo line disappeared",
    )
    yield Spec(
        "furniture",
        SCHOOLS,
        SCHOOLS_PROGRAMMES,
        sub(" (BA)", ""),
        M,
        "the reporter's initials tag at the end disappeared",
    )
    # capitalisation
    yield Spec(
        "capitalisation",
        GB,
        GB_PARADE,
        sub("Il-Sung square", "Il-Sung Square"),
        M,
        "only letter case changed",
    )
    yield Spec(
        "capitalisation",
        GB,
        GB_PREMIER,
        sub("Supreme Leader Kim", "supreme leader Kim"),
        M,
        "only letter case changed (a title lower-cased)",
    )
    yield Spec(
        "capitalisation",
        ABC7,
        ABC7_LEDERER,
        sub("Napa County Public Works Director", "Napa County public works director"),
        M,
        "only letter case changed",
    )
    yield Spec(
        "capitalisation",
        wn("29056"),
        WN_MISSOURI,
        sub("blue springs", "Blue Springs"),
        M,
        "a place name capitalised (case only)",
    )
    yield Spec(
        "capitalisation",
        CAYMAN,
        CAYMAN_H1,
        sub(CAYMAN_H1, "Prison Official: ‘Anyone’ Could Escape From Northward"),
        M,
        "the headline put in title case",
        field="headline",
    )
    # house style: the same fact written another way
    yield Spec(
        "house_style",
        GB,
        GB_TRIP,
        sub("policy of the US and", "policy of the U.S. and"),
        M,
        "US written with points",
    )
    yield Spec(
        "house_style",
        GB,
        GB_OFFENSIVE,
        sub("more than two years", "over two years"),
        M,
        "'more than' written as 'over'",
    )
    yield Spec(
        "house_style",
        CITY,
        CITY_LEASE,
        sub("20 percent", "20 per cent"),
        M,
        "'percent' written as 'per cent'",
    )
    yield Spec(
        "house_style",
        ABC7,
        ABC7_PROPERTIES,
        sub("including four in", "including 4 in"),
        M,
        "a small number written in figures",
    )
    yield Spec(
        "house_style",
        ABC7,
        ABC7_BOARD,
        sub("$95 million investment", "$95m investment"),
        M,
        "'million' abbreviated",
    )
    yield Spec(
        "house_style",
        wn("52079"),
        WN_ANNOUNCED,
        sub("on April 6, 2005 that", "on 6 April 2005 that"),
        M,
        "the same date written day first",
    )
    yield Spec(
        "house_style",
        SCHOOLS,
        SCHOOLS_REVEALED,
        sub("Dr Anton Best", "Dr. Anton Best"),
        M,
        "an honorific written with a point",
    )
    yield Spec(
        "house_style",
        GB,
        GB_TRIP,
        sub("policy of the US and", "policy of the United States and"),
        M,
        "an abbreviation spelt out",
    )
    yield Spec(
        "house_style",
        CITY,
        CITY_DAYS,
        sub("Nov. 8 and Nov. 28", "November 8 and November 28"),
        M,
        "month names spelt out",
    )
    yield Spec(
        "house_style",
        CITY,
        CITY_HOURS,
        sub("from 10 a.m. to 9 p.m.", "from 10am to 9pm"),
        M,
        "times written without points",
    )
    yield Spec(
        "house_style",
        TRIDENTS,
        TRIDENTS_VIEW,
        sub("in the span of ten days", "in the space of ten days"),
        M,
        "an idiom reworded with the same meaning",
    )
    # move: the same paragraphs or sentences in another order
    yield Spec(
        "move", GB, (GB_TRIP, GB_PARADE), order(1, 0), M, "two paragraphs swapped, unchanged"
    )
    yield Spec(
        "move",
        ABC7,
        (ABC7_NATURE, ABC7_CRINGEY),
        order(1, 0),
        M,
        "two quotation paragraphs swapped, unchanged",
    )
    yield Spec(
        "move",
        CITY,
        (CITY_PACT, CITY_RSVP, CITY_HOWEVER),
        order(2, 0, 1),
        M,
        "a paragraph moved up two places, unchanged",
    )
    yield Spec(
        "move",
        CORK,
        CORK_COUNCIL,
        sub(
            "Council owned tourism facilities and museums "
            "have closed with immediate effect. Use of the Dursey Island Cable Car is "
            "restricted to island residents only.",
            "Use of the Dursey Island Cable Car is "
            "restricted to island residents only. Council owned tourism facilities and "
            "museums have closed with immediate effect.",
        ),
        M,
        "two sentences swapped inside a paragraph, unchanged",
    )
    yield Spec(
        "move",
        HEART,
        HEART_ARRESTS,
        sub(
            "Cameron L. Horve, 27, Macon, was arrested for "
            "retail theft. Jamie L. Miller, 46, Decatur, was arrested for retail theft.",
            "Jamie L. Miller, 46, Decatur, was arrested for retail theft. Cameron L. Horve, "
            "27, Macon, was arrested for retail theft.",
        ),
        M,
        "two sentences swapped inside a paragraph, unchanged",
    )


def _update() -> Iterator[Spec]:
    # added sentence or paragraph: a developing story
    yield Spec(
        "added_sentence", GB, (GB_LEAD, GB_PREMIER), add_para(1), U, "a new paragraph of detail"
    )
    yield Spec(
        "added_sentence",
        ABC7,
        ABC7_AREA,
        unsub(" It's on the southwest side of the Napa County lake.", ""),
        U,
        "a sentence of detail added",
    )
    yield Spec(
        "added_sentence",
        CITY,
        CITY_FIRST,
        unsub(" Over the next 30 days, residents can choose between three funding models.", ""),
        U,
        "a sentence with new figures added",
    )
    yield Spec(
        "added_sentence",
        GLOBE,
        (GLOBE_EXPERTS, GLOBE_DUNHAM),
        add_para(1),
        U,
        "a new quotation from a named lawyer added",
    )
    yield Spec(
        "added_sentence",
        wn("65593"),
        WN_APART + " " + WN_FIRST,
        unsub(" " + WN_FIRST, ""),
        U,
        "a sentence with the time of the first shooting added",
    )
    yield Spec(
        "added_sentence",
        ABC7,
        (ABC7_TAGGED, ABC7_CALLED),
        add_para(1),
        U,
        "a paragraph naming the resort and its place added",
    )
    # added clause or detail inside an existing sentence
    yield Spec(
        "added_clause",
        GB,
        GB_TOLD,
        sub("North Korean officials:", "North Korean officials on Wednesday:"),
        U,
        "'told' → 'told on Wednesday': a detail added",
    )
    yield Spec(
        "added_clause",
        GB,
        GB_KCNA,
        sub("KCNA said.", "KCNA said on Thursday."),
        U,
        "'said' → 'said on Thursday': a detail added",
    )
    yield Spec(
        "added_clause",
        GB,
        GB_DENIALS,
        sub("experts have warned", "experts, including Victor Cha, have warned"),
        U,
        "a named expert added to the attribution",
    )
    yield Spec(
        "added_clause",
        ABC7,
        ABC7_CRINGEY,
        sub("said another person.", "said another person, a resident of Napa."),
        U,
        "a detail about the speaker added",
    )
    yield Spec(
        "added_clause",
        CITY,
        CITY_NYCHA,
        sub("over the summer to prepare", "over the summer, at a cost of $1.2 million, to prepare"),
        U,
        "a new figure added in a clause",
    )
    yield Spec(
        "added_clause",
        GRENADA,
        GRENADA_AMONG,
        sub("attended the roundtable co-hosted", "attended the roundtable in person, co-hosted"),
        U,
        "a detail added",
    )
    yield Spec(
        "added_clause",
        GB,
        GB_REBUTTALS,
        sub("in search of allies.", "in search of allies and trade."),
        U,
        "a detail added",
    )
    yield Spec(
        "added_clause",
        GLOBE,
        GLOBE_EXPERTS,
        sub(
            "surprised by the ruling, as",
            "surprised by the ruling, which one called “a game changer”, as",
        ),
        U,
        "a new quoted reaction added",
    )
    # removed sentence or paragraph: trimming, nothing wrong
    yield Spec(
        "removed_sentence",
        ABC7,
        ABC7_BOARD,
        sub(
            " This would be a $95 million "
            "investment by the Margaritaville group according to county officials who spoke "
            "about the project.",
            "",
        ),
        U,
        "a sentence of detail trimmed",
    )
    yield Spec(
        "removed_sentence",
        GB,
        (GB_TRIP, GB_PARADE),
        drop_para(1),
        U,
        "a descriptive paragraph trimmed",
    )
    yield Spec(
        "removed_sentence",
        CITY,
        CITY_FIRST,
        sub(" Over the next 30 days, residents can choose between three funding models.", ""),
        U,
        "a sentence of detail trimmed",
    )
    yield Spec(
        "removed_sentence",
        CORK,
        CORK_GYMS,
        sub(" Masses are going online.", ""),
        U,
        "a short sentence trimmed",
    )
    yield Spec(
        "removed_sentence",
        GLOBE,
        (GLOBE_LAWYER, GLOBE_NATIONWIDE),
        drop_para(1),
        U,
        "a closing paragraph trimmed",
    )
    # a number that moved on, said as new information
    yield Spec(
        "developing_number",
        wn("65593"),
        WN_SECOND,
        sub("30 people were killed", "at least 31 people are now known to have been killed"),
        U,
        "the toll rose and the text says so: a developing story, not a correction",
    )
    yield Spec(
        "developing_number",
        wn("10439"),
        WN_INJURED,
        sub("Over 60 people were injured", "Over 70 people are now reported to have been injured"),
        U,
        "the count rose as news came in, and the text says so",
    )
    yield Spec(
        "developing_number",
        SCHOOLS,
        SCHOOLS_FORMS,
        sub("already more than 130 had responded", "more than 200 have now responded"),
        U,
        "the count moved on and the text says 'now'",
    )
    yield Spec(
        "developing_number",
        PAHO,
        PAHO_CASES,
        sub(
            "more than 685 million people in the region have completed",
            "more than 690 million people in the region have now completed",
        ),
        U,
        "the count moved on and the text says 'now'",
    )
    yield Spec(
        "developing_number",
        CITY,
        CITY_NYCHA,
        sub(
            "67 percent of residents",
            "67 percent of residents, a figure that has since risen to 72 percent,",
        ),
        U,
        "a newer figure added beside the earlier one",
    )
    yield Spec(
        "developing_number",
        wn("100868"),
        WN_SWANS,
        sub(
            "10 other cases of the virus have appeared",
            "12 other cases of the virus have now appeared",
        ),
        U,
        "the count rose and the text says 'now'",
    )
    # rewording that changes emphasis, no fact
    yield Spec(
        "framing",
        GB,
        GB_LEAD,
        sub("met with condemnation", "met with criticism"),
        U,
        "a milder word for the same reaction",
    )
    yield Spec(
        "framing",
        GB,
        GB_OFFENSIVE,
        sub("riddled with setbacks", "marked by setbacks"),
        U,
        "a milder wording, same facts",
    )
    yield Spec(
        "framing",
        wn("7557"),
        WN_FAULTY,
        sub("If faulty welds", "If questionable welds"),
        U,
        "a softer word for the same welds",
    )
    # headline rewritten for new developments
    yield Spec(
        "headline_update",
        GB,
        GB_HEADLINE,
        sub(GB_HEADLINE, GB_HEADLINE + " as the pair sign a mutual defence pact"),
        U,
        "the headline adds a new development",
        field="headline",
    )
    yield Spec(
        "headline_update",
        ABC7,
        ABC7_H1,
        sub(ABC7_H1, ABC7_H1 + "; residents voice concerns"),
        U,
        "the headline adds the public reaction",
        field="headline",
    )
    yield Spec(
        "headline_update",
        GRENADA,
        GRENADA_H1,
        sub(GRENADA_H1, "PM backs annual US-Caribbean banking forum at Barbados roundtable"),
        U,
        "the headline rewritten around the story's main point",
        field="headline",
    )


# Wikinews sentences for the equivalence rules (docs/diff.md, "Equivalences"), each used in
# both directions: the same thing said another way, and a near miss that says something else.
WN_BLUNKETT: Final = (
    "Yesterday Blunkett declared that he would not resign in an interview with the Sheffield "
    'Star , insisting that he had "done nothing wrong."'
)
WN_KOSTUNICA: Final = (
    "During a meeting of the Democratic Party of Serbia today , the Prime Minister Vojislav "
    "Kotunica said that he will not agree to Kosovo's independence and that the solution for "
    "Kosovo is wide autonomy."
)
WN_STANCE: Final = (
    "Kotunica said that the degree of participation depends on advancement in protection of "
    "human rights of the Serbs remaining in the province."
)
WN_REAFFIRMED: Final = (
    "The province's Albanian majority wants full independence from Serbia. He also reaffirmed "
    "his stance on participation of Serbs in Kosovo's institutions: \"For now, there is no room "
    'for Serbian representatives in institutions of Kosovo." The Serbian government had '
    "advised Serbs in Kosovo not to vote in the local parliamentary elections held last "
    "October. " + WN_STANCE
)
WN_GLOBE: Final = (
    'He won the Primetime Emmy Award for "Outstanding Lead Actor in a Comedy Series" three '
    'times and a Golden Globe Award for "Best Performance by an Actor" in a TV-Series in 2001.'
)
WN_DANZIGER: Final = (
    "New Orleans police shot eight armed gunmen from the Danziger Bridge, after contractors "
    "crossing the bridge came under fire."
)
WN_BLIND: Final = (
    "It is believed he will be the first illegally blind governator in the United States."
)
WN_PROVINCE: Final = (
    "Currently the country consists of 75 provinces, it is expected that the 76th district "
    "will be around the Suvarnabhumi International Airport which opens in September 2006."
)
WN_PUFFINS: Final = (
    "Professor Mike Harris, Emeritus Research Fellow at the Centre for Ecology and Hydrology, "
    "said that the birds spend eight months at sea, and some do not return, which may be the "
    "cause of the lowering population."
)
WN_HORSES: Final = (
    "Beginning in 2006, all horses in the EU will be required to have passports, according to "
    "new rules from the European Union."
)
WN_ABBOTT: Final = (
    'She told Wikinews: "Post offices are central spaces within a community." She added that '
    "they provided invaluable services and a point of contact for vulnerable people."
)

WN_APPALLED: Final = 'She was "appalled" to hear of the Post Office closures in her constituency.'

WN_BAYLEY: Final = (
    "Bayley first raped a woman and committed several attempted rapes when he was just 19. "
    "He admitted to the rape of a 18 year old woman in 2000, and then went on a crime spree "
    "raping six prostitutes in the suburb of that same year ."
)

WN_HERLEV: Final = "Rest of the matches was lost for Herlev ."


def _equivalences() -> Iterator[Spec]:
    yield Spec(
        "restated",
        wn("25354"),
        WN_BLUNKETT,
        sub(
            "Yesterday Blunkett declared that he would not resign in an interview with the "
            "Sheffield Star ,",
            "In an interview with the Sheffield Star yesterday, Blunkett declared that he would "
            "not resign ,",
        ),
        M,
        "a clause moved to the front of the sentence, every word kept (the real edit)",
    )
    yield Spec(
        "who_did_what",
        wn("20897"),
        WN_DANZIGER,
        sub(
            "New Orleans police shot eight armed gunmen",
            "Eight armed gunmen shot New Orleans police",
        ),
        S,
        "the same words reordered so that the gunmen shot the police: who did what changed",
    )
    yield Spec(
        "reference",
        wn("10010"),
        WN_REAFFIRMED,
        sub("He also reaffirmed", "Kotunica also reaffirmed"),
        M,
        "the pronoun replaced by the name the paragraph uses for the same man (the real edit)",
    )
    yield Spec(
        "reference_new_name",
        wn("10010"),
        WN_REAFFIRMED,
        sub("He also reaffirmed", "Tadic also reaffirmed"),
        U,
        "the pronoun replaced by a name the text never used: a new detail, who reaffirmed it",
    )
    yield Spec(
        "relative_day_named",
        wn("10010"),
        WN_KOSTUNICA,
        sub("Serbia today ,", "Serbia on Saturday ,"),
        M,
        "the relative day named as a weekday: the same date made explicit (the real edit)",
    )
    yield Spec(
        "date",
        wn("10010"),
        WN_KOSTUNICA,
        sub("Serbia today ,", "Serbia yesterday ,"),
        S,
        "the meeting moved from today to yesterday: another date",
    )
    yield Spec(
        "spelt_out_number",
        wn("110422"),
        WN_GLOBE,
        sub("and a Golden Globe", "and one Golden Globe"),
        M,
        '"a" written as "one": the same count (the real edit)',
    )
    yield Spec(
        "allegation",
        wn("20897"),
        WN_DANZIGER,
        sub("Bridge, after", "Bridge, according to a police statement, after"),
        S,
        "a fact turned into a claim attributed to the police (the real edit)",
    )
    yield Spec(
        "negation",
        wn("101803"),
        WN_BLIND,
        sub("illegally blind governator", "legally blind governor"),
        S,
        '"illegally" became its opposite "legally" beside a typo fixed (the real edit)',
    )
    yield Spec(
        "quote",
        wn("102520", 1),
        WN_APPALLED,
        sub('was "appalled"', 'felt "saddened"'),
        S,
        "a one-word quotation replaced together with the verb before it",
    )
    yield Spec(
        "house_style",
        wn("102520", 1),
        WN_APPALLED,
        sub('was "appalled"', 'felt "appalled"'),
        M,
        "the verb before a one-word quotation reworded, the quoted word kept",
    )
    yield Spec(
        "quote",
        wn("102520", 1),
        WN_ABBOTT,
        sub(
            'community." She added that they provided invaluable services and a point of '
            "contact for vulnerable people.",
            'community, and the closures are a disgrace."',
        ),
        S,
        "the quotation extended at its end with new words, the sentence of reported speech "
        "after it dropped (the block diff pairs the two)",
    )
    yield Spec(
        "number",
        wn("2180975"),
        WN_BAYLEY,
        sub(
            "Bayley first raped a woman and committed several attempted rapes when he was just "
            "19. He admitted to the rape of a 18 year old woman in 2000, and then went on a "
            "crime spree raping six prostitutes in the suburb of that same year .",
            "Bayley committed rape and attempted rape at age 19. Later, in 2001, he raped six "
            "prostitutes in the suburb of .",
        ),
        S,
        "two sentences rewritten together (the real edit) with the year of the crimes "
        "changed: the new sentence has no partner, the deleted one held the old year",
    )
    yield Spec(
        "restated",
        wn("105178"),
        WN_HERLEV,
        sub("Rest of the matches was lost for Herlev", "Herlev lost the rest of the matches"),
        M,
        "the same clause put in the active voice, doer and done-to kept (the real edit)",
    )
    yield Spec(
        "who_did_what",
        wn("20897"),
        WN_DANZIGER,
        sub("police shot eight", "police were shot by eight"),
        S,
        "the verb put into the passive with the words around it kept: the police are now "
        "the ones shot",
    )
    yield Spec(
        "negation",
        wn("101803"),
        WN_BLIND,
        sub("first illegally blind", "very first legally blind"),
        S,
        '"illegally" became "legally" in the same place, a function word put before it',
    )
    yield Spec(
        "date",
        page("popsugar.co.uk.halloween"),
        POPSUGAR_DECADE,
        sub("'50s", "'60s"),
        S,
        "the decade changed, written with an apostrophe for the century",
    )
    yield Spec(
        "house_style",
        page("popsugar.co.uk.halloween"),
        POPSUGAR_DECADE,
        sub("and channel your", "and bring out your"),
        M,
        'a word of ordinary wording after "\'50s", whose apostrophe opens no quotation',
    )
    yield Spec(
        "added_clause",
        wn("25354"),
        WN_BLUNKETT,
        unsub("Yesterday Blunkett", "Blunkett"),
        U,
        '"Yesterday" put before the name that opens the sentence: a detail added, no part '
        "of the name",
    )
    yield Spec(
        "place",
        wn("48772"),
        WN_PROVINCE,
        sub("76th district", "76th province"),
        S,
        "the kind of place corrected: a district became a province (the real edit)",
    )
    yield Spec(
        "house_style",
        wn("110289", 1),
        WN_PUFFINS,
        unsub("some do not return", "some don't return"),
        M,
        "a contraction written out",
    )
    yield Spec(
        "negation",
        wn("110289", 1),
        WN_PUFFINS,
        sub("some do not return", "some do return"),
        S,
        "the negation dropped: the birds do return",
    )
    yield Spec(
        "house_style",
        wn("16289", 1),
        WN_HORSES,
        unsub("will be required to", "must"),
        M,
        '"must" written as "will be required to" (the real edit)',
    )
    yield Spec(
        "allegation",
        wn("16289", 1),
        WN_HORSES,
        sub("will be required to", "may"),
        S,
        "an obligation weakened to a possibility",
    )
    yield Spec(
        "typo",
        wn("102520", 1),
        WN_ABBOTT,
        unsub("told Wikinews:", "told Wikinewsthat"),
        M,
        'a word glued to a name ("Wikinewsthat") split off (the real edit)',
    )
    yield Spec(
        "attribution",
        wn("102520", 1),
        WN_ABBOTT,
        sub("told Wikinews:", "told Reuters:"),
        S,
        "the outlet she spoke to changed",
    )
    yield from _version_7()


WN_MPAA: Final = (
    "At current there are already some publications made available by proper officials , "
    "(see the MPAA link below) confirming the authenticity of the raid."
)


WN_LULA: Final = (
    "Following the occurrence, president Lula was held for questioning for three hours before "
    "being released."
)


WN_LULA_0: Final = "President Lula was held for questioning for three hours before being released."


WN_SEVERELY: Final = (
    "It is not known how severely the man and woman on board were injured, a spokesperson for "
    "South Wales Police stated that both of the aircraft's occupants sustained "
    '"non life-threatening injuries".'
)


WN_FIRES: Final = (
    "Fires started Sunday due to Santa Ana wind conditions in the San Fernando Valley and "
    "Angeles National Forest on the northern outskirts of Los Angeles."
)
WN_HENSHAW: Final = (
    "Previous fights between Liverpool city councillors and executive staff have resulted in "
    "controversy before , most notably in the resignation of leader Mike Storey and CEO Henshaw."
)


def _version_7() -> Iterator[Spec]:
    """Cases of the rules of version 7 (docs/diff.md), each with a near miss."""
    yield Spec(
        "furniture",
        wn("42004"),
        WN_MPAA,
        sub(" , (see the MPAA link below)", ""),
        M,
        "a pointer to a link further down the page disappeared",
    )
    yield Spec(
        "added_clause",
        wn("42004"),
        WN_MPAA,
        sub("(see the MPAA link below)", "(the MPAA confirmed the raid)"),
        U,
        "a parenthesis that says something (who confirmed the raid) put for the pointer",
    )
    yield Spec(
        "house_style",
        wn("42004"),
        WN_MPAA,
        sub("proper officials , (see the MPAA link below)", "officials"),
        M,
        "a word dropped and the pointer to a link gone (the real edit)",
    )
    yield Spec(
        "house_style",
        wn("2785753", 1),
        WN_LULA,
        unsub("Following the occurrence, president", "President"),
        M,
        "an opening phrase that points back to what happened (the real edit)",
    )
    yield Spec(
        "added_clause",
        wn("2785753", 0),
        WN_LULA_0,
        sub("President Lula", "Following his arrest, president Lula"),
        U,
        "an opening phrase that names what happened: an arrest",
    )
    yield Spec(
        "house_style",
        wn("110289", 1),
        WN_PUFFINS,
        sub("which may be", "which might be"),
        M,
        "one hedge put for another: the cause is still only possible",
    )
    yield Spec(
        "allegation",
        wn("110289", 1),
        WN_PUFFINS,
        sub("which may be", "which is"),
        S,
        "the hedge taken out: a possible cause now stated as the cause",
    )
    yield Spec(
        "house_style",
        wn("45505", 1),
        WN_SEVERELY,
        sub("It is not known", "It is unknown"),
        M,
        "the same negation written with a prefix",
    )
    yield Spec(
        "negation",
        wn("45505", 1),
        WN_SEVERELY,
        sub("It is not known", "It is known"),
        S,
        "the negation dropped: now it is known how badly they were hurt",
    )
    yield Spec(
        "house_style",
        wn("115079", 1),
        WN_FIRES,
        sub("northern", "north"),
        M,
        "the same direction in another form",
    )
    yield Spec(
        "place",
        wn("115079", 1),
        WN_FIRES,
        sub("northern", "southern"),
        S,
        "the fires are on the other side of the city",
    )
    yield Spec(
        "house_style",
        wn("47001", 1),
        WN_HENSHAW,
        sub("CEO", "chief executive officer"),
        M,
        "the same title spelt out from its initials",
    )
    yield Spec(
        "role",
        wn("47001", 1),
        WN_HENSHAW,
        sub("CEO", "chairman"),
        S,
        "another title: chairman, not chief executive",
    )


def _curly(text: str) -> Edit:
    """Straight double quotes in ``text`` become curly ones, opening and closing in turn."""

    def edit(paras: Paragraphs) -> tuple[Paragraphs, Paragraphs]:
        out, opening = [], True
        for char in text:
            if char == '"':
                out.append("“" if opening else "”")
                opening = not opening
            else:
                out.append(char)
        return paras, tuple("".join(out) if p == text else p for p in paras)

    return edit


def _replace_all(find: str, repl: str) -> Edit:
    return lambda paras: (paras, tuple(p.replace(find, repl) for p in paras))


# -- building and checking the set ---------------------------------------------------------


def cases() -> list[dict[str, object]]:
    """The cases, numbered within each kind in the order above."""
    out: list[dict[str, object]] = []
    numbers: Counter[str] = Counter()
    for spec in specs():
        old, new = spec.edit(spec.paragraphs)
        if old == new:
            raise ValueError(f"{spec.kind}: the edit changed nothing")
        numbers[spec.kind] += 1
        out.append(
            {
                "id": f"{spec.kind}-{numbers[spec.kind]:02d}",
                "kind": spec.kind,
                "source": spec.source,
                "field": spec.field,
                "old": "\n\n".join(old),
                "new": "\n\n".join(new),
                "level": spec.level,
                "needs_note": spec.level == "substantive",
                "why": spec.why,
            }
        )
    return out


def render(items: Sequence[dict[str, object]]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


class _Visible(html.parser.HTMLParser):
    """The text a reader sees: scripts, styles and templates left out, blocks on new lines."""

    _SKIP = frozenset(("script", "style", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_text(source: str, shared: Path = SHARED) -> str:
    """The text of a case's source, whitespace collapsed."""
    path, _, anchor = source.partition("#")
    file = shared / path
    if anchor:
        article, _, version = anchor.rpartition("@")
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["article_id"] == article and record["version"] == int(version):
                return _flat(record["text"])
        raise ValueError(f"{source}: no such version")
    raw = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix == ".html":
        parser = _Visible()
        parser.feed(raw)
        raw = "".join(parser.parts)
    return _flat(raw)


def verify(shared: Path = SHARED) -> list[str]:
    """Problems with the quoted texts: each must occur in its source, paragraphs in order."""
    problems = []
    texts: dict[str, str] = {}
    for spec in specs():
        if spec.source not in texts:
            texts[spec.source] = source_text(spec.source, shared)
        quoted = _flat(" ".join(spec.paragraphs))
        if quoted not in texts[spec.source]:
            problems.append(f"{spec.kind} ({spec.source}): not found: {quoted[:90]!r}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the written file")
    parser.add_argument("--verify", action="store_true", help="find every quote in its source")
    args = parser.parse_args(argv)
    text = render(cases())
    status = 0
    if args.verify:
        if not SHARED.is_dir():
            print(f"{SHARED} not found: quotes not verified", file=sys.stderr)
        else:
            problems = verify()
            for problem in problems:
                print(problem, file=sys.stderr)
            status |= bool(problems)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            status = 1
    elif not status:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {len(text.splitlines())} cases to {OUTPUT}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
