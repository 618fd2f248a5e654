"""Publish a verified release folder to a Hugging Face dataset repo: one commit, one tag, checked after upload.

Guarantees (each tested against a local stand-in of the Hub's API):
- a release that fails `verify` is refused before anything is sent;
- the whole release lands as ONE commit on `main` (`create_commit` with `parent_commit`, never
  `upload_folder`, which may split large uploads into several commits), and `main` then holds exactly
  the release: files of an earlier version that this one dropped are deleted in the same commit;
- the commit is tagged `vX.Y.Z` only after the Hub's sha256 of every file matched the release;
- a tag that already exists is a no-op when the Hub's files at it are identical, an error otherwise;
- retries never duplicate a commit: a failed commit is retried only while `main` is still at the parent
  it was made for, and `parent_commit` makes the Hub refuse it otherwise;
- the token is never printed: every line and error message goes through `archiver.errors.redact`.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from archiver import __version__
from archiver.errors import ArchiverError, counted, redact
from archiver.progress import track
from archiver.release.fixity import CHUNK, SUMS, files_under, parse_sums
from archiver.release.reading import manifest as read_manifest
from archiver.release.reading import require_release
from archiver.release.versions import Version, VersionError

REPO_TYPE = "dataset"
BRANCH = "main"
# Files the Hub manages itself: never part of a release, never deleted, never compared.
HUB_FILES = frozenset({".gitattributes"})
MAX_ATTEMPTS = 5
MAX_WAIT_SECONDS = 60.0
REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")

T = TypeVar("T")


class PublishError(ArchiverError):
    """Publishing cannot go on: one line for the user (never holding the token)."""


@dataclass(frozen=True)
class ReleaseFile:
    """One file of the release, with both digests the Hub may report for it."""

    path: str
    bytes: int
    sha256: str
    git_oid: str  # sha1 of the git blob: what the Hub reports for small files it keeps out of LFS


@dataclass(frozen=True)
class PublishPlan:
    """What `publish` would do with a release: also what `--dry-run` prints."""

    release: Path
    name: str
    version: str
    tag: str
    commit_message: str
    commit_description: str
    files: tuple[ReleaseFile, ...]
    top_digest: str = ""  # sha256 of SHA256SUMS: recorded in the tag message, outside the release

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)


@dataclass
class PublishResult:
    repo_id: str
    tag: str
    status: str  # "planned" (dry run), "published", or "unchanged" (the tag already held this release)
    commit: str | None = None
    url: str | None = None
    verified: int = 0  # files whose Hub digest matched
    mismatches: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    blob_id: str
    sha256: str | None  # only LFS files have one on the Hub


# --- the plan: local, no network ----------------------------------------------------------------------------


def plan(release: Path) -> PublishPlan:
    """Verify the release and describe the commit and tag that would publish it."""
    release = Path(release)
    if release.is_file():
        raise PublishError(f"{release}: publish takes the NAME-VERSION/ folder, not the tarball")
    require_release(release)
    from archiver.release.verify import verify_release

    problems = verify_release(release)
    if problems:
        listed = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise PublishError(f"{release} fails verify, refusing to publish it: {listed}")
    manifest = read_manifest(release)
    name, version = str(manifest.get("name", "")), str(manifest.get("version", ""))
    try:
        Version.parse(version)
    except VersionError as error:
        raise PublishError(f"{release}/manifest.json: {error}") from None
    if not name:
        raise PublishError(f"{release}/manifest.json: no name")

    # verify_release has just checked every byte against SHA256SUMS and the manifest; hashing again here
    # (once, both digests) catches a folder that changed since, and gives the git oids the Hub may report.
    sums = parse_sums((release / SUMS).read_text(encoding="utf-8"))
    listed_in_manifest = {entry["path"]: entry for entry in manifest.get("files", [])}
    files = []
    for path in track(files_under(release), "hash"):
        entry = _hash(release, path)
        expected = sums.get(path) if path != SUMS else entry.sha256
        in_manifest = listed_in_manifest.get(path, {})
        if expected != entry.sha256 or in_manifest.get("sha256", entry.sha256) != entry.sha256:
            raise PublishError(f"{release}/{path}: changed while preparing to publish; run verify again")
        if path in HUB_FILES:
            raise PublishError(f"{release}/{path}: the Hub manages this file itself; a release cannot carry it")
        files.append(entry)

    manifest_sha = next(f.sha256 for f in files if f.path == "manifest.json")
    top = next(f.sha256 for f in files if f.path == SUMS)
    description = (
        f"{name} {version}: {len(files)} files, {sum(f.bytes for f in files)} bytes.\n"
        f"manifest.json sha256 {manifest_sha}\n"
        f"top digest (sha256 of SHA256SUMS) {top}\n"
        f"Published by archiver {__version__}."
    )
    return PublishPlan(
        release=release,
        name=name,
        version=version,
        tag=f"v{version}",
        commit_message=f"Release {name} {version}",
        commit_description=description,
        files=tuple(files),
        top_digest=top,
    )


def tag_message(plan: PublishPlan) -> str:
    """The tag's message: it records the release's top digest outside the release, for `verify --expect`."""
    return f"{plan.name} {plan.version}\ntop digest (sha256 of SHA256SUMS): {plan.top_digest}"


def format_plan(plan: PublishPlan, repo_id: str, *, private: bool = False) -> list[str]:
    """The dry run's output: every file with its size and sha256, the commit message and the tag."""
    visibility = "private" if private else "public"
    lines = [
        f"plan: publish {plan.name} {plan.version} to dataset {repo_id} (created {visibility} if missing)",
        f"  commit on {BRANCH}: {plan.commit_message!r} (one commit; files not in the release are deleted)",
        f"  tag:    {plan.tag} (message records the top digest {plan.top_digest})",
        f"  files:  {len(plan.files)}, {plan.total_bytes} bytes",
    ]
    width = max(len(str(f.bytes)) for f in plan.files)
    lines += [f"    {f.bytes:>{width}}  {f.sha256}  {f.path}" for f in plan.files]
    return lines


def _hash(folder: Path, path: str) -> ReleaseFile:
    size = (folder / path).stat().st_size
    sha256, sha1 = hashlib.sha256(), hashlib.sha1(b"blob %d\0" % size)
    with open(folder / path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha256.update(chunk)
            sha1.update(chunk)
    return ReleaseFile(path, size, sha256.hexdigest(), sha1.hexdigest())


# --- publishing ---------------------------------------------------------------------------------------------


def publish(
    release: Path,
    repo_id: str,
    *,
    private: bool = False,
    dry_run: bool = False,
    token: str | None = None,
    endpoint: str | None = None,
    echo: Callable[[str], None] = print,
) -> PublishResult:
    """Publish `release` to the dataset repo `repo_id` as one commit tagged vX.Y.Z (see the module docstring).

    The token comes from `token`, else `HF_TOKEN`, else the huggingface_hub login; `endpoint` defaults to
    `HF_ENDPOINT` (else the public Hub). With `dry_run`, prints the plan and sends nothing.
    """
    if not REPO_ID.fullmatch(repo_id):
        raise PublishError(f"--repo-id {repo_id!r}: expected ORG/NAME")
    the_plan = plan(release)
    if dry_run:
        for line in format_plan(the_plan, repo_id, private=private):
            echo(line)
        return PublishResult(repo_id, the_plan.tag, "planned")

    from huggingface_hub import get_token

    given = token
    # HF_TOKEN is checked as it is: the client would quietly drop a line break from the middle of it.
    source = "--token" if given else "HF_TOKEN" if os.environ.get("HF_TOKEN") else "the saved login (`hf auth login`)"
    token = clean_token(given or os.environ.get("HF_TOKEN") or get_token(), source)
    if not token:
        raise PublishError("no Hugging Face token: pass --token, set HF_TOKEN, or run `hf auth login`")
    secrets = (token, given, os.environ.get("HF_TOKEN"))
    session = _Session(repo_id, token, endpoint, echo, secrets)
    try:
        return session.publish(the_plan, private=private)
    except PublishError as error:
        raise PublishError(redact(str(error), secrets)) from None
    except Exception as error:  # noqa: BLE001 - the client's errors become one redacted line
        raise PublishError(_describe(error, secrets)) from None


def clean_token(token: str | None, source: str) -> str | None:
    """The token without surrounding white space (a pasted token often ends in a line break); refused, with a
    message that never shows it, when what is left cannot go in an HTTP header."""
    if token is None:
        return None
    token = token.strip()
    for position, character in enumerate(token, start=1):
        if not " " < character < "\x7f":
            kind = _character_kind(character)
            raise PublishError(
                f"the token from {source} holds {kind} (character {position} of {len(token)}), which cannot go in "
                "an HTTP header: copy the token again"
            )
    return token or None


def _character_kind(character: str) -> str:
    if character in "\r\n":
        return "a line break"
    if character <= " " or character == "\x7f":
        return "a space or control character"
    return "a non-ASCII character"


def release_repo_id(release: Path) -> str:
    """The Hub repo a release was built for (`hub_repo_id` in its manifest's settings), for a missing --repo-id."""
    require_release(release)
    configured = (read_manifest(Path(release)).get("settings") or {}).get("hub_repo_id")
    if not configured:
        raise PublishError(f"{release}: built without hub_repo_id in [tool.archiver]; pass --repo-id ORG/NAME")
    return str(configured)


class _Session:
    """One publish run: the client, the repo, and the retry policy around every call to the Hub."""

    def __init__(
        self,
        repo_id: str,
        token: str,
        endpoint: str | None,
        echo: Callable[[str], None],
        secrets: tuple[str | None, ...] = (),
    ) -> None:
        from huggingface_hub import HfApi

        self.repo_id = repo_id
        self.token = token
        self.secrets = (token, *secrets)
        self.api = HfApi(endpoint=endpoint, token=token, library_name="archiver", library_version=__version__)
        self._echo = echo

    def say(self, line: str) -> None:
        self._echo(redact(line, self.secrets))

    def publish(self, plan: PublishPlan, *, private: bool) -> PublishResult:
        api, repo_id = self.api, self.repo_id
        self.say(
            f"publishing {plan.name} {plan.version} ({len(plan.files)} files, {plan.total_bytes} bytes) "
            f"to {api.endpoint}/datasets/{repo_id}"
        )
        self.call("create repo", lambda: api.create_repo(repo_id, repo_type=REPO_TYPE, private=private, exist_ok=True))
        info = self.call("read repo info", lambda: api.dataset_info(repo_id))
        if private and not info.private:
            # exist_ok leaves an existing repo as it is: never put a release meant to be private in public.
            raise PublishError(f"{repo_id} already exists and is public; refusing to publish with --private")
        tags, head = self.refs()

        if plan.tag in tags:
            return self._existing_tag(plan, tags[plan.tag])
        newer = sorted(v for v in map(_tag_version, tags) if v and v > Version.parse(plan.version))
        if newer:
            # main carries the latest release: an older one committed now would replace it there.
            raise PublishError(
                f"{repo_id} already has a newer release (v{newer[-1]}); publishing {plan.version} would put "
                "older data on main"
            )

        remote = self.files_at(head) if head else {}
        if head and not _differences(plan, remote):
            self.say(f"{BRANCH} already holds exactly this release at {head[:12]}: no new commit")
            commit = head
        else:
            commit = self.commit(plan, head, remote)
            self.say(f"committed {commit[:12]}: {plan.commit_message}")

        verified, mismatches = self.check(plan, commit)
        if mismatches:
            raise PublishError(
                f"the Hub's files at {commit[:12]} differ from the release in {counted(len(mismatches), 'file')}; "
                f"{plan.tag} not created (see above)"
            )
        self.tag(plan, commit)
        url = f"{api.endpoint}/datasets/{repo_id}/tree/{plan.tag}"
        self.say(f"published {plan.name} {plan.version}: {url}")
        return PublishResult(repo_id, plan.tag, "published", commit, url, verified)

    # --- steps ----------------------------------------------------------------------------------------------

    def refs(self) -> tuple[dict[str, str], str | None]:
        """(tag name -> commit, head of main), as the Hub has them now."""
        refs = self.call("read refs", lambda: self.api.list_repo_refs(self.repo_id, repo_type=REPO_TYPE))
        tags = {ref.name: ref.target_commit for ref in refs.tags}
        head = next((ref.target_commit for ref in refs.branches if ref.name == BRANCH), None)
        return tags, head

    def files_at(self, revision: str) -> dict[str, RemoteFile]:
        """The Hub's files at a revision, with their LFS sha256 where the Hub has one."""

        def listing() -> list[Any]:
            return list(
                self.api.list_repo_tree(
                    self.repo_id, repo_type=REPO_TYPE, revision=revision, recursive=True, expand=True
                )
            )

        files = {}
        for entry in self.call(f"list files at {revision[:12]}", listing):
            if hasattr(entry, "blob_id"):  # a RepoFile; folders have a tree_id instead
                sha256 = entry.lfs.sha256 if entry.lfs else None
                files[entry.path] = RemoteFile(entry.path, entry.size, entry.blob_id, sha256)
        return files

    def _existing_tag(self, plan: PublishPlan, target: str) -> PublishResult:
        differences = _differences(plan, self.files_at(plan.tag))
        if differences:
            raise PublishError(
                f"{self.repo_id} already has {plan.tag} (commit {target[:12]}) with different content: "
                f"{_listed(differences)}. "
                "A published version never changes: build a new version"
            )
        self.say(f"{plan.tag} is already on the Hub with identical content (commit {target[:12]}): nothing to do")
        url = f"{self.api.endpoint}/datasets/{self.repo_id}/tree/{plan.tag}"
        return PublishResult(self.repo_id, plan.tag, "unchanged", target, url, len(plan.files))

    def commit(self, plan: PublishPlan, head: str | None, remote: dict[str, RemoteFile]) -> str:
        """Create the one commit, retrying only while main is still at `head` (so nothing landed)."""
        from huggingface_hub import CommitOperationAdd, CommitOperationDelete

        deleted = sorted(set(remote) - {f.path for f in plan.files} - HUB_FILES)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            # Fresh operations each attempt: the client marks them as used and refuses to reuse them.
            operations: list[Any] = []
            for file in plan.files:
                addition = CommitOperationAdd(file.path, str(plan.release / file.path))
                addition.upload_info.sha256 = bytes.fromhex(file.sha256)  # known: no third hashing pass
                operations.append(addition)
            operations += [CommitOperationDelete(path) for path in deleted]
            try:
                info = self.api.create_commit(
                    self.repo_id,
                    operations,
                    commit_message=plan.commit_message,
                    commit_description=plan.commit_description,
                    repo_type=REPO_TYPE,
                    revision=BRANCH,
                    parent_commit=head,
                )
                return str(info.oid)
            except Exception as error:  # noqa: BLE001 - sorted below: retry, accept, or re-raise
                reason = _transient(error)
                if reason is None and _status(error) not in (409, 412):
                    raise
                failure = reason or f"refused (HTTP {_status(error)}: {BRANCH} is no longer at {_short(head)})"
                wait = _wait(error, attempt)
            # Did anything land? Only the Hub's current head can say.
            _, now = self.refs()
            if now == head:
                if reason is None or attempt == MAX_ATTEMPTS:
                    raise PublishError(
                        f"commit failed after {counted(attempt, 'attempt')}: {failure}; "
                        f"{BRANCH} is still at {_short(head)}, so nothing was committed"
                    )
                self.say(
                    f"commit: {failure}; {BRANCH} is still at {_short(head)}, so nothing landed: "
                    f"retrying in {wait:g}s (attempt {attempt + 1} of {MAX_ATTEMPTS})"
                )
                time.sleep(wait)
                continue
            if now and not _differences(plan, self.files_at(now)):
                self.say(
                    f"commit: {failure}; but {BRANCH} moved to {now[:12]}, which holds exactly this "
                    "release: the commit landed, not retrying"
                )
                return now
            raise PublishError(
                f"commit: {failure}; {BRANCH} moved from {_short(head)} to {_short(now)} meanwhile "
                "(another commit?) and does not hold this release; nothing was tagged: run publish again"
            )
        raise AssertionError("unreachable")

    def check(self, plan: PublishPlan, commit: str) -> tuple[int, list[str]]:
        """Compare the Hub's digest of every file at `commit` with the release; say what matched."""
        remote = self.files_at(commit)
        mismatches = _differences(plan, remote)
        for path, problem in mismatches:
            self.say(f"  MISMATCH {path}: {problem}")
        bad = {path for path, _ in mismatches}
        verified = sum(1 for f in plan.files if f.path not in bad)
        lfs = sum(1 for f in plan.files if f.path in remote and remote[f.path].sha256)
        self.say(
            f"checked on the Hub at {commit[:12]}: {verified} of {len(plan.files)} files match the release "
            f"({lfs} by LFS sha256, {len(plan.files) - lfs} by git blob oid)"
            + (f"; {counted(len(mismatches), 'problem')}" if mismatches else "")
        )
        return verified, [f"{path}: {problem}" for path, problem in mismatches]

    def tag(self, plan: PublishPlan, commit: str) -> None:
        from huggingface_hub.errors import HfHubHTTPError

        try:
            self.call(
                f"tag {plan.tag}",
                lambda: self.api.create_tag(
                    self.repo_id,
                    tag=plan.tag,
                    tag_message=tag_message(plan),
                    revision=commit,
                    repo_type=REPO_TYPE,
                ),
            )
        except HfHubHTTPError as error:
            if _status(error) != 409:
                raise
            # Exists: our own earlier attempt whose answer was lost, or someone else's tag.
            tags, _ = self.refs()
            if tags.get(plan.tag) != commit:
                raise PublishError(
                    f"{plan.tag} was created meanwhile on {_short(tags.get(plan.tag))}, not on "
                    f"{commit[:12]}; check the repo before publishing again"
                ) from None
        self.say(f"tagged {commit[:12]} as {plan.tag}")

    def call(self, what: str, action: Callable[[], T]) -> T:
        """Run one read or idempotent call, retrying rate limits, server errors and dropped connections."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return action()
            except Exception as error:  # noqa: BLE001 - re-raised unless transient
                reason = _transient(error)
                if reason is None or attempt == MAX_ATTEMPTS:
                    raise
                wait = _wait(error, attempt)
                self.say(f"{what}: {reason}; retrying in {wait:g}s (attempt {attempt + 1} of {MAX_ATTEMPTS})")
                time.sleep(wait)
        raise AssertionError("unreachable")


# --- helpers ------------------------------------------------------------------------------------------------


def _differences(plan: PublishPlan, remote: dict[str, RemoteFile]) -> list[tuple[str, str]]:
    """How the Hub's files differ from the release, as (path, problem); empty when identical."""
    problems = []
    for file in plan.files:
        hub = remote.get(file.path)
        if hub is None:
            problems.append((file.path, "missing on the Hub"))
        elif hub.sha256 is not None and hub.sha256 != file.sha256:
            problems.append((file.path, f"sha256 on the Hub {hub.sha256}, release {file.sha256}"))
        elif hub.sha256 is None and hub.blob_id != file.git_oid:
            problems.append((file.path, f"git blob on the Hub {hub.blob_id}, release {file.git_oid}"))
        elif hub.size != file.bytes:
            problems.append((file.path, f"{hub.size} bytes on the Hub, release {file.bytes}"))
    extra = sorted(set(remote) - {f.path for f in plan.files} - HUB_FILES)
    problems += [(path, "on the Hub but not in the release") for path in extra]
    return problems


def _listed(problems: list[tuple[str, str]], most: int = 3) -> str:
    shown = "; ".join(f"{path}: {problem}" for path, problem in problems[:most])
    return shown + (f"; and {len(problems) - most} more" if len(problems) > most else "")


def _causes(error: BaseException) -> Iterable[BaseException]:
    """The error and what it wraps: the client reports a failed LFS upload as a RuntimeError around it."""
    seen: BaseException | None = error
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def _status(error: BaseException) -> int | None:
    for cause in _causes(error):
        response = getattr(cause, "response", None)
        if response is not None and getattr(response, "status_code", None):
            return int(response.status_code)
    return None


def _transient(error: BaseException) -> str | None:
    """Why a failed call is worth retrying, or None if it is not."""
    status = _status(error)
    if status == 429:
        return "rate-limited by the Hub (HTTP 429)"
    if status in (408, 500, 502, 503, 504):
        return f"the Hub answered HTTP {status}"
    if status is None:
        for cause in _causes(error):
            if type(cause).__name__ in _TRANSPORT_ERRORS or isinstance(cause, (ConnectionError, TimeoutError)):
                return f"connection dropped ({type(cause).__name__})"
    return None


# httpx2's (huggingface_hub 2.x) and requests' (older releases) names for a failed exchange, matched by
# name so neither library needs importing here.
_TRANSPORT_ERRORS = frozenset(
    {
        "RemoteProtocolError",
        "ReadError",
        "WriteError",
        "ConnectError",
        "ReadTimeout",
        "WriteTimeout",
        "ConnectTimeout",
        "PoolTimeout",
        "NetworkError",
        "TimeoutException",
        "ChunkedEncodingError",
    }
)


def _wait(error: BaseException, attempt: int) -> float:
    """Seconds to wait: the Hub's Retry-After when it gives one, else exponential backoff."""
    for cause in _causes(error):
        response = getattr(cause, "response", None)
        value = response.headers.get("Retry-After") if response is not None else None
        if value is not None and value.strip().isdigit():
            return min(float(value), MAX_WAIT_SECONDS)
    return min(2.0 ** (attempt - 1), MAX_WAIT_SECONDS)


def _describe(error: BaseException, secrets: tuple[str | None, ...]) -> str:
    """A client error as one line: its message's lines joined (they hold the Hub's reasons), with context.

    Redacted before it is cut short: cut first, and the part of a token before the cut would show.
    """
    first = " ".join(line.strip() for line in str(error).splitlines() if line.strip()) or type(error).__name__
    first = redact(first, secrets)
    first = first if len(first) <= 500 else first[:497] + "..."
    status = _status(error)
    if status == 401:
        return f"the Hub refused the token (HTTP 401): check --token, HF_TOKEN or `hf auth login` ({first})"
    if status == 403:
        return f"the token may not write to this repo (HTTP 403): {first}"
    reason = _transient(error)
    if reason:
        return f"gave up after {MAX_ATTEMPTS} attempts: {reason}: {first}"
    return f"{type(error).__name__}: {first}"


def _tag_version(tag: str) -> Version | None:
    try:
        return Version.parse(tag[1:]) if tag.startswith("v") else None
    except VersionError:
        return None


def _short(oid: str | None) -> str:
    return oid[:12] if oid else "(no commit)"
