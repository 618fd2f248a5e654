"""A searched pattern's first-character gate: `(?=[chars a match can start with])` before the pattern.

Why: Python's regex engine, searching a line for an alternation of dozens of lead-in words, enters the
alternation at every position of the line and tries each word there. A lookahead of the characters a
match can start with turns almost every position away in one class test: on the corpus's header and
footer lines the credit-marker search runs about ten times faster. The gated pattern matches exactly
what the pattern matches (the gate holds a superset of the first characters), with the same groups.

A pattern is returned as it is when the engine skips ahead by itself (it opens with a literal or a
character class: faster than a lookahead), when its first character can be almost anything (`.`, `\\w`,
a negated class), and when it can match the empty string.
"""

from __future__ import annotations

import functools
import re
from re import _compiler, _parser
from re import _constants as C  # noqa: N812  (the regex parser's opcodes; stable since 3.11)

import numpy as np

_Ranges = set[tuple[int, int]]  # code point ranges; (-1, n) stands for the category escape CATEGORIES[n]
_ANY = None  # a first character that cannot be bounded
MAX_RANGE = 0x30000  # a class wider than this gates nothing worth its test
# Narrow categories a class may hold (whitespace, digits), as the escape that stands for each.
CATEGORIES = {C.CATEGORY_SPACE: r"\s", C.CATEGORY_DIGIT: r"\d"}
_CATEGORY_CODES = list(CATEGORIES)


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, with a lookahead of its possible first characters in front when those are bounded."""
    try:
        if _engine_skips(_parser.parse(pattern.pattern, pattern.flags), pattern.flags):
            return pattern
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        return pattern
    gate = lookahead(pattern)
    if gate is None:
        return pattern
    try:
        return re.compile(gate + "(?:" + pattern.pattern + ")", pattern.flags)
    except re.error:  # e.g. global inline flags, which must open the pattern
        return pattern


def lookahead(pattern: re.Pattern[str]) -> str | None:
    """The gate itself, `(?=[chars a match of pattern can start with])`, or None when those are not bounded (or a
    match may be empty). Also for a pattern the engine skips ahead in by itself, to set after what comes before it."""
    try:
        first = _first(list(_parser.parse(pattern.pattern, pattern.flags)), bool(pattern.flags & re.IGNORECASE))
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        return None
    if first is _ANY or first[2]:  # unbounded, or a match may be empty (it starts anywhere)
        return None
    exact, folded, _ = first  # not both empty: a match that cannot be empty consumes a first character
    parts = []
    if exact:
        parts.append(_char_class(exact))
    if folded:  # chars of a case-insensitive part: matched as the engine matches them there
        parts.append("(?i:" + _char_class(folded) + ")")
    return "(?=" + "|".join(parts) + ")"


# A group's name where it is defined, tested (`(?(name)…)`) or matched again (`(?P=name)`).
_GROUP_NAME = re.compile(r"\(\?(?:P<|\(|P=)(\w+)[>)]")
_SCOPED_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))


def union(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches where one of `patterns` matches (the first that does, at the same place): one call
    instead of one per pattern. Each branch keeps its own flags, scoped to it (`(?i:…)`), and its group names get the
    branch's number (a name may not be defined twice in one pattern). No pattern matches nothing."""
    branches = (
        "(?"
        + "".join(letter for flag, letter in _SCOPED_FLAGS if p.flags & flag)
        + ":"
        + _GROUP_NAME.sub(lambda m, n=n: f"{m.group()[:-1]}_{n}{m.group()[-1]}", p.pattern)
        + ")"
        for n, p in enumerate(patterns)
    )
    return re.compile("|".join(branches) or "(?!)")


def anchored(pattern: re.Pattern[str]) -> bool:
    """Whether every match of `pattern` starts where the text does (it opens with `^` outside any alternation, without
    MULTILINE): then its `match` finds what its `search` would, without trying the other positions."""
    if pattern.flags & re.MULTILINE:
        return False
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        return False
    return bool(parsed.data) and parsed.data[0] == (C.AT, C.AT_BEGINNING)


def _engine_skips(parsed: _parser.SubPattern, flags: int) -> bool:
    """The engine finds a literal prefix or a first-character set of its own (its compiler's test), or a
    gate would add nothing."""
    op, av = parsed.data[0] if parsed.data else (None, None)
    if op is C.AT or op is C.ASSERT and av[0] == 1:
        return True  # anchored (`^`: each position fails at once), or opened by a lookahead (a gate already)
    if parsed.getwidth()[0] == 0:
        return False
    prefix, _skip, _all = _compiler._get_literal_prefix(parsed, flags)
    return bool(prefix) or bool(_compiler._get_charset_prefix(parsed, flags))


# (exact ranges, case-insensitive ranges, may match empty), or _ANY.
_First = tuple[_Ranges, _Ranges, bool] | None


def _first(items: list, ignorecase: bool) -> _First:
    exact: _Ranges = set()
    folded: _Ranges = set()
    for op, av in items:
        got = _first_op(op, av, ignorecase)
        if got is _ANY:
            return _ANY
        exact |= got[0]
        folded |= got[1]
        if not got[2]:
            return exact, folded, False
    return exact, folded, True


def _first_op(op, av, ignorecase: bool) -> _First:  # noqa: ANN001  (parser tuples)
    if op is C.LITERAL:
        return _chars({(av, av)}, ignorecase)
    if op is C.IN:
        ranges: _Ranges = set()
        for kind, value in av:
            if kind is C.LITERAL:
                ranges.add((value, value))
            elif kind is C.RANGE:
                ranges.add(value)
            elif kind is C.CATEGORY and value in CATEGORIES:
                ranges.add((-1, _CATEGORY_CODES.index(value)))
            else:  # NEGATE, a wide category (\w, \S, …): almost any character may start it
                return _ANY
        if sum(hi - lo + 1 for lo, hi in ranges if lo >= 0) > MAX_RANGE:
            return _ANY
        return _chars(ranges, ignorecase)
    if op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
        return _first(*_inside(op, av, ignorecase))
    if op is C.BRANCH:
        exact: _Ranges = set()
        folded: _Ranges = set()
        empty = False
        for alternative in av[1]:
            got = _first(list(alternative), ignorecase)
            if got is _ANY:
                return _ANY
            exact |= got[0]
            folded |= got[1]
            empty = empty or got[2]
        return exact, folded, empty
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        got = _first(list(sub), ignorecase)
        if got is _ANY:
            return _ANY
        return got[0], got[1], got[2] or low == 0
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):  # zero-width: the first character comes after them
        return set(), set(), True
    return _ANY  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, GROUPREF_EXISTS, …


def _inside(op, av, ignorecase: bool) -> tuple[list, bool]:  # noqa: ANN001
    """A group's items, and whether they match case-insensitively (its own flags may say otherwise)."""
    if op is C.ATOMIC_GROUP:
        return list(av), ignorecase
    _group, add_flags, del_flags, sub = av
    if add_flags & re.IGNORECASE:
        ignorecase = True
    if del_flags & re.IGNORECASE:
        ignorecase = False
    return list(sub), ignorecase


def _chars(ranges: _Ranges, ignorecase: bool) -> _First:
    return (set(), ranges, False) if ignorecase else (ranges, set(), False)


def _char_class(ranges: _Ranges) -> str:
    def char(code: int) -> str:
        return f"\\U{code:08x}"

    def item(lo: int, hi: int) -> str:
        if lo < 0:
            return CATEGORIES[_CATEGORY_CODES[hi]]
        return char(lo) if lo == hi else f"{char(lo)}-{char(hi)}"

    return "[" + "".join(item(lo, hi) for lo, hi in sorted(ranges)) + "]"


# --- characters a match cannot do without ----------------------------------------------------------
# Where a gate is not selective (the pattern's first characters are common words: 可, 在, 关, a space), a
# search of a few rarer characters that every match must hold turns most texts away in one class scan.


def needed(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A class search that finds something in every text `pattern` finds a match in (a necessary condition,
    never a sufficient one), or None when no bounded set of characters is needed by every match.

    Per sequence of a pattern the smallest set of any part that must match at least once is taken (of
    equal ones the later: a match's later characters are the more specific ones); per alternation the
    union of its branches' sets. Case-insensitive parts are tested case-insensitively, as the engine
    matched them, so the set holds every character the pattern may have matched there.
    """
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        need = _needed(list(parsed), bool(pattern.flags & re.IGNORECASE))
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        return None
    if need is None:
        return None
    exact, folded = need
    # One plain class, which the engine scans for by itself (an alternation with a `(?i:…)` class is half
    # as fast): a case-insensitive part's characters with every case variant the engine matches them to.
    exact = exact | folded | _case_variants(folded)
    try:
        return re.compile(_char_class(exact), pattern.flags & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE))
    except re.error:
        return None


CASED_BELOW = 0x20000  # no character from plane 2 up has a case (tests/test_regex_gate.py checks it on this Python)


@functools.cache
def _cased() -> str:
    return np.arange(CASED_BELOW, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _case_variants(ranges: _Ranges) -> _Ranges:
    """The characters a case-insensitive class of `ranges` matches, asked of the engine (a few milliseconds)."""
    if not ranges:
        return set()
    return {(ord(c), ord(c)) for c in re.findall("(?i:" + _char_class(ranges) + ")", _cased())}


_Need = tuple[_Ranges, _Ranges] | None  # (exact ranges, case-insensitive ranges), or None: nothing bounded


def _size(need: tuple[_Ranges, _Ranges]) -> int:
    return sum(MAX_RANGE if lo < 0 else hi - lo + 1 for ranges in need for lo, hi in ranges)


def _needed(items: list, ignorecase: bool) -> _Need:
    best: _Need = None
    for op, av in items:
        got = _needed_op(op, av, ignorecase)
        if got is not None and (best is None or _size(got) <= _size(best)):
            best = got
    return best


def _needed_op(op, av, ignorecase: bool) -> _Need:  # noqa: ANN001  (parser tuples)
    if op is C.LITERAL or op is C.IN:
        got = _first_op(op, av, ignorecase)  # one character, of a literal or a bounded class
        return None if got is _ANY else (got[0], got[1])
    if op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
        return _needed(*_inside(op, av, ignorecase))
    if op is C.BRANCH:
        exact: _Ranges = set()
        folded: _Ranges = set()
        for alternative in av[1]:
            got = _needed(list(alternative), ignorecase)
            if got is None:
                return None  # a branch that needs nothing bounded: neither does the alternation
            exact |= got[0]
            folded |= got[1]
        return exact, folded
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _needed(list(sub), ignorecase) if low >= 1 else None
    return None  # zero-width (looked-around characters may lie outside), ANY, NOT_LITERAL, CATEGORY, GROUPREF, …
