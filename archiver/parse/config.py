"""Read a site configuration (`_config.yml` and the like) and the timezone it names.

No file, no `timezone:` key, or an empty one -> DEFAULT_TIMEZONE. A `timezone` that is not an
IANA zone name, or a config that is not safe, valid YAML, raises SiteConfigError: the zone shifts
every naive post date, so guessing would silently move all of them; a person should look.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from archiver.parse.decode import decode, normalise_text
from archiver.parse.safe_yaml import load_yaml_mapping
from archiver.reasons import PostRejected

DEFAULT_TIMEZONE = "Asia/Shanghai"


class SiteConfigError(ValueError):
    """The site configuration cannot be read, or names no valid timezone; the message starts with its file name."""


def read_site_timezone(config_bytes: bytes | None) -> str:
    """The IANA timezone name the site's naive dates are in."""
    return site_timezone(config_bytes)[0]


def site_timezone(config_bytes: bytes | None) -> tuple[str, bool]:
    """(zone name, whether `_config.yml` sets it): when it does not, DEFAULT_TIMEZONE is assumed."""
    if config_bytes is None:
        return DEFAULT_TIMEZONE, False
    return check_timezone(read_yaml_config(config_bytes).get("timezone"))


def read_yaml_config(config_bytes: bytes, name: str = "_config.yml") -> dict[str, Any]:
    """A YAML site configuration as a mapping, read as safely as front matter. Raises SiteConfigError."""
    text = normalise_text(decode(config_bytes).text)
    try:
        data, _texts = load_yaml_mapping(text, first_line=1)
    except PostRejected as rejected:
        where = f" (line {rejected.line})" if rejected.line else ""
        # The reader is the front matter's; the file is not front matter, and the message must not say so.
        message = rejected.message.replace("YAML front matter", "YAML site configuration")
        message = message.replace("front matter is", "the site configuration is")
        raise SiteConfigError(f"{name}: {message}{where}") from None
    return data


def check_timezone(value: Any, name: str = "_config.yml", key: str = "timezone") -> tuple[str, bool]:
    """(zone, whether it is configured) for a configured value; none or empty -> DEFAULT_TIMEZONE, False.

    Raises SiteConfigError for a value that is not a zone name.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_TIMEZONE, False
    if not isinstance(value, str):
        raise SiteConfigError(f"{name}: {key} must be a zone name like Asia/Shanghai, not {value!r}")
    zone = value.strip()
    if zone not in canonical_zones():
        raise SiteConfigError(f"{name}: unknown {key} {zone!r} (not an IANA zone name like Asia/Shanghai)")
    return zone, True


@cache
def canonical_zones() -> frozenset[str]:
    """The zone names a site may name.

    zoneinfo also opens `localtime` (a link to the machine's /etc/localtime), `Factory`, `posixrules` and the
    `right/` and `posix/` copies; a site naming one would give different release bytes on different machines.
    """
    return frozenset(
        zone
        for zone in available_timezones()
        if zone not in ("Factory", "localtime", "posixrules") and not zone.startswith(("right/", "posix/"))
    )
