"""Golden tests for provenance: each fixtures/provenance/NAME.md beside NAME.json (the expected fields)."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest

from archiver.provenance.extract import read_provenance

FIXTURES = Path(__file__).parent / "fixtures" / "provenance"
SAMPLE = Path(__file__).parent.parent / "raw" / "_posts" / "2021-09-07-qingdao-antifraud-joint-meeting.md"


def split_post(text: str) -> tuple[dict, str, int]:
    """(front matter, body, 1-based file line where the body starts)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text, 1
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return frontmatter.loads(text).metadata, "\n".join(lines[end + 1 :]), end + 2


def load(path: Path):
    text = path.read_text(encoding="utf-8")
    fm, body, start = split_post(text)
    return text, fm, body, start, read_provenance(fm, body, start)


@pytest.mark.parametrize("md", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.stem)
def test_golden(md: Path) -> None:
    expected = json.loads(md.with_suffix(".json").read_text(encoding="utf-8"))
    _, _, _, _, prov = load(md)
    got = {name: getattr(prov, name) for name in expected}
    assert got == expected


@pytest.mark.parametrize("md", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.stem)
def test_evidence_points_at_the_line(md: Path) -> None:
    text, _, _, _, prov = load(md)
    lines = text.split("\n")
    for ev in prov.evidence:
        if ev.line == 0:  # a front matter key or the title
            continue
        assert lines[ev.line - 1] in ev.text, ev
    for name in ("original_account", "original_account_id", "source_outlet", "original_url"):
        value = getattr(prov, name)
        if value is not None:
            assert any(ev.field == name and ev.value == value for ev in prov.evidence), name


def test_not_repost_has_no_evidence() -> None:
    _, _, _, _, prov = load(FIXTURES / "not_repost.md")
    assert prov.evidence == [] and prov.consumed_lines == set()


def test_consumed_lines_are_file_lines() -> None:
    text, _, _, start, prov = load(FIXTURES / "wechat_struck_link.md")
    lines = text.split("\n")
    assert start == 6
    assert {lines[n - 1] for n in prov.consumed_lines} >= {
        "原文来自微信公众号「晨读小站」：~~[一次普通的散步](https://mp.weixin.qq.com/s/abcDEF123)~~",
        "作者：林小雨",
        "---",
    }
    assert not any("河堤" in lines[n - 1] for n in prov.consumed_lines)


def test_second_credit_on_one_line() -> None:
    body = "原文来自[东岸评论](https://east.example.com/p/1)和订阅号「西窗」：~~[标题](https://archive.li/x)~~\n\n---\n\n正文。"
    prov = read_provenance({"title": "标题"}, body, 10)
    assert (prov.source_outlet, prov.original_account, prov.original_url, prov.source_platform) == (
        "东岸评论",
        "西窗",
        "https://east.example.com/p/1",
        "web",
    )
    assert prov.original_deleted is True
    assert all(ev.line == 10 for ev in prov.evidence)


def test_original_byline_names_author_then_account() -> None:
    body = (
        "原文来自【林律师】：~~[一个问题](https://mp.weixin.qq.com/s/q)~~\n\n---\n\n"
        "原创：林律师 南山小站\n\n---\n\n正文。"
    )
    prov = read_provenance({"title": "一个问题"}, body)
    assert (prov.original_account, prov.original_author) == ("南山小站", "林律师")


def test_subject_in_title_is_not_an_author() -> None:
    body = "原文来自「小报」：~~[王五：又一次](https://archive.li/z)~~\n\n---\n\n" + "王五今天又来了。\n\n" * 5
    prov = read_provenance({"title": "王五：又一次"}, body)
    assert prov.original_author is None


def test_a_title_credit_counts_no_captions_and_keeps_the_speaker_of_the_text() -> None:
    credit = "原文来自「小报」：~~[王五：又一次](https://archive.li/z)~~\n\n---\n\n"
    captions = "".join(f"<figcaption>王五与家人，摄于{y}年</figcaption>\n\n正文。\n\n" for y in range(1990, 1995))
    prov = read_provenance({"title": "王五：又一次"}, credit + captions)
    assert prov.original_author == "王五"  # the pictures show the writer; the text does not speak of him
    turns = "问：为什么？\n\n王五：因为那天下雨。\n\n" * 5
    prov = read_provenance({"title": "王五：又一次"}, credit + turns)
    assert prov.original_author == "王五"  # the text gives him the word: the title quotes its speaker
    told = "问：为什么？\n\n他说王五：因为那天下雨。\n\n" * 5  # (a turn opens its line)
    assert read_provenance({"title": "王五：又一次"}, credit + told).original_author is None


def test_picture_credit_is_not_a_source() -> None:
    prov = read_provenance({"title": "t"}, "图片来自网络\n\n今天天气很好。")
    assert prov.is_repost is False and prov.source_outlet is None


def test_user_sample_post() -> None:
    _, _, _, _, prov = load(SAMPLE)
    assert prov.original_account == "青岛公安反诈骗服务号"
    assert prov.original_account_id == "gh_c6d2e2993263"
    assert prov.source_platform == "wechat"
    assert prov.source_outlet == "大众报业·半岛新闻"
    assert prov.is_repost is True
    assert prov.original_deleted is False
    assert prov.account_description.startswith("宣传防范电信网络诈骗犯罪知识")


def test_tool_link_before_credit_is_not_the_original() -> None:
    body = (
        "本文由 [某某阅读](http://tool.example.com/read/) 转码，原文来自微信「东岭」："
        "~~[小路](https://mp.weixin.qq.com/s/abc)~~\n\n---\n\n正文。"
    )
    prov = read_provenance({"title": "小路"}, body)
    assert (prov.original_url, prov.original_account) == ("https://mp.weixin.qq.com/s/abc", "东岭")


def test_pointer_before_original_is_not_a_name() -> None:
    body = "点击阅读原文：[小路](https://news.example.com/a/1)\n\n---\n\n正文。"
    prov = read_provenance({"title": "小路"}, body)
    assert prov.original_url == "https://news.example.com/a/1"
    assert "点击阅读" not in (prov.original_account, prov.source_outlet)


def test_front_matter_deletion_words_need_a_repost_and_skip_the_title() -> None:
    plain = read_provenance({"title": "t", "description": "这篇文章已被删除。"}, "今天天气很好。")
    assert plain.is_repost is False and plain.original_deleted is False
    titled = read_provenance({"title": "那些被删的帖子"}, "来源：小站\n\n今天天气很好。")
    assert titled.is_repost is True and titled.original_deleted is False


def test_front_matter_evidence_names_the_key_line_and_rule() -> None:
    from archiver.parse import parse_post

    data = "---\nlayout: post\ntitle: 一年\n'source': 微信公众号「湖畔」\n---\n正文。\n".encode()
    parsed = parse_post(data, "_posts/2021-01-01-a.md")
    assert parsed.front_matter_lines == {"layout": 2, "title": 3, "source": 4}
    prov = read_provenance(parsed.front_matter, parsed.body, parsed.body_start_line, None, parsed.front_matter_lines)
    account = next(ev for ev in prov.evidence if ev.field == "original_account")
    assert (account.value, account.line, account.rule) == ("湖畔", 4, "front_matter.source")


def test_every_evidence_names_a_rule_of_the_table() -> None:
    from archiver.provenance.rules import BY_ID

    for md in sorted(FIXTURES.glob("*.md")):
        _, _, _, _, prov = load(md)
        assert all(ev.rule in BY_ID for ev in prov.evidence), md.name


def test_archive_copy_embedding_the_original_address() -> None:
    url = "https://web.archive.org/web/20200101000000/https://mp.weixin.qq.com/s/abc"
    prov = read_provenance({"title": "t"}, f"来源：[存档]({url})\n\n---\n\n正文。")
    assert (prov.source_platform, prov.original_url) == ("wechat", url)
    mirror = read_provenance({"title": "t"}, "来源：[存档](http://10.1.2.3:8080/x.html)\n\n---\n\n正文。")
    assert mirror.source_platform is None


def test_link_words_and_marks_are_never_names() -> None:
    for line in ("来源：[备份](https://archive.li/x)", "来源：◎ 东岸日报", "来源：存档"):
        prov = read_provenance({"title": "t"}, line + "\n\n---\n\n正文。")
        assert prov.original_account not in ("备份", "存档") and prov.source_outlet not in ("备份", "存档")
    assert read_provenance({"title": "t"}, "来源：◎ 东岸日报\n\n---\n\n正文。").source_outlet == "东岸日报"


def test_account_name_keeps_no_platform_word_or_id() -> None:
    prov = read_provenance({"title": "t"}, "本文转载自河边小站公众号\n\n---\n\n正文。")
    assert prov.original_account == "河边小站"
    prov = read_provenance({"title": "t"}, "来源：河边小站（ID：hebian01）\n\n---\n\n正文。")
    assert (prov.original_account, prov.original_account_id) == ("河边小站", "hebian01")


def test_a_clause_of_the_article_after_a_lead_in_word_is_no_account() -> None:
    body = "原文来自「晨读」：[一篇](https://mp.weixin.qq.com/s/a1)\n\n---\n\n正文。\n\n来自河北的李先生今年60岁，是一名退休教师。\n"
    prov = read_provenance({"title": "t"}, body)
    assert prov.original_account == "晨读"
    assert not any("李先生" in ev.value for ev in prov.evidence)


def test_a_douban_diary_credit_names_its_writer_but_a_group_does_not() -> None:
    diary = "原文来自「小蓝」豆瓣日记：[一篇](https://www.douban.com/note/1234)\n\n---\n\n正文。"
    prov = read_provenance({"title": "t"}, diary)
    assert (prov.original_account, prov.original_author) == ("小蓝", "小蓝")
    group = "原文来自[豆瓣小组：河边茶馆](https://www.douban.com/group/topic/1234)\n\n---\n\n正文。"
    assert read_provenance({"title": "t"}, group).original_author is None


def test_an_id_card_of_another_account_or_a_contact_is_not_the_accounts_id() -> None:
    body = (
        "原文来自「河边」：[一篇](https://mp.weixin.qq.com/s/a1)\n\n---\n\n也请关注下面的号：\n\n"
        "山中书 （ID：shanzhongshu）\n\n正文。\n\n有意见请联系我，微信号：lanse01\n"
    )
    prov = read_provenance({"title": "t"}, body)
    assert (prov.original_account, prov.original_account_id) == ("河边", None)
    own = "原文来自「河边」：[一篇](https://mp.weixin.qq.com/s/a1)\n\n---\n\n正文。\n\n河边 （ID：hebian01）\n"
    assert read_provenance({"title": "t"}, own).original_account_id == "hebian01"


def test_a_footer_behind_a_thematic_break_leaves_the_closing_lines_in_the_window() -> None:
    paragraphs = "".join(f"第{i}段正文。\n\n" for i in range(20))
    promo = "".join(f"订阅提示第{i}条。\n\n" for i in range(9))
    body = (
        "原文来自「河边」：[一篇](https://mp.weixin.qq.com/s/a1)\n\n---\n\n"
        f"{paragraphs}本文作者王大伟是某报驻京记者。\n\n翻译：小周\n\n* * *\n\n{promo}"
    )
    assert read_provenance({"title": "t"}, body).original_author == "王大伟"


def test_an_original_title_quoted_in_a_credit_gives_its_title_credit() -> None:
    body = "原文来自「河边」：[一篇](https://mp.weixin.qq.com/s/a1)\n\n本文原载《山中》第12期，原题为“林若水：一次散步”。\n\n---\n\n正文。"
    prov = read_provenance({"title": "另一个题目"}, body)
    assert (prov.original_author, prov.source_outlet) == ("林若水", "山中")
    plain = body.replace("，原题为“林若水：一次散步”", "")
    assert read_provenance({"title": "另一个题目"}, plain).original_author is None


def test_a_source_naming_the_writer_own_feed_is_no_outlet() -> None:
    body = (
        "原文来自「河边」：[一篇](https://mp.weixin.qq.com/s/a1)\n\n---\n\n"
        "作者：林若水\n\n来源：林若水 微头条\n\n正文。"
    )
    prov = read_provenance({"title": "t"}, body)
    assert (prov.original_author, prov.source_outlet) == ("林若水", None)
    other = body.replace("来源：林若水 微头条", "来源：东岸日报")
    assert read_provenance({"title": "t"}, other).source_outlet == "东岸日报"


def test_an_id_card_inside_a_credit_link_says_wechat() -> None:
    card = "来源｜[河边（ID：hebian01）](https://archive.li/abc)\n\n---\n\n正文。"
    prov = read_provenance({"title": "t"}, card)
    assert (prov.original_account, prov.original_account_id, prov.source_platform) == ("河边", "hebian01", "wechat")
    bare = "来源｜[河边（hebian01）](https://archive.li/abc)\n\n---\n\n正文。"
    assert read_provenance({"title": "t"}, bare).source_platform is None


def test_a_deletion_note_about_other_copies_leaves_the_original_standing() -> None:
    other = "原文来自「[河边](https://mp.weixin.qq.com/s/a1)」，其它转载的已~~[被删除](https://mp.weixin.qq.com/s/b2)~~\n\n---\n\n正文。"
    assert read_provenance({"title": "t"}, other).original_deleted is False
    own = "原文来自「[河边](https://mp.weixin.qq.com/s/a1)」，已~~[被删除](https://mp.weixin.qq.com/s/b2)~~\n\n---\n\n正文。"
    assert read_provenance({"title": "t"}, own).original_deleted is True


def test_a_note_on_the_text_credits_after_a_clause_even_opening_a_long_paragraph() -> None:
    outer = "原文来自「[河边](https://mp.weixin.qq.com/s/a1)」\n\n---\n\n"
    rest = "后面的话很长" * 60 + "。"
    note = f"本文原题《一次散步》，非本号原创、转载自公众号「山中」（已被删）；约一万字。{rest}"
    prov = read_provenance({"title": "t"}, f"{outer}{note}\n\n正文。")
    assert (prov.original_account, prov.original_deleted) == ("山中", True)
    # The vaguer 来自 after a clause is the article speaking, and a paragraph is read only when it opens
    # with a note on the text.
    for line in (f"本文作者王某，来自北京，现在上海工作。{rest}", f"他说的事情，转载自公众号「山中」。{rest}"):
        prov = read_provenance({"title": "t"}, f"{outer}{line}\n\n正文。")
        assert prov.original_account == "河边"


def test_one_quote_for_account_and_writer_is_split_when_the_article_names_the_writer() -> None:
    credit = "文章来自「河边小站 阿周」：~~[一篇](https://mp.weixin.qq.com/s/a1)~~\n\n---\n\n正文。\n\n"
    prov = read_provenance({"title": "t"}, credit + "这篇稿子的作者阿周，住在河边。")
    assert (prov.original_account, prov.original_author) == ("河边小站", "阿周")
    # An account's name holds a space too; without the article naming the second word it stays whole.
    prov = read_provenance({"title": "t"}, credit + "这篇稿子写的是河边。")
    assert (prov.original_account, prov.original_author) == ("河边小站 阿周", None)
    # A word of an outlet's name or a platform word is no writer.
    for name in ("人物 杂志", "河边 公众号"):
        body = credit.replace("河边小站 阿周", name) + f"这篇稿子出自{name.split()[1]}。"
        assert read_provenance({"title": "t"}, body).original_author is None


def test_a_first_publication_stated_in_the_closing_lines_leaves_the_credit_at_the_top() -> None:
    top = "来源：[东岸日报](https://news.example.com/a)\n\n---\n\n" + "正文。\n\n" * 20
    prov = read_provenance({"title": "t"}, top + "本文最初发表于公众号「北窗」。")
    assert (prov.source_outlet, prov.original_url) == ("东岸日报", "https://news.example.com/a")
    # At the top it names the first publisher; the reposter's link stays the only one written.
    prov = read_provenance({"title": "t"}, top.replace("\n\n---", "\n\n本文最初发表于公众号「北窗」\n\n---"))
    assert (prov.source_outlet, prov.original_account) == (None, "北窗")
    assert prov.original_url == "https://news.example.com/a"


def test_credit_variants_opening_a_line_below_the_block() -> None:
    outer = "原文来自「[河边](https://archive.li/abc)」\n\n---\n\n"
    for line, expected in (
        ("「本文来源：东岸日报」", ("河边", "东岸日报")),
        ("本文经授权转载自东岸日报", ("河边", "东岸日报")),
        ("本文经作者授权转载自公众号「北窗」", ("北窗", None)),
        ("转自 ：北窗公众号", ("北窗", None)),
    ):
        prov = read_provenance({"title": "t"}, f"{outer}{line}\n\n正文。")
        assert (prov.original_account, prov.source_outlet) == expected, line


def test_a_title_prefix_the_article_quotes_as_a_term_is_no_writer() -> None:
    credit = "原文来自「[河边](https://mp.weixin.qq.com/s/a1)」\n\n---\n\n"
    quoted = read_provenance({"title": "大迁徙：一段往事"}, credit + "那场“大迁徙”持续了十年。")
    assert quoted.original_author is None
    plain = read_provenance({"title": "林若水：一段往事"}, credit + "那场迁徙持续了十年。")
    assert plain.original_author == "林若水"
    # the same name quoted in the credit line is the account, which says nothing against it
    own = "原文来自「林若水」：[一篇](https://mp.weixin.qq.com/s/a1)\n\n---\n\n正文。"
    assert read_provenance({"title": "林若水：一段往事"}, own).original_author == "林若水"


def test_a_follow_card_names_the_account_only_when_no_credit_did() -> None:
    article = "---\n\n" + "正文。\n\n" * 12 + "欢迎关注公众号：北窗"
    bare = read_provenance({"title": "t"}, "原文：[链接](https://archive.li/abc)\n\n" + article)
    assert (bare.original_account, bare.source_platform, bare.is_repost) == ("北窗", "wechat", True)
    for credit, fields in (("来源：公众号「河边」", ("河边", None)), ("来源：东岸日报", (None, "东岸日报"))):
        prov = read_provenance({"title": "t"}, f"{credit}\n\n{article}")
        assert (prov.original_account, prov.source_outlet) == fields


def test_a_credit_after_another_field_of_its_line_below_the_block() -> None:
    outer = "原文来自「[河边](https://archive.li/abc)」\n\n---\n\n"
    for line in ("责任编辑：王小明 来源：东岸日报", "【来源】东岸日报"):
        assert read_provenance({"title": "t"}, f"{outer}{line}\n\n正文。").source_outlet == "东岸日报", line
    # a sentence that says where someone comes from is no field of a credit line
    prov = read_provenance({"title": "t"}, f"{outer}他说：我们 来自东岸日报\n\n正文。")
    assert prov.source_outlet is None


def test_a_description_of_someone_unnamed_is_no_name() -> None:
    # `——来自一位读者` says who wrote in, not who published: a quantity opens a description, not a name.
    from archiver.provenance.extract import clean_name

    assert clean_name("一位读者") == ("", None)
    assert clean_name("某位网友") == ("", None)
    assert clean_name("一个人的书房") == ("一个人的书房", None)  # 一个 alone opens names too
    prov = read_provenance({"title": "信"}, "正文第一段。\n\n——来自一位读者\n")
    assert prov.original_account is None and prov.source_outlet is None


def test_a_disclaimer_sentence_is_no_later_credit() -> None:
    outer = "原文来自「[河边](https://archive.li/abc)」\n\n---\n\n"
    notice = (
        "来源：网络上的一些朋友和几家机构提供的材料汇编而成的内容；版权归属原作者，"
        + "若来源标注错误或侵犯到您的权益烦请告知，我们将立即删除。"
    )
    prov = read_provenance({"title": "t"}, f"{outer}{notice}\n\n正文。")
    assert (prov.original_account, prov.source_outlet) == ("河边", None)
    # a later credit opening its own clause is still read: `原文：[存档](url)，来自公众号「X」`
    later = read_provenance({"title": "t"}, "原文：[存档](https://archive.li/x)，来自公众号「北窗」\n\n---\n\n正文。")
    assert later.original_account == "北窗"


def test_a_persons_wechat_feed_is_wechat_and_no_account() -> None:
    outer = "原文来自「[河边](https://archive.li/abc)」\n\n---\n\n"
    for line in ("来源：本文内容来自林若水教授朋友圈，略有删减。", "本文来自林若水的微信朋友圈"):
        prov = read_provenance({"title": "t"}, f"{outer}{line}\n\n正文。")
        assert (prov.source_platform, prov.original_account, prov.source_outlet) == ("wechat", "河边", None), line


def test_a_role_word_standing_alone_ends_a_byline_even_before_a_group_ending() -> None:
    # `编辑组` ends a group's name only when glued to it; after a space it is the next person's role.
    for body in ("记者 王小明 编辑部 李小红\n\n正文。", "作者：王小明 编辑组 李小红\n\n正文。"):
        assert read_provenance({"title": "t"}, body).original_author == "王小明"
    assert read_provenance({"title": "t"}, "作者：河边米兔志编辑组\n\n正文。").original_author == "河边米兔志编辑组"


def test_a_byline_of_someone_unnamed_names_no_writer() -> None:
    for byline in ("作者：一位医生", "作者：某位网友", "作者：一群学生"):
        assert read_provenance({"title": "t"}, f"{byline}\n\n正文。").original_author is None
    assert read_provenance({"title": "t"}, "作者：一苇\n\n正文。").original_author == "一苇"  # 一 alone opens names


# Shapes an adversarial reading of the general name checks found (each made up for the project): a name check must
# not cost a real name, and a dateline is no reporter.
@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("x", "原文来自公众号「某号」\n\n记者 张三 李四 郑州报道\n\n正文。", {"original_author": "张三 李四"}),
        ("x", "原文来自公众号「某号」\n\n记者 张三 欧阳小明\n\n正文。", {"original_author": "张三 欧阳小明"}),
        (
            "x",
            "来源：[湖北省新型冠状病毒肺炎疫情防控指挥部](http://wjw.example.gov.cn/a)\n\n正文。",
            {"source_outlet": "湖北省新型冠状病毒肺炎疫情防控指挥部"},
        ),
        (
            "x",
            "来源：公众号 请勿打扰（ID：qwdr01）\n\n正文。",
            {"original_account": "请勿打扰", "original_account_id": "qwdr01"},
        ),
        ("x", "原文来自微信公众号「我们终于长大了」\n\n正文。", {"original_account": "我们终于长大了"}),
        ("x", "原文来自微信公众号「为您读诗」\n\n正文。", {"original_account": "为您读诗"}),
        ("x", "原文来自公众号「某号」\n\n文 | 毛毛老师\n\n正文。", {"original_author": "毛毛老师"}),
        ("王镇：我在河边的一年", "来源：东岸日报\n\n正文。", {"original_author": "王镇"}),
        (
            "王小明：我不后悔",
            "来源：东岸日报\n\n王小明告诉记者：没有。\n\n王小明在电话里说：好。\n\n王小明，王小明，王小明。\n\n正文。",
            {"original_author": None},
        ),
        ("x", "来源：原载体研究所\n\n正文。", {"original_account": "原载体研究所"}),
        ("x", "来源：转自东岸日报\n\n正文。", {"source_outlet": "东岸日报"}),
        ("x", "来源：来自公众号北窗\n\n正文。", {"original_account": "北窗"}),
        (
            "x",
            "来源：[那个会背后的人终于出来说话了](https://mp.weixin.qq.com/s/abc)\n\n正文。",
            {"original_account": None},
        ),
        ("x", "来源：如有标注错误或侵犯您的权益烦请告知\n\n正文。", {"original_account": None, "source_outlet": None}),
    ],
)
def test_name_checks_keep_real_names(title: str, body: str, expected: dict) -> None:
    prov = read_provenance({"title": title}, body, 1)
    assert {field: getattr(prov, field) for field in expected} == expected
