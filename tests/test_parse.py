"""Tests for archiver.parse.

Golden fixtures: tests/fixtures/parse/NAME.json sits beside NAME.<ext> (the post). The JSON holds
  "path"      the post's path relative to the site root (default "_posts/<file name>"),
  "timezone"  the site timezone (default Asia/Shanghai),
and either "expect" (ParsedPost fields to compare, `date` as ISO text) or "reject" (reason, line).
Byte-level cases (BOMs, CRLF, legacy encodings, NUL, invalid UTF-8) and size/time cases are
built inline below, with bytes literals.
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from archiver.parse import REASONS, ParsedPost, PostRejected, SiteConfigError, parse_post, read_site_timezone, safe_yaml
from archiver.parse.dates import parse_date_text
from archiver.parse.decode import decode
from archiver.parse.safe_yaml import MAX_EXPANDED_NODES
from archiver.reasons import PARSE_REASONS

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
FIELDS = {f.name for f in dataclasses.fields(ParsedPost)}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _fixture_cases() -> list[tuple[Path, Path]]:
    cases = []
    for spec in sorted(FIXTURES.glob("*.json")):
        posts = [p for p in FIXTURES.glob(spec.stem + ".*") if p.suffix != ".json"]
        assert len(posts) == 1, f"{spec.name}: expected exactly one post file beside it, found {posts}"
        cases.append((spec, posts[0]))
    return cases


def _as_json(post: ParsedPost) -> dict:
    row = dataclasses.asdict(post)
    row["date"] = post.date.isoformat() if post.date else None
    return row


def _parse(data: bytes, path: str = "_posts/2021-09-07-inline.md", timezone: str = "Asia/Shanghai") -> ParsedPost:
    return parse_post(data, path, timezone)


def _reject(data: bytes, path: str = "_posts/inline.md") -> PostRejected:
    with pytest.raises(PostRejected) as caught:
        parse_post(data, path)
    return caught.value


@pytest.mark.parametrize(("spec", "post"), _fixture_cases(), ids=lambda p: p.name)
def test_fixture(spec: Path, post: Path) -> None:
    case = json.loads(spec.read_text(encoding="utf-8"))
    path = case.get("path", f"_posts/{post.name}")
    data = post.read_bytes()
    if "reject" in case:
        with pytest.raises(PostRejected) as caught:
            parse_post(data, path, case.get("timezone", "Asia/Shanghai"))
        rejected = caught.value
        assert rejected.reason in REASONS
        assert rejected.message
        assert {"reason": rejected.reason, "line": rejected.line} == case["reject"], rejected.message
        return
    expect = case["expect"]
    assert set(expect) <= FIELDS, f"unknown fields in {spec.name}: {set(expect) - FIELDS}"
    parsed = _as_json(parse_post(data, path, case.get("timezone", "Asia/Shanghai")))
    assert {key: parsed[key] for key in expect} == expect
    # front_matter must survive a strict JSON round trip (no NaN, no bytes, str keys)
    assert json.loads(json.dumps(parsed["front_matter"], allow_nan=False)) == parsed["front_matter"]


def test_fixture_folder_covers_every_reason() -> None:
    reasons = set()
    for spec, _post in _fixture_cases():
        case = json.loads(spec.read_text(encoding="utf-8"))
        if "reject" in case:
            reasons.add(case["reject"]["reason"])
    assert reasons == PARSE_REASONS


# --- encodings and bytes ---------------------------------------------------------------------

POST = "---\ntitle: 标题\ntags: 测试\n---\n正文。\n"


def test_utf8_bom_is_dropped_and_recorded() -> None:
    post = _parse(b"\xef\xbb\xbf" + POST.encode())
    assert post.encoding == "utf-8-sig"
    assert post.front_matter_format == "yaml"
    assert post.title == "标题"
    assert post.body == "正文。\n"


def test_crlf_is_normalised_and_lines_still_count() -> None:
    post = _parse(POST.replace("\n", "\r\n").encode())
    assert post.title == "标题"
    assert post.body == "正文。\n"
    assert post.body_start_line == 5
    assert "\r" not in post.front_matter["title"]


def test_lone_cr_counts_as_a_line_ending() -> None:
    post = _parse(POST.replace("\n", "\r").encode())
    assert post.title == "标题"
    assert post.body == "正文。\n"
    assert post.body_start_line == 5


def test_gbk_is_detected_as_gb18030() -> None:
    post = _parse(POST.encode("gbk"))
    assert post.encoding == "gb18030"
    assert post.title == "标题"
    assert post.tags == ["测试"]
    assert post.body == "正文。\n"


def test_gb18030_four_byte_characters() -> None:
    text = "---\ntitle: 中文标题\n---\n一段中文正文，含一个罕见字：\U00020000。\n"
    post = _parse(text.encode("gb18030"))
    assert post.encoding == "gb18030"
    assert "\U00020000" in post.body


def test_gb18030_with_a_damaged_byte_is_gb18030_replace() -> None:
    body = "这是一段用国标编码写成的中文正文，用来测试解码。" * 20
    data = ("---\ntitle: 标题\n---\n" + body + "\n").encode("gbk") + b"\x80"
    post = _parse(data)
    assert post.encoding == "gb18030+replace"
    assert post.title == "标题"
    assert post.body.startswith("这是一段")
    assert post.body.endswith("\ufffd")


def test_damaged_utf8_stays_utf8_with_replacement() -> None:
    # a UTF-8 Chinese post with one character cut short: still UTF-8, not a GB18030 guess
    data = POST.encode() + "更多正文".encode()[:-1] + "。\n".encode()
    post = _parse(data)
    assert post.encoding == "utf-8+replace"
    assert post.title == "标题"
    assert post.body == "正文。\n更多正\ufffd。\n"


def test_latin1_bytes_are_utf8_replace_not_a_legacy_guess() -> None:
    post = _parse("---\ntitle: Café au lait\n---\nDéjà vu, naïve crème brûlée.\n".encode("latin-1"))
    assert post.encoding == "utf-8+replace"
    assert post.title == "Caf\ufffd au lait"


def test_random_high_bytes_are_utf8_replace() -> None:
    post = _parse(b"---\ntitle: x\n---\n" + bytes(range(0x80, 0x100)) * 4)
    assert post.encoding == "utf-8+replace"
    assert post.title == "x"


def test_bom_then_invalid_utf8() -> None:
    assert decode(b"\xef\xbb\xbfok \xff").encoding == "utf-8-sig+replace"


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_with_bom(codec: str, name: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    post = _parse(bom + POST.encode(codec))
    assert post.encoding == name
    assert post.title == "标题"


def test_nul_bytes_are_removed_from_text() -> None:
    post = _parse(b"---\ntitle: ti\x00tle\n---\nbo\x00dy\n\x00")
    assert post.encoding == "utf-8"
    assert post.title == "title"
    assert post.body == "body\n"
    assert post.front_matter == {"title": "title"}


def test_control_character_in_yaml_is_malformed_with_its_line() -> None:
    rejected = _reject(b"---\ntitle: ok\nauthor: bad\x01char\n---\n")
    assert (rejected.reason, rejected.line) == ("malformed_front_matter", 3)


def test_an_unclosed_quote_is_named_by_the_line_that_opens_it() -> None:
    # YAML finds the missing quote only at the end of the block; the line to fix is the one with the quote.
    rejected = _reject(b'---\ntitle: "half a title\ndate: 2020-01-01\ntags: [a]\n---\nbody\n')
    assert (rejected.reason, rejected.line) == ("malformed_front_matter", 2)
    # A later quote that closes it makes YAML stumble lines below: the opening line is still the one named.
    later = _reject(b'---\ntitle: "half a title\nauthor: x\ntags: "y"\n---\nbody\n')
    assert later.line == 2 and "the quote opened on line 2 is not closed on its line" in later.message
    # Other errors keep the line YAML found them on.
    assert _reject(b"---\ntitle: a\n  b: c\n---\n").line == 3


def test_empty_file() -> None:
    post = _parse(b"", path="_posts/empty.md")
    assert (post.front_matter_format, post.body, post.date_source) == ("none", "", "none")


def test_lone_opening_delimiter_is_unclosed() -> None:
    assert _reject(b"---").reason == "unclosed_front_matter"


# --- hostile YAML -----------------------------------------------------------------------------


def test_python_tag_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    data = f'---\ntitle: x\nrun: !!python/object/apply:os.system ["touch {marker}"]\n---\n'.encode()
    rejected = _reject(data)
    assert (rejected.reason, rejected.line) == ("unsafe_yaml_tag", 3)
    assert "python/object/apply:os.system" in rejected.message
    assert not marker.exists()


def test_billion_laughs_is_refused() -> None:
    # the message names the expansion cap: the loader stopped counting there instead of expanding 10**12 nodes
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):  # 10**12 nodes if expanded
        levels.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    data = ("---\n" + "\n".join(levels) + "\n---\n").encode()
    rejected = _reject(data)
    assert rejected.reason == "yaml_alias_bomb"
    assert str(MAX_EXPANDED_NODES) in rejected.message


def test_wide_alias_bomb_in_one_flow_sequence_is_refused() -> None:
    # one big node aliased many times, on a single line
    data = ("---\nbig: &b [" + ",".join(["x"] * 5000) + "]\nall: [" + ",".join(["*b"] * 5000) + "]\n---\n").encode()
    rejected = _reject(data)
    assert rejected.reason == "yaml_alias_bomb" and str(MAX_EXPANDED_NODES) in rejected.message


def test_modest_aliases_are_fine() -> None:
    post = _parse(b"---\nt: &t [a, b]\ntags: *t\n---\n")
    assert post.tags == ["a", "b"]
    assert post.front_matter == {"t": ["a", "b"], "tags": ["a", "b"]}


def test_huge_front_matter_is_refused() -> None:
    data = b"---\ntitle: x\nblob: " + b"y" * 1_100_000 + b"\n---\n"
    rejected = _reject(data)
    assert (rejected.reason, rejected.line) == ("front_matter_too_large", 2)


# --- size and time ----------------------------------------------------------------------------


def _growth(make: Callable[[int], bytes], run: Callable[[bytes], object]) -> float:
    """How much longer `run` takes on 8x the input: about 8 when linear, about 64 when quadratic.

    A growth check, not a timing: it compares two runs on one machine, so a slow machine cannot fail it.
    The best of three runs each, so one pause of the machine does not count.
    """
    small, large = make(1), make(8)
    times = []
    for data in (small, large):
        best = math.inf
        for _ in range(3):
            started = time.perf_counter()
            run(data)
            best = min(best, time.perf_counter() - started)
        times.append(best)
    return times[1] / max(times[0], 1e-6)


def test_post_over_10_mb_parses_in_linear_time() -> None:
    line = "这是很长的一篇文章中的一行，用来测试十兆字节以上的文件。\n".encode()
    head = b"---\ntitle: big\ndate: 2021-09-07\n---\n"
    data = head + line * (11_000_000 // len(line))
    assert len(data) > 10_000_000
    post = _parse(data)
    assert post.title == "big"
    assert len(post.body.encode()) == len(data) - len(head)
    assert _growth(lambda k: head + line * (k * 150_000 // len(line)), _parse) < 24


def test_large_unclosed_front_matter_is_refused_in_linear_time() -> None:
    assert _reject(b"---\n" + b"-\n" * 5_000_000).reason == "unclosed_front_matter"
    assert _growth(lambda k: b"---\n" + b"-\n" * (k * 300_000), _reject) < 24


def test_large_gbk_post() -> None:
    data = ("---\ntitle: 大文件\n---\n" + "国标编码的长正文。\n" * 600_000).encode("gbk")
    assert len(data) > 10_000_000
    assert _parse(data).encoding == "gb18030"
    assert (
        _growth(lambda k: ("---\ntitle: 大文件\n---\n" + "国标编码的长正文。\n" * (k * 50_000)).encode("gbk"), _parse)
        < 24
    )


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2021-09-07", "2021-09-06T16:00:00"),
        ("2021-9-7", "2021-09-06T16:00:00"),
        ("2021/09/07", "2021-09-06T16:00:00"),
        ("2021.09.07", "2021-09-06T16:00:00"),
        ("2018-03-01 +0800", "2018-02-28T16:00:00"),
        ("2018-03-01 10:20:00 +0800", "2018-03-01T02:20:00"),
        ("2018-03-01 10:20:00 +08:00", "2018-03-01T02:20:00"),
        ("2018-03-01T10:20:00+08", "2018-03-01T02:20:00"),
        ("2021-09-07T10:20:00Z", "2021-09-07T10:20:00"),
        ("2021-09-07 10:20:00 UTC", "2021-09-07T10:20:00"),
        ("2021-09-07t10:20:00z", "2021-09-07T10:20:00"),
        ("2021-09-07 10:20:00.123456789", "2021-09-07T02:20:00.123456"),
        ("September 7, 2021", "2021-09-06T16:00:00"),
        ("Sep. 7 2021", "2021-09-06T16:00:00"),
        ("7 September 2021", "2021-09-06T16:00:00"),
        ("Tuesday, September 7, 2021 10:20", "2021-09-07T02:20:00"),
        ("sept 7th, 2021", "2021-09-06T16:00:00"),
        ("2021年9月7日", "2021-09-06T16:00:00"),
        ("2021年09月07日 10:20:30", "2021-09-07T02:20:30"),
        ("  2021-09-07  ", "2021-09-06T16:00:00"),
    ],
)
def test_dates_we_read(text: str, utc: str) -> None:
    assert parse_date_text(text, SHANGHAI) == datetime.fromisoformat(utc)


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "today",
        "2021-13-45",
        "2021-02-29",
        "2021-09-07 25:00",
        "2021-09-07 10:20 +2500",
        "2021-09/07",
        "Smarch 7, 2021",
        "0001-01-01",  # midnight in Shanghai is before year 1 in UTC
        "",
        "2021-09-07" + " 1" * 40,
        "1" * 10_000,
    ],
)
def test_dates_we_do_not_read(text: str) -> None:
    assert parse_date_text(text, SHANGHAI) is None


def test_naive_time_uses_site_timezone_with_dst() -> None:
    assert parse_date_text("2021-01-15 12:00", ZoneInfo("Europe/Paris")) == datetime(2021, 1, 15, 11, 0)
    assert parse_date_text("2021-07-15 12:00", ZoneInfo("Europe/Paris")) == datetime(2021, 7, 15, 10, 0)


def test_date_fields_are_naive_utc() -> None:
    post = _parse(b"---\ndate: 2021-09-07 10:20:00 +0800\n---\n")
    assert post.date == datetime(2021, 9, 7, 2, 20)
    assert post.date.tzinfo is None


# --- site config ------------------------------------------------------------------------------


def test_site_timezone_default_and_found() -> None:
    assert read_site_timezone(None) == "Asia/Shanghai"
    assert read_site_timezone(b"title: site\n") == "Asia/Shanghai"
    assert read_site_timezone(b"timezone:\n") == "Asia/Shanghai"
    assert read_site_timezone(b"") == "Asia/Shanghai"
    assert read_site_timezone(b"\xef\xbb\xbftitle: x\r\ntimezone: Europe/Paris\r\n") == "Europe/Paris"
    assert read_site_timezone(b"timezone: 'UTC'\n") == "UTC"


@pytest.mark.parametrize(
    "config",
    [
        b"timezone: Mars/Olympus_Mons\n",
        b"timezone: ../../etc/passwd\n",
        b"timezone: Factory\n",
        b"timezone: posixrules\n",
        b"timezone: posix/Asia/Shanghai\n",
        b"timezone: 8\n",
        b"timezone: [Asia/Shanghai]\n",
        b"timezone: Asia/Shanghai\n  bad: indent\n",
        b"- a list\n",
        b"x: !!python/object/apply:os.system [echo]\n",
    ],
)
def test_site_timezone_errors_are_clear(config: bytes) -> None:
    with pytest.raises(SiteConfigError, match="_config.yml"):
        read_site_timezone(config)


@pytest.mark.parametrize(
    ("config", "words"),
    [
        (b"timezone: Asia/Shanghai\n  bad: indent\n", "_config.yml: invalid YAML site configuration: "),
        (b"- a list\n", "_config.yml: the site configuration is a list, not key: value pairs"),
    ],
)
def test_a_malformed_site_configuration_is_not_called_front_matter(config: bytes, words: str) -> None:
    with pytest.raises(SiteConfigError) as error:
        read_site_timezone(config)
    assert str(error.value).startswith(words) and "front matter" not in str(error.value)


def test_deeply_nested_toml_is_refused() -> None:
    for depth in (100, 5000):  # tomllib itself recurses past Python's limit on the second
        data = b"+++\na = " + b"[" * depth + b"]" * depth + b"\n+++\n"
        rejected = _reject(data)
        assert (rejected.reason, rejected.line) == ("front_matter_too_large", 2)


def _yaml_outcome(load, text: str):
    try:
        return load(text)
    except PostRejected as rejected:
        return (rejected.reason, rejected.message, rejected.line)


HOSTILE_YAML = [
    "a: " + "[" * 200_000 + "]" * 200_000,  # libyaml's own composer would overflow the C stack here
    "a: &x [1, 2]\nb: [*x, *x, *x]\n",
    "a: &x [*x]\n",
    "a: !!python/object:os.system x\n",
    "a: b\n\tc: d\n",
    "title: 1.10\ndate: 2021-13-45\nkey: [unclosed\n",
    "- a\n- b\n",
]


@pytest.mark.parametrize(
    "text",
    HOSTILE_YAML
    + [
        p.read_text(encoding="utf-8", errors="replace").split("\n---", 1)[0][4:]
        for p in sorted(FIXTURES.glob("*.md"))
        if p.read_bytes().startswith(b"---\n")
    ],
)
def test_libyaml_events_give_exactly_what_the_python_parser_gives(text: str) -> None:
    """The fast path (libyaml's parser under the bounded composer) may never change a row or a reject."""
    if safe_yaml.CParser is None:
        pytest.skip("PyYAML without libyaml")
    fast = _yaml_outcome(lambda t: safe_yaml.load_yaml_mapping(t, 2), text)
    python = _yaml_outcome(lambda t: safe_yaml._load(None, t, 2), text)
    assert fast == python


# Flat front matter (`key: value` lines) is read line by line; these are the shapes at its edge, each
# either read there with exactly the full path's values and key lines, or handed to the full path.
FLAT_EDGES = [
    'title: 1.10\ndate: 2016-12-01\nlayout: post\nimage: "https://x.test/a.png"\n',
    "a: yes\nb: ~\nc:\nd: 0x1F\ne: 1:20\nf: .inf\ng: 012\nh: 1_000\ni: 2021-13-45\nj: 2001-12-14t21:59:43.10-05:00\n",
    "title: 'it''s'\nb: 'a' b\nc: \"a\\\" x\"\nd: \"q: #x\"\ne: a #c\nf: a#c\ng: a:\nh: a: b\n",
    "a: =\n",
    "<<: x\n",
    "a: 1\n\nb: 2   \n\na: 3\n",
    "title : x\n",
    "a: x\n  continued\n",
    "tags:\n- a\n- b\n",
    "a: [x, y]\nb: {c: 1}\n",
    "a: x [y] {z}, w\n",
    "a: &x v\nb: *x\n",
    "a: !!str 1\n",
    "a: \tb\n",
    "a: b\u2028c\n",
    "# note\na: 1\n",
    "a: x\n" * (MAX_EXPANDED_NODES // 2 + 1),
]


@pytest.mark.parametrize("text", FLAT_EDGES)
def test_the_flat_reader_gives_what_the_full_path_gives(text: str) -> None:
    from archiver.parse.frontmatter import _YAML_KEY, key_lines

    full = _yaml_outcome(lambda t: safe_yaml._load_full(t, 2), text)
    flat = _yaml_outcome(lambda t: safe_yaml.load_yaml_front(t, 2), text)
    if isinstance(full, tuple) and isinstance(full[0], str):  # a reject
        assert flat == full
        return
    data, texts, lines = flat
    assert repr((data, texts)) == repr(full)  # repr: 1 and True, 1 and 1.0 differ
    if lines is not None:
        assert lines == key_lines(text, _YAML_KEY, data, 2)


def test_plain_front_matter_takes_the_flat_reader() -> None:
    _data, _texts, lines = safe_yaml.load_yaml_front(FLAT_EDGES[0], 2)
    assert lines == {"title": 2, "date": 3, "layout": 4, "image": 5}
