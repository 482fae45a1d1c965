"""What a sentence states, read from its normalised words: figures, dates and times as
values, names, quotations. The verdict rules compare these between versions, so a change of
format ("30.000" → "30,000", "April 6, 2005" → "6 April 2005", "0600" → "06:00", "3" →
"three", "US" → "United States") is not a change of fact.

A sentence is a list of :class:`Sentence` tokens: words (letters and digits, with inner
apostrophes, split at hyphens) and single punctuation marks; whitespace is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final, TypeVar

from articlediff.diff import lexicon as lx
from articlediff.diff.spelling import is_known
from articlediff.diff.tokens import is_word, tokenize

_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)*")
_ORDINAL: Final = re.compile(r"(\d+)(?:st|nd|rd|th)", re.IGNORECASE)
_CLOCK: Final = re.compile(r"(\d{1,2})[:.](\d{2})")
_GLUED_TIME: Final = re.compile(r"(\d{1,2})(?::(\d{2}))?([ap])m", re.IGNORECASE)
_GLUED_MULT: Final = re.compile(r"(\d+(?:[.,]\d+)*)(m|bn|k|mn|tn|b)", re.IGNORECASE)
_YEAR: Final = re.compile(r"1[5-9]\d\d|20\d\d")
_DECADE_YEARS: Final = re.compile(r"(?:1[5-9]|20)?(\d)0'?s")


def words(text: str) -> tuple[list[str], list[bool]]:
    """The tokens of normalised ``text`` (words split at hyphens, punctuation, no spaces),
    and for each whether a space comes before it."""
    every = tokenize(text, hyphens=False)
    kept = [k for k, tok in enumerate(every) if not tok.isspace()]
    return [every[k] for k in kept], [k == 0 or every[k - 1].isspace() for k in kept]


@dataclass(frozen=True)
class Expr:
    """A figure, date or time in a sentence: its tokens ``[start, end)`` and its values
    (more than one when the form is ambiguous: "30.000" is 30 or 30,000)."""

    start: int
    end: int
    kind: str  # number | date | time
    values: frozenset[str]


@dataclass(frozen=True)
class Run:
    """A name: capitalised words ``[start, end)`` and its key (see :func:`name_key`)."""

    start: int
    end: int
    key: str


@dataclass
class Sentence:
    """The normalised tokens of one sentence and what they state (worked out on demand)."""

    tokens: list[str]
    spaced: list[bool]
    text: str = ""
    folded: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.folded = [t.casefold() for t in self.tokens]

    @classmethod
    def of(cls, text: str) -> Sentence:
        tokens, spaced = words(text)
        return cls(tokens, spaced, text)

    @cached_property
    def is_word(self) -> list[bool]:
        return [t[0].isalnum() or (not t[0].isascii() and is_word(t)) for t in self.tokens]

    def exprs_over(self, lo: int, hi: int) -> list[Expr]:
        """The figures, dates and times that tokens ``[lo, hi)`` touch (around ``lo`` for
        an insertion); the sentence's are worked out only when a digit or a number, month
        or weekday word is near enough to be part of one."""
        if "exprs" not in self.__dict__ and not any(
            self.folded[k][:1].isdecimal() or self.folded[k] in _VALUE_WORDS
            for k in range(max(0, lo - _VALUE_REACH), min(len(self.tokens), hi + 1))
        ):
            return []
        return overlapping(self.exprs, lo, hi)

    def runs_over(self, lo: int, hi: int) -> list[Run]:
        """The names that tokens ``[lo, hi)`` touch (around ``lo`` for an insertion); the
        sentence's are worked out only when a capitalised word is near."""
        if "runs" not in self.__dict__ and not any(
            self.tokens[k][:1].isupper()
            for k in range(max(0, lo - _NAME_REACH), min(len(self.tokens), hi + _NAME_REACH))
        ):
            return []
        return overlapping(self.runs, lo, hi)

    @cached_property
    def exprs(self) -> list[Expr]:
        return _exprs(self)

    @cached_property
    def runs(self) -> list[Run]:
        return _runs(self)

    @cached_property
    def quoted(self) -> list[bool]:
        return _quoted(self.tokens, self.spaced)

    @cached_property
    def calendar(self) -> frozenset[int]:
        """Tokens that are month or weekday names (never names of people or places)."""
        return frozenset(k for x in self.exprs if x.kind == "date" for k in range(x.start, x.end))

    @cached_property
    def lower_text(self) -> str:
        return " ".join(self.folded)


_S = TypeVar("_S", Expr, Run)


def overlapping(items: Iterable[_S], lo: int, hi: int) -> list[_S]:
    """The items that tokens ``[lo, hi)`` overlap; for an insertion point (``lo == hi``),
    those that surround it."""
    if lo == hi:
        return [x for x in items if x.start < lo < x.end]
    return [x for x in items if x.start < hi and lo < x.end]


# -- figures, dates and times ----------------------------------------------------------------

_VALUE_WORDS: Final = frozenset((*lx.MONTHS, *lx.WEEKDAYS, *lx.UNITS, *lx.ORDINALS, "billions"))
"""Words that can start a figure, date or time (digits aside)."""
_VALUE_REACH: Final = 6
"""Most tokens between a word that marks a figure, date or time and the far end of it
("February 2nd , 2005", "10:21 a . m .", "one hundred and twenty")."""
_NAME_REACH: Final = 3
"""Most tokens between a part of a name and its nearest capitalised word ("Jong - un",
"bin")."""


def _num(tok: str) -> set[float]:
    """Values of a digit token: "1,278" → 1278; "30.000" → 30 or 30000; "3.5" → 3.5."""
    if not _NUMBER.fullmatch(tok):
        return set()
    out: set[float] = set()
    if "," in tok or "." in tok:
        groups = re.split(r"[.,]", tok)
        if all(len(g) == 3 for g in groups[1:]):
            out.add(float("".join(groups)))
        last = max(tok.rfind(","), tok.rfind("."))
        head = re.sub(r"[.,]", "", tok[:last])
        out.add(float(f"{head}.{tok[last + 1 :]}"))
    else:
        out.add(float(tok))
    return out


def _fmt(value: float) -> str:
    return f"{value:.6g}" if value != int(value) else str(int(value))


def _word_number(folded: Sequence[str], k: int) -> tuple[float, int] | None:
    """A number written in words from ``folded[k]``: "twenty five", "five thousand",
    "a dozen"; its value and the index after it."""
    total, current, j, seen = 0.0, 0.0, k, False
    while j < len(folded):
        w = folded[j]
        if w in lx.UNITS:
            current += lx.UNITS[w]
            seen = True
        elif w in lx.ORDINALS and not seen:
            return float(lx.ORDINALS[w]), j + 1
        elif seen and w in ("hundred",):
            current *= 100
        elif seen and w in ("thousand", "million", "billion", "trillion"):
            total += current * lx.MULTIPLIERS[w]
            current = 0
        elif not (seen and w in ("and", "-") and j + 1 < len(folded) and folded[j + 1] in lx.UNITS):
            break
        j += 1
    if not seen:
        return None
    return total + current, j


def _exprs(s: Sentence) -> list[Expr]:
    toks, folded = s.tokens, s.folded
    out: list[Expr] = []
    k = 0
    # Only a digit or a number, month or weekday word can start one.
    for at in [j for j, w in enumerate(folded) if w[:1].isdecimal() or w in _VALUE_WORDS]:
        if at < k:
            continue
        got = _expr_at(toks, folded, at)
        if got is not None:
            out.append(got)
            k = max(got.end, at + 1)
    # "from 4 to 7pm": the first figure of a range of times is a time too.
    for k in range(len(out) - 1):
        x, y = out[k], out[k + 1]
        if (
            x.kind == "number"
            and y.kind == "time"
            and y.start - x.end == 1
            and folded[x.end] in ("to", "-", "until", "and")
        ):
            value = next(iter(x.values))
            if value.startswith("n:") and value[2:].isdecimal() and 0 < int(value[2:]) <= 12:
                hours = int(value[2:]) + (12 if int(next(iter(y.values))[2:]) >= 720 else 0)
                out[k] = Expr(x.start, x.end, "time", frozenset({f"t:{hours * 60}"}))
    return out


def _month(toks: Sequence[str], folded: Sequence[str], k: int) -> int | None:
    if k >= len(toks) or not toks[k][:1].isalpha():
        return None
    w = folded[k]
    if w not in lx.MONTHS:
        return None
    if (w in lx.AMBIGUOUS_MONTHS or len(w) <= 4) and not toks[k][0].isupper():
        return None
    return lx.MONTHS[w]


def _skip_dot(folded: Sequence[str], k: int) -> int:
    return k + 1 if k < len(folded) and folded[k] == "." else k


def _day(tok: str) -> int | None:
    m = _ORDINAL.fullmatch(tok)
    value = int(m.group(1)) if m else (int(tok) if tok.isdecimal() else None)
    if value is None or not 1 <= value <= 31:
        return None
    return value


def _expr_at(toks: Sequence[str], folded: Sequence[str], k: int) -> Expr | None:
    n = len(toks)
    # Dates: "Feb. 9", "February 2nd, 2005", "9 February 2005", "the 27th of October".
    month = _month(toks, folded, k)
    if month is not None:
        j = _skip_dot(folded, k + 1)
        if j < n and (day := _day(toks[j])) is not None:
            end, year = j + 1, ""
            y = end + 1 if end < n and folded[end] == "," else end
            if y < n and _YEAR.fullmatch(toks[y]):
                end, year = y + 1, f"-{toks[y]}"
            return Expr(k, end, "date", frozenset({f"d:{month}-{day}{year}"}))
        if j < n and _YEAR.fullmatch(toks[j]):
            return Expr(k, j + 1, "date", frozenset({f"d:{month}--{toks[j]}"}))
        return Expr(k, j, "date", frozenset({f"d:{month}"}))
    day = _day(toks[k]) if toks[k][:1].isdecimal() else None
    if day is not None:
        j = k + 1
        if j < n and folded[j] == "of":
            j += 1
        m2 = _month(toks, folded, j)
        if m2 is not None:
            end, year = _skip_dot(folded, j + 1), ""
            if end < n and _YEAR.fullmatch(toks[end]):
                year, end = f"-{toks[end]}", end + 1
            return Expr(k, end, "date", frozenset({f"d:{m2}-{day}{year}"}))
    if folded[k] in lx.WEEKDAYS and (toks[k][0].isupper() or len(folded[k]) > 4):
        return Expr(k, k + 1, "date", frozenset({f"w:{lx.WEEKDAYS[folded[k]]}"}))
    # Decades: "the 1990s", "the '90s" (the same decade), "the 1990's".
    tok = toks[k]
    decade = _DECADE_YEARS.fullmatch(tok)
    if decade:
        return Expr(k, k + 1, "date", frozenset({f"d:{decade.group(1)}0s"}))
    # Times: "10:21 a.m.", "4 AM", "10am", "0600", "06:00 hrs".
    glued = _GLUED_TIME.fullmatch(tok)
    if glued:
        return _time(k, k + 1, int(glued.group(1)), int(glued.group(2) or 0), glued.group(3))
    clock = _CLOCK.fullmatch(tok)
    if clock and int(clock.group(1)) < 25 and int(clock.group(2)) < 60 and ":" in tok:
        hh, mm = int(clock.group(1)), int(clock.group(2))
        end, half = _meridiem(folded, k + 1)
        return _time(k, end, hh, mm, half)
    if tok.isdecimal() and len(tok) == 4 and tok[0] in "012" and int(tok[2:]) < 60:
        end, half = _meridiem(folded, k + 1)
        hours = end < n and folded[end] in ("hrs", "hours", "h", "gmt", "utc")
        if half or hours or tok[0] == "0":
            return _time(k, end + (1 if hours else 0), int(tok[:2]), int(tok[2:]), half)
    if tok.isdecimal() and len(tok) <= 2:
        end, half = _meridiem(folded, k + 1)
        if half:
            return _time(k, end, int(tok), 0, half)
    # Figures: digits or number words, with "million", "m", "%", "per cent" after them.
    value: float | None = None
    values: set[float] = set()
    end = k + 1
    glued_mult = _GLUED_MULT.fullmatch(tok)
    ordinal = _ORDINAL.fullmatch(tok)
    if glued_mult:
        values = {
            v * lx.MULTIPLIERS[glued_mult.group(2).casefold()] for v in _num(glued_mult.group(1))
        }
    elif ordinal:
        values = {float(ordinal.group(1))}
    elif tok[:1].isdecimal():
        values = _num(tok)
        if not values:
            return None
    else:
        word = _word_number(folded, k)
        if word is None:
            if folded[k] in ("hundreds", "thousands", "millions", "dozens", "billions"):
                return Expr(k, k + 1, "number", frozenset({f"v:{folded[k]}"}))
            return None
        value, end = word
        values = {value}
    mult = 1.0
    if (
        end < n
        and folded[end] in lx.MULTIPLIERS
        and not glued_mult
        and (folded[end] not in ("m", "b", "k") or end + 1 >= n or not toks[end + 1][:1].isalpha())
    ):
        mult = lx.MULTIPLIERS[folded[end]]
        end += 1
    kind = "number"
    prefix = "n"
    if end < n and folded[end] in ("%", "percent", "pc"):
        prefix, end = "p", end + 1
    elif end + 1 < n and folded[end] == "per" and folded[end + 1] == "cent":
        prefix, end = "p", end + 2
    return Expr(k, end, kind, frozenset(f"{prefix}:{_fmt(v * mult)}" for v in values))


def _meridiem(folded: Sequence[str], k: int) -> tuple[int, str]:
    """``(index after, "a"|"p"|"")`` for "a.m." / "am" / "p.m." / "PM" at ``k``."""
    if k < len(folded) and folded[k] in ("am", "pm"):
        return k + 1, folded[k][0]
    if (
        k + 2 < len(folded)
        and folded[k] in ("a", "p")
        and folded[k + 1] == "."
        and (folded[k + 2] == "m")
    ):
        end = k + 3
        if end < len(folded) and folded[end] == ".":
            end += 1
        return end, folded[k]
    if k < len(folded) and folded[k] in ("a.m", "p.m"):
        return k + 1, folded[k][0]
    return k, ""


def _time(start: int, end: int, hh: int, mm: int, half: str) -> Expr:
    if half == "p" and hh < 12:
        hh += 12
    if half == "a" and hh == 12:
        hh = 0
    return Expr(start, end, "time", frozenset({f"t:{hh * 60 + mm}"}))


# -- names -----------------------------------------------------------------------------------

_CONNECTORS: Final = frozenset(
    ("of", "de", "del", "da", "di", "von", "van", "der", "al", "bin", "&", "la", "le", "du")
)


def _capitalised(tok: str) -> bool:
    return tok[:1].isupper() and tok[:1].isalpha()


def _runs(s: Sentence) -> list[Run]:
    toks, spaced = s.tokens, s.spaced
    starts = _starts(toks)
    out: list[Run] = []
    k, n = 0, len(toks)
    calendar = s.calendar
    while k < n:
        tok = toks[k]
        if (
            not _capitalised(tok)
            or k in calendar
            or (k + 1 < n and toks[k + 1] in "$£€¥")
            or (starts[k] and not _name_like_start(s, k))
        ):
            k += 1
            continue
        j = k + 1
        while j < n:
            if _capitalised(toks[j]) and j not in calendar:
                j += 1
            elif toks[j] == "." and j - 1 >= k and len(toks[j - 1]) == 1 and toks[j - 1].isupper():
                j += 1  # initials: "J. R. R. Tolkien", "U.S."
            elif (
                toks[j] == "-"
                and j + 1 < n
                and not spaced[j]
                and (_capitalised(toks[j + 1]) or (toks[j + 1].isalpha() and len(toks[j + 1]) <= 3))
            ):
                j += 2  # "Jong-un", "Archer-Bradshaw"
            elif toks[j].casefold() in _CONNECTORS and j + 1 < n and _capitalised(toks[j + 1]):
                j += 2
            else:
                break
        while j > k + 1 and toks[j - 1] == ".":
            j -= 1
        out.append(Run(k, j, name_key(toks[k:j])))
        k = j
    return [r for r in out if r.key]


def _starts(toks: Sequence[str]) -> list[bool]:
    """Words where a capital letter says nothing: a sentence, quotation or clause start."""
    out = [False] * len(toks)
    expecting = True
    for k, tok in enumerate(toks):
        if tok in ('"', "'", ":", "(", "[", ";") or tok in (".", "!", "?"):
            expecting = True
            continue
        if is_word(tok):
            out[k] = expecting
            expecting = False
    return out


_TIME_WORDS: Final = frozenset(
    (
        *lx.RELATIVE_DAYS,
        *lx.TIMES_OF_DAY,
        *("now", "meanwhile", "afterwards", "afterward", "soon", "once", "last", "next"),
        *("overnight", "lately", "again", "initially", "finally", "eventually", "later"),
    )
)
"""Words that say when, which open a sentence before a name ("Yesterday Smith announced",
"Meanwhile Jones"): at a sentence start they are never part of the name."""


def _name_like_start(s: Sentence, k: int) -> bool:
    """A capitalised word where any word is capitalised: a name if it is all capitals, or
    followed by another capitalised word, or not a common word of the language."""
    tok = s.tokens[k]
    folded = s.folded[k]
    if (
        folded in _TIME_WORDS
        and k + 1 < len(s.tokens)
        and _capitalised(s.tokens[k + 1])
        and s.folded[k + 1] in lx.PROGRAMME_WORDS
    ):
        return True  # "Today Show", "Tonight Show": the time word begins a title
    if folded in lx.FUNCTION_WORDS or folded in lx.TITLES or folded in _TIME_WORDS:
        return False  # "Yesterday Smith", "However Jones", "Tonight Paris": no name of three
    if len(tok) > 1 and tok.isupper():
        return True
    if k + 1 < len(s.tokens) and _capitalised(s.tokens[k + 1]):
        return True
    return not is_known(tok)


def name_key(tokens: Sequence[str]) -> str:
    """A name as compared: case-folded, titles and articles dropped, hyphens and dots gone,
    initials joined ("U.S." = "US"), known long forms shortened ("United States" = "US")."""
    parts = [t.casefold() for t in tokens if is_word(t)]
    while parts and parts[0] in lx.TITLES:
        parts.pop(0)
    parts = [p for p in parts if p not in ("mr", "mrs", "ms", "dr")]
    joined: list[str] = []
    for p in parts:
        if (
            len(p) == 1
            and joined
            and len(joined[-1]) <= 3
            and joined[-1].isalpha()
            and (joined[-1].isupper() or len(joined[-1]) < 4)
        ):
            joined[-1] += p
        else:
            joined.append(p)
    key = " ".join(joined)
    key = lx.EXPANSIONS.get(key, key)
    for long, short in lx.EXPANSIONS.items():
        if " " in long and long in key:
            key = key.replace(long, short)
    return key


def _bare(key: str) -> str:
    """A name key without possessive or plural endings: "Bilbrey's", "Bilbreys", "MPs"."""
    return " ".join(
        w[:-2] if w.endswith("'s") else w[:-1] if w.endswith("s") and len(w) >= 3 else w
        for w in key.split()
    )


def same_name(a: str, b: str) -> bool:
    """One name, said two ways: equal keys, or every word of one in the other ("Edward
    Snowden" and "Snowden"), or the same words written together ("Key Zilberman")."""
    a, b = _bare(a), _bare(b)
    if a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    if wa <= wb or wb <= wa:
        return True
    if len(wa) == 1 and len(wb) == 1 and _demonym(a, b):
        return True
    return a.replace(" ", "") == b.replace(" ", "")


_DEMONYM_ENDINGS: Final = ("n", "an", "ian", "ean", "ese", "i", "ish", "er", "ite", "ic")


def _demonym(a: str, b: str) -> bool:
    """A place and its people or adjective: "Canada" and "Canadian", "Japan", "Japanese"."""
    for place, people in ((a, b), (b, a)):
        stem = place[:-1] if place[-1:] in "aey" and len(place) > 4 else place
        if len(stem) >= 4 and people.startswith(stem) and people[len(stem) :] in _DEMONYM_ENDINGS:
            return True
    return False


# -- quotations ------------------------------------------------------------------------------


def _quoted(toks: Sequence[str], spaced: Sequence[bool]) -> list[bool]:
    """Which tokens lie inside quotation marks in this sentence (marks included).

    A ``"`` or ``'`` opens a quotation when glued to the word after it and not to what comes
    before (a space, the start, an opening bracket or a colon before it), and closes the
    innermost open quotation that uses the same mark when glued to what comes before or
    spaced on both sides (``concern ." and that " The``). A quotation opened inside another
    one nests in it, whichever marks it uses (``" Attempts to redefine "torture" in``,
    ``'torture'``), so the words after the inner one are still quoted and the words after
    the outer one are not. A ``"`` that closes nothing opens a quotation, unless it closes one
    begun in an earlier sentence: glued to what comes before, or spaced after the punctuation
    that ends a quotation (``, " he said``) with an even number of ``"`` after it. A
    quotation still open at the end of the sentence ends there; a ``'`` that opens or closes
    nothing is an apostrophe, and so is one that stands for letters left out (:func:`_elided`:
    ``'90s``, ``'em``, ``rock 'n' roll``).
    """
    n = len(toks)
    out = [False] * n
    open_at: list[int] = []  # the opening marks of the quotations open, innermost last
    elided = _elided(toks, spaced)
    for k, tok in enumerate(toks):
        if tok not in ('"', "'") or k in elided:
            out[k] = bool(open_at)
            continue
        glued_before = k > 0 and not spaced[k] and toks[k - 1] not in "([:"
        glued_after = k + 1 < n and not spaced[k + 1] and toks[k + 1] not in _CLOSERS
        same = [j for j, at in enumerate(open_at) if toks[at] == tok]
        if glued_after and not glued_before:
            open_at.append(k)
        elif same:
            del open_at[same[-1] :]
        elif tok == "'":
            out[k] = bool(open_at)
            continue
        elif glued_before or (
            k > 0 and toks[k - 1] in _QUOTE_ENDS and toks[k + 1 :].count('"') % 2 == 0
        ):
            # A quotation begun in an earlier sentence ends here.
            open_at.clear()
            out[:k] = [True] * k
        else:
            open_at.append(k)
        out[k] = True
    return out


_CLOSERS: Final = frozenset(".,;:!?)]")
"""Punctuation that a closing quotation mark may be glued to on its right."""
_QUOTE_ENDS: Final = frozenset(".,!?")
"""Punctuation that ends a quotation, before its closing mark."""


_ELISIONS: Final = frozenset(("em", "til", "tis", "twas", "cause", "bout", "cos", "round", "n"))
"""Words whose first letters an apostrophe stands for ("'em", "'til", "'cause", "rock 'n'
roll"): the apostrophe glued to them opens no quotation."""
_DECADE: Final = re.compile(r"\d0s?")


def _elided(toks: Sequence[str], spaced: Sequence[bool]) -> frozenset[int]:
    """The ``'`` marks that stand for letters left out, not quotation marks: glued before a
    decade ("the '90s", "the '60") or an elided word ("'em", "'til"), and the one after the
    ``n`` of "'n'"."""
    out: set[int] = set()
    for k, tok in enumerate(toks[:-1]):
        if tok != "'" or spaced[k + 1]:
            continue
        after = toks[k + 1].casefold()
        if _DECADE.fullmatch(after) or after in _ELISIONS:
            out.add(k)
            if after == "n" and k + 2 < len(toks) and toks[k + 2] == "'" and not spaced[k + 2]:
                out.add(k + 2)  # "rock 'n' roll"
    return frozenset(out)
