"""Pathological lines stay linear with a small constant: each piece of a reference stops where the next
reference could start. (How fast is measured in bench/pathological_lines.py; here, that it ends and is right.)"""

from __future__ import annotations

import pytest

from archiver.images import find_references

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
