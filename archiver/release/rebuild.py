"""Rebuild: build a release again from its own raw files (or a given raw tree) and its recorded inputs,
then compare the two file by file, naming the likely cause of each difference.

What reproducible-builds' rebuilders do for packages, for a dataset: the release's manifest records
what went in (settings, site timezone, datasheet template, release time, previous version) and what
built it (Python, pyarrow, Pillow, PyYAML, archiver, a digest of the rule data), so a reviewer can
check years later that the published bytes follow from the archive, or learn why they do not.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.errors import counted
from archiver.metadata import ProjectSettings
from archiver.release.build import build_release
from archiver.release.environment import differences, environment
from archiver.release.fixity import BAG_FILES, SUMS, files_under, sha256_file
from archiver.release.reading import ReleaseError, manifest, opened, require_release
from archiver.release.restore import restore

# Files that only list other files' hashes (or the bag's size): they differ whenever a listed file does.
LISTINGS = frozenset({SUMS, *BAG_FILES})


@dataclass
class RebuildReport:
    files: int  # files compared
    differing: dict[str, str] = field(default_factory=dict)  # path → likely cause
    notes: list[str] = field(default_factory=list)  # what the rebuild could not take from the release

    @property
    def identical(self) -> bool:
        return not self.differing


def _settings(recorded: dict[str, Any]) -> ProjectSettings:
    values = recorded.get("settings")
    if not isinstance(values, dict):
        raise ReleaseError("manifest.json records no settings: this release predates `archiver rebuild`")
    known = {f.name for f in dataclasses.fields(ProjectSettings)}
    defaults = dataclasses.asdict(ProjectSettings.load(None))
    return ProjectSettings(**{**defaults, **{k: v for k, v in values.items() if k in known}})


def _compared(folder: Path) -> list[str]:
    """The release's own files: a Hub download may add hidden files (`.gitattributes`, `.cache/`)."""
    return [path for path in files_under(folder) if not any(part.startswith(".") for part in path.split("/"))]


def _causes(old: dict[str, Any], new: dict[str, Any], unrestored: int = 0) -> dict[str, list[str]]:
    """Likely causes by kind of file: Parquet data, documents, the manifest. `unrestored` names the
    rejects the release kept no bytes of, which a rebuild from its own raw files cannot have."""
    environment_changes = differences(old.get("environment"), new["environment"])
    raw_changed = (old.get("raw") or {}).get("sha256") != (new.get("raw") or {}).get("sha256")
    raw = ["raw tree: the raw files differ from those the release was built from"] if raw_changed else []
    if unrestored:  # the raw hash leaves them out (no bytes), so it cannot tell
        files = counted(unrestored, "rejected file")
        raw.append(f"raw tree: {files} with no bytes in the release, not restored (see the note)")
    changed_keys = sorted(key for key in set(old) | set(new) if key != "files" and old.get(key) != new.get(key))
    return {
        "data": raw + environment_changes,
        "document": raw + [c for c in environment_changes if "writer version" not in c],
        "manifest": [f"recorded {', '.join(changed_keys)} differ" if changed_keys else "its file list differs"]
        + raw
        + environment_changes,
    }


def compare(old_folder: Path, new_folder: Path, unrestored: int = 0) -> RebuildReport:
    """Compare two release folders file by file; each differing file gets its likely cause."""
    old_files, new_files = set(_compared(old_folder)), set(_compared(new_folder))
    causes = _causes(manifest(old_folder), manifest(new_folder), unrestored)
    report = RebuildReport(files=len(old_files | new_files))
    for path in sorted(old_files | new_files):
        if path not in new_files:
            report.differing[path] = "not produced by the rebuild"
        elif path not in old_files:
            report.differing[path] = "produced by the rebuild, missing from the release"
        elif sha256_file(old_folder / path) != sha256_file(new_folder / path):
            if path == "manifest.json":
                found = causes["manifest"]
            elif path in LISTINGS:
                found = ["lists the hashes of the files above"]
            elif path.startswith("data/"):
                found = causes["data"]
            else:
                found = causes["document"]
            report.differing[path] = "; ".join(found) or "unknown: same recorded environment and raw tree"
    return report


def _check_previous(release: Path, recorded: dict[str, Any], previous: Path) -> None:
    """Refuse a --previous that is not the release `release` was built against, before building: the
    rebuild would otherwise differ in CHANGELOG.md and the manifest and blame the environment or the raw tree."""
    require_release(previous)
    with opened(previous) as folder:
        given = manifest(folder)
    name, version = given.get("name"), given.get("version")
    wanted = recorded.get("previous")
    if wanted is None:
        raise ReleaseError(
            f"{previous}: --previous is {name} {version}, but {release} is a first release (it was built "
            "against no previous one): leave --previous out"
        )
    if name != recorded.get("name") or version != wanted:
        raise ReleaseError(
            f"{previous}: --previous is {name} {version}, but {release} was built against "
            f"{recorded.get('name')} {wanted}: pass that release, or leave --previous out to take "
            "CHANGELOG.md from the release"
        )


def rebuild(
    release: Path,
    raw: Path | None = None,
    *,
    previous: Path | None = None,
    workers: int | None = None,
    echo: Callable[[str], None] = print,
) -> RebuildReport:
    """Build `release` (folder or tarball) again in a temporary folder and compare it file by file.

    The raw tree is restored from the release itself unless `raw` is given. CHANGELOG.md compares the
    release with its previous one: it is rebuilt against `previous` when given, else taken as it is.
    """
    release = Path(release)
    require_release(release)
    with opened(release) as folder, tempfile.TemporaryDirectory(prefix="archiver-rebuild-") as scratch:
        recorded = manifest(folder)
        settings = _settings(recorded)
        for change in differences(recorded.get("environment"), environment()):
            echo(f"note: {change}")
        notes = []
        unrestored = 0
        if raw is None:
            raw = Path(scratch) / "raw"
            try:
                # It may differ: finding out is the point. The site configuration comes with it.
                restored = restore(folder, raw, verify_first=False)
            except Exception as error:  # noqa: BLE001 - a damaged release: say so in one line, with the way on
                raise ReleaseError(
                    f"{release}: cannot restore its raw files ({type(error).__name__}: {error}); "
                    "`archiver verify` names the damage, or pass --raw"
                ) from None
            if restored.skipped:
                unrestored = restored.skipped_rejects
                notes.append(
                    f"{counted(unrestored, 'rejected file')} had no bytes in the release to rebuild from, so the "
                    f"rebuild cannot reject {'it' if unrestored == 1 else 'them'} again: {restored.skipped_text()}"
                )
        inputs = dict(recorded)
        if previous is not None:
            _check_previous(release, recorded, Path(previous))
        if previous is None and recorded.get("previous"):
            inputs["changelog"] = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
            notes.append("CHANGELOG.md was taken from the release (pass --previous to rebuild it too)")
        outcome = build_release(
            raw,
            Path(scratch) / "dist",
            settings=settings,
            version=str(recorded.get("version")),
            previous=previous,
            datasheet_template=recorded.get("datasheet_template"),
            workers=workers,
            echo=lambda _line: None,
            recorded=inputs,
            cache=None,
        )
        report = compare(folder, outcome.folder, unrestored)
        if release.is_file() and sha256_file(release) != sha256_file(outcome.tarball):
            report.differing[release.name] = "the tarball differs" + (
                " (its files are identical: tar layout)" if report.identical else " (files inside differ)"
            )
        report.notes = notes
        return report
