"""The one source of a release's metadata: `[tool.archiver]` in pyproject.toml plus what the build measured.

Every document of a release (dataset card, datasheet, manifest, Croissant, Data Package, CITATION.cff)
is rendered from a ReleaseInfo, so they cannot disagree.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from archiver.tables import SCHEMAS

if TYPE_CHECKING:
    from archiver.figures import FigureInfo

DEFAULTS: dict[str, Any] = {
    "name": "archive",
    "version": "0.1.0",
    "pretty_name": "Archived posts",
    "description": "Posts of a Jekyll archive of reposted articles, with provenance, images and rejects.",
    "license": "other",  # a Hugging Face license id; "other" needs license_name
    "license_name": "archival-copies",
    "license_note": "Archival copies of third-party articles; copyright stays with the original authors.",
    "language": ["zh"],
    "repository": None,
    "hub_repo_id": None,
    "authors": [],
    "tags": ["archive", "wechat", "provenance", "social-media"],
    "duplicate_threshold": 0.8,  # Jaccard at or above which two posts are near-duplicates (archiver/duplicates.py)
}


@dataclass
class ProjectSettings:
    """`[tool.archiver]`: names the dataset and says what it is; versions and names default from here."""

    name: str
    version: str
    pretty_name: str
    description: str
    license: str
    license_name: str
    license_note: str
    language: list[str]
    repository: str | None
    hub_repo_id: str | None
    authors: list[str]
    tags: list[str]
    duplicate_threshold: float = 0.8

    @classmethod
    def load(cls, pyproject: Path | None) -> ProjectSettings:
        values = dict(DEFAULTS)
        if pyproject is not None and pyproject.is_file():
            with open(pyproject, "rb") as handle:
                values.update(tomllib.load(handle).get("tool", {}).get("archiver", {}))
        return cls(**{key: values[key] for key in DEFAULTS})


# Descriptive keys a document always needs: unset, their DEFAULTS value is used, and `release` says which.
DEFAULTED_FIELDS = ("pretty_name", "description", "license", "license_name", "license_note", "language", "tags")


def defaulted_fields(pyproject: Path | None) -> list[str]:
    """The DEFAULTED_FIELDS that `[tool.archiver]` in `pyproject` does not set (license_name only for "other")."""
    table: dict[str, Any] = {}
    if pyproject is not None and pyproject.is_file():
        with open(pyproject, "rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("archiver", {})
    unset = [key for key in DEFAULTED_FIELDS if key not in table]
    if table.get("license", DEFAULTS["license"]) != "other" and "license_name" in unset:
        unset.remove("license_name")
    return unset


@dataclass
class TableInfo:
    name: str
    rows: int
    schema: pa.Schema
    files: list[str]  # paths relative to the release folder, e.g. data/posts/train-00000-of-00001.parquet
    content_sha256: str  # logical hash of the rows, independent of Parquet encoding


@dataclass
class FileEntry:
    path: str  # relative to the release folder, POSIX
    bytes: int
    sha256: str


@dataclass
class ReleaseInfo:
    settings: ProjectSettings
    version: str  # this release's version (may differ from settings.version with --version/--bump)
    released: datetime  # UTC: --date, SOURCE_DATE_EPOCH, or the day of this version's first build
    tables: dict[str, TableInfo]
    data_files: list[FileEntry]  # the Parquet shards
    previous: str | None = None  # the previous release's version
    statistics: dict[str, Any] = field(default_factory=dict)  # the collect summary, for card and datasheet
    figures: list[FigureInfo] = field(default_factory=list)  # figures/*.png, embedded by card and datasheet
    generator: str = ""  # the site generator the archive was read as (archiver.generators): jekyll, hexo, hugo

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def folder_name(self) -> str:
        return f"{self.settings.name}-{self.version}"

    @property
    def tag(self) -> str:
        return f"v{self.version}"

    def schema(self, table: str) -> pa.Schema:
        return self.tables[table].schema if table in self.tables else SCHEMAS[table]
