"""The article as plain text: markup, images, Liquid, provenance lines and platform boilerplate removed.

One pass over the lines; every pattern is applied to one line at a time and none backtracks
catastrophically, so multi-megabyte posts stay linear. Each non-empty line is a paragraph: the archives
write one paragraph per line (often without blank lines between them).
"""

from __future__ import annotations

import html
import re

# Platform furniture copied along with a WeChat/Weibo page, not part of the article. A line (after
# markup is removed) matching one of these is dropped when it is short, so an article paragraph that
# merely mentions a QR code survives.
BOILERPLATE: tuple[re.Pattern[str], ...] = (
    re.compile(r"点击.{0,8}(?:蓝字|上方|关注)"),  # "点击上方蓝字关注…": the subscribe prompt
    re.compile(r"(?:扫描|扫一扫|长按|识别).{0,10}(?:二维码|关注)"),  # QR prompts
    re.compile(r"^(?:扫码|微信扫一扫|长按关注)"),
    re.compile(r"^点?(?:分享|点赞|在看|赞)$"),  # the share / like / "在看" buttons
    re.compile(r"关注该公众号|关注我们|防失联|以防失联"),
    re.compile(r"^[-—\s]*END[-—\s]*$", re.IGNORECASE),
    re.compile(r"^(?:往期推荐|往期文章|往期回顾|推荐阅读|阅读原文|相关阅读)\s*[:：]?$"),
    re.compile(r"“?在看”?.{0,6}支持|欢迎(?:分享|转发).{0,8}朋友圈"),
    re.compile(r"未经.{0,6}授权.{0,12}(?:转载|使用)|转载请(?:联系|注明)|如需转载"),
)
BOILERPLATE_MAX_CHARS = 80
# After a QR prompt come its caption lines ("青岛公安反诈骗", "服务号"): short lines to the next paragraph.
QR_PROMPT = re.compile(r"二维码|扫码|扫一扫")
CAPTION_MAX_CHARS = 20

_LIQUID = re.compile(r"\{%[^%\n]{0,500}%\}|\{\{[^{}\n]{0,500}\}\}")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)")
_IMG_TAG = re.compile(r"<img\b[^<>\n]{0,2000}>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>\n]{0,1000}>")
_LINK = re.compile(r"\[([^\[\]\n]{0,1000})\]\([^()\n]{0,2000}\)")
_REF_BRACKETS = re.compile(r"^\[([^\[\]\n]{1,200})\]$")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)([^*_~\n]{1,2000}?)(?<=\S)\1")
_SINGLE_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)([^*\n]{1,2000}?)(?<=\S)\*(?!\*)|(?<!\w)_(?=\S)([^_\n]{1,2000}?)(?<=\S)_(?!\w)"
)
_STRAY_MARKS = re.compile(r"\*\*|~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")
_SHIELD = 0xF0000  # a private-use plane, never in real text
_UNSHIELD = {_SHIELD + ord(c): c for c in "\\`*_{}[]()#+-.!|~>"}
_LEAD = re.compile(r"^(?:\s*>)*\s*(?:#{1,6}(?=\S|\s)\s*)?(?:[-*+]\s+)?")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*[—－=]{3,}\s*$")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_HEADING = re.compile(r"^\s*(?:>\s*)*#{1,6}")


def article_text(body: str, title: str | None, skip_lines: set[int], body_start_line: int = 1) -> str:
    """Plain text of the body; `skip_lines` are file lines (provenance) left out."""
    paragraphs: list[str] = []
    in_caption = False
    first = True
    for offset, raw in enumerate(body.split("\n")):
        if body_start_line + offset in skip_lines or _RULE.match(raw) or _FENCE.match(raw):
            continue
        for text in _plain_lines(raw):
            if _is_boilerplate(text):
                in_caption = in_caption or bool(QR_PROMPT.search(text))
                continue
            if in_caption and len(text) <= CAPTION_MAX_CHARS:
                continue
            in_caption = False
            if first:
                first = False
                if title and _repeats_title(text, title, heading=bool(_HEADING.match(raw))):
                    continue
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _plain_lines(raw: str) -> list[str]:
    """The plain text of one body line (a `<br>` inside it makes several)."""
    s = raw.replace("\r", "")
    s = _LIQUID.sub("", s)
    s = _IMAGE.sub("", s)
    s = _IMG_TAG.sub("", s)
    s = _BREAK.sub("\n", s)
    out = []
    for part in s.split("\n"):
        part = _AUTOLINK.sub(r"\1", part)
        part = _TAG.sub("", part)
        # Escaped marks are literal: hide them from the emphasis and link patterns.
        part = _ESCAPE.sub(lambda m: chr(_SHIELD + ord(m.group(1))), part)
        part = _LEAD.sub("", part)
        part = _LINK.sub(r"\1", part)
        part = _REF_BRACKETS.sub(r"\1", part.strip())
        part = _EMPHASIS.sub(r"\2", part)
        part = _SINGLE_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), part)
        part = _STRAY_MARKS.sub("", part)
        part = part.translate(_UNSHIELD)
        part = html.unescape(part).replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
        part = part.strip()
        if part:
            out.append(part)
    return out


def _is_boilerplate(text: str) -> bool:
    return len(text) <= BOILERPLATE_MAX_CHARS and any(p.search(text) for p in BOILERPLATE)


def _key(s: str) -> str:
    return "".join(ch for ch in s if ch.isalnum()).lower()


def _repeats_title(text: str, title: str, heading: bool) -> bool:
    t, k = _key(text), _key(title)
    if not t or not k:
        return False
    # A heading may shorten the title ("景云里7号现在的说明" under "…（11.30）").
    return t == k or (heading and (t in k or k in t))
