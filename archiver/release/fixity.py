"""Fixity files: SHA256SUMS, and the BagIt 1.0 (RFC 8493) bag declaration and manifests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

BAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt")
SUMS = "SHA256SUMS"
CHUNK = 1 << 20


def sha256_file(path: Path, advance: Callable[[int], object] | None = None) -> tuple[str, int]:
    """(hex digest, size) of a file, read in chunks; `advance(bytes)` after each (a progress bar)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if advance is not None:
                advance(len(chunk))
    return digest.hexdigest(), size


def tree_digest(folder: Path, leave_out: frozenset[str] = frozenset()) -> str:
    """sha256 over every file below `folder` (its relative path, then its bytes' sha256), in path order; bytecode
    caches and files named in `leave_out` are left out. What a change to a package's code or data is told by."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.name not in leave_out:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def files_under(folder: Path) -> list[str]:
    """Every regular file below `folder`, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def download_artifact(path: str) -> bool:
    """A file that a download of the release from the Hub adds beside its own: the repository's
    `.gitattributes` (the Hub writes it) and huggingface_hub's `.cache/huggingface/` bookkeeping."""
    return path == ".gitattributes" or path.startswith(".cache/huggingface/")


def format_sums(entries: dict[str, str]) -> str:
    """`sha256sum -c` format: digest, two spaces, path; sorted by path for reproducibility."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries.items()))


def parse_sums(text: str) -> dict[str, str]:
    """Read a `sha256sum` or BagIt manifest (digest, white space, path; `*` marks binary mode)."""
    entries = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        digest, _, path = line.partition(" ")
        entries[path.lstrip(" *")] = digest.lower()
    return entries


def write_bag(folder: Path, hashes: dict[str, tuple[str, int]], released: datetime, identifier: str) -> None:
    """Declare `folder` a BagIt 1.0 bag whose payload is data/, from hashes already computed.

    Written by hand rather than with bagit.make_bag, which would re-hash every payload byte and stamp
    today's date into bag-info.txt; the bagit library still validates the result in the tests.
    The tag manifest comes later (write_tag_manifest), once every other tag file is written.
    """
    payload = {path: value for path, value in hashes.items() if path.startswith("data/")}
    (folder / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8")
    (folder / "manifest-sha256.txt").write_text(
        format_sums({path: digest for path, (digest, _) in payload.items()}), encoding="utf-8"
    )
    octets = sum(size for _, size in payload.values())
    info = (
        f"Bag-Software-Agent: archiver (https://pypi.org/project/archiver/)\n"
        f"Bagging-Date: {released.date().isoformat()}\n"
        f"External-Identifier: {identifier}\n"
        f"Payload-Oxum: {octets}.{len(payload)}\n"
    )
    (folder / "bag-info.txt").write_text(info, encoding="utf-8")


def write_tag_manifest(folder: Path, hashes: dict[str, tuple[str, int]]) -> None:
    """tagmanifest-sha256.txt over every tag file, reusing hashes already known."""
    # Tag files are everything outside data/ except the tag manifest itself and SHA256SUMS, which
    # is written last and lists the tag manifest (the two cannot list each other).
    tags = {}
    for path in files_under(folder):
        if path.startswith("data/") or path in ("tagmanifest-sha256.txt", SUMS):
            continue
        tags[path] = hashes[path][0] if path in hashes else sha256_file(folder / path)[0]
    (folder / "tagmanifest-sha256.txt").write_text(format_sums(tags), encoding="utf-8")


def write_sums(folder: Path, hashes: dict[str, tuple[str, int]]) -> None:
    """SHA256SUMS over every other file of the folder, reusing hashes already known."""
    entries = {}
    for path in files_under(folder):
        if path == SUMS:
            continue
        entries[path] = hashes[path][0] if path in hashes else sha256_file(folder / path)[0]
    (folder / SUMS).write_text(format_sums(entries), encoding="utf-8")
