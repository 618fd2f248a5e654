"""`archiver stats` and `archiver show` against counts and rows read directly from the Parquet tables."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from archiver.collect import PROVENANCE_FIELDS, collect
from archiver.show import post_view
from archiver.stats import dataset_stats
from tests.conftest import run_cli
from tests.sample_site import write_sample_site

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stats")
    site = write_sample_site(root / "site")
    done = run_cli("release", "--raw", str(site), "--dist", str(root / "dist"), "--version", "1.0.0", env=EPOCH)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


def _table(release: Path, name: str) -> pa.Table:
    return pq.read_table(release / "data" / name)


def test_stats_json_agrees_with_the_tables(release: Path) -> None:
    done = run_cli("stats", str(release), "--json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    posts = _table(release, "posts").to_pandas()
    images = _table(release, "images").to_pandas()
    rejects = _table(release, "rejects").to_pandas()

    assert stats["posts"] == len(posts) == 10
    assert stats["reposts"] == int(posts["is_repost"].sum())
    assert stats["drafts"] == int(posts["draft"].sum()) == 1
    assert stats["candidates"] == len(posts) + len(rejects)
    local = pd.to_datetime(posts["date_local"])  # the calendar day in the site's zone
    assert stats["date_range"] == {
        "first": local.min().date().isoformat(),
        "last": local.max().date().isoformat(),
        "undated": int(local.isna().sum()),
        "from": "date_local",
    }
    assert posts["source_platform"].isna().any()  # the posts crediting no platform are counted as unknown
    assert stats["platforms"] == dict(Counter(posts["source_platform"].fillna("unknown")))
    months = Counter(zip(local.dt.strftime("%Y-%m"), posts["source_platform"].fillna("unknown"), strict=True))
    assert {(m, p): n for m, counts in stats["posts_per_month"].items() for p, n in counts.items()} == dict(months)
    accounts = posts["original_account"].value_counts()
    assert {a["name"]: a["posts"] for a in stats["top_accounts"]} == accounts.to_dict()
    assert stats["top_accounts"][0] == {"name": "晨读小站", "posts": 3}
    assert stats["accounts"] == posts["original_account"].nunique()
    assert {o["name"]: o["posts"] for o in stats["top_outlets"]} == posts["source_outlet"].value_counts().to_dict()
    deleted = int(posts["original_deleted"].sum())
    assert stats["originals_deleted"] == {
        "posts": deleted,
        "of_reposts": int(posts["is_repost"].sum()),
        "share": deleted / int(posts["is_repost"].sum()),
    }
    for name in PROVENANCE_FIELDS:
        assert stats["provenance"][name]["posts"] == int(posts[name].notna().sum()), name
    assert stats["images"]["by_status"] == dict(Counter(images["status"]))
    assert stats["images"]["total"] == len(images) == 3
    assert stats["rejects"]["by_reason"] == dict(Counter(rejects["reason"]))


def test_the_datasheet_and_card_carry_the_same_numbers(release: Path) -> None:
    stats = dataset_stats(release)
    datasheet = (release / "DATASHEET.md").read_text(encoding="utf-8")
    assert f"The collect run saw {stats.candidates} candidate files: {stats.posts} became posts" in datasheet
    assert f"({stats.reposts} of them are" in datasheet
    for name, count in stats.provenance.items():
        assert f"| {name} | {count} |" in datasheet
    for status, count in stats.images.items():
        assert f"| {status} | {count} |" in datasheet


def test_stats_of_a_site_a_tarball_and_a_release_agree_with_collect(release: Path, tmp_path: Path) -> None:
    site = write_sample_site(tmp_path / "site")
    summary = collect(site, tmp_path / "out", workers=1)
    from_tables = dataset_stats(tmp_path / "out", summary.timezone)
    assert from_tables.summary() == summary.to_dict()  # the collect counts and the table counts are one
    outputs = {
        source: run_cli("stats", str(source), "--json")
        for source in (site, tmp_path / "out", release, release.with_name(release.name + ".tar"))
    }
    assert all(done.returncode == 0 for done in outputs.values()), [d.stderr for d in outputs.values()]
    assert len({done.stdout for done in outputs.values()}) == 1


def test_days_and_months_are_the_sites_not_utcs(tmp_path: Path) -> None:
    from tests.conftest import post, write_site

    site = write_site(tmp_path / "site", {"_posts/2016-12-01-a.md": post(date="2016-12-01")})  # 2016-11-30 in UTC
    stats = json.loads(run_cli("stats", str(site), "--json").stdout)
    assert stats["date_range"]["first"] == "2016-12-01" and list(stats["posts_per_month"]) == ["2016-12"]


def test_stats_text_lists_accounts_with_their_counts(release: Path) -> None:
    done = run_cli("stats", str(release))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.split() == ["晨读小站", "3"] for line in lines)
    assert any(line.startswith("deleted") and "4 of 9 reposts" in line for line in lines)
    assert any(line.split()[:2] == ["malformed_front_matter", "1"] for line in lines)
    # A post whose platform is not stated is counted under `unknown`, as an undated one is under `undated`.
    start = lines.index("platforms (posts)") + 1
    platforms = lines[start : next(i for i, line in enumerate(lines) if line.startswith("top original accounts"))]
    assert any(line.split()[0] == "unknown" for line in platforms) and "none" not in " ".join(platforms)


def test_stats_of_something_else_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = run_cli("stats", str(tmp_path / "empty"))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "error:" in done.stderr and str(tmp_path / "empty") in done.stderr


def test_a_recorded_zone_is_checked_as_a_sites_own_is(release: Path, tmp_path: Path) -> None:
    # One check for a zone, wherever it is read: the manifest's gets the site configuration's rule and words.
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    recorded = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    for zone, error in [
        ("Mars/Olympus", "unknown timezone 'Mars/Olympus' (not an IANA zone name like Asia/Shanghai)"),
        ("localtime", "unknown timezone 'localtime'"),  # the machine's zone: would differ between machines
        (8, "timezone must be a zone name like Asia/Shanghai, not 8"),
    ]:
        (copy / "manifest.json").write_text(json.dumps({**recorded, "timezone": zone}), encoding="utf-8")
        done = run_cli("stats", str(copy))
        assert done.returncode == 1 and done.stderr.count("\n") == 1
        assert done.stderr.startswith(f"error: {copy / 'manifest.json'}: {error}"), done.stderr
    (copy / "manifest.json").write_text(json.dumps({**recorded, "timezone": " Asia/Tokyo "}), encoding="utf-8")
    assert run_cli("stats", str(copy)).returncode == 0  # written with spaces, as a site may: the same zone


def test_show_gives_each_value_with_its_evidence_line(release: Path, tmp_path: Path) -> None:
    done = run_cli("show", str(release), "_posts/2018-03-05-b.md", "--json")
    assert done.returncode == 0, done.stderr
    view = json.loads(done.stdout)
    assert view["title"] == "河堤散步" and view["path"] == "_posts/2018-03-05-b.md"
    raw_lines = write_sample_site(tmp_path / "site").joinpath("_posts/2018-03-05-b.md").read_text().splitlines()
    account = view["provenance"]["original_account"]
    assert account["value"] == "晨读小站"
    assert account["evidence"] and all(raw_lines[e["line"] - 1] == e["text"] for e in account["evidence"])
    assert view["provenance"]["original_deleted"]["value"] is True
    assert view["text_head"][0] == "河堤散步的正文第一段。"

    by_id = run_cli("show", str(release), view["post_id"], "--json")
    by_name = run_cli("show", str(release), "2018-03-05-b.md", "--json")
    assert json.loads(by_id.stdout) == json.loads(by_name.stdout) == view

    text = run_cli("show", str(release), "2018-03-05-b.md")
    assert text.returncode == 0, text.stderr
    evidence_line = account["evidence"][0]
    assert f"line {evidence_line['line']}: {evidence_line['text']}" in text.stdout
    assert "original_account    晨读小站" in text.stdout


def test_show_lists_the_images_with_status(release: Path) -> None:
    view = json.loads(run_cli("show", str(release), "2018-03-01-a.md", "--json").stdout)
    assert [(i["status"], i["resolved_path"], i["width"]) for i in view["images"]] == [("present", "postimg/a.png", 40)]


def test_show_unknown_or_ambiguous_post_is_one_line(release: Path) -> None:
    done = run_cli("show", str(release), "nope.md")
    assert done.returncode == 1
    assert done.stderr.startswith("error: nope.md: no post") and done.stderr.count("\n") == 1
    # A file the release holds as a reject is named as one, with its reason, not as unknown.
    rejected = run_cli("show", str(release), "2018-08-30-broken.md")
    assert rejected.returncode == 1 and rejected.stderr.count("\n") == 1
    assert rejected.stderr.startswith("error: 2018-08-30-broken.md: not a post but a reject (malformed_front_matter: ")
    assert "path _posts/2018-08-30-broken.md" in rejected.stderr


def test_show_names_the_rule_when_evidence_has_one(tmp_path: Path) -> None:
    evidence = pa.struct(
        [
            ("field", pa.string()),
            ("value", pa.string()),
            ("line", pa.int32()),
            ("text", pa.string()),
            ("rule", pa.string()),
        ]
    )
    table = pa.table(
        {
            "post_id": ["abc", "def"],
            "path": ["_posts/x.md", "_drafts/x.md"],
            "title": ["标题", "草稿"],
            "original_account": ["晨读小站", None],
            "text": ["正文", ""],
            "provenance_evidence": pa.array(
                [
                    [
                        {
                            "field": "original_account",
                            "value": "晨读小站",
                            "line": 7,
                            "text": "原文来自「晨读小站」",
                            "rule": "credit_line",
                        }
                    ],
                    [],
                ],
                pa.list_(evidence),
            ),
        }
    )
    (tmp_path / "data" / "posts").mkdir(parents=True)
    pq.write_table(table, tmp_path / "data" / "posts" / "train-00000-of-00001.parquet")
    view = post_view(tmp_path, "abc")
    assert view["provenance"]["original_account"]["evidence"] == [
        {"line": 7, "text": "原文来自「晨读小站」", "value": "晨读小站", "rule": "credit_line"}
    ]
    done = run_cli("show", str(tmp_path), "_posts/x.md")
    assert done.returncode == 0, done.stderr
    assert "line 7: 原文来自「晨读小站」  [rule: credit_line]" in done.stdout
    ambiguous = run_cli("show", str(tmp_path), "x.md")
    assert ambiguous.returncode == 1
    assert "error: x.md: 2 posts have a path ending so (_posts/x.md, _drafts/x.md)" in ambiguous.stderr


def test_every_command_help_ends_with_exit_codes_and_an_example() -> None:
    from archiver.cli import EXIT_CODES, main

    for name in main.commands:
        done = run_cli(name, "--help")
        assert done.returncode == 0, name
        text = " ".join(done.stdout.split())
        assert "Exit codes: 0 done; 1 failed" in text and "2 usage error" in text, name
        assert f"Example: archiver {name} " in text, name
    top = " ".join(run_cli("--help").stdout.split())  # the group's own help ends with them too, in the same words
    assert top.endswith(EXIT_CODES), top
    usage = run_cli("show")
    assert usage.returncode == 2 and "Missing argument" in usage.stderr
