"""Provenance: who first published a reposted article, read from front matter and body lines."""

from archiver.provenance.extract import Evidence, Provenance, read_provenance

__all__ = ["Evidence", "Provenance", "read_provenance"]
