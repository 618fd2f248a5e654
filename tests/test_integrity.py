"""What a careful forger or a hostile tree could try, through the real CLI: each is caught or has no effect.

Forged rows with every file sum resealed, an extra tar member, a release swapped for another (caught by
its top digest recorded outside it), and a raw tree whose own .git/config would run a program.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import bagit
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from archiver.release.fixity import files_under, sha256_file, write_bag, write_sums, write_tag_manifest
from tests.conftest import run_cli
from tests.test_release import make_project, release, tree_hashes

POSTS = "data/posts/train-00000-of-00001.parquet"
IMAGES = "data/images/train-00000-of-00001.parquet"


def top_digest(folder: Path) -> str:
    return hashlib.sha256((folder / "SHA256SUMS").read_bytes()).hexdigest()


def reseal(folder: Path) -> None:
    """Recompute every file-level sum of a release as a careful forger would: bag, manifest.json, SHA256SUMS."""
    hashes = {p: sha256_file(folder / p) for p in files_under(folder) if p not in ("SHA256SUMS", "manifest.json")}
    write_bag(folder, hashes, datetime(2020, 1, 1, tzinfo=UTC), folder.name)
    hashes = {p: sha256_file(folder / p) for p in files_under(folder) if p not in ("SHA256SUMS", "manifest.json")}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"] for entry in manifest["files"]}
    manifest["files"] = [
        {"path": p, "bytes": size, "sha256": digest} for p, (digest, size) in sorted(hashes.items()) if p in listed
    ]
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    hashes["manifest.json"] = sha256_file(folder / "manifest.json")
    write_tag_manifest(folder, hashes)
    hashes["tagmanifest-sha256.txt"] = sha256_file(folder / "tagmanifest-sha256.txt")
    write_sums(folder, hashes)


def forge(folder: Path, shard: str, column: str, change) -> None:
    """Replace one column of row 0 of a shard by `change(value)`, keeping every other column and the schema."""
    table = pq.read_table(folder / shard)
    values = table.column(column).to_pylist()
    values[0] = change(values[0])
    index = table.schema.get_field_index(column)
    table = table.set_column(index, table.schema.field(index), pa.array(values, type=table.schema.field(index).type))
    pq.write_table(table, folder / shard)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, str]:
    project = make_project(tmp_path / "p")
    done = release(project)
    assert done.returncode == 0, done.stderr
    folder = project / "dist" / "demo-1.0.0"
    return folder, done.stdout


def test_verify_recomputes_row_digests_and_catches_a_resealed_forgery(built: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = built
    for shard, column, change in (
        (POSTS, "raw", lambda raw: raw.replace("第一篇".encode(), "第二篇".encode())),  # same size, other bytes
        (IMAGES, "image", lambda image: {**image, "bytes": image["bytes"][:-1] + b"\x00"}),
    ):
        forged = tmp_path / f"forged-{column}" / folder.name
        shutil.copytree(folder, forged)
        forge(forged, shard, column, change)
        reseal(forged)
        # Every file-level check the world has passes: only the rows' own digests can tell.
        assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=forged).returncode == 0
        bagit.Bag(str(forged)).validate()
        done = run_cli("verify", str(forged))
        assert done.returncode == 1, done.stdout
        table = shard.split("/")[1]
        assert f"BAD data/{table} row 0 (" in done.stdout and "do not match the row's sha256" in done.stdout
        assert "Traceback" not in done.stderr
        # Restore refuses it too, and writes nothing.
        out = tmp_path / f"restored-{column}"
        refused = run_cli("restore", str(forged), str(out))
        assert refused.returncode == 1 and "fails verify, refusing to restore it" in refused.stderr
        assert not out.exists()


def test_verify_expect_checks_the_top_digest(built: tuple[Path, str], tmp_path: Path) -> None:
    folder, output = built
    digest = top_digest(folder)
    assert f"top digest (sha256 of SHA256SUMS): {digest}" in output  # printed by release, to be kept elsewhere
    for target in (folder, folder.with_name("demo-1.0.0.tar")):
        ok = run_cli("verify", "--expect", digest.upper(), str(target))
        assert ok.returncode == 0 and ok.stdout.startswith(f"OK {target}"), ok.stdout + ok.stderr
    # A release forged and resealed whole passes every check but this one.
    forged = tmp_path / "forged" / folder.name
    shutil.copytree(folder, forged)
    (forged / "README.md").write_text("a different card\n", encoding="utf-8")
    reseal(forged)
    assert run_cli("verify", str(forged)).returncode == 0
    caught = run_cli("verify", "--expect", digest, str(forged))
    assert caught.returncode == 1 and f"BAD SHA256SUMS: sha256 {top_digest(forged)}, expected {digest}" in caught.stdout
    bad = run_cli("verify", "--expect", "12ab", str(folder))
    assert (bad.returncode, bad.stderr) == (1, "error: --expect '12ab': expected the 64 hex digits of a sha256\n")


def test_the_next_release_records_the_previous_top_digest(built: tuple[Path, str]) -> None:
    folder, _ = built
    project = folder.parent.parent
    (project / "raw/_posts/2020-01-09-more.md").write_text("---\ntitle: 又一篇\n---\n正文。\n", encoding="utf-8")
    assert release(project, "--bump", "minor").returncode == 0
    changelog = (project / "dist/demo-1.1.0/CHANGELOG.md").read_text(encoding="utf-8")
    assert f"1.0.0's top digest (sha256 of its SHA256SUMS): `{top_digest(folder)}`" in changelog
    assert f"archiver verify --expect {top_digest(folder)} RELEASE" in changelog


def test_restore_refuses_a_tarball_with_an_extra_member(built: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = built
    tampered = tmp_path / "demo-1.0.0.tar"
    with tarfile.open(folder.with_name("demo-1.0.0.tar")) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member) if member.isfile() else None)
        extra = b"---\ntitle: planted\n---\n"
        info = tarfile.TarInfo("demo-1.0.0/_posts/2020-01-01-planted.md")
        info.size = len(extra)
        target.addfile(info, io.BytesIO(extra))
    verified = run_cli("verify", str(tampered))
    assert verified.returncode == 1 and "BAD _posts/2020-01-01-planted.md: extra file" in verified.stdout
    out = tmp_path / "out"
    done = run_cli("restore", str(tampered), str(out))
    assert done.returncode == 1, done.stdout
    assert "fails verify, refusing to restore it: _posts/2020-01-01-planted.md: extra file" in done.stderr
    assert not out.exists()
    # The untouched tarball restores.
    assert run_cli("restore", str(folder.with_name("demo-1.0.0.tar")), str(tmp_path / "ok")).returncode == 0
    assert "_posts/2020-01-02-first.md" in tree_hashes(tmp_path / "ok")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to build the hostile repository")
def test_a_hostile_git_config_in_the_raw_tree_runs_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    raw, marker = project / "raw", tmp_path / "ran"
    program = tmp_path / "evil.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    program.chmod(0o755)

    def git(*args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=raw, capture_output=True, check=True, **kwargs)

    git("init", "-q", ".")
    git("add", "-A")
    tree = git("write-tree", text=True).stdout.strip()
    signed = (  # a commit carrying a signature, so that showing signatures calls gpg.program
        f"tree {tree}\nauthor A <a@example.org> 1600000000 +0000\ncommitter A <a@example.org> 1600000000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    commit = git("hash-object", "-t", "commit", "-w", "--stdin", input=signed, text=True).stdout.strip()
    git("update-ref", "HEAD", commit)
    for key, value in (
        ("log.showSignature", "true"),
        ("gpg.program", str(program)),
        ("core.fsmonitor", str(program)),
        ("core.pager", str(program)),
        ("core.hooksPath", str(tmp_path)),
        ("diff.external", str(program)),
    ):
        git("config", key, value)
    git("log", "-1", "--format=%ct", "--", ".")  # the trap is real: git itself runs the program
    assert marker.exists()
    marker.unlink()
    done = release(project)
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), "a program named by the raw tree's .git/config was run"
    assert verify_ok(project / "dist/demo-1.0.0")


def verify_ok(folder: Path) -> bool:
    return run_cli("verify", str(folder)).returncode == 0


def test_verify_numbers_a_forged_row_after_the_first_right(built: tuple[Path, str], tmp_path: Path) -> None:
    # verify reads the stored bytes a batch at a time: the row it names is the row's own number in the table,
    # here its last image.
    folder, _ = built
    forged = tmp_path / "forged-last" / folder.name
    shutil.copytree(folder, forged)
    table = pq.read_table(forged / IMAGES)
    values = table.column("image").to_pylist()
    last = max(i for i, value in enumerate(values) if value is not None)
    values[last] = {**values[last], "bytes": values[last]["bytes"][:-1] + b"\x01"}
    index = table.schema.get_field_index("image")
    table = table.set_column(index, table.schema.field(index), pa.array(values, type=table.schema.field(index).type))
    pq.write_table(table, forged / IMAGES)
    reseal(forged)
    done = run_cli("verify", str(forged))
    assert done.returncode == 1, done.stdout
    assert f"BAD data/images row {last} (" in done.stdout
    assert sum("do not match the row's sha256" in line for line in done.stdout.splitlines()) == 1


def test_rows_are_the_tables_rows_whatever_the_batch(built: tuple[Path, str]) -> None:
    from archiver.release.reading import rows

    folder, _ = built
    for table in ("posts", "images"):
        whole = pq.read_table(folder / f"data/{table}/train-00000-of-00001.parquet").to_pylist()
        assert len(whole) > 1
        for batch_rows in (1, 2, 3, 256):
            assert list(rows(folder, table, batch_rows=batch_rows)) == whole
        assert list(rows(folder, table, ["post_id"])) == [{"post_id": row["post_id"]} for row in whole]
        assert list(rows(folder, table, [])) == [{} for _ in whole]
