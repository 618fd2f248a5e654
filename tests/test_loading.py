"""A real release, loaded by every tool a researcher reaches for: same rows, same provenance values."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import bagit
import datasets
import duckdb
import mlcroissant as mlc
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest
import yaml

from archiver.metadata import ProjectSettings
from archiver.release.build import build_release
from tests.conftest import REPO, SAMPLE_POST, png_bytes, post, write_site

PROVENANCE = ["path", "is_repost", "source_platform", "original_account", "original_account_id", "source_outlet",
              "original_url", "original_author", "original_deleted"]  # fmt: skip


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("loading")
    site = write_site(
        root / "raw",
        {
            "_posts/" + SAMPLE_POST.name: SAMPLE_POST.read_bytes(),
            "_posts/2019-05-01-weibo.md": post(
                title="微博长文", date="2019-05-01", body="来源：微博 @某用户\n![](/postimg/a.png)\n正文。"
            ),
            "_posts/2020-02-02-plain.md": post(title="原创", body="自己写的。"),
            "_drafts/bad.md": "---\ntitle: [unclosed\n---\n",
            "postimg/a.png": png_bytes(),
        },
    )
    settings = dataclasses.replace(ProjectSettings.load(REPO / "pyproject.toml"), hub_repo_id="demo-org/demo")
    outcome = build_release(
        site, root / "dist", settings=settings, version="2.1.0",
        datasheet_template=(REPO / "DATASHEET.md").read_text(encoding="utf-8"), echo=lambda _: None,
    )  # fmt: skip
    return outcome.folder


def manifest_rows(release: Path, table: str) -> int:
    return json.loads((release / "manifest.json").read_text())["tables"][table]["rows"]


def reference(release: Path) -> list[dict]:
    frame = pd.read_parquet(release / "data" / "posts", columns=PROVENANCE)
    return frame.sort_values("path").astype(object).where(frame.notna(), None).to_dict("records")


def test_datasets_gives_posts_by_default_and_images_with_the_image_feature(release: Path) -> None:
    posts = datasets.load_dataset(str(release), split="train")
    assert "original_account" in posts.column_names and posts.num_rows == manifest_rows(release, "posts")
    images = datasets.load_dataset(str(release), "images", split="train")
    assert isinstance(images.features["image"], datasets.Image)
    assert images.num_rows == manifest_rows(release, "images")
    present = [row for row in images if row["status"] == "present"]
    assert present and present[0]["image"].size == (3, 2)
    rejects = datasets.load_dataset(str(release), "rejects", split="train")
    assert rejects.num_rows == manifest_rows(release, "rejects") == 1
    by_path = {row["path"]: row for row in posts.select_columns(PROVENANCE)}
    assert [by_path[r["path"]] for r in reference(release)] == reference(release)


def test_pandas_pyarrow_duckdb_and_polars_agree(release: Path) -> None:
    expected = reference(release)
    assert len(expected) == manifest_rows(release, "posts") == 3
    table = ds.dataset(release / "data" / "posts", format="parquet").to_table(columns=PROVENANCE)
    assert sorted(table.to_pylist(), key=lambda r: r["path"]) == expected
    glob = str(release / "data" / "posts" / "*.parquet")
    cursor = duckdb.sql(f"SELECT {', '.join(PROVENANCE)} FROM '{glob}' ORDER BY path")
    assert [dict(zip(PROVENANCE, row, strict=True)) for row in cursor.fetchall()] == expected
    assert pl.read_parquet(glob).select(PROVENANCE).sort("path").to_dicts() == expected
    sample = next(r for r in expected if r["path"].endswith(SAMPLE_POST.name))
    assert sample["original_account"] == "青岛公安反诈骗服务号"


def test_dates_are_utc_instants_with_the_local_day_beside_them(release: Path) -> None:
    # A date-only post of a UTC+8 site: the instant is 16:00 UTC the day before; the day is the one it gives.
    frame = pd.read_parquet(release / "data" / "posts", columns=["path", "date", "date_local"])
    sample = frame[frame.path.str.endswith(SAMPLE_POST.name)].iloc[0]
    assert sample.date == pd.Timestamp("2021-09-06 16:00:00", tz="UTC")
    assert str(sample.date_local) == "2021-09-07"
    query = f"SELECT typeof(date), typeof(date_local) FROM '{release}/data/posts/*.parquet' LIMIT 1"
    assert duckdb.sql(query).fetchall()[0] == ("TIMESTAMP WITH TIME ZONE", "DATE")


def test_card_declares_configs_and_features_from_the_real_files(release: Path) -> None:
    card = (release / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(card.split("---\n")[1])
    configs = {c["config_name"]: c for c in header["configs"]}
    assert configs["posts"].get("default") is True and set(configs) == {"posts", "images", "rejects"}
    info = {i["config_name"]: i for i in header["dataset_info"]}
    assert info["posts"]["splits"][0]["num_examples"] == manifest_rows(release, "posts")
    assert {"name": "image", "dtype": "image"} in info["images"]["features"]
    for snippet in (
        "load_dataset(",
        "pd.read_parquet(",
        "pyarrow.dataset",
        "FROM 'data/posts/*.parquet'",
        "pl.read_parquet(",
    ):
        assert snippet in card
    assert re.search(r"hf://datasets/[^@\s]+@v2\.1\.0/data/posts", card)


def test_metadata_files_validate_with_their_own_tools(release: Path) -> None:
    bagit.Bag(str(release)).validate()
    dataset = mlc.Dataset(jsonld=str(release / "croissant.json"))
    assert len(list(dataset.records("posts"))) == manifest_rows(release, "posts")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mlcroissant")), "validate", "--jsonld", str(release / "croissant.json")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    sums = (release / "SHA256SUMS").read_text()
    tags = (release / "tagmanifest-sha256.txt").read_text()
    for name in ("croissant.json", "datapackage.json", "CITATION.cff", "README.md", "DATASHEET.md", "manifest.json"):
        assert f"  {name}\n" in sums and f"  {name}\n" in tags
    citation = yaml.safe_load((release / "CITATION.cff").read_text())
    package = json.loads((release / "datapackage.json").read_text())
    croissant = json.loads((release / "croissant.json").read_text())
    assert citation["version"] == package["version"] == croissant["version"] == "2.1.0"


def local_loader_lines(release: Path) -> list[str]:
    """The card's `load_dataset` lines that read the local release folder (the Hub line needs a network)."""
    card = (release / "README.md").read_text(encoding="utf-8")
    block = card.split("**🤗 Datasets**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if "load_dataset(" in line and "revision=" not in line]


def run_loader_lines(release: Path, lines: list[str], monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(release.parent)  # the card says: run them from the folder that holds the release
    namespace: dict = {"load_dataset": datasets.load_dataset}
    for line in lines:
        exec(line, namespace)  # each line as the card prints it
    return namespace


def test_card_loader_lines_run_as_printed(release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = local_loader_lines(release)
    assert [line.split(" =")[0] for line in lines] == ["posts", "images", "rejects"]
    loaded = run_loader_lines(release, lines, monkeypatch)
    assert loaded["rejects"].num_rows == 1 and loaded["posts"].num_rows == manifest_rows(release, "posts")


def test_card_of_a_release_without_rejects_has_no_rejects_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "raw", {"_posts/2020-02-02-plain.md": post(title="原创", body="自己写的。")})
    outcome = build_release(
        site, tmp_path / "dist", settings=ProjectSettings.load(REPO / "pyproject.toml"), version="1.0.0",
        echo=lambda _: None,
    )  # fmt: skip
    assert manifest_rows(outcome.folder, "rejects") == 0 == manifest_rows(outcome.folder, "images")
    card = (outcome.folder / "README.md").read_text(encoding="utf-8")
    assert '"rejects", split=' not in card and "# no rejects in this release" in card
    lines = local_loader_lines(outcome.folder)
    assert [line.split(" =")[0] for line in lines] == ["posts"]
    assert run_loader_lines(outcome.folder, lines, monkeypatch)["posts"].num_rows == 1
    with pytest.raises(ValueError, match="corresponds to no data"):  # why the line is left out
        datasets.load_dataset(str(outcome.folder), "rejects", split="train")
