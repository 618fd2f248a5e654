"""Hugo, as Hugo reads a site: pages under `content/**`, front matter in YAML, TOML or JSON, its date fields.

- Configuration: the first of `hugo.toml|yaml|yml|json`, `config.toml|yaml|yml|json`, and the same
  under `config/_default/`. Keys are read without regard to case, as Hugo does: `timeZone`,
  `contentDir` (default `content`), `staticDir` (default `static`; of a list, the first).
- Languages (translation by content directory): `languages.<lang>.contentDir` (in the configuration, or
  in `config/_default/languages.*`) gives each language its own folder of pages; a language without one
  uses `contentDir`. Every language's folder is read (and, with languages configured, only those, as
  Hugo mounts them); a page belongs to the language of the deepest folder holding it
  (`defaultContentLanguage`, default `en`, for a shared folder's pages without a `.lang` name suffix).
  A language with `disabled: true` or in `disableLanguages` is not built: its own folder's files are
  `not_a_post`. A page named with a configured language's code (`x.fr.md`, `index.fr.md`, `_index.fr.md`:
  translation by file name) is that language's, wherever it lies, and named as if without the code
  (`index.fr.md` is its bundle's page). No posts column holds the language: it is the folder the path starts with, which
  `manifest.json` records per language (`generator.settings.languages`). Per-language settings other
  than these (a language's own `timeZone`, module mounts) are not read.
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
- section: the first folder under the page's content folder (none for a page at the top).
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
        "section": "the first folder under the page's content folder (`content/`, or its language's `contentDir`)",
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
        content = _content_folder(config.get("contentdir"), name) or "content"
        default = config.get("defaultcontentlanguage")
        return Site(
            self.name,
            timezone,
            {
                "content_dir": content,
                "static_dir": _folder(static) or "static",
                "default_language": default.lower() if isinstance(default, str) and default.strip() else "en",
                "languages": _languages(root, config, content, name),
            },
            timezone_assumed=not configured,
        )

    def list_posts(self, root: Path, site: Site) -> list[Candidate]:
        folders = content_folders(site)
        # A folder inside another is walked with it (walking it twice would list its files twice).
        tops = [f for f in folders if not any(f.startswith(other + "/") for other in folders)]
        found = walk_folders(root, tops)
        bundles = {
            posixpath.dirname(c.path)
            for c in found
            if not c.problem and _page_stem(c.path, site)[0] == "index" and extension(c.path) in MARKUP
        } - set(folders)
        return [c if c.problem else self._classify(c, bundles, site) for c in found]

    def _classify(self, candidate: Candidate, bundles: set[str], site: Site) -> Candidate:
        folder, languages = page_folder(candidate.path, site)
        stem, named = _page_stem(candidate.path, site)
        if named is not None:  # translation by file name: `x.fr.md` is the French page wherever it lies
            languages = [named] if named in site.options.get("languages", {}) else []
        disabled = [lang for lang in languages if site.options["languages"][lang]["disabled"]]
        if languages and len(disabled) == len(languages):
            where = "named as a page" if named else f"in {folder}/, the content folder"
            return not_published(
                candidate,
                reasons.NOT_A_POST,
                f"{where} of language {', '.join(disabled)}, which the configuration disables "
                "(languages.<lang>.disabled or disableLanguages): Hugo builds none of its pages",
            )
        name = posixpath.basename(candidate.path)
        if name.startswith((".", "#")) or name.endswith("~"):
            return not_published(candidate, reasons.NOT_A_POST, "Hugo ignores hidden and backup files")
        if extension(name) not in MARKUP:
            return not_published(candidate, reasons.UNSUPPORTED_EXTENSION, "a page resource or static file for Hugo")
        if stem == "_index":
            return not_published(candidate, reasons.NOT_A_POST, "a Hugo section's list page (_index), not a page")
        folder = posixpath.dirname(candidate.path)
        owner = next((f for f in _ancestors(folder) if f in bundles), None)
        if owner is not None and not (folder == owner and stem == "index"):
            return not_published(candidate, reasons.NOT_A_POST, f"a resource of the page bundle {owner}/, not a page")
        return candidate

    def config_file(self, settings: dict[str, Any], timezone: str | None) -> tuple[str, str]:
        written: dict[str, Any] = {
            "timeZone": timezone,
            "contentDir": settings["content_dir"],
            "staticDir": settings["static_dir"],
        }
        if "languages" in settings:  # a release made before languages were read records none
            written["defaultContentLanguage"] = settings["default_language"]
            written["languages"] = {
                lang: {"contentDir": language["content_dir"], "disabled": language["disabled"]}
                for lang, language in settings["languages"].items()
            }
        return json_config("hugo.json", written)

    def read_post(self, data: bytes, path: str, site: Site) -> ParsedPost:
        decoded = decode(data)
        front = read_hugo_front_matter(normalise_text(decoded.text))
        zone = ZoneInfo(site.timezone)
        date, date_raw, _ = front_date(front, DATE_KEYS, zone)
        title = _text(front, "title")
        relative = path[len(page_folder(path, site)[0]) + 1 :]
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


def content_folders(site: Site) -> list[str]:
    """Every folder of pages, sorted, once each: each language's (its `contentDir`, else the site's), or
    the site's `contentDir` when no language is configured."""
    languages = site.options.get("languages", {})
    return sorted({language["content_dir"] for language in languages.values()} or {site.options["content_dir"]})


def page_folder(path: str, site: Site) -> tuple[str, list[str]]:
    """(the deepest content folder holding `path`, the languages whose folder it is: none when no
    language is configured, several when languages share it)."""
    folder = max((f for f in content_folders(site) if path.startswith(f + "/")), key=len, default="")
    languages = site.options.get("languages", {})
    return folder, [lang for lang, language in languages.items() if language["content_dir"] == folder]


def _folder(value: Any) -> str | None:
    """A configured folder in one spelling (`./content`, `content/.` and `content/` are `content`), so that a
    page's path, and its post_id, do not depend on how the configuration wrote its folder."""
    if not isinstance(value, str) or not value.strip("/"):
        return None
    return posixpath.normpath(value.strip("/"))


def _content_folder(value: Any, name: str) -> str | None:
    folder = _folder(value)
    if folder == ".":
        # Pages at the root would hold the configuration itself; Hugo sites keep them in a folder.
        raise SiteConfigError(
            f"{name}: contentDir {value!r} is the site's root; archiver reads pages from a folder under it"
        )
    return folder


def _languages(root: Path, config: dict[str, Any], content: str, name: str) -> dict[str, dict[str, Any]]:
    """`languages` as {code: {content_dir, disabled}}, codes lower-cased as Hugo does; {} when none is set.
    `name` is the configuration file's, which an error names unless the table has a file of its own."""
    found = config.get("languages")
    if found is None:  # Hugo's configuration folder may hold the table in a file of its own
        for ext in ("toml", "yaml", "yml", "json"):
            data = config_bytes(root, f"config/_default/languages.{ext}")
            if data is not None:
                name = f"config/_default/languages.{ext}"
                found = read_config(name, data)
                break
    if not isinstance(found, dict):
        return {}
    off = config.get("disablelanguages")
    off = {str(lang).lower() for lang in off} if isinstance(off, list) else set()
    languages = {}
    for code, settings in found.items():
        keys = {str(key).lower(): value for key, value in settings.items()} if isinstance(settings, dict) else {}
        lang = str(code).lower()
        languages[lang] = {
            "content_dir": _content_folder(keys.get("contentdir"), name) or content,
            "disabled": keys.get("disabled") is True or lang in off,
        }
    return dict(sorted(languages.items()))


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


def _page_stem(path: str, site: Site) -> tuple[str, str | None]:
    """The page's name without extension nor language suffix, and that language: `index.fr.md` is
    ("index", "fr") when fr is a configured language (else the default one, which every site has), as
    Hugo reads a translation by file name; an unknown suffix stays part of the name."""
    stem = _stem(path)
    base, dot, suffix = stem.rpartition(".")
    known = site.options.get("languages") or {site.options.get("default_language", "en"): {}}
    if dot and base and suffix.lower() in known:
        return base, suffix.lower()
    return stem, None


def _ancestors(folder: str) -> list[str]:
    """`folder` and every folder above it, nearest first."""
    found = []
    while folder:
        found.append(folder)
        folder = posixpath.dirname(folder)
    return found


HUGO = Hugo()
