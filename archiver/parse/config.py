"""Read the site's timezone from Jekyll's `_config.yml`.

No file, no `timezone:` key, or an empty one -> DEFAULT_TIMEZONE. A `timezone` that is not an
IANA zone name, or a config that is not safe, valid YAML, raises SiteConfigError: the zone shifts
every naive post date, so guessing would silently move all of them; a person should look.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archiver.parse.decode import decode, normalise_text
from archiver.parse.safe_yaml import load_yaml_mapping
from archiver.reasons import PostRejected

DEFAULT_TIMEZONE = "Asia/Shanghai"


class SiteConfigError(ValueError):
    """`_config.yml` cannot be read, or names no valid timezone."""


def read_site_timezone(config_bytes: bytes | None) -> str:
    """The IANA timezone name the site's naive dates are in."""
    return site_timezone(config_bytes)[0]


def site_timezone(config_bytes: bytes | None) -> tuple[str, bool]:
    """(zone name, whether `_config.yml` sets it): when it does not, DEFAULT_TIMEZONE is assumed."""
    if config_bytes is None:
        return DEFAULT_TIMEZONE, False
    text = normalise_text(decode(config_bytes).text)
    try:
        data, _texts = load_yaml_mapping(text, first_line=1)
    except PostRejected as rejected:
        where = f" (line {rejected.line})" if rejected.line else ""
        raise SiteConfigError(f"_config.yml: {rejected.message}{where}") from None
    value = data.get("timezone")
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_TIMEZONE, False
    if not isinstance(value, str):
        raise SiteConfigError(f"_config.yml: timezone must be a zone name like Asia/Shanghai, not {value!r}")
    name = value.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise SiteConfigError(f"_config.yml: unknown timezone {name!r} ({error})") from None
    return name, True
