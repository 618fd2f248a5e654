"""Verify: re-hash every file of a release, check its manifests, open every Parquet file and count its rows."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from archiver.progress import bar
from archiver.release.fixity import SUMS, download_artifact, files_under, parse_sums, sha256_file
from archiver.release.reading import ReleaseError, manifest, opened, require_release, rows, shards
from archiver.tables import BYTES_COLUMNS, PATH_COLUMNS, SCHEMAS, TABLES, file_path, row_digest

TOP_DIGEST = re.compile(r"[0-9a-f]{64}")
# How many rows with bad bytes verify names, per table, before it only counts them.
SHOWN_ROWS = 10


def verify_release(release: Path, expect: str | None = None) -> list[str]:
    """Every problem found in a release folder or tarball; an empty list means it is intact.

    `expect` is the release's top digest (the sha256 of its SHA256SUMS, see `top_digest`) as recorded
    outside the release: the one check that also catches rows forged with every sum resealed.
    """
    release = Path(release)
    require_release(release)  # not a release at all is one error, not a list of problems
    if expect is not None:
        expect = normal_digest(expect)
    try:
        with opened(release) as folder:
            return verify_opened(release, folder, expect)
    except ReleaseError as error:
        return [*(_check_sidecar(release) if release.is_file() else []), str(error)]


def verify_opened(release: Path, folder: Path, expect: str | None = None) -> list[str]:
    """verify_release for a release already opened (unpacked) at `folder`: restore checks what it will read."""
    problems = _check_sidecar(release) if Path(release).is_file() else []
    if expect is not None:
        expect = normal_digest(expect)
        if not (folder / SUMS).is_file():
            problems.append(f"{SUMS}: missing, so its sha256 cannot be the expected {expect}")
        elif top_digest(folder) != expect:
            problems.append(
                f"{SUMS}: sha256 {top_digest(folder)}, expected {expect}: not the release that was recorded"
            )
    return problems + verify_folder(folder)


def normal_digest(digest: str) -> str:
    """A sha256 as given by a user (any case, maybe padded), checked and lower-cased."""
    normal = digest.strip().lower()
    if not TOP_DIGEST.fullmatch(normal):
        raise ReleaseError(f"--expect {digest!r}: expected the 64 hex digits of a sha256")
    return normal


def top_digest(folder: Path) -> str:
    """The release's top digest: sha256 of its SHA256SUMS, which covers every other file of it.

    Recorded outside the release (the Hub tag message, the next release's CHANGELOG), it anchors the
    whole release: `archiver verify --expect DIGEST`.
    """
    return sha256_file(Path(folder) / SUMS)[0]


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
    # A Hub download is the release plus the Hub's own files: those are not the release's, nor extra.
    present = {path for path in files_under(folder) if not download_artifact(path)} - {SUMS}
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
        if not problems:
            problems += _check_row_bytes(folder, table)
    return problems


# Per table: the column holding a row's file bytes, and how to get the bytes out of its value.
_BYTES = {
    "posts": ("raw", lambda value: value),
    "rejects": ("raw", lambda value: value),
    "images": ("image", lambda value: value["bytes"] if value is not None else None),
}


def _check_row_bytes(folder: Path, table: str) -> list[str]:
    """Each row's stored file bytes against the row's own sha256 and size.

    The content hash of the manifest leaves the bytes columns out (each row's sha256 stands for them),
    so without this a row whose bytes were swapped, and every file sum resealed, would pass.
    """
    column, extract = _BYTES[table]
    text, exact = PATH_COLUMNS[table]
    names = set(SCHEMAS[table].names)
    wanted = [name for name in (text, exact, "sha256", "size_bytes", column) if name in names]
    problems, bad = [], 0
    for number, row in enumerate(rows(folder, table, wanted, batch_rows=16)):
        data = extract(row[column])
        if data is None:
            continue
        if hashlib.sha256(data).hexdigest() == row["sha256"] and len(data) == row["size_bytes"]:
            continue
        bad += 1
        if bad <= SHOWN_ROWS:
            path = file_path(table, row)
            where = path.decode("utf-8", "backslashreplace") if path is not None else "(no path)"
            problems.append(f"data/{table} row {number} ({where}): stored bytes do not match the row's sha256 or size")
    if bad > SHOWN_ROWS:
        problems.append(f"data/{table}: {bad - SHOWN_ROWS} more rows whose bytes do not match their sha256")
    return problems
