"""Read a post date written as text into a naive UTC datetime; and the date in a Jekyll post file name.

Accepted (case-insensitive, surrounding spaces ignored), each optionally followed by a time
`H:MM[:SS[.fff]]` and a zone `Z`, `UTC`, `GMT`, `+08`, `+0800` or `+08:00`:
    2021-09-07   2021-9-7   2021/09/07   2021.09.07   2021-09-07T10:20:00Z   2018-03-01 +0800
    September 7, 2021   Sep. 7 2021   7 September 2021   Tuesday, September 7, 2021
    2021年9月7日   2021年9月7日 10:20
Times without a zone are in the site's timezone; a date alone is midnight there. Anything else
(`yesterday`, `2021-13-45`) is not a date: None, and the caller falls back to the file name.
"""

from __future__ import annotations

import posixpath
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

MAX_DATE_TEXT = 64  # longer text is no date we read; also bounds the regex work

_TIME_AND_ZONE = (
    r"(?:(?:[ \t]*T[ \t]*|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"[ \t]*(?P<z>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_NUMERIC = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TIME_AND_ZONE, re.I)
_CHINESE = re.compile(
    r"(?P<y>\d{4})[ \t]*年[ \t]*(?P<m>\d{1,2})[ \t]*月[ \t]*(?P<d>\d{1,2})[ \t]*[日号]?"
    r"(?:[ \t]*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
)
_WEEKDAY = r"(?:[a-z]{3,9}\.?,?[ \t]+)?"
_MONTH_FIRST = re.compile(
    _WEEKDAY + r"(?P<mon>[a-z]{3,9})\.?[ \t]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(?P<y>\d{4})" + _TIME_AND_ZONE,
    re.I,
)
_DAY_FIRST = re.compile(
    _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[ \t]+(?P<mon>[a-z]{3,9})\.?,?[ \t]+(?P<y>\d{4})" + _TIME_AND_ZONE,
    re.I,
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Jekyll's post file names: YYYY-MM-DD-slug.ext (Jekyll also takes 2-digit years; 18 AD is never meant).
_FILENAME_DATE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})-")


def parse_date_text(text: str, site_zone: tzinfo) -> datetime | None:
    """The instant `text` names, as a naive UTC datetime, or None if it is not a date we read."""
    text = text.strip()
    if not text or len(text) > MAX_DATE_TEXT:
        return None
    for pattern in (_NUMERIC, _CHINESE, _MONTH_FIRST, _DAY_FIRST):
        found = pattern.fullmatch(text)
        if found:
            return _to_utc(found.groupdict(), site_zone)
    return None


def filename_date_text(path: str) -> str | None:
    """The `YYYY-MM-DD` prefix of a post's file name, as written, or None."""
    found = _FILENAME_DATE.match(posixpath.basename(path))
    return found.group(1) if found else None


def _to_utc(parts: dict[str, str | None], site: tzinfo) -> datetime | None:
    month = _MONTHS.get(parts["mon"].lower()) if parts.get("mon") else int(parts["m"] or 0)
    if month is None:
        return None
    fraction = (parts.get("f") or "")[:6].ljust(6, "0")
    zone = _zone(parts.get("z"), site)
    if zone is None:
        return None
    try:
        local = datetime(
            int(parts["y"]),
            month,
            int(parts["d"]),
            int(parts.get("H") or 0),
            int(parts.get("M") or 0),
            int(parts.get("S") or 0),
            int(fraction),
            tzinfo=zone,
        )
        return local.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # 2021-13-45, 25:00, or year 1 moved before year 1 by the zone
        return None


def _zone(text: str | None, site: tzinfo) -> tzinfo | None:
    if not text:
        return site
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[0] == "-" else offset)
