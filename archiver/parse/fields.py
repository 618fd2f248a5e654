"""Read the Jekyll post fields (title, tags, date, draft, ...) from loaded front matter, as Jekyll would."""

from __future__ import annotations

import json
import posixpath
from datetime import datetime, tzinfo
from typing import Any

from archiver.parse.dates import filename_date_text, parse_date_text
from archiver.parse.frontmatter import FrontMatter


def text_field(front: FrontMatter, key: str) -> str | None:
    """A scalar value as its source text (`title: 2046` -> "2046"); null, lists and mappings -> None."""
    value = front.texts.get(key)
    return value if isinstance(value, str) else None


def list_field(front: FrontMatter, singular: str, plural: str) -> list[str]:
    """Jekyll's `pluralized_array_from_hash`: tags/categories as a flat list of strings.

    The singular key (`tag`, `category`) wins when set, and is taken whole. The plural key's string is
    split on whitespace (`tags: a b` -> ["a", "b"]). Nulls and mappings inside lists are dropped.
    One deviation: Jekyll drops a plural that is a number or boolean (`tags: 2046`); we keep its
    text, split like a string, so no tag is lost.
    """
    texts = front.texts
    if texts.get(singular) is not None:
        return flatten(texts[singular])
    value = texts.get(plural)
    if isinstance(value, str):
        return value.split()
    return flatten(value)


def flatten(value: Any) -> list[str]:
    """A value as a list of names: a string is one name (not split), lists are flattened, the rest dropped."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in flatten(item)]
    return []


def is_draft(front: FrontMatter, path: str) -> bool:
    """Under a `_drafts/` folder: what Jekyll calls a draft (`published: false` is another thing)."""
    return "_drafts" in posixpath.dirname(path).split("/")


def is_published(front: FrontMatter) -> bool:
    """False only for `published: false`, the boolean (as Jekyll and Hexo read it)."""
    return front.data.get("published") is not False


def post_date(front: FrontMatter, path: str, zone: tzinfo) -> tuple[datetime | None, str | None, str]:
    """(date as naive UTC, date_raw, date_source) from the front matter `date`, else the file name.

    date_raw is the first date text found, whether or not it could be read: the front matter value
    as written, else the file-name prefix. So a front matter date we cannot read (`2021-13-45`,
    `yesterday`) keeps its text in date_raw while `date` comes from the file name (date_source
    `filename`), or stays null (date_source `none`). An empty or null `date:` counts as absent.
    """
    raw = _front_matter_date_text(front)
    if raw is not None:
        parsed = parse_date_text(raw, zone)
        if parsed is not None:
            return parsed, raw, "front_matter"
    from_name = filename_date_text(path)
    if from_name is not None:
        parsed = parse_date_text(from_name, zone)
        if parsed is not None:
            return parsed, raw if raw is not None else from_name, "filename"
    return None, raw if raw is not None else from_name, "none"


def _front_matter_date_text(front: FrontMatter) -> str | None:
    if "date" not in front.data or front.data["date"] is None:
        return None
    text = front.texts.get("date")
    if isinstance(text, str):
        return text if text.strip() else None
    # a list or mapping: not a date, but keep what was written
    return json.dumps(front.data["date"], ensure_ascii=False)
