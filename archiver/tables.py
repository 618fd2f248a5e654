"""The three tables' Arrow schemas, and a writer that streams rows into size-capped Parquet shards.

The schemas are declared here, once, and never inferred: every reader (pandas, pyarrow, DuckDB,
Polars, `datasets`) sees the same types whatever the rows of a given release happen to hold.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ("posts", "images", "rejects")

# Instants carry their zone (UTC), so no reader mistakes them for local times; the calendar day a
# researcher groups by is a separate date column (posts.date_local), in the site's timezone.
UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

EVIDENCE = pa.struct(
    [
        pa.field("field", pa.string()),
        pa.field("value", pa.string()),
        pa.field("line", pa.int32()),
        pa.field("text", pa.string()),
        pa.field("rule", pa.string()),
    ]
)

# The Hugging Face image layout: `datasets` decodes this struct as an Image feature.
HF_IMAGE = pa.struct([pa.field("bytes", pa.binary()), pa.field("path", pa.string())])


PATH_DOC = "POSIX path of the file relative to the site root (bytes that are not UTF-8 shown as \\xNN)."
PATH_BYTES_DOC = "The path's exact bytes, only when they are not UTF-8 (then `path` is not exact); else null."


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": doc})


POSTS = pa.schema(
    [
        _f("post_id", pa.string(), "Stable id: first 16 hex digits of sha256 of `path`.", False),
        _f("path", pa.string(), PATH_DOC, False),
        _f("path_bytes", pa.binary(), PATH_BYTES_DOC),
        _f("sha256", pa.string(), "sha256 of the file's bytes.", False),
        _f("size_bytes", pa.int64(), "Size of the file in bytes.", False),
        _f("raw", pa.binary(), "The file's exact bytes.", False),
        _f("encoding", pa.string(), "Encoding the file was decoded with (utf-8, utf-8-sig, gb18030, ...).", False),
        _f("front_matter_format", pa.string(), "yaml, toml, json or none.", False),
        _f("front_matter", pa.string(), "The whole parsed front matter as JSON text (keys as found).", False),
        _f(
            "title", pa.string(), "Front matter title, as text; for Jekyll, else the title it makes from the file name."
        ),
        pa.field(
            "date",
            UTC_TIMESTAMP,
            metadata={
                "description": "Publication instant in UTC (times written without a zone are in the site's timezone).",
                "timezone": "UTC",
            },
        ),
        _f(
            "date_local",
            pa.date32(),
            "Calendar day of `date` in the site's timezone: for a date-only post, the day it gives. Group days by it.",
        ),
        _f("date_raw", pa.string(), "The date as written (front matter value or file-name prefix)."),
        _f("date_source", pa.string(), "front_matter, filename or none.", False),
        _f("author", pa.string(), "Front matter author of the archive post (not the original's author)."),
        _f("tags", pa.list_(pa.string()), "Front matter tags as a list of strings.", False),
        _f("categories", pa.list_(pa.string()), "Front matter categories as a list of strings.", False),
        _f("layout", pa.string(), "Front matter layout."),
        _f("draft", pa.bool_(), "A draft: under _drafts/ (Jekyll, Hexo), or Hugo's `draft: true`.", False),
        _f("body", pa.string(), "The markdown/HTML after the front matter, decoded.", False),
        _f(
            "text",
            pa.string(),
            "The article as plain text: no markup, images, Liquid, provenance or boilerplate.",
            False,
        ),
        _f("image_count", pa.int32(), "Number of image references in the body.", False),
        _f("is_repost", pa.bool_(), "The post reproduces content first published elsewhere.", False),
        _f(
            "source_platform",
            pa.string(),
            "wechat, weibo, douban, zhihu, web, other (another platform with user accounts), or null.",
        ),
        _f("original_account", pa.string(), "Account or channel that first published the original."),
        _f("original_account_id", pa.string(), "That account's platform id, where the text states it."),
        _f("source_outlet", pa.string(), "News organisation, publication or website credited as source."),
        _f("original_url", pa.string(), "URL of the original, as written in the provenance line."),
        _f("original_author", pa.string(), "Person(s) credited as writer of the original, space-separated."),
        _f("original_deleted", pa.bool_(), "The original is marked as gone (struck-through link, 已删除, ...).", False),
        _f("account_description", pa.string(), "The account's self-description (功能介绍), where given."),
        _f(
            "provenance_evidence",
            pa.list_(EVIDENCE),
            "For each provenance value: the field, the value, the 1-based line of the file (a front matter "
            "value: its key's line; 0: the title), that line's text, and the id of the rule that read it "
            "(docs/provenance.md).",
            False,
        ),
        _f(
            "duplicate_group",
            pa.string(),
            "post_id of the canonical (earliest by date, then path) post of this post's near-duplicate group;"
            " its own post_id when it has no near-duplicate.",
            False,
        ),
        _f(
            "duplicate_similarity",
            pa.float64(),
            "Jaccard similarity of this post's text (5-character shingles) to the canonical post's; 1.0 for it.",
            False,
        ),
        _f(
            "title_source",
            pa.string(),
            "Where `title` came from: front_matter, filename (Jekyll's slug) or none.",
            False,
        ),
        _f(
            "published", pa.bool_(), "False for `published: false` (Jekyll, Hexo) or a Hugo page never rendered.", False
        ),
        pa.field(
            "updated",
            UTC_TIMESTAMP,
            metadata={"description": "Last update in UTC: Hexo `updated`, Hugo `lastmod`.", "timezone": "UTC"},
        ),
        pa.field(
            "publish_date",
            UTC_TIMESTAMP,
            metadata={"description": "Hugo `publishDate` in UTC.", "timezone": "UTC"},
        ),
        pa.field(
            "expiry_date",
            UTC_TIMESTAMP,
            metadata={"description": "Hugo `expiryDate` in UTC.", "timezone": "UTC"},
        ),
        _f("section", pa.string(), "Hugo section: the first folder under content/."),
        _f(
            "category_paths",
            pa.list_(pa.string()),
            "Each category's path from the top, '/'-joined (a Hexo hierarchy); one name each elsewhere.",
            False,
        ),
        _f("markup", pa.string(), "What the generator renders the body as: markdown, html, or the file's extension."),
    ]
)

IMAGES = pa.schema(
    [
        _f("post_id", pa.string(), "The referencing post (posts.post_id).", False),
        _f("post_path", pa.string(), "The referencing post's path.", False),
        _f("position", pa.int32(), "0-based order of the reference within the post body.", False),
        _f("syntax", pa.string(), "markdown, html, liquid or shortcode (Hugo).", False),
        _f("src", pa.string(), "The reference as written.", False),
        _f("alt", pa.string(), "Alt text, where given."),
        _f("url", pa.string(), "Absolute URL, for remote references."),
        _f(
            "resolved_path",
            pa.string(),
            "Path relative to the site root the reference resolves to (under Hexo source/, Hugo static/ or a bundle).",
        ),
        _f("resolved_path_bytes", pa.binary(), "The resolved path's exact bytes, only when they are not UTF-8."),
        _f("status", pa.string(), "present, missing, remote, inline or refused.", False),
        _f("reason", pa.string(), "Why the image is refused (or missing, where more can be said)."),
        _f("media_key", pa.string(), "Platform image id carried by the name (e.g. a WeChat mmbiz id)."),
        _f("sha256", pa.string(), "sha256 of the image file (present images)."),
        _f("size_bytes", pa.int64(), "Size of the image file in bytes (present images)."),
        _f("mime", pa.string(), "MIME type read from the file's content (present images)."),
        _f("width", pa.int32(), "Width in pixels, where Pillow can read it."),
        _f("height", pa.int32(), "Height in pixels, where Pillow can read it."),
        _f("image", HF_IMAGE, "The file's exact bytes in the Hugging Face image layout (present images)."),
    ],
    metadata={b"huggingface": json.dumps({"info": {"features": {"image": {"_type": "Image"}}}}).encode()},
)

REJECTS = pa.schema(
    [
        _f("path", pa.string(), PATH_DOC, False),
        _f("path_bytes", pa.binary(), PATH_BYTES_DOC),
        _f("sha256", pa.string(), "sha256 of the file's bytes (null when it could not be read)."),
        _f("size_bytes", pa.int64(), "Size of the file in bytes (null when it could not be read)."),
        _f("reason", pa.string(), "Short reason code.", False),
        _f("message", pa.string(), "What was wrong, for a person.", False),
        _f("line", pa.int32(), "1-based line where the problem is, where known."),
        _f("raw", pa.binary(), "The file's exact bytes (null when it could not be read)."),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {"posts": POSTS, "images": IMAGES, "rejects": REJECTS}
FIELD_NAMES: dict[str, frozenset[str]] = {name: frozenset(schema.names) for name, schema in SCHEMAS.items()}
# Where each table keeps the path of the file whose bytes a row holds: text, and exact bytes when not UTF-8.
PATH_COLUMNS = {
    "posts": ("path", "path_bytes"),
    "rejects": ("path", "path_bytes"),
    "images": ("resolved_path", "resolved_path_bytes"),
}


def file_path(table: str, row: Mapping[str, Any]) -> bytes | None:
    """The exact path of the file a row holds (None when it holds none): the key restore writes it under."""
    text, exact = PATH_COLUMNS[table]
    if row.get(exact) is not None:
        return row[exact]
    return row[text].encode("utf-8") if row.get(text) is not None else None


# Fixed writer settings: part of what makes a release byte-reproducible, and recorded in its manifest.
# zstd level 3, not 9: on real posts 9 saves 8% of the bytes for three times the CPU, and at level 9
# compressing the posts table (raw, body and text of every post) cost more than reading them.
PARQUET_SETTINGS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_size": 1 << 20,
    "version": "2.6",
    "store_schema": True,
}
TABLE_SETTINGS: dict[str, dict[str, Any]] = {name: PARQUET_SETTINGS for name in ("posts", "images", "rejects")}
# Row groups stay well under the Hub viewer's 300 MB; shards are capped near 500 MB uncompressed.
ROW_GROUP_BYTES = 100 * 1024 * 1024
ROW_GROUP_ROWS = 10_000
SHARD_BYTES = 500 * 1024 * 1024

SHARD_PREFIX = "train"


def shard_name(index: int, count: int) -> str:
    """The Hub's shard naming, which `datasets` maps to the `train` split."""
    return f"{SHARD_PREFIX}-{index:05d}-of-{count:05d}.parquet"


# Columns that hold file bytes. Each is covered by the `sha256` column of its row, so the logical
# content hash leaves them out: that keeps hashing each byte once, and lets verify skip reading them.
BYTES_COLUMNS = frozenset({"raw", "image"})


def _plain(value: Any) -> Any:
    """JSON for the values JSON has no form for (called by the encoder for those only)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):  # exact path bytes: hex, the same in every language
        return value.hex()
    return str(value)


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def canonical_row(row: Mapping[str, Any]) -> bytes:
    """A row as canonical JSON, for the logical content hash that a manifest records.

    The hash depends on the rows and their order only, not on Parquet encoding, compression or
    shard boundaries; BYTES_COLUMNS are left out (see above).
    """
    return _CANONICAL.encode({key: value for key, value in row.items() if key not in BYTES_COLUMNS}).encode()


def row_digest(row: Mapping[str, Any]) -> bytes:
    """sha256 of a row's canonical form; a table's content hash is sha256 over its rows' digests."""
    return hashlib.sha256(canonical_row(row)).digest()


def to_batch(table: str, rows: list[dict[str, Any]]) -> pa.RecordBatch:
    """Rows as a record batch of the table's declared schema (never inferred).

    Each row must carry exactly the schema's field names: Arrow would drop a misspelled key and fill
    the real column with nulls, so a typo in the code would quietly empty a column of every release.
    """
    names = FIELD_NAMES[table]
    for row in rows:
        if row.keys() != names:
            extra, missing = sorted(row.keys() - names), sorted(names - row.keys())
            raise ValueError(f"{table} row does not match its schema: unknown keys {extra}, missing keys {missing}")
    schema = SCHEMAS[table]
    # Column by column: several times faster than from_pylist, which goes through a dict per row.
    return pa.RecordBatch.from_arrays(
        [pa.array([row[f.name] for row in rows], type=f.type) for f in schema], schema=schema
    )


class ShardWriter:
    """Streams record batches of one table into `DIR/train-XXXXX-of-YYYYY.parquet` shards.

    Batches are buffered up to a row group (bounded by Arrow bytes and by rows), written, and dropped,
    so memory stays bounded by one row group whatever the archive's size. Shards roll over at
    `shard_bytes` of uncompressed data; their final `-of-N` names are given in `close()`, once N is
    known. Where the buffer is cut depends only on the batches given, so the same batches give the
    same bytes.

    A row group is compressed and written on a thread of its own (Arrow releases the GIL), so that the
    collector goes on receiving batches from its workers meanwhile; one write is under way at a time,
    in order, so memory stays bounded by two row groups.
    """

    def __init__(
        self,
        directory: Path,
        table: str,
        *,
        row_group_bytes: int = ROW_GROUP_BYTES,
        row_group_rows: int = ROW_GROUP_ROWS,
        shard_bytes: int = SHARD_BYTES,
    ) -> None:
        self.directory = Path(directory)
        self.row_group_bytes = row_group_bytes
        self.row_group_rows = row_group_rows
        self.shard_bytes = shard_bytes
        self.schema = SCHEMAS[table]
        self.table = table
        self.rows = 0
        self.content = hashlib.sha256()
        self._batches: list[pa.RecordBatch] = []
        self._buffer_bytes = 0
        self._buffer_rows = 0
        self._shard_bytes = 0
        self._writer: pq.ParquetWriter | None = None
        self._parts: list[Path] = []
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"write-{table}")
        self._pending: Future[None] | None = None
        self._ended = False
        self.directory.mkdir(parents=True, exist_ok=True)

    def write(self, row: dict[str, Any]) -> None:
        """Write one row (convenient, not fast: collect hands over whole batches)."""
        self.write_batch(to_batch(self.table, [row]), [row_digest(row)])

    def write_batch(self, batch: pa.RecordBatch, digests: list[bytes]) -> None:
        """Append a batch of rows, with each row's digest (computed where the row was made)."""
        if batch.num_rows != len(digests):
            raise ValueError("one digest per row")
        if self._ended and batch.num_rows:
            raise ValueError(f"{self.table}: rows written after end()")
        for digest in digests:
            self.content.update(digest)
        self.rows += batch.num_rows
        self._append(batch)

    def _append(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        size = batch.nbytes
        if size > self.row_group_bytes and batch.num_rows > 1:
            # A batch of large images alone may exceed a row group: halve it until each part fits.
            half = batch.num_rows // 2
            self._append(batch.slice(0, half))
            self._append(batch.slice(half))
            return
        if self._batches and self._buffer_bytes + size > self.row_group_bytes:
            self._flush()
        self._batches.append(batch)
        self._buffer_bytes += size
        self._buffer_rows += batch.num_rows
        if self._buffer_rows >= self.row_group_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._batches:
            return
        group = pa.Table.from_batches(self._batches, schema=self.schema)
        self._wait()
        if self._writer is not None and self._shard_bytes + self._buffer_bytes > self.shard_bytes:
            self._writer.close()
            self._writer = None
        if self._writer is None:
            self._open()
        assert self._writer is not None
        self._pending = self._thread.submit(self._writer.write_table, group, row_group_size=group.num_rows)
        self._shard_bytes += self._buffer_bytes
        self._batches = []
        self._buffer_bytes = 0
        self._buffer_rows = 0

    def end(self) -> None:
        """No row comes before close(): the rows buffered start being written now, on the writer's thread,
        while the caller goes on (the posts' second pass, say), instead of when close() is called. The
        row groups are cut where they would have been."""
        self._ended = True
        self._flush()

    def _wait(self) -> None:
        """Let the write under way finish; its error, if any, is raised here."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def _open(self) -> None:
        part = self.directory / f".part-{len(self._parts):05d}.parquet"
        self._parts.append(part)
        self._shard_bytes = 0
        self._writer = pq.ParquetWriter(part, self.schema, **TABLE_SETTINGS[self.table])

    def close(self) -> list[Path]:
        """Flush, close, and give the shards their final names; an empty table still gets one shard."""
        try:
            self._flush()
            self._wait()
        finally:
            self._thread.shutdown(wait=True)
        if self._writer is None and not self._parts:
            self._open()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        count = len(self._parts)
        final = []
        for index, part in enumerate(self._parts):
            target = self.directory / shard_name(index, count)
            os.replace(part, target)
            final.append(target)
        return final
