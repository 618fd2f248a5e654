"""Formatting that keeps a post's meaning keeps its provenance: every perturbation of bench/perturb.py (emphasis
with `*` or `_`, HTML wrappers, `<span>`/`<font>`, a blockquote, line breaks, a `<br>` between a label and its value,
full-/half-width marks, a zero-width space, NBSP or U+3000 after a label, a space before its separator, HTML
entities, indents, HTML links, escapes, blank lines, CRLF), on the credit lines and on the whole body of invented
posts shaped like the archives' (each one a shape a perturbation once changed), reads the same eight fields."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "perturb.py"
_SPEC = importlib.util.spec_from_file_location("perturb", _BENCH)
perturb = importlib.util.module_from_spec(_SPEC)
sys.modules["perturb"] = perturb
_SPEC.loader.exec_module(perturb)

FM = "---\nlayout: post\ntitle: {title}\n---\n\n"

# (title, body, the fields read from the post as written: the golden the perturbed posts must keep)
POSTS = {
    # A reprint header: decorative mark, the account with its WeChat id, a bar and the writer.
    "id_header": (
        "一个标题",
        "◎河边小站（ID：hebian-01）\xa0\\|\xa0 周小舟\n\n---\n\n正文第一段。\n\n正文第二段。\n",
        {"original_account": "河边小站", "original_account_id": "hebian-01", "original_author": "周小舟"},
    ),
    # A struck credit link broken across two lines, then a writer behind a decorative mark.
    "broken_link": (
        "一个标题",
        "原文来自微信「北窗」：~~[一篇很长的文章的标题](\nhttps://mp.weixin.qq.com/s/Abc-123_x)~~\n\n"
        "■ 东岸日报主笔  林小河\n\n---\n\n正文。\n",
        {"original_account": "北窗", "original_deleted": True, "original_author": "林小河"},
    ),
    # A newsroom byline continued on the line after the next (a blank line between).
    "byline_continued": (
        "一个标题",
        "来源｜[东岸日报](http://203.0.113.9:8083/a.html)\n\n"
        "文 \\| 东岸日报记者 王小明 李小红\n\n东岸日报实习生 张小华\n\n---\n\n正文。\n",
        {"source_outlet": "东岸日报", "original_author": "王小明 李小红 张小华"},
    ),
    # An interview: the title credits its speaker, whose turns open lines and whom captions show.
    "interview": (
        "林小河：我们怎样读书",
        "原文来自「北窗」：~~[林小河：我们怎样读书](https://mp.weixin.qq.com/s/xyz)~~\n\n---\n\n"
        "问：您怎样读书？\n\n林小河：慢慢读。\n\n问：读什么？\n\n林小河：什么都读。\n\n"
        "问：在哪里读？\n\n林小河：在家读。\n\n问：读多久？\n\n林小河：一辈子。\n",
        {"original_account": "北窗", "original_author": "林小河"},
    ),
    # The title credits a writer whom the captions show; the text does not name her.
    "captions": (
        "林小河：我的父亲",
        "原文来自「北窗」：~~[林小河：我的父亲](https://mp.weixin.qq.com/s/xyz)~~\n\n---\n\n"
        "<figcaption>林小河与父亲</figcaption>\n\n正文。\n\n<figcaption>林小河的书架</figcaption>\n\n"
        "<figcaption>林小河在书房</figcaption>\n\n<figcaption>林小河的手稿</figcaption>\n",
        {"original_account": "北窗", "original_author": "林小河"},
    ),
    # A footer with a follow card, the id in brackets two lines under it, and how to ask for a reprint.
    "footer": (
        "一个标题",
        "原文来自公号：~~[北窗](http://203.0.113.9:8083/b.html)~~\n\n---\n\n正文。\n\n"
        "欢迎关注公众号：北窗\n\n（beichuang01）\n\n**转载**：请微信后台回复“转载”\n",
        {"original_account": "北窗", "original_account_id": "beichuang01"},
    ),
    # A writer's line in emphasis under the credit (`*作者：<br>NAME*` split the emphasis in two).
    "emphasis_byline": (
        "一个标题",
        "原文来自南岸公社：[一个标题](http://news.example.com/article/7)\n\n*作者：抬灯笼的木匠*\n\n---\n\n正文。\n",
        {
            "source_outlet": "南岸公社",
            "original_url": "http://news.example.com/article/7",
            "original_author": "抬灯笼的木匠",
        },
    ),
    # The original's own title names its writer (`原题为“NAME：…”`; `&#65306;` for its colon is a colon all the same).
    "original_title": (
        "一个改过的标题",
        "原文来自公号「北窗」：~~[一个改过的标题](http://203.0.113.9:8083/c.html)~~\n\n"
        "本文原载《河边》第12期，原题为“林小河：我的一天”。本号略有编辑。\n\n---\n\n正文。\n",
        {"original_account": "北窗", "original_author": "林小河"},
    ),
    # A note closing the post says where the text was first published (`说明 ：首发于X` lost X).
    "first_published_note": (
        "一个标题",
        "原文来自「北窗」：~~[一个标题](http://203.0.113.9:8083/d.html)~~\n\n---\n\n正文第一段。\n\n正文第二段。\n\n"
        "说明：首发于东岸日报，此为修订版，作者授权转载。\n",
        {"source_outlet": "东岸日报", "original_url": "http://203.0.113.9:8083/d.html"},
    ),
}


def _fields(text: str) -> dict[str, object]:
    return dict(zip(perturb.FIELDS, perturb.read(text, "_posts/2020-01-01-a.md")[0], strict=True))


@pytest.mark.parametrize("name", sorted(POSTS))
def test_every_perturbation_keeps_the_provenance(name: str) -> None:
    title, body, golden = POSTS[name]
    text = FM.format(title=title) + body
    base = _fields(text)
    assert {k: base[k] for k in golden} == golden
    _, pr, p = perturb.read(text, "_posts/2020-01-01-a.md")
    lines = text.split("\n")
    first = p.body_start_line - 1
    prose = {first + i for i, line in enumerate(p.body.split("\n")) if line.strip()}
    evidence = {e.line - 1 for e in pr.evidence if e.line - 1 >= first} & prose
    changed = {}
    for perturbation in [*perturb.PERTURBATIONS, perturb.BLANK_BEFORE, perturb.BLANK_AFTER]:
        for mode, targets in (("lines", evidence), ("body", prose)):
            if mode == "body" and perturbation in (perturb.BLANK_BEFORE, perturb.BLANK_AFTER):
                continue
            new = perturb.perturbed(lines, targets, perturbation)
            if new is not None and (after := _fields(new)) != base:
                changed[f"{perturbation} [{mode}]"] = {k: (base[k], after[k]) for k in base if base[k] != after[k]}
    assert _fields(text.replace("\n", "\r\n")) == base
    assert changed == {}


@pytest.mark.parametrize("space", ["", " ", "\xa0", "\u3000"])
def test_a_space_after_the_label_does_not_make_a_credit(space: str) -> None:
    # `\s*` before a negative lookahead gave it back: the lookahead saw the space and passed.
    assert _fields(FM.format(title="t") + f"正文。\n\n转载：{space}请后台回复“转载”\n")["is_repost"] is False
    assert _fields(FM.format(title="t") + f"本文由{space}本号首发\n\n---\n\n正文。\n")["original_account"] is None


def test_a_run_of_blank_lines_is_as_near_as_one() -> None:
    from archiver.markup import Markup

    doc = Markup("甲\n\n\n乙\n\n\n\n丙\n丁\n\n\n戊", 10)
    assert [doc.distance(10, 13), doc.distance(13, 17), doc.distance(10, 17), doc.distance(17, 18)] == [2, 2, 4, 1]
    assert doc.distance(10, 21) == 7 and doc.distance(13, 10) == -3


# Word swaps (bench/perturb.py --words): a word for another of its class in vocabulary.toml keeps the provenance.
# (invented post text, each golden a shape a swap once changed: a rule naming three words of a class, a separator
# one rule did not take, a lead-in missing from one list of its kind, a role missing from the non-writers')
SWAPPED = {
    "noun lead-in, any separator": (
        ["原文{sep}东岸日报 [一篇文章](https://news.example.com/a/1)"],
        {"sep": ["：", "｜", "丨", "|", " | "]},
        {"source_outlet": "东岸日报", "original_url": "https://news.example.com/a/1"},
    ),
    "noun lead-in as a struck link's label": (
        ["~~[{noun}](https://news.example.com/a/2)~~"],
        {"noun": ["原文", "原文地址", "原地址", "原链接", "原网址", "原文链接"]},
        {"original_url": "https://news.example.com/a/2", "original_deleted": True},
    ),
    "deletion note before a link": (
        ["该回答{gone} [一个问题？](https://www.zhihu.com/question/1/answer/2)"],
        {"gone": ["已删除", "已被删", "已被删除", "已经被删除", "已404", "已经404", "已失效"]},
        {"original_url": "https://www.zhihu.com/question/1/answer/2", "original_deleted": True},
    ),
    "account word before a link": (
        ["北窗{word}的节选版[链接](https://mp.weixin.qq.com/s/abc)，全文已经打不开了。"],
        {"word": ["公众号", "微信公众号", "公号", "订阅号"]},
        {"original_account": "北窗", "source_platform": "wechat"},
    ),
    "a source label ends a byline": (
        ["文/林小河 {label}/微博"],
        {"label": ["来源", "出处"]},
        {"original_author": "林小河"},
    ),
}


@pytest.mark.parametrize("name", sorted(SWAPPED))
def test_a_word_of_the_same_class_keeps_the_provenance(name: str) -> None:
    lines, slots, golden = SWAPPED[name]
    ((slot, words),) = slots.items()
    for word in words:
        body = "\n\n".join(line.format(**{slot: word}) for line in lines) + "\n\n---\n\n正文。\n"
        got = _fields(FM.format(title="一个标题") + body)
        assert {k: got[k] for k in golden} == golden, word


def test_the_word_classes_follow_the_vocabulary() -> None:
    from archiver.provenance import vocab

    classes = perturb.WORD_CLASSES
    first = next(ws for c, ws in classes.items() if c.startswith("lead-in: first publication"))
    repost = next(ws for c, ws in classes.items() if c.startswith("lead-in: repost"))
    assert set(first) <= set(vocab.words("credit", "first_publication")) and "首发于" in first
    assert set(repost) == set(vocab.words("credit", "chain_repost"))
    # a swap touches the word where it is one (a role before a separator), not inside a longer word
    assert perturb._swap_word("作者：林小河", ["作者", "撰文"], "p", "role: writer") == "撰文：林小河"
    assert perturb._swap_word("原文作者：林小河", ["作者", "撰文"], "p", "role: writer") is None
    assert perturb._swap_word("作者们都来了", ["作者", "撰文"], "p", "role: writer") is None
