"""archiver: turn a Jekyll archive of reposted articles into a versioned, checksummed Parquet dataset.

The pipeline, one module (or package) a stage:
discover → parse → provenance → images → tables → collect → release → verify / publish.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("archiver")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
