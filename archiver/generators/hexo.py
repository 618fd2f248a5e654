"""Hexo, as Hexo reads a site: `source/_posts/**` and `source/_drafts/**`, its front matter forms and fields.

- Post folders: `<source_dir>/_posts/` and `<source_dir>/_drafts/` (`source_dir` from `_config.yml`,
  default `source`).
- Posts: files Hexo renders (markdown `.md .markdown .mkd .mkdn .mdwn .mdtxt .mdtext`, `.html .htm`,
  templates `.ejs .swig .njk .pug`). A path with a part starting with `_` or `.` is hidden from Hexo,
  a name ending with `~` or `%` is an editor's temporary file (`not_a_post`); any other file is a
  post asset (`unsupported_extension`), kept.
- `_config.yml` globs (micromatch, via wcmatch in globs.py), as Hexo applies them to post files: `skip_render`
  (matched against the path below `source_dir`, `_posts/x.md`) is copied as it is, not rendered: not a
  post. `ignore` (matched by Hexo against the full path on disk; here against the path from the site
  root, each folder from `source_dir` down, so write it `**/_posts/x/**` as Hexo's docs do) is never
  read at all: not a post. `exclude` does not apply to posts (Hexo's docs: use skip_render), and
  `include` does not make a hidden name below `_posts/` a post (an included one is rendered as a page).
- Front matter: YAML between `---` lines, or before the first `---` line with no opening one; JSON
  (an object's members, without braces) the same way with `;;;` (parse.frontmatter.read_hexo_front_matter).
- Dates: `date` and `updated` in `_config.yml` `timezone`. With no `date`, the file name's date when
  `new_post_name` holds `:year`, `:month` and `:day`; else none (Hexo would take the file's creation
  time, which an archive copy does not keep).
- Categories: a string is one category; a list is one hierarchy, parent to child; a list holding
  lists is several hierarchies. `categories` lists the names, `category_paths` each hierarchy
  `/`-joined. Tags: `tags` (or `tag`), a string is one tag (Hexo does not split on spaces).
- `published: false` -> published false; under `_drafts/` -> draft.
- Images: `/x` is `source/x`; with `post_asset_folder: true`, relative paths and `{% asset_img %}`
  are in the post's asset folder (`source/_posts/<name without extension>/`).
"""

from __future__ import annotations

import posixpath
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from archiver import reasons
from archiver.discover import Candidate, exists
from archiver.generators.base import (
    Generator,
    Site,
    config_bytes,
    extension,
    front_date,
    json_config,
    not_published,
    unique,
    walk_folders,
)
from archiver.generators.globs import first_match
from archiver.parse.config import check_timezone, read_yaml_config
from archiver.parse.dates import parse_date_text
from archiver.parse.decode import decode, normalise_text
from archiver.parse.fields import flatten, text_field
from archiver.parse.frontmatter import read_hexo_front_matter
from archiver.parse.post import ParsedPost, from_front

MARKDOWN = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext"})
RENDERED = MARKDOWN | {".html", ".htm", ".ejs", ".swig", ".njk", ".pug"}
# new_post_name placeholders -> the pattern of what they stand for in a file name.
_PLACEHOLDERS = {
    ":year": r"(?P<year>\d{4})",
    ":month": r"(?P<month>\d{2})",
    ":i_month": r"(?P<month>\d{1,2})",
    ":day": r"(?P<day>\d{2})",
    ":i_day": r"(?P<day>\d{1,2})",
}
_PLACEHOLDER = re.compile(r":[a-z_]+")
# _config.yml glob settings kept with the site (recorded in the manifest, written back by a rebuild).
GLOB_SETTINGS = ("skip_render", "ignore", "include", "exclude")


def name_pattern(new_post_name: str) -> re.Pattern[str] | None:
    """The regular expression of `new_post_name` (`:year-:month-:day-:title.md`) over a post's path
    below `_posts/` without its extension; None when it holds no date."""
    template = posixpath.splitext(new_post_name)[0]
    if not all(part in template for part in (":year", "month", "day")):
        return None
    pattern, position, used = "", 0, set()
    for match in _PLACEHOLDER.finditer(template):
        pattern += re.escape(template[position : match.start()])
        token = match.group(0)
        group = _PLACEHOLDERS.get(token)
        if group is None:
            group = r".+?" if token == ":title" else r"[^/]+?"
        else:
            name = group[4 : group.index(">")]
            group = r"\d+" if name in used else group  # a named group may appear only once
            used.add(name)
        pattern += group
        position = match.end()
    pattern += re.escape(template[position:])
    return re.compile(pattern)


class Hexo(Generator):
    name = "hexo"
    description = "`source/_posts/**` and `source/_drafts/**`: every file Hexo renders (markdown, HTML, templates)"
    post_folders_text = "source/_posts/ or source/_drafts/"
    config_files = ("_config.yml",)
    fields = {
        "title": "front matter `title` (Hexo makes none from the file name)",
        "date": "front matter `date` in `_config.yml` `timezone`, else the file name's date per `new_post_name`",
        "updated": "front matter `updated`",
        "categories": "front matter `categories`: a list is one hierarchy (parent, child), a list of lists several",
        "category_paths": "each category hierarchy, '/'-joined",
        "tags": "front matter `tags` (a string is one tag)",
        "draft": "the file is under `source/_drafts/`",
        "published": "false for front matter `published: false`",
        "markup": "markdown for Hexo's markdown extensions, html for .html/.htm, else the extension",
        "images": "`/x` from `source/`; with `post_asset_folder`, relative paths and `{% asset_img %}` "
        "from the post's asset folder",
    }

    def detect(self, root: Path) -> bool:
        if exists(root, "_posts") or exists(root, "_drafts"):
            return False  # a Jekyll site that happens to hold a source/ folder
        return exists(root, "source/_posts") or exists(root, "source/_drafts")

    def load_site(self, root: Path) -> Site:
        data = config_bytes(root, "_config.yml")
        config = read_yaml_config(data) if data is not None else {}
        timezone, configured = check_timezone(config.get("timezone"))
        source = config.get("source_dir")
        source = source.strip("/") if isinstance(source, str) and source.strip("/") else "source"
        new_post_name = config.get("new_post_name")
        return Site(
            self.name,
            timezone,
            {
                "source_dir": source,
                "post_asset_folder": config.get("post_asset_folder") is True,
                "new_post_name": new_post_name if isinstance(new_post_name, str) else ":title.md",
                **{key: _patterns(config.get(key)) for key in GLOB_SETTINGS},
            },
            timezone_assumed=not configured,
        )

    def list_posts(self, root: Path, site: Site) -> list[Candidate]:
        source = site.options["source_dir"]
        folders = [f"{source}/_posts", f"{source}/_drafts"]
        return [c if c.problem else self._classify(c, site) for c in walk_folders(root, folders)]

    def _classify(self, candidate: Candidate, site: Site) -> Candidate:
        options = site.options
        ignored = _ignored(candidate.path, options)
        if ignored is not None:
            return not_published(
                candidate, reasons.NOT_A_POST, f"ignored by _config.yml ignore ({ignored!r}): Hexo never reads it"
            )
        kind, entry = _split(candidate.path, site)
        below_source = f"{kind}/{entry}"  # what Hexo matches skip_render, include and exclude against
        parts = entry.split("/")
        if parts[-1].endswith(("~", "%")):
            return not_published(candidate, reasons.NOT_A_POST, "Hexo skips temporary (x~, x%) files")
        if any(part.startswith(("_", ".")) for part in parts):
            included = first_match(below_source, options["include"])
            if included is not None and first_match(below_source, options["exclude"]) is None:
                detail = f"; _config.yml include ({included!r}) has Hexo render it as a page, not a post"
            else:
                detail = ""
            return not_published(
                candidate, reasons.NOT_A_POST, f"Hexo makes no post of a hidden (_x, .x) name below {kind}/{detail}"
            )
        if extension(candidate.path) not in RENDERED:
            return not_published(candidate, reasons.UNSUPPORTED_EXTENSION, "Hexo treats it as a post asset, not a post")
        skipped = first_match(below_source, options["skip_render"])
        if skipped is not None:
            return not_published(
                candidate,
                reasons.NOT_A_POST,
                f"matched by _config.yml skip_render ({skipped!r}): Hexo copies it as is, rendering no post",
            )
        return candidate

    def config_file(self, settings: dict[str, Any], timezone: str | None) -> tuple[str, str]:
        return json_config("_config.yml", {"timezone": timezone, **settings})

    def read_post(self, data: bytes, path: str, site: Site) -> ParsedPost:
        decoded = decode(data)
        front = read_hexo_front_matter(normalise_text(decoded.text))
        zone = ZoneInfo(site.timezone)
        kind, entry = _split(path, site)
        date, date_raw, _ = front_date(front, ("date",), zone)
        date_source = "front_matter" if date is not None else "none"
        if date is None and kind == "_posts":
            date, from_name = self._filename_date(entry, site, zone)
            if date is not None:
                date_source, date_raw = "filename", date_raw or from_name
        updated, _, _ = front_date(front, ("updated",), zone)
        raw_categories = front.texts.get("categories", front.texts.get("category"))
        paths = category_hierarchies(raw_categories)
        tags = flatten(front.texts.get("tags", front.texts.get("tag")))
        title = text_field(front, "title")
        ext = extension(path)
        return from_front(
            decoded.encoding,
            front,
            title=title,
            date=date,
            date_raw=date_raw,
            date_source=date_source,
            author=text_field(front, "author"),
            tags=tags,
            categories=unique([name for hierarchy in paths for name in hierarchy]),
            layout=text_field(front, "layout"),
            draft=kind == "_drafts",
            published=front.data.get("published") is not False,
            updated=updated,
            category_paths=unique(["/".join(hierarchy) for hierarchy in paths]),
            markup="markdown" if ext in MARKDOWN else "html" if ext in (".html", ".htm") else ext.lstrip(".") or None,
        )

    def _filename_date(self, entry: str, site: Site, zone: ZoneInfo) -> tuple[datetime | None, str | None]:
        pattern = name_pattern(site.options["new_post_name"])
        matched = pattern.fullmatch(posixpath.splitext(entry)[0]) if pattern else None
        if matched is None:
            return None, None
        text = f"{matched.group('year')}-{matched.group('month')}-{matched.group('day')}"
        return parse_date_text(text, zone), text

    def image_base(self, path: str, site: Site) -> tuple[str, str | None]:
        asset_folder = posixpath.splitext(path)[0] if site.options["post_asset_folder"] else None
        return site.options["source_dir"], asset_folder


def category_hierarchies(value: object) -> list[list[str]]:
    """Hexo's categories: a string -> [[it]]; a flat list -> one hierarchy; a list with lists -> several."""
    if isinstance(value, str):
        return [[value]]
    if not isinstance(value, list):
        return []
    if any(isinstance(item, list) for item in value):
        found = [flatten(item) for item in value]
        return [hierarchy for hierarchy in found if hierarchy]
    hierarchy = flatten(value)
    return [hierarchy] if hierarchy else []


def _patterns(value: object) -> list[str]:
    """A glob setting as Hexo takes it: one pattern or a list of them (other values are no pattern)."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item]
    return []


def _ignored(path: str, options: dict[str, Any]) -> str | None:
    """The `ignore` pattern that keeps Hexo from reading the file: its own path or a folder's (Hexo's walk
    tests each folder from the source folder down before entering it), else None."""
    patterns = options["ignore"]
    if not patterns:
        return None
    source = options["source_dir"]
    parts = path.split("/")
    first = len(source.split("/"))
    for end in range(first, len(parts) + 1):
        found = first_match("/".join(parts[:end]), patterns)
        if found is not None:
            return found
    return None


def _split(path: str, site: Site) -> tuple[str, str]:
    """("_posts" or "_drafts", the path below that folder)."""
    source = site.options["source_dir"]
    for kind in ("_posts", "_drafts"):
        prefix = f"{source}/{kind}/"
        if path.startswith(prefix):
            return kind, path[len(prefix) :]
    return "", path


HEXO = Hexo()
