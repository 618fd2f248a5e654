"""Near-duplicate posts: MinHash signatures of 5-character shingles, LSH candidates, exact Jaccard, canonical groups.

The same article archived twice (another header, a cut ending, an editor's note, other punctuation)
is one article. Each post's `text` is normalized (everything but letters and digits dropped, NFKC
folds full-width forms, case folded) and cut into overlapping 5-character shingles, which suit Chinese
(no word boundaries) and are robust to punctuation and spacing. A MinHash signature (rensa, seeded)
sketches each shingle set in a few hundred bytes; LSH banding over the signatures proposes candidate
pairs without comparing all pairs; the estimate prunes candidates and the exact Jaccard of the shingle
sets confirms them. Groups are led by their canonical member, the earliest post by date then path: a
post joins the group of the most similar earlier leader at or above the threshold, else leads its own.

Signatures are computed where the text is made (collect's workers); grouping runs once every post has
been read and needs the texts of candidate posts only, so memory is bounded by the signatures.
Everything is seeded and ordered by (date, path): the groups do not depend on file order or workers.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import shutil
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pyarrow as pa
import rensa

from archiver.errors import counted, printable
from archiver.processes import in_order
from archiver.tables import POSTS, ShardWriter, row_digest

SHINGLE = 5  # characters per shingle: long enough that Chinese shingles are specific, short enough to survive edits
NUM_PERM = 128
SEED = 1_302_013  # fixed: signatures, and so candidates, are the same on every run and machine
MIN_CHARS = 50  # letters and digits; shorter texts (captions, stubs) are never grouped
DEFAULT_THRESHOLD = 0.8
# Candidates whose MinHash estimate is this far below the threshold are dropped before the exact
# comparison: four standard deviations of a 128-permutation estimate near 0.8.
ESTIMATE_MARGIN = 0.15
RECALL_AT_THRESHOLD = 0.995
# How far below the threshold the Jaccard of a truncated copy may fall (see near_duplicate).
TRUNCATION_ALLOWANCE = 0.15

_NOT_WORD = re.compile(r"[\W_]+")
_MULTIPLIER = np.uint64(0x100000001B3)  # FNV-64 prime, as the polynomial base of the rolling shingle hash


# Texts at least this long drop their punctuation through the table below, not the regex: a text of a
# few thousand characters holds hundreds of punctuation marks, each a piece that the regex's substitution
# copies and joins (half the sketch's time); the table's one gather is a few times faster.
_TABLE_MIN_CHARS = 64
_TABLE_CODES = 0x30000  # planes 0–2 (BMP, emoji, CJK extensions B–F); a text with a code point above uses the regex


@functools.cache
def _word_table() -> np.ndarray:
    """For each code point below _TABLE_CODES, whether `_NOT_WORD` keeps it: asked of the regex engine itself,
    once a process (a few milliseconds), so the table is the pattern's own answer on this Python."""
    every = np.arange(_TABLE_CODES, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(_TABLE_CODES, dtype=bool)
    kept = _NOT_WORD.sub("", every).encode("utf-32-le", "surrogatepass")
    table[np.frombuffer(kept, dtype=np.uint32)] = True
    return table


def _letters_and_digits(text: str) -> str:
    """`_NOT_WORD.sub("", text)`, by table lookup for a long text."""
    if len(text) < _TABLE_MIN_CHARS:
        return _NOT_WORD.sub("", text)
    # surrogatepass: a lone surrogate left by a bad decode is a code point like any other (not a word character)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() >= _TABLE_CODES:
        return _NOT_WORD.sub("", text)
    return codes[_word_table()[codes]].tobytes().decode("utf-32-le", "surrogatepass")


def normalize(text: str) -> str:
    """The text as compared: letters and digits only, NFKC (full-width → half-width), case folded.

    Punctuation and spacing go first: what is left of a Chinese text is then usually NFKC already,
    which a quick check sees, and the costly normalization (two thirds of the time) is skipped.
    """
    kept = _letters_and_digits(text)
    if not unicodedata.is_normalized("NFKC", kept):
        kept = _NOT_WORD.sub("", unicodedata.normalize("NFKC", kept))  # e.g. ⑴ → (1)
    return kept.casefold()


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the normalized text's 5-character shingles (empty if it is too short).

    Hashed with numpy over the code points at once, a few times faster than a Python set of substrings;
    64-bit hashes make the Jaccard of two hash sets the Jaccard of the shingle sets (collisions ~2⁻⁶⁴).
    """
    return np.unique(_shingle_values(normalize(text)))


def _shingle_values(normalized: str) -> np.ndarray:
    """Every shingle's hash in text order, repeats included: MinHash takes minimums, which repeats do not
    change, so the signatures skip the sort that distinct values cost (a third of sketching)."""
    if len(normalized) < MIN_CHARS:
        return np.empty(0, dtype=np.uint64)
    # surrogatepass: a lone surrogate left by a bad decode must cost a shingle, not the collect
    codes = np.frombuffer(normalized.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):
        hashes = hashes * _MULTIPLIER + codes[offset : offset + count]
    # splitmix64's finalizer spreads the polynomial's bits, so that MinHash sees uniform values
    hashes ^= hashes >> np.uint64(30)
    hashes *= np.uint64(0xBF58476D1CE4E5B9)
    hashes ^= hashes >> np.uint64(27)
    hashes *= np.uint64(0x94D049BB133111EB)
    hashes ^= hashes >> np.uint64(31)
    return hashes


@dataclass
class Sketches:
    """What a worker computes per post: its MinHash signature and a 64-bit key of its normalized text
    (0 when the text is too short to be grouped); identical keys are identical texts, no shingles needed."""

    signatures: np.ndarray  # (posts × NUM_PERM) uint32
    keys: np.ndarray  # (posts,) uint64

    @property
    def eligible(self) -> np.ndarray:
        return self.keys != 0


def signatures(texts: Sequence[str]) -> Sketches:
    """The sketches of some posts' texts (one rensa call for all)."""
    normalized = [normalize(text) for text in texts]
    keys = np.array([_text_key(n) if len(n) >= MIN_CHARS else 0 for n in normalized], dtype=np.uint64)
    return Sketches(sketch([_shingle_values(n) for n in normalized]), keys)


def _text_key(normalized: str) -> int:
    digest = hashlib.blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


def sketch(sets: Sequence[np.ndarray]) -> np.ndarray:
    """MinHash signatures of shingle-hash sets, one rensa call for all (an empty set gives all 2³²−1)."""
    if not len(sets):
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    offsets = np.zeros(len(sets) + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum([len(s) for s in sets])
    flat = np.concatenate(sets) if offsets[-1] else np.empty(0, dtype=np.uint64)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
    return np.array(matrix.to_rows(), dtype=np.uint32).reshape(len(sets), NUM_PERM)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted distinct hash arrays."""
    return overlap(a, b)[0]


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two sorted distinct hash arrays."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))


def near_duplicate(a: np.ndarray, b: np.ndarray, threshold: float) -> float | None:
    """The Jaccard similarity of two posts' shingle sets when they are near-duplicates, else None.

    Near-duplicates: Jaccard ≥ threshold; or, for a copy whose ending was cut, the shorter text lies
    within the longer (containment ≥ threshold) and Jaccard ≥ threshold − TRUNCATION_ALLOWANCE. Jaccard
    alone would part a copy cut by a fifth (Jaccard 0.8 at best) from its original; an excerpt, or an
    article that quotes another, stays far below the lowered Jaccard.
    """
    similarity, contained = overlap(a, b)
    if similarity >= threshold or (contained >= threshold and similarity >= threshold - TRUNCATION_ALLOWANCE):
        return similarity
    return None


@functools.cache
def lsh_parameters(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) for LSH: the fewest false candidates below `threshold` among the banding
    schemes that make a pair at the threshold a candidate with probability ≥ RECALL_AT_THRESHOLD
    (every candidate is confirmed exactly, but a pair LSH misses is lost)."""
    xs = np.linspace(0.0, threshold, 101)
    best: tuple[float, int, int] = (float("inf"), num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands < RECALL_AT_THRESHOLD:
            continue
        false_area = float(np.trapezoid(1 - (1 - xs**rows) ** bands, xs))
        if false_area < best[0]:
            best = (false_area, bands, rows)
    return best[1], best[2]


def settings(threshold: float) -> dict[str, Any]:
    """What decides the groups, as the manifest records it."""
    bands, rows = lsh_parameters(round(max(threshold - TRUNCATION_ALLOWANCE, 0.01), 4))
    return {
        "method": "minhash-lsh candidates; exact jaccard >= threshold, or containment >= threshold"
        " and jaccard >= threshold - truncation_allowance",
        "text": "posts.text: letters and digits only, NFKC, casefolded",
        "shingle_chars": SHINGLE,
        "num_perm": NUM_PERM,
        "seed": SEED,
        "bands": bands,
        "rows_per_band": rows,
        "threshold": threshold,
        "truncation_allowance": TRUNCATION_ALLOWANCE,
        "min_chars": MIN_CHARS,
        "library": f"rensa {package_version('rensa')}",
    }


@dataclass
class Groups:
    """Each post's canonical member and its Jaccard similarity to it, by post index."""

    canonical: list[int]
    similarity: list[float]
    candidate_pairs: int = 0
    compared_pairs: int = 0

    def summary(self) -> dict[str, int]:
        """Posts that are a near-duplicate of an earlier one, the groups, and the distinct articles left."""
        near = sum(1 for index, leader in enumerate(self.canonical) if leader != index)
        return {
            "near_duplicates": near,
            "groups": len({leader for index, leader in enumerate(self.canonical) if leader != index}),
            "distinct_articles": len(self.canonical) - near,
        }

    def members(self) -> dict[int, list[int]]:
        """Groups of two or more posts: canonical index → member indices (canonical first)."""
        groups: dict[int, list[int]] = {}
        for index, leader in enumerate(self.canonical):
            if leader != index:
                groups.setdefault(leader, [leader]).append(index)
        return groups


@dataclass
class Grouper:
    """Collects (post_id, path, date, signature) as posts stream by; `group()` runs once all are in."""

    threshold: float = DEFAULT_THRESHOLD
    post_ids: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    dates: list[datetime | None] = field(default_factory=list)
    _signatures: list[np.ndarray] = field(default_factory=list)
    _keys: list[np.ndarray] = field(default_factory=list)

    def add(
        self, post_ids: Sequence[str], paths: Sequence[str], dates: Sequence[datetime | None], sketches: Sketches
    ) -> None:
        self.post_ids += post_ids
        self.paths += paths
        self.dates += dates
        self._signatures.append(sketches.signatures)
        self._keys.append(sketches.keys)

    def __len__(self) -> int:
        return len(self.post_ids)

    def group(self, texts: Callable[[Iterable[int]], dict[int, str]]) -> Groups:
        """Group the posts; `texts(indices)` gives the text of the candidate posts that need an exact check."""
        count = len(self.post_ids)
        sigs = np.concatenate(self._signatures) if self._signatures else np.empty((0, NUM_PERM), np.uint32)
        keys = np.concatenate(self._keys) if self._keys else np.empty(0, np.uint64)
        ok = keys != 0
        # Rank by (date, path): undated posts last. Every later step walks posts in this order.
        order = sorted(
            range(count), key=lambda i: (self.dates[i] is None, self.dates[i] or datetime.min, self.paths[i])
        )
        rank = np.empty(count, dtype=np.int64)
        rank[order] = np.arange(count)
        parent = list(range(count))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        lowest = max(self.threshold - TRUNCATION_ALLOWANCE, 0.01)  # the lowest Jaccard that can still group
        bands, rows = lsh_parameters(round(lowest, 4))
        floor = lowest - ESTIMATE_MARGIN
        candidates = 0
        ordered = np.array(order, dtype=np.int64)
        ordered = ordered[ok[ordered]] if count else ordered
        for band in range(bands):
            block = np.ascontiguousarray(sigs[ordered, band * rows : (band + 1) * rows])
            band_keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
            sort = np.argsort(band_keys, kind="stable")  # stable: ties keep the (date, path) order
            sorted_keys = band_keys[sort]
            starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
            ends = np.r_[starts[1:], len(sorted_keys)]
            for start, end in zip(starts, ends, strict=True):
                if end - start < 2:
                    continue
                bucket = list(ordered[sort[start:end]])
                candidates += len(bucket) - 1
                if len({find(i) for i in bucket}) == 1:
                    continue  # joined already, by an earlier band: the usual case for a group of copies
                # Pivot on the earliest post; those it does not resemble try the next pivot among themselves.
                while len(bucket) > 1:
                    pivot, rest = bucket[0], bucket[1:]
                    estimates = (sigs[rest] == sigs[pivot]).mean(axis=1)
                    left = []
                    for other, estimate in zip(rest, estimates, strict=True):
                        if estimate >= floor:
                            root_a, root_b = find(pivot), find(other)
                            if root_a != root_b:
                                parent[max(root_a, root_b, key=lambda r: rank[r])] = min(
                                    root_a, root_b, key=lambda r: rank[r]
                                )
                        else:
                            left.append(other)
                    bucket = left
        components: dict[int, list[int]] = {}
        for i in order:
            components.setdefault(find(i), []).append(i)  # each component's members in (date, path) order
        canonical = list(range(count))
        similarity = [1.0] * count
        compared = 0
        # One component at a time: only its texts are read and shingled, so memory is bounded by the
        # largest component, not by how many posts have a near-duplicate.
        for members in components.values():
            if len(members) < 2:
                continue
            hashes: dict[int, np.ndarray] = {}

            def shingles(i: int, hashes: dict[int, np.ndarray] = hashes) -> np.ndarray:
                # A text is read only when it must be shingled: exact copies (equal keys) never are.
                if i not in hashes:
                    hashes[i] = shingle_hashes(texts([i])[i])
                return hashes[i]

            leaders: list[int] = []
            for member in members:
                best, best_score = None, 0.0
                for leader in leaders:
                    if keys[member] == keys[leader]:  # the same normalized text: nothing to shingle
                        score: float | None = 1.0
                    elif (sigs[member] == sigs[leader]).mean() < floor:
                        continue
                    else:
                        compared += 1
                        score = near_duplicate(shingles(member), shingles(leader), self.threshold)
                    if score is not None and (best is None or score > best_score):
                        best, best_score = leader, score
                        if score == 1.0:
                            break
                if best is None:
                    leaders.append(member)
                else:
                    canonical[member] = best
                    similarity[member] = round(best_score, 4)
        return Groups(canonical, similarity, candidate_pairs=candidates, compared_pairs=compared)


def chunk_file(folder: Path, number: int, table: str) -> Path:
    """Where chunk `number`'s batch of `table` waits in a spool folder."""
    return folder / f"{number:08d}.{table}.arrow"


def write_arrow(path: Path, batch: pa.RecordBatch) -> None:
    """One record batch as an uncompressed Arrow IPC file (how chunks cross processes and wait in the spool)."""
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, batch.schema) as writer:
        writer.write_batch(batch)


def read_arrow(path: Path, options: pa.ipc.IpcReadOptions | None = None) -> pa.RecordBatch:
    """The batch of write_arrow's file, memory-mapped: its buffers are the file's pages, no copy is made,
    and the file may be removed at once (the mapping lives as long as the batch)."""
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source, options=options).get_batch(0)


class PostsSpool:
    """Holds collect's posts batches until the groups are known, then writes them with their group filled in.

    Each chunk's posts batch waits in an uncompressed Arrow IPC file of its own in `folder` (a worker
    writes it there itself, so the posts never pass through this process until they are written), and
    only signatures stay in memory. Files are read back memory-mapped (no copy; the pages are the page
    cache's); the exact check reads only the `text` column of a file.
    The second pass writes the same batches in the same order, so shards are cut as they would have been.
    Each row's digest was taken by the worker with the post as its own group; it is taken again only
    for rows that joined a group.
    """

    def __init__(self, folder: Path, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.folder = folder
        self.grouper = Grouper(threshold)
        self._digests: list[list[bytes]] = []
        self._starts: list[int] = []
        self._files: list[Path] = []
        # The text columns last read, memory-mapped: a group's members are often in a few nearby chunks.
        self._columns: OrderedDict[int, pa.Array] = OrderedDict()
        shutil.rmtree(folder, ignore_errors=True)  # left by an interrupted run
        folder.mkdir(parents=True)

    def add(self, index: PostsIndex, digests: list[bytes], sketches: Sketches, batch: pa.RecordBatch | None) -> None:
        """The next chunk's posts: `batch`, or (None) the batch a worker already wrote to its chunk_file."""
        number = len(self._files)
        path = chunk_file(self.folder, number, "posts")
        if batch is not None:
            write_arrow(path, batch)
        self._files.append(path)
        self._starts.append(len(self.grouper))
        self._digests.append(digests)
        self.grouper.add(index.post_ids, index.paths, index.dates, sketches)

    def finish(
        self, writer: ShardWriter, pool: Executor | None = None, digests: RegroupedDigests | None = None
    ) -> Groups:
        """Group the posts and stream them, with `duplicate_group` and `duplicate_similarity`, into `writer`.

        The rows that joined a group have their digests taken again, on the pool's workers when there is
        a pool; with `digests` (the reading cache's), those known from an earlier run are not, and a
        chunk all of whose rows are known never leaves this process. The group columns are set here.
        """
        groups = self.grouper.group(self._texts)
        self._columns.clear()
        ids = self.grouper.post_ids
        plans = []
        for number, start in enumerate(self._starts):
            stop = start + len(self._digests[number])
            joined = [i - start for i in range(start, stop) if groups.canonical[i] != i]
            canonical = [ids[groups.canonical[i]] for i in range(start, stop)]
            similarity = groups.similarity[start:stop]
            keys = [regroup_key(self._digests[number][i], canonical[i], similarity[i]) for i in joined]
            plans.append((joined, canonical, similarity, keys))
        known = digests.get([key for *_, keys in plans for key in keys]) if digests is not None else {}

        def calls() -> Iterator[tuple[Callable[..., Any] | None, tuple[Any, ...]]]:
            for number, (joined, canonical, similarity, keys) in enumerate(plans):
                if all(key in known for key in keys):  # nothing to take again: no round trip to a worker
                    yield None, ([known[key] for key in keys],)
                else:
                    yield regrouped_digests, (self._files[number], canonical, similarity, joined)

        learnt: dict[bytes, bytes] = {}
        for number, new in enumerate(in_order(pool, calls())):
            joined, canonical, similarity, keys = plans[number]
            batch = read_arrow(self._files[number])
            chunk_digests = self._digests[number]
            if joined:
                batch = with_groups(batch, canonical, similarity)
                chunk_digests = list(chunk_digests)
                for offset, key, digest in zip(joined, keys, new, strict=True):
                    chunk_digests[offset] = digest
                    if key not in known:
                        learnt[key] = digest
            writer.write_batch(batch, chunk_digests)
            self._files[number].unlink()
        if digests is not None:
            digests.put(learnt)
        return groups

    def _texts(self, indices: Iterable[int]) -> dict[int, str]:
        texts: dict[int, str] = {}
        columns = self._columns
        for index in indices:
            number = bisect.bisect_right(self._starts, index) - 1
            if number in columns:
                columns.move_to_end(number)
            else:
                columns[number] = read_arrow(self._files[number], _ONLY_TEXT).column(0)
                if len(columns) > OPEN_TEXT_COLUMNS:
                    columns.popitem(last=False)
            texts[index] = columns[number][index - self._starts[number]].as_py()
        return texts

    def close(self) -> None:
        """Remove the spool folder and whatever waits in it (also after a failure)."""
        shutil.rmtree(self.folder, ignore_errors=True)


class RegroupedDigests(Protocol):
    """Digests of rows that joined a group, kept from run to run by regroup_key (archiver.cache)."""

    def get(self, keys: list[bytes]) -> dict[bytes, bytes]: ...

    def put(self, digests: dict[bytes, bytes]) -> None: ...


def regroup_key(digest: bytes, canonical: str, similarity: float) -> bytes:
    """What decides the digest of a row that joined a group: its digest alone, and its group."""
    return hashlib.sha256(digest + canonical.encode() + b"\0" + repr(similarity).encode()).digest()


def with_groups(batch: pa.RecordBatch, canonical: list[str], similarity: list[float]) -> pa.RecordBatch:
    """A posts batch with its group columns set."""
    columns = batch.columns
    columns[POSTS.get_field_index("duplicate_group")] = pa.array(canonical, pa.string())
    columns[POSTS.get_field_index("duplicate_similarity")] = pa.array(similarity, pa.float64())
    return pa.RecordBatch.from_arrays(columns, schema=POSTS)


def regrouped_digests(path: Path, canonical: list[str], similarity: list[float], joined: list[int]) -> list[bytes]:
    """The digests of a spooled chunk's `joined` rows with their group set (a worker's task)."""
    batch = read_arrow(path).take(pa.array(joined, pa.int64()))
    picked = [canonical[i] for i in joined], [similarity[i] for i in joined]
    rows = with_groups(batch, *picked).drop_columns(["raw"]).to_pylist()  # `raw` is never part of a digest
    return [row_digest(row) for row in rows]


OPEN_TEXT_COLUMNS = 64  # chunks' text columns kept mapped while grouping: bounded, whatever the archive
_ONLY_TEXT = pa.ipc.IpcReadOptions(included_fields=[POSTS.get_field_index("text")])


@dataclass
class PostsIndex:
    """What grouping needs of a chunk's posts, without their bytes: ids, paths, dates and content hashes."""

    post_ids: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    dates: list[datetime | None] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)


def release_groups(folder: Path) -> tuple[list[dict[str, Any]], int]:
    """The near-duplicate groups of a release (or collect output) folder, largest first, and its post count.

    Each group: its canonical post_id, size, and posts (canonical first, then by date and path) with
    path, title, date and similarity to the canonical post.
    """
    from archiver.release.reading import column_names, rows, shards

    columns = ["post_id", "path", "title", "date", "duplicate_group", "duplicate_similarity"]
    first = shards(folder, "posts")[:1]
    if first and "date_local" in column_names(first[0]):  # the day shown, as `show` and `stats` show it
        columns.append("date_local")
    members: dict[str, list[dict[str, Any]]] = {}
    total = 0
    for row in rows(folder, "posts", columns):
        total += 1
        members.setdefault(row["duplicate_group"], []).append(row)
    groups = []
    for canonical, posts in members.items():
        if len(posts) < 2:
            continue
        posts.sort(key=lambda p: (p["post_id"] != canonical, p["date"] is None, p["date"] or datetime.min, p["path"]))
        listed = [
            {
                "post_id": p["post_id"],
                "path": p["path"],
                "title": p["title"],
                "date": _iso(p["date"]),
                **({"date_local": _iso(p["date_local"])} if "date_local" in p else {}),
                "similarity": p["duplicate_similarity"],
            }
            for p in posts
        ]
        groups.append({"canonical": canonical, "size": len(posts), "posts": listed})
    groups.sort(
        key=lambda g: (-g["size"], g["posts"][0]["date"] is None, g["posts"][0]["date"] or "", g["posts"][0]["path"])
    )
    return groups, total


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def render_groups(groups: list[dict[str, Any]], total: int) -> str:
    """The groups for a person: a count line, then each group with similarity, date, path and title."""
    near = sum(group["size"] - 1 for group in groups)
    lines = [
        f"{counted(len(groups), 'group')}, {counted(near, 'near-duplicate post')}: "
        f"{counted(total - near, 'distinct article')} in {counted(total, 'post')}"
    ]
    for number, group in enumerate(groups, 1):
        lines.append(f"group {number}: {group['size']} posts")  # a group holds two posts at least
        for post in group["posts"]:
            # the post's calendar day in the site's timezone; a release without `date_local`: the UTC day
            date = (post.get("date_local") or post["date"] or "no date")[:10]
            lines.append(f"  {post['similarity']:.3f}  {date:10}  {post['path']}  {post['title'] or ''}".rstrip())
    # Paths and titles may hold control characters: escaped as in every message, never sent to the terminal.
    return "\n".join(map(printable, lines)) + "\n"
