"""Telling a spelling fix from a change of word.

A one-word replacement is a spelling fix (``minor``) when the old word is a near miss of the
new one and not a word of its own ("goverment" → "government", "teh" → "the"), or when the
two are known variants of one word (British and American spellings, "combatting" →
"combating", "Kim Jong-un" → "Kim Jong Un"). A swap between two real words is never a
spelling fix: "million" → "billion", "eastern" → "western", "now" → "not" change the claim.

The word list is the English frequency dictionary that ships with pyspellchecker (MIT; about
160,000 words drawn from subtitles and filtered), read from the installed package on first
use: no download, and the same list on every machine with the same package version.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

_VARIANT_RULES: Final = (
    (re.compile(r"our(s?)$"), r"or\1"),
    (re.compile(r"ourite(s?)$"), r"orite\1"),
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"bre(s?)$"), r"ber\1"),
    (re.compile(r"ence(s?)$"), r"ense\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"amme(s?)$"), r"am\1"),
    (re.compile(r"([aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"([aeiou])tt(ed|ing)$"), r"\1t\2"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe"), "e"),
    (re.compile(r"dgement$"), "dgment"),
)
"""British and American spellings; each applies to words of five letters or more (so
"four" is never "for"), and the doubled-consonant rules to words of seven or more."""
_KNOWN_VARIANTS: Final = frozenset(
    (
        ("gaol", "jail"),
        ("gaoled", "jailed"),
        ("grey", "gray"),
        ("tyre", "tire"),
        ("tyres", "tires"),
        ("kerb", "curb"),
        ("plough", "plow"),
        ("mould", "mold"),
        ("cheque", "check"),
        ("aluminium", "aluminum"),
        ("programme", "program"),
        ("savings", "saving"),
        ("towards", "toward"),
        ("amongst", "among"),
        ("whilst", "while"),
        ("learnt", "learned"),
        ("spelt", "spelled"),
        ("burnt", "burned"),
        ("dreamt", "dreamed"),
        ("travelled", "traveled"),
        ("modelled", "modeled"),
        ("licence", "license"),
        ("defence", "defense"),
        ("offence", "offense"),
        ("ok", "okay"),
        ("email", "e-mail"),
        ("online", "on-line"),
        ("percent", "per-cent"),
    )
)


def distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@cache
def _words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.keys())


def is_known(word: str) -> bool:
    """Whether ``word`` (any case) is an English word of the list."""
    folded = word.casefold().replace("’", "'")
    if folded in _words():
        return True
    return folded.endswith("'s") and folded[:-2] in _words()


def variants(a: str, b: str) -> bool:
    """Known spelling variants of one word (British/American, doubled consonants …)."""
    a, b = a.casefold(), b.casefold()
    if a == b:
        return True
    if (a, b) in _KNOWN_VARIANTS or (b, a) in _KNOWN_VARIANTS:
        return True
    if min(len(a), len(b)) >= 5:
        for x, y in ((a, b), (b, a)):
            for k, (pattern, repl) in enumerate(_VARIANT_RULES):
                if (k < 9 or len(x) >= 7) and pattern.sub(repl, x) == y:
                    return True
    return a.replace("-", "") == b.replace("-", "") and "-" in a + b


def near_miss(a: str, b: str) -> bool:
    """A small edit distance for the words' length: at most 2, and a third of the length."""
    a, b = a.casefold(), b.casefold()
    limit = min(2, max(1, max(len(a), len(b)) // 3))
    return distance(a, b) <= limit


def spelling_fix(old: str, new: str) -> bool:
    """Whether replacing ``old`` by ``new`` is a spelling fix (see the module docstring)."""
    if any(c.isdigit() for c in old + new) or max(len(old), len(new)) < 3:
        return False
    if variants(old, new):
        return True
    if not near_miss(old, new):
        return False
    # A typo put right or let in: either way one side is no word. Two real words: a change.
    return not is_known(old) or not is_known(new) or old.casefold() == new.casefold()
