"""Reading cache: the post rows of files that did not change since the last collect, so that a
re-release parses, reads provenance and extracts text only for what is new.

An entry is one post row (all but its `raw` bytes, which are always read from the archive again),
stored under a key made of everything that can change the row: the file's path and sha256, and the
reading key — this tool's code and data, the YAML parser's and Python's versions, the posts schema,
and the site's generator settings (collect.site_key). A cache is therefore safe to share between runs
and safe to delete.
Entries are never trusted: each carries its own key and the sha256 of its payload, and one that does
not check out (corrupted, truncated, written by another version, or for another file) is ignored and
replaced.
Image rows are not cached: they depend on image files, which are read and hashed on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

import archiver
from archiver.tables import POSTS

FORMAT = b"archiver-row-cache-1"
# Entries under one reading key live in one folder; folders of other keys are from older code.
KEY_CHARS = 24


# Every posts column but the file's bytes, in schema order; how each is checked (and, for dates, decoded).
_FIELDS = [field.name for field in POSTS if field.name != "raw"]


def _codec(field: pa.Field) -> tuple[str, type | tuple[type, ...], Callable[[str], Any] | None]:
    if pa.types.is_timestamp(field.type):
        return field.name, datetime, datetime.fromisoformat
    if pa.types.is_date(field.type):
        return field.name, date, date.fromisoformat
    if pa.types.is_boolean(field.type):
        return field.name, bool, None
    if pa.types.is_integer(field.type):
        return field.name, int, None
    if pa.types.is_floating(field.type):
        return field.name, float, None
    if pa.types.is_list(field.type):
        return field.name, list, None
    if pa.types.is_binary(field.type):  # exact path bytes, stored as hex
        return field.name, bytes, bytes.fromhex
    return field.name, str, None


_CODECS = [_codec(POSTS.field(name)) for name in _FIELDS]


def _header(entry: str, payload: bytes) -> bytes:
    return b"%s %s %s" % (FORMAT, entry.encode(), hashlib.sha256(payload).hexdigest().encode())


@cache
def code_digest() -> str:
    """sha256 over this package's own files (code and rule data): any change to them can change a row."""
    package = Path(archiver.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def reading_key(site_config: bytes | None) -> str:
    """What, besides a file's own path and bytes, decides its post row."""
    digest = hashlib.sha256(FORMAT)
    # Beside our own code: the YAML parser, and Python's regular expressions and Unicode tables.
    for part in (archiver.__version__, code_digest(), yaml.__version__, platform.python_version()):
        digest.update(part.encode() + b"\0")
    digest.update(POSTS.serialize().to_pybytes())
    digest.update(b"\0" if site_config is None else b"\1" + hashlib.sha256(site_config).digest())
    return digest.hexdigest()


class RowCache:
    """Post rows by (path, sha256) under one reading key, in `folder/<key>/`; picklable for workers."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = Path(folder) / key[:KEY_CHARS]
        self.key = key

    def entry(self, path: str, sha256: str) -> str:
        return hashlib.sha256(f"{self.key}\0{path}\0{sha256}".encode()).hexdigest()

    def get(self, path: str, sha256: str) -> dict[str, Any] | None:
        """The cached row of this file (without `raw`), or None when there is none that checks out."""
        entry = self.entry(path, sha256)
        try:
            data = (self.folder / entry[:2] / entry).read_bytes()
        except OSError:
            return None
        header, _, payload = data.partition(b"\n")
        if header != _header(entry, payload):
            return None
        try:
            row = json.loads(payload)
            if not isinstance(row, dict) or list(row) != _FIELDS:
                return None
            for name, kind, decode in _CODECS:
                value = row[name]
                if value is not None:
                    row[name] = value = decode(value) if decode else value
                    if not isinstance(value, kind):
                        return None
        except ValueError:  # not JSON, or a date that is not one
            return None
        return row if row["path"] == path and row["sha256"] == sha256 else None

    def put(self, row: dict[str, Any]) -> None:
        """Store a post row; a failure to write only costs the next run the time to read the file."""
        entry = self.entry(row["path"], row["sha256"])
        plain = {name: row[name] for name in _FIELDS}
        for name, _, decode in _CODECS:
            if decode and plain[name] is not None:
                plain[name] = plain[name].hex() if isinstance(plain[name], bytes) else plain[name].isoformat()
        payload = json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode()
        folder = self.folder / entry[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(_header(entry, payload) + b"\n" + payload)
            os.replace(temporary, folder / entry)  # atomic: a reader sees a whole entry or none
        except OSError:
            pass

    def prune(self, used: set[str]) -> None:
        """Drop entries this run did not use and folders of other reading keys (older code)."""
        for other in self.folder.parent.glob("*"):
            if other.is_dir() and other != self.folder and len(other.name) == KEY_CHARS:
                shutil.rmtree(other, ignore_errors=True)
        for path in self.folder.glob("*/*"):
            if path.name not in used:
                path.unlink(missing_ok=True)
