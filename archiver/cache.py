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
A chunk of post files (collect's unit of work) also has an entry of its own, `ChunkEntry`: its batches
as Arrow streams, which a chunk of unchanged files takes whole instead of decoding each post's entry.
Image files are read and hashed on every run (they may change without their post changing); only
an image whose sha256 matches the one Pillow described last time is not opened again.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sqlite3
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
from archiver.release.fixity import tree_digest
from archiver.safe_fs import OutsideSite, read_beneath
from archiver.tables import IMAGES, POSTS

FORMAT = b"archiver-row-cache-2"
# The libraries whose results an entry holds: YAML parsing, Pillow's image facts, MinHash sketches.
READING_LIBRARIES = ("PyYAML", "Pillow", "rensa", "numpy")
# The length of the per-key folder names an older version of this cache kept entry files in (pruned).
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


@dataclass
class ChunkEntry:
    """What the cache holds of a chunk of post files (see collect's chunks): its batches, ready.

    A re-release's chunk whose files are all unchanged takes its rows from here without decoding a
    row or building a batch; the file bytes (`raw`, `image`) are never stored, they are read again.
    """

    posts: pa.RecordBatch  # POSTS without `raw`
    images: pa.RecordBatch  # IMAGES without `image`: the rows as the files were found
    references: pa.RecordBatch  # the same, as the posts alone decide them (images.reference_rows)
    post_digests: list[bytes]
    image_digests: list[bytes]
    signatures: np.ndarray  # (posts × NUM_PERM) uint32
    text_keys: np.ndarray  # (posts,) uint64


POSTS_STORED = pa.schema([field for field in POSTS if field.name != "raw"])
IMAGES_STORED = pa.schema([field for field in IMAGES if field.name != "image"])
_POST_EXTRAS = pa.schema(
    [
        pa.field("digest", pa.binary(32), False),
        pa.field("signature", pa.binary(4 * NUM_PERM), False),
        pa.field("text_key", pa.uint64(), False),
    ]
)
_IMAGE_EXTRAS = pa.schema([pa.field("digest", pa.binary(32), False)])
_CHUNK_SCHEMAS = (POSTS_STORED, IMAGES_STORED, IMAGES_STORED, _POST_EXTRAS, _IMAGE_EXTRAS)
# Uncompressed: zstd halves the entry but decoding it cost ten times as much (2.5 ms for a chunk).
_IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression=None)


def encode_chunk(found: ChunkEntry) -> bytes:
    """A chunk entry as bytes: five Arrow IPC streams, each after its length."""
    extras = pa.RecordBatch.from_arrays(
        [
            pa.array(found.post_digests, pa.binary(32)),
            pa.array([row.astype("<u4").tobytes() for row in found.signatures], pa.binary(4 * NUM_PERM)),
            pa.array(found.text_keys, pa.uint64()),
        ],
        schema=_POST_EXTRAS,
    )
    image_extras = pa.RecordBatch.from_arrays([pa.array(found.image_digests, pa.binary(32))], schema=_IMAGE_EXTRAS)
    parts = []
    for batch in (found.posts, found.images, found.references, extras, image_extras):
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, batch.schema, options=_IPC_OPTIONS) as writer:
            writer.write_batch(batch)
        data = sink.getvalue().to_pybytes()
        parts.append(len(data).to_bytes(8, "little") + data)
    return b"".join(parts)


def decode_chunk(payload: bytes) -> ChunkEntry | None:
    """encode_chunk's entry back, or None when the bytes are not one of this shape."""
    batches = []
    offset = 0
    try:
        for schema in _CHUNK_SCHEMAS:
            size = int.from_bytes(payload[offset : offset + 8], "little")
            data = payload[offset + 8 : offset + 8 + size]
            offset += 8 + size
            if len(data) != size:
                return None
            reader = pa.ipc.open_stream(data)
            batch = reader.read_next_batch()
            if not batch.schema.equals(schema):
                return None
            batches.append(batch)
    except (pa.ArrowException, StopIteration, ValueError):
        return None
    posts, images, references, extras, image_extras = batches
    if offset != len(payload) or extras.num_rows != posts.num_rows:
        return None
    if not images.num_rows == references.num_rows == image_extras.num_rows:
        return None
    stored = extras.column("signature")  # fixed-size binary: its values are one contiguous buffer
    size = 4 * NUM_PERM
    data = stored.buffers()[1]
    signatures = np.frombuffer(data, dtype="<u4", count=len(stored) * NUM_PERM, offset=stored.offset * size)
    signatures = signatures.astype(np.uint32)
    return ChunkEntry(
        posts,
        images,
        references,
        extras.column("digest").to_pylist(),
        image_extras.column("digest").to_pylist(),
        signatures.reshape(posts.num_rows, NUM_PERM),
        extras.column("text_key").to_numpy().astype(np.uint64),
    )


def _header(entry: str, payload: bytes) -> bytes:
    return b"%s %s %s" % (FORMAT, entry.encode(), hashlib.sha256(payload).hexdigest().encode())


@cache
def code_digest() -> str:
    """sha256 over this package's own files (code and rule data): any change to them can change a row."""
    return tree_digest(Path(archiver.__file__).parent)


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


def _sealed(entry: str, payload: bytes) -> bytes:
    """A payload as stored: under a header line naming its entry and its sha256."""
    return _header(entry, payload) + b"\n" + payload


def _opened(entry: str, stored: bytes) -> bytes | None:
    """The payload of what _sealed stored under `entry`, or None when the header does not check out."""
    header, _, payload = stored.partition(b"\n")
    return payload if header == _header(entry, payload) else None


def read_entry(path: Path) -> bytes | None:
    """The payload of the entry file at `path` (named by its key), or None when it does not check out."""
    try:  # without following a link, and only a regular file: a FIFO planted there would block the read
        return _opened(path.name, read_beneath(path.parent, path.name))
    except (OSError, OutsideSite):
        return None


def write_entry(path: Path, payload: bytes) -> None:
    """Store a payload under `path` (named by its key); a failure to write only costs the next run time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(_sealed(path.name, payload))
        os.replace(temporary, path)  # atomic: a reader sees a whole entry or none
    except OSError:
        pass


class RowCache:
    """Entries by (path, sha256) under one reading key, in one SQLite file, `folder/rows.sqlite`.

    One file, not a file per entry: creating a small file costs more than reading the post it caches
    (0.2–1 ms on an ordinary disk), while a chunk's entries go into the database in one transaction.
    It is a cache, so nothing is synced to disk; any database error (a damaged file, a locked one)
    only costs the time to read the files afresh. Picklable for workers: each process opens its own
    connection.
    """

    FILE = "rows.sqlite"
    BATCH = 500  # entries per query: well under SQLite's limit on bound parameters

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = Path(folder)
        self.key = key
        self._connection: sqlite3.Connection | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"folder": self.folder, "key": self.key, "_connection": None}

    def entry(self, path: str, sha256: str) -> str:
        return hashlib.sha256(f"{self.key}\0{path}\0{sha256}".encode()).hexdigest()

    def get(self, path: str, sha256: str) -> Entry | None:
        """The cached entry of this file, or None when there is none that checks out."""
        payload = self.read(self.entry(path, sha256))
        if payload is None:
            return None
        try:
            found = _decode(json.loads(payload))
        except (ValueError, TypeError, KeyError, AttributeError):  # not JSON, or not of this shape
            return None
        if found is None or found.row["path"] != path or found.row["sha256"] != sha256:
            return None
        return found

    def chunk_entry(self, files: list[tuple[bytes, str]]) -> str:
        """The entry of a chunk of post files, by each one's exact path and sha256, in order."""
        digest = hashlib.sha256(f"{self.key}\0chunk\0".encode())
        for path, sha256 in files:
            digest.update(len(path).to_bytes(4, "little") + path + sha256.encode())
        return digest.hexdigest()

    def get_chunk(self, entry: str) -> ChunkEntry | None:
        payload = self.read(entry)
        return decode_chunk(payload) if payload is not None else None

    def put_chunk(self, entry: str, found: ChunkEntry) -> None:
        self.write([(entry, encode_chunk(found))])

    def regrouped(self) -> CachedRegroupedDigests:
        """The digests of rows that joined a near-duplicate group, as PostsSpool.finish asks for them."""
        return CachedRegroupedDigests(self)

    def put(self, entries: list[Entry]) -> None:
        """Store entries, in one transaction; a failure to write only costs the next run the time to read."""
        self.write([(self.entry(found.row["path"], found.row["sha256"]), _json(_encode(found))) for found in entries])

    def read(self, entry: str) -> bytes | None:
        """The payload stored under `entry`, if its header checks out."""
        return self.read_many([entry]).get(entry)

    def read_many(self, entries: list[str]) -> dict[str, bytes]:
        """The payloads stored under `entries` whose headers check out, by entry (a database error: none)."""
        found: dict[str, bytes] = {}
        try:
            database = self._database()
            for start in range(0, len(entries), self.BATCH):
                part = entries[start : start + self.BATCH]
                marks = ",".join("?" * len(part))
                query = f"SELECT entry, data FROM entries WHERE entry IN ({marks})"  # noqa: S608 - marks only
                for entry, data in database.execute(query, part):
                    # SQLite keeps any type in any column: a damaged row may hold text, a number or NULL
                    # (bytes() of an int is that many zero bytes); it is missing, and gets rewritten
                    if not isinstance(data, bytes):
                        continue
                    payload = _opened(entry, data)
                    if payload is not None:
                        found[entry] = payload
        except sqlite3.Error:
            return found
        return found

    def write(self, payloads: list[tuple[str, bytes]]) -> None:
        """Store (entry, payload) pairs, each under a header with its entry and sha256."""
        if not payloads:
            return
        rows = [(entry, _sealed(entry, payload)) for entry, payload in payloads]
        try:
            with self._database() as database:
                database.executemany("INSERT OR REPLACE INTO entries (entry, data) VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def prune(self, used: set[str]) -> None:
        """Drop entries this run did not use (other files, other contents, other reading keys), and the
        per-entry files an older version of this cache kept."""
        for other in self.folder.glob("*"):
            if other.is_dir() and len(other.name) == KEY_CHARS:
                shutil.rmtree(other, ignore_errors=True)
        try:
            with self._database() as database:
                database.execute("CREATE TEMP TABLE IF NOT EXISTS used (entry TEXT PRIMARY KEY)")
                database.execute("DELETE FROM used")
                database.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((entry,) for entry in used))
                database.execute("DELETE FROM entries WHERE entry NOT IN (SELECT entry FROM used)")
        except sqlite3.Error:
            pass

    def prepare(self) -> bool:
        """Open (or create, or replace a damaged) database before workers share it; False if it cannot be.

        A database of another reading key (another version of this tool, other site settings) holds
        nothing this run can use, and would only be pruned row by row, leaving a file as large as
        before: it is started afresh instead, as is one that turns out damaged.
        """
        try:
            try:
                recorded = self._database().execute("SELECT key FROM reading_key").fetchall()
            except sqlite3.DatabaseError:
                recorded = None
            if recorded is None or recorded and recorded != [(self.key,)]:
                self.close()
                _remove_database(self.folder / self.FILE)
                recorded = []
            if not recorded:
                with self._database() as database:
                    database.execute("INSERT INTO reading_key (key) VALUES (?)", (self.key,))
            return True
        except (sqlite3.Error, OSError):
            return False

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _database(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = _open(self.folder / self.FILE)
        return self._connection


class CachedRegroupedDigests:
    """duplicates.RegroupedDigests in the cache's database, one sealed entry per key; the entries read
    or written are `used` (kept by prune)."""

    def __init__(self, rows: RowCache) -> None:
        self.rows = rows
        self.used: set[str] = set()

    def _entry(self, key: bytes) -> str:
        return hashlib.sha256(f"{self.rows.key}\0regrouped\0{key.hex()}".encode()).hexdigest()

    def get(self, keys: list[bytes]) -> dict[bytes, bytes]:
        by_entry = {self._entry(key): key for key in keys}
        found = {entry: digest for entry, digest in self.rows.read_many(list(by_entry)).items() if len(digest) == 32}
        self.used.update(found)
        return {by_entry[entry]: digest for entry, digest in found.items()}

    def put(self, digests: dict[bytes, bytes]) -> None:
        payloads = [(self._entry(key), digest) for key, digest in digests.items()]
        self.used.update(entry for entry, _ in payloads)
        self.rows.write(payloads)


def _open(path: Path) -> sqlite3.Connection:
    """The cache database, created if need be; a file that is not one is replaced by an empty one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(2):
        try:
            database = sqlite3.connect(path, timeout=60)
            database.execute("PRAGMA synchronous = OFF")
            database.execute("PRAGMA journal_mode = WAL")  # workers read while another one writes
            database.execute("CREATE TABLE IF NOT EXISTS entries (entry TEXT PRIMARY KEY, data BLOB NOT NULL)")
            database.execute("CREATE TABLE IF NOT EXISTS reading_key (key TEXT NOT NULL)")
            return database
        except sqlite3.DatabaseError:
            if attempt:
                raise
            _remove_database(path)
    raise AssertionError("unreachable")


def _remove_database(path: Path) -> None:
    """The database file and its write-ahead log and shared-memory index, if there."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


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
