"""The provenance vocabulary (vocabulary.toml), loaded once at import, with its lists as regex alternations."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("vocabulary.toml")
# The release's rule-data digest and the reading cache's key cover this file (it is package data).
DATA: dict[str, Any] = tomllib.loads(PATH.read_text(encoding="utf-8"))


def words(section: str, name: str) -> list[str]:
    return list(DATA[section][name])


def alternation(items: list[str]) -> str:
    """A non-capturing alternation of literal words, longest first so that no word hides a longer one. A word
    ending in a Latin letter ends there (`WeChat` is not the start of `WeChatscope`)."""
    return "(?:" + "|".join(_literal(w) for w in sorted(set(items), key=lambda w: (-len(w), w))) + ")"


def _literal(word: str) -> str:
    return re.escape(word) + ("(?![A-Za-z])" if word[-1:].isascii() and word[-1:].isalpha() else "")


def pairs(section: str, name: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in DATA[section][name]]


# Every list as {section_name} for rule patterns: {credit_lead_in}, {roles_author}, {deleted_phrases}, …
ALTERNATIONS: dict[str, str] = {}
for _section, _lists in DATA.items():
    for _name, _value in _lists.items():
        if isinstance(_value, list) and _value and all(isinstance(w, str) for w in _value):
            key = f"{_section}_{_name}"
            if _section == "deleted":  # regular-expression fragments, not literal words
                ALTERNATIONS[key] = "(?:" + "|".join(_value) + ")"
            else:
                ALTERNATIONS[key] = alternation(_value)
        elif isinstance(_value, list) and _value and all(isinstance(w, list) for w in _value):
            ALTERNATIONS[f"{_section}_{_name}"] = alternation([w for w, _ in _value])


def compile_pattern(template: str, flags: int = 0) -> re.Pattern[str]:
    """A rule's pattern with its {list} names replaced by the vocabulary's alternations."""
    return re.compile(_PLACEHOLDER.sub(lambda m: ALTERNATIONS[m.group(1)], template), flags)


_PLACEHOLDER = re.compile(r"\{([a-z]+_[a-z_]+)\}")
