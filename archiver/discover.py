"""Discover: list every post candidate under `_posts/` and `_drafts/`, and read files without leaving the site.

The file-system work (opening beneath the root, regular files only, each folder walked once, exact
names) is `archiver.safe_fs`; this module says which folders and suffixes make posts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from archiver.safe_fs import Candidate, NotRegularFile, OutsideSite, read_beneath, walk

__all__ = ["POST_FOLDERS", "POST_SUFFIXES", "Candidate", "NotRegularFile", "OutsideSite", "discover", "read_inside"]

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
