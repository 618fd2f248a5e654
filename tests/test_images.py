"""Image references: finding them in every syntax, resolving them against the site root, platform ids."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from archiver.collect import collect
from archiver.images import find_references, media_key, resolve
from tests.conftest import post, write_site


def test_finds_markdown_html_and_liquid_references_in_order() -> None:
    body = (
        '![封面]({{ site.baseurl }}/postimg/a.png "title")\n'
        "text <IMG alt='二' src=\"/postimg/b.jpg\">\n"
        '{% include image.html url="/postimg/c.gif" alt="三" %}\n'
        "![](<postimg/d e.png>) ![]({{site.baseurl}}/postimg/f.png)\n"
    )
    refs = find_references(body)
    assert [(r.position, r.syntax, r.src, r.alt) for r in refs] == [
        (0, "markdown", "{{ site.baseurl }}/postimg/a.png", "封面"),
        (1, "html", "/postimg/b.jpg", "二"),
        (2, "liquid", "/postimg/c.gif", "三"),
        (3, "markdown", "{{site.baseurl}}/postimg/f.png", None),
    ]


@pytest.mark.parametrize(
    ("src", "status", "resolved", "url"),
    [
        ("{{site.baseurl}}/postimg/a.png", "missing", "postimg/a.png", None),
        ("{{ site.baseurl }}/postimg/a.png", "missing", "postimg/a.png", None),
        ("/postimg/a%20b.png", "missing", "postimg/a b.png", None),
        ("../postimg/a.png", "missing", "postimg/a.png", None),  # relative to _posts/
        ("img/a.png?x=1#frag", "missing", "_posts/img/a.png", None),
        (
            "https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png",
            "remote",
            None,
            "https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png",
        ),
        ("//example.org/a.png", "remote", None, "https://example.org/a.png"),
        ("data:image/png;base64,AAAA", "inline", None, None),
        ("../../etc/passwd", "refused", None, None),
        ("%2e%2e/%2e%2e/secret.png", "refused", None, None),
        ("/etc/passwd", "refused", None, None),
        ("file:///etc/passwd", "refused", None, None),
        ("C:\\Users\\me\\a.png", "refused", None, None),
        ("~/a.png", "refused", None, None),
    ],
)
def test_resolution(src: str, status: str, resolved: str | None, url: str | None) -> None:
    got = resolve(src, "_posts/2020-01-01-a.md")
    assert (got.status, got.resolved_path, got.url) == (status, resolved, url)


def test_media_keys() -> None:
    wechat = "https://mmbiz.qpic.cn/mmbiz_jpg/V5la5fm0eVibnwCzULaLpxiagM1U8RBtdM/640?wx_fmt=jpeg"
    assert media_key(wechat, None) == "V5la5fm0eVibnwCzULaLpxiagM1U8RBtdM"
    local = "postimg/V5la5fm0eVibnwCzULaLpxiagM1U8RBtdMjqGrxg3nwkibM8TF7YfE6w.jpeg"
    assert media_key("/" + local, local) == "V5la5fm0eVibnwCzULaLpxiagM1U8RBtdMjqGrxg3nwkibM8TF7YfE6w"
    assert media_key("https://wx1.sinaimg.cn/large/006abcdEgy1fxyz12345.jpg", None) == "006abcdEgy1fxyz12345"
    assert media_key("/postimg/cover.png", "postimg/cover.png") is None


@pytest.mark.parametrize("hostile", ["![](" * 20_000, "![" * 50_000, "<img " * 20_000, "{% include " * 20_000])
def test_unclosed_references_do_not_blow_up(hostile: str) -> None:
    # Bounded, possessive patterns keep this linear: with exponential backtracking it would never end.
    assert find_references(hostile) == []


def test_a_reference_with_a_long_src_is_a_row_not_a_silence(tmp_path: Path) -> None:
    # Each pattern had a length bound past which the reference matched nothing and left no row.
    long = "/img/" + "a" * 3000 + ".png"
    inline = "data:image/png;base64," + "QUJD" * 3000
    body = (
        f'![long]({long})\n\n<img src="{inline}">\n\n{{% include image.html url="{long}" %}}\n\n'
        f'{{{{< figure src="{long}" >}}}}\n\n![remote](https://example.org/{"b" * 3000}.png)\n\n![ok](/img/ok.png)\n'
    )
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-a.md": post(body=body)})
    collect(site, tmp_path / "out", workers=1)
    images = pq.read_table(tmp_path / "out/data/images").to_pylist()
    assert [(row["syntax"], row["status"]) for row in images] == [
        ("markdown", "refused"),
        ("html", "inline"),
        ("liquid", "refused"),
        ("shortcode", "refused"),
        ("markdown", "remote"),
        ("markdown", "missing"),
    ]
    assert images[0]["src"] == long and "a name of 3004 bytes" in images[0]["reason"]
