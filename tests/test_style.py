"""The code keeps the project's style: ruff's lint rules and format (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_ruff_check_and_format() -> None:
    for command in (["check", "archiver", "tests", "bench"], ["format", "--check", "archiver", "tests", "bench"]):
        done = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
