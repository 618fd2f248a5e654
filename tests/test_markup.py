"""The one markup reader: the cleanup step as a table of raw line → clean line, visible text, code fences."""

from __future__ import annotations

import pytest

from archiver.images import find_references
from archiver.markup import (
    _RULE_FIRST,
    CODE,
    FENCE,
    PROSE,
    Markup,
    clean_line,
    clean_parts,
    is_rule,
    links,
    visible_parts,
)
from archiver.text import article_text

CLEANUP = [
    # escapes before any punctuation, ASCII or full-width, are dropped
    (r"作者\：王小明", "作者：王小明"),
    (r"来源\|东岸日报", "来源｜东岸日报"),
    (r"记者\/ 李四", "记者/ 李四"),
    (r"\@某人 说", "@某人 说"),
    # emphasis wrapped around the whole credit line, or around its label alone, goes; inside stays for the rules
    ("**作者：王小明**", "作者：王小明"),
    ("*来源：南窗*", "来源：南窗"),
    ("__文｜赵六__", "文｜赵六"),
    ("**作者**：王小明", "作者：王小明"),
    ("**来源** | 东岸日报", "来源 ｜ 东岸日报"),
    ("作者：**王小明**", "作者：**王小明**"),
    ("**重要**的事情", "**重要**的事情"),
    # block markers and decorative marks before a line
    ("> 来源：东岸日报", "来源：东岸日报"),
    ("- 作者：王小明", "作者：王小明"),
    ("## 文/李四", "文/李四"),
    ("◎ 记者 张三", "记者 张三"),
    ("■ 撰文：王五", "撰文：王五"),
    ("▲ 图片来自网络", "图片来自网络"),
    # separators written several ways, one spelling; spaces normalised
    ("文︱赵六", "文｜赵六"),
    ("文\u3000赵六", "文 赵六"),
    ("作者：\u200b王小明\xa0", "作者：王小明"),
    # white space between a Chinese label and its colon is typing: the colon stands right after its label; after a
    # Latin word or a URL the space stays (`By : NAME`, `URL :点击` must not glue the colon to the URL)
    ("来源 ：东岸日报", "来源：东岸日报"),
    ("说明\u3000：首发于东岸日报", "说明：首发于东岸日报"),
    ("Source :East Daily", "Source :East Daily"),
    ("原文 https://news.example.com/x :点击查看", "原文 https://news.example.com/x :点击查看"),
    ("原文 https://news.example.com/a", "原文 https://news.example.com/a"),
    # HTML tags and entities, autolinks
    ("<p>来源：<b>东岸日报</b></p>", "来源：东岸日报"),
    ("来源：东岸&amp;西岸", "来源：东岸&西岸"),
    ("来源&#65306;东岸日报&nbsp;编辑&#xFF1A;王小明", "来源：东岸日报 编辑：王小明"),
    ('<span style="color: rgb(136, 136, 136);">作者：王小明</span>', "作者：王小明"),
    ('<font color="#888888">来源：东岸日报</font>', "来源：东岸日报"),
    ("原文：<https://news.example.com/a>", "原文：https://news.example.com/a"),
    # links and strike-through are kept: they carry the URL and the deletion
    ("来源：~~[小站](https://mp.weixin.qq.com/s/x)~~", "来源：~~[小站](https://mp.weixin.qq.com/s/x)~~"),
]


@pytest.mark.parametrize(("raw", "clean"), CLEANUP, ids=[c for c, _ in CLEANUP])
def test_cleanup_table(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


def test_clean_parts_split_html_breaks_and_read_table_rows() -> None:
    # an HTML break ends a visible line; an HTML link keeps its URL as a Markdown link
    assert clean_parts("<p>转载：北窗<br>来源：微信公众号</p>") == ["转载：北窗", "来源：微信公众号"]
    assert clean_parts('<p>原文：<a href="https://news.example.com/a">一篇</a>（已404）</p>') == [
        "原文：[一篇](https://news.example.com/a)（已404）"
    ]
    assert clean_parts("<div>作者：王小明</div><div>编辑：李小红</div>") == ["作者：王小明", "编辑：李小红"]
    # a break right after a label and its separator breaks one credit: the label reads with the value under it
    assert clean_parts("来源：<br>东岸日报") == ["来源：东岸日报"]
    assert clean_parts("*作者：<br/>王小明*") == ["作者：王小明"]
    assert clean_parts("作者 |<br> 王小明<br>编辑：李小红") == ["作者 ｜ 王小明", "编辑：李小红"]
    assert clean_parts("原文来自「北窗」：<br>~~[一篇](https://a.example/1)~~") == [
        "原文来自「北窗」：~~[一篇](https://a.example/1)~~"
    ]
    # (a sentence that ends with a colon is no label: the line under it stays a line of its own)
    long = "这是一段很长的说明文字，讲的是这篇文章从哪里来、为什么转到这里："
    assert clean_parts(f"{long}<br>来源：东岸日报") == [long, "来源：东岸日报"]
    # a two-cell table row is `label：value`; a delimiter row is nothing; more cells stay cells
    assert clean_parts("| 来源 | 东岸日报 |") == ["来源：东岸日报"]
    assert clean_parts("| --- | :---: |") == []
    assert clean_parts("| 甲 | 乙 | 丙 |") == ["甲 ｜ 乙 ｜ 丙"]
    # a line with a bar that is no table row is one line, its bar a separator
    assert clean_parts("来源|东岸日报") == ["来源｜东岸日报"]
    doc = Markup("| 来源 | 东岸日报 |\n| 原文 | [一篇](https://a.example/1) |")
    assert [doc.clean_parts(i) for i in range(2)] == [["来源：东岸日报"], ["原文：[一篇](https://a.example/1)"]]


def test_visible_parts() -> None:
    assert visible_parts("见[这里](https://example.org)的**说明**") == ["见这里的说明"]
    assert visible_parts("甲<br>乙") == ["甲", "乙"]
    assert visible_parts("普通的一句话。") == ["普通的一句话。"]
    assert visible_parts("\\*星号\\*与 \\# 井号") == ["*星号*与 # 井号"]
    # emphasis closes where its inside's run ends (`**` inside `__…__` is not its close; a stray `**` is dropped after)
    assert visible_parts("**甲** 与 __乙**丙__ 与 ~~丁~~") == ["甲 与 __乙丙__ 与 丁"]


def test_rule_opens_with_a_mark_or_any_white_space() -> None:
    # is_rule tests the first character against a set: it must hold every character str.isspace holds
    assert {c for c in map(chr, range(0x110000)) if c.isspace()} <= _RULE_FIRST
    assert is_rule("---") and is_rule("\u3000* * *") and is_rule("\u2003——— ") and is_rule("\t___")
    assert not is_rule("—— 完") and not is_rule("甲---") and not is_rule("\u3000甲")


def test_links_in_order_with_bare_urls() -> None:
    got = links("见[甲](https://a.example/1)与 https://b.example/2 及[https://c.example/3](标题)")
    assert [(link.label, link.url) for link in got] == [
        ("甲", "https://a.example/1"),
        ("https://b.example/2", "https://b.example/2"),
        ("https://c.example/3", "https://c.example/3"),
    ]


def test_fenced_code_is_code_not_prose() -> None:
    body = "正文一句。\n```python\n# 一条注释\n![图](x.png)\n```\n下一句。"
    doc = Markup(body, 5)
    assert doc.kinds == [PROSE, FENCE, CODE, CODE, FENCE, PROSE]
    assert doc.clean(2) == ""  # no provenance rule reads code
    assert article_text(body, None, set(), 5) == "正文一句。\n\n# 一条注释\n\n![图](x.png)\n\n下一句。"
    assert find_references(body) == []


def test_unclosed_fence_does_not_swallow_the_article() -> None:
    doc = Markup("```\n# 标题\n正文。")
    assert doc.kinds == [FENCE, PROSE, PROSE]
    assert article_text("```\n# 标题\n正文。", None, set()) == "标题\n\n正文。"
