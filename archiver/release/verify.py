"""Verify: re-hash every file of a release, check its manifests, open every Parquet file and count its rows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from archiver.progress import bar
from archiver.release.fixity import SUMS, files_under, parse_sums, sha256_file
from archiver.release.reading import ReleaseError, manifest, opened, require_release, rows, shards
from archiver.tables import BYTES_COLUMNS, SCHEMAS, TABLES, row_digest


def verify_release(release: Path) -> list[str]:
    """Every problem found in a release folder or tarball; an empty list means it is intact."""
    release = Path(release)
    require_release(release)  # not a release at all is one error, not a list of problems
    problems: list[str] = []
    if release.is_file():
        problems += _check_sidecar(release)
    try:
        with opened(release) as folder:
            problems += verify_folder(folder)
    except ReleaseError as error:
        problems.append(str(error))
    return problems


def _check_sidecar(tarball: Path) -> list[str]:
    sidecar = tarball.with_name(tarball.name + ".sha256")
    if not sidecar.is_file():
        return []
    expected = parse_sums(sidecar.read_text(encoding="utf-8"))
    digest, _ = sha256_file(tarball)
    if expected.get(tarball.name) != digest:
        return [f"{tarball.name}: sha256 differs from {sidecar.name}"]
    return []


def verify_folder(folder: Path) -> list[str]:
    problems: list[str] = []
    sums_path = folder / SUMS
    if not sums_path.is_file():
        return [f"{SUMS}: missing"]
    listed = parse_sums(sums_path.read_text(encoding="utf-8"))
    present = set(files_under(folder)) - {SUMS}
    actual: dict[str, tuple[str, int]] = {}
    total = sum((folder / path).stat().st_size for path in listed if path in present)
    with bar("verify", total, "B") as advance:
        problems += _rehash(folder, listed, present, actual, advance)
    problems += [f"{path}: extra file, not in {SUMS}" for path in sorted(present - set(listed))]
    try:
        info = manifest(folder)
    except ReleaseError as error:
        return [*problems, str(error)]
    in_manifest = {entry.get("path") for entry in info.get("files", [])}
    unlisted = set(listed) - in_manifest - {"manifest.json", "tagmanifest-sha256.txt"}
    problems += [f"{path}: in {SUMS} but not in manifest.json" for path in sorted(unlisted)]
    for entry in info.get("files", []):
        path = entry.get("path")
        if path not in listed:
            problems.append(f"{path}: in manifest.json but not in {SUMS}")
        elif entry.get("sha256") != listed[path]:
            problems.append(f"{path}: manifest.json and {SUMS} disagree")
        elif path in actual and entry.get("bytes") != actual[path][1]:
            problems.append(f"{path}: size differs from manifest.json")
    problems += _check_bag(folder, listed)
    if not problems:  # tables are only worth opening once every byte is known good
        problems += _check_tables(folder, info)
    return problems


def _rehash(
    folder: Path,
    listed: dict[str, str],
    present: set[str],
    actual: dict[str, tuple[str, int]],
    advance: Callable[[int], object],
) -> list[str]:
    """Hash every listed file again (into `actual`); what is missing or changed."""
    problems = []
    for path in sorted(listed):
        if path not in present:
            problems.append(f"{path}: missing")
            continue
        digest, size = sha256_file(folder / path, advance)
        actual[path] = (digest, size)
        if digest != listed[path]:
            problems.append(f"{path}: changed (sha256 differs from {SUMS})")
    return problems


def _check_bag(folder: Path, listed: dict[str, str]) -> list[str]:
    """The bag's manifests must agree with SHA256SUMS (whose files were just re-hashed)."""
    problems = []
    for name in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        if not (folder / name).is_file():
            problems.append(f"{name}: missing (not a BagIt bag)")
            continue
        for path, digest in parse_sums((folder / name).read_text(encoding="utf-8")).items():
            if listed.get(path) != digest:
                problems.append(f"{name}: entry for {path} disagrees with {SUMS}")
    payload = {p for p in listed if p.startswith("data/")}
    if (folder / "manifest-sha256.txt").is_file():
        bagged = set(parse_sums((folder / "manifest-sha256.txt").read_text(encoding="utf-8")))
        problems += [f"manifest-sha256.txt: payload file {p} not listed" for p in sorted(payload - bagged)]
    return problems


def _check_tables(folder: Path, info: dict) -> list[str]:
    problems = []
    for table in TABLES:
        expected = info.get("tables", {}).get(table, {})
        count = 0
        for shard in shards(folder, table):
            try:
                parquet = pq.ParquetFile(shard)
            except Exception as error:  # noqa: BLE001 - any unreadable shard is a finding, not a crash
                problems.append(f"{shard.relative_to(folder)}: not readable Parquet ({error})")
                continue
            count += parquet.metadata.num_rows
            if not parquet.schema_arrow.equals(SCHEMAS[table], check_metadata=False):
                problems.append(f"{shard.relative_to(folder)}: schema differs from the declared {table} schema")
        if expected.get("rows") != count:
            problems.append(f"data/{table}: {count} rows, manifest.json says {expected.get('rows')}")
            continue
        if "content_sha256" in expected and not problems:
            digest = hashlib.sha256()
            columns = [f.name for f in SCHEMAS[table] if f.name not in BYTES_COLUMNS]
            for row in rows(folder, table, columns):
                digest.update(row_digest(row))
            if digest.hexdigest() != expected["content_sha256"]:
                problems.append(f"data/{table}: content hash of the rows differs from manifest.json")
    return problems
