"""Turn one post file's bytes into a ParsedPost, or raise PostRejected with a reason code (reasons.py).

Text: decode (decode.py names the encoding: utf-8, utf-8-sig, gb18030, ..., `+replace` when bytes
were replaced); drop NUL characters, which Parquet strings can hold but many tools cannot (nothing
records that they were there: `raw` keeps the exact bytes); normalise CRLF and lone CR to "\n".
`body` is that text after the closing delimiter line. Line numbers (`body_start_line`, reject
lines) count lines of the normalised text, i.e. the file's lines read with universal newlines:
split `body` with `split("\n")`, not `splitlines()`, which also breaks on \x0b, \x0c, \x85, \u2028...

Fields (fields.py), following Jekyll where it has a rule:
- front_matter: every key as written (misspellings kept), values JSON-able (jsonable.py).
- title/author/layout: a scalar's source text (`title: 1.10` -> "1.10"); null, lists, maps -> None.
- tags/categories: Jekyll's singular/plural rule; a plural string is split on whitespace.
- date: naive UTC; times without a zone are in `timezone`, a bare date is local midnight (dates.py).
  From the front matter `date`, else the file name's YYYY-MM-DD, else None; `date_source` says
  which. `date_raw` is the first date text found (front matter, else file name) even when it
  could not be read, so `date: yesterday` keeps "yesterday" while `date` comes from the file name.
- draft: under a `_drafts/` folder; published: false only for `published: false` (the boolean).
  Jekyll keeps the two apart (a draft lives in `_drafts/`; an unpublished post anywhere), so do we.

The generators (archiver/generators/) fill what depends on the site: the slug title, categories from
the path, the markup; Hexo and Hugo read their own front matter forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from archiver.parse.decode import decode, normalise_text
from archiver.parse.fields import is_draft, is_published, list_field, post_date, text_field
from archiver.parse.frontmatter import FrontMatter, read_front_matter
from archiver.reasons import PostRejected

__all__ = ["ParsedPost", "PostRejected", "parse_post"]


@dataclass
class ParsedPost:
    encoding: str
    front_matter_format: str  # yaml | toml | none
    front_matter: dict[str, Any]  # JSON-able, keys as found
    title: str | None
    date: datetime | None  # naive, UTC
    date_raw: str | None
    date_source: str  # front_matter | filename | none
    author: str | None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    layout: str | None = None
    draft: bool = False
    body: str = ""
    body_start_line: int = 1  # 1-based line of the file where body starts
    front_matter_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> its 1-based file line
    title_source: str = "none"  # front_matter | filename | none
    published: bool = True  # False for `published: false` (Jekyll, Hexo) or a Hugo page never rendered
    updated: datetime | None = None  # naive UTC: Hexo `updated`, Hugo `lastmod`
    publish_date: datetime | None = None  # naive UTC: Hugo `publishDate`
    expiry_date: datetime | None = None  # naive UTC: Hugo `expiryDate`
    section: str | None = None  # Hugo: the first folder under content/
    category_paths: list[str] = field(default_factory=list)  # each category's path from the top, "/"-joined
    markup: str | None = None  # what the generator renders the body as: markdown, html, ...


def from_front(encoding: str, front: FrontMatter, **fields: Any) -> ParsedPost:
    """A post with what the front matter itself gives filled in (format, data, body, key lines, and
    `title_source` from `title`); `fields` give the rest, as the site's generator reads them."""
    fields.setdefault("title_source", "front_matter" if fields.get("title") is not None else "none")
    return ParsedPost(
        encoding=encoding,
        front_matter_format=front.format,
        front_matter=front.data,
        body=front.body,
        body_start_line=front.body_start_line,
        front_matter_lines=front.lines,
        **fields,
    )


def parse_post(data: bytes, path: str, timezone: str = "Asia/Shanghai") -> ParsedPost:
    """Parse a post; `path` is the POSIX path relative to the site root (for the file-name date, drafts)."""
    zone = ZoneInfo(timezone)
    decoded = decode(data)
    front = read_front_matter(normalise_text(decoded.text))
    date, date_raw, date_source = post_date(front, path, zone)
    title = text_field(front, "title")
    categories = list_field(front, "category", "categories")
    return from_front(
        decoded.encoding,
        front,
        title=title,
        date=date,
        date_raw=date_raw,
        date_source=date_source,
        author=text_field(front, "author"),
        tags=list_field(front, "tag", "tags"),
        categories=categories,
        layout=text_field(front, "layout"),
        draft=is_draft(front, path),
        published=is_published(front),
        category_paths=list(categories),
    )
