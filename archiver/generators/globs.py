"""Globs as micromatch reads them (Hexo's `skip_render`, `include`, `exclude`, `ignore`), over `/`-separated paths.

What is read: `*` and `?` within one path part; `**` as a whole part, any number of parts (none too:
`a/**` matches `a`, `**/b` matches `b`); `[abc]`, `[!a-c]`/`[^a-c]`; braces `{a,b}` and ranges `{1..3}`;
extglobs `@(a|b)`, `*(…)`, `+(…)`, `?(…)`, `!(…)`; `\\x` a literal x; a leading `!` negates the
pattern, a leading `./` is dropped. As micromatch does by default, no wildcard matches a part starting
with `.` unless the pattern writes the dot (an extglob that may match nothing writes the dot after it:
`*(a|b).md` matches `.md`, in picomatch's own tests too). A pattern without `/` matches the whole path,
not a base name.

The matching is wcmatch's (`wcmatch.glob`); this module only adapts a pattern to it where micromatch reads
it otherwise (see `_compiled`). A pattern whose braces expand past `_MAX_EXPANSIONS` patterns matches nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from wcmatch import glob
from wcmatch._wcparse import PatternLimitException  # what `limit` raises; wcmatch exports it nowhere public

__all__ = ["first_match"]

# GLOBSTAR: `**` spans parts (off, it is `*`). BRACE: `{a,b}` and `{1..3}` (bracex expands them, up to
# `limit`). EXTGLOB: `@(…)`, `!(…)`, …. FORCEUNIX: `/` separates parts and case counts on every OS, as in
# micromatch. Left off on purpose: DOTGLOB (wildcards skip dot-parts, micromatch's default), MATCHBASE (a
# pattern without `/` is matched against the whole path), NEGATE (see `_compiled`).
_FLAGS = glob.GLOBSTAR | glob.BRACE | glob.EXTGLOB | glob.FORCEUNIX
_MAX_EXPANSIONS = 1024  # brace expansions past this are a pattern no one means (a hostile _config.yml)


def first_match(path: str, patterns: list[str]) -> str | None:
    """The first of `patterns` that matches `path` (micromatch: any pattern may match), or None."""
    for pattern in patterns:
        matches = _compiled(pattern)
        if matches is not None and matches(path):
            return pattern
    return None


# Unbounded: the patterns are a site configuration's, and every one is tried for every file and folder, so
# a bounded cache smaller than the configuration's list (600 `ignore` globs) recompiled each on every test.
@functools.cache
def _compiled(pattern: str) -> Callable[[str], bool] | None:
    """The pattern as a test of a path, or None for one past the expansion limit (it matches nothing)."""
    # A leading `!` (not `!(`, an extglob) negates the rest, each one again. wcmatch's NEGATE differs: there
    # `!x` only filters out of an implied `**`, which skips dot-parts, where micromatch's `!x` is just "not x".
    negated = False
    while pattern.startswith("!") and not pattern.startswith("!("):
        negated, pattern = not negated, pattern[1:]
    if pattern.startswith("./"):  # micromatch drops it; wcmatch would look for a `.` part
        pattern = pattern[2:]
    if pattern not in ("", "/"):  # `a/` is the folder a (micromatch); wcmatch would want the path to end in `/`
        pattern = pattern.rstrip("/")
    # `a/**` matches `a` itself in micromatch, not in wcmatch: also try the pattern without its trailing `/**`.
    alternatives = [pattern]
    base = pattern
    while base.endswith("/**"):
        base = base[: -len("/**")]
    if base != pattern and base:
        alternatives.append(base)
    try:
        # wcmatch counts one limit over all alternatives: the limit is each one's
        matcher = glob.compile(alternatives, flags=_FLAGS, limit=_MAX_EXPANSIONS * len(alternatives))
    except PatternLimitException:
        return None
    if negated:
        return lambda path: not matcher.match(path)
    return matcher.match
