"""Interrupted, killed and concurrent runs, through the real CLI: nothing hangs, nothing is left, nothing is mixed.

Runs are stopped at named fault points (ARCHIVER_FAULT, archiver/faults.py), never after a sleep. Each
run gets its own session, so that its process group holds the command and its workers and nothing else:
an interrupt goes to the group as Ctrl-C would, and the group must be empty once the command is gone.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from archiver.processes import in_order, worker_pool
from archiver.release.verify import verify_release
from tests.conftest import REPO, post
from tests.processes import reap, wait_until_gone, zombies_in
from tests.test_release import make_project, tree_hashes

# Enough posts for the process pool (collect uses one from 64 candidates), in chunks of 16.
MANY = {f"_posts/2020-02-{i % 28 + 1:02d}-p{i}.md": post(title=f"t{i}", body="正文。" * 300) for i in range(200)}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_alone(*args: str, cwd: Path, fault: str | None = None, timeout: float = 300) -> Run:
    """Run the CLI in a session of its own; once it has ended, its whole process group must be gone too."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))}
    env.pop("ARCHIVER_FAULT", None)
    if fault:
        env["ARCHIVER_FAULT"] = fault
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver", *args],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:  # a hang fails the test, and leaves nothing running behind it
        if process.poll() is None:
            os.killpg(process.pid, 9)
            process.communicate()
        left = wait_until_gone(process.pid)
        reap(zombies_in(process.pid))
    assert left == [], f"{args[0]} ({fault}) left processes of its group running: {left}"
    return Run(process.returncode, stdout, stderr)


def listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_ctrl_c_during_collect_ends_cleanly_every_time(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", MANY)
    before = listing(project)
    for attempt in range(8):
        # A first release into a --dist that does not exist yet: the interrupt must leave no folder behind.
        done = run_alone(
            "release",
            "--raw",
            "raw",
            "--dist",
            "out/dist",
            "--workers",
            "2",
            "--no-cache",
            cwd=project,
            fault="collect-chunk:int",
        )
        assert (done.returncode, done.stderr) == (1, "error: interrupted\n"), (attempt, done.stderr)
        assert listing(project) == before, attempt  # no .building-*, no empty out/dist
    collected = run_alone(
        "collect", "--raw", "raw", "--out", "build", "--workers", "2", cwd=project, fault="collect-chunk:int"
    )
    assert (collected.returncode, collected.stderr) == (1, "error: interrupted\n")


def test_workers_die_with_their_killed_parent(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", MANY)
    for command in (["release", "--dist", "dist"], ["collect", "--out", "build"]):
        done = run_alone(*command, "--raw", "raw", "--workers", "2", cwd=project, fault="collect-chunk:kill")
        assert done.returncode == -9  # run_alone has checked that no worker of it is left
    assert not (project / "dist/demo-1.0.0").exists()


def test_interrupt_after_collect_leaves_the_file_system_as_found(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    before = listing(project)
    done = run_alone(
        "release", "--raw", "raw", "--dist", "new/dist", "--no-cache", cwd=project, fault="release-staged:int"
    )
    assert (done.returncode, done.stderr) == (1, "error: interrupted\n")
    assert listing(project) == before
    # Into a DIST that holds a release already: that is left as it was, byte for byte (the reading cache,
    # build/cache, is kept on purpose: it makes the next run faster and never changes its bytes).
    assert run_alone("release", "--raw", "raw", "--dist", "dist", "--version", "0.9.0", cwd=project).returncode == 0
    earlier = tree_hashes(project / "dist")
    done = run_alone("release", "--raw", "raw", "--dist", "dist", cwd=project, fault="release-staged:int")
    assert (done.returncode, done.stderr) == (1, "error: interrupted\n")
    assert tree_hashes(project / "dist") == earlier
    assert sorted(p.name for p in (project / "dist").iterdir()) == [
        "demo-0.9.0",
        "demo-0.9.0.tar",
        "demo-0.9.0.tar.sha256",
    ]


def test_ctrl_c_while_a_release_is_put_in_place_waits_for_it_to_be_whole(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    done = run_alone("release", "--raw", "raw", "--dist", "dist", cwd=project, fault="release-tarball-placed:int")
    assert (done.returncode, done.stderr) == (1, "error: interrupted\n")
    assert verify_release(project / "dist/demo-1.0.0") == [] and verify_release(project / "dist/demo-1.0.0.tar") == []
    assert not [p for p in (project / "dist").iterdir() if p.name.startswith(".")]


def _members(tarball: Path) -> dict[str, str]:
    with tarfile.open(tarball) as tar:
        return {
            m.name.split("/", 1)[1]: hashlib.sha256(tar.extractfile(m).read()).hexdigest()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile()
        }


def test_concurrent_releases_of_one_version_never_mix(tmp_path: Path) -> None:
    """Two releases of one version at once into one DIST, 20 times: with the same content, then with another."""
    dist = tmp_path / "dist"
    first, twin, other = (make_project(tmp_path / name) for name in ("a", "a2", "b"))
    (other / "raw/_posts/2020-01-03-second.md").write_text(post(title="另一个版本"), encoding="utf-8")
    for attempt in range(20):
        identical = attempt % 2 == 0
        version = f"1.0.{attempt}"
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "archiver",
                    "release",
                    "--raw",
                    "raw",
                    "--dist",
                    str(dist),
                    "--version",
                    version,
                ],
                cwd=project,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for project in (first, twin if identical else other)
        ]
        outputs = [p.communicate(timeout=300) for p in processes]
        runs = [(p.returncode, out, err) for p, (out, err) in zip(processes, outputs, strict=True)]
        created = [run for run in runs if run[0] == 0 and "released demo-" in run[1]]
        assert len(created) == 1, (attempt, runs)
        code, out, err = next(run for run in runs if run is not created[0])
        if identical:  # the loser is told, and changes nothing
            assert code == 0 and f"demo-{version} already exists with identical content: nothing to do" in out, err
        else:
            assert code == 1 and "already released with different content" in err, (attempt, out, err)
            assert "Traceback" not in err
        folder, tarball = dist / f"demo-{version}", dist / f"demo-{version}.tar"
        assert _members(tarball) == tree_hashes(folder), attempt  # the tarball holds exactly the folder
        sidecar = (dist / f"demo-{version}.tar.sha256").read_text()
        assert sidecar == f"{hashlib.sha256(tarball.read_bytes()).hexdigest()}  {tarball.name}\n"
        assert not [p.name for p in dist.iterdir() if p.name.startswith(".")], attempt
    assert verify_release(dist / "demo-1.0.1") == [] and verify_release(dist / "demo-1.0.1.tar") == []


def test_the_suite_fails_when_a_test_leaves_a_process(tmp_path: Path) -> None:
    """The session guard (tests/processes.py) names, kills and reaps what a test left, and fails the run."""
    marker = tmp_path / "pid"
    (tmp_path / "test_leaky.py").write_text(
        "import subprocess\n\n"
        "def test_leaves_an_orphan():\n"
        "    shell = 'sleep 300 >/dev/null 2>&1 & echo $!'  # the shell exits: its sleep is an orphan\n"
        "    out = subprocess.run(['sh', '-c', shell], capture_output=True, text=True)\n"
        f"    open({str(marker)!r}, 'w').write(out.stdout.strip())\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.processes", "-p", "no:cacheprovider", "test_leaky.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "the tests left 1 process(es) running" in done.stdout and "sleep 300" in done.stdout
    assert not Path(f"/proc/{marker.read_text()}").exists()


def test_results_known_already_keep_their_place_among_the_pools_results() -> None:
    calls = [(pow, (2, n)) if n % 3 else (None, (f"known {n}",)) for n in range(12)]
    expected = [f"known {n}" if n % 3 == 0 else 2**n for n in range(12)]
    assert list(in_order(None, calls)) == expected
    with worker_pool(2) as pool:
        assert list(in_order(pool, calls)) == expected
