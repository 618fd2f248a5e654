"""Bytes to text, with the name of the encoding used.

Encoding names are Python codec names (`codecs.lookup(name).name`), plus a `+replace` suffix when
bytes that the codec could not decode were replaced with U+FFFD:

    utf-8               valid UTF-8, no BOM
    utf-8-sig           valid UTF-8 after a UTF-8 BOM (the BOM is dropped from the text)
    utf-16-le/-be       valid UTF-16 after its BOM (the BOM is dropped)
    gb18030             legacy Chinese (GB2312/GBK are subsets of GB18030, so all three decode as this)
    gb18030+replace     GB18030 text with a few (<= 1%) undecodable bytes
    utf-8-sig+replace   a UTF-8 BOM followed by bytes that are not all valid UTF-8
    utf-8+replace       anything else: invalid UTF-8 that does not look like GB18030 text

Single-byte legacy encodings (Latin-1, cp1252, ...) are never guessed: they accept any bytes, so
guessing them would hide damage; such files are `utf-8+replace`. Decoding never fails.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

REPLACE_SUFFIX = "+replace"

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# GB18030 text may have at most this share of undecodable characters and still count as GB18030.
_MAX_LEGACY_DAMAGE = 0.01
# Everyday Chinese lives in the GB2312 repertoire; random bytes, Latin-1 and Big5 mostly do not.
_MIN_GB2312_SHARE = 0.5


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode a post file's bytes; see the module docstring for how the encoding is chosen and named."""
    if data.startswith(codecs.BOM_UTF8):
        rest = data[len(codecs.BOM_UTF8) :]
        try:
            return Decoded(rest.decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return Decoded(rest.decode("utf-8", "replace"), "utf-8-sig" + REPLACE_SUFFIX)
    for bom, name in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(name), name)
            except UnicodeDecodeError:
                break  # FF FE / FE FF was not a BOM after all: guess as for any other bytes
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", "replace")
    if not _mostly_utf8(lossy):
        legacy = _as_gb18030(data)
        if legacy is not None:
            return legacy
    return Decoded(lossy, "utf-8" + REPLACE_SUFFIX)


def _non_ascii_count(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _mostly_utf8(lossy: str) -> bool:
    """Damaged UTF-8 (a cut multi-byte character, a stray byte) still has more good than bad characters.

    GBK bytes read as UTF-8 are mostly errors, with only the odd accidental two-byte character.
    """
    errors = lossy.count("\ufffd")
    valid = _non_ascii_count(lossy) - errors
    return valid > errors


def _as_gb18030(data: bytes) -> Decoded | None:
    try:
        text, name = data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        text, name = data.decode("gb18030", "replace"), "gb18030" + REPLACE_SUFFIX
    non_ascii = _non_ascii_count(text)
    if non_ascii == 0:
        return None
    if text.count("\ufffd") > non_ascii * _MAX_LEGACY_DAMAGE:
        return None
    # Characters outside GB2312 come back as "?" from the gb2312 codec; "?" already in the text don't count.
    outside = text.encode("gb2312", "replace").count(b"?") - text.count("?")
    if (non_ascii - outside) < non_ascii * _MIN_GB2312_SHARE:
        return None
    return Decoded(text, name)


def normalise_text(text: str) -> str:
    """Drop NULs and turn CRLF / lone CR line endings into LF (see post.py for why)."""
    text = text.replace("\x00", "")
    if "\r" in text:  # the two-character search is the slow one, and most posts have no CR at all
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
