"""The documents of a release, each rendered from the one ReleaseInfo so they cannot disagree.

Every `render` is pure: the same ReleaseInfo (and, for the card, the same Parquet footers) gives the
same bytes: no wall clock, sorted keys, `\\n` line endings, a trailing newline.
"""

from __future__ import annotations

from pathlib import Path

from archiver.documents import card, citation, croissant, datapackage, datasheet
from archiver.documents._common import parquet_data_bytes
from archiver.metadata import ReleaseInfo

DOCUMENTS = ("README.md", "DATASHEET.md", "croissant.json", "datapackage.json", "CITATION.cff")


def render_documents(info: ReleaseInfo, folder: Path, datasheet_template: str | None) -> dict[str, str]:
    """{relative path: text} of every document, in DOCUMENTS order. `folder` must already hold the Parquet
    shards (the card reads their footers for split sizes). CITATION.cff only with authors configured."""
    documents = {
        "README.md": card.render(info, parquet_data_bytes(info, folder)),
        "DATASHEET.md": datasheet.render(info, datasheet_template),
        "croissant.json": croissant.render(info),
        "datapackage.json": datapackage.render(info),
        "CITATION.cff": citation.render(info),
    }
    return {name: text for name, text in documents.items() if text is not None}


def write_documents(info: ReleaseInfo, folder: Path, datasheet_template: str | None) -> list[str]:
    """Write the documents into the release folder; return their paths relative to it, in DOCUMENTS order.

    `datasheet_template` is the text of the repository's DATASHEET.md (see
    `datasheet.load_template`); None writes a short fallback datasheet.
    """
    folder = Path(folder)
    written = []
    for relative, text in render_documents(info, folder, datasheet_template).items():
        (folder / relative).write_bytes(text.encode("utf-8"))
        written.append(relative)
    return written


__all__ = ["DOCUMENTS", "render_documents", "write_documents"]
