"""Load TOML front matter with tomllib -> (JSON-able data, source texts), like safe_yaml does for YAML."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from typing import Any

from archiver.parse.jsonable import to_json_value
from archiver.reasons import FRONT_MATTER_TOO_LARGE, MALFORMED_FRONT_MATTER, PostRejected

MAX_TOML_CHARS = 1_000_000
MAX_DEPTH = 64  # as for YAML; keeps the recursive conversions below far from Python's recursion limit

_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_toml_mapping(text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, Any]]:
    """Load TOML front matter; `first_line` is the file line of its first line. Raises PostRejected."""
    if len(text) > MAX_TOML_CHARS:
        raise PostRejected(FRONT_MATTER_TOO_LARGE, f"front matter longer than {MAX_TOML_CHARS} characters", first_line)
    try:
        loaded = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # 3.11's TOMLDecodeError has no line attribute; the message ends "(at line N, column M)",
        # with N counted in the front matter: report the file line instead.
        found = _ERROR_AT.search(str(error))
        if found:
            line = first_line + int(found.group(1)) - 1
            problem = f"{str(error)[: found.start()].rstrip()} (column {found.group(2)})"
        else:
            line, problem = first_line + text.count("\n"), str(error)
        raise PostRejected(MALFORMED_FRONT_MATTER, f"invalid TOML front matter: {problem}", line) from None
    except RecursionError:
        raise PostRejected(FRONT_MATTER_TOO_LARGE, "TOML nested too deeply", first_line) from None
    if _depth(loaded) > MAX_DEPTH:
        raise PostRejected(FRONT_MATTER_TOO_LARGE, f"TOML nested deeper than {MAX_DEPTH} levels", first_line)
    raw = _top_level_raw_values(text)
    data = {key.replace("\x00", ""): to_json_value(value) for key, value in loaded.items()}
    texts = {key.replace("\x00", ""): _text(value, raw.get(key)) for key, value in loaded.items()}
    return data, texts


def _depth(value: Any) -> int:
    """Nesting depth of arrays and tables, measured without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _text(value: Any, raw: str | None = None) -> Any:
    """A TOML value as text: strings as they are, other scalars as written where known, arrays as lists."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_text(item) for item in value]
    if isinstance(value, dict):
        return None
    if raw is not None:
        return raw
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


_BARE_ASSIGNMENT = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*([^#]*)(?:#.*)?")


def _top_level_raw_values(text: str) -> dict[str, str]:
    """Source text of `key = value` lines before the first [table], for non-string scalars.

    Numbers, booleans and dates hold no `#` or quotes, so the text up to a comment is the value.
    Dotted or quoted keys are skipped; their text falls back to the loaded value's own spelling.
    """
    raw: dict[str, str] = {}
    for line in text.split("\n"):
        if line.lstrip().startswith("["):
            break
        found = _BARE_ASSIGNMENT.fullmatch(line)
        if found:
            raw[found.group(1)] = found.group(2).strip()
    return raw
