"""How NotoSansCJKsc-Regular-subset.otf was made (run by hand, not at build time): Noto Sans CJK SC
Regular from Debian's fonts-noto-cjk (NotoSansCJK-Regular.ttc, face 2), cut to the code points that
figure labels need, every CJK Unified Ideograph (U+4E00–U+9FFF) among them, without OpenType layout
features or hinting (matplotlib draws from the character map), and renamed so that it can never be
confused with, or replaced by, a Noto Sans CJK font installed on the machine (the OFL asks a
modified font to say so).

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
    python archiver/figures/fonts/subset_font.py deb/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FAMILY = "Noto Sans CJK SC archiver subset"
POSTSCRIPT = "NotoSansCJKsc-Regular-archiver-subset"
RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement (·, ×, …)
    (0x2000, 0x206F),  # General Punctuation (— “ ” …)
    (0x2190, 0x21FF),  # Arrows
    (0x2460, 0x24FF),  # Enclosed Alphanumerics
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (「」《》、。)
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)


def main(ttc: str) -> None:
    font = TTCollection(ttc).fonts[2]
    if font["name"].getDebugName(4) != "Noto Sans CJK SC":
        raise SystemExit(f"{ttc}: face 2 is {font['name'].getDebugName(4)!r}, not Noto Sans CJK SC")
    cmap = font.getBestCmap()
    unicodes = [code for low, high in RANGES for code in range(low, high + 1) if code in cmap]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 3:
            record.string = f"2.004;{POSTSCRIPT}"
        elif record.nameID == 6:
            record.string = POSTSCRIPT
    font["CFF "].cff.fontNames = [POSTSCRIPT]
    font.recalcTimestamp = False  # the same input gives the same bytes
    font.save(Path(__file__).with_name("NotoSansCJKsc-Regular-subset.otf"))


if __name__ == "__main__":
    main(sys.argv[1])
