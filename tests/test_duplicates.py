"""Near-duplicate grouping: planted copies are found, distinct articles sharing boilerplate never grouped."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from archiver.collect import collect
from archiver.duplicates import (
    _NOT_WORD,
    Grouper,
    _word_table,
    near_duplicate,
    normalize,
    shingle_hashes,
    signatures,
)
from tests.neardup_site import write_site

SEED = 7


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", "archiver", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, dict, dict]:
    """A site with planted copies, collected by the CLI, and `archiver duplicates --json` on it."""
    root = tmp_path_factory.mktemp("neardup")
    truth = write_site(root / "raw", seed=SEED, originals=60, copies_per_original=2)
    done = run("collect", "--raw", str(root / "raw"), "--out", str(root / "out"), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "near-duplicates" in done.stdout
    listed = run("duplicates", str(root / "out"), "--json")
    assert listed.returncode == 0, listed.stderr
    return root, truth, json.loads(listed.stdout)


def _pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for group in groups for pair in itertools.combinations(group, 2)}


def test_planted_copies_are_grouped_and_distinct_articles_are_not(planted) -> None:
    root, truth, document = planted
    families: dict[str, list[str]] = {}
    for path, post in truth.items():
        families.setdefault(post.family, []).append(path)
    true_pairs = _pairs(list(families.values()))
    found_pairs = _pairs([[post["path"] for post in group["posts"]] for group in document["groups"]])
    hits = len(true_pairs & found_pairs)
    assert len(true_pairs) == 180  # 60 families of an original and two copies
    recall, precision = hits / len(true_pairs), hits / len(found_pairs)
    assert recall >= 0.95 and precision >= 0.98, (recall, precision)
    for group in document["groups"]:
        kinds = {truth[post["path"]].kind for post in group["posts"]}
        assert kinds <= {"original", "copy"}, group  # boilerplate, quote, template and short posts stay alone
        assert len({truth[post["path"]].family for post in group["posts"]}) == 1, group
    # every kind of edit was planted and is found
    edits = {edit for post in truth.values() for edit in post.edits}
    assert edits == {"swap", "cut", "note", "punctuation", "title"}
    assert document["posts"] == len(truth)
    assert document["distinct_articles"] == len(truth) - document["near_duplicates"]
    stats = run("stats", str(root / "out"), "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["near_duplicates"] == {
        "near_duplicates": document["near_duplicates"],
        "groups": len(document["groups"]),
        "distinct_articles": document["distinct_articles"],
    }


def test_canonical_member_is_the_earliest_and_columns_agree(planted) -> None:
    root, truth, document = planted
    table = pq.read_table(root / "out" / "data" / "posts").to_pylist()
    by_id = {row["post_id"]: row for row in table}
    groups = document["groups"]
    assert [g["size"] for g in groups] == sorted((g["size"] for g in groups), reverse=True)
    for row in table:
        canonical = by_id[row["duplicate_group"]]
        assert canonical["duplicate_group"] == canonical["post_id"]  # a group's canonical post leads it
        assert (canonical["date"], canonical["path"]) <= (row["date"], row["path"])
        if row["duplicate_group"] == row["post_id"]:
            assert row["duplicate_similarity"] == 1.0
        else:
            assert 0.6 < row["duplicate_similarity"] <= 1.0
    # Some copies were saved before their original: the canonical is then the copy, by date.
    assert any(truth[by_id[g["canonical"]]["path"]].kind == "copy" for g in groups)


def test_groups_do_not_depend_on_worker_count_or_order(tmp_path: Path) -> None:
    write_site(tmp_path / "raw", seed=SEED + 1, originals=30)
    one = collect(tmp_path / "raw", tmp_path / "one", workers=1)
    two = collect(tmp_path / "raw", tmp_path / "two", workers=2)
    assert one.duplicates == two.duplicates and one.duplicates["near_duplicates"] > 0
    assert one.content_sha256 == two.content_sha256
    for a, b in zip(one.files["posts"], two.files["posts"], strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert not list((tmp_path / "one" / "data").glob(".*")), "the spool is removed"
    # An incremental collect (rows of unchanged files from the reading cache) gives the cold build's groups.
    collect(tmp_path / "raw", tmp_path / "warm", workers=1, cache=tmp_path / "cache")
    warm = collect(tmp_path / "raw", tmp_path / "warm", workers=1, cache=tmp_path / "cache")
    assert warm.content_sha256 == one.content_sha256
    for a, b in zip(one.files["posts"], warm.files["posts"], strict=True):
        assert a.read_bytes() == b.read_bytes()
    # The same posts added to the grouper in another order give the same groups (by post id).
    rows = pq.read_table(tmp_path / "one" / "data" / "posts", columns=["post_id", "path", "date", "text"]).to_pylist()
    texts = {row["post_id"]: row["text"] for row in rows}

    def groups_of(order: list[dict]) -> dict[str, str]:
        grouper = Grouper()
        sketches = signatures([row["text"] for row in order])
        grouper.add([r["post_id"] for r in order], [r["path"] for r in order], [r["date"] for r in order], sketches)
        found = grouper.group(lambda indices: {i: texts[order[i]["post_id"]] for i in indices})
        return {order[i]["post_id"]: order[found.canonical[i]]["post_id"] for i in range(len(order))}

    shuffled = list(rows)
    random.Random(3).shuffle(shuffled)
    assert groups_of(rows) == groups_of(shuffled)


def test_normalization_ignores_width_punctuation_and_spacing() -> None:
    text = "今天我们在学校门口看到了很多学生，他们说：“我们只是想要一个答案。”老师没有回应，大家站了很久才离开。" * 2
    changed = text.replace("，", ",").replace("。", ". ").replace("：", ":").replace("“", '"').replace("”", '"')
    assert np.array_equal(shingle_hashes(text), shingle_hashes(changed))
    assert len(shingle_hashes("太短了，不到五十个字。")) == 0  # under the floor: never grouped


def test_normalization_by_table_is_the_regex_on_any_characters() -> None:
    # Long texts drop punctuation through a code-point table; it must keep exactly what the regex keeps,
    # lone surrogates, the astral planes (past the table too), underscores and case expansions included.
    rng = random.Random(11)
    pool = "ab_Z 9，。ＡＢ①⑴ßİ\u00a0\u200b\ufeff\ud800\udfff😀𠀀\U00030000\U000e0100\U0010fffd字かな한Ω٣"
    narrow = pool.replace("\U00030000", "").replace("\U000e0100", "").replace("\U0010fffd", "")
    for chars in (pool, narrow):
        for _ in range(200):
            text = "".join(rng.choice(chars) for _ in range(rng.randrange(0, 300)))
            kept = _NOT_WORD.sub("", text)
            if not unicodedata.is_normalized("NFKC", kept):
                kept = _NOT_WORD.sub("", unicodedata.normalize("NFKC", kept))
            assert normalize(text) == kept.casefold()
    table = _word_table()
    every = "".join(map(chr, range(len(table))))
    assert [bool(_NOT_WORD.sub("", c)) for c in every] == table.tolist()


def test_truncated_copy_groups_but_an_excerpt_does_not() -> None:
    rng = random.Random(5)
    words = "学校 学生 老师 医院 工人 记者 已经 因为 所以 但是 如果 没有 事情 时候 问题 大家 自己 现在 后来"
    words = words.split(" ")
    article = "".join(rng.choice(words) for _ in range(1500))
    full = shingle_hashes(article)
    cut = shingle_hashes(article[: int(len(article) * 0.81)] + "编者按：此文有删节，以原文为准。")
    excerpt = shingle_hashes(article[:600])
    assert near_duplicate(full, cut, 0.8) is not None  # Jaccard under 0.8, but contained: a cut ending
    assert near_duplicate(full, excerpt, 0.8) is None


def test_release_records_threshold_verifies_and_changelog_notes_group_changes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_site(raw, seed=SEED + 2, originals=8, copies_per_original=0)
    (tmp_path / "pyproject.toml").write_text('[tool.archiver]\nname = "nd"\nduplicate_threshold = 0.9\n')
    dist = tmp_path / "dist"
    first = run("release", "--raw", str(raw), "--dist", str(dist), "--version", "1.0.0", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # Another archivist's copy of one article turns up, its ending cut, saved before the one we had:
    # it becomes the canonical post, and the post we had changes group.
    original = sorted((raw / "_posts").glob("*-campus-0.md"))[0]
    lines = original.read_text(encoding="utf-8").split("\n")
    lines = [("date: 2017-01-01 08:00:00" if line.startswith("date:") else line) for line in lines]
    copy = "\n".join(lines[: int(len(lines) * 0.9)])
    (raw / "_posts" / "2017-01-01-campus-0-earlier.md").write_text(copy, encoding="utf-8")
    second = run("release", "--raw", str(raw), "--dist", str(dist), "--bump", "minor", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    new = dist / "nd-1.1.0"
    manifest = json.loads((new / "manifest.json").read_text())
    assert manifest["duplicates"]["threshold"] == 0.9 and manifest["duplicates"]["shingle_chars"] == 5
    verified = run("verify", str(new))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    listed = run("duplicates", str(dist / "nd-1.1.0.tar"))
    assert listed.returncode == 0 and listed.stdout.startswith("1 group, 1 near-duplicate post: "), listed.stdout
    assert listed.stdout.index("campus-0-earlier.md") < listed.stdout.index(original.name)
    assert "Near-duplicates: 1 posts in 1 groups" in (new / "DATASHEET.md").read_text()
    assert "duplicate_group" in (new / "README.md").read_text()
    changes = json.loads(run("diff", str(dist / "nd-1.0.0"), str(new), "--json").stdout)
    assert changes["posts"]["added"] == ["_posts/2017-01-01-campus-0-earlier.md"]
    moved = f"_posts/{original.name}"
    assert changes["duplicate_groups"] == [{"key": moved, "old": moved, "new": "_posts/2017-01-01-campus-0-earlier.md"}]
    assert f"- `{moved}`: its own group → the group of `_posts/2017-01-01-campus-0-earlier.md`" in (
        new / "CHANGELOG.md"
    ).read_text(encoding="utf-8")


def test_bad_threshold_is_one_line(tmp_path: Path) -> None:
    write_site(tmp_path / "raw", seed=SEED, originals=2)
    (tmp_path / "pyproject.toml").write_text('[tool.archiver]\nname = "nd"\nduplicate_threshold = 1.5\n')
    done = run("collect", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "duplicate_threshold" in done.stderr


def test_duplicates_lists_each_post_on_its_local_day_as_show_does(tmp_path: Path) -> None:
    # 07:30 in Asia/Shanghai is 23:30 UTC the day before: the day listed is the post's own (date_local).
    truth = write_site(tmp_path / "raw", seed=SEED, originals=2, copies_per_original=1)
    for path in truth:
        file = tmp_path / "raw" / path
        file.write_text(file.read_text(encoding="utf-8").replace(" 12:00:00\n", " 07:30:00\n"), encoding="utf-8")
    assert run("collect", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")).returncode == 0
    listed = run("duplicates", str(tmp_path / "out"))
    lines = [line.split() for line in listed.stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == 4, listed.stdout
    for _similarity, day, path, *_title in lines:
        assert day == path.removeprefix("_posts/")[:10], listed.stdout
    document = json.loads(run("duplicates", str(tmp_path / "out"), "--json").stdout)
    post = document["groups"][0]["posts"][0]
    assert post["date_local"] == post["path"].removeprefix("_posts/")[:10]
    assert post["date"][:10] != post["date_local"]  # `date` stays the UTC instant
    shown = run("show", str(tmp_path / "out"), post["path"])
    assert f"{post['date_local']} (local" in shown.stdout, shown.stdout
