"""What near-duplicate grouping adds to a release: CPU per post on one core, and as a share of the release.

usage: python bench/duplicates_cost.py [--copies N] [--corpus DIR] [--no-release]

1. Per post, on one core (process CPU time), over the corpus's texts as collect makes them:
   shingling (normalize + 5-character shingle hashes), the MinHash sketch, LSH grouping; and, for
   the choice of library, the same sketch by datasketch (if installed) and by rensa from string
   shingles, and shingles as a plain Python set of substrings.
2. On the corpus replicated N times as bench/release_cost.py does (204 copies ≈ 24,600 posts, each
   post with 203 exact copies: the worst case for group sizes): a cold `archiver release` on one
   worker (CPU time of it and its children), and what grouping adds to it — signatures, grouping,
   and the spool (posts written aside and read back once) against writing the posts directly.
Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from release_cost import DEFAULT_CORPUS, build_archive  # noqa: E402

from archiver import duplicates  # noqa: E402
from archiver.collect import CHUNK  # noqa: E402
from archiver.tables import ShardWriter  # noqa: E402


def cpu(function, *args, repeat: int = 3) -> tuple[float, object]:
    """Best process CPU seconds of `repeat` runs (one core: everything here runs in this process)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = function(*args)
        best = min(best, time.process_time() - start)
    return best, result


def per_post(texts: list[str], dates: list, paths: list[str]) -> None:
    n = len(texts)
    print(f"per post, one core, {n} posts (mean {sum(map(len, texts)) / n:.0f} characters):")
    shingling, hashes = cpu(lambda: [duplicates.shingle_hashes(t) for t in texts])
    sketching, _ = cpu(lambda: duplicates.sketch(hashes))
    sketches = duplicates.signatures(texts)

    def group():
        grouper = duplicates.Grouper()
        grouper.add([str(i) for i in range(n)], paths, dates, sketches)
        return grouper.group(lambda indices: {i: texts[i] for i in indices})

    grouping, _ = cpu(group)
    rows = [
        ("shingling (normalize + numpy shingle hashes)", shingling),
        ("MinHash sketch, rensa (from the hashes)", sketching),
        ("LSH banding + exact confirmation", grouping),
        ("total: shingling + sketch + LSH", shingling + sketching + grouping),
    ]
    for label, seconds in rows:
        print(f"  {label:48s}{seconds / n * 1000:8.3f} ms")
    print("  alternatives:")
    string_sets, sets = cpu(
        lambda: [
            {s[i : i + duplicates.SHINGLE] for i in range(len(s) - duplicates.SHINGLE + 1)}
            for s in map(duplicates.normalize, texts)
        ]
    )
    print(f"  {'shingles as a Python set of substrings':48s}{string_sets / n * 1000:8.3f} ms")
    try:
        import rensa

        def rensa_strings():
            for shingles in sets:
                m = rensa.RMinHash(duplicates.NUM_PERM, duplicates.SEED)
                m.update(list(shingles))
                m.digest()

        seconds, _ = cpu(rensa_strings)
        print(f"  {'rensa RMinHash.update on string shingles':48s}{seconds / n * 1000:8.3f} ms")
    except ImportError:
        pass
    try:
        import datasketch

        def datasketch_sketch():
            for shingles in sets:
                m = datasketch.MinHash(num_perm=duplicates.NUM_PERM, seed=duplicates.SEED)
                m.update_batch([s.encode() for s in shingles])

        seconds, _ = cpu(datasketch_sketch, repeat=1)
        print(f"  {'datasketch MinHash.update_batch (128 perm)':48s}{seconds / n * 1000:8.3f} ms")
    except ImportError:
        print("  datasketch: not installed (pip install datasketch to compare)")


def release_share(copies: int, corpus: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="dup-bench-") as scratch:
        root = Path(scratch)
        posts = build_archive(root / "raw", corpus, copies, 1)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(HERE.parent)}
        command = [sys.executable, "-m", "archiver", "release", "--raw", "raw", "--dist", "dist"]
        command += ["--workers", "1", "--no-cache", "--version", "1.0.0", "--name", "bench"]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise SystemExit("release failed")
        wall = time.perf_counter() - start
        release_cpu = usage.ru_utime + usage.ru_stime
        print(f"\nreplicated archive: {posts} posts ({copies} copies of the corpus)")
        print(
            f"  release, 1 worker, cold: {release_cpu:.1f} s CPU ({wall:.1f} s wall), peak {usage.ru_maxrss // 1024} MB"
        )
        folder = root / "dist" / "bench-1.0.0" / "data" / "posts"
        table = pq.read_table(folder)
        texts = table.column("text").to_pylist()

        def sign() -> duplicates.Sketches:  # a chunk at a time, as collect's workers do
            parts = [duplicates.signatures(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
            return duplicates.Sketches(
                np.concatenate([p.signatures for p in parts]), np.concatenate([p.keys for p in parts])
            )

        sig_cpu, sketches = cpu(sign, repeat=1)
        ids, paths, dates = (table.column(c).to_pylist() for c in ("post_id", "path", "date"))

        def group():
            grouper = duplicates.Grouper()
            grouper.add(ids, paths, dates, sketches)
            return grouper.group(lambda indices: {i: texts[i] for i in indices})

        group_cpu, _ = cpu(group, repeat=1)
        batches = table.to_batches(max_chunksize=16)
        digests = [[b"\0" * 32] * b.num_rows for b in batches]
        starts = np.cumsum([0] + [b.num_rows for b in batches])

        def direct():
            writer = ShardWriter(root / "direct", "posts")
            for batch, digest in zip(batches, digests, strict=True):
                writer.write_batch(batch, digest)
            writer.close()

        def spooled():
            writer = ShardWriter(root / "spooled", "posts")
            spool = duplicates.PostsSpool(root / "spool.arrow")
            for number, (batch, digest) in enumerate(zip(batches, digests, strict=True)):
                span = slice(starts[number], starts[number + 1])
                spool.write_batch(batch, digest, duplicates.Sketches(sketches.signatures[span], sketches.keys[span]))
            groups = spool.finish(writer)
            spool.close()
            writer.close()
            return groups

        direct_cpu, _ = cpu(direct, repeat=1)
        spooled_cpu, groups = cpu(spooled, repeat=1)
        spool_cpu = spooled_cpu - direct_cpu - group_cpu
        added = sig_cpu + spooled_cpu - direct_cpu
        found = groups.summary()
        print(f"  groups found: {found['groups']}, near-duplicates {found['near_duplicates']}")
        for label, seconds in [
            ("signatures (shingling + sketch)", sig_cpu),
            ("LSH + exact confirmation", group_cpu),
            ("shingling + sketch + LSH", sig_cpu + group_cpu),
            ("spool: posts set aside, read back, digests", spool_cpu),
            ("added in all", added),
        ]:
            print(f"  {label:44s}{seconds:7.1f} s  {seconds / posts * 1000:6.3f} ms/post")
        print(f"  added in all = {added / release_cpu:.1%} of the release's CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=204)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-release", action="store_true", help="only the per-post figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dup-bench-") as scratch:
        out = Path(scratch) / "out"
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        command = [sys.executable, "-m", "archiver", "collect", "--raw", str(args.corpus), "--out", str(out)]
        subprocess.run(command + ["--no-cache"], check=True, env=env, stdout=subprocess.DEVNULL)
        table = pq.read_table(out / "data" / "posts", columns=["text", "date", "path"])
    per_post(table.column("text").to_pylist(), table.column("date").to_pylist(), table.column("path").to_pylist())
    if not args.no_release:
        release_share(args.copies, args.corpus)


if __name__ == "__main__":
    main()
