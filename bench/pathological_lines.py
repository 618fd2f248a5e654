"""Seconds per MB of the per-file path (read → parse → provenance → text → images) on pathological lines.

    PYTHONPATH=. python bench/pathological_lines.py [--mb 5]

Each line repeats one piece (an unclosed image, tag, Liquid tag, ...) for --mb megabytes, the kind of
input that makes a backtracking pattern slow; an ordinary post's figure is printed first for scale.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archiver.collect import process  # noqa: E402
from archiver.generators.jekyll import JEKYLL
from archiver.safe_fs import Candidate  # noqa: E402

PIECES = {
    "ordinary prose": "这是一段普通的正文，没有任何标记。",
    "unclosed markdown image": "![a](",
    "unclosed alt": "![",
    "unclosed title": '![a](x "',
    "unclosed <img": "<img ",
    "<img with a long attribute name": "<img " + "a" * 7000 + ">",
    "unclosed Liquid include": "{% include ",
    "brackets": "[",
    "parentheses": "(",
    "Liquid outputs": "{{",
    "URLs": "http://",
    "credit lead-ins": "原文来自",
    "credit markers with a colon": "来源：",
    "credits with a link": "原文：[x](https://e.org)，",
    "byline roles": "作者：",
    "clauses opening like a credit": "，来源微信号",
    "clauses naming the writer": "下文作者林小河，",
    "struck-through links": "~~[原文](http://a.b/)~~",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of each pathological line")
    size = int(parser.parse_args().mb * 1_000_000)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "_posts").mkdir()
        for label, piece in PIECES.items():
            line = (piece * (size // len(piece) + 1))[:size]
            data = ("---\ntitle: t\n---\n" + line + "\n").encode()
            (root / "_posts/2020-01-01-x.md").write_bytes(data)
            started = time.perf_counter()
            outcome = process(root, Candidate("_posts/2020-01-01-x.md"), JEKYLL.load_site(root))
            seconds = time.perf_counter() - started
            kept = "post" if outcome.post else outcome.reject["reason"]  # type: ignore[index]
            megabytes = len(data) / 1e6
            print(f"{label:34s} {megabytes:5.1f} MB {seconds:6.2f} s {seconds / megabytes:6.2f} s/MB  {kept}")


if __name__ == "__main__":
    main()
