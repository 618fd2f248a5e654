"""Regular expressions the credit reader (extract.py) uses between the rules' matches: name shapes,
quotes, connectors. Their word lists come from vocabulary.toml. All are linear-time: no nested
unbounded repeats, and they run on single, short header/footer lines only."""

from __future__ import annotations

import re

from archiver import markup
from archiver.provenance import vocab
from archiver.regex_gate import gated

HAN = r"\u3400-\u9fff\uf900-\ufaff"

# --- line cleanup and links: the one markup reader's -----------------------------------------------
BARE_URL, IMAGE, MD_LINK, RULE = markup.BARE_URL, markup.LINE_IMAGE, markup.MD_LINK, markup.RULE
STRUCK = re.compile(r"~~[^~\n]{1,3000}~~")

# The name before a noun lead-in, the whole text before it: `某某日报`, `「某号」`, `公众号某号的`.
NAME_BEFORE = re.compile(r"^\s*[「『【“]?([^\s:：，,。;；~\[\]<>（()）「」『』【】“”|｜丨]{2,20}?)[」』】”]?\s*的?\s*$")
# Words before "原文" that point the reader at a link rather than credit a source ("点击阅读原文").
NOT_NAME_BEFORE = re.compile(vocab.ALTERNATIONS["credit_link_words"] + "$")
# A credit of a picture, not of the text ("图片来自网络", "头图来自：东方IC").
IMAGE_CREDIT_BEFORE = re.compile(vocab.ALTERNATIONS["credit_image_subject"] + r"[^，。,]{0,3}$")
# Outside the provenance block a credit opens its line, after at most a bracket, a closing note's dash
# ("——原载《某刊》") or a "虎嗅注：" label, or after another field of a credit line ("编辑：NAME 来源：X", also an
# English byline's: "By NAME | via X").
_ROLES = "(?:" + "|".join(vocab.ALTERNATIONS[f"roles_{k}"] for k in ("author", "reporter", "not_author")) + ")"
CREDIT_PREFIX = re.compile(
    r"^(?:[（(【「『“]|[—–]{1,2}|[^\s，。,.\[\]]{1,6}[:：]|" + _ROLES + r"\s*[:：｜丨|/]\s*[^\s，。,:：]{1,20}\s+"
    r"|By\s+[^|｜\n]{1,60}?\s*[|｜]\s*)?\s*$"
)
# Between a lead-in and the name: colons, bars, dashes, the closing bracket of `【来源】`.
SEPARATORS = re.compile(r"^[\s:：|｜丨=／/】」』\]—–\-" + re.escape(vocab.DATA["names"]["decorative"]) + "]*")
# Platform words written between the lead-in and the name ("原文来自微信公众号「X」").
# A qualifier before the word (个人公众号, 官方微博) and a feature after it (知乎专栏, 豆瓣日记) belong to it.
LEAD_PLATFORM = re.compile(
    "^"
    + f"{vocab.ALTERNATIONS['platform_lead_qualifiers']}?"
    + vocab.ALTERNATIONS["platform_lead_words"]
    + f"(?:用户|账号|帐号|网友|博主|\\s+by\\b)?{vocab.ALTERNATIONS['platform_feature_nouns']}?"
    + r"\s*[:：]?\s*",
    re.IGNORECASE,
)
LEAD_WORD = gated(re.compile(vocab.ALTERNATIONS["platform_lead_words"] + r"\s*[:：]?\s*$", re.IGNORECASE))
QUOTED = re.compile(r"^~{0,2}([「『【“\"《（(])")
CLOSE_QUOTE = {"「": "」", "『": "』", "【": "】", "“": "”", '"': '"', "《": "》", "（": "）", "(": ")"}
# A name in Latin letters of capitalised words (`The Harbor Ledger`, `Ray Chen`), small joining words allowed.
LATIN_NAME = re.compile(
    r"^[A-Z][A-Za-z0-9'’&_-]*(?:[ ]+(?:[A-Z][A-Za-z0-9'’&_-]*|of|the|and|de|&)){1,5}(?=\s*(?:[^\w\s]|$))"
)
BOLD = re.compile(r"^\*\*([^*\n]{1,60})\*\*")
BARE_NAME = re.compile(r"^([^\s:：，,。;；~\[\]<>（()）「」『』【】“”\"|｜丨]{1,40})")
CONNECTOR = re.compile(r"^\s*(?:和|与|及|以及|、)\s*")
# `「X」：[title](url)` or `X：~~[title](url)~~` as the whole line, a credit without a lead-in.
NAME_COLON_LINK = re.compile(r"^(?:[「『【“]([^」』】”\n]{1,40})[」』】”]|([^\s:：\[\]（(]{2,20}))\s*[:：]\s*~{0,2}\[")
# Deletion marks for the original (words; strike-through is checked separately).
_DELETED_CJK = gated(re.compile(vocab.ALTERNATIONS["deleted_phrases"], re.IGNORECASE))
_DELETED_ENGLISH = gated(re.compile(vocab.ALTERNATIONS["deleted_english"], re.IGNORECASE))


class _DeletedWords:
    """The deletion phrases, the English ones tried only on a line with a Latin letter (two searches cost less
    than one alternation of both at every character)."""

    def search(self, s: str) -> re.Match[str] | None:
        m = _DELETED_CJK.search(s)
        if m is None and _LATIN.search(s):
            m = _DELETED_ENGLISH.search(s)
        return m


_LATIN = re.compile("[A-Za-z]")
DELETED_WORDS = _DeletedWords()
# A name that reads like a news organisation or website rather than a social account.
OUTLET_NAME = gated(re.compile(vocab.ALTERNATIONS["outlet_suffixes"] + "$", re.IGNORECASE))
OUTLET_DESCRIPTOR = re.compile(vocab.ALTERNATIONS["outlet_descriptors"] + "$")
OUTLET_CHANNEL = re.compile(vocab.ALTERNATIONS["outlet_channels"] + "$")
# `《某某》2019年第3期`: a publication with an issue number.
OUTLET_ISSUE = re.compile(r"第\s*\d{1,4}\s*期|\d{4}\s*年\s*第?\s*\d{1,3}\s*期")
# After `《…》`: an issue number, or the kind of publication it is (`《某刊》杂志`, `《某报》2019年第3期`), not a
# word that goes on (`《某某》报道`).
OUTLET_AFTER_MARKS = re.compile(
    r"(?:"
    + vocab.ALTERNATIONS["outlet_suffixes"]
    + rf"(?![{HAN}]))?\s*(?:{OUTLET_ISSUE.pattern})|"
    + vocab.ALTERNATIONS["outlet_suffixes"]
    + rf"(?![{HAN}])",
    re.IGNORECASE,
)
# A date line under a closing signature: `2020年3月1日`, `2020.3.1`, `2020-03-01`.
DATE_LINE = re.compile(
    r"^\s*(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?)\S{0,12}\s*$"
)

ROLE_SPLIT = re.compile(vocab.ALTERNATIONS["roles_reporter"])
# (not the role word inside a group's name: `某刊编辑组`, `某报编辑部` sign as one writer; a role word standing
# alone, `记者 甲 编辑部 乙`, still ends the name before it)
_NOT_AUTHOR = vocab.ALTERNATIONS["roles_not_author"]
ROLE_STOP = re.compile(r"(?<=\S)" + _NOT_AUTHOR + r"(?![组部](?!\s*[:：｜|丨]))|(?<!\S)" + _NOT_AUTHOR)
PAREN = re.compile(r"[（(][^（()）\n]{0,80}[）)]")
NAME_SPLIT = re.compile(r"[\s、,，/／&＆;；]+")
# A Han name, a Latin one, or a Han name with a Latin tail (`周小Wayne`, a pen name common on social media).
# A transliterated foreign name joins its parts with middle dots (`胡安·佩德罗·加西亚`) and may run longer.
DOTTED_NAME = rf"[{HAN}]{{1,8}}(?:[·•・][{HAN}]{{1,8}}){{1,4}}"
PLAIN_NAME = re.compile(
    rf"^(?:{DOTTED_NAME}|[{HAN}][{HAN}·•]{{1,7}}|[A-Za-z][A-Za-z0-9._-]{{0,30}}|[{HAN}]{{1,6}}[A-Za-z]{{2,20}})$"
)
# Pen names mix scripts (`老K`, `小Z同学`) and may end with an emoji (`鱼丸粗面🐟`).
EMOJI = "\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55"
PERSON_TOKEN = re.compile(
    rf"^(?:{DOTTED_NAME}|[{HAN}][{HAN}·•]{{1,7}}|[A-Za-z][A-Za-z0-9._-]{{0,30}}|[{HAN}]{{1,6}}[A-Za-z]{{2,20}}"
    rf"|[{HAN}]{{1,6}}[A-Za-z0-9]{{1,8}}[{HAN}]{{0,4}})[{EMOJI}\ufe0f]{{0,3}}$"
)
# A group credited as the writer (`2018年某校访谈小组`): digits and a year may open it, a group's ending closes it.
GROUP_TOKEN = re.compile(rf"^[{HAN}0-9A-Za-z]{{1,20}}" + vocab.ALTERNATIONS["names_group_suffixes"] + "$")
ZHIHU_TITLE = re.compile(r"[—–-]\s*([^—–\n]{1,40}?)的回答\s*[-—–]\s*知乎\s*$")
# A deletion note opening a line before the link it is about: `该内容已删除 [title](url)`, also with a
# short label of the link between them (`原文已删，备份：[title](url)`); any wording of deleted.phrases (`已被删`,
# `已经404`), not three of them written out.
# A lone link's label naming it the original's (`[原文](…)`, `~~[原地址](…)~~`): 原文 or any noun lead-in.
NOUN_LABEL = re.compile("原文|" + vocab.ALTERNATIONS["credit_noun_lead_in"])
LEADING_DELETION = re.compile(
    r"^[^\[\]()]{0,12}?(?:" + vocab.ALTERNATIONS["deleted_phrases"] + r")\s*[:：,，。]?\s*"
    r"(?:[^\[\]()，,。:：\s]{1,6}\s*[:：]?\s*)?(?=\[)"
)
