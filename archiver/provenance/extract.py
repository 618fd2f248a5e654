"""Read the provenance of a post (fields defined in LABELING.md), with the file line each value came from.

Provenance sits in a few places: front matter keys, a block of lines at the top of the body (often closed
by a `---` rule), a WeChat account header (name, 微信号, 功能介绍), bylines near the top, and credits in the
last lines. Only those windows are read line by line, so a very long post costs one pass for the
platform words and the title-credit count.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archiver.markup import Markup, clean_line, is_url, link_url
from archiver.provenance import patterns as P
from archiver.provenance.platform import (
    BODY_WECHAT_WORDS,
    DOUBAN,
    SOCIAL,
    WECHAT,
    ZHIHU,
    platform_from_url,
    platform_from_words,
)

HEAD_RAW_LINES = 60  # raw body lines searched for the provenance block and the account header
HEAD_TEXT_LINES = 15  # non-empty lines at the top read for bylines and secondary credits
FOOT_TEXT_LINES = 10  # non-empty lines at the end read for closing credits and signatures
BLOCK_FALLBACK_LINES = 3  # without a closing rule, the provenance block is this many lines
MAX_BLOCK_LINES = 14  # a block longer than this is article text, not provenance
MAX_CREDIT_CHARS = 300  # visible characters; longer lines are paragraphs, not credits
MAX_TITLE_CREDIT_MENTIONS = 3  # an author is rarely named in the text; a subject is named often

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
    line: int  # 1-based line of the file; 0 = a front matter key (text is `key: value`)
    text: str  # that line, as written


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
    zone: str  # block | head | foot
    span: int = 1  # file lines it covers (a link broken across two lines)


@dataclass
class _Name:
    name: str
    words: list[str]  # platform words written with it
    url: str | None  # the link it names or that follows it


@dataclass
class _Source:
    names: list[_Name]
    url: str | None
    words: list[str]
    deleted: bool


class _Reader:
    """Collects values first-come, with one Evidence each."""

    def __init__(self, title: str | None) -> None:
        self.title = title or ""
        self.title_key = _key(self.title)
        self.values: dict[str, Any] = {}
        self.evidence: dict[str, Evidence] = {}
        self.consumed: set[int] = set()
        self.org_candidates: list[tuple[str, _Line]] = []
        self.first_line: Evidence | None = None
        self.author_from_slot = False  # original_author came from WeChat's `原创：` slot
        self.fm_deleted: str | None = None  # a front matter value with deletion words (`key: value`)

    def put(self, name: str, value: Any, line: _Line | None, *, replace: bool = False, fm: str = "") -> bool:
        if value in (None, "", []) or (name in self.values and not replace):
            return False
        self.values[name] = value
        no, text = (line.no, line.raw) if line else (0, fm)
        self.evidence[name] = Evidence(name, _ev_value(value), no, text)
        if line is not None:
            self.consumed.update(range(line.no, line.no + line.span))
        return True

    def mark_repost(self, line: _Line | None, fm: str = "") -> None:
        if self.first_line is None:
            self.first_line = Evidence("is_repost", "true", line.no if line else 0, line.raw if line else fm)
        if line is not None:
            self.consumed.update(range(line.no, line.no + line.span))

    def get(self, name: str) -> Any:
        return self.values.get(name)


def read_provenance(
    front_matter: Mapping[str, Any], body: str, body_start_line: int = 1, markup: Markup | None = None
) -> Provenance:
    """The provenance fields of a post, each with the line it was read from. Pass the post's `Markup`
    when it has been read already, so each line is cleaned once."""
    title = front_matter.get("title") if isinstance(front_matter.get("title"), str) else None
    reader = _Reader(title)
    doc = markup if markup is not None else Markup(body, body_start_line)
    raw_lines = doc.lines
    block, head, foot, rule_no = _windows(doc)

    _read_front_matter(reader, front_matter)
    for line in block + head + foot:
        _read_line(reader, line)
    block_has_source = reader.first_line is not None and any(ln.no == reader.first_line.line for ln in block)
    if block_has_source:
        # A takedown note beside the credit ("回答建议修改：违反…法律法规", "原文已被删").
        for line in block:
            if P.DELETED_WORDS.search(_visible(P.MD_LINK.sub("", line.text))):
                reader.put("original_deleted", True, line)
    if reader.fm_deleted and reader.first_line is not None:
        reader.put("original_deleted", True, None, fm=reader.fm_deleted)
    _read_account_header(reader, doc)
    _resolve(reader, body, raw_lines, body_start_line)

    if block_has_source and rule_no is not None:
        # The archive's own layout: provenance block, then a rule, then the article.
        reader.consumed.update(ln.no for ln in block)
        reader.consumed.add(rule_no)
    return _provenance(reader)


# --- windows ------------------------------------------------------------------------------------


def _windows(doc: Markup) -> tuple[list[_Line], list[_Line], list[_Line], int | None]:
    """(provenance block, rest of the head window, foot window, file line of the rule closing the block)."""
    raw_lines, start = doc.lines, doc.start
    head_idx: list[int] = []
    rule_at: int | None = None
    for i, raw in enumerate(raw_lines[:HEAD_RAW_LINES]):
        if not doc.is_prose(i):
            continue
        if P.RULE.match(raw):
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
    block = [_joined(doc, i, "block") for i in in_block]
    head = [_joined(doc, i, "head") for i in head_idx if i not in in_block]

    foot: list[_Line] = []
    seen = set(head_idx)
    for i in range(len(raw_lines) - 1, max(-1, len(raw_lines) - 200), -1):
        if len(foot) >= FOOT_TEXT_LINES or i in seen:
            break
        if not doc.is_prose(i) or P.RULE.match(raw_lines[i]):
            continue
        # Images and QR furniture trail many posts; they do not use up the window.
        if clean_line(P.IMAGE.sub("", raw_lines[i])):
            foot.append(_Line(i + start, raw_lines[i], doc.clean(i), "foot"))
    foot.reverse()
    return block, head, foot, (rule_at + start if rule_at is not None else None)


def _joined(doc: Markup, i: int, zone: str) -> _Line:
    """Line i, with the next line appended when a link is broken across them (`[title\n](url)`)."""
    raw = doc.lines[i]
    if i + 1 < len(doc.lines) and _open_link(raw):
        joined = raw + doc.lines[i + 1]
        return _Line(i + doc.start, joined, clean_line(joined), zone, span=2)
    return _Line(i + doc.start, raw, doc.clean(i), zone)


def _open_link(raw: str) -> bool:
    return raw.count("[") > raw.count("]") or raw.count("](") > raw.count(")")


# --- one line -----------------------------------------------------------------------------------


def _visible(s: str) -> str:
    return P.BARE_URL.sub("", P.MD_LINK.sub(r"\1", s))


def _read_line(r: _Reader, line: _Line) -> None:
    text = line.text
    if not text or len(_visible(text)) > MAX_CREDIT_CHARS:
        return
    src = _parse_source(text, r.title_key, line.zone)
    if src is None and line.zone == "block":
        src = _parse_unmarked(text, r.title_key, r.first_line is not None, r.get("original_url") is not None)
    if src is not None:
        _take_source(r, src, line)
    _take_ids(r, text, line, src)
    _take_authors(r, text, line, src)


def _parse_source(text: str, title_key: str, zone: str) -> _Source | None:
    for m in P.SOURCE_MARKER.finditer(text):
        before = text[: m.start()]
        if P.IMAGE_CREDIT_BEFORE.search(before):
            continue
        if zone == "block":
            if len(_visible(before).strip()) > 60:
                return None
        elif not P.CREDIT_PREFIX.match(before):
            return None
        src = _parse_credit(text[m.end() :], title_key, text)
        if P.NOUN_MARKER.match(m.group()):
            _name_before(src, before)
        # The original's URL is the first link of the line, even one written before the lead-in when
        # it is marked gone ("~~[被删](url)~~ 重发，原文来自…"); a tool's link there is not
        # ("本文由 [简悦](…) 转码，原文来自…").
        before = P.IMAGE.sub("", before)
        if P.STRUCK.search(before) or P.DELETED_WORDS.search(before):
            src.url = _first_url(before) or src.url
        return src
    return None


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


def _parse_unmarked(text: str, title_key: str, has_source: bool, has_url: bool) -> _Source | None:
    """Block lines without a lead-in: `「X」：[title](url)`, or a lone link to the original (also
    below a credit that named the source without a link)."""
    m = P.NAME_COLON_LINK.match(text)
    if m and (m.group(1) or not has_source):
        return _parse_credit(text, title_key, text)
    stripped = text.strip("~ ")
    link = P.MD_LINK.match(stripped)
    if link and not has_url:
        label = link.group(1)
        after = stripped[link.end() :]
        if "原文" in label or _is_title(label, title_key) or P.DELETED_WORDS.search(after):
            url = link_url(link.group(1), link.group(2))
            if url:
                return _Source([], url, [], _deleted(text))
    return None


def _parse_credit(rest: str, title_key: str, whole: str) -> _Source:
    names: list[_Name] = []
    words: list[str] = []
    while True:
        rest = P.SEPARATORS.sub("", rest)
        lead: list[str] = []
        while pm := P.LEAD_PLATFORM.match(rest):
            lead.append(pm.group().strip(" :："))
            rest = rest[pm.end() :]
        name, url, rest = _take_name(rest, title_key, lead)
        words.extend(lead)
        if name:
            if url is None:
                url = _first_url(rest)
            names.append(_Name(name, lead, url))
        elif url and not names:
            names.append(_Name("", lead, url))
        c = P.CONNECTOR.match(rest)
        if not c or not rest[c.end() :]:
            break
        rest = rest[c.end() :]
    url = next((n.url for n in names if n.url), None) or _first_url(rest)
    names = [n for n in names if n.name]
    trailing = platform_from_words(P.MD_LINK.sub("", rest))  # "By X，微信号 Y"
    if trailing:
        words.append(trailing[1])
    for n in names:
        hit = platform_from_words(n.name)
        if hit:
            words.append(hit[1])
    return _Source(names, url, words, _deleted(whole))


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
            if sep and not whole_title and 0 < len(source) <= 20 and _is_title(rest_label, title_key):
                return _strip_lead(source.strip(), lead), url, after  # [财新网:title](url)
            if is_url(label) or whole_title or len(label) > 20:
                return "", url, after
            return _strip_lead(label, lead), url, after
    q = P.QUOTED.match(s)
    if q:
        opening = q.group(1)
        end = s.find(P.CLOSE_QUOTE[opening], q.end())
        if end > 0:
            inner, after = s[q.end() : end], s[end + 1 :]
            link = P.MD_LINK.search(inner)
            if link:
                return _strip_lead(link.group(1).strip("~ "), lead), link_url(*link.groups()), after
            name = re.split(r"[，,]", inner.strip("~ *"), maxsplit=1)[0].strip()
            return _strip_lead(name, lead), None, after
    b = P.BOLD.match(s)
    if b:
        return _strip_lead(b.group(1).strip(), lead), None, s[b.end() :]
    u = P.BARE_URL.match(s)
    if u:
        return "", u.group().rstrip("~"), s[u.end() :]
    n = P.BARE_NAME.match(s)
    if n:
        name = n.group(1).strip()
        if len(name) > 20:  # a sentence, not a name
            return "", None, s
        return _strip_lead(name, lead), None, s[n.end() :]
    return "", None, s


def _strip_lead(name: str, lead: list[str]) -> str:
    """`微信公众号现代法学前沿` -> `现代法学前沿` (the words go to `lead`)."""
    while pm := P.LEAD_PLATFORM.match(name):
        if pm.end() >= len(name):
            break
        lead.append(pm.group().strip(" :："))
        name = name[pm.end() :]
    return name.strip(" ~*")


def _first_url(s: str) -> str | None:
    for m in P.MD_LINK.finditer(s):
        url = link_url(m.group(1), m.group(2))
        if url:
            return url
    u = P.BARE_URL.search(s)
    return u.group().rstrip("~") if u else None


def _key(s: str) -> str:
    return "".join(ch for ch in s if ch.isalnum()).lower()


def _is_title(label: str, title_key: str) -> bool:
    k = _key(label)
    if not k or not title_key:
        return False
    # A label that opens the title is usually its source ("Matters 通讯：…" from [Matters](…)).
    return k == title_key or title_key in k or (len(k) >= 6 and k in title_key and not title_key.startswith(k))


def _deleted(text: str) -> bool:
    if P.STRUCK.search(text):
        return True
    # Words only outside link labels: a title may itself say 被删.
    return bool(P.DELETED_WORDS.search(P.MD_LINK.sub("", text)))


def _take_source(r: _Reader, src: _Source, line: _Line) -> None:
    r.mark_repost(line)
    if src.url:
        r.put("original_url", src.url, line)
    if src.deleted:
        r.put("original_deleted", True, line)
    for word in src.words:
        hit = platform_from_words(word)
        if hit:
            r.put("_platform_words", hit[0], line)
            break
    for n in src.names:
        name = n.name
        if name in (r.get("original_account"), r.get("source_outlet")):
            continue
        role = _role(name, n.words, n.url)
        if role == "outlet":
            r.put("source_outlet", P.OUTLET_DESCRIPTOR.sub("", name) or name, line)
        else:
            r.put("original_account", name, line)


def _role(name: str, words: list[str], url: str | None) -> str:
    if any((hit := platform_from_words(w)) and hit[0] in SOCIAL for w in words) or BODY_WECHAT_WORDS.search(name):
        return "account"
    platform = platform_from_url(url)
    if platform in SOCIAL:
        return "account"
    if platform is not None:
        return "outlet"
    # Archive copy, mirror or no link: a news organisation's name usually says what it is.
    return "outlet" if P.OUTLET_NAME.search(name) else "account"


def _take_ids(r: _Reader, text: str, line: _Line, src: _Source | None) -> None:
    if src and src.names and r.get("original_account") not in {n.name for n in src.names}:
        return  # the id of another account than the one credited
    for pattern in P.ACCOUNT_ID_PATTERNS:
        m = pattern.search(text)
        if m:
            r.put("original_account_id", m.group(1), line)
            inner = P.ACCOUNT_IN_BRACKETS.search(text)
            if inner:
                r.put("original_account", inner.group(1).strip(), line)
            r.mark_repost(line)
            return


def _take_authors(r: _Reader, text: str, line: _Line, src: _Source | None) -> None:
    plain = text.replace("**", "").replace("__", "").strip()
    if src is not None:
        m = re.search(r"[，,]\s*作者\s*[:：]?\s*([^，,。]+)", plain)
        if m:
            _put_authors(r, m.group(1), line)
            return
        if P.SOURCE_MARKER.match(plain):
            return  # a credit line, not a byline ("原创为「端传媒」")
    m = P.ORIGINAL_BYLINE.match(plain)
    if m:
        persons = _tokens(m.group(1))
        if len(persons) >= 2:
            last = persons[-1]
            current = r.get("original_account")
            if len(last) >= 4 or (current and current in persons):
                # WeChat's own byline: 原创：author … account.
                if current is None or current in persons:
                    r.put("original_account", last, line, replace=True)
                persons = persons[:-1]
        if persons and r.put("original_author", persons, line):
            r.author_from_slot = True
        return
    m = P.AUTHOR_LINE.match(plain) or P.AUTHOR_GLUED.match(plain)
    if m and not plain.startswith(("作者的", "作者单位")):
        _put_authors(r, m.group(1), line)
        return
    m = P.ROLE_BYLINE.match(plain)
    if m:
        _put_authors(r, plain, line)
        return
    if line.zone != "foot":
        m = P.PAREN_REPORTER.search(plain, 0, 40)
        if m and m.start() <= 16:  # a dateline byline opens the lede: "新京报讯（记者杨畅）"
            _put_authors(r, "记者" + m.group(1), line)
            return
    m = P.SIGNATURE.match(plain)
    if m:
        r.put("original_author", [m.group(1).strip()], line)


def _put_authors(r: _Reader, s: str, line: _Line) -> None:
    persons, orgs = _names(s)
    # WeChat's `原创：` slot often holds a pen or team name ("原创：某某工作室"); a byline that names
    # the writers (`文 | 甲 乙`, `作者：甲`, `记者 甲`) says more and replaces it.
    if persons and r.put("original_author", persons, line, replace=r.author_from_slot):
        r.author_from_slot = False
        for org in orgs:
            r.org_candidates.append((org, line))


def _names(s: str) -> tuple[list[str], list[str]]:
    """(person names, organisation names) of a byline."""
    tokens = _tokens(s)
    if len(tokens) <= 1:
        return tokens, []
    persons, orgs = [], []
    for t in tokens:
        han = sum(1 for ch in t if "\u3400" <= ch <= "\u9fff")
        mixed = 0 < han < len(t)
        (orgs if han >= 4 or mixed else persons).append(t)
    if not persons:  # "黄沙律师 深圳沙沙": keep the first as the writer
        persons, orgs = orgs[:1], orgs[1:]
    return persons, orgs


def _tokens(s: str) -> list[str]:
    """The name tokens of a byline, role words and bracketed remarks dropped."""
    s = P.PAREN.sub(" ", s)
    s = re.split(r"[，。；;]", s, maxsplit=1)[0]
    stop = P.ROLE_STOP.search(s)
    if stop and stop.start() > 0:
        s = s[: stop.start()]
    tokens: list[str] = []
    for tok in P.NAME_SPLIT.split(s):
        tok = tok.strip(" ·:：|｜丨")
        if not tok:
            continue
        parts = P.ROLE_SPLIT.split(tok)
        # "南方周末记者" is an outlet's staff label; the name is what follows the role word.
        tokens.extend(p for p in (parts[1:] if len(parts) > 1 else parts) if p)
    return [t for t in tokens if P.PERSON_TOKEN.match(t)]


# --- front matter -------------------------------------------------------------------------------

_FM_SOURCE = ("source", "sources", "original", "origin", "via", "from", "repost", "reprint", "credit")
_FM_URL = ("source_url", "original_url", "origin_url", "original_link", "source_link", "canonical_url")
_FM_AUTHOR = ("original_author", "source_author", "origin_author")
_FM_REPOST_AUTHOR = re.compile(r"^\s*(?:转载|转发|repost|reprint)\s*$", re.IGNORECASE)


def _fm_kind(key: str) -> str | None:
    k = re.sub(r"[^a-z_]", "", key.lower().replace("-", "_").replace(" ", "_"))
    for kind, names in (("url", _FM_URL), ("author", _FM_AUTHOR), ("source", _FM_SOURCE)):
        # Misspelled keys (`soruce`, `orignal_url`) are common in hand-written front matter.
        if k in names or (len(k) >= 5 and difflib.get_close_matches(k, names, n=1, cutoff=0.8)):
            return kind
    return None


def _read_front_matter(r: _Reader, fm: Mapping[str, Any]) -> None:
    for key, value in fm.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        text = str(value).strip()
        desc = f"{key}: {text}"
        if str(key).lower() != "title" and r.fm_deleted is None and _deleted(text):
            # "description: …原文已被404": the archivist's note on the original (the title is the
            # original's own headline, which may tell of other deletions).
            r.fm_deleted = desc
        if str(key).lower() == "author" and _FM_REPOST_AUTHOR.match(text):
            r.mark_repost(None, desc)
            continue
        kind = _fm_kind(str(key))
        if kind is None or not text:
            continue
        r.mark_repost(None, desc)
        if kind == "author":
            persons, _ = _names(text)
            r.put("original_author", persons or [text], None, fm=desc)
        elif is_url(text):
            r.put("original_url", text, None, fm=desc)
        else:
            src = _parse_source(text, r.title_key, "block") or _parse_credit(text, r.title_key, text)
            fake = _Line(0, desc, text, "block")
            _take_source(r, src, fake)
            r.consumed.discard(0)
            for name in ("original_url", "original_account", "source_outlet", "original_deleted"):
                if name in r.evidence and r.evidence[name].line == 0:
                    r.evidence[name].text = desc


# --- WeChat account header ----------------------------------------------------------------------


def _read_account_header(r: _Reader, doc: Markup) -> None:
    """`[Name]` / `**Name**` / `微信号 gh_…` / `功能介绍 …`: the header of a saved WeChat page."""
    raw_lines, start = doc.lines, doc.start
    for i, raw in enumerate(raw_lines[:HEAD_RAW_LINES]):
        m = P.HEADER_ID_LINE.match(doc.clean(i))
        if not m:
            continue
        id_line = _Line(i + start, raw, doc.clean(i), "head")
        names: list[tuple[str, _Line]] = []
        j = i - 1
        while j >= 0 and len(names) < 3 and i - j <= 4:
            prev = doc.clean(j).strip("[]*_ ")
            if prev and len(prev) <= 40 and not P.RULE.match(raw_lines[j]):
                if names and prev != names[0][0]:
                    break
                names.append((prev, _Line(j + start, raw_lines[j], prev, "head")))
            j -= 1
        current = r.get("original_account")
        if names and (current is None or names[0][0] == current):
            r.put("original_account", names[0][0], names[0][1])
            r.consumed.update(ln.no for _, ln in names)
        r.put("original_account_id", m.group(1), id_line)
        r.put("_platform_words", WECHAT, id_line)
        r.mark_repost(id_line)
        for k in range(i + 1, min(i + 4, len(raw_lines))):
            d = P.HEADER_DESC_LINE.match(doc.clean(k))
            if d:
                r.put("account_description", d.group(1).strip(), _Line(k + start, raw_lines[k], "", "head"))
                break
        return


# --- fields that need the whole picture ---------------------------------------------------------


def _resolve(r: _Reader, body: str, raw_lines: list[str], start: int) -> None:
    for org, line in r.org_candidates:
        if org in (r.get("original_account"), r.get("source_outlet")):
            continue
        if _role(org, [], r.get("original_url")) == "account":
            r.put("original_account", org, line)
        else:
            r.put("source_outlet", org, line)

    platform = platform_from_url(r.get("original_url"))
    if platform:
        _copy(r, "source_platform", platform, "original_url")
    elif r.get("_platform_words"):
        _copy(r, "source_platform", r.get("_platform_words"), "_platform_words")
    elif r.first_line is not None:
        m = BODY_WECHAT_WORDS.search(body)
        if m:
            no = body.count("\n", 0, m.start())
            r.put("source_platform", WECHAT, _Line(no + start, raw_lines[no], "", "body"))
            r.consumed.discard(no + start)  # a word in the article, not a provenance line

    if r.get("source_platform") == DOUBAN and r.get("original_account") is None and r.get("original_author"):
        # On Douban the credited writer is the account (LABELING.md).
        _copy(r, "original_account", r.get("original_author")[0], "original_author")
    if r.get("source_platform") == ZHIHU and r.get("original_account") is None:
        m = P.ZHIHU_TITLE.search(r.title)
        if m:
            r.put("original_account", m.group(1).strip(), None, fm=f"title: {r.title}")
    if r.get("original_author") is None and r.first_line is not None:
        _title_credit(r, body, raw_lines, start)


def _title_credit(r: _Reader, body: str, raw_lines: list[str], start: int) -> None:
    m = P.TITLE_CREDIT.match(r.title)
    if not m:
        return
    name = m.group(1)
    if name in _NOT_NAMES or platform_from_words(name):
        return
    in_credits = sum(raw_lines[n - start].count(name) for n in r.consumed if 0 <= n - start < len(raw_lines))
    mentions = body.count(name) - in_credits
    if mentions <= MAX_TITLE_CREDIT_MENTIONS:
        r.put("original_author", [name], None, fm=f"title: {r.title}")


# Title prefixes that are rubrics, not people.
_NOT_NAMES = frozenset(
    [
        "特稿",
        "专访",
        "来稿",
        "独家",
        "深度",
        "快讯",
        "更新",
        "声明",
        "通知",
        "公告",
        "重磅",
        "突发",
        "视频",
        "图集",
        "早报",
        "晚报",
        "观察",
        "评论",
        "社论",
        "热点",
        "头条",
        "解读",
        "现场",
        "调查",
        "故事",
        "访谈",
        "对话",
        "回应",
        "实录",
        "全文",
        "原文",
        "转载",
        "聚焦",
        "关注",
        "推荐",
        "科普",
        "专题",
        "连载",
        "来信",
        "投稿",
        "编者按",
        "导读",
        "速览",
        "特写",
        "随笔",
        "札记",
        "书评",
        "影评",
        "时评",
        "快评",
        "新闻",
        "资讯",
        "提醒",
        "警惕",
        "注意",
        "紧急",
        "最新",
        "官方",
        "辟谣",
        "真相",
    ]
)


def _copy(r: _Reader, name: str, value: Any, from_field: str) -> None:
    ev = r.evidence.get(from_field)
    if ev is None:
        r.values.setdefault(name, value)
        return
    if name not in r.values:
        r.values[name] = value
        r.evidence[name] = Evidence(name, _ev_value(value), ev.line, ev.text)


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
