"""Shared fixtures: small Jekyll sites written into temporary folders, and a way to run the real CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.processes import no_process_left_behind  # noqa: F401 - session guard: no process outlives the suite

REPO = Path(__file__).resolve().parent.parent
SAMPLE_POST = REPO / "raw" / "_posts" / "2021-09-07-qingdao-antifraud-joint-meeting.md"


@dataclass(frozen=True)
class Link:
    """A symbolic link to create in a site: `target` is written as is."""

    target: str


def png_bytes(width: int = 3, height: int = 2, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def write_site(
    root: Path, files: dict[str, str | bytes | Link], config: str | None = "timezone: Asia/Shanghai\n"
) -> Path:
    """Write `files` (relative path → text, bytes or Link) under `root` as a Jekyll site."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "_config.yml").write_text(config, encoding="utf-8")
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            os.symlink(content.target, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `archiver` command in a subprocess (as a user would), capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "archiver", *args],
        cwd=cwd or REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


POST = """---
layout: post
title: {title}
date: {date}
tags: [demo]
---

{body}
"""


def post(title: str = "示例", date: str = "2020-01-02 10:00:00", body: str = "正文第一段。") -> str:
    return POST.format(title=title, date=date, body=body)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small site: two posts, a draft, a present and a missing image, one non-post file."""
    return write_site(
        tmp_path / "site",
        {
            "_posts/2020-01-02-first.md": post(body="![图]({{ site.baseurl }}/postimg/a.png)\n第一篇。"),
            "_posts/2020-01-03-second.md": post(
                title="第二篇", body='<img src="/postimg/missing.jpg" alt="x">\n第二篇。'
            ),
            "_drafts/unfinished.md": post(title="草稿", body="还没写完。"),
            "_posts/notes.txt": "not a post\n",
            "postimg/a.png": png_bytes(),
        },
    )
