"""The README's five-minute tour, run block by block as a reader would, so that it cannot drift from the tool."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.sample_site import write_sample_site

FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def _section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def tour_blocks() -> list[tuple[str, str]]:
    return [(language, body) for language, body in FENCE.findall(_section("A five-minute tour"))]


def test_the_install_line_is_the_readme_set_up() -> None:
    language, install = tour_blocks()[0]
    assert language == "sh" and "pip install" in install
    set_up = FENCE.findall(_section("Two commands"))[0][1]
    assert install.strip() + " && python -m archiver release" in set_up


def test_every_block_of_the_tour_runs(tmp_path: Path) -> None:
    shim = tmp_path / "bin" / "archiver"  # `archiver` as pip installs it, running this checkout
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m archiver "$@"\n')
    shim.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "HF_HOME": str(tmp_path / "hf"),  # datasets' cache, away from the user's
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
    }
    outputs = []
    for language, body in tour_blocks()[1:]:
        command = {"sh": ["bash", "-euo", "pipefail", "-c", body], "python": [sys.executable, "-c", body]}[language]
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{body}\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout)
    sample, release, look, show, load, verify, publish = outputs
    assert sample.strip() == "sample" and (tmp_path / "sample/_posts/2018-03-05-b.md").is_file()
    again = write_sample_site(tmp_path / "again")  # the command writes what the tests' sample site is
    assert _files(tmp_path / "sample") == _files(again)
    # and it needs only what requirements.lock installs: no pytest
    without_pytest = (
        "import sys, runpy; sys.modules['pytest'] = None; runpy.run_module('tests.sample_site', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", without_pytest, "third"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and _files(tmp_path / "third") == _files(again), done.stderr
    assert release.splitlines()[-1] == "dist/my-archive-0.1.0"
    summary = release.splitlines()[-2].split(";")[0]  # the tour quotes it, so the counts a reader sees agree
    assert summary.startswith("10 posts") and f"`{summary}`" in _section("A five-minute tour"), summary
    assert "晨读小站" in look and "posts-per-month.png" in look
    assert "河堤散步" in show and "line " in show
    assert "wechat" in load and "[(40, 30)]" in load
    assert verify.startswith("OK dist/my-archive-0.1.0.tar")
    assert "plan: publish my-archive 0.1.0 to dataset your-name/my-archive" in publish
