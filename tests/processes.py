"""Processes the tests start: find them in /proc, wait until they are gone, and make sure none outlives the suite.

The session guard (a pytest plugin: conftest.py loads it) makes the pytest process a child subreaper, so
that a worker whose parent a test killed is re-parented to pytest instead of to init. At the end of the
session every descendant still there is named, killed and reaped, and the session fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>
PROC = Path("/proc")


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a process, or None once it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ", whatever comm holds
    return fields[0], int(fields[1]), int(fields[2])


def _pids() -> Iterator[int]:
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            yield int(entry.name)


def command_line(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def in_group(group: int) -> list[int]:
    """Live (not zombie) processes in a process group."""
    found = []
    for pid in _pids():
        stat = _stat(pid)
        if stat is not None and stat[2] == group and stat[0] != "Z":
            found.append(pid)
    return found


def descendants(root: int) -> list[int]:
    """Every process below `root`, zombies included."""
    children: dict[int, list[int]] = {}
    for pid in _pids():
        stat = _stat(pid)
        if stat is not None:
            children.setdefault(stat[1], []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_until_gone(group: int, seconds: float = 30.0) -> list[int]:
    """Wait (bounded) until no live process is left in `group`; what is still there after `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := in_group(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def zombies_in(group: int) -> list[int]:
    """Exited but not yet reaped processes of a process group (workers adopted by the subreaper, say)."""
    return [pid for pid in _pids() if (stat := _stat(pid)) is not None and stat[2] == group and stat[0] == "Z"]


def reap(pids: list[int]) -> None:
    """Collect the exit status of those of `pids` that are our children (adopted workers included)."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    for pid in pids:
        while time.monotonic() < deadline and (stat := _stat(pid)) is not None and stat[0] != "Z":
            time.sleep(0.01)
    reap(pids)


def adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux); False where that is not possible."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """After the suite, no process it started may be left: any that is, is named, killed, and fails the run."""
    adopt_orphans()
    yield
    me = os.getpid()
    left = [pid for pid in descendants(me) if (stat := _stat(pid)) is not None and stat[0] != "Z"]
    named = [f"{pid} ({command_line(pid)})" for pid in left]
    kill_all(left)
    reap(descendants(me))  # zombies of adopted workers, too
    if left:
        pytest.fail(f"the tests left {len(left)} process(es) running: {'; '.join(named)}", pytrace=False)
