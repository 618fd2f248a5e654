"""`archiver publish`, end to end: the real huggingface_hub client against a local stand-in of the Hub's API.

Nothing here reaches the network: the stand-in (tests/hubstandin.py) listens on 127.0.0.1, and the client
is pointed at it with `endpoint=` (in process) or `HF_ENDPOINT` (subprocess), with Xet disabled so
uploads use plain LFS, which the stand-in speaks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from huggingface_hub import constants

from archiver.publish import PublishError, plan, publish
from archiver.release.fixity import files_under, sha256_file, write_bag, write_sums, write_tag_manifest
from archiver.release.verify import verify_release
from archiver.tables import SCHEMAS, TABLES
from tests.conftest import REPO, SAMPLE_POST, write_site
from tests.hubstandin import StandIn, git_blob_oid

TOKEN = "hf_TESTtokenNEVERprintedAnywhere0123"
REPO_ID = "archiver-test/demo"


# --- a small release that passes verify_release ------------------------------------------------------------


def make_release(
    dist: Path,
    version: str = "0.1.0",
    readme: str = "# demo\n",
    extra: dict[str, bytes] | None = None,
    name: str = "demo",
) -> Path:
    """A release folder as the release builder lays it out: Parquet shards, card, manifest, bag, SHA256SUMS.

    Written by hand from the project's own fixity helpers so these tests do not depend on collecting a
    site; `verify_release` (the lead's) is asserted to accept it.
    """
    folder = dist / f"{name}-{version}"
    tables = {}
    for table in ("posts", "images"):  # two LFS files; the third table has no shard and no rows
        shard = folder / "data" / table / "train-00000-of-00001.parquet"
        shard.parent.mkdir(parents=True)
        pq.write_table(pa.Table.from_batches([], schema=SCHEMAS[table]), shard)
        tables[table] = {"rows": 0, "files": [shard.relative_to(folder).as_posix()]}
    for table in TABLES:
        tables.setdefault(table, {"rows": 0, "files": []})
    (folder / "README.md").write_text(f"---\nlicense: other\n---\n{readme}", encoding="utf-8")
    for path, content in (extra or {}).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    hashes = {path: sha256_file(folder / path) for path in files_under(folder)}
    write_bag(folder, hashes, datetime(2024, 1, 2, tzinfo=UTC), folder.name)
    hashes = {path: sha256_file(folder / path) for path in files_under(folder)}
    files = [{"path": p, "bytes": size, "sha256": digest} for p, (digest, size) in sorted(hashes.items())]
    manifest = {"name": name, "version": version, "tables": tables, "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    hashes["manifest.json"] = sha256_file(folder / "manifest.json")
    write_tag_manifest(folder, hashes)
    write_sums(folder, hashes)
    assert verify_release(folder) == []
    return folder


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch):
    # The client reads these at import time; in this process they are set on its constants module.
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_XET", True)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)
    with StandIn(token=TOKEN) as standin:
        yield standin


def run(hub: StandIn, release: Path, **kwargs):
    """publish() against the stand-in, returning (result, printed lines)."""
    lines: list[str] = []
    kwargs = {"token": TOKEN, **kwargs}
    result = publish(release, REPO_ID, endpoint=hub.url, echo=lines.append, **kwargs)
    return result, lines


def hub_files(hub: StandIn, revision: str) -> dict[str, str]:
    """The stand-in's files at a revision: path -> sha256."""
    commit = hub.repo(REPO_ID).resolve(revision)
    assert commit is not None
    return {path: blob.sha256 for path, blob in commit.files.items()}


def local_files(release: Path) -> dict[str, str]:
    return {path: sha256_file(release / path)[0] for path in files_under(release)}


# --- plan and dry run ---------------------------------------------------------------------------------------


def test_dry_run_prints_the_plan_and_sends_nothing(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path)
    result, lines = run(hub, release, dry_run=True, token=None)
    output = "\n".join(lines)
    assert hub.requests == []
    assert result.status == "planned" and result.tag == "v0.1.0"
    assert "Release demo 0.1.0" in output and "v0.1.0" in output
    for path, digest in local_files(release).items():
        size = (release / path).stat().st_size
        assert any(line.split() == [str(size), digest, path] for line in lines), path


def test_plan_lists_every_file_with_both_digests(tmp_path: Path) -> None:
    release = make_release(tmp_path)
    the_plan = plan(release)
    assert {f.path for f in the_plan.files} == set(files_under(release))
    for file in the_plan.files:
        data = (release / file.path).read_bytes()
        assert (file.bytes, file.git_oid) == (len(data), git_blob_oid(data))
    assert the_plan.tag == "v0.1.0" and the_plan.commit_message == "Release demo 0.1.0"


def test_a_release_failing_verify_is_refused_before_any_request(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path)
    with open(release / "README.md", "a", encoding="utf-8") as handle:
        handle.write("tampered\n")
    with pytest.raises(PublishError, match="fails verify.*README.md"):
        run(hub, release)
    with pytest.raises(PublishError, match="fails verify"):
        run(hub, release, dry_run=True)
    assert hub.requests == []


# --- publishing ---------------------------------------------------------------------------------------------


def test_publish_is_one_commit_then_a_tag_with_exactly_these_operations(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path)
    result, lines = run(hub, release)

    routes = hub.routes()
    # The LFS uploads run in threads: their order varies, their number does not.
    assert routes[:5] == ["create_repo", "repo_info", "refs", "tree", "validate_yaml"]
    assert routes[5:7] == ["preupload", "lfs_batch"]
    assert Counter(routes[7:11]) == {"lfs_upload": 2, "lfs_verify": 2}
    assert routes[11:] == ["commit", "tree", "tag"]
    assert all(r.authorization == f"Bearer {TOKEN}" for r in hub.requests if r.route != "lfs_upload")

    repo = hub.repo(REPO_ID)
    history = repo.history()
    assert [c.summary for c in history] == ["Release demo 0.1.0", "initial commit"]
    assert repo.tags == {"v0.1.0": history[0].oid} and not repo.private
    assert result.status == "published" and result.commit == history[0].oid
    assert result.verified == len(files_under(release)) and result.mismatches == []
    assert hub.commit_headers == [
        {
            "summary": "Release demo 0.1.0",
            "description": plan(release).commit_description,
            "parentCommit": history[1].oid,
        }
    ]
    on_hub = hub_files(hub, "v0.1.0")
    assert on_hub.pop(".gitattributes") and on_hub == local_files(release)
    # The parquet shards went through LFS, the small text files as git blobs: both kinds were checked.
    assert {p for p, b in history[0].files.items() if b.lfs} == {
        "data/posts/train-00000-of-00001.parquet",
        "data/images/train-00000-of-00001.parquet",
    }
    count = len(files_under(release))
    summary = f"{count} of {count} files match the release (2 by LFS sha256, {count - 2} by git blob oid)"
    assert any(summary in line for line in lines), lines
    assert lines[-1] == f"published demo 0.1.0: {hub.url}/datasets/{REPO_ID}/tree/v0.1.0"


def test_a_release_from_the_real_builder_is_published_and_checked(hub: StandIn, tmp_path: Path) -> None:
    from archiver.metadata import ProjectSettings
    from archiver.release.build import build_release

    site = write_site(tmp_path / "raw", {"_posts/2021-09-07-a.md": SAMPLE_POST.read_text(encoding="utf-8")})
    built = build_release(site, tmp_path / "dist", settings=ProjectSettings.load(None), workers=1, echo=lambda _: None)
    result, lines = run(hub, built.folder)
    assert result.status == "published" and hub.routes().count("commit") == 1
    on_hub = hub_files(hub, result.tag)
    assert on_hub.pop(".gitattributes") and on_hub == local_files(built.folder)
    count = len(files_under(built.folder))
    assert any(f"{count} of {count} files match the release" in line for line in lines)
    again, _ = run(hub, built.folder)
    assert again.status == "unchanged"


def test_publishing_the_same_release_again_is_a_no_op(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path)
    first, _ = run(hub, release)
    hub.requests.clear()
    again, lines = run(hub, release)
    assert again.status == "unchanged" and again.commit == first.commit
    assert hub.routes() == ["create_repo", "repo_info", "refs", "tree"]
    assert len(hub.repo(REPO_ID).history()) == 2
    assert "identical content" in lines[-1]


def test_the_same_version_with_different_content_is_refused(hub: StandIn, tmp_path: Path) -> None:
    run(hub, make_release(tmp_path / "a"))
    changed = make_release(tmp_path / "b", readme="# demo, edited after release\n")
    hub.requests.clear()
    with pytest.raises(PublishError, match=r"already has v0\.1\.0 .* different content: .*README\.md"):
        run(hub, changed)
    assert "commit" not in hub.routes() and "tag" not in hub.routes()
    assert len(hub.repo(REPO_ID).history()) == 2


def test_a_new_version_is_one_commit_that_also_drops_removed_files(hub: StandIn, tmp_path: Path) -> None:
    run(hub, make_release(tmp_path, "0.1.0", extra={"notes/old.txt": b"only in 0.1.0\n"}))
    hub.requests.clear()
    newer = make_release(tmp_path, "0.2.0", readme="# demo 0.2\n")
    result, _ = run(hub, newer)

    repo = hub.repo(REPO_ID)
    assert [c.summary for c in repo.history()] == ["Release demo 0.2.0", "Release demo 0.1.0", "initial commit"]
    assert "notes/old.txt" in hub_files(hub, "v0.1.0") and "notes/old.txt" not in hub_files(hub, "v0.2.0")
    assert set(hub_files(hub, "v0.2.0")) == set(files_under(newer)) | {".gitattributes"}
    # The Parquet shards did not change: the Hub already had them, nothing was uploaded again.
    assert "lfs_upload" not in hub.routes() and hub.routes().count("commit") == 1
    assert result.status == "published" and repo.tags["v0.2.0"] == result.commit


def test_private_creates_a_private_repo_and_refuses_an_existing_public_one(hub: StandIn, tmp_path: Path) -> None:
    run(hub, make_release(tmp_path / "a"), private=True)
    assert hub.repo(REPO_ID).private

    other = "archiver-test/public"
    publish(make_release(tmp_path / "b"), other, token=TOKEN, endpoint=hub.url, echo=lambda _: None)
    with pytest.raises(PublishError, match="already exists and is public"):
        publish(
            make_release(tmp_path / "c", "0.2.0"),
            other,
            private=True,
            token=TOKEN,
            endpoint=hub.url,
            echo=lambda _: None,
        )
    assert list(hub.repo(other).tags) == ["v0.1.0"]


def test_files_the_hub_got_wrong_are_listed_and_the_commit_is_not_tagged(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path)
    hub.tamper = {"README.md", "data/posts/train-00000-of-00001.parquet"}
    lines: list[str] = []
    with pytest.raises(PublishError, match=r"differ from the release in 2 files; v0\.1\.0 not created"):
        publish(release, REPO_ID, token=TOKEN, endpoint=hub.url, echo=lines.append)
    assert any(line.startswith("  MISMATCH README.md: git blob on the Hub") for line in lines)
    assert any(
        line.startswith("  MISMATCH data/posts/train-00000-of-00001.parquet: sha256 on the Hub") for line in lines
    )
    count = len(files_under(release))
    assert lines[-1].endswith(
        f"{count - 2} of {count} files match the release (2 by LFS sha256, {count - 2} by git blob oid); 2 problems"
    )
    assert "tag" not in hub.routes() and hub.repo(REPO_ID).tags == {}


def test_an_older_version_is_not_published_over_a_newer_one(hub: StandIn, tmp_path: Path) -> None:
    run(hub, make_release(tmp_path, "0.2.0"))
    with pytest.raises(PublishError, match=r"newer release \(v0\.2\.0\); publishing 0\.1\.0"):
        run(hub, make_release(tmp_path, "0.1.0"))
    assert list(hub.repo(REPO_ID).tags) == ["v0.2.0"] and len(hub.repo(REPO_ID).history()) == 2


# --- failures and retries -----------------------------------------------------------------------------------


def test_a_rate_limited_commit_is_retried_and_lands_once(hub: StandIn, tmp_path: Path) -> None:
    hub.fail("commit", "429", retry_after=0)
    result, lines = run(hub, make_release(tmp_path))
    assert hub.routes().count("commit") == 2
    assert len(hub.repo(REPO_ID).history()) == 2 and result.status == "published"
    assert any("rate-limited by the Hub (HTTP 429)" in line and "so nothing landed: retrying" in line for line in lines)


def test_a_connection_dropped_before_the_commit_is_retried_and_lands_once(hub: StandIn, tmp_path: Path) -> None:
    hub.fail("commit", "drop")
    result, lines = run(hub, make_release(tmp_path))
    assert hub.routes().count("commit") == 2
    assert len(hub.repo(REPO_ID).history()) == 2
    assert hub.repo(REPO_ID).tags["v0.1.0"] == result.commit
    assert any("connection dropped" in line and "retrying" in line for line in lines)


def test_a_commit_whose_answer_was_lost_is_not_made_twice(hub: StandIn, tmp_path: Path) -> None:
    hub.fail("commit", "drop_after")
    result, lines = run(hub, make_release(tmp_path))
    # The commit landed but its answer was lost: main moved to a commit holding the release, so no retry.
    assert hub.routes().count("commit") == 1
    history = hub.repo(REPO_ID).history()
    assert len(history) == 2 and result.commit == history[0].oid == hub.repo(REPO_ID).tags["v0.1.0"]
    assert any("the commit landed, not retrying" in line for line in lines)


def test_a_concurrent_commit_makes_publish_stop_without_a_tag(hub: StandIn, tmp_path: Path) -> None:
    run(hub, make_release(tmp_path / "a"))
    # Someone else commits while we upload: our commit's parent is no longer main's head.
    hub.before("lfs_batch", lambda: hub.push(REPO_ID, {"other.txt": b"not ours\n"}))
    with pytest.raises(PublishError, match="moved from .* meanwhile"):
        run(hub, make_release(tmp_path / "b", "0.2.0", readme="# changed\n"))
    repo = hub.repo(REPO_ID)
    assert [c.summary for c in repo.history()][:2] == ["someone else's commit", "Release demo 0.1.0"]
    assert list(repo.tags) == ["v0.1.0"]


def test_rate_limits_and_lost_answers_elsewhere_are_retried_safely(hub: StandIn, tmp_path: Path) -> None:
    hub.fail("refs", "429", retry_after=0)
    hub.fail("tag", "drop_after")  # the tag is made, its answer lost: the retry's 409 is recognised
    hub.fail("preupload", "429", retry_after=0)  # the client itself retries this one
    result, lines = run(hub, make_release(tmp_path))
    assert result.status == "published"
    assert hub.routes().count("tag") == 2 and hub.routes().count("preupload") == 2
    assert hub.repo(REPO_ID).tags == {"v0.1.0": result.commit}
    assert any(line.startswith("read refs: rate-limited") for line in lines)
    assert any(line.startswith("tag v0.1.0: connection dropped") for line in lines)


# --- the command, as a user runs it -------------------------------------------------------------------------


def run_command(
    hub: StandIn, home: Path, *args: str, token_env: str | None = TOKEN, telemetry: bool = False
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_") and k != "TRANSFORMERS_OFFLINE"}
    env |= {
        "HF_ENDPOINT": hub.url,
        "HF_HUB_DISABLE_XET": "1",
        "HF_HOME": str(home),
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHONPATH": str(REPO),
    }
    if not telemetry:  # else the client also asks the Hub for its list of AI agents (GET /api/agent-harnesses)
        env["HF_HUB_DISABLE_TELEMETRY"] = "1"
    if token_env is not None:
        env["HF_TOKEN"] = token_env
    # `python -m archiver publish` once the lead registers the command; the same click object either way.
    return subprocess.run(
        [sys.executable, "-m", "archiver", "publish", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_never_shows_the_token(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path / "dist")
    home = tmp_path / "hf-home"
    hub.fail("commit", "drop")
    hub.fail("tag", "429", retry_after=0)
    done = run_command(hub, home, str(release), "--repo-id", REPO_ID)
    assert done.returncode == 0, done.stderr
    assert "published demo 0.1.0" in done.stdout and "retrying" in done.stdout
    assert hub.repo(REPO_ID).tags["v0.1.0"]

    again = run_command(hub, home, str(release), "--repo-id", REPO_ID, "--token", TOKEN, token_env=None)
    assert again.returncode == 0 and "nothing to do" in again.stdout

    # The token `hf auth login` saved: HF_HOME/token.
    login = tmp_path / "login-home"
    login.mkdir()
    (login / "token").write_text(TOKEN, encoding="utf-8")
    logged_in = run_command(hub, login, str(release), "--repo-id", REPO_ID, token_env=None)
    assert logged_in.returncode == 0 and "nothing to do" in logged_in.stdout

    wrong = "hf_WRONGtokenALSOneverPrinted9876"
    refused = run_command(hub, home, str(release), "--repo-id", REPO_ID, "--token", wrong, token_env=None)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: the Hub refused the token (HTTP 401)")

    # The token went to the Hub (the stand-in's log may hold it) and nowhere else.
    assert any(r.authorization == f"Bearer {TOKEN}" for r in hub.requests)
    for output in (done, again, logged_in, refused):
        for secret in (TOKEN, wrong):
            assert secret not in output.stdout + output.stderr
    for path in tmp_path.rglob("*"):
        if path.is_file() and path != login / "token":
            content = path.read_bytes()
            assert TOKEN.encode() not in content and wrong.encode() not in content, path


def test_the_command_errors_are_one_line(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path / "dist")
    home = tmp_path / "hf-home"
    no_token = run_command(hub, home, str(release), "--repo-id", REPO_ID, token_env=None)
    assert (no_token.returncode, no_token.stdout) == (1, "")
    assert no_token.stderr == "error: no Hugging Face token: pass --token, set HF_TOKEN, or run `hf auth login`\n"

    (release / "manifest.json").write_text("{}", encoding="utf-8")
    broken = run_command(hub, home, str(release), "--repo-id", REPO_ID)
    assert broken.returncode == 1 and broken.stderr.startswith("error: ") and broken.stderr.count("\n") == 1
    assert "fails verify" in broken.stderr and "Traceback" not in broken.stderr

    bad_id = run_command(hub, home, str(release), "--repo-id", "no-slash", "--dry-run")
    assert bad_id.returncode == 1 and bad_id.stderr == "error: --repo-id 'no-slash': expected ORG/NAME\n"
    assert hub.requests == []


def test_the_command_dry_run_prints_the_plan(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path / "dist")
    # Telemetry left on: a dry run builds no client at all, so even that request is not made.
    done = run_command(hub, tmp_path / "hf-home", str(release), "--repo-id", REPO_ID, "--dry-run", telemetry=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"plan: publish demo 0.1.0 to dataset {REPO_ID}")
    assert "tag:    v0.1.0" in done.stdout and "manifest.json" in done.stdout
    assert hub.requests == []
