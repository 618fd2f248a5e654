"""The reading cache: a warm re-release is byte-identical to a cold one, and a bad cache is never used."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from archiver.cache import FORMAT, RowCache, decode_chunk, encode_chunk, reading_key, write_entry
from archiver.collect import site_key as collect_site_key
from archiver.generators import choose
from tests.conftest import png_bytes, post, run_cli
from tests.test_release import make_project, release

FILES = {
    "_posts/2020-01-02-first.md": post(body="来源：微信公众号「甲号」\n\n第一篇。"),
    "_posts/2020-01-03-second.md": post(title="第二篇", date="2020-01-03", body="第二篇的正文。"),
    "_posts/2020-01-04-third.md": post(title="第三篇", body="作者：某甲\n\n第三篇。"),
}


def tarball_sha(project: Path, dist: str) -> str:
    tarballs = sorted((project / dist).glob("*.tar"))
    assert len(tarballs) == 1
    return hashlib.sha256(tarballs[0].read_bytes()).hexdigest()


def _kind(payload: bytes) -> str:
    if payload.startswith(b"{"):
        return "post"  # a post file's entry: JSON
    return "regrouped" if len(payload) == 32 else "chunk"  # a row digest, or a chunk's Arrow streams


def entries(cache: Path, kind: str = "post") -> list[str]:
    """The entries of one kind: a post file's, a chunk's, or a regrouped row's digest."""
    with closing(sqlite3.connect(cache / RowCache.FILE)) as database:
        stored = database.execute("SELECT entry, data FROM entries").fetchall()
    return sorted(entry for entry, data in stored if _kind(bytes(data).partition(b"\n")[2]) == kind)


def drop_chunks(cache: Path) -> None:
    """Remove the chunk entries, so that the post entries are the ones read."""
    with closing(sqlite3.connect(cache / RowCache.FILE)) as database, database:
        database.executemany("DELETE FROM entries WHERE entry = ?", [(entry,) for entry in entries(cache, "chunk")])


def store(cache: Path, entry: str, data: bytes) -> None:
    """Write an entry's stored bytes as they are (header included), as damage or a forger would."""
    with closing(sqlite3.connect(cache / RowCache.FILE)) as database, database:
        database.execute("UPDATE entries SET data = ? WHERE entry = ?", (data, entry))


def titles(out: Path) -> dict[str, str]:
    table = pq.read_table(out / "data" / "posts").select(["path", "title"]).to_pylist()
    return {row["path"]: row["title"] for row in table}


def test_warm_release_after_an_edit_is_byte_identical_to_a_cold_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FILES)
    assert release(project, "--version", "1.0.0", "--dist", str(project / "warm")).returncode == 0
    assert len(entries(project / "build" / "cache")) == 3
    assert len(entries(project / "build" / "cache", "chunk")) == 1
    (project / "raw/_posts/2020-01-03-second.md").write_text(post(title="第二篇（改）", body="改过。"), "utf-8")
    (project / "raw/_posts/2020-01-05-new.md").write_text(post(title="新", body="新的一篇。"), "utf-8")
    env = {"SOURCE_DATE_EPOCH": "1600000000"}
    warm = run_cli(*_release_args(project, "warm2", "--version", "1.1.0"), cwd=project, env=env)
    cold = run_cli(*_release_args(project, "cold", "--version", "1.1.0", "--no-cache"), cwd=project, env=env)
    assert warm.returncode == 0 and cold.returncode == 0, warm.stderr + cold.stderr
    assert tarball_sha(project, "warm2") == tarball_sha(project, "cold")
    # The edited file's old entry is pruned: one entry per post of the current archive, and the chunk's.
    assert len(entries(project / "build" / "cache")) == 4
    assert len(entries(project / "build" / "cache", "chunk")) == 1


ARTICLE = "，".join(f"第{i}段讲的是城市里第{i * 7}条街道的变迁与居民的记忆" for i in range(12)) + "。"
WITH_IMAGES = {
    "_posts/2020-01-02-first.md": post(body=f"![甲](/postimg/a.png)\n![乙](/postimg/gone.png)\n\n{ARTICLE}"),
    "_posts/2020-01-03-copy.md": post(title="转载", body=f"来源：微信公众号「乙号」\n\n{ARTICLE}有删节。"),
    "_posts/2020-01-04-other.md": post(title="另一篇", body="![丙](/postimg/a.png)\n另一篇。"),
    "postimg/a.png": png_bytes(3, 2),
}


def images(out: Path) -> list[tuple[str, int | None, str]]:
    table = pq.read_table(out / "data" / "images").to_pylist()
    return sorted((row["post_path"], row["width"], row["status"]) for row in table)


def test_an_image_changed_under_an_unchanged_post_is_read_afresh(tmp_path: Path) -> None:
    """The cache keeps what the post decides (references, sketch, row); the image files are read every run."""
    project = make_project(tmp_path / "p", WITH_IMAGES)
    env = {"SOURCE_DATE_EPOCH": "1600000000"}
    first = run_cli(*_release_args(project, "first", "--version", "1.0.0"), cwd=project, env=env)
    assert first.returncode == 0, first.stderr
    (project / "raw/postimg/a.png").write_bytes(png_bytes(9, 4))  # other bytes, other size
    (project / "raw/postimg/gone.png").write_bytes(png_bytes(5, 5))  # a missing image appears
    warm = run_cli(*_release_args(project, "warm", "--version", "1.1.0"), cwd=project, env=env)
    cold = run_cli(*_release_args(project, "cold", "--version", "1.1.0", "--no-cache"), cwd=project, env=env)
    assert warm.returncode == 0 and cold.returncode == 0, warm.stderr + cold.stderr
    assert tarball_sha(project, "warm") == tarball_sha(project, "cold")
    released = project / "warm" / "demo-1.1.0"
    assert images(released) == [
        ("_posts/2020-01-02-first.md", 5, "present"),
        ("_posts/2020-01-02-first.md", 9, "present"),
        ("_posts/2020-01-04-other.md", 9, "present"),
    ]
    # The near-duplicate pair is grouped from cached sketches as from fresh ones.
    groups = pq.read_table(released / "data" / "posts").select(["path", "duplicate_group"]).to_pylist()
    assert len({row["duplicate_group"] for row in groups}) == 2
    # The digest of the row that joined the group is kept, and the next release takes it from there.
    assert len(entries(project / "build" / "cache", "regrouped")) == 1
    again = run_cli(*_release_args(project, "again", "--version", "1.1.0"), cwd=project, env=env)
    assert again.returncode == 0, again.stderr
    assert tarball_sha(project, "again") == tarball_sha(project, "cold")


def _release_args(project: Path, dist: str, *more: str) -> list[str]:
    return ["release", "--raw", str(project / "raw"), "--dist", str(project / dist), *more]


def test_a_hit_is_used_and_a_damaged_or_foreign_entry_is_not(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FILES)
    raw, cache = project / "raw", tmp_path / "cache"
    collect = ["collect", "--raw", str(raw), "--cache", str(cache)]
    assert run_cli(*collect, "--out", str(tmp_path / "a")).returncode == 0
    site_key = reading_key(collect_site_key(choose(raw).load_site(raw)))
    rows = RowCache(cache, site_key)
    path = "_posts/2020-01-02-first.md"
    sha = hashlib.sha256((raw / path).read_bytes()).hexdigest()
    entry = rows.entry(path, sha)
    payload = rows.read(entry)
    assert payload is not None
    rows.close()
    header = b"%s %s %s" % (FORMAT, entry.encode(), hashlib.sha256(payload).hexdigest().encode())

    # A well-formed entry is used as it is: the row comes from the cache, not from the file.
    found = json.loads(payload)
    found["row"]["title"] = "来自缓存"
    planted = json.dumps(found, ensure_ascii=False).encode()
    store(
        cache, entry, b"%s %s %s\n" % (FORMAT, entry.encode(), hashlib.sha256(planted).hexdigest().encode()) + planted
    )
    drop_chunks(cache)  # a chunk entry, when there is one, is read before the post entries
    assert run_cli(*collect, "--out", str(tmp_path / "b")).returncode == 0
    assert titles(tmp_path / "b")[path] == "来自缓存"

    # The same change without a matching digest (a damaged entry), a truncated one, or garbage: read afresh.
    for damaged in (header + b"\n" + planted, (header + b"\n" + payload)[:-7], b"\x00" * 40):
        store(cache, entry, damaged)
        drop_chunks(cache)
        assert run_cli(*collect, "--out", str(tmp_path / "c")).returncode == 0
        assert titles(tmp_path / "c")[path] == "示例"

    # A cache file that is not a database at all is replaced, and the run reads every file.
    (cache / RowCache.FILE).write_bytes(b"not a database" * 100)
    for leftover in cache.glob(f"{RowCache.FILE}-*"):
        leftover.unlink()
    assert run_cli(*collect, "--out", str(tmp_path / "e")).returncode == 0
    assert titles(tmp_path / "e")[path] == "示例"
    assert len(entries(cache)) == 3

    # Another site configuration is another reading key: nothing of the old key is read, and it is pruned.
    old = set(entries(cache))
    (raw / "_config.yml").write_text("timezone: UTC\n", encoding="utf-8")
    assert reading_key(collect_site_key(choose(raw).load_site(raw))) != site_key
    assert run_cli(*collect, "--out", str(tmp_path / "d")).returncode == 0
    assert len(entries(cache)) == 3 and not old & set(entries(cache))
    # It starts the database afresh, rather than deleting the old key's rows and keeping their pages.
    with closing(sqlite3.connect(cache / RowCache.FILE)) as database:
        assert database.execute("PRAGMA freelist_count").fetchone() == (0,)
        assert database.execute("SELECT count(*) FROM reading_key").fetchone() == (1,)


def test_no_cache_writes_no_cache(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FILES)
    result = run_cli("collect", "--raw", str(project / "raw"), "--out", str(tmp_path / "o"), "--no-cache", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / "build").exists()


def test_figures_of_unchanged_counts_come_from_the_cache_and_a_damaged_entry_is_drawn_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FILES)
    env = {"SOURCE_DATE_EPOCH": "1600000000"}
    assert run_cli(*_release_args(project, "a", "--version", "1.0.0"), cwd=project, env=env).returncode == 0
    stored = sorted((project / "build" / "cache" / "figures").iterdir())
    assert len(stored) == 1
    # The same counts again: the figures are the cache's, and the release is the one drawn afresh.
    warm = run_cli(*_release_args(project, "warm", "--version", "1.0.1"), cwd=project, env=env)
    cold = run_cli(*_release_args(project, "cold", "--version", "1.0.1", "--no-cache"), cwd=project, env=env)
    assert warm.returncode == 0 and cold.returncode == 0, warm.stderr + cold.stderr
    assert tarball_sha(project, "warm") == tarball_sha(project, "cold")
    # A well-formed entry is used as it is: a figure planted in it is the one released.
    figures = json.loads(stored[0].read_bytes().partition(b"\n")[2])
    original = stored[0].read_bytes()
    figures["top-accounts.png"][0] = base64.b64encode(b"planted").decode()
    write_entry(stored[0], json.dumps(figures).encode())
    planted = run_cli(*_release_args(project, "planted", "--version", "1.0.1"), cwd=project, env=env)
    assert planted.returncode == 0, planted.stderr
    assert (project / "planted/demo-1.0.1/figures/top-accounts.png").read_bytes() == b"planted"
    stored[0].write_bytes(original)
    # A damaged entry is not used (and not fatal): the figures are drawn again, the same bytes.
    stored[0].write_bytes(stored[0].read_bytes()[:-20] + b"0" * 20)
    again = run_cli(*_release_args(project, "again", "--version", "1.0.1"), cwd=project, env=env)
    assert again.returncode == 0, again.stderr
    assert tarball_sha(project, "again") == tarball_sha(project, "cold")
    # Other counts are other figures: the entry of the old counts is replaced, not kept beside.
    (project / "raw/_posts/2020-01-06-more.md").write_text(post(title="又一篇", body="多了一篇。"), "utf-8")
    assert run_cli(*_release_args(project, "more", "--version", "1.1.0"), cwd=project, env=env).returncode == 0
    assert [p.name for p in (project / "build" / "cache" / "figures").iterdir()] != [stored[0].name]
    assert len(list((project / "build" / "cache" / "figures").iterdir())) == 1


def _plant_titles(cache: Path, title: str) -> int:
    """Set every post's title in every chunk entry (re-sealed, as a forger would); the entries changed."""
    with closing(sqlite3.connect(cache / RowCache.FILE)) as database:
        stored = dict(database.execute("SELECT entry, data FROM entries").fetchall())
    planted = 0
    for entry in entries(cache, "chunk"):
        found = decode_chunk(bytes(stored[entry]).partition(b"\n")[2])
        assert found is not None
        column = found.posts.schema.get_field_index("title")
        titles_column = pa.array([title] * found.posts.num_rows, pa.string())
        found.posts = found.posts.set_column(column, "title", titles_column)
        payload = encode_chunk(found)
        store(
            cache,
            entry,
            b"%s %s %s\n" % (FORMAT, entry.encode(), hashlib.sha256(payload).hexdigest().encode()) + payload,
        )
        planted += 1
    return planted


def test_a_chunk_entry_is_used_whole_and_a_damaged_one_is_not(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", WITH_IMAGES)
    raw, cache = project / "raw", tmp_path / "cache"
    collect = ["collect", "--raw", str(raw), "--cache", str(cache)]
    assert run_cli(*collect, "--out", str(tmp_path / "a")).returncode == 0
    assert _plant_titles(cache, "整块来自缓存") == 1
    assert run_cli(*collect, "--out", str(tmp_path / "b")).returncode == 0
    assert set(titles(tmp_path / "b").values()) == {"整块来自缓存"}
    # Its images are still read: the bytes are the file's, and the rows are those of a fresh reading.
    fresh, reused = (pq.read_table(tmp_path / out / "data" / "images").to_pylist() for out in ("a", "b"))
    assert reused == fresh and any(row["image"] and row["image"]["bytes"] for row in reused)

    # A damaged chunk entry is not used (and not fatal): the chunk is read afresh.
    (entry,) = entries(cache, "chunk")
    with closing(sqlite3.connect(cache / RowCache.FILE)) as database:
        (data,) = database.execute("SELECT data FROM entries WHERE entry = ?", (entry,)).fetchone()
    store(cache, entry, bytes(data)[:-50])
    assert run_cli(*collect, "--out", str(tmp_path / "c")).returncode == 0
    assert set(titles(tmp_path / "c").values()) == {"示例", "转载", "另一篇"}


def test_chunks_are_reused_after_a_post_is_added_before_them(tmp_path: Path) -> None:
    """Chunks end where the paths say, not at every sixteenth file: a post added near the start of the
    archive leaves the chunks after it as they were, so a re-release reuses them whole."""
    files = {
        f"_posts/2020-02-{n % 28 + 1:02d}-post-{n:03d}.md": post(title=f"第{n}篇", body=f"正文{n}。")
        for n in range(150)
    }
    project = make_project(tmp_path / "p", files)
    raw, cache = project / "raw", tmp_path / "cache"
    collect = ["collect", "--raw", str(raw), "--cache", str(cache), "--workers", "2"]
    assert run_cli(*collect, "--out", str(tmp_path / "a")).returncode == 0
    chunks = _plant_titles(cache, "整块来自缓存")
    assert chunks > 3
    (raw / "_posts/2020-01-01-added.md").write_text(post(title="新加的一篇", body="新的。"), "utf-8")
    assert run_cli(*collect, "--out", str(tmp_path / "b")).returncode == 0
    found = titles(tmp_path / "b")
    assert found["_posts/2020-01-01-added.md"] == "新加的一篇"
    # All chunks but the one the new post joined come from the cache.
    reused = sum(title == "整块来自缓存" for title in found.values())
    assert reused >= 150 - 64 and len(entries(cache, "chunk")) in (chunks, chunks + 1)
