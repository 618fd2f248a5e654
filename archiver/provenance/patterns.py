"""Regular expressions for the ways the archives write provenance. All are linear-time: no nested
unbounded repeats, and they run on single, short header/footer lines only."""

from __future__ import annotations

import re

from archiver import markup

HAN = r"\u3400-\u9fff\uf900-\ufaff"

# --- line cleanup and links: the one markup reader's -----------------------------------------------
BARE_URL, IMAGE, MD_LINK, RULE = markup.BARE_URL, markup.LINE_IMAGE, markup.MD_LINK, markup.RULE
STRUCK = re.compile(r"~~[^~\n]{1,3000}~~")

# --- source credits -----------------------------------------------------------------------------
# The lead-in of a source line: 原文来自 / 信息源自 / 本文转载自 / 来源： / 原载于 / 原文链接： / By ...
SOURCE_MARKER = re.compile(
    r"(?:(?:本文|原文|文章|文本|信息|内容|稿件)(?:地址)?)?"
    r"(?:转载自|转自|摘自|来自|源自|出自|来源于|来源|原载于|原载|原创为|首发于)"
    r"|(?:微信)?原文(?:链接|地址)?(?=\s*(?:[:：]|~{0,2}\[))"
    r"|转载(?=\s*[:：])"
    r"|\bBy(?=\s)"
)
# The noun lead-ins ("原文：", "原文[link]") may follow the name they credit: "某某日报原文[缓存](…)".
NOUN_MARKER = re.compile(r"^(?:微信)?原文(?:链接|地址)?$")
# The name before a noun lead-in, the whole text before it: `某某日报`, `「某号」`, `公众号某号的`.
NAME_BEFORE = re.compile(r"^\s*[「『【“]?([^\s:：，,。;；~\[\]<>（()）「」『』【】“”|｜丨]{2,20}?)[」』】”]?\s*的?\s*$")
# Words before "原文" that point the reader at a link rather than credit a source ("点击阅读原文").
NOT_NAME_BEFORE = re.compile(r"(?:阅读|查看|点击|详见|参见|参看|请见|见|附|看|下载|备份|存档|缓存|全文)$")
# A credit of a picture, not of the text ("图片来自网络", "头图来自：东方IC").
IMAGE_CREDIT_BEFORE = re.compile(r"(?:图|照片|封面|视频)[^，。,]{0,3}$")
# Outside the provenance block a credit opens its line, after at most a bracket or a "虎嗅注：" label.
CREDIT_PREFIX = re.compile(r"^(?:[（(【]|[^\s，。,.\[\]]{1,6}[:：])?\s*$")
SEPARATORS = re.compile(r"^[\s:：|｜丨=／/]*")
# Platform words written between the lead-in and the name ("原文来自微信公众号「X」").
LEAD_PLATFORM = re.compile(
    r"^(?:微信公众号|微信公号|微信订阅号|微信服务号|微信帐号|微信账号|微信号|微信|公众号|公号|订阅号|服务号"
    r"|豆瓣小组|豆瓣ID|豆瓣|知乎|新浪微博|微博|作者)\s*[:：]?\s*",
    re.IGNORECASE,
)
QUOTED = re.compile(r"^~{0,2}([「『【“\"《（(])")
CLOSE_QUOTE = {"「": "」", "『": "』", "【": "】", "“": "”", '"': '"', "《": "》", "（": "）", "(": ")"}
BOLD = re.compile(r"^\*\*([^*\n]{1,60})\*\*")
BARE_NAME = re.compile(r"^([^\s:：，,。;；~\[\]<>（()）「『【“\"|｜丨]{1,40})")
CONNECTOR = re.compile(r"^\s*(?:和|与|及|以及|、)\s*")
# `「X」：[title](url)` or `X：~~[title](url)~~` as the whole line, a credit without a lead-in.
NAME_COLON_LINK = re.compile(r"^(?:[「『【“]([^」』】”\n]{1,40})[」』】”]|([^\s:：\[\]（(]{2,20}))\s*[:：]\s*~{0,2}\[")
# Deletion marks for the original (words; strike-through is checked separately).
DELETED_WORDS = re.compile(
    r"已\s*404|被\s*404|已被?删除?|被删除?|原文已删|已失效|已被和谐|违反[^。]{0,12}法律法规", re.IGNORECASE
)
# A name that reads like a news organisation or website rather than a social account.
OUTLET_NAME = re.compile(
    r"(?:网|报|周刊|日报|晚报|早报|时报|新闻|杂志|传媒|通讯社|电视台|电台|出版社|周末|月刊|书评|快讯|频道|"
    r"News|Times|Post|Daily|Magazine|Initium)$",
    re.IGNORECASE,
)
OUTLET_DESCRIPTOR = re.compile(r"(?:网站|官网|网页版|客户端)$")

# --- account ids and the WeChat account header block --------------------------------------------
ID_TOKEN = r"([A-Za-z][A-Za-z0-9_-]{3,39})"
ACCOUNT_ID_PATTERNS = (
    re.compile(r"微信[号號]\s*[:：]?\s*" + ID_TOKEN),
    re.compile(r"微信[帐账]号\s*[:：]?\s*" + ID_TOKEN),
    re.compile(r"[（(]\s*(?:微信)?ID\s*[:：]\s*" + ID_TOKEN + r"\s*[）)]", re.IGNORECASE),
    re.compile(r"(?:公众号|公号|订阅号)\s*[（(][^，,）)\n]{1,30}[，,]\s*" + ID_TOKEN + r"\s*[）)]"),
)
# `公众号（木田五花，mutianflowerless）`: the name inside the brackets.
ACCOUNT_IN_BRACKETS = re.compile(r"(?:公众号|公号|订阅号)\s*[（(]([^，,）)\n]{1,30})[，,]")
HEADER_ID_LINE = re.compile(r"^微信[号號]\s*[:：]?\s*" + ID_TOKEN + r"\s*$")
HEADER_DESC_LINE = re.compile(r"^功能介绍\s*[:：]?\s*(.+)$")

# --- authors ------------------------------------------------------------------------------------
AUTHOR_LINE = re.compile(
    r"^(?:本文)?(?:(?:作者|撰文|撰稿|采写|原创)(?:\s*[:：|｜丨/／=]\s*|\s+)|文(?:字)?\s*[:：|｜丨/／=]\s*)(.+)$"
)
AUTHOR_GLUED = re.compile(rf"^作者([{HAN}]{{2,4}})$")
ORIGINAL_BYLINE = re.compile(r"^原创\s*[:：]?\s*(.+)$")
# "记者 苑苏文 包志明", "■ 某网主笔  詹涓", "（记者 王和岩）" inside the first paragraph.
ROLE_BYLINE = re.compile(rf"^[{HAN}·]{{0,12}}(?:记者|主笔|特约撰稿人|撰稿人)\s*[:：]?\s*([{HAN}][{HAN}\s]{{1,30}})$")
PAREN_REPORTER = re.compile(rf"[（(]\s*(?:记者|撰文)\s*([{HAN}\s]{{2,30}})[）)]")
ROLE_SPLIT = re.compile(r"(?:实习记者|特约记者|首席记者|见习记者|记者|实习生|特约撰稿人|撰稿人|主笔|通讯员)")
ROLE_STOP = re.compile(r"(?:编辑|责编|摄影|摄|翻译|译者|校对|排版|美编|策划|发自|發自|来源|出品|制图|图)")
PAREN = re.compile(r"[（(][^（()）\n]{0,80}[）)]")
NAME_SPLIT = re.compile(r"[\s、,，/／&＆;；]+")
PERSON_TOKEN = re.compile(rf"^(?:[{HAN}·•]{{1,8}}|[A-Za-z][A-Za-z0-9._-]{{0,30}})$")
SIGNATURE = re.compile(rf"^[—–]{{1,2}}\s*([{HAN}·]{{2,5}}|[A-Za-z][A-Za-z .]{{1,30}})\s*$")
# A title credit "秦晖：…", "范晓︱…": a personal name is two or three characters; longer prefixes
# ("往事回首：", "铁幕背后：") are rubrics.
TITLE_CREDIT = re.compile(rf"^\s*([{HAN}]{{2,3}})\s*(?:[:：︱｜丨|]|\\\|)")
ZHIHU_TITLE = re.compile(r"[—–-]\s*([^—–\n]{1,40}?)的回答\s*[-—–]\s*知乎\s*$")
