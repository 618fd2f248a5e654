"""What reaches a release from the file system, through the real CLI: exact names, odd characters, bad image
references, a file changing mid-release, and a --raw that points at the wrong folder."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from archiver import reasons
from archiver.collect import CHUNK_MAX, CollectError, collect
from archiver.release.build import build_release
from archiver.release.diff import diff_releases
from archiver.release.metadata import ProjectSettings
from tests.conftest import png_bytes, post, run_cli
from tests.test_release import make_project, release


def byte_tree(folder: Path) -> dict[bytes, str]:
    """Every file under `folder` by its exact relative path (bytes), with its sha256."""
    top = os.fsencode(folder)
    found = {}
    for base, _, files in os.walk(top):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, top)] = hashlib.sha256(handle.read()).hexdigest()
    return found


def test_names_that_are_not_utf8_and_names_with_backslashes_come_back_byte_for_byte(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"_posts/2020-01-01-plain.md": post()})
    posts = os.fsencode(project / "raw/_posts")
    latin1 = "2020-01-02-caf\xe9.md".encode("latin-1")  # \xe9 alone is not UTF-8
    gbk_folder = "旧文章".encode("gb18030")
    names = {
        latin1: post(title="latin-1 name", body="![i](caf%E9.png)"),
        b"2020-01-03-\\xff.md": post(title="literally backslash-x-f-f"),  # the escape text, as a real name
        b"2020-01-03-\xff.md": post(title="the byte ff"),  # its display form is the line above's name
        b"2020-01-04-back\\slash.md": post(title="a backslash is a legal POSIX name character"),
    }
    for name, text in names.items():
        with open(os.path.join(posts, name), "wb") as handle:
            handle.write(text.encode("utf-8"))
    with open(os.path.join(posts, "caf\xe9.png".encode("latin-1")), "wb") as handle:
        handle.write(png_bytes())
    os.mkdir(os.path.join(posts, gbk_folder))
    for i in range(3):  # a folder whose name is not UTF-8, holding three posts: three rows
        with open(os.path.join(posts, gbk_folder, b"2020-02-0%d-p.md" % i), "wb") as handle:
            handle.write(post(title=f"p{i}").encode("utf-8"))
    done = release(project)
    assert done.returncode == 0, done.stderr
    table = pq.read_table(project / "dist/demo-1.0.0/data/posts").to_pylist()
    assert len(table) == 1 + len(names) + 3 and len({row["post_id"] for row in table}) == len(table)
    exact = {row["path_bytes"] or row["path"].encode() for row in table}
    assert (
        b"_posts/" + latin1 in exact
        and b"_posts/2020-01-03-\\xff.md" in exact
        and b"_posts/2020-01-03-\xff.md" in exact
    )
    shown = [row["path"] for row in table if row["path_bytes"]]
    assert "_posts/2020-01-02-caf\\xe9.md" in shown  # a readable form beside the exact bytes
    [image] = pq.read_table(project / "dist/demo-1.0.0/data/images").to_pylist()
    assert image["status"] == "present" and image["resolved_path_bytes"] == "_posts/caf\xe9.png".encode("latin-1")
    for source in ("demo-1.0.0", "demo-1.0.0.tar"):
        out = tmp_path / f"restored-{source}"
        done = run_cli("restore", str(project / "dist" / source), str(out))
        assert done.returncode == 0, done.stderr
        expected, got = byte_tree(project / "raw"), byte_tree(out)
        expected.pop(b"_config.yml")
        assert got.pop(b"_config.yml") and got == expected  # the configuration is written from the manifest


def test_a_bad_image_reference_is_a_refused_image_and_no_machine_path_reaches_the_release(tmp_path: Path) -> None:
    body = "\n".join(
        [
            "![v6](http://[::1)",  # urlsplit raises ValueError on this
            "![port](http://example.org:99999999/a.png)",  # kept as written: a URL is not checked further
            f"![long](/{'a' * 300}.png)",  # one name longer than the file system allows
            '<img src="/' + "d/" * 2500 + 'x.png">',  # longer than PATH_MAX: opened one name at a time
            "![ok](/postimg/a.png)",
        ]
    )
    files = {"_posts/2020-01-01-bad-refs.md": post(body=body), "postimg/a.png": png_bytes()}
    tarballs = []
    for where in ("first", "second/deeper/still"):
        project = make_project(tmp_path / where, files)
        done = release(project, env={"SOURCE_DATE_EPOCH": "1600000000"})
        assert done.returncode == 0, done.stderr
        images = pq.read_table(project / "dist/demo-1.0.0/data/images").to_pylist()
        assert [i["status"] for i in images] == ["refused", "remote", "refused", "missing", "present"]
        assert "not a valid URL" in images[0]["reason"] and "too long" in images[2]["reason"]
        assert pq.read_table(project / "dist/demo-1.0.0/data/rejects").num_rows == 0  # the post survived
        tarball = (project / "dist/demo-1.0.0.tar").read_bytes()
        assert os.fsencode(tmp_path) not in tarball
        tarballs.append(tarball)
    assert tarballs[0] == tarballs[1]  # the same tree from two folders: the same bytes


def test_an_image_rewritten_during_a_release_fails_it_and_leaves_nothing(tmp_path: Path) -> None:
    # Two chunks of posts share one image; it is rewritten between the chunks (from the progress hook, so
    # the timing is exact). The release must fail, not verify and then be impossible to restore.
    # More posts than a chunk can hold: at least two chunks, wherever the paths end them.
    files = {f"_posts/2020-01-01-p{i:03d}.md": post(body="![s](/postimg/shared.png)") for i in range(CHUNK_MAX + 6)}
    project = make_project(tmp_path / "p", {**files, "postimg/shared.png": png_bytes()})

    def rewrite(done: int, total: int) -> None:
        (project / "raw/postimg/shared.png").write_bytes(png_bytes(color=(done, 0, 0)))

    with pytest.raises(CollectError, match="postimg/shared.png: changed while it was being read"):
        build_release(
            project / "raw",
            project / "dist",
            settings=ProjectSettings.load(project / "pyproject.toml"),
            workers=1,
            progress=rewrite,
        )
    assert not (project / "dist").exists()  # a failed first release leaves no --dist behind
    # Left alone, the same archive releases and restores.
    assert release(project).returncode == 0
    assert run_cli("restore", str(project / "dist/demo-1.0.0"), str(tmp_path / "r")).returncode == 0


@pytest.mark.parametrize("command", ["collect", "release"])
def test_a_raw_folder_with_nothing_to_release_is_an_error_that_suggests_the_right_one(
    tmp_path: Path, command: str
) -> None:
    project = make_project(tmp_path / "p")
    out = ["--out", str(tmp_path / "out")] if command == "collect" else ["--dist", str(tmp_path / "dist")]
    for raw, suggestion in [
        ("raw/_posts", "did you mean --raw raw?"),  # the post folder itself: an easy slip
        (".", "did you mean --raw raw?"),  # the project, not its site
        ("raw/postimg", ""),  # a folder with no post folder and nothing to suggest
    ]:
        done = run_cli(command, "--raw", raw, *out, cwd=project)
        assert done.returncode == 1, (raw, done.stdout)
        [line] = done.stderr.strip().splitlines()
        assert line.startswith(f"error: {raw}: no files under _posts/ or _drafts/"), line
        assert suggestion in line if suggestion else line.endswith("_drafts/"), line
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_a_category_folder_without_the_sites_config_is_named_as_one_way_to_read_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "news/_posts").mkdir(parents=True)
    (site / "news/_posts/2020-01-01-a.md").write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert f"did you mean --raw {site / 'news'}?" in line
    assert "if news/ is a category folder of this site, add the site's _config.yml to" in line
    # Taking that advice: the site's posts are read, in their category folder.
    (site / "_config.yml").write_text("title: A site\n", encoding="utf-8")
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert pq.read_table(tmp_path / "out/data/posts").column("path").to_pylist() == ["news/_posts/2020-01-01-a.md"]


def test_an_archive_whose_every_file_is_rejected_is_an_error_unless_allowed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"_posts/2020-01-01-a.md": "---\ntitle: [open\n---\n", "_posts/b.txt": "x"})
    done = release(project)
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert "every one of the 2 files was rejected" in line and "--allow-no-posts" in line
    assert "_posts/2020-01-01-a.md:" in line and reasons.MALFORMED_FRONT_MATTER in line
    assert not (project / "dist").exists()  # a failed first release leaves no --dist behind
    done = release(project, "--allow-no-posts")
    assert done.returncode == 0, done.stderr
    assert pq.read_table(project / "dist/demo-1.0.0/data/rejects").num_rows == 2
    shutil.rmtree(project / "raw/_posts")
    (project / "raw/_posts").mkdir()
    with pytest.raises(CollectError, match="no files under"):
        collect(project / "raw", tmp_path / "out")
    assert collect(project / "raw", tmp_path / "out", allow_no_posts=True).candidates == 0


def test_diff_keeps_two_files_apart_whose_names_read_the_same(tmp_path: Path) -> None:
    # `\xff` written out and the byte 0xff show as the same text; the diff and the changelog key files by
    # their exact bytes, so a change to one is one change, never an addition, a removal or nothing.
    project = make_project(tmp_path / "p", {"_posts/2020-01-01-plain.md": post()})
    posts = os.fsencode(project / "raw/_posts")
    twins = {b"2020-01-03-\\xff.md": "literally backslash-x-f-f", b"2020-01-03-\xff.md": "the byte ff"}
    for name, title in twins.items():
        with open(os.path.join(posts, name), "wb") as handle:
            handle.write(post(title=title).encode("utf-8"))
    assert release(project).returncode == 0
    with open(os.path.join(posts, b"2020-01-03-\\xff.md"), "wb") as handle:  # the one named in text
        handle.write(post(title="backslash-x-f-f, edited").encode("utf-8"))
    done = release(project, "--bump", "minor")
    assert done.returncode == 0, done.stderr
    changes = diff_releases(project / "dist/demo-1.0.0", project / "dist/demo-1.1.0")
    posts_diff = changes.tables["posts"]
    assert posts_diff.added == [] and posts_diff.removed == []
    assert [change["key"] for change in posts_diff.changed] == ["_posts/2020-01-03-\\xff.md"]
    assert posts_diff.changed[0]["new"] == hashlib.sha256(post(title="backslash-x-f-f, edited").encode()).hexdigest()
