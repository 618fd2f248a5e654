"""Open a release, folder or tarball, and read its tables column by column, batch by batch."""

from __future__ import annotations

import contextlib
import json
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from archiver.errors import ArchiverError, not_a_release
from archiver.release.tarball import safe_members


class ReleaseError(ArchiverError):
    """A release cannot be opened or used: one line for the user."""


def require_release(release: Path) -> None:
    """Refuse, with the one message every command gives, a path that cannot be a release."""
    release = Path(release)
    if release.is_dir() and not (release / "manifest.json").is_file():
        raise ReleaseError(not_a_release(release))
    if not release.is_dir() and not release.is_file():
        raise ReleaseError(not_a_release(release))


@contextlib.contextmanager
def opened(release: Path) -> Iterator[Path]:
    """The release's folder: the path itself, or a tarball unpacked into a temporary folder.

    A folder is taken as it is (stats reads a collect output this way); commands that need a release
    call `require_release` first.
    """
    release = Path(release)
    if release.is_dir():
        yield release
        return
    require_release(release)
    try:
        tar = tarfile.open(release, mode="r:")  # noqa: SIM115 - closed by the `with tar` below
    except (tarfile.TarError, OSError) as error:
        raise ReleaseError(not_a_release(release, f": not a readable tarball ({error})")) from None
    with tar, tempfile.TemporaryDirectory(prefix="archiver-") as scratch:
        try:
            members = safe_members(tar)
        except ValueError as error:
            raise ReleaseError(f"{release}: {error}") from None
        tops = {member.name.split("/", 1)[0] for member in members}
        if len(tops) != 1:
            raise ReleaseError(f"{release}: a release tarball holds exactly one top folder, found {sorted(tops)}")
        tar.extractall(scratch, members=members, filter="data")
        folder = Path(scratch) / tops.pop()
        if not (folder / "manifest.json").is_file():
            raise ReleaseError(not_a_release(release, ": the tarball holds no manifest.json"))
        # A file named in the scratch folder, gone once this returns, is named in the tarball instead.
        try:
            yield folder
        except ReleaseError as error:
            raise ReleaseError(str(error).replace(f"{scratch}/", f"{release}: ")) from None


def manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReleaseError(not_a_release(folder)) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ReleaseError(f"{path}: not valid JSON ({error})") from None
    except RecursionError:  # json recurses once per level: `[[[[…` of 100,000 levels
        raise ReleaseError(f"{path}: not valid JSON (nested too deeply)") from None
    if not isinstance(found, dict):
        raise ReleaseError(f"{path}: not a JSON object but {type(found).__name__}")
    return found


def shards(folder: Path, table: str) -> list[Path]:
    return sorted((folder / "data" / table).glob("*.parquet"))


def rows(folder: Path, table: str, columns: list[str] | None = None, batch_rows: int = 256) -> Iterator[dict[str, Any]]:
    """The rows of one table, in order, a batch at a time, reading only `columns`."""
    for shard in shards(folder, table):
        with readable(shard):
            parquet = pq.ParquetFile(shard)
            for batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
                # Column by column, then zipped: the same dicts as batch.to_pylist(), a third cheaper.
                names = batch.schema.names
                if not names:  # (no column asked for: a row is still a row)
                    yield from ({} for _ in range(batch.num_rows))
                for values in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                    yield dict(zip(names, values, strict=True))


def column_names(shard: Path) -> list[str]:
    with readable(shard):
        return pq.read_schema(shard).names


def read_table(shard: Path, columns: list[str] | None = None) -> pa.Table:
    with readable(shard):
        return pq.read_table(shard, columns=columns)


@contextlib.contextmanager
def readable(shard: Path, what: str = "not a readable Parquet file") -> Iterator[None]:
    """Arrow's errors about a damaged or foreign file (`Parquet magic bytes not found`) name no file: this names
    it (or, for a read across several files, their folder, with `what` saying so)."""
    try:
        yield
    except (pa.ArrowException, OSError) as error:
        raise ReleaseError(f"{shard}: {what} ({error})") from None
