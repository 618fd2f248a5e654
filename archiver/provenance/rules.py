"""The rule table: every shape of provenance text the reader knows, as data.

A rule names the zones it reads, a pattern (vocabulary lists written as {section_list}, values as named
groups), the field(s) it feeds, a strength, and examples with the values they must give plus
counter-examples that must give nothing from it. tests/test_rules.py runs every example and
counter-example through the whole reader and fails when a rule has none.

Zones: `block` (the provenance block at the top of the body, up to the first rule `---`), `head` (the
next non-empty lines), `foot` (the last non-empty lines), `title`, `front_matter`.

Named groups and what they feed: `author` → original_author (split into names, roles dropped, each
checked as a name), `id` → original_account_id, `account` → original_account, `slot` → WeChat's
`原创：` slot (writer, then account). Rules with `reader` hand the text after their match to a reader in
extract.py: `credit` reads the names, links and platform words of a source credit.

Strength settles conflicts (resolver in extract.py): for the writer, an explicit byline (40) beats an
author bio (30), the WeChat `原创` slot (25), a closing signature (20) and a title credit (10). For
account and outlet, a credit of the first publisher inside the article (`inner`, 35) beats the archive's
outer credit of a reposter (30) for the same field; other fields keep the first value found.

To add a rule: append a Rule below with at least one example and one counter-example (written for the
project, never copied from a post), put new words in vocabulary.toml, run
`python -m pytest tests/test_rules.py`, then score the development corpus (docs/provenance.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from archiver.provenance import vocab
from archiver.regex_gate import gated, lookahead

HAN = r"\u3400-\u9fff\uf900-\ufaff"
# a date after a byline's names: `2020-01-27`, `2020年1月27日`, `January 27, 2020`, `27 Jan 2020`, `20200127`
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
BYLINE_DATE = (
    r"(?:\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?|" + _MONTH + r"\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+" + _MONTH + r",?\s+\d{4}|20\d{6})"
)
# a decorative mark between a byline's role and its name (`作者✎NAME`, `作者◎NAME`)
DECOR = "[" + re.escape(vocab.DATA["names"]["decorative"]) + "]"
ID = r"[A-Za-z][A-Za-z0-9_-]{3,39}(?:\.[A-Za-z0-9_-]{1,20}){0,2}"  # `xiaodao.guanchao` too

BYLINE, BIO, SLOT, SIGNATURE, TITLE = 40, 30, 25, 20, 10

# The generic byline reader's role words (extract._byline_fields), each with what it credits: the writer
# (`author`), the writer only when no writer's role is on the line (`interviewer`, then `recorder`: `整理`), or
# someone else (`other`).
BYLINE_ROLE_KINDS: dict[str, str] = {
    **{w: "other" for w in vocab.words("roles", "not_author") + vocab.words("byline", "not_author")},
    **{w: "recorder" for w in vocab.words("byline", "recorder")},
    **{w: "interviewer" for w in vocab.words("byline", "interviewer")},
    **{
        w: "author"
        for w in vocab.words("roles", "author") + vocab.words("roles", "reporter") + vocab.words("byline", "author")
        if w not in vocab.words("byline", "interviewer") and w not in ("原创", "Written by", "written by", "Words by")
    },
}
# Where a role word may stand: at the start, or after a space, a separator or an opening bracket; and before a
# space, a separator, a closing bracket or the end (`作者：`, `【编辑】`, `｜文`, ` 译`; not `编辑部`, `记者会`).
_BYLINE_SEPARATORS = r"\s|｜丨/／:：；;，,、=" + re.escape(vocab.DATA["names"]["decorative"])
_BYLINE_BEFORE_ROLE = rf"[{_BYLINE_SEPARATORS}【〔\[「（(]"
_BYLINE_ROLE_WORD = (
    r"(?P<role>" + vocab.alternation(list(BYLINE_ROLE_KINDS)) + rf")(?=[{_BYLINE_SEPARATORS}】〕\]」）)]|$)"
)
BYLINE_ROLE = rf"(?:^|(?<={_BYLINE_BEFORE_ROLE})){_BYLINE_ROLE_WORD}"
# Whether a line holds such a role word at all, as two patterns the engine skips ahead in by itself (a role word
# opening the line; one after the mark before it, that mark matched, and the role word's first characters looked
# ahead for before its alternation is tried): the same lines as a search of BYLINE_ROLE.
_ROLE_FIRST = lookahead(re.compile(_BYLINE_ROLE_WORD)) or ""
BYLINE_ROLE_OPENING = "^" + _ROLE_FIRST + _BYLINE_ROLE_WORD
BYLINE_ROLE_AFTER_MARK = _BYLINE_BEFORE_ROLE + _ROLE_FIRST + _BYLINE_ROLE_WORD
INNER_CREDIT, OUTER_CREDIT = 35, 30


@dataclass(frozen=True)
class Rule:
    id: str
    zones: tuple[str, ...]
    pattern: str  # template: {section_list} names a vocabulary list
    fields: tuple[str, ...]
    strength: int
    examples: tuple[tuple[str, dict[str, Any]], ...]  # (line, fields it must give)
    counter: tuple[str, ...]  # lines that must give nothing from this rule
    doc: str = ""
    anchored: bool = True  # match at the line start; else search
    reader: str | None = None  # hand the text after the match to this reader (extract.py)
    flags: int = 0
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = gated(vocab.compile_pattern(self.pattern, self.flags))
        object.__setattr__(self, "regex", regex)
        # The bound method itself: rules are tried on every line read, and a call less counts there.
        object.__setattr__(self, "find", regex.match if self.anchored else regex.search)

    def find(self, text: str) -> re.Match[str] | None:
        return self.regex.match(text) if self.anchored else self.regex.search(text)


# Lines that name no writer, whatever reads bylines (counter-examples of byline.fields and byline.role).
NOT_WRITER_LINES = (
    "作者的话：写在前面",
    "作者单位：某大学",
    "文字：备份链接",
    "文｜编辑部",
    "编辑：李小红",
    "责编｜李小红",
    "责任编辑：李小红",
    "校对：李小红",
    "排版：李小红",
    "翻译：李小红",
    "编译｜李小红",
    "译者：李小红",
    "摄影：李小红",
    "图片来源：李小红",
    "图｜李小红",
    "美编：李小红",
    "【编辑】李小红",
    "（编辑：李小红）",
    "编辑✎李小红",
)

HEAD = ("block", "head")
ANY = ("block", "head", "foot")

RULES: tuple[Rule, ...] = (
    # --- source credits (the reader `credit` takes the names, links and platform words after the lead-in)
    Rule(
        "credit.lead_in",
        ANY,
        r"(?:{credit_lead_in}"
        r"|{credit_place_lead_in}(?=\s*{platform_lead_qualifiers}?(?:{platform_lead_words}|[「『“《\"])))"
        r"|\b(?=[OoFfRr])(?i:{credit_english_lead_in})\b"
        # (`转载：请后台回复…` is how to ask for a reprint, no credit)
        r"|(?:转载|首发|出处)(?=\s*[:：｜丨|]\s*+(?!请|须|需|务必|如需|敬请|欢迎|联系|未经|禁止|谢绝))"
        # `By X | Translated by Y` lists roles, `By X | via Y` names the source after: a byline, not a credit
        r"|\b(?:By(?![^|｜]{1,60}[|｜]\s*(?:\w+ed by\b|[Vv]ia\s))|[Vv]ia)(?=\s)"
        r"|\b(?:[Ss]ource|SOURCE)(?=\s*[:：])",
        ("original_account", "source_outlet", "original_url", "source_platform"),
        OUTER_CREDIT,
        (
            ("原文来自微信公众号「晨读」：[一篇](https://mp.weixin.qq.com/s/a1)", {"original_account": "晨读"}),
            ("来源：东岸日报", {"source_outlet": "东岸日报"}),
            ("本文刊发于《南窗周刊》", {"source_outlet": "南窗周刊"}),
            ("本文由甲社与乙社联合出品，首发于丙报", {"source_outlet": "丙报"}),
            ("By 小灯塔，微信号 xdt2020", {"original_account": "小灯塔", "original_account_id": "xdt2020"}),
            ("原文来自◎河畔Weekly", {"source_outlet": "河畔Weekly", "original_account": None}),
            ("本文原载《河边》第12期，原题为“甲：乙”。", {"source_outlet": "河边", "original_account": None}),
            ("本文原题《甲》，非本号原创、转载自公众号「北窗」（已被删）", {"original_account": "北窗"}),
            ("【本文转载自公众号北窗】", {"original_account": "北窗"}),
            ("出处：东岸日报", {"source_outlet": "东岸日报"}),
            ("（本文为转载，来源不明）", {"is_repost": True, "original_account": None, "source_outlet": None}),
            ("首发｜东岸日报", {"source_outlet": "东岸日报"}),
            ("本文原刊《东岸周刊》2019年第3期", {"source_outlet": "东岸周刊"}),
            ("本文转自公众号「甲乙」，原载于公众号「北窗」", {"original_account": "北窗", "source_platform": "wechat"}),
            ("转载自「东岸网」，原载《河边》2018年第8期", {"source_outlet": "河边", "original_account": None}),
            ("转自公众号「甲乙」，原载于东岸日报", {"source_outlet": "东岸日报", "original_account": None}),
            ("转自公众号「北窗」，原载的时候有删节", {"original_account": "北窗"}),
            ("原载《河边》杂志2019年第11期", {"source_outlet": "河边", "original_account": None}),
            ("原载《河边》杂志", {"source_outlet": "河边", "original_account": None}),
            ("来源：东岸新闻客户端", {"source_outlet": "东岸新闻", "original_account": None}),
            ("来源：《河边》", {"original_account": "河边", "source_outlet": None}),
            ("来源：东岸日报公众号", {"original_account": "东岸日报", "source_outlet": None}),
            ("来源：今日头条「北窗」", {"original_account": "北窗", "source_platform": "other"}),
            ("【来源】东岸日报", {"source_outlet": "东岸日报"}),
            ("来自专栏 北窗", {"original_account": "北窗"}),
            ("原文来自知乎专栏「北窗」", {"original_account": "北窗", "source_platform": "zhihu"}),
            ("发布于 2019-01-01", {"original_account": None, "source_outlet": None}),
            # a sentence is no name (names.sentence_words, a clause's particle after a title's length); names
            # with 的, 我, 你 or a short one ending in 了 still are
            (
                "来源：[隔壁的老人终于开口说话了](https://mp.weixin.qq.com/s/q1)",
                {"original_account": None, "source_platform": "wechat"},
            ),
            ("来源：图文如有错误或侵犯了您的权益请告诉我们", {"original_account": None, "source_outlet": None}),
            ("来源：有的放矢", {"original_account": "有的放矢"}),
            # a lead-in left at the head of the value is not part of the name (a vague one only before a platform
            # word or a quote: a name may start with 来自)
            ("来源：转自东岸日报", {"source_outlet": "东岸日报"}),
            ("来源：来自公众号北窗", {"original_account": "北窗", "source_platform": "wechat"}),
            ("来源：来自远方的信", {"original_account": "来自远方的信"}),
            ("来源：澎湃新闻·市政厅", {"source_outlet": "澎湃新闻·市政厅"}),
            ("转载自公众号「我们都病了」", {"original_account": "我们都病了"}),
            ("转载自公众号「我会一直在你身后的日子」", {"original_account": "我会一直在你身后的日子"}),
            ("来自 iPhone客户端", {"original_account": None, "source_outlet": None}),
            ("来源：东岸日报客户端", {"original_account": None, "source_outlet": "东岸日报"}),
            ("原文来自东岸报微信公众号「北窗37号」", {"original_account": "北窗37号", "source_outlet": None}),
            ("来源：东岸报旗下公众号「北窗」", {"original_account": "北窗", "source_platform": "wechat"}),
            ("本文来自东岸社、北窗在线、河边报等", {"original_account": None, "source_outlet": None}),
            ("本文转自公众号河边（ID：hebian01）", {"original_account": "河边", "original_account_id": "hebian01"}),
            ("来源｜对照（ID：dui-zhao）", {"original_account": "对照", "original_account_id": "dui-zhao"}),
            ("来源：本文内容来自林若水教授朋友圈", {"source_platform": "wechat", "source_outlet": None}),
            ("原文来自 河边: ~~[一篇](http://hebian.example.la/a/1)", {"original_deleted": True}),
            (
                "原文来自「豆瓣」：~~[一篇](https://archive.li/db1)~~\n◎作者 | xiaolan",
                {"original_account": "xiaolan", "original_author": "xiaolan", "source_platform": "douban"},
            ),
            (
                "原文来自【东岸网】:~~[一篇](m.news.dongan.com/m/2018/1.html)~~",
                {
                    "source_outlet": "东岸网",
                    "original_url": "m.news.dongan.com/m/2018/1.html",
                    "source_platform": "web",
                },
            ),
            ("来源——东岸日报", {"source_outlet": "东岸日报"}),
            ("来源：人民日报海外版", {"source_outlet": "人民日报海外版", "original_account": None}),
            (
                "来源：微信号「beichuang01」",
                {"original_account_id": "beichuang01", "original_account": None, "source_platform": "wechat"},
            ),
            (
                "来源：公众号「北窗」（https://mp.weixin.qq.com/s/a9）",
                {"original_url": "https://mp.weixin.qq.com/s/a9"},
            ),
            (
                "来源：东岸日报（ID：dongan01）",
                {"original_account": "东岸日报", "original_account_id": "dongan01", "source_outlet": None},
            ),
            ("来源：某某资讯APP（转载自公众号「北窗」）", {"original_account": "北窗", "source_platform": "wechat"}),
            (
                "来源：[北窗](https://mp.weixin.qq.com/s/aaa111)（原载于东岸日报）",
                {
                    "source_outlet": "东岸日报",
                    "original_account": None,
                    "original_url": "https://mp.weixin.qq.com/s/aaa111",
                },
            ),
            ("来源：东岸日报（首发于公众号「北窗」）", {"original_account": "北窗", "source_outlet": None}),
            ("本文始发于公众号「北窗」", {"original_account": "北窗", "source_platform": "wechat"}),
            ("本文源自公众号「北窗」", {"original_account": "北窗", "source_platform": "wechat"}),
            # (the first publication stated first, the reposter after it: the reposter is no source of its own)
            ("原载于公众号「北窗」\n\n转载自东岸网", {"original_account": "北窗", "source_outlet": None}),
            # (only a publisher named the way credits name one replaces the reposter: not a time, a book, a talk
            # or the account itself; the reposter's id goes with it)
            ("来源：[北窗](https://mp.weixin.qq.com/s/bbb222)（原载于1998年的一本书）", {"original_account": "北窗"}),
            ("来源：公众号「北窗」（首发于2019年）", {"original_account": "北窗", "source_outlet": None}),
            ("来源：[北窗](https://mp.weixin.qq.com/s/ddd444)（原载于该号）", {"original_account": "北窗"}),
            (
                "来源：北窗（ID：beichuang01）（原载于东岸日报）",
                {"source_outlet": "东岸日报", "original_account": None, "original_account_id": None},
            ),
            ("本文最早发表于一次读书会上的分享\n\n来源：公众号「北窗」", {"original_account": "北窗"}),
            (
                "来源：东岸日报官方微博",
                {"original_account": "东岸日报", "source_platform": "weibo", "source_outlet": None},
            ),
            ("来源 - 东岸日报", {"source_outlet": "东岸日报"}),
            ("转自微博用户@北窗", {"original_account": "北窗", "source_platform": "weibo"}),
            ("转自新浪微博用户「北窗」", {"original_account": "北窗", "source_platform": "weibo"}),
            ("转载自twitter用户@beichuang", {"original_account": "beichuang", "source_platform": "other"}),
            ("转载自北窗的知乎专栏", {"original_account": "北窗", "source_platform": "zhihu"}),
            ("本文转自：知乎专栏「北窗」", {"original_account": "北窗", "source_platform": "zhihu"}),
            (
                "原文来自 ~~[豆瓣广播](https://www.douban.com/people/1/status/2/)~~",
                {"original_account": None, "source_platform": "douban", "original_deleted": True},
            ),
            ("首发于个人公众号「北窗」", {"original_account": "北窗", "source_platform": "wechat"}),
            ("来源：官方微博 北窗", {"original_account": "北窗", "source_platform": "weibo"}),
            (
                "来源：[WeChatscope](https://wechatscope.jmsc.hku.hk/api/a)",
                {"original_account": None, "source_platform": "wechat"},
            ),
            ("原文来自公众号「北窗」 [archive.today](https://archive.ph/a1)", {"original_account": "北窗"}),
            ("来自知乎用户北窗的回答", {"original_account": "北窗"}),
            ("via 北窗", {"original_account": "北窗"}),
            ("Source: 东岸日报", {"source_outlet": "东岸日报"}),
            ("原文来自 东岸日报 河边周刊", {"source_outlet": "东岸日报 河边周刊"}),
            ("来源：东岸日报·河边视频", {"source_outlet": "东岸日报·河边视频", "original_account": None}),
            ("原文来自：东岸日报 · 河边视频", {"source_outlet": "东岸日报 · 河边视频"}),
            ("来源：北窗·小站", {"original_account": "北窗·小站", "source_outlet": None}),
            ("来源：东岸日报 王小明", {"source_outlet": "东岸日报"}),
            (
                "原文来自「今日头条」：~~[一篇](https://www.toutiao.com/item/1/)~~",
                {"original_account": None, "source_outlet": "今日头条", "source_platform": "web"},
            ),
            (
                "来源：[东岸日报](https://news.example.com/a)\n文章最初发布于微信「[北窗](https://mp.weixin.qq.com/s/f1)」",
                {
                    "original_account": "北窗",
                    "source_outlet": None,
                    "original_url": "https://mp.weixin.qq.com/s/f1",
                    "source_platform": "wechat",
                },
            ),
            ("原文来自 ~~[一个标题 -微博账户: 北窗](https://mp.weixin.qq.com/s/t1)~~", {"original_account": "北窗"}),
            ("来源：[一个标题 | 东岸日报](https://news.example.com/t2)", {"source_outlet": "东岸日报"}),
            (
                "原文来自[一个标题 - 知乎](https://www.zhihu.com/question/1/answer/2)",
                {"original_account": None, "source_platform": "zhihu"},
            ),
            (
                "文章来源：截图版：<https://img.example.com/a/1>",
                {"source_outlet": None, "original_account": None, "original_url": "https://img.example.com/a/1"},
            ),
            (
                "本文最初发表在公众号「北窗」上，作者是王小明。",
                {"original_account": "北窗", "original_author": "王小明"},
            ),
            (
                "这篇文字是王小明写的，原发在他的公众号「北窗」，当天就被删了。",
                {"original_account": "北窗", "source_platform": "wechat", "original_deleted": True},
            ),
            ("以下内容来自豆瓣网友「小蓝」的日记", {"original_account": "小蓝", "source_platform": "douban"}),
            (
                "Originally published by the WeChat account 北窗 (beichuang01); written by 王小明.",
                {"original_account": "北窗", "source_platform": "wechat"},
            ),
            ("Source: WeChat official account 北窗", {"original_account": "北窗", "source_platform": "wechat"}),
            ("Source: Weibo user @xiaolan_2019", {"original_account": "xiaolan_2019", "source_platform": "weibo"}),
            ("Originally published by The River Ledger.", {"source_outlet": "The River Ledger"}),
            ("来源：\n东岸日报", {"source_outlet": "东岸日报"}),
            ("<p>转载：北窗<br>来源：微信公众号</p>", {"original_account": "北窗", "source_platform": "wechat"}),
            ("本文由甲社出品，首发于东岸日报客户端及头条号。", {"source_outlet": "东岸日报", "original_account": None}),
            ("原文来自北窗公号：[一篇](https://mp.weixin.qq.com/s/a5)", {"original_account": "北窗"}),
            ("原文来自[北窗] :~~[一篇](https://mp.weixin.qq.com/s/a6)~~", {"original_account": "北窗"}),
            ("（本文首发于2020年2月20日《东岸日报》特刊）", {"source_outlet": "东岸日报"}),
            ("原刊于东岸日报2020年1月29日", {"source_outlet": "东岸日报"}),
            (
                "来源：公众号「北窗」\n\n---\n\n正文。\n\n本文转自“河边小站”（ID：hebian01）",
                {"original_account": "河边小站", "original_account_id": "hebian01", "source_outlet": None},
            ),
            (
                "稿子没能见报，记者甲当天刊载在个人公众号「北窗」，两日后被删除。",
                {"original_account": "北窗", "source_platform": "wechat", "original_deleted": True},
            ),
            (
                "本文来自 北窗微博<https://weibo.com/1/a7>",
                {"original_url": "https://weibo.com/1/a7", "original_account": "北窗", "source_platform": "weibo"},
            ),
            ("来源：网　　络", {"source_outlet": None, "original_account": None}),
            ("原文来自[1]的那篇报道", {"source_outlet": None, "original_account": None}),
            (
                "原文来自公号「北窗」：[一篇](https://mp.weixin.qq.com/s/a8)\n来源：东坡观察（dongpo01）",
                {"original_account": "东坡观察", "original_account_id": "dongpo01", "source_outlet": None},
            ),
            ("来源：东岸社（Dongan）", {"original_account_id": None}),
            (
                "原文来自「北窗的窗边君」：[一篇](https://mp.weixin.qq.com/s/e1)\n窗边君说，这是他写的。",
                {"original_account": "北窗", "original_author": "窗边君"},
            ),
            (
                "原文来自「林间小屋的主人」：[一篇](https://mp.weixin.qq.com/s/e2)",
                {"original_account": "林间小屋的主人"},
            ),
            (
                "原文来自「周小舟 河边实验室」：[一篇](https://mp.weixin.qq.com/s/e3)\n作者：周小舟",
                {"original_account": "河边实验室", "original_author": "周小舟"},
            ),
            (
                "作者：王小明，[原文](https://mp.weixin.qq.com/s/d1)发自公众号北窗",
                {
                    "original_account": "北窗",
                    "original_url": "https://mp.weixin.qq.com/s/d1",
                    "original_author": "王小明",
                },
            ),
        ),
        (
            "为防被删，先存一份。",
            "他把照片发布在微博上，很多人转发。",
            "记者王小明发自北京",
            "我发表在朋友圈里的照片被很多人看到了。",
            "图片来自网络",
            "图片源自网络",
            "数据来源：东岸统计局",
            "他的首发阵容很强。",
            "这趟列车是始发车，终点是广州。",
            "转载：请在后台回复“转载”",
            "转载｜如需转载请联系我们",
            "出处不明的消息很多。",
            "据《河边》报道，桥修好了。",
            "今天我们在河边走了很久，风很轻，路灯一盏一盏亮起来，远处有人在唱歌，孩子们在草地上追逐打闹，"
            "直到天黑才回家，大家都说那是一个很好的夜晚，这个故事来自朋友",
        ),
        "A lead-in word (来自, 转载自, 来源, 原载于, 刊发于, By …) followed by the credited names and links; a subject "
        "before it (本文, 原文, 以下内容) belongs to it.",
        anchored=False,
        reader="credit",
    ),
    Rule(
        "credit.passive",
        ANY,
        r"(?:原文|本文|此文|该文)\s*(?:为|由|系)\s*+(?![本我]|笔者|原?作者)(?P<name>[^，,。；;]{2,40}?)\s*"
        r"(?:所|率先|最早|首先)?(?:首发|发布|发表|刊发|刊载|推送|刊登|原创)",
        ("original_account", "source_outlet", "source_platform"),
        OUTER_CREDIT,
        (
            ("原文为微信公众号「北窗」发布", {"original_account": "北窗", "source_platform": "wechat"}),
            ("本文由东岸日报首发", {"source_outlet": "东岸日报"}),
            ("本文系北窗原创", {"original_account": "北窗"}),
            (
                "原文为北窗公众号发布，已经404\n来自微信公众号“南山”：[一篇](https://mp.weixin.qq.com/s/a)",
                {"original_account": "北窗", "original_url": "https://mp.weixin.qq.com/s/a"},
            ),
        ),
        ("本文由某某阅读转码", "本文为原创", "本文由北窗转载", "本文为本站原创"),
        "A passive credit: `原文为X发布`, `本文由X首发`, `本文系X原创` (never a self-reference: 本站, 本号, 作者).",
        anchored=False,
        reader="credit",
    ),
    Rule(
        "credit.authorized",
        ANY,
        r"(?:经|感谢|由)\s*(?![本我]|笔者|原?作者)(?P<name>[^，,。；;\s]{2,40}?)\s*(?:独家)?授权(?:转载|发布|刊发|刊登|转发)",
        ("original_account", "source_outlet", "source_platform"),
        OUTER_CREDIT,
        (
            ("本文由公众号北窗授权转载", {"original_account": "北窗", "source_platform": "wechat"}),
            ("经东岸日报授权发布", {"source_outlet": "东岸日报"}),
            ("感谢北窗授权转载", {"original_account": "北窗"}),
        ),
        ("经过三天的讨论，大家同意发布", "本文经作者授权发布", "本文经授权转载"),
        "A credit of the one who authorized the reprint: `本文由X授权转载`, `经X授权发布`, `感谢X授权转载`.",
        anchored=False,
        reader="credit",
    ),
    Rule(
        "credit.reposter",
        HEAD,
        r"[（(]?\s*(?P<name>[^\s，,。；;:：（(]{2,20}?)\s*(?:已\s*)?(?:获|获得)(?:[^，,。；;]{0,8}?)授权(?:转载|转发|刊发|发布)",
        ("is_repost",),
        OUTER_CREDIT,
        (
            (
                "东岸网获授权转载。\n本文转自微信公众号：北窗（ID：beichuang01），作者：王小明。\n"
                "原文来自「东岸」~~[一篇](https://mp.weixin.qq.com/s/r1)~~",
                {"original_account": "北窗", "original_account_id": "beichuang01", "is_repost": True},
            ),
        ),
        ("经北窗授权转载", "我们已获得作者授权"),
        "`X获授权转载`: X reposted the text; a credit of X (or `X网`, `XAPP`) elsewhere at the top is the reposter's, "
        "not the first publisher's.",
        anchored=False,
    ),
    Rule(
        "credit.noun",
        HEAD,
        r"(?:(?:微信)?{credit_noun_lead_in}|\b(?=[OoAa])(?i:{credit_english_noun_lead_in})\b)"
        r"(?:\s*[（(]?(?:备份|存档|快照|缓存|镜像)[）)]?)?"
        r"(?=\s*(?:[（(]?(?:{deleted_phrases})[）)]?\s*)?(?:[:：｜丨]|/(?=\s*[~《]{0,3}\[|\s*https?://)|[~《]{0,3}\[|\s+[~<]{0,2}https?://))",
        ("original_url", "source_outlet", "original_account"),
        OUTER_CREDIT,
        (
            ("原文：[一篇](https://news.example.com/a/1)", {"original_url": "https://news.example.com/a/1"}),
            # any separator a label takes (`原文｜X`, `原文链接丨X`), a slash before the link only
            ("原文｜东岸日报 [一篇](https://news.example.com/a/4)", {"source_outlet": "东岸日报"}),
            (
                "原文链接丨东岸日报 ~~[一篇](https://news.example.com/a/5)~~",
                {"original_url": "https://news.example.com/a/5"},
            ),
            ("原文/[一篇](https://news.example.com/a/6)", {"original_url": "https://news.example.com/a/6"}),
            (
                "原文《[一篇](https://mp.weixin.qq.com/s/a2)》写于去年",
                {"original_url": "https://mp.weixin.qq.com/s/a2"},
            ),
            (
                "原文《[一个标题](https://mp.weixin.qq.com/s/a3)》写于去年",
                {"original_url": "https://mp.weixin.qq.com/s/a3", "original_account": None},
            ),
            ("东岸日报原文[缓存](https://archive.li/abc)", {"source_outlet": "东岸日报"}),
            (
                "发出后第二天就打不开了。原链接已失效：https://mp.weixin.qq.com/s/n1",
                {"original_url": "https://mp.weixin.qq.com/s/n1", "original_deleted": True},
            ),
            ("| 原帖 | [一篇](https://www.douban.com/note/1/) |", {"original_url": "https://www.douban.com/note/1/"}),
            ('原文：<a href="https://news.example.com/h1">一篇</a>', {"original_url": "https://news.example.com/h1"}),
            (
                "Original link: ~~https://mp.weixin.qq.com/s/e1~~ (it now shows a notice)",
                {"original_url": "https://mp.weixin.qq.com/s/e1", "original_deleted": True},
            ),
            (
                "原微博：[一个标题](https://archive.li/abc)",
                {"original_url": "https://archive.li/abc", "original_account": None, "source_platform": "weibo"},
            ),
            (
                "原微博存档：https://web.archive.org/web/2019/https://weibo.com/1/a",
                {"original_url": "https://web.archive.org/web/2019/https://weibo.com/1/a", "source_platform": "weibo"},
            ),
            ("原文（备份）：https://archive.ph/a1", {"original_url": "https://archive.ph/a1", "source_platform": None}),
            (
                "二次复活链接：<https://mp.weixin.qq.com/s/fh02>",  # (which copy it is, no one's name)
                {"original_url": "https://mp.weixin.qq.com/s/fh02", "original_account": None},
            ),
            (
                "作者：王小明\n已获作者授权，二次复活链接 <https://mp.weixin.qq.com/s/fh01>",
                {
                    "original_url": "https://mp.weixin.qq.com/s/fh01",
                    "original_deleted": False,
                    "source_platform": "wechat",
                },
            ),
            (
                "本文由 [某某阅读](https://reader.example.com/) 转码\n原文地址 ~~https://www.example.cn/a1b2~~",
                {"original_url": "https://www.example.cn/a1b2", "original_deleted": True, "source_platform": "web"},
            ),
            ("原文：锐媒体：一个标题", {"source_outlet": "锐媒体", "original_account": None}),
            (
                "原文：[存档](https://archive.is/a1)，来自公众号「北窗」",
                {"original_account": "北窗", "original_url": "https://archive.is/a1", "source_platform": "wechat"},
            ),
        ),
        ("原文件：见附件", "原文如下", "原帖太长，这里只摘了一段。", "原链接里的图片很多", "原文/译文对照如下"),
        "`原文：[…](…)`, `NAME原文[…](…)`: the noun lead-in of the original's link, a name written before it.",
        anchored=False,
        reader="credit",
    ),
    Rule(
        "credit.copy_notice",
        ("head", "foot"),
        r"链接\s*[:：]\s*(?=https?://)",
        ("original_url",),
        OUTER_CREDIT,
        (
            (
                "链接：https://www.zhihu.com/question/1/answer/2",
                {"original_url": "https://www.zhihu.com/question/1/answer/2"},
            ),
        ),
        ("链接：https://news.example.com/a/1", "相关链接：https://www.zhihu.com/question/1"),
        "The notice a platform appends to a copied text (`作者：X` / `链接：URL` / `来源：知乎`): its link, when it is "
        "on a platform with user accounts (WeChat, Weibo, Douban, Zhihu).",
        reader="credit",
    ),
    Rule(
        "credit.note_link",
        ("post",),
        r"{credit_note_link_words}",
        ("original_url", "source_platform", "original_account"),
        OUTER_CREDIT - 5,
        (
            (
                "此文最早由甲发在公众号“青柠”，见 <https://mp.weixin.qq.com/s/n1>\n\n正文第一段。",
                {"is_repost": True, "original_url": "https://mp.weixin.qq.com/s/n1", "original_account": "青柠"},
            ),
            (
                "备份自 https://mp.weixin.qq.com/s/n2 ，原文已被删除\n\n正文。",
                {"original_url": "https://mp.weixin.qq.com/s/n2", "original_deleted": True},
            ),
            (
                "（原文 weibo.com/123/abc 已经不见了）\n\n正文。",
                {"original_url": "http://weibo.com/123/abc", "source_platform": "weibo"},
            ),
        ),
        (
            # a link without the words; the words about another page; a site's own page; a link far down the text
            "详见 <https://mp.weixin.qq.com/s/n3>\n\n正文。",
            "正文。\n\n" * 3 + "这篇报道最早发在公众号上，<https://mp.weixin.qq.com/s/n4>\n\n正文。",
            "原文：https://www.example.com/news/1 已删除\n\n正文。",
            "我们的公众号文章首发后被很多人转载了，可是很多人不知道当时的情况是这样的，所以今天再写一篇长文来说明那一天发生了什么"
            "事情以及后来的发展 https://mp.weixin.qq.com/s/n5\n\n正文。",
        ),
        "No credit anywhere, but a short line at the top says in words what the platform link on it is (the original, "
        "its first place, a backup of it): the link is the original's, its host the platform, a quoted name after a "
        "platform word the account. Read only when no other rule found a credit.",
        anchored=False,
    ),
    Rule(
        "credit.name_colon_link",
        ("block",),
        r"(?=(?:[「『【“][^」』】”\n]{1,40}[」』】”]|[^\s:：\[\]（(]{2,20})\s*[:：]\s*~{0,2}\[)",
        ("original_account", "source_outlet", "original_url"),
        OUTER_CREDIT,
        (
            ("「北窗」：~~[一篇](https://mp.weixin.qq.com/s/b2)~~", {"original_account": "北窗"}),
            (
                "报道1：东岸经济新闻：~~[一篇](https://m.dongan.example.cn/a/1.html)~~",
                {"source_outlet": "东岸经济新闻", "original_deleted": True},
            ),
        ),
        (
            "说明：这里[有](https://example.org)更多",
            "报道1：[一篇](https://m.dongan.example.cn/a/1.html)",
            "链接2：下载地址：[一篇](https://m.dongan.example.cn/a/1.html)",
            "文章1：题目：[一篇](https://m.dongan.example.cn/a/1.html)",
        ),
        "`「X」：[title](url)` as the whole block line: a credit without a lead-in (also after a compilation's"
        " numbered label, `报道1：X：[title](url)`).",
        reader="credit",
    ),
    Rule(
        "credit.platform_label",
        ("block",),
        r"(?:(?!微信(?!公)){platform_words})(?:用户)?\s*[:：｜|丨]?\s*[「『【“]?[^\s:：，,。；;「」『』【】“”\[\]]{1,20}[」』】”]?"
        r"\s*(?:[（(][^（()）]{1,40}[）)])?\s*$"
        r"|[「『【“]?[^\s:：，,。；;「」『』【】“”\[\]]{2,20}?[」』】”]?\s*的?(?:微信公众号|公众号|公号)\s*$"
        rf"|微信号\s*[:：｜|丨]?\s*[「『【“]?(?=[^\s「」『』【】“”]*[{HAN}])[^\s:：，,。；;「」『』【】“”\[\]]{{1,20}}[」』】”]?\s*$",
        ("original_account", "source_platform"),
        OUTER_CREDIT,
        (
            ("公众号：北窗", {"original_account": "北窗", "source_platform": "wechat"}),
            ("微信公众号「北窗」", {"original_account": "北窗", "source_platform": "wechat"}),
            ("北窗公众号", {"original_account": "北窗", "source_platform": "wechat"}),
            ("微博用户：小蓝", {"original_account": "小蓝", "source_platform": "weibo"}),
            ("公众号：北窗 / 作者：王小明", {"original_account": "北窗", "original_author": "王小明"}),
            ("微信号「北窗」", {"original_account": "北窗", "original_account_id": None, "source_platform": "wechat"}),
            (
                "公众号：北窗（ID：beichuang01）",
                {"original_account": "北窗", "original_account_id": "beichuang01", "source_platform": "wechat"},
            ),
        ),
        ("微信：beichuang01", "作者：王小明", "公众号文章很多，我们读了一些", "微信号：beichuang01"),
        "A platform word and one name as a whole block line (`公众号：X`, `X公众号`): a credit without a lead-in.",
        reader="credit",
    ),
    Rule(
        "credit.account_link",
        ("block",),
        r"[「“]?(?!欢迎|关注|请|本|我|这|该)(?P<name>[^\s:：，,。「」“”\[\]（()）]{2,20}?)[」”]?\s*的?(?P<word>(?:微信)?(?!服务号){platform_body_words})"
        r"(?=[^\[\]。]{0,12}~{0,2}\[)",
        ("original_account", "original_url", "source_platform"),
        OUTER_CREDIT,
        (
            (
                "北窗公众号的节选版[链接](https://mp.weixin.qq.com/s/a9)，全文已经 [404](https://example.org/404/)。",
                {
                    "original_account": "北窗",
                    "original_url": "https://mp.weixin.qq.com/s/a9",
                    "source_platform": "wechat",
                    "original_deleted": True,
                },
            ),
            ("北窗公众号首发，[原文](https://mp.weixin.qq.com/s/b9)", {"original_account": "北窗"}),
            # every WeChat account word of the vocabulary (`订阅号`, `微信公号`), not three of them written out
            ("北窗订阅号的节选版[链接](https://mp.weixin.qq.com/s/d9)", {"original_account": "北窗"}),
        ),
        (
            "很多公众号都转了[这篇](https://mp.weixin.qq.com/s/c9)",
            "北窗公众号的文章很多",
            "欢迎关注我们的公众号[链接](https://mp.weixin.qq.com/s/c9)",
            "很多订阅号都转了[这篇](https://mp.weixin.qq.com/s/c9)",
        ),
        "A block line opening with an account's name and its platform word, a link soon after, no lead-in "
        "(`某某公众号的[原文](…)`): that account and its post.",
        reader="credit",
    ),
    Rule(
        "credit.id_header",
        ("block",),
        rf"[「“]?(?P<name>[^\s:：，,。「」“”\[\]（()）｜|丨]{{2,20}}?)[」”]?\s*[（(]\s*(?:微信)?(?:公众号)?\s*[Ii][Dd]\s*[:：]\s*{ID}\s*[）)]"
        r"(?=\s*(?:[｜丨|/／]|$))",
        ("original_account", "original_account_id", "source_platform"),
        OUTER_CREDIT,
        (
            (
                "◎晨读小站（ID：chendu01） ｜ 李小红",
                {
                    "original_account": "晨读小站",
                    "original_account_id": "chendu01",
                    "source_platform": "wechat",
                    "original_author": "李小红",
                },
            ),
        ),
        ("欢迎关注晨读小站（ID：chendu01），每天一篇", "他说（ID：chendu01）是他的"),
        "A WeChat reprint header without a lead-in: the account's name and id, a bar and its writers "
        "(`◎X（ID：x）｜NAME`).",
        reader="credit",
    ),
    Rule(
        "credit.holder_label",
        ("block",),
        r"{platform_holder_labels}\s*(?:[:：｜|丨]|是)\s*(?=[@＠]?[「“『]?[^\s:：，,。；;@＠「“『」”』]{1,30}[」”』]?\s*[。.]?$)",
        ("original_account",),
        OUTER_CREDIT,
        (
            ("博主：@小蓝", {"original_account": "小蓝", "original_author": None}),
            (
                "原微博：[一个标题](https://weibo.com/1/abc)\n博主：@小蓝",
                {"original_account": "小蓝", "source_platform": "weibo"},
            ),
            ("答主｜河边的阿周", {"original_account": "河边的阿周"}),
            ("| 发帖人 | 小蓝Lan |", {"original_account": "小蓝Lan"}),
            (
                "原帖来自豆瓣小组，发帖人是「小蓝Lan」。她的账号已被封。",
                {"original_account": "小蓝Lan", "original_deleted": True},
            ),
        ),
        ("博主：我今天去了河边，风很大", "博主说", "他是一个博主：小蓝"),
        "`博主：@X`, `答主：X` as a whole block line: the holder of the account the post was published from.",
        reader="credit",
    ),
    Rule(
        "credit.bare_repost",
        HEAD,
        r"[（(【\[]?\s*(?:本文|此文|原文)?(?:系|为)?转载\s*(?:[）)】\]]|"
        r"[，,；;]\s*(?:出处|来源|作者|原作者|原文)?\s*{names_unknown_source}\s*[）)】\]]?)?\s*[。.]?\s*$",
        ("is_repost",),
        OUTER_CREDIT,
        (
            ("（转载，出处不详）", {"is_repost": True, "original_account": None, "source_outlet": None}),
            ("【转载】", {"is_repost": True}),
            ("本文系转载，作者不详。", {"is_repost": True, "original_author": None}),
        ),
        ("转载请注明出处", "禁止转载", "转载，请联系后台", "（转载时请注明）"),
        "A bare repost marker whose source is unknown (`（转载）`, `转载，出处不详`): a repost, nothing named.",
    ),
    Rule(
        "credit.self_statement",
        HEAD,
        r"[（(【\[]?\s*(?:(?:这是|以下是|以下为|下文是|本文是|本文为|此文为)\s*(?:一位|一个|一名)?\s*(?:来自)?\s*"
        r"(?P<name>(?:{platform_lead_words})?(?:用户|网友|博主)?\s*(?:[@＠][^\s@＠，,。；;的]{1,30}|[「“『][^」”』\n]{1,30}[」”』]))"
        # without an opener, the platform word and its user's label open the line (`微博博主 X 的一条长微博`)
        r"|(?P<user>{platform_lead_words}(?:用户|网友|博主)\s*(?:[@＠][^\s@＠，,。；;的]{1,30}|[「“『][^」”』\n]{1,30}[」”』]"
        r"|[A-Za-z][\w.-]*(?: [A-Z][\w.-]*){1,3}(?=\s)|[^\s@＠，,。；;「“『的]{1,30}(?=\s))))"
        r"\s*(?:在\s*[^\s，,。]{1,6}?\s*(?:上|里)|(?:发在|发布在|发表在|写在)\s*[^\s，,。]{1,6}?(?:上|里)?)?\s*(?:发布|发表|发|写)?"
        r"\s*的\s*(?:一条|一篇|一则|一段)?\s*(?P<what>长?微博|博文|豆瓣日记|日记|广播|知乎回答|回答|公众号文章|推文|帖子|文章)",
        ("original_account", "source_platform"),
        OUTER_CREDIT,
        (
            (
                "这是@小蓝 的一条长微博，已经被删。",
                {"original_account": "小蓝", "source_platform": "weibo", "original_deleted": True},
            ),
            ("以下是「北窗」在豆瓣上发布的一篇日记", {"original_account": "北窗", "source_platform": "douban"}),
            ("以下是@北窗 发的一条微博", {"original_account": "北窗", "source_platform": "weibo"}),
            ("这是知乎用户「北窗」的一篇回答", {"original_account": "北窗", "source_platform": "zhihu"}),
            (
                "这是一位豆瓣网友「小蓝」发在小组里的帖子，原帖现在只剩一行字：“内容已删除”。",
                {"original_account": "小蓝", "source_platform": "douban", "original_deleted": True},
            ),
            (
                "微博博主 Xiao_Lan 的一条长微博，原地址 https://weibo.com/1/a2 ，已经被和谐了。",
                {"original_account": "Xiao_Lan", "source_platform": "weibo", "original_deleted": True},
            ),
            ("知乎用户 Lan Xiao 在专栏里发的文章", {"original_account": "Lan Xiao", "source_platform": "zhihu"}),
        ),
        ("这是我的一条微博", "这是一条长微博", "这是他们的回答", "以下是@小蓝 提出的问题", "微博上的一条长微博"),
        "The text saying whose post it is (`这是@X 的一条长微博`, `以下是「X」的一篇日记`): that user's account.",
    ),
    Rule(
        "credit.lone_link",
        ("block",),
        r"~{0,2}\[",
        ("original_url",),
        OUTER_CREDIT,
        (
            (
                "~~[原文](https://news.example.com/x/9)~~",
                {"original_url": "https://news.example.com/x/9", "original_deleted": True},
            ),
            (
                "该内容已删除 [另一个问题？](https://www.zhihu.com/question/1/answer/2)",
                {"original_url": "https://www.zhihu.com/question/1/answer/2", "original_deleted": True},
            ),
            (
                "来源：公众号「北窗」\n原文已删，备份：[另一篇](https://mp.weixin.qq.com/s/k9)",
                {"original_url": "https://mp.weixin.qq.com/s/k9", "original_deleted": True},
            ),
        ),
        (
            "[别的文章](https://news.example.com/x/9)",
            "我们删除了 [别的文章](https://news.example.com/x/9)",
            "原文已删，后来他们在别处写道：[别的文章](https://news.example.com/x/9)",
        ),
        "A lone link at the top whose label is `原文`, the title, or which is marked gone (before or after it).",
        reader="credit",
    ),
    Rule(
        "credit.archived_copy",
        ("block",),
        r"[（(]\s*(?:存档|备份|快照|镜像|缓存|[Aa]rchived?(?: copy)?)\s*[:：]\s*(?=~{0,2}\[|https?://)",
        ("original_url",),
        OUTER_CREDIT,
        (
            (
                "原文作者：王小明（存档：[archive.ph/Ab12](https://archive.ph/Ab12)）",
                {"original_url": "https://archive.ph/Ab12", "is_repost": True, "original_author": "王小明"},
            ),
        ),
        ("作者：王小明（存档：见文末）", "他把照片存档：[相册](https://example.org/a)"),
        "A link to an archived copy in brackets on a line at the top (`（存档：[…](…)）`): the original's copy.",
        anchored=False,
    ),
    Rule(
        "credit.writer",
        ANY,
        r"(?:[，,；;]\s*(?:作者|记者)(?:署名)?\s*(?:[:：]|是|为)?|\s(?:作者|撰文|撰稿|文字|文)\s*[:：｜丨|/／]"
        # a reprint header's writers after the account's id and a bar (`X（ID：x）｜甲、乙`)
        rf"|[（(]\s*(?:[Ii][Dd])\s*[:：]\s*{ID}\s*[）)]\s*[｜丨|/／]"
        # a credit line opening with its writer glued to the role (`作者NAME，微信原文[链接](…)`)
        rf"|^作者(?=[{HAN}]{{2,6}}[，,]))\s*"
        # (`，作者授权转载`: what the writer did, no name)
        r"(?!授权|同意|允许|许可|保留|声明|表示|认为|指出|本人|自己)(?P<author>[^，,。：:~\[）)]+)",
        ("original_author",),
        BYLINE,
        (
            ("来源：东岸日报，作者：王小明", {"original_author": "王小明", "source_outlet": "东岸日报"}),
            ("（原文刊于东岸日报，记者王小明）", {"original_author": "王小明", "source_outlet": "东岸日报"}),
            ("来源丨东岸日报 作者丨王小明", {"original_author": "王小明", "source_outlet": "东岸日报"}),
            ("来源：东岸日报\u3000文｜王小明 李小红", {"original_author": "王小明 李小红"}),
            (
                "原文来自「晨读」，作者「李小红」：~~[一篇](https://mp.weixin.qq.com/s/a1)~~",
                {"original_author": "李小红"},
            ),
            (
                "原文来自◎晨读小站（ID：chendu01）｜ 李小红、王小明",
                {"original_author": "李小红 王小明", "original_account": "晨读小站", "original_account_id": "chendu01"},
            ),
            (
                "作者山间小溪，微信原文~~[链接](https://mp.weixin.qq.com/s/sj01)~~，图片已丢失。",
                {"original_author": "山间小溪", "source_platform": "wechat", "original_deleted": True},
            ),
            (
                "原文来自晨读小站（ID：chendu01）｜ 河边老李头、巷口阿婆",
                {"original_author": "河边老李头 巷口阿婆", "original_account": "晨读小站"},
            ),
        ),
        (
            "来源：东岸日报",
            "来源：东岸日报 编辑：王小明",
            "来源：东岸日报 翻译｜王小明",
            "来源：东岸日报 文中图片来自网络",
            "说明：首发于东岸日报，此为修订版，作者授权转载。",
        ),
        "A writer named inside a credit line, after a comma, or after a space with a role word and a separator.",
        anchored=False,
    ),
    Rule(
        "credit.writer_after_bar",
        ANY,
        rf"\s[｜丨|]\s*(?P<author>[{HAN}·]{{2,5}})\s*$",
        ("original_author",),
        BYLINE,
        (("原文来自◎河边文艺 | 董小舟", {"original_author": "董小舟", "original_account": "河边文艺"}),),
        ("来源：东岸日报 | 视频频道", "原文来自河边文艺 | 深度好文"),
        "`原文来自X ｜ NAME`: a personal name after a bar closing a credit line is its writer (name checked).",
        anchored=False,
    ),
    Rule(
        "credit.writer_of",
        ANY,
        r"[」』”]\s*的\s*(?P<author>[^\s，,。：:~\[「」]{2,8})\s*[:：](?=\s*(?:~{0,2}\[|<?https?://|$))",
        ("original_author",),
        BYLINE,
        (
            (
                "原文来自「河边」的小周：[一篇](https://mp.weixin.qq.com/s/c3)",
                {"original_author": "小周", "original_account": "河边"},
            ),
        ),
        (
            "原文来自「河边」：[一篇](https://mp.weixin.qq.com/s/c3)",
            "原文来自「河边」：[王小明谈“河流”的意义：一次散步](https://mp.weixin.qq.com/s/c4)",
        ),
        "`来自「ACCOUNT」的NAME：` before the link: the credit names the account and its writer.",
        anchored=False,
    ),
    Rule(
        "credit.reporter",
        ANY,
        rf"(?:^|[，,；;（(])\s*[{HAN}]{{0,8}}?记者\s*(?P<author>[{HAN}]{{2,3}}?)(?=\s*(?:\d|[于在把将从]|$))",
        ("original_author",),
        BYLINE,
        (
            (
                "稿子没能见报，东岸日报记者王小明 1 月 19 日刊载在个人公众号「北窗」，两日后被删除。",
                {"original_author": "王小明", "original_account": "北窗"},
            ),
        ),
        ("稿子没能见报，东岸日报记者站在公众号「北窗」上发了声明。", "来源：东岸日报记者节特刊"),
        "A reporter named inside a credit's sentence (`某报记者NAME 1月19日刊载在公众号「X」`), name checked.",
        anchored=False,
    ),
    # --- writers
    Rule(
        "byline.original_slot",
        HEAD,
        # (a separator after 原创, a colon, a bar, a slash or a space: `原创精神…` is a sentence, not the header)
        r"原创(?:\s*[:：｜|丨/]\s*|\s+)(?P<slot>.+)$",
        ("original_author", "original_account"),
        SLOT,
        (
            ("原创：林小雨 晨读小站", {"original_author": "林小雨", "original_account": "晨读小站"}),
            ("原创： 林小雨 晨读小站 今天", {"original_author": "林小雨", "original_account": "晨读小站"}),
            ("原创｜林小雨 晨读小站", {"original_author": "林小雨", "original_account": "晨读小站"}),
        ),
        ("原创为「端口」", "原创精神很重要。"),
        "WeChat's own byline `原创：WRITER ACCOUNT`: the last token is the account when it is one.",
    ),
    Rule(
        "byline.wechat_meta",
        HEAD,
        r"(?P<slot>[^\s:：，,。]{1,20}(?:\s+[^\s:：，,。]{1,20}){1,3})\s+"
        r"(?:今天|昨天|前天|\d{1,2}\s*天前|\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*$",
        ("original_author",),
        SLOT,
        (
            ("来源：公众号「北窗」\n王小明 北窗 2018-04-01", {"original_author": "王小明", "original_account": "北窗"}),
            ("来源：公众号「北窗」\n王小明 李小红 北窗 今天", {"original_author": "王小明 李小红"}),
        ),
        ("来源：公众号「北窗」\n北窗 今天", "来源：公众号「北窗」\n王小明 河边 今天", "王小明 北窗 2018-04-01"),
        "WeChat's page header without 原创 (`WRITER ACCOUNT 今天`), when its last name is the credited account.",
    ),
    Rule(
        "byline.fields",
        ANY,
        # a gate: the line holds a role word where a byline puts one; extract._byline_fields reads the groups
        BYLINE_ROLE + r"(?P<author>)",
        ("original_author",),
        BYLINE,
        (
            ("文｜王小明　编辑｜李小红", {"original_author": "王小明"}),
            ("王小明｜文　李小红｜图", {"original_author": "王小明"}),
            ("【作者】王小明 【编辑】李小红", {"original_author": "王小明"}),
            ("〔撰文〕王小明、李小红 〔摄影〕赵六", {"original_author": "王小明 李小红"}),
            ("编辑：李小红 / 作者：王小明 / 校对：赵六", {"original_author": "王小明"}),
            ("审核｜赵六 排版｜李小红 文｜王小明", {"original_author": "王小明"}),
            ("撰文、摄影：王小明  监制：赵六", {"original_author": "王小明"}),
            ("王小明 著　李小红 译", {"original_author": "王小明"}),
            ("王小明 文 李小红 图", {"original_author": "王小明"}),
            ("采写：王小明 和 李小红 | 校对：赵六", {"original_author": "王小明 李小红"}),
            ("口述 周小川　整理 李小红", {"original_author": "周小川"}),
            ("整理：李小红 编辑：赵六", {"original_author": "李小红"}),
            ("作者：王小明，李小红 文：赵小六", {"original_author": "王小明 李小红 赵小六"}),
            ("执笔：王小明；审稿：赵六", {"original_author": "王小明"}),
            ("王小明 李小红 | 文 ; 赵六 | 编辑", {"original_author": "王小明 李小红"}),
            ("记者：王小明 实习记者：李小红 编辑：赵六", {"original_author": "王小明 李小红"}),
            ("校对 赵六 · 作者 王小明", {"original_author": "王小明"}),
            ("作者：王小明", {"original_author": "王小明"}),
            ("文｜赵六 钱七", {"original_author": "赵六 钱七"}),
            ("文/ Anna Lee", {"original_author": "Anna Lee"}),
            ("采访：周八，编辑：吴九", {"original_author": "周八"}),
            ("访谈及编辑 | 周八、吴九", {"original_author": "周八 吴九"}),
            ("作者：青灯读书会", {"original_author": "青灯读书会"}),
            ("【作者】王小明", {"original_author": "王小明"}),
            ("「撰文」王小明、李小红", {"original_author": "王小明 李小红"}),
            ("（作者：王小明）", {"original_author": "王小明"}),
            ("作者｜王小明（东岸大学教授）", {"original_author": "王小明"}),
            ("原文作者：王小明", {"original_author": "王小明"}),
            ("作者：王小明 & 李小红", {"original_author": "王小明 李小红"}),
            ("作者：王小明，李小红", {"original_author": "王小明 李小红"}),
            ("作者：王小明，李小红和赵小六", {"original_author": "王小明 李小红 赵小六"}),
            ("作者：王小明，高级记者", {"original_author": "王小明"}),
            ("作者：王小明，东岸大学教授，现居河边", {"original_author": "王小明"}),
            ("作者：东岸在线记者 王小明实习生 李小红", {"original_author": "王小明 李小红"}),
            ("作者：河边志编辑组", {"original_author": "河边志编辑组"}),
            ("作者：王小明 和 李小红", {"original_author": "王小明 李小红"}),
            ("文字：王小明 | 编辑：李小红", {"original_author": "王小明"}),
            ("撰文 | 王小明 翻译 | 李小红", {"original_author": "王小明"}),
            ("采访：王小明，李小红\n作者：王小明", {"original_author": "王小明"}),
            ("文/图：王小明", {"original_author": "王小明"}),
            ("图文｜王小明", {"original_author": "王小明"}),
            ("原作者：王小明 译者：李小红", {"original_author": "王小明"}),
            ("特约作者：王小明", {"original_author": "王小明"}),
            ("作者：@王小明", {"original_author": "王小明"}),
            ("作者：王小明 ; 李小红", {"original_author": "王小明 李小红"}),
            ("作者：王小明等", {"original_author": "王小明"}),
            ("作者：王小明\n对话：王小明，李小红", {"original_author": "王小明"}),
            ("责编：李小红 | 作者：王小明", {"original_author": "王小明"}),
            ("译｜李小红\u3000文｜王小明", {"original_author": "王小明"}),
            ("作者：王小明 李小红 译", {"original_author": "王小明"}),
            ("作者：2018年东岸访谈小组", {"original_author": "2018年东岸访谈小组"}),
            ("作者：HB东岸大学声援团", {"original_author": "HB东岸大学声援团"}),
            ("编译：李小红 | 原作者：王小明", {"original_author": "王小明"}),
            (
                "来源：东岸小站\n\n---\n\n"
                + "一段编者的话。\n\n" * 20
                + "**文 \\| 郭小禾**\n\n正文。\n\n"
                + "正文。\n\n" * 12,
                {"original_author": "郭小禾"},
            ),
            ("作者✎王小明 李小红", {"original_author": "王小明 李小红"}),
            ("作者：作者 | 王小明", {"original_author": "王小明"}),
            (
                "文章来自河边计划：[一篇](https://mp.weixin.qq.com/s/hb01)\n作者：河边计划-蓝天",
                {"original_author": "蓝天"},
            ),
            ("来源：公众号「心眼Eyes」\n作者：心眼Eyes/唐小红", {"original_author": "唐小红"}),
            ("来源：公众号「河湾」\n作者：河湾小舟子", {"original_author": "河湾小舟子"}),
            ("撰文◎王小明", {"original_author": "王小明"}),
            (
                "文｜东岸周刊记者 张三 李小四\n\n东岸周刊实习生 王五\n\n责任编辑｜赵六",
                {"original_author": "张三 李小四 王五"},
            ),
            ("作者 王小明", {"original_author": "王小明"}),
            ("作者 I 王小明、李小红", {"original_author": "王小明 李小红"}),
            ("摄影 李小红  |  撰文 王小明  |  编辑 赵六", {"original_author": "王小明"}),
            (
                "来源：东岸小站\n\n---\n\n" + "正文一句。\n\n" * 20 + "摄影 李小红  |  撰文 王小明  |  编辑 赵六",
                {"original_author": "王小明"},
            ),
            ("文 赵小六", {"original_author": "赵小六"}),
            ("文 Anna Lee", {"original_author": "Anna Lee"}),
            ("大路边｜文", {"original_author": "大路边"}),
            ("本刊记者王小明／文", {"original_author": "王小明"}),
            ("王小明 文", {"original_author": "王小明"}),
            ("王小明 李小红｜撰文", {"original_author": "王小明 李小红"}),
            ("王小明、李小红｜文", {"original_author": "王小明 李小红"}),
            ("Anna Lee / 文", {"original_author": "Anna Lee"}),
            ("王小明 & 李小红｜文", {"original_author": "王小明 李小红"}),
            ("王小明 著\u3000李小红 译", {"original_author": "王小明"}),
            ("Anna Lee | 整理&文案", {"original_author": "Anna Lee"}),
            ("林沙律师 文", {"original_author": "林沙律师"}),
            ("林若水教授 文", {"original_author": "林若水"}),
            ("毛毛老师 文", {"original_author": "毛毛老师"}),
            ("自述   周小川    编辑   李小红", {"original_author": "周小川"}),
            ("口述｜周小川", {"original_author": "周小川"}),
            (
                "来源：东岸小站\n\n---\n\n" + "一行开场白\n\n" * 20 + "自述 周小川  编辑 李小红  摄影 王五\n\n正文。",
                {"original_author": "周小川"},
            ),
            ("记者 张三 李四", {"original_author": "张三 李四"}),
            ("记者 林大海、欧阳小明", {"original_author": "林大海 欧阳小明"}),
            ("记者/ 张三", {"original_author": "张三"}),
            ("记者｜张三", {"original_author": "张三"}),
            ("记者 张三 实习生 李四", {"original_author": "张三 李四"}),
            ("本刊记者 张三\u3000特约撰稿 李四", {"original_author": "张三 李四", "original_account": None}),
            ("记者 张三 和 李四 | 编辑 王五", {"original_author": "张三 李四"}),
            ("记者 张三和李小四｜摄影 王五｜编辑 赵六", {"original_author": "张三 李小四"}),
            ("记者 张三、李小四 编辑 王五", {"original_author": "张三 李小四"}),
            # a second writer's byline under the first is another credit, not more staff
            ("作者：王小明\n\n李小红 著", {"original_author": "王小明"}),
            ("王小明｜文\n\n记者：您好", {"original_author": "王小明"}),
            ("文｜张三\n\n记者 李小四", {"original_author": "张三 李小四"}),
        ),
        (
            "记者会上，他说了很多话。",
            "编辑：李小红 校对：赵六",
            "文 中提到的观点，我们并不同意",
            "记者 张三今天去了现场看",
            "图片来源：东岸日报",
            "感谢翻译软件帮了大忙",
            "编辑部 2020年3月1日",
            "王小明｜编辑",
            "编辑推荐：王小明的新书",
            "摄影 / 设计 / 排版",
            "我的作者朋友 王小明",
            *NOT_WRITER_LINES,
            "作者 的话",
            "文 章",
            "图｜文",
            "正文",
            "李小红 译",
            "李小红｜摄影",
            "这是一篇散文",
            "李小红｜图片设计",
            "自述 我这些年的经历",
            "口述历史：一次散步",
            "自述 周小川说了很多，我们都在听。",
            # an interview's question, a source, a request to the reader: no names
            "记者：那么，您怎么看这件事",
            "通讯员：好吧，那就这样",
            "记者：您好 编辑：李小红",
            "对话 未来 编辑 李小红",
            "文/图 来自网络",
            "文案：欢迎关注我们",
        ),
        "A byline of ROLE SEP NAMES groups in any order and number, the role before or after its names "
        "(`文｜甲　编辑｜乙`, `甲｜文　乙｜图`, `【作者】甲 【编辑】乙`, `甲 著　乙 译`): the writers' names are "
        "taken, the others' dropped (roles: roles.author, roles.reporter, roles.not_author and the byline lists of the "
        "vocabulary; read by extract._byline_fields, each name checked).",
        anchored=False,
    ),
    Rule(
        "byline.role",
        ANY,
        r"(?P<open>[（(])?\s*[【\[「]?(?:{credit_lead_in_subject})?(?:特约|本期|本刊|本报|客座)?(?:(?:采访|对话)[、&和])?(?P<role>原作者|作者署名|作者|撰文|撰稿|采写|文字|文\s*[/／、&]\s*图|图\s*[/／、&]\s*文|图文|文|对话|采访|访谈"
        # an interviewer who also edited or transcribed (`访谈及编辑｜甲、乙`)
        r"|[Aa]uthor|AUTHOR)(?:(?<=[话访谈])\s*[、&和及]\s*(?:编辑|整理))?\s*"
        r"(?:[】\]」]\s*[:：]?|[:：｜丨/／=]|" + DECOR + r"|(?<=署名)(?=[“「\"]))\s*(?P<author>.+?)(?(open)\s*[）)])$",
        ("original_author",),
        BYLINE,
        (
            # (what byline.fields does not read as groups: a title after the name, a lead-in before the role)
            ("作者：王小明 《东岸日报》总编辑", {"original_author": "王小明"}),
            ("本文作者：王小明", {"original_author": "王小明"}),
            ("作者署名“王小明”", {"original_author": "王小明"}),
        ),
        (*NOT_WRITER_LINES,),
        "A writer's role word, a separator, the names: `作者：`, `文｜`, `撰文/`, `对话：`, `【作者】`, "
        "`（作者：NAME）`; after byline.fields, for what follows the names there (a title, a note) and a lead-in "
        "before the role (`本文作者：`).",
    ),
    Rule(
        "byline.role_glued",
        ANY,
        # (or the writer's own account after 的: `作者NAME的微信公众号已被屏蔽`)
        rf"作者(?P<author>[{HAN}]{{2,8}}?)(?:$|(?=是一|的(?:个人)?(?:微信|公众号|公号|公帐号|公众帐号|账号|帐号|微博|豆瓣)))",
        ("original_author",),
        BYLINE,
        (
            ("作者周小川", {"original_author": "周小川"}),
            ("作者周小川是一名退休教师", {"original_author": "周小川"}),
            ("作者周小川的微信公众号已被屏蔽，授权本站发布。", {"original_author": "周小川"}),
            ("转载自微信公众号“河律”\n作者河律周小川", {"original_author": "周小川", "original_account": "河律"}),
        ),
        ("作者简介", "作者本人是一名教师", "作者的一位老朋友", "作者们的微信群很热闹"),
        "`作者NAME` without a separator: a two- to four-character name.",
    ),
    Rule(
        "byline.english",
        ANY,
        r"(?:[Ww]ritten by|[Ww]ords by|[Tt]ext by|By(?=[^|｜/]{1,60}[|｜/]\s*(?:\w+ed by\b|[Vv]ia\s)))\s+"
        r"(?P<author>[^\s,，.;；|｜/][^,，.;；|｜/]{0,40}?)\s*(?:[.;；|｜/,，].*)?$",
        ("original_author",),
        BYLINE,
        (
            ("Written by Anna Lee", {"original_author": "Anna Lee"}),
            ("来源：东岸日报\nOriginally published by 北窗; written by 王小明.", {"original_author": "王小明"}),
            ("By Anna Lee | Translated by 王小明", {"original_author": "Anna Lee", "original_account": None}),
            ("By Anna Lee | via East Bank Daily", {"original_author": "Anna Lee", "source_outlet": "East Bank Daily"}),
            # at the foot too: the source after the bar is still read (`via` after an English byline's field)
            ("正文。\n\n" * 20 + "By 王小明 | via 北窗", {"original_author": "王小明", "original_account": "北窗"}),
        ),
        ("By 北窗，微信号 beichuang01", "Written byline"),
        "A byline in English: `Written by NAME`, or `By NAME` on a line listing other roles (`| Translated by …`) or "
        "its source (`| via …`).",
    ),
    Rule(
        "byline.whose_text",
        HEAD,
        rf"(?:这是|以下是|下面是|下文是|本文是)\s*(?:我的|我们的)?\s*(?:朋友|好友|同学|同事|老师)?\s*(?P<author>[{HAN}]{{2,4}}?)\s*"
        r"(?:写)?的\s*(?:一篇|一封|几篇|一组)?\s*(?:日记|自述|随笔|笔记|来信|书信|手记)",
        ("original_author",),
        SIGNATURE,
        (
            ("这是我的朋友林小河的日记。", {"original_author": "林小河"}),
            ("以下是王大伟写的自述", {"original_author": "王大伟"}),
        ),
        ("这是我的日记。", "这是一个朋友的日记", "这是某某医院的日记", "这是黄石的日记", "以下是温州的笔记"),
        "`这是我的朋友NAME的日记`: an introduction to the text naming whose diary or account it is (the name checked).",
    ),
    Rule(
        "byline.written_by",
        ANY,
        rf"(?:这篇文章|这篇文字|这篇|本文|原文|文章)\s*(?:是|由|为)\s*(?![为给在替向])(?P<author>[{HAN}]{{2,4}}|[{HAN}]{{1,6}}[A-Za-z]{{2,20}})\s*所?"
        r"(?:写|撰写|创作)的",
        ("original_author",),
        BYLINE,
        (("这篇文章是王小明写的，原发在他的公众号「北窗」。", {"original_author": "王小明"}),),
        ("这篇文章是我写的", "本文是为纪念他写的"),
        "`这篇文章是NAME写的`: the text saying who wrote it.",
    ),
    Rule(
        "byline.reporter",
        ANY,
        # the outlet before the role may be in title marks (`《某刊》记者 甲 乙`); a bar and `文` may close the
        # names (`记者 甲 乙 | 文`)
        rf"(?:《[^》\n]{{1,12}}》\s*|[{HAN}·]{{0,12}}?)(?P<author>(?:{{roles_reporter}})\s*[:：｜/]?\s*[{HAN}][{HAN}\s·、]{{1,30}}"
        rf"(?:\s*(?:{{roles_reporter}})\s*[:：｜/]?\s*[{HAN}][{HAN}\s·、]{{1,30}})*)"
        r"(?:\s+[|｜丨/／]\s*(?:文|撰文|采写))?"
        r"(?:\s*[|｜丨/／]\s*(?:{roles_not_author})\s*[:：｜|/／]?\s*[^|｜丨]{1,20})*"
        # the date the piece was filed, after the names (`记者/ 甲  January 27, 2020`, `记者 甲 2020-01-27`)
        r"(?:\s+" + BYLINE_DATE + r")?\s*$",
        ("original_author",),
        BYLINE,
        (
            # a four-character personal name among the staff is one of them (a double surname, two surnames)
            ("《东岸》记者 欧阳小明 林大海 周小川 实习生陈一", {"original_author": "欧阳小明 林大海 周小川 陈一"}),
            ("记者/ 张三  January 27, 2020", {"original_author": "张三"}),
            ("记者 张三 李四 2020-01-27", {"original_author": "张三 李四"}),
            ("特约撰稿人 张三、李小四 发自东岸、西岸 20190503", {"original_author": "张三 李小四"}),
            ("东岸傳媒記者 張小三 發自香港", {"original_author": "張小三"}),
            ("■ 东岸日报主笔  王五", {"original_author": "王五"}),
            ("《东岸周刊》记者 张三 李小四 实习生王五 | 文", {"original_author": "张三 李小四 王五"}),
        ),
        ("记者会上，他说了很多话。", "记者", "编辑 王五 | 记者会", "记者节 2020-11-08"),
        "A newsroom role (记者, 实习记者, 主笔, 撰稿人…) with a separator or a space, then the names; the "
        "non-writers after a bar (`｜编辑 NAME`) are not.",
    ),
    Rule(
        "byline.paren_reporter",
        HEAD,
        rf"^.{{0,16}}?[（(]\s*(?P<author>(?:{{roles_reporter}}|撰文)\s*[:：｜丨|/／]?\s*[{HAN}\s、]{{2,40}})[）)]",
        ("original_author",),
        BYLINE - 5,
        (
            ("东岸网讯（记者张三）昨日，河边的桥修好了。", {"original_author": "张三"}),
            ("【东岸网】（实习记者 李四 记者 王五）昨日，桥修好了。", {"original_author": "李四 王五"}),
            ("本报讯（记者｜张三）昨日，河边的桥修好了。", {"original_author": "张三"}),
            ("东岸网讯（记者：张三、李四）昨日，桥修好了。", {"original_author": "张三 李四"}),
        ),
        ("他（记者出身）说。", "本报讯（编辑｜张三）昨日，河边的桥修好了。"),
        "A dateline byline opening the lede: `某某讯（记者NAME）`.",
    ),
    Rule(
        "byline.reported_by",
        ("head", "block"),
        rf"(?P<pre>[^\s，,。：:]{{2,12}}?)\s*(?:记者|通讯员)?\s*(?P<author>[{HAN}]{{2,3}}(?:[、和][{HAN}]{{2,3}}){{0,3}})\s*(?:报道|报导)$",
        ("original_author",),
        BYLINE - 5,
        (
            ("东岸小站张三报道", {"original_author": "张三"}),
            # the source's short name, the tail of the credited one (`某网每日河边` -> `每日河边`), two reporters
            (
                "原文来自某网每日河边：~~[一篇](https://news.example.com/a)~~\n每日河边卫小禾、张一舟报道",
                {"original_author": "卫小禾 张一舟"},
            ),
        ),
        ("北京城里张三报道", "他们连夜报道"),
        "`SOURCE NAME报道` opening the article, where SOURCE is the credited account or outlet.",
    ),
    Rule(
        "byline.self_count",
        HEAD,
        r"(?:[【\[]\s*)?这是\s*(?P<author>[^\s，,。的]{2,12})\s*的第\s*\d{1,5}\s*篇原创",
        ("original_author",),
        BYLINE,
        (("【这是南山客的第12篇原创】", {"original_author": "南山客"}),),
        ("这是我的第一篇文章",),
        "A WeChat writer's running count of original pieces: `这是NAME的第N篇原创`.",
    ),
    Rule(
        "bio.author_intro",
        ANY,
        r"(?:{roles_bio_headings})\s*[:：]\s*(?P<author>[^，,。；;（(\s]{1,20})",
        ("original_author",),
        BIO,
        (
            ("作者简介：王小明，某大学教授。", {"original_author": "王小明"}),
            (
                "作者介绍\n\n胡安·佩德罗·加西亚·洛佩斯（Juan Pedro García），某国诗人。",
                {"original_author": "胡安·佩德罗·加西亚·洛佩斯"},
            ),
        ),
        ("作者简介", "作者简介：略", "作者介绍了他的经历，我们很感动。"),
        "`作者简介：NAME，…`: an author bio names the writer.",
    ),
    Rule(
        "bio.this_author",
        ANY,
        rf"(?:本文|下文|以下)作者(?P<author>[{HAN}]{{2,4}})\s*(?=[（(，,]|是|系|为)",
        ("original_author",),
        BIO,
        (
            ("本文作者李小红(Hong Li)是某报驻京记者。", {"original_author": "李小红"}),
            ("本文作者王大伟，现居上海。", {"original_author": "王大伟"}),
            ("下文作者河边中产，来源微信号河边中产（ID：hebianstory）。", {"original_author": "河边中产"}),
        ),
        ("本文作者的观点不代表本号立场。", "本文作者是谁并不重要。"),
        "`本文作者NAME是…` / `本文作者NAME（…）`: a note on the writer, usually at the end.",
    ),
    Rule(
        "bio.speech",
        ANY,
        rf"(?:本文|此文|以上|全文)\s*(?:为|是|系|根据|整理自)\s*(?P<author>[{HAN}]{{2,4}}?)(?:{{names_address_titles}}|老师)?\s*"
        r"(?:\d{4}\s*年)?(?:\d{1,2}\s*月(?:\d{1,2}\s*日)?)?\s*(?:在|于)[^。；;]{2,80}?的(?:主题)?(?:讲演|演讲|发言|讲话|致辞|讲座)",
        ("original_author",),
        BIO,
        (
            ("本文为林若水教授2010年在某书店读书会上的讲演，由某社整理。", {"original_author": "林若水"}),
            ("本文根据王大伟在某论坛的发言整理。", {"original_author": "王大伟"}),
        ),
        (
            "本文为作者在某会议上的发言。",
            "本文为某某在会上讲话的摘要，讲话者不详。",
            "本文为笔者在某研讨会上的发言。",
            "本文为校长在毕业典礼上的致辞。",
            "以上为去年在北京的讲座。",
        ),
        "`本文为NAME（教授）…在…上的讲演`: a transcript's note names its speaker, the writer of the text"
        " (name checked).",
    ),
    Rule(
        "bio.author_is",
        ANY,
        rf"[（(]?\s*作者\s*(?P<author>[{HAN}]{{2,4}}?)\s*[，,]?\s*(?:系|现为|现任)",
        ("original_author",),
        BIO,
        (
            ("（作者王大伟，系某大学教授）", {"original_author": "王大伟"}),
            ("作者王大伟系某报记者。", {"original_author": "王大伟"}),
        ),
        ("（作者系某大学教授）", "作者认为这系列文章很好"),
        "`（作者NAME，系…）`: a note on the writer, usually at the end (name checked).",
    ),
    Rule(
        "signature.dash",
        ("foot", "head"),
        rf"[—–]{{1,2}}\s*(?P<author>[{HAN}·]{{2,5}}|[A-Za-z][A-Za-z .]{{1,30}})\s*$",
        ("original_author",),
        SIGNATURE,
        (("——方小舟", {"original_author": "方小舟"}),),
        ("——完", "—— END"),
        "A closing signature: a dash and a name alone on the last lines.",
    ),
    Rule(
        "signature.dash_note",
        ("foot",),
        rf"[—–]{{1,2}}\s*(?P<author>[{HAN}·]{{2,4}}?|[{HAN}]{{1,6}}[A-Za-z]{{2,20}})\s*(?:[（(][^（()）]{{1,30}}[）)]|[，,/／|｜]\s*\S.{{0,30}}"
        rf"|\d{{4}}\s*[年./-].{{0,12}})\s*$",
        ("original_author",),
        SIGNATURE,
        (
            ("——方小舟（河边大学教授）", {"original_author": "方小舟"}),
            ("—— 方小舟 / 河边大学", {"original_author": "方小舟"}),
            ("——方小舟，2020年3月", {"original_author": "方小舟"}),
            ("——方小舟 2020.3.1", {"original_author": "方小舟"}),
        ),
        ("——以上，2020年3月", "——完（全文）", "——摘自《河边》"),
        "A closing signature with a note after the name (affiliation, place, date): the name checked.",
    ),
    Rule(
        "signature.dated",
        ("foot",),
        rf"(?P<author>[{HAN}]{{2,4}}?)(?:\s*代表?[{HAN}]{{2,30}})?\s*$",
        ("original_author",),
        SIGNATURE - 5,
        (
            ("王小明\n2020年3月1日", {"original_author": "王小明"}),
            ("王小明代河边读书会\n2020年3月1日", {"original_author": "王小明"}),
        ),
        ("谢谢\n2020年3月1日", "王小明\n下一段", "代表大会\n2020年3月1日"),
        "A bare name line (or `NAME代ORG`, signing for a group) followed by a date line at the end: the writer's "
        "signature (name checked).",
    ),
    Rule(
        "signature.affiliated",
        ("foot",),
        rf"[{HAN}A-Za-z0-9·（）()]{{2,40}}?(?:{{names_signer_roles}})\s*(?P<author>[{HAN}]{{2,3}})\s*$",
        ("original_author",),
        SIGNATURE - 5,
        (
            ("东岸大学历史系2019级本科生王小明\n2020年3月1日", {"original_author": "王小明"}),
            ("河边机械厂退休工人 李大山\n2020.3.1", {"original_author": "李大山"}),
        ),
        (
            "东岸大学历史系2019级本科生王小明\n下一段",
            "河边小区的全体居民\n2020年3月1日",
            "中国公民 王小明\n2020年3月1日",
        ),
        "An open letter's signature: the signer's affiliation and role, then the name, over a date line (name "
        "checked).",
    ),
    Rule(
        "signature.group",
        ("foot",),
        rf"(?!感谢|谢谢|致谢|鸣谢|特别感谢)(?P<author>[{HAN}A-Za-z0-9]{{1,24}}(?:{{names_group_suffixes}}))\s*$",
        ("original_author",),
        SIGNATURE - 5,
        (("东岸大学历史系读书关注小组\n2020年3月1日", {"original_author": "东岸大学历史系读书关注小组"}),),
        ("东岸大学历史系读书关注小组\n下一段", "感谢河边调研组\n2020年3月1日"),
        "A group signing the end of its own statement over a date line (`某某关注小组` / `2020年3月1日`).",
    ),
    Rule(
        "signature.initiator",
        ("foot",),
        rf"(?:发起人|联署发起人|倡议人)\s*[:：]\s*(?P<author>[{HAN}]{{2,4}})\s*$",
        ("original_author",),
        SIGNATURE - 5,
        (("发起人：方小舟", {"original_author": "方小舟"}),),
        ("发起人：东岸大学读书会", "活动发起人说，明年还会再办"),
        "An open letter's closing `发起人：NAME`: the one who wrote it and asks others to sign (name checked).",
    ),
    Rule(
        "signature.filer",
        ANY,
        rf"(?:报案人|举报人|控告人|申诉人|投诉人|检举人)\s*[:：]\s*(?P<author>[{HAN}]{{2,4}})\s*(?:$|[，,](?=\s*[男女]\s*[，,]))",
        ("original_author",),
        SIGNATURE - 5,
        (
            ("报案人：方小舟，女，某律师事务所执业律师", {"original_author": "方小舟"}),
            ("举报人：王大伟", {"original_author": "王大伟"}),
        ),
        (
            "举报人：某某公司",
            "举报人：王大伟说他看见了",
            "被举报人：王大伟",
            "报案人：张女士",
            "申诉人：李某某，女，退休",
        ),
        "A complaint's filer (`报案人：NAME，女，…` heading it, `举报人：NAME` signing it): the one who wrote"
        " the document (name checked).",
    ),
    Rule(
        "byline.self_intro",
        ("head",),
        rf"(?:你好|您好|大家好|各位好|哈喽)[，,！!]?\s*我是\s*(?P<author>[{HAN}]{{2,4}}?)\s*[。，,！!]",
        ("original_author",),
        SIGNATURE - 5,
        (("你好，我是方小舟。", {"original_author": "方小舟"}),),
        ("你好，我是一名老师。", "他说：“大家好，我是方小舟。”", "大家好，我是王医生。"),
        "A host introducing himself at the top of his own post (`大家好，我是NAME。`): the writer (name checked).",
    ),
    Rule(
        "signature.tip",
        ("foot",),
        rf"(?:请|欢迎)?(?:为|给)\s*(?P<author>[{HAN}]{{2,4}}?)\s*(?:打赏|赞赏)",
        ("original_author",),
        SIGNATURE - 5,
        (("支持独立写作，请为方小舟打赏", {"original_author": "方小舟"}),),
        ("喜欢这篇文章，请为本文打赏", "欢迎为我们赞赏", "请为作者打赏"),
        "The tip box under a writer's own post (`请为NAME打赏`) names the writer (name checked).",
        anchored=False,
    ),
    Rule(
        "title.credit",
        ("title",),
        # (after a rubric or the platform's name set apart by a bar: `豆瓣 | NAME：…`, `专访｜NAME：…`)
        r"(?:(?P<rubric>{names_rubrics}|{platform_words})\s*(?:[︱｜丨|]|\\\|)(?=[^:：︱｜丨|]+[:：]))?"
        rf"\s*(?P<author>[{HAN}]{{2,4}}?)(?P<honorific>{{names_honorifics}})?\s*(?:[:：︱｜丨|]|\\\|)",
        ("original_author",),
        TITLE,
        (
            ("王小明：一次散步", {"original_author": "王小明"}),
            ("林若水教授：一次散步", {"original_author": "林若水"}),
            ("豆瓣 | 王小明：一次散步", {"original_author": "王小明"}),
            ("豆瓣 | 阿树：一次散步", {"original_author": "阿树"}),
        ),
        (
            "特稿：一次散步",
            "往事回首：一次散步",
            "铁幕背后：一次散步",
            "某位律师：一次散步",
            "豆瓣 | 一次散步",
            "豆瓣 | 求助：谁知道",
            "微博 | 网友：太可怕了",
            "专访｜林若水：一次散步",
            "豆瓣 | 阿姨：一次散步",
            "黄石：封城后的第十天",
            "常州：一座城的冬天",
        ),
        "`NAME：…` / `NAME｜…` / `NAME教授：…` opening the title (also after a rubric or a platform's name and a bar,"
        " `豆瓣 | NAME：…`, where it must look like a personal name, and not after an interview's rubric, where it"
        " is the one interviewed), when the name is rarely said in the text.",
    ),
    # --- account ids
    Rule(
        "id.wechat_number",
        ANY,
        rf"微信(?:号|號|[帐账]号)\s*[:：｜丨|]?\s*(?P<id>{ID})",
        ("original_account_id",),
        BYLINE,
        (
            ("微信号：night_owl2", {"original_account_id": "night_owl2"}),
            ("微信号 | night_owl2", {"original_account_id": "night_owl2"}),
        ),
        ("微信号：夜猫子", "有意见请联系我，微信号：lanse01", "如有需要可与其联系。微信号：lanse01"),
        "`微信号 x`, `微信帐号：x`.",
        anchored=False,
    ),
    Rule(
        "id.paren",
        ANY,
        rf"[（(]\s*(?:(?:微信公众号|公众号|微信)?\s*ID|(?:微信公众号|公众号)\s*号?)\s*[:：]\s*(?P<id>{ID})\s*[）)]",
        ("original_account_id",),
        BYLINE,
        (
            ("公众号河边（ID：hebian01）出品", {"original_account_id": "hebian01", "original_account": "河边"}),
            # (on a credit line the credit reads the id with the name: `本文转自公众号河边（ID：hebian01）`)
            ("来源：河边（公众号：hebian01）", {"original_account_id": "hebian01", "original_account": "河边"}),
            # (the words of a request to follow name no other account: the card is the credited account's)
            ("来源：公众号「北窗」\n\n扫码关注，每天一篇（ID：beichuang01）", {"original_account_id": "beichuang01"}),
            ("来源：公众号「北窗」\n\n欢迎关注 北窗 Bc（ID：beichuang01）", {"original_account_id": "beichuang01"}),
        ),
        # (another account's card under a follow request: not the credited account's id)
        ("（ID：无）", "来源：公众号「北窗」\n\n欢迎关注：灯塔（ID：dengta01）"),
        "`（ID：x）` after an account's name.",
        anchored=False,
        flags=re.IGNORECASE,
    ),
    Rule(
        "id.after_comma",
        ANY,
        rf"[，,；;]\s*(?:微信公众号|公众号|微信)?\s*ID\s*[:：]\s*(?P<id>{ID})\s*(?:[。；;）)]|$)",
        ("original_account_id",),
        BYLINE,
        (("来源：公众号「河边」，ID：hebian01", {"original_account_id": "hebian01", "original_account": "河边"}),),
        ("他说，ID：hebian01 是他的", "正文一句，ID：hebian01"),
        "`，ID：x` after the account's name on its credit line (only there).",
        anchored=False,
        flags=re.IGNORECASE,
    ),
    Rule(
        "id.name_pair",
        ANY,
        rf"(?:公众号|公号|订阅号)\s*[（(](?P<account>[^，,）)\n]{{1,30}})[，,]\s*(?P<id>{ID})\s*[）)]",
        ("original_account", "original_account_id"),
        BYLINE,
        (("微信公众号（南山，nanshan88）", {"original_account": "南山", "original_account_id": "nanshan88"}),),
        ("公众号（南山）",),
        "`公众号（NAME，id）`: name and id in one bracket.",
        anchored=False,
    ),
    Rule(
        "card.follow",
        ("foot",),
        r"(?:关注\s*(?:我们的?)?\s*(?:微信)?(?:公众号|公号|订阅号)\s*(?:[:：]\s*[「“『【]?|[「“『【])"
        r"|(?:二维码|扫码)[^「“『【]{0,8}关注\s*[「“『【])"
        r"(?P<account>[^\s，。,！!」”』】（(：:]{2,20})",
        ("original_account", "source_platform"),
        SIGNATURE,
        (
            ("欢迎关注公众号：北窗", {"original_account": "北窗", "source_platform": "wechat"}),
            ("长按二维码关注公众号「北窗」", {"original_account": "北窗"}),
            ("长按识别二维码，关注「北窗」", {"original_account": "北窗"}),
            (
                "欢迎关注微信公众号：北窗\n\n（bei-chuang）",
                {"original_account": "北窗", "original_account_id": "bei-chuang"},
            ),
        ),
        ("关注公众号的朋友都知道", "我们关注公众号上的讨论"),
        "A footer asking to follow the account (`欢迎关注公众号：X`): the account, when no credit named one.",
        anchored=False,
    ),
    Rule(
        "card.qr_follow",
        ("foot",),
        r"长按(?:并|后)?(?:识别|扫描|扫码)?(?:图中|下方|上方)?(?:二维码|图片|图中二维码)?\s*[，,]?\s*(?:即可|即|可)?(?:加)?关注",
        ("source_platform",),
        SIGNATURE,
        (
            ("长按关注河边小站", {"source_platform": "wechat"}),
            ("长按识别二维码，关注我们", {"source_platform": "wechat"}),
        ),
        ("他长按了很久，终于放下了手机", "请关注我们的网站"),
        "A footer's QR prompt to follow (`长按关注X`, `长按识别二维码关注`): WeChat's own gesture, the platform this "
        "text was published on (when nothing else says).",
        anchored=False,
    ),
    Rule(
        "id.card",
        ("foot",),
        rf"(?:(?:微信)?(?:公众号|公号)?\s*ID|(?:微信)?(?:公众号|公号))\s*[:：]\s*(?P<id>{ID})\s*$",
        ("original_account_id", "source_platform"),
        SIGNATURE,
        (
            ("ID：river_note", {"original_account_id": "river_note", "source_platform": "wechat"}),
            ("公众号ID：river_note", {"original_account_id": "river_note"}),
        ),
        ("公众号：河边笔记", "ID：甲乙", "扫码添加小助手\nID：river_helper"),
        "A footer account card: `ID：x`, `公众号：x` with a Latin id.",
        flags=re.IGNORECASE,
    ),
    Rule(
        "id.named_card",
        ANY,
        # (the name quoted, or a short unquoted one with `ID` written: a sentence before 公众号 is no name)
        rf"(?![^:：]*(?:关注|添加|联系|搜索))(?=[《「“『]|[^\s:：的]{{2,12}}(?:微信公众号|微信公号|公众号|公号)\s*ID)"
        rf"[《「“『]?(?P<account>[^\s:：《》「」“”『』的]{{2,30}}?)[》」”』]?\s*"
        rf"(?:微信公众号|微信公号|公众号|公号)\s*(?:ID)?\s*[:：]\s*(?P<id>{ID})\s*$",
        ("original_account_id", "original_account"),
        SIGNATURE,
        (
            ("《河边评论》微信公号：hebianpl", {"original_account_id": "hebianpl", "original_account": "河边评论"}),
            ("河边评论公众号ID：hebianpl", {"original_account_id": "hebianpl", "original_account": "河边评论"}),
        ),
        (
            "欢迎关注公众号：hebianpl",
            "河边评论公众号：河边笔记",
            "欢迎订阅我们的公众号：hebianpl",
            "长按识别二维码进入公众号：hebianpl",
            "投稿请发至编辑部公众号：tougao2020",
            "他的个人公众号：wangdawei",
        ),
        "A line naming the account and its id: `《X》微信公号：x`, `X公众号ID：x` (the credited account's, or the"
        " account when none is credited; another account's card gives nothing).",
        flags=re.IGNORECASE,
    ),
    # --- the WeChat account header of a saved page: name line(s), 微信号 line, 功能介绍 line
    Rule(
        "header.account",
        HEAD,
        rf"微信[号號]\s*[:：]?\s*(?P<id>{ID})\s*$",
        ("original_account", "original_account_id", "source_platform"),
        BYLINE,
        (
            (
                "河边小站\n\n微信号 hebian_zhan\n\n功能介绍 每天一篇短文",
                {"original_account": "河边小站", "original_account_id": "hebian_zhan", "source_platform": "wechat"},
            ),
            ("[河边小站](javascript:;)\n\n微信号 hebian_zhan", {"original_account": "河边小站"}),
        ),
        ("他的微信号 abc_def 是这个。",),
        "A saved WeChat page's header: the account name above a `微信号 id` line.",
    ),
    Rule(
        "header.description",
        HEAD,
        r"功能介绍\s*[:：]?\s*(?P<description>.+)$",
        ("account_description",),
        BYLINE,
        (("河边小站\n\n微信号 hebian_zhan\n\n功能介绍 每天一篇短文", {"account_description": "每天一篇短文"}),),
        ("功能介绍 每天一篇短文",),
        "The `功能介绍` line under an account header (only there).",
    ),
    # --- the original is gone
    Rule(
        "deleted.words",
        HEAD,
        r"{deleted_phrases}|(?i:{deleted_english})",
        ("original_deleted",),
        BYLINE,
        (
            ("来源：东岸日报\n原文已经被删", {"original_deleted": True}),
            ("来源：东岸日报\n该内容已被发布者删除", {"original_deleted": True}),
            ("来源：东岸日报\n此内容因违规无法查看", {"original_deleted": True}),
            ("来源：东岸日报\n原文已被屏蔽", {"original_deleted": True}),
            ("来源：东岸日报\n原文已被作者删", {"original_deleted": True}),
            ("来源：东岸日报\n\n---\n\n注：此文发出当晚即被删。", {"original_deleted": True}),
            ("来源：东岸日报\n原文已经被和谐了", {"original_deleted": True}),
            ("来源：东岸日报\n她的账号已被封，帖子也看不到了", {"original_deleted": True}),
            ("来源：东岸日报\n（原页面404了，这是存档）", {"original_deleted": True}),
            ("来源：东岸日报\n| 状态 | 已删除 |", {"original_deleted": True}),
            ("来源：东岸日报\nThe original post has been removed.", {"original_deleted": True}),
            ("来源：东岸日报\n(deleted)", {"original_deleted": True}),
            ("来源：东岸日报\n微信上的原文和别处的转载均删除", {"original_deleted": True}),
        ),
        (
            "来源：东岸日报",
            "来源：东岸日报\n原文已被限制分享",
            "来源：东岸日报\n为防被删，先存一份",
            "来源：东岸日报\nThe deleted scenes are not here.",
            "来源：东岸日报\n评论都删除不了",
            "来源：东岸日报\n他要求把相关照片均删除。",
            "来源：东岸日报\n我们都删除了微信。",
        ),
        "Deletion words outside link labels (已404, 已经被删, 原文已删 …) on a credit line or beside it.",
        anchored=False,
    ),
)

# Values read from the front matter (zone front_matter; examples are `key: value`) and values a
# convention derives from others (zone post; examples are whole bodies under the title "t").
RULES += (
    Rule(
        "front_matter.source",
        ("front_matter",),
        r"{front_matter_source}$",
        ("original_account", "source_outlet"),
        OUTER_CREDIT,
        (("source: 东岸日报", {"source_outlet": "东岸日报"}),),
        ("layout: post",),
        "A front matter key that names the source (`source`, `via`, `credit`, …).",
        flags=re.IGNORECASE,
    ),
    Rule(
        "front_matter.url",
        ("front_matter",),
        r"{front_matter_url}$",
        ("original_url",),
        OUTER_CREDIT,
        (("original_url: https://news.example.com/a", {"original_url": "https://news.example.com/a"}),),
        ("header-img: https://news.example.com/a.png",),
        "A front matter key that holds the original's URL.",
    ),
    Rule(
        "front_matter.author",
        ("front_matter",),
        r"{front_matter_author}$",
        ("original_author",),
        BYLINE,
        (("original_author: 王小明", {"original_author": "王小明"}),),
        ("author: 王小明",),
        "A front matter key for the original's writer (the archive's own `author` is not).",
    ),
    Rule(
        "front_matter.repost_author",
        ("front_matter",),
        r"author$",
        ("is_repost",),
        OUTER_CREDIT,
        (("author: 转载", {"is_repost": True}),),
        ("author: 王小明",),
        "The archive's `author` saying the post is a repost.",
    ),
    Rule(
        "front_matter.deleted",
        ("front_matter",),
        r"(?!title$).+",
        ("original_deleted",),
        BYLINE,
        (("description: 原文已经被删", {"original_deleted": True}),),
        ("title: 那些被删的帖子",),
        "Deletion words in a front matter value other than the title, when the post is a repost.",
    ),
    Rule(
        "platform.url",
        ("post",),
        r"https?://",
        ("source_platform",),
        OUTER_CREDIT,
        (
            ("来源：[一篇](https://weibo.com/1/abc)", {"source_platform": "weibo"}),
            ("来源：[一篇](http://research.jmsc.hku.hk:8000/html?fn=gh_0a1b2c.tar.gz)", {"source_platform": "wechat"}),
            (
                "来源：[存档](https://web.archive.org/web/2020/https://mp.weixin.qq.com/s/x)",
                {
                    "source_platform": "wechat",
                    "original_url": "https://web.archive.org/web/2020/https://mp.weixin.qq.com/s/x",
                },
            ),
        ),
        ("来源：[存档](https://archive.li/abc)",),
        "The platform the original's URL proves (an archive copy: the address it embeds).",
    ),
    Rule(
        "platform.words",
        ("post",),
        r"{platform_words}",
        ("source_platform",),
        OUTER_CREDIT,
        (("原文来自豆瓣「小蓝」", {"source_platform": "douban"}), ("来源：推特用户小蓝", {"source_platform": "other"})),
        ("来源：东岸日报",),
        "A platform word written in a credit line or an account card.",
    ),
    Rule(
        "platform.body_words",
        ("post",),
        r"{platform_body_words}",
        ("source_platform",),
        SIGNATURE,
        (
            ("来源：小蓝\n\n---\n\n本公号每天更新。", {"source_platform": "wechat"}),
            ("来源：小蓝\n\n---\n\n本号此前推送过这条路的老照片。", {"source_platform": "wechat"}),
        ),
        (
            "来源：小蓝\n\n---\n\n他在微博上说。",
            "来源：小蓝\n\n---\n\n日本号称有很多岛。",
            "来源：小蓝\n\n---\n\n软件的版本号是3。",
            "来源：小蓝\n\n---\n\n很多公众号都转发了这件事，据一个公众号报道，他已经回家。",
            "来源：小蓝\n\n---\n\n图片引自公众号「河边」：《一篇》。",
            "来源：小蓝\n\n---\n\n微信公众号“河边lab”上有一篇文章这样写。",
        ),
        "Without a link or a platform word in a credit, the text speaking of itself as a WeChat account (not "
        "of other accounts the story tells of: `很多公众号`, `一个公众号`).",
    ),
    Rule(
        "account.self_reference",
        ("post",),
        r"{platform_self_words}",
        ("original_account",),
        SIGNATURE,
        (
            (
                "原文：「河边电台」~~[一篇](https://archive.li/abc)~~\n\n---\n\n正文。\n\n欢迎关注本公号。",
                {"original_account": "河边电台", "source_outlet": None, "source_platform": "wechat"},
            ),
        ),
        (
            "原文：「河边电台」~~[一篇](https://archive.li/abc)~~\n\n---\n\n正文。",
            "来源：[河边电台](https://news.example.com/a)\n\n---\n\n正文。\n\n欢迎关注本公号。",
            "来源：公众号「小蓝」\n本文原载《河边》第3期\n\n---\n\n正文。本号略有编辑。",
        ),
        "The text speaking of itself as an account (本号, 本公号) under a credit of a name without a platform word: "
        "that name is the account, even one named like an outlet (`X电台`).",
    ),
    Rule(
        "platform.account_id",
        ("post",),
        r"ID",
        ("source_platform",),
        SIGNATURE,
        (
            ("来源：东岸日报（ID：dongan01）\n\n---\n\n正文。", {"source_platform": "wechat"}),
            ("来源：小蓝\n\n---\n\n正文。\n\n小蓝（ID：xiaolan01）", {"source_platform": "wechat"}),
        ),
        ("来源：小蓝\n\n---\n\n正文。", "来源：小蓝\n\n---\n\n正文。请联系我，微信号：xiaolan01"),
        "Without a link or a platform word, the account's id given the way WeChat gives it (`（ID：x）`, `微信号 x`, "
        "a footer card) names the platform.",
    ),
    Rule(
        "platform.wechat_header",
        ("post",),
        r"原创",
        ("source_platform",),
        SIGNATURE,
        (
            (
                "原文来自[河边](https://archive.li/abc)\n原创 小蓝 河边\n\n---\n\n正文。",
                {"source_platform": "wechat", "original_account": "河边"},
            ),
        ),
        ("原文来自[河边](https://archive.li/abc)\n\n---\n\n正文。",),
        "Without a link or a platform word, the `原创 WRITER ACCOUNT` header WeChat prints names the platform.",
    ),
    Rule(
        "douban.writer_is_account",
        ("post",),
        r"豆瓣",
        ("original_account",),
        SIGNATURE,
        (("原文来自豆瓣\n作者：小蓝", {"original_account": "小蓝", "original_author": "小蓝"}),),
        ("来源：东岸日报\n作者：小蓝",),
        "On Douban the credited writer is the account.",
    ),
    Rule(
        "title.zhihu_answer",
        ("title",),
        r".+的回答\s*[-—–]\s*知乎\s*$",
        ("original_account",),
        TITLE,
        (("为什么？ - 小蓝的回答 - 知乎", {"original_account": "小蓝"}),),
        ("为什么？ - 知乎",),
        "A Zhihu page title `QUESTION - NAME的回答 - 知乎` names the account (when the platform is Zhihu).",
    ),
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
assert len(BY_ID) == len(RULES), "rule ids must be unique"
