"""Helpers shared by the release documents: formatting that must be identical in every document.

Everything here is a pure function of a ReleaseInfo (or of the Parquet footers, for sizes), so two
renders of the same release give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from archiver.metadata import ReleaseInfo
from archiver.tables import TABLES

# Hugging Face license ids (lower case) → SPDX ids, for the documents that want SPDX (CITATION.cff).
# An id not listed here is not claimed to be SPDX; "other" never is.
_SPDX = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "cc0-1.0": "CC0-1.0",
    "cc-by-4.0": "CC-BY-4.0",
    "cc-by-sa-4.0": "CC-BY-SA-4.0",
    "cc-by-nc-4.0": "CC-BY-NC-4.0",
    "cc-by-nc-sa-4.0": "CC-BY-NC-SA-4.0",
    "cc-by-nc-nd-4.0": "CC-BY-NC-ND-4.0",
    "cc-by-nd-4.0": "CC-BY-ND-4.0",
    "cc-by-3.0": "CC-BY-3.0",
    "cc-by-sa-3.0": "CC-BY-SA-3.0",
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "pddl": "PDDL-1.0",
    "gpl-3.0": "GPL-3.0-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "unlicense": "Unlicense",
}

# The Hub's size_categories buckets, by number of rows of the default config.
_SIZE_BUCKETS = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
    (10_000_000_000, "1B<n<10B"),
    (100_000_000_000, "10B<n<100B"),
    (1_000_000_000_000, "100B<n<1T"),
)


def size_category(rows: int) -> str:
    for limit, name in _SIZE_BUCKETS:
        if rows < limit:
            return name
    return "n>1T"


def spdx_license(license_id: str) -> str | None:
    """The SPDX id for a Hugging Face license id, or None when it is not (known to be) SPDX."""
    return _SPDX.get(license_id.lower())


def license_label(info: ReleaseInfo) -> str:
    """The license as one short human-readable name: the SPDX id, else the license name."""
    settings = info.settings
    if settings.license == "other":
        return settings.license_name
    return spdx_license(settings.license) or settings.license


def repo_id(info: ReleaseInfo) -> str | None:
    """The Hub repository id, or None when none is configured: a document never points at a made-up place."""
    return info.settings.hub_repo_id or None


def hub_url(info: ReleaseInfo) -> str | None:
    repo = repo_id(info)
    return f"https://huggingface.co/datasets/{repo}" if repo else None


def homepage(info: ReleaseInfo) -> str | None:
    """The dataset's home: the configured repository, else its Hub page, else None (left out)."""
    return info.settings.repository or hub_url(info)


# The keys a citation wants, each with the shape of a value, for the note that asks for them.
UNSET_CITATION_FIELDS = {"repository": '"https://…"', "hub_repo_id": '"ORG/NAME"', "authors": '["Your Name"]'}


def unset_citation_fields(settings: Any) -> list[str]:
    """The `[tool.archiver]` keys a citation would want but that are not set: they are left out, never faked."""
    return [key for key in UNSET_CITATION_FIELDS if not getattr(settings, key)]


def released_utc(info: ReleaseInfo) -> datetime:
    """The release time as an aware UTC datetime (a naive `released` is taken to be UTC)."""
    released = info.released
    if released.tzinfo is None:
        return released.replace(tzinfo=UTC)
    return released.astimezone(UTC)


def released_iso(info: ReleaseInfo) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ` (whole seconds)."""
    return released_utc(info).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def released_date(info: ReleaseInfo) -> str:
    return released_utc(info).strftime("%Y-%m-%d")


def table_names(info: ReleaseInfo) -> list[str]:
    """The release's tables in the canonical order (posts, images, rejects), then any others."""
    known = [name for name in TABLES if name in info.tables]
    return known + sorted(name for name in info.tables if name not in TABLES)


def field_description(field: pa.Field) -> str:
    metadata = field.metadata or {}
    return metadata.get(b"description", b"").decode("utf-8")


def arrow_type_text(type_: pa.DataType) -> str:
    """A short, stable spelling of an Arrow type for prose tables."""
    return str(type_).replace("element: ", "").replace("item: ", "")


def file_sizes(info: ReleaseInfo) -> dict[str, int]:
    return {entry.path: entry.bytes for entry in info.data_files}


def file_hashes(info: ReleaseInfo) -> dict[str, str]:
    return {entry.path: entry.sha256 for entry in info.data_files}


def parquet_data_bytes(info: ReleaseInfo, folder: Path) -> dict[str, int]:
    """Per table, the uncompressed size of its Parquet column data, read from the shards' footers.

    This is the sum of the row groups' `total_byte_size`: what the Hub's dataset info reports as a
    split's `num_bytes`. It is not the in-memory Arrow size, which depends on the reader.
    """
    sizes: dict[str, int] = {}
    for name in table_names(info):
        total = 0
        for relative in info.tables[name].files:
            metadata = pq.read_metadata(Path(folder) / relative)
            total += sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
        sizes[name] = total
    return sizes


def dumps_json(document: Any) -> str:
    """Canonical JSON for the release: sorted keys, two-space indent, UTF-8 as is, trailing newline."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def bibtex(info: ReleaseInfo) -> str:
    """A BibTeX @misc entry for this release, the same in the card, Croissant and the datasheet."""
    settings = info.settings
    key = "".join(ch if ch.isalnum() else "_" for ch in settings.name) + "_" + info.version.replace(".", "_")
    authors = " and ".join("{" + author + "}" for author in settings.authors)
    released = released_utc(info)
    lines = [
        f"@misc{{{key},",
        *([f"  author = {{{authors}}},"] if authors else []),  # no authors configured: none invented
        f"  title = {{{{{settings.pretty_name}}} (version {info.version})}},",
        f"  year = {{{released.year}}},",
        f"  month = {{{released.month}}},",
        f"  version = {{{info.version}}},",
    ]
    if hub_url(info):
        lines.append(f"  howpublished = {{\\url{{{hub_url(info)}}}}},")
    if settings.repository:
        lines.append(f"  url = {{{settings.repository}}},")
    lines.append(f"  note = {{{license_label(info)}. {settings.license_note}}}")
    lines.append("}")
    return "\n".join(lines)


def figures_markdown(info: ReleaseInfo) -> str:
    """Every figure of the release (figures/*.png) as Markdown, each with its title and alt text."""
    if not info.figures:
        return "This release has no figures."
    return "\n\n".join(figure.markdown() for figure in info.figures)


def markdown_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def generator_markdown(info: ReleaseInfo) -> str:
    """Which generator's site the archive was read as, which files are its posts, and where each column
    of `posts` comes from for it (each plug-in's `fields`)."""
    from archiver.generators import GENERATORS

    generator = GENERATORS.get(info.generator)
    if generator is None:
        return "This release does not record which site generator the archive was read as."
    rows = [f"| `{column}` | {markdown_cell(source)} |" for column, source in generator.fields.items()]
    return (
        f"The archive was read as a **{generator.name.capitalize()}** site, as {generator.name.capitalize()} "
        f"itself would publish it (`archiver/generators/{generator.name}.py`). Posts: {generator.description}; "
        "every other file under the post folders is a row of `rejects` with its bytes.\n\n"
        "| column | read from |\n|---|---|\n" + "\n".join(rows)
    )


def count_table(counts: Mapping[str, Any], key_header: str, value_header: str = "count") -> str:
    """A two-column Markdown table of a {name: count} mapping, in key order."""
    lines = [f"| {key_header} | {value_header} |", "|---|---:|"]
    for key in sorted(counts):
        lines.append(f"| {markdown_cell(key)} | {markdown_cell(counts[key])} |")
    if not counts:
        lines.append("| (none) | 0 |")
    return "\n".join(lines)
