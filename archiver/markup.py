"""The one markup reader: each body line read once into its kind, its clean line and its visible text.

Article text, provenance and images all read a post's body through `Markup`. It is line-oriented on
purpose: the archives write one paragraph per line, and a few compiled passes per line cost a fraction
of a CommonMark parse (1.4–2.5 ms a post here, several times the whole reading budget).

Two views of a prose line:
- `clean(i)`: the cleanup step every provenance rule sees. HTML tags and entities gone, a backslash
  before any punctuation (full-width too) dropped, block markers (`>`, list bullets, `#`, decorative
  marks such as ◎ ■ ▲ ●) and emphasis wrapped around the whole line removed, separators normalised,
  white space before a colon dropped. Markdown links and `~~strike~~` stay: they carry the original's URL
  and its deletion. `clean_parts(i)` splits the line at its HTML breaks, but a label left alone before a
  break (`来源：<br>X`) reads with the value after it.
- `visible(i)`: what a reader sees, for the `text` column: links as their labels, no emphasis, a
  `<br>` splitting the line. Empty for a fenced code fence; code inside a fence is kept as written.

Lines inside a fenced code block (``` or ~~~) are code, never prose: no rule reads them, and their
image-looking strings are not images.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from archiver.regex_gate import gated

PROSE, CODE, FENCE, BLANK = "prose", "code", "fence", "blank"

# --- shared patterns (linear: bounded repeats, nothing nested) -------------------------------------
# Markdown inline images; the optional quoted title and angle brackets are CommonMark's.
# Every repeat is bounded and possessive, and no piece can run into the next reference: the alt text stops
# at `[`, a path at `(` unless it opens a balanced `(…)`, a title at its closing quote. So however many
# unclosed `![a](` a line holds, each character is looked at a few times, not once per open reference.
# `{{ site.baseurl }}` may hold spaces, so a Liquid output counts as one piece of the path; a lone `{`
# is allowed apart, so that no text can be split two ways (no exponential backtracking). The path alone has
# no length bound: it stops at the first `(`, space or `>` all the same, and a bound dropped the reference of
# a longer one (a data: URI, say) without a row; its length is the file system's to judge.
MARKDOWN_IMAGE = re.compile(
    r"!\[([^\[\]\n]{0,1000}+)\]\(\s*+<?((?:{{[^}\n]{0,100}+}}|{(?!{)|\([^()\s]{0,200}+\)|[^{()\s>])++)>?"
    r"""(?:\s++(?:"[^"\n]{0,1000}+"|'[^'\n]{0,1000}+'|\([^()\n]{0,1000}+\)))?\s*+\)"""
)
# A tag stops at the next `<img`, so an unclosed one costs its own length, not the rest of the text; no bound
# besides (a tag with a long data: URI is an image like any other).
HTML_IMAGE = re.compile(r"<img\b(?:[^<>]|<(?!img\b))*+>", re.IGNORECASE)
# [text](target "optional title"); the target may be a URL or (written backwards) the text.
MD_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(\s*<?([^()\s<>]{0,2000})>?(?:\s+\"[^\"\n]{0,300}\")?\s*\)")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>")
# A bare URL ends at white space, brackets (also full-width ones around it: `（https://…）`) and Chinese punctuation.
BARE_URL = re.compile(r"https?://[^\s<>()\[\]~，。、（）「」【】《》；]{1,2000}")
RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*[—－=]{3,}\s*$")
# What a thematic break opens with: one of its marks, or white space (every character str.isspace holds: none is
# above U+3000, tests/test_markup.py checks it), so one set test instead of a set test and isspace.
_RULE_FIRST = frozenset("-*_—－=" + "".join(c for c in map(chr, range(0x3001)) if c.isspace()))


def is_rule(raw: str) -> bool:
    """A thematic break (RULE); the first character is looked at before the pattern, since most lines open
    with none of the few a break may open with."""
    return raw[:1] in _RULE_FIRST and RULE.match(raw) is not None


FENCE_MARK = re.compile(r"^\s{0,3}(`{3,}|~{3,})")

_LIQUID = re.compile(r"\{%[^%\n]{0,500}%\}|\{\{[^{}\n]{0,500}\}\}")
LINE_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)|<img\b[^<>\n]{0,2000}>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>\n]{0,1000}>")
_LINK_LABEL = re.compile(r"\[([^\[\]\n]{0,1000})\]\([^()\n]{0,2000}\)")
_REF_BRACKETS = re.compile(r"^\[([^\[\]\n]{1,200})\]$")
# (the inside holds none of `*_~`, so the closing marks can only follow its whole run: a possessive run is the lazy
# one's only match, found without a test of the closing marks after each character)
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)([^*_~\n]{1,2000}+)(?<=\S)\1")
_SINGLE_EMPHASIS = gated(
    re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,2000}?)(?<=\S)\*(?!\*)|(?<!\w)_(?=\S)([^_\n]{1,2000}?)(?<=\S)_(?!\w)")
)
_STRAY_MARKS = re.compile(r"\*\*|~~")
# CommonMark's escapable ASCII punctuation, plus full-width punctuation that editors escape too (and 丨, the
# ideograph written as a bar: `作者 \丨NAME`).
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u4e28])")
_SHIELD = 0xF0000  # a private-use plane, almost never in real text (a line that has it is not shielded)
_UNSHIELD = re.compile("[\U000f0000-\U000fffff]")
_LEAD = re.compile(r"^(?:\s*>)*\s*(?:#{1,6}(?=\S|\s)\s*)?(?:[-*+]\s+)?")
# Block markers and decorative marks before a credit line: `> `, `- `, `## `, `■ `, `◎`.
_DECORATIVE_CHARS = "■□●○•▲△▼◆◇◎★☆▶►"
_CLEAN_LEAD = re.compile(rf"^(?:\s*>)*\s*(?:[-*+]\s+)?(?:#{{1,6}}\s*)?(?:[{_DECORATIVE_CHARS}]\s*)*")
# What a nonempty match of _CLEAN_LEAD starts with (besides white space).
_CLEAN_LEAD_CHARS = frozenset(">-*+#" + _DECORATIVE_CHARS)
_WRAPPED = re.compile(r"^(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1$")
# A short label in bold or italics opening the line, its separator after the marks (`**来源**：`, `**作者** |`).
_WRAPPED_LABEL = re.compile(r"^(\*\*|__|\*|_)([^*_\s]{1,12})\1(?=\s*[:：｜/])")
# Characters that make a line need markup work at all; most prose lines have none of them.
_MARKUP_CHARS = re.compile(r"[<>\[\]*_~`\\&{}#+\-\u200b\ufeff\xa0]")
_HEADING = re.compile(r"^\s*(?:>\s*)*#{1,6}")
# Separators written several ways: one spelling each, so rules name one of them.
_SEPARATOR_MAP = {
    "|": "｜",
    "︱": "｜",
    "│": "｜",
    "┃": "｜",
    "／": "/",
    "\u3000": " ",
    "\xa0": " ",
    "\u200b": "",
    "\ufeff": "",
}
_SEPARATORS = re.compile("[" + "".join(_SEPARATOR_MAP) + "]")
# White space between a Chinese label and its colon (`来源 ：X`): a space there is typing, not meaning; the rules
# read one spelling, the colon right after its label. Only after a character outside ASCII: after a Latin word or a
# URL the space may be the text's own (`By : NAME` is read as `By NAME`; `URL :点击` must not glue `:` to the URL).
_SPACE_BEFORE_COLON = re.compile(r"(?<=[^\x00-\x7f])[ \t]+(?=：|:(?!//))")
# What makes the cleanup step's first passes change a line at all (`<`, `&`, a backslash, a separator).
_CLEAN_WORK = re.compile("[<&\\\\" + "".join(_SEPARATOR_MAP) + "]")
# `<a href="URL">label</a>`: an HTML link read as the Markdown link it is, so its URL reaches the rules.
_HTML_LINK = re.compile(
    r"""<a\b[^<>\n]{0,500}?\bhref\s*=\s*["']?([^"'<>\s]{1,2000})["']?[^<>\n]{0,500}>([^<>\n]{0,500})</a\s*>""",
    re.IGNORECASE,
)
# A Markdown table row (`| 来源 | 东岸日报 |`) and its delimiter row (`| --- | :--: |`).
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_DELIMITER = re.compile(r"^\s*:?-{3,}:?\s*$")


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str | None  # the target when it is an http(s) URL, else the label when that is one, else None


def clean_line(raw: str) -> str:
    """The cleanup step: the one spelling of a line that every provenance rule reads."""
    if "|" in raw and TABLE_ROW.match(raw) or "<" in raw and _BREAK.search(raw):
        return " ".join(clean_parts(raw))
    return _clean_one(raw)


def clean_parts(raw: str) -> list[str]:
    """The cleanup step for one raw line, as the visible lines it holds: an HTML break (`<br>`, `</p>`,
    `</div>`) ends one, and a Markdown table row is its cells, a two-cell row read as `label：value`."""
    if "|" in raw and TABLE_ROW.match(raw):
        cells = [c.strip() for c in raw.strip().strip("|").split("|")]
        if all(_TABLE_DELIMITER.match(c) for c in cells):
            return []
        cells = [c for c in (_clean_one(c) for c in cells) if c]
        if len(cells) == 2 and not cells[0].endswith((":", "：")):
            return [cells[0] + "：" + cells[1]]
        return [" ｜ ".join(cells)] if cells else []
    if "<" in raw and _BREAK.search(raw):
        return _label_joined([c for c in (_clean_one(part) for part in _BREAK.split(raw)) if c])
    s = _clean_one(raw)
    return [s] if s else []


# A label with its separator and nothing after it (`来源：`, `原文来自「北窗」：`, `作者 ｜`): a break after it
# breaks one credit in two.
_LABEL_END = frozenset("：:｜丨/")
LABEL_PART_CHARS = 30


def _is_label(part: str) -> bool:
    return part[-1:] in _LABEL_END and len(part) <= LABEL_PART_CHARS


def _label_joined(parts: list[str]) -> list[str]:
    """Parts of one line (split at its breaks) with a short part that ends with a separator joined to the part
    after it: `来源：<br>X` reads `来源：X`, as the reader sees the label and, under it, its value."""
    if len(parts) < 2 or not any(map(_is_label, parts[:-1])):
        return parts
    out: list[str] = []
    for part in parts:
        prev = out[-1] if out else ""
        if _is_label(prev):
            # (emphasis around the whole line, broken by the break, is around the joined part: `*作者：<br>X*`)
            out[-1] = _unwrapped(prev + ("" if prev[-1] == "：" else " ") + part)
        else:
            out.append(part)
    return out


def _clean_one(raw: str) -> str:
    # (each pass runs only where its pattern can match: an autolink and a tag open with `<`, a block marker or a
    # decorative mark opens the line; most lines hold none of `<`, `&`, a backslash or a separator to normalise)
    s = raw if _CLEAN_WORK.search(raw) is None else _cleaned_marks(raw)
    if " ：" in s or " :" in s:
        s = _SPACE_BEFORE_COLON.sub("", s)
    if s[:1] in _CLEAN_LEAD_CHARS or s[:1].isspace():
        s = _CLEAN_LEAD.sub("", s)
    s = s.strip()
    return s if s[:1] not in _WRAP_MARKS else _unwrapped(s)  # (most lines open with no emphasis mark)


def _unwrapped(s: str) -> str:
    """A clean line without emphasis around the whole of it (`**来源：X**`) or around its label (`**来源**：X`)."""
    if s[:1] not in _WRAP_MARKS:
        return s  # (both patterns below open with an emphasis mark)
    while (m := _WRAPPED.match(s)) and m.group(2).count(m.group(1)) % 2 == 0:
        s = m.group(2).strip()
        if s[:1] in _DECORATIVE_CHARS:  # a decorative mark inside the emphasis (`**■ NAME**`), as before it
            s = s.lstrip(_DECORATIVE_CHARS + " \t")
    if s[:1] in "*_":
        s = _WRAPPED_LABEL.sub(r"\2", s)  # `**来源**：X`: the label alone in bold
    return s


_WRAP_MARKS = frozenset("*_")


def _cleaned_marks(raw: str) -> str:
    s = AUTOLINK.sub(r"\1", raw) if "<" in raw else raw
    if "<" in s:
        if "href" in s:
            s = _HTML_LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if _SEPARATORS.search(s):
        s = _SEPARATORS.sub(lambda m: _SEPARATOR_MAP[m.group()], s)
    return s


# What a nonempty match of _LEAD starts with (besides white space).
_LEAD_CHARS = frozenset(">#-*+")


def _FIRST(m: re.Match[str]) -> str:  # noqa: N802  (a replacement, as `\1` would be; a function is quicker on 3.11)
    return m.group(1)


def _SECOND(m: re.Match[str]) -> str:  # noqa: N802
    return m.group(2)


def visible_parts(raw: str) -> list[str]:
    """What a reader sees of one prose line: several parts when a `<br>` breaks it."""
    if not _MARKUP_CHARS.search(raw):
        s = raw.strip()
        if "\r" in s:
            s = s.replace("\r", "").strip()
        return [s] if s else []
    s = raw.replace("\r", "")
    # Each pass runs only when its pattern's opening character is in the line.
    if "{" in s:
        s = _LIQUID.sub("", s)
    lt = "<" in s
    if lt or "![" in s:
        s = LINE_IMAGE.sub("", s)
    if lt:
        s = _BREAK.sub("\n", s)
    out = []
    for part in s.split("\n"):
        if lt and "<" in part:
            part = _TAG.sub("", AUTOLINK.sub(r"\1", part))
        # Escaped marks are literal: hide them from the emphasis and link patterns.
        # A line that holds characters of the shield's plane already (private use, rare but legal) is read
        # unshielded: unshielding would turn them into other characters, even half ones (U+FD800 → U+D800).
        shielded = "\\" in part and not _UNSHIELD.search(part)
        if shielded:
            part = _ESCAPE.sub(lambda m: chr(_SHIELD + ord(m.group(1))), part)
        # Each pass below runs only when the line holds what its pattern cannot match without: a block marker
        # or a space first, a `[`, two marks in a row, a single mark.
        if part[:1] in _LEAD_CHARS or part[:1].isspace():
            part = _LEAD.sub("", part)
        part = part.strip() if "[" not in part else _REF_BRACKETS.sub(_FIRST, _LINK_LABEL.sub(_FIRST, part).strip())
        if "*" in part or "_" in part or "~" in part:
            if "**" in part or "__" in part or "~~" in part:
                part = _EMPHASIS.sub(_SECOND, part)
            if "*" in part or "_" in part:
                part = _SINGLE_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), part)
            if "**" in part or "~~" in part:
                part = _STRAY_MARKS.sub("", part)
        if shielded:
            part = _UNSHIELD.sub(lambda m: chr(ord(m.group()) - _SHIELD), part)
        if "&" in part:
            part = html.unescape(part)
        part = part.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ").strip()
        if part:
            out.append(part)
    return out


def link_url(label: str, target: str) -> str | None:
    """The URL a Markdown link points at: its target, or its label when the two were written backwards."""
    if is_url(target):
        return target
    label = label.strip("~ ")
    return label if is_url(label) else None


def is_url(s: str) -> bool:
    return s[:8].lower().startswith(("http://", "https://"))


def links(line: str) -> list[Link]:
    """The links of a (clean) line in order: Markdown links, then bare URLs outside them."""
    found = [(m.start(), Link(m.group(1), link_url(m.group(1), m.group(2)))) for m in MD_LINK.finditer(line)]
    rest = MD_LINK.sub(lambda m: " " * len(m.group()), line)
    found += [(m.start(), Link(m.group(), m.group().rstrip("~"))) for m in BARE_URL.finditer(rest)]
    return [link for _, link in sorted(found, key=lambda item: item[0])]


class Markup:
    """A body read line by line: each line's kind, and its two views (the clean one computed once, on demand)."""

    __slots__ = ("lines", "kinds", "start", "_clean", "_parts", "_code_spans", "_extra_blanks")

    def __init__(self, body: str, start: int = 1) -> None:
        self.lines = body.split("\n")
        self.start = start  # 1-based file line of the body's first line
        if "```" in body or "~~~" in body:
            self.kinds = _kinds(self.lines)
        else:  # no fence mark anywhere: every line is prose or blank (isspace is what strip() strips)
            self.kinds = [PROSE if line and not line.isspace() else BLANK for line in self.lines]
        self._clean: dict[int, str] = {}
        self._parts: dict[int, list[str]] = {}
        self._code_spans: list[tuple[int, int]] | None = None
        self._extra_blanks: list[int] | None = None

    def file_line(self, i: int) -> int:
        return i + self.start

    def is_prose(self, i: int) -> bool:
        return self.kinds[i] == PROSE

    def clean(self, i: int) -> str:
        """Line i after the cleanup step ("" for code, fences and blank lines)."""
        s = self._clean.get(i)
        if s is None:
            s = clean_line(self.lines[i]) if self.kinds[i] == PROSE else ""
            self._clean[i] = s
        return s

    def clean_parts(self, i: int) -> list[str]:
        """Line i after the cleanup step, as the lines a reader sees in it (a `<br>`, a table row's cells)."""
        parts = self._parts.get(i)
        if parts is None:
            raw = self.lines[i]
            if self.kinds[i] != PROSE:
                parts = []
            elif "<" in raw or "|" in raw:
                parts = clean_parts(raw)
            else:
                s = self.clean(i)
                parts = [s] if s else []
            self._parts[i] = parts
        return parts

    def visible(self, i: int) -> list[str]:
        """Line i as a reader sees it; code inside a fence as written, fences themselves empty. (Not kept: the
        article's text, its one reader, reads each line once.)"""
        kind = self.kinds[i]
        if kind == PROSE:
            return visible_parts(self.lines[i])
        if kind == CODE:
            code = self.lines[i].rstrip()
            return [code] if code.strip() else []
        return []

    def distance(self, a: int, b: int) -> int:
        """How far file line b stands below file line a, a run of blank lines counted as one: Markdown renders
        two blank lines as it renders one, so `甲` / blank / blank / `乙` are as near as `甲` / blank / `乙`."""
        lo, hi = a - self.start, b - self.start
        if not 0 <= lo < hi < len(self.lines) or hi - lo <= 2:
            return b - a
        if self._extra_blanks is None:
            extra, count, blank_before = [0], 0, False
            for kind in self.kinds:
                blank = kind == BLANK
                count += blank and blank_before
                blank_before = blank
                extra.append(count)
            self._extra_blanks = extra
        # (the blank lines strictly between the two that follow another blank line)
        return b - a - (self._extra_blanks[hi] - self._extra_blanks[lo + 1])

    def is_heading(self, i: int) -> bool:
        return self.kinds[i] == PROSE and bool(_HEADING.match(self.lines[i]))

    def code_spans(self) -> list[tuple[int, int]]:
        """Character ranges of the body that are fenced code (fences included), for whole-body scans."""
        if self._code_spans is None:
            spans: list[tuple[int, int]] = []
            offset, begin = 0, None
            for line, kind in zip(self.lines, self.kinds, strict=True):
                if kind in (CODE, FENCE):
                    begin = offset if begin is None else begin
                elif begin is not None:
                    spans.append((begin, offset))
                    begin = None
                offset += len(line) + 1
            if begin is not None:
                spans.append((begin, offset))
            self._code_spans = spans
        return self._code_spans

    def in_code(self, position: int) -> bool:
        return any(a <= position < b for a, b in self.code_spans())


def _kinds(lines: list[str]) -> list[str]:
    kinds: list[str] = []
    fence: str | None = None  # the opening fence's mark while inside a block
    opened = 0  # index of that opening line
    for line in lines:
        if fence is not None:
            m = FENCE_MARK.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end() :].strip():
                kinds.append(FENCE)
                fence = None
            else:
                kinds.append(CODE)
            continue
        if not line.strip():
            kinds.append(BLANK)
            continue
        m = FENCE_MARK.match(line)
        # A ``` opening line carries at most an info string without backticks (CommonMark).
        if m and not (m.group(1)[0] == "`" and "`" in line[m.end() :]):
            kinds.append(FENCE)
            fence, opened = m.group(1), len(kinds) - 1
            continue
        kinds.append(PROSE)
    if fence is not None:
        # Never closed: a stray fence mark, not a code block swallowing the rest of the article.
        kinds[opened + 1 :] = _kinds(lines[opened + 1 :])
    return kinds
