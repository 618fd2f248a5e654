"""Discover: list every post candidate under `_posts/` and `_drafts/`, and read files without leaving the site.

The file-system work (opening beneath the root, regular files only, each folder walked once, exact
names) is `archiver.safe_fs`; this module says which folders and suffixes make posts.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from archiver.safe_fs import Candidate, NotRegularFile, OutsideSite, open_beneath, read_beneath, walk

__all__ = [
    "POST_FOLDERS",
    "POST_SUFFIXES",
    "Candidate",
    "NotRegularFile",
    "OutsideSite",
    "discover",
    "exists",
    "folder_links_out",
    "read_inside",
    "subfolders",
    "walk",
]

POST_FOLDERS = ("_posts", "_drafts")
POST_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".html", ".htm"})


def read_inside(root: Path, relative: str | bytes) -> bytes:
    """Read a regular file's bytes beneath the site root (see `safe_fs.read_beneath`)."""
    return read_beneath(root, relative)


def discover(root: Path) -> Iterator[Candidate]:
    """Every entry under the post folders, in path-byte order, links included but never followed out.

    Each real folder is walked once, however many links lead to it; a link to one walked already, a
    link that leads outside, a dangling link, a loop, and anything that is not a regular file each
    become a single candidate with a problem, so the accounting rule still holds.
    """
    yield from walk(Path(os.path.realpath(root)), POST_FOLDERS)


def subfolders(root: Path, relative: str) -> list[str]:
    """Names of the real folders (never links) directly inside `relative` ("" is the root), sorted.

    Folders whose names are not UTF-8 are left out: no generator's post folder is named so.
    """
    return _names(root, relative, lambda fd, name, info: stat.S_ISDIR(info.st_mode))


def folder_links_out(root: Path, relative: str) -> list[str]:
    """Names of the links directly inside `relative` that lead to a folder outside the site root, sorted.

    `subfolders` never follows links; these are the ones a generator would have walked into had they
    stayed inside, returned so that the user is told of them (a reject row) instead of left to guess.
    """
    real_root = Path(os.path.realpath(root))

    def leads_out(fd: int, name: str, info: os.stat_result) -> bool:
        if not stat.S_ISLNK(info.st_mode):
            return False
        try:
            os.close(open_beneath(real_root, f"{relative}/{name}" if relative else name, folder=True)[0])
            return False  # leads inside: the folder is walked under its own path
        except OutsideSite:
            pass
        # Only the kind of the outside target is looked at (a link to a file is no folder of posts); nothing
        # beneath it is opened.
        return stat.S_ISDIR(os.stat(name, dir_fd=fd).st_mode)

    return _names(root, relative, leads_out)


def _names(root: Path, relative: str, keep: Callable[[int, str, os.stat_result], bool]) -> list[str]:
    """The UTF-8 names directly inside `relative` that `keep` (given the folder's descriptor, the name and
    its lstat) accepts, sorted; a name that cannot be examined is left out."""
    try:
        fd, _ = open_beneath(Path(os.path.realpath(root)), relative, folder=True)
    except (OSError, OutsideSite):
        return []
    try:
        found = []
        for name in os.listdir(fd):
            try:
                name.encode("utf-8")  # raises for a name that is not UTF-8
                if keep(fd, name, os.stat(name, dir_fd=fd, follow_symlinks=False)):
                    found.append(name)
            except (OSError, UnicodeEncodeError):
                continue
        return sorted(found)
    finally:
        os.close(fd)


def exists(root: Path, relative: str) -> bool:
    """True when `relative` names something in the site, a link included (never followed)."""
    parent, _, name = relative.rpartition("/")
    try:
        fd, _ = open_beneath(Path(os.path.realpath(root)), parent, folder=True)
    except (OSError, OutsideSite):
        return False
    try:
        os.stat(name, dir_fd=fd, follow_symlinks=False)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
