"""Restore: write the archive back from a release, every post, reject and present image, byte for byte."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from archiver.release.reading import ReleaseError, opened, require_release, rows


@dataclass
class RestoreSummary:
    posts: int = 0
    rejects: int = 0
    images: int = 0
    skipped_rejects: int = 0  # rejects with no bytes (unreadable files, links leading out)


def _target(out: Path, relative: str) -> Path:
    """Where a stored path lands under `out`; a path that would leave `out` is refused."""
    normal = posixpath.normpath(relative)
    if normal.startswith(("/", "../")) or normal in ("..", ".") or "\\" in relative:
        raise ReleaseError(f"refusing to restore {relative!r}: it would land outside {out}")
    return out / normal


def _write(out: Path, relative: str, data: bytes, sha256: str | None, written: dict[str, str]) -> bool:
    """Write one file, checking its hash; a path written already must hold the same bytes."""
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise ReleaseError(f"{relative}: stored bytes do not match their sha256; the release is damaged")
    if relative in written:
        if written[relative] != digest:
            raise ReleaseError(f"{relative}: two different contents are stored for this path")
        return False
    target = _target(out, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    written[relative] = digest
    return True


def restore(release: Path, out: Path) -> RestoreSummary:
    """Write every stored file of `release` (folder or tarball) under `out` at its original path.

    `out` must be empty or absent: restoring over an existing archive could mix two of them.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseError(f"{out}: exists and is not an empty folder")
    summary = RestoreSummary()
    written: dict[str, str] = {}
    require_release(release)
    with opened(release) as folder:
        out.mkdir(parents=True, exist_ok=True)
        for row in rows(folder, "posts", ["path", "sha256", "raw"], batch_rows=64):
            summary.posts += _write(out, row["path"], row["raw"], row["sha256"], written)
        for row in rows(folder, "rejects", ["path", "sha256", "raw"], batch_rows=64):
            if row["raw"] is None:
                summary.skipped_rejects += 1
                continue
            summary.rejects += _write(out, row["path"], row["raw"], row["sha256"], written)
        for row in rows(folder, "images", ["status", "resolved_path", "sha256", "image"], batch_rows=16):
            if row["status"] != "present" or row["image"] is None:
                continue
            summary.images += _write(out, row["resolved_path"], row["image"]["bytes"], row["sha256"], written)
    return summary
