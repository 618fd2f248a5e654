"""A long run of the per-file fuzz property (tests/test_fuzz_files.py): any name, any bytes, one exact row.

    PYTHONPATH=. python bench/fuzz_files.py --examples 20000

Prints how many cases ran, how many became posts and rejects, and the first failure hypothesis finds
(shrunk to a minimal example), if any; exit 1 on a failure.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.test_fuzz_files import check_file, contents, names, suffixes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000, help="how many cases hypothesis tries")
    arguments = parser.parse_args()
    tried: Counter[str] = Counter()

    @settings(max_examples=arguments.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(name=names, suffix=suffixes, data=contents)
    def run(name: bytes, suffix: bytes, data: bytes) -> None:
        tried["cases"] += 1
        tried["utf-8 names" if _utf8(name) else "names not utf-8"] += 1
        tried[check_file(name + suffix, data)] += 1

    started = time.perf_counter()
    try:
        run()
    except Exception as error:  # noqa: BLE001 - report what was found, shrunk, and fail
        print(f"FOUND after {tried['cases']} cases: {type(error).__name__}: {error}")
        print("".join(traceback.format_exception(error)[-4:]).rstrip())  # where, and hypothesis's shrunk example
        return 1
    finally:
        elapsed = time.perf_counter() - started
        print(f"tried {tried['cases']} cases in {elapsed:.0f} s ({dict(tried)})")
    print("found nothing: every case ended as one exact row, no exception, no machine path")
    return 0


def _utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
