"""Reproducible across installs: the recorded environment, `archiver rebuild`, one voice for users."""

from __future__ import annotations

import hashlib
import json
import platform
import re
import shutil
import tomllib
from pathlib import Path

import pyarrow as pa

from tests.conftest import REPO, post, run_cli, write_site
from tests.test_release import make_project, release


def test_manifest_records_the_environment_settings_and_zone(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    done = release(project, "--date", "2024-05-06")
    assert done.returncode == 0, done.stderr
    manifest = json.loads((project / "dist/demo-1.0.0/manifest.json").read_text())
    environment = manifest["environment"]
    assert environment["python"] == platform.python_version()
    assert environment["packages"]["pyarrow"] == pa.__version__
    assert set(environment["packages"]) >= {"pyarrow", "Pillow", "PyYAML"}
    assert len(environment["rule_data"]["sha256"]) == 64
    assert manifest["settings"]["hub_repo_id"] == "demo-org/demo" and manifest["timezone"] == "Asia/Shanghai"
    assert manifest["released"] == "2024-05-06T00:00:00Z"
    assert manifest["datasheet_template"].startswith("# Datasheet")


def test_release_date_is_the_first_builds_and_a_rebuild_of_the_version_keeps_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project, "--date", "2023-01-02").returncode == 0
    again = release(project)  # no --date: the date of the first build of 1.0.0, so nothing changes
    assert again.returncode == 0 and "identical content" in again.stdout
    assert release(project, "--date", "2023-01-03").returncode == 1  # a new date is new content
    bad = release(project, "--date", "yesterday")
    assert bad.returncode == 1 and bad.stderr == "error: --date 'yesterday': expected YYYY-MM-DD\n"


def test_release_warns_when_the_parquet_writer_changed_since_the_previous_release(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    path = project / "dist/demo-1.0.0/manifest.json"
    manifest = json.loads(path.read_text())
    manifest["parquet"]["writer"] = "parquet-cpp-arrow version 1.0.0"
    path.write_text(json.dumps(manifest))
    done = release(project, "--bump", "minor")
    assert done.returncode == 0, done.stderr
    assert "warning: 1.0.0 was written by parquet-cpp-arrow version 1.0.0" in done.stdout
    assert "every Parquet file will differ" in done.stdout
    quiet = release(project, "--bump", "minor")  # 1.1.0 was written by this writer: no warning
    assert quiet.returncode == 0 and "warning" not in quiet.stdout


def test_every_command_gives_one_message_for_a_folder_that_is_not_a_release(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    good = str(project / "dist/demo-1.0.0")
    empty = tmp_path / "empty"
    empty.mkdir()
    expected = f"error: {empty}: not a release (expected a NAME-VERSION/ folder with manifest.json, or its .tar)\n"
    for args in (
        ["verify", str(empty)],
        ["diff", str(empty), good],
        ["diff", good, str(empty)],
        ["restore", str(empty), str(tmp_path / "out")],
        ["publish", str(empty), "--dry-run", "--repo-id", "a/b"],
        ["release", "--raw", str(project / "raw"), "--dist", str(tmp_path / "d2"), "--previous", str(empty)],
    ):
        done = run_cli(*args, cwd=project)
        assert (done.returncode, done.stderr) == (1, expected), args
    missing = run_cli("verify", str(tmp_path / "nowhere"))
    assert missing.stderr == expected.replace(str(empty), str(tmp_path / "nowhere"))


def test_publish_dry_run_takes_the_repo_id_the_release_was_built_with(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    done = run_cli("publish", str(project / "dist/demo-1.0.0"), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "demo-org/demo" in done.stdout


def test_release_output_ends_with_notes_a_summary_line_and_the_path(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "raw/_config.yml").write_text("title: x\n", encoding="utf-8")  # no timezone
    (project / "pyproject.toml").write_text('[tool.archiver]\nname = "demo"\nversion = "1.0.0"\n', encoding="utf-8")
    done = release(project, "--dataset-version", "2.0.0")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == str(project / "dist/demo-2.0.0")
    assert lines[-2].startswith("2 posts (1 repost), 1 reject, 2 images (1 present); provenance: platform 50%")
    notes = done.stderr.strip().splitlines()
    assert len(notes) == 6
    assert notes[3].startswith("note: 1 file rejected, kept as rows of ")
    assert notes[4:6] == ["  rejected:", notes[5]] and notes[5].startswith("    _posts/notes.txt: not_a_post: ")
    assert "sets no timezone, so dates without one were read in Asia/Shanghai" in notes[0]
    assert "citation fields unset in [tool.archiver]: repository, hub_repo_id, authors" in notes[1]
    assert "no CITATION.cff is written (the format requires authors)" in notes[1]
    # the configuration exists, so the note says what to add to it, and where, rather than to run init
    assert notes[1].endswith(
        f"(to set them, add to [tool.archiver] in {project / 'pyproject.toml'}: "
        'repository = "https://…", hub_repo_id = "ORG/NAME", authors = ["Your Name"])'
    )
    assert "archiver init" not in done.stderr
    assert notes[2].startswith('note: unset in [tool.archiver], so the documents use the defaults: pretty_name = "')
    for used in ('license = "other"', 'license_name = "archival-copies"', 'tags = ["archive", "wechat"'):
        assert used in notes[2]
    assert not (project / "dist/demo-2.0.0/CITATION.cff").exists()
    assert run_cli("verify", str(project / "dist/demo-2.0.0.tar")).returncode == 0
    manifest = json.loads((project / "dist/demo-2.0.0/manifest.json").read_text())
    card = (project / "dist/demo-2.0.0/README.md").read_text()
    assert manifest["timezone"] == "Asia/Shanghai" and "ORG/NAME" not in card and "huggingface.co" not in card


def test_help_names_the_tools_version_and_the_datasets_version_apart_and_cuts_nothing() -> None:
    top = run_cli("--help", env={"COLUMNS": "80"}).stdout
    assert "..." not in top.split("Commands:")[1]
    assert "Show the tool's own version" in top
    assert "reproducible release." in top  # the release command's whole first line
    sub = " ".join(run_cli("release", "--help").stdout.split())
    assert "--dataset-version, --version X.Y.Z" in sub and "not the tool's version" in sub


def _pins(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)", line)
        if found:
            pins[found.group(1).lower().replace("_", "-")] = found.group(2)
    return pins


def test_the_locks_pin_every_dependency_with_hashes_and_agree() -> None:
    runtime, test = _pins(REPO / "requirements.lock"), _pins(REPO / "requirements-test.lock")
    with open(REPO / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]

    def name(requirement: str) -> str:
        return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")

    assert {name(r) for r in project["dependencies"]} <= set(runtime)
    assert {name(r) for r in project["optional-dependencies"]["test"]} <= set(test)
    assert {package: test[package] for package in runtime} == runtime  # tests run what releases are built with
    for lock in ("requirements.lock", "requirements-test.lock"):
        text = (REPO / lock).read_text(encoding="utf-8")
        requirements = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
        assert all(re.match(r"^[A-Za-z0-9_.-]+==[^ ;]+", line) for line in requirements), lock  # exact pins only
        assert text.count("--hash=sha256:") >= len(requirements)


def test_rebuild_of_a_folder_a_tarball_and_a_hub_download_is_identical(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    folder = project / "dist/demo-1.0.0"
    for target in (folder, project / "dist/demo-1.0.0.tar"):
        done = run_cli("rebuild", str(target))
        assert done.returncode == 0, done.stderr
        files = sum(1 for path in folder.rglob("*") if path.is_file())
        assert done.stdout.startswith(f"identical: {files} files, byte for byte")
    # a Hub tag downloaded to a folder: any name, and the Hub's own files beside the release's
    hub = tmp_path / "downloaded"
    shutil.copytree(folder, hub)
    (hub / ".gitattributes").write_text("*.parquet filter=lfs\n", encoding="utf-8")
    (hub / ".cache/huggingface").mkdir(parents=True)
    done = run_cli("rebuild", str(hub))
    assert done.returncode == 0 and done.stdout.startswith("identical"), done.stdout + done.stderr


def test_rebuild_names_what_differs_and_why(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    copy = tmp_path / "copy"
    shutil.copytree(project / "dist/demo-1.0.0", copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["environment"]["packages"]["pyarrow"] = "15.0.0"
    (copy / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    done = run_cli("rebuild", str(copy))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "DIFFERS manifest.json: recorded environment differ; "
        f"writer version: pyarrow 15.0.0 there, {pa.__version__} here"
    ]
    files = sum(1 for path in copy.rglob("*") if path.is_file())
    assert done.stderr.splitlines()[-1] == f"error: {copy}: the rebuild differs in 1 of {files} files"
    # another raw tree: the tables and everything listing them differ, and the cause says so
    (project / "raw/_posts/2020-01-03-second.md").write_text("---\ntitle: 改过了\n---\n改过了。\n", encoding="utf-8")
    done = run_cli("rebuild", str(project / "dist/demo-1.0.0"), "--raw", str(project / "raw"))
    assert done.returncode == 1
    differing = dict(line.removeprefix("DIFFERS ").split(": ", 1) for line in done.stdout.splitlines())
    assert differing["data/posts/train-00000-of-00001.parquet"].startswith("raw tree: the raw files differ")
    assert differing["SHA256SUMS"] == "lists the hashes of the files above"
    assert "raw" in differing["manifest.json"] and "data/rejects/train-00000-of-00001.parquet" not in differing


def test_rebuild_names_each_reject_it_could_not_restore_and_why(tmp_path: Path) -> None:
    (tmp_path / "away.md").write_text("kept away", encoding="utf-8")
    project = make_project(tmp_path / "p")
    (project / "raw/_posts/2020-01-09-away.md").symlink_to(tmp_path / "away.md")
    assert release(project).returncode == 0
    done = run_cli("rebuild", str(project / "dist/demo-1.0.0"))
    assert done.returncode == 1
    # The link's reject row holds no bytes: the restored tree cannot have it, and the report says which and why.
    assert "_posts/2020-01-09-away.md (symlink_outside_site)" in done.stderr
    differing = dict(line.removeprefix("DIFFERS ").split(": ", 1) for line in done.stdout.splitlines())
    assert "no bytes in the release" in differing["data/rejects/train-00000-of-00001.parquet"]
    assert not any(cause.startswith("unknown") for cause in differing.values())
    restored = run_cli("restore", str(project / "dist/demo-1.0.0"), str(tmp_path / "r"))
    assert "_posts/2020-01-09-away.md (symlink_outside_site)" in restored.stdout


def test_rebuild_against_its_previous_release_and_refusing_another(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    (project / "raw/_posts/2020-01-03-second.md").write_text("---\ntitle: 改过了\n---\n改过了。\n", encoding="utf-8")
    first, second = project / "dist/demo-1.0.0", project / "dist/demo-1.1.0"
    done = release(project, "--dataset-version", "1.1.0", "--previous", str(first))
    assert done.returncode == 0, done.stderr
    done = run_cli("rebuild", str(second), "--previous", str(first))
    assert done.returncode == 0 and done.stdout.startswith("identical"), done.stdout + done.stderr
    # the wrong previous is named before anything is built, not blamed on the environment afterwards
    done = run_cli("rebuild", str(second), "--previous", str(second))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: {second}: --previous is demo 1.1.0, but {second} was built against demo 1.0.0: pass that "
        "release, or leave --previous out to take CHANGELOG.md from the release\n"
    )
    done = run_cli("rebuild", str(first), "--previous", str(second) + ".tar")
    assert done.returncode == 1
    assert done.stderr.endswith("is a first release (it was built against no previous one): leave --previous out\n")
    done = run_cli("rebuild", str(second), "--previous", str(tmp_path / "nowhere"))
    assert (done.returncode, done.stderr.count("\n")) == (1, 1) and "not a release" in done.stderr


def test_rebuild_refuses_what_is_not_a_release_in_one_line(tmp_path: Path) -> None:
    done = run_cli("rebuild", str(tmp_path))
    assert (done.returncode, done.stderr.count("\n")) == (1, 1) and "not a release" in done.stderr


def test_init_writes_a_configuration_and_a_datasheet_that_release_insists_are_filled(tmp_path: Path) -> None:
    project = tmp_path / "My Archive"
    write_site(project / "raw", {"_posts/2020-01-02-a.md": post()})
    done = run_cli("init", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"wrote {project / 'pyproject.toml'}",
        f"wrote {project / 'DATASHEET.md'}",
        "next: fill both, then `archiver release --raw raw`",
    ]
    with open(project / "pyproject.toml", "rb") as handle:
        assert tomllib.load(handle)["tool"]["archiver"] == {"name": "my-archive", "version": "0.1.0"}
    refused = run_cli("release", cwd=project)
    datasheet = (project / "DATASHEET.md").read_text(encoding="utf-8")
    questions = [(n, line) for n, line in enumerate(datasheet.split("\n"), 1) if "TO FILL" in line]
    assert len(questions) == 7 and refused.returncode == 1 and not (project / "dist").exists()
    # every question left, each as file:line, then the one error line: no traceback, all answered in one pass
    assert refused.stderr.splitlines() == [
        *(f"  {project / 'DATASHEET.md'}:{n}: {line}" for n, line in questions),
        f"error: {project / 'DATASHEET.md'}: 7 datasheet questions are not answered yet (TO FILL), listed above",
    ]
    marker, answer = r"<!-- TO FILL: (.*?) -->", r"Answered: \1"
    (project / "DATASHEET.md").write_text(re.sub(marker, answer, datasheet, count=6))  # all but the last
    one_left = run_cli("release", cwd=project)
    assert one_left.returncode == 1 and one_left.stderr == (
        f"error: {project / 'DATASHEET.md'}:{questions[-1][0]}: a datasheet question is not answered yet (TO FILL)\n"
    )
    (project / "DATASHEET.md").write_text(re.sub(marker, answer, datasheet))
    done = run_cli("release", "--date", "2024-01-01", cwd=project)
    assert done.returncode == 0, done.stderr
    written = (project / "dist/my-archive-0.1.0/DATASHEET.md").read_text(encoding="utf-8")
    assert "Answered: what the archive is" in written and "${" not in written and "TO FILL" not in written
    assert "citation fields unset in [tool.archiver]: repository, hub_repo_id, authors" in done.stderr
    again = run_cli("init", cwd=project)
    assert again.stdout.splitlines()[:2] == [
        f"kept {project / 'pyproject.toml'} (already there)",
        f"kept {project / 'DATASHEET.md'} (already there)",
    ]


def test_a_site_without_configuration_is_told_so(tmp_path: Path) -> None:
    write_site(tmp_path / "raw", {"_posts/2020-01-02-a.md": post()})
    done = run_cli("release", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no pyproject.toml with [tool.archiver]" in done.stderr and "archiver init" in done.stderr
    card = (tmp_path / "dist/archive-0.1.0/README.md").read_text(encoding="utf-8")
    assert "ORG/NAME" not in card and "huggingface.co/datasets" not in card
    assert "@misc{archive_0_1_0," in card and "author =" not in card  # no authors configured, none invented


def _one_line_naming(done, name: str) -> None:  # noqa: ANN001 - a CompletedProcess
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1 and name in done.stderr, done.stderr


def test_a_damaged_table_or_manifest_is_named_in_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert release(project).returncode == 0
    good = project / "dist/demo-1.0.0"
    shard = "data/posts/train-00000-of-00001.parquet"
    junk = tmp_path / "junk" / "demo-1.0.0"
    shutil.copytree(good, junk)
    (junk / shard).write_bytes(b"not a parquet file, only words")
    shutil.make_archive(str(tmp_path / "junk"), "tar", tmp_path / "junk", "demo-1.0.0")
    for args in (["stats", str(junk)], ["duplicates", str(junk)], ["diff", str(good), str(junk)]):
        _one_line_naming(run_cli(*args), f"{junk / shard}: not a readable Parquet file")
    _one_line_naming(run_cli("show", str(junk), "2020-01-02-first.md"), f"{junk / shard}")
    # in a tarball, the file is named inside it, not in the scratch folder it was unpacked into
    _one_line_naming(run_cli("stats", str(tmp_path / "junk.tar")), f"{tmp_path / 'junk.tar'}: demo-1.0.0/{shard}")
    for damage, text in (("deep", "[" * 100_000), ("cut", (good / "manifest.json").read_text()[:200])):
        damaged = tmp_path / damage
        shutil.copytree(good, damaged)
        (damaged / "manifest.json").write_text(text, encoding="utf-8")
        named = f"{damaged / 'manifest.json'}: not valid JSON"
        _one_line_naming(run_cli("stats", str(damaged)), named)
        _one_line_naming(run_cli("diff", str(good), str(damaged)), named)
        done = run_cli("verify", str(damaged))
        assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1
        assert f"BAD {named}" in done.stdout
    recorded = json.loads((good / "manifest.json").read_text(encoding="utf-8"))
    # the words of check_timezone, the one check of a zone, as for a site's own setting
    for zone, said in (("localtime", "unknown timezone 'localtime'"), (["Asia/Shanghai"], "timezone must be")):
        (damaged / "manifest.json").write_text(json.dumps({**recorded, "timezone": zone}), encoding="utf-8")
        _one_line_naming(run_cli("stats", str(damaged)), f"{damaged / 'manifest.json'}: {said}")


def test_previous_may_be_a_tarball_and_a_stray_manifest_in_dist_is_named(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    env = {"SOURCE_DATE_EPOCH": "1600000000"}
    assert release(project, env=env).returncode == 0
    (project / "raw/_posts/2020-01-03-second.md").write_text("---\ntitle: 改过了\n---\n改过了。\n", encoding="utf-8")
    first = project / "dist/demo-1.0.0"
    shas = []
    for given, dist in ((first, "by-folder"), (Path(f"{first}.tar"), "by-tarball")):
        done = run_cli(
            "release", "--raw", str(project / "raw"), "--dist", str(project / dist), "--version", "1.1.0",
            "--previous", str(given), cwd=project, env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        shas.append(hashlib.sha256((project / dist / "demo-1.1.0.tar").read_bytes()).hexdigest())
    assert shas[0] == shas[1]
    done = run_cli("rebuild", str(project / "by-tarball/demo-1.1.0.tar"), "--previous", f"{first}.tar", env=env)
    assert done.returncode == 0 and done.stdout.startswith("identical"), done.stdout + done.stderr
    stray = project / "dist/demo-9.9.9"
    stray.mkdir()
    (stray / "manifest.json").write_text("{}", encoding="utf-8")
    _one_line_naming(
        release(project, "--bump", "patch", env=env), "demo-9.9.9/manifest.json: records no name and version"
    )
