"""Jekyll, as Jekyll reads a site: every `_posts/` and `_drafts/` folder it visits, its file-name rule, its fields.

- Post folders, in a site (a folder with `_config.yml`, `_posts/` or `_drafts/`): `_posts/` and
  `_drafts/` in the site root and in every folder Jekyll walks into, i.e.
  not one whose name starts with `.`, `_`, `#` or `~` or ends with `~` (unless `include`d), not one
  that `exclude` (plus Jekyll's defaults, and all of `vendor/`) names, and never through a link. A post
  folder that `exclude` names itself is read all the same, its files each a row saying they are excluded.
- Posts: under `_posts/`, names `YYYY-M-D-slug.ext` (Jekyll's DATE_FILENAME_MATCHER, year of 2 to 4
  digits); under `_drafts/`, any `name.ext`. Names Jekyll skips (first folder or file name starting
  with `.`, `_`, `#`, `~`, or ending with `~`) and excluded paths are not posts. A dated name with an
  image, media, archive or data (`.yml`) extension is not a post either: Jekyll reads only text.
- Categories: the folders above the post folder (`news/_posts/x` -> `news`; folders *below* `_posts/`
  are not categories in Jekyll), then the front matter's.
- Title: the front matter's, else Jekyll's slug title (`2010-01-09-date-override.md` -> "Date Override").
- markup: `markdown` for an extension in `markdown_ext`, `html` for .html/.htm, else the extension.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from archiver import reasons
from archiver.discover import Candidate, exists, folder_links_out, subfolders
from archiver.generators.base import (
    Generator,
    Site,
    config_bytes,
    extension,
    json_config,
    matches_any,
    not_published,
    reject_not_text,
    unique,
    walk_folders,
)
from archiver.parse.config import check_timezone, read_yaml_config
from archiver.parse.post import ParsedPost, parse_post

POST_FOLDERS = ("_posts", "_drafts")
DEFAULT_MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"
# Jekyll 4's default excludes, and all of vendor/ (bundled gems carry sites of their own).
DEFAULT_EXCLUDE = [".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules", "vendor"]
DATA_EXTENSIONS = frozenset({".yml", ".yaml"})  # Jekyll reads these as data, never as a post's content
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
DATED_NAME = re.compile(r"(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)")
DATELESS_NAME = re.compile(r"(.*)(\.[^.]+)")


def is_special(name: str) -> bool:
    """Names Jekyll's EntryFilter skips: leading `.`, `_`, `#`, `~`, or a trailing `~` (a backup)."""
    return name.startswith((".", "_", "#", "~")) or name.endswith("~")


def excludes(site: Site) -> list[str]:
    """Jekyll's default excludes, then the site's own (`_config.yml` `exclude`)."""
    return DEFAULT_EXCLUDE + site.options["exclude"]


def titleize_slug(slug: str) -> str:
    """Jekyll's Utils.titleize_slug: `date-override` -> "Date Override" (trailing dots dropped first)."""
    words = slug.rstrip(".").split("-")
    while words and not words[-1]:  # Ruby's split drops trailing empty fields
        words.pop()
    return " ".join(word[:1].upper() + word[1:].lower() for word in words)


class Jekyll(Generator):
    name = "jekyll"
    description = (
        "`_posts/` and `_drafts/` folders anywhere Jekyll reads (`news/_posts/` too); posts named YYYY-M-D-slug.ext"
    )
    post_folders_text = "_posts/ or _drafts/"
    config_files = ("_config.yml",)
    fields = {
        "title": "front matter `title`, else Jekyll's title from the file name's slug (`title_source`)",
        "date": "front matter `date`, else the file name's YYYY-M-D (`date_source`), in `_config.yml` `timezone`",
        "categories": "folders above `_posts/` (`news/_posts/` -> news), then front matter `category`/`categories`",
        "tags": "front matter `tag`/`tags` (a string is split on spaces)",
        "draft": "the file is in a `_drafts/` folder",
        "published": "false for front matter `published: false`",
        "markup": "markdown for an extension in `_config.yml` `markdown_ext`, html for .html/.htm, else the extension",
        "images": "`/x` from the site root, relative paths from the post's folder; `{{ site.baseurl }}` dropped",
    }

    def detect(self, root: Path) -> bool:
        return exists(root, "_posts") or exists(root, "_drafts") or exists(root, "_config.yml")

    def load_site(self, root: Path) -> Site:
        data = config_bytes(root, "_config.yml")
        config = read_yaml_config(data) if data is not None else {}
        markdown_ext = config.get("markdown_ext")
        if not isinstance(markdown_ext, str):
            markdown_ext = DEFAULT_MARKDOWN_EXT
        timezone, configured = check_timezone(config.get("timezone"))
        return Site(
            self.name,
            timezone,
            {
                "markdown_ext": sorted(
                    {"." + e.strip().lower().lstrip(".") for e in markdown_ext.split(",") if e.strip()}
                ),
                "exclude": [p for p in _list(config.get("exclude")) if isinstance(p, str)],  # Jekyll adds its defaults
                "include": [p for p in _list(config.get("include")) if isinstance(p, str)],
            },
            timezone_assumed=not configured,
        )

    def post_folders(self, root: Path, site: Site) -> tuple[list[str], list[str]]:
        """Every `_posts/`/`_drafts/` Jekyll reads, found by walking the folders Jekyll walks, and the links
        to folders outside the site met on that walk (never walked: each becomes a reject row)."""
        exclude, include = excludes(site), site.options["include"]

        def skipped(name: str, path: str) -> bool:
            return (is_special(name) and name not in include) or matches_any(path, exclude)

        found: list[str] = []
        outside: list[str] = []
        pending = [""]
        while pending:
            folder = pending.pop()
            for kind in POST_FOLDERS:
                path = posixpath.join(folder, kind)
                # An excluded post folder is walked all the same: each of its files becomes a row saying it is
                # excluded, as an excluded post file does, instead of vanishing from the dataset.
                if exists(root, path):
                    found.append(path)
            for name in subfolders(root, folder):
                path = posixpath.join(folder, name)
                if not skipped(name, path):
                    pending.append(path)
            for name in folder_links_out(root, folder):
                path = posixpath.join(folder, name)
                # A post folder that is such a link is one of `found`, and the walk names it already.
                if name not in POST_FOLDERS and not skipped(name, path):
                    outside.append(path)
        return sorted(found), sorted(outside)

    def list_posts(self, root: Path, site: Site) -> list[Candidate]:
        if not any(exists(root, name) for name in ("_config.yml", *POST_FOLDERS)):
            # Not a Jekyll site (a project folder holding one, say): its nested folders are not read.
            return []
        folders, outside = self.post_folders(root, site)
        candidates = [self._classify(c, site) if not c.problem else c for c in walk_folders(root, folders)]
        # Jekyll would walk into such a folder looking for `_posts/`; skipped in silence, its posts would be
        # lost without a word, so the link is a row of its own (nothing beneath it is read).
        message = "link to a folder outside the site root: not walked, nothing beneath it read"
        candidates += [Candidate.at(path.encode(), reasons.SYMLINK_OUTSIDE_SITE, message) for path in outside]
        return sorted(candidates, key=lambda candidate: candidate.path_bytes)

    def _classify(self, candidate: Candidate, site: Site) -> Candidate:
        kind, entry = _split_post_path(candidate.path)
        first, name = entry.split("/", 1)[0], posixpath.basename(entry)
        include = site.options["include"]
        if (is_special(first) and first not in include) or (is_special(name) and name not in include):
            return not_published(
                candidate, reasons.NOT_A_POST, "Jekyll skips names starting with . _ # ~ or ending with ~"
            )
        if matches_any(candidate.path, excludes(site)):
            return not_published(candidate, reasons.NOT_A_POST, "excluded by _config.yml exclude")
        rejected = reject_not_text(candidate, "Jekyll")  # first: an image is an image, whatever its name
        if rejected is not None:
            return rejected
        if kind == "_posts" and not DATED_NAME.fullmatch(name):
            return not_published(
                candidate, reasons.NOT_A_POST, "name is not YYYY-M-D-slug.ext, so Jekyll makes no post of it"
            )
        if kind == "_drafts" and not DATELESS_NAME.fullmatch(name):
            return not_published(candidate, reasons.NOT_A_POST, "a draft's name needs an extension")
        if extension(name) in DATA_EXTENSIONS:
            return not_published(
                candidate, reasons.UNSUPPORTED_EXTENSION, "Jekyll reads .yml/.yaml as data, not as a post"
            )
        return candidate

    def config_file(self, settings: dict[str, Any], timezone: str | None) -> tuple[str, str]:
        return json_config(
            "_config.yml",
            {
                "timezone": timezone,
                "markdown_ext": ",".join(ext.lstrip(".") for ext in settings["markdown_ext"]),
                "exclude": settings["exclude"],
                "include": settings["include"],
            },
        )

    def read_post(self, data: bytes, path: str, site: Site) -> ParsedPost:
        parsed = parse_post(data, path, site.timezone)
        kind, entry = _split_post_path(path)
        parsed.draft = kind == "_drafts"
        # Jekyll merges the path's categories, then front matter `categories` (a string split on
        # spaces), then `pluralized_array_from_hash` (`category` when set, else `categories`).
        from_path = path.split("/")[: path.split("/").index(kind)] if kind else []
        parsed.categories = unique(
            from_path + _category_names(parsed.front_matter.get("categories")) + parsed.categories
        )
        parsed.category_paths = list(parsed.categories)
        if parsed.title is None:
            name = posixpath.basename(entry)
            dated, dateless = DATED_NAME.fullmatch(name), DATELESS_NAME.fullmatch(name)
            slug = dated.group(2) if dated else dateless.group(1) if dateless else name
            parsed.title, parsed.title_source = titleize_slug(slug), "filename"
        ext = extension(path)
        if ext in site.options["markdown_ext"]:
            parsed.markup = "markdown"
        else:
            parsed.markup = "html" if ext in HTML_EXTENSIONS else ext.lstrip(".") or None
        return parsed


def _category_names(value: object) -> list[str]:
    """Front matter `categories` as Jekyll merges it first: a string split on spaces, a list's items as text."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [_scalar_text(item) for item in value if item is not None and not isinstance(item, dict | list)]
    return [] if value is None or isinstance(value, dict) else [_scalar_text(value)]


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _split_post_path(path: str) -> tuple[str, str]:
    """("_posts" or "_drafts", the path below that folder) for the first post folder in `path`."""
    parts = path.split("/")
    for index, part in enumerate(parts[:-1]):
        if part in POST_FOLDERS:
            return part, "/".join(parts[index + 1 :])
    return "", path


def _list(value: object) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


JEKYLL = Jekyll()
