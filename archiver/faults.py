"""Named fault points: `ARCHIVER_FAULT=POINT:ACTION` makes the process signal itself when it reaches POINT.

The kill and interrupt tests use them to stop a run at an exact step instead of sleeping and hoping.
ACTION is `kill` (SIGKILL to this process: a crash, a power cut) or `int` (SIGINT to this process's
group: what Ctrl-C in a terminal sends, to the parent and its workers alike). Unset, they cost one
dictionary lookup. The points are listed in POINTS and named in the README.
"""

from __future__ import annotations

import os
import signal

FAULT = "ARCHIVER_FAULT"
POINTS = (
    "collect-chunk",  # collect: the first chunk is written, workers are busy with the next ones
    "release-staged",  # release: everything built and the tarball written, nothing in place yet
    "release-tarball-placed",  # release: the tarball is in place, its folder not yet
)


def fault_point(name: str) -> None:
    """Signal this process as ARCHIVER_FAULT asks, if it names this point."""
    spec = os.environ.get(FAULT)
    if not spec:
        return
    point, _, action = spec.partition(":")
    if point != name:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "int":
        os.killpg(os.getpgid(0), signal.SIGINT)
