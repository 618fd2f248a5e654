"""`datapackage.json`: a Frictionless Data Package (v1 descriptor, also valid under v2 readers).

One tabular resource per table, `format: parquet`. A single-shard table has `path`, `bytes` and
`hash: "sha256:<hex>"` of that file; a multi-shard table has `path` as a list and `bytes` as their
sum, and no `hash` (the spec's hash of a multipart resource is of the concatenated bytes, which is
of no use for Parquet shards: SHA256SUMS has each file's hash). Table Schema types are mapped from
the declared Arrow schemas (`_TYPES`); non-nullable columns are `required`, and `missingValues` is
empty (nulls are Parquet nulls, "" is a value); posts has primary key
`post_id`, and images.post_id is a foreign key to posts.post_id.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from archiver.documents._common import (
    dumps_json,
    field_description,
    file_hashes,
    file_sizes,
    homepage,
    released_iso,
    spdx_license,
    table_names,
)
from archiver.metadata import ReleaseInfo

MEDIATYPE = "application/vnd.apache.parquet"

PRIMARY_KEYS = {"posts": ["post_id"]}
FOREIGN_KEYS = {"images": [("post_id", "posts", "post_id")], "posts": [("duplicate_group", "posts", "post_id")]}


def _field(field: pa.Field) -> dict[str, Any]:
    type_ = field.type
    node: dict[str, Any] = {"name": field.name}
    description = field_description(field)
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        node["type"] = "string"
    elif pa.types.is_binary(type_) or pa.types.is_large_binary(type_):
        # Table Schema's only spelling of binary data; in Parquet the values are raw bytes.
        node["type"] = "string"
        node["format"] = "binary"
    elif pa.types.is_boolean(type_):
        node["type"] = "boolean"
    elif pa.types.is_integer(type_):
        node["type"] = "integer"
    elif pa.types.is_floating(type_):
        node["type"] = "number"
    elif pa.types.is_timestamp(type_):
        node["type"] = "datetime"
        if type_.tz is None:
            description = f"{description} (Stored without a zone; the values are UTC.)".strip()
    elif pa.types.is_date(type_):
        node["type"] = "date"
    elif pa.types.is_list(type_) or pa.types.is_large_list(type_):
        node["type"] = "array"
    elif pa.types.is_struct(type_):
        node["type"] = "object"
    else:
        raise ValueError(f"no Table Schema type for Arrow type {type_}")
    if description:
        node["description"] = description
    if not field.nullable:
        node["constraints"] = {"required": True}
    return node


def _licenses(info: ReleaseInfo) -> list[dict[str, str]]:
    settings = info.settings
    if settings.license == "other":
        return [{"name": settings.license_name, "title": settings.license_note}]
    spdx = spdx_license(settings.license)
    if spdx:
        return [{"name": spdx, "path": f"https://spdx.org/licenses/{spdx}.html", "title": spdx}]
    return [{"name": settings.license, "title": settings.license}]


def render(info: ReleaseInfo) -> str:
    settings = info.settings
    sizes = file_sizes(info)
    hashes = file_hashes(info)
    resources = []
    for table in table_names(info):
        table_info = info.tables[table]
        files = table_info.files
        # Parquet has real nulls, so no string stands for "missing": an image-only post's text is "", a
        # value, and Table Schema's default missingValues [""] would call it missing (and break `required`).
        schema: dict[str, Any] = {"fields": [_field(field) for field in info.schema(table)], "missingValues": []}
        if table in PRIMARY_KEYS:
            schema["primaryKey"] = PRIMARY_KEYS[table]
        if table in FOREIGN_KEYS:
            schema["foreignKeys"] = [
                # a reference within the same resource is written with an empty resource name (the spec's rule)
                {
                    "fields": [column],
                    "reference": {"resource": "" if target == table else target, "fields": [target_column]},
                }
                for column, target, target_column in FOREIGN_KEYS[table]
                if target in info.tables
            ]
        resource: dict[str, Any] = {
            "name": table,
            "profile": "tabular-data-resource",
            "path": files[0] if len(files) == 1 else list(files),
            "format": "parquet",
            "mediatype": MEDIATYPE,
            "bytes": sum(sizes[path] for path in files),
            "description": f"The {table} table: {table_info.rows} rows in {len(files)} Parquet file(s).",
            "schema": schema,
        }
        if len(files) == 1:
            resource["hash"] = f"sha256:{hashes[files[0]]}"
        resources.append(resource)
    document = {
        "profile": "tabular-data-package",
        "name": settings.name,
        "title": settings.pretty_name,
        "description": settings.description,
        "version": info.version,
        "created": released_iso(info),
        **({"homepage": homepage(info)} if homepage(info) else {}),
        "keywords": list(settings.tags),
        "licenses": _licenses(info),
        "contributors": [{"title": author, "role": "author"} for author in settings.authors],
        "resources": resources,
    }
    return dumps_json(document)
