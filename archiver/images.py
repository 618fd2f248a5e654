"""Images: find a post's image references, resolve them against the site root, and read the present ones."""

from __future__ import annotations

import errno
import hashlib
import html
import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from PIL import Image

from archiver.markup import HTML_IMAGE, MARKDOWN_IMAGE, Markup
from archiver.safe_fs import NotRegularFile, OutsideSite, as_bytes, display, exact, read_beneath
from archiver.tables import file_path

# A name is tried only where one starts (the look-behind), so a long run of letters is not tried from each.
HTML_ATTRIBUTE = re.compile(
    r"""(?<![-a-zA-Z0-9_:.])([a-zA-Z_:][-a-zA-Z0-9_:.]*+)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++))"""
)
# Liquid tags that carry an image: `{% include image.html url="..." %}`, `{% img /path %}` (Octopress).
# The arguments stop at the next `{%`, for the same reason as above (so they need no length bound, which
# dropped a tag with a long path).
LIQUID_TAG = re.compile(r"{%-?\s*+(include|img|image|figure|asset_img)\b((?:[^{%]|{(?!%)|%(?!}))*+)%}")
# Hugo's figure shortcode, `{{< figure src="x.png" alt="…" >}}` (or `{{% … %}}`), on one line.
HUGO_SHORTCODE = re.compile(r"{{[<%]\s*+(?:figure|img|image)\b([^\n{}]*+)}}")
LIQUID_ATTRIBUTE = re.compile(r"""\b(src|url|image|img|path|file)\s*=\s*["']([^"']+)["']""")
LIQUID_BARE_PATH = re.compile(r"""(?:^|\s)((?:https?:)?/[^\s"']+|[^\s"'=]+\.(?:png|jpe?g|gif|webp|svg|bmp))""", re.I)
LIQUID_ALT = re.compile(r"""\b(?:alt|caption|title)\s*=\s*["']([^"']*)["']""")
# Linux's limit on one name (ext4, XFS, Btrfs), fixed rather than asked of the building machine, so that rows
# do not depend on it.
NAME_MAX = 255
# `{{site.baseurl}}` and friends prefix paths that are rooted at the site.
SITE_VARIABLE = re.compile(r"{{-?\s*site\.(?:baseurl|url)\s*-?}}")

# `/`-rooted paths are site paths in Jekyll, but a reference to an operating-system folder
# (`/etc/passwd`, `/home/…`) is a local file path that escapes the archive, not a site path.
SYSTEM_FOLDERS = frozenset(
    [
        "bin",
        "boot",
        "dev",
        "etc",
        "home",
        "lib",
        "lib64",
        "mnt",
        "opt",
        "private",
        "proc",
        "root",
        "run",
        "sbin",
        "srv",
        "sys",
        "tmp",
        "usr",
        "var",
        "Users",
        "Volumes",
        "System",
        "Library",
        "Windows",
    ]
)

# Platform image ids, where a name or URL carries one.
WECHAT_URL = re.compile(r"mmbiz(?:\.qpic\.cn|\.qlogo\.cn)/(?:mmbiz[a-z_]*|sz_mmbiz[a-z_]*)/([A-Za-z0-9_-]{20,})")
WEIBO_URL = re.compile(r"sinaimg\.cn/[a-z0-9_]+/([A-Za-z0-9]{16,})")
DOUBAN_URL = re.compile(r"doubanio\.com/view/[^?#]*/(p\d+)\.")
# A local file named after the WeChat id it was saved from: long, base64-like, no separators.
WECHAT_NAME = re.compile(r"^[A-Za-z0-9]{40,}$")

STATUSES = ("present", "missing", "remote", "inline", "refused")


@dataclass
class ImageReference:
    position: int
    syntax: str  # markdown | html | liquid
    src: str
    alt: str | None


def find_references(body: str, markup: Markup | None = None) -> list[ImageReference]:
    """Every image reference in the body, in the order they appear; fenced code holds none."""
    found: list[tuple[int, str, str, str | None]] = []
    for match in MARKDOWN_IMAGE.finditer(body):
        found.append((match.start(), "markdown", match.group(2), match.group(1) or None))
    for match in HTML_IMAGE.finditer(body):
        attributes = {
            m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
            for m in HTML_ATTRIBUTE.finditer(match.group(0))
        }
        src = attributes.get("src") or attributes.get("data-src")
        if src:
            found.append((match.start(), "html", src, attributes.get("alt") or None))
    for match in LIQUID_TAG.finditer(body):
        arguments = match.group(2).removesuffix("-")  # `-%}` trims white space in Liquid
        named = LIQUID_ATTRIBUTE.search(arguments)
        bare = None if named else LIQUID_BARE_PATH.search(arguments)
        src = named.group(2) if named else bare.group(1) if bare else None
        if src:
            alt = LIQUID_ALT.search(arguments)
            found.append((match.start(), "liquid", src, alt.group(1) if alt else None))
    for match in HUGO_SHORTCODE.finditer(body):
        named = LIQUID_ATTRIBUTE.search(match.group(1))
        if named:
            alt = LIQUID_ALT.search(match.group(1))
            found.append((match.start(), "shortcode", named.group(2), alt.group(1) if alt else None))
    if "```" in body or "~~~" in body:
        doc = markup if markup is not None else Markup(body)
        found = [item for item in found if not doc.in_code(item[0])]
    found.sort(key=lambda item: item[0])
    return [ImageReference(i, syntax, src, alt) for i, (_, syntax, src, alt) in enumerate(found)]


@dataclass
class Resolution:
    status: str
    url: str | None = None
    resolved_path: str | None = None
    reason: str | None = None  # why it is refused (or missing, where more can be said)
    resolved_bytes: bytes | None = None  # the exact path, when it is not UTF-8


def resolve(src: str, post_path: str | bytes, root_folder: str = "", relative_folder: str | None = None) -> Resolution:
    """Where a reference points, relative to the site root, without touching the file system.

    `post_path` is the post's exact path (bytes) or its text; a reference that cannot even be parsed
    is refused with a reason, never an error, so that one bad reference cannot cost its post.
    `/`-rooted paths are in `root_folder` (Hexo's source/, Hugo's static/; "" for Jekyll), relative
    ones in `relative_folder` (a Hexo post's asset folder), by default the post's own folder.
    """
    post = as_bytes(post_path)
    try:
        relative = posixpath.dirname(post) if relative_folder is None else as_bytes(relative_folder)
        return _resolve(src, as_bytes(root_folder), relative)
    except ValueError as error:  # urlsplit: `http://[::1`, a bad port, ...
        return Resolution("refused", reason=f"not a valid URL or path ({error})")


def _resolve(src: str, root_folder: bytes, relative_folder: bytes) -> Resolution:
    cleaned = SITE_VARIABLE.sub("", src.strip()) if "{{" in src else src.strip()
    lowered = cleaned.lower()
    if lowered.startswith("data:"):
        return Resolution("inline")
    if lowered.startswith("//"):
        return Resolution("remote", url="https:" + cleaned)
    if lowered.startswith(("http://", "https://")) and cleaned.isascii() and "[" not in cleaned and "]" not in cleaned:
        # What urlsplit says of it (scheme http or https), without the parse: only brackets or a host
        # that is not ASCII can make it raise.
        return Resolution("remote", url=cleaned)
    parts = urlsplit(cleaned)
    if parts.scheme in ("http", "https", "ftp"):
        return Resolution("remote", url=cleaned)
    # file: URLs, Windows drive paths (`C:\…` parses as scheme `c`), and any other scheme leave the site.
    if parts.scheme:
        return Resolution("refused", reason=f"scheme {parts.scheme!r} is not a site path")
    if cleaned.startswith(("\\", "~")):
        return Resolution("refused", reason="a path on a machine, not in the site")
    # Percent-escapes decode to bytes, not text: a name in another encoding is still found, exactly.
    path = unquote_to_bytes(parts.path).replace(b"\\", b"/")
    if not path:
        return Resolution("refused", reason="empty path")
    if b"\x00" in path:
        return Resolution("refused", reason="NUL character in the path")
    longest = max(len(name) for name in path.split(b"/"))
    if longest > NAME_MAX:
        # No file can be there: said so, rather than `missing` as if it might turn up (a long path of short
        # names is fine: it is opened one name at a time).
        return Resolution("refused", reason=f"path too long: a name of {longest} bytes, longer than a file's can be")
    if path.startswith(b"/"):
        segments = [s for s in path.split(b"/") if s]
        if segments and display(segments[0]) in SYSTEM_FOLDERS:
            return Resolution("refused", reason=f"/{display(segments[0])}/ is a folder of a machine, not of the site")
        joined = posixpath.normpath(posixpath.join(root_folder, path.lstrip(b"/")))
    else:
        joined = posixpath.normpath(posixpath.join(relative_folder, path))
    if joined in (b"..", b".") or joined.startswith((b"../", b"/")):
        return Resolution("refused", reason="leads outside the site root")
    return Resolution("missing", resolved_path=display(joined), resolved_bytes=exact(joined))


def media_key(src: str, resolved_path: str | None) -> str | None:
    """The platform's own id for the image, where its URL or file name carries one."""
    for pattern in (WECHAT_URL, WEIBO_URL, DOUBAN_URL):
        match = pattern.search(src)
        if match:
            return match.group(1)
    if resolved_path:
        stem = posixpath.splitext(posixpath.basename(resolved_path))[0]
        if WECHAT_NAME.match(stem):
            return stem
    return None


@dataclass
class ImageFacts:
    sha256: str
    size_bytes: int
    mime: str | None
    width: int | None
    height: int | None


# What Pillow said of an image, by its sha256: (mime, width, height). A re-release passes the facts of
# its last reading, so an image whose bytes are unchanged is hashed but not opened again.
KnownFacts = dict[str, tuple[str | None, int | None, int | None]]


def sniff(data: bytes, known: KnownFacts | None = None) -> ImageFacts:
    """Hash and describe an image from its bytes (read once); Pillow reads only the header for the size."""
    digest = hashlib.sha256(data).hexdigest()
    if known is not None and digest in known:
        return ImageFacts(digest, len(data), *known[digest])
    mime = width = height = None
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            mime = Image.MIME.get(picture.format or "")
    except Exception:  # noqa: BLE001 - any unreadable image is still kept, just without dimensions
        pass
    if mime is None:
        mime = _sniff_mime(data)
    return ImageFacts(digest, len(data), mime, width, height)


def _sniff_mime(data: bytes) -> str | None:
    head = data[:512].lstrip()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def reference_rows(
    post_id: str,
    post_path: str,
    body: str,
    markup: Markup | None = None,
    root_folder: str = "",
    relative_folder: str | None = None,
    *,
    post_path_bytes: bytes | None = None,
) -> list[dict[str, Any]]:
    """The images-table rows of a post's references as the post alone decides them, no file read yet:
    a reference into the site is `missing` until read_images finds its file. They depend on the post's
    path and bytes only, so the reading cache keeps them."""
    rows = []
    post = post_path_bytes if post_path_bytes is not None else post_path
    for reference in find_references(body, markup):
        resolution = resolve(reference.src, post, root_folder, relative_folder)
        rows.append(
            {
                "post_id": post_id,
                "post_path": post_path,
                "position": reference.position,
                "syntax": reference.syntax,
                "src": reference.src,
                "alt": reference.alt,
                "url": resolution.url,
                "resolved_path": resolution.resolved_path,
                "resolved_path_bytes": resolution.resolved_bytes,
                "status": resolution.status,
                "reason": resolution.reason,
                "media_key": media_key(reference.src, resolution.resolved_path),
                "sha256": None,
                "size_bytes": None,
                "mime": None,
                "width": None,
                "height": None,
                "image": None,
            }
        )
    return rows


def read_images(root: Path, references: list[dict[str, Any]], known: KnownFacts | None = None) -> list[dict[str, Any]]:
    """Copies of reference rows with the files they point to read: present, missing or refused."""
    rows = []
    for reference in references:
        row = dict(reference)
        if row["status"] == "missing":
            read_file(root, row, file_path("images", row), known)
        rows.append(row)
    return rows


# Errors that mean "no file there": the reference is missing, not refused.
_ABSENT = frozenset({errno.ENOENT, errno.ENOTDIR})


def read_file(root: Path, row: dict[str, Any], path: bytes | None, known: KnownFacts | None = None) -> None:
    """Read the file a `missing` reference row points to (`path`, exact) beneath the root, and set the row's
    status, file facts and image from it; every failure is a status and a reason, never an error.

    Messages carry the error's text only, never a path of the building machine.
    """
    try:
        data = read_beneath(root, path or b"")
    except OutsideSite:
        row.update(status="refused", reason="leads outside the site root")
        return
    except NotRegularFile as error:
        if error.kind == "a folder":
            row.update(reason="a folder, not a file")
        else:
            row.update(status="refused", reason=f"not a regular file but {error.kind}")
        return
    except OSError as error:
        if error.errno in _ABSENT:
            return
        row.update(status="refused", reason=f"cannot be read: {error.strerror or type(error).__name__}")
        return
    facts = sniff(data, known)
    row.update(
        status="present",
        sha256=facts.sha256,
        size_bytes=facts.size_bytes,
        mime=facts.mime,
        width=facts.width,
        height=facts.height,
        image={"bytes": data, "path": row["resolved_path"]},
    )
