"""The first-character gate: a gated pattern finds exactly what the pattern finds, with the same groups."""

from __future__ import annotations

import re

import pytest

from archiver.regex_gate import CASED_BELOW, anchored, gated, needed, union

LINES = [
    "",
    "来源：某某日报",
    "本文转载自公众号「河边」",
    "  END  ",
    "-- end --",
    "By Ray Chen, first posted on a blog",
    "by ray chen",
    "他说来源不明，原载于《某刊》2019年第3期",
    "（原载于某网）",
    "\u212aelvin sign, and a plain kelvin",
    "ſtreet (a long s) and STREET",
    "价格是 42 元",
    "no match here at all",
    "扫描二维码关注我们",
    "点赞",
]

# Patterns the engine cannot skip ahead for by itself: an optional bracket, a case-insensitive part, a
# look-behind, an alternation of a word and a class, a category that may open it.
GATED = [
    re.compile(r"[（(]?(?:来源|原载于)[:：]?(?P<name>[^，。]{1,10})"),
    re.compile(r"(?i:by)\s+(?P<who>\w+)"),
    re.compile(r"(?<=，)原载于"),
    re.compile(r"(?i:kelvin|street)"),
    re.compile(r"(?:扫码|点赞)$|关注我们|[吧哦]"),
    re.compile(r"\s*(?:来源|来自)[:：]"),
    re.compile(r"\d+\s*元"),
]
# Patterns the engine already skips ahead for (a literal prefix, a class, literal words) or anchored ones.
KEPT = [
    re.compile(r"来源|转载自|原载于"),
    re.compile(r"《[^》]{1,10}》\d{4}"),
    re.compile(r"^[-—\s]*END[-—\s]*$", re.IGNORECASE),
]


@pytest.mark.parametrize("pattern", GATED, ids=[p.pattern for p in GATED])
def test_a_pattern_the_engine_cannot_skip_ahead_for_is_gated(pattern: re.Pattern[str]) -> None:
    gate = gated(pattern)
    assert gate is not pattern and gate.pattern.startswith("(?=")
    assert gated(gate) is gate  # gating twice adds nothing


@pytest.mark.parametrize("pattern", KEPT, ids=[p.pattern for p in KEPT])
def test_a_pattern_the_engine_skips_ahead_for_is_kept(pattern: re.Pattern[str]) -> None:
    assert gated(pattern) is pattern


@pytest.mark.parametrize("pattern", GATED + KEPT, ids=[p.pattern for p in GATED + KEPT])
def test_a_gated_pattern_finds_what_the_pattern_finds(pattern: re.Pattern[str]) -> None:
    gate = gated(pattern)
    for line in LINES:
        for start in range(len(line) + 1):
            want, got = pattern.search(line, start), gate.search(line, start)
            assert (got and (got.span(), got.groups(), got.groupdict())) == (
                want and (want.span(), want.groups(), want.groupdict())
            ), (pattern.pattern, line, start)
            want, got = pattern.match(line, start), gate.match(line, start)
            assert (got and got.span()) == (want and want.span())
        assert [m.span() for m in gate.finditer(line)] == [m.span() for m in pattern.finditer(line)]
        assert gate.sub("#", line) == pattern.sub("#", line)


UNBOUNDED = [
    re.compile(r".来源"),  # any first character
    re.compile(r"\w+日报"),  # a wide category
    re.compile(r"[^，。]来源"),  # a negated class
    re.compile(r"来?源?"),  # may match the empty string: it starts anywhere
]


@pytest.mark.parametrize("pattern", UNBOUNDED, ids=[p.pattern for p in UNBOUNDED])
def test_a_pattern_whose_first_character_is_unbounded_is_left_as_it_is(pattern: re.Pattern[str]) -> None:
    assert gated(pattern) is pattern


def test_global_inline_flags_which_must_open_a_pattern_leave_it_as_it_is() -> None:
    pattern = re.compile(r"(?i)source")
    gate = gated(pattern)
    assert gate is pattern
    assert gate.search("SOURCE: x")


def test_the_provenance_reader_gates_its_credit_marker_search() -> None:
    from archiver.provenance import extract

    # The search that ran over every header and footer line: gated, as its comment says.
    assert extract._SOURCE_MARKER.pattern.startswith("(?=")


def test_union_keeps_each_patterns_flags_and_groups_apart() -> None:
    patterns = [
        re.compile(r"(?P<name>作者)[:：]"),
        re.compile(r"by\s+(?P<name>\w+)", re.IGNORECASE),
        re.compile("(?P<a>x)(?(a)y)"),
    ]
    joined = union(patterns)
    for text in ("作者：甲", "BY Anna", "by anna", "xy", "作者甲", "bi anna", "x", ""):
        assert (joined.match(text) is not None) == any(p.match(text) for p in patterns), text
    assert union([]).match("") is None


def test_anchored_means_every_match_starts_at_the_text_start() -> None:
    assert anchored(re.compile(r"^(?:扫码|长按关注)"))
    assert anchored(re.compile(r"^[-—\s]*END[-—\s]*$", re.IGNORECASE))
    assert not anchored(re.compile(r"^a|b"))  # the second branch is searched anywhere
    assert not anchored(re.compile(r"(?:^|(?<=，))a")) and not anchored(re.compile(r"a^"))
    assert not anchored(re.compile(r"^a", re.MULTILINE))  # `^` after every newline too
    for text in ("a", "ba", "b\na", ""):
        for p in (re.compile(r"^a"), re.compile(r"^(?:a|ba)$")):
            assert anchored(p) and bool(p.match(text)) == bool(p.search(text))


def test_needed_characters_are_in_every_text_a_pattern_finds() -> None:
    import random

    from archiver.text import BOILERPLATE

    patterns = [*GATED, *KEPT, *BOILERPLATE, union(list(BOILERPLATE)), re.compile(r"(?i:end)|K|[a-c]{2}\d")]
    rng = random.Random(4)
    words = ["扫描", "二维码", "关注我们", "点赞", "转载请注明", "往期推荐", "在看", "来源", "by", "原载于", "元"]
    pool = [*"ENDendK\u212akſ ，：:-—_aAbc9", *words]
    texts = LINES + ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 8))) for _ in range(20000)]
    for pattern in patterns:
        need = needed(pattern)
        assert need is not None, pattern.pattern
        assert "(?i" not in need.pattern  # one plain class, case variants spelled out
        for text in texts:
            if pattern.search(text):
                assert need.search(text), (pattern.pattern, text)
    assert needed(re.compile(r"来?源?")) is None and needed(re.compile(r".\w+")) is None
    assert needed(re.compile(r"(?i:k)")).search("\u212a")  # the Kelvin sign: a case variant of k to the engine


def test_no_character_from_plane_two_up_has_a_case() -> None:
    # needed() spells out a case-insensitive class's variants by asking the engine below CASED_BELOW only.
    import _sre

    assert not any(_sre.unicode_iscased(code) for code in range(CASED_BELOW, 0x110000))
