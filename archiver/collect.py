"""Collect: run discover → parse → provenance → images over a site and stream the rows into Parquet tables."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa

from archiver import reasons
from archiver.cache import ChunkEntry, Entry, RowCache, reading_key
from archiver.discover import POST_FOLDERS, Candidate, NotRegularFile, OutsideSite, read_inside
from archiver.duplicates import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    PostsIndex,
    PostsSpool,
    Sketches,
    chunk_file,
    read_arrow,
    signatures,
    write_arrow,
)
from archiver.errors import ArchiverError
from archiver.faults import fault_point
from archiver.generators import GENERATORS, GeneratorError, Site, choose
from archiver.images import read_file, read_images, reference_rows
from archiver.markup import Markup
from archiver.parse import PostRejected
from archiver.parse.config import SiteConfigError
from archiver.processes import in_order, worker_pool
from archiver.progress import track
from archiver.provenance import read_provenance
from archiver.tables import IMAGES, POSTS, SHARD_PREFIX, TABLES, ShardWriter, file_path, row_digest, to_batch
from archiver.text import article_text

PROVENANCE_FIELDS = (
    "original_account",
    "original_account_id",
    "source_platform",
    "source_outlet",
    "original_url",
    "original_author",
)

# Candidates per task: 16 on average. Chunks end where a path's hash says so (or at CHUNK_MAX), never
# where the worker count would: row groups are cut at chunk boundaries, so the output is the same on
# one core or many. Ends decided by paths, not positions, keep a re-release's chunks the same after
# posts were added or removed elsewhere, so the reading cache can reuse them whole (cache.ChunkEntry).
CHUNK = 16
CHUNK_MAX = 4 * CHUNK
# How many rejected files the summary names, so an archivist sees where to look without a query.
SHOWN_REJECTS = 10
# Below this many candidates a process pool costs more than it saves.
POOL_THRESHOLD = 64


class CollectError(ArchiverError):
    """The collect cannot run at all (bad --raw, unwritable --out): one line for the user."""


@dataclass
class Outcome:
    """What one candidate became: a post row (with its image rows) or a reject row."""

    post: dict[str, Any] | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    reject: dict[str, Any] | None = None
    # What the reading cache keeps beside the rows (see archiver.cache.Entry); the sketch and the
    # digest are filled in per chunk when the post was read afresh.
    references: list[dict[str, Any]] = field(default_factory=list)
    signature: np.ndarray | None = None
    text_key: int = 0
    digest: bytes | None = None
    cacheable: bool = False  # read afresh, and keyed by an exact text path: store it once complete


@dataclass
class CollectSummary:
    candidates: int = 0
    posts: int = 0
    rejects: Counter[str] = field(default_factory=Counter)
    images: Counter[str] = field(default_factory=Counter)
    provenance: Counter[str] = field(default_factory=Counter)
    reposts: int = 0
    files: dict[str, list[Path]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    content_sha256: dict[str, str] = field(default_factory=dict)
    first_rejects: list[str] = field(default_factory=list)  # `path:line: reason: message`, in order
    timezone: str = ""  # the zone naive post dates were read in
    timezone_assumed: bool = False  # _config.yml sets none, so the default was used
    duplicates: dict[str, int] = field(default_factory=dict)  # near-duplicate counts (Groups.summary)
    generator: str = ""  # the site's generator: jekyll, hexo or hugo
    site: Site | None = None  # the generator's reading of the site's configuration (zone and settings)

    def add(self, outcome: Outcome) -> None:
        self.candidates += 1
        if outcome.reject is not None:
            reject = outcome.reject
            self.rejects[reject["reason"]] += 1
            if len(self.first_rejects) < SHOWN_REJECTS:
                where = f"{reject['path']}:{reject['line']}" if reject["line"] else reject["path"]
                self.first_rejects.append(f"{where}: {reject['reason']}: {reject['message']}")
            return
        assert outcome.post is not None
        self.add_post(outcome.post, [image["status"] for image in outcome.images])

    def add_post(self, post: dict[str, Any], image_statuses: list[str]) -> None:
        """A post's counts (of `post`, only is_repost and the provenance columns are read)."""
        self.posts += 1
        self.reposts += bool(post["is_repost"])
        for name in PROVENANCE_FIELDS:
            self.provenance[name] += post[name] is not None
        self.provenance["original_deleted"] += bool(post["original_deleted"])
        self.images.update(image_statuses)

    def merge(self, other: CollectSummary) -> None:
        self.candidates += other.candidates
        self.posts += other.posts
        self.reposts += other.reposts
        self.rejects.update(other.rejects)
        self.images.update(other.images)
        self.provenance.update(other.provenance)
        self.first_rejects += other.first_rejects[: SHOWN_REJECTS - len(self.first_rejects)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidates": self.candidates,
            "posts": self.posts,
            "rejects": dict(sorted(self.rejects.items())),
            "images": dict(sorted(self.images.items())),
            "reposts": self.reposts,
            "provenance": {name: self.provenance[name] for name in (*PROVENANCE_FIELDS, "original_deleted")},
            "duplicates": dict(self.duplicates),
        }


def post_id(path: str | bytes) -> str:
    """Stable across releases: it depends on the path's exact bytes alone, never on content or order."""
    return hashlib.sha256(path if isinstance(path, bytes) else path.encode("utf-8")).hexdigest()[:16]


def reject_row(
    path: str, reason: str, message: str, line: int | None, data: bytes | None, path_bytes: bytes | None = None
) -> dict[str, Any]:
    return {
        "path": path,
        "path_bytes": path_bytes,
        "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
        "size_bytes": len(data) if data is not None else None,
        "reason": reason,
        "message": message,
        "line": line,
        "raw": data,
    }


def process(
    root: Path,
    candidate: Candidate,
    site: Site,
    cache: RowCache | None = None,
    read: tuple[bytes, str] | None = None,
) -> Outcome:
    """One candidate, end to end; never raises, so one bad file cannot stop a release. `read`: the
    file's bytes and their sha256, when they were read already."""
    path = candidate.path

    def rejected(reason: str, message: str, line: int | None = None, data: bytes | None = None) -> Outcome:
        return Outcome(reject=reject_row(path, reason, message, line, data, candidate.raw_path))

    if candidate.problem and candidate.problem not in reasons.NOT_PUBLISHED_REASONS:
        return rejected(candidate.problem, candidate.detail or candidate.problem)
    try:
        data = read_inside(root, candidate.path_bytes) if read is None else read[0]
    except OutsideSite:
        return rejected(reasons.SYMLINK_OUTSIDE_SITE, "leads outside the site root")
    except NotRegularFile as error:
        return rejected(reasons.NOT_REGULAR_FILE, f"not a regular file but {error.kind}; only regular files are read")
    except OSError as error:
        return rejected(reasons.UNREADABLE, f"cannot be read: {error.strerror}")
    if candidate.problem:  # a file the generator does not publish as a post: kept, bytes and all
        return rejected(candidate.problem, f"not a post: {candidate.detail or candidate.problem}", None, data)
    try:
        # once: the cache key and the row's sha256
        digest = hashlib.sha256(data).hexdigest() if read is None else read[1]
        rows_cache = cache if candidate.raw_path is None else None  # entries are keyed by exact text paths
        if rows_cache is not None:
            cached = rows_cache.get(path, digest)
            if cached is not None:
                return _from_cache(root, cached, data)
        post, references = _post_rows(root, candidate, data, digest, site)
        images = read_images(root, references)
        return Outcome(post, images, references=references, cacheable=rows_cache is not None)
    except PostRejected as error:
        return rejected(error.reason, error.message, error.line, data)
    except MemoryError as error:
        raise _out_of_memory(candidate.path, error) from None
    except Exception as error:  # noqa: BLE001 - a bug must cost one row, not the release; it is kept
        # The building machine's paths must not reach a release: the same tree gives the same bytes anywhere.
        detail = str(error).replace(str(root), "<site>")
        return rejected(
            reasons.INTERNAL_ERROR, f"internal error while parsing ({type(error).__name__}: {detail})", None, data
        )


def _from_cache(root: Path, cached: Entry, data: bytes) -> Outcome:
    post = cached.row
    post["raw"] = data
    images = read_images(root, cached.references, cached.known)
    return Outcome(post, images, None, cached.references, cached.signature, cached.text_key, cached.digest)


def _post_rows(
    root: Path, candidate: Candidate, data: bytes, digest: str, site: Site
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The post row and its image reference rows (no image file read yet)."""
    path = candidate.path
    generator = GENERATORS[site.generator]
    parsed = generator.read_post(data, path, site)
    instant = _utc(parsed.date)
    markup = Markup(parsed.body, parsed.body_start_line)  # each body line is read once, for all three
    provenance = read_provenance(
        parsed.front_matter, parsed.body, parsed.body_start_line, markup, parsed.front_matter_lines
    )
    identity = post_id(candidate.path_bytes)
    bases = generator.image_base(path, site)
    references = reference_rows(identity, path, parsed.body, markup, *bases, post_path_bytes=candidate.path_bytes)
    text = article_text(parsed.body, parsed.title, provenance.consumed_lines, parsed.body_start_line, markup)
    post = {
        "post_id": identity,
        "path": path,
        "path_bytes": candidate.raw_path,
        "sha256": digest,
        "size_bytes": len(data),
        "raw": data,
        "encoding": parsed.encoding,
        "front_matter_format": parsed.front_matter_format,
        "front_matter": json.dumps(parsed.front_matter, ensure_ascii=False, sort_keys=True),
        "title": parsed.title,
        "date": instant,
        "date_local": instant.astimezone(ZoneInfo(site.timezone)).date() if instant is not None else None,
        "date_raw": parsed.date_raw,
        "date_source": parsed.date_source,
        "author": parsed.author,
        "tags": parsed.tags,
        "categories": parsed.categories,
        "layout": parsed.layout,
        "draft": parsed.draft,
        "title_source": parsed.title_source,
        "published": parsed.published,
        "updated": _utc(parsed.updated),
        "publish_date": _utc(parsed.publish_date),
        "expiry_date": _utc(parsed.expiry_date),
        "section": parsed.section,
        "category_paths": parsed.category_paths,
        "markup": parsed.markup,
        "body": parsed.body,
        "text": text,
        "image_count": len(references),
        "is_repost": provenance.is_repost,
        "source_platform": provenance.source_platform,
        "original_account": provenance.original_account,
        "original_account_id": provenance.original_account_id,
        "source_outlet": provenance.source_outlet,
        "original_url": provenance.original_url,
        "original_author": provenance.original_author,
        "original_deleted": provenance.original_deleted,
        "account_description": provenance.account_description,
        "provenance_evidence": [
            {"field": e.field, "value": e.value, "line": e.line, "text": e.text, "rule": e.rule}
            for e in provenance.evidence
        ],
        # Its own group until every post is read and grouped (archiver/duplicates.py)
        "duplicate_group": identity,
        "duplicate_similarity": 1.0,
    }
    return post, references


def _utc(value: datetime | None) -> datetime | None:
    """A naive UTC time as parse gives it, as the UTC instant the tables hold."""
    return value.replace(tzinfo=UTC) if value is not None else None


@dataclass
class Chunk:
    """A chunk of candidates, processed: one record batch per table, each row's digest, and the counts.

    A worker leaves its batches in Arrow files of the spool folder (`spilled`) and sends only the rest:
    the file bytes then cross between processes once, through the page cache, instead of being pickled,
    piped and unpickled, and the posts wait there for the second pass without this process copying them.
    """

    batches: dict[str, pa.RecordBatch]
    digests: dict[str, list[bytes]]
    summary: CollectSummary
    contents: list[tuple[bytes, str]]  # (exact path, sha256) of every file whose bytes a row holds
    sketches: Sketches  # each post's MinHash signature and text key, for near-duplicate grouping
    index: PostsIndex  # the posts' ids, paths, dates and hashes
    spilled: tuple[Path, int] | None = None  # (spool folder, chunk number) holding the batches
    cache_entry: str | None = None  # the reading cache's entry of the chunk, when it holds one
    empty: frozenset[str] = frozenset()  # tables whose batch had no row, so was not spilled

    def spill(self, folder: Path, number: int) -> None:
        # A batch without rows (the rejects of nearly every chunk) is left out: a file made, opened
        # and removed for nothing costs more than the rows of a chunk take to send. The posts file
        # is written whatever it holds: the spool reads each chunk's.
        empty = frozenset(name for name, batch in self.batches.items() if not batch.num_rows and name != "posts")
        for name, batch in self.batches.items():
            if name not in empty:
                write_arrow(chunk_file(folder, number, name), batch)
        self.batches, self.spilled, self.empty = {}, (folder, number), empty

    def take(self, name: str) -> pa.RecordBatch:
        """The batch of `name` (not posts, which the spool adopts), its file removed once read."""
        if self.spilled is None:
            return self.batches[name]
        if name in self.empty:
            return _empty_batch(name)
        path = chunk_file(*self.spilled, name)
        batch = read_arrow(path)
        path.unlink()
        return batch


@functools.cache
def _empty_batch(table: str) -> pa.RecordBatch:
    return to_batch(table, [])


def process_chunk(
    root: Path,
    candidates: list[Candidate],
    site: Site,
    cache: RowCache | None = None,
    spill: tuple[Path, int] | None = None,
) -> Chunk:
    """Process candidates into Arrow batches where they are read, so that only columnar buffers (not
    Python objects) leave the worker, and the writer is left only writing. With `spill` (a spool
    folder and this chunk's number), the batches are left in files there (see Chunk)."""
    chunk = _process_chunk(root, candidates, site, cache)
    if spill is not None:
        chunk.spill(*spill)
    return chunk


def _process_chunk(root: Path, candidates: list[Candidate], site: Site, cache: RowCache | None) -> Chunk:
    files = _read_files(root, candidates) if cache is not None else None
    entry = None
    if cache is not None and files is not None:
        entry = cache.chunk_entry([(c.path_bytes, sha256) for c, (_, sha256) in zip(candidates, files, strict=True)])
        try:
            reused = _reuse_chunk(root, cache, entry, files)
        except Exception:  # noqa: BLE001 - an entry that checks out but cannot be used costs a reading, never the run
            reused = None
        if reused is not None:
            return reused
    reads = files if files is not None else [None] * len(candidates)
    outcomes = [process(root, c, site, cache, read) for c, read in zip(candidates, reads, strict=True)]
    try:
        chunk = _chunk(outcomes)
    except Exception:  # noqa: BLE001 - a row that Arrow or JSON cannot hold must cost its file, not the chunk
        outcomes = [_storable(candidate, outcome) for candidate, outcome in zip(candidates, outcomes, strict=True)]
        chunk = _chunk(outcomes)
    if cache is not None:  # only rows that could be stored are worth keeping
        cache.put([_entry(outcome) for outcome in outcomes if outcome.cacheable and outcome.post is not None])
        if entry is not None and _whole(outcomes, chunk):
            cache.put_chunk(entry, _chunk_entry(outcomes, chunk))
            chunk.cache_entry = entry
    return chunk


def _read_files(root: Path, candidates: list[Candidate]) -> list[tuple[bytes, str]] | None:
    """Each candidate's bytes and sha256, when every one is a post file that can be read (a chunk the
    cache may hold whole); None otherwise, and each file is then read on its own way in process()."""
    files = []
    for candidate in candidates:
        if candidate.problem or candidate.raw_path is not None:
            return None
        try:
            data = read_inside(root, candidate.path_bytes)
        except (OutsideSite, NotRegularFile, OSError):
            return None
        files.append((data, hashlib.sha256(data).hexdigest()))
    return files


def _whole(outcomes: list[Outcome], chunk: Chunk) -> bool:
    """A chunk worth keeping whole: every file a post read afresh or from the cache, no image refused
    (a refusal says something of the file system, which only reading it again can tell)."""
    return all(o.post is not None and o.digest is not None for o in outcomes) and "refused" not in chunk.summary.images


def _chunk_entry(outcomes: list[Outcome], chunk: Chunk) -> ChunkEntry:
    references = [reference for outcome in outcomes for reference in outcome.references]
    return ChunkEntry(
        posts=chunk.batches["posts"].drop_columns(["raw"]),
        images=chunk.batches["images"].drop_columns(["image"]),
        references=to_batch("images", references).drop_columns(["image"]),
        post_digests=chunk.digests["posts"],
        image_digests=chunk.digests["images"],
        signatures=chunk.sketches.signatures,
        text_keys=chunk.sketches.keys,
    )


def _image_path(text: str | None, exact: bytes | None) -> bytes | None:
    return file_path("images", {"resolved_path": text, "resolved_path_bytes": exact})


def _reuse_chunk(root: Path, cache: RowCache, entry: str, files: list[tuple[bytes, str]]) -> Chunk | None:
    """The chunk from its cache entry, when there is one and every image file is found as it was then.

    Only the references a file decides (`missing` before reading) are looked at, column by column:
    building a dict per image row would cost most of what the entry saves.
    """
    found = cache.get_chunk(entry)
    if found is None or found.posts.num_rows != len(files):
        return None
    posts = found.posts
    post_sha256 = posts.column("sha256").to_pylist()
    if post_sha256 != [sha256 for _, sha256 in files]:
        return None
    column = found.images.column
    status, reason, sha256 = (column(name).to_pylist() for name in ("status", "reason", "sha256"))
    facts = zip(
        sha256, column("mime").to_pylist(), column("width").to_pylist(), column("height").to_pylist(), strict=True
    )
    known = {digest: (mime, width, height) for digest, mime, width, height in facts if digest is not None}
    references = found.references.column
    read = [i for i, value in enumerate(references("status").to_pylist()) if value == "missing"]
    texts, exacts, reasons_before = (
        references(name).take(pa.array(read, pa.int64())).to_pylist()
        for name in ("resolved_path", "resolved_path_bytes", "reason")
    )
    image: list[dict[str, Any] | None] = [None] * found.images.num_rows
    for i, text, exact, before in zip(read, texts, exacts, reasons_before, strict=True):
        row: dict[str, Any] = {"status": "missing", "reason": before, "resolved_path": text, "sha256": None}
        read_file(root, row, _image_path(text, exact), known)
        if (row["status"], row["reason"], row["sha256"]) != (status[i], reason[i], sha256[i]):
            return None  # a file appeared, went or changed since: the chunk is read afresh
        image[i] = row.get("image")
    raw = pa.array([data for data, _ in files], pa.binary())
    image_column = pa.array(image, IMAGES.field("image").type)
    batches = {
        "posts": pa.RecordBatch.from_arrays(
            [raw if name == "raw" else posts.column(name) for name in POSTS.names], schema=POSTS
        ),
        "images": pa.RecordBatch.from_arrays(
            [image_column if name == "image" else column(name) for name in IMAGES.names], schema=IMAGES
        ),
        "rejects": to_batch("rejects", []),
    }
    summary = CollectSummary()
    counted = posts.select(["post_id", "is_repost", *PROVENANCE_FIELDS, "original_deleted"]).to_pylist()
    statuses: dict[str, list[str]] = {row["post_id"]: [] for row in counted}
    for post, value in zip(column("post_id").to_pylist(), status, strict=True):
        statuses[post].append(value)
    for row in counted:
        summary.candidates += 1
        summary.add_post(row, statuses[row["post_id"]])
    index = PostsIndex(
        posts.column("post_id").to_pylist(),
        posts.column("path").to_pylist(),
        posts.column("date").to_pylist(),
        post_sha256,
    )
    contents = [(path.encode(), sha256) for path, sha256 in zip(index.paths, index.sha256, strict=True)]
    paths = zip(column("resolved_path").to_pylist(), column("resolved_path_bytes").to_pylist(), sha256, strict=True)
    contents += [
        (path, digest) for text, exact, digest in paths if digest is not None and (path := _image_path(text, exact))
    ]
    return Chunk(
        batches=batches,
        digests={"posts": found.post_digests, "images": found.image_digests, "rejects": []},
        summary=summary,
        contents=contents,
        sketches=Sketches(found.signatures, found.text_keys),
        index=index,
        cache_entry=entry,
    )


def _entry(outcome: Outcome) -> Entry:
    assert outcome.post is not None and outcome.signature is not None and outcome.digest is not None
    post = {name: value for name, value in outcome.post.items() if name != "raw"}
    known = {row["sha256"]: (row["mime"], row["width"], row["height"]) for row in outcome.images if row["sha256"]}
    return Entry(post, outcome.digest, outcome.references, outcome.signature, outcome.text_key, known)


def _out_of_memory(path: str, error: MemoryError) -> CollectError:
    """The run's end, not a reject row: whether a file fits in memory depends on the machine, and a release
    must not (the same tree would give other bytes elsewhere)."""
    return CollectError(
        f"{path}: out of memory while reading it ({type(error).__name__}); the run stops rather than reject the "
        "file, since what a release holds must not depend on this machine's memory"
    )


def _storable(candidate: Candidate, outcome: Outcome) -> Outcome:
    """The outcome itself when its rows can be stored, else a reject that keeps the file's bytes."""
    try:
        _chunk([outcome])
        return outcome
    except MemoryError as error:
        raise _out_of_memory(candidate.path, error) from None
    except Exception as error:  # noqa: BLE001 - see process_chunk
        kept = outcome.post if outcome.post is not None else outcome.reject
        message = f"internal error while storing its rows ({type(error).__name__}: {error})"
        data = kept["raw"] if kept is not None else None
        return Outcome(
            reject=reject_row(candidate.path, reasons.INTERNAL_ERROR, message, None, data, candidate.raw_path)
        )


def _chunk(outcomes: list[Outcome]) -> Chunk:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    summary = CollectSummary()
    posts = []
    for outcome in outcomes:
        if outcome.reject is not None:
            rows["rejects"].append(outcome.reject)
        else:
            posts.append(outcome)
            rows["posts"].append(outcome.post)  # type: ignore[arg-type]
            rows["images"].extend(outcome.images)
        summary.add(outcome)
    fresh = [outcome for outcome in posts if outcome.signature is None]
    if fresh:  # one call for the chunk's new texts: sketching is cheaper in bulk
        computed = signatures([outcome.post["text"] for outcome in fresh])  # type: ignore[index]
        for outcome, signature, key in zip(fresh, computed.signatures, computed.keys, strict=True):
            outcome.signature, outcome.text_key = signature, int(key)
    for outcome in posts:
        if outcome.digest is None:
            outcome.digest = row_digest(outcome.post)  # type: ignore[arg-type]
    sketches = Sketches(
        np.array([outcome.signature for outcome in posts], dtype=np.uint32).reshape(len(posts), NUM_PERM),
        np.array([outcome.text_key for outcome in posts], dtype=np.uint64),
    )
    digests = {name: [row_digest(row) for row in rows[name]] for name in ("images", "rejects")}
    digests["posts"] = [outcome.digest for outcome in posts]  # type: ignore[misc]
    return Chunk(
        batches={name: to_batch(name, rows[name]) for name in TABLES},
        digests=digests,
        summary=summary,
        contents=[
            (path, row["sha256"])
            for name in TABLES
            for row in rows[name]
            if (path := file_path(name, row)) is not None and row["sha256"] is not None
        ],
        sketches=sketches,
        index=PostsIndex(
            [row["post_id"] for row in rows["posts"]],
            [row["path"] for row in rows["posts"]],
            [row["date"] for row in rows["posts"]],
            [row["sha256"] for row in rows["posts"]],
        ),
    )


def _chunks(
    root: Path, candidates: list[Candidate], site: Site, cache: RowCache | None, spool: Path, pool: Executor | None
) -> Iterator[Chunk]:
    """Processed chunks in candidate order, on the pool's workers (which spill their batches) or here."""
    parts = chunk_parts(candidates)
    spill = (lambda number: (spool, number)) if pool is not None else (lambda number: None)
    yield from in_order(pool, ((process_chunk, (root, part, site, cache, spill(n))) for n, part in enumerate(parts)))


def chunk_parts(candidates: list[Candidate]) -> list[list[Candidate]]:
    """The candidates cut into chunks: after a path whose hash ends a chunk, or at CHUNK_MAX."""
    parts: list[list[Candidate]] = [[]]
    for candidate in candidates:
        part = parts[-1]
        part.append(candidate)
        ends = hashlib.blake2b(candidate.path_bytes, digest_size=2).digest()[0] % CHUNK == 0
        if ends or len(part) >= CHUNK_MAX:
            parts.append([])
    return [part for part in parts if part]


def collect(
    raw: Path,
    out: Path,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: Path | None = None,
    allow_no_posts: bool = False,
    duplicate_threshold: float = DEFAULT_THRESHOLD,
    generator: str | None = None,
) -> CollectSummary:
    """Collect the site at `raw` into `out/data/{posts,images,rejects}/train-*.parquet`.

    The site's generator (`generator`, else detected: archiver/generators/) lists the candidates, every
    file under its post folders; each becomes exactly one row of posts or of rejects.
    Rows are streamed to the writers, so memory is bounded by a few chunks of posts, not by the archive.
    Posts wait in spool files until all are read and grouped into near-duplicates (archiver/duplicates.py);
    then a second pass over the spool writes them, so memory holds their signatures, not their texts.
    `progress(done, total)` is called after each chunk of candidates. With `cache` (a folder), the
    rows of files unchanged since an earlier collect are reused from it (see archiver.cache).

    A site with no candidate, or whose every file is rejected, is an error (most likely the wrong
    folder) unless `allow_no_posts`. A file read twice (an image two posts share, say) that changed
    in between is an error too: the tables would hold two contents for one path.
    """
    if isinstance(duplicate_threshold, bool) or not isinstance(duplicate_threshold, int | float):
        raise CollectError(f"duplicate_threshold {duplicate_threshold!r}: not a number between 0 and 1")
    if not 0 < duplicate_threshold <= 1:
        raise CollectError(f"duplicate_threshold {duplicate_threshold!r}: not a number between 0 and 1")
    root = Path(os.path.realpath(raw))
    if not root.is_dir():
        raise CollectError(f"{raw}: not a folder (expected a Jekyll site with _posts/)")
    try:
        plugin = choose(root, generator)
        site = plugin.load_site(root)  # read once: the time zone and the cache key must see the same settings
    except SiteConfigError as error:  # its message starts with the configuration file's name
        raise CollectError(f"{raw}/{error}") from None
    except GeneratorError as error:
        raise CollectError(f"{raw}: {error}") from None
    candidates = list(track(plugin.list_posts(root, site), "discover"))
    if not candidates and not allow_no_posts:
        raise CollectError(f"{raw}: no files under {plugin.post_folders_text}{_suggestion(raw)}")
    rows_cache = RowCache(cache, reading_key(site_key(site))) if cache is not None else None
    if rows_cache is not None and not rows_cache.prepare():  # an unwritable cache folder: read everything
        rows_cache = None
    used: set[str] = set()
    out = Path(out)
    for name in TABLES:  # shards of an earlier collect into the same --out would mix with these
        for stale in (out / "data" / name).glob(f"{SHARD_PREFIX}-*-of-*.parquet"):
            stale.unlink()
    writers = {name: ShardWriter(out / "data" / name, name) for name in TABLES}
    summary = CollectSummary(
        timezone=site.timezone, timezone_assumed=site.timezone_assumed, generator=plugin.name, site=site
    )
    contents: dict[bytes, str] = {}
    spool = PostsSpool(out / "data" / ".collect-spool", duplicate_threshold)
    size = workers or os.cpu_count() or 1
    # The pool serves both passes (reading the files, then regrouping the spooled posts). Leaving this
    # block any other way than normally (an interrupt, an error) kills its workers at once, and
    # chunks.close() stops the first pass now, not whenever the generator is collected.
    pooled = size > 1 and len(candidates) >= POOL_THRESHOLD
    if pooled:
        # pyarrow imports pandas on its first conversion of a Python list (a sixth of a second): done
        # here, before the workers are forked, they inherit it instead of each importing it again.
        pa.array([], type=pa.string())
    with worker_pool(size) if pooled else contextlib.nullcontext() as pool:
        chunks = _chunks(root, candidates, site, rows_cache, spool.folder, pool)
        try:
            for chunk in track(chunks, "collect", len(candidates), weight=lambda chunk: chunk.summary.candidates):
                for name, writer in writers.items():
                    if name != "posts":
                        writer.write_batch(chunk.take(name), chunk.digests[name])
                posts = None if chunk.spilled else chunk.batches["posts"]
                spool.add(chunk.index, chunk.digests["posts"], chunk.sketches, posts)
                summary.merge(chunk.summary)
                _check_unchanged(raw, contents, chunk.contents)
                if rows_cache is not None:
                    used.update(map(rows_cache.entry, chunk.index.paths, chunk.index.sha256))
                    if chunk.cache_entry is not None:
                        used.add(chunk.cache_entry)
                if progress is not None:
                    progress(summary.candidates, len(candidates))
                fault_point("collect-chunk")
            for name, writer in writers.items():  # their last row groups are written during the second pass
                if name != "posts":
                    writer.end()
            regrouped = rows_cache.regrouped() if rows_cache is not None else None
            summary.duplicates = spool.finish(writers["posts"], pool, regrouped).summary()
            if regrouped is not None:
                used |= regrouped.used
        finally:
            chunks.close()
            spool.close()
    summary.files = {name: writer.close() for name, writer in writers.items()}
    if rows_cache is not None:
        rows_cache.prune(used)
        rows_cache.close()
    summary.rows = {name: writer.rows for name, writer in writers.items()}
    summary.content_sha256 = {name: writer.content.hexdigest() for name, writer in writers.items()}
    if candidates and not summary.posts and not allow_no_posts:
        first = f" (first: {summary.first_rejects[0]})" if summary.first_rejects else ""
        raise CollectError(
            f"{raw}: every one of the {summary.candidates} files was rejected{first}; "
            "pass --allow-no-posts to accept a dataset without posts"
        )
    return summary


def _check_unchanged(raw: Path, contents: dict[bytes, str], new: list[tuple[bytes, str]]) -> None:
    """Each path holds one content: a file that differs between two reads changed while being read."""
    for path, digest in new:
        if contents.setdefault(path, digest) != digest:
            shown = path.decode("utf-8", "backslashreplace")
            raise CollectError(f"{raw}/{shown}: changed while it was being read; run again once the archive is still")


def _suggestion(raw: Path) -> str:
    """`; did you mean --raw X?` when a post folder sits next to or below the folder given."""
    absolute = Path(os.path.abspath(raw))
    if absolute.name in POST_FOLDERS:
        return f"; did you mean --raw {raw.parent if raw.name == absolute.name else absolute.parent}?"
    try:
        below = sorted(child for child in absolute.iterdir() if child.is_dir() and not child.name.startswith("."))
    except OSError:
        below = []
    for child in below:
        if any((child / folder).is_dir() for folder in POST_FOLDERS):
            suggestion = f"; did you mean --raw {raw / child.name}?"
            project = (absolute / "pyproject.toml").is_file()  # a project holding its site, not a site
            if (child / "_posts").is_dir() and not project and not any(child.glob("_config.*")):
                # Without a configuration of its own the folder may be a category folder (`news/_posts/`),
                # which Jekyll reads as part of the site around it once that site is recognised.
                suggestion += (
                    f" (or, if {child.name}/ is a category folder of this site, add the site's _config.yml to"
                    f" {raw}: Jekyll reads {child.name}/_posts/ as that category's posts)"
                )
            return suggestion
    return ""


def site_key(site: Site) -> bytes:
    """Everything about the site that decides how its posts are read: the generator and its settings."""
    return json.dumps([site.generator, site.timezone, site.options], sort_keys=True).encode()
