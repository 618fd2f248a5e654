"""Generators: each static-site generator's way of laying out a site and reading a post, as plug-ins of one shape.

A plug-in (base.Generator) detects its sites, reads their configuration into a Site, lists every file
under its post folders (a file it does not publish as a post carries a reason), and reads one post's
front matter, body, dates and categories into a ParsedPost, and says where its images resolve. Everything after reading
(provenance, text, images, tables, release) is shared: collect.py runs the same stages whatever
the generator.

Detection, first match wins: a `hugo.toml`/`hugo.yaml`/`hugo.json`, or a `config.toml`/`.yaml`/`.json`
beside `content/` -> Hugo; `source/_posts/` or `source/_drafts/` -> Hexo; otherwise Jekyll.
"""

from __future__ import annotations

from pathlib import Path

from archiver.generators.base import Generator, Site, SiteConfigError
from archiver.generators.hexo import HEXO
from archiver.generators.hugo import HUGO
from archiver.generators.jekyll import JEKYLL

GENERATORS: dict[str, Generator] = {generator.name: generator for generator in (JEKYLL, HEXO, HUGO)}
DETECTION_ORDER: tuple[str, ...] = ("hugo", "hexo", "jekyll")

__all__ = ["GENERATORS", "Generator", "GeneratorError", "Site", "SiteConfigError", "choose"]


class GeneratorError(ValueError):
    """An unknown generator name."""


def choose(root: Path, name: str | None = None) -> Generator:
    """The generator named, else the first whose site `root` looks like; Jekyll when none does."""
    if name is not None:
        if name not in GENERATORS:
            raise GeneratorError(f"unknown generator {name!r} (choose from {', '.join(sorted(GENERATORS))})")
        return GENERATORS[name]
    for candidate in DETECTION_ORDER:
        if GENERATORS[candidate].detect(root):
            return GENERATORS[candidate]
    return GENERATORS["jekyll"]
