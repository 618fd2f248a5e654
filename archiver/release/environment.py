"""What a release was built with: the versions of everything that can change one of its bytes, and a
digest of the package's rule and vocabulary data. Recorded in manifest.json; `rebuild` compares them."""

from __future__ import annotations

import hashlib
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from archiver import __version__

# Packages whose version can change a release byte: the Parquet writer, image facts, front-matter parsing,
# the figures' renderer, the near-duplicate search (rensa's seeded MinHash, on numpy arrays), and the globs
# that decide which files of a Hexo site are posts (wcmatch).
RECORDED_PACKAGES = ("pyarrow", "Pillow", "PyYAML", "matplotlib", "rensa", "numpy", "wcmatch")
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def package_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def rule_data_files() -> list[Path]:
    """Every data file of the package (anything but Python source and caches): rules, vocabularies, fonts."""
    return sorted(
        path
        for path in PACKAGE_ROOT.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    )


def rule_data() -> dict[str, Any]:
    """sha256 over sorted `sha256  path` lines of the package's data files, with the files' count."""
    lines = []
    for path in rule_data_files():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(PACKAGE_ROOT).as_posix()}\n")
    return {"sha256": hashlib.sha256("".join(lines).encode()).hexdigest(), "files": len(lines)}


def environment() -> dict[str, Any]:
    """This machine's build environment, as manifest.json records it under `environment`."""
    return {
        "python": platform.python_version(),
        "archiver": __version__,
        "packages": {name: package_version(name) for name in RECORDED_PACKAGES},
        "rule_data": rule_data(),
    }


def differences(recorded: dict[str, Any] | None, current: dict[str, Any]) -> list[str]:
    """What differs between a recorded environment and this one, one phrase each (empty: nothing)."""
    if not recorded:
        return ["the release records no build environment (built before archiver recorded one)"]
    found = []
    if recorded.get("python") != current["python"]:
        found.append(f"Python {recorded.get('python')} there, {current['python']} here")
    if recorded.get("archiver") != current["archiver"]:
        found.append(f"tool version: archiver {recorded.get('archiver')} there, {current['archiver']} here")
    packages = recorded.get("packages") or {}
    for name, here in current["packages"].items():
        if packages.get(name) != here:
            label = "writer version: " if name == "pyarrow" else ""
            found.append(f"{label}{name} {packages.get(name)} there, {here} here")
    if (recorded.get("rule_data") or {}).get("sha256") != current["rule_data"]["sha256"]:
        found.append("rule data: the package's data files (rules, vocabularies, fonts) differ")
    return found
