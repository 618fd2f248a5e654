"""What changed between two releases: posts, images and rejects added, removed or changed, by path and sha256.

`archiver diff` and every release's CHANGELOG.md are rendered from the same ReleaseDiff, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.errors import printable
from archiver.release.reading import column_names, manifest, opened, require_release, rows, shards
from archiver.safe_fs import display
from archiver.tables import file_path


@dataclass
class TableDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)  # {"key", "old", "new"}

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


@dataclass
class ReleaseDiff:
    old: str | None  # version, None for a first release
    new: str
    tables: dict[str, TableDiff]
    # Posts in both releases whose near-duplicate group changed: {"key": path, "old": canonical path, "new": …}
    duplicate_groups: list[dict[str, Any]] = field(default_factory=list)
    old_name: str | None = None  # the datasets' names (manifest "name"); None where unknown
    new_name: str | None = None

    def __bool__(self) -> bool:
        """True when anything changed: a post, image or reject, or a post's near-duplicate group."""
        return any(self.tables.values()) or bool(self.duplicate_groups)

    @property
    def other_dataset(self) -> bool:
        """The two releases are of two datasets (different names): the comparison is not a changelog."""
        return self.old_name is not None and self.new_name is not None and self.old_name != self.new_name

    def to_dict(self) -> dict[str, Any]:
        tables = {name: t.to_dict() for name, t in self.tables.items()}
        names = {"old_name": self.old_name, "new_name": self.new_name}
        return {"old": self.old, "new": self.new, **names, **tables, "duplicate_groups": self.duplicate_groups}


def index(folder: Path) -> dict[str, dict[bytes, str | None]]:
    """Each table as {key: fingerprint}: posts and rejects by exact path, images by the file (exact path)
    or URL they point to. Keys are exact bytes: two names may share a text form (a file named `\\xff`
    beside one whose name holds the byte 0xff), and must stay two keys; they are shown as text."""
    posts = {_key("posts", r): r["sha256"] for r in _rows(folder, "posts", ["path", "path_bytes", "sha256"])}
    rejects = {_key("rejects", r): r["sha256"] for r in _rows(folder, "rejects", ["path", "path_bytes", "sha256"])}
    images: dict[bytes, str | None] = {}
    columns = ["resolved_path", "resolved_path_bytes", "url", "src", "status", "sha256"]
    for r in _rows(folder, "images", columns):
        key = file_path("images", r) or (r["url"] or r["src"]).encode()
        # An image referenced twice is one image; a file that went missing is a change of status.
        images[key] = r["sha256"] or r["status"]
    return {"posts": posts, "images": images, "rejects": rejects}


def _rows(folder: Path, table: str, columns: list[str]) -> Iterator[dict[str, Any]]:
    """rows() of the columns a release has: one made before the exact-bytes columns existed has text paths only."""
    names = set().union(*(column_names(shard) for shard in shards(folder, table)))
    return rows(folder, table, [name for name in columns if name in names])


def _key(table: str, row: dict[str, Any]) -> bytes:
    return file_path(table, {name: row.get(name) for name in ("path", "path_bytes")})  # type: ignore[return-value]


def duplicate_groups(folder: Path) -> dict[bytes, bytes]:
    """Each post's exact path → that of its group's canonical post (itself when alone); {} before the column existed."""
    if not all("duplicate_group" in column_names(shard) for shard in shards(folder, "posts")):
        return {}
    group = {
        _key("posts", r): (r["post_id"], r["duplicate_group"])
        for r in _rows(folder, "posts", ["path", "path_bytes", "post_id", "duplicate_group"])
    }
    path_of = {post_id: path for path, (post_id, _) in group.items()}
    return {path: path_of.get(canonical, path) for path, (_, canonical) in group.items()}


def compare_groups(old: dict[bytes, bytes], new: dict[bytes, bytes]) -> list[dict[str, Any]]:
    """Posts of both releases that joined, left or changed near-duplicate group (canonical paths, old → new)."""
    return [
        {"key": display(path), "old": display(old[path]), "new": display(new[path])}
        for path in sorted(set(old) & set(new))
        if old[path] != new[path]
    ]


def compare(old: dict[bytes, str | None], new: dict[bytes, str | None]) -> TableDiff:
    """Keys added, removed and changed (in exact-byte order), shown as text."""
    diff = TableDiff()
    diff.added = [display(k) for k in sorted(set(new) - set(old))]
    diff.removed = [display(k) for k in sorted(set(old) - set(new))]
    both = sorted(set(old) & set(new))
    diff.changed = [{"key": display(k), "old": old[k], "new": new[k]} for k in both if old[k] != new[k]]
    return diff


def diff_folders(old: Path | None, new: Path, new_version: str | None = None) -> ReleaseDiff:
    """Compare two release folders; `new_version` names a folder still being built (no manifest yet)."""
    new_index = index(new)
    old_index = index(old) if old is not None else {name: {} for name in new_index}
    old_manifest = manifest(old) if old is not None else {}
    new_manifest = manifest(new) if new_version is None else {}
    return ReleaseDiff(
        old_manifest.get("version"),
        new_version or new_manifest["version"],
        {name: compare(old_index[name], new_index[name]) for name in new_index},
        compare_groups(duplicate_groups(old), duplicate_groups(new)) if old is not None else [],
        old_name=old_manifest.get("name"),
        new_name=new_manifest.get("name"),
    )


def diff_releases(old: Path, new: Path) -> ReleaseDiff:
    """Compare two releases, each a folder or a tarball."""
    require_release(old)
    require_release(new)
    with opened(old) as old_folder, opened(new) as new_folder:
        return diff_folders(old_folder, new_folder)


def render_text(diff: ReleaseDiff) -> str:
    """The human-readable form: a count line a table, then one line per path (+ added, - removed, ~ changed)."""
    if diff.other_dataset:  # two datasets: the versions alone would read as one's history
        lines = [f"{diff.old_name} {diff.old} → {diff.new_name} {diff.new}"]
    else:
        lines = [f"{diff.old or '(nothing)'} → {diff.new}"]
    for name, table in diff.tables.items():
        lines.append(f"{name}: {len(table.added)} added, {len(table.removed)} removed, {len(table.changed)} changed")
        lines += [f"  + {key}" for key in table.added]
        lines += [f"  - {key}" for key in table.removed]
        lines += [f"  ~ {c['key']}  ({_short(c['old'])} → {_short(c['new'])})" for c in table.changed]
    if diff.duplicate_groups:
        lines.append(f"near-duplicate groups: {len(diff.duplicate_groups)} posts changed group")
        lines += [
            f"  ~ {c['key']}  ({_group(c['key'], c['old'])} → {_group(c['key'], c['new'])})"
            for c in diff.duplicate_groups
        ]
    return "\n".join(map(printable, lines)) + "\n"


def render_changelog(diff: ReleaseDiff, released: str, previous_digest: str | None = None) -> str:
    """CHANGELOG.md for a release: the same facts as `archiver diff`, in Markdown.

    `previous_digest`, the previous release's top digest (sha256 of its SHA256SUMS), is recorded so that
    each release anchors the one before it: `archiver verify --expect DIGEST` checks it.
    """
    against = f"against {diff.old}" if diff.old else "first release"
    lines = [f"# Changelog: {diff.new} ({released})", "", f"Changes {against}.", ""]
    if diff.old and previous_digest:
        lines += [
            f"{diff.old}'s top digest (sha256 of its SHA256SUMS): `{previous_digest}`;",
            f"check a copy of {diff.old} with `archiver verify --expect {previous_digest} RELEASE`.",
            "",
        ]
    for name, table in diff.tables.items():
        lines.append(f"## {name}")
        lines.append("")
        lines.append(f"{len(table.added)} added, {len(table.removed)} removed, {len(table.changed)} changed.")
        lines.append("")
        lines += [f"- added `{key}`" for key in table.added]
        lines += [f"- removed `{key}`" for key in table.removed]
        lines += [f"- changed `{c['key']}` ({_short(c['old'])} → {_short(c['new'])})" for c in table.changed]
        if table:
            lines.append("")
    if diff.duplicate_groups:
        lines += ["## near-duplicate groups", "", f"{len(diff.duplicate_groups)} posts changed group.", ""]
        lines += [
            f"- `{c['key']}`: {_group(c['key'], c['old'])} → {_group(c['key'], c['new'])}"
            for c in diff.duplicate_groups
        ]
    # Paths may hold control characters: escaped as in every message, never written raw into the file.
    return "\n".join(map(printable, lines)).rstrip("\n") + "\n"


def _group(path: str, canonical: str) -> str:
    return "its own group" if canonical == path else f"the group of `{canonical}`"


def _short(fingerprint: str | None) -> str:
    if fingerprint is None:
        return "none"
    return fingerprint[:12] if len(fingerprint) == 64 else fingerprint
