"""Releases: reproducible, immutable, atomic, checkable, versioned and lossless — each through the real CLI."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tarfile
from pathlib import Path

import bagit
import pyarrow.parquet as pq
import pytest

from archiver.release.diff import diff_releases
from archiver.release.verify import verify_release
from tests.conftest import REPO, Link, png_bytes, post, run_cli, write_site

PYPROJECT = """[project]
name = "demo"
version = "0.0.0"

[tool.archiver]
name = "demo"
version = "1.0.0"
pretty_name = "Demo archive"
hub_repo_id = "demo-org/demo"
"""


DEFAULT_FILES = {
    "_posts/2020-01-02-first.md": post(body="![图](/postimg/a.png)\n原文来自微信公众号「示例号」\n第一篇。"),
    "_posts/2020-01-03-second.md": post(title="第二篇", body="![](/postimg/gone.jpg)\n第二篇。"),
    "_posts/notes.txt": "not a post\n",
    "postimg/a.png": png_bytes(),
}


def make_project(root: Path, files: dict | None = None) -> Path:
    """A project folder as a user has it: pyproject.toml, DATASHEET.md and raw/."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copy(REPO / "DATASHEET.md", root / "DATASHEET.md")
    write_site(root / "raw", files if files is not None else DEFAULT_FILES)
    return root


def release(project: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    return run_cli(
        "release", "--raw", str(project / "raw"), "--dist", str(project / "dist"), *args, cwd=cwd or project, env=env
    )


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_release_writes_folder_tarball_and_prints_the_path_last(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    done = release(project)
    assert done.returncode == 0, done.stderr
    folder = project / "dist" / "demo-1.0.0"
    assert done.stdout.strip().splitlines()[-1] == str(project / "dist" / "demo-1.0.0")
    # The rejected file is named on stderr, not only counted: a release never hides what it left out.
    assert f"note: 1 file rejected, kept as rows of {folder}/data/rejects" in done.stderr
    assert "  rejected:\n    _posts/notes.txt: not_a_post: " in done.stderr, done.stderr
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for expected in (
        "README.md", "DATASHEET.md", "CHANGELOG.md", "manifest.json", "SHA256SUMS",
        "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
        "data/posts/train-00000-of-00001.parquet", "data/images/train-00000-of-00001.parquet",
        "data/rejects/train-00000-of-00001.parquet",
    ):  # fmt: skip
        assert expected in names
    tarball = project / "dist" / "demo-1.0.0.tar"
    sidecar = tarball.with_name("demo-1.0.0.tar.sha256")
    assert sidecar.read_text() == f"{hashlib.sha256(tarball.read_bytes()).hexdigest()}  demo-1.0.0.tar\n"
    with tarfile.open(tarball) as tar:
        members = tar.getmembers()
    assert [m.name for m in members] == sorted(m.name for m in members)
    assert {m.mtime for m in members} == {members[0].mtime} and {m.uid for m in members} == {0}
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["posts"]["rows"] == 2 and manifest["tables"]["rejects"]["rows"] == 1
    assert manifest["version"] == "1.0.0" and manifest["previous"] is None
    assert manifest["raw"]["files"] == 4  # two posts, the reject, the present image


def test_reproducible_across_time_zone_locale_hash_seed_cwd_mtimes_and_order(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a")
    files = dict(reversed(DEFAULT_FILES.items()))
    second = make_project(tmp_path / "b", files)  # same files, written in the other order
    for path in (second / "raw").rglob("*"):
        os.utime(path, (1_000_000, 1_000_000))
    done_a = release(first, env={"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"})
    done_b = release(
        second, env={"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "4242"}, cwd=tmp_path
    )
    assert done_a.returncode == 0 and done_b.returncode == 0, done_a.stderr + done_b.stderr
    a, b = first / "dist" / "demo-1.0.0", second / "dist" / "demo-1.0.0"
    assert tree_hashes(a) == tree_hashes(b)
    assert (first / "dist/demo-1.0.0.tar").read_bytes() == (second / "dist/demo-1.0.0.tar").read_bytes()


def test_source_date_epoch_sets_the_release_time(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project, env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    manifest = json.loads((project / "dist/demo-1.0.0/manifest.json").read_text())
    assert manifest["released"] == "2023-11-14T22:13:20Z"
    with tarfile.open(project / "dist/demo-1.0.0.tar") as tar:
        assert {m.mtime for m in tar.getmembers()} == {1700000000}


def test_immutable_identical_is_a_no_op_and_different_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    before = tree_hashes(project / "dist")
    again = release(project)
    assert again.returncode == 0
    assert "identical content: nothing to do" in again.stdout
    (project / "raw/_posts/2020-01-03-second.md").write_text(post(title="改过了"), encoding="utf-8")
    changed = release(project)
    assert changed.returncode == 1
    assert "already released with different content" in changed.stderr and "Traceback" not in changed.stderr
    assert tree_hashes(project / "dist") == before
    assert sorted(p.name for p in (project / "dist").iterdir()) == [
        "demo-1.0.0",
        "demo-1.0.0.tar",
        "demo-1.0.0.tar.sha256",
    ]


def test_the_refusal_names_what_differs(tmp_path: Path) -> None:
    # The archivist must see whether the archive changed (bump the version) or only the release's own
    # files did (another --date, tool or setting): a few paths of each, then how many more.
    project = make_project(tmp_path / "p")
    assert release(project, "--date", "2024-01-01").returncode == 0
    other_date = release(project, "--date", "2024-02-02")
    assert other_date.returncode == 1
    (line,) = other_date.stderr.splitlines()
    assert "(no post, image or reject differs; files differing: manifest.json, CHANGELOG.md, " in line, line
    assert "data/posts/" not in line
    (project / "raw/_posts/2020-01-03-second.md").write_text(post(title="改过了"), encoding="utf-8")
    (project / "raw/_posts/notes.txt").unlink()
    for day in range(10, 17):
        (project / f"raw/_posts/2020-01-{day}-new.md").write_text(post(title=f"新{day}"), encoding="utf-8")
    changed = release(project, "--date", "2024-01-01")
    assert changed.returncode == 1
    (line,) = changed.stderr.splitlines()
    differs = line.split("different content (", 1)[1].split("); releases are immutable", 1)[0]
    archive, files = differs.split("; files differing: ")
    assert archive == (
        "posts added _posts/2020-01-10-new.md, posts added _posts/2020-01-11-new.md, posts added "
        "_posts/2020-01-12-new.md, posts added _posts/2020-01-13-new.md, posts added _posts/2020-01-14-new.md"
        " and 5 more"  # two more added, the changed post, its image gone, the reject removed
    )
    assert files == (
        "data/images/train-00000-of-00001.parquet, data/posts/train-00000-of-00001.parquet, "
        "data/rejects/train-00000-of-00001.parquet, manifest.json, CHANGELOG.md and 10 more"
    )


def test_a_killed_release_leaves_nothing_under_the_final_name(tmp_path: Path) -> None:
    """SIGKILL at each named step (ARCHIVER_FAULT): never a half release; the next run cleans up and completes."""
    from tests.test_processes import run_alone

    project = make_project(tmp_path / "p")
    assert release(project, "--version", "0.9.0").returncode == 0
    earlier = tree_hashes(project / "dist" / "demo-0.9.0")
    (project / "raw/_posts/2020-01-02-first.md").write_text(post(title="new"), encoding="utf-8")
    final = project / "dist" / "demo-1.0.0"
    for point in ("collect-chunk", "release-staged", "release-tarball-placed"):
        killed = run_alone("release", "--raw", "raw", "--dist", "dist", cwd=project, fault=f"{point}:kill")
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert not final.exists(), point
        assert tree_hashes(project / "dist" / "demo-0.9.0") == earlier
    assert (project / "dist" / "demo-1.0.0.tar").exists()  # left by the last kill: the tarball, not its folder
    done = release(project)
    assert done.returncode == 0, done.stderr
    assert "removing demo-1.0.0.tar: left by an interrupted release" in done.stdout
    assert verify_release(final) == [] and verify_release(project / "dist" / "demo-1.0.0.tar") == []
    assert not [p for p in (project / "dist").iterdir() if p.name.startswith(".")]


def test_verify_catches_changed_truncated_missing_and_extra_files(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    folder = project / "dist" / "demo-1.0.0"
    ok = run_cli("verify", str(folder))
    assert ok.returncode == 0 and ok.stdout.startswith("OK")
    assert run_cli("verify", str(project / "dist" / "demo-1.0.0.tar")).returncode == 0
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=folder).returncode == 0
    bagit.Bag(str(folder)).validate()

    def damaged(change) -> str:
        copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(folder, copy)
        change(copy)
        done = run_cli("verify", str(copy))
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        return done.stdout

    shard = "data/posts/train-00000-of-00001.parquet"
    flipped = damaged(
        lambda c: (c / shard).write_bytes(bytes([(c / shard).read_bytes()[0] ^ 1]) + (c / shard).read_bytes()[1:])
    )
    assert f"BAD {shard}: changed" in flipped
    assert f"BAD {shard}: changed" in damaged(lambda c: (c / shard).write_bytes((c / shard).read_bytes()[:100]))
    assert "BAD README.md: missing" in damaged(lambda c: (c / "README.md").unlink())
    assert "BAD notes.txt: extra file" in damaged(lambda c: (c / "notes.txt").write_text("x"))
    assert "BAD data/.gitattributes: extra file" in damaged(lambda c: (c / "data/.gitattributes").write_text("x"))
    # A download from the Hub brings the repository's .gitattributes and huggingface_hub's bookkeeping:
    # the release inside is whole, so it verifies.
    downloaded = tmp_path / "downloaded"
    shutil.copytree(folder, downloaded)
    (downloaded / ".gitattributes").write_text("*.parquet filter=lfs diff=lfs merge=lfs -text\n")
    (downloaded / ".cache/huggingface/download").mkdir(parents=True)
    (downloaded / ".cache/huggingface/download/README.md.metadata").write_text("abc\n")
    fetched = run_cli("verify", str(downloaded))
    assert fetched.returncode == 0 and fetched.stdout.startswith("OK"), fetched.stdout + fetched.stderr
    broken_tar = tmp_path / "broken.tar"
    broken_tar.write_bytes((project / "dist" / "demo-1.0.0.tar").read_bytes()[:5000])
    assert run_cli("verify", str(broken_tar)).returncode == 1


def test_versions_bump_changelog_and_diff_agree_with_the_truth(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    raw = project / "raw"
    (raw / "_posts/2020-01-04-added.md").write_text(post(title="新增"), encoding="utf-8")
    (raw / "_posts/2020-01-03-second.md").write_text(post(title="第二篇（修订）"), encoding="utf-8")
    (raw / "_posts/notes.txt").unlink()
    (raw / "postimg/a.png").write_bytes(png_bytes(color=(0, 0, 255)))
    done = release(project, "--bump", "minor")
    assert done.returncode == 0, done.stderr
    old, new = project / "dist" / "demo-1.0.0", project / "dist" / "demo-1.1.0"
    changes = diff_releases(old, new)
    assert changes.tables["posts"].added == ["_posts/2020-01-04-added.md"]
    assert changes.tables["posts"].removed == []
    assert [c["key"] for c in changes.tables["posts"].changed] == ["_posts/2020-01-03-second.md"]
    assert changes.tables["rejects"].removed == ["_posts/notes.txt"]
    assert [c["key"] for c in changes.tables["images"].changed] == ["postimg/a.png"]
    changelog = (new / "CHANGELOG.md").read_text()
    assert "against 1.0.0" in changelog
    for line in ("added `_posts/2020-01-04-added.md`", "changed `_posts/2020-01-03-second.md`",
                 "removed `_posts/notes.txt`", "changed `postimg/a.png`"):  # fmt: skip
        assert line in changelog
    as_json = json.loads(run_cli("diff", str(old), str(project / "dist" / "demo-1.1.0.tar"), "--json").stdout)
    assert as_json["posts"]["added"] == ["_posts/2020-01-04-added.md"]
    assert as_json == changes.to_dict()
    text = run_cli("diff", str(old), str(new)).stdout
    assert "posts: 1 added, 0 removed, 1 changed" in text
    assert json.loads((new / "manifest.json").read_text())["previous"] == "1.0.0"
    (raw / "_posts/2020-01-04-added.md").unlink()
    assert release(project, "--bump", "patch").returncode == 0
    assert diff_releases(new, project / "dist" / "demo-1.1.1").tables["posts"].removed == ["_posts/2020-01-04-added.md"]


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "01.0.0", "1.0.0-rc1"])
def test_only_semantic_versions(tmp_path: Path, version: str) -> None:
    project = make_project(tmp_path / "p")
    done = release(project, "--version", version)
    # A usage error (exit 2), like any malformed option value, found before anything is read.
    assert done.returncode == 2 and "not a semantic version" in done.stderr
    assert not (project / "dist").exists()


def test_restore_gives_back_every_post_reject_and_image_byte_for_byte(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "raw/_posts/2020-01-05-gbk.md").write_bytes("---\ntitle: 国标\n---\n正文\n".encode("gb18030"))
    assert release(project).returncode == 0
    for source in (project / "dist/demo-1.0.0", project / "dist/demo-1.0.0.tar"):
        out = tmp_path / f"restored-{source.suffix or 'folder'}"
        done = run_cli("restore", str(source), str(out))
        assert done.returncode == 0, done.stderr
        expected = {k: v for k, v in tree_hashes(project / "raw").items() if not k.startswith("_config")}
        expected.pop("postimg/gone.jpg", None)
        got = tree_hashes(out)
        assert got.pop("_config.yml") and got == expected  # the configuration is written from the manifest
    assert run_cli("restore", str(project / "dist/demo-1.0.0"), str(out)).returncode == 1  # not empty


@pytest.mark.parametrize("site", ["jekyll", "hexo-settings", "hugo-languages"])
def test_a_restored_site_collects_to_the_rows_of_its_release(site: str, tmp_path: Path) -> None:
    # The release holds no configuration file; restore writes one from the manifest (timezone, generator
    # settings), so collecting the restored folder gives the release's rows, not rows read another way.
    if site == "jekyll":
        page = "---\ntitle: {}\ndate: 2020-01-02 23:30:00\n---\n{}\n"
        project = make_project(
            tmp_path / "p",
            {
                "_posts/2020-01-02-a.md": page.format("纽约", "一篇在纽约时间写的文章。"),
                "_posts/2020-01-03-b.txt": page.format("文本", "markdown_ext 里的扩展名。"),
                "drafts/_posts/2020-01-04-c.md": page.format("排除", "在被排除的文件夹里。"),
            },
        )
        (project / "raw/_config.yml").write_text(
            "timezone: America/New_York\nmarkdown_ext: md,txt\nexclude: [drafts]\n", encoding="utf-8"
        )
    else:
        project = make_project(tmp_path / "p", {})
        shutil.rmtree(project / "raw")
        shutil.copytree(REPO / "tests/fixtures/sites" / site, project / "raw")
    assert release(project).returncode == 0
    out = tmp_path / "restored"
    done = run_cli("restore", str(project / "dist/demo-1.0.0"), str(out))
    assert done.returncode == 0, done.stderr
    assert "the site settings the release records" in done.stdout
    collected = run_cli("collect", "--raw", str(out), "--out", str(tmp_path / "again"), "--no-cache")
    assert collected.returncode == 0, collected.stderr
    assert "configuration sets no" not in collected.stderr  # the zone is the recorded one, not assumed
    for table in ("posts", "images", "rejects"):
        released = pq.read_table(project / "dist/demo-1.0.0/data" / table).to_pylist()
        again = pq.read_table(tmp_path / "again/data" / table).to_pylist()
        assert again == released, table


def test_links_out_of_the_site_are_kept_as_rejects_and_not_restored(tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("secret", encoding="utf-8")
    project = make_project(
        tmp_path / "p", {"_posts/2020-01-01-a.md": post(), "_posts/out.md": Link(str(tmp_path / "secret.md"))}
    )
    assert release(project).returncode == 0
    assert run_cli("restore", str(project / "dist/demo-1.0.0"), str(tmp_path / "r")).returncode == 0
    assert sorted(tree_hashes(tmp_path / "r")) == ["_config.yml", "_posts/2020-01-01-a.md"]


def test_name_and_previous_options(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    bad = release(project, "--name", "../escape")
    assert bad.returncode == 1 and "dataset name" in bad.stderr
    assert not (tmp_path / "escape-1.0.0").exists()
    assert release(project, "--name", "other", "--version", "0.1.0").returncode == 0
    assert release(project, "--name", "other", "--version", "0.2.0").returncode == 0
    first = project / "dist" / "other-0.1.0"
    done = release(project, "--name", "other", "--version", "0.3.0", "--previous", str(first))
    assert done.returncode == 0, done.stderr
    assert json.loads((project / "dist/other-0.3.0/manifest.json").read_text())["previous"] == "0.1.0"
    assert "against 0.1.0" in (project / "dist/other-0.3.0/CHANGELOG.md").read_text()
    assert json.loads((project / "dist/other-0.2.0/manifest.json").read_text())["previous"] == "0.1.0"


def test_a_bump_into_an_empty_dist_or_without_changes_says_so_on_stderr(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    first = release(project, "--bump", "patch")  # nothing to bump: the configured version, and a note
    assert first.returncode == 0 and "changed since" not in first.stderr, first.stderr
    dist = project / "dist"
    note = f"note: --bump patch: no earlier release of demo in {dist} to bump, so this is the first version (1.0.0)\n"
    assert note in first.stderr and first.stdout.splitlines()[-1].endswith("demo-1.0.0")
    same = release(project, "--bump", "patch")
    assert same.returncode == 0 and "no earlier release" not in same.stderr, same.stderr
    assert "note: no post, image or reject changed since 1.0.0\n" in same.stderr
    assert same.stdout.splitlines()[-1].endswith("demo-1.0.1")  # the release is still made
    assert "0 added, 0 removed, 0 changed" in (project / "dist/demo-1.0.1/CHANGELOG.md").read_text()
    (project / "raw/_posts/2020-01-04-added.md").write_text(post(title="新增"), encoding="utf-8")
    changed = release(project, "--bump", "patch")
    assert changed.returncode == 0 and "changed since" not in changed.stderr, changed.stderr


def test_control_characters_in_names_and_titles_are_escaped_in_every_listing(tmp_path: Path) -> None:
    body = "一段足够长的正文，用来让两篇文章成为近似重复，字母和数字都要超过五十个才行。" * 3
    project = make_project(
        tmp_path / "p",
        {
            "_posts/2020-01-01-a\x1b[31mred.md": post(title="甲\u202e乙", body=body),
            "_posts/2020-01-02-b\rx.md": post(title="丙\u2028丁", body=body + "多一句。"),
        },
    )
    assert release(project, "--version", "0.1.0").returncode == 0
    (project / "raw/_posts/2020-01-03-c\x1bnew.md").write_text(post(), encoding="utf-8")
    (project / "raw/_posts/2020-01-02-b\rx.md").write_text(post(body=body + "改了。"), encoding="utf-8")
    assert release(project, "--version", "0.2.0").returncode == 0
    new = project / "dist/demo-0.2.0"
    outputs = {
        "diff": run_cli("diff", str(project / "dist/demo-0.1.0"), str(new)).stdout,
        "duplicates": run_cli("duplicates", str(new)).stdout,
        "show": run_cli("show", str(new), "_posts/2020-01-01-a\x1b[31mred.md").stdout,
        "stats": run_cli("stats", str(new)).stdout,
        "CHANGELOG.md": (new / "CHANGELOG.md").read_bytes().decode("utf-8"),  # no newline translation
    }
    for name, text in outputs.items():
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e\u2028]", text), name
    assert "+ _posts/2020-01-03-c\\x1bnew.md" in outputs["diff"]
    assert "_posts/2020-01-01-a\\x1b[31mred.md  甲\\u202e乙" in outputs["duplicates"]
    assert "`_posts/2020-01-02-b\\rx.md`" in outputs["CHANGELOG.md"]
    assert "甲\\u202e乙" in outputs["show"]


def test_diff_of_two_datasets_names_them_and_warns(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    assert release(project, "--name", "other", "--dataset-version", "0.1.0").returncode == 0
    done = run_cli("diff", str(project / "dist/demo-1.0.0"), str(project / "dist/other-0.1.0"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "demo 1.0.0 → other 0.1.0"
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("warning: ") and "two datasets" in done.stderr
    as_json = json.loads(
        run_cli("diff", str(project / "dist/demo-1.0.0"), str(project / "dist/other-0.1.0"), "--json").stdout
    )
    assert (as_json["old_name"], as_json["new_name"]) == ("demo", "other")
    assert release(project, "--bump", "patch").returncode == 0
    same = run_cli("diff", str(project / "dist/demo-1.0.0"), str(project / "dist/demo-1.0.1"))
    assert same.stdout.splitlines()[0] == "1.0.0 → 1.0.1" and same.stderr == ""
