"""Read the provenance of a post (fields defined in LABELING.md), with the file line each value came from.

Provenance sits in a few places: front matter keys, a block of lines at the top of the body (often closed
by a `---` rule), a WeChat account header (name, 微信号, 功能介绍), bylines near the top, and credits in the
last lines. Only those windows are read line by line, so a very long post costs one pass for the
platform words and the title-credit count.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from archiver.markup import TABLE_ROW, Markup, clean_line, is_rule, is_url
from archiver.markup import link_url as _markup_link_url
from archiver.provenance import patterns as P
from archiver.provenance import rules as R
from archiver.provenance import vocab
from archiver.provenance.platform import (
    BODY_WECHAT_WORDS,
    DOUBAN,
    SCHEMELESS,
    SELF_WECHAT_WORDS,
    SOCIAL,
    WEB,
    WECHAT,
    ZHIHU,
    hosts_users,
    is_archive,
    platform_from_url,
    platform_from_words,
    url_host,
)
from archiver.regex_gate import gated, lookahead, needed, union

HEAD_RAW_LINES = 60  # raw body lines searched for the provenance block and the account header
HEAD_TEXT_LINES = 15  # non-empty lines at the top read for bylines and secondary credits
FOOT_TEXT_LINES = 10  # non-empty lines at the end read for closing credits and signatures
BLOCK_FALLBACK_LINES = 3  # without a closing rule, the provenance block is this many lines
MAX_BLOCK_LINES = 14  # a block longer than this is article text, not provenance
MAX_CREDIT_CHARS = 300  # visible characters; longer lines are paragraphs, not credits
EPIGRAPH_CHARS = 80  # a quotation opening the article this short, signed `——NAME`, is an epigraph
MAX_TITLE_CREDIT_MENTIONS = 3  # an author is rarely named in the text; a subject is named often
# WeChat and Weibo let a name hold 15 Han characters; an official body's full name runs to about 20
# (`某省某某疫情防控指挥部`): a longer run is a sentence.
MAX_NAME_HAN = 20
MIN_SPEAKER_TURNS = 2  # lines opening `NAME：` that make the title's NAME the speaker of the text (an interview)

FIELDS = (
    "is_repost",
    "source_platform",
    "original_account",
    "original_account_id",
    "source_outlet",
    "original_url",
    "original_author",
    "original_deleted",
    "account_description",
)


@dataclass
class Evidence:
    field: str
    value: str
    line: int  # 1-based line of the file (for front matter, the key's line); 0 = the title or unknown
    text: str  # that line, as written (front matter: `key: value`)
    rule: str = ""  # id of the rule that read it (rules.py), or of the convention that derived it


@dataclass
class Provenance:
    is_repost: bool = False
    source_platform: str | None = None
    original_account: str | None = None
    original_account_id: str | None = None
    source_outlet: str | None = None
    original_url: str | None = None
    original_author: str | None = None
    original_deleted: bool = False
    account_description: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # 1-based file lines that are provenance or account-header lines, not article text
    consumed_lines: set[int] = field(default_factory=set)


@dataclass
class _Line:
    no: int  # file line
    raw: str
    text: str  # without HTML tags, entities, escapes, blockquote/list/heading markers
    zone: str  # block | head | head_end (a head line among the last ones) | foot
    span: int = 1  # file lines it covers (a link broken across two lines)


@dataclass
class _Name:
    name: str
    words: list[str]  # platform words written with it
    url: str | None  # the link it names or that follows it
    writer: str | None = None  # `「ACCOUNT WRITER」`: a writer named inside the same quote marks


@dataclass
class _Source:
    names: list[_Name]
    url: str | None
    words: list[str]
    deleted: bool
    rule: str = "credit.name_colon_link"
    first: bool = False  # the lead-in states the first publication (首发于, 最初发布于)
    stated: bool = False  # a passive credit of the original's publisher (`原文为X发布`, `本文由X首发`)
    chain_at: int = 0  # where a first publisher's credit replacing the reposter's starts (`X（原载于Y）`)


class _Reader:
    """Collects candidate values with one Evidence each; a stronger candidate replaces a weaker one."""

    def __init__(self, title: str | None, key_lines: Mapping[str, int]) -> None:
        self.title = title or ""
        self.title_key = _key(self.title)
        self.values: dict[str, Any] = {}
        self.evidence: dict[str, Evidence] = {}
        self.consumed: set[int] = set()
        self.org_candidates: list[tuple[str, _Line]] = []
        self.split_names: list[tuple[str, str, _Line, str]] = []  # (`ACCOUNT WRITER` as credited, WRITER, …)
        self.first_line: Evidence | None = None
        self.strength: dict[str, int] = {}
        self.key_lines = key_lines  # front matter key -> its file line
        self.dated_names: set[int] = set()  # foot lines followed by a date line
        self.prev_line: _Line | None = None  # the line read before the current one
        self.follow_line = 0  # the footer line asking to follow the credited account
        self.reposters: set[str] = set()  # names a line says reposted the text (`某网获授权转载`)
        self.epigraphs: set[int] = set()  # head lines giving the source of an epigraph (`> ——NAME`)
        self.fm_deleted: tuple[str, int] | None = None  # a front matter value with deletion words, its line
        self.suffix_outlet = False  # the outlet was told only by its name's ending (`X电台`)
        self.first_pub_line = 0  # a line at the top stating the first publication, with a name (`原载于公众号「Y」`)
        self.id_owner = ""  # the name (or the words before an id card) the account id was given with, when known
        self.doc: Markup | None = None

    def distance(self, a: int, b: int) -> int:
        """How far file line b stands below a, a run of blank lines counted as one (Markup.distance)."""
        return b - a if self.doc is None else self.doc.distance(a, b)

    def put(
        self,
        name: str,
        value: Any,
        line: _Line | None,
        rule: str,
        *,
        strength: int = 0,
        replace: bool = False,
        fm: str = "",
        fm_line: int = 0,
    ) -> bool:
        """Keep `value` unless the field holds one from a rule at least as strong (or `replace`)."""
        if value in (None, "", []):
            return False
        if name in self.values and not replace and strength <= self.strength.get(name, 0):
            return False
        self.values[name] = value
        self.strength[name] = strength
        no, text = (line.no, line.raw) if line else (fm_line, fm)
        self.evidence[name] = Evidence(name, _ev_value(value), no, text, rule)
        if line is not None and line.no > 0:
            self.consumed.update(range(line.no, line.no + line.span))
        return True

    def mark_repost(self, line: _Line | None, rule: str, fm: str = "", fm_line: int = 0) -> None:
        if self.first_line is None:
            no, text = (line.no, line.raw) if line else (fm_line, fm)
            self.first_line = Evidence("is_repost", "true", no, text, rule)
        if line is not None and line.no > 0:
            self.consumed.update(range(line.no, line.no + line.span))

    def get(self, name: str) -> Any:
        return self.values.get(name)


def read_provenance(
    front_matter: Mapping[str, Any],
    body: str,
    body_start_line: int = 1,
    markup: Markup | None = None,
    key_lines: Mapping[str, int] | None = None,
) -> Provenance:
    """The provenance fields of a post, each with the line it was read from and the rule that read it.
    Pass the post's `Markup` when it has been read already, so each line is cleaned once, and the
    front matter's key lines (ParsedPost.front_matter_lines) so its evidence points at them."""
    title = front_matter.get("title") if isinstance(front_matter.get("title"), str) else None
    reader = _Reader(title, key_lines or {})
    doc = markup if markup is not None else Markup(body, body_start_line)
    reader.doc = doc
    raw_lines = doc.lines
    block, head, foot, rule_no = _windows(doc)

    _read_front_matter(reader, front_matter)
    end = [ln for ln in head if ln.zone == "head_end"] + foot
    reader.dated_names = {a.no for a, b in zip(end, end[1:], strict=False) if P.DATE_LINE.match(b.text)}
    reader.epigraphs = {ln.no for ln in head if ln.zone == "head" and _epigraph(doc, ln)}
    for line in block + head + foot:
        _read_fields(reader, line)
        reader.prev_line = line
    if reader.first_line is None:
        _note_link(reader, (block + head)[:NOTE_LINK_LINES])
    block_has_source = reader.first_line is not None and any(ln.no == reader.first_line.line for ln in block)
    if block_has_source:
        # A takedown note beside the credit ("回答建议修改：违反…法律法规", "原文已被删").
        for line in block:
            if P.DELETED_WORDS.search(_visible(P.MD_LINK.sub("", line.text))):
                reader.put("original_deleted", True, line, "deleted.words")
    if reader.first_line is not None and not reader.get("original_deleted"):
        # `注：此文发出后不久即被删。`: a note on the text itself, at the top or the foot, says its original is gone.
        for line in head + foot:
            if (m := _TEXT_GONE.match(line.text)) and P.DELETED_WORDS.search(P.MD_LINK.sub("", m.group("rest"))):
                reader.put("original_deleted", True, line, "deleted.words")
                break
    if reader.fm_deleted and reader.first_line is not None:
        text, no = reader.fm_deleted
        reader.put("original_deleted", True, None, "front_matter.deleted", fm=text, fm_line=no)
    if reader.first_line is not None and "original_author" not in reader.values:
        _body_byline(reader, doc, {ln.no for ln in block + head + foot}, "自述" in body or "口述" in body)
    _read_account_header(reader, doc)
    _resolve(reader, body, raw_lines, body_start_line)

    if block_has_source and rule_no is not None:
        # The archive's own layout: provenance block, then a rule, then the article.
        reader.consumed.update(ln.no for ln in block)
        reader.consumed.add(rule_no)
    return _provenance(reader)


_NOTE_LINK = R.BY_ID["credit.note_link"]
NOTE_LINK_LINES = 3  # the note stands first: a link further down is one the article cites
NOTE_LINK_CHARS = 60  # visible characters: a note, not a paragraph that mentions a link
_SCHEMELESS_LINK = re.compile(r"(?<![\w./@])(?:[a-z0-9-]+\.)+[a-z]{2,6}/[^\s<>()\[\]~，。、（）「」【】《》；]{1,2000}")
_QUOTED_ACCOUNT = re.compile(
    vocab.alternation([w for w in vocab.words("platform", "lead_words") if w != "作者"])
    + r"\s*[“「『\"]([^”」』\"\n]{1,30})[”」』\"]"
)


def _note_link(r: _Reader, lines: list[_Line]) -> None:
    """No credit anywhere: a short note at the top saying what its platform link is (`此文最早发在公众号“X”，见 URL`,
    `备份自 URL，原文已删`) gives the original's link, its platform by the host, and the account it quotes."""
    for line in lines:
        text = line.text
        if len(_visible(text)) > NOTE_LINK_CHARS or not _NOTE_LINK.find(text):
            continue
        url = _first_url(text)
        if url is None and (bare := _SCHEMELESS_LINK.search(P.MD_LINK.sub("", text))):
            url = "http://" + bare.group()
        if url is None or platform_from_url(url) not in SOCIAL:
            continue  # (a site's own page proves no platform, nor whose text it was)
        r.mark_repost(line, _NOTE_LINK.id)
        r.put("original_url", url, line, _NOTE_LINK.id, strength=_NOTE_LINK.strength)
        if _deleted(text):
            r.put("original_deleted", True, line, _NOTE_LINK.id)
        if (quoted := _QUOTED_ACCOUNT.search(text)) and (name := clean_name(quoted.group(1))[0]):
            r.put("original_account", name, line, _NOTE_LINK.id, strength=_NOTE_LINK.strength)
        return


def _body_byline(r: _Reader, doc: Markup, read: set[int], narrated: bool) -> None:
    """A repost whose top and foot name no writer may carry its byline further down, under an editor's intro: a
    line that is a whole explicit byline (`文｜NAME`, `作者：NAME`) or a first-person piece's credit row (`自述 NAME
    编辑 NAME`), read as a byline's groups (`byline.fields`). Only short lines opening with such a role word are
    looked at."""
    for i, raw in enumerate(doc.lines):
        if len(raw) > 80 or i + doc.start in read:
            continue
        lead = raw.lstrip("> *#")
        opens = lead[:1] in _BODY_BYLINE_FIRST and lead.startswith(_BODY_BYLINE_OPENERS)
        if not (opens or narrated and ("自述" in raw or "口述" in raw)):
            continue
        if not doc.is_prose(i):
            continue
        text = doc.clean(i).replace("**", "").replace("__", "").strip()
        line = _Line(i + doc.start, raw, text, "head")
        if (got := _byline_fields(text)) and _put_authors(r, got[0], line, _FIELDS.id, _FIELDS.strength - got[1]):
            return
        if opens and (m := _ROLE.find(text)) and _put_authors(r, m.group("author"), line, _ROLE.id, _ROLE.strength):
            return


_FIELDS = R.BY_ID["byline.fields"]
_ROLE = R.BY_ID["byline.role"]
# A writer's role and its separator opening a line (`文 | `, `作者：`, `撰文｜`; a bar may be escaped: `文 \|`).
_BODY_BYLINE_OPENERS = tuple(
    role + gap + sep
    for role in ("文", "作者", "撰文", "撰稿")
    for gap in ("", " ", "\u3000")
    for sep in ("|", "｜", "丨", "/", "／", "：", ":", "\\|", "\\丨")
)
_BODY_BYLINE_FIRST = frozenset(opener[0] for opener in _BODY_BYLINE_OPENERS)  # (one test before 108 prefixes)


def _epigraph(doc: Markup, line: _Line) -> bool:
    """`> 一句话。` / `> ——NAME` at the top: a short quotation and its source, the article's epigraph (a note
    the writer signs there, `>【按】……`, is longer or says it is a note)."""
    if not line.raw.lstrip().startswith(">") or not line.text.startswith(("—", "–")):
        return False
    i = line.no - doc.start - 1
    while i >= 0 and doc.lines[i].strip() in ("", ">"):
        i -= 1
    if i < 0 or not doc.lines[i].lstrip().startswith(">"):
        return False
    quote = doc.clean(i)
    return 0 < len(quote) <= EPIGRAPH_CHARS and not _NOTE_LABEL.match(quote)


_NOTE_LABEL = re.compile(r"^[【\[（(]?\s*(?:编者按|编者|按|注|前言|导语)")


# A note about the text itself (`此文…`, `（原文…）`, `注：本文…`), its first clause: deletion words there are the
# original's.
_TEXT_GONE = re.compile(
    r"^(?:[（(【\[]|[^\s，。,:：]{1,4}[:：])?\s*(?:本文|此文|该文|原文|原文章|这篇文章|原微博|原帖|原链接)(?P<rest>[^。！？!?；;]{0,30})"
)


# --- windows ------------------------------------------------------------------------------------


def _windows(doc: Markup) -> tuple[list[_Line], list[_Line], list[_Line], int | None]:
    """(provenance block, rest of the head window, foot window, file line of the rule closing the block)."""
    raw_lines, start = doc.lines, doc.start
    head_idx: list[int] = []
    rule_at: int | None = None
    for i, raw in enumerate(raw_lines[:HEAD_RAW_LINES]):
        if not doc.is_prose(i):
            continue
        if is_rule(raw):
            if head_idx and rule_at is None:
                rule_at = i
            continue
        head_idx.append(i)
        if len(head_idx) >= HEAD_TEXT_LINES:
            break
    if rule_at is not None:
        in_block = [i for i in head_idx if i < rule_at]
        if len(in_block) > MAX_BLOCK_LINES:
            in_block, rule_at = head_idx[:BLOCK_FALLBACK_LINES], None
    else:
        in_block = head_idx[:BLOCK_FALLBACK_LINES]
        # A table at the top holds the credit's fields row by row: all its rows are the block.
        rows = 0
        while rows < min(len(head_idx), MAX_BLOCK_LINES) and TABLE_ROW.match(raw_lines[head_idx[rows]]):
            rows += 1
        if rows > len(in_block):
            in_block = head_idx[:rows]
    block = _continued(doc, [ln for i in in_block for ln in _joined(doc, i, "block")])
    head_at = {i: _joined(doc, i, "head") for i in head_idx if i not in in_block}
    head = _continued(doc, [ln for lines in head_at.values() for ln in lines])

    foot: list[_Line] = []
    counted = 0
    # A footer set off by a thematic break (an outlet's app notice, "more articles") does not use up the
    # window: the article's own closing lines stand above that break.
    after_break, broken = 0, False
    for i in range(len(raw_lines) - 1, max(-1, len(raw_lines) - 200), -1):
        if counted >= FOOT_TEXT_LINES + after_break or i in in_block:
            break
        if i in head_at:
            # A short post: its last lines are head lines too, and foot rules read them as well.
            for ln in head_at[i]:
                ln.zone = "head_end"
            counted += 1
            continue
        if not doc.is_prose(i):
            continue
        raw = raw_lines[i]
        if is_rule(raw):
            if not broken and counted < FOOT_TEXT_LINES:
                after_break, broken = counted, True
            continue
        # Images and QR furniture trail many posts; they do not use up the window.
        text = doc.clean(i)
        if text and (
            "![" not in text and ("<" not in raw or "<img" not in raw.lower()) or clean_line(P.IMAGE.sub("", raw))
        ):
            if "<" in raw or "|" in raw:
                foot.extend(reversed([_Line(i + start, raw, part, "foot") for part in doc.clean_parts(i)]))
            else:
                foot.append(_Line(i + start, raw, text, "foot"))
            counted += 1
    foot.reverse()
    return block, head, _continued(doc, foot), (rule_at + start if rule_at is not None else None)


_QUOTE_LEAD = re.compile(r"^(?:[ \t]*>)+[ \t]?")


def _joined(doc: Markup, i: int, zone: str) -> list[_Line]:
    """Line i as the lines a reader sees in it (a `<br>` or a table row's cells make several), with the
    next line appended when a link is broken across them (`[title\n](url)`)."""
    raw = doc.lines[i]
    if i + 1 < len(doc.lines) and _open_link(raw):
        # (the second half inside the same blockquote carries its `>` marks: the link is the text after them)
        joined = raw + _QUOTE_LEAD.sub("", doc.lines[i + 1])
        return [_Line(i + doc.start, joined, clean_line(joined), zone, span=2)]
    if "<" not in raw and "|" not in raw:  # most lines: one line, cleaned once
        return [_Line(i + doc.start, raw, doc.clean(i), zone)]
    return [_Line(i + doc.start, raw, part, zone) for part in doc.clean_parts(i)]


# A credit's lead-in left alone at the end of its line (`来源：`, `原文来自`, `Source:`, `作者｜`): the name
# is on the next line.
_DANGLING = re.compile(
    r"^[【\[（(]?(?:"
    + vocab.ALTERNATIONS["credit_lead_in_subject"]
    + ")?"
    + vocab.alternation(
        vocab.words("credit", "lead_in")
        + vocab.words("credit", "noun_lead_in")
        + vocab.words("credit", "split_lead_in")
        + vocab.words("roles", "author")
        + vocab.words("roles", "reporter")
        + vocab.words("roles", "bio_headings")
    )
    + r"[】\]）)]?\s*[:：｜丨|/]?\s*$",
    re.IGNORECASE,
)
# A heading over an author bio (`作者简介`, `作者介绍`, set as a heading with its underline): the bio is the next
# line, read as `作者简介：…`.
_BIO_HEADING = re.compile(r"^[【\[]?" + vocab.ALTERNATIONS["roles_bio_headings"] + r"[】\]]?\s*[:：]?\s*$")


_DANGLING_LAST = frozenset(
    ":：｜丨|/】]）)"
    + "".join(
        w[-1]
        for section, name in (
            ("credit", "lead_in"),
            ("credit", "noun_lead_in"),
            ("credit", "split_lead_in"),
            ("roles", "author"),
            ("roles", "reporter"),
            ("roles", "bio_headings"),
        )
        for w in vocab.words(section, name)
    )
)


def _continued(doc: Markup, lines: list[_Line]) -> list[_Line]:
    """A credit split over two lines, its lead-in on one and the name on the next, read as one line."""
    if not any(len(ln.text) <= 40 and ln.text[-1:] in _DANGLING_LAST for ln in lines):
        return lines
    out: list[_Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        bio = prev is not None and len(prev.text) <= 12 and _BIO_HEADING.match(prev.text) is not None
        if (
            prev is not None
            and prev.zone == ln.zone
            # (a bio's heading may have its setext underline and a blank line under it)
            and 0 < doc.distance(prev.no + prev.span - 1, ln.no) <= (3 if bio else 2)
            and len(prev.text) <= 40
            and _DANGLING.match(prev.text)
            and not _DANGLING.match(ln.text)
        ):
            joined = prev.text.rstrip(" :：") + "：" + ln.text if bio else prev.text + ln.text
            out[-1] = _Line(prev.no, prev.raw + "\n" + ln.raw, joined, prev.zone, ln.no + ln.span - prev.no)
            continue
        out.append(ln)
    return out


def _open_link(raw: str) -> bool:
    if "[" not in raw and "]" not in raw:
        return False  # (most lines: both counts below are 0)
    return raw.count("[") > raw.count("]") or raw.count("](") > raw.count(")")


# --- one line -----------------------------------------------------------------------------------


def _visible(s: str) -> str:
    return P.BARE_URL.sub("", P.MD_LINK.sub(r"\1", s))


# Fields of a provenance line set apart by a spaced bar or slash (`公众号：X ／ 作者：Y`, `来源：X | 文：Y`).
_FIELD_BAR = re.compile(r"\s+[｜|/]\s+")


def _read_fields(r: _Reader, line: _Line) -> None:
    """A line; a block line that gave nothing as a whole is read field by field, when it has several."""
    if line.zone != "block":
        _read_line(r, line)
        return
    before = (r.first_line, dict(r.evidence))
    _read_line(r, line)
    if (r.first_line, r.evidence) != before or not _FIELD_BAR.search(line.text):
        return
    for part in _FIELD_BAR.split(line.text):
        _read_line(r, _Line(line.no, line.raw, part, line.zone, line.span))


def _read_line(r: _Reader, line: _Line) -> None:
    text = line.text
    if not text:
        return
    if len(text) > MAX_CREDIT_CHARS and len(_visible(text)) > MAX_CREDIT_CHARS:  # links only shorten a line
        # A paragraph, not a credit; but a note on the text may open it ("本文原题《…》，转载自X；…。正文…"):
        # its first sentence is read as a line of its own, and a clause that opens as a credit is read too.
        end = text.find("。", 0, 2 * MAX_CREDIT_CHARS)
        first = text[: end + 1] if end > 0 and text.startswith(_SUBJECT_WORDS) else ""
        if first and len(_visible(first)) <= MAX_CREDIT_CHARS:
            _read_text(r, first, line)
        if line.zone != "foot":  # a paragraph at the end is the article's; a credit there has its own line
            _read_clauses(r, text, line, paragraph=True, skip_first=bool(first))
        return
    _read_text(r, text, line)
    if line.zone != "foot" and _CLAUSE_AFTER_BREAK.search(text) and not _CAPTION.match(line.raw):
        # (`<figcaption>现场照片。来源：某报</figcaption>`: a caption's credit is its picture's)
        _read_clauses(r, text, line, paragraph=False)


# (also inside a blockquote, emphasis or a paragraph tag: `> <figcaption>`, `**<figcaption>`, `<p><figcaption>`)
_CAPTION = re.compile(r"(?:[\s>*_]|<(?:p|div|span|strong|b|em|i)\b[^<>\n]{0,200}>)*<figcaption\b", re.IGNORECASE)
_DETERMINER = vocab.ALTERNATIONS["credit_subject_determiners"]
_SUBJECT = vocab.ALTERNATIONS["credit_lead_in_subject"]
# What the lead-in is about, written before it (`本文转载自`, `这篇文章原载于`, `原文地址来源`).
_SUBJECT_TAIL = gated(re.compile(f"{_DETERMINER}?{_SUBJECT}(?:地址)?$"))
_SUBJECT_ENDS = tuple({w[-1] for w in vocab.words("credit", "lead_in_subject")} | {"址"})
# Where a clause ends inside a line: a sentence's end, a semicolon, a comma, an English sentence's end.
# (one character class first, so that the search skips ahead to a break in C)
_CLAUSE_BREAK = re.compile(r"[。；！？，;!?,.](?:(?<=[。；！？，])|(?<=[;!?,])(?=\s)|(?<=\.)\s+(?=[A-Z]))")
_ENGLISH_NOUNS = vocab.ALTERNATIONS["credit_english_noun_lead_in"]
_ROLE_OR_HOLDER = f"(?:{vocab.ALTERNATIONS['roles_author']}|{vocab.ALTERNATIONS['platform_holder_labels']})"
# A clause of a paragraph (a line too long to be a credit) credits only speaking of the text (`这篇文章原载于…`)
# or naming its writer (`作者：NAME`, `作者NAME是…`); a short line's clause may open with any lead-in too.
_PARAGRAPH_OPENERS = (
    f"{_DETERMINER}?{_SUBJECT}[^，,。；;]{{0,8}}?(?:{vocab.ALTERNATIONS['credit_lead_in']}"
    + f"|{vocab.ALTERNATIONS['credit_place_lead_in']})"
    + f"|{_ROLE_OR_HOLDER}\\s*[:：｜丨|/]"
    + f"|(?:下文|以下)?作者[{P.HAN}]{{2,4}}(?:是|系|(?=[，,]))"
    # `……，来源微信号X（ID：x）。`: an editor's note naming the source with its platform word
    + f"|来源(?:于|自)?\\s*(?={vocab.ALTERNATIONS['platform_lead_words']})"
)
_LINE_OPENERS = (
    f"[^，,。；;]{{0,4}}?{vocab.ALTERNATIONS['credit_place_lead_in']}"
    + f"|{vocab.ALTERNATIONS['credit_after_subject']}"
    + f"|(?:{vocab.ALTERNATIONS['credit_noun_lead_in']}|(?i:{_ENGLISH_NOUNS}))\\s*[:：｜丨]"
    + f"|{_ROLE_OR_HOLDER}\\s*(?:是|为)"
    + f"|{vocab.ALTERNATIONS['credit_clause_openers']}\\b"
    + r"|(?:The|This|It)\s[\w ]{0,40}?\s(?:was|is|were)\s+(?:first|originally)\s"
)
_CLAUSE_OPEN = re.compile(  # matched at a clause's start (re.match with a position: no `^`)
    r"\s*(?:[（(【\[「]\s*)?(?:" + _PARAGRAPH_OPENERS + "|" + _LINE_OPENERS + ")"
)
_PARAGRAPH_CLAUSE_OPEN = re.compile(r"\s*(?:[（(【\[「]\s*)?(?:" + _PARAGRAPH_OPENERS + ")")


# The first characters a credit's clause may open with: one class test after each break turns most
# clauses away before the alternation is tried.
_CLAUSE_FIRST = "".join(
    sorted(
        {
            w[0]
            for section, name in (
                ("credit", "subject_determiners"),
                ("credit", "lead_in_subject"),
                ("credit", "lead_in"),
                ("credit", "place_lead_in"),
                ("credit", "after_subject"),
                ("credit", "noun_lead_in"),
                ("credit", "english_noun_lead_in"),
                ("credit", "clause_openers"),
                ("roles", "author"),
                ("platform", "holder_labels"),
            )
            for w in vocab.words(section, name)
            for c in {w[0], w[0].upper()}
        }
        | set("作TI")
    )
)
_CLAUSE_GATE = r"(?=\s*(?:[（(【\[「]\s*)?[" + re.escape(_CLAUSE_FIRST) + "])"
# One search a line: a clause break followed by a credit's opening (most lines have none).
_CLAUSE_AFTER_BREAK = re.compile(f"(?:{_CLAUSE_BREAK.pattern}){_CLAUSE_GATE}(?P<clause>{_CLAUSE_OPEN.pattern})")
_PARAGRAPH_CLAUSE = re.compile(
    f"(?:^|{_CLAUSE_BREAK.pattern}){_CLAUSE_GATE}(?P<clause>{_PARAGRAPH_CLAUSE_OPEN.pattern})"
)


def _read_clauses(r: _Reader, text: str, line: _Line, *, paragraph: bool, skip_first: bool = True) -> None:
    """A credit inside a sentence or a long line (`……，原发在公众号「X」，…。原链接已失效：URL`): each clause that
    opens like a credit is read as a line of its own (same file line), after the whole line was read.

    At most MAX_CLAUSES of them, each at most CLAUSE_CHARS long: a line that repeats an opener thousands of
    times without a full stop would otherwise read the rest of the line once per opener (its square)."""
    found = (_PARAGRAPH_CLAUSE if paragraph else _CLAUSE_AFTER_BREAK).finditer(text)
    clauses = (m for m in found if not (paragraph and skip_first and m.start() == 0))
    for m in itertools.islice(clauses, MAX_CLAUSES):
        _read_text(r, _rest_of_sentence(text, m.start("clause")), line)


# A real paragraph holds a few credit-like clauses; each is a credit's length with its links.
MAX_CLAUSES = 12
CLAUSE_CHARS = 4 * MAX_CREDIT_CHARS


def _rest_of_sentence(text: str, at: int) -> str:
    """From a clause to the end of its sentence: a credit's name, link and deletion note go on past commas."""
    end = min(len(text), at + CLAUSE_CHARS)
    m = _SENTENCE_END.search(text, at, end)
    return text[at : m.end() if m else end].strip()


_SENTENCE_END = re.compile(r"[。；！？]|[;!?](?=\s)|\.\s+(?=[A-Z])")
# An English sentence's end (a Chinese one may put a credit's link after it: `来源：X。原文：[…](…)`).
_ENGLISH_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")


def _read_text(r: _Reader, text: str, line: _Line) -> None:
    src = _parse_source(text, r.title_key, line.zone)
    if src is None and line.zone == "block":
        src = _parse_unmarked(text, r.title_key, r.first_line is not None, r.get("original_url") is not None)
    if (
        (src is None or not src.names)
        and text.lstrip("（(【[ ")[:2] in _SELF_OPENERS
        and line.zone in _SELF.zones
        and (m := _SELF.find(text))
    ):
        # `这是@X 的一条长微博`: the text says whose post it is, and the post says the platform.
        group = "name" if m.group("name") else "user"
        link = src.url if src else None  # `…的一条长微博，原地址 URL`: the link read with the statement
        src = _parse_credit(m.group(group), r.title_key, text)
        src.rule = _SELF.id
        src.url = src.url or link or _first_url(text)
        if hit := platform_from_words(text[m.end(group) : m.end()]):
            src.words.append(hit[1])
    if src is None and line.zone != "block" and text.startswith("链接") and _COPY_NOTICE.find(text):
        url = _first_url(text)
        if platform_from_url(url) in SOCIAL:
            src = _Source([], url, [], False, _COPY_NOTICE.id)
    if "授权" in text and (rep := _REPOSTER.find(text)):
        r.reposters.add(_reposter_key(rep.group("name")))  # `某网获授权转载`: that site reposted the text
        r.mark_repost(line, _REPOSTER.id)
    if src is not None:
        _take_source(r, src, line)
    elif "转载" in text and line.zone in _BARE_REPOST.zones and _BARE_REPOST.find(text):
        r.mark_repost(line, _BARE_REPOST.id)
    _take_ids(r, text, line, src)
    if line.zone in ("foot", "head_end") and "长按" in text and _QR_FOLLOW.find(text) and r.first_line is not None:
        r.put("_platform_words", WECHAT, line, _QR_FOLLOW.id)  # `长按关注X`: WeChat's gesture (weakest of the words)
    if line.zone in ("foot", "head_end") and "关注" in text and (m := _FOLLOW.find(text)):
        # A footer asking to follow the account: the account, when no credit named one or an outlet.
        name, _ = clean_name(m.group("account"))
        if name and r.get("original_account") in (None, name) and r.get("source_outlet") is None:
            if r.put("original_account", name, line, _FOLLOW.id) and r.get("original_account_id") is None:
                r.id_owner = name
            r.put("_platform_words", WECHAT, line, _FOLLOW.id)
            r.mark_repost(line, _FOLLOW.id)
            r.follow_line = line.no
    elif (
        text[:1] in "（("
        and r.follow_line
        and 0 < r.distance(r.follow_line, line.no) <= 2
        and (m := _LONE_ID.match(text))
        and not r.get("original_account_id")
    ):
        # `欢迎关注公众号：X` / `（x）`: the account's id in brackets on the line under the follow card
        r.put("original_account_id", m.group("id"), line, _FOLLOW.id)
    _take_authors(r, text, line, src)


_LEAD_IN = R.BY_ID["credit.lead_in"]
_NOUN = R.BY_ID["credit.noun"]
_PASSIVE = R.BY_ID["credit.passive"]
_AUTHORIZED = R.BY_ID["credit.authorized"]
_ORIGINAL_PUBLISHER = re.compile(r"^\s*原文|首发|率先|最早|首先")
# `本文经X授权…`: the subject before an authorization credit still opens its line.
_SUBJECT_PREFIX = re.compile("^" + vocab.ALTERNATIONS["credit_lead_in_subject"] + "$")
_FIRST_PUBLICATION = frozenset(vocab.words("credit", "first_publication"))
_FIRST_PUBLICATION_RE = gated(re.compile(vocab.ALTERNATIONS["credit_first_publication"], re.IGNORECASE))
# (after the break and its spaces, the words' first characters are looked ahead for: breaks are common, and the
# alternation is then tried at few of them)
_AFTER_CLAUSE = re.compile(
    "[，,。；;]\\s*"
    + (lookahead(re.compile(vocab.ALTERNATIONS["credit_first_publication"])) or "")
    + vocab.ALTERNATIONS["credit_first_publication"]
)
# Every match of _AFTER_CLAUSE holds one of those words as written (its search is case-sensitive), so a piece of one:
# a Chinese word's last two characters, an English phrase's longest word. Few lines hold a piece, while every comma
# of a line is a place the clause search stops at: the pieces are looked for first.
_FIRST_PUBLICATION_PIECES = re.compile(
    "|".join(
        sorted(
            {
                re.escape(w[-2:] if not w.isascii() else max(w.split(), key=len))
                for w in vocab.words("credit", "first_publication")
            }
        )
    )
)


def _after_clause(text: str) -> re.Match[str] | None:
    """`_AFTER_CLAUSE.search(text)`, found without the search on a line holding no piece of a first-publication word."""
    return _AFTER_CLAUSE.search(text) if _FIRST_PUBLICATION_PIECES.search(text) else None


_CHAIN = re.compile(
    "[，,。；;]\\s*"
    + vocab.alternation(vocab.words("credit", "first_publication") + vocab.words("credit", "chain_first"))
    # (in brackets after a reposter's credit: `来源：某APP（转载自公众号「Y」）`, `来源：[X](…)（原载于Y）`)
    + "|[（(]\\s*"
    + vocab.alternation(
        vocab.words("credit", "chain_repost")
        + vocab.words("credit", "first_publication")
        + vocab.words("credit", "chain_first")
    )
)
_CHAIN_REPOST = re.compile(vocab.ALTERNATIONS["credit_chain_repost"])
# A name that is no publisher: the text itself or its account (本号, 该号, 本站), or a time (`2019年`, `昨晚十点`).
_NOT_PUBLISHER = re.compile(
    vocab.alternation(vocab.words("platform", "self_words"))
    + r"|^[本该此同](?:号|站|刊|报|网|台|平台|公号|公众号|账号)|^\d|^[昨今前明当]"
)
_MARKED_NAME = re.compile(r"\s*(?:\[|[「“\"『《])")


def _after_first_word(text: str) -> str:
    m = _FIRST_PUBLICATION_RE.search(text)
    return text[m.end() :] if m else text


def _names_publisher(src: _Source, text: str) -> bool:
    """A first-publication credit names a publisher the way credits do: with a platform word, in quote marks or
    《》, as a link, or by a name with an outlet's ending (`原载于东岸日报`); not a talk, a book, a time or the account
    itself (`首发于一次读书会`, `原载于1998年的一本书`, `发表于昨晚十点`, `原载于该号`)."""
    names = [clean_name(n.name)[0] or "" for n in src.names]
    if not names or any(_NOT_PUBLISHER.search(n) for n in names):
        return False
    return bool(
        src.words
        or any(n.words or n.url for n in src.names)
        or _MARKED_NAME.match(text)
        or any(P.OUTLET_NAME.search(n) for n in names)
    )


# A line about the text itself (本文, 原文, …) that credits its source after a clause of the same sentence.
_SUBJECT_WORDS = tuple(vocab.words("credit", "lead_in_subject"))
_SUBJECT_CLAUSE = re.compile(
    vocab.ALTERNATIONS["credit_lead_in_subject"]
    + r"[^。！？!?\n]{0,80}?(?:[，,、；;]|授权|许可)\s*(?="
    + vocab.ALTERNATIONS["credit_after_subject"]
    + ")"
)
# A credit that opens its line ends its lead-in within this many characters (a short label, a
# bracket, the lead-in's subject and the lead-in itself).
OPENING_CHARS = 24
# The lead-in rules as one alternation, so the leftmost lead-in of a line is the one read.
_SOURCE_MARKER = gated(re.compile(f"(?P<lead>{_LEAD_IN.regex.pattern})|(?P<noun>{_NOUN.regex.pattern})"))
# The last character of every lead-in (and `原文`), and the lead-ins written as words (`By`, `首发：`): a
# line without one holds no credit, and one search for them (_MAY_CREDIT, below)
# is much cheaper than trying the alternation at every position.
# (a noun lead-in holding one of those already, `原文链接`, adds nothing: only `原微博`, `原帖` add their last)
# English lead-ins are looked for by their words instead (`ublished`, `osted`, `rigina`, `rchived`).
_NOUN_ENDS = {w[-1] for w in vocab.words("credit", "noun_lead_in") if not set(w) & {"载", "文"} and not w.isascii()}
_LEAD_IN_ENDS = sorted({w[-1] for w in vocab.words("credit", "lead_in") if not w.isascii()} | {"载", "文"} | _NOUN_ENDS)


_PLACE_TAILS = sorted({w[-2:] for w in vocab.words("credit", "place_lead_in")})
# `在` alone is everywhere: a place lead-in counts by its last two characters. Those holding 在 are looked for as they
# are; one without 在 holding a lead-in's last character (`发自`) is found by that character already; any other
# needs 在 elsewhere in the line as well.
_PLACE_TAILS_ELSE = [t for t in _PLACE_TAILS if "在" not in t and not set(t) & set(_LEAD_IN_ENDS)]
_PLACE_ENDS_ELSE = re.compile("|".join(map(re.escape, _PLACE_TAILS_ELSE))) if _PLACE_TAILS_ELSE else None
# The English lead-ins a line may open with, by a piece of each (`By`; `ia`: via, Via; `ource`/`OURCE`: Source):
# looked for by both gates below.
_ENGLISH_LEAD_PIECES = ("By", "ia", "ource", "OURCE")
# Every test below as one search (`ublished`: Originally published, First published; `osted`: first posted,
# Reposted from; `rigina`: Original link; `rchived`: Archived copy): its branches each open with a literal
# character, so the engine skips ahead to those characters by itself, one call instead of a dozen.
_MAY_CREDIT = re.compile(
    "|".join(
        map(
            re.escape,
            [
                *_LEAD_IN_ENDS,  # (a branch each: a branch opening with a class would stop the skipping)
                *_ENGLISH_LEAD_PIECES,
                *("ublished", "osted", "rigina", "rchived", "首发", "出处"),
                *(t for t in _PLACE_TAILS if "在" in t),
            ],
        )
    )
)


def _may_credit(text: str) -> bool:
    return _MAY_CREDIT.search(text) is not None or (
        _PLACE_ENDS_ELSE is not None and "在" in text and _PLACE_ENDS_ELSE.search(text) is not None
    )


# Every match of _SOURCE_MARKER holds one of its words: a Chinese lead-in or noun (so the last two characters of
# one), `By`, `via`, `Source`, or an English phrase matched case-insensitively. Of such a phrase, its longest piece
# without i, s or k (which the engine also matches to İ, ı, ſ, K) is in the lowered line: no other character
# matches an ASCII letter there. Far fewer lines hold one of them than a lead-in's last character (为, 文, 自, 于).
_MARK_WORDS = [
    *vocab.words("credit", "lead_in"),
    *vocab.words("credit", "place_lead_in"),
    *vocab.words("credit", "noun_lead_in"),
    *("转载", "首发", "出处"),
]
_MARK_TAILS = re.compile("|".join(sorted({re.escape(w[-2:]) for w in _MARK_WORDS if not w.isascii()})))
_ENGLISH_PIECE_WORDS = sorted(
    {
        max(re.split("[isk]", w.lower()), key=len)
        for w in vocab.words("credit", "english_lead_in") + vocab.words("credit", "english_noun_lead_in")
    }
)
_ENGLISH_PIECES = re.compile("|".join(re.escape(p) for p in _ENGLISH_PIECE_WORDS))
# (a lead-in or noun written in ASCII letters in the Chinese lists would need its own piece: then no gate)
# (with `By`, `via`, `Source`: one search, each branch opening with a literal character the engine skips ahead to)
_MARK_TAILS_OR_WORDS = re.compile("|".join([_MARK_TAILS.pattern, *_ENGLISH_LEAD_PIECES]))
_MARK_GATE = all(not w.isascii() for w in _MARK_WORDS) and all(
    p.isascii() and len(p) >= 2 for p in _ENGLISH_PIECE_WORDS
)


def _may_mark(text: str) -> bool:
    """Whether _SOURCE_MARKER may find something in `text` (a necessary condition)."""
    return (
        not _MARK_GATE
        or _MARK_TAILS_OR_WORDS.search(text) is not None
        or _ENGLISH_PIECES.search(text.lower()) is not None
    )


def _parse_source(text: str, title_key: str, zone: str) -> _Source | None:
    clause = _SUBJECT_CLAUSE.match(text) if text.startswith(_SUBJECT_WORDS) else None
    if zone != "block" and not clause and not (_may_credit(text[:OPENING_CHARS]) or _after_clause(text)):
        # Outside the block a credit opens its line (CREDIT_PREFIX), or states a first publication
        # after a clause: a line with neither is no credit, found without trying every position.
        return None
    passive = _PASSIVE.find(text) or ("授权" in text and _AUTHORIZED.find(text)) or None
    if passive and (zone == "block" or P.CREDIT_PREFIX.match(_SUBJECT_PREFIX.sub("", text[: passive.start()]))):
        src = _parse_credit(passive.group("name"), title_key, text)
        src.rule = _PASSIVE.id if passive.re is _PASSIVE.regex else _AUTHORIZED.id
        src.url = src.url or _first_url(text)
        # `原文为X公众号发布`, `本文由X首发`: the original's own publisher; a later credit of a copy does not replace it
        src.stated = src.rule == _PASSIVE.id and _ORIGINAL_PUBLISHER.search(passive.group()) is not None
        return src
    if not _may_credit(text) or not _may_mark(text):
        return None
    for m in _SOURCE_MARKER.finditer(text):
        before = text[: m.start()]
        if before.endswith(_SUBJECT_ENDS) and (subject := _SUBJECT_TAIL.search(before, max(0, len(before) - 8))):
            before = before[: subject.start()]  # `本文转载自`, `以下内容来自`: the subject opens the credit
        if P.IMAGE_CREDIT_BEFORE.search(before):
            continue
        if zone == "block":
            if len(_visible(before).strip()) > 60:
                return None
        elif before.lstrip().startswith(("—", "–")) and m.group() in _VAGUE_LEAD_INS:
            return None  # `——来自一位读者`: a signature saying who the writer is, not where the text was published
        elif (
            not P.CREDIT_PREFIX.match(before)
            and not (m.group().lower() in _FIRST_PUBLICATION and before.rstrip().endswith(("，", ",", "。", "；", ";")))
            and not (clause and clause.end() == m.start())
        ):
            return None
        src = _parse_credit(text[m.end() :], title_key, text)
        src.rule = _LEAD_IN.id
        src.first = _FIRST_PUBLICATION_RE.search(m.group()) is not None
        chain = None if src.first else _CHAIN.search(text, m.end())
        if chain:
            # `转自X，原载于Y`: a reposter, then the first publisher in the same sentence; Y is the credit
            # (the line's first link stays its link).
            first = _parse_credit(text[chain.end() :], title_key, text)
            bracket = chain.group().lstrip("，,。；;").lstrip()[:1] in "（("
            if any(clean_name(n.name)[0] for n in first.names) and (
                not bracket or _CHAIN_REPOST.search(chain.group()) or _names_publisher(first, text[chain.end() :])
            ):
                first.url, first.rule, first.first = src.url or first.url, _LEAD_IN.id, True
                first.chain_at = chain.start()
                src = first
        if m.lastgroup == "noun":
            src.rule = _NOUN.id
            _name_before(src, before)
            if hit := platform_from_words(m.group()):
                src.words.append(hit[1])  # `原微博：[…](…)`: the noun says where the original was
        # The original's URL is the first link of the line, even one written before the lead-in when
        # it is marked gone ("~~[被删](url)~~ 重发，原文来自…"); a tool's link there is not
        # ("本文由 [简悦](…) 转码，原文来自…").
        before = P.IMAGE.sub("", before)
        if P.STRUCK.search(before) or P.DELETED_WORDS.search(before):
            src.url = _first_url(before) or src.url
        elif src.url is None and before.endswith(")") and (link := _ORIGINAL_LINK_BEFORE.search(before)):
            src.url = link_url(link.group(1), link.group(2))  # `[原文](url)发自公众号X`: the link is the original's
        if not any(clean_name(n.name)[0] for n in src.names):
            _later_credit(src, text, m.end(), title_key)
        return src
    return None


_NEXT_CREDIT = re.compile(r"[，,；;。]\s*(?:" + _SUBJECT + ")?" + vocab.ALTERNATIONS["credit_lead_in"])
_VAGUE_LEAD_INS = frozenset({"来自", "出自", "源自"})
_LINK_LIST = re.compile(r"^\s*[，,]\s*(?=~~\[)")
# A link labelled as the original right before the lead-in (`[原文](url)发自公众号X`).
_ORIGINAL_LINK_BEFORE = re.compile(r"\[\s*(原文|原文链接|原链接|原帖)\s*\]\(([^()\s]+)\)\s*$")


LATER_CREDITS = 4
_HAN_CHAR = re.compile(f"[{P.HAN}]")


def _later_credit(src: _Source, text: str, start: int, title_key: str) -> None:
    """`原文：[存档](url)，来自公众号「X」`: a credit that gave only a link may name its publisher in a later credit
    of the same line; the line's first link stays its link. Only the first few later credits are read: each
    reading takes the rest of the line, so a line of thousands of markers would cost their square."""
    for m in itertools.islice(_SOURCE_MARKER.finditer(text, start), LATER_CREDITS):
        before = text[: m.start()]
        if (subject := _SUBJECT_TAIL.search(before, max(0, len(before) - 8))) is not None:
            before = before[: subject.start()]  # `，本文来自…`: the subject opens the clause
        if before[-1:] and _HAN_CHAR.match(before[-1]):
            continue  # `…，若来源标注有误请告知`: a word inside a disclaimer's sentence, no clause opening a credit
        later = _parse_credit(text[m.end() :], title_key, text)
        if any(clean_name(n.name)[0] for n in later.names):
            src.names, src.words = later.names, src.words + later.words
            src.url = src.url or later.url
            return


def _name_before(src: _Source, before: str) -> None:
    """`某某日报原文[缓存](url)`: the name is written before the noun lead-in; what follows is the link."""
    m = P.NAME_BEFORE.match(before)
    if not m or P.NOT_NAME_BEFORE.search(m.group(1)):
        return
    lead: list[str] = []
    name = _strip_lead(m.group(1), lead)
    if not name:
        return
    src.words.extend(lead)
    hit = platform_from_words(name)
    if hit:
        src.words.append(hit[1])
    src.names = [_Name(name, lead, src.url)]


_PLATFORM_LABEL = R.BY_ID["credit.platform_label"]
_HOLDER = R.BY_ID["credit.holder_label"]
_COPY_NOTICE = R.BY_ID["credit.copy_notice"]
_ARCHIVED = R.BY_ID["credit.archived_copy"]
_HOLDER_ENDS = re.compile("[" + "".join(sorted({w[-1] for w in vocab.words("platform", "holder_labels")})) + "]")
_BARE_REPOST = R.BY_ID["credit.bare_repost"]
_SELF = R.BY_ID["credit.self_statement"]
# The subjects credit.self_statement opens with, or the platform word of its user (`微博博主 X 的…`).
_SELF_OPENERS = frozenset(
    w[:2] for w in ("这是", "以下", "下文", "本文", "此文", *vocab.words("platform", "lead_words"))
)
_FOLLOW = R.BY_ID["card.follow"]
_ACCOUNT_LINK = R.BY_ID["credit.account_link"]
_QR_FOLLOW = R.BY_ID["card.qr_follow"]
_ID_HEADER = R.BY_ID["credit.id_header"]


_NUMBERED_LABEL = re.compile(
    rf"\s*{vocab.ALTERNATIONS['credit_numbered_labels']}\s*[0-9０-９一二三四五六七八九十]{{1,2}}\s*[:：｜|]\s*(?=\S+\s*[:：])"
)
_NUMBERED_FIRST = frozenset(w[0] for w in vocab.words("credit", "numbered_labels"))


def _parse_unmarked(text: str, title_key: str, has_source: bool, has_url: bool) -> _Source | None:
    """Block lines without a lead-in: `「X」：[title](url)`, or a lone link to the original (also
    below a credit that named the source without a link)."""
    if text[:1] in _NUMBERED_FIRST and (label := _NUMBERED_LABEL.match(text)):
        text = text[label.end() :]  # `报道1：某报：[title](url)`: a compilation numbers its sources
    m = P.NAME_COLON_LINK.match(text)
    if m and (m.group(1) or not has_source):
        return _parse_credit(text, title_key, text)
    if _HOLDER_ENDS.search(text[:8]) and (holder := _HOLDER.find(text)):  # 博主, 答主, 楼主, 发帖人
        src = _parse_credit(text[holder.end() :], title_key, text)
        src.rule = _HOLDER.id
        return src
    if not has_source and _PLATFORM_LABEL.find(text):
        src = _parse_credit(text, title_key, text)
        src.rule = _PLATFORM_LABEL.id
        return src
    if not has_source and (m := _ACCOUNT_LINK.find(text)) and not _OTHER_ACCOUNTS.search(m.group("name")):
        # `某某公众号……[链接](url)` at the top: the account named with its platform word, and the link to its post.
        url = _first_url(text)
        if url:
            words = [m.group("word")]
            return _Source([_Name(m.group("name"), words, url)], url, words, _deleted(text), _ACCOUNT_LINK.id)
    if not has_source and ("（" in text[:24] or "(" in text[:24]) and (m := _ID_HEADER.find(text)):
        # `◎某号（ID：x）｜NAME`: a reprint header naming the account with its id, its writers after the bar.
        src = _parse_credit(text[: m.end()], title_key, text)
        src.rule = _ID_HEADER.id
        return src
    if not has_url and ("：" in text or ":" in text):
        archived = _ARCHIVED.find(text)
        if archived and (url := _first_url(text[archived.end() :])):
            # `作者：X（存档：[…](…)）`: the original's archived copy, on a line of the provenance block
            return _Source([], url, [], _deleted(text), _ARCHIVED.id)
    stripped = text.strip("~ ")
    # `该内容已删除 [title](url)`: a deletion note may stand before the lone link, as well as after it.
    gone = P.LEADING_DELETION.match(stripped)
    if gone:
        stripped = stripped[gone.end() :]
    link = P.MD_LINK.match(stripped)
    if link and not has_url:
        label = link.group(1)
        after = stripped[link.end() :]
        if P.NOUN_LABEL.search(label) or _is_title(label, title_key) or gone or P.DELETED_WORDS.search(after):
            url = link_url(link.group(1), link.group(2))
            if url:
                return _Source([], url, [], _deleted(text), "credit.lone_link")
    return None


def _parse_credit(rest: str, title_key: str, whole: str) -> _Source:
    names: list[_Name] = []
    words: list[str] = []
    while True:
        rest = P.SEPARATORS.sub("", rest)
        if rest[:1].isdigit() and (when := _LEADING_DATE.match(rest)):
            rest = rest[when.end() :]  # `首发于2020年2月20日《某报》`: when it was published, then where
        lead: list[str] = []
        while pm := P.LEAD_PLATFORM.match(rest):
            lead.append(pm.group().strip(" :："))
            rest = rest[pm.end() :]
        if nested := _NESTED_LEAD_IN.match(rest):
            # `来源：本文内容来自X`, `来源：转自X`, `来源：来自公众号X`: the credit's value is itself a credit
            rest = rest[nested.end() :]
            while pm := P.LEAD_PLATFORM.match(rest):
                lead.append(pm.group().strip(" :："))
                rest = rest[pm.end() :]
        quoted = P.QUOTED.match(rest) is not None
        name, url, rest = _take_name(rest, title_key, lead)
        words.extend(lead)
        if name and _PERSONAL_FEED.match(name):
            words.append("微信")  # `X朋友圈`: a person's WeChat feed, no account's name
            name = ""
        if name and (also := _ALSO_PLATFORM.match(name)):
            # `某报客户端及头条号`: the name, and the platform it was also published on (no one's name there).
            name = also.group(1)
            words.append(also.group(2))
        if name:
            if url is None:
                # the name's link is in its own sentence (`… by X. The translation … [link](…)` is another's)
                end = _ENGLISH_SENTENCE_END.search(rest)
                url = _first_url(rest[: end.start()] if end else rest)
            pair = (_SOURCE_AND_WRITER.match(name) or _SOURCE_OF_WRITER.match(name)) if quoted else None
            names.append(_Name(name, lead, url, pair.group(2) if pair and _writer_like(pair.group(2)) else None))
        elif url and not names:
            names.append(_Name("", lead, url))
        # `~~[甲](url1)~~ ，~~[乙](url2)~~`: struck links listed with commas, each a source of its own kind.
        c = P.CONNECTOR.match(rest) or (_LINK_LIST.match(rest) if url and name else None)
        if not c or not rest[c.end() :]:
            break
        rest = rest[c.end() :]
    url = next((n.url for n in names if n.url), None) or _first_url(rest)
    names = [n for n in names if n.name]
    # "By X，微信号 Y" (not a later credit of the sentence: `原刊于X，转载自豆瓣网友Y` is the way the copy came)
    trailing = platform_from_words(P.MD_LINK.sub("", _NEXT_CREDIT.split(rest, maxsplit=1)[0]))
    if trailing:
        words.append(trailing[1])
    for n in names:
        hit = platform_from_words(n.name)
        if hit:
            words.append(hit[1])
            if hit[1] != n.name:  # `北窗公众号` says its platform even once the word is dropped; `今日头条` is the site
                n.words = [*n.words, hit[1]]
    return _Source(names, url, words, _deleted(whole))


# (a lead-in alone too, where no name starts with it: not 来自/出自/源自 before a plain name, `来自星星的你`)
_NESTED_LEAD_IN = re.compile(
    f"(?:{vocab.ALTERNATIONS['credit_lead_in_subject']})+\\s*(?:{vocab.ALTERNATIONS['credit_lead_in']})\\s*"
    + "|(?:转载自|转载于|转自|摘自)\\s*[:：]?\\s*"  # (not every lead-in: `原载体研究所`, `来源网` are names)
    # (before a platform's word, not 作者, which lead_words hold for `作者X的微博`: `来自作者授权` names no one)
    + f'|(?:来自|出自|源自)\\s*[:：]?\\s*(?!作者)(?={vocab.ALTERNATIONS["platform_lead_words"]}|[「『“《"])'
)
_PERSONAL_FEED = re.compile(f"^.*?的?\\s*({vocab.ALTERNATIONS['platform_personal_feeds']})$")
_ALSO_PLATFORM = re.compile(r"^(.{2,}?)\s*(?:及|和|与|以及)\s*(" + vocab.ALTERNATIONS["platform_words"] + ")$")
_ID_AFTER_NAME = re.compile(rf"\s+\(\s*{R.ID}\s*\)")  # `X (x-id)`, as English credits write it
# `来源：某号（mouhao01）`, `来源｜某号（ID：mouhao01）`: a reprint header of a WeChat article gives the source
# account's id in brackets (one without `ID：` is taken as an id only where the post is WeChat's, _take_source;
# elsewhere an English name in brackets is not).
_ID_AFTER_QUOTE = re.compile(rf"[（(]\s*(?:(?:微信公众号|公众号|微信)?\s*ID\s*[:：]\s*)?{R.ID}\s*[）)]", re.IGNORECASE)
_OUTLET_SECTION = re.compile(
    r"\s*(?P<dot>[·・•])?\s+([^\s:：，,。;；~\[\]<>（()）「」『』【】“”\"|｜丨·・•]{2,20})\s*$"
)
# `某报·某频道`: an outlet and its section or channel joined by a middle dot.
_MIDDLE_DOT = re.compile(r"\s*[·・•]\s*")
# `「兽人 小周」`: one quote holding the source's name and, after a space, its writer's.
_SOURCE_AND_WRITER = re.compile(rf"^([^\s]*[{P.HAN}][^\s]*)\s+([^\s]*[{P.HAN}][^\s]*)$")
# `「某某的鹿鸣君」`: the account and, after 的, its writer's pen name (a personal name, or one ending in 君).
_SOURCE_OF_WRITER = re.compile(rf"^([^\s的]{{2,20}})的([{P.HAN}]{{1,3}}君|[{P.HAN}]{{2,4}})$")


def _writer_like(s: str) -> bool:
    """The second name in one quote is a person's (a pen name), not a word of the source's name (`人物 杂志`)."""
    return (
        bool(P.PERSON_TOKEN.match(s))
        and len(s) <= 8
        and not _NOT_A_NAME.match(s)
        and not P.OUTLET_NAME.search(s)
        and platform_from_words(s) is None
    )


def _take_name(rest: str, title_key: str, lead: list[str]) -> tuple[str, str | None, str]:
    """(name or "", url of its link or None, the text after it)."""
    s = rest.lstrip("~ ")
    if not s:
        return "", None, ""
    if s.startswith("["):
        link = P.MD_LINK.match(s)
        if link:
            label, url = link.group(1).strip("~ "), link_url(link.group(1), link.group(2))
            after = s[link.end() :].lstrip("~")
            source, sep, rest_label = label.partition(":") if ":" in label else label.partition("：")
            whole_title = _is_title(label, title_key)
            # `[财新网:TITLE](url)`: a source's name before the title (not the title's own `NAME：` prefix).
            source_key = _key(source)
            if (
                sep
                and 0 < len(source) <= 20
                and source_key
                and not title_key.startswith(source_key)
                and _is_title(rest_label, title_key)
            ):
                return _strip_lead(source.strip(), lead), url, after  # [财新网:title](url)
            tail = _TITLE_TAIL.match(label) if whole_title else None
            if tail and _is_title(tail.group(1), title_key) and not _is_title(tail.group(2), title_key):
                # `[TITLE - SITE](url)`: a page's title with its publisher's name after it.
                name = _strip_lead(tail.group(2).strip(), lead)
                hit = platform_from_words(name)
                if hit and hit[1] == name:
                    lead.append(name)  # `TITLE - 知乎`: the platform itself, not a publisher on it
                elif name:
                    return name, url, after
            if is_url(label) or whole_title or len(label) > 20:
                return "", url, after
            if _bare_platform(label.strip(" :：")):
                lead.append(label.strip(" :："))  # `来源：[豆瓣](url)`: the platform the link is on, no one's name
                return "", url, after
            return _strip_lead(label, lead), url, after
        bracketed = _BRACKETED_NAME.match(s)
        if bracketed:
            # `原文来自[NAME]：[title](url)`: a name set in square brackets, not a link's label.
            return _strip_lead(bracketed.group(1).strip(), lead), None, s[bracketed.end() :]
    q = P.QUOTED.match(s)
    if q:
        opening = q.group(1)
        end = s.find(P.CLOSE_QUOTE[opening], q.end())
        if end > 0:
            inner, after = s[q.end() : end], s[end + 1 :]
            issue = P.OUTLET_AFTER_MARKS.match(after.lstrip()) if opening == "《" else None
            if issue:
                # `《某刊》第3期`, `《某刊》杂志`: the issue number or the kind says it is a publication
                lead.append(issue.group())
            link = P.MD_LINK.search(inner)
            if link:
                label = link.group(1).strip("~ ")
                if _is_title(label, title_key):
                    return "", link_url(*link.groups()), after  # `《[TITLE](url)》`: the article, not its publisher
                return _strip_lead(label, lead), link_url(*link.groups()), after
            name = re.split(r"[，,]", inner.strip("~ *"), maxsplit=1)[0].strip()
            if after[:1] in "（(" and (card := _ID_AFTER_QUOTE.match(after)):
                # `“某号”（ID：x）`: the account's id after its quoted name, read with it by clean_name
                return _strip_lead(name, lead) + card.group(), None, after[card.end() :]
            return _strip_lead(name, lead), None, after
    latin = P.LATIN_NAME.match(s)
    if latin:
        # `The Harbor Ledger`, `Ray Chen`: a name in Latin letters holds spaces; it ends at punctuation.
        return _strip_lead(latin.group().strip(), lead), None, s[latin.end() :]
    b = P.BOLD.match(s)
    if b:
        return _strip_lead(b.group(1).strip(), lead), None, s[b.end() :]
    u = P.BARE_URL.match(s)
    if u:
        return "", u.group().rstrip("~"), s[u.end() :]
    spaced = _LETTER_SPACED.match(s)
    if spaced:
        # `来源：网　　络`: a short value spaced out to align a footer's column is one word (`网络`).
        return _strip_lead(re.sub(r"\s+", "", spaced.group()), lead), None, ""
    n = P.BARE_NAME.match(s)
    if n:
        name = n.group(1).strip()
        owner = _OWNER_PLATFORM.match(name)
        if owner and P.QUOTED.match(s[n.end() :]):
            # `某报微信公众号「X」`, `某报旗下公众号「X」`: the quoted account; the organisation before is its owner.
            lead.append(owner.group("word"))
            return _take_name(s[n.end() :], title_key, lead)
        glued = name.find("http")
        if glued > 0 and P.BARE_URL.match(s, glued):
            # `NAME<https://…>`: a link written right after the name (its brackets gone in the clean line)
            return _strip_lead(name[:glued].strip(), lead), None, s[glued:]
        if name[-1:] in _DATE_ENDS and (when := _TRAILING_DATE.search(name)) and when.start() >= 2:
            name = name[: when.start()]  # `原刊于某报2020年1月29日`: the date it appeared is not the name
        if len(name) > 20:  # a sentence, not a name
            return "", None, s
        card = _ID_AFTER_NAME.match(s, n.end()) or _ID_AFTER_QUOTE.match(s, n.end())
        if card:
            # `X (x-id)`, `X（ID：x）`, `X（x）`: the account's id after its name, read with it by clean_name
            return _strip_lead(name, lead) + card.group(), None, s[card.end() :]
        section = _OUTLET_SECTION.match(s, n.end())
        if section and P.OUTLET_NAME.search(name) and (section.group("dot") or P.OUTLET_NAME.search(section.group(2))):
            # `某报 某周刊`, `某报 · 某频道` closing the line: an outlet and its section, one name as written.
            return s[: section.end(2)], None, ""
        return _strip_lead(name, lead), None, s[n.end() :]
    return "", None, s


_OWNER_PLATFORM = re.compile(rf"^[^\s]{{2,20}}?(?:旗下的?|的)?(?P<word>{vocab.ALTERNATIONS['platform_lead_words']})$")
# A date written right before or after a credited name (`首发于2020年2月20日《某报》`, `原刊于某报2020年1月29日`).
_DATE = r"\d{4}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[-./]\s*\d{1,2}(?:\s*[-./]\s*\d{1,2})?)"
_LEADING_DATE = re.compile(_DATE + r"\s*(?:的|出版的|出刊的)?\s*")
_TRAILING_DATE = re.compile(r"\s*" + _DATE + "$")
_DATE_ENDS = frozenset("0123456789月日")
# `[NAME]` not followed by a link target: square brackets used as quote marks around a name.
_BRACKETED_NAME = re.compile(r"^\[([^\[\]\n\d][^\[\]\n]{0,29})\](?!\()")
# Single characters set apart by spaces to the end of the line (`网　　络`, `汐 颜`): one word spaced out.
_LETTER_SPACED = re.compile(rf"^[{P.HAN}](?:[ \u3000]+[{P.HAN}]){{1,3}}\s*$")
# A page title with its publisher's name after the last separator: `TITLE - SITE`, `TITLE | SITE`.
_TITLE_TAIL = re.compile(r"^(.+\S)\s*[-–—|｜_]\s*([^-–—|｜_\n]{1,24})$")


def _strip_lead(name: str, lead: list[str]) -> str:
    """`微信公众号现代法学前沿` -> `现代法学前沿` (the words go to `lead`)."""
    while pm := P.LEAD_PLATFORM.match(name):
        if pm.end() >= len(name):
            if not P.LEAD_WORD.match(name):  # `豆瓣广播`, `个人公众号`: a feature or a qualifier, no one's name
                lead.append(pm.group().strip(" :："))
                return ""
            break
        lead.append(pm.group().strip(" :："))
        name = name[pm.end() :]
    return name.strip(" ~*")


def _bare_platform(name: str) -> bool:
    """`豆瓣`, `微博`, `公众号` alone: a platform with user accounts named, no user (`今日头条` is a site's name)."""
    hit = platform_from_words(name)
    return hit is not None and hit[1] == name and hit[0] in SOCIAL


def link_url(label: str, target: str) -> str | None:
    """A Markdown link's URL (markup.link_url), also a web address its writer gave without the scheme
    (`[title](www.example.com.cn/a/1.html)`), kept as written."""
    url = _markup_link_url(label, target)
    if url is None and SCHEMELESS.match(target):
        return target
    return url


def _first_url(s: str) -> str | None:
    for m in P.MD_LINK.finditer(s):
        url = link_url(m.group(1), m.group(2))
        if url:
            return url
    u = P.BARE_URL.search(s)
    return u.group().rstrip("~") if u else None


def _key(s: str) -> str:
    return "".join(filter(str.isalnum, s)).lower()  # filter, not a generator: at C speed


def _is_title(label: str, title_key: str) -> bool:
    k = _key(label)
    if not k or not title_key:
        return False
    # A label that opens the title is usually its source ("Matters 通讯：…" from [Matters](…)), unless it is too
    # long for a name: the title's first part, before its colon ("[一句很长的话](…)" for "一句很长的话：副题").
    return (
        k == title_key
        or title_key in k
        or (len(k) >= 6 and k in title_key and (not title_key.startswith(k) or len(k) >= _TITLE_PART_CHARS))
    )


_TITLE_PART_CHARS = 12


# `…，其它转载的已被删`: a clause about other copies says nothing of the original's fate.
_OTHER_COPIES = re.compile(r"[，,；;。]\s*(?:其它|其他|别的|另外的)")


def _deleted(text: str) -> bool:
    # (each pattern only on a line holding what its matches hold: 其, 别 or 另; `~~`; `](`)
    if "其" in text or "别" in text or "另" in text:
        text = _OTHER_COPIES.split(text, maxsplit=1)[0]
    if "~~" in text and (P.STRUCK.search(text) or (_OPEN_STRIKE.search(text) and text.count("~~") == 1)):
        return True  # (`：~~[title](url)` closing the line: a strike whose closing marks were left out)
    # Words only outside link labels: a title may itself say 被删 (a label that is only `404` says it, `已经[404](…)`).
    if "404]" in text:
        text = _LINK_404.sub("404", text)
    return bool(P.DELETED_WORDS.search(P.MD_LINK.sub("", text) if "](" in text else text))


_OPEN_STRIKE = re.compile(r"~~\[[^\]\n]{1,300}\]\([^()\s]+\)\s*$")
_LINK_404 = re.compile(r"\[\s*404\s*\]\([^()\s]*\)")


def _take_source(r: _Reader, src: _Source, line: _Line) -> None:
    rule = src.rule
    first = r.first_line
    # A later line at the top saying where the text was first published (`文章最初发布于微信「X」`) names
    # the first publisher; the archive's credit on its first line named a reposter.
    restate = src.first and line.zone != "foot" and first is not None and first.line not in (line.no, 0)
    if restate and src.names:
        replaced = ["original_account", "source_outlet"]
        replaced += ["original_url"] if src.url else []
        replaced += ["_platform_words"] if src.words else []
        for name in replaced:
            if name in r.evidence and r.evidence[name].line == first.line and r.strength[name] <= R.OUTER_CREDIT:
                del r.values[name], r.evidence[name], r.strength[name]
    if (
        r.first_pub_line
        and r.first_pub_line != line.no
        and not (src.first or src.stated)
        and line.zone != "foot"
        and r.first_line is not None
        and r.first_line.line == r.first_pub_line
    ):
        # `原载于公众号「Y」` over `转载自X`: the first publication stated first, the way the copy came after it;
        # X reposted it and is no source of its own (as a later line stating the first publication replaces it).
        src = _Source([], src.url, [], src.deleted, src.rule)
    elif src.first and src.names and line.zone != "foot" and _names_publisher(src, _after_first_word(line.text)):
        r.first_pub_line = r.first_pub_line or line.no
    r.mark_repost(line, rule)
    if src.url:
        r.put("original_url", src.url, line, rule)
    if src.deleted:
        r.put("original_deleted", True, line, rule)
    for word in src.words:
        hit = platform_from_words(word)
        if hit:
            r.put("_platform_words", hit[0], line, rule)
            break
    # An inner credit (`来源丨X` below the archive's own credit line, `本文转自公众号X` in the article)
    # names the first publisher; the archive's outer credit may name the account that reposted it.
    inner = rule == _LEAD_IN.id and first is not None and first.line not in (line.no, 0) and first.rule != rule + "!"
    strength = R.INNER_CREDIT if inner or src.stated else R.OUTER_CREDIT
    for n in src.names:
        name, card_id = clean_name(n.name)
        if not name or name in (r.get("original_account"), r.get("source_outlet")) or _bare_platform(name):
            continue  # (`原文来自「豆瓣」`: the platform, no one on it)
        if _SOURCE_LIST.search(name):
            continue  # `本文来自甲报、乙网等`: several sources and more, no one first publisher
        if r.reposters and _reposter_key(name) in r.reposters and (r.get("original_account") or r.get("source_outlet")):
            continue  # `某网获授权转载` said so: a reposter, not the first publisher credited already
        if n.url and _names_site(name, n.url) and (is_archive(n.url) or platform_from_url(n.url) in SOCIAL):
            continue  # `[WeChatscope](…)`, `[archive.today](…)`, `[weibo](…)`: the site holding the copy, no publisher
        if "微信号" in n.words and re.fullmatch(R.ID, name):
            # `微信号「x」`: an id after 微信号 is the id (a display name in Chinese characters is the account).
            r.put("original_account_id", name, line, rule, strength=strength)
            r.put("_platform_words", WECHAT, line, rule)
            continue
        if "作者" in n.words:
            # `原文来自微信公众号作者「X」`: the credit names the writer, not the account.
            r.put("original_author", [name], line, "credit.writer", strength=R.BYLINE)
            continue
        if n.writer:
            r.split_names.append((name, n.writer, line, rule))
        if card_id and not re.search(r"ID\s*[:：]", n.name, re.IGNORECASE) and not _on_wechat(r, n):
            card_id = None  # `某社（Reuters）` outside WeChat: a name in English, not an account's id
        role, explicit = _role(name, n.words, n.url)
        if card_id and not explicit:
            role = "account"  # `新京报（ID：bjnews）`: an id given the way WeChat gives it names an account
        elif (
            inner
            and line.zone != "block"
            and not explicit
            and r.get("original_account")
            and not (src.first and role == "account")
        ):
            # `文章来源｜某报` inside an account's article: the outlet the account took it from. (`本文首发于X` with a
            # name that does not read as an outlet's names the account that first published it.)
            role = "outlet"
        if role == "outlet":
            if name in (r.get("original_author") or []) and not explicit:
                continue  # `来源：NAME 微头条` under NAME's byline: the writer's own feed, not an outlet
            if (r.get("source_outlet") or "").startswith(_outlet_name(name)):
                continue  # the outlet credited already, named more fully there (`某报 某周刊`)
            if r.put("source_outlet", _outlet_name(name), line, rule, strength=strength):
                r.suffix_outlet = not explicit and not any(P.OUTLET_AFTER_MARKS.match(w) for w in n.words)
        elif (
            r.put("original_account", name, line, rule, strength=strength)
            and card_id
            and r.put("original_account_id", card_id, line, rule, strength=strength)
        ):
            r.id_owner = name


_SOURCE_LIST = re.compile(r"、.*等$")


def _on_wechat(r: _Reader, n: _Name) -> bool:
    """The credit or the post it stands in is WeChat's (its platform words, or the outer credit's link)."""
    if r.get("_platform_words") == WECHAT or platform_from_url(r.get("original_url")) == WECHAT:
        return True
    return any((hit := platform_from_words(w)) is not None and hit[0] == WECHAT for w in n.words)


def _outlet_name(name: str) -> str:
    """`东岸日报官网` -> `东岸日报`; `东岸日报快讯` -> `东岸日报`: a channel of the outlet is not its name."""
    bare = P.OUTLET_DESCRIPTOR.sub("", name)
    if bare and bare != name:
        return bare
    m = P.OUTLET_CHANNEL.search(name)
    if m and m.start() > 0 and P.OUTLET_NAME.search(name[: m.start()]):
        return name[: m.start()]
    return name


# A name written with its platform word or id: `X公众号`, `X公号`, `X微博`, `X（ID：y）`, `X（y）` -> (`X`, `y`).
_NAME_WITH_ID = re.compile(
    rf"^(.+?)\s*[（(]\s*(?:(?:微信公众号|公众号|微信)?\s*ID\s*[:：]\s*)?({R.ID})\s*[）)]$", re.IGNORECASE
)
# `X公众号`, `X的知乎专栏`, `X的回答`: the platform word or feature after the name is not part of it (a
# name ending in 服务号 keeps it: that is how such accounts are called).
_NAME_PLATFORM_TAIL = re.compile(
    rf"^(.{{2,}}?)\s*(?:的?(?:微信公众号|公众号|微信公号|公号|微信订阅号|订阅号|微博)|的?{vocab.ALTERNATIONS['platform_lead_qualifiers']}"
    rf"(?:{vocab.ALTERNATIONS['platform_words']})|的\s*(?:{vocab.ALTERNATIONS['platform_words']})?\s*"
    rf"(?:{vocab.ALTERNATIONS['platform_feature_nouns']})?)$"
)
_NOT_A_NAME = re.compile(
    rf"^(?:{vocab.ALTERNATIONS['credit_link_words']}|{vocab.ALTERNATIONS['platform_feature_nouns']}"
    rf"|{vocab.ALTERNATIONS['roles_not_author']}|{vocab.ALTERNATIONS['names_not_names']})+$|^[的之]"
)
_DECORATIVE = "".join(vocab.DATA["names"]["decorative"])
# An age or a time adverb inside a "name" shows a sentence of the article caught by a lead-in word; a
# date or a device after 发布于/来自 is when and how a post was sent (`发布于 2019-01-01`, `来自 iPhone客户端`);
# a "name" opened by a quantity describes someone unnamed (`——来自一位读者`).
_INDEFINITE = re.compile("^" + vocab.ALTERNATIONS["names_indefinite"] + "(?=.)")
_CLAUSE = re.compile(
    r"\d+\s*岁|^\d{2,4}\s*[-./年]\s*\d{1,2}|^"
    + vocab.ALTERNATIONS["names_devices"]
    + "|"
    + vocab.ALTERNATIONS["names_clause_words"]
    + "|"
    + _INDEFINITE.pattern
)


# A "name" that is a sentence (names.sentence_words, a clause's closing particle after a title's length, more Han
# characters in a row than a platform lets a name hold): no one's.
_SENTENCE = re.compile(
    f"^(?=.{{{vocab.DATA['names']['sentence_min_chars']},}}).*?"
    + vocab.ALTERNATIONS["names_sentence_words"]
    + f"|^.{{{vocab.DATA['names']['particle_min_chars'] - 1},}}"
    + vocab.ALTERNATIONS["names_sentence_endings"]
    + f"$|[{P.HAN}]{{{MAX_NAME_HAN + 1}}}"
)


# (a credit's names are cleaned again by each reader of the credit: the answer is the name's alone)
@functools.lru_cache(maxsize=1024)
def clean_name(name: str) -> tuple[str, str | None]:
    """A credited name without marks, platform word or id: (name, id or None); "" when it is no name."""
    name = name.strip(" ~*_" + _DECORATIVE).lstrip("@＠")  # `@X`: a mention of the user X
    found_id = None
    m = _NAME_WITH_ID.match(name)
    if m:
        name, found_id = m.group(1).strip(), m.group(2)
    m = _NAME_PLATFORM_TAIL.match(name)
    if m:
        name = m.group(1).strip()
    if not name or _NOT_A_NAME.match(name) or _CLAUSE.search(name) or _SENTENCE.search(name):
        return "", None
    return name, found_id


def _role(name: str, words: list[str], url: str | None) -> tuple[str, bool]:
    """(account or outlet, whether a platform word or link said so), by the decision table of
    docs/provenance.md."""
    if any((hit := platform_from_words(w)) and hit[0] != WEB for w in words) or BODY_WECHAT_WORDS.search(name):
        return "account", True  # a platform word is written with it
    platform = platform_from_url(url)
    if platform in SOCIAL or (hosts_users(url) and not _names_site(name, url)):
        return "account", True  # linked on a platform, or a user on a site where users publish
    if platform is not None:
        return "outlet", True  # a web link (or the user-hosting site itself)
    if P.OUTLET_ISSUE.search(name) or any(P.OUTLET_AFTER_MARKS.match(w) for w in words):
        return "outlet", False  # `《…》` with an issue number or its kind (杂志, 周刊)
    # Archive copy, mirror or no link: a news organisation's name usually says what it is, also before
    # the channel it was read on (`某某新闻客户端`).
    outlet = any(P.OUTLET_NAME.search(part) for part in _MIDDLE_DOT.split(name))  # `某报·某频道` too
    bare = _EDITION.sub("", name)  # `某日报海外版`
    return ("outlet" if outlet or P.OUTLET_NAME.search(_outlet_name(bare)) else "account"), False


_EDITION = re.compile(vocab.ALTERNATIONS["outlet_editions"] + "$")


def _names_site(name: str, url: str | None) -> bool:
    """`Matters` credited through a matters.news link: the site itself, not one of its users."""
    host = url_host(url or "")
    k = _key(name)
    return bool(k) and any(len(part) >= 3 and (k == part or k.startswith(part)) for part in host.split("."))


def _take_ids(r: _Reader, text: str, line: _Line, src: _Source | None) -> None:
    if not _ID_GATE.search(text):
        return  # every id rule reads an `ID` or a 号 (微信号, 公众号): one search turns most lines away
    if src and src.chain_at:
        text = text[src.chain_at :]  # `来源：X（ID：x）（原载于Y）`: X's id went with X, replaced as a reposter
    credited = {clean_name(n.name)[0] for n in src.names} if src else set()
    if src and src.names and r.get("original_account") not in credited:
        if not (r.suffix_outlet and r.get("source_outlet") in credited and r.get("original_account") is None):
            return  # the id of another account than the one credited
        # `来源：新京报（ID：bjnews）`: a name told an outlet only by its ending, with its id given the way WeChat
        # gives it, is an account (a news organisation credited through WeChat is the account).
        # (in the credit's own sentence: `Originally published by X. … by Y (ID: y)` gives Y's id, not X's)
        end = _SENTENCE_END.search(text)
        own = text[: end.start()] if end else text
        if not any(rule.find(own) for rule in _ID_RULES[line.zone] if rule.id in ("id.paren", "id.after_comma")):
            return
        _outlet_to_account(r)
    for rule in _ID_RULES[line.zone]:
        if rule.id == "id.after_comma" and not (src and src.names):
            continue  # `，ID：x` names the id of the account credited on the same line, only there
        m = rule.find(text)
        if not m:
            continue
        groups = m.groupdict()
        if _CONTACT.search(text[: m.start()]) or (m.start() == 0 and _contact_above(r, line)):
            return  # a person's contact id, not the account's (`扫码添加小助手` / `ID：x` under it too)
        if rule.id == "id.paren" and _another_account(r, clean_name(text[: m.start()])[0]):
            return  # a card promoting another account ("关注下面的号：乙号（ID：y）")
        if rule.id == "id.named_card" and r.get("original_account") not in (None, clean_name(groups["account"])[0]):
            return  # `《乙刊》微信公号：y` under a credit of 甲: another account's card
        if r.put("original_account_id", groups["id"], line, rule.id):
            # (the name before a card is known to be another's only under a request to follow it)
            before = text[: m.start()]
            r.id_owner = groups.get("account") or (_id_owner(before) if "关注" in before else "")
        if groups.get("account"):
            r.put("original_account", groups["account"].strip(), line, rule.id)
        elif rule.id == "id.paren":
            name, _ = clean_name(text[: m.start()])
            m2 = _NAME_AFTER_PLATFORM.search(name)
            if m2 and r.get("original_account") is None:
                r.put("original_account", m2.group(1), line, rule.id)
            elif name and name == r.get("source_outlet") and r.suffix_outlet and r.get("original_account") is None:
                _outlet_to_account(r)  # `东岸日报（ID：x）` under a credit of 东岸日报: its WeChat card
        if rule.id == "id.card":
            r.put("_platform_words", WECHAT, line, rule.id)
        r.mark_repost(line, rule.id)
        return


_CONTACT = re.compile(vocab.ALTERNATIONS["credit_contact_words"])
# (what `[号號]|[Ii][Dd]` finds, opened by one class the engine skips ahead to: four times faster)
_ID_GATE = re.compile(r"[号號Ii](?:(?<=[号號])|[Dd])")


_LONE_ID = re.compile(rf"^[（(]\s*(?:(?:微信)?ID\s*[:：]\s*)?(?P<id>{R.ID})\s*[）)]\s*$", re.IGNORECASE)
_REPOSTER = R.BY_ID["credit.reposter"]
_REPOSTER_TAIL = re.compile(r"(?:网|APP|App|app|客户端)$")


def _reposter_key(name: str) -> str:
    """`虎嗅网`, `虎嗅APP` and `虎嗅` are one reposter."""
    return _REPOSTER_TAIL.sub("", clean_name(name)[0] or name)


def _contact_above(r: _Reader, line: _Line) -> bool:
    """An id alone on its line under a contact request (`扫码添加小助手` / `ID：x`): that person's id."""
    prev = r.prev_line
    return (
        prev is not None
        and prev.zone == line.zone
        and 0 < r.distance(prev.no, line.no) <= 2
        and bool(_CONTACT.search(prev.text))
    )


def _outlet_to_account(r: _Reader) -> None:
    """The credited name told an outlet only by its ending (`新京报`) has its id given the way WeChat gives it
    (`（ID：x）`): it is an account (a news organisation credited through WeChat is the account)."""
    ev = r.evidence.pop("source_outlet")
    del r.values["source_outlet"]
    r.values["original_account"], r.strength["original_account"] = ev.value, r.strength.pop("source_outlet")
    r.evidence["original_account"] = Evidence("original_account", ev.value, ev.line, ev.text, ev.rule)
    r.suffix_outlet = False


def _another_account(r: _Reader, name: str) -> bool:
    """A bare name before an id card that is not the credited account names another account."""
    account = r.get("original_account")
    return bool(account and name and P.PERSON_TOKEN.match(name) and account not in name and name not in account)


# `本文转自公众号河边`: the name after the last platform word, before an id bracket.
_NAME_AFTER_PLATFORM = re.compile(r"(?:公众号|公号|订阅号|服务号)\s*[:：]?\s*[「“]?([^\s「」“”:：]{1,30}?)[」”]?$")
_ZONES = {"block": ("block",), "head": ("head",), "foot": ("foot",), "head_end": ("head", "foot")}
_ID_RULES = {
    z: tuple(r for r in R.RULES if set(r.zones) & set(zs) and r.id.startswith("id.")) for z, zs in _ZONES.items()
}
_AUTHOR_RULES = {
    z: tuple(r for r in R.RULES if set(r.zones) & set(zs) and r.id.split(".")[0] in ("byline", "bio", "signature"))
    for z, zs in _ZONES.items()
}
_INTERVIEWER = frozenset({"采访", "对话", "访谈"})
_INTERVIEW_RUBRICS = _INTERVIEWER | {"专访", "独家专访"}
_DATED_SIGNATURES = frozenset({"signature.dated", "signature.affiliated", "signature.group"})
_CHECKED_NAMES = frozenset(
    {
        "signature.dash_note",
        "bio.author_is",
        "signature.tip",
        "signature.initiator",
        "byline.self_intro",
        "byline.whose_text",
        "signature.filer",
        "bio.speech",
    }
)
_UNDATED_AUTHOR_RULES = {
    z: tuple(r for r in rules if r.id not in _DATED_SIGNATURES) for z, rules in _AUTHOR_RULES.items()
}


def _any_match(rules: tuple[R.Rule, ...]) -> Callable[[str], bool]:
    """One test for "does any of these rules' patterns find something in the line": their anchored patterns as one
    alternation matched once, the others searched as they are.

    Why: most header and footer lines are the article's prose; trying two dozen writer patterns one call at a time
    cost more than everything else done to such a line. A match of one branch is exactly a match of its rule, so
    the rules are then tried in order as before."""
    anchored = union([r.regex for r in rules if r.anchored and r.id not in _ALONE]).match
    alone = tuple(_finds(r) for r in rules if not r.anchored or r.id in _ALONE)

    def may_write(text: str) -> bool:
        if anchored(text) is not None:
            return True
        for finds in alone:  # noqa: SIM110  (a loop, not any() of a generator: a few calls a line, each counts)
            if finds(text):
                return True
        return False

    return may_write


# Writer rules tried beside the alternation, each only on a line holding a character every match of it needs
# (`regex_gate.needed`): their first character may be almost any, so a failing line costs each of them a scan, and
# the character they need is rare (`报` of `报道`, the closing bracket, `赏` of a tip box, the last characters of a
# reporter's role word). (The generic byline's role words need common characters: its test is a search for a role
# word that the engine skips ahead in. WeChat's header line is tried only on a line ending as its date ends.)
_ALONE = frozenset(
    {"byline.reported_by", "byline.paren_reporter", "signature.tip", "byline.reporter", "byline.wechat_meta"}
)
# What a line's last character other than white space is when `byline.wechat_meta` matches it: its pattern ends
# in `今天|昨天|前天|N天前|a date (日)?` and `\s*$` (a digit: `\d`, a Unicode decimal, as str.isdecimal).
_DATE_LAST = frozenset("天前日")
# `byline.reporter` matches at the line's start: up to 12 Han characters (or an outlet in `《》`), then a reporter's
# role word; the last two characters of those words, and how far into the line the first one ends at most.
_REPORTER_OPENING = rf"(?:《[^》\n]{{1,12}}》\s*|[{R.HAN}·]{{0,12}}?)(?P<author>(?:{{roles_reporter}})"
_REPORTER_TAILS = re.compile("|".join(sorted({re.escape(w[-2:]) for w in vocab.words("roles", "reporter")})))
_REPORTER_REACH = 12 + max(len(w) for w in vocab.words("roles", "reporter"))


# A pattern opening with up to N characters, then a bracket: the bracket stands within the first N + 1 characters.
_BRACKET_OPENING = "^.{0,16}?[（(]"
_BRACKET_REACH = 17
_REPORTED_ENDING = r"(?:报道|报导)$"


def _ends_dated(text: str) -> bool:
    last = text.rstrip()[-1:]
    return last in _DATE_LAST or last.isdecimal()


_BYLINE_ROLE_OPENING = re.compile(R.BYLINE_ROLE_OPENING)
_BYLINE_ROLE_AFTER_MARK = re.compile(R.BYLINE_ROLE_AFTER_MARK)


def _finds(rule: R.Rule) -> Callable[[str], bool]:
    """Whether `rule` finds something in a line: the answer of `rule.find`, by a cheaper test where there is one."""
    if rule.id == "byline.fields":  # (its pattern is BYLINE_ROLE and an empty group)
        # A line longer than a byline finds its role word in vain: `_byline_fields` reads no such line.
        return lambda text: (
            (len(text) <= MAX_BYLINE_CHARS or len(text.strip()) <= MAX_BYLINE_CHARS)
            and (_BYLINE_ROLE_OPENING.match(text) is not None or _BYLINE_ROLE_AFTER_MARK.search(text) is not None)
        )
    find = rule.find
    if rule.id == "byline.wechat_meta":
        return lambda text: _ends_dated(text) and find(text) is not None
    if rule.id == "byline.reporter" and rule.pattern.startswith(_REPORTER_OPENING):
        # Unless the line opens with `《`, the role word ends within the first REPORTER_REACH characters.
        tails = _REPORTER_TAILS.search
        return lambda text: (text[:1] == "《" or tails(text[:_REPORTER_REACH]) is not None) and find(text) is not None
    if rule.pattern.startswith(_BRACKET_OPENING):
        # (`byline.paren_reporter`, matched at the line's start) its opening bracket is among the first characters:
        # a cheaper test than a search of the whole line for the closing one, which prose holds often
        return lambda text: ("（" in text[:_BRACKET_REACH] or "(" in text[:_BRACKET_REACH]) and find(text) is not None
    if rule.pattern.endswith(_REPORTED_ENDING) and not rule.regex.flags & re.MULTILINE:
        # (`byline.reported_by`) the line ends in `报道` or `报导` (`$`: at the end, or before a last newline)
        return lambda text: "报" in text[-3:] and find(text) is not None
    if (need := needed(rule.regex)) is None:
        return lambda text: find(text) is not None
    search = need.search
    return lambda text: search(text) is not None and find(text) is not None


_MAY_WRITE = {z: _any_match(rules) for z, rules in _AUTHOR_RULES.items()}
_MAY_WRITE_UNDATED = {z: _any_match(rules) for z, rules in _UNDATED_AUTHOR_RULES.items()}
_REPORTED_TAIL = re.compile(
    rf"\s*(?:记者|通讯员)?\s*(?P<author>[{R.HAN}]{{2,3}}(?:[、和][{R.HAN}]{{2,3}}){{0,3}})\s*(?:报道|报导)"
)
_CREDIT_AUTHOR_RULE = R.BY_ID["credit.writer"]
_CREDIT_AUTHOR = _CREDIT_AUTHOR_RULE.regex
_CREDIT_WRITER_OF = R.BY_ID["credit.writer_of"].regex
_CREDIT_REPORTER = R.BY_ID["credit.reporter"]
_BAR_WRITER = R.BY_ID["credit.writer_after_bar"]
_HONORIFIC_END = re.compile(vocab.ALTERNATIONS["names_honorifics"] + "$")


def _take_authors(r: _Reader, text: str, line: _Line, src: _Source | None) -> None:
    plain = text.replace("**", "").replace("__", "").strip()
    if (src is None or src.rule == _ARCHIVED.id) and "](" in plain:
        # `作者：[NAME](profile link)`: a writer's name is the label (also beside an archived copy, `（存档：[…](…)）`)
        plain = P.MD_LINK.sub(r"\1", plain)
    if src is not None:
        # (a link's label is its title, no credit: `[大新闻来了，记者却不见了](…)`)
        unlinked = P.MD_LINK.sub("[]", plain) if "](" in plain else plain
        m = _CREDIT_AUTHOR.search(unlinked) or _CREDIT_WRITER_OF.search(unlinked)
        if m:
            _put_authors(
                r,
                m.group("author"),
                line,
                _CREDIT_AUTHOR_RULE.id if m.re is _CREDIT_AUTHOR else "credit.writer_of",
                R.BYLINE,
            )
            return
        if "记者" in unlinked and (m := _CREDIT_REPORTER.find(unlinked)) and _person_like(m.group("author")):
            _put_authors(r, m.group("author"), line, _CREDIT_REPORTER.id, R.BYLINE)
            return
        if src.names and "｜" in unlinked and (m := _BAR_WRITER.find(unlinked)) and _person_like(m.group("author")):
            _put_authors(r, m.group("author"), line, _BAR_WRITER.id, R.BYLINE)  # `原文来自X ｜ NAME`
            return
        if _SOURCE_MARKER.match(plain):
            return  # a credit line, not a byline ("原创为「端传媒」")
    _read_byline(r, plain, line)


def _read_byline(r: _Reader, plain: str, line: _Line) -> bool:
    """Try the writer rules of the line's zone on `plain`; True once one has given the writer (or the slot)."""
    # A signature line stands over a date line: elsewhere its patterns need not be tried.
    dated = line.no in r.dated_names
    if not (_MAY_WRITE if dated else _MAY_WRITE_UNDATED)[line.zone](plain):
        return False
    for rule in (_AUTHOR_RULES if dated else _UNDATED_AUTHOR_RULES)[line.zone]:
        m = rule.find(plain)
        if not m:
            continue
        if rule.id == "byline.original_slot":
            _original_slot(r, m.group("slot"), line, rule)
            return True
        if rule.id == "byline.fields":
            if (got := _byline_fields(plain, r.get("original_account"))) is None:
                continue
            writers, weakness = got
            if _put_authors(r, writers, line, rule.id, rule.strength - weakness, completes=not weakness):
                return True
            continue
        if rule.id == "byline.wechat_meta":
            # `WRITER ACCOUNT 今天`: WeChat's header without 原创, read only when it ends in the credited account.
            tokens = m.group("slot").split()
            if r.get("original_account") == tokens[-1] and _put_authors(
                r, " ".join(tokens[:-1]), line, rule.id, rule.strength
            ):
                return True
            continue
        if rule.id in _DATED_SIGNATURES and not (
            _signed(r, line, m.group("author")) or (rule.id == "signature.group" and line.no in r.dated_names)
        ):
            continue
        if rule.id == "signature.dash" and line.no in r.epigraphs:
            continue  # `> ——NAME` under a short quotation opening the article: the epigraph's source, not the writer
        if rule.id in _CHECKED_NAMES and not (
            _person_like(m.group("author")) or m.group("author") == r.get("original_account")
        ):
            continue  # only a personal name (or the credited account's) stands before a note or a 系 clause
        glued = None
        if (
            rule.id == "byline.role_glued"
            and len(m.group("author")) > 4
            and (glued := _without_account(r, m.group("author"), glued=True)) == m.group("author")
        ):
            continue  # `作者NAME`: a longer run is a name only after the credited account's (`作者某号NAME`)
        if rule.id == "byline.self_intro" and _HONORIFIC_END.search(m.group("author")):
            continue  # `大家好，我是王医生`: a speaker introduced by a title, not a writer's name
        if rule.id == "byline.paren_reporter" and not all(2 <= len(t) <= 4 for t in _tokens(m.group("author"))):
            continue  # inside a sentence's brackets: only short personal names
        if rule.id == "byline.reported_by":
            # Only after the credited source's own name, which tells where the writer's name starts.
            # (or its short name, the tail of the credited one: `每日某某` under a credit of `某网每日某某`)
            names = [
                n[i:]
                for n in (r.get("original_account"), r.get("source_outlet"))
                if n
                for i in range(max(0, len(n) - 1))
                if plain.startswith(n[i:])
            ]
            m = _REPORTED_TAIL.fullmatch(plain, len(names[0])) if names else None
            if m is None:
                continue
        if rule.id == "byline.self_count" and r.get("original_account") is None:
            r.put("original_account", m.group("author"), line, rule.id)
        # An interviewer's credit (采访：, 对话：) gives way to the writer's own byline (作者：) beside it.
        interviewer = m.groupdict().get("role") in _INTERVIEWER
        strength = rule.strength - 1 if interviewer else rule.strength
        if _put_authors(r, glued or m.group("author"), line, rule.id, strength, completes=not interviewer):
            if rule.id == "byline.paren_reporter":
                r.consumed.difference_update(range(line.no, line.no + line.span))  # the lede stays text
            return True
    return False


# --- the generic byline reader: a line made of ROLE SEP NAMES groups, in any order and number, the role before or
# after its names (`文｜甲　编辑｜乙`, `甲｜文　乙｜图`, `摄影 甲 ｜ 撰文 乙`, `【作者】甲 【编辑】乙`, `甲 乙 译`).
_BYLINE_ROLE = re.compile(R.BYLINE_ROLE)
# What sets a group's names apart from its role and from the next group (stripped from a piece's ends).
_PIECE_EDGE = " \t\u3000：:|｜丨/／=；;，,、·・•—–-" + "".join(vocab.DATA["names"]["decorative"])
# Roles sharing the names after them (`撰文、摄影：甲`, `文 / 图 甲`): only a joining mark between them.
_JOINT = re.compile(r"^\s*[/／、&＆]\s*$|^\s*[和及]\s*$")
_NAME_LIST_SPLIT = re.compile(r"(?:\s+(?:[和与及]|and|&)(?=\s)|[\s、,，/／&＆;；])+")
# A space-separated "name" of five or more Han characters holding a function word is a sentence's words.
_FUNCTION_CHARS = re.compile("[的了是在我你他她们这那说就都也把被将从向对吗呢吧啊还没很着过]")
MAX_BYLINE_CHARS = 120


def _byline_fields(text: str, account: str | None = None) -> tuple[list[str], int] | None:
    """The writers' names of a byline line made of ROLE SEP NAMES groups (`R.BYLINE_ROLE`, `R.BYLINE_ROLE_KINDS`):
    (their name lists, how much weaker than a byline: 0 for a writer's role, 1 for an interviewer's, 2 for `整理`);
    None when the line is no such byline (no writer's role, a piece no role owns, a piece that is no list of names).
    `account`, the credited account, is read off the head of a name (`作者：某号-NAME`)."""
    s = text.strip()
    if not s or len(s) > MAX_BYLINE_CHARS:
        return None
    if s[0] in "（(" and s[-1] in "）)" and len(P.PAREN.findall(s)) == 1:
        s = s[1:-1].strip()  # `（作者：NAME）`
    s = _TYPED_BAR.sub("｜", s)  # `作者 I NAME`: a capital I (or l) between spaces for the bar
    roles = list(_BYLINE_ROLE.finditer(s))
    if not roles:
        return None
    kinds = [R.BYLINE_ROLE_KINDS[m.group("role")] for m in roles]
    if "author" not in kinds and "interviewer" not in kinds and "recorder" not in kinds:
        return None
    bounds = [0] + [x for m in roles for x in (m.start(), m.end())] + [len(s)]
    raw = [s[bounds[2 * i] : bounds[2 * i + 1]] for i in range(len(roles) + 1)]
    pieces = [p.strip(_PIECE_EDGE).lstrip("】〕]」）)").rstrip("【〔[「（(").strip(_PIECE_EDGE) for p in raw]
    k = len(roles)
    owned: list[list[int]] = [[] for _ in range(k + 1)]  # role i (1-based) -> its pieces
    taken: set[int] = set()
    for i in range(1, k + 1):
        if pieces[i - 1] and i - 1 not in taken:
            owned[i].append(i - 1)  # the role after its names (`甲｜文`)
            taken.add(i - 1)
        elif pieces[i]:
            owned[i].append(i)  # the role before its names (`文｜甲`)
            taken.add(i)
    for i in range(1, k + 1):
        if owned[i] or pieces[i]:
            continue
        if i < k and _JOINT.match(raw[i]) and owned[i + 1] == [i + 1]:
            owned[i].append(i + 1)  # `撰文、摄影：甲`: a joint credit
        elif i > 1 and owned[i - 1] == [i - 1] and len(words := pieces[i - 1].rsplit(None, 1)) == 2:
            # `作者：甲 乙 译`: the role written after the last name of the group before it is that name's
            pieces[i - 1] = words[0]
            pieces.append(words[1])
            raw.append(" " + words[1])
            owned[i].append(len(pieces) - 1)
    if any(p and j not in taken and all(j not in o for o in owned) for j, p in enumerate(pieces)):
        return None
    if account and len(account) >= 2:
        # `作者：某号-NAME`: the credited account's name before the writer's, set apart by a mark
        pieces = [
            p[len(account) :].lstrip(_ACCOUNT_JOINER) or p
            if p.startswith(account) and p[len(account) : len(account) + 1] in _ACCOUNT_JOINER
            else p
            for p in pieces
        ]
    for i in range(1, k + 1):
        for j in owned[i]:
            # (set apart from its role by a space only: `作者 甲`, `甲 文`)
            gap = raw[j][: raw[j].find(pieces[j])] if j >= i else raw[j][raw[j].rfind(pieces[j]) + len(pieces[j]) :]
            if kinds[i - 1] != "other" and _CLAUSE_END.search(pieces[j]) and not _names_first(pieces[j]):
                return None  # `记者：那么，您怎么看`: a question put in an interview, not names listed with commas
            staff = kinds[i - 1] == "interviewer" or roles[i - 1].group("role") in _STAFF_ROLES
            if staff and not _surnamed(pieces[j]):
                return None  # `记者：您好`, `对话 未来`: a newsroom's staff are people, named by surname first
            if kinds[i - 1] != "other" and not _name_list(pieces[j], not gap.strip()):
                head = _CLAUSE_END.split(pieces[j], 1)[0]
                if j != len(pieces) - 1 or not gap.strip() or head == pieces[j] or not _name_list(head, False):
                    return None
                # `作者：甲，[原文](…)发自公众号X`: a note after the last group's names, set apart by a comma
                pieces[j] = head
            if kinds[i - 1] == "other" and (len(pieces[j]) > 40 or _SENTENCE_MARK.search(pieces[j])):
                return None
    # (a newsroom's role stays with its names: `记者 甲甲甲甲 乙` keeps a four-character name among the staff)
    roles_of = {j: roles[i - 1].group("role") for i in range(1, k + 1) for j in owned[i]}
    strong = [
        f"{roles_of[j]} {pieces[j]}" if roles_of[j] in _STAFF_ROLES else pieces[j]
        for i in range(1, k + 1)
        if kinds[i - 1] == "author"
        for j in owned[i]
    ]
    if strong:
        return strong, 0
    for weakness, kind in enumerate(("interviewer", "recorder"), 1):
        if writers := [pieces[j] for i in range(1, k + 1) if kinds[i - 1] == kind for j in owned[i]]:
            return writers, weakness
    return None


_SENTENCE_MARK = re.compile("[。！？!?]")
_CLAUSE_END = re.compile("[，,；;]")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]*")


def _surnamed(piece: str) -> bool:
    """Each Chinese name of a staff list opens with a surname (a transliterated one, with its dot, need not)."""
    for tok in _NAME_LIST_SPLIT.split(P.PAREN.sub(" ", piece)):
        tok = P.ROLE_SPLIT.split(tok.strip("「」『』“”\"'@＠*" + _DECORATIVE))[-1]
        if tok and _HAN_ONLY.fullmatch(tok) and tok[0] not in _SURNAMES and tok[:2] not in _SURNAMES:
            return False
    return True


_HAN_ONLY = re.compile(f"[{P.HAN}]+")


def _names_first(piece: str) -> bool:
    """Names listed with commas open with a personal name (`甲，乙`, `甲，某大学教授`); a clause that opens with
    any other word (`那么，…`, `好的，谢谢您`, `林老师，您好`) is speech."""
    first = _CLAUSE_END.split(piece, 1)[0].strip()
    return _person_like(first) or bool(_LATIN_NAME.fullmatch(first))


_TYPED_BAR = re.compile(r"(?<=\s)[Il](?=\s+[^\x00-\x7f])")
_STAFF_ROLES = frozenset(vocab.words("roles", "reporter"))


def _name_list(piece: str, spaced: bool) -> bool:
    """A byline's names: each token a name's shape (a personal, pen, Latin or group name; a role glued before it,
    `实习生甲`, and a remark in brackets set aside), none of them a sentence; after only a space, no sentence's
    function words in a long one."""
    p = P.PAREN.sub(" ", piece).strip()
    if not p or len(p) > 60 or _SENTENCE_MARK.search(p) or ":" in p or "：" in p:
        return False
    for tok in _NAME_LIST_SPLIT.split(p):
        tok = tok.strip("「」『』“”\"'@＠*" + _DECORATIVE)
        if not tok:
            continue
        if len(tok) >= 3 and tok.endswith("等"):
            tok = tok[:-1]
        parts = P.ROLE_SPLIT.split(tok)
        tok = parts[-1] or tok
        if not (P.PERSON_TOKEN.match(tok) or P.GROUP_TOKEN.match(tok)) or _NOT_A_NAME.match(tok):
            return False
        if _TRANSFERRED.match(tok) or (_CALL_TO_ACTION.search(tok) and not _person_like(tok)):
            return False  # `文/图 来自网络`, `文案：欢迎关注我们`: where the text came from, a request to the reader
        han = sum(1 for ch in tok if "\u3400" <= ch <= "\u9fff")
        if _SENTENCE.search(tok) or (spaced and han >= 5 and _FUNCTION_CHARS.search(tok)):
            return False
    return True


# A byline's "name" that says where the text came from, or asks the reader to act (vocabulary: byline).
_TRANSFERRED = re.compile("^" + vocab.ALTERNATIONS["byline_source_heads"])
_CALL_TO_ACTION = re.compile(vocab.ALTERNATIONS["byline_requests"])


# The date WeChat prints after the byline of a page (`原创 WRITER ACCOUNT 今天`, `… 2018-04-01`).
_META_DATE = re.compile(r"\s+(?:今天|昨天|前天|\d{1,2}\s*天前|\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*$")


def _original_slot(r: _Reader, slot: str, line: _Line, rule: R.Rule) -> None:
    # (names of one script only: a mixed pen name is read in a byline, not in this slot of display names)
    persons = [t for t in _tokens(_META_DATE.sub("", slot)) if P.PLAIN_NAME.match(t)]
    if len(persons) >= 2:
        last = persons[-1]
        current = r.get("original_account")
        if len(last) >= 4 or (current and current in persons):
            # WeChat's own byline: 原创：author … account.
            if current is None or current in persons:
                r.put("original_account", last, line, rule.id, replace=True)
                r.mark_repost(line, rule.id)  # WeChat's header names the account that published the text
            persons = persons[:-1]
    if persons:
        r.put("original_author", persons, line, rule.id, strength=rule.strength)


def _signed(r: _Reader, line: _Line, name: str) -> bool:
    """A bare name line is a signature only when a date line follows it and the name looks like one."""
    return line.no in r.dated_names and _person_like(name)


def _put_authors(
    r: _Reader, s: str | list[str], line: _Line, rule: str, strength: int, *, completes: bool = True
) -> bool:
    """Put the writers of a byline `s` (or of its groups, each read on its own: `作者：甲，乙 文：丙`)."""
    persons, orgs = [], []
    for part in [s] if isinstance(s, str) else s:
        more, other = _names(_without_account(r, part))
        persons += [p for p in more if p not in persons]
        orgs += other
    ev = r.evidence.get("original_author")
    if completes and persons and ev is not None and set(r.values["original_author"]) < set(persons):
        # A later byline repeating the writers and naming more completes them ("作者：甲" then "（记者甲 乙）").
        return r.put("original_author", persons, line, rule, replace=True, strength=max(strength, r.strength[ev.field]))
    if (
        persons
        and ev is not None
        and (ev.rule == rule != _FIELDS.id or {ev.rule, rule} <= _CONTINUED_BYLINES and _staff_line(ev.rule, rule, s))
        and 0 < r.distance(ev.line, line.no) <= 2
        and strength == r.strength[ev.field]
    ):
        # A byline continued on the next line ("记者 甲 乙" / "实习记者 丙"): one byline.
        joined = r.values["original_author"] + [p for p in persons if p not in r.values["original_author"]]
        r.values["original_author"] = joined
        ev.value = " ".join(joined)
        r.consumed.update(range(line.no, line.no + line.span))
        return True
    if persons and r.put("original_author", persons, line, rule, strength=strength):
        for org in orgs:
            r.org_candidates.append((org, line))
        return True
    return False


# A byline and the line under it naming more staff (`文｜某报记者 甲 乙` / `某报实习生 丙`): one byline.
_CONTINUED_BYLINES = frozenset({"byline.fields", "byline.role", "byline.reporter"})


def _staff_line(above: str, rule: str, s: str | list[str]) -> bool:
    """A line continues a generic byline above it, or is a generic byline continuing one, only with more of a
    newsroom's staff (`记者 丙`); a writer's own byline under another (`作者：甲` / `文 乙`, `甲｜文` / `作者：乙`) is a
    second credit, not more names."""
    parts = [s] if isinstance(s, str) else s
    if _FIELDS.id not in (above, rule):
        return True
    if rule == "byline.reporter":
        return all(_surnamed(_BYLINE_ROLE.sub(" ", part).strip(_PIECE_EDGE)) for part in parts)
    return rule == _FIELDS.id and all(part.split(" ", 1)[0] in _STAFF_ROLES for part in parts)


_ACCOUNT_JOINER = " -－—–·・/／|｜:："


def _without_account(r: _Reader, s: str, *, glued: bool = False) -> str:
    """`作者：某号-NAME`, `作者：某号/NAME`: the credited account's name before the writer's, set apart by a mark, is
    not part of it (glued to it only after a role glued to the name too: `作者某号NAME`; `作者：某号甲乙` may be a pen
    name that begins with the account's)."""
    account = r.get("original_account")
    st = s.strip()
    if not account or len(account) < 2 or not st.startswith(account):
        return s
    rest = st[len(account) :]
    if not glued and rest[:1] not in _ACCOUNT_JOINER:
        return s
    return rest.lstrip(_ACCOUNT_JOINER) or s


def _names(s: str) -> tuple[list[str], list[str]]:
    """(person names, organisation names) of a byline."""
    tokens = _tokens(s)
    if len(tokens) <= 1:
        return tokens, []
    if all(t.isascii() for t in tokens) and len(tokens) <= 4:
        return [" ".join(tokens)], []  # one Latin name in several words ("Anna Lee")
    persons, orgs = [], []
    for t in tokens:
        han = sum(1 for ch in t if "\u3400" <= ch <= "\u9fff")
        # `南方周末Pro`: a Han name with a Latin word is an organisation's when it ends like one
        mixed = 0 < han < len(t) and P.OUTLET_NAME.search(t) is not None
        dotted = han >= 4 and "·" in t and P.PERSON_TOKEN.match(t) is not None  # `胡安·加西亚`: a foreign name
        (orgs if (han >= 4 and not dotted) or mixed else persons).append(t)
    if persons and orgs and _STAFF_ROLE.search(s) and any(_four_char_person(t) for t in orgs):
        # `记者 甲甲甲甲 乙 丙`: a newsroom's staff are people; among their personal names a four-character one
        # opening with a surname is a person's too (a double surname, `欧阳某某`, or two surnames): the whole list is
        # kept. (After `作者：` a four-character token may be a pen name or a group's, and stays apart.)
        persons = [t for t in tokens if t in persons or _four_char_person(t)]
        orgs = [t for t in orgs if t not in persons]
    if not persons and "、" in s and not any(P.OUTLET_NAME.search(t) or P.GROUP_TOKEN.match(t) for t in orgs):
        return orgs, []  # `甲甲甲甲、乙乙乙乙`: long pen names listed with the enumeration comma are all writers
    if not persons:  # "黄沙律师 深圳沙沙": keep the first as the writer
        persons, orgs = orgs[:1], orgs[1:]
    return persons, orgs


_STAFF_ROLE = re.compile(vocab.ALTERNATIONS["roles_reporter"])


def _four_char_person(t: str) -> bool:
    return (
        len(t) == 4
        and _person_like(t)
        and not P.OUTLET_NAME.search(t)
        and not P.GROUP_TOKEN.match(t)
        and not _DATELINE_END.search(t)  # `郑州报道`, `黄冈连线`: where the report was filed from
    )


_DATELINE_END = re.compile("(?:报道|报导|连线|发自|电讯|专电|快讯)$")


def _tokens(s: str) -> list[str]:
    """The name tokens of a byline, role words and bracketed remarks dropped."""
    s = P.PAREN.sub(" ", s)
    s, *clauses = re.split(r"(?=[，。；;])", s)
    for clause in clauses:
        # "作者：甲，乙": a list of short personal names written with commas; anything else (a bio, a
        # place, a role) ends the names.
        names = _JOINED_NAMES.split(clause[1:].strip())  # `作者：甲，乙和丙`
        if clause[0] not in "，；;" or not all(len(name) <= 3 and _person_like(name) for name in names):
            break
        s += " " + " ".join(names)
    post = _ROLE_AFTER_NAME.search(s)
    if post and post.start() > 0:
        s = s[: post.start()]  # `甲 乙 译`: the translator's role written after the translator's name
    stop = P.ROLE_STOP.search(s)
    if stop and stop.start() > 0:
        s = s[: stop.start()]
    elif stop:
        return []
    tokens: list[str] = []
    for tok in P.NAME_SPLIT.split(s):
        tok = tok.strip(" ·:：|｜丨「」『』“”\"'@＠" + _DECORATIVE)  # `作者「NAME」`, `@NAME`: marks are not the name
        if len(tok) >= 3 and tok.endswith("等"):
            tok = tok[:-1]  # `王小明等`: and others
        if not tok:
            continue
        parts = P.ROLE_SPLIT.split(tok)
        if len(parts) == 2 and not parts[1] and _person_like(parts[0]):
            parts = ["", parts[0]]  # `甲实习生 乙`: the next name's role glued after a personal name
        # "南方周末记者" is an outlet's staff label; the name is what follows the role word.
        parts = [p.strip(" ·:：|｜/") for p in (parts[1:] if len(parts) > 1 else parts)]
        parts = [_without_honorific(p) for p in parts]
        for p in parts:
            pair = _JOINED_NAMES.split(p) if len(p) >= 5 else [p]
            # `甲、乙和丙`: personal names joined by a conjunction without spaces, each a personal name.
            tokens.extend(pair if len(pair) > 1 and all(_person_like(n) for n in pair) else [p] if p else [])
    return [
        t
        for t in tokens
        if (P.PERSON_TOKEN.match(t) or P.GROUP_TOKEN.match(t))
        and not _NOT_A_NAME.match(t)
        and not _INDEFINITE.match(t)  # `作者：一位医生`: someone unnamed, as in a credit (clean_name)
        and t not in _AUTHOR_ROLES
    ]


def _without_honorific(name: str) -> str:
    """`甲乙教授` -> `甲乙`: a title of address after a personal name is not part of it."""
    m = _ADDRESS_END.search(name)
    return name[: m.start()] if m and _person_like(name[: m.start()]) else name


_ADDRESS_END = re.compile(vocab.ALTERNATIONS["names_address_titles"] + "$")


_AUTHOR_ROLES = frozenset(vocab.words("roles", "author"))  # `作者：作者｜NAME`: the role written twice is no name


_JOINED_NAMES = re.compile("[和与及]")
# A non-writer's role written after a name, closing the byline or a field of it (`甘霖 译`, `甘霖/译｜…`); not one
# written before its name (`王春 摄影 刘海韵`).
_ROLE_AFTER_NAME = re.compile(
    r"(?:(?<=\s)|(?<=^))[^\s/｜|:：]{1,20}\s*/?\s*"
    + vocab.ALTERNATIONS["roles_not_author"]
    + r"(?=\s*(?:$|[|｜/，,；;]))"
)


_SURNAMES = frozenset(vocab.DATA["names"]["surnames"])


def _person_like(name: str) -> bool:
    """A weak slot's value (a bare signature, a title prefix) must look like a personal name: a form of
    address (`张女士`, `王老师`) or an anonymised one (`李某`, `李某某`) names no one a researcher can cite, and a
    place that opens with a surname (`武汉`, `某州`) is none."""
    return (
        2 <= len(name) <= 4
        and (name[0] in _SURNAMES or name[:2] in _SURNAMES)
        and not _NOT_A_NAME.match(name)
        and not _HONORIFIC_END.search(name)
        and not _ANONYMISED.search(name)
        and not _place(name)
    )


_PLACES = frozenset(vocab.words("names", "places"))
_PLACE_ENDINGS = tuple(vocab.words("names", "place_endings"))


def _place(name: str) -> bool:
    """`武汉`, `某州`: a place (a city's diary, a dateline), not a person, though it opens with a surname."""
    return name in _PLACES or name.endswith(_PLACE_ENDINGS) and (len(name) == 2 or name[:-1] in _PLACES)


_NICKNAME = re.compile("^" + vocab.ALTERNATIONS["names_nickname_prefixes"] + f"[{P.HAN}]{{1,2}}$")
_KINSHIP = frozenset(vocab.words("names", "kinship_words"))


def _nickname(name: str) -> bool:
    """`阿柴`: a pen name of a common shape the surname list does not cover (`阿姨` is a kinship word)."""
    return _NICKNAME.match(name) is not None and name[:2] not in _KINSHIP


_ANONYMISED = re.compile("某+$")


# --- front matter -------------------------------------------------------------------------------

_FM_KINDS = {
    **{k: "url" for k in vocab.words("front_matter", "url")},
    **{k: "author" for k in vocab.words("front_matter", "author")},
    **{k: "source" for k in vocab.words("front_matter", "source")},
}
_FM_MISSPELT: dict[str, str] = dict(vocab.DATA["front_matter"]["misspellings"])
_FM_REPOST_AUTHOR = re.compile(rf"^\s*{vocab.ALTERNATIONS['front_matter_repost_author']}\s*$", re.IGNORECASE)


def _fm_kind(key: str) -> str | None:
    k = key.strip().lower().replace("-", "_").replace(" ", "_")
    return _FM_KINDS.get(_FM_MISSPELT.get(k, k))


def _read_front_matter(r: _Reader, fm: Mapping[str, Any]) -> None:
    for key, value in fm.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        text = str(value).strip()
        desc = f"{key}: {text}"
        no = r.key_lines.get(str(key), 0)
        if str(key).lower() != "title" and r.fm_deleted is None and _deleted(text):
            # "description: …原文已被404": the archivist's note on the original (the title is the
            # original's own headline, which may tell of other deletions).
            r.fm_deleted = (desc, no)
        if str(key).lower() == "author" and _FM_REPOST_AUTHOR.match(text):
            r.mark_repost(None, "front_matter.repost_author", desc, no)
            continue
        kind = _fm_kind(str(key))
        if kind is None or not text:
            continue
        rule = f"front_matter.{kind}"
        r.mark_repost(None, rule, desc, no)
        if kind == "author":
            persons, _ = _names(text)
            r.put("original_author", persons or [text], None, rule, strength=R.BYLINE, fm=desc, fm_line=no)
        elif is_url(text):
            r.put("original_url", text, None, rule, fm=desc, fm_line=no)
        else:
            src = _parse_source(text, r.title_key, "block") or _parse_credit(text, r.title_key, text)
            src.rule = rule
            _take_source(r, src, _Line(0, desc, text, "block"))
            for name in ("original_url", "original_account", "source_outlet", "original_deleted", "_platform_words"):
                ev = r.evidence.get(name)
                if ev is not None and ev.rule == rule:
                    ev.text, ev.line = desc, no


# --- WeChat account header ----------------------------------------------------------------------


def _read_account_header(r: _Reader, doc: Markup) -> None:
    """`[Name]` / `**Name**` / `微信号 gh_…` / `功能介绍 …`: the header of a saved WeChat page."""
    raw_lines, start = doc.lines, doc.start
    for i, raw in enumerate(raw_lines[:HEAD_RAW_LINES]):
        if "微信" not in raw:  # the header's `微信号` line; no other line needs cleaning here
            continue
        m = _HEADER.find(doc.clean(i))
        if not m:
            continue
        id_line = _Line(i + start, raw, doc.clean(i), "head")
        names: list[tuple[str, _Line]] = []
        j = i - 1
        while j >= 0 and len(names) < 3 and i - j <= 4:
            prev = _LINKED_NAME.sub(r"\1", doc.clean(j)).strip("[]*_ ")
            if prev and len(prev) <= 40 and not P.RULE.match(raw_lines[j]):
                if names and prev != names[0][0]:
                    break
                names.append((prev, _Line(j + start, raw_lines[j], prev, "head")))
            j -= 1
        current = r.get("original_account")
        if names and (current is None or names[0][0] == current):
            r.put("original_account", names[0][0], names[0][1], _HEADER.id)
            r.consumed.update(ln.no for _, ln in names)
        r.put("original_account_id", m.group("id"), id_line, _HEADER.id)
        inner = r.strength.get("original_account", 0) >= R.INNER_CREDIT
        if names and inner and r.get("original_account_id") == m.group("id"):
            # An inner credit under the header named the first publisher (`来源丨公众号「Y」`): the header's id is
            # its own account's, the reposter's.
            r.id_owner = names[0][0]
        r.put("_platform_words", WECHAT, id_line, _HEADER.id)
        r.mark_repost(id_line, _HEADER.id)
        for k in range(i + 1, min(i + 4, len(raw_lines))):
            d = _HEADER_DESC.find(doc.clean(k))
            if d:
                line = _Line(k + start, raw_lines[k], "", "head")
                r.put("account_description", d.group("description").strip(), line, _HEADER_DESC.id)
                break
        return


_HEADER = R.BY_ID["header.account"]
# `[NAME](javascript:;)`: the header's name linked to the page's own script, the label is the name.
_LINKED_NAME = re.compile(r"^\[([^\[\]\n]{1,40})\]\([^()\n]*\)$")
_HEADER_DESC = R.BY_ID["header.description"]


# --- fields that need the whole picture ---------------------------------------------------------


_WECHAT_ID_RULES = frozenset(
    {"id.wechat_number", "id.paren", "id.after_comma", "id.name_pair", "id.card", "header.account"}
)


_SLOT_RULE = "byline.original_slot"


def _wechat_id(r: _Reader) -> bool:
    """The account id was given the way WeChat gives it: by an id rule, or as `（ID：y）` in a credit."""
    ev = r.evidence.get("original_account_id")
    if ev is None:
        return False
    # (the line as the rules read it: an escape or a zero-width space in the id is formatting, not the id)
    text = clean_line(ev.text)
    return ev.rule in _WECHAT_ID_RULES or re.search(r"ID\s*[:：]\s*" + re.escape(ev.value), text, re.I) is not None


def _resolve(r: _Reader, body: str, raw_lines: list[str], start: int) -> None:
    account, owner = r.get("original_account"), r.id_owner
    if owner and account and "original_account_id" in r.values and not _same_account(owner, account):
        # An id is its account's: the id of an account a later credit replaced as the first publisher, or of
        # another account's card (`欢迎关注：乙（ID：y）` under a credit of 甲), is not the credited account's.
        del r.values["original_account_id"], r.evidence["original_account_id"]
        r.strength.pop("original_account_id", None)
    for org, line in r.org_candidates:
        if org in (r.get("original_account"), r.get("source_outlet")):
            continue
        rule = r.evidence["original_author"].rule if "original_author" in r.evidence else "byline.role"
        if _role(org, [], r.get("original_url"))[0] == "account":
            r.put("original_account", org, line, rule)
        else:
            r.put("source_outlet", org, line, rule)

    for whole, writer, line, rule in r.split_names:
        field = next((f for f in ("original_account", "source_outlet") if r.get(f) == whole), None)
        authors = r.get("original_author") or []
        if field is not None and authors and whole.count(" ") == 1:
            # `「方某 某某实验室」`: a byline of the article names one of the two; the other is the account.
            first, second = whole.split(" ")
            other = second if first in authors else first if second in authors else None
            if other:
                r.put(field, other, line, rule, replace=True)
            continue
        if field is None or authors:
            continue
        # `「兽人 小周」`: one quote for the account and its writer, when the article names that writer
        # too; account names hold spaces as well (`「梁某 文馆」`), and one alone is not split.
        in_credits = sum(raw_lines[n - start].count(writer) for n in r.consumed if 0 <= n - start < len(raw_lines))
        if whole.endswith("的" + writer) and (
            not (writer.endswith("君") or _person_like(writer)) or body.count(writer) <= body.count(whole)
        ):
            continue  # `「某某的鹿鸣君」`: a pen name, named alone in the article too (`X的主人` is one account's name)
        if body.count(writer) > in_credits:
            r.put(field, whole[: -len(writer)].strip().removesuffix("的"), line, rule, replace=True)
            r.put("original_author", [writer], line, rule, strength=R.SLOT)

    platform = platform_from_url(r.get("original_url"))
    if platform:
        _copy(r, "source_platform", platform, "original_url", "platform.url")
    elif r.get("_platform_words"):
        words = r.evidence.get("_platform_words")
        rule = words.rule if words is not None and words.rule.startswith("card.") else "platform.words"
        _copy(r, "source_platform", r.get("_platform_words"), "_platform_words", rule)  # (a footer card's: its rule)
    elif _wechat_id(r):
        # `X（ID：y）`, a footer `ID：y` card, `微信号 y`: the way WeChat accounts give their id.
        _copy(r, "source_platform", WECHAT, "original_account_id", "platform.account_id")
    elif r.evidence.get("original_account") and r.evidence["original_account"].rule == _SLOT_RULE:
        # `原创 WRITER ACCOUNT`: the header WeChat prints over an original article.
        _copy(r, "source_platform", WECHAT, "original_account", "platform.wechat_header")
    elif r.first_line is not None:
        m = next(
            (
                m
                for m in BODY_WECHAT_WORDS.finditer(body)
                if not _OTHER_ACCOUNTS.search(body, max(0, m.start() - 4), m.start())
                and not _named_other(r, body, m.end())
            ),
            None,
        )
        if m:
            no = body.count("\n", 0, m.start())
            r.put("source_platform", WECHAT, _Line(no + start, raw_lines[no], "", "body"), "platform.body_words")
            r.consumed.discard(no + start)  # a word in the article, not a provenance line

    if r.suffix_outlet and r.get("original_account") is None and r.get("source_platform") == WECHAT:
        m = SELF_WECHAT_WORDS.search(body)
        if m:
            # `欢迎关注本公号` under a credit of `X电台`: the text is X's own post, X an account named like an outlet.
            ev = r.evidence["source_outlet"]
            del r.values["source_outlet"], r.evidence["source_outlet"], r.strength["source_outlet"]
            r.values["original_account"] = ev.value
            r.evidence["original_account"] = Evidence("original_account", ev.value, ev.line, ev.text, _SELF_ACCOUNT)
    if r.get("source_platform") == DOUBAN and r.get("original_account") is None and r.get("original_author"):
        # On Douban the credited writer is the account.
        _copy(r, "original_account", r.get("original_author")[0], "original_author", "douban.writer_is_account")
    elif r.get("source_platform") == DOUBAN and r.get("original_author") is None and _own_feature(r):
        # and the account is the writer when the credit names its diary or broadcast, a person's own (not a group).
        _copy(r, "original_author", [r.get("original_account")], "original_account", "douban.writer_is_account")
    if r.get("source_platform") == ZHIHU and r.get("original_account") is None:
        m = P.ZHIHU_TITLE.search(r.title)
        if m:
            r.put("original_account", m.group(1).strip(), None, "title.zhihu_answer", fm=f"title: {r.title}")
    if r.get("original_author") is None and r.first_line is not None:
        _title_credit(r, body, raw_lines, start)


# `很多公众号`, `据一个公众号报道`: accounts the story speaks of, not where this text was published.
_OTHER_ACCOUNTS = re.compile(vocab.ALTERNATIONS["platform_other_accounts"] + r"$")
# An account word with the account's name in quotes after it (`图片引自公众号「某号」`, `微信公众号“某号”上有一篇`).
_QUOTED_ACCOUNT = re.compile(r"\s*[:：]?\s*[「“\"『]([^」”\"』\n]{1,30})[」”\"』]")


# The name written right before an id card, set apart as a name: after a colon or in quote marks
# (`欢迎关注：乙（ID：y）`, `欢迎关注我们的兄弟号：乙（ID：y）`, `欢迎关注“乙”（ID：y）` → 乙). The words of a request
# to follow are no name (`关注我们，获取更多故事（ID：y）`, `↓↓长按二维码关注↓↓（ID：y）`, `欢迎关注 乙 Yi（ID：y）`):
# no owner is known then.
_OWNER_TAIL = re.compile(r"(?:[:：]\s*([^\s:：｜|丨，,。；;！!、]{1,40})|[「“\"『]([^」”\"』\n]{1,40})[」”\"』])\s*$")


def _id_owner(before: str) -> str:
    m = _OWNER_TAIL.search(_visible(P.MD_LINK.sub(r"\1", before)))
    if not m:
        return ""
    name = clean_name(m.group(1) or m.group(2))[0] or ""
    return name if len(name) >= 2 else ""


def _same_account(owner: str, account: str) -> bool:
    """The words an id was given with name the credited account: they hold its name, or share half the characters
    of the shorter name (the account written another way: `河湾君` for `河湾小组`, a typo `林间三月` for `林间山月`).
    A name in another script than the account's cannot be told from it (`Beacon Lab` for `灯塔实验室`)."""
    if account in owner or owner in account:
        return True
    if bool(_HAN_CHAR.search(owner)) != bool(_HAN_CHAR.search(account)):
        return True
    return 2 * len(set(owner) & set(account)) >= min(len(set(owner)), len(set(account)))


def _named_other(r: _Reader, body: str, end: int) -> bool:
    """The account word names another account than the credited one: an account the story tells of."""
    m = _QUOTED_ACCOUNT.match(body, end)
    return m is not None and clean_name(m.group(1))[0] not in (r.get("original_account"), r.get("source_outlet"))


def _own_feature(r: _Reader) -> bool:
    """`「X」豆瓣日记`, `X的广播`: the credit gives the account with a feature only a person has."""
    account, ev = r.get("original_account"), r.evidence.get("original_account")
    if not account or ev is None:
        return False
    if ev.rule == _HOLDER.id:
        return True  # `发帖人：X`: the one who posted it
    if ev.rule == _SELF.id:  # `这是豆瓣网友「X」发在小组里的帖子`
        return re.search(vocab.ALTERNATIONS["platform_personal_features"], ev.text) is not None
    tail = r"[」”\"』]?\s*的?\s*(?:豆瓣)?\s*" + vocab.ALTERNATIONS["platform_personal_features"]
    return re.search(re.escape(account) + tail, ev.text) is not None


_SELF_ACCOUNT = "account.self_reference"
_TITLE = R.BY_ID["title.credit"]
_RUBRICS = frozenset(vocab.words("names", "rubrics"))


# `原题为“NAME：…”`, `原标题：NAME｜…` in a credit: the original's own title, read like the post's title.
_ORIGINAL_TITLE = re.compile(r"原(?:标)?题(?:为|是)?\s*[:：]?\s*[“\"「《]([^”\"」》]{2,80})")


_TERM_MARKS = (("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"), ('"', '"'))


def _title_credit(r: _Reader, body: str, raw_lines: list[str], start: int) -> None:
    m = _TITLE.find(r.title)
    if not m and r.doc is not None:
        for n in sorted(r.consumed):
            # (the line as the rules read it, cleaned already: `&#65306;` or a tag in the quoted title is formatting)
            t = _ORIGINAL_TITLE.search(r.doc.clean(n - start)) if 0 <= n - start < len(raw_lines) else None
            if t and (m := _TITLE.find(t.group(1))):
                break
    if not m:
        return
    name = m.group("author")
    if name in _RUBRICS or platform_from_words(name) or _NOT_A_NAME.match(name) or _place(name):
        return  # (`武汉：封城第十天`: a dateline, not a writer)
    if m.group("honorific") and name[0] in "一这那某该此每各":
        return  # "某位律师：…" speaks of a person without naming one
    if m.group("rubric") and (m.group("rubric") in _INTERVIEW_RUBRICS or not (_person_like(name) or _nickname(name))):
        return  # after a rubric the slot is weaker (`豆瓣 | 求助：…`), and an interview's names its interviewee
    if len(name) > 3 and name != r.get("original_account"):
        return  # a longer prefix is a rubric ("往事回首：") unless it reads as a name or is the account
    credits = [raw_lines[n - start] for n in r.consumed if 0 <= n - start < len(raw_lines)]
    for quoted in (f"{o}{name}{c}" for o, c in _TERM_MARKS):
        if body.count(quoted) > sum(line.count(quoted) for line in credits):
            return  # `“大逃港”` in the article (not in a credit): a term or a title it speaks of, not a person
    mentions = body.count(name) - sum(line.count(name) for line in credits)
    if mentions > MAX_TITLE_CREDIT_MENTIONS:
        # A picture's caption or alt text names whom it shows (`<figcaption>NAME与父亲</figcaption>`), not what the
        # text is about; and a name the text gives the word to (`NAME：…` opening its lines, an interview's answers)
        # is the one whose words the title quotes, however often it is written.
        shown = [ln for ln in raw_lines if name in ln and (_CAPTION.match(ln) or P.IMAGE.search(ln))]
        mentions -= sum(ln.count(name) for ln in shown)
        turn = re.compile(r"^[\s>*【\[]*" + re.escape(name) + r"\s*[*】\]]*\s*[：:]")  # (not `NAME告诉记者：`)
        # (each line as the rules read it: a turn set in a paragraph tag or emphasis is a turn all the same)
        if sum(1 for ln in raw_lines if name in ln and turn.match(clean_line(ln))) >= MIN_SPEAKER_TURNS:
            mentions = 0
    if mentions <= MAX_TITLE_CREDIT_MENTIONS:
        r.put("original_author", [name], None, _TITLE.id, strength=_TITLE.strength, fm=f"title: {r.title}")


def _copy(r: _Reader, name: str, value: Any, from_field: str, rule: str) -> None:
    ev = r.evidence.get(from_field)
    if ev is None:
        r.values.setdefault(name, value)
        return
    if name not in r.values:
        r.values[name] = value
        r.evidence[name] = Evidence(name, _ev_value(value), ev.line, ev.text, rule)


def _ev_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def _provenance(r: _Reader) -> Provenance:
    v = r.values
    author = v.get("original_author")
    prov = Provenance(
        is_repost=r.first_line is not None,
        source_platform=v.get("source_platform"),
        original_account=v.get("original_account"),
        original_account_id=v.get("original_account_id"),
        source_outlet=v.get("source_outlet"),
        original_url=v.get("original_url"),
        original_author=" ".join(author) if author else None,
        original_deleted=bool(v.get("original_deleted")),
        account_description=v.get("account_description"),
        consumed_lines=set(r.consumed),
    )
    if r.first_line is not None:
        prov.evidence.append(r.first_line)
    prov.evidence.extend(r.evidence[f] for f in FIELDS if f in r.evidence)
    return prov
