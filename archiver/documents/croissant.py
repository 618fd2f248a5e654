"""`croissant.json`: MLCommons Croissant 1.1 metadata, generated from the declared Arrow schemas.

- One `cr:FileObject` per Parquet shard (relative `contentUrl`, `sha256`, `contentSize`).
- One `cr:RecordSet` per table. A table with a single shard reads it through its FileObject; a table
  with several shards reads them through a `cr:FileSet` (`includes: data/<table>/*.parquet`), which
  mlcroissant resolves relative to the folder of `croissant.json`.
- Arrow types map to Croissant data types (see `_DATA_TYPES`); lists are `isArray: true`; structs
  become `subField`s read with a `jsonPath` transform; the Hugging Face image struct becomes one
  `sc:ImageObject` field read from its `bytes` (as the Hub's own Croissant does); binary columns are
  `sc:Text` fields whose values are the raw bytes.
- `images.post_id` references `posts.post_id`.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from archiver.documents._common import (
    bibtex,
    dumps_json,
    field_description,
    file_hashes,
    file_sizes,
    homepage,
    license_label,
    released_iso,
    spdx_license,
    table_names,
)
from archiver.metadata import ReleaseInfo
from archiver.tables import HF_IMAGE

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
PARQUET = "application/x-parquet"

# The standard Croissant 1.1 @context (as mlcroissant writes it).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# Responsible-AI metadata (Croissant RAI vocabulary); DATASHEET.md says the same at more length.
RAI: dict[str, Any] = {
    "rai:dataCollection": (
        "Volunteers copied articles from WeChat official accounts, Weibo, Douban and other platforms, "
        "mostly 2016-2020 and mostly around their deletion, into a Jekyll site. The archiver tool reads "
        "that site's files byte for byte; it never contacts the original platforms."
    ),
    "rai:dataCollectionMissingData": (
        "Many images were never saved (images.status missing) or are remote links that were not fetched. "
        "Provenance values the text does not state are null."
    ),
    "rai:dataPreprocessingProtocol": [
        "Files are kept byte for byte with their sha256; text, front matter and dates are derived from them.",
        "Provenance is read by fixed rules from front matter and credit lines; every value carries its "
        "evidence line (provenance_evidence). No model or manual labeling.",
        "Files that cannot become posts are kept as rejects rows with a reason.",
    ],
    "rai:dataBiases": [
        "Coverage is what volunteers chose and managed to save, not a sample of what was published or deleted."
    ],
    "rai:dataLimitations": [
        "Archive copies are secondary: they may be edited or shortened, and dates are the archive post's.",
        "Rule-based provenance misses credits written in unusual ways and can misread a line.",
    ],
    "rai:dataUseCases": [
        "Research on deleted online content and Chinese-language media history; reading and citing articles.",
        "Not for profiling, locating or targeting people named in the texts.",
    ],
    "rai:personalSensitiveInformation": [
        "Articles name authors, account holders and private individuals, some with health, political or "
        "legal details. Nothing is pseudonymised."
    ],
    "rai:dataReleaseMaintenancePlan": (
        "Immutable, versioned, checksummed releases; CHANGELOG.md records changes and removal requests."
    ),
}

# Foreign keys between tables: (table, column) → (table, column).
# (posts.duplicate_group → posts.post_id is left out: mlcroissant cannot order a record set that refers to itself.)
REFERENCES = {("images", "post_id"): ("posts", "post_id")}


def _data_type(type_: pa.DataType) -> str:
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return "sc:Text"
    if pa.types.is_binary(type_) or pa.types.is_large_binary(type_):
        return "sc:Text"  # mlcroissant yields the raw bytes for sc:Text
    if pa.types.is_boolean(type_):
        return "sc:Boolean"
    if pa.types.is_integer(type_):
        return "sc:Integer"
    if pa.types.is_floating(type_):
        return "sc:Float"
    if pa.types.is_timestamp(type_):
        return "sc:DateTime"
    if pa.types.is_date(type_):
        return "sc:Date"
    raise ValueError(f"no Croissant data type for Arrow type {type_}")


def _source(source: dict[str, Any], column: str, json_path: str | None = None) -> dict[str, Any]:
    result = {**source, "extract": {"column": column}}
    if json_path is not None:
        result["transform"] = {"jsonPath": json_path}
    return result


def _field(table: str, field: pa.Field, source: dict[str, Any]) -> dict[str, Any]:
    field_id = f"{table}/{field.name}"
    node: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": field.name}
    description = field_description(field)
    if description:
        node["description"] = description
    type_ = field.type
    if type_.equals(HF_IMAGE):
        node["dataType"] = "sc:ImageObject"
        node["source"] = _source(source, field.name, "bytes")
        return node
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        node["isArray"] = True
        node["arrayShape"] = "-1"
        type_ = type_.value_type
    if pa.types.is_struct(type_):
        node["subField"] = [
            {
                "@type": "cr:Field",
                "@id": f"{field_id}/{child.name}",
                "name": child.name,
                "dataType": _data_type(child.type),
                "source": _source(source, field.name, child.name),
            }
            for child in type_
        ]
        return node
    node["dataType"] = _data_type(type_)
    node["source"] = _source(source, field.name)
    target = REFERENCES.get((table, field.name))
    if target is not None:
        node["references"] = {"field": {"@id": f"{target[0]}/{target[1]}"}}
    return node


def render(info: ReleaseInfo) -> str:
    settings = info.settings
    sizes = file_sizes(info)
    hashes = file_hashes(info)
    distribution: list[dict[str, Any]] = []
    record_sets: list[dict[str, Any]] = []
    for table in table_names(info):
        table_info = info.tables[table]
        for path in table_info.files:
            distribution.append(
                {
                    "@type": "cr:FileObject",
                    "@id": path,
                    "name": path,
                    "description": f"Parquet shard of the {table} table.",
                    "contentUrl": path,
                    "encodingFormat": PARQUET,
                    "contentSize": f"{sizes[path]} B",
                    "sha256": hashes[path],
                }
            )
        if len(table_info.files) == 1:
            source = {"fileObject": {"@id": table_info.files[0]}}
        else:
            file_set = f"{table}-parquet-shards"
            distribution.append(
                {
                    "@type": "cr:FileSet",
                    "@id": file_set,
                    "name": file_set,
                    "description": f"The Parquet shards of the {table} table.",
                    "encodingFormat": PARQUET,
                    "includes": f"data/{table}/*.parquet",
                }
            )
            source = {"fileSet": {"@id": file_set}}
        schema = info.schema(table)
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": table,
                "name": table,
                "description": f"The {table} table: {table_info.rows} rows.",
                "field": [_field(table, field, source) for field in schema],
                **({"key": {"@id": "posts/post_id"}} if table == "posts" else {}),
            }
        )
    license_value = settings.license_name if settings.license == "other" else settings.license
    spdx = spdx_license(settings.license)
    if spdx:
        license_value = f"https://spdx.org/licenses/{spdx}.html"
    document = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": settings.name,
        "alternateName": settings.pretty_name,
        "description": f"{settings.description} License: {license_label(info)}. {settings.license_note}",
        "version": info.version,
        "datePublished": released_iso(info),
        "license": license_value,
        **({"url": homepage(info)} if homepage(info) else {}),
        "citeAs": bibtex(info),
        "creator": [{"@type": "sc:Organization", "name": author} for author in settings.authors],
        "inLanguage": list(settings.language),
        "keywords": list(settings.tags),
        "distribution": distribution,
        "recordSet": record_sets,
        **RAI,
    }
    return dumps_json(document)
