"""GB News (gbnews.com) page copy, as in the project's starting sample.

::

    Vladimir Putin embraces Kim Jong Un and thanks his 'unwavering support' after ...
    The two leaders embraced on the tarmac in Pyongyang      <- lead image caption
    Reuters                                                  <- its credit
    James Saunders
    By James Saunders
    Published: 19/06/2024
    - 07:38
    Updated: 19/06/2024
    - 08:14
    North Korean state media claimed the pair shared ...    <- standfirst (no full stop)
    Vladimir Putin has hailed North Korea's "consistent ...  <- body
    Putin and Kim Jong-un hugging                            <- image alt text
    The two leaders embraced on the tarmac in Pyongyang      <- caption
    Reuters                                                  <- credit
    MORE ON PUTIN'S RUSSIA:                                  <- promo
    ...
    You may like                                             <- page furniture from here on

Dates are day-first and in UK local time (read in the zone the caller gives).
"""

from __future__ import annotations

import re
from typing import Final

from articlediff.ingest.layout import COMMON_AGENCIES, LABELLED_CREDIT, TextLayout, credit_pattern

_DATE = r"(?P<date>\d{1,2}/\d{1,2}/\d{4})"
_TIME = r"(?P<time>\d{1,2}:\d{2}(?:\s*[ap]m)?)"

GBNEWS: Final = TextLayout(
    name="gbnews",
    published=re.compile(rf"Published:\s*{_DATE}(?:\s*-?\s*{_TIME})?", re.IGNORECASE),
    updated=re.compile(rf"Updated:\s*{_DATE}(?:\s*-?\s*{_TIME})?", re.IGNORECASE),
    time_line=re.compile(rf"-\s*{_TIME}", re.IGNORECASE),
    credits=(credit_pattern(*COMMON_AGENCIES, "GB News"), LABELLED_CREDIT),
    promos=(
        re.compile(r"(?:READ MORE|MORE|LATEST|WATCH|LISTEN|SEE ALSO|RELATED)\s*:.*"),
        re.compile(r"(?:LATEST DEVELOPMENTS|MORE FROM GB NEWS|LIVE)\s*:?\s*"),
    ),
    tail_markers=("You may like", "Related articles", "Related topics", "Most read"),
)
