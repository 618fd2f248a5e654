"""Split normalised post text into front matter and body, and load the front matter (YAML, TOML or none).

Delimiters follow Jekyll: the file's first line is `---` (YAML) and the block ends at the next line
that is `---` or `...`; trailing spaces are allowed on both. TOML front matter (`+++` ... `+++`) is
accepted too. Any other first line means there is no front matter and the whole text is the body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from archiver.parse.safe_yaml import load_yaml_front
from archiver.parse.toml_front import load_toml_mapping
from archiver.reasons import FRONT_MATTER_TOO_LARGE, MALFORMED_FRONT_MATTER, UNCLOSED_FRONT_MATTER, PostRejected

_TRAILING_SPACE = " \t\f\v"
# Anchored at line starts and with no nested repetition: one linear pass over the text.
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t\f\v]*$", re.MULTILINE)
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t\f\v]*$", re.MULTILINE)


@dataclass
class FrontMatter:
    format: str  # yaml | toml | json | none
    data: dict[str, Any] = field(default_factory=dict)  # JSON-able, keys as written
    texts: dict[str, Any] = field(default_factory=dict)  # per key: source text (see safe_yaml.source_text)
    body: str = ""
    body_start_line: int = 1
    lines: dict[str, int] = field(default_factory=dict)  # per top-level key: 1-based file line of the key


def read_front_matter(text: str) -> FrontMatter:
    """Split and load; `text` must already use "\\n" line endings. Raises PostRejected."""
    first_end = text.find("\n")
    first_line = text if first_end == -1 else text[:first_end]
    opening = first_line.rstrip(_TRAILING_SPACE)
    if opening == "---":
        fmt, closing = "yaml", _YAML_CLOSE
    elif opening == "+++":
        fmt, closing = "toml", _TOML_CLOSE
    else:
        return FrontMatter("none", body=text, body_start_line=1)
    if first_end == -1:
        raise PostRejected(UNCLOSED_FRONT_MATTER, f"front matter opened by {opening!r} is never closed", 1)
    start = first_end + 1
    close = closing.search(text, start)
    if close is None:
        raise PostRejected(UNCLOSED_FRONT_MATTER, f"front matter opened by {opening!r} is never closed", 1)
    close_line = 1 + text.count("\n", 0, close.start())
    block = text[start : close.start()]
    if fmt == "yaml":
        data, texts, lines = load_yaml_front(block, 2)  # the flat reader gives the key lines as it reads
        if lines is None:
            lines = key_lines(block, _YAML_KEY, data, 2)
    else:
        data, texts = load_toml_mapping(block, 2)
        lines = key_lines(block, _TOML_KEY, data, 2)
    after = close.end() + 1  # past the closing line's "\n" (or past the end, if it has none)
    return FrontMatter(fmt, data, texts, text[after:], close_line + 1, lines)


# A top-level key opens its line (no indent): `key:` in YAML, `key =` in TOML (before any [table]).
_YAML_KEY = re.compile(
    r"""^(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s#:\-?\[{"'][^:\n]{0,200}?))[ \t]*:(?:[ \t]|$)"""
)
_TOML_KEY = re.compile(r"""^(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([A-Za-z0-9_-]{1,200}))[ \t]*=""")


def key_lines(text: str, pattern: re.Pattern[str], data: dict[str, Any], first_line: int) -> dict[str, int]:
    """Per loaded top-level key, the 1-based file line where it is written (the first, if repeated)."""
    found: dict[str, int] = {}
    for offset, line in enumerate(text.split("\n")):
        if pattern is _TOML_KEY and line.startswith("["):
            break
        m = pattern.match(line)
        if m:
            key = next(g for g in m.groups() if g is not None).rstrip()
            if key in data:
                found.setdefault(key, first_line + offset)
    return found


# Hexo's separators: three or more dashes (YAML) or semicolons (JSON), the same string closing as opening.
_HEXO_OPEN = re.compile(r"(-{3,}|;{3,})[ \t]*\n")
_HEXO_SEPARATOR = re.compile(r"^(-{3,}|;{3,})[ \t]*$", re.MULTILINE)


def read_hexo_front_matter(text: str) -> FrontMatter:
    """Hexo's forms (hexo-front-matter): YAML between `---` lines, or before the first `---` line with no
    opening one; JSON (an object's members without braces) likewise with `;;;`. Raises PostRejected.

    Without an opening line, text before a `---` that is not a YAML mapping is body, not front matter
    (a horizontal rule is common), as Hexo reads it.
    """
    opening = _HEXO_OPEN.match(text)
    if opening:
        separator = opening.group(1)
        closing = re.compile(rf"^{re.escape(separator)}[ \t]*$", re.MULTILINE)
        close = closing.search(text, opening.end())
        if close is None:
            raise PostRejected(UNCLOSED_FRONT_MATTER, f"front matter opened by {separator!r} is never closed", 1)
        return _hexo_block(text, opening.end(), close, separator, 2, strict=True)
    close = _HEXO_SEPARATOR.search(text)
    if close is None or close.start() == 0:
        return FrontMatter("none", body=text, body_start_line=1)
    try:
        return _hexo_block(text, 0, close, close.group(1), 1, strict=False)
    except PostRejected:
        return FrontMatter("none", body=text, body_start_line=1)


def _hexo_block(
    text: str, start: int, close: re.Match[str], separator: str, first_line: int, *, strict: bool
) -> FrontMatter:
    from archiver.parse.json_front import load_json_mapping

    block = text[start : close.start()]
    if separator.startswith(";"):
        fmt, (data, texts) = "json", load_json_mapping("{" + block + "}", first_line)
    else:
        fmt, (data, texts, lines) = "yaml", load_yaml_front(block, first_line)
    if not strict and not data:
        return FrontMatter("none", body=text, body_start_line=1)
    close_line = 1 + text.count("\n", 0, close.start())
    if fmt != "yaml":
        lines = {}
    elif lines is None:
        lines = key_lines(block, _YAML_KEY, data, first_line)
    return FrontMatter(fmt, data, texts, text[close.end() + 1 :], close_line + 1, lines)


def read_hugo_front_matter(text: str) -> FrontMatter:
    """Hugo's forms: YAML (`---`), TOML (`+++`), or a JSON object opening the file. Raises PostRejected."""
    if not text.startswith("{"):
        return read_front_matter(text)
    from archiver.parse.json_front import load_json_mapping

    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as error:
        raise PostRejected(MALFORMED_FRONT_MATTER, f"invalid JSON front matter: {error.msg}", error.lineno) from None
    except RecursionError:
        raise PostRejected(FRONT_MATTER_TOO_LARGE, "JSON nested too deeply", 1) from None
    data, texts = load_json_mapping(text[:end], 1)
    after = end + 1 if text[end : end + 1] == "\n" else end
    return FrontMatter("json", data, texts, text[after:], 1 + text.count("\n", 0, after))
