"""Kept so that imports written before the move still work: the shared types live in `archiver.metadata`."""

from archiver.metadata import FileEntry, ProjectSettings, ReleaseInfo, TableInfo

__all__ = ["FileEntry", "ProjectSettings", "ReleaseInfo", "TableInfo"]
