"""Build the label sets dev3, dev4, blind3, dev5, blind4 and dev6 as Jekyll sites, from a clone of the public archive.

    git clone https://github.com/Terminus2049/Terminus2049.github.io ARCHIVE
    git -C ARCHIVE checkout 0961c777265ca90fcd19939742e3714883c0d597
    python bench/terminus_sets.py ARCHIVE OUT   # writes OUT/dev3, OUT/dev4, OUT/blind3, OUT/dev5, OUT/blind4, OUT/dev6
    python -m archiver collect -q --raw OUT/blind3 --out /tmp/b3 --no-cache
    python ../shared/tools/score_provenance.py /tmp/b3 bench/blind3-labels.jsonl

The posts are third-party text: the project keeps only their labels (bench/<set>-labels.jsonl, one
line per post naming its file under the archive's `_posts/`), never their words. Each set but dev6 is 60
posts drawn at random (seeded) from the archive's posts that are not in ../shared/corpus: dev3, dev4 and
blind3 first (seed 20261201), then dev5 and blind4 from the 192 posts left (seed 20261202); dev6 is the
72 posts after those two in the same shuffle (every post of the archive is now in one set). blind3 and
blind4 are held out: nobody who writes rules opens their posts or labels.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SETS = ("dev3", "dev4", "blind3", "dev5", "blind4", "dev6")


def build(archive: Path, out: Path) -> dict[str, int]:
    """Copy each set's posts (and the archive's _config.yml) into OUT/<set>; {set: posts copied}."""
    copied = {}
    for name in SETS:
        labels = [json.loads(line) for line in (BENCH / f"{name}-labels.jsonl").read_text("utf-8").splitlines() if line]
        site = out / name
        (site / "_posts").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(archive / "_config.yml", site / "_config.yml")
        for label in labels:
            source = archive / "_posts" / label["path"]
            if not source.is_file():
                sys.exit(f"error: {source}: not in the archive (check out the commit this script names)")
            shutil.copyfile(source, site / "_posts" / label["path"])
        copied[name] = len(labels)
    return copied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("archive", type=Path, help="a clone of Terminus2049/Terminus2049.github.io")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    for name, count in build(args.archive, args.out).items():
        print(f"{args.out / name}: {count} posts")


if __name__ == "__main__":
    main()
