"""Build a release: collect the archive aside, add documents, manifest, bag and sums, tar it, rename it into place.

Guarantees (each tested): reproducible (no wall clock, no machine facts), immutable (an existing
version is never changed), atomic (built under a hidden name, renamed into place last).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from archiver import __version__
from archiver.collect import CollectSummary, collect
from archiver.duplicates import settings as duplicate_settings
from archiver.errors import counted
from archiver.faults import fault_point
from archiver.metadata import FileEntry, ProjectSettings, ReleaseInfo, TableInfo
from archiver.processes import uninterrupted
from archiver.progress import bar
from archiver.release.diff import ReleaseDiff, diff_folders, render_changelog
from archiver.release.environment import environment
from archiver.release.fixity import (
    SUMS,
    files_under,
    parse_sums,
    sha256_file,
    write_bag,
    write_sums,
    write_tag_manifest,
)
from archiver.release.place import AlreadyThere, create_file, create_folder, locked, make_folders, remove_if_empty
from archiver.release.reading import ReleaseError, manifest, opened, require_release, rows
from archiver.release.tarball import write_tarball
from archiver.release.versions import Version, choose_version, previous_release, releases_in
from archiver.safe_fs import display
from archiver.stats import dataset_stats
from archiver.tables import SCHEMAS, TABLE_SETTINGS, TABLES, file_path

STAGING_PREFIX = ".building-"
# A dataset name becomes a folder and file name: no separators, no leading dot.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# The reproducible-builds.org convention: a build's timestamp comes from here when it is set.
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


@dataclass
class ReleaseOutcome:
    folder: Path
    tarball: Path
    version: str
    created: bool  # False when an identical release was already there (a no-op)
    summary: CollectSummary | None = None
    unchanged_since: str | None = None  # the previous version, when no post, image or reject changed since
    nothing_to_bump: bool = False  # --bump found no earlier release in DIST: this is the first version


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.archiver] table, from `start` upwards."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.archiver]" in candidate.read_text(encoding="utf-8", errors="replace"):
            return candidate
    return None


def release_time(date: str | None, final: Path) -> datetime:
    """When this release is dated: an input, recorded in the manifest, so a rebuild gives the same bytes.

    `date` (YYYY-MM-DD, from --date) when given; else SOURCE_DATE_EPOCH when set; else the date recorded
    by the first build of this version (when it is already in --dist); else today (UTC midnight, so
    nothing finer than the day of the first build gets in).
    """
    if date:
        try:
            return datetime.strptime(date.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            raise ReleaseError(f"--date {date!r}: expected YYYY-MM-DD") from None
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise ReleaseError(f"{SOURCE_DATE_EPOCH}={epoch!r} is not a whole number of seconds") from None
    if (final / "manifest.json").is_file():
        recorded = manifest(final).get("released")
        if isinstance(recorded, str):
            return datetime.strptime(recorded, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def raw_tree_sha256(staging: Path) -> tuple[str, int]:
    """A hash of the raw files the release holds, from the hashes collect already took.

    sha256 over sorted `sha256  path` lines of every post, every reject with bytes and every present
    image; with their count. Computed from the tables, so no raw byte is hashed twice.
    """
    entries: dict[bytes, str] = {}  # keyed by exact path: two names may share a text form
    for table in ("posts", "rejects"):
        for row in rows(staging, table, ["path", "path_bytes", "sha256"]):
            if row["sha256"] is not None:
                entries[file_path(table, row)] = row["sha256"]  # type: ignore[index]
    for row in rows(staging, "images", ["resolved_path", "resolved_path_bytes", "sha256", "status"]):
        if row["status"] == "present":
            entries[file_path("images", row)] = row["sha256"]  # type: ignore[index]
    lines = "".join(f"{digest}  {display(path)}\n" for path, digest in sorted(entries.items()))
    return hashlib.sha256(lines.encode()).hexdigest(), len(entries)


def clean_debris(dist: Path, folder_name: str, echo: Callable[[str], None]) -> None:
    """Remove what a killed release left: staging folders of dead processes, a tarball with no folder."""
    for entry in dist.glob(f"{STAGING_PREFIX}{folder_name}-*"):
        pid = entry.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):
            continue
        shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
    if not (dist / folder_name).exists():
        for suffix in (".tar", ".tar.sha256"):
            orphan = dist / f"{folder_name}{suffix}"
            if orphan.exists():
                echo(f"removing {orphan.name}: left by an interrupted release (its folder was never put in place)")
                orphan.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RejectedFiles(ReleaseError):
    """`strict`: files of the archive were rejected, so no release was written (the summary names them)."""

    def __init__(self, summary: CollectSummary) -> None:
        self.summary = summary
        count = sum(summary.rejects.values())
        super().__init__(f"--strict: {counted(count, 'file')} rejected, so nothing was released")


def build_release(
    raw: Path,
    dist: Path,
    *,
    settings: ProjectSettings,
    version: str | None = None,
    bump: str | None = None,
    previous: Path | None = None,
    datasheet_template: str | None = None,
    workers: int | None = None,
    echo: Callable[[str], None] = print,
    progress: Callable[[int, int], None] | None = None,
    cache: Path | None = None,
    date: str | None = None,
    recorded: dict[str, Any] | None = None,
    allow_no_posts: bool = False,
    generator: str | None = None,
    strict: bool = False,
) -> ReleaseOutcome:
    """Collect `raw` and write `dist/NAME-VERSION/` and `dist/NAME-VERSION.tar` (+ `.sha256`).

    `cache` is the reading cache folder (archiver.cache): it changes how long a release takes, never its bytes.
    `date` is the release date (YYYY-MM-DD; see `release_time`). `recorded` is the manifest of a release
    being rebuilt: its release time and previous version are taken as they were, and so is its changelog
    (the text under the key "changelog", which `rebuild` adds) unless `previous` is given.
    A site with no post (nothing found, or every file rejected) fails unless `allow_no_posts`.
    `generator` names the site's generator (archiver.generators); by default the recorded one, else detected.
    With `strict`, a file rejected stops the release before anything is placed in DIST (RejectedFiles).
    """
    if not SAFE_NAME.match(settings.name):
        raise ReleaseError(f"dataset name {settings.name!r}: use letters, digits, '.', '_' and '-' only")
    dist = Path(dist)
    made = make_folders(dist)  # removed again if this release fails: DIST is left as it was found
    staging_root: Path | None = None
    unpacked = contextlib.ExitStack()  # a --previous tarball, unpacked for as long as the build reads it
    try:
        chosen: Version = choose_version(dist, settings.name, settings.version, version, bump)
        # --bump then gives the configured first version, which the user did not ask for by name: they are told
        nothing_to_bump = bump is not None and not releases_in(dist, settings.name)
        folder_name = f"{settings.name}-{chosen}"
        final, tarball = dist / folder_name, dist / f"{folder_name}.tar"
        with locked(dist):  # a tarball without its folder is debris only if nobody is placing it now
            clean_debris(dist, folder_name, echo)
        given = previous
        if previous is not None:
            require_release(previous)
            previous = unpacked.enter_context(opened(previous))
        elif recorded is None:
            given = previous = previous_release(dist, settings.name, chosen)
        previous_manifest = _followed(previous, given) if previous is not None and given is not None else None
        _warn_on_writer_change(previous_manifest, echo)
        staging_root = dist / f"{STAGING_PREFIX}{folder_name}-{os.getpid()}"
        staging = staging_root / folder_name
        staging.mkdir(parents=True)
        if generator is None and recorded is not None:
            generator = (recorded.get("generator") or {}).get("name")
        summary = collect(
            raw,
            staging,
            generator=generator,
            workers=workers,
            progress=progress,
            cache=cache,
            allow_no_posts=allow_no_posts,
            duplicate_threshold=settings.duplicate_threshold,
        )
        if strict and summary.rejects:
            raise RejectedFiles(summary)
        if recorded is not None:
            released = datetime.strptime(recorded["released"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        else:
            released = release_time(date, final)
        hashes: dict[str, tuple[str, int]] = {}
        _hash_new_files(staging, hashes)
        tables = {
            name: TableInfo(
                name=name,
                rows=summary.rows[name],
                schema=SCHEMAS[name],
                files=[p.relative_to(staging).as_posix() for p in summary.files[name]],
                content_sha256=summary.content_sha256[name],
            )
            for name in TABLES
        }
        stats = dataset_stats(staging, summary.timezone)
        previous_version = previous_manifest["version"] if previous_manifest is not None else None
        if recorded is not None and previous is None:
            previous_version = recorded.get("previous")
        info = ReleaseInfo(
            settings=settings,
            version=str(chosen),
            released=released,
            tables=tables,
            data_files=[FileEntry(path, size, digest) for path, (digest, size) in sorted(hashes.items())],
            previous=previous_version,
            # Counted from the tables written, by the function behind `archiver stats` and the figures.
            statistics=stats.summary(),
            generator=summary.generator,
        )
        changelog = recorded.get("changelog") if recorded is not None and previous is None else None
        from archiver.figures import write_figures  # here: matplotlib takes half a second to import

        info.figures = write_figures(stats, staging, cache)
        changes = _write_documents(info, staging, datasheet_template, previous, changelog)
        unchanged_since = changes.old if changes is not None and changes.old and not changes else None
        _hash_new_files(staging, hashes)
        write_bag(staging, hashes, released, folder_name)
        _hash_new_files(staging, hashes)
        # manifest.json lists every file but itself, the tag manifest and SHA256SUMS, which list it.
        site = summary.site
        inputs = {
            "timezone": summary.timezone,
            "datasheet_template": datasheet_template,
            "generator": {"name": site.generator, "settings": site.options} if site is not None else None,
        }
        _write_manifest(info, staging, hashes, raw_tree_sha256(staging), inputs)
        _hash_new_files(staging, hashes)
        write_tag_manifest(staging, hashes)
        write_sums(staging, hashes)
        if final.exists():
            outcome = _compare_existing(final, tarball, staging, str(chosen), echo)
            outcome.summary = summary
            return outcome
        tar_digest = write_tarball(staging, staging_root / tarball.name, int(released.timestamp()))
        (staging_root / f"{tarball.name}.sha256").write_text(f"{tar_digest}  {tarball.name}\n", encoding="utf-8")
        fault_point("release-staged")
        # Another release of this version may have finished meanwhile: look again under the lock, and
        # create the final names without ever replacing one. Ctrl-C waits until the three are in place.
        with locked(dist), uninterrupted():
            clean_debris(dist, folder_name, echo)
            if final.exists():
                outcome = _compare_existing(final, tarball, staging, str(chosen), echo)
                outcome.summary = summary
                return outcome
            _place(staging, final, tarball)
        return ReleaseOutcome(
            final,
            tarball,
            str(chosen),
            created=True,
            summary=summary,
            unchanged_since=unchanged_since,
            nothing_to_bump=nothing_to_bump,
        )
    except AlreadyThere as error:
        raise ReleaseError(f"{error.filename}: appeared while this release was placed; nothing was replaced") from None
    finally:
        with uninterrupted():  # a second Ctrl-C must not leave half a clean-up
            if staging_root is not None:
                shutil.rmtree(staging_root, ignore_errors=True)
            remove_if_empty(made)
            unpacked.close()


def _followed(folder: Path, given: Path) -> dict[str, Any]:
    """The manifest of the release this one follows: `given` as the user or DIST names it, `folder` where it is read.

    A folder in DIST named like a release, whose manifest records no version (a stray copy, an edit), is
    no release to follow: the version is written into this release's manifest and CHANGELOG.md.
    """
    try:
        found = manifest(folder)
    except ReleaseError as error:  # a tarball's scratch folder is gone afterwards: name the tarball
        raise ReleaseError(str(error).replace(str(folder), str(given))) from None
    if not isinstance(found.get("version"), str) or not isinstance(found.get("name"), str):
        raise ReleaseError(
            f"{given}/manifest.json: records no name and version, so it is no release to follow; "
            "move it out of DIST, or pass --previous"
        )
    return found


def _place(staging: Path, final: Path, tarball: Path) -> None:
    """Create the tarball, its sidecar, then the folder under their final names; undo the two if the folder fails."""
    placed: list[Path] = []
    try:
        for target in (tarball, tarball.with_name(f"{tarball.name}.sha256")):
            create_file(staging.parent / target.name, target)
            placed.append(target)
        fault_point("release-tarball-placed")
        # The folder goes into place last: its presence is what marks a release complete.
        create_folder(staging, final)
    except BaseException:
        for target in placed:
            target.unlink(missing_ok=True)
        raise


def _compare_existing(
    final: Path, tarball: Path, staging: Path, version: str, echo: Callable[[str], None]
) -> ReleaseOutcome:
    """An existing version is never changed: identical content is a no-op, different content an error."""
    old = (final / SUMS).read_text(encoding="utf-8") if (final / SUMS).is_file() else None
    new = (staging / SUMS).read_text(encoding="utf-8")
    if old == new:
        echo(f"{final.name} already exists with identical content: nothing to do")
        return ReleaseOutcome(final, tarball, version, created=False)
    differs = _what_differs(final, staging, version, parse_sums(old or ""), parse_sums(new))
    raise ReleaseError(
        f"{final}: version {version} was already released with different content ({differs}); releases are "
        "immutable, so choose a new version (--bump patch|minor|major or --dataset-version X.Y.Z)"
    )


def _what_differs(
    final: Path, staging: Path, version: str, old: dict[str, str], new: dict[str, str], shown: int = 5
) -> str:
    """A few of the archive's files (posts, images, rejects) and of the release's files that differ, for the
    refusal: whether the raw tree changed, or only what the release says of it (tool, date, settings)."""
    items: list[str] = []
    try:
        changes = diff_folders(final, staging, version)
    except (OSError, ValueError, KeyError, ReleaseError, pa.ArrowException):
        items.append("the released tables cannot be read to compare")
    else:
        rows_differing = [
            f"{name} {verb} {key}"
            for name, table in changes.tables.items()
            for verb, keys in (
                ("added", table.added),
                ("removed", table.removed),
                ("changed", [c["key"] for c in table.changed]),
            )
            for key in keys
        ]
        if changes.duplicate_groups:
            rows_differing.append(f"{len(changes.duplicate_groups)} posts changed near-duplicate group")
        items.append(_first(rows_differing, shown) if rows_differing else "no post, image or reject differs")
    # The tables first, then the manifest (which records the settings): they say most about the cause.
    order = sorted(set(old) | set(new), key=lambda path: (not path.startswith("data/"), path != "manifest.json", path))
    files = [
        path if path in old and path in new else f"{path} ({'new' if path in new else 'gone'})"
        for path in order
        if old.get(path) != new.get(path)
    ]
    items.append(f"files differing: {_first(files, shown)}" if files else "no file differs")
    return "; ".join(items)


def _first(items: list[str], shown: int) -> str:
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")


def _hash_new_files(staging: Path, hashes: dict[str, tuple[str, int]]) -> None:
    """Hash the files written since the last call; each file is hashed once."""
    new = [path for path in files_under(staging) if path not in hashes]
    with bar("hash", sum((staging / path).stat().st_size for path in new), "B") as advance:
        for path in new:
            hashes[path] = sha256_file(staging / path, advance)


def _warn_on_writer_change(previous: dict[str, Any] | None, echo: Callable[[str], None]) -> None:
    """A new Parquet writer re-encodes every table: the diff will list files whose rows did not change."""
    if previous is None:
        return
    before = (previous.get("parquet") or {}).get("writer")
    now = f"parquet-cpp-arrow version {pa.__version__}"
    if before and before != now:
        echo(
            f"warning: {previous.get('version')} was written by {before}, this release by {now}: "
            "every Parquet file will differ from it even where the rows did not change"
        )


def _write_documents(
    info: ReleaseInfo, staging: Path, datasheet_template: str | None, previous: Path | None, changelog: str | None
) -> ReleaseDiff | None:
    """Write the documents and CHANGELOG.md; return the comparison it was rendered from (None: a recorded one)."""
    from archiver.documents import write_documents

    write_documents(info, staging, datasheet_template)
    changes = None
    if changelog is None:
        changes = diff_folders(previous, staging, new_version=info.version)
        previous_digest = (
            sha256_file(previous / SUMS)[0] if previous is not None and (previous / SUMS).is_file() else None
        )
        changelog = render_changelog(changes, info.released.date().isoformat(), previous_digest)
    (staging / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    return changes


def _write_manifest(
    info: ReleaseInfo,
    staging: Path,
    hashes: dict[str, tuple[str, int]],
    raw_tree: tuple[str, int],
    inputs: dict[str, Any],
) -> None:
    files = [{"path": path, "bytes": size, "sha256": digest} for path, (digest, size) in sorted(hashes.items())]
    manifest = {
        "name": info.name,
        "version": info.version,
        "released": info.released.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "previous": info.previous,
        "tool": {"name": "archiver", "version": __version__},
        "pyarrow": pa.__version__,
        "parquet": {"writer": f"parquet-cpp-arrow version {pa.__version__}", "tables": TABLE_SETTINGS},
        "raw": {"sha256": raw_tree[0], "files": raw_tree[1]},
        "duplicates": duplicate_settings(info.settings.duplicate_threshold),
        "tables": {
            name: {"rows": t.rows, "content_sha256": t.content_sha256, "files": t.files}
            for name, t in info.tables.items()
        },
        "files": files,
        # What `archiver rebuild` needs to build this release again, and what it compares against.
        "environment": environment(),
        "settings": dataclasses.asdict(info.settings),
        "timezone": inputs["timezone"],
        "datasheet_template": inputs["datasheet_template"],
        # How the site was read (archiver.generators): `rebuild` writes a configuration that reads the same.
        "generator": inputs["generator"],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (staging / "manifest.json").write_text(text, encoding="utf-8")
