"""Safe file access: only regular files, never a byte from outside the root (even while folders are swapped),
every real folder walked once, names kept as their exact bytes. Real files, FIFOs, sockets and links."""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from archiver import reasons
from archiver.collect import collect
from archiver.safe_fs import NotRegularFile, OutsideSite, open_beneath, read_beneath, walk
from tests.conftest import Link, post, run_cli, write_site


def rows(out: Path, table: str) -> list[dict]:
    return pq.read_table(out / "data" / table).to_pylist()


def test_fifo_socket_and_device_are_rejects_with_a_reason_and_never_opened(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-a.md": post()})
    os.mkfifo(site / "_posts/2020-01-02-pipe.md")
    os.symlink("2020-01-02-pipe.md", site / "_posts/2020-01-03-link-to-pipe.md")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(site / "_posts/2020-01-04-socket.md"))
        try:
            os.mknod(site / "_posts/zero.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # like /dev/zero
            device = True
        except PermissionError:
            device = False
        # A subprocess, with a time-out: a FIFO that is opened would block it forever.
        done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"), "--workers", "1")
    assert done.returncode == 0, done.stderr
    rejects = {r["path"]: r for r in rows(tmp_path / "out", "rejects")}
    expected = {"_posts/2020-01-02-pipe.md", "_posts/2020-01-03-link-to-pipe.md", "_posts/2020-01-04-socket.md"}
    if device:
        expected.add("_posts/zero.md")
    assert set(rejects) == expected
    assert all(r["reason"] == reasons.NOT_REGULAR_FILE and r["raw"] is None for r in rejects.values())
    assert "named pipe" in rejects["_posts/2020-01-02-pipe.md"]["message"]
    assert "socket" in rejects["_posts/2020-01-04-socket.md"]["message"]
    if device:
        assert "character device" in rejects["_posts/zero.md"]["message"]
    assert [p["path"] for p in rows(tmp_path / "out", "posts")] == ["_posts/2020-01-01-a.md"]


def test_a_fifo_as_config_or_image_never_blocks(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-a.md": post(body="![p](/postimg/pipe.png)")}, config=None)
    (site / "postimg").mkdir()
    os.mkfifo(site / "postimg/pipe.png")
    os.mkfifo(site / "_config.yml")
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: {site}/_config.yml: not a regular file but a named pipe (FIFO)"
    ]
    os.unlink(site / "_config.yml")
    assert run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out")).returncode == 0
    [image] = rows(tmp_path / "out", "images")
    assert image["status"] == "refused" and "named pipe" in image["reason"]


def test_symlink_fan_out_walks_each_folder_once_and_names_the_skipped_links(tmp_path: Path) -> None:
    # N folders, each holding two links to the next: walking by path would give 2^N copies of the post.
    depth = 16
    files: dict = {f"_posts/d{depth}/2020-01-01-deep.md": post()}
    for level in range(depth):
        files[f"_posts/d{level}/a"] = Link(f"../d{level + 1}")
        files[f"_posts/d{level}/b"] = Link(f"../d{level + 1}")
    site = write_site(tmp_path / "site", files)
    summary = collect(site, tmp_path / "out", workers=1)
    posts, rejects = rows(tmp_path / "out", "posts"), rows(tmp_path / "out", "rejects")
    assert [p["path"] for p in posts] == [f"_posts/d{depth}/2020-01-01-deep.md"]
    assert summary.candidates == len(posts) + len(rejects) == 1 + 2 * depth
    assert {r["reason"] for r in rejects} == {reasons.SYMLINK_ALREADY_WALKED}
    skipped = {r["path"]: r["message"] for r in rejects}
    assert skipped["_posts/d3/b"] == "link to a folder already walked as _posts/d4 (not walked twice)"


def test_a_linked_folder_outside_the_post_folders_is_walked_once_under_the_first_link(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "archive/2020-01-01-kept.md": post(),
            "_posts/more": Link("../archive"),
            "_drafts/same": Link("../archive"),
            "_drafts/up": Link(".."),
        },
    )
    found = {c.path: c.problem for c in walk(site, ["_posts", "_drafts"])}
    assert found == {
        "_drafts/same/2020-01-01-kept.md": None,  # links are followed in path order: _drafts/ comes first
        "_posts/more": reasons.SYMLINK_ALREADY_WALKED,
        "_drafts/up": reasons.SYMLINK_LOOP,  # the site root holds _drafts/, which holds the link
    }


def test_read_beneath_refuses_every_way_out(tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text("secret", encoding="utf-8")
    site = write_site(
        tmp_path / "site",
        {
            "_posts/a.md": "inside",
            "_posts/abs-in.md": Link(str(tmp_path / "site/_posts/a.md")),
            "_posts/abs-out.md": Link(str(tmp_path / "outside.md")),
            "_posts/up": Link("../.."),
            "_posts/loop.md": Link("loop.md"),
        },
    )
    assert read_beneath(site, "_posts/a.md") == b"inside"
    assert read_beneath(site, "_posts/abs-in.md") == b"inside"
    assert read_beneath(site, b"_posts/../_posts/./a.md") == b"inside"
    for way_out in ("_posts/abs-out.md", "_posts/up/outside.md", "../outside.md", "_posts/../../outside.md"):
        with pytest.raises(OutsideSite):
            read_beneath(site, way_out)
    with pytest.raises(OSError, match="symbolic links"):
        read_beneath(site, "_posts/loop.md")
    with pytest.raises(NotRegularFile):
        read_beneath(site, "_posts")
    with pytest.raises(FileNotFoundError):
        read_beneath(site, "_posts/none.md")
    with pytest.raises(OSError) as long_name:
        read_beneath(site, "_posts/" + "a" * 300 + ".png")
    assert os.fsencode(tmp_path) not in os.fsencode(str(long_name.value))  # nothing of this machine to print
    fd, info = open_beneath(site, "_posts", folder=True)
    os.close(fd)
    assert stat.S_ISDIR(info.st_mode)


def test_the_root_itself_swapped_for_a_link_mid_run_reads_as_outside(tmp_path: Path) -> None:
    # The root is opened by its name at every read; its real path is the one it had at the first read, so a
    # root renamed away and replaced by a link to elsewhere does not carry the reads along with it.
    outside = tmp_path / "outside" / "_posts"
    outside.mkdir(parents=True)
    (outside / "a.md").write_text("outside", encoding="utf-8")
    site = write_site(tmp_path / "site", {"_posts/a.md": "inside"})
    root = Path(os.path.realpath(site))  # as collect names a run's root
    assert read_beneath(root, "_posts/a.md") == b"inside"
    os.rename(site, tmp_path / "site-away")
    os.symlink(tmp_path / "outside", site)
    with pytest.raises(OutsideSite):
        read_beneath(root, "_posts/a.md")
    os.unlink(site)
    os.rename(tmp_path / "site-away", site)  # back in place: read again
    assert read_beneath(root, "_posts/a.md") == b"inside"


def test_a_folder_swapped_for_a_link_mid_run_lets_no_outside_byte_in(tmp_path: Path) -> None:
    secret = b"OUTSIDE-" + os.urandom(6).hex().encode()
    outside = tmp_path / "outside"
    outside.mkdir()
    site = write_site(tmp_path / "site", {})
    sub, real = site / "_posts/sub", site / "_posts/.sub-real"
    sub.mkdir(parents=True)
    for i in range(40):
        text = post(title=f"t{i}", body=f"inside {i} ![i](img{i}.png)")
        (sub / f"2020-01-01-p{i}.md").write_text(text, encoding="utf-8")
        (outside / f"2020-01-01-p{i}.md").write_bytes(b"---\ntitle: x\n---\n" + secret)
        (sub / f"img{i}.png").write_bytes(b"inside image")
        (outside / f"img{i}.png").write_bytes(secret)
    stop = threading.Event()
    swaps = 0

    def swap() -> None:  # the attacker: the folder becomes a link to outside, and back, again and again
        nonlocal swaps
        while not stop.is_set():
            os.rename(sub, real)
            os.symlink(outside, sub)
            time.sleep(0.0002)  # let the reader meet each state: the link, and the folder back in place
            os.unlink(sub)
            os.rename(real, sub)
            time.sleep(0.0002)
            swaps += 1

    attacker = threading.Thread(target=swap)
    attacker.start()
    try:
        reads = refused = 0
        for _ in range(3000):  # the reader: every answer is the inside bytes or an error, never outside bytes
            try:
                data = read_beneath(site, "_posts/sub/2020-01-01-p7.md")
            except OutsideSite:
                refused += 1
                continue
            except OSError:
                continue
            assert secret not in data
            reads += 1
        for run in range(8):
            try:
                collect(site, tmp_path / f"out{run}", workers=1, allow_no_posts=True)
            except Exception as error:  # noqa: BLE001 - the archive changing under it may fail the run; never leak
                assert "changed while it was being read" in str(error) or "no files" in str(error), error
                continue
            for shard in (tmp_path / f"out{run}").rglob("*.parquet"):
                assert secret not in repr(pq.read_table(shard).to_pylist()).encode(), shard
    finally:
        stop.set()
        attacker.join()
    assert swaps > 10 and reads > 0 and refused > 0  # the race was really run: both states were met
