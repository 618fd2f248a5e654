"""The figures of a release: PNG charts drawn from `archiver.stats`, with the same bytes on every build.

Bytes stay the same because nothing about the machine reaches the renderer: matplotlib's default
style (never the user's matplotlibrc), the Agg canvas, a fixed size and dpi, the CJK font shipped in
this package (never a font that happens to be installed), and PNG metadata without the software
version. matplotlib's wheels bundle their own FreeType, so a given matplotlib version draws the same
pixels anywhere; the manifest records that version.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import shutil
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

from archiver.cache import code_digest, read_entry, write_entry
from archiver.stats import DatasetStats

FOLDER = "figures"
# The figures, in the order the card shows them (draw.FIGURES draws each; a cache entry must hold these).
NAMES = ("posts-per-month.png", "top-accounts.png", "top-outlets.png", "images-by-status.png", "rejects-by-reason.png")


@dataclass(frozen=True)
class FigureInfo:
    path: str  # relative to the release folder, e.g. figures/posts-per-month.png
    title: str
    alt: str  # what the figure shows, in words, for readers who cannot see it

    def markdown(self) -> str:
        alt = self.alt.replace("[", "(").replace("]", ")")
        return f"**{self.title}**\n\n![{alt}]({self.path})"


def write_figures(stats: DatasetStats, folder: Path, cache: Path | None = None) -> list[FigureInfo]:
    """Write `folder/figures/*.png`; return what the card and datasheet say about each, in FIGURES order.

    With `cache` (the reading cache's folder), figures of the same counts drawn by the same code and
    libraries are taken from there: they are the same bytes, and drawing them is most of what a
    release costs beyond reading its files.
    """
    target = Path(folder) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    infos = []
    for name, (data, info) in _rendered(stats, cache).items():
        (target / name).write_bytes(data)
        infos.append(info)
    return infos


def _rendered(stats: DatasetStats, cache: Path | None) -> dict[str, tuple[bytes, FigureInfo]]:
    if cache is None:
        return _drawn(stats)
    versions = [package_version(name) for name in ("matplotlib", "Pillow", "numpy")]
    inputs = json.dumps([code_digest(), versions, dataclasses.asdict(stats)], sort_keys=True, default=str)
    folder = Path(cache) / "figures"
    entry = folder / hashlib.sha256(inputs.encode()).hexdigest()
    payload = read_entry(entry)
    if payload is not None:
        try:
            found = _stored_figures(json.loads(payload))
        except (ValueError, TypeError):  # not of this shape: drawn afresh below
            found = None
        if found is not None:
            return found
    rendered = _drawn(stats)
    for old in folder.glob("*"):  # figures of other counts are of no further use; a folder is no entry: left
        if old.is_dir() and not old.is_symlink():
            continue
        with contextlib.suppress(OSError):  # a cache: what cannot be removed costs room, never the release
            old.unlink(missing_ok=True)
    if entry.is_dir() and not entry.is_symlink():  # under the entry's own name, it keeps the entry from being written
        shutil.rmtree(entry, ignore_errors=True)
    stored = {
        name: [base64.b64encode(png).decode(), info.path, info.title, info.alt]
        for name, (png, info) in rendered.items()
    }
    write_entry(entry, json.dumps(stored).encode())
    return rendered


def _stored_figures(stored: object) -> dict[str, tuple[bytes, FigureInfo]] | None:
    """A cache entry's figures, or None when it is not of their shape: exactly the NAMES, each a
    [png, path, title, alt] of strings written as `figures/NAME` (anything else is never written)."""
    if not isinstance(stored, dict) or list(stored) != list(NAMES):
        return None
    found = {}
    for name, value in stored.items():
        if not isinstance(value, list) or len(value) != 4 or not all(isinstance(v, str) for v in value):
            return None
        png, path, title, alt = value
        if path != f"{FOLDER}/{name}":
            return None
        found[name] = (base64.b64decode(png, validate=True), FigureInfo(path, title, alt))
    return found


def _drawn(stats: DatasetStats) -> dict[str, tuple[bytes, FigureInfo]]:
    # matplotlib takes half a second to import: only a release whose figures are not cached pays it.
    from archiver.figures.draw import render_figures

    return render_figures(stats)
