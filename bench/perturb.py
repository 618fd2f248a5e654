"""Metamorphic robustness of provenance: formatting that keeps a post's meaning must keep its provenance.

    PYTHONPATH=$PWD python bench/perturb.py [SITE ...] [--verbose] [--only NAME ...]

SITE defaults to the development sets (../shared/corpus/terminus-dev and ../team/sites/dev2..dev6); never
pass a held-out set. For every post its provenance is read (parse_post → Markup → read_provenance), then each
perturbation is applied and the post read again:

- `lines`: to the body lines that gave provenance evidence (evidence[].line);
- `body`: to every prose line of the body (also tests that formatting makes no credit out of nothing).

A perturbation changes only formatting that Jekyll (kramdown, as GitHub Pages runs it) renders to the same
visible text: it skips the lines where it would not (a table row, a fence, a line with Markdown inside an HTML
block, a `*` already on the line, ...). The table gives, per perturbation and mode, the posts whose eight fields
all stay identical over the posts it changed at all; --verbose lists the changed fields (path, field,
before → after).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archiver.markup import BARE_URL, PROSE, TABLE_ROW, Markup  # noqa: E402
from archiver.parse import parse_post  # noqa: E402
from archiver.parse.decode import decode, normalise_text  # noqa: E402
from archiver.provenance import read_provenance  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITES = [ROOT.parent.parent / "shared" / "corpus" / "terminus-dev"] + [
    ROOT.parent.parent / "team" / "sites" / f"dev{n}" for n in range(2, 7)
]
FIELDS = (
    "is_repost",
    "source_platform",
    "original_account",
    "original_account_id",
    "source_outlet",
    "original_url",
    "original_author",
    "original_deleted",
)

# The block lead of a line: up to three spaces, blockquote marks, a list bullet or number, a heading's hashes.
_LEAD = re.compile(r"^ {0,3}(?:>\s?)*(?:[-*+]\s+|\d{1,9}[.)]\s+|#{1,6}\s+)?")
_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
# Spans whose characters are not text: links' targets, HTML tags, URLs, Liquid, inline code.
_PROTECTED = re.compile(r"\]\([^()\n]*\)|<[^<>\n]*>|" + BARE_URL.pattern + r"|\{\{[^{}\n]*\}\}|\{%[^%\n]*%\}|`[^`\n]*`")
_MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\((https?://[^()\s]+)\)")
_SEPARATOR = re.compile(r"[：｜]|:(?!//)|(?<!\\)\|")
_QUOTED = re.compile(r"「[^」]*」|《[^》]*》|“[^”]*”|『[^』]*』")


def _split(line: str, *, whole: bool = False) -> tuple[str, str, str] | None:
    """(lead, content, trailing white space) of a line a perturbation may touch, or None. `whole`: the
    perturbation keeps the line's text as it is (a blockquote mark, an indent), so it may touch one half of
    a link broken across two lines."""
    if not line.strip() or _FENCE.match(line) or _RULE.match(line) or TABLE_ROW.match(line):
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
}
# Perturbations that add lines rather than rewrite one (applied to evidence lines only).
BLANK_BEFORE, BLANK_AFTER, CRLF = "blank line before", "blank line after", "CRLF line endings (whole file)"


def read(text: str, path: str) -> tuple:
    p = parse_post(text.encode("utf-8"), path)
    d = Markup(p.body, p.body_start_line)
    pr = read_provenance(p.front_matter, p.body, p.body_start_line, d, p.front_matter_lines)
    return tuple(getattr(pr, f) for f in FIELDS), pr, p


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


def run(sites: list[Path], only: list[str] | None, verbose: bool) -> None:
    names = list(PERTURBATIONS) + [BLANK_BEFORE, BLANK_AFTER]
    if only:
        names = [n for n in names if any(o.lower() in n.lower() for o in only)]
    stats: dict[tuple[str, str], list[int]] = {}
    changes: list[str] = []
    crlf = [0, 0]
    for site in sites:
        for f in sorted((site / "_posts").glob("*.md")):
            path = str(f)
            text = normalise_text(decode(f.read_bytes()).text)
            base, pr, p = read(text, path)
            lines = text.split("\n")
            first = p.body_start_line - 1  # index of the body's first line in `lines`
            doc = Markup(p.body, p.body_start_line)
            prose = {first + i for i in range(len(doc.lines)) if doc.kinds[i] == PROSE}
            evidence = {e.line - 1 for e in pr.evidence if e.line - 1 >= first} & prose

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
    if verbose:
        for line in changes:
            print(line)
    else:
        print(f"({len(changes)} changed fields; --verbose lists them)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sites", nargs="*", type=Path, default=DEFAULT_SITES)
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--only", nargs="*", help="run only the perturbations whose name holds one of these")
    args = ap.parse_args()
    for site in args.sites:
        if any(bad in str(site) for bad in ("blind", "heldout2")):
            sys.exit(f"error: {site} is a held-out set")
    run(args.sites, args.only, args.verbose)


if __name__ == "__main__":
    main()
