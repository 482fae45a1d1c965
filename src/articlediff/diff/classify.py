"""Sentence-level classification of edits (NewsEdits: addition, deletion, edit, move), the
reasons behind each level, and the overall verdict. The rules follow the labelling guideline
and are documented in docs/diff.md; keep the two in step.

Classification reads normalised text (``normalize``: typography never counts), split into
sentences by a segmenter that knows abbreviations (``segment``), with page furniture taken
out (``common.furniture``). Within a run of changed sentences that do not all pair one for
one the words are diffed as one block, so a sentence split or merged keeps the words it
kept (sentences that all pair are diffed pair by pair); each changed stretch
(a *hunk*) is judged on what it states — figures, dates and times as values, names, roles,
quotations, negations, hedges — by :func:`judge`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import compress
from typing import Final, Generic, NamedTuple, TypeVar, overload

from articlediff.common.furniture import (
    FURNITURE,
    FurniturePattern,
    kept_furniture_in,
    kept_strip_furniture,
)
from articlediff.diff import equivalence as eq
from articlediff.diff import facts
from articlediff.diff import lexicon as lx
from articlediff.diff.align import PAIR_SIMILARITY, pair_in_order
from articlediff.diff.engine import Budget, Span, align_units, merge_spans
from articlediff.diff.model import LEVELS, Change, ChangeKind, Level, Reason
from articlediff.diff.normalize import plain
from articlediff.diff.segment import sentence_spans
from articlediff.diff.spelling import is_known, spelling_fix, variants
from articlediff.diff.tokens import shared_ends
from articlediff.diff.words import diff_tokens

RULES_VERSION: Final = 7
"""The version of the verdict rules: bump it in the same commit as any change to this module,
``facts``, ``lexicon``, ``spelling``, ``segment``, ``normalize``, the alignment or the word
diff that can change a verdict, a reason, the statistics or the changed words of a pair.
The pair notes (``refs/notes/articlediff-pairs``, docs/scale.md) are keyed by it: a note made
under another version is ignored and the pair computed again (``articlediff reindex`` does
them all at once)."""

SENTENCE_MOVE_WORDS: Final = 4
"""A sentence deleted in one place and added unchanged in another is a move if this long."""
LOCAL_WORDS: Final = 4
"""A negation, hedge or opposite counts when the stretch that changes it has at most this
many words on either side; in a longer rewrite it goes with the material around it."""
BLOCK_PAIRS: Final = 16
BLOCK_CHARS: Final = 1_500
"""A run of changed sentences up to these sizes is word-diffed as one block (so sentences
split or merged keep their words) unless its sentences all pair one for one; a longer one,
or one whose sentences all pair, is diffed sentence pair by pair."""
REWRITE_WORDS: Final = 8
"""A stretch longer than this on either side is a rewrite: a name that goes and another that
comes in it are material dropped and added, not a name corrected."""
SMALL_WORDING: Final = 2
"""A stretch that changes at most this many content words on either side, with no figure,
date, name, role, negation, hedge or attribution in it and not inside a quotation, is house
style (minor): a word or two of ordinary wording cannot add or withdraw a clause, the
guideline's unit of an update. Measured on the development set's tune and hold halves
(docs/diff.md, "Small wording")."""
_DEVELOPING: Final = re.compile("|".join(lx.DEVELOPING))
_QUALIFIERS: Final = frozenset(
    ("acting", "former", "deputy", "vice", "interim", "assistant", "shadow", "junior", "senior")
)

Furniture = tuple[FurniturePattern, ...]
_T = TypeVar("_T")
_O = TypeVar("_O")


# -- sentences -------------------------------------------------------------------------------


class _once(Generic[_O, _T]):
    """``functools.cached_property`` without its lock: the value is worked out on the first
    read and kept in the instance's ``__dict__`` (so later reads never come here). Two
    threads reading it at once may both work it out; they get the same value."""

    def __init__(self, func: Callable[[_O], _T]) -> None:
        self.func, self.name = func, func.__name__

    def __set_name__(self, owner: type[_O], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type[_O] | None = None) -> _once[_O, _T]: ...
    @overload
    def __get__(self, obj: _O, owner: type[_O] | None = None) -> _T: ...
    def __get__(self, obj: _O | None, owner: type[_O] | None = None) -> _T | _once[_O, _T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class Paragraph:
    """A paragraph (or a headline) whose sentences are judged. Whether it is furniture as a
    whole (a newsletter box of several sentences) is worked out once, when a sentence of it
    is judged."""

    def __init__(
        self, text: str, patterns: Furniture, *, several: bool, headline: bool = False
    ) -> None:
        self.text, self.patterns, self.several, self.headline = text, patterns, several, headline

    @_once
    def whole(self) -> str | None:
        if not (self.several or self.headline):
            return None
        return kept_furniture_in(self.text, plain, self.patterns, headline=self.headline)


@dataclass
class Sent:
    """One sentence of one version: its original text, its normalised form and, with page
    furniture taken out, the words judged. Everything past the original text is worked out
    only when it is asked for (most of it only for sentences that changed)."""

    raw: str
    para: int | None
    paragraph: Paragraph

    @_once
    def norm(self) -> str:
        return plain(self.raw)

    @_once
    def _stripped(self) -> tuple[str, tuple[str, ...]]:
        paragraph = self.paragraph
        return kept_strip_furniture(self.norm, paragraph.patterns, headline=paragraph.headline)

    @_once
    def furniture(self) -> str | None:
        whole = self.paragraph.whole
        if whole:
            return whole
        body, inline = self._stripped
        return inline[0] if inline and not _wordy(body) else None

    @_once
    def body(self) -> str:
        return " ".join(self._stripped[0].split())

    @_once
    def facts(self) -> facts.Sentence:
        return facts.Sentence.of(self.body)


def sentences(
    text: str, para: int | None, patterns: Furniture = FURNITURE, *, headline: bool = False
) -> list[Sent]:
    """The sentences of a paragraph (or a headline); everything else about them is worked
    out when a sentence is judged."""
    spans = [(0, len(text))] if headline else list(sentence_spans(text))
    paragraph = Paragraph(text, patterns, several=len(spans) > 1, headline=headline)
    return [Sent(text[s:e], para, paragraph) for s, e in spans]


def _wordy(text: str) -> bool:
    return any(c.isalnum() for c in text)


# -- judging one changed stretch ---------------------------------------------------------------


class Context:
    """What a hunk is judged against: every name of the old and the new side of the run
    (read only when a name appears or goes)."""

    def __init__(self, old: Sequence[Sent] = (), new: Sequence[Sent] = ()) -> None:
        self._old, self._new = old, new
        self._restated: dict[tuple[int, int], bool] = {}
        self._content: dict[int, tuple[Counter[str], list[str]]] = {}
        self._sentence_initials: dict[int, Counter[str]] = {}

    def restated(self, old: facts.Sentence, new: facts.Sentence) -> bool:
        """Whether the new sentence says the old one's words again (:func:`eq.restated`),
        worked out once for each pair of sentences."""
        key = (id(old), id(new))
        if key not in self._restated:
            whole_old, whole_new = _words(old), _words(new)
            self._restated[key] = (
                abs(len(whole_old) - len(whole_new)) <= RESTATE_SLACK
                and (
                    self._initials(old, whole_old) == self._initials(new, whole_new)
                    or eq.voice_changed(whole_old, whole_new)
                    or eq.voice_changed(whole_new, whole_old)
                )
                and eq.restated(whole_old, whole_new)
            )
        return self._restated[key]

    def sentences(self, *, new: bool) -> Sequence[Sent]:
        """The sentences of the run's new side (else old side)."""
        return self._new if new else self._old

    def _initials(self, s: facts.Sentence, words: list[str]) -> Counter[str]:
        if id(s) not in self._sentence_initials:
            self._sentence_initials[id(s)] = eq.initials(words)
        return self._sentence_initials[id(s)]

    def holds(self, words: list[str], besides: facts.Sentence, *, new: bool) -> bool:
        """Whether one sentence of the run's new side (else old side), other than
        ``besides``, holds all these content words (:func:`_content_tokens`), as often
        (inflection aside); sentences
        are ruled out by first letters before any word is stemmed."""
        sents = self._new if new else self._old
        if len(sents) > SPLIT_REACH:
            return False
        first = eq.initials(words)
        stems: Counter[str] | None = None
        for sent in sents:
            s = sent.facts
            if s is besides:
                continue
            if id(s) not in self._content:
                tokens = _content_tokens(s, range(len(s.tokens)))
                self._content[id(s)] = (eq.initials(tokens), tokens)
            initials, tokens = self._content[id(s)]
            if first - initials:
                continue
            stems = stems if stems is not None else Counter(eq.claim_words(words))
            if not stems - Counter(eq.claim_words(tokens)):
                return True
        return False

    @cached_property
    def values(self) -> tuple[list[facts.Expr], list[facts.Expr]]:
        """Every figure, date and time of the old and of the new side of the run."""
        return (
            [x for s in self._old for x in s.facts.exprs],
            [y for s in self._new for y in s.facts.exprs],
        )

    @cached_property
    def unmatched_values(self) -> tuple[set[int], set[int]]:
        """The ids of the old side's values the new side lacks, and of the new side's values
        the old side lacks (:func:`_match_values` over :attr:`values`)."""
        return _match_values(*self.values)

    @cached_property
    def old_names(self) -> list[str]:
        return [r.key for s in self._old for r in s.facts.runs]

    @cached_property
    def new_names(self) -> list[str]:
        return [r.key for s in self._new for r in s.facts.runs]

    @cached_property
    def old_paragraph_names(self) -> list[str]:
        """Every name of the old paragraphs the run lies in (the sentences around it too)."""
        return _paragraph_names(self._old)

    @cached_property
    def new_paragraph_names(self) -> list[str]:
        return _paragraph_names(self._new)


def _paragraph_names(sents: Sequence[Sent]) -> list[str]:
    paragraphs = {id(s.paragraph): s.paragraph for s in sents}
    return [r.key for p in paragraphs.values() for r in facts.Sentence.of(plain(p.text)).runs]


def _span_words(s: facts.Sentence | None, lo: int, hi: int) -> list[int]:
    if s is None:
        return []
    return [k for k in range(lo, hi) if s.is_word[k]]


def _text(s: facts.Sentence | None, idx: Iterable[int]) -> str:
    if s is None:
        return ""
    return " ".join(s.tokens[k] for k in idx)


def judge(
    old: facts.Sentence | None,
    a: tuple[int, int],
    new: facts.Sentence | None,
    b: tuple[int, int],
    ctx: Context,
    *,
    across: bool = False,
) -> list[Reason]:
    """The reasons for the level of one changed stretch: ``old.tokens[a]`` became
    ``new.tokens[b]`` (either side may be empty: an insertion or a deletion).

    Figures, dates, times and names are matched against the whole of the other version of
    the sentence, so one that only moved within it, or changed its form, is no change.
    ``across``: the two sentences are not partners (the stretch crosses sentences the edit
    split, merged or rewrote together), so figures, dates and times are matched against the
    whole of each side of the run: one that moved to another sentence is no change.
    """
    ow = _span_words(old, *a)
    nw = _span_words(new, *b)
    if not ow and not nw:
        return [Reason("punctuation", _text(old, range(*a)), _text(new, range(*b)), "minor")]
    symbols_old, symbols_new = _symbols(old, a), _symbols(new, b)
    if (
        old is not None
        and new is not None
        and [old.folded[k] for k in ow] == [new.folded[k] for k in nw]
        and symbols_old == symbols_new
    ):
        return [Reason("punctuation", _text(old, range(*a)), _text(new, range(*b)), "minor")]
    surface = _surface(old, ow, new, nw)
    if surface is not None and symbols_old == symbols_new:
        return [surface]
    words = (
        eq.compare([old.tokens[k] for k in ow], [new.tokens[k] for k in nw])
        if old is not None
        and new is not None
        and ow
        and nw
        and abs(len(ow) - len(nw)) <= RESTATE_SLACK
        else None
    )
    if words == eq.SWAPPED or (
        old is not None
        and new is not None
        and eq.voice_flipped(_with_next(old, ow, a[1]), _with_next(new, nw, b[1]))
    ):
        # Who did what to whom: the same words, two of them changed places around a verb,
        # or the verb put into the passive (or out of it) with the words around it kept.
        return [Reason("swap", _text(old, ow), _text(new, nw), "substantive")]
    reasons: list[Reason] = []
    covered_old: set[int] = set()
    covered_new: set[int] = set()

    # Figures, dates and times, compared as values over whole expressions.
    oe = old.exprs_over(*a) if old else []
    ne = new.exprs_over(*b) if new else []
    if oe or ne:
        found = _values(old, oe, new, ne, ow, nw, ctx.values if across else None)
        if new is not None and any(r.signal == "figure_added" for r in found):
            found = [
                _value_replaced(new, ne, ctx) or r if r.signal == "figure_added" else r
                for r in found
            ]
        reasons.extend(found)
        for x in oe:
            covered_old.update(range(x.start, x.end))
        for x in ne:
            covered_new.update(range(x.start, x.end))
        if any(r.signal in _SPELT_OUT and r.level == "minor" for r in found):
            # The words the figure spelt out ("today", "a") and the grammar around it.
            covered_old.update(k for k in ow if old and _spelt(old.folded[k]))
            covered_new.update(k for k in nw if new and _spelt(new.folded[k]))

    # Names, compared as names (case, hyphens, dots, titles and known long forms aside).
    orr = (
        [r for r in old.runs_over(*a) if not covered_old.issuperset(range(r.start, r.end))]
        if old
        else []
    )
    nr = (
        [r for r in new.runs_over(*b) if not covered_new.issuperset(range(r.start, r.end))]
        if new
        else []
    )
    if orr or nr:
        rewrite = max(len(ow), len(nw)) > REWRITE_WORDS
        reasons.extend(_names(old, orr, new, nr, ctx, rewrite=rewrite))
        for run in orr:
            covered_old.update(range(run.start, run.end))
        for run in nr:
            covered_new.update(range(run.start, run.end))

    speaker = _speaker(old, a, ow, new, b, nw, ctx)
    if speaker is not None:
        reasons.append(speaker)
    local = max(len(ow), len(nw)) <= LOCAL_WORDS
    reasons.extend(_lexical(old, ow, new, nw, local))

    if symbols_old != symbols_new:
        shown = (" ".join(symbols_old), " ".join(symbols_new))
        reasons.append(Reason("symbol", *shown, "update"))  # "£" → "€", a flag, an emoji
    rest_o = [old.folded[k] for k in ow if k not in covered_old] if old else []
    rest_n = [new.folded[k] for k in nw if k not in covered_new] if new else []
    if not any(r.level != "minor" for r in reasons) and (rest_o or rest_n):
        reasons.append(_wording(rest_o, rest_n, old, a, new, b))

    # A quotation's own words changed (not a new quotation, not one dropped whole).
    quote = _quoted_words_changed(old, ow, new, nw, across=across) or _quotation_extended(
        old, ow, new, b, nw, ctx
    )
    if quote is not None:
        reasons.append(quote)
    elif any(r.level != "minor" for r in reasons) and _inside_quote(old, a, new, b):
        reasons.append(Reason("quote", _text(old, ow), _text(new, nw), "substantive"))
    if quote is None and symbols_old == symbols_new and any(r.level != "minor" for r in reasons):
        # The same thing said another way (looked for only where it matters).
        stretch = Stretch(old, a, ow, new, b, nw, words)
        same = _restated(stretch, ctx) or _reference(stretch, ctx)
        if same is not None:
            return [same]
    return reasons


def _with_next(s: facts.Sentence, idx: list[int], end: int) -> list[str]:
    """The words at ``idx`` and the first word after ``end``, if any."""
    following = next((s.tokens[k] for k in range(end, len(s.tokens)) if s.is_word[k]), None)
    return [s.tokens[k] for k in idx] + ([following] if following else [])


RESTATE_SLACK: Final = 6
"""Stretches or sentences whose word counts differ by more than this are not compared as
restatements (the grammar words a rewording adds or drops are rarely more)."""


class Stretch(NamedTuple):
    """A changed stretch as :func:`judge` sees it: ``old.tokens[a]`` became ``new.tokens[b]``;
    ``ow`` and ``nw`` are the indexes of the words among them."""

    old: facts.Sentence | None
    a: tuple[int, int]
    ow: list[int]
    new: facts.Sentence | None
    b: tuple[int, int]
    nw: list[int]
    words: str | None = None
    """How the new words say the old ones (:func:`eq.compare`), when both sides have some."""


def _restated(stretch: Stretch, ctx: Context) -> Reason | None:
    """The same words said again (``restated``, minor): the stretch, or failing that the
    whole sentence, keeps its claim words (grammar words aside, inflection aside) in the same
    order or with one stretch moved ("Yesterday Blunkett declared … in an interview" → "In an
    interview … yesterday, Blunkett declared …"). Not inside a quotation, whose words are
    the speaker's. A stretch only deleted or only inserted is a restatement when its words
    live on in a sentence of the other side (:func:`_kept_elsewhere`)."""
    old, a, ow, new, b, nw, words = stretch
    if not ow or not nw:
        kept = _kept_elsewhere(stretch, ctx)
        if kept is not None:
            return kept
    if old is None or new is None or _inside_quote(old, a, new, b):
        return None
    so, sn = _text(old, ow), _text(new, nw)
    if words in (eq.SAME, eq.MOVED):
        in_place = _in_place([old.folded[k] for k in ow], [new.folded[k] for k in nw])
        return Reason("grammar" if words == eq.SAME and in_place else "restated", so, sn, "minor")
    if ctx.restated(old, new):
        return Reason("restated", so, sn, "minor")
    return None


SPLIT_WORDS: Final = 3
"""A stretch taken out of a sentence (or put in) with at least this many content words, all
found in one sentence of the other side, went there (a sentence split or merged)."""
SPLIT_REACH: Final = BLOCK_PAIRS
"""Sentences split or merged are looked for in runs of at most this many sentences a side
(a longer run is paired sentence by sentence, where a sentence whose words all live on is
``merged`` already)."""


def _kept_elsewhere(stretch: Stretch, ctx: Context) -> Reason | None:
    """A stretch deleted from one sentence whose content words (inflection aside, as often)
    are all in one sentence of the other side of the run, or inserted with its words taken
    from one: a sentence split or merged ("…, and in February 2007 a court from Oregon
    expunged his conviction." → "In February 2007 a court in Oregon expunged his
    conviction.")."""
    old, _, ow, new, _, nw, _ = stretch
    side, idx = (old, ow) if ow else (new, nw)
    if side is None or not idx:
        return None
    words = _content_tokens(side, idx)
    if len(words) < SPLIT_WORDS or not ctx.holds(words, side, new=bool(ow)):
        return None
    shown = _text(side, idx)
    return Reason("restated", shown if ow else "", "" if ow else shown, "minor")


def _content_tokens(s: facts.Sentence, idx: Iterable[int]) -> list[str]:
    """The content words among ``idx``, as written (function words left out; negations
    count)."""
    return [
        s.tokens[k]
        for k in idx
        if s.is_word[k] and (s.folded[k] not in lx.FUNCTION_WORDS or _has_negation([s.folded[k]]))
    ]


def _words(s: facts.Sentence) -> list[str]:
    return [t for t, w in zip(s.tokens, s.is_word, strict=True) if w]


def _reference(stretch: Stretch, ctx: Context) -> Reason | None:
    """A pronoun or a short descriptor replaced by a name the paragraph already uses, or
    back ("He" → "Kotunica", "The hacker" → "Schwartz", "Spears" → "she"): the same
    referent named another way (``reference``, minor). A name the paragraph does not use
    is new information (``name_added``)."""
    old, _, ow, new, _, nw, _ = stretch
    if old is None or new is None:
        return None
    # The words both sides keep around the swap ("Mrs. Abbott told" → "She told").
    while ow and nw and old.folded[ow[-1]] == new.folded[nw[-1]]:
        ow, nw = ow[:-1], nw[:-1]
    while ow and nw and old.folded[ow[0]] == new.folded[nw[0]]:
        ow, nw = ow[1:], nw[1:]
    if not ow or not nw or max(len(ow), len(nw)) > 3:
        return None
    fo, fn = [old.folded[k] for k in ow], [new.folded[k] for k in nw]
    so, sn = _text(old, ow), _text(new, nw)
    if eq.is_pronoun_or_descriptor(fo) and _named(new, nw, ctx.old_paragraph_names):
        return Reason("reference", so, sn, "minor")
    if eq.is_pronoun_or_descriptor(fn) and _named(old, ow, ctx.new_paragraph_names):
        return Reason("reference", so, sn, "minor")
    return None


def _named(s: facts.Sentence, idx: list[int], names: Sequence[str]) -> bool:
    """Whether the words are all capitalised and name someone among ``names``."""
    tokens = [s.tokens[k] for k in idx]
    if not all(t[:1].isupper() for t in tokens):
        return False
    key = facts.name_key(tokens)
    return bool(key) and any(facts.same_name(key, n) for n in names)


def _symbols(s: facts.Sentence | None, span: tuple[int, int]) -> list[str]:
    """Symbols (not words, not punctuation) in a stretch: currency signs, emoji, flags."""
    if s is None:
        return []
    return [
        s.tokens[k]
        for k in range(*span)
        if not s.is_word[k]
        and not (s.tokens[k] in _PUNCTUATION or unicodedata.category(s.tokens[k][0])[0] in "PZ")
    ]


_PUNCTUATION: Final = frozenset(".,;:!?'\"()[]{}-_/&*#@%")
"""ASCII marks that are punctuation (category P), known without a Unicode look-up.
(% & * # @ / are category P too.)"""


def _surface(
    old: facts.Sentence | None, ow: list[int], new: facts.Sentence | None, nw: list[int]
) -> Reason | None:
    """A change of spelling only: each word put right by a near miss or a known variant
    (a name only from a non-word to a known word), or words joined or split."""
    if old is None or new is None or not ow or not nw:
        return None
    so = [old.tokens[k] for k in ow]
    sn = [new.tokens[k] for k in nw]
    shown_o, shown_n = " ".join(so), " ".join(sn)
    if "".join(so).casefold() == "".join(sn).casefold():
        return Reason("spelling", shown_o, shown_n, "minor")
    if len(so) == len(sn) == 1 and _glued(so[0].casefold(), sn[0].casefold()):
        return Reason("spelling", shown_o, shown_n, "minor")  # "Wikinewsthat" → "Wikinews"
    if len(so) != len(sn):
        return None
    for k, m, x, y in zip(ow, nw, so, sn, strict=True):
        if x.casefold() == y.casefold():
            continue
        name = _capital(old, k) or _capital(new, m)
        if name and not (len(x) >= 5 and not is_known(x) and is_known(y) and spelling_fix(x, y)):
            if not variants(x, y):
                return None
        elif not spelling_fix(x, y):
            return None
    return Reason("spelling", shown_o, shown_n, "minor")


def _capital(s: facts.Sentence, k: int) -> bool:
    """A capitalised word that is not at a sentence or clause start."""
    tok = s.tokens[k]
    if not tok[:1].isupper():
        return False
    return k > 0 and s.tokens[k - 1] not in ('"', "'", ":", ".", "(", "!", "?")


def _speaker(
    old: facts.Sentence | None,
    a: tuple[int, int],
    ow: list[int],
    new: facts.Sentence | None,
    b: tuple[int, int],
    nw: list[int],
    ctx: Context,
) -> Reason | None:
    """Who said it changed: the words before or after a verb of saying were replaced by
    another name or kind of source ("Putin told" → "Kim told", "he commented" → "Tony Teng
    commented"), not by a pronoun or the same person's name."""
    if old is None or new is None or not ow or not nw or len(ow) > 6 or len(nw) > 6:
        return None
    if not (_next_to_speech(old, a) and _next_to_speech(new, b)):
        return None
    ox = [old.folded[k] for k in ow]
    nx = [new.folded[k] for k in nw]
    if all(w in _PRONOUNS for w in nx):
        return None  # "Spears said" → "She said"
    new_names = [r.key for r in new.runs if r.start < b[1] and b[0] < r.end]
    if (
        all(w in _PRONOUNS or w in lx.FUNCTION_WORDS for w in ox)
        and new_names
        and all(any(facts.same_name(n, k) for k in ctx.old_names) for n in new_names)
    ):
        return None  # "he said" → "Kotunica said", named before
    if not [w for w in ox if w not in lx.FUNCTION_WORDS] or not [
        w for w in nx if w not in lx.FUNCTION_WORDS
    ]:
        return None
    if facts.same_name(facts.name_key(ox), facts.name_key(nx)):
        return None
    old_names = [r.key for r in old.runs if r.start < a[1] and a[0] < r.end]
    if (
        old_names
        and new_names
        and all(any(facts.same_name(n, k) for k in ctx.new_names) for n in old_names)
        and all(any(facts.same_name(n, k) for k in ctx.old_names) for n in new_names)
        and not _sentence_start(old, a)
    ):
        return None
    if any(w in lx.SPEECH_VERBS for w in ox + nx):
        return None  # "said" → "claimed": the verb, not the speaker
    capital = all(
        old.tokens[k][:1].isupper() or old.folded[k] in lx.ATTRIBUTION_NOUNS
        for k in ow
        if old.folded[k] not in lx.FUNCTION_WORDS
    ) and all(
        new.tokens[k][:1].isupper() or new.folded[k] in lx.ATTRIBUTION_NOUNS
        for k in nw
        if new.folded[k] not in lx.FUNCTION_WORDS
    )
    if not capital:
        return None
    return Reason("attribution", _text(old, ow), _text(new, nw), "substantive")


def _sentence_start(s: facts.Sentence, span: tuple[int, int]) -> bool:
    return not any(s.is_word[k] for k in range(span[0]))


_PRONOUNS: Final = frozenset(
    ("he", "she", "they", "it", "him", "her", "them", "his", "its", "their", "we", "i")
)


def _next_to_speech(s: facts.Sentence, span: tuple[int, int]) -> bool:
    """Whether a verb of saying follows the stretch or comes just before it."""
    lo, hi = span
    after = [w for w in s.folded[hi : hi + 3] if w not in (",", "has", "have", "had", "also")]
    before = [w for w in s.folded[max(0, lo - 2) : lo] if w not in (",",)]
    return (
        bool(after and after[0] in lx.SPEECH_VERBS)
        or bool(before and before[-1] in lx.SPEECH_VERBS and before[-1] != "according")
        or (len(before) >= 2 and before[-2:] == ["according", "to"])
    )


def _values(
    old: facts.Sentence | None,
    oe: list[facts.Expr],
    new: facts.Sentence | None,
    ne: list[facts.Expr],
    oe_words: Sequence[int] = (),
    ne_words: Sequence[int] = (),
    pool: tuple[list[facts.Expr], list[facts.Expr]] | None = None,
) -> list[Reason]:
    """The reasons for the figures, dates and times ``oe`` and ``ne`` of a changed stretch,
    each matched against those of the other sentence, or of the other side of the run when
    ``pool`` gives them (old, new)."""
    unmatched_old, unmatched_new = _match_values(
        *(pool or (old.exprs if old else [], new.exprs if new else []))
    )
    left = [x for x in oe if id(x) in unmatched_old]
    right = [y for y in ne if id(y) in unmatched_new]
    old_text = "; ".join(_text(old, range(x.start, x.end)) for x in oe)
    new_text = "; ".join(_text(new, range(y.start, y.end)) for y in ne)
    if not left and not right:
        if old_text.casefold() != new_text.casefold() and oe and ne:
            return [Reason("number_format", old_text, new_text, "minor")]
        return []
    kinds = {x.kind for x in left + right}
    signal = "date" if "date" in kinds else "time" if "time" in kinds else "number"
    lo = "; ".join(_text(old, range(x.start, x.end)) for x in left)
    ln = "; ".join(_text(new, range(y.start, y.end)) for y in right)
    if left and right:
        if _developing(old, new):
            return [Reason("developing", lo, ln, "update")]
        vague = all(next(iter(x.values)).startswith("v:") for x in left + right)
        weekday_for_date = {next(iter(x.values))[0] for x in left} != {
            next(iter(y.values))[0] for y in right
        } and signal == "date"
        if weekday_for_date:
            return [_weekday_for_date(left, right, lo, ln)]
        if vague:
            return [Reason("rewording", lo, ln, "update")]
        return [Reason(signal, lo, ln, "substantive")]
    if right:
        same = _value_spelt_out(old, oe_words, new, right)
        if same is not None:
            return [same]
        return [Reason("figure_added", "", ln, "update")]
    same = _value_spelt_out(new, ne_words, old, left)
    if same is not None:
        return [Reason(same.signal, same.new, same.old, "minor")]
    return [Reason("figure_removed", lo, "", "update")]


SLOT_SHARED: Final = 2
"""A figure that came in a sentence and one that went in another sentence of the same run
fill the same slot when, besides the word next to them, the two sentences share at least
this many content words (the same claim told again)."""


def _value_replaced(
    new: facts.Sentence,
    ne: list[facts.Expr],
    ctx: Context,
    among: Sequence[Sent] | None = None,
) -> Reason | None:
    """A figure, date or time that came with no partner in its sentence (``figure_added``)
    where the run took out a sentence holding another value of the same kind in the same
    slot: the same word before it or the same unit after it ("opened in 2000" in a deleted
    sentence, "was founded in 2001" in the sentence that replaced it; "300 pupils" → "310
    pupils"), in sentences that share content words. The value changed (``number``,
    ``date``, ``time``, substantive), unless the new sentence says it moved on. ``among``:
    the old sentences to look in (default: every old sentence of the run)."""
    gone, came = ctx.unmatched_values
    right = [y for y in ne if id(y) in came]
    if not right:
        return None
    for old_sent in ctx.sentences(new=False) if among is None else among:
        old = old_sent.facts
        left = [x for x in old.exprs if id(x) in gone]
        for y in right:
            x = next((x for x in left if _same_slot(old, x, new, y)), None)
            if x is None:
                continue
            lo, ln = _text(old, range(x.start, x.end)), _text(new, range(y.start, y.end))
            if _developing(old, new):
                return Reason("developing", lo, ln, "update")
            return Reason(x.kind, lo, ln, "substantive")
    return None


def _same_slot(old: facts.Sentence, x: facts.Expr, new: facts.Sentence, y: facts.Expr) -> bool:
    if x.kind != y.kind or {v[0] for v in x.values} != {v[0] for v in y.values}:
        return False
    if _in_name(old, x) or _in_name(new, y) or _refined(old, x, new, y):
        return False
    before_x, after_x = _neighbours(old, x.start, x.end, content=False)
    before_y, after_y = _neighbours(new, y.start, y.end, content=False)
    if not (
        (before_x is not None and before_x == before_y)
        or (after_x is not None and after_x == after_y and after_x not in lx.FUNCTION_WORDS)
    ):
        return False
    shared = set(_content_tokens_folded(old, set(range(x.start, x.end)))) & set(
        _content_tokens_folded(new, set(range(y.start, y.end)))
    )
    return len(shared - {before_x, after_x}) >= SLOT_SHARED


def _in_name(s: facts.Sentence, x: facts.Expr) -> bool:
    """A figure joined to the word before it by a hyphen: part of a name ("helium-3",
    "F-16"), not a count."""
    return x.start >= 2 and s.tokens[x.start - 1] == "-" and not s.spaced[x.start - 1]


def _refined(old: facts.Sentence, x: facts.Expr, new: facts.Sentence, y: facts.Expr) -> bool:
    """The same value given more or less precisely: the same digits ("0.2" → "0.2 M"), or a
    date with a day or year added or dropped ("January" → "January 2006", "October" → "15
    October")."""
    digits_x = [t for t in old.tokens[x.start : x.end] if t[:1].isdecimal()]
    digits_y = [t for t in new.tokens[y.start : y.end] if t[:1].isdecimal()]
    if digits_x and digits_x == digits_y:
        return True
    if x.kind != "date":
        return False
    return any(
        _date_parts_agree(a, b)
        for a in x.values
        for b in y.values
        if a.startswith("d:") and b.startswith("d:")
    )


def _date_parts_agree(a: str, b: str) -> bool:
    """Month, day and year of two ``d:`` values agree wherever both give them."""
    pa, pb = a[2:].split("-"), b[2:].split("-")
    if len(pa) != len(pb) and min(len(pa), len(pb)) == 1 and pa[0] == pb[0]:
        return True  # "d:1" (a month alone) and "d:1--2006"
    return all(u == v or not u or not v for u, v in zip(pa, pb, strict=False))


def _content_tokens_folded(s: facts.Sentence, skip: set[int]) -> list[str]:
    """The stems of the sentence's content words, the tokens ``skip`` aside."""
    return [
        eq.stem(s.folded[k])
        for k in range(len(s.tokens))
        if k not in skip and s.is_word[k] and s.folded[k] not in lx.FUNCTION_WORDS
    ]


_NAMED_DAYS: Final = frozenset(("today", "yesterday", "tomorrow", "tonight"))
"""Relative days that one weekday or date can name."""
_SPELT_OUT: Final = frozenset(("date_form", "number_format"))


def _spelt(word: str) -> bool:
    return word in _NAMED_DAYS or word in lx.FUNCTION_WORDS


def _value_spelt_out(
    other: facts.Sentence | None,
    other_words: Sequence[int],
    side: facts.Sentence | None,
    exprs: Sequence[facts.Expr],
) -> Reason | None:
    """A figure or date that only names what the other side said in words: "today" → "on
    Saturday", "yesterday" → "on 16 May" (a relative day named; the guideline's same date
    made explicit), "a Golden Globe" → "one Golden Globe". ``exprs`` came on ``side``; the
    other side's stretch is ``other_words``. The minor reason, old → new as on ``side``."""
    if other is None or side is None or not exprs:
        return None
    words = [other.folded[k] for k in other_words]
    shown = "; ".join(_text(side, range(x.start, x.end)) for x in exprs)
    if all(x.kind == "date" for x in exprs):
        named = [w for w in words if w in _NAMED_DAYS]
        if len(named) == 1 and not any(w in _NAMED_DAYS for w in side.folded):
            return Reason("date_form", named[0], shown, "minor")
    if words in (["a"], ["an"]) and all(x.values == frozenset(("n:1",)) for x in exprs):
        return Reason("number_format", words[0], shown, "minor")
    return None


def _weekday_for_date(
    left: Sequence[facts.Expr], right: Sequence[facts.Expr], lo: str, ln: str
) -> Reason:
    """A weekday put for a date or back ("16 May 2005" → "Monday"): the same day named
    (``date_form``, minor) when the calendar says so, a different day (``date``,
    substantive) when it says otherwise, else ``date_form`` as an update (no year to tell)."""
    days = [_weekday_of(x) for x in [*left, *right]]
    known = {d for d in days if d is not None}
    if None in days:
        return Reason("date_form", lo, ln, "update")
    if len(known) == 1:
        return Reason("date_form", lo, ln, "minor")
    return Reason("date", lo, ln, "substantive")


def _weekday_of(x: facts.Expr) -> int | None:
    """The weekday (1 = Monday) an expression names: a weekday, or a date with its year."""
    if len(x.values) != 1:
        return None
    value = next(iter(x.values))
    if value.startswith("w:"):
        return int(value[2:])
    if value.startswith("d:"):
        parts = value[2:].split("-")
        if len(parts) == 3 and all(p.isdecimal() for p in parts):
            month, day, year = (int(p) for p in parts)
            try:
                return date(year, month, day).isoweekday()
            except ValueError:
                return None
    return None


def _match(
    old: Sequence[_T], new: Sequence[_T], same: Callable[[_T, _T], bool]
) -> tuple[list[_T], list[_T]]:
    """What is left unmatched on each side after pairing equal items one to one, in order."""
    left = list(old)
    right = list(new)
    for x in list(left):
        match = next((y for y in right if same(x, y)), None)
        if match is not None:
            left.remove(x)
            right.remove(match)
    return left, right


def _match_values(
    old: Sequence[facts.Expr], new: Sequence[facts.Expr]
) -> tuple[set[int], set[int]]:
    """:func:`_match` for figures, dates and times (the same when they share a value),
    through an index of the new ones by value: the ids of those left unmatched."""
    where: dict[str, list[int]] = {}
    for k, y in enumerate(new):
        for value in y.values:
            where.setdefault(value, []).append(k)
    taken: set[int] = set()
    next_free: dict[str, int] = {}  # where to look on in each value's list
    left: set[int] = set()
    for x in old:
        first: int | None = None
        for value in x.values:
            places = where.get(value, [])
            at = next_free.get(value, 0)
            while at < len(places) and places[at] in taken:
                at += 1
            next_free[value] = at
            if at < len(places) and (first is None or places[at] < first):
                first = places[at]
        if first is None:
            left.add(id(x))
        else:
            taken.add(first)
    return left, {id(y) for k, y in enumerate(new) if k not in taken}


def _developing(old: facts.Sentence | None, new: facts.Sentence | None) -> bool:
    """The new sentence says the figure moved on ("now", "has since risen to", "so far")
    where the old one did not."""
    if new is None:
        return False
    before = len(_DEVELOPING.findall(old.lower_text)) if old else 0
    return len(_DEVELOPING.findall(new.lower_text)) > before


def _names(
    old: facts.Sentence | None,
    orr: list[facts.Run],
    new: facts.Sentence | None,
    nr: list[facts.Run],
    ctx: Context,
    *,
    rewrite: bool = False,
) -> list[Reason]:
    unmatched_old, unmatched_new = _match(
        old.runs if old else [], new.runs if new else [], lambda x, y: facts.same_name(x.key, y.key)
    )
    left = [x for x in orr if x in unmatched_old]
    right = [y for y in nr if y in unmatched_new]
    out: list[Reason] = []
    for x in list(left):
        # A misspelt name put right: the old form is no word, the new one is a known word;
        # or a name that had a function word glued to it ("Wikinewsthat" → "Wikinews").
        match = next((y for y in right if _name_typo(x.key, y.key) or _glued(x.key, y.key)), None)
        if match is not None:
            left.remove(x)
            right.remove(match)
            out.append(Reason("spelling", x.key, match.key, "minor"))
    lo = "; ".join(_text(old, range(x.start, x.end)) for x in left)
    ln = "; ".join(_text(new, range(y.start, y.end)) for y in right)
    known_new = all(any(facts.same_name(y.key, k) for k in ctx.old_names) for y in right)
    kept_old = all(any(facts.same_name(x.key, k) for k in ctx.new_names) for x in left)
    if left and right and not (known_new and kept_old) and not rewrite:
        out.append(Reason("name", lo, ln, "substantive"))
    elif left and right and not (known_new and kept_old):
        out.append(Reason("rewritten", lo, ln, "update"))  # a long stretch rewritten
    elif right and not left:
        out.append(
            Reason(
                "name_form" if known_new else "name_added",
                "",
                ln,
                "minor" if known_new else "update",
            )
        )
    elif left and not right:
        out.append(
            Reason(
                "name_form" if kept_old else "name_removed",
                lo,
                "",
                "minor" if kept_old else "update",
            )
        )
    elif left or right:
        out.append(Reason("name_form", lo, ln, "minor"))
    return out


def _glued(a: str, b: str) -> bool:
    """One word is the other with a function word of 3+ letters glued on without a space
    ("Wikinewsthat" → "Wikinews"); shorter endings ("Jon"/"Jonas", "West"/"Weston") are
    names of their own."""
    shorter, longer = sorted((a, b), key=len)
    rest = longer.removeprefix(shorter) if longer.startswith(shorter) else ""
    return len(shorter) >= 3 and len(rest) >= 3 and rest in lx.FUNCTION_WORDS


def _name_typo(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    diffs = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    typo = len(diffs) == 1 and all(
        len(x) >= 5 and not is_known(x) and is_known(y) and spelling_fix(x, y) for x, y in diffs
    )
    return typo or all(variants(x, y) for x, y in diffs)


def _has_negation(words: Iterable[str]) -> int:
    return sum(1 for w in words if w in lx.NEGATIONS or w.endswith("n't"))


def _numero(s: facts.Sentence, k: int) -> bool:
    """ "No." before a figure, or "No" capitalised inside a sentence before one, is the
    abbreviation of "number" ("No. 1 targets", "patent No 395782"), not a negation ("no 10
    people were hurt" is one)."""
    if s.folded[k] != "no":
        return False
    rest = [t for t in s.tokens[k + 1 : k + 4] if t.strip()]
    if rest[:1] == ["."]:
        return len(rest) > 1 and rest[1][:1].isdecimal()
    inside = any(s.is_word[j] for j in range(k))
    return inside and s.tokens[k] == "No" and bool(rest) and rest[0][:1].isdecimal()


def _negation_restated(old: list[str], new: list[str]) -> bool:
    """One negation said another way: "not" on one side, the same word with a negating
    prefix on the other ("do not favor" → "disfavor", "not able" → "unable", "not
    virginal" → "non-virginal"). The claim stays negated."""
    no, nn = _has_negation(old), _has_negation(new)
    if abs(no - nn) != 1:
        return False
    negated, other = (old, new) if no > nn else (new, old)
    if "non" in other and "non" not in negated:
        return True
    stems = {eq.stem(w) for w in negated if w not in lx.NEGATIONS}
    return any(
        w.startswith(prefix) and len(w) - len(prefix) >= 4 and eq.stem(w[len(prefix) :]) in stems
        for w in other
        for prefix in lx.OPPOSITE_PREFIXES
    )


def _negated_pair(before: str, after: str) -> bool:
    shorter, longer = sorted((before, after), key=len)
    return len(shorter) >= 3 and any(longer == prefix + shorter for prefix in lx.NEGATING_PREFIXES)


def _hedges(s: facts.Sentence | None, idx: Iterable[int]) -> set[str]:
    out: set[str] = set()
    if s is None:
        return out
    for k in idx:
        w = s.folded[k]
        if w in lx.HEDGES and not (w == "may" and s.tokens[k][0].isupper()):
            out.add(w[:5] if w.startswith(("alleg", "purport", "report", "suspect")) else w)
    return out


def _lexical(
    old: facts.Sentence | None,
    ow_idx: list[int],
    new: facts.Sentence | None,
    nw_idx: list[int],
    local: bool,
) -> list[Reason]:
    """Negations, hedges, opposites, roles, directions, attributions, relative dates and
    times of day: the lower-case words that carry a claim."""
    ow = [old.folded[k] for k in ow_idx] if old else []
    nw = [new.folded[k] for k in nw_idx] if new else []
    out: list[Reason] = []
    so, sn = " ".join(ow), " ".join(nw)
    neg_o = [w for k, w in zip(ow_idx, ow, strict=True) if old and not _numero(old, k)]
    neg_n = [w for k, w in zip(nw_idx, nw, strict=True) if new and not _numero(new, k)]
    if local and (
        (_has_negation(neg_o) != _has_negation(neg_n) and not _negation_restated(neg_o, neg_n))
        or (len(ow) == 1 and len(nw) == 1 and _negated_pair(ow[0], nw[0]))
        or _opposite_in_slot(old, ow_idx, new, nw_idx)
    ):
        out.append(Reason("negation", so, sn, "substantive"))
    claimed = _claim_made(old, ow_idx, new, nw_idx)
    if claimed is not None:
        out.append(claimed)
    if local:
        ho, hn = _hedges(old, ow_idx), _hedges(new, nw_idx)
        # One hedge put for another ("may" → "might", "probably" → "likely", "can" →
        # "may") leaves the claim hedged: no allegation turned into a fact or back.
        hedged = (ho or lx.POSSIBILITY.intersection(ow)) and (hn or lx.POSSIBILITY.intersection(nw))
        if ho != hn and (ho - hn or (ow and nw) or len(nw) <= 2) and not hedged:
            out.append(Reason("allegation", so, sn, "substantive"))
    # The words that went or came, among those a claim turns on (the rest never count).
    kept_o, kept_n = set(ow), set(nw)
    only_o = [w for w in ow if w not in kept_n and _claim_word(w)]
    only_n = [w for w in nw if w not in kept_o and _claim_word(w)]
    if not only_o and not only_n:
        return out
    if (
        any(y in lx.OPPOSITES.get(x, ()) for x in only_o for y in only_n)
        and max(len(ow), len(nw)) <= 6
    ):
        out.append(Reason("contradiction", so, sn, "substantive"))
    ro = [w for w in only_o if w in lx.ROLES]
    rn = [w for w in only_n if w in lx.ROLES]
    if ro and rn and {eq.stem(w) for w in ro} == {eq.stem(w) for w in rn}:
        ro = rn = []  # "manager director" → "Managing Director": the same role, inflected
    gone, came = [w for w in ow if w not in kept_n], [w for w in nw if w not in kept_o]
    if _initials_of(ro, came) or _initials_of(rn, gone):
        ro = rn = []  # "CEO" → "chief executive officer": the same role, spelt out
    if (ro and rn) or (ro and any(w in _QUALIFIERS for w in ro) and len(ow) <= 2):
        out.append(Reason("role", " ".join(ro), " ".join(rn), "substantive"))
    do = [w for w in only_o if w in lx.DIRECTIONS]
    dn = [w for w in only_n if w in lx.DIRECTIONS]
    if do and dn and {_direction(w) for w in do} != {_direction(w) for w in dn}:
        out.append(Reason("place", " ".join(do), " ".join(dn), "substantive"))
    uo = [w for w in only_o if w in lx.ADMINISTRATIVE_UNITS]
    un = [w for w in only_n if w in lx.ADMINISTRATIVE_UNITS]
    if uo and un and {eq.stem(w) for w in uo} != {eq.stem(w) for w in un}:
        out.append(Reason("place", " ".join(uo), " ".join(un), "substantive"))
    to = [w for w in only_o if w in lx.TIMES_OF_DAY or w.removesuffix("'s") in lx.TIMES_OF_DAY]
    tn = [w for w in only_n if w in lx.TIMES_OF_DAY or w.removesuffix("'s") in lx.TIMES_OF_DAY]
    if to and tn:
        out.append(Reason("time", " ".join(to), " ".join(tn), "substantive"))
    rdo = [w for w in only_o if w in lx.RELATIVE_DAYS]
    rdn = [w for w in only_n if w in lx.RELATIVE_DAYS]
    if rdo and rdn:
        out.append(Reason("date", " ".join(rdo), " ".join(rdn), "substantive"))
    ao = [w for w in only_o if w in lx.ATTRIBUTION_NOUNS and w not in _PRONOUNS]
    an = [w for w in only_n if w in lx.ATTRIBUTION_NOUNS and w not in _PRONOUNS]
    if (
        ao
        and an
        and _near_speech(old, (min(ow_idx), max(ow_idx) + 1))
        and _near_speech(new, (min(nw_idx), max(nw_idx) + 1))
    ):
        out.append(Reason("attribution", " ".join(ao), " ".join(an), "substantive"))
    return out


def _initials_of(short: list[str], long: list[str]) -> bool:
    """One word that is the initials of two or more others ("ceo" and "chief executive
    officer", "mp" and "member of parliament": function words may be skipped)."""
    if len(short) != 1 or len(long) < 2 or not short[0].isalpha():
        return False
    letters = "".join(w[0] for w in long)
    content = "".join(w[0] for w in long if w not in lx.FUNCTION_WORDS)
    return short[0] in (letters, content)


def _direction(w: str) -> str:
    """A direction whatever its form: "eastern" and "east", "north-west" and "northwest"."""
    w = w.replace("-", "")
    return w.removesuffix("ern") if w.endswith("ern") and w[:-3] in lx.DIRECTIONS else w


def _opposite_in_slot(
    old: facts.Sentence | None,
    ow_idx: list[int],
    new: facts.Sentence | None,
    nw_idx: list[int],
) -> bool:
    """A word put for its opposite by a negating prefix ("illegally" → "legally",
    :func:`eq.prefix_opposites`) in the same place of the same claim: the content words
    next to it, function words dropped, are the same on both sides ("acted illegally in" →
    "acted legally in"). A prefixed word that came into another construction ("the first
    illegally blind governator" → "the first to go legally") says something else, not the
    opposite."""
    if old is None or new is None:
        return False
    pair = eq.prefix_opposites([old.folded[k] for k in ow_idx], [new.folded[k] for k in nw_idx])
    if pair is None:
        return False
    at_old = next(k for k in ow_idx if old.folded[k] == pair[0])
    at_new = next(k for k in nw_idx if new.folded[k] == pair[1])
    return _neighbours(old, at_old, at_old + 1) == _neighbours(new, at_new, at_new + 1)


def _neighbours(
    s: facts.Sentence, lo: int, hi: int, *, content: bool = True
) -> tuple[str | None, str | None]:
    """The nearest words before token ``lo`` and from token ``hi`` on (punctuation skipped,
    function words too when ``content``; ``None`` at a sentence end)."""

    def counts(k: int) -> bool:
        return s.is_word[k] and not (content and s.folded[k] in lx.FUNCTION_WORDS)

    before = next((s.folded[k] for k in range(lo - 1, -1, -1) if counts(k)), None)
    after = next((s.folded[k] for k in range(hi, len(s.tokens)) if counts(k)), None)
    return before, after


_CLAIM_WORDS: Final = frozenset(
    (
        *lx.OPPOSITES,
        *(w for words in lx.OPPOSITES.values() for w in words),
        *lx.ROLES,
        *lx.DIRECTIONS,
        *lx.TIMES_OF_DAY,
        *lx.RELATIVE_DAYS,
        *lx.ATTRIBUTION_NOUNS,
        *lx.ADMINISTRATIVE_UNITS,
    )
)


def _claim_word(w: str) -> bool:
    return w in _CLAIM_WORDS or w.removesuffix("'s") in lx.TIMES_OF_DAY


def _claim_made(
    old: facts.Sentence | None,
    ow_idx: list[int],
    new: facts.Sentence | None,
    nw_idx: list[int],
) -> Reason | None:
    """A fact turned into an attributed claim, or back (the guideline's "allegation turned
    into a fact or back"): "according to …" put into a sentence that attributed nothing
    ("police shot eight gunmen" → "…, according to a police statement"), or taken out of
    one that is left attributing nothing. ``allegation``, substantive. A sentence that
    already says who says so ("police said", "according to police" → "according to a police
    statement") only changes its wording."""
    if old is None or new is None:
        return None
    added = _according(new, nw_idx) and not _attributed(old)
    removed = _according(old, ow_idx) and not _attributed(new)
    if not (added or removed):
        return None
    return Reason("allegation", _text(old, ow_idx), _text(new, nw_idx), "substantive")


def _according(s: facts.Sentence, idx: list[int]) -> bool:
    """Whether "according to" is among the words of the stretch."""
    words = [s.folded[k] for k in idx]
    return any(a == "according" and b == "to" for a, b in itertools.pairwise(words))


def _attributed(s: facts.Sentence) -> bool:
    """Whether the sentence says who says so: "according to" or a verb of saying."""
    return "according" in s.folded or any(w in lx.SPEECH_VERBS for w in s.folded)


def _near_speech(s: facts.Sentence | None, span: tuple[int, int], reach: int = 4) -> bool:
    if s is None:
        return False
    lo, hi = max(0, span[0] - reach), min(len(s.folded), span[1] + reach)
    return any(w in lx.SPEECH_VERBS for w in s.folded[lo:hi])


_SUFFIXES: Final = ("ing", "ed", "es", "s", "d", "ly", "er", "est", "ment")


def _stem(w: str) -> str:
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _wording(
    ow: list[str],
    nw: list[str],
    old: facts.Sentence | None,
    a: tuple[int, int],
    new: facts.Sentence | None,
    b: tuple[int, int],
) -> Reason:
    """Words changed with no fact among them: a spelling fix, house style, grammar (minor),
    or new, dropped or reworded material (update)."""
    so, sn = " ".join(ow), " ".join(nw)
    if ow and nw and "".join(ow) == "".join(nw):
        return Reason("spelling", so, sn, "minor")  # "arrivedthe" → "arrived the"
    if len(ow) == len(nw) and all(
        x == y or spelling_fix(x, y) for x, y in zip(ow, nw, strict=True)
    ):
        return Reason("spelling", so, sn, "minor")
    if _equivalent(so, sn):
        return Reason("house_style", so, sn, "minor")
    if not nw and old is not None and _duplicate(old, a):
        return Reason("spelling", so, sn, "minor")  # "the the" → "the"
    # Words both sides keep at the ends of the stretch (the diff's cleanup takes a short
    # equality between two edits into them: "[-proper officials ,-]{+officials+}") are no
    # words changed.
    core_o, core_n = _without_kept_ends(ow, nw)
    content_o = [w for w in core_o if w not in lx.FUNCTION_WORDS]
    content_n = [w for w in core_n if w not in lx.FUNCTION_WORDS]
    if _grammar_only(ow, nw):
        return Reason("grammar" if _in_place(ow, nw) else "restated", so, sn, "minor")
    if content_o and content_n and all(w in lx.SPEECH_VERBS for w in content_o + content_n):
        return Reason("house_style", so, sn, "minor")  # "has stated" → "said"
    if (
        ow
        and nw
        and max(len(ow), len(nw)) <= 3
        and (all(w in _PRONOUNS for w in ow) or all(w in _PRONOUNS for w in nw))
    ):
        return Reason("reference", so, sn, "minor")  # "Graham" → "She", "It" → "FreeView"
    if (
        max(len(content_o), len(content_n)) <= SMALL_WORDING
        and all(map(_plain_english_word, (*content_o, *content_n)))
        and not _inside_quote(old, a, new, b)
        and not any(_claim_word(w) for w in (*content_o, *content_n))
        and not _capitalised(old, a)
        and not _capitalised(new, b)
    ):
        return Reason("wording", so, sn, "minor")  # "insulted" → "abused", "for" → "of"
    if not ow and new is not None and _connective(nw, new, b):
        return Reason("connective", "", sn, "minor")
    if not nw and old is not None and _connective(ow, old, a):
        return Reason("connective", so, "", "minor")
    if not ow:
        return Reason("addition", "", sn, "update")
    if not nw:
        return Reason("deletion", so, "", "update")
    return Reason("rewording", so, sn, "update")


def _connective(words: list[str], s: facts.Sentence, span: tuple[int, int]) -> bool:
    """A phrase opening the sentence, set off by a comma, that only points back to what the
    story has told ("Following the occurrence, …", "After this, …"): the order of events it
    gives is the story's own, so it adds or drops no fact. A phrase that names what happened
    ("Following his arrest") does."""
    marks = [t for t in s.tokens[span[0] : span[1] + 2] if t.strip() and not t[0].isalnum()]
    if not _sentence_start(s, span) or marks[:1] != [","]:
        return False
    if len(words) == 2:
        return words[0] in lx.SEQUENCE_WORDS and words[1] in ("this", "that")
    return (
        len(words) == 3
        and words[0] in lx.SEQUENCE_WORDS
        and words[1] in ("the", "this", "that", "these", "those")
        and words[2] in lx.GENERAL_EVENT_NOUNS
    )


def _without_kept_ends(ow: list[str], nw: list[str]) -> tuple[list[str], list[str]]:
    """The words of a stretch without those both sides have at its start and at its end."""
    lo, hi = shared_ends(ow, nw)
    return ow[lo : len(ow) - hi], nw[lo : len(nw) - hi]


def _plain_english_word(w: str) -> bool:
    """A word of ASCII letters, where the (English) function-word list says what a content
    word is: in Chinese or Thai a token is not a word, and one character can carry the claim;
    an accented word is left to the other rules too."""
    return w.isascii() and any(c.isalpha() for c in w)


def _capitalised(s: facts.Sentence | None, span: tuple[int, int]) -> bool:
    """Whether the stretch has a capitalised content word: a name, even one that opens the
    sentence, which the name rules may not have read as one."""
    if s is None:
        return False
    return any(
        s.is_word[k] and s.tokens[k][:1].isupper() and s.folded[k] not in lx.FUNCTION_WORDS
        for k in range(*span)
    )


def _grammar_only(old: list[str], new: list[str]) -> bool:
    """Only function words and inflection changed: the content words are the same up to
    inflection or derivation, in the same order or with one stretch moved."""
    content_o = [w for w in old if w not in lx.FUNCTION_WORDS]
    content_n = [w for w in new if w not in lx.FUNCTION_WORDS]
    return _same_family(content_o, content_n) and _same_order(content_o, content_n)


def _in_place(old: list[str], new: list[str]) -> bool:
    """The same content words in the same places, up to inflection: grammar. Content words
    moved (a clause moved, a time word with it: "Yesterday Blunkett declared … in an
    interview" → "In an interview … yesterday, Blunkett declared") are a restatement."""
    content_o = [w for w in old if w not in lx.FUNCTION_WORDS]
    content_n = [w for w in new if w not in lx.FUNCTION_WORDS]
    return len(content_o) == len(content_n) and all(
        _family(x, y) for x, y in zip(content_o, content_n, strict=True)
    )


def _same_family(a: list[str], b: list[str]) -> bool:
    """The same words up to inflection or derivation ("costs" → "cost", "notable" →
    "notably", "champion" → "championship")."""
    if len(a) != len(b):
        return False
    rest = sorted(b)
    for w in sorted(a):
        match = next((x for x in rest if _family(w, x)), None)
        if match is None:
            return False
        rest.remove(match)
    return True


def _same_order(a: list[str], b: list[str]) -> bool:
    """The same words of a family in the same order, or with one stretch moved ("holidays of
    the jobseekers" → "jobseeker holidays"), never two swapped around a third ("police shot
    gunmen" → "gunmen shot police": who did what)."""
    if all(_family(x, y) for x, y in zip(a, b, strict=True)):
        return True
    return eq.one_move([eq.stem(w) for w in a], [eq.stem(w) for w in b])


def _family(a: str, b: str) -> bool:
    if a == b or _stem(a) == _stem(b):
        return True
    if a in lx.DIRECTIONS and b in lx.DIRECTIONS:
        return _direction(a) == _direction(b)  # "eastern" and "east"
    shorter = min(len(a), len(b))
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if common >= 5 and common >= 0.7 * shorter:
        return True
    # Snowball, only where it can agree: a stem keeps its word's first letter.
    irregular = a in lx.IRREGULAR_FORMS or b in lx.IRREGULAR_FORMS
    return (irregular or a[:1] == b[:1]) and eq.stem(a) == eq.stem(b)


def _equivalent(a: str, b: str) -> bool:
    return frozenset((a, b)) in _EQUIVALENT


_EQUIVALENT: Final = frozenset(frozenset(pair) for pair in lx.EQUIVALENT_PHRASES)


def _duplicate(s: facts.Sentence, a: tuple[int, int]) -> bool:
    words = [s.folded[k] for k in range(*a) if s.is_word[k]]
    if not words:
        return False
    before = [s.folded[k] for k in range(max(0, a[0] - len(words) * 2), a[0]) if s.is_word[k]]
    after = [
        s.folded[k] for k in range(a[1], min(len(s.folded), a[1] + len(words) * 2)) if s.is_word[k]
    ]
    n = len(words)
    return before[-n:] == words or after[:n] == words


def _quoted_words_changed(
    old: facts.Sentence | None,
    ow: list[int],
    new: facts.Sentence | None,
    nw: list[int],
    *,
    across: bool,
) -> Reason | None:
    """Quoted words put for other quoted words in a stretch that also changes words around
    the quotation ("called the pressure 'huge'" → "called the information 'gold'"; a one-word
    quotation is a quotation too): the speaker's words changed (``quote``, substantive). Their
    spelling, case or typography put right is no change; in a long stretch across sentences
    rewritten together a quotation that goes and another that comes are material dropped and
    added."""
    if old is None or new is None or (across and max(len(ow), len(nw)) > REWRITE_WORDS):
        return None
    qo = [old.folded[k] for k in ow if old.quoted[k]]
    qn = [new.folded[k] for k in nw if new.quoted[k]]
    if not qo or not qn or qo == qn:
        return None
    if len(qo) == len(qn) and all(
        x == y or spelling_fix(x, y) or variants(x, y) for x, y in zip(qo, qn, strict=True)
    ):
        return None
    if _grammar_only(qo, qn):
        return None  # grammar, as outside a quotation ("state's" → "state")
    # A quotation mark moved over words both sides have ("the "Sheffield Star"" → ""the
    # Sheffield Star""): the quotation's bounds changed, none of its words.
    if not Counter(qo) - Counter(new.folded[k] for k in nw) and not Counter(qn) - Counter(
        old.folded[k] for k in ow
    ):
        return None
    return Reason("quote", " ".join(qo), " ".join(qn), "substantive")


def _quotation_extended(
    old: facts.Sentence | None,
    ow: list[int],
    new: facts.Sentence | None,
    b: tuple[int, int],
    nw: list[int],
    ctx: Context,
) -> Reason | None:
    """New words put at the end of a quotation the old version had, in place of unquoted
    words or of none (``Rice stated that "there is no authorization …."
    The plan …`` → ``… "there is no authorization …, and the military option …."``, however
    the block diff pairs them): the speaker's words changed (``quote``, substantive). The
    old quotation is found by the quoted words before the new ones, which end a quotation
    of the old sentence or, across sentences, of any sentence of the run's old side; words
    already quoted on the old side (a quotation merged from two), or the words they
    replace (reported speech put in quotation marks), and grammar words are no new words. (Words
    put inside a quotation are :func:`_inside_quote`'s.)"""
    if new is None or not nw or not all(new.quoted[k] for k in nw):
        return None
    if not any(
        new.quoted[k] and new.tokens[k] in ('"', "'") for k in range(nw[-1] + 1, len(new.tokens))
    ):
        return None  # no closing mark after them: a stray mark (a link, a typo), no quotation
    if old is not None and any(old.quoted[k] for k in ow):
        return None  # quoted words for quoted words: _quoted_words_changed
    before: list[str] = []
    k = b[0] - 1
    while k >= 0 and new.quoted[k] and new.tokens[k] not in ('"', "'"):
        if new.is_word[k]:
            before.append(new.folded[k])
        k -= 1
    if not before:
        return None
    before.reverse()
    sides = [old] if old is not None else []
    sides.extend(s.facts for s in ctx.sentences(new=False) if s.facts is not old)
    quotations = [q for s in sides for q in _quotations(s)]
    last = before[-QUOTE_CONTEXT:]
    if not any(q[-len(last) :] == last for q in quotations):
        return None
    added = [new.folded[k] for k in nw if new.folded[k] not in lx.FUNCTION_WORDS]
    had = [w for q in quotations for w in q]
    if old is not None:
        had.extend(old.folded[k] for k in ow)  # reported speech put in quotation marks
    if not Counter(added) - Counter(had):
        return None
    return Reason("quote", "", _text(new, nw), "substantive")


QUOTE_CONTEXT: Final = 3
"""How many of the quoted words before new ones must end a quotation of the old side for
the new ones to extend that quotation."""


def _quotations(s: facts.Sentence) -> list[list[str]]:
    """The words of each quotation of a sentence (a quotation begun in an earlier sentence,
    or going on into the next, as far as this sentence holds it)."""
    out: list[list[str]] = []
    inside = False
    for w, q, word, tok in zip(s.folded, s.quoted, s.is_word, s.tokens, strict=True):
        if not q or tok in ('"', "'"):
            inside = False
            continue
        if word:
            if not inside:
                out.append([])
                inside = True
            out[-1].append(w)
    return out


def _inside_quote(
    old: facts.Sentence | None, a: tuple[int, int], new: facts.Sentence | None, b: tuple[int, int]
) -> bool:
    """Whether the stretch lies inside a quotation on both sides (the quotation was there
    before and is there after): its words changed, not its presence."""
    if old is None or new is None:
        return False

    def inside(s: facts.Sentence, lo: int, hi: int) -> bool:
        if lo < hi:
            return all(s.quoted[k] for k in range(lo, hi) if s.is_word[k]) and any(
                s.is_word[k] for k in range(lo, hi)
            )
        return (
            0 < lo < len(s.tokens)
            and s.quoted[lo - 1]
            and s.quoted[lo]
            and s.tokens[lo] not in ('"', "'")
        )

    return inside(old, *a) and inside(new, *b)


# -- runs of changed sentences ---------------------------------------------------------------


def _level(reasons: Iterable[Reason]) -> Level:
    best = 0
    for r in reasons:
        best = max(best, LEVELS.index(r.level))
    return LEVELS[best]


def _change(
    kind: ChangeKind,
    field_name: str,
    para: int | None,
    old: str | None,
    new: str | None,
    reasons: Sequence[Reason],
) -> Change:
    level = _cap(_level(reasons), field_name)
    signals = tuple(
        dict.fromkeys(r.signal for r in reasons if r.level == level or level == "minor")
    )
    return Change(kind, field_name, para, old, new, signals, level, tuple(reasons))


def _cap(level: Level, field_name: str) -> Level:
    # Captions and bylines describe the page, not the story's claims: at most an update.
    if field_name in ("captions", "byline") and level == "substantive":
        return "update"
    return level


def region_changes(
    old: Sequence[tuple[str, int | None]],
    new: Sequence[tuple[str, int | None]],
    field_name: str,
    patterns: Furniture = FURNITURE,
) -> list[Change]:
    """The changes between the old and new paragraphs of one changed stretch of a text
    (``(text, index into ArticleDiff.paragraphs)``, either side may be empty)."""
    sa = [s for text, para in old for s in sentences(text, para, patterns)]
    sb = [s for text, para in new for s in sentences(text, para, patterns)]
    return sentence_run_changes(sa, sb, field_name)


def sentence_run_changes(sa: list[Sent], sb: list[Sent], field_name: str) -> list[Change]:
    """The changes between two runs of sentences: sentences the same once normalised are
    at most typography; each stretch of changed sentences is judged by :func:`_run`."""
    out: list[Change] = []
    spans = _align_sentences(sa, sb)
    k = 0
    while k < len(spans):
        tag, i1, i2, j1, j2 = spans[k]
        k += 1
        if tag == "equal":
            for x, y in zip(range(i1, i2), range(j1, j2), strict=True):
                if sa[x].raw != sb[y].raw:
                    reason = Reason("typography", sa[x].raw, sb[y].raw, "minor")
                    out.append(
                        _change("edit", field_name, sb[y].para, sa[x].raw, sb[y].raw, [reason])
                    )
            continue
        while k < len(spans) and spans[k][0] != "equal":
            i2, j2 = max(i2, spans[k][2]), max(j2, spans[k][4])
            k += 1
        out.extend(_run(sa[i1:i2], sb[j1:j2], field_name))
    return out


def _alone(s: Sent, old: bool, field_name: str, signal: str, text: str, level: Level) -> Change:
    """A sentence with no partner: deleted (``old``) or added, for one reason."""
    if old:
        return _change(
            "deletion", field_name, s.para, s.raw, None, [Reason(signal, text, "", level)]
        )
    return _change("addition", field_name, s.para, None, s.raw, [Reason(signal, "", text, level)])


def _same(x: Sent, y: Sent) -> bool:
    return x.raw == y.raw or x.norm == y.norm


def _align_sentences(sa: list[Sent], sb: list[Sent]) -> list[Span]:
    """The sentences aligned by their normalised text (:func:`align_units`). The sentences
    the same at the start and at the end are taken first, as ``align_units`` takes them,
    comparing the original text before the normalised one, so the sentences a change left
    alone are rarely normalised at all."""
    na, nb = len(sa), len(sb)
    pre = 0
    while pre < na and pre < nb and _same(sa[pre], sb[pre]):
        pre += 1
    post = 0
    while post < na - pre and post < nb - pre and _same(sa[na - 1 - post], sb[nb - 1 - post]):
        post += 1
    middle_a, middle_b = sa[pre : na - post], sb[pre : nb - post]
    if len(middle_a) == 1 and len(middle_b) == 1:  # one sentence changed: nothing to align
        middle: list[Span] = [("delete", 0, 1, 0, 0), ("insert", 1, 1, 0, 1)]
    else:
        middle = align_units([s.norm for s in middle_a], [s.norm for s in middle_b], Budget())
    spans: list[Span] = [("equal", 0, pre, 0, pre)]
    spans.extend((tag, i1 + pre, i2 + pre, j1 + pre, j2 + pre) for tag, i1, i2, j1, j2 in middle)
    spans.append(("equal", na - post, na, nb - post, nb))
    return merge_spans(spans)


def _run(sa: list[Sent], sb: list[Sent], field_name: str) -> list[Change]:
    out = [
        _alone(s, old, field_name, "furniture", s.norm, "minor")
        for old, side in ((True, sa), (False, sb))
        for s in side
        if s.furniture
    ]
    a = [s for s in sa if not s.furniture]
    b = [s for s in sb if not s.furniture]
    if not a or not b:
        return out + [
            _alone(s, old, field_name, signal, s.body, "update")
            for old, signal, run in ((True, "deletion", a), (False, "addition", b))
            for s in run
        ]
    if len(a) * len(b) > BLOCK_PAIRS or sum(len(s.norm) for s in a + b) > BLOCK_CHARS:
        return out + _pairwise(a, b, field_name)
    bags_a = [_Bag(s) for s in a]
    bags_b = [_Bag(s) for s in b]
    order = pair_in_order(
        len(a), len(b), lambda x, y: bags_a[x].similarity(bags_b[y]), PAIR_SIMILARITY
    )
    partner_a = {x: y for x, y in order if x is not None and y is not None}
    if len(partner_a) == len(a) == len(b):
        # Every sentence has a partner (none split or merged): each pair diffed on its own.
        return out + _paired_changes(a, b, field_name, order, bags_a, bags_b)
    partner_b = {y: x for x, y in order if x is not None and y is not None}
    # The block's words, each knowing its sentence.
    ta = [(x, k) for x, s in enumerate(a) for k in range(len(s.facts.tokens))]
    tb = [(y, k) for y, s in enumerate(b) for k in range(len(s.facts.tokens))]
    keys_a = [w for s in a for w in s.facts.folded]
    keys_b = [w for s in b for w in s.facts.folded]
    ctx = Context(a, b)
    reasons_a: dict[int, list[Reason]] = {x: [] for x in range(len(a))}
    reasons_b: dict[int, list[Reason]] = {y: [] for y in range(len(b))}
    reasons_pair: dict[tuple[int, int], list[Reason]] = {p: [] for p in partner_a.items()}
    spans = diff_tokens(keys_a, keys_b, Budget())
    stretches: list[list[int]] = []
    for tag, i1, i2, j1, j2 in spans:
        if tag == "equal":
            for (x, k), (y, m) in zip(ta[i1:i2], tb[j1:j2], strict=True):
                if a[x].facts.tokens[k] != b[y].facts.tokens[m] and partner_a.get(x) == y:
                    reasons_pair[x, y].append(
                        Reason("case", a[x].facts.tokens[k], b[y].facts.tokens[m], "minor")
                    )
            continue
        if stretches and stretches[-1][1] == i1 and stretches[-1][3] == j1:
            stretches[-1][1], stretches[-1][3] = i2, j2
        else:
            stretches.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in stretches:
        old_parts = _by_sentence(ta, i1, i2)
        new_parts = _by_sentence(tb, j1, j2)
        # What the block diff says replaced what: the sentences holding most of each side.
        main_x = max(old_parts, key=lambda x: old_parts[x][1] - old_parts[x][0], default=None)
        main_y = max(new_parts, key=lambda y: new_parts[y][1] - new_parts[y][0], default=None)
        if main_x is not None and main_y is None:
            main_y = partner_a.get(main_x)
            if main_y is not None:
                at = _insertion_point(tb, j1, main_y, b[main_y])
                new_parts[main_y] = (at, at)
        if main_y is not None and main_x is None:
            main_x = partner_b.get(main_y)
            if main_x is not None:
                at = _insertion_point(ta, i1, main_x, a[main_x])
                old_parts[main_x] = (at, at)
        if main_x is not None and main_y is not None:
            found = judge(
                a[main_x].facts,
                old_parts.pop(main_x),
                b[main_y].facts,
                new_parts.pop(main_y),
                ctx,
                across=partner_a.get(main_x) != main_y,
            )
            if partner_a.get(main_x) == main_y:
                reasons_pair[main_x, main_y].extend(found)
            elif main_x in partner_a:
                reasons_pair[main_x, partner_a[main_x]].extend(found)
            elif main_y in partner_b:
                reasons_pair[partner_b[main_y], main_y].extend(found)
            else:
                reasons_b[main_y].extend(found)
                reasons_a[main_x].extend(r for r in found if r.level == "minor")
        for px, span in old_parts.items():
            found = judge(a[px].facts, span, None, (0, 0), ctx)
            if px in partner_a:
                reasons_pair[px, partner_a[px]].extend(found)
            else:
                reasons_a[px].extend(found)
        for py, span in new_parts.items():
            found = judge(None, (0, 0), b[py].facts, span, ctx)
            if py in partner_b:
                reasons_pair[partner_b[py], py].extend(found)
            else:
                reasons_b[py].extend(found)
    for ox, oy in order:
        if ox is not None and oy is not None:
            reasons = reasons_pair[ox, oy] or [
                Reason("punctuation", a[ox].norm, b[oy].norm, "minor")
            ]
            out.append(_change("edit", field_name, b[oy].para, a[ox].raw, b[oy].raw, reasons))
        elif ox is not None:
            reasons = reasons_a[ox] or [Reason("merged", a[ox].body, "", "minor")]
            out.append(_change("deletion", field_name, a[ox].para, a[ox].raw, None, reasons))
        elif oy is not None:
            reasons = reasons_b[oy] or [Reason("merged", "", b[oy].body, "minor")]
            out.append(_change("addition", field_name, b[oy].para, None, b[oy].raw, reasons))
    return out


def _pairwise(a: list[Sent], b: list[Sent], field_name: str) -> list[Change]:
    """A long run of changed sentences, cheaply: similar sentences paired and diffed pair by
    pair; a sentence left over is an addition or a deletion, unless its words are all found
    on the other side (sentences split or merged)."""
    bags_a = [_Bag(s) for s in a]
    bags_b = [_Bag(s) for s in b]
    order = pair_in_order(
        len(a), len(b), lambda x, y: bags_a[x].similarity(bags_b[y]), PAIR_SIMILARITY
    )
    return _paired_changes(a, b, field_name, order, bags_a, bags_b)


def _paired_changes(
    a: list[Sent],
    b: list[Sent],
    field_name: str,
    order: Sequence[tuple[int | None, int | None]],
    bags_a: Sequence[_Bag],
    bags_b: Sequence[_Bag],
) -> list[Change]:
    """The changes of sentences paired in ``order``: each pair diffed on its own; a
    sentence left over is an addition or a deletion, unless its words are all found on
    the other side (sentences split or merged)."""
    out: list[Change] = []
    all_a: Counter[str] = Counter()
    all_b: Counter[str] = Counter()
    if any(x is None or y is None for x, y in order):  # a sentence left over: split or merged?
        for bag in bags_a:
            all_a.update(bag.counts)
        for bag in bags_b:
            all_b.update(bag.counts)
    ctx = Context(a, b)
    replaced = _replaced(order, b, bags_a, bags_b)
    for x, y in order:
        if x is not None and y is not None:
            reasons = _pair_reasons(a[x], b[y], ctx) or [
                Reason("punctuation", a[x].norm, b[y].norm, "minor")
            ]
            out.append(_change("edit", field_name, b[y].para, a[x].raw, b[y].raw, reasons))
        elif x is not None:
            if bags_a[x].within(all_b):
                out.append(_alone(a[x], True, field_name, "merged", a[x].body, "minor"))
            else:
                out.append(_alone(a[x], True, field_name, "deletion", a[x].body, "update"))
        elif y is not None:
            if bags_b[y].within(all_a):
                out.append(_alone(b[y], False, field_name, "merged", b[y].body, "minor"))
            else:
                best = replaced.get(y)
                out.append(_added(b[y], field_name, ctx, [] if best is None else [a[best]]))
    return out


def _replaced(
    order: Sequence[tuple[int | None, int | None]],
    b: Sequence[Sent],
    bags_a: Sequence[_Bag],
    bags_b: Sequence[_Bag],
) -> dict[int, int]:
    """The sentences added in a long run that replaced one taken out: each added sentence
    and the taken-out sentence most similar to it, when each is the other's most similar
    and their similarity is at least :data:`REPLACED_SIMILARITY` (one sentence replaces one:
    a log of similar lines, one dropped and several added, replaces nothing). Looked for
    among at most :data:`REPLACED_PAIRS` pairs of sentences."""
    gone = [x for x, y in order if x is not None and y is None]
    came = [y for x, y in order if x is None and y is not None]
    if not gone or not came or len(gone) * len(came) > REPLACED_PAIRS:
        return {}
    if not any(b[y].facts.exprs for y in came):
        return {}
    sim = {(x, y): bags_a[x].similarity(bags_b[y]) for x in gone for y in came}
    best_x = {y: max(gone, key=lambda x: sim[x, y]) for y in came}
    best_y = {x: max(came, key=lambda y: sim[x, y]) for x in gone}
    chosen = Counter(best_x.values())
    return {
        y: x
        for y, x in best_x.items()
        if best_y[x] == y and sim[x, y] >= REPLACED_SIMILARITY and chosen[x] == 1
    }


REPLACED_SIMILARITY: Final = 0.3
"""In a long run, a sentence added and the most similar sentence taken out are one claim told
again when their similarity is at least this (pairs need :data:`PAIR_SIMILARITY`)."""
REPLACED_PAIRS: Final = 2_500
"""Sentences that replaced others in a long run are looked for among at most this many pairs
of added and taken-out sentences."""


def _added(s: Sent, field_name: str, ctx: Context, gone: Sequence[Sent]) -> Change:
    """A sentence added in a long run: an addition, and a changed value when the sentence it
    replaced (``gone``: the most similar one taken out, if similar enough) held another
    value in the same slot (:func:`_value_replaced`, as for a sentence the block diff of a
    short run could not pair)."""
    reasons = [Reason("addition", "", s.body, "update")]
    if gone and s.facts.exprs:
        replaced = _value_replaced(s.facts, s.facts.exprs, ctx, gone)
        if replaced is not None:
            reasons.append(replaced)
    return _change("addition", field_name, s.para, None, s.raw, reasons)


_ASCII_WORD: Final = re.compile(r"[^\W_]+(?:(?:'|(?<=\d)[.,/:](?=\d))[^\W_]+)*", re.ASCII)


class _Bag:
    """A sentence's words as sentences are paired by: how often each comes (the Dice
    coefficient of :func:`articlediff.diff.align.similarity`, worked out over the words
    two sentences share only)."""

    __slots__ = ("counts", "total")

    def __init__(self, sent: Sent) -> None:
        body = sent.body
        if body.isascii() and "facts" not in sent.__dict__:
            # The words facts.words finds in ASCII text, found by one expression.
            self.counts = Counter(_ASCII_WORD.findall(body.lower()))
        else:
            self.counts = Counter(compress(sent.facts.folded, sent.facts.is_word))
        self.total = self.counts.total()

    def similarity(self, other: _Bag) -> float:
        """The Dice coefficient, or 0 when the sizes alone keep it under the pairing
        threshold."""
        total = self.total + other.total
        if not total:
            return 1.0
        if 2 * min(self.total, other.total) < PAIR_SIMILARITY * total:
            return 0.0
        mine, theirs = self.counts, other.counts
        shared = sum(min(mine[w], theirs[w]) for w in mine.keys() & theirs.keys())
        return 2 * shared / total

    def within(self, words: Counter[str]) -> bool:
        """Whether every word of the sentence is found (as often) among ``words``."""
        return all(words[w] >= n for w, n in self.counts.items())


def _pair_reasons(x: Sent, y: Sent, ctx: Context) -> list[Reason]:
    fa, fb = x.facts, y.facts
    reasons: list[Reason] = []
    for tag, i1, i2, j1, j2 in _hunks(diff_tokens(fa.folded, fb.folded, Budget())):
        if tag == "equal":
            reasons.extend(
                Reason("case", fa.tokens[i1 + k], fb.tokens[j1 + k], "minor")
                for k in range(i2 - i1)
                if fa.tokens[i1 + k] != fb.tokens[j1 + k]
            )
        else:
            reasons.extend(judge(fa, (i1, i2), fb, (j1, j2), ctx))
    return reasons


def _hunks(spans: Sequence[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Equal spans as they are; neighbouring changed spans joined into one hunk."""
    out: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in spans:
        if (
            tag != "equal"
            and out
            and out[-1][0] == "change"
            and out[-1][2] == i1
            and out[-1][4] == j1
        ):
            out[-1] = ("change", out[-1][1], i2, out[-1][3], j2)
        elif tag != "equal":
            out.append(("change", i1, i2, j1, j2))
        else:
            out.append((tag, i1, i2, j1, j2))
    return out


def _by_sentence(tokens: list[tuple[int, int]], lo: int, hi: int) -> dict[int, tuple[int, int]]:
    """The stretch ``[lo, hi)`` of a block, cut at sentence ends: sentence → local span."""
    out: dict[int, tuple[int, int]] = {}
    for x, k in tokens[lo:hi]:
        if x in out:
            out[x] = (out[x][0], k + 1)
        else:
            out[x] = (k, k + 1)
    return out


def _insertion_point(tokens: list[tuple[int, int]], at: int, sentence: int, sent: Sent) -> int:
    """Where, in ``sentence``, a change at block position ``at`` falls."""
    if at < len(tokens) and tokens[at][0] == sentence:
        return tokens[at][1]
    if at > 0 and tokens[at - 1][0] == sentence:
        return tokens[at - 1][1] + 1
    return len(sent.facts.tokens) if at > 0 and tokens[at - 1][0] < sentence else 0


# -- fields, moves and the verdict -----------------------------------------------------------


def field_edit(name: str, old: str, new: str, patterns: Furniture = FURNITURE) -> list[Change]:
    """A single-unit field (headline, byline) as one edit, or an addition/deletion."""
    if old == new:
        return []
    headline = name == "headline"
    if not old.strip():
        return [_change("addition", name, None, None, new, [Reason("addition", "", new, "update")])]
    if not new.strip():
        return [_change("deletion", name, None, old, None, [Reason("deletion", old, "", "update")])]
    sa = sentences(old, None, patterns, headline=headline)
    sb = sentences(new, None, patterns, headline=headline)
    changes = sentence_run_changes(sa, sb, name)
    if not changes:
        return []
    reasons = [r for c in changes for r in c.reasons]
    if headline and (_level(reasons) == "update" or any(r.signal == "wording" for r in reasons)):
        # A headline is the story's most read words: reworded, it is at least an update.
        reasons = [Reason("headline", old, new, "update"), *reasons]
    return [_change("edit", name, None, old, new, reasons)]


def merge_sentence_moves(changes: list[Change]) -> list[Change]:
    """A sentence deleted in one place and added, unchanged, in another becomes one move."""
    added: dict[str, list[int]] = {}
    for k, c in enumerate(changes):
        if c.kind == "addition" and c.sentence_new is not None:
            key = _move_key(c.sentence_new)
            if len(key.split()) >= SENTENCE_MOVE_WORDS:
                added.setdefault(f"{c.field}\0{key}", []).append(k)
    if not added:
        return changes
    replaced: dict[int, Change] = {}
    dropped: set[int] = set()
    for k, c in enumerate(changes):
        if c.kind != "deletion" or c.sentence_old is None:
            continue
        waiting = added.get(f"{c.field}\0{_move_key(c.sentence_old)}")
        if waiting:
            target = waiting.pop(0)
            new = changes[target]
            dropped.add(k)
            reason = Reason("move", c.sentence_old, new.sentence_new or "", "minor")
            replaced[target] = _change(
                "move", c.field, new.paragraph, c.sentence_old, new.sentence_new, [reason]
            )
    return [replaced.get(k, c) for k, c in enumerate(changes) if k not in dropped]


def _move_key(text: str) -> str:
    return " ".join(plain(text).split())


def verdict(changes: Iterable[Change]) -> Level:
    """The highest level among the changes; ``minor`` when there are none."""
    return _level_of(c.level for c in changes)


def _level_of(levels: Iterable[Level]) -> Level:
    best = 0
    for level in levels:
        best = max(best, LEVELS.index(level))
    return LEVELS[best]


def move_change(old_text: str, new_text: str, paragraph: int) -> Change:
    reason = Reason("move", "", "", "minor")
    return _change("move", "body", paragraph, old_text, new_text, [reason])
