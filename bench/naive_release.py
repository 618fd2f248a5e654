"""The naive script a release is measured against: python-frontmatter and pandas, title/date/body only.

usage: python bench/naive_release.py RAW OUT.parquet

It does a fifth of a release's work (no provenance, text, images, rejects, checksums or documents);
a release that costs no more than this is as cheap as the obvious script that does much less.
"""

from __future__ import annotations

import sys
from pathlib import Path

import frontmatter
import pandas as pd


def main(raw: Path, out: Path) -> None:
    rows = []
    for path in sorted((raw / "_posts").glob("*")):
        post = frontmatter.loads(path.read_text(encoding="utf-8", errors="replace"))
        rows.append(
            {"path": path.name, "title": str(post.get("title")), "date": str(post.get("date")), "body": post.content}
        )
    pd.DataFrame(rows).to_parquet(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
