"""Metamorphic robustness of provenance: formatting that keeps a post's meaning must keep its provenance.

    PYTHONPATH=$PWD python bench/perturb.py [SITE ...] [--verbose] [--only NAME ...]

SITE defaults to the development sets (../shared/corpus/terminus-dev and ../team/sites/dev2..dev6 where built); never
pass a held-out set. For every post its provenance is read (parse_post → Markup → read_provenance), then each
perturbation is applied and the post read again:

- `lines`: to the body lines that gave provenance evidence (evidence[].line);
- `body`: to every prose line of the body (also tests that formatting makes no credit out of nothing).

A perturbation changes only formatting that Jekyll (kramdown, as GitHub Pages runs it) renders to the same
visible text: it skips the lines where it would not (a table row, a fence, a line with Markdown inside an HTML
block, a `*` already on the line, ...). One adds a line break a reader reads through: `<br>` between a label with
its separator and the value (`来源：<br>X`), the label on one line and its value under it. The table gives, per
perturbation and mode, the posts whose eight fields all stay identical over the posts it changed at all; --verbose
lists the changed fields (path, field, before → after).

    PYTHONPATH=$PWD python bench/perturb.py --words [SITE ...] [--verbose] [--only CLASS ...]

`--words` swaps WORDS instead: on the evidence lines, a word of a class for another word of the same class,
the classes built from vocabulary.toml (WORD_CLASSES): credit lead-ins grouped by what they mean (a first
publication, a repost, a plain source, the vaguer 来自/出自; a label before a colon, with or without its subject),
a writer's role, a non-writer's role, the separator after a label, the quote marks around a name, a WeChat
platform word, a deletion phrase, a noun lead-in of the original's link. The swap keeps the meaning, so the eight
fields must stay identical. Up to three swaps per post and class (--samples), each word drawn deterministically from the
post's path; the table gives, per class, the posts whose fields all stay identical over the posts it swapped in.
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archiver.markup import BARE_URL, PROSE, TABLE_ROW, Markup  # noqa: E402
from archiver.parse import parse_post  # noqa: E402
from archiver.parse.decode import decode, normalise_text  # noqa: E402
from archiver.provenance import read_provenance, vocab  # noqa: E402
from archiver.provenance.accuracy import FIELDS  # noqa: E402  (the eight labelled fields)
from archiver.provenance.rules import BYLINE_ROLE, BYLINE_ROLE_KINDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# (the dev2..dev6 sites where they have been built there: see bench/terminus_sets.py; a missing one is left out)
DEFAULT_SITES = [ROOT.parent / "shared" / "corpus" / "terminus-dev"] + [
    site for n in range(2, 7) if (site := ROOT.parent / "team" / "sites" / f"dev{n}").is_dir()
]

# The block lead of a line: up to three spaces, blockquote marks, a list bullet or number, a heading's hashes.
_LEAD = re.compile(r"^ {0,3}(?:>\s?)*(?:[-*+]\s+|\d{1,9}[.)]\s+|#{1,6}\s+)?")
_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
# Spans whose characters are not text: links' targets, HTML tags, URLs, Liquid, inline code.
_PROTECTED = re.compile(r"\]\([^()\n]*\)|<[^<>\n]*>|" + BARE_URL.pattern + r"|\{\{[^{}\n]*\}\}|\{%[^%\n]*%\}|`[^`\n]*`")
_MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\((https?://[^()\s]+)\)")
_SEPARATOR = re.compile(r"[：｜]|:(?!//)|(?<!\\)\|")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:")  # `[ref]: url`, a link definition: nothing a reader sees
_QUOTED = re.compile(r"「[^」]*」|《[^》]*》|“[^”]*”|『[^』]*』")


def _split(line: str, *, whole: bool = False) -> tuple[str, str, str] | None:
    """(lead, content, trailing white space) of a line a perturbation may touch, or None. `whole`: the
    perturbation keeps the line's text as it is (a blockquote mark, an indent), so it may touch one half of
    a link broken across two lines."""
    if not line.strip() or _FENCE.match(line) or _RULE.match(line) or TABLE_ROW.match(line) or _LINK_DEF.match(line):
        return None
    if not whole and _open(line):
        return None  # a link broken across two lines: rewriting one half of it is not formatting alone
    lead = _LEAD.match(line).group()
    body = line[len(lead) :]
    content = body.rstrip()
    if not content:
        return None
    return lead, content, body[len(content) :]


def _open(line: str) -> bool:
    opened = line.count("(") + line.count("（")
    return line.count("[") != line.count("]") or opened != line.count(")") + line.count("）")


def _text_subst(content: str, fn: Callable[[str], str]) -> str:
    """fn applied to the text between protected spans (URLs, link targets, tags, code)."""
    out, at = [], 0
    for m in _PROTECTED.finditer(content):
        out.append(fn(content[at : m.start()]))
        out.append(m.group())
        at = m.end()
    out.append(fn(content[at:]))
    return "".join(out)


def _wrap(opening: str, closing: str, *, markdown_inside: bool) -> Callable[[str], str | None]:
    def apply(line: str) -> str | None:
        parts = _split(line)
        if parts is None:
            return None
        lead, content, _ = parts
        if "*" in content or content.startswith("_") or content.endswith("_"):
            return None  # emphasis nested in emphasis is another question
        # (an HTML block: kramdown reads no Markdown inside it)
        if not markdown_inside and (lead or re.search(r"[\[\]*_`\\<>]|~~", content)):
            return None
        if content.startswith("<") and opening.startswith("<"):
            return None
        return f"{lead}{opening}{content}{closing}"

    return apply


def _blockquote(line: str) -> str | None:
    return None if _split(line, whole=True) is None else "> " + line.lstrip(" ")


def _trailing(mark: str) -> Callable[[str], str | None]:
    def apply(line: str) -> str | None:
        parts = _split(line)
        if parts is None:
            return None
        lead, content, _ = parts
        return f"{lead}{content}{mark}"

    return apply


def _full_to_half(line: str) -> str | None:
    parts = _split(line)
    if parts is None:
        return None
    lead, content, tail = parts
    new = _text_subst(content, lambda s: s.replace("：", ":").replace("（", "(").replace("）", ")"))
    return None if new == content else f"{lead}{new}{tail}"


def _half_to_full(line: str) -> str | None:
    parts = _split(line)
    if parts is None:
        return None
    lead, content, tail = parts

    def fn(s: str) -> str:
        s = re.sub(r"(?<!\])\(", "（", s)
        return s.replace(":", "：").replace(")", "）")

    new = _text_subst(content, fn)
    return None if new == content else f"{lead}{new}{tail}"


def _after_separator(char: str) -> Callable[[str], str | None]:
    """`char` after the line's first separator between a label and its value (not one inside quote marks,
    a link's target or a URL)."""

    def apply(line: str) -> str | None:
        parts = _split(line)
        if parts is None:
            return None
        lead, content, tail = parts
        shut = [m.span() for m in _PROTECTED.finditer(content)] + [m.span() for m in _QUOTED.finditer(content)]
        for m in _SEPARATOR.finditer(content):
            if not any(a <= m.start() < b for a, b in shut):
                return f"{lead}{content[: m.end()]}{char}{content[m.end() :]}{tail}"
        return None

    return apply


def _indent(n: int) -> Callable[[str], str | None]:
    def apply(line: str) -> str | None:
        if _split(line, whole=True) is None or line.startswith(" "):
            return None  # (a line indented already could reach four spaces: a code block)
        return " " * n + line

    return apply


def _html_link(line: str) -> str | None:
    if _split(line) is None:
        return None
    new = _MD_LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', line)
    return None if new == line else new


def _escape(line: str) -> str | None:
    """Backslashes before punctuation kramdown renders the same escaped or not (`\\|`, `\\#`, `\\!`, `\\-`,
    `\\+`, `\\*`), in the text of a line (not its block lead, links' targets or URLs)."""
    parts = _split(line)
    if parts is None:
        return None
    lead, content, tail = parts
    single_star = content.count("*") == 1

    def fn(s: str) -> str:
        s = re.sub(r"(?<!\\)([|#!+-])", r"\\\1", s)
        return s.replace("*", "\\*") if single_star else s

    # (the first character stays: an escaped `-` or `#` there would be a literal opening mark, the same text)
    new = content[0] + _text_subst(content[1:], fn) if len(content) > 1 else content
    return None if new == content else f"{lead}{new}{tail}"


# The separator after a label, as the perturbations that touch it find it: the marks of _SEPARATOR and the ideograph
# written as a bar (丨), with the backslash that escapes one (`\|`, and `\｜`, `\丨` as editors write them).
_LABEL_SEPARATOR = re.compile(r"\\?(?:[：｜丨|]|:(?!//))")
_QUOTE_PAIRS = ("「」", "《》", "“”", "『』", "（）", "()", "【】")


def _first_separator(content: str) -> re.Match[str] | None:
    """The line's first separator between a label and its value: not inside quote marks, a link's target, a tag
    or a URL, not the line's first character, and not a colon between two digits (a time, `10:30`)."""
    shut = [m.span() for m in _PROTECTED.finditer(content)] + [m.span() for m in _QUOTED.finditer(content)]
    for m in _LABEL_SEPARATOR.finditer(content):
        if m.start() == 0 or content[m.start() - 1] == "]" or any(a <= m.start() < b for a, b in shut):
            continue  # (`[ref]: url` is a link definition, `[ref] : url` or `[ref]:<br>url` is not)
        if content[m.start() - 1 : m.start()].isdigit() and content[m.end() : m.end() + 1].isdigit():
            continue
        return m
    return None


def _on_content(fn: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """A line perturbation from one of the content alone (its block lead and trailing white space kept)."""

    def apply(line: str) -> str | None:
        parts = _split(line)
        if parts is None:
            return None
        lead, content, tail = parts
        new = fn(content)
        return None if new is None or new == content else f"{lead}{new}{tail}"

    return apply


@_on_content
def _space_before_separator(content: str) -> str | None:
    """A space before the label's separator (`来源 ：X`, `作者 | X`), not after white space already."""
    m = _first_separator(content)
    if m is None or content[m.start() - 1] in " \t\xa0\u3000\u200b":
        return None
    return f"{content[: m.start()]} {content[m.start() :]}"


def _value_start(content: str, m: re.Match[str]) -> int:
    """Where the value after the separator m starts: after emphasis marks that close the label's right after the
    separator (`**来源：**X`), so that what goes there stays outside the emphasis."""
    closing = re.match(r"\*\*|__|\*|_", content[m.end() :])
    if closing and content[: m.start()].count(closing.group()[0]) >= len(closing.group()):
        return m.end() + closing.end()
    return m.end()


def _after_label_separator(char: str) -> Callable[[str], str | None]:
    """`char` after the label's separator (_first_separator: also after `\\|` and 丨, not in a time), and after
    emphasis marks closing there (white space before a closing mark would unmake the emphasis)."""

    def fn(content: str) -> str | None:
        m = _first_separator(content)
        if m is None:
            return None
        at = _value_start(content, m)
        return f"{content[:at]}{char}{content[at:]}"

    return _on_content(fn)


def _label_is_balanced(label: str) -> bool:
    return not _open(label) and all(label.count(o) == label.count(c) for o, c in _QUOTE_PAIRS)


def _break_after_label(mark: str) -> Callable[[str], str | None]:
    """An HTML line break between a label with its separator and the value (`来源：<br>X`): a reader sees the label
    and, on the line under it, its value. Only where what comes before the separator is a label: short (twelve
    characters at most, emphasis marks aside), every bracket and quote mark in it closed; the break goes after
    emphasis marks that close right after the separator (`**来源：**<br>X`), and the value must not be empty."""

    def fn(content: str) -> str | None:
        m = _first_separator(content)
        if m is None:
            return None
        label = content[: m.start()]
        if len(label.strip("*_ ")) > 12 or not _label_is_balanced(label):
            return None
        at = _value_start(content, m)
        return None if not content[at:].strip(" *_~") else f"{content[:at]}{mark}{content[at:]}"

    return _on_content(fn)


def _underscore(marks: str) -> Callable[[str], str | None]:
    """`__…__` or `_…_` around the whole content. kramdown reads an underscore that opens the line and one that ends
    it as emphasis (it refuses one only between two letters or digits); a line with an underscore or a `*` inside
    is skipped (nested or intra-word marks are another question), and so is one whose content opens or ends with
    an HTML tag (a block of HTML, not Markdown)."""
    wrap = _wrap(marks, marks, markdown_inside=True)

    def apply(line: str) -> str | None:
        parts = _split(line)
        if parts is None or "_" in parts[1] or parts[1].startswith("<") or parts[1].endswith(">"):
            return None
        return wrap(line)

    return apply


_BARE_AMPERSAND = re.compile(r"&(?!(?:#\d+|#[xX][0-9a-fA-F]+|\w+);)")
# A space an entity may stand for: between two characters that are not Markdown marks.
_PLAIN_SPACE = re.compile(r"(?<=[^\s*_~`\\\[\]<>#|-]) (?=[^\s*_~`\\\[\]<>#|+-])")


def _entity(char: str, entity: str) -> Callable[[str], str | None]:
    """`char` written as the HTML entity in the line's text (not in links' targets, tags, URLs, code). A space is
    one only between two characters that are not Markdown marks (`a * b` with an entity for a space could become
    emphasis) and not at the content's edges; a `&` only where it does not open an entity already (`&amp;nbsp;`
    would show `&nbsp;`)."""

    def sub(s: str) -> str:
        if char == " ":
            return _PLAIN_SPACE.sub(entity, s)
        if char == "&":
            return _BARE_AMPERSAND.sub(entity, s)
        return s.replace(char, entity)

    return _on_content(lambda content: _text_subst(content, sub))


LinePerturbation = Callable[[str], "str | None"]
PERTURBATIONS: dict[str, LinePerturbation] = {
    "bold **…**": _wrap("**", "**", markdown_inside=True),
    "italic *…*": _wrap("*", "*", markdown_inside=True),
    "<strong>…</strong>": _wrap("<strong>", "</strong>", markdown_inside=True),
    "<p>…</p>": _wrap("<p>", "</p>", markdown_inside=False),
    "<div>…</div>": _wrap("<div>", "</div>", markdown_inside=False),
    "blockquote > ": _blockquote,
    "two trailing spaces": _trailing("  "),
    "trailing <br>": _trailing("<br>"),
    "full-width → half-width ：（）": _full_to_half,
    "half-width → full-width :()": _half_to_full,
    "ZWSP after separator": _after_separator("\u200b"),
    "NBSP after separator": _after_separator("\xa0"),
    "indent 1 space": _indent(1),
    "indent 3 spaces": _indent(3),
    "[x](u) → <a href>": _html_link,
    "backslash escapes": _escape,
    "space before separator": _space_before_separator,
    "U+3000 after separator": _after_label_separator("\u3000"),
    "underscore __…__": _underscore("__"),
    "underscore _…_": _underscore("_"),
    "<span style>…</span>": _wrap('<span style="color: rgb(136, 136, 136);">', "</span>", markdown_inside=True),
    "<font color>…</font>": _wrap('<font color="#888888">', "</font>", markdown_inside=False),
    "&nbsp; for a space": _entity(" ", "&nbsp;"),
    "&#65306; for ：": _entity("：", "&#65306;"),
    "&#xFF1A; for ：": _entity("：", "&#xFF1A;"),
    "&amp; for &": _entity("&", "&amp;"),
    "<br> after label": _break_after_label("<br>"),
    "<br/> after label": _break_after_label("<br/>"),
}
# Perturbations that add lines rather than rewrite one (applied to evidence lines only).
BLANK_BEFORE, BLANK_AFTER, CRLF = "blank line before", "blank line after", "CRLF line endings (whole file)"


def read(text: str, path: str) -> tuple:
    p = parse_post(text.encode("utf-8"), path)
    d = Markup(p.body, p.body_start_line)
    pr = read_provenance(p.front_matter, p.body, p.body_start_line, d, p.front_matter_lines)
    return tuple(getattr(pr, f) for f in FIELDS), pr, p


def posts(sites: list[Path]) -> Iterator[tuple[str, str, tuple, list[str], set[int], set[int]]]:
    """Every post of the sites: (path, text, its fields, its lines, the indexes of its prose body lines, those of
    them that gave provenance evidence)."""
    for site in sites:
        for f in sorted((site / "_posts").glob("*.md")):
            path = str(f)
            text = normalise_text(decode(f.read_bytes()).text)
            base, pr, p = read(text, path)
            first = p.body_start_line - 1  # index of the body's first line in `lines`
            doc = Markup(p.body, p.body_start_line)
            prose = {first + i for i in range(len(doc.lines)) if doc.kinds[i] == PROSE}
            evidence = {e.line - 1 for e in pr.evidence if e.line - 1 >= first} & prose
            yield path, text, base, text.split("\n"), prose, evidence


def perturbed(lines: list[str], targets: set[int], name: str) -> str | None:
    """The file with the perturbation applied at the target line indexes, or None when it changes nothing."""
    out, changed = [], False
    fn = PERTURBATIONS.get(name)
    for i, line in enumerate(lines):
        if i not in targets:
            out.append(line)
            continue
        # (not inside a link broken across two lines: a blank line there unmakes the link)
        if name == BLANK_BEFORE and not (i and _open(lines[i - 1])):
            out += ["", line]
            changed = True
        elif name == BLANK_AFTER and not _open(line):
            out += [line, ""]
            changed = True
        elif name in (BLANK_BEFORE, BLANK_AFTER):
            out.append(line)
        else:
            new = fn(line)
            out.append(line if new is None else new)
            changed |= new is not None
    return "\n".join(out) if changed else None


def _changes(changes: list[str], verbose: bool) -> None:
    if verbose:
        print("\n".join(changes))
    else:
        print(f"({len(changes)} changed fields; --verbose lists them)")


def run(sites: list[Path], only: list[str] | None, verbose: bool) -> None:
    names = list(PERTURBATIONS) + [BLANK_BEFORE, BLANK_AFTER]
    if only:
        names = [n for n in names if any(o.lower() in n.lower() for o in only)]
    stats: dict[tuple[str, str], list[int]] = {}
    changes: list[str] = []
    crlf = [0, 0]
    for path, text, base, lines, prose, evidence in posts(sites):

        def check(label: str, new_text: str, key: tuple[str, str], path: str = path, base: tuple = base) -> None:
            after = read(new_text, path)[0]
            counts = stats.setdefault(key, [0, 0])
            counts[1] += 1
            if after == base:
                counts[0] += 1
                return
            for fld, a, b in zip(FIELDS, base, after, strict=True):
                if a != b:
                    changes.append(f"{label}\t{path}\t{fld}\t{a!r} → {b!r}")

        for name in names:
            for mode, targets in (("lines", evidence), ("body", prose)):
                if mode == "body" and name in (BLANK_BEFORE, BLANK_AFTER):
                    continue
                new_text = perturbed(lines, targets, name) if targets else None
                if new_text is not None:
                    check(f"{name} [{mode}]", new_text, (name, mode))
        if not only or any(o.lower() in CRLF.lower() for o in only):
            after = read(text.replace("\n", "\r\n"), path)[0]
            crlf[1] += 1
            crlf[0] += after == base
            if after != base:
                changes.append(f"{CRLF}\t{path}\t(fields)\t{base!r} → {after!r}")

    print("| perturbation | evidence lines: identical / read | whole body: identical / read |")
    print("| --- | --- | --- |")
    for name in names:
        cells = []
        for mode in ("lines", "body"):
            c = stats.get((name, mode))
            cells.append("—" if c is None else f"{c[0]} / {c[1]}")
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    if crlf[1]:
        print(f"| {CRLF} | | {crlf[0]} / {crlf[1]} |")
    _changes(changes, verbose)


# --- word swaps -------------------------------------------------------------------------------------------


def _cjk(words: list[str]) -> list[str]:
    return [w for w in words if not w.isascii()]


def _lead_in_kinds() -> dict[str, list[str]]:
    """The Chinese lead-ins of credit.lead_in, grouped by what the vocabulary says they mean: a first
    publication (credit.first_publication), a repost (credit.chain_repost), a plain source that credits after a
    clause (credit.after_subject; not 原载, which credit.chain_first gives a meaning of its own), and the vaguer
    source that does not (来自, 出自: the lead-ins of byline.source_heads not in credit.after_subject)."""
    c = vocab.DATA["credit"]
    lead = _cjk(c["lead_in"])
    first, repost, after = set(c["first_publication"]), set(c["chain_repost"]), set(c["after_subject"])
    return {
        "lead-in: first publication (首发于 ↔ 原载于 …)": [w for w in lead if w in first],
        "lead-in: repost (转载自 ↔ 转自 …)": [w for w in lead if w in repost],
        "lead-in: source (来源于 ↔ 刊于 …)": [
            w for w in lead if w in after and w not in first and w not in repost and w not in c["chain_first"]
        ],
        "lead-in: vague source (来自 ↔ 出自 …)": [
            w for w in lead if w in vocab.words("byline", "source_heads") and w not in after and w not in repost
        ],
    }


def _deletion_phrases() -> list[str]:
    """Wordings of a deletion, each kept only when deleted.phrases reads it (the class follows the data)."""
    phrases = re.compile(vocab.ALTERNATIONS["deleted_phrases"])
    wordings = ["已删除", "已被删除", "已被删", "已经被删除", "已经删除", "已404", "已经404", "已失效", "已被和谐"]
    return [w for w in wordings if phrases.fullmatch(w)]


def _roles(kind: str) -> list[str]:
    """Role words of the byline reader with this kind, from roles.author/roles.not_author (the common ones;
    byline.* holds rarer spellings): only Chinese words of two characters or more, and not those that also mean
    something else (来源, 发自, 出品: a credit or a place; 受访者; 原创, the WeChat slot)."""
    base = vocab.words("roles", "author" if kind == "author" else "not_author")
    odd = {"来源", "发自", "發自", "出品", "受访者", "原创"}
    return [w for w in _cjk(base) if BYLINE_ROLE_KINDS.get(w) == kind and w not in odd and (len(w) > 1 or w == "文")]


WORD_CLASSES: dict[str, list[str]] = {
    **_lead_in_kinds(),
    # a label before a colon: the plain source's label, with or without what it is about (出处：, 文章来源：)
    "label: source (来源： ↔ 出处： ↔ 文章来源： …)": ["来源", "出处", "文章来源", "本文来源", "信息来源", "内容来源"],
    "role: writer (作者 ↔ 撰文 ↔ 文 …)": _roles("author"),
    "role: not the writer (编辑 ↔ 责编 ↔ 校对 …)": _roles("other"),
    "noun lead-in (原文链接 ↔ 原文地址 ↔ 原链接 …)": [
        w
        for w in vocab.words("credit", "noun_lead_in")
        if w.startswith("原") and any(k in w for k in ("链接", "地址", "网址"))
    ],
    "platform: WeChat (公众号 ↔ 微信公众号 ↔ 订阅号 ↔ 公号)": [
        w
        for w, plat in vocab.pairs("platform", "words")
        # (not 服务号: a name ending in it keeps it; not 微信 alone, which also names a person's chat)
        if plat == "wechat"
        and w in vocab.words("platform", "lead_words")
        and w not in ("服务号", "微信")
        and not w.isascii()
    ],
    "deletion phrase (已删除 ↔ 已被删 ↔ 已404 …)": _deletion_phrases(),
}
# Marks and separators are swapped as written, not as words of the vocabulary.
SEPARATOR_CLASS = "separator after a label (： ↔ : ↔ ｜ ↔ 丨 ↔ / …)"
SEPARATORS = ["：", ":", "｜", "|", "丨", "/", " | "]
QUOTE_CLASS = 'quote marks around a name (「」 “” 『』 "")'
QUOTES = [("「", "」"), ("“", "”"), ("『", "』"), ('"', '"')]
# Every word any class or the vocabulary knows, longest first: a class word inside a longer word is not a swap.
_ALL_WORDS = sorted(
    {w for ws in WORD_CLASSES.values() for w in ws}
    | {
        w
        for name, sec in vocab.DATA.items()
        if name != "deleted"  # (regular-expression fragments)
        for ws in sec.values()
        if isinstance(ws, list)
        for w in ws
        if isinstance(w, str)
    },
    key=lambda w: (-len(w), w),
)
_WORD = re.compile("|".join(re.escape(w) for w in _ALL_WORDS if not w.isascii()))
_LABEL_SEP = re.compile(r"^(\s*)([:：｜|丨/／]|\\\|)(\s*)")
_QUOTE_SPAN = re.compile(r"「([^」\n]{1,30})」|“([^”\n]{1,30})”|『([^』\n]{1,30})』|(?<![\w=(])\"([^\"\n]{1,30})\"")
_LABEL_WORDS = {
    *vocab.words("credit", "lead_in"),
    *vocab.words("credit", "noun_lead_in"),
    *vocab.words("roles", "author"),
    *vocab.words("roles", "not_author"),
    *WORD_CLASSES["label: source (来源： ↔ 出处： ↔ 文章来源： …)"],
}


def _pick(path: str, key: str, choices: list[str]) -> str:
    """A choice drawn from the post's path and the class: the same on every run, varied across posts."""
    return choices[zlib.crc32(f"{path}\t{key}".encode()) % len(choices)]


def _free(content: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED.finditer(content)]


def _swap_word(content: str, words: list[str], path: str, key: str) -> str | None:
    """The first word of the class in the text (not inside a longer word the vocabulary knows, a link's target
    or a URL) replaced by another of the class."""
    shut = _free(content)
    for m in _WORD.finditer(content):
        if m.group() in words and not any(a <= m.start() < b for a, b in shut):
            if key.startswith("role:") and not _is_role(content, m.start(), m.group()):
                continue
            if key.startswith("label:") and not _LABEL_SEP.match(content[m.end() :]):
                continue
            other = _pick(path, key, [w for w in words if w != m.group()])
            return content[: m.start()] + other + content[m.end() :]
    return None


def _is_role(content: str, at: int, word: str) -> bool:
    return any(m.start("role") == at and m.group("role") == word for m in re.finditer(BYLINE_ROLE, content))


def _swap_separator(content: str, path: str) -> str | None:
    """The separator after the line's first label word (a lead-in, a role, a noun lead-in) replaced by another."""
    shut = _free(content)
    for m in _WORD.finditer(content):
        if m.group() not in _LABEL_WORDS or any(a <= m.start() < b for a, b in shut):
            continue
        sep = _LABEL_SEP.match(content[m.end() :])
        if sep is None or content[m.end() + sep.end() : m.end() + sep.end() + 2].startswith(("//", "~~")):
            continue
        written = sep.group().strip() or sep.group()
        other = _pick(path, SEPARATOR_CLASS, [s for s in SEPARATORS if s.strip() != written.lstrip("\\")])
        return content[: m.end()] + other + content[m.end() + sep.end() :]
    return None


def _swap_quotes(content: str, path: str) -> str | None:
    shut = _free(content)
    for m in _QUOTE_SPAN.finditer(content):
        if any(a <= m.start() < b for a, b in shut):
            continue
        opened = content[m.start()]
        o, c = _pick(path, QUOTE_CLASS, [q for q in QUOTES if q[0] != opened])
        inner = next(g for g in m.groups() if g is not None)
        return content[: m.start()] + o + inner + c + content[m.end() :]
    return None


def swapped(lines: list[str], targets: set[int], cls: str, path: str) -> str | None:
    """The file with one swap of the class on the first target line that has a place for it, or None."""
    for i in sorted(targets):
        parts = _split(lines[i], whole=True)
        if parts is None:
            continue
        lead, content, tail = parts
        if cls == SEPARATOR_CLASS:
            new = _swap_separator(content, path)
        elif cls == QUOTE_CLASS:
            new = _swap_quotes(content, path)
        else:
            new = _swap_word(content, WORD_CLASSES[cls], path, cls)
        if new is not None and new != content:
            return "\n".join([*lines[:i], f"{lead}{new}{tail}", *lines[i + 1 :]])
    return None


def run_words(sites: list[Path], only: list[str] | None, verbose: bool, samples: int = 3) -> None:
    classes = [*WORD_CLASSES, SEPARATOR_CLASS, QUOTE_CLASS]
    if only:
        classes = [n for n in classes if any(o.lower() in n.lower() for o in only)]
    stats: dict[str, list[int]] = {}
    changes: list[str] = []
    for path, _text, base, lines, _prose, evidence in posts(sites):
        for cls in classes:
            texts = {swapped(lines, evidence, cls, f"{path}#{k}") for k in range(samples)} - {None}
            if not texts:
                continue
            counts = stats.setdefault(cls, [0, 0])
            counts[1] += 1
            same = True
            for new_text in sorted(texts):
                after = read(new_text, path)[0]
                if after == base:
                    continue
                same = False
                old = [line for line in lines if line not in new_text.split("\n")]
                new = [line for line in new_text.split("\n") if line not in lines]
                for fld, a, b in zip(FIELDS, base, after, strict=True):
                    if a != b:
                        changes.append(f"{cls}\t{path}\t{fld}\t{a!r} → {b!r}\t{old[:1]} → {new[:1]}")
            counts[0] += same
    print("| word class (vocabulary.toml) | words | evidence lines: identical / swapped |")
    print("| --- | --- | --- |")
    for cls in classes:
        c = stats.get(cls)
        words = {SEPARATOR_CLASS: SEPARATORS, QUOTE_CLASS: QUOTES}.get(cls) or WORD_CLASSES[cls]
        print(f"| {cls} | {len(words)} | {'—' if c is None else f'{c[0]} / {c[1]}'} |")
    _changes(changes, verbose)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sites", nargs="*", type=Path, default=DEFAULT_SITES)
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--only", nargs="*", help="run only the perturbations (word classes) whose name holds one of these")
    ap.add_argument("--words", action="store_true", help="swap words of a vocabulary class instead of formatting")
    ap.add_argument("--samples", type=int, default=3, help="--words: swaps tried per post and class")
    args = ap.parse_args()
    for site in args.sites:
        if any(bad in str(site) for bad in ("blind", "heldout2")):
            sys.exit(f"error: {site} is a held-out set")
        if not (site / "_posts").is_dir():
            sys.exit(f"error: {site}/_posts: no such folder (a site to read; see the docstring)")
    if args.words:
        run_words(args.sites, args.only, args.verbose, args.samples)
    else:
        run(args.sites, args.only, args.verbose)


if __name__ == "__main__":
    main()
