"""The `archiver` command as a user runs it: real subprocesses, exit codes, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import png_bytes, post, run_cli, write_site


def test_collect_prints_a_summary_and_exits_0_with_rejects(site: Path, tmp_path: Path) -> None:
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "posts       3" in done.stdout
    assert "not_a_post" in done.stdout
    assert "_posts/notes.txt: not_a_post: not a post" in done.stdout  # names the file
    assert "present" in done.stdout and "missing" in done.stdout
    assert "original_account" in done.stdout
    assert pq.read_table(tmp_path / "out" / "data" / "posts").num_rows == 3


def test_strict_makes_a_reject_an_error(site: Path, tmp_path: Path) -> None:
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"), "--strict")
    assert done.returncode == 1
    assert "error: --strict: 1 file rejected" in done.stderr
    clean = write_site(tmp_path / "clean", {"_posts/2020-01-01-a.md": post()})
    assert run_cli("collect", "--raw", str(clean), "--out", str(tmp_path / "out2"), "--strict").returncode == 0


def test_counts_in_messages_agree_in_number(tmp_path: Path) -> None:
    """`1 post`, `1 reject`, `1 rejected file`, `2 files`: never `1 rejects` nor `file(s)`."""
    one = write_site(
        tmp_path / "one",
        {
            "_posts/2020-01-02-a.md": post(body="![图](/postimg/a.png)\n原文来自微信公众号「示例号」\n正文。"),
            "_posts/notes.txt": "not a post\n",
            "postimg/a.png": png_bytes(),
        },
    )
    dist = tmp_path / "dist"
    args = ("--name", "t", "--dataset-version", "1.0.0", "--date", "2024-01-01", "-q")
    done = run_cli("release", "--raw", str(one), "--dist", str(dist), *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2].startswith("1 post (1 repost), 1 reject, 1 image (1 present); "), done.stdout
    assert f"note: 1 file rejected, kept as rows of {dist / 't-1.0.0'}/data/rejects" in done.stderr
    restored = run_cli("restore", str(dist / "t-1.0.0"), str(tmp_path / "back"))
    assert restored.stdout.startswith(f"restored 1 post, 1 rejected file and 1 image into {tmp_path / 'back'}\n")
    (one / "_posts/more.txt").write_text("not a post either\n", encoding="utf-8")
    strict = run_cli("collect", "--raw", str(one), "--out", str(tmp_path / "out"), "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "error: --strict: 2 files rejected (see " in strict.stderr, strict.stderr


def test_release_strict_writes_nothing_when_a_file_is_rejected(site: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    args = ("release", "--raw", str(site), "--dist", str(dist), "--name", "t", "--dataset-version", "1.0.0")
    done = run_cli(*args, "--strict", "--date", "2024-01-01", "-q")
    assert done.returncode == 1, done.stderr
    assert "_posts/notes.txt: not_a_post: not a post" in done.stderr  # the file that stopped it, named
    assert done.stderr.strip().splitlines()[-1] == "error: --strict: 1 file rejected, so nothing was released"
    assert "Traceback" not in done.stderr
    assert not dist.exists() or not any(dist.iterdir())  # no release, no staging debris
    # without --strict the same archive is released, its reject a row of data/rejects
    assert run_cli(*args, "--date", "2024-01-01", "-q").returncode == 0
    assert pq.read_table(dist / "t-1.0.0" / "data" / "rejects").num_rows == 1
    clean = write_site(tmp_path / "clean", {"_posts/2020-01-01-a.md": post()})
    strict_clean = ("release", "--raw", str(clean), "--dist", str(tmp_path / "d2"), "--name", "c", "--strict")
    assert run_cli(*strict_clean, "--date", "2024-01-01", "-q").returncode == 0


def test_bad_raw_is_one_line_naming_it(tmp_path: Path) -> None:
    done = run_cli("collect", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert str(tmp_path / "nope") in done.stderr


def test_bad_site_config_is_one_line_naming_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-a.md": post()}, config="timezone: Mars/Olympus\n")
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "_config.yml" in done.stderr


@pytest.mark.parametrize("zone", ["localtime", "right/UTC"])
def test_a_timezone_that_is_the_machines_or_not_canonical_is_refused(tmp_path: Path, zone: str) -> None:
    # `localtime` is a link to the machine's own zone: the same site would give other dates on another machine
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-a.md": post()}, config=f"timezone: {zone}\n")
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "_config.yml" in done.stderr and repr(zone) in done.stderr and "Traceback" not in done.stderr


def test_defaults_collect_raw_into_build(tmp_path: Path) -> None:
    write_site(tmp_path / "raw", {"_posts/2020-01-01-a.md": post()})
    done = run_cli("collect", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert pq.read_table(tmp_path / "build" / "data" / "posts").num_rows == 1


def test_a_malformed_site_configuration_is_a_one_line_configuration_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "raw", {"_posts/2020-01-01-a.md": post()}, config="title: [unclosed\n")
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "_config.yml: invalid YAML site configuration: " in done.stderr and "front matter" not in done.stderr


def test_control_characters_in_a_file_name_are_shown_escaped_never_as_new_lines(tmp_path: Path) -> None:
    # a name that would print a forged line of its own, and one that would show the rest of its line reversed
    names = [
        "_posts/2020-01-01-a\rerror: all good\n.md",
        "_posts/2020-01-02-b\u202egpj.md",
        "_posts/2020-01-03-c\x1b\x85.md",
    ]
    site = write_site(tmp_path / "site", dict.fromkeys(names, "---\ntitle: [unclosed\n---\n正文。\n"))
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "2020-01-01-a\\rerror: all good\\n.md" in done.stderr
    write_site(site, {"_posts/2020-01-04-fine.md": post()})
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out2"))
    assert done.returncode == 0, done.stderr
    shown = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("_posts/")]
    assert [line.split(".md")[0] for line in shown] == [
        "_posts/2020-01-01-a\\rerror: all good\\n",
        "_posts/2020-01-02-b\\u202egpj",
        "_posts/2020-01-03-c\\x1b\\x85",
    ]
    for text in (done.stdout, done.stderr):
        assert not any(character in text for character in "\r\x1b\x85\u202e")
