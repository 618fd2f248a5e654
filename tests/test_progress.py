"""Progress bars: on stderr when it is a terminal, never with --quiet, never in piped output."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.conftest import REPO, run_cli
from tests.sample_site import write_sample_site

BAR = "%|"  # tqdm's bar: percentage, then the bar itself


def on_terminal(*args: str) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (80 columns), as in an interactive shell."""
    master, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "archiver", *args],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
    ) as process:
        os.close(follower)
        seen = b""
        while True:
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: every writer of the terminal has gone
                break
            if not data:
                break
            seen += data
        stdout = process.stdout.read().decode() if process.stdout else ""
    os.close(master)
    return process.returncode, stdout, seen.decode(errors="replace")


def test_release_and_verify_show_bars_on_a_terminal_only(tmp_path: Path) -> None:
    site = write_sample_site(tmp_path / "site")
    code, stdout, stderr = on_terminal(
        "release", "--raw", str(site), "--dist", str(tmp_path / "a"), "--version", "1.0.0"
    )
    assert code == 0, stderr
    for step in ("discover", "collect:", "hash:", "figures:", "tar:"):
        assert step in stderr, step
    assert BAR in stderr and BAR not in stdout
    assert stdout.splitlines()[-1] == str(tmp_path / "a" / "terminus-archive-1.0.0")  # the path is still last

    code, _, stderr = on_terminal("verify", str(tmp_path / "a" / "terminus-archive-1.0.0.tar"))
    assert code == 0 and "verify:" in stderr and BAR in stderr

    piped = run_cli("release", "--raw", str(site), "--dist", str(tmp_path / "b"), "--version", "1.0.0")
    assert piped.returncode == 0 and BAR not in piped.stderr and "\r" not in piped.stderr


def test_quiet_silences_the_bars(tmp_path: Path) -> None:
    site = write_sample_site(tmp_path / "site")
    code, stdout, stderr = on_terminal("collect", "--raw", str(site), "--out", str(tmp_path / "out"), "--quiet")
    assert code == 0, stderr
    assert BAR not in stderr and "discover" not in stderr and "\r" not in stderr
    assert "posts" in stdout
    code, _, stderr = on_terminal("verify", "-q", str(tmp_path / "missing"))
    assert code == 1 and BAR not in stderr and "error:" in stderr
