"""Parse: one post file's bytes become a ParsedPost (decoded text, front matter, Jekyll fields) or a reject.

Reason codes and their meanings: `REASONS` (reasons.py).
"""

from archiver.parse.config import DEFAULT_TIMEZONE, SiteConfigError, read_site_timezone
from archiver.parse.post import ParsedPost, PostRejected, parse_post
from archiver.reasons import REASONS

__all__ = [
    "DEFAULT_TIMEZONE",
    "REASONS",
    "ParsedPost",
    "PostRejected",
    "SiteConfigError",
    "parse_post",
    "read_site_timezone",
]
