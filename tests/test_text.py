"""Plain-text extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

import archiver.text as T
from archiver.provenance.extract import read_provenance
from archiver.text import article_text
from tests.test_provenance import FIXTURES, SAMPLE, split_post


def text_of(path: Path) -> str:
    fm, body, start = split_post(path.read_text(encoding="utf-8"))
    prov = read_provenance(fm, body, start)
    return article_text(body, fm.get("title"), prov.consumed_lines, start)


def test_user_sample_post_text() -> None:
    text = text_of(SAMPLE)
    assert text.startswith("9月1日，青岛市打击治理电信网络新型违法犯罪工作联席会议")
    assert text.split("\n\n")[-1].startswith("市打击治理电信网络新型违法犯罪工作联席会议成员单位负责同志")
    for junk in (
        "点击上方蓝字",
        "扫描二维码",
        "点分享",
        "点点赞",
        "点在看",
        "微信号",
        "功能介绍",
        "来源",
        "postimg",
        "{{",
    ):
        assert junk not in text, junk
    assert "\n\n\n" not in text and text == text.strip()


def test_account_header_fixture_text() -> None:
    assert text_of(FIXTURES / "account_header.md") == (
        "9月1日，海滨社区在中心广场举办消防演练。\n\n居民们学习了灭火器的使用方法。"
    )


def test_provenance_block_is_not_text() -> None:
    assert text_of(FIXTURES / "wechat_struck_link.md") == "傍晚我们沿着河堤走了很久。\n\n风很轻，路灯一盏一盏亮起来。"


def test_markup_removed() -> None:
    body = "\n".join(
        [
            "# 标题",
            "## 第一节",
            "> 引用的**一句话**，见[这里](https://example.org)。",
            "- 列表项 _强调_",
            "<p>段落&amp;实体<br>第二行</p>",
            '![图](https://i.example/a.png) <img src="x.png"> {% include note.html %}{{ site.url }}',
            "~~删去~~ 与 \\*星号\\*",
            "---",
            "<https://example.org/a>",
        ]
    )
    assert article_text(body, "标题", set()) == (
        "第一节\n\n引用的一句话，见这里。\n\n列表项 强调\n\n段落&实体\n\n第二行\n\n删去 与 *星号*\n\nhttps://example.org/a"
    )


def test_skip_lines_are_file_lines() -> None:
    assert article_text("甲\n乙\n丙", None, {11}, body_start_line=10) == "甲\n\n丙"


def test_heading_repeating_title_dropped_only_at_start() -> None:
    assert article_text("# 河边\n正文\n# 河边", "河边", set()) == "正文\n\n河边"
    assert article_text("# 景云里说明\n正文", "景云里说明（11.30）", set()) == "正文"


def test_boilerplate_is_data_and_long_paragraphs_survive() -> None:
    long_para = "他说，长按识别二维码这种事" + "很常见，" * 30
    assert article_text("长按识别二维码\n" + long_para, None, set()) == long_para


def test_qr_caption_lines_dropped() -> None:
    body = "正文一段。\n**扫描二维码关注**\n**某某**\n**服务号**\n点在看"
    assert article_text(body, None, set()) == "正文一段。"


def test_large_body_is_linear() -> None:
    body = ("这是一段很长的正文，[链接](https://e.org) **强调** ~~删~~ <b>粗</b>\n" * 50000) + "{% " * 20000
    text = article_text(body, None, set())
    assert text.count("\n\n") >= 49999
    prov = read_provenance({"title": "很长"}, body)
    assert prov.is_repost is False


CALLS_TO_ACTION = ["喜欢就点个在看吧", "记得星标置顶本号哦～", "点赞、在看、转发三连", "分享给更多朋友", "· 感谢关注 ·"]
ARTICLE_LINES = [
    "他正在看书。",
    "我们一直在关注这件事的进展，也会继续追问下去。",
    "转发这篇文章的人越来越多，平台开始删帖。",
]


@pytest.mark.parametrize("line", CALLS_TO_ACTION)
def test_footer_call_to_action_by_shape(line: str) -> None:
    body = "第一段正文。\n\n第二段正文。\n\n" + line
    assert article_text(body, None, set()) == "第一段正文。\n\n第二段正文。"


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_sentences_about_sharing_stay(line: str) -> None:
    assert article_text("第一段正文。\n\n" + line, None, set()) == "第一段正文。\n\n" + line


# Footer furniture of other shapes (interface instructions, newsletter plugs, follow cards), invented wordings.
FOOTER_FURNITURE = [
    "点击下方“阅读原文”查看往期",
    "可在后台回复【书单】，或点击公众号底部菜单栏",
    "后台回复「入群」加入读者群",
    "完整录音，可长按图片扫码收听",
    "-订阅精选邮件，不再错过-",
    "订阅某刊的邮件　扫码即订",
    "欢迎关注微信公众号：石桥夜话",
]
# Sentences of a story that use the same words without opening a clause with them, or without their objects.
FURNITURE_LOOKALIKES = [
    "他用手机扫描二维码后，页面跳转到一个陌生网站。",
    "记者点击进入该网站后发现页面已无法打开。",
    "客服在后台回复说会尽快处理。",
    "这条视频的点击量超过了十万。",
    "他每天订阅邮件列表里的新闻。",
    "她关注微信公众号：石桥夜话已经三年了。",
]


@pytest.mark.parametrize("line", FOOTER_FURNITURE)
def test_footer_furniture_by_shape(line: str) -> None:
    body = "第一段正文。\n\n第二段正文。\n\n" + line + "\n\n（完）"
    assert article_text(body, None, set()) == "第一段正文。\n\n第二段正文。\n\n（完）"


@pytest.mark.parametrize("line", FURNITURE_LOOKALIKES)
def test_story_sentences_like_furniture_stay(line: str) -> None:
    assert article_text("第一段正文。\n\n" + line, None, set()) == "第一段正文。\n\n" + line


def test_footer_furniture_only_at_the_end() -> None:
    body = "点击下方“阅读原文”查看往期\n\n" + "\n\n".join(f"第{n}段。" for n in range(10))
    assert article_text(body, None, set()).startswith("点击下方“阅读原文”查看往期")


def test_call_to_action_only_at_the_end() -> None:
    body = "点赞、在看、转发三连\n\n" + "\n\n".join(f"第{n}段。" for n in range(10))
    assert article_text(body, None, set()).startswith("点赞、在看、转发三连")


def test_boilerplate_keeps_each_pattern_flags() -> None:
    assert article_text("正文。\n\n— End —", None, set()) == "正文。"


@pytest.mark.parametrize(
    "line",
    [
        "点击上方蓝字关注我们",
        "请长按识别二维码",
        "扫码关注",
        "在看",
        "— End —",
        "往期推荐：",
        " END",
        "说 往期推荐",
        "分享",
        "普通的一句话",
    ],
)
def test_boilerplate_at_start_or_anywhere_is_one_search_of_all(line: str) -> None:
    # the anchored patterns matched at the start and the others searched find the lines one search of all finds
    found = T._BOILERPLATE_AT_START.match(line) or T._BOILERPLATE_ANYWHERE.search(line)
    assert bool(found) == bool(T._BOILERPLATE_UNION.search(line))
