"""Property-based fuzzing of the per-file path (walk → read → parse → images → rows) with hypothesis.

The suite runs a small budget; `python bench/fuzz_files.py --examples N` runs the same property longer.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archiver.collect import _chunk, _storable, collect, post_id, process
from archiver.generators import choose
from archiver.safe_fs import walk
from archiver.tables import file_path, row_digest, to_batch
from tests.conftest import png_bytes, post, write_site

# Pieces that the stages treat specially, so that random files hit the interesting paths often.
PIECES = [
    "---\n",
    "+++\n",
    "title: t\n",
    "date: 2020-01-02 10:00\n",
    "tags: [a, b]\n",
    "![a](",
    "](",
    ")",
    "![x](/img/a.png)",
    "![x](img/a.png)",
    "![x](../../../etc/passwd)",
    "![x](http://[::1)",
    "![x](%ff%fe.png)",
    "![x](/" + "n" * 300 + ".png)",
    '<img src="/img/a.png">',
    "<img ",
    '{% include image.html url="/img/a.png" %}',
    "{{ site.baseurl }}",
    "原文来自微信公众号「示例」\n",
    "作者：某人\n",
    "\n",
    "\r\n",
    "\x00",
    "\ufeff",
    "!!python/object ",
    "&a [*a]",
    'title: "\\ud800"\n',  # found by the long run: YAML escapes half a character, UTF-8 cannot hold it
    'tags: ["\\ud83d\\ude00", "\\udc80"]\n',
    "\U000fd800\\*",  # found by the long run: a private-use character the text stage used as a marker
]

names = st.binary(min_size=1, max_size=40).filter(
    lambda n: b"/" not in n and b"\x00" not in n and n not in (b".", b"..")
)
suffixes = st.sampled_from([b".md", b".markdown", b".html", b".txt", b"", b".MD"])
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map("".join)
contents = st.one_of(
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
    texts.map(lambda t: t.encode("gb18030", "replace")),
)


def check_file(name: bytes, data: bytes) -> str:
    """Write one file as `_posts/<name>` of a fresh site and check every promise of the per-file path.

    Returns the table the file went to.
    """
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        root = Path(os.path.realpath(scratch))
        os.mkdir(root / "_posts")
        os.mkdir(root / "img")
        (root / "img/a.png").write_bytes(png_bytes())
        exact = b"_posts/" + name
        with open(os.path.join(os.fsencode(root), exact), "wb") as handle:
            handle.write(data)
        [candidate] = walk(root, ["_posts"])
        assert candidate.path_bytes == exact and candidate.problem is None
        outcome = process(root, candidate, choose(root).load_site(root))  # never raises
        assert (outcome.post is None) != (outcome.reject is None)
        row = outcome.post if outcome.post is not None else outcome.reject
        assert row is not None and row["raw"] == data  # nothing lost: the exact bytes are in the row
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        table = "posts" if outcome.post is not None else "rejects"
        assert file_path(table, row) == exact  # the exact name, whatever its encoding
        if outcome.post is not None:
            assert outcome.post["post_id"] == post_id(exact)
        for table_name, rows in (("posts", [outcome.post]), ("rejects", [outcome.reject]), ("images", outcome.images)):
            present = [r for r in rows if r is not None]
            to_batch(table_name, present)  # every row fits its declared schema
            for r in present:
                row_digest(r)
                assert str(root) not in repr(r), "no path of the building machine in any row"
        for image in outcome.images:
            assert image["status"] in ("present", "missing", "remote", "inline", "refused")
            if image["status"] == "present":
                assert image["resolved_path"] == "img/a.png" and image["image"]["bytes"] == png_bytes()
        return table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, suffix=suffixes, data=contents)
@example(name=b"x", suffix=b".md", data=b'---\n"\\udc80": 1\ntitle: "\\ud800"\ntags: ["\\ud83d\\ude00"]\n---\nbody')
@example(name=b"\x01", suffix=b".md", data=b"---\n---\n\xf3\xbd\xa0\x80---\n")  # U+FD800 in the text
def test_any_file_under_any_name_ends_as_one_exact_row(name: bytes, suffix: bytes, data: bytes) -> None:
    check_file(name + suffix, data)


def test_half_a_character_escaped_in_front_matter_costs_neither_the_post_nor_the_release(tmp_path: Path) -> None:
    # Found by bench/fuzz_files.py: a lone surrogate from a YAML escape failed the whole chunk's Arrow batch.
    odd = b'---\ntitle: "\\ud800 \\ud83d\\ude00"\ntags: ["\\udc80"]\n"\\udfff": 1\n---\nbody\n'
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-odd.md": odd, "_posts/2020-01-02-fine.md": post()})
    summary = collect(site, tmp_path / "out", workers=1)
    assert summary.posts == 2
    titles = {row["path"]: row["title"] for row in pq.read_table(tmp_path / "out/data/posts").to_pylist()}
    assert titles["_posts/2020-01-01-odd.md"] == "\ufffd \U0001f600"  # a pair joined, a lone half replaced


def test_a_row_that_cannot_be_stored_costs_its_file_only(tmp_path: Path) -> None:
    # Defence in depth: should a stage ever hand over text Arrow cannot hold, that file becomes a reject
    # with its bytes, and the other files of its chunk are stored as they are.
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-a.md": post(), "_posts/2020-01-02-b.md": post()})
    candidates = walk(site, ["_posts"])
    settings = choose(site).load_site(site)
    outcomes = [process(site, candidate, settings) for candidate in candidates]
    outcomes[0].post["title"] = "\ud800"  # what the YAML escape used to give
    kept = [_storable(candidate, outcome) for candidate, outcome in zip(candidates, outcomes, strict=True)]
    chunk = _chunk(kept)
    assert chunk.batches["posts"].column("path").to_pylist() == ["_posts/2020-01-02-b.md"]
    [reject] = chunk.batches["rejects"].to_pylist()
    assert reject["reason"] == "internal_error" and "storing its rows" in reject["message"]
    assert reject["raw"] == (site / "_posts/2020-01-01-a.md").read_bytes()
