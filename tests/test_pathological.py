"""Pathological lines stay linear with a small constant: each piece of a reference stops where the next
reference could start. (How fast is measured in bench/pathological_lines.py; here, that it ends and is right.)"""

from __future__ import annotations

import pytest

from archiver.images import find_references
from archiver.provenance import read_provenance

UNCLOSED = ["![a](", "![", '![a](x "', "<img ", "<img " + "a" * 7000 + " ", "{% include ", "{% img x -"]


@pytest.mark.parametrize("piece", UNCLOSED)
def test_a_megabyte_of_unclosed_references_then_real_ones(piece: str) -> None:
    junk = piece * (1_000_000 // len(piece))
    body = f"{junk}\n![ok](/a.png) <img src='/b.png'> {{% include image.html url=\"/c.png\" -%}}\n"
    found = [(r.syntax, r.src) for r in find_references(body)]
    assert found[-3:] == [("markdown", "/a.png"), ("html", "/b.png"), ("liquid", "/c.png")]


def test_what_the_bounded_patterns_still_find() -> None:
    body = (
        "![a](x(1).png \"t (1)\") ![b](<y.png>) ![c](z.png 'q') ![d](/w.png (paren title))\n"
        '<img alt="a" data-x=1 src="/p.png"> {% img /q.png 100 100 -%}\n'
    )
    assert [r.src for r in find_references(body)] == ["x(1).png", "y.png", "z.png", "/w.png", "/p.png", "/q.png"]


@pytest.mark.parametrize(
    "piece",
    ["原文来自", "来源：", "原文：[存档](https://e.org)，", "~~[原文](http://a.b/)~~"]
    + ["，来源微信号", "下文作者林小河，"],  # clauses that open like a credit, repeated without a full stop
)
def test_a_line_of_credit_markers_is_read_in_one_pass(piece: str) -> None:
    # Each marker may open a later credit of the line; reading every one of them re-read the rest of the line.
    line = piece * (400_000 // len(piece))
    found = read_provenance({"title": "t"}, line + "\n来源：公众号「石桥夜话」\n正文。\n")
    assert found.is_repost is True


def test_a_later_credit_still_names_the_publisher() -> None:
    found = read_provenance({"title": "t"}, "原文：[存档](https://archive.ph/abc)，来自公众号「石桥夜话」\n\n正文。\n")
    assert (found.original_account, found.original_url) == ("石桥夜话", "https://archive.ph/abc")
