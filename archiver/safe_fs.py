"""Safe file access beneath a site root: open without the kernel following any link, read regular files only,
walk every real folder once, and keep file names as the exact bytes they are.

Paths are never resolved with `realpath` and then opened by name (a folder swapped for a link in between
would let outside bytes in). Every path is opened one component at a time from a descriptor of the root
(`os.open(name, O_NOFOLLOW, dir_fd=parent)`); a link met on the way is read and interpreted here, and
refused when it leads out of the root. `..` pops a descriptor this code opened itself; the kernel's `..`
is never used. What is finally opened must be a regular file (a FIFO would block forever, a device never
end), and, where /proc says where it is, lie inside the root.

API: `read_beneath(root, relative) -> bytes`, `walk(root, folders) -> list[Candidate]`, `display(bytes) -> str`.
"""

from __future__ import annotations

import errno
import functools
import heapq
import os
import stat
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from archiver import reasons

# How many links one path may pass through before it counts as a loop (the kernel's own limit).
MAX_LINKS = 40
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_FOLDER_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK | os.O_DIRECTORY
_PROC_FD = "/proc/self/fd/"


class OutsideSite(Exception):
    """A path that would lead out of the site root (through `..`, an absolute path or a link)."""


class NotRegularFile(OSError):
    """Something other than a regular file where a file's bytes were wanted (FIFO, device, socket, folder)."""

    def __init__(self, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file: {kind}")
        self.kind = kind


_KINDS = (
    (stat.S_ISREG, "a regular file"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind(mode: int) -> str:
    """What a file-system object is, for a person."""
    return next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")


def display(path: bytes) -> str:
    """A path's text form: itself when it is UTF-8, else with each undecodable byte written `\\xNN`.

    Not unique (a file may literally be named `\\xff`): the exact bytes are the key, kept beside it.
    """
    return path.decode("utf-8", "backslashreplace")


def exact(path: bytes) -> bytes | None:
    """The bytes to store beside `display(path)`: None when the text form gives them back already."""
    try:
        path.decode("utf-8")
    except UnicodeDecodeError:
        return path
    return None


def as_bytes(path: str | bytes | os.PathLike[str]) -> bytes:
    """A relative path as bytes: text is UTF-8 (the text of a post, a Parquet string), bytes are kept."""
    if isinstance(path, bytes):
        return path
    return os.fspath(path).encode("utf-8", "surrogateescape")


def _parts(path: bytes) -> list[bytes]:
    return [part for part in path.split(b"/") if part and part != b"."]


class _Beneath:
    """Descriptors of the folders from the root down to where a resolution stands; all closed by close()."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root_bytes = os.fsencode(root)
        self.fds = [os.open(root, _FOLDER_FLAGS & ~os.O_NOFOLLOW)]  # the root itself was chosen by the user
        self.names: list[bytes] = []
        self.links = 0

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds = []

    def up(self) -> None:
        if len(self.fds) == 1:
            raise OutsideSite("leads outside the site root")
        os.close(self.fds.pop())
        self.names.pop()

    def to_root(self) -> None:
        while len(self.fds) > 1:
            os.close(self.fds.pop())
        self.names = []

    def follow(self, name: bytes, todo: deque[bytes]) -> None:
        """Read the link `name` in the current folder and queue its target's parts in front of `todo`."""
        self.links += 1
        if self.links > MAX_LINKS:
            raise OSError(errno.ELOOP, "too many levels of symbolic links")
        target = os.readlink(name, dir_fd=self.fds[-1])
        if target.startswith(b"/"):
            inside = self._inside_part(target)
            if inside is None:
                raise OutsideSite("symbolic link leads outside the site root")
            self.to_root()
            target = inside
        todo.extendleft(reversed(_parts(target)))

    def _inside_part(self, absolute: bytes) -> bytes | None:
        for prefix in {self.root_bytes, os.fsencode(os.path.realpath(self.root))}:
            if absolute == prefix or absolute.startswith(prefix.rstrip(b"/") + b"/"):
                return absolute[len(prefix) :]
        return None

    def open(self, relative: bytes, *, folder: bool) -> tuple[int, os.stat_result]:
        """Open `relative` beneath the root, interpreting links here; the descriptor and its fstat."""
        todo = deque(_parts(relative))
        if not todo:
            if not folder:
                raise NotRegularFile("a folder")
            fd = os.dup(self.fds[0])
            return fd, os.fstat(fd)
        while todo:
            name = todo.popleft()
            if name == b"..":
                self.up()
                continue
            last = not todo
            flags = _FILE_FLAGS if last and not folder else _FOLDER_FLAGS
            if last and not folder:
                # Look before opening: opening a device or a FIFO can block or have effects of its own.
                found = os.stat(name, dir_fd=self.fds[-1], follow_symlinks=False)
                if stat.S_ISLNK(found.st_mode):
                    self.follow(name, todo)
                    continue
                if not stat.S_ISREG(found.st_mode):
                    raise NotRegularFile(kind(found.st_mode))
            try:
                fd = os.open(name, flags, dir_fd=self.fds[-1])
            except OSError as error:
                if error.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise
                try:
                    self.follow(name, todo)
                except OSError as not_link:
                    if not_link.errno == errno.EINVAL:  # readlink: not a link; the first error is the real one
                        raise error from None
                    raise
                continue
            if last:
                self.names.append(name)
                info = os.fstat(fd)
                if not folder and not stat.S_ISREG(info.st_mode):  # swapped after the look above
                    os.close(fd)
                    raise NotRegularFile(kind(info.st_mode))
                return fd, info
            self.fds.append(fd)
            self.names.append(name)
        # The path ended on `..` or on a link to a folder: what stands now is the folder itself.
        if not folder:
            raise NotRegularFile("a folder")
        fd = os.dup(self.fds[-1])
        return fd, os.fstat(fd)


def _check_inside(root: Path, fd: int) -> None:
    """Where /proc tells the opened file's current place, it must still be inside the root (where the root
    really was when this process first read beneath it).

    Component-wise opening already keeps every step inside; this catches a folder renamed out of the
    root while a descriptor of it was held, and the root itself swapped for a link.
    """
    try:
        where = os.readlink(f"{_PROC_FD}{fd}")
    except OSError:
        return  # no /proc: the component-wise open is the guarantee
    named = os.fspath(root)
    real = _first_real_path(named) if os.path.isabs(named) else os.path.realpath(named)
    if where != real and not where.startswith(real.rstrip("/") + "/"):
        raise OutsideSite("the file was moved outside the site root while it was opened")


@functools.lru_cache(maxsize=64)
def _first_real_path(root: str) -> str:
    """Where an absolute root really was when this process first read beneath it. Kept, not taken again: the
    root itself swapped for a link to elsewhere during a run must read as outside (resolving it at each file
    would follow the link), and resolving it cost more than reading the file. collect names a run's root by
    its real path at the run's start, so a root re-pointed between two runs is a new root of its own."""
    return os.path.realpath(root)


def open_beneath(root: str | Path, relative: str | bytes, *, folder: bool = False) -> tuple[int, os.stat_result]:
    """A descriptor of `relative` under `root`, opened with no link followed by the kernel, and its fstat.

    Links are interpreted here and may lead anywhere inside the root. Raises OutsideSite (leads out),
    NotRegularFile (a FIFO, device, socket or folder when a file was wanted), or OSError (ENOENT,
    ELOOP, ENAMETOOLONG, EACCES, ...).
    """
    fd, info, _ = _open_real(Path(root), relative, folder)
    return fd, info


def _open_real(root: Path, relative: str | bytes, folder: bool) -> tuple[int, os.stat_result, bytes]:
    """open_beneath, and the real path opened (no link in it), relative to the root."""
    beneath = _Beneath(root)
    try:
        fd, info = beneath.open(as_bytes(relative), folder=folder)
        real = b"/".join(beneath.names)
    finally:
        beneath.close()
    try:
        _check_inside(root, fd)
    except OutsideSite:
        os.close(fd)
        raise
    return fd, info, real


def read_beneath(root: str | Path, relative: str | bytes) -> bytes:
    """The bytes of the regular file `relative` under `root`, read once, never leaving the root."""
    fd, info = open_beneath(root, relative)
    with open(fd, "rb", closefd=True) as handle:
        return handle.read()


@dataclass(frozen=True)
class Candidate:
    """One entry under a post folder; `problem` is set when it cannot even be read as a file."""

    path: str  # POSIX path relative to the site root; undecodable bytes shown as \xNN (see `display`)
    problem: str | None = None  # reject reason code: symlink_outside_site, not_regular_file, ...
    detail: str | None = None
    raw_path: bytes | None = None  # the path's exact bytes when it is not UTF-8 (else None: `path` is exact)

    @property
    def path_bytes(self) -> bytes:
        """The exact path, the key of the file: two candidates never share it."""
        return self.raw_path if self.raw_path is not None else self.path.encode("utf-8")

    @classmethod
    def at(cls, path: bytes, problem: str | None = None, detail: str | None = None) -> Candidate:
        return cls(display(path), problem, detail, exact(path))


def walk(root: str | Path, folders: Iterable[str | bytes]) -> list[Candidate]:
    """Every file under `folders` (relative to `root`), sorted by path bytes; each real folder walked once.

    Real folders are walked first; links are followed afterwards, in path order, and a link to a folder
    already walked (by device and inode) is not walked again but listed as a candidate with a problem,
    so that N folders each linking twice to the next give N folders, not 2^N. A link leading out, a
    dangling link and anything that is not a regular file are candidates with a problem too, so the
    accounting rule (rows(posts) + rows(rejects) = candidates) still holds.
    """
    return _Walk(Path(root)).run([as_bytes(folder) for folder in folders])


class _Walk:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: dict[tuple[int, int], bytes] = {}  # (device, inode) of each folder walked → where
        self.links: list[bytes] = []  # heap of link paths still to follow
        self.found: list[Candidate] = []

    def run(self, folders: list[bytes]) -> list[Candidate]:
        for folder in folders:
            self._top(folder)
        while self.links:
            self._follow(heapq.heappop(self.links))
        self.found.sort(key=lambda candidate: candidate.path_bytes)
        return self.found

    def _top(self, folder: bytes) -> None:
        """A post folder: walked when it is a folder, followed with the other links when it is one."""
        parent, _, name = folder.rpartition(b"/")
        try:
            fd, _ = open_beneath(self.root, parent, folder=True)
        except (OSError, OutsideSite):
            return  # no such parent: no such post folder
        try:
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            return
        except OSError as error:
            self.found.append(Candidate.at(folder, reasons.UNREADABLE, f"cannot be examined: {error.strerror}"))
            return
        finally:
            os.close(fd)
        if stat.S_ISLNK(info.st_mode):
            heapq.heappush(self.links, folder)
        elif stat.S_ISDIR(info.st_mode):
            self._walk_tree(folder, info)

    def _walk_tree(self, top: bytes, info: os.stat_result) -> None:
        """Walk the real folder `top` and every real folder below it; links found are queued."""
        self.seen[(info.st_dev, info.st_ino)] = top
        pending = [(top, info)]
        while pending:
            folder, expected = pending.pop()
            try:
                fd, info = open_beneath(self.root, folder, folder=True)
            except OutsideSite:
                self.found.append(Candidate.at(folder, reasons.SYMLINK_OUTSIDE_SITE, "leads outside the site root"))
                continue
            except OSError as error:
                self.found.append(
                    Candidate.at(folder, reasons.UNREADABLE, f"folder cannot be opened: {error.strerror}")
                )
                continue
            try:
                if (info.st_dev, info.st_ino) != (expected.st_dev, expected.st_ino):
                    self.found.append(Candidate.at(folder, reasons.UNREADABLE, "folder was replaced while walked"))
                    continue
                children = self._list(folder, fd)
            finally:
                os.close(fd)
            for child, child_info in reversed(children):  # a stack: reversed, so folders go in name order
                key = (child_info.st_dev, child_info.st_ino)
                if key in self.seen:  # a bind mount or a hard-linked folder
                    self.found.append(Candidate.at(child, reasons.SYMLINK_ALREADY_WALKED, self._walked_as(key)))
                    continue
                self.seen[key] = child
                pending.append((child, child_info))

    def _list(self, folder: bytes, fd: int) -> list[tuple[bytes, os.stat_result]]:
        """Record the folder's files and links; return its sub-folders."""
        try:
            names = sorted(os.fsencode(name) for name in os.listdir(fd))
        except OSError as error:
            self.found.append(Candidate.at(folder, reasons.UNREADABLE, f"folder cannot be listed: {error.strerror}"))
            return []
        folders = []
        for name in names:
            child = folder + b"/" + name
            try:
                info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError as error:
                self.found.append(Candidate.at(child, reasons.UNREADABLE, f"cannot be examined: {error.strerror}"))
                continue
            if stat.S_ISLNK(info.st_mode):
                heapq.heappush(self.links, child)
            elif stat.S_ISDIR(info.st_mode):
                folders.append((child, info))
            elif stat.S_ISREG(info.st_mode):
                self.found.append(Candidate.at(child))
            else:
                self.found.append(Candidate.at(child, reasons.NOT_REGULAR_FILE, _not_regular(info.st_mode)))
        return folders

    def _follow(self, link: bytes) -> None:
        """A link, once every real folder is walked: a file candidate, a folder to walk, or a problem."""
        try:
            fd, info, target = _open_real(self.root, link, folder=True)
        except OutsideSite:
            self.found.append(Candidate.at(link, reasons.SYMLINK_OUTSIDE_SITE, "symbolic link leads outside the site"))
            return
        except OSError as error:
            self._file_link(link, error)
            return
        os.close(fd)
        parent, _, name = link.rpartition(b"/")
        try:
            fd, _, where = _open_real(self.root, parent, folder=True)
        except (OSError, OutsideSite):  # the folder holding the link changed since it was listed
            self.found.append(
                Candidate.at(link, reasons.UNREADABLE, "the folder holding the link changed while walked")
            )
            return
        os.close(fd)
        where = (where + b"/" + name).lstrip(b"/")
        if not target or where.startswith(target + b"/"):  # the folder holds the link: walking it never ends
            message = f"link to {display(target) or 'the site root'}, a folder that holds the link itself"
            self.found.append(Candidate.at(link, reasons.SYMLINK_LOOP, message))
            return
        key = (info.st_dev, info.st_ino)
        if key in self.seen:
            self.found.append(Candidate.at(link, reasons.SYMLINK_ALREADY_WALKED, self._walked_as(key)))
            return
        self._walk_tree(link, info)

    def _file_link(self, link: bytes, error: OSError) -> None:
        """A link that is not to a folder: a file (a candidate like any other), dangling, a loop, or special."""
        if error.errno == errno.ENOENT:
            self.found.append(Candidate.at(link, reasons.BROKEN_SYMLINK, "symbolic link points to nothing"))
        elif error.errno == errno.ELOOP:
            self.found.append(Candidate.at(link, reasons.SYMLINK_LOOP, "symbolic links loop without end"))
        elif error.errno == errno.ENOTDIR:
            try:
                fd, _ = open_beneath(self.root, link)
            except NotRegularFile as special:
                self.found.append(Candidate.at(link, reasons.NOT_REGULAR_FILE, f"link to {special.kind}"))
                return
            except (OSError, OutsideSite) as other:
                message = getattr(other, "strerror", None) or "cannot be opened"
                self.found.append(Candidate.at(link, reasons.UNREADABLE, f"cannot be opened: {message}"))
                return
            os.close(fd)
            self.found.append(Candidate.at(link))
        else:
            self.found.append(Candidate.at(link, reasons.UNREADABLE, f"cannot be opened: {error.strerror}"))

    def _walked_as(self, key: tuple[int, int]) -> str:
        return f"link to a folder already walked as {display(self.seen[key])} (not walked twice)"


def _not_regular(mode: int) -> str:
    return f"not a regular file but {kind(mode)}; only regular files are read"
