"""The shape every generator plug-in has, and the helpers two or more of them share."""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import os
import posixpath
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from archiver import reasons
from archiver.discover import Candidate, NotRegularFile, OutsideSite, read_inside, walk
from archiver.parse.config import SiteConfigError
from archiver.parse.dates import parse_date_text
from archiver.parse.frontmatter import FrontMatter
from archiver.parse.post import ParsedPost

__all__ = ["Generator", "Site", "SiteConfigError"]

# Extensions no generator renders as a post whatever the folder: images, media, documents, archives, fonts.
NOT_TEXT = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".svg",
        ".bmp",
        ".ico",
        ".tif",
        ".tiff",
        ".heic",
        ".heif",
        ".avif",
        ".psd",
        ".mp3",
        ".m4a",
        ".wav",
        ".ogg",
        ".flac",
        ".mp4",
        ".m4v",
        ".mov",
        ".avi",
        ".mkv",
        ".webm",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".tar",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".epub",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".exe",
        ".bin",
        ".dmg",
        ".iso",
        ".db",
        ".sqlite",
    }
)


@dataclass(frozen=True)
class Site:
    """What reading a post needs to know about its site: picklable, so it travels to worker processes."""

    generator: str  # jekyll | hexo | hugo
    timezone: str  # IANA name naive dates are read in
    options: dict[str, Any] = field(default_factory=dict)  # the generator's own settings, from its config
    timezone_assumed: bool = False  # the configuration names no zone, so DEFAULT_TIMEZONE is used


class Generator:
    """One static-site generator: how to recognise its site, list its post files and read one post.

    Subclasses set `name`, `config_files` and `fields` (column -> where the value comes from, for the
    dataset card) and implement the four methods. Everything after `read_post` is shared by all.
    """

    name = ""
    description = ""  # one line for the card: which files are posts
    post_folders_text = ""  # where posts live, for messages: "_posts/ or _drafts/"
    config_files: tuple[str, ...] = ()
    fields: dict[str, str] = {}

    def detect(self, root: Path) -> bool:
        """True when the folder looks like a site of this generator."""
        raise NotImplementedError

    def load_site(self, root: Path) -> Site:
        """Read the site's configuration. Raises SiteConfigError (a person must look) on a bad one."""
        raise NotImplementedError

    def list_posts(self, root: Path, site: Site) -> list[Candidate]:
        """Every file under the site's post folders, sorted; a file not published as a post has a reason."""
        raise NotImplementedError

    def read_post(self, data: bytes, path: str, site: Site) -> ParsedPost:
        """One post's front matter, body, dates and categories. Raises PostRejected."""
        raise NotImplementedError

    def config_file(self, settings: dict[str, Any], timezone: str | None) -> tuple[str, str]:
        """(file name, text) of a configuration that `load_site` reads back as these settings and zone:
        a rebuild from a release (which holds no configuration file) writes it into the restored site."""
        raise NotImplementedError

    def image_base(self, path: str, site: Site) -> tuple[str, str | None]:
        """Where the post's images resolve: (folder of `/`-rooted paths, folder of relative paths or None
        for the post's own folder). Jekyll serves the site root; see images.resolve."""
        return "", None


def config_bytes(root: Path, relative: str) -> bytes | None:
    """A configuration file's bytes, or None when the site has none."""
    try:
        return read_inside(root, relative)
    except NotRegularFile as error:  # a FIFO here would block the collect forever
        raise SiteConfigError(f"{relative}: not a regular file but {error.kind}") from None
    except OutsideSite:
        # Read as absent, its settings (timezone, exclude…) would silently not apply: the site would be read
        # otherwise than its generator reads it, and nothing outside the site is ever read to find out.
        raise SiteConfigError(
            f"{relative}: a link leading outside the site; nothing outside it is read (copy the file into the site)"
        ) from None
    except OSError:
        return None


def walk_folders(root: Path, folders: list[str]) -> list[Candidate]:
    """Every file under the folders (those that exist), in path-byte order, each real folder walked once."""
    return walk(Path(os.path.realpath(root)), folders)


def not_published(candidate: Candidate, reason: str, detail: str) -> Candidate:
    """The candidate as a file the generator does not publish as a post (read and kept as a reject)."""
    return dataclasses.replace(candidate, problem=reason, detail=detail)


def matches_any(path: str, patterns: list[str]) -> bool:
    """Jekyll's glob rule for `exclude`/`include`: a glob match, or a prefix (a folder and all below it)."""
    for pattern in patterns:
        pattern = pattern.lstrip("/")
        if pattern and (fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern) or pattern == path + "/"):
            return True
    return False


def json_config(name: str, settings: dict[str, Any]) -> tuple[str, str]:
    """A configuration as JSON text (which YAML reads too), without the unset settings."""
    kept = {key: value for key, value in settings.items() if value is not None}
    return name, json.dumps(kept, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def front_date(front: FrontMatter, keys: tuple[str, ...], zone: ZoneInfo) -> tuple[datetime | None, str | None, str]:
    """The first of `keys` (matched without regard to case) holding a date we read: (naive UTC, raw, key).

    When none can be read, the first one written is still given as raw text, with key "".
    """
    lowered = {key.lower(): key for key in front.data}
    first_raw = None
    for key in keys:
        real = lowered.get(key)
        if real is None or front.data[real] is None:
            continue
        raw = front.texts.get(real)
        if not isinstance(raw, str) or not raw.strip():
            continue
        parsed = parse_date_text(raw, zone)
        if parsed is not None:
            return parsed, raw, real
        first_raw = first_raw or raw
    return None, first_raw, ""


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def extension(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def reject_not_text(candidate: Candidate, generator: str) -> Candidate | None:
    ext = extension(candidate.path)
    if ext in NOT_TEXT:
        return not_published(
            candidate, reasons.UNSUPPORTED_EXTENSION, f"{generator} does not publish a {ext} file as a post"
        )
    return None
