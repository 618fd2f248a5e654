"""`archiver init`: give a new site a commented `[tool.archiver]` configuration and a DATASHEET.md to fill."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archiver.documents.datasheet import INIT_TEMPLATE

CONFIGURATION = """
# The dataset `archiver release` makes of the site in {site}/ (read from the nearest pyproject.toml
# above the site). Every document of a release is rendered from this table.
[tool.archiver]
name = "{name}"            # release folders are NAME-VERSION; letters, digits, '.', '_', '-'
version = "0.1.0"          # the next release's version (or: archiver release --bump patch|minor|major)
# pretty_name = ""          # the title of the card, Croissant and Data Package
# description = ""          # one paragraph: what the archive holds and why it was kept
# license = "other"         # a Hugging Face license id (cc-by-4.0, ...); "other" needs license_name
# license_name = ""         # for "other": a short name of the terms
# license_note = ""         # the terms in a sentence, shown in the card
# language = ["zh"]
# tags = ["archive"]
# Who to cite, and where the dataset lives: unset fields are left out of every citation, never
# faked (no authors: no CITATION.cff, which requires them), and `archiver release` names them.
# Set each once it is true.
# authors = ["Your Name"]
# repository = "https://…"  # where the code and issue tracker are
# hub_repo_id = "ORG/NAME"  # the Hugging Face dataset repo; `archiver publish` uses it
"""


@dataclass
class InitResult:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there: never overwritten


def dataset_name(site: Path) -> str:
    """A release name from the project folder's name: lower case, unsafe characters as '-'."""
    base = Path(site).resolve().parent.name or "archive"
    name = re.sub(r"[^a-z0-9._-]+", "-", base.lower()).strip("-.") or "archive"
    return name[:100]


def init(site: Path) -> InitResult:
    """Write `[tool.archiver]` into pyproject.toml and DATASHEET.md beside the site's folder.

    A pyproject.toml that exists gets the table appended; one that has it, and a DATASHEET.md that
    exists, are kept as they are.
    """
    site = Path(site)
    project = site.resolve().parent
    result = InitResult()
    pyproject = project / "pyproject.toml"
    existing = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else None
    if existing is not None and "[tool.archiver]" in existing:
        result.kept.append(pyproject)
    else:
        table = CONFIGURATION.format(site=site.name or site, name=dataset_name(site))
        text = table.lstrip("\n") if existing is None else existing.rstrip("\n") + "\n" + table
        pyproject.write_text(text, encoding="utf-8")
        result.written.append(pyproject)
    datasheet = project / "DATASHEET.md"
    if datasheet.exists():
        result.kept.append(datasheet)
    else:
        datasheet.write_text(INIT_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        result.written.append(datasheet)
    return result
