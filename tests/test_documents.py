"""The release documents, checked with the real consumers: mlcroissant, frictionless, datasets, YAML."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
from datetime import datetime
from pathlib import Path

import datasets
import mlcroissant as mlc
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from frictionless import Checklist, Package
from PIL import Image

from archiver.documents import DOCUMENTS, card, datasheet, render_documents, write_documents
from archiver.metadata import DEFAULTED_FIELDS, DEFAULTS, FileEntry, ProjectSettings, ReleaseInfo, TableInfo
from archiver.tables import PARQUET_SETTINGS, SCHEMAS, shard_name

REPO_ROOT = Path(__file__).resolve().parents[1]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _post(index: int, title: str, platform: str | None) -> dict:
    path = f"_posts/2018-0{index + 1}-01-post-{index}.md"
    credit = "原文来自微信公众号「某号」"
    body = f"{credit}\n正文第{index}篇。\n"
    raw = f"---\ntitle: {title}\n---\n{body}".encode()
    evidence = [{"field": "original_account", "value": "某号", "line": 4, "text": credit}] if platform else []
    return {
        "post_id": hashlib.sha256(path.encode()).hexdigest()[:16],
        "path": path,
        "path_bytes": None,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "size_bytes": len(raw),
        "raw": raw,
        "encoding": "utf-8",
        "front_matter_format": "yaml",
        "front_matter": json.dumps({"title": title}, ensure_ascii=False),
        "title": title,
        "date": datetime(2018, index + 1, 1, 4, 0),
        "date_raw": f"2018-0{index + 1}-01",
        "date_source": "filename",
        "author": None,
        "tags": ["存档", "删除"],
        "categories": [],
        "layout": "post",
        "draft": False,
        "body": body,
        "text": f"正文第{index}篇。" if index < 2 else "",  # the third is only images: empty text, not missing
        "image_count": 2 if index == 0 else 0,
        "is_repost": platform is not None,
        "source_platform": platform,
        "original_account": "某号" if platform else None,
        "original_account_id": None,
        "source_outlet": None,
        "original_url": "https://mp.weixin.qq.com/s/abc" if platform == "wechat" else None,
        "original_author": None,
        "original_deleted": index == 0,
        "account_description": None,
        "provenance_evidence": evidence,
        "duplicate_group": hashlib.sha256(path.encode()).hexdigest()[:16],
        "duplicate_similarity": 1.0,
        "title_source": "front_matter",
        "published": True,
        "category_paths": [],
    }


def _rows() -> dict[str, list[dict]]:
    posts = [_post(0, "删除的文章", "wechat"), _post(1, "微博长文", "weibo"), _post(2, "豆瓣日记", None)]
    png = _png()
    image = {
        "post_id": posts[0]["post_id"],
        "post_path": posts[0]["path"],
        "syntax": "markdown",
        "url": None,
        "resolved_path_bytes": None,
        "reason": None,
    }
    images = [
        {
            **image,
            "position": 0,
            "src": "/assets/a.png",
            "alt": "图",
            "resolved_path": "assets/a.png",
            "status": "present",
            "media_key": None,
            "sha256": hashlib.sha256(png).hexdigest(),
            "size_bytes": len(png),
            "mime": "image/png",
            "width": 3,
            "height": 2,
            "image": {"bytes": png, "path": "assets/a.png"},
        },
        {
            **image,
            "position": 1,
            "src": "/assets/gone.jpg",
            "alt": None,
            "resolved_path": "assets/gone.jpg",
            "status": "missing",
            "media_key": None,
            "sha256": None,
            "size_bytes": None,
            "mime": None,
            "width": None,
            "height": None,
            "image": None,
        },
    ]
    bad = b"\xff\xfe\x00"
    rejects = [
        {
            "path": "_posts/bad.md",
            "path_bytes": None,
            "sha256": hashlib.sha256(bad).hexdigest(),
            "size_bytes": len(bad),
            "reason": "undecodable",
            "message": "不能解码",
            "line": None,
            "raw": bad,
        }
    ]
    return {"posts": posts, "images": images, "rejects": rejects}


STATISTICS = {
    "candidates": 4,
    "posts": 3,
    "rejects": {"undecodable": 1},
    "images": {"missing": 1, "present": 1},
    "reposts": 2,
    "provenance": {
        "original_account": 2,
        "original_account_id": 0,
        "source_platform": 2,
        "source_outlet": 0,
        "original_url": 1,
        "original_author": 0,
        "original_deleted": 1,
    },
}


def build_release(folder: Path, shards: dict[str, int] | None = None, **settings_changes) -> ReleaseInfo:
    """Write the three tables as Parquet shards into folder/data/<table>/ and describe them."""
    shards = shards or {}
    tables: dict[str, TableInfo] = {}
    entries: list[FileEntry] = []
    for name, rows in _rows().items():
        count = shards.get(name, 1)
        files = []
        for index in range(count):
            relative = f"data/{name}/{shard_name(index, count)}"
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            table = pa.Table.from_pylist(rows[index::count], schema=SCHEMAS[name])
            pq.write_table(table, target, **PARQUET_SETTINGS)
            data = target.read_bytes()
            entries.append(FileEntry(relative, len(data), hashlib.sha256(data).hexdigest()))
            files.append(relative)
        tables[name] = TableInfo(name, len(rows), SCHEMAS[name], files, "0" * 64)
    settings = dataclasses.replace(ProjectSettings.load(REPO_ROOT / "pyproject.toml"), **settings_changes)
    return ReleaseInfo(
        settings=settings,
        version="0.2.0",
        released=datetime(2024, 5, 6, 7, 8, 9),
        tables=tables,
        data_files=entries,
        previous="0.1.0",
        statistics=STATISTICS,
    )


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> tuple[ReleaseInfo, Path]:
    folder = tmp_path_factory.mktemp("release") / "terminus-archive-0.2.0"
    info = build_release(folder, hub_repo_id="archiver-project/terminus-archive")
    template = datasheet.load_template(REPO_ROOT)
    assert template is not None, "the repository's DATASHEET.md template is missing"
    written = write_documents(info, folder, template)
    assert written == list(DOCUMENTS)
    return info, folder


def _card_header(text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, "the card has no YAML header"
    return yaml.safe_load(match.group(1))


def test_croissant_validates_and_reads_records(release):
    info, folder = release
    dataset = mlc.Dataset(jsonld=folder / "croissant.json")
    assert not dataset.metadata.issues.errors, dataset.metadata.issues.report()
    assert not dataset.metadata.issues.warnings, dataset.metadata.issues.report()
    posts = list(dataset.records("posts"))
    assert len(posts) == info.tables["posts"].rows
    first = next(post for post in posts if post["posts/title"] == "删除的文章".encode())
    assert first["posts/tags"] == ["存档".encode(), "删除".encode()]
    assert first["posts/provenance_evidence"][0]["posts/provenance_evidence/line"] == 4
    images = list(dataset.records("images"))
    assert len(images) == 2
    decoded = [row["images/image"] for row in images if row["images/image"] is not None]
    assert len(decoded) == 1 and decoded[0].size == (3, 2)
    assert len(list(dataset.records("rejects"))) == 1


def test_croissant_describes_every_shard(release):
    info, folder = release
    document = json.loads((folder / "croissant.json").read_text(encoding="utf-8"))
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    assert {"cr", "sc", "rai"} <= set(document["@context"])
    objects = {node["contentUrl"]: node for node in document["distribution"] if node["@type"] == "cr:FileObject"}
    assert set(objects) == {entry.path for entry in info.data_files}
    for entry in info.data_files:
        assert objects[entry.path]["sha256"] == entry.sha256
        assert objects[entry.path]["contentSize"] == f"{entry.bytes} B"
        assert objects[entry.path]["encodingFormat"] == "application/x-parquet"
    images = next(rs for rs in document["recordSet"] if rs["@id"] == "images")
    post_id = next(field for field in images["field"] if field["name"] == "post_id")
    assert post_id["references"] == {"field": {"@id": "posts/post_id"}}


def test_croissant_reads_multi_shard_tables(tmp_path):
    info = build_release(tmp_path, shards={"posts": 2, "images": 2})
    write_documents(info, tmp_path, None)
    dataset = mlc.Dataset(jsonld=tmp_path / "croissant.json")
    assert not dataset.metadata.issues.errors, dataset.metadata.issues.report()
    assert len(list(dataset.records("posts"))) == 3
    assert len(list(dataset.records("images"))) == 2
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    posts = next(resource for resource in package["resources"] if resource["name"] == "posts")
    assert posts["path"] == info.tables["posts"].files and "hash" not in posts


def test_datapackage_is_valid(release):
    info, folder = release
    descriptor = folder / "datapackage.json"
    report = Package.validate_descriptor(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])
    # Data validation: frictionless reads Parquet through pandas, which turns nullable integers into
    # NaN, lists into numpy arrays and binary into bytes, none of which its type checks accept, and it
    # cannot count a Parquet resource's bytes; those two checks are skipped, the rest (header, required
    # values, primary key, foreign keys, row shape) run on the real files.
    package = Package(str(descriptor))
    report = package.validate(checklist=Checklist(skip_errors=["type-error", "byte-count"]))
    assert report.valid, report.flatten(["type", "note"])
    assert [task.stats["rows"] for task in report.tasks] == [
        info.tables[t].rows for t in ("posts", "images", "rejects")
    ]
    document = json.loads(descriptor.read_text(encoding="utf-8"))
    posts, images, _ = document["resources"]
    assert posts["schema"]["primaryKey"] == ["post_id"]
    assert images["schema"]["foreignKeys"] == [
        {"fields": ["post_id"], "reference": {"resource": "posts", "fields": ["post_id"]}}
    ]
    entry = next(e for e in info.data_files if e.path == posts["path"])
    assert posts["hash"] == f"sha256:{entry.sha256}" and posts["bytes"] == entry.bytes
    assert document["created"] == "2024-05-06T07:08:09Z" and document["version"] == "0.2.0"
    types = {field["name"]: field for field in posts["schema"]["fields"]}
    assert types["date"]["type"] == "datetime" and types["tags"]["type"] == "array"
    assert types["raw"] == {**types["raw"], "type": "string", "format": "binary"}


def test_datapackage_rejects_a_broken_foreign_key(tmp_path):
    info = build_release(tmp_path)
    write_documents(info, tmp_path, None)
    images = tmp_path / info.tables["images"].files[0]
    table = pq.read_table(images)
    broken = table.set_column(0, "post_id", pa.array(["0000000000000000"] * len(table)))
    pq.write_table(broken, images)
    report = Package(str(tmp_path / "datapackage.json")).validate(
        checklist=Checklist(skip_errors=["type-error", "byte-count"])
    )
    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


def test_card_header(release):
    info, folder = release
    header = _card_header((folder / "README.md").read_text(encoding="utf-8"))
    configs = {config["config_name"]: config for config in header["configs"]}
    assert list(configs) == ["posts", "images", "rejects"]
    assert configs["posts"]["default"] is True
    assert not any(config.get("default") for name, config in configs.items() if name != "posts")
    assert configs["posts"]["data_files"] == [{"split": "train", "path": "data/posts/*.parquet"}]
    assert header["license"] == "other" and header["license_name"] == "archival-copies"
    assert header["size_categories"] == ["n<1K"] and header["language"] == ["zh"]
    dataset_info = {item["config_name"]: item for item in header["dataset_info"]}
    for name, table in info.tables.items():
        features = datasets.Features._from_yaml_list(dataset_info[name]["features"])
        assert features == datasets.Features.from_arrow_schema(table.schema)
        assert dataset_info[name]["splits"][0]["num_examples"] == table.rows
        assert dataset_info[name]["splits"][0]["num_bytes"] > 0
    features = {item["name"]: item for item in dataset_info["posts"]["features"]}
    assert features["date"]["dtype"] == "timestamp[us, tz=UTC]"
    assert {item["name"]: item for item in dataset_info["images"]["features"]}["image"]["dtype"] == "image"


def test_card_prose(release):
    info, folder = release
    text = (folder / "README.md").read_text(encoding="utf-8")
    for table in info.tables.values():
        for field in table.schema:
            assert f"| `{field.name}` |" in text
    assert "hf://datasets/archiver-project/terminus-archive@v0.2.0/data/posts/*.parquet" in text
    assert "FROM 'data/posts/*.parquet'" in text and "provenance_evidence" in text
    assert "copyright stays with the original authors" in text
    assert "@misc{terminus_archive_0_2_0," in text


def test_load_dataset_reads_the_release(release, tmp_path):
    info, folder = release
    posts = datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "cache"))
    assert posts["train"].num_rows == info.tables["posts"].rows
    assert "post_id" in posts["train"].column_names
    assert posts["train"].features["date"] == datasets.Value("timestamp[us, tz=UTC]")
    images = datasets.load_dataset(str(folder), "images", split="train", cache_dir=str(tmp_path / "cache"))
    assert isinstance(images.features["image"], datasets.Image)
    decoded = [row["image"] for row in images]
    assert sum(image is not None for image in decoded) == 1
    assert next(image for image in decoded if image is not None).size == (3, 2)


def test_datasheet_is_filled(release):
    info, folder = release
    text = (folder / "DATASHEET.md").read_text(encoding="utf-8")
    assert "${" not in text and not re.search(r"\$[A-Za-z_]", text)
    for section in ("Motivation", "Composition", "Collection process", "Uses", "Distribution", "Maintenance"):
        assert f"## {section}" in text
    assert "## Preprocessing" in text
    assert "4 candidate files: 3 became posts" in text and "| undecodable | 1 |" in text


def test_datasheet_rejects_unknown_placeholders(release):
    info, _ = release
    with pytest.raises(KeyError):
        datasheet.render(info, "# ${no_such_placeholder}\n")
    fallback = datasheet.render(info, None)
    assert "${" not in fallback and "0.2.0" in fallback


def test_citation(release):
    info, folder = release
    cff = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == "0.2.0" and str(cff["date-released"]) == "2024-05-06"
    assert cff["authors"] == [{"name": "archiver contributors"}]
    assert "license" not in cff  # "other" is not an SPDX id
    assert cff["title"] and cff["message"]


def test_no_authors_no_citation_file_and_no_placeholder(tmp_path):
    # CFF requires authors: rather than the dataset's name posing as one, there is no CITATION.cff.
    info = build_release(tmp_path, authors=[])
    written = write_documents(info, tmp_path, None)
    assert written == [name for name in DOCUMENTS if name != "CITATION.cff"]
    assert not (tmp_path / "CITATION.cff").exists()
    text = "".join((tmp_path / name).read_text(encoding="utf-8") for name in written)
    assert "CITATION.cff" not in text and "author = {" not in text
    assert json.loads((tmp_path / "croissant.json").read_text())["creator"] == []
    assert (
        "`CITATION.cff`"
        in render_documents(build_release(tmp_path, authors=["A. Person"]), tmp_path, None)["README.md"]
    )


def test_readme_gives_the_default_of_each_defaulted_field():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for key in DEFAULTED_FIELDS:
        value = DEFAULTS[key]
        assert f"`{value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}`" in readme, key


def test_spdx_license_and_no_hub_repo(tmp_path):
    info = build_release(tmp_path, license="cc-by-4.0", hub_repo_id=None)
    documents = render_documents(info, tmp_path, None)
    cff = yaml.safe_load(documents["CITATION.cff"])
    assert cff["license"] == "CC-BY-4.0" and "url" not in cff
    header = _card_header(documents["README.md"])
    assert header["license"] == "cc-by-4.0" and "license_name" not in header
    # no Hub repo configured: nothing points at a made-up place, and the local snippets stay
    assert "ORG/NAME" not in "".join(documents.values()) and "hf://" not in documents["README.md"]
    assert "huggingface.co" not in documents["CITATION.cff"] + documents["croissant.json"]
    assert "pd.read_parquet(" in documents["README.md"]
    package = json.loads(documents["datapackage.json"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_rendering_is_deterministic(release):
    info, folder = release
    template = datasheet.load_template(REPO_ROOT)
    first = render_documents(info, folder, template)
    second = render_documents(info, folder, template)
    assert first == second
    for name, text in first.items():
        assert (folder / name).read_bytes() == text.encode("utf-8")
        assert text.endswith("\n") and "\r" not in text
    for name in ("croissant.json", "datapackage.json"):
        assert first[name] == json.dumps(json.loads(first[name]), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_card_features_are_spelled_as_datasets_spells_them():
    # The card writes the features itself (no `datasets` at release time); the pinned `datasets` must agree.
    odd = pa.schema(
        [
            pa.field("when", pa.timestamp("us", tz="UTC")),
            pa.field("day", pa.date32()),
            pa.field("score", pa.float64()),
            pa.field("nested", pa.list_(pa.list_(pa.string()))),
            pa.field("pair", pa.struct([pa.field("a", pa.int8()), pa.field("b", pa.list_(pa.int64()))])),
        ]
    )
    for schema in [*SCHEMAS.values(), odd]:
        assert card.features_yaml(schema) == datasets.Features.from_arrow_schema(schema)._to_yaml_list()


def test_card_and_datasheet_print_it(release) -> None:
    """How often each provenance column is right (archiver/provenance/accuracy.json), in both documents."""
    _, folder = release
    for document in ("README.md", "DATASHEET.md"):
        text = (folder / document).read_text(encoding="utf-8")
        assert "| column | accuracy | precision | recall |" in text, document
        assert "| `original_author` |" in text and "real posts" in text
