"""Per-post reading cost on one core, stage by stage: parse, markup, provenance, text, images.

    PYTHONPATH=. python bench/reading_cost.py [SITE] [--repeat 5]

SITE defaults to ../shared/corpus/terminus-dev. Every post's bytes are read into memory first; each
stage is then timed over all posts (best of --repeat runs), in the order collect runs them, each stage
given the previous stages' output as collect gives it. Times are CPU time of this process
(time.process_time), so other work on a shared machine does not inflate them. Images are resolved against the site (the
present files' bytes are read, as in collect). The budget of the performance issue is 0.5 ms per post
for parse + provenance + text + images together.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archiver.collect import process  # noqa: E402
from archiver.discover import Candidate  # noqa: E402
from archiver.duplicates import signatures  # noqa: E402
from archiver.generators import choose  # noqa: E402
from archiver.images import read_images, reference_rows  # noqa: E402
from archiver.markup import Markup  # noqa: E402
from archiver.parse import parse_post  # noqa: E402
from archiver.provenance import read_provenance  # noqa: E402
from archiver.tables import row_digest, to_batch  # noqa: E402
from archiver.text import article_text  # noqa: E402

DEFAULT_SITE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "terminus-dev"


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def stage_costs(root: Path, repeat: int = 5) -> tuple[int, float, list[tuple[str, float]]]:
    """(posts, mean KiB, [(stage, ms per post)]) for the site's posts, each stage best of `repeat` runs.

    The reading stages first (the issue's budget: 0.5 ms a post for them together), then what a worker
    does with a post after reading it: its near-duplicate sketch, its row's digest, its Arrow batch.
    """
    files = sorted((root / "_posts").glob("*.md"))
    posts = [(f"_posts/{f.name}", f.read_bytes()) for f in files]
    if not posts:
        sys.exit(f"error: {root}/_posts holds no .md posts")

    parsed = [parse_post(data, path) for path, data in posts]
    docs = [Markup(p.body, p.body_start_line) for p in parsed]
    provs = [
        read_provenance(p.front_matter, p.body, p.body_start_line, d, p.front_matter_lines)
        for p, d in zip(parsed, docs, strict=True)
    ]
    texts = [
        article_text(p.body, p.title, pr.consumed_lines, p.body_start_line, d)
        for p, pr, d in zip(parsed, provs, docs, strict=True)
    ]
    site = choose(root).load_site(root)
    rows = [outcome.post for path, _ in posts if (outcome := process(root, Candidate(path), site)).post]

    def stage_parse() -> None:
        for path, data in posts:
            parse_post(data, path)

    def stage_markup() -> None:
        for p in parsed:
            Markup(p.body, p.body_start_line)

    def stage_provenance() -> None:
        for p in parsed:
            d = Markup(p.body, p.body_start_line)
            read_provenance(p.front_matter, p.body, p.body_start_line, d, p.front_matter_lines)

    def stage_text() -> None:
        # Lines the provenance stage already cleaned are cleaned again here: a fresh reader per post.
        for p, pr in zip(parsed, provs, strict=True):
            article_text(p.body, p.title, pr.consumed_lines, p.body_start_line, Markup(p.body, p.body_start_line))

    def stage_images() -> None:
        for (path, _), p, d in zip(posts, parsed, docs, strict=True):
            read_images(root, reference_rows("0" * 16, path, p.body, d))

    def whole() -> None:
        for path, data in posts:
            p = parse_post(data, path)
            d = Markup(p.body, p.body_start_line)
            pr = read_provenance(p.front_matter, p.body, p.body_start_line, d, p.front_matter_lines)
            read_images(root, reference_rows("0" * 16, path, p.body, d))
            article_text(p.body, p.title, pr.consumed_lines, p.body_start_line, d)

    def stage_sketch() -> None:
        signatures(texts)

    def stage_digest() -> None:
        for row in rows:
            row_digest(row)

    def stage_batch() -> None:
        for start in range(0, len(rows), 16):
            to_batch("posts", rows[start : start + 16])

    n = len(posts)
    stages = [
        ("parse (decode + front matter + fields)", stage_parse),
        ("markup (line kinds)", stage_markup),
        ("provenance (with its markup)", stage_provenance),
        ("text (with its own markup)", stage_text),
        ("images (references, resolve, present files)", stage_images),
        ("reading, all stages as collect runs them", whole),
        ("near-duplicate sketch", stage_sketch),
        ("row digest", stage_digest),
        ("Arrow batch (16 posts a chunk)", stage_batch),
    ]
    size = sum(len(data) for _, data in posts) / n / 1024
    return n, size, [(name, best(repeat, run) / n * 1000) for name, run in stages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n, size, costs = stage_costs(args.site.resolve(), args.repeat)
    print(f"{n} posts from {args.site} ({size:.1f} KiB on average), one core, best of {args.repeat}")
    for name, ms in costs:
        print(f"  {name:<46} {ms:7.3f} ms/post")


if __name__ == "__main__":
    main()
