"""Put a finished release into place: under a lock on DIST, creating final names and never replacing them.

Two releases of one version into one DIST may run at once: each builds aside, then takes the lock,
looks whether the version exists, and only then creates the tarball, its sidecar and the folder. A
final name that exists is never overwritten, even without the lock (no-replace link and rename).
Also: the folders a release created, so that a failed first release leaves DIST as it found it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

RENAME_NOREPLACE = 1  # <linux/fs.h>


class AlreadyThere(FileExistsError):
    """A final name is taken: someone else put a release there first."""


@contextlib.contextmanager
def locked(dist: Path) -> Iterator[None]:
    """An exclusive lock on the DIST folder itself (no lock file to leave behind), held for a few renames.

    Where the file system cannot lock a folder, the block runs unlocked: the no-replace calls below
    still never overwrite a final file, and a concurrent release then fails instead of mixing contents.
    """
    fd = os.open(dist, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def create_file(source: Path, target: Path) -> None:
    """Move `source` to the new name `target`; AlreadyThere if `target` exists (it is never replaced)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise AlreadyThere(errno.EEXIST, "exists", str(target)) from None
    except OSError:  # no hard links on this file system: a plain rename, after a look
        if os.path.lexists(target):
            raise AlreadyThere(errno.EEXIST, "exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)


def create_folder(source: Path, target: Path) -> None:
    """Rename the folder `source` to the new name `target`; AlreadyThere if `target` exists, even empty."""
    if _renameat2 is not None:
        if _renameat2(-100, os.fsencode(source), -100, os.fsencode(target), RENAME_NOREPLACE) == 0:
            return
        code = ctypes.get_errno()
        if code == errno.EEXIST:
            raise AlreadyThere(errno.EEXIST, "exists", str(target))
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(target))
    if os.path.lexists(target):  # rename(2) would replace an empty folder there
        raise AlreadyThere(errno.EEXIST, "exists", str(target))
    os.rename(source, target)


def _load_renameat2():  # type: ignore[no-untyped-def]
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not glibc ≥ 2.28 / not Linux: the look-then-rename fallback
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def make_folders(folder: Path) -> list[Path]:
    """mkdir -p, returning the folders it created (deepest last), for `remove_if_empty` to undo."""
    made = []
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            break
        made.append(candidate)
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(made))


def remove_if_empty(made: list[Path]) -> None:
    """Remove the folders `make_folders` created, deepest first, as long as they are empty."""
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            return
