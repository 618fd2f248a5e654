"""The article as plain text: markup, images, Liquid, provenance lines and platform boilerplate removed.

Lines are read by the one markup reader (archiver/markup.py): each prose line becomes its visible
text once; fenced code stays as written. Each non-empty line is a paragraph: the archives write one
paragraph per line (often without blank lines between them).
"""

from __future__ import annotations

import re

from archiver.markup import BLANK, CODE, FENCE, Markup, is_rule, visible_parts
from archiver.provenance import vocab
from archiver.regex_gate import anchored, gated, needed, union

# Where a clause opens: the line's start or a mark. A prompt or an instruction opens one, where a story's sentence
# that uses the same words ("他用手机扫描二维码后…") has its subject first.
_CLAUSE_START = r"(?:^|(?<=[\s，。；：:、！!？?（(\-—–·•*>【\[「“]))"

# Platform furniture copied along with a WeChat/Weibo page, not part of the article. A line (after
# markup is removed) matching one of these is dropped when it is short, so an article paragraph that
# merely mentions a QR code survives.
BOILERPLATE: tuple[re.Pattern[str], ...] = (
    re.compile(r"点击.{0,8}(?:蓝字|上方|关注)"),  # "点击上方蓝字关注…": the subscribe prompt
    re.compile(_CLAUSE_START + r"(?:请|可|或|欢迎)?(?:扫描|扫一扫|长按|识别).{0,10}(?:二维码|关注)"),  # QR prompts
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

# Footer call-to-action furniture by its general shape, whatever its wording: a short paragraph among
# the last ones made of the platform's actions (share, like, 在看, follow, star…), their objects (我们,
# 本号, 公众号…) and imperative cues (请, 记得, 点个, 吧…), with at most a few other characters. Its words
# are in provenance/vocabulary.toml [footer]. An article sentence that mentions 在看 says much more.
FOOTER_PARAGRAPHS = 8
ACTION_MAX_CHARS = 30
ACTION_LEFTOVER_CHARS = 4
_ACTION = re.compile(vocab.ALTERNATIONS["footer_action_words"])
_ACTION_OBJECT = re.compile(vocab.ALTERNATIONS["footer_action_objects"])
_ACTION_CUE = gated(
    re.compile(r"感谢|谢谢|请|记得|别忘了?|欢迎|一键|顺手|动动手指|点[个一下击]|给|就|和|或|[吧哦呀呗啦]")
)
_NOT_WORDS = re.compile(r"[\W_]+")

# Footer furniture of another shape: an instruction to work the platform's interface, a newsletter plug, a
# follow card naming the account. Each opens a clause, perhaps after a cue (可, 请, 欢迎…); words in
# vocabulary.toml [footer]. Read in the last paragraphs only, like the call to action.
FURNITURE_MAX_CHARS = 60
_CLAUSE = _CLAUSE_START + r"(?:欢迎|敬请|您可|也可|可以|即可|可|请|或|直接)?"
_FOOTER_FURNITURE = gated(
    re.compile(
        "|".join(
            (
                _CLAUSE + rf"{vocab.ALTERNATIONS['footer_interface_verbs']}.{{0,10}}"
                rf"{vocab.ALTERNATIONS['footer_interface_nouns']}",
                r"后台回复(?:关键[词字])?\s*[:：]?\s*[【「“\"'‘『\[]",  # reply with a keyword to get something
                _CLAUSE + rf"订阅.{{0,12}}{vocab.ALTERNATIONS['footer_subscription_nouns']}",
                _CLAUSE + rf"关注(?:我们的?)?{vocab.ALTERNATIONS['footer_follow_card_objects']}\s*[:：「“『]",
            )
        )
    )
)


def article_text(
    body: str, title: str | None, skip_lines: set[int], body_start_line: int = 1, markup: Markup | None = None
) -> str:
    """Plain text of the body; `skip_lines` are file lines (provenance) left out. Pass the post's
    `Markup` when it has been read already, so each line is read once."""
    doc = markup if markup is not None else Markup(body, body_start_line)
    paragraphs: list[str] = []
    in_caption = False
    first = True
    # The loop runs once a line (a hundred a post, half of them blank): names bound once, checks inlined.
    kinds, start = doc.kinds, doc.start
    maybe, at_start, anywhere = _MAYBE_BOILERPLATE.search, _BOILERPLATE_AT_START.match, _BOILERPLATE_ANYWHERE.search
    for i, raw in enumerate(doc.lines):
        kind = kinds[i]
        if kind in (BLANK, FENCE) or i + start in skip_lines:  # i + start: the file line
            continue
        if kind == CODE:
            paragraphs.extend(doc.visible(i))
            first = False
            continue
        if is_rule(raw):
            continue
        # (a prose line's visible text, read here once: the same as doc.visible(i), without the method's look-ups)
        for text in visible_parts(raw):
            if len(text) <= BOILERPLATE_MAX_CHARS and maybe(text) and (at_start(text) or anywhere(text)):  # boilerplate
                in_caption = in_caption or bool(QR_PROMPT.search(text))
                continue
            if in_caption and len(text) <= CAPTION_MAX_CHARS:
                continue
            in_caption = False
            if first:
                first = False
                if title and _repeats_title(text, title, heading=doc.is_heading(i)):
                    continue
            paragraphs.append(text)
    foot = len(paragraphs) - FOOTER_PARAGRAPHS
    return "\n\n".join(p for n, p in enumerate(paragraphs) if n < foot or not _is_footer(p))


def _is_footer(text: str) -> bool:
    return is_call_to_action(text) or is_footer_furniture(text)


def is_footer_furniture(text: str) -> bool:
    """A footer line telling the reader to work the interface, subscribe to a newsletter, or follow an account."""
    return len(text) <= FURNITURE_MAX_CHARS and _FOOTER_FURNITURE.search(text) is not None


def is_call_to_action(text: str) -> bool:
    """A footer line asking the reader to share, like, follow… (its shape, not one wording)."""
    if len(text) > ACTION_MAX_CHARS:
        return False
    actions = {m.group() for m in _ACTION.finditer(text)}
    if not actions or (len(actions) < 2 and not _ACTION_OBJECT.search(text) and not _ACTION_CUE.search(text)):
        return False  # one action word alone is a sentence's word ("他正在看书")
    rest = _NOT_WORDS.sub("", _ACTION_CUE.sub("", _ACTION_OBJECT.sub("", _ACTION.sub("", text))))
    return len(rest) <= ACTION_LEFTOVER_CHARS


# The patterns as two alternations, tried only on a line that holds one of the characters a match cannot do without
# (most lines hold none; the gate's characters, 可 在 关 and a space among them, are common): the anchored ones (`^…`)
# matched once, at the line's start; the others searched, gated by the characters a match can start with. A line is
# boilerplate when one of the two finds something, as when one search of all the patterns did; that search tried the
# anchored ones at every position its gate let through, and their first characters (white space, 分, 往, 推, 阅) let
# many through.
_BOILERPLATE_UNION = union(list(BOILERPLATE))
_BOILERPLATE_AT_START = union([p for p in BOILERPLATE if anchored(p)])
_BOILERPLATE_ANYWHERE = gated(union([p for p in BOILERPLATE if not anchored(p)]))
_MAYBE_BOILERPLATE = needed(_BOILERPLATE_UNION) or re.compile("")


def _key(s: str) -> str:
    return "".join(filter(str.isalnum, s)).lower()  # filter, not a generator: linear, at C speed


def _repeats_title(text: str, title: str, heading: bool) -> bool:
    t, k = _key(text), _key(title)
    if not t or not k:
        return False
    # A heading may shorten the title ("景云里7号现在的说明" under "…（11.30）").
    return t == k or (heading and (t in k or k in t))
