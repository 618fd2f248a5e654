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


def tour_blocks() -> list[tuple[str, str]]:
    return [(language, body) for language, body in FENCE.findall(_section("A five-minute tour"))]


def test_the_install_line_is_the_readme_set_up() -> None:
    language, install = tour_blocks()[0]
    assert language == "sh" and "pip install" in install
    set_up = FENCE.findall(_section("Two commands"))[0][1]
    assert install.strip() + " && python -m archiver release" in set_up


def test_every_block_of_the_tour_runs(tmp_path: Path) -> None:
    write_sample_site(tmp_path / "raw")
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
    release, look, show, load, verify, publish = outputs
    assert release.splitlines()[-1] == "dist/my-archive-0.1.0"
    assert "晨读小站" in look and "posts-per-month.png" in look
    assert "河堤散步" in show and "line " in show
    assert "wechat" in load and "[(40, 30)]" in load
    assert verify.startswith("OK dist/my-archive-0.1.0.tar")
    assert "plan: publish my-archive 0.1.0 to dataset your-name/my-archive" in publish
