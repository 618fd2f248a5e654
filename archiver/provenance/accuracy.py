"""How often the provenance columns are right, as measured on hand-labelled posts nobody wrote rules from.

A researcher deciding whether to trust `original_author` needs more than "read by rules": how often a
value given is the right one (precision), and how often a value the post states is found at all
(recall). `bench/provenance_accuracy.py` measures both on real posts labelled by hand (following
docs/provenance.md) and never used to write or tune a rule, and writes them to `accuracy.json` beside
this module; the dataset card and the datasheet print them, with the rule set they were measured on.

Values are compared as the labels are written: names after NFKC with surrounding quotes and brackets
stripped, several writers as a set, URLs without a trailing slash or stop, platforms in any case.
A boolean field's precision and recall are those of `true`.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from archiver.provenance import extract
from archiver.release.fixity import tree_digest

MEASURED = Path(__file__).with_name("accuracy.json")
# The fields a label gives (the account's description is copied from the post, not judged).
FIELDS = tuple(field for field in extract.FIELDS if field != "account_description")
BOOLEAN_FIELDS = frozenset({"is_repost", "original_deleted"})
_MARKS = "「」『』“”‘’\"'《》【】()（）"
# z for a two-sided 95% interval
_Z = 1.959964


def _norm(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip().strip(_MARKS).strip()
    return text or None


def same(field: str, want: Any, got: Any) -> bool:
    """Whether a value read (`got`) is the labelled one (`want`), by the labels' conventions."""
    if field in BOOLEAN_FIELDS:
        return bool(want) == bool(got)
    w, g = _norm(want), _norm(got)
    if w and g:
        if field == "original_author":
            return set(w.split()) == set(g.replace("、", " ").replace(",", " ").replace("，", " ").split())
        if field == "original_url":
            return w.rstrip("/.,)") == g.rstrip("/.,)")
        if field == "source_platform":
            return w.lower() == g.lower()
    return w == g


def _given(field: str, value: Any) -> bool:
    return bool(value) if field in BOOLEAN_FIELDS else _norm(value) is not None


@dataclass
class FieldCounts:
    """One field's tallies over the labelled posts."""

    posts: int = 0
    right: int = 0  # the value (or its absence) is the labelled one
    given: int = 0  # posts where a value was read (true, for a boolean)
    given_right: int = 0  # of those, the right value
    stated: int = 0  # posts whose label has a value (true)
    found: int = 0  # of those, read right

    def add(self, field: str, want: Any, got: Any) -> None:
        ok = same(field, want, got)
        self.posts += 1
        self.right += ok
        if _given(field, got):
            self.given += 1
            self.given_right += ok
        if _given(field, want):
            self.stated += 1
            self.found += ok


def count(rows: Mapping[str, Mapping[str, Any]], labels: Iterable[Mapping[str, Any]]) -> dict[str, FieldCounts]:
    """Tallies per field; `rows` are posts rows by file name, each label names its file in `path`. A
    labelled post with no row counts as a post where nothing was read."""
    counts = {field: FieldCounts() for field in FIELDS}
    for label in labels:
        row = rows.get(Path(label["path"]).name, {})
        for field in FIELDS:
            counts[field].add(field, label.get(field), row.get(field))
    return counts


def wilson(successes: int, trials: int) -> tuple[float, float] | None:
    """The 95% Wilson score interval of a proportion (None for no trials): honest at small n and near 1."""
    if trials == 0:
        return None
    p = successes / trials
    centre = p + _Z * _Z / (2 * trials)
    spread = _Z * math.sqrt(p * (1 - p) / trials + _Z * _Z / (4 * trials * trials))
    denominator = 1 + _Z * _Z / trials
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def summary(counts: Mapping[str, FieldCounts]) -> dict[str, dict[str, Any]]:
    """Per field: accuracy, precision and recall with their counts and 95% intervals, as stored in accuracy.json."""
    out = {}
    for field, c in counts.items():
        entry: dict[str, Any] = {"posts": c.posts, "accuracy": round(c.right / c.posts, 3) if c.posts else None}
        for name, hits, trials in (("precision", c.given_right, c.given), ("recall", c.found, c.stated)):
            interval = wilson(hits, trials)
            entry[name] = round(hits / trials, 3) if trials else None
            entry[f"{name}_n"] = trials
            entry[f"{name}_95"] = [round(interval[0], 3), round(interval[1], 3)] if interval else None
        out[field] = entry
    return out


# This measurement and its own code change no value read.
_NOT_RULES = frozenset({MEASURED.name, Path(__file__).name})


@cache
def rules_digest() -> str:
    """sha256 over the provenance package's own files (code and rule data) but this measurement: any change to
    them may change the figures. (Once a process: the card and the datasheet each print the measurement.)"""
    return tree_digest(Path(__file__).parent, _NOT_RULES)


def load(path: Path = MEASURED) -> dict[str, Any] | None:
    """The stored measurement, or None when there is none or it does not hold every field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict) or set(data["fields"]) != set(FIELDS):
        return None
    return data


def _share(value: float | None, interval: list[float] | None, n: int) -> str:
    if value is None or interval is None:
        return "–"
    return f"{value:.2f} ({interval[0]:.2f}–{interval[1]:.2f}, n={n})"


def markdown(data: Mapping[str, Any] | None = None) -> str:
    """The measurement as the card and the datasheet print it: what was measured, then a table per field."""
    data = load() if data is None else data
    if data is None:
        return "No measurement of the provenance columns' accuracy ships with this version of the tool."
    current = data.get("rules") == rules_digest()
    sets = ", ".join(f"{s['name']} ({s['posts']})" for s in data.get("sets", []))
    lines = [
        f"Measured on {data['posts']} real posts of a public archive of deleted WeChat, Weibo and news articles "
        f"(label sets {sets}), labelled by hand by people who had not read the rules, and never used to write "
        "or tune a rule"
        + (
            " — with the rules that read this release."
            if current
            else f" — with an earlier version of the rules (archiver {data.get('archiver', '?')}); the figures "
            "are indicative for this one."
        )
        + " An archive written differently may score differently. Precision: when a value is given, how often it"
        " is the right one. Recall: when the post states a value, how often it is found. Accuracy counts a null"
        " as right when the post states nothing. Each figure has its 95% interval and the number of posts it is"
        " taken over; for `is_repost` and `original_deleted`, of the value `true`.",
        "",
        "| column | accuracy | precision | recall |",
        "|---|---:|---:|---:|",
    ]
    for field in FIELDS:
        entry = data["fields"][field]
        lines.append(
            f"| `{field}` | {entry['accuracy']:.2f} | "
            f"{_share(entry['precision'], entry['precision_95'], entry['precision_n'])} | "
            f"{_share(entry['recall'], entry['recall_95'], entry['recall_n'])} |"
        )
    return "\n".join(lines)
