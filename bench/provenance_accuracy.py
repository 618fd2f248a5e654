"""Measure how often the provenance columns are right on held-out label sets, and store it for the card.

    python bench/provenance_accuracy.py NAME=SITE:LABELS [NAME=SITE:LABELS ...] [--write]

Each SITE is collected with this checkout (`archiver collect --no-cache`) and its posts compared with
LABELS (bench/<set>-labels.jsonl, one line per post naming its file in `path`). Prints per column the
accuracy, the precision (a value given is right) and the recall (a stated value is found), each with its
95% Wilson interval, over all the sets together. `--write` stores the figures in
archiver/provenance/accuracy.json, which the dataset card and the datasheet print
(archiver/provenance/accuracy.py).

Only sets nobody wrote or tuned a rule on belong here: the project measures on its blind sets
(bench/terminus_sets.py builds blind3 and blind4 from the public archive; blind is 40 posts of
../shared/corpus/terminus-blind), e.g.

    python bench/provenance_accuracy.py blind=SITES/blind:bench/blind-labels.jsonl \
        blind3=SITES/blind3:bench/blind3-labels.jsonl blind4=SITES/blind4:bench/blind4-labels.jsonl --write
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import archiver  # noqa: E402
from archiver.provenance.accuracy import FIELDS, MEASURED, FieldCounts, count, markdown, rules_digest, summary  # noqa: E402


def collected_rows(site: Path) -> dict[str, dict]:
    """The posts rows of `site` as this checkout reads them, by file name."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, "-m", "archiver", "collect", "-q", "--raw", str(site), "--out", out, "--no-cache"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        rows = {}
        for shard in sorted(Path(out, "data", "posts").glob("*.parquet")):
            for row in pq.read_table(shard, columns=["path", *FIELDS]).to_pylist():
                rows[Path(row["path"]).name] = row
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", metavar="NAME=SITE:LABELS")
    parser.add_argument("--write", action="store_true", help=f"store the figures in {MEASURED.relative_to(ROOT)}")
    args = parser.parse_args()
    totals = {field: FieldCounts() for field in FIELDS}
    sets = []
    for spec in args.sets:
        name, _, paths = spec.partition("=")
        site, _, labels_path = paths.partition(":")
        if not (name and site and labels_path):
            sys.exit(f"error: {spec!r}: expected NAME=SITE:LABELS")
        labels = [json.loads(line) for line in Path(labels_path).read_text("utf-8").splitlines() if line.strip()]
        counts = count(collected_rows(Path(site)), labels)
        for field, c in counts.items():
            total = totals[field]
            for attribute in vars(c):
                setattr(total, attribute, getattr(total, attribute) + getattr(c, attribute))
        sets.append({"name": name, "posts": len(labels)})
    data = {
        "archiver": archiver.__version__,
        "rules": rules_digest(),
        "measured": datetime.date.today().isoformat(),
        "posts": sum(s["posts"] for s in sets),
        "sets": sets,
        "fields": summary(totals),
    }
    print(markdown(data))
    if args.write:
        MEASURED.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {MEASURED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
