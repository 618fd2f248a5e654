"""The measured accuracy of the provenance columns: its tallies, its intervals, and where the card prints it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archiver.provenance import accuracy
from tests.conftest import REPO, post, write_site


def label(path: str, **values) -> dict:
    return {"path": path, **{field: values.get(field) for field in accuracy.FIELDS}}


def test_tallies_precision_recall_and_accuracy() -> None:
    rows = {
        "a.md": {"original_author": "甲 乙", "original_account": "某号", "is_repost": True},
        "b.md": {"original_author": "丙", "original_account": None, "is_repost": True},
        "c.md": {"original_author": None, "original_account": "「某号」", "is_repost": False},
    }
    labels = [
        label("a.md", original_author="乙 甲", original_account="某号", is_repost=True),  # right, writers as a set
        label("b.md", original_author="丁", original_account="另号", is_repost=True),  # wrong author, missed account
        label("c.md", original_author=None, original_account="某号", is_repost=True),  # quotes stripped; repost missed
        label("_posts/d.md", original_author="戊", is_repost=False),  # no row at all: nothing read
    ]
    counts = accuracy.count(rows, labels)
    author = counts["original_author"]
    assert (author.posts, author.right, author.given, author.given_right, author.stated, author.found) == (
        4,
        2,
        2,
        1,
        3,
        1,
    )
    account = counts["original_account"]
    assert (account.given, account.given_right, account.stated, account.found) == (2, 2, 3, 2)
    repost = counts["is_repost"]  # of `true`: given twice, both right; stated three times, found twice
    assert (repost.right, repost.given, repost.given_right, repost.stated, repost.found) == (3, 2, 2, 3, 2)
    summary = accuracy.summary(counts)
    assert summary["original_author"]["precision"] == 0.5 and summary["original_author"]["recall"] == 0.333
    assert summary["original_account"]["accuracy"] == 0.75  # d: null where nothing is stated is right
    assert summary["source_outlet"]["precision"] is None and summary["source_outlet"]["precision_95"] is None


def test_wilson_interval() -> None:
    low, high = accuracy.wilson(8, 10)
    assert round(low, 3) == 0.490 and round(high, 3) == 0.943
    assert accuracy.wilson(10, 10)[1] == pytest.approx(1.0) and accuracy.wilson(0, 0) is None


def test_the_stored_measurement_is_complete() -> None:
    data = accuracy.load()
    assert data is not None, "archiver/provenance/accuracy.json is missing or lacks a field"
    assert data["posts"] == sum(s["posts"] for s in data["sets"]) > 0
    for field, entry in data["fields"].items():
        assert entry["posts"] == data["posts"], field
        assert 0 <= entry["accuracy"] <= 1
        for name in ("precision", "recall"):
            if entry[name] is not None:
                low, high = entry[f"{name}_95"]
                assert low <= entry[name] <= high and entry[f"{name}_n"] > 0


def test_markdown_says_which_rules_it_measured(tmp_path: Path) -> None:
    data = json.loads(accuracy.MEASURED.read_text(encoding="utf-8"))
    data["rules"] = accuracy.rules_digest()
    current = accuracy.markdown(data)
    assert "with the rules that read this release" in current
    assert current.count("\n| `") == len(accuracy.FIELDS)
    entry = data["fields"]["original_author"]
    assert f"| `original_author` | {entry['accuracy']:.2f} | {entry['precision']:.2f} (" in current
    data["rules"] = "0" * 64
    assert "an earlier version of the rules" in accuracy.markdown(data)
    broken = tmp_path / "accuracy.json"
    broken.write_text('{"fields": {}}', encoding="utf-8")
    assert accuracy.load(broken) is None


def test_the_bench_script_measures_a_site(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "_posts/2020-01-02-a.md": post(body="来源：微信公众号「某号」\n\n作者：张三\n\n正文。"),
            "_posts/2020-01-03-b.md": post(title="二", body="正文，没有来源。"),
        },
    )
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        "\n".join(
            json.dumps(label(name, **values), ensure_ascii=False)
            for name, values in (
                (
                    "2020-01-02-a.md",
                    {
                        "is_repost": True,
                        "source_platform": "wechat",
                        "original_account": "某号",
                        "original_author": "张三",
                    },
                ),
                ("2020-01-03-b.md", {"is_repost": False}),
            )
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "bench/provenance_accuracy.py", f"t={site}:{labels}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "| `original_account` | 1.00 | 1.00 (" in done.stdout
    assert "label sets t (2)" in done.stdout


def test_the_shipped_measurement_is_of_these_rules() -> None:
    """The card prints accuracy.json's figures as measured "with the rules that read this release" only when its
    digest is this package's: a change to the provenance code or data without a new measurement would ship cards
    that call their own figures those of an earlier version. Re-measure (docs/provenance.md, "Accuracy") with
    `python bench/provenance_accuracy.py blind=… blind3=… blind4=… --write`."""
    data = accuracy.load()
    assert data is not None
    assert data["rules"] == accuracy.rules_digest(), "accuracy.json is stale: re-measure it (see the docstring)"
