"""Make loaded front matter JSON-able: str keys, ISO dates, base64 bytes, sorted sets, no NULs, no NaN,
and text that is all characters (no lone surrogates)."""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

# YAML's `"\ud800"` escape gives half a character: UTF-8 (Parquet, JSON) cannot hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    """No NULs; escaped surrogate pairs (`"\\ud83d\\ude00"`, as JSON tools write) joined into their
    character, a lone half replaced with U+FFFD, so one odd escape cannot fail a whole release."""
    value = value.replace("\x00", "")
    if _SURROGATE.search(value):
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return value


def to_json_value(value: Any) -> Any:
    """Return `value` as JSON types only (dict with str keys, list, str, int, float, bool, None)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float):
        # NaN and infinities are not JSON: keep them as YAML-ish text.
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        # !!binary is written as base64 in the source, so give it back the same way.
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {json_key(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        items = [to_json_value(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    return _text(str(value))


def json_key(key: Any) -> str:
    """A mapping key as text, spelled the way YAML/TOML would write it."""
    if isinstance(key, str):
        return _text(key)
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int | float | datetime | date | time | bytes | bytearray):
        value = to_json_value(key)
        return value if isinstance(value, str) else str(value)
    return json.dumps(to_json_value(key), ensure_ascii=False, sort_keys=True)
