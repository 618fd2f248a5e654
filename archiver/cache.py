"""Reading cache: everything collect derives from a post file that did not change since the last
collect, so that a re-release parses, reads provenance, extracts text and sketches near-duplicates
only for what is new.

An entry holds, for one post file: its post row (all but its `raw` bytes, which are always read from
the archive again) and that row's digest; its image references as the post alone decides them (before
any image file is read); its near-duplicate sketch; and what Pillow said of the images it last found,
by their sha256. It is stored under a key made of everything that can change these: the file's path
and sha256, and the reading key — this tool's code and data, the versions of the libraries that read
(YAML parser, Pillow, rensa, numpy) and of Python, the schemas, and the site's generator settings
(collect.site_key). A cache is therefore safe to share between runs and safe to delete.
Entries are never trusted: each carries its own key and the sha256 of its payload, and one that does
not check out (corrupted, truncated, written by another version, or for another file) is ignored and
replaced.
Image files are read and hashed on every run (they may change without their post changing); only
an image whose sha256 matches the one Pillow described last time is not opened again.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

import archiver
from archiver.duplicates import NUM_PERM
from archiver.images import KnownFacts
from archiver.tables import IMAGES, POSTS

FORMAT = b"archiver-row-cache-2"
# The libraries whose results an entry holds: YAML parsing, Pillow's image facts, MinHash sketches.
READING_LIBRARIES = ("PyYAML", "Pillow", "rensa", "numpy")
# Entries under one reading key live in one folder; folders of other keys are from older code.
KEY_CHARS = 24


# Every posts column but the file's bytes, in schema order; how each is checked (and, for dates, decoded).
_FIELDS = [field.name for field in POSTS if field.name != "raw"]
# Every images column but the image's bytes (a reference row has none).
_IMAGE_FIELDS = [field.name for field in IMAGES if field.name != "image"]


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
_IMAGE_CODECS = [_codec(IMAGES.field(name)) for name in _IMAGE_FIELDS]


@dataclass
class Entry:
    """What the cache holds of one post file."""

    row: dict[str, Any]  # the post row, without `raw`
    digest: bytes  # tables.row_digest of the row
    references: list[dict[str, Any]]  # images.reference_rows of the post
    signature: np.ndarray  # (NUM_PERM,) uint32 MinHash signature of its text
    text_key: int  # duplicates' key of its normalized text (0: too short to group)
    known: KnownFacts  # Pillow's facts of the images last found, by sha256


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
    versions = (*map(package_version, READING_LIBRARIES), platform.python_version())
    for part in (archiver.__version__, code_digest(), *versions):
        digest.update(part.encode() + b"\0")
    digest.update(POSTS.serialize().to_pybytes())
    digest.update(IMAGES.serialize().to_pybytes())
    digest.update(b"\0" if site_config is None else b"\1" + hashlib.sha256(site_config).digest())
    return digest.hexdigest()


def read_entry(path: Path) -> bytes | None:
    """The payload of the entry file at `path` (named by its key), or None when it does not check out."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, payload = data.partition(b"\n")
    return payload if header == _header(path.name, payload) else None


def write_entry(path: Path, payload: bytes) -> None:
    """Store a payload under `path` (named by its key); a failure to write only costs the next run time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(_header(path.name, payload) + b"\n" + payload)
        os.replace(temporary, path)  # atomic: a reader sees a whole entry or none
    except OSError:
        pass


class RowCache:
    """Post rows by (path, sha256) under one reading key, in `folder/<key>/`; picklable for workers."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = Path(folder) / key[:KEY_CHARS]
        self.key = key

    def entry(self, path: str, sha256: str) -> str:
        return hashlib.sha256(f"{self.key}\0{path}\0{sha256}".encode()).hexdigest()

    def get(self, path: str, sha256: str) -> Entry | None:
        """The cached entry of this file, or None when there is none that checks out."""
        entry = self.entry(path, sha256)
        payload = read_entry(self.folder / entry[:2] / entry)
        if payload is None:
            return None
        try:
            found = _decode(json.loads(payload))
        except (ValueError, TypeError, KeyError, AttributeError):  # not JSON, or not of this shape
            return None
        if found is None or found.row["path"] != path or found.row["sha256"] != sha256:
            return None
        return found

    def put(self, found: Entry) -> None:
        """Store an entry; a failure to write only costs the next run the time to read the file."""
        entry = self.entry(found.row["path"], found.row["sha256"])
        payload = json.dumps(_encode(found), ensure_ascii=False, separators=(",", ":")).encode()
        write_entry(self.folder / entry[:2] / entry, payload)

    def prune(self, used: set[str]) -> None:
        """Drop entries this run did not use and folders of other reading keys (older code)."""
        for other in self.folder.parent.glob("*"):
            if other.is_dir() and other != self.folder and len(other.name) == KEY_CHARS:
                shutil.rmtree(other, ignore_errors=True)
        for path in self.folder.glob("*/*"):
            if path.name not in used:
                path.unlink(missing_ok=True)


def _plain_row(row: dict[str, Any], fields: list[str], codecs: list[tuple[str, Any, Any]]) -> dict[str, Any]:
    plain = {name: row[name] for name in fields}
    for name, _, decode in codecs:
        if decode and plain[name] is not None:
            plain[name] = plain[name].hex() if isinstance(plain[name], bytes) else plain[name].isoformat()
    return plain


def _typed_row(plain: Any, fields: list[str], codecs: list[tuple[str, Any, Any]]) -> dict[str, Any] | None:
    """The row back with its types, or None if it is not a row of these fields and types."""
    if not isinstance(plain, dict) or list(plain) != fields:
        return None
    for name, kind, decode in codecs:
        value = plain[name]
        if value is not None:
            plain[name] = value = decode(value) if decode else value
            if not isinstance(value, kind):
                return None
    return plain


_ENTRY_KEYS = ["row", "digest", "references", "signature", "text_key", "known"]


def _encode(found: Entry) -> dict[str, Any]:
    return {
        "row": _plain_row(found.row, _FIELDS, _CODECS),
        "digest": found.digest.hex(),
        "references": [_plain_row(row, _IMAGE_FIELDS, _IMAGE_CODECS) for row in found.references],
        "signature": found.signature.astype("<u4").tobytes().hex(),
        "text_key": found.text_key,
        "known": found.known,
    }


def _decode(payload: Any) -> Entry | None:
    if not isinstance(payload, dict) or list(payload) != _ENTRY_KEYS:
        return None
    row = _typed_row(payload["row"], _FIELDS, _CODECS)
    references = [_typed_row(plain, _IMAGE_FIELDS, _IMAGE_CODECS) for plain in payload["references"]]
    signature = np.frombuffer(bytes.fromhex(payload["signature"]), dtype="<u4").astype(np.uint32)
    digest = bytes.fromhex(payload["digest"])
    text_key, known = payload["text_key"], payload["known"]
    if row is None or any(reference is None for reference in references) or len(signature) != NUM_PERM:
        return None
    if len(digest) != 32 or not isinstance(text_key, int) or not 0 <= text_key < 2**64 or not isinstance(known, dict):
        return None
    facts = {sha: tuple(value) for sha, value in known.items() if _facts(value)}
    for reference in references:
        reference["image"] = None
    return Entry(row, digest, references, signature, text_key, facts)  # type: ignore[arg-type]


def _facts(value: Any) -> bool:
    """[mime, width, height] as images.sniff gives them."""
    if not isinstance(value, list) or len(value) != 3:
        return False
    mime, width, height = value
    return (mime is None or isinstance(mime, str)) and all(
        side is None or (isinstance(side, int) and not isinstance(side, bool)) for side in (width, height)
    )
