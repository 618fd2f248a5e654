"""Why a file is rejected: every reason code of every stage (one place, documented in the dataset card)."""

from __future__ import annotations

UNCLOSED_FRONT_MATTER = "unclosed_front_matter"
MALFORMED_FRONT_MATTER = "malformed_front_matter"
FRONT_MATTER_NOT_MAPPING = "front_matter_not_mapping"
UNSAFE_YAML_TAG = "unsafe_yaml_tag"
YAML_ALIAS_BOMB = "yaml_alias_bomb"
FRONT_MATTER_TOO_LARGE = "front_matter_too_large"
# The codes parse_post raises; the others come from discover and collect.
PARSE_REASONS = frozenset(
    {
        UNCLOSED_FRONT_MATTER,
        MALFORMED_FRONT_MATTER,
        FRONT_MATTER_NOT_MAPPING,
        UNSAFE_YAML_TAG,
        YAML_ALIAS_BOMB,
        FRONT_MATTER_TOO_LARGE,
    }
)
SYMLINK_OUTSIDE_SITE = "symlink_outside_site"
BROKEN_SYMLINK = "broken_symlink"
SYMLINK_LOOP = "symlink_loop"
SYMLINK_ALREADY_WALKED = "symlink_already_walked"
NOT_REGULAR_FILE = "not_regular_file"
UNREADABLE = "unreadable"
UNSUPPORTED_EXTENSION = "unsupported_extension"
NOT_A_POST = "not_a_post"
# Reasons the site's generator gives for a file it does not publish as a post: the file is read and kept.
NOT_PUBLISHED_REASONS = frozenset({UNSUPPORTED_EXTENSION, NOT_A_POST})
INTERNAL_ERROR = "internal_error"

# code -> one-line meaning, for the rejects table's documentation.
REASONS: dict[str, str] = {
    UNCLOSED_FRONT_MATTER: "The first line opens front matter (--- or +++) and no closing line follows.",
    MALFORMED_FRONT_MATTER: "The front matter is not valid YAML/TOML, or a value does not fit its tag.",
    FRONT_MATTER_NOT_MAPPING: "The front matter is valid but is a list or a scalar, not key/value pairs.",
    UNSAFE_YAML_TAG: "The front matter uses a YAML tag outside the standard types (e.g. !!python/object).",
    YAML_ALIAS_BOMB: "YAML aliases expand past the node limit or refer to themselves ('billion laughs').",
    FRONT_MATTER_TOO_LARGE: "The front matter exceeds the size, nesting-depth or node-count limit.",
    SYMLINK_OUTSIDE_SITE: "A symbolic link that leads outside the site root (never followed; no bytes kept).",
    BROKEN_SYMLINK: "A symbolic link that points to nothing.",
    SYMLINK_LOOP: "A symbolic link to a folder that holds it, or links that loop without end.",
    SYMLINK_ALREADY_WALKED: "A link to a folder walked already under another path; each folder is walked once.",
    NOT_REGULAR_FILE: "A named pipe, device or socket: only regular files are read (never opened; no bytes).",
    UNREADABLE: "The file or folder could not be read (permissions, I/O error).",
    UNSUPPORTED_EXTENSION: "A file the generator does not render as a post (an image, data or other asset).",
    NOT_A_POST: "The generator does not publish this file as a post: a Jekyll name that is not YYYY-M-D-slug.ext, "
    "a name it skips (_x, .x, x~), an excluded path, a Hugo section list or bundle resource.",
    INTERNAL_ERROR: "archiver failed on this file; a bug to report (the file's bytes are kept).",
}


class PostRejected(Exception):
    """The file cannot be made a post: it goes to the rejects table with this reason."""

    def __init__(self, reason: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.line = line

    def __repr__(self) -> str:
        return f"PostRejected({self.reason!r}, {self.message!r}, line={self.line!r})"
