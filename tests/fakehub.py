"""A local, in-process fake of the Hugging Face Hub for tests and benchmarks.

Why this exists: the real Hub is not reachable from CI, and mocking ``huggingface_hub`` at the Python level
would only test our assumptions about it.  Instead we run the *real* ``huggingface_hub`` client against an
HTTP server that speaks just enough of the Hub protocol for the client's own behaviour to kick in: redirects
for renamed repos, the ``X-Error-Code`` headers it maps onto ``RepositoryNotFoundError`` / ``GatedRepoError``
/ ``RevisionNotFoundError`` / ``RemoteEntryNotFoundError``, and the ``X-Repo-Commit`` + ``ETag`` headers that
``hf_hub_download`` needs to build its cache.

Only the standard library is used so that benchmarks and tests can import it without extra dependencies, and
so that the fake cannot accidentally share code (and therefore bugs) with the client it is exercising.

Typical use::

    with FakeHub(default_fixtures()) as hub:
        HfApi(endpoint=hub.url).model_info("Qwen/Qwen2.5-7B")
        assert hub.count(lambda r: r.path.startswith("/api/models/")) == 1
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, cast
from urllib.parse import parse_qs, quote, unquote, urlsplit

from fakehub_hostile import Hostile, HostileSpec, write_hostile

__all__ = [
    "DEFAULT_ACCESS_TOKEN",
    "EXPANDABLE_MODEL_PROPERTIES",
    "FakeHub",
    "FakeRepo",
    "Hostile",
    "HubData",
    "RequestRecord",
    "default_fixtures",
    "load_fixture_dir",
    "make_repo",
]

#: Bearer token that unlocks gated repos unless another one is passed to :class:`FakeHub`.
DEFAULT_ACCESS_TOKEN = "hf_fake_access"

#: Fixture directory shipped with the tests (a byte-for-byte copy of recorded Hub answers).
FIXTURES_DIR = Path(__file__).parent / "fixtures" / "hub"

#: The values the real Hub accepts for ``?expand=`` on ``/api/models/...`` (mirrors huggingface_hub's
#: ``ExpandModelProperty_T``).  The real Hub answers 400 on anything else, so a typo in our code shows up as a
#: ``BadRequestError`` in tests instead of silently returning less data.
EXPANDABLE_MODEL_PROPERTIES: frozenset[str] = frozenset(
    {
        "author",
        "baseModels",
        "cardData",
        "childrenModelCount",
        "config",
        "createdAt",
        "disabled",
        "downloads",
        "downloadsAllTime",
        "evalResults",
        "gated",
        "gguf",
        "inference",
        "inferenceProviderMapping",
        "lastModified",
        "library_name",
        "likes",
        "mask_token",
        "model-index",
        "pipeline_tag",
        "private",
        "resourceGroup",
        "safetensors",
        "sha",
        "siblings",
        "spaces",
        "tags",
        "transformersInfo",
        "trendingScore",
        "usedStorage",
        "widgetData",
    }
)

# One path segment of a repo id.  Stricter than necessary on purpose: anything odd (``..``, ``--``, empty
# segments, percent-decoded slashes) is answered like an unknown repo, exactly as the Hub does, so code under
# test cannot use the fake to reach anything but the in-memory data.
_ID_SEGMENT = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$")

_GATED_MESSAGE = (
    "Access to model {id} is restricted. You must have access to it and be authenticated to access it. "
    "Please log in."
)
_GATED_FORBIDDEN_MESSAGE = (
    "Access to model {id} is restricted and you are not in the authorized list. "
    "Visit https://huggingface.co/{id} to ask for access."
)


# ----------------------------------------------------------------------------------------------------
# Data model
# ----------------------------------------------------------------------------------------------------


@dataclass
class FakeRepo:
    """One model repo: the ``/api/models`` metadata plus the files served under ``/resolve/``.

    ``info`` is kept as the raw JSON dict (not a typed model) because the point of the fake is to hand the
    client the same shape the Hub sends, including keys our code does not know about yet.
    """

    info: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def sha(self) -> str:
        """The commit sha the repo is at.

        Falls back to a sha derived from the id so that hand-built repos without ``"sha"`` still produce a
        stable ``X-Repo-Commit`` (``hf_hub_download`` refuses to work without one).
        """
        sha = self.info.get("sha")
        if isinstance(sha, str) and sha:
            return sha
        return hashlib.sha1(f"fakehub:{self.info.get('id', '')}".encode()).hexdigest()

    @property
    def is_gated(self) -> bool:
        """Whether file downloads need a token.

        The Hub sends ``false``, ``"auto"`` or ``"manual"``; hand-built data may also use ``True``.
        """
        gated = self.info.get("gated", False)
        return gated not in (False, None, "", "false", "False")


@dataclass
class HubData:
    """Everything the fake Hub serves.  Plain data so benchmarks can build thousands of repos in memory."""

    repos: dict[str, FakeRepo] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)

    def add(self, repo: FakeRepo) -> FakeRepo:
        """Register ``repo`` under the id found in its ``info`` and return it (handy for one-liners)."""
        self.repos[str(repo.info["id"])] = repo
        return repo


def make_repo(
    repo_id: str,
    *,
    sha: str | None = None,
    license: str | None = None,
    gated: bool | str = False,
    tags: Iterable[str] = (),
    files: dict[str, bytes] | None = None,
    **extra_info: Any,
) -> FakeRepo:
    """Build a plausible :class:`FakeRepo` without touching disk.

    Exists so that benchmarks and ad-hoc tests get the same required keys (``id``, ``sha``, ``cardData``,
    ``tags``, ``gated``) the recorded fixtures have, instead of each caller inventing a different shape.
    ``extra_info`` is merged last and may override anything.
    """
    card: dict[str, Any] = {}
    all_tags = list(tags)
    if license is not None:
        card["license"] = license
        if f"license:{license}" not in all_tags:
            all_tags.append(f"license:{license}")
    info: dict[str, Any] = {
        "id": repo_id,
        "author": repo_id.split("/")[0] if "/" in repo_id else None,
        "sha": sha or hashlib.sha1(f"fakehub:{repo_id}".encode()).hexdigest(),
        "cardData": card,
        "tags": all_tags,
        "gated": gated,
        "createdAt": "2025-01-20T00:00:00.000Z",
        "lastModified": "2025-02-01T00:00:00.000Z",
    }
    info.update(extra_info)
    if files is None:
        front_matter = f"---\nlicense: {license}\n---\n" if license is not None else ""
        files = {"README.md": f"{front_matter}# {repo_id}\n".encode()}
    return FakeRepo(info=info, files=dict(files))


def load_fixture_dir(path: Path) -> HubData:
    """Load the ``tests/fixtures/hub`` layout.

    Each sub-directory ``<org>__<name>`` holds ``info.json`` plus the repo files (any depth; nested paths
    become ``a/b.json`` filenames).  ``_renames.json`` maps old ids to new ids.  The id inside ``info.json``
    wins over the directory name because directory names cannot represent every id faithfully.  Everything
    is read into memory up front so that request handling never touches the file system.
    """
    path = Path(path)
    data = HubData()
    renames_file = path / "_renames.json"
    if renames_file.is_file():
        renames = json.loads(renames_file.read_text(encoding="utf-8"))
        data.renames = {str(old): str(new) for old, new in renames.items()}
    for repo_dir in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        info_file = repo_dir / "info.json"
        if not info_file.is_file():
            raise ValueError(f"fixture repo directory {repo_dir} has no info.json")
        info = json.loads(info_file.read_text(encoding="utf-8"))
        if not isinstance(info, dict):
            raise ValueError(f"{info_file} must contain a JSON object")
        info.setdefault("id", repo_dir.name.replace("__", "/", 1))
        files = {
            f.relative_to(repo_dir).as_posix(): f.read_bytes()
            for f in sorted(repo_dir.rglob("*"))
            if f.is_file() and f != info_file
        }
        data.add(FakeRepo(info=info, files=files))
    return data


def default_fixtures() -> HubData:
    """A fresh copy of the recorded fixtures (fresh so tests may mutate it freely)."""
    return load_fixture_dir(FIXTURES_DIR)


# ----------------------------------------------------------------------------------------------------
# Request log and fault injection
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRecord:
    """One request as the server saw it.

    ``path`` is percent-decoded and has no query string so predicates can use plain substring tests;
    ``authorized`` says whether the request carried the fake's access token (to assert tokens are, or are not,
    sent).
    """

    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    authorized: bool


@dataclass
class _Injection:
    """A pending fault: the next ``remaining`` matching requests get ``status``."""

    path_contains: str
    status: int
    remaining: int
    headers: dict[str, str]
    delay: float


@dataclass
class _Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    hostile: HostileSpec | None = None


def _json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> _Response:
    body = json.dumps(payload).encode("utf-8")
    all_headers = {"Content-Type": "application/json; charset=utf-8"}
    all_headers.update(headers or {})
    return _Response(status, all_headers, body)


def _text_response(status: int, text: str, headers: dict[str, str] | None = None) -> _Response:
    all_headers = {"Content-Type": "text/plain; charset=utf-8"}
    all_headers.update(headers or {})
    return _Response(status, all_headers, text.encode("utf-8"))


def _not_found() -> _Response:
    return _json_response(404, {"error": "Not Found"})


def _repo_not_found() -> _Response:
    # huggingface_hub keys on X-Error-Code; the body is what ends up in the exception message.
    return _json_response(
        404,
        {"error": "Repository not found"},
        {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"},
    )


def _revision_not_found(rev: str) -> _Response:
    message = f"Invalid rev id: {rev}"
    return _json_response(
        404, {"error": message}, {"X-Error-Code": "RevisionNotFound", "X-Error-Message": message}
    )


def _git_blob_sha1(content: bytes) -> str:
    """Git's blob id, which is what the Hub reports as ``blobId`` for each file."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def _content_type(filename: str) -> str:
    lower = filename.lower()
    if lower.endswith(".json"):
        return "application/json"
    if (
        lower.endswith((".md", ".txt", ".yaml", ".yml", ".py", ".cfg", ".jinja"))
        or "." not in lower.rsplit("/", 1)[-1]
    ):
        return "text/plain; charset=utf-8"
    return "application/octet-stream"


def _valid_repo_id(segments: list[str]) -> bool:
    return 1 <= len(segments) <= 2 and all(
        _ID_SEGMENT.match(s) and ".." not in s and "--" not in s for s in segments
    )


# ----------------------------------------------------------------------------------------------------
# HTTP server
# ----------------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its FakeHub and tracks open connections.

    Connections are tracked because we speak HTTP/1.1 keep-alive (like the Hub, and so ``httpx`` pools
    connections as it would in production): without closing them on ``stop()``, handler threads would keep
    answering on pooled sockets after the fake was "stopped".
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, hub: FakeHub) -> None:
        self.hub = hub
        self.live: set[socket.socket] = set()
        self.live_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients hanging up (timeouts, shutdown); report anything else."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakehub/1.0"
    # Without TCP_NODELAY small responses wait ~40 ms for a delayed ACK: an artefact of this server,
    # not of the Hub, that would swamp the injected latency the benchmarks measure.
    disable_nagle_algorithm = True
    # Idle keep-alive connections give up after this many seconds so threads do not pile up.
    timeout = 30

    def setup(self) -> None:
        super().setup()
        server = cast(_Server, self.server)
        with server.live_lock:
            server.live.add(self.connection)

    def finish(self) -> None:
        server = cast(_Server, self.server)
        with server.live_lock:
            server.live.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging: tests read ``FakeHub.requests`` instead."""

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def _serve(self) -> None:
        hub = cast(_Server, self.server).hub
        # Drain any request body so the keep-alive connection stays in sync.
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(length)
        response = hub._handle(self.command, self.path, {k: v for k, v in self.headers.items()})
        if response.hostile is not None:
            # After a hostile answer the connection's state is anyone's guess: never reuse it.
            self.close_connection = True
            reason = self.responses.get(response.status, ("",))[0]
            write_hostile(self.wfile, response.hostile, f"HTTP/1.1 {response.status} {reason}", response.headers,
                          response.body, hub._stopping)
            return
        self.send_response(response.status)
        headers = dict(response.headers)
        headers["Content-Length"] = str(len(response.body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)
        self.wfile.flush()


class FakeHub:
    """An HTTP server that behaves like the parts of huggingface.co that ``modelaudit`` talks to.

    Endpoints: ``GET /api/models/{id}[/revision/{rev}]`` (with ``expand``) and
    ``GET|HEAD /{id}/resolve/{rev}/{filename}``.  Renames and case mismatches answer 307 like the Hub; gated
    repos need ``Authorization: Bearer <access_token>`` for files.  Every request is logged (see
    :attr:`requests`), can be slowed down (:attr:`latency`), can be made to fail (:meth:`inject`) and to
    attack its client (:meth:`hostile`).
    """

    def __init__(
        self, data: HubData, *, latency: float = 0.0, access_token: str = DEFAULT_ACCESS_TOKEN
    ) -> None:
        self.data = data
        self.latency = latency
        self.access_token = access_token
        self._lock = threading.Lock()
        self._log: list[RequestRecord] = []
        self._injections: list[_Injection] = []
        self._hostile: list[HostileSpec] = []
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL to use as ``endpoint=`` / ``HF_ENDPOINT`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("FakeHub is not running; call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeHub:
        """Bind a random free port on 127.0.0.1 and serve in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeHub already started")
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fakehub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop open keep-alive connections.  Safe to call twice."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()  # ends drips and endless bodies
        server.shutdown()
        with server.live_lock:
            live = list(server.live)
        for conn in live:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- observation and control ----------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot (copy) of the request log, oldest first.  Use :meth:`reset_log` to clear it."""
        with self._lock:
            return list(self._log)

    def reset_log(self) -> None:
        """Forget all logged requests (pending injections are kept)."""
        with self._lock:
            self._log.clear()

    def count(self, predicate: Callable[[RequestRecord], bool] | None = None) -> int:
        """Number of logged requests, optionally only those matching ``predicate``."""
        records = self.requests
        if predicate is None:
            return len(records)
        return sum(1 for r in records if predicate(r))

    def inject(
        self,
        path_contains: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Make the next ``times`` requests whose (decoded) path contains ``path_contains`` answer ``status``.

        Applied before routing, so it works for any URL (``""`` matches everything).  ``headers`` are added
        to the answer (e.g. ``{"Retry-After": "1"}`` with 429); ``delay`` sleeps before answering, which is
        how to exercise client timeouts.  Injections are consumed first-registered first.
        """
        if times < 1:
            raise ValueError("times must be >= 1")
        if not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status}")
        with self._lock:
            self._injections.append(_Injection(path_contains, status, times, dict(headers or {}), delay))

    def hostile(
        self,
        path_contains: str,
        mode: Hostile | str,
        *,
        times: int = 1,
        interval: float = 0.2,
        size: int = 2_000_000,
        filler: bytes | None = None,
    ) -> None:
        """Make the next ``times`` GETs whose path contains ``path_contains`` answer the ``mode`` way
        (see :class:`fakehub_hostile.Hostile`): drip headers or body one byte per ``interval`` seconds,
        send an endless body, a gzip bomb of ``size`` compressed bytes (~1000 times that inflated), a
        body padded to ``size`` bytes (with ``filler``), or a body shorter than its Content-Length.

        The attack wraps the answer the fake would have given (or an injected one), so a client
        without limits gets the real content plus the attack."""
        if times < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._hostile.append(HostileSpec(path_contains, Hostile(mode), times, interval, size, filler))

    # -- request handling -----------------------------------------------------------------------------------

    def _take_hostile(self, path: str) -> HostileSpec | None:
        with self._lock:
            for spec in self._hostile:
                if spec.path_contains in path:
                    spec.remaining -= 1
                    if spec.remaining <= 0:
                        self._hostile.remove(spec)
                    return spec
        return None

    def _take_injection(self, path: str) -> _Injection | None:
        with self._lock:
            for injection in self._injections:
                if injection.path_contains in path:
                    injection.remaining -= 1
                    if injection.remaining <= 0:
                        self._injections.remove(injection)
                    return injection
        return None

    def _handle(self, method: str, target: str, headers: dict[str, str]) -> _Response:
        """Turn one request into a response and log it.  Runs on the handler thread."""
        if self.latency > 0:
            time.sleep(self.latency)
        split = urlsplit(target)
        raw_path, raw_query = split.path, split.query
        path = unquote(raw_path)
        query = parse_qs(raw_query, keep_blank_values=True)
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        authorized = auth == f"Bearer {self.access_token}"

        injection = self._take_injection(path)
        if injection is not None:
            if injection.delay > 0:
                time.sleep(injection.delay)
            response = _json_response(
                injection.status, {"error": f"fakehub: injected HTTP {injection.status}"}, injection.headers
            )
        else:
            try:
                response = self._route(method, raw_path, raw_query, query, auth, authorized)
            except Exception as exc:  # a bug in the fake must surface as a loud 500, not a hung client
                traceback.print_exc()
                response = _json_response(
                    500, {"error": f"fakehub internal error: {exc!r}"}, {"X-Error-Message": "fakehub bug"}
                )
        if method == "GET":
            response.hostile = self._take_hostile(path)
        with self._lock:
            self._log.append(RequestRecord(method, path, query, response.status, authorized))
        return response

    def _lookup(self, repo_id: str) -> tuple[FakeRepo | None, str | None]:
        """Find a repo: ``(repo, None)`` if served here, ``(None, new_id)`` if the client must be redirected.

        Order mirrors the Hub: exact id, then renames, then a case-insensitive match (the Hub redirects
        ``QWEN/qwen2.5-7b`` to ``Qwen/Qwen2.5-7B``).  The case-insensitive scan is O(n); it only runs on
        misses.
        """
        repos, renames = self.data.repos, self.data.renames
        if repo_id in repos:
            return repos[repo_id], None
        if repo_id in renames:
            return None, renames[repo_id]
        lowered = repo_id.lower()
        for candidate in repos:
            if candidate.lower() == lowered:
                return None, candidate
        for old, new in renames.items():
            if old.lower() == lowered:
                return None, new
        return None, None

    def _redirect(self, new_id: str, rest: str, raw_query: str, prefix: str) -> _Response:
        # Relative Location, like the Hub; clients resolve it against the request URL.
        location = prefix + quote(new_id, safe="/") + rest + (f"?{raw_query}" if raw_query else "")
        return _text_response(307, f"Temporary Redirect. Redirecting to {location}", {"Location": location})

    def _route(
        self,
        method: str,
        raw_path: str,
        raw_query: str,
        query: dict[str, list[str]],
        auth: str,
        authorized: bool,
    ) -> _Response:
        if method not in ("GET", "HEAD"):
            return _not_found()
        if raw_path.startswith("/api/models/"):
            return self._route_model_api(raw_path, raw_query, query)
        return self._route_resolve(raw_path, raw_query, auth, authorized)

    def _route_model_api(self, raw_path: str, raw_query: str, query: dict[str, list[str]]) -> _Response:
        segments = raw_path[len("/api/models/") :].split("/")
        rev: str | None = None
        if len(segments) in (3, 4) and segments[-2] == "revision":
            id_raw, rev = segments[:-2], unquote(segments[-1])
            rest = "/revision/" + segments[-1]
        elif len(segments) in (1, 2):
            id_raw, rest = segments, ""
        else:
            return _not_found()
        id_segments = [unquote(s) for s in id_raw]
        if not _valid_repo_id(id_segments):
            return _repo_not_found()
        repo, new_id = self._lookup("/".join(id_segments))
        if new_id is not None:
            return self._redirect(new_id, rest, raw_query, "/api/models/")
        if repo is None:
            return _repo_not_found()
        if rev is not None and rev not in (repo.sha, "main"):
            return _revision_not_found(rev)

        payload = self._model_payload(repo, with_blobs=_truthy(query.get("blobs")))
        expand = query.get("expand", []) + query.get("expand[]", [])
        if expand:
            unknown = sorted(set(expand) - EXPANDABLE_MODEL_PROPERTIES)
            if unknown:
                allowed = ", ".join(sorted(EXPANDABLE_MODEL_PROPERTIES))
                return _json_response(400, {"error": f'"expand" must be one of [{allowed}], got {unknown}'})
            payload = {k: v for k, v in payload.items() if k in ("_id", "id") or k in expand}
        return _json_response(200, payload)

    def _model_payload(self, repo: FakeRepo, *, with_blobs: bool) -> dict[str, Any]:
        repo_id = str(repo.info.get("id"))
        payload: dict[str, Any] = {
            "_id": hashlib.sha1(f"fakehub-id:{repo_id}".encode()).hexdigest()[:24],
            "id": repo_id,
            "private": False,
            "disabled": False,
        }
        payload.update(repo.info)
        payload["modelId"] = payload["id"]
        payload["sha"] = repo.sha
        siblings: list[dict[str, Any]] = []
        for name in sorted(repo.files):
            sibling: dict[str, Any] = {"rfilename": name}
            if with_blobs:
                sibling["size"] = len(repo.files[name])
                sibling["blobId"] = _git_blob_sha1(repo.files[name])
            siblings.append(sibling)
        payload["siblings"] = siblings
        return payload

    def _route_resolve(self, raw_path: str, raw_query: str, auth: str, authorized: bool) -> _Response:
        segments = raw_path.lstrip("/").split("/")
        if len(segments) >= 5 and segments[2] == "resolve":
            n_id = 2
        elif len(segments) >= 4 and segments[1] == "resolve":
            n_id = 1
        else:
            return _not_found()
        id_segments = [unquote(s) for s in segments[:n_id]]
        rev = unquote(segments[n_id + 1])
        file_segments = [unquote(s) for s in segments[n_id + 2 :]]
        if not _valid_repo_id(id_segments):
            return _repo_not_found()
        repo_id = "/".join(id_segments)
        repo, new_id = self._lookup(repo_id)
        if new_id is not None:
            return self._redirect(new_id, "/" + "/".join(segments[n_id:]), raw_query, "/")
        if repo is None:
            return _repo_not_found()
        canonical = str(repo.info.get("id", repo_id))

        if repo.is_gated and not authorized:
            # No token -> 401, wrong token -> 403; both carry X-Error-Code: GatedRepo, which is what the
            # client turns into GatedRepoError (a bare 401 would become RepositoryNotFoundError).
            template, status = (_GATED_FORBIDDEN_MESSAGE, 403) if auth else (_GATED_MESSAGE, 401)
            message = template.format(id=canonical)
            return _text_response(status, message, {"X-Error-Code": "GatedRepo", "X-Error-Message": message})
        if rev not in (repo.sha, "main"):
            return _revision_not_found(rev)

        filename = "/".join(file_segments)
        content = repo.files.get(filename)
        if content is None or not filename:
            # X-Repo-Commit on the 404 lets hf_hub_download cache the file's absence (.no_exist/<sha>/...).
            return _text_response(
                404,
                "Entry not found",
                {
                    "X-Error-Code": "EntryNotFound",
                    "X-Error-Message": "Entry not found",
                    "X-Repo-Commit": repo.sha,
                },
            )
        return _Response(
            200,
            {
                "Content-Type": _content_type(filename),
                "ETag": f'"{hashlib.sha256(content).hexdigest()}"',
                "X-Repo-Commit": repo.sha,
            },
            content,
        )


def _truthy(values: list[str] | None) -> bool:
    """Query flags like ``?blobs=True`` (httpx sends Python booleans as ``true``/``false``)."""
    if not values:
        return False
    return values[-1].lower() not in ("", "0", "false", "no")
