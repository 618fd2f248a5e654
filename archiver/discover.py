"""Discover: list every post candidate under `_posts/` and `_drafts/`, and read files without leaving the site."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archiver import reasons

POST_FOLDERS = ("_posts", "_drafts")
POST_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".html", ".htm"})


class OutsideSite(Exception):
    """A path that would lead out of the site root (through `..`, an absolute path or a symlink)."""


@dataclass(frozen=True)
class Candidate:
    """One file under a post folder; `problem` is set when it cannot even be read as a file."""

    path: str  # POSIX path relative to the site root
    problem: str | None = None  # reject reason code: symlink_outside_site, broken_symlink, symlink_loop, ...
    detail: str | None = None


def is_inside(root: Path, target: str | os.PathLike[str]) -> bool:
    """True when `target` (already resolved) lies within `root` (already resolved)."""
    try:
        return os.path.commonpath([str(root), str(target)]) == str(root)
    except ValueError:  # different drives, or a mix of absolute and relative
        return False


def resolve_inside(root: Path, relative: str) -> Path:
    """The real path of `relative` under `root`, refusing anything that leads outside it (symlinks included)."""
    real = Path(os.path.realpath(root / relative))
    if not is_inside(root, real):
        raise OutsideSite(relative)
    return real


def read_inside(root: Path, relative: str) -> bytes:
    """Read a file's bytes only if its real location is inside the site root."""
    with open(resolve_inside(root, relative), "rb") as handle:
        return handle.read()


def discover(root: Path) -> Iterator[Candidate]:
    """Every file under the post folders, in sorted path order, symlinks included but never followed out.

    A symlinked folder inside the site is walked once (its real path is remembered, so a loop ends);
    one that leads outside, a dangling link or a loop becomes a single candidate with a problem, so the
    accounting rule (rows(posts) + rows(rejects) = candidates) still holds.
    """
    root = Path(os.path.realpath(root))
    found: list[Candidate] = []
    for folder in POST_FOLDERS:
        top = root / folder
        if top.is_symlink() or top.is_dir():
            _walk(root, folder, set(), found)
    found.sort(key=lambda c: c.path)  # code-point order, which is UTF-8 byte order: the same everywhere
    yield from found


def _walk(root: Path, relative: str, seen: set[str], found: list[Candidate]) -> None:
    absolute = root / relative
    if absolute.is_symlink():
        real = os.path.realpath(absolute)
        if not is_inside(root, real):
            found.append(Candidate(relative, reasons.SYMLINK_OUTSIDE_SITE, "symbolic link leads outside the site root"))
            return
        if not os.path.exists(real):
            found.append(Candidate(relative, reasons.BROKEN_SYMLINK, "symbolic link points to nothing"))
            return
    if not absolute.is_dir():
        found.append(Candidate(relative))
        return
    real = os.path.realpath(absolute)
    if real in seen:
        found.append(Candidate(relative, reasons.SYMLINK_LOOP, "symbolic link loops back to a folder already walked"))
        return
    seen = seen | {real}
    try:
        names = sorted(os.listdir(absolute))
    except OSError as error:
        found.append(Candidate(relative, reasons.UNREADABLE, f"folder cannot be listed: {error.strerror}"))
        return
    for name in names:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            # Parquet strings are UTF-8: a name in another encoding is kept, escaped, as a reject.
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            found.append(Candidate(f"{relative}/{shown}", reasons.UNDECODABLE_FILE_NAME, "file name is not UTF-8"))
            continue
        _walk(root, f"{relative}/{name}", seen, found)
