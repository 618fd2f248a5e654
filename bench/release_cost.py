"""What a release costs against reading and hashing every raw byte once — ratios measured in one run.

usage: python bench/release_cost.py [--copies N] [--image-kb K] [--corpus DIR]

Builds a scratch archive by replicating the development corpus (../shared/corpus/terminus-dev, or
invented posts when it is absent) N times, each post with one present image of K kB, then times:
  baseline  read every raw file once and sha256 it (one process: the floor for any release)
  collect   archiver collect (all cores)
  release   archiver release (collect + documents + hashes + bag + tarball)
and prints each as a ratio to the baseline, with peak memory of the release process.
Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "terminus-dev"


def build_archive(root: Path, corpus: Path, copies: int, image_kb: int) -> int:
    posts = sorted(corpus.glob("_posts/*.md")) if corpus.is_dir() else []
    sources = [p.read_bytes() for p in posts] or [
        f"---\ntitle: 第{i}篇\ndate: 2020-01-01\n---\n来源：微信公众号「示例{i}」\n\n正文。\n".encode() * 1
        for i in range(100)
    ]
    (root / "_posts").mkdir(parents=True)
    (root / "postimg").mkdir()
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\n")
    count = 0
    for copy in range(copies):
        for index, data in enumerate(sources):
            name = f"img-{copy}-{index}.jpg"
            # Random bytes behind a JPEG header: as incompressible as a real photo.
            (root / "postimg" / name).write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(image_kb * 1024))
            body = data + f"\n![]({{{{site.baseurl}}}}/postimg/{name})\n".encode()
            (root / "_posts" / f"2020-01-01-c{copy}-{index}.md").write_bytes(body)
            count += 1
    return count


def read_and_hash(root: Path) -> int:
    total = 0
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
                    total += len(chunk)
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (MB) of one command and the workers it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return elapsed, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--image-kb", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archiver-bench-") as scratch:
        work = Path(scratch)
        posts = build_archive(work / "raw", args.corpus, args.copies, args.image_kb)
        start = time.perf_counter()
        size = read_and_hash(work / "raw")
        baseline = time.perf_counter() - start
        archiver = [sys.executable, "-m", "archiver"]
        collect_s, collect_mb = timed([*archiver, "collect", "--raw", "raw", "--out", "out"], work)
        release_s, release_mb = timed(
            [*archiver, "release", "--raw", "raw", "--dist", "dist", "--version", "1.0.0"], work
        )
        one_s, _ = timed([*archiver, "collect", "--raw", "raw", "--out", "out1", "--workers", "1"], work)
        print(f"archive   {posts} posts, {size / 1e6:.0f} MB, {os.cpu_count()} cores")
        print(f"baseline  {baseline:6.2f} s  read + sha256 every raw byte once       ratio 1.00")
        print(
            f"collect   {collect_s:6.2f} s  peak {collect_mb:5d} MB (memory/archive {collect_mb / (size / 1e6):.2f})"
            f"  ratio {collect_s / baseline:.2f}"
        )
        print(f"release   {release_s:6.2f} s  peak {release_mb:5d} MB{'':26s}ratio {release_s / baseline:.2f}")
        print(f"1 worker  {one_s:6.2f} s  speed-up of all cores over one: {one_s / collect_s:.2f}")


if __name__ == "__main__":
    main()
