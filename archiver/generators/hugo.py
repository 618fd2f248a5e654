"""Hugo, as Hugo reads a site: pages under `content/**`, front matter in YAML, TOML or JSON, its date fields.

- Configuration: the first of `hugo.toml|yaml|yml|json`, `config.toml|yaml|yml|json`, and the same
  under `config/_default/`. Keys are read without regard to case, as Hugo does: `timeZone`,
  `contentDir` (default `content`), `staticDir` (default `static`; of a list, the first).
- Pages: files with a content extension (`.md .markdown .mdown .mkd .mkdn .html .htm .adoc
  .asciidoc .ad .org .pdc .pandoc .rst`). Not pages (`not_a_post`, kept): a section's list page
  `_index.*`; the other content files inside a leaf bundle (a folder with an `index.*`), which are
  that page's resources; names starting with `.` or `#` or ending with `~`. Any other file is a
  resource (`unsupported_extension`), kept.
- Front matter: YAML (`---`), TOML (`+++`) or a JSON object opening the file.
- Dates, keys without regard to case and in Hugo's default order: `date` <- date, publishDate,
  pubDate, published, lastmod, modified; `publish_date` <- publishDate, pubDate, published;
  `updated` <- lastmod, modified; `expiry_date` <- expiryDate, unpublishDate. Naive times are in
  `timeZone`. Hugo takes no date from the file name.
- `draft: true` -> draft. published false when Hugo never renders the page: `build`/`_build`
  `render: never` (or false), or `headless: true`.
- section: the first folder under `content/` (none for a page at the top).
- Categories and tags: the `categories` and `tags` taxonomies (a string is one name).
- markup: front matter `markup`, else by extension.
- Images: `/x` is `static/x`; relative paths from the page's folder (a page bundle's own files).
"""

from __future__ import annotations

import json
import posixpath
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from archiver import reasons
from archiver.discover import Candidate, exists
from archiver.generators.base import (
    Generator,
    Site,
    SiteConfigError,
    config_bytes,
    extension,
    front_date,
    json_config,
    not_published,
    walk_folders,
)
from archiver.parse.config import check_timezone, read_yaml_config
from archiver.parse.decode import decode, normalise_text
from archiver.parse.fields import flatten
from archiver.parse.frontmatter import FrontMatter, read_hugo_front_matter
from archiver.parse.post import ParsedPost, from_front

CONFIG_NAMES = [
    f"{folder}{stem}.{ext}"
    for folder in ("", "config/_default/")
    for stem in ("hugo", "config")
    for ext in ("toml", "yaml", "yml", "json")
]
MARKUP = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mkdn": "markdown",
    ".html": "html",
    ".htm": "html",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".ad": "asciidoc",
    ".org": "org",
    ".pdc": "pandoc",
    ".pandoc": "pandoc",
    ".rst": "rst",
}
DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")
PUBLISH_KEYS = ("publishdate", "pubdate", "published")
UPDATED_KEYS = ("lastmod", "modified")
EXPIRY_KEYS = ("expirydate", "unpublishdate")


def read_config(name: str, data: bytes) -> dict[str, Any]:
    """A Hugo configuration file as a mapping with lower-cased top-level keys. Raises SiteConfigError."""
    if name.endswith((".yaml", ".yml")):
        loaded: Any = read_yaml_config(data, name)
    else:
        try:
            text = decode(data).text
            loaded = tomllib.loads(text) if name.endswith(".toml") else json.loads(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise SiteConfigError(f"{name}: not valid {name.rsplit('.', 1)[-1].upper()} ({error})") from None
    if not isinstance(loaded, dict):
        raise SiteConfigError(f"{name}: not a mapping of settings")
    return {str(key).lower(): value for key, value in loaded.items()}


class Hugo(Generator):
    name = "hugo"
    description = "every content file under `content/` (leaf bundles' `index.*` included; `_index.*` list pages not)"
    post_folders_text = "content/"
    config_files = tuple(CONFIG_NAMES)
    fields = {
        "title": "front matter `title` (Hugo makes none from the file name)",
        "date": "front matter date, publishDate, pubDate, published, lastmod or modified, in `timeZone`",
        "publish_date": "front matter publishDate (or pubDate, published)",
        "updated": "front matter lastmod (or modified)",
        "expiry_date": "front matter expiryDate (or unpublishDate)",
        "categories": "the `categories` taxonomy",
        "tags": "the `tags` taxonomy",
        "section": "the first folder under `content/`",
        "draft": "front matter `draft: true`",
        "published": "false when `build`/`_build` `render` is never, or `headless: true`",
        "markup": "front matter `markup`, else by extension (markdown, html, asciidoc, org, pandoc, rst)",
        "images": "`/x` from `static/`; relative paths from the page's folder (its bundle)",
    }

    def detect(self, root: Path) -> bool:
        if any(exists(root, f"{stem}.{ext}") for stem in ("hugo",) for ext in ("toml", "yaml", "yml", "json")):
            return True
        configured = any(exists(root, name) for name in CONFIG_NAMES) or exists(root, "config/_default")
        return configured and exists(root, "content") and not exists(root, "_config.yml")

    def load_site(self, root: Path) -> Site:
        config: dict[str, Any] = {}
        for name in CONFIG_NAMES:
            data = config_bytes(root, name)
            if data is not None:
                config = read_config(name, data)
                break
        else:
            name = "hugo.toml"
        timezone, configured = check_timezone(config.get("timezone"), name, "timeZone")
        static = config.get("staticdir")
        static = static[0] if isinstance(static, list) and static else static
        content = config.get("contentdir")
        return Site(
            self.name,
            timezone,
            {
                "content_dir": content.strip("/") if isinstance(content, str) and content.strip("/") else "content",
                "static_dir": static.strip("/") if isinstance(static, str) and static.strip("/") else "static",
            },
            timezone_assumed=not configured,
        )

    def list_posts(self, root: Path, site: Site) -> list[Candidate]:
        content = site.options["content_dir"]
        found = walk_folders(root, [content])
        bundles = {
            posixpath.dirname(c.path)
            for c in found
            if not c.problem and _stem(c.path) == "index" and extension(c.path) in MARKUP
        } - {content}
        return [c if c.problem else self._classify(c, bundles) for c in found]

    def _classify(self, candidate: Candidate, bundles: set[str]) -> Candidate:
        name = posixpath.basename(candidate.path)
        if name.startswith((".", "#")) or name.endswith("~"):
            return not_published(candidate, reasons.NOT_A_POST, "Hugo ignores hidden and backup files")
        if extension(name) not in MARKUP:
            return not_published(candidate, reasons.UNSUPPORTED_EXTENSION, "a page resource or static file for Hugo")
        if _stem(name) == "_index":
            return not_published(candidate, reasons.NOT_A_POST, "a Hugo section's list page (_index), not a page")
        folder = posixpath.dirname(candidate.path)
        owner = next((f for f in _ancestors(folder) if f in bundles), None)
        if owner is not None and not (folder == owner and _stem(name) == "index"):
            return not_published(candidate, reasons.NOT_A_POST, f"a resource of the page bundle {owner}/, not a page")
        return candidate

    def config_file(self, settings: dict[str, Any], timezone: str | None) -> tuple[str, str]:
        return json_config(
            "hugo.json",
            {"timeZone": timezone, "contentDir": settings["content_dir"], "staticDir": settings["static_dir"]},
        )

    def read_post(self, data: bytes, path: str, site: Site) -> ParsedPost:
        decoded = decode(data)
        front = read_hugo_front_matter(normalise_text(decoded.text))
        zone = ZoneInfo(site.timezone)
        date, date_raw, _ = front_date(front, DATE_KEYS, zone)
        title = _text(front, "title")
        relative = path[len(site.options["content_dir"]) + 1 :]
        markup = _text(front, "markup")
        return from_front(
            decoded.encoding,
            front,
            title=title,
            date=date,
            date_raw=date_raw,
            date_source="front_matter" if date is not None else "none",
            author=_text(front, "author"),
            tags=flatten(_value(front, "tags")),
            categories=flatten(_value(front, "categories")),
            layout=_text(front, "layout"),
            draft=_value(front, "draft", texts=False) is True,
            published=_rendered(front),
            updated=front_date(front, UPDATED_KEYS, zone)[0],
            publish_date=front_date(front, PUBLISH_KEYS, zone)[0],
            expiry_date=front_date(front, EXPIRY_KEYS, zone)[0],
            section=relative.split("/", 1)[0] if "/" in relative else None,
            category_paths=flatten(_value(front, "categories")),
            markup=markup.lower() if markup else MARKUP.get(extension(path)),
        )

    def image_base(self, path: str, site: Site) -> tuple[str, str | None]:
        return site.options["static_dir"], None


def _value(front: FrontMatter, key: str, *, texts: bool = True) -> Any:
    """A front matter value by its key without regard to case (Hugo's rule); texts or loaded data."""
    source = front.texts if texts else front.data
    for real in source:
        if real.lower() == key:
            return source[real]
    return None


def _text(front: FrontMatter, key: str) -> str | None:
    value = _value(front, key)
    return value if isinstance(value, str) else None


def _rendered(front: FrontMatter) -> bool:
    """False when Hugo never renders the page: `build`/`_build` with `render: never|false`, or headless."""
    if _value(front, "headless", texts=False) is True:
        return False
    for key in ("build", "_build"):
        options = _value(front, key, texts=False)
        if isinstance(options, dict):
            render = {str(k).lower(): v for k, v in options.items()}.get("render")
            if render is False or (isinstance(render, str) and render.lower() in ("never", "false")):
                return False
    return True


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0]


def _ancestors(folder: str) -> list[str]:
    """`folder` and every folder above it, nearest first."""
    found = []
    while folder:
        found.append(folder)
        folder = posixpath.dirname(folder)
    return found


HUGO = Hugo()
