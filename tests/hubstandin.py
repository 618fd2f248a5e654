"""A local stand-in for the Hugging Face Hub's HTTP API, for end-to-end tests of `archiver publish`.

The real `huggingface_hub` client talks to it over HTTP on 127.0.0.1 (point `HF_ENDPOINT` or
`HfApi(endpoint=...)` at `StandIn.url`). It implements only the routes that `create_repo`,
`list_repo_refs`, `list_repo_tree`, `get_paths_info`, `create_commit` (preupload, LFS batch/upload/verify,
README validation, NDJSON commit) and `create_tag` use in huggingface_hub 2.x, with plain LFS uploads:
the client must run with Xet disabled (`HF_HUB_DISABLE_XET=1`), since nothing here speaks Xet.

It keeps one in-memory git-like history per repo (commits with parents, files with sha256 and git blob
oid, branches, tags), records every request, can be told to fail the next N requests of a route (429
with Retry-After, or a dropped connection before or after the request took effect), and enforces
`parentCommit` the way the Hub does, so retries can be tested for duplicates.

It is a test fixture, not a product: no pagination, no PRs, no permissions beyond one bearer token.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

# What the Hub's default dataset .gitattributes sends to LFS, plus its size and binary rules.
LFS_SUFFIXES = (".parquet", ".arrow", ".zip", ".gz", ".tar", ".png", ".jpg", ".jpeg", ".webp", ".bin")
LFS_MIN_SIZE = 10 * 1024 * 1024
GITATTRIBUTES = b"*.parquet filter=lfs diff=lfs merge=lfs -text\n*.arrow filter=lfs diff=lfs merge=lfs -text\n"


def git_blob_oid(data: bytes) -> str:
    """What git (and the Hub, for non-LFS files) calls a file's oid: sha1 of a 'blob' object."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def lfs_pointer(sha256: str, size: int) -> bytes:
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()


@dataclass(frozen=True)
class Blob:
    """A file as the Hub stores it: LFS files are a pointer in git and the bytes in LFS storage."""

    size: int
    sha256: str
    lfs: bool
    oid: str  # git blob oid: of the content, or of the LFS pointer

    @classmethod
    def regular(cls, data: bytes) -> Blob:
        return cls(len(data), hashlib.sha256(data).hexdigest(), False, git_blob_oid(data))

    @classmethod
    def large(cls, sha256: str, size: int) -> Blob:
        return cls(size, sha256, True, git_blob_oid(lfs_pointer(sha256, size)))

    def info(self, path: str) -> dict[str, Any]:
        """The JSON the tree and paths-info routes give for a file."""
        entry: dict[str, Any] = {"type": "file", "oid": self.oid, "size": self.size, "path": path}
        if self.lfs:
            pointer = lfs_pointer(self.sha256, self.size)
            entry["lfs"] = {"oid": self.sha256, "size": self.size, "pointerSize": len(pointer)}
        return entry


@dataclass
class Commit:
    oid: str
    parent: str | None
    summary: str
    files: dict[str, Blob]


@dataclass
class Repo:
    repo_id: str
    private: bool
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    tag_messages: dict[str, str | None] = field(default_factory=dict)

    def resolve(self, revision: str) -> Commit | None:
        """A branch, a tag, or a (possibly abbreviated) commit oid, as the Hub accepts them."""
        oid = self.branches.get(revision) or self.tags.get(revision)
        if oid is None and re.fullmatch(r"[0-9a-f]{7,40}", revision):
            matches = [c for c in self.commits if c.startswith(revision)]
            oid = matches[0] if len(matches) == 1 else None
        return self.commits.get(oid) if oid else None

    def history(self, branch: str = "main") -> list[Commit]:
        """Commits of a branch, newest first."""
        chain, oid = [], self.branches.get(branch)
        while oid:
            chain.append(self.commits[oid])
            oid = self.commits[oid].parent
        return chain


@dataclass
class Fault:
    route: str
    kind: str  # "429", "drop" (before the request takes effect) or "drop_after" (after it did)
    times: int
    retry_after: int


class HTTPError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.extra = status, message, code, extra


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    route: str
    authorization: str | None


class StandIn:
    """The server, its state and its request log. Use as a context manager, or start()/stop()."""

    def __init__(self, token: str = "hf_standin_token") -> None:
        self.token = token
        self.repos: dict[str, Repo] = {}
        self.lfs: dict[str, int] = {}  # LFS storage: sha256 -> size
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.hooks: dict[str, list[Callable[[], object]]] = {}  # route -> one-shot actions run before it
        self.commit_headers: list[dict[str, Any]] = []  # the header line of every commit request
        self.tamper: set[str] = set()  # paths the Hub stores wrongly: for the after-upload check
        self.lock = threading.Lock()  # one request changes the state at a time, like one git ref update
        self._counter = 0
        handler = type("Handler", (_Handler,), {"standin": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # A short poll interval: shutdown() waits for it, once per test.
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- for tests -------------------------------------------------------------------------------

    def fail(self, route: str, kind: str = "429", times: int = 1, retry_after: int = 0) -> None:
        """Answer the next `times` requests of `route` (see `_route`) with a 429 or a dropped connection; or
        "echo": a 400 whose long message repeats the request's Authorization header, plain and escaped (a
        careless server or proxy), so that the token sits where a message is cut short."""
        assert kind in ("429", "drop", "drop_after", "echo"), kind
        self.faults.append(Fault(route, kind, times, retry_after))

    def before(self, route: str, action: Callable[[], object]) -> None:
        """Run `action` once, just before the next request of `route` is served (e.g. a concurrent push)."""
        self.hooks.setdefault(route, []).append(action)

    def routes(self) -> list[str]:
        """The routes requested so far, in order: the operations the client performed."""
        return [r.route for r in self.requests]

    def repo(self, repo_id: str) -> Repo:
        return self.repos[repo_id]

    def push(self, repo_id: str, files: dict[str, bytes], summary: str = "someone else's commit") -> str:
        """Commit as another client would (test setup): replaces the whole tree but .gitattributes."""
        with self.lock:
            repo = self.repos[repo_id]
            head = repo.commits[repo.branches["main"]]
            tree = {".gitattributes": head.files[".gitattributes"]}
            for path, data in files.items():
                if path.endswith(LFS_SUFFIXES):
                    sha = hashlib.sha256(data).hexdigest()
                    self.lfs[sha] = len(data)
                    tree[path] = Blob.large(sha, len(data))
                else:
                    tree[path] = Blob.regular(data)
            return self._commit(repo, head.oid, summary, tree).oid

    # --- state changes ---------------------------------------------------------------------------

    def _commit(self, repo: Repo, parent: str | None, summary: str, files: dict[str, Blob]) -> Commit:
        self._counter += 1
        seed = json.dumps([repo.repo_id, parent, summary, self._counter, sorted(files)]).encode()
        commit = Commit(hashlib.sha1(seed).hexdigest(), parent, summary, files)
        repo.commits[commit.oid] = commit
        repo.branches["main"] = commit.oid
        return commit

    def _take_fault(self, route: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.route == route and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None


# The routes, matched on (method, path); the name is what tests assert on.
ROUTES: list[tuple[str, str, re.Pattern[str]]] = [
    ("POST", "create_repo", re.compile(r"^/api/repos/create$")),
    ("POST", "validate_yaml", re.compile(r"^/api/validate-yaml$")),
    ("GET", "repo_info", re.compile(r"^/api/datasets/(?P<repo>[^/]+/[^/]+)(?:/revision/(?P<rev>[^/]+))?$")),
    ("GET", "refs", re.compile(r"^/api/datasets/(?P<repo>[^/]+/[^/]+)/refs$")),
    ("GET", "tree", re.compile(r"^/api/datasets/(?P<repo>[^/]+/[^/]+)/tree/(?P<rev>[^/]+)(?:/(?P<path>.*))?$")),
    ("POST", "paths_info", re.compile(r"^/api/datasets/(?P<repo>[^/]+/[^/]+)/paths-info/(?P<rev>[^/]+)$")),
    ("POST", "preupload", re.compile(r"^/api/datasets/(?P<repo>[^/]+/[^/]+)/preupload/(?P<rev>[^/]+)$")),
    ("POST", "commit", re.compile(r"^/api/datasets/(?P<repo>[^/]+/[^/]+)/commit/(?P<rev>[^/]+)$")),
    ("POST", "tag", re.compile(r"^/api/datasets/(?P<repo>[^/]+/[^/]+)/tag/(?P<rev>[^/]+)$")),
    ("POST", "lfs_batch", re.compile(r"^/datasets/(?P<repo>[^/]+/[^/]+)\.git/info/lfs/objects/batch$")),
    ("PUT", "lfs_upload", re.compile(r"^/lfs-storage/(?P<oid>[0-9a-f]{64})$")),
    ("POST", "lfs_verify", re.compile(r"^/lfs-verify$")),
]


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn
    protocol_version = "HTTP/1.1"  # keep-alive, as the real client expects; every answer has a length
    disable_nagle_algorithm = True  # headers and body go out as two writes: without this, 40 ms per request

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the request log is self.standin.requests

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        body = self._read_body()
        route, params = "unknown", {}
        for route_method, name, pattern in ROUTES:
            if method == route_method and (match := pattern.match(url.path)):
                route, params = name, {k: unquote(v) for k, v in match.groupdict().items() if v is not None}
                break
        standin = self.standin
        with standin.lock:
            standin.requests.append(Request(method, url.path, route, self.headers.get("Authorization")))
        with standin.lock:
            hooks = standin.hooks.pop(route, [])
        for hook in hooks:
            hook()
        fault = standin._take_fault(route)
        if fault and fault.kind == "429":
            return self._answer(429, {"error": "Too Many Requests"}, {"Retry-After": str(fault.retry_after)})
        if fault and fault.kind == "drop":
            return self._drop()
        if fault and fault.kind == "echo":
            auth = self.headers.get("Authorization") or ""
            echoed = f"{'x' * 440} rejected header {auth} (json {json.dumps(auth)}, url {quote(auth, safe='')})"
            return self._answer(400, {"error": echoed}, {"X-Error-Message": echoed})
        try:
            if route == "unknown":
                raise HTTPError(404, f"stand-in has no route for {method} {url.path}")
            if route not in ("lfs_upload",) and self.headers.get("Authorization") != f"Bearer {standin.token}":
                raise HTTPError(401, "Invalid credentials in Authorization header")
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            with standin.lock:
                status, payload = getattr(self, f"_{route}")(params, query, body)
        except HTTPError as error:
            headers = {"X-Error-Message": error.message} | ({"X-Error-Code": error.code} if error.code else {})
            return self._answer(error.status, {"error": error.message, **error.extra}, headers)
        if fault and fault.kind == "drop_after":
            return self._drop()  # the change is made; the answer is lost on the way back
        self._answer(status, payload)

    # --- plumbing --------------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _drop(self) -> None:
        """Close the connection without a word: the client sees 'server disconnected'."""
        self.close_connection = True
        with contextlib.suppress(OSError):  # already gone is as good as closed
            self.connection.shutdown(socket.SHUT_RDWR)

    def _repo(self, params: dict[str, str]) -> Repo:
        repo = self.standin.repos.get(params["repo"])
        if repo is None:
            raise HTTPError(404, "Repository not found", "RepoNotFound")
        return repo

    def _revision(self, repo: Repo, revision: str) -> Commit:
        commit = repo.resolve(revision)
        if commit is None:
            raise HTTPError(404, f"Invalid rev id: {revision}", "RevisionNotFound")
        return commit

    # --- routes: each returns (status, JSON payload) and runs under the state lock ---------------

    def _create_repo(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        request = json.loads(body)
        if request.get("type") != "dataset":
            raise HTTPError(400, "the stand-in only hosts datasets")
        repo_id = f"{request['organization']}/{request['name']}"
        url = f"{self.standin.url}/datasets/{repo_id}"
        if repo_id in self.standin.repos:
            # The Hub names the existing repo in its 409, and the client reads that url even then.
            raise HTTPError(409, "You already created this dataset repo", url=url)
        repo = Repo(repo_id, private=request.get("visibility") == "private")
        self.standin.repos[repo_id] = repo
        # The Hub starts every repo with a commit holding its .gitattributes.
        self.standin._commit(repo, None, "initial commit", {".gitattributes": Blob.regular(GITATTRIBUTES)})
        return 200, {"url": url, "name": repo_id}

    def _validate_yaml(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        return 200, {"errors": [], "warnings": []}

    def _repo_info(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        repo = self._repo(params)
        commit = self._revision(repo, params.get("rev", "main"))
        return 200, {"id": repo.repo_id, "sha": commit.oid, "private": repo.private}

    def _refs(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        repo = self._repo(params)

        def refs(kind: str, names: dict[str, str]) -> list[dict[str, str]]:
            return [{"name": n, "ref": f"refs/{kind}/{n}", "targetCommit": oid} for n, oid in names.items()]

        return 200, {"branches": refs("heads", repo.branches), "tags": refs("tags", repo.tags), "converts": []}

    def _tree(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        commit = self._revision(self._repo(params), params["rev"])
        base = params.get("path", "").strip("/")
        prefix = f"{base}/" if base else ""
        recursive = query.get("recursive", "").lower() == "true"
        entries, folders = [], set()
        for path, blob in sorted(commit.files.items()):
            if not path.startswith(prefix):
                continue
            parts = path[len(prefix) :].split("/")
            # Folders between `base` and the file: all of them when recursive, else only the first.
            for depth in range(1, len(parts) if recursive else min(2, len(parts))):
                folders.add(prefix + "/".join(parts[:depth]))
            if recursive or len(parts) == 1:
                entries.append(blob.info(path))
        entries += [
            {"type": "directory", "oid": hashlib.sha1(f.encode()).hexdigest(), "size": 0, "path": f}
            for f in sorted(folders)
        ]
        return 200, entries

    def _paths_info(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        commit = self._revision(self._repo(params), params["rev"])
        paths = parse_qs(body.decode()).get("paths", [])
        return 200, [commit.files[p].info(p) for p in paths if p in commit.files]

    def _preupload(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        commit = self._revision(self._repo(params), params["rev"])
        answers = []
        for file in json.loads(body)["files"]:
            path, size = file["path"], file["size"]
            binary = b"\0" in base64.b64decode(file["sample"])
            mode = "lfs" if path.endswith(LFS_SUFFIXES) or size >= LFS_MIN_SIZE or binary else "regular"
            existing = commit.files.get(path)
            # The Hub tells the client what it already has, so unchanged files are left out of the commit.
            oid = None if existing is None else (existing.sha256 if existing.lfs else existing.oid)
            answers.append({"path": path, "uploadMode": mode, "shouldIgnore": False, "oid": oid})
        return 200, {"files": answers}

    def _lfs_batch(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        self._repo(params)
        request = json.loads(body)
        assert request["operation"] == "upload", request
        objects = []
        for obj in request["objects"]:
            answer: dict[str, Any] = {"oid": obj["oid"], "size": obj["size"], "authenticated": True}
            if obj["oid"] not in self.standin.lfs:  # stored objects get no actions: nothing to upload
                answer["actions"] = {
                    "upload": {"href": f"{self.standin.url}/lfs-storage/{obj['oid']}"},
                    "verify": {"href": f"{self.standin.url}/lfs-verify"},
                }
            objects.append(answer)
        return 200, {"transfer": "basic", "objects": objects}

    def _lfs_upload(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        if hashlib.sha256(body).hexdigest() != params["oid"]:
            raise HTTPError(400, "uploaded content does not match its oid")
        self.standin.lfs[params["oid"]] = len(body)
        return 200, {}

    def _lfs_verify(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        request = json.loads(body)
        if self.standin.lfs.get(request["oid"]) != request["size"]:
            raise HTTPError(404, "object not found")
        return 200, {}

    def _commit(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        repo = self._repo(params)
        branch = params["rev"]
        if branch not in repo.branches:
            raise HTTPError(404, f"Invalid rev id: {branch}", "RevisionNotFound")
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        header = lines[0]["value"]
        assert lines[0]["key"] == "header", lines[0]
        head = repo.branches[branch]
        parent = header.get("parentCommit")
        # What makes a retried commit safe: it applies on top of the head it was made for, or not at all.
        if parent is not None and not head.startswith(parent):
            raise HTTPError(412, "A commit has happened since. Please refresh and try again.")
        self.standin.commit_headers.append(header)
        files = dict(repo.commits[head].files)
        for line in lines[1:]:
            key, value = line["key"], line["value"]
            if key == "file":
                files[value["path"]] = Blob.regular(base64.b64decode(value["content"]))
            elif key == "lfsFile":
                size = self.standin.lfs.get(value["oid"])
                if size is None:
                    raise HTTPError(422, f"LFS object {value['oid']} for {value['path']} was never uploaded")
                files[value["path"]] = Blob.large(value["oid"], size)
            elif key == "deletedFile":
                if files.pop(value["path"], None) is None:
                    raise HTTPError(404, "A file with this name doesn't exist", "EntryNotFound")
            elif key == "deletedFolder":
                folder = value["path"].rstrip("/") + "/"
                files = {p: b for p, b in files.items() if not p.startswith(folder)}
            else:
                raise HTTPError(400, f"unknown commit operation {key}")
            if value["path"] in self.standin.tamper and value["path"] in files:
                blob = files[value["path"]]  # a flipped digest: what storage corruption would look like
                files[value["path"]] = replace(blob, sha256=blob.sha256[::-1], oid=blob.oid[::-1])
        commit = self.standin._commit(repo, head, header["summary"], files)
        url = f"{self.standin.url}/datasets/{repo.repo_id}/commit/{commit.oid}"
        return 200, {"success": True, "commitOid": commit.oid, "commitUrl": url, "hookOutput": ""}

    def _tag(self, params: dict, query: dict, body: bytes) -> tuple[int, Any]:
        repo = self._repo(params)
        commit = self._revision(repo, params["rev"])
        tag = json.loads(body)["tag"]
        if tag in repo.tags:
            raise HTTPError(409, f"Tag {tag} already exists")
        repo.tags[tag] = commit.oid
        repo.tag_messages[tag] = json.loads(body).get("message")
        return 200, {}
