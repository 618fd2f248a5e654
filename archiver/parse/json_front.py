"""Load JSON front matter (Hexo's `;;;` form, Hugo's `{…}` form) -> (JSON-able data, source texts)."""

from __future__ import annotations

import json
from typing import Any

from archiver.parse.jsonable import to_json_value
from archiver.reasons import FRONT_MATTER_NOT_MAPPING, FRONT_MATTER_TOO_LARGE, MALFORMED_FRONT_MATTER, PostRejected

MAX_JSON_CHARS = 1_000_000


def load_json_mapping(text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, Any]]:
    """Load a JSON object; `first_line` is the file line of its first line. Raises PostRejected."""
    if len(text) > MAX_JSON_CHARS:
        raise PostRejected(FRONT_MATTER_TOO_LARGE, f"front matter longer than {MAX_JSON_CHARS} characters", first_line)
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        line = first_line + error.lineno - 1
        raise PostRejected(MALFORMED_FRONT_MATTER, f"invalid JSON front matter: {error.msg}", line) from None
    except RecursionError:
        raise PostRejected(FRONT_MATTER_TOO_LARGE, "JSON nested too deeply", first_line) from None
    if not isinstance(loaded, dict):
        raise PostRejected(FRONT_MATTER_NOT_MAPPING, "front matter is JSON but not an object", first_line)
    data = {key.replace("\x00", ""): to_json_value(value) for key, value in loaded.items()}
    texts = {key.replace("\x00", ""): _text(value) for key, value in loaded.items()}
    return data, texts


def _text(value: Any) -> Any:
    """A JSON value as text, like the YAML and TOML loaders give it: scalars as written, lists as lists."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_text(item) for item in value]
    if value is None or isinstance(value, dict):
        return None
    return json.dumps(value)
