"""Collect end to end: real sites in temp folders, real Parquet read back with pyarrow and pandas."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from archiver.collect import collect, post_id, reject_row
from archiver.reasons import REASONS
from archiver.tables import SCHEMAS, ShardWriter, to_batch
from tests.conftest import SAMPLE_POST, Link, png_bytes, post, write_site


def table(out: Path, name: str) -> pa.Table:
    files = sorted((out / "data" / name).glob("*.parquet"))
    assert files, f"no shards for {name}"
    return pa.concat_tables([pq.read_table(f) for f in files])


def test_accounting_every_candidate_is_one_row(site: Path, tmp_path: Path) -> None:
    summary = collect(site, tmp_path / "out")
    posts, rejects = table(tmp_path / "out", "posts"), table(tmp_path / "out", "rejects")
    assert summary.candidates == 4
    assert posts.num_rows + rejects.num_rows == summary.candidates
    assert sorted(posts.column("path").to_pylist()) == [
        "_drafts/unfinished.md",
        "_posts/2020-01-02-first.md",
        "_posts/2020-01-03-second.md",
    ]
    assert rejects.to_pylist()[0]["path"] == "_posts/notes.txt"
    assert rejects.to_pylist()[0]["reason"] == "not_a_post"  # no YYYY-M-D- name: Jekyll makes no post of it
    assert rejects.to_pylist()[0]["raw"] == b"not a post\n"
    drafts = {r["path"]: r["draft"] for r in posts.select(["path", "draft"]).to_pylist()}
    assert drafts == {
        "_drafts/unfinished.md": True,
        "_posts/2020-01-02-first.md": False,
        "_posts/2020-01-03-second.md": False,
    }


def test_tables_read_back_with_the_declared_types(site: Path, tmp_path: Path) -> None:
    collect(site, tmp_path / "out")
    for name, schema in SCHEMAS.items():
        got = table(tmp_path / "out", name)
        assert got.schema.equals(schema, check_metadata=False), name
        frame = pd.read_parquet(tmp_path / "out" / "data" / name)
        assert list(frame.columns) == schema.names
    frame = pd.read_parquet(tmp_path / "out" / "data" / "posts")
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["size_bytes"].dtype == "int64"
    assert frame["is_repost"].dtype == bool
    images = pd.read_parquet(tmp_path / "out" / "data" / "images")
    assert set(images["status"]) == {"present", "missing"}


def test_images_present_and_missing(site: Path, tmp_path: Path) -> None:
    collect(site, tmp_path / "out")
    rows = {r["src"]: r for r in table(tmp_path / "out", "images").to_pylist()}
    present = rows["{{ site.baseurl }}/postimg/a.png"]
    assert present["status"] == "present"
    assert present["resolved_path"] == "postimg/a.png"
    assert present["image"]["bytes"] == png_bytes()
    assert (present["width"], present["height"], present["mime"]) == (3, 2, "image/png")
    assert present["post_id"] == post_id("_posts/2020-01-02-first.md")
    missing = rows["/postimg/missing.jpg"]
    assert (missing["status"], missing["syntax"], missing["alt"], missing["image"]) == ("missing", "html", "x", None)


def test_sample_post_row(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/" + SAMPLE_POST.name: SAMPLE_POST.read_bytes()})
    collect(site, tmp_path / "out")
    row = table(tmp_path / "out", "posts").to_pylist()[0]
    assert row["raw"] == SAMPLE_POST.read_bytes()
    assert row["original_account"] == "青岛公安反诈骗服务号"
    assert row["original_account_id"] == "gh_c6d2e2993263"
    assert row["source_platform"] == "wechat"
    assert row["source_outlet"] == "大众报业·半岛新闻"
    assert row["is_repost"] is True and row["original_deleted"] is False
    assert row["account_description"].startswith("宣传防范电信网络诈骗犯罪知识")
    assert row["image_count"] == 6
    assert row["text"].startswith("9月1日，青岛市打击治理电信网络新型违法犯罪工作联席会议")
    assert row["text"].rstrip().endswith("在各自分会场组织收听收看。")
    for boilerplate in (
        "点击上方蓝字关注",
        "扫描二维码关注",
        "点分享",
        "点点赞",
        "点在看",
        "微信号",
        "功能介绍",
        "postimg",
    ):
        assert boilerplate not in row["text"]
    assert row["date"].isoformat() == "2021-09-06T16:00:00+00:00"  # midnight in Asia/Shanghai, in UTC
    assert row["date_local"].isoformat() == "2021-09-07"  # the day the post gives
    assert row["provenance_evidence"], "every provenance value comes with its source line"
    images = table(tmp_path / "out", "images").to_pylist()
    assert [i["status"] for i in images] == ["missing"] * 6  # the sample's images are not in the archive
    assert all(i["media_key"] for i in images)


def test_no_byte_from_outside_the_site_reaches_any_output(tmp_path: Path) -> None:
    secret = b"TOP-SECRET-OUTSIDE-" + os.urandom(8).hex().encode()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_bytes(b"---\ntitle: x\n---\n" + secret)
    (outside / "secret.png").write_bytes(png_bytes() + secret)
    body = "\n".join(
        [
            "![a](../../outside/secret.png)",
            "![b](/../outside/secret.png)",
            f"![c](file://{outside}/secret.png)",
            f"![d]({outside}/secret.png)",
            "![e](/postimg/link.png)",
            "![f](%2e%2e/%2e%2e/outside/secret.png)",
        ]
    )
    site = write_site(
        tmp_path / "site",
        {
            "_posts/2020-01-01-a.md": post(body=body),
            "_posts/2020-01-02-link.md": Link(str(outside / "secret.md")),
            "_posts/linked-folder": Link(str(outside)),
            "postimg/link.png": Link(str(outside / "secret.png")),
        },
    )
    summary = collect(site, tmp_path / "out")
    assert summary.candidates == 3
    for shard in (tmp_path / "out").rglob("*.parquet"):
        for row in pq.read_table(shard).to_pylist():
            assert secret not in repr(row).encode() and secret.decode() not in repr(row), shard
    images = table(tmp_path / "out", "images").to_pylist()
    assert [i["status"] for i in images] == ["refused"] * 6
    reasons = sorted(r["reason"] for r in table(tmp_path / "out", "rejects").to_pylist())
    assert reasons == ["symlink_outside_site", "symlink_outside_site"]


def test_a_category_folder_linked_outside_the_site_is_a_reject_not_a_silence(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "_posts").mkdir(parents=True)
    (outside / "_posts" / "2020-01-05-far.md").write_text(post())
    site = write_site(
        tmp_path / "site",
        {"_posts/2020-01-01-a.md": post(), "news": Link(str(outside)), "logo": Link(str(outside / "_posts"))},
    )
    (site / "_config.yml").write_text("timezone: UTC\nexclude: [logo]\n")
    summary = collect(site, tmp_path / "out")
    rejects = table(tmp_path / "out", "rejects").to_pylist()
    # Jekyll would have looked in news/ for _posts/; the link is named, never walked (logo/ is excluded).
    assert [(r["path"], r["reason"]) for r in rejects] == [("news", "symlink_outside_site")]
    assert "outside the site root" in rejects[0]["message"] and rejects[0]["raw"] is None
    assert summary.candidates == 2 and table(tmp_path / "out", "posts").column("path").to_pylist() == [
        "_posts/2020-01-01-a.md"
    ]


def test_symlinks_inside_the_site_are_followed_once(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "_posts/2020-01-01-a.md": post(),
            "_posts/2020-01-02-alias.md": Link("2020-01-01-a.md"),
            "_posts/loop": Link("."),
            "_drafts/dangling.md": Link("nowhere.md"),
        },
    )
    summary = collect(site, tmp_path / "out")
    posts, rejects = table(tmp_path / "out", "posts"), table(tmp_path / "out", "rejects")
    assert posts.num_rows + rejects.num_rows == summary.candidates == 4
    assert sorted(posts.column("path").to_pylist()) == ["_posts/2020-01-01-a.md", "_posts/2020-01-02-alias.md"]
    assert sorted(rejects.column("reason").to_pylist()) == ["broken_symlink", "symlink_loop"]


HOSTILE = {
    "_posts/2020-01-01-bom-crlf.md": b"\xef\xbb\xbf---\r\ntitle: t\r\n---\r\nbody\r\n",
    "_posts/2020-01-02-gbk.md": "---\ntitle: 标题\n---\n中文正文，用国标编码保存。\n".encode("gb18030"),
    "_posts/2020-01-03-bad-utf8.md": b"---\ntitle: t\n---\nok \xff\xfe broken\n",
    "_posts/2020-01-04-nul.md": b"---\ntitle: t\n---\nbefore\x00after\n",
    "_posts/2020-01-05-unclosed.md": b"---\ntitle: t\nbody without end\n",
    "_posts/2020-01-06-malformed.md": b"---\ntitle: [unclosed\n---\nbody\n",
    "_posts/2020-01-07-list.md": b"---\n- a\n- b\n---\nbody\n",
    "_posts/2020-01-08-tag.md": b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nbody\n",
    "_posts/2020-01-09-bomb.md": (
        b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        b"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
        b"---\nbody\n"
    ),
    "_posts/2020-01-10-toml.md": b'+++\ntitle = "t"\ndate = 2020-01-10T08:00:00+08:00\n+++\nbody\n',
    "_posts/2020-01-11-none.md": b"just text, no front matter\n",
    "_posts/2020-01-12-number.md": b"---\ntitle: 2046\ntags: one two\ncategories:\n---\nbody\n",
    "_posts/2020-01-13-misspelt.md": b"---\ntitel: t\nautor: someone\ndate: 2021/9/7\n---\nbody\n",
    "_posts/2020-01-14-words.md": b"---\ntitle: t\ndate: sometime last spring\n---\nbody\n",
    "_posts/2020-01-15-big.md": b"---\ntitle: big\n---\n" + ("\u6b63\u6587" * 40 + "\n").encode() * 90_000,
    "_posts/undated.md": b"---\ntitle: t\n---\nbody\n",
    "_posts/image.png": png_bytes(),
}


def test_hostile_inputs_end_as_rows_with_reasons(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", HOSTILE)
    summary = collect(site, tmp_path / "out", workers=2)
    posts = {r["path"]: r for r in table(tmp_path / "out", "posts").to_pylist()}
    rejects = {r["path"]: r for r in table(tmp_path / "out", "rejects").to_pylist()}
    assert len(posts) + len(rejects) == summary.candidates == len(HOSTILE)
    for path, data in HOSTILE.items():  # nothing is lost: every file's exact bytes are in one table
        row = posts.get(path) or rejects[path]
        assert row["raw"] == data, path
    assert posts["_posts/2020-01-01-bom-crlf.md"]["title"] == "t"
    assert posts["_posts/2020-01-02-gbk.md"]["encoding"] == "gb18030"
    assert posts["_posts/2020-01-02-gbk.md"]["title"] == "标题"
    assert "\x00" not in posts["_posts/2020-01-04-nul.md"]["body"]
    assert posts["_posts/2020-01-10-toml.md"]["front_matter_format"] == "toml"
    assert posts["_posts/2020-01-10-toml.md"]["date"].isoformat() == "2020-01-10T00:00:00+00:00"
    assert posts["_posts/2020-01-11-none.md"]["front_matter_format"] == "none"
    assert posts["_posts/2020-01-11-none.md"]["date_source"] == "filename"
    assert posts["_posts/2020-01-12-number.md"]["title"] == "2046"
    assert posts["_posts/2020-01-12-number.md"]["tags"] == ["one", "two"]
    assert posts["_posts/2020-01-12-number.md"]["categories"] == []
    assert '"titel": "t"' in posts["_posts/2020-01-13-misspelt.md"]["front_matter"]
    assert posts["_posts/2020-01-13-misspelt.md"]["date"].isoformat() == "2021-09-06T16:00:00+00:00"
    assert posts["_posts/2020-01-14-words.md"]["date_source"] == "filename"
    assert posts["_posts/2020-01-14-words.md"]["date_raw"] == "sometime last spring"
    assert posts["_posts/2020-01-15-big.md"]["size_bytes"] > 10_000_000
    expected = {
        "_posts/2020-01-05-unclosed.md": "unclosed_front_matter",
        "_posts/2020-01-06-malformed.md": "malformed_front_matter",
        "_posts/2020-01-07-list.md": "front_matter_not_mapping",
        "_posts/2020-01-08-tag.md": "unsafe_yaml_tag",
        "_posts/2020-01-09-bomb.md": "yaml_alias_bomb",
        "_posts/image.png": "unsupported_extension",
        "_posts/undated.md": "not_a_post",
    }
    assert {path: rejects[path]["reason"] for path in expected} == expected
    assert all(rejects[path]["message"] for path in expected)
    assert all(row["reason"] in REASONS for row in rejects.values())  # every code is documented
    assert rejects["_posts/2020-01-06-malformed.md"]["line"] in (2, 3)  # where YAML notices the open list


def test_writer_streams_in_row_groups_and_shards(tmp_path: Path) -> None:
    writer = ShardWriter(tmp_path / "rejects", "rejects", row_group_bytes=4_000, shard_bytes=20_000)
    for index in range(40):
        data = os.urandom(1_000)
        writer.write(
            {
                "path": f"_posts/{index}.bin",
                "path_bytes": None,
                "sha256": None,
                "size_bytes": 1000,
                "reason": "r",
                "message": "m",
                "line": None,
                "raw": data,
            }
        )
    shards = writer.close()
    assert len(shards) > 1
    assert [s.name for s in shards][0] == f"train-00000-of-{len(shards):05d}.parquet"
    assert all(pq.ParquetFile(s).metadata.num_row_groups >= 1 for s in shards)
    assert max(pq.ParquetFile(s).metadata.row_group(0).num_rows for s in shards) <= 4
    assert sum(pq.ParquetFile(s).metadata.num_rows for s in shards) == 40


def test_writer_end_writes_the_same_row_groups_and_refuses_more_rows(tmp_path: Path) -> None:
    rows = [reject_row(f"_posts/{i}.bin", "r", "m", None, os.urandom(1_500)) for i in range(9)]
    shards = {}
    for ended in (False, True):
        writer = ShardWriter(tmp_path / str(ended), "rejects", row_group_bytes=4_000)
        for row in rows:
            writer.write(row)
        if ended:
            writer.end()  # the last row group starts being written before close()
            writer.write_batch(to_batch("rejects", []), [])  # an empty batch is no row
            with pytest.raises(ValueError, match="after end"):
                writer.write(rows[0])
        shards[ended] = writer.close()
    assert [shard.read_bytes() for shard in shards[True]] == [shard.read_bytes() for shard in shards[False]]


def test_empty_site_still_writes_every_table_when_allowed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {})
    summary = collect(site, tmp_path / "out", allow_no_posts=True)
    assert summary.candidates == 0
    for name in SCHEMAS:
        assert table(tmp_path / "out", name).num_rows == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_output_is_the_same_whatever_the_number_of_workers(tmp_path: Path, workers: int) -> None:
    files: dict[str, str | bytes | Link] = {
        f"_posts/2020-01-{i % 28 + 1:02d}-p{i}.md": post(title=f"t{i}") for i in range(80)
    }
    # Some chunks with images and rejects, most without: a worker spills only the batches that hold rows
    files |= {f"_posts/2020-02-01-img{i}.md": post(body=f"![图](/postimg/{i}.png)\n正文。") for i in range(0, 80, 9)}
    files |= {f"postimg/{i}.png": png_bytes() for i in range(0, 80, 18)}
    files |= {f"_posts/2020-02-02-bad{i}.md": "---\ntitle: [unclosed\n---\nx\n" for i in range(0, 80, 13)}
    site = write_site(tmp_path / "site", files)
    collect(site, tmp_path / f"out{workers}", workers=workers)
    reference = tmp_path / "reference"
    if not reference.exists():
        collect(site, reference, workers=1)
    for shard in reference.rglob("*.parquet"):
        assert shard.read_bytes() == (tmp_path / f"out{workers}" / shard.relative_to(reference)).read_bytes()


def test_collecting_again_into_the_same_folder_replaces_the_shards(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = out / "data" / "posts" / "train-00001-of-00002.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left by an earlier run")
    collect(site, out)
    assert sorted(p.name for p in (out / "data" / "posts").iterdir()) == ["train-00000-of-00001.parquet"]
    assert table(out, "posts").num_rows == 3


def test_progress_reports_every_chunk_up_to_the_total(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {f"_posts/2020-01-01-p{i}.md": post() for i in range(40)})
    calls: list[tuple[int, int]] = []
    collect(site, tmp_path / "out", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (40, 40)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls) and len(calls) > 1


def test_a_misspelled_row_key_fails_loudly_instead_of_becoming_a_null_column() -> None:
    row = reject_row("_posts/a.md", "unreadable", "cannot be read", None, None)
    assert to_batch("rejects", [row]).num_rows == 1
    row["mesage"] = row.pop("message")
    with pytest.raises(ValueError, match=r"unknown keys \['mesage'\], missing keys \['message'\]"):
        to_batch("rejects", [row])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the address-space limit is set in the child before exec")
def test_running_out_of_memory_stops_the_run_instead_of_rejecting_the_file(tmp_path: Path) -> None:
    # A reject here would make the release depend on the machine: the same tree fits elsewhere.
    import resource
    import subprocess
    import sys

    from tests.conftest import REPO

    site = tmp_path / "site"
    write_site(site, {"_posts/2020-01-01-a.md": post(body="![](/img/x.bmp)\n" * 150), "_posts/2020-01-02-b.md": post()})
    (site / "img").mkdir()
    (site / "img/x.bmp").write_bytes(b"BM" + os.urandom(10 * 1024 * 1024))  # held once per reference: 1.5 GB

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))

    done = subprocess.run(
        [sys.executable, "-m", "archiver", "collect", "-q", "--raw", str(site), "--out", str(tmp_path / "out"),
         "--no-cache", "--workers", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=600, preexec_fn=limited,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith("error: _posts/2020-01-01-a.md: out of memory while reading it")
