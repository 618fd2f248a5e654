"""`README.md`: the Hugging Face dataset card of a release.

The YAML header's `dataset_info` spells the declared Arrow schemas the way `datasets` writes them
(`features_yaml`; a test checks it against `Features.from_arrow_schema` of the pinned `datasets`), so
the Hub and `load_dataset` see exactly the types the Parquet files carry (the image struct as `image`,
dates as timestamps). Written here rather than by `datasets` so that the card's bytes do not depend on
which `datasets` is installed, and a release does not need it.

Split sizes: `num_examples` is the table's row count; `num_bytes` (and
`dataset_size`) is the uncompressed Parquet data size read from the shards' footers
(`parquet_data_bytes`), `download_size` the shards' file sizes. Without measured sizes the
`splits` block is left out rather than filled with made-up numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pyarrow as pa
import yaml

from archiver.documents._common import (
    arrow_type_text,
    bibtex,
    count_table,
    field_description,
    figures_markdown,
    file_sizes,
    generator_markdown,
    hub_url,
    license_label,
    markdown_cell,
    released_date,
    repo_id,
    size_category,
    table_names,
)
from archiver.duplicates import MIN_CHARS, TRUNCATION_ALLOWANCE
from archiver.metadata import ReleaseInfo
from archiver.provenance import accuracy
from archiver.reasons import REASONS

DEFAULT_CONFIG = "posts"
HUB_UNSET = "<hub_repo_id unset>"  # never written out: lines naming it are dropped

TABLE_PURPOSE = {
    "posts": "one row per archived article: the file's exact bytes, its parsed front matter, the "
    "article as plain text, and the provenance read from it.",
    "images": "one row per image reference in a post body, with the image's bytes when the file was "
    "present in the archive.",
    "rejects": "one row per file that could not become a post, with the reason and (where readable) "
    "the file's exact bytes, so nothing is silently dropped.",
}


def _configs(info: ReleaseInfo) -> list[dict[str, Any]]:
    configs = []
    for table in table_names(info):
        config: dict[str, Any] = {"config_name": table}
        if table == DEFAULT_CONFIG:
            config["default"] = True
        config["data_files"] = [{"split": "train", "path": f"data/{table}/*.parquet"}]
        configs.append(config)
    return configs


def _image_columns(schema: pa.Schema) -> set[str]:
    """Columns the schema's `huggingface` metadata declares as images."""
    raw = (schema.metadata or {}).get(b"huggingface")
    if not raw:
        return set()
    features = json.loads(raw).get("info", {}).get("features", {})
    return {name for name, feature in features.items() if isinstance(feature, dict) and feature.get("_type") == "Image"}


def _feature(type_: pa.DataType) -> dict[str, Any]:
    """One Arrow type as a `datasets` feature in card YAML: {"dtype": ...}, {"list": ...} or {"struct": [...]}."""
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        inner = _feature(type_.value_type)
        return {"list": inner.get("dtype") or inner.get("struct") or inner}
    if pa.types.is_struct(type_):
        return {"struct": [{"name": child.name, **_feature(child.type)} for child in type_]}
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return {"dtype": "string"}
    if pa.types.is_binary(type_) or pa.types.is_large_binary(type_):
        return {"dtype": "binary"}
    if pa.types.is_boolean(type_):
        return {"dtype": "bool"}
    if pa.types.is_floating(type_):
        return {"dtype": f"float{type_.bit_width}"}
    if pa.types.is_date32(type_):
        return {"dtype": "date32"}
    return {"dtype": str(type_)}  # int32, int64, timestamp[us, tz=UTC], ...


def features_yaml(schema: pa.Schema) -> list[dict[str, Any]]:
    """A schema's `features` list as `datasets` writes it in a card (structs at the top level are listed as such)."""
    images = _image_columns(schema)
    features = []
    for field in schema:
        feature = {"dtype": "image"} if field.name in images else _feature(field.type)
        if "struct" in feature:
            feature = {"struct": feature["struct"]}
        features.append({"name": field.name, **feature})
    return features


def dataset_info_yaml(info: ReleaseInfo, split_bytes: Mapping[str, int] | None) -> list[dict[str, Any]]:
    """The `dataset_info` list of the card header, as `datasets` writes it."""
    sizes = file_sizes(info)
    infos = []
    for table in table_names(info):
        table_info = info.tables[table]
        entry: dict[str, Any] = {"config_name": table, "features": features_yaml(info.schema(table))}
        if split_bytes is not None:
            entry["splits"] = [{"name": "train", "num_bytes": split_bytes[table], "num_examples": table_info.rows}]
            entry["download_size"] = sum(sizes[path] for path in table_info.files)
            entry["dataset_size"] = split_bytes[table]
        infos.append(entry)
    return infos


def header(info: ReleaseInfo, split_bytes: Mapping[str, int] | None) -> dict[str, Any]:
    settings = info.settings
    posts_rows = info.tables[DEFAULT_CONFIG].rows if DEFAULT_CONFIG in info.tables else 0
    data: dict[str, Any] = {
        "configs": _configs(info),
        "dataset_info": dataset_info_yaml(info, split_bytes),
        "language": list(settings.language),
        "license": settings.license,
        "pretty_name": settings.pretty_name,
        "size_categories": [size_category(posts_rows)],
        "tags": list(settings.tags),
    }
    if settings.license == "other":
        data["license_name"] = settings.license_name
    return data


def _columns(info: ReleaseInfo, table: str) -> str:
    lines = ["| column | type | nullable | description |", "|---|---|---|---|"]
    for field in info.schema(table):
        lines.append(
            f"| `{field.name}` | `{markdown_cell(arrow_type_text(field.type))}` | "
            f"{'yes' if field.nullable else 'no'} | {markdown_cell(field_description(field))} |"
        )
    return "\n".join(lines)


def _reasons() -> str:
    lines = ["| `reason` | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {markdown_cell(meaning)} |" for code, meaning in REASONS.items()]
    return "\n".join(lines)


def _tables_overview(info: ReleaseInfo, split_bytes: Mapping[str, int] | None) -> str:
    sizes = file_sizes(info)
    lines = ["| table (config) | rows | Parquet files | bytes on disk |", "|---|---:|---:|---:|"]
    for table in table_names(info):
        table_info = info.tables[table]
        on_disk = sum(sizes[path] for path in table_info.files)
        name = f"`{table}` (default)" if table == DEFAULT_CONFIG else f"`{table}`"
        lines.append(f"| {name} | {table_info.rows} | {len(table_info.files)} | {on_disk} |")
    return "\n".join(lines)


def _statistics(info: ReleaseInfo) -> str:
    stats = info.statistics
    if not stats:
        return "No collect statistics were recorded for this release."
    scalars = {key: value for key, value in stats.items() if not isinstance(value, Mapping)}
    parts = [count_table(scalars, "measure")]
    titles = {
        "rejects": "Rejected files by reason",
        "images": "Image references by status",
        "provenance": "Posts with each provenance value",
        "duplicates": "Near-duplicate posts",
    }
    for key in sorted(key for key, value in stats.items() if isinstance(value, Mapping)):
        parts.append(f"**{titles.get(key, key)}**\n\n{count_table(stats[key], key)}")
    return "\n\n".join(parts)


def _duplicates(info: ReleaseInfo) -> str:
    threshold = info.settings.duplicate_threshold
    counts = info.statistics.get("duplicates") or {}
    found = (
        f" In this release {counts['near_duplicates']} posts are near-duplicates of an earlier one, in "
        f"{counts['groups']} groups: {counts['distinct_articles']} distinct articles."
        if counts
        else ""
    )
    return (
        "The same article is often archived more than once (saved twice, reposted from a repost), with "
        "another header, a cut ending, an editor's note or other punctuation. `duplicate_group` is the "
        "`post_id` of the group's canonical post (the earliest by date, then by path; the post's own id "
        "when it has no near-duplicate) and `duplicate_similarity` the Jaccard similarity of the post's "
        "text to the canonical post's (1.0 for itself). Texts are compared as sets of 5-character "
        "shingles after removal of everything but letters and digits, NFKC normalization and case "
        f"folding; posts are near-duplicates at a Jaccard similarity of {threshold} or more, or when the "
        f"shorter text lies within the longer (containment ≥ {threshold}) with a Jaccard similarity at "
        f"most {TRUNCATION_ALLOWANCE} lower (a copy whose ending was cut). Candidates come from MinHash "
        "signatures with LSH banding and every pair is confirmed on the exact shingle sets; texts under "
        f"{MIN_CHARS} letters and digits are never grouped. `manifest.json` records the settings. To count "
        "each article once, keep the rows where `duplicate_group == post_id`." + found
    )


def _loading(info: ReleaseInfo) -> str:
    repo = repo_id(info) or HUB_UNSET
    tag = info.tag
    folder = info.folder_name
    # `load_dataset` of a config without rows fails ("corresponds to no data"): no line for it, a note instead.
    loads = {
        "images": f'images = load_dataset("{folder}", "images", split="train")  # `image` decodes to PIL images',
        "rejects": f'rejects = load_dataset("{folder}", "rejects", split="train")',
    }
    others = "".join(
        (
            line
            if table in info.tables and info.tables[table].rows
            else f"# no {table} in this release: its config is empty"
        )
        + "\n"
        for table, line in loads.items()
    )
    text = f"""All snippets read this release, `{info.version}`. Locally, run them from the folder
that holds the release folder `{folder}/` (unpacked from `{folder}.tar` if need be); from the Hub,
the same files are at revision `{tag}` of `{repo}`.

**🤗 Datasets**

```python
from datasets import load_dataset

posts = load_dataset("{folder}", split="train")  # the default config: posts
{others}# from the Hub, pinned to this release:
posts = load_dataset("{repo}", "posts", split="train", revision="{tag}")
```

**pandas**

```python
import pandas as pd

posts = pd.read_parquet("{folder}/data/posts/")
posts = pd.read_parquet("hf://datasets/{repo}@{tag}/data/posts/")  # needs huggingface_hub
```

**PyArrow**

```python
import pyarrow.dataset as ds

posts = ds.dataset("{folder}/data/posts/", format="parquet").to_table()
```

**DuckDB** (from inside `{folder}/`)

```sql
SELECT source_platform, count(*) FROM 'data/posts/*.parquet' GROUP BY ALL ORDER BY 2 DESC;
SELECT p.title, i.status FROM 'data/images/*.parquet' i JOIN 'data/posts/*.parquet' p USING (post_id);
SELECT * FROM 'hf://datasets/{repo}@{tag}/data/posts/*.parquet' LIMIT 10;
```

**Polars**

```python
import polars as pl

posts = pl.read_parquet("{folder}/data/posts/*.parquet")
posts = pl.read_parquet("hf://datasets/{repo}@{tag}/data/posts/*.parquet")
```

`posts.date` is the instant, a UTC timestamp; `posts.date_local` its calendar day in the site's
timezone (group days by it); `images.image` is the Hugging Face image
struct `{{bytes, path}}`, null unless the image file was present in the archive. Check the files
against `SHA256SUMS` (or the BagIt manifests) before use."""
    if repo_id(info):
        return text
    # No Hub repo configured: the snippets say only what is true, the local files.
    text = text.replace(f"; from the Hub,\nthe same files are at revision `{tag}` of `{repo}`.", ".")
    return "\n".join(line for line in text.split("\n") if repo not in line and "from the Hub, pinned" not in line)


def _provenance() -> str:
    return """Provenance is read by fixed, documented rules from the post itself, never guessed by a
model. The reader looks at the front matter and at the provenance lines of the body (the credit lines
at the top and bottom of a repost, such as `原文来自微信公众号「X」`, `本文转载自`, `来源：`,
`原文链接：`, `作者：`, the WeChat account header with `微信号` and `功能介绍`, footer account cards):

- `source_platform` comes from the original's URL host (mp.weixin.qq.com → wechat, weibo.com →
  weibo, douban.com → douban, zhihu.com → zhihu, any other site → web; archive copies and mirrors
  prove nothing, except the original address an archive URL carries inside it), else from platform
  words (公众号/订阅号/微信 → wechat, 微博, 豆瓣, 知乎; another platform with user accounts → other).
- `original_account`, `original_account_id`, `source_outlet`, `original_author` and `original_url`
  are taken from credit lines and bylines. Account or outlet is decided per name: a platform word or
  a link to a platform makes an account; a web link, an issue number or a news organisation's name
  makes an outlet. An inner credit of the first publisher wins over the archive's credit of a
  reposter; a byline wins over an author bio, a closing signature and a title credit.
- `original_deleted` is true when the original is marked as gone (a struck-through link, 已删除,
  已经404, ...).
- `is_repost` is true when the post credits content first published elsewhere.

The rules are a table (`archiver/provenance/rules.py`): each has an id, the zones of the post it
reads, a pattern, the fields it feeds, a strength, and examples and counter-examples that the test
suite runs; their words are in one vocabulary file (`archiver/provenance/vocabulary.toml`). To add a
rule, append one with its examples and counter-examples and put its words in the vocabulary; the
full definitions and conventions are in the repository's `docs/provenance.md`.

Every value is backed by `provenance_evidence`: the field, the value, the 1-based line of the file
(for a front matter value, its key's line; 0 for the title), that line's text, and `rule`, the id of
the rule that read it (`credit.lead_in`, `byline.reporter`, `signature.dash`, `platform.url`, ...),
so each claim can be checked against `raw` and against the rule's examples. A value the text does not
state is null: null means "not stated in a form the rules read", not "unknown to anyone"."""


def render(info: ReleaseInfo, split_bytes: Mapping[str, int] | None = None) -> str:
    """The card. `split_bytes` is `parquet_data_bytes(info, folder)`, measured by write_documents."""
    settings = info.settings
    front = yaml.safe_dump(
        header(info, split_bytes), allow_unicode=True, sort_keys=True, width=1000, default_flow_style=False
    )
    sections = [
        f"# {settings.pretty_name}",
        f"{settings.description}",
        f"Version **{info.version}**, released {released_date(info)}"
        + (f" (previous release: {info.previous})" if info.previous else "")
        + (f". Hub: [{repo_id(info)}]({hub_url(info)})" if repo_id(info) else "")
        + (f"; code and issues: {settings.repository}" if settings.repository else "")
        + ".",
        "## What it is",
        "Volunteers kept copies of articles from WeChat official accounts, Weibo, Douban and other "
        "platforms after the originals were deleted (mostly 2016–2020), as a Jekyll site. This dataset "
        "packages that site as three Parquet tables. Every candidate file of the site ends up in "
        "exactly one of `posts` or `rejects`, with its exact bytes and sha256 wherever it could be read.",
        _tables_overview(info, split_bytes),
        "## How the site was read",
        generator_markdown(info),
    ]
    if info.figures:
        sections += ["## A look at the data", figures_markdown(info)]
    sections += [
        "## Tables and columns",
    ]
    for table in table_names(info):
        purpose = TABLE_PURPOSE.get(table, "")
        sections.append(f"### `{table}`")
        if purpose:
            sections.append(f"`{table}`: {purpose}")
        sections.append(_columns(info, table))
        if table == "rejects":
            sections.append(_reasons())
    sections += [
        "`images.post_id` refers to `posts.post_id`. `post_id` is the first 16 hex digits of the sha256 "
        "of the post's path, so it is stable across releases as long as the file does not move.",
        "## How provenance was read",
        _provenance(),
        "### How often it is right",
        accuracy.markdown(),
        "## Near-duplicate posts",
        _duplicates(info),
        "## How to load it",
        _loading(info),
        "## Statistics",
        "From the collect run that built this release:",
        _statistics(info),
        "## Limits",
        "- Provenance is what the archive's text states, read by rules; credits written in unusual "
        "ways are missed (null), and the rules can misread a line. Check `provenance_evidence`.\n"
        "- Many images were never saved: see `images.status` (`missing`, `remote`). Remote images are "
        "not fetched.\n"
        "- The archive is a secondary copy: its volunteers may have edited, shortened or re-formatted "
        "articles, and `date` is the archive post's date, which is not always the original's.\n"
        "- `author` is the archive post's author, not the original writer (`original_author`).\n"
        "- Texts name real people, some private; see DATASHEET.md before any use that profiles people.",
        "## License",
        f"`{license_label(info)}`. {settings.license_note}",
        "## Citation",
        f"```bibtex\n{bibtex(info)}\n```",
        "See also "
        + ("`CITATION.cff`, " if info.settings.authors else "")  # written only with authors (documents.citation)
        + "`DATASHEET.md`, `croissant.json` and `datapackage.json` in this release.",
    ]
    body = "\n\n".join(sections)
    return f"---\n{front}---\n\n{body}\n"
