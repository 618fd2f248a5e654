"""A Jekyll site with planted near-duplicates, for testing (and measuring) duplicate grouping.

Written for this project: the sentences are made up from the word lists below with a seeded
generator, never taken from a corpus. The site holds

- originals: articles on a few topics, each with a repost header and a footer;
- copies of some originals, each with one to three of the edits a second archivist's copy shows:
  header and footer swapped for another account's, 10–20% of the end cut, an editor's note
  inserted, punctuation and full-width/half-width forms changed, another title (and a later date,
  sometimes an earlier one, so the canonical member is not always the original);
- distinct articles that share only boilerplate with others: the same long header and footer, the
  same long quotation, or the same newsletter template (fixed headings and standing paragraphs),
  down to short notices that are half template.

`write_site(root, seed)` returns the truth: the family of every planted post, and which posts must
never be grouped with each other.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

TOPICS = {
    "campus": "学校 学生 老师 教授 校园 宿舍 食堂 课程 论文 导师 辅导员 学院 毕业 招生 考试 图书馆 社团 校方 校友 讲座",
    "health": "医院 医生 护士 病人 疫情 口罩 病毒 发烧 隔离 检测 疫苗 药品 诊所 病房 床位 防控 社区 患者 家属 救护车",
    "labor": "工人 工厂 工资 加班 老板 合同 工会 维权 工地 车间 保险 裁员 劳动 仲裁 工头 拖欠 厂房 流水线 宿舍区 招工",
    "press": "记者 报道 编辑 新闻 采访 稿件 媒体 报社 评论 删帖 审查 账号 读者 标题 版面 转载 通讯员 专栏 主编 信源",
}
COMMON = (  # split into words where used
    "我们 他们 这个 那些 已经 因为 所以 但是 如果 还是 没有 一些 事情 时候 问题 大家 自己 现在 后来 当时 "
    "觉得 知道 发现 希望 可能 必须 继续 开始 结束 决定 表示 认为 发生 出现 回应 要求 提出 看到 听说 记得 "
    "今天 昨天 去年 每天 晚上 早上 城市 地方 政府 部门 消息 信息 网络 文章 视频 照片 朋友 家人 孩子 父母 "
    "非常 特别 一直 终于 突然 仍然 或许 只是 甚至 其实 真的 不能 不会 应该 需要 得到 失去 留下 离开 回来"
)
PUNCTUATION = "，，，、；：。。！？"
HEADERS = [
    "本文转载自微信公众号「{account}」，原文已被删除，现转载于此以作存档，版权归原作者所有。",
    "原文首发于「{account}」，发布后不久即被删除，以下为网友保存的版本，仅供研究与记录。",
    "来源：{account}（原文链接已失效），我们在原文消失之前保存了这份全文，在此完整转发。",
]
FOOTERS = [
    "本存档由志愿者整理，如有错漏欢迎指正，我们会持续记录那些消失的文字，让它们留下痕迹。",
    "以上内容仅作存档之用，不代表本站立场，如原作者不同意转载请与我们联系，我们会及时处理。",
    "文字会消失，记忆不会；感谢每一位保存和转发这篇文章的读者，愿更多的人能够读到它。",
]
ACCOUNTS = ["晨读笔记", "山下小记", "旧报纸", "夜航船", "青年观察", "南方来信"]
NOTES = [
    "编者按：本文发出后引起较多讨论，我们在整理时保留了原文的全部内容，仅更正了个别明显的错别字，特此说明。",
    "编辑附注：文中提到的部分信息尚未得到官方证实，请读者自行判断；我们会在后续获得更多材料时补充更新。",
    "整理者注：原文中有两张图片已无法找回，以下文字按照原文顺序保存，段落划分与原文保持一致，供参考。",
]
QUOTE = (
    "“我们并不是想要制造什么对立，只是希望每一个在这里生活和工作的人，都能被认真地对待，"
    "都能在遇到不公的时候有一个可以说话的地方，而不是被要求沉默，被告知这一切都是为了大局。"
    "如果连说出事实都变得困难，那么我们今天保存下来的每一个字，都会成为以后的人理解这个时代的线索。”"
)
TEMPLATE_HEAD = (
    "本周简报：欢迎阅读本期内容。本简报每周整理一次，收录过去七天里我们关注到的消失文章、被删帖子和读者来信，"
    "所有材料均由志愿者核对后发布，如发现错误请在后台留言告诉我们，我们会在下一期更正。"
)
TEMPLATE_SECTIONS = ["本周要闻", "读者来信", "存档进展", "下期预告"]
TEMPLATE_TAIL = (
    "以上就是本期简报的全部内容。感谢所有参与整理和校对的志愿者，也感谢每一位来信的读者，"
    "你们的每一条线索都让这份记录更加完整，我们下周同一时间再见。"
)
# Edits that punctuation and width changes make: ASCII and full-width forms of the same text.
WIDTH_SWAPS = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"})


@dataclass
class Planted:
    path: str
    family: str  # posts of one family are copies of one article; a distinct article is its own family
    kind: str  # original, copy, boilerplate, quote, template, short
    edits: list[str] = field(default_factory=list)


def _sentence(rng: random.Random, words: list[str]) -> str:
    count = rng.randint(6, 14)
    parts = []
    for _ in range(count):
        parts.append(rng.choice(words))
        if rng.random() < 0.15:
            parts.append(rng.choice(PUNCTUATION[:3]))
    return "".join(parts).strip("，、") + rng.choice("。。。！？")


def _paragraphs(rng: random.Random, topic: str, chars: int) -> list[str]:
    words = TOPICS[topic].split() * 3 + COMMON.split()
    out, total = [], 0
    while total < chars:
        paragraph = "".join(_sentence(rng, words) for _ in range(rng.randint(2, 5)))
        out.append(paragraph)
        total += len(paragraph)
    return out


def _post(title: str, day: date, lines: list[str]) -> str:
    return f'---\ntitle: "{title}"\ndate: {day.isoformat()} 12:00:00\n---\n\n' + "\n\n".join(lines) + "\n"


def _cut_end(paragraphs: list[str], share: float) -> list[str]:
    total = sum(len(p) for p in paragraphs)
    keep = int(total * (1 - share))
    out = []
    for paragraph in paragraphs:
        if keep <= 0:
            break
        out.append(paragraph[:keep])
        keep -= len(paragraph)
    return out


def _repunctuate(rng: random.Random, paragraphs: list[str]) -> list[str]:
    out = []
    for paragraph in paragraphs:
        paragraph = paragraph.translate(WIDTH_SWAPS) if rng.random() < 0.7 else paragraph
        paragraph = paragraph.replace("。", "！", rng.randint(0, 2)).replace("，", "、", rng.randint(0, 2))
        out.append(paragraph)
    return out


def write_site(root: Path, seed: int = 7, originals: int = 60, copies_per_original: int = 1) -> dict[str, Planted]:
    """Write the site under `root` (`_posts/`, `_config.yml`); returns path → what was planted there."""
    rng = random.Random(seed)
    posts = root / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\n", encoding="utf-8")
    truth: dict[str, Planted] = {}
    start = date(2018, 3, 1)

    def put(name: str, day: date, title: str, lines: list[str], planted: Planted) -> None:
        path = f"_posts/{day.isoformat()}-{name}.md"
        (root / path).write_text(_post(title, day, lines), encoding="utf-8")
        planted.path = path
        truth[path] = planted

    topics = sorted(TOPICS)
    for number in range(originals):
        topic = topics[number % len(topics)]
        day = start + timedelta(days=3 * number)
        body = _paragraphs(rng, topic, rng.randint(800, 4000))
        account = rng.choice(ACCOUNTS)
        header, footer = rng.randrange(len(HEADERS)), rng.randrange(len(FOOTERS))
        title = f"{topic}记录第{number}篇"
        lines = [HEADERS[header].format(account=account), *body, FOOTERS[footer]]
        family = f"article-{number}"
        put(f"{topic}-{number}", day, title, lines, Planted("", family, "original"))
        for copy in range(copies_per_original):
            edits = rng.sample(["swap", "cut", "note", "punctuation", "title"], rng.randint(1, 3))
            copy_body = list(body)
            copy_header = HEADERS[header].format(account=account)
            copy_footer = FOOTERS[footer]
            copy_title = title
            if "cut" in edits:
                copy_body = _cut_end(copy_body, rng.uniform(0.10, 0.20))
            if "note" in edits:
                copy_body.insert(rng.randint(0, min(2, len(copy_body))), rng.choice(NOTES))
            if "punctuation" in edits:
                copy_body = _repunctuate(rng, copy_body)
            if "swap" in edits:
                copy_header = HEADERS[(header + 1) % len(HEADERS)].format(account=rng.choice(ACCOUNTS))
                copy_footer = FOOTERS[(footer + 1) % len(FOOTERS)]
            if "title" in edits:
                copy_title = f"【转】{topic}旧文重发之{number}"
            # Mostly saved later; one copy in five was saved first, so it is the canonical member.
            shift = rng.randint(1, 400) * (-1 if rng.random() < 0.2 else 1)
            lines = [copy_header, *copy_body, copy_footer]
            put(
                f"{topic}-{number}-copy{copy}",
                day + timedelta(days=shift),
                copy_title,
                lines,
                Planted("", family, "copy", edits),
            )

    # Distinct articles that share boilerplate only: same header and footer, same quotation, same template.
    for number in range(originals // 2):
        topic = topics[number % len(topics)]
        day = start + timedelta(days=3 * number + 1)
        body = _paragraphs(rng, topic, rng.randint(400, 1200))
        lines = [HEADERS[0].format(account=ACCOUNTS[0]), HEADERS[1].format(account=ACCOUNTS[1]), *body]
        lines += [FOOTERS[0], FOOTERS[1]]
        put(
            f"{topic}-shared-{number}",
            day,
            f"{topic}短评{number}",
            lines,
            Planted("", f"shared-{number}", "boilerplate"),
        )
        body = _paragraphs(rng, topic, rng.randint(500, 1500))
        lines = [*body[:1], QUOTE, *body[1:]]
        put(f"{topic}-quote-{number}", day, f"{topic}引文{number}", lines, Planted("", f"quote-{number}", "quote"))
        lines = [TEMPLATE_HEAD]
        for section in TEMPLATE_SECTIONS:
            lines += [f"## {section}", *_paragraphs(rng, topic, rng.randint(150, 350))]
        lines.append(TEMPLATE_TAIL)
        put(f"weekly-{number}", day, f"本周简报第{number}期", lines, Planted("", f"weekly-{number}", "template"))
        # A short notice that is half template: the template alone must not make two notices one article.
        lines = [TEMPLATE_HEAD, *_paragraphs(rng, topic, rng.randint(150, 250)), TEMPLATE_TAIL]
        put(f"notice-{number}", day, f"通告{number}", lines, Planted("", f"notice-{number}", "template"))
        # Two very short posts with the same text: under the length floor, never grouped.
        for twin in range(2):
            put(
                f"short-{number}-{twin}",
                day,
                "图片",
                ["图片已失效，原文见链接。"],
                Planted("", f"short-{number}-{twin}", "short"),
            )
    return truth
