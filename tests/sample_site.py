"""A small site with Chinese account and outlet names, several platforms and months, present, missing and
remote images and a rejected file: for stats, show, the figures and the README tour."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

# Written without tests.conftest (which needs pytest): the README tour runs this module on a machine
# that installed requirements.lock only.


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in {"_config.yml": "timezone: Asia/Shanghai\n", **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def _wechat(title: str, day: str, account: str, slug: str, deleted: bool = False, image: str = "") -> str:
    link = f"[{title}](https://mp.weixin.qq.com/s/{slug})"
    if deleted:
        link = f"~~{link}~~"
    return f"""---
layout: post
title: {title}
date: {day}
---

原文来自微信公众号「{account}」：{link}

作者：林小雨

---

{image}
{title}的正文第一段。

第二段，说完了。
"""


def _outlet(title: str, day: str, outlet: str, slug: str) -> str:
    return f"""---
layout: post
title: {title}
date: {day}
---

信息源自{outlet}网站：[{title}](https://www.example-news.cn/a/{slug})

作者：{outlet}记者 周明

---

{title}：每周六早上，河边会有一个小集市。
"""


def _douban(title: str, day: str, slug: str) -> str:
    return f"""---
layout: post
title: {title}
date: {day}
---

信息源自豆瓣： ~~[{title}](https://www.douban.com/note/{slug}/)~~

作者：青柠

---
下雨的时候，书店里总是很安静。
"""


def write_sample_site(root: Path) -> Path:
    """Nine posts (six wechat, two web, one douban) over four months, a draft, one reject."""
    files: dict[str, str | bytes] = {
        "_posts/2018-03-01-a.md": _wechat(
            "山里的学校", "2018-03-01 10:00:00", "晨读小站", "a1", image="![图](/postimg/a.png)"
        ),
        "_posts/2018-03-05-b.md": _wechat("河堤散步", "2018-03-05 10:00:00", "晨读小站", "a2", deleted=True),
        "_posts/2018-03-09-c.md": _wechat("夜班公交", "2018-03-09 10:00:00", "晨读小站", "a3", deleted=True),
        "_posts/2018-04-02-d.md": _wechat(
            "旧城改造", "2018-04-02 10:00:00", "山谷回声", "b1", image="![](/postimg/gone.jpg)"
        ),
        "_posts/2018-04-20-e.md": _wechat(
            "春天的花", "2018-04-20 10:00:00", "山谷回声", "b2", image="![](https://i.example.net/x.jpg)"
        ),
        "_posts/2018-06-11-f.md": _wechat("端午记事", "2018-06-11 10:00:00", "海滨社区服务号", "c1", deleted=True),
        "_posts/2018-06-22-g.md": _outlet("河边的集市", "2018-06-22 10:00:00", "江南晚报", "g1"),
        "_posts/2018-08-01-h.md": _outlet("城市夜景", "2018-08-01 10:00:00", "江南晚报", "h1"),
        "_posts/2018-08-15-i.md": _douban("雨天的书店", "2018-08-15 10:00:00", "123456"),
        "_drafts/unfinished.md": "---\ntitle: 草稿\ndate: 2018-08-20 10:00:00\n---\n\n还没写完。\n",
        "_posts/2018-08-30-broken.md": "---\ntitle: [unclosed\n---\n\n坏的。\n",
        "postimg/a.png": _png(40, 30),
    }
    return _write(root, files)


if __name__ == "__main__":  # the README tour's first step: python -m tests.sample_site sample
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.sample_site FOLDER")
    print(write_sample_site(Path(sys.argv[1])))
