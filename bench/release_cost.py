"""What a release costs against reading and hashing every raw byte once — ratios measured in one run.

usage: python bench/release_cost.py [--copies N] [--image-kb K] [--corpus DIR] [--no-double]

Builds a scratch archive by replicating the development corpus (../shared/corpus/terminus-dev, or
invented posts when it is absent) N times, each post with one present image of K kB, then times:
  floor      read every raw file once and sha256 it (one process: the floor for any release)
  naive      bench/naive_release.py: python-frontmatter + pandas.to_parquet of title/date/body
  collect    archiver collect on 1 worker and on 2 (cold: --no-cache), and their speed-up; and the same for
             the reading pass alone (up to the last file read, before grouping and writing the posts)
  release    archiver release from cold (--no-cache), with peak memory
  first      the same filling the reading cache, as a first release with the default --cache does
  re-release the next version after 1% of the posts changed, with the reading cache of the release before
  re-release+ the version after that, once 1% more posts were added among the others
  2N         peak memory of a release of the archive doubled (skipped with --no-double)
and prints each as a ratio to the floor, the naive script and the full release; then the per-post
CPU cost of each reading stage on one core (bench/reading_cost.py), against the 0.5 ms budget.
Nothing is written outside a temporary folder. (204 copies of the 120-post corpus are about 24,600 posts.)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
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


# Timed commands run as an installed package runs: Python caches compiled bytecode (a sandbox may
# turn that off with PYTHONDONTWRITEBYTECODE, which would charge every run for compiling the code).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall time, peak resident memory (MB) and CPU time (user + system, its workers included) of one
    command. CPU time is what a shared machine's other work inflates least: compare both."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, usage.ru_maxrss // 1024, cpu


def change_one_percent(raw: Path) -> int:
    """Edit every hundredth post (an added line at the end), as a weekly batch of corrections would."""
    posts = sorted((raw / "_posts").glob("*.md"))[::100]
    for path in posts:
        path.write_bytes(path.read_bytes() + "\n补记：本文已核对。\n".encode())
    return len(posts)


# The reading stage alone: collect through the Python API, timed from its start to the last chunk read
# (the progress callback's last call), before grouping and the second pass write the posts.
READING_PASS = """
import sys, time
from pathlib import Path
from archiver.collect import collect
start = time.perf_counter()
ends = []
collect(Path(sys.argv[1]), Path(sys.argv[2]), workers=int(sys.argv[3]),
        progress=lambda done, total: ends.append(time.perf_counter()) if done == total else None)
print(ends[-1] - start)
"""


def reading_pass(work: Path, workers: int) -> float:
    """Seconds from the start of a cold collect to the end of its reading pass, on `workers` workers."""
    command = [sys.executable, "-c", READING_PASS, "raw", f"reading-{workers}", str(workers)]
    done = subprocess.run(command, cwd=work, env=ENVIRONMENT, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def add_one_percent(raw: Path) -> int:
    """Add a post for every hundredth one, spread through the archive (named to sort among the others),
    as a weekly batch of additions would."""
    posts = sorted((raw / "_posts").glob("*.md"))[50::100]
    for path in posts:
        added = path.with_name(path.stem + "-added.md")
        added.write_bytes(path.read_bytes() + "\n补记：新收录的一篇。\n".encode())
    return len(posts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--image-kb", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-double", action="store_true", help="skip the release of the doubled archive")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archiver-bench-") as scratch:
        run(Path(scratch), args)


def run(work: Path, args: argparse.Namespace) -> None:
    archiver = [sys.executable, "-m", "archiver"]
    posts = build_archive(work / "raw", args.corpus, args.copies, args.image_kb)
    # Untimed first runs: bytecode compiled and cached, and file pages read, before any timed run.
    build_archive(work / "tiny", args.corpus, 1, 1)
    timed([sys.executable, str(HERE / "naive_release.py"), "tiny", "tiny.parquet"], work)
    timed([*archiver, "release", "--raw", "tiny", "--dist", "tiny-dist", "--no-cache", "-q"], work)
    read_and_hash(work / "raw")
    start, start_cpu = time.perf_counter(), time.process_time()
    size = read_and_hash(work / "raw")
    floor = (time.perf_counter() - start, 0, time.process_time() - start_cpu)
    naive = timed([sys.executable, str(HERE / "naive_release.py"), "raw", "naive.parquet"], work)
    one = timed([*archiver, "collect", "--raw", "raw", "--out", "c1", "--workers", "1", "--no-cache"], work)
    two = timed([*archiver, "collect", "--raw", "raw", "--out", "c2", "--workers", "2", "--no-cache"], work)
    reading_one, reading_two = reading_pass(work, 1), reading_pass(work, 2)
    release = [*archiver, "release", "--raw", "raw", "--dist", "dist", "--cache", "cache"]
    cold = timed([*release[:-2], "--no-cache", "--version", "1.0.0"], work)
    filling = timed([*release, "--version", "1.0.1"], work)  # fills the cache, as a first release does
    changed = change_one_percent(work / "raw")
    warm = timed([*release, "--version", "1.0.2"], work)
    added = add_one_percent(work / "raw")
    grown = timed([*release, "--version", "1.0.3"], work)
    rows = [
        ("floor", floor, "read + sha256 every raw byte once"),
        ("naive", naive, "python-frontmatter + pandas.to_parquet"),
        ("collect 1w", one, "one worker, cold"),
        ("collect 2w", two, f"two workers, cold: {one[0] / two[0]:.2f}x faster than one"),
        ("release", cold, f"cold, peak {cold[1]} MB"),
        ("first", filling, "cold, filling the reading cache (a first release with the default --cache)"),
        ("re-release", warm, f"{changed} posts changed (1%), warm cache, peak {warm[1]} MB"),
        ("re-release+", grown, f"then {added} posts added (1%), warm cache"),
    ]
    print(f"archive     {posts} posts, {size / 1e6:.0f} MB, {os.cpu_count()} cores")
    print(
        f"reading     the reading pass alone (collect up to its last chunk read): {reading_one:.2f} s on one "
        f"worker, {reading_two:.2f} s on two: {reading_one / reading_two:.2f}x"
    )
    header = f"{'/floor':>7s} {'/naive':>7s} {'/release':>8s} {'cpu s':>7s} {'cpu/naive':>9s}"
    print(f"{'step':12s}{'seconds':>8s}  {header}  what")
    for name, (seconds, _, cpu), what in rows:
        ratios = f"{seconds / floor[0]:7.2f} {seconds / naive[0]:7.2f} {seconds / cold[0]:8.2f}"
        print(f"{name:12s}{seconds:8.2f}  {ratios} {cpu:7.2f} {cpu / naive[2]:9.2f}  {what}")
    if args.corpus.is_dir():
        from reading_cost import stage_costs

        count, _, costs = stage_costs(args.corpus.resolve())
        print(f"per post, one core, CPU time ({count} posts of {args.corpus.name}; reading budget 0.5 ms):")
        for name, ms in costs:
            print(f"  {name:<46} {ms:7.3f} ms  {ms / 0.5:5.2f}x budget  {ms / (naive[2] / posts * 1000):5.2f}x naive")
    if not args.no_double:
        build_archive(work / "raw2", args.corpus, args.copies * 2, args.image_kb)
        _, double_mb, _ = timed([*archiver, "release", "--raw", "raw2", "--dist", "dist2", "--no-cache"], work)
        print(f"memory      peak {cold[1]} MB at N, {double_mb} MB at 2N: {double_mb / cold[1]:.2f}x")


if __name__ == "__main__":
    main()
