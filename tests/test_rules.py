"""The rule table: every rule has examples and counter-examples, and each one is run through the whole reader.

An example is placed in the first zone its rule reads (a block line above `---`, a head line below it,
a foot line after the article, the title, a front matter `key: value`, or a whole body for `post`);
the fields it names must come out with those values, read by that rule (the evidence names it).
A counter-example placed the same way must leave no evidence naming the rule.
"""

from __future__ import annotations

import pytest

from archiver.provenance import read_provenance
from archiver.provenance.rules import RULES, Rule

ARTICLE = "正文的一句话，讲了一件事。"
CREDIT = "来源：东岸小站\n\n"
FOOT_CREDIT = "原文：[链接](https://archive.li/abc)\n\n"


def place(rule: Rule, text: str) -> tuple[dict, str, int]:
    """(front matter, body, body start line) with `text` in the rule's first zone."""
    zone = rule.zones[0]
    fm: dict = {"title": "一个标题"}
    if zone == "block":
        return fm, f"{text}\n\n---\n\n{ARTICLE}", 1
    if zone == "head":
        return fm, f"{CREDIT}---\n\n{text}\n\n{ARTICLE}", 1
    if zone == "foot":  # under a credit that names no one, so a footer may name the account
        return fm, FOOT_CREDIT + "---\n\n" + f"{ARTICLE}\n\n" * 20 + text, 1
    if zone == "title":
        return {"title": text}, "原文：[链接](https://www.zhihu.com/question/1/answer/2)\n\n---\n\n" + ARTICLE, 1
    if zone == "front_matter":
        key, _, value = text.partition(": ")
        return {**fm, key: value}, CREDIT + ARTICLE, 4
    return {"title": "t"}, text, 1  # post: the example is the whole body


def cases(kind: str) -> list[tuple[Rule, object]]:
    out = []
    for rule in RULES:
        items = rule.examples if kind == "example" else rule.counter
        out.extend((rule, item) for item in items)
    return out


def test_every_rule_has_examples_and_counter_examples() -> None:
    lacking = [r.id for r in RULES if not r.examples or not r.counter]
    assert lacking == []


@pytest.mark.parametrize(("rule", "example"), cases("example"), ids=lambda x: getattr(x, "id", None))
def test_example(rule: Rule, example: tuple[str, dict]) -> None:
    text, expected = example
    fm, body, start = place(rule, text)
    prov = read_provenance(fm, body, start)
    assert {name: getattr(prov, name) for name in expected} == expected
    by_rule = {ev.field for ev in prov.evidence if ev.rule == rule.id}
    assert by_rule & (set(expected) | {"is_repost"}), (rule.id, prov.evidence)


@pytest.mark.parametrize(("rule", "counter"), cases("counter"), ids=lambda x: getattr(x, "id", None))
def test_counter_example(rule: Rule, counter: str) -> None:
    fm, body, start = place(rule, counter)
    prov = read_provenance(fm, body, start)
    assert [ev for ev in prov.evidence if ev.rule == rule.id] == []


def test_writer_rules_union_finds_what_one_of_them_finds() -> None:
    """The one-call test before the writer rules of a zone (extract._MAY_WRITE) must say yes exactly when one of
    them finds something: on every example and counter-example line of the table, in every zone. (byline.fields
    aside on a line longer than a byline, which `_byline_fields` does not read.)"""
    from archiver.provenance import extract

    lines = {line for rule in RULES for line, _ in rule.examples} | {line for rule in RULES for line in rule.counter}
    lines |= {line.lower() for line in lines} | {"", " ", "作者", "——", "《某报》  记者 王小明", "王小明 北窗 ٣ 天前"}
    lines |= {line + "，" + "某" * extract.MAX_BYLINE_CHARS for line in lines}
    for table, unions in (
        (extract._AUTHOR_RULES, extract._MAY_WRITE),
        (extract._UNDATED_AUTHOR_RULES, extract._MAY_WRITE_UNDATED),
    ):
        for zone, rules in table.items():
            for line in lines:
                long = len(line.strip()) > extract.MAX_BYLINE_CHARS
                finds = any(rule.find(line) for rule in rules if not (long and rule.id == "byline.fields"))
                assert unions[zone](line) == finds, (zone, line)
