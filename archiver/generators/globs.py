"""Globs as micromatch reads them (Hexo's `skip_render`, `include`, `exclude`, `ignore`), over `/`-separated paths.

What is read: `*` and `?` within one path part; `**` as a whole part, any number of parts (none too:
`a/**` matches `a`, `**/b` matches `b`); `[abc]`, `[!a-c]`/`[^a-c]`; braces `{a,b}` and ranges `{1..3}`;
extglobs `@(a|b)`, `*(…)`, `+(…)`, `?(…)`, `!(…)`; `\\x` a literal x; a leading `!` negates the
pattern, a leading `./` is dropped. As micromatch does by default, no wildcard matches a part starting
with `.` unless the pattern writes the dot. A pattern without `/` matches the whole path, not a base name.
"""

from __future__ import annotations

import functools
import re

__all__ = ["first_match"]

_MAX_ALTERNATIVES = 1024  # brace expansion past this is a pattern no one means: the rest is dropped
_NO_DOT = r"(?!\.)"
_PART = r"(?!\.)[^/]+"


def first_match(path: str, patterns: list[str]) -> str | None:
    """The first of `patterns` that matches `path` (micromatch: any pattern may match), or None."""
    for pattern in patterns:
        if _compiled(pattern)(path):
            return pattern
    return None


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str):  # -> Callable[[str], bool]
    negated = False
    while pattern.startswith("!") and not pattern.startswith("!("):
        negated, pattern = not negated, pattern[1:]
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/") if pattern not in ("", "/") else pattern
    regex = re.compile("|".join(f"(?:{_translate(alternative)})" for alternative in _braces(pattern)) or "(?!)")
    if negated:
        return lambda path: regex.fullmatch(path) is None
    return lambda path: regex.fullmatch(path) is not None


def _braces(pattern: str) -> list[str]:
    """The pattern with its braces expanded: `a{b,c}d` -> [abd, acd]; `{1..3}` -> 1, 2, 3; `{x}` stays."""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            close = _closing(pattern, index, "{", "}")
            if close is None:
                return [pattern]
            inner = pattern[index + 1 : close]
            options = _split_top(inner, ",")
            if len(options) == 1:
                options = _range(inner) or []
            if options:
                head, tail = pattern[:index], pattern[close + 1 :]
                found: list[str] = []
                for option in options:
                    found.extend(_braces(head + option + tail))
                    if len(found) >= _MAX_ALTERNATIVES:
                        break
                return found[:_MAX_ALTERNATIVES]
            index = close  # a literal `{x}`: go on after it
        index += 1
    return [pattern]


def _range(inner: str) -> list[str] | None:
    matched = re.fullmatch(r"(-?\d+)\.\.(-?\d+)|([a-zA-Z])\.\.([a-zA-Z])", inner)
    if matched is None:
        return None
    if matched.group(1) is not None:
        start, end = int(matched.group(1)), int(matched.group(2))
        step = 1 if end >= start else -1
        return [str(n) for n in range(start, end + step, step)][:_MAX_ALTERNATIVES]
    start, end = ord(matched.group(3)), ord(matched.group(4))
    step = 1 if end >= start else -1
    return [chr(n) for n in range(start, end + step, step)]


def _closing(text: str, start: int, opening: str, closing: str) -> int | None:
    """Index of the bracket closing the one at `start` (nesting and `\\` escapes respected)."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _split_top(text: str, separator: str) -> list[str]:
    """`text` split on `separator` outside any (), {} or [] (and not escaped)."""
    parts, depth, current, index = [], 0, "", 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current += text[index : index + 2]
            index += 2
            continue
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth = max(depth - 1, 0)
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
        index += 1
    parts.append(current)
    return parts


def _translate(pattern: str) -> str:
    """One brace-free pattern as a regular expression (to be matched against a whole path)."""
    parts: list[str] = []
    for part in pattern.split("/"):
        if not (part == "**" and parts and parts[-1] == "**"):  # `a/**/**/b` is `a/**/b`
            parts.append(part)
    regex = ""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            if len(parts) == 1:
                regex += f"{_PART}(?:/{_PART})*"
            elif last:
                regex += f"(?:/{_PART})*"  # `a/**` is `a` and everything below it
            else:
                regex += ("/" if index else "") + f"(?:{_PART}/)*"
            continue
        if index and parts[index - 1] != "**":
            regex += "/"
        regex += ("" if part.startswith(".") else _NO_DOT) + _segment(part)
    return regex


def _segment(text: str) -> str:
    """One path part of a pattern as a regular expression over the part (never crossing a `/`)."""
    out, index = "", 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out += re.escape(text[index + 1])
            index += 2
            continue
        if char in "@*+?!" and text[index + 1 : index + 2] == "(":
            close = _closing(text, index + 1, "(", ")")
            if close is not None:
                alternatives = "|".join(_segment(option) for option in _split_top(text[index + 2 : close], "|"))
                if char == "!":  # anything in this place but the alternatives, the rest of the part following
                    rest = _segment(text[close + 1 :])
                    return out + f"(?:(?!(?:{alternatives}){rest}(?:/|$))[^/]*?){rest}"
                out += f"(?:{alternatives})" + {"@": "", "*": "*", "+": "+", "?": "?"}[char]
                index = close + 1
                continue
        if char == "*":
            while text[index + 1 : index + 2] == "*":
                index += 1
            out += "[^/]*?"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            close = text.find("]", index + 2)
            if close == -1:
                out += re.escape(char)
            else:
                body = text[index + 1 : close]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                escaped = "".join("\\" + c if c in "\\[]^" else c for c in body)
                out += f"[^/{escaped}]" if negate else f"(?!/)[{escaped}]"
                index = close
        else:
            out += re.escape(char)
        index += 1
    return out
