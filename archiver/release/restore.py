"""Restore: write the archive back from a release, every post, reject and present image, byte for byte,
and the site configuration its manifest records, so the restored site is read as the original was."""

from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.generators import GENERATORS
from archiver.release.reading import ReleaseError, column_names, manifest, opened, require_release, rows, shards
from archiver.release.verify import verify_opened
from archiver.safe_fs import display
from archiver.tables import file_path


@dataclass
class RestoreSummary:
    posts: int = 0
    rejects: int = 0
    images: int = 0
    config: str | None = None  # the site configuration file written from the manifest, if any
    # (path, reason) of each reject the release kept no bytes of (unreadable files, links leading out)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def skipped_rejects(self) -> int:
        return len(self.skipped)

    def skipped_text(self, shown: int = 5) -> str:
        """The rejects not restored, each with its reason, `shown` of them then `and N more`."""
        named = [f"{path} ({reason})" for path, reason in self.skipped[:shown]]
        more = len(self.skipped) - shown
        return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def _target(out: Path, relative: bytes) -> bytes:
    """Where a stored path lands under `out`; a path that would leave `out` is refused.

    Paths are bytes (names need not be UTF-8) and `\\` is an ordinary character of a POSIX name.
    """
    normal = posixpath.normpath(relative)
    if normal.startswith((b"/", b"../")) or normal in (b"..", b".") or b"\x00" in normal:
        raise ReleaseError(f"refusing to restore {display(relative)!r}: it would land outside {out}")
    return os.path.join(os.fsencode(out), normal)


def _write(out: Path, relative: bytes, data: bytes, sha256: str | None, written: dict[bytes, str]) -> bool:
    """Write one file, checking its hash; a path written already must hold the same bytes."""
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise ReleaseError(f"{display(relative)}: stored bytes do not match their sha256; the release is damaged")
    if relative in written:
        if written[relative] != digest:
            raise ReleaseError(f"{display(relative)}: two different contents are stored for this path")
        return False
    target = _target(out, relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)
    written[relative] = digest
    return True


def _present(folder: Path, table: str, columns: list[str]) -> list[str]:
    """The columns a release's table has: one made before exact path bytes were kept lacks them."""
    found = shards(folder, table)
    names = set(column_names(found[0])) if found else set(columns)
    return [column for column in columns if column in names]


def restore(release: Path, out: Path, *, verify_first: bool = True) -> RestoreSummary:
    """Write every stored file of `release` (folder or tarball) under `out` at its original path.

    `out` must be empty or absent: restoring over an existing archive could mix two of them. The
    release is verified first, unless `verify_first` is False (rebuild, which diagnoses releases that
    differ); each file's bytes are checked against their sha256 either way.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseError(f"{out}: exists and is not an empty folder")
    summary = RestoreSummary()
    written: dict[bytes, str] = {}
    require_release(release)
    with opened(release) as folder:
        # What verify refuses, restore refuses, before writing anything: an unlisted file, a changed one,
        # a row whose bytes are not those its sha256 names.
        problems = verify_opened(release, folder) if verify_first else []
        if problems:
            listed = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
            raise ReleaseError(f"{release} fails verify, refusing to restore it: {listed}")
        out.mkdir(parents=True, exist_ok=True)
        for row in rows(folder, "posts", _present(folder, "posts", ["path", "path_bytes", "sha256", "raw"]), 64):
            summary.posts += _write(out, _path("posts", row), row["raw"], row["sha256"], written)
        wanted = ["path", "path_bytes", "sha256", "raw", "reason"]
        for row in rows(folder, "rejects", _present(folder, "rejects", wanted), 64):
            if row["raw"] is None:
                # Nothing to write; the reason tells why the file was never read (a link leading out, ...).
                summary.skipped.append((row["path"], row.get("reason") or "no reason recorded"))
                continue
            summary.rejects += _write(out, _path("rejects", row), row["raw"], row["sha256"], written)
        wanted = ["status", "resolved_path", "resolved_path_bytes", "sha256", "image"]
        for row in rows(folder, "images", _present(folder, "images", wanted), batch_rows=16):
            if row["status"] != "present" or row["image"] is None:
                continue
            summary.images += _write(out, _path("images", row), row["image"]["bytes"], row["sha256"], written)
        summary.config = _write_config(manifest(folder), out, written)
    return summary


def _write_config(recorded: dict[str, Any], out: Path, written: dict[bytes, str]) -> str | None:
    """The release holds no configuration file, but its manifest records what reading the site took (the
    generator's settings, the timezone): write a configuration that reads the same. Its name, or None."""
    generator = recorded.get("generator")
    if generator:
        name, text = GENERATORS[generator["name"]].config_file(generator["settings"], recorded.get("timezone"))
    elif recorded.get("timezone"):  # a release made before generators were recorded
        name, text = "_config.yml", f"timezone: {recorded['timezone']}\n"
    else:
        return None
    if os.fsencode(name) in written:  # the release holds a file of that name itself: it stays as it was
        return None
    (out / name).write_text(text, encoding="utf-8")
    return name


def _path(table: str, row: dict[str, Any]) -> bytes:
    path = file_path(table, row)
    if path is None:
        raise ReleaseError(f"a {table} row holds bytes but no path; the release is damaged")
    return path
