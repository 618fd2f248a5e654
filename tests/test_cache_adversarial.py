"""The reading cache under attack: whatever changed between two runs, and whatever the cache holds,
a warm release is the cold one, byte for byte; a bad cache is never fatal and writes nowhere else."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from archiver.cache import RowCache, write_entry
from archiver.collect import CHUNK, chunk_parts
from archiver.generators import choose
from tests.conftest import png_bytes, post, run_cli
from tests.test_cache import _release_args, tarball_sha
from tests.test_release import make_project

ENV = {"SOURCE_DATE_EPOCH": "1600000000"}
ARTICLE = "，".join(f"第{i}段写的是河边第{i * 3}座老屋与住在里面的人家" for i in range(12)) + "。"
OTHER = "，".join(f"另一篇的第{i}节讲山里第{i * 5}条小路怎样修成" for i in range(12)) + "。"


def _run(project: Path, dist: str, *more: str) -> str:
    done = run_cli(*_release_args(project, dist, "--version", "1.0.0", *more), cwd=project, env=ENV)
    assert done.returncode == 0, done.stderr
    return tarball_sha(project, dist)


def assert_warm_is_cold(project: Path, step: str, *warm: str) -> None:
    assert _run(project, f"warm-{step}", *warm) == _run(project, f"cold-{step}", "--no-cache")


def _archive(posts: int) -> dict[str, str | bytes]:
    """Posts in many chunks, each with an image all share, one of its own group of five, and a missing one."""
    files: dict[str, str | bytes] = {
        f"_posts/2020-02-{n % 28 + 1:02d}-post-{n:03d}.md": post(
            title=f"第{n}篇",
            body=f"![共用](/img/shared.png)\n![组](../img/group-{n % 5}.png)\n![无](/img/none.png)\n正文{n}，{n * n}。",
        )
        for n in range(posts)
    }
    files["img/shared.png"] = png_bytes(3, 2)
    files.update({f"img/group-{n}.png": png_bytes(2 + n, 2) for n in range(5)})
    return files


def test_images_changed_under_unchanged_posts_in_many_chunks(tmp_path: Path) -> None:
    """Every chunk is taken from the cache only when its images are found as they were: an image all
    chunks share changed, one turned into a folder, one appeared, one became a link out of the site
    and one a FIFO. The cache written with one worker serves a run with two."""
    project = make_project(tmp_path / "p", _archive(100))
    img, outside = project / "raw" / "img", tmp_path / "outside.png"
    outside.write_bytes(png_bytes(8, 8))
    _run(project, "first", "--workers", "1")
    (img / "shared.png").write_bytes(png_bytes(9, 1))
    (img / "group-1.png").unlink()
    (img / "group-1.png").mkdir()
    (img / "none.png").write_bytes(png_bytes(4, 4))
    assert_warm_is_cold(project, "a", "--workers", "2")
    (img / "group-2.png").unlink()
    os.symlink(outside, img / "group-2.png")
    os.mkfifo(img / "group-3.png.tmp")
    (img / "group-3.png.tmp").replace(img / "group-3.png")
    assert_warm_is_cold(project, "b", "--workers", "2")
    # Nothing outside the root was read: the link is refused, not the outside file's size.
    assert not list(tmp_path.glob("outside.png.*"))


def _swap_stored(cache: Path) -> int:
    """Swap the stored bytes of entries pairwise (each then sits under another entry's name)."""
    with closing(sqlite3.connect(cache / RowCache.FILE)) as database, database:
        stored = database.execute("SELECT entry, data FROM entries ORDER BY entry").fetchall()
        pairs = list(zip(stored[::2], stored[1::2], strict=False))
        for (first, first_data), (second, second_data) in pairs:
            database.execute("UPDATE entries SET data = ? WHERE entry = ?", (second_data, first))
            database.execute("UPDATE entries SET data = ? WHERE entry = ?", (first_data, second))
    return len(pairs)


def test_posts_renamed_and_groups_regrouped_with_swapped_entries(tmp_path: Path) -> None:
    """Posts renamed (also only in case, also to a name that is not UTF-8), a near-duplicate copy added
    before the group's canonical post (a new canonical for every member), a member edited out of its
    group; and every entry of the cache swapped with another's (chunks, posts, regrouped digests)."""
    files = _archive(70)
    files.update(
        {
            f"_posts/2020-03-0{n + 1}-copy-{n}.md": post(
                title=f"转{n}", date=f"2020-03-0{n + 1}", body=ARTICLE + "注" * n
            )
            for n in range(3)
        }
    )
    project = make_project(tmp_path / "p", files)
    posts = project / "raw" / "_posts"
    _run(project, "first")
    (posts / "2020-02-05-post-004.md").rename(posts / "2020-02-05-post-004-moved.md")
    (posts / "2020-02-06-post-005.md").rename(posts / "2020-02-06-POST-005.md")
    os.rename(posts / "2020-02-07-post-006.md", os.fsencode(posts) + b"/2020-02-07-post-\xff006.md")
    (posts / "2020-01-01-earliest.md").write_text(post(title="最早", date="2020-01-01", body=ARTICLE), "utf-8")
    (posts / "2020-03-02-copy-1.md").write_text(post(title="改", date="2020-03-02", body=OTHER), "utf-8")
    assert _swap_stored(project / "build" / "cache") > 40
    assert_warm_is_cold(project, "a", "--workers", "2")
    # And back, with the cache as that run left it: the old group again.
    (posts / "2020-03-02-copy-1.md").write_text(post(title="转1", date="2020-03-02", body=ARTICLE + "注"), "utf-8")
    (posts / "2020-01-01-earliest.md").unlink()
    assert_warm_is_cold(project, "b", "--workers", "1")


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",
        b"null",
        b"{}",
        json.dumps({"../../../escaped.png": [base64.b64encode(b"x").decode(), "figures/x.png", "t", "a"]}).encode(),
    ],
    ids=["list", "null", "empty", "a-name-leading-out"],
)
def test_a_sealed_figures_entry_of_another_shape_is_drawn_again(tmp_path: Path, payload: bytes) -> None:
    """A figures entry whose seal checks out but which is not the figures' shape (planted, or written
    by a bug) is neither fatal nor used: a name in it never becomes a file outside the release."""
    project = make_project(tmp_path / "p", _archive(3))
    _run(project, "first")
    (entry,) = (project / "build" / "cache" / "figures").iterdir()
    write_entry(entry, payload)
    assert_warm_is_cold(project, "a")
    assert not list(tmp_path.rglob("escaped.png"))


@pytest.mark.parametrize("value", ["CAST(data AS TEXT)", "1.5", "3"], ids=["text", "real", "integer"])
def test_a_cache_row_of_another_sql_type_is_missing_not_a_reject(tmp_path: Path, value: str) -> None:
    """SQLite stores any type in the BLOB column: a row turned into text or a number (bytes(3) would be three
    zero bytes) is read as no entry and written again, never made a reject of its post."""
    project = make_project(tmp_path / "p", _archive(3))
    _run(project, "first")
    with closing(sqlite3.connect(project / "build" / "cache" / RowCache.FILE)) as database, database:
        assert database.execute(f"UPDATE entries SET data = {value}").rowcount > 0  # noqa: S608 - the test's own
    assert_warm_is_cold(project, "a")
    with closing(sqlite3.connect(project / "build" / "cache" / RowCache.FILE)) as database:
        assert {kind for (kind,) in database.execute("SELECT DISTINCT typeof(data) FROM entries")} == {"blob"}


def test_a_figures_entry_that_is_a_folder_or_a_fifo_is_drawn_again(tmp_path: Path) -> None:
    """What is not a regular file among the figures entries (a folder under the entry's very name, another
    folder, a FIFO that would block a read) is no entry: the release is the cold one, and the entry is written;
    a folder of another name is left as it is."""
    project = make_project(tmp_path / "p", _archive(3))
    _run(project, "first")
    figures = project / "build" / "cache" / "figures"
    (entry,) = figures.iterdir()
    entry.unlink()
    (entry / "inside").mkdir(parents=True)
    (figures / "stray" / "deeper").mkdir(parents=True)
    assert_warm_is_cold(project, "a")
    assert sorted(p.name for p in figures.iterdir()) == sorted([entry.name, "stray"]) and entry.is_file()
    entry.unlink()
    os.mkfifo(entry)
    assert_warm_is_cold(project, "b")
    assert entry.is_file()


def _chunk_paths(raw: Path) -> list[list[str]]:
    """The site's post paths, cut into collect's chunks."""
    plugin = choose(raw, None)
    return [[c.path for c in part] for part in chunk_parts(list(plugin.list_posts(raw, plugin.load_site(raw))))]


def _inside(name: str, suffix: str) -> str:
    """`name` with a suffix before `.md`, the first of a few whose hash does not end a chunk (so the file
    joins the chunk of `name`)."""
    for tail in ("a", "b", "c", "d", "e", "f"):
        other = name.removesuffix(".md") + f"-{suffix}{tail}.md"
        if hashlib.blake2b(other.encode(), digest_size=2).digest()[0] % CHUNK:
            return other
    raise AssertionError("no name that stays inside the chunk")


def _change_one_chunk(raw: Path) -> dict[str, str]:
    """In one chunk of at least six posts: one post edited, one added, one deleted, one renamed (not its last
    post). The changed paths by what happened to them."""
    part = next(part for part in _chunk_paths(raw) if len(part) >= 6)
    edited, deleted, renamed = part[1], part[2], part[3]
    moved, added = _inside(renamed, "moved"), _inside(part[0], "added")
    (raw / edited).write_text(post(title="改过的一篇", body=ARTICLE), "utf-8")
    (raw / deleted).unlink()
    (raw / renamed).rename(raw / moved)
    (raw / added).write_text(post(title="新加的一篇", body="![共用](/img/shared.png)\n新的。"), "utf-8")
    assert {edited, moved, added} <= set(next(p for p in _chunk_paths(raw) if part[-1] in p))
    return {"edited": edited, "moved": moved, "added": added, "deleted": deleted, "kept": part[0], "last": part[-1]}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_chunk_with_a_file_edited_added_deleted_and_renamed(tmp_path: Path, workers: str) -> None:
    """A chunk of which four files changed at once is read again, its unchanged files' rows taken from the cache:
    the release is the cold one, byte for byte, and the next one (from the entry it wrote) too."""
    project = make_project(tmp_path / "p", _archive(80))
    _run(project, "first", "--workers", workers)
    _change_one_chunk(project / "raw")
    assert_warm_is_cold(project, "a", "--workers", workers)
    assert_warm_is_cold(project, "b", "--workers", workers)
