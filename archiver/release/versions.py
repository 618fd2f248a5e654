"""Semantic versions, and finding the releases that already sit in a dist folder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from archiver.errors import ArchiverError

# Semantic Versioning 2.0.0's core: MAJOR.MINOR.PATCH, no leading zeros. Pre-releases are left out
# on purpose: a dataset release is either published or not.
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
BUMPS = ("major", "minor", "patch")


class VersionError(ArchiverError, ValueError):
    pass


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = SEMVER.match(text.strip())
        if not match:
            raise VersionError(f"{text!r} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)")
        return cls(*(int(part) for part in match.groups()))

    def bump(self, part: str) -> Version:
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        if part == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        raise VersionError(f"--bump takes one of {', '.join(BUMPS)}, not {part!r}")

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def releases_in(dist: Path, name: str) -> dict[Version, Path]:
    """The complete releases of `name` in `dist`: folders named NAME-X.Y.Z holding a manifest."""
    found: dict[Version, Path] = {}
    if not dist.is_dir():
        return found
    prefix = f"{name}-"
    for entry in dist.iterdir():
        if not entry.name.startswith(prefix) or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            version = Version.parse(entry.name[len(prefix) :])
        except VersionError:
            continue
        if (entry / "manifest.json").is_file():
            found[version] = entry
    return found


def previous_release(dist: Path, name: str, version: Version) -> Path | None:
    """The newest release older than `version`: what a changelog compares against."""
    older = [v for v in releases_in(dist, name) if v < version]
    return releases_in(dist, name)[max(older)] if older else None


def choose_version(dist: Path, name: str, default: str, version: str | None, bump: str | None) -> Version:
    """--version as given; --bump from the newest release in dist (or the default for a first release)."""
    if version and bump:
        raise VersionError("give --dataset-version or --bump, not both")
    if version:
        return Version.parse(version)
    if bump:
        existing = releases_in(dist, name)
        if not existing:
            return Version.parse(default)
        return max(existing).bump(bump)
    return Version.parse(default)
