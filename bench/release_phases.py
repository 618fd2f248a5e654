"""Where one release spends its time: wall and CPU seconds of each phase, in one run.

usage: python bench/release_phases.py RAW DIST [--cache DIR | --no-cache] [--workers N] [--version X.Y.Z]

Runs `archiver release` through its Python API with a timer around each phase (the functions named in
PHASES), and prints each phase's wall time and this process's CPU time in it (its workers' CPU is not
in that column: compare the wall time of the reading pass with its CPU time to see them work). The
reading pass is timed from the start of the collect to its last chunk read (the progress callback).
Phases nest: the collect holds the reading pass, the grouping, the second pass and the table closing.
A benchmark, not a test; nothing is written outside DIST and the cache.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (module, function or Class.method, what it is), in the order a release runs them.
PHASES = [
    ("archiver.collect", "collect", "collect (all of it)"),
    ("archiver.duplicates", "Grouper.group", "  near-duplicate grouping"),
    ("archiver.duplicates", "PostsSpool.finish", "  second pass: group columns set, posts written"),
    ("archiver.tables", "ShardWriter.close", "  tables closed (last row groups written)"),
    ("archiver.stats", "dataset_stats", "statistics from the tables"),
    ("archiver.figures", "write_figures", "figures (drawn or from the cache)"),
    ("archiver.release.build", "_write_documents", "documents (card, datasheet, changelog, …)"),
    ("archiver.release.build", "_hash_new_files", "hashing the files written"),
    ("archiver.release.tarball", "write_tarball", "tarball (written and hashed)"),
]


def timed(times: dict[str, list[float]], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            entry = times.setdefault(name, [0.0, 0.0])
            entry[0] += time.perf_counter() - wall
            entry[1] += time.process_time() - cpu

    return wrapper


def install(times: dict[str, list[float]]) -> None:
    """Wrap each phase's function where it is looked up (its module, and the modules that import it)."""
    for module_name, qualified, label in PHASES:
        module = importlib.import_module(module_name)
        owner: Any = module
        *path, attribute = qualified.split(".")
        for part in path:
            owner = getattr(owner, part)
        wrapped = timed(times, label, getattr(owner, attribute))
        setattr(owner, attribute, wrapped)
        if not path:  # a module-level function: also where build.py imported it by name
            build = importlib.import_module("archiver.release.build")
            if getattr(build, attribute, None) is not None and build.__name__ != module_name:
                setattr(build, attribute, wrapped)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path)
    parser.add_argument("dist", type=Path)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--version", default=None, help="the version to release (into a DIST that has one)")
    args = parser.parse_args()
    started = time.perf_counter()
    from archiver.release import build
    from archiver.release.metadata import ProjectSettings

    imported = time.perf_counter() - started
    times: dict[str, list[float]] = {}
    install(times)

    start = time.perf_counter()
    last_chunk: list[float] = []

    def progress(done: int, total: int) -> None:
        if done == total:
            last_chunk.append(time.perf_counter())

    cache = None if args.no_cache else (args.cache or args.dist / "cache")
    build.build_release(
        args.raw,
        args.dist,
        settings=ProjectSettings.load(None),
        workers=args.workers,
        version=args.version,
        echo=lambda line: None,
        progress=progress,
        cache=cache,
    )
    total = time.perf_counter() - start
    print(f"{'phase':50s} {'wall s':>7s} {'cpu s':>7s}")
    print(f"{'imports (archiver, pyarrow, numpy, …)':50s} {imported:7.2f}")
    if last_chunk:  # the collect is the release's first step: its reading pass starts with the release
        print(f"{'  reading pass (to the last chunk read)':50s} {last_chunk[-1] - start:7.2f}")
    for _, _, label in PHASES:
        if label in times:
            wall, cpu = times[label]
            print(f"{label:50s} {wall:7.2f} {cpu:7.2f}")
    print(f"{'release (all of it, imports aside)':50s} {total:7.2f} {time.process_time():7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
