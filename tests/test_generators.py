"""Generators: fixture sites of each generator and shape (tests/fixtures/sites/NAME/) give the rows in NAME.json.

NAME.json holds
  "generator"  the generator detection must choose,
  "posts"      path -> the columns (a subset) its posts row must have; timestamps as ISO text,
  "rejects"    path -> reason code, for every other file under the post folders,
  "images"     "post path #position" -> the columns its images row must have (optional).
Every file listed is exactly one row, and no other row exists: what a site holds outside its post
folders (a `_site/` copy, `vendor/`, excluded folders) must not appear.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from archiver.collect import collect
from archiver.generators import GENERATORS, choose

SITES = Path(__file__).parent / "fixtures" / "sites"


def read_rows(out: Path, table: str) -> list[dict[str, Any]]:
    return [
        row for shard in sorted((out / "data" / table).glob("*.parquet")) for row in pq.read_table(shard).to_pylist()
    ]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def site_rows(site: Path, out: Path, generator: str | None = None) -> dict[str, Any]:
    """The rows collect gives for a site, shaped like a fixture's JSON (every column of every row)."""
    collect(site, out, workers=1, generator=generator)
    posts = {row["path"]: {k: plain(v) for k, v in row.items()} for row in read_rows(out, "posts")}
    rejects = {row["path"]: row for row in read_rows(out, "rejects")}
    images = {f"{row['post_path']}#{row['position']}": row for row in read_rows(out, "images")}
    return {"posts": posts, "rejects": rejects, "images": images}


@pytest.mark.parametrize("spec", sorted(SITES.glob("*.json")), ids=lambda p: p.stem)
def test_fixture_site(spec: Path, tmp_path: Path) -> None:
    case = json.loads(spec.read_text(encoding="utf-8"))
    site = SITES / spec.stem
    assert choose(site).name == case["generator"]
    got = site_rows(site, tmp_path / "out")
    assert sorted(got["posts"]) == sorted(case["posts"]), "posts"
    for path, expect in case["posts"].items():
        assert {key: got["posts"][path][key] for key in expect} == expect, path
    assert {path: row["reason"] for path, row in got["rejects"].items()} == case["rejects"]
    for path, row in got["rejects"].items():  # a file the generator skips is kept, bytes and all
        assert row["raw"] == (site / path).read_bytes(), path
    for key, expect in case.get("images", {}).items():
        assert {k: got["images"][key][k] for k in expect} == expect, key


def test_every_generator_has_a_fixture_site() -> None:
    detected = {json.loads(spec.read_text(encoding="utf-8"))["generator"] for spec in SITES.glob("*.json")}
    assert detected == set(GENERATORS)
