"""A normalized, uncompressed tarball of a release folder: same folder, same bytes, on any machine."""

from __future__ import annotations

import hashlib
import os
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from archiver.progress import bar
from archiver.release.fixity import CHUNK


class _HashingWriter:
    """A write-only file that hashes what passes through, so the tarball is not read back to hash it."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.position = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.position += len(data)
        return self.handle.write(data)

    def tell(self) -> int:
        return self.position


def write_tarball(folder: Path, target: Path, mtime: int) -> str:
    """Write `folder` as `target` (one top folder of the same name) and return the tarball's sha256.

    Names are sorted, and owner, group, mode and mtime are fixed, so nothing of this machine or of
    this moment gets in. Uncompressed: the Parquet inside is compressed already.
    """
    entries = [folder]
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        base = Path(directory)
        entries += [base / name for name in subdirectories]
        entries += [base / name for name in files]
    entries.sort(key=lambda p: p.relative_to(folder.parent).as_posix())
    total = sum(entry.stat().st_size for entry in entries if entry.is_file())
    with open(target, "wb") as raw, bar("tar", total, "B") as advance:
        hashing = _HashingWriter(raw)
        with tarfile.open(fileobj=hashing, mode="w", format=tarfile.PAX_FORMAT, copybufsize=CHUNK) as tar:  # type: ignore[call-overload]
            _add_entries(tar, folder, entries, mtime, advance)
    return hashing.digest.hexdigest()


class _CountingReader:
    """A file being read into the tarball, reporting each block read to a progress bar."""

    def __init__(self, handle: BinaryIO, advance: Callable[[int], object]) -> None:
        self.handle = handle
        self.advance = advance

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.advance(len(data))
        return data


def _add_entries(
    tar: tarfile.TarFile, folder: Path, entries: list[Path], mtime: int, advance: Callable[[int], object]
) -> None:
    for entry in entries:
        info = tarfile.TarInfo(entry.relative_to(folder.parent).as_posix())
        info.mtime = mtime
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        if entry.is_dir():
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            tar.addfile(info)
        else:
            info.mode = 0o644
            info.size = entry.stat().st_size
            with open(entry, "rb") as handle:
                tar.addfile(info, _CountingReader(handle, advance))


def safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """The tarball's members, refusing any that would land outside the folder it is read into."""
    members = []
    for member in tar.getmembers():
        name = member.name
        if name.startswith("/") or ".." in Path(name).parts or not (member.isfile() or member.isdir()):
            raise ValueError(f"unsafe member in tarball: {name!r}")
        members.append(member)
    return members
