"""A local, in-process fake of the Hugging Face Hub for tests and benchmarks.

Why this exists: the real Hub is not reachable from CI, and mocking ``huggingface_hub`` at the Python level
would only test our assumptions about it.  Instead we run the *real* ``huggingface_hub`` client against an
HTTP server that speaks just enough of the Hub protocol (model and dataset repos) for the client's own
behaviour to kick in: redirects for renamed repos, the ``X-Error-Code`` headers it maps onto
``RepositoryNotFoundError`` / ``GatedRepoError`` / ``RevisionNotFoundError`` / ``RemoteEntryNotFoundError``, and
the ``X-Repo-Commit`` + ``ETag`` headers that ``hf_hub_download`` needs to build its cache.

Only the standard library is used so that benchmarks and tests can import it without extra dependencies, and
so that the fake cannot accidentally share code (and therefore bugs) with the client it is exercising.

Typical use::

    with FakeHub(default_fixtures()) as hub:
        HfApi(endpoint=hub.url).model_info("Qwen/Qwen2.5-7B")
        assert hub.count(lambda r: r.path.startswith("/api/models/")) == 1

The parts: ``fakehub_data`` (repos, renames, the recorded fixtures), ``fakehub_http`` (the server plumbing),
``fakehub_hostile`` (hostile answers); this module routes requests and answers them like the Hub.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import fakehub_tree as tree
from fakehub_data import (
    EXPANDABLE_DATASET_PROPERTIES,
    EXPANDABLE_MODEL_PROPERTIES,
    FIXTURES_DIR,
    FakeRepo,
    HubData,
    default_fixtures,
    fixture_repo_dirs,
    load_fixture_dir,
    make_dataset,
    make_repo,
)
from fakehub_hostile import Hostile, HostileSpec
from fakehub_http import _Handler, _Server  # noqa: F401  (tests patch fakehub._Handler)

__all__ = [
    "DEFAULT_ACCESS_TOKEN",
    "EXPANDABLE_DATASET_PROPERTIES",
    "EXPANDABLE_MODEL_PROPERTIES",
    "FIXTURES_DIR",
    "FakeHub",
    "FakeRepo",
    "Hostile",
    "HubData",
    "RequestRecord",
    "default_fixtures",
    "fixture_repo_dirs",
    "load_fixture_dir",
    "make_dataset",
    "make_repo",
]

#: Bearer token that unlocks gated repos unless another one is passed to :class:`FakeHub`.
DEFAULT_ACCESS_TOKEN = "hf_fake_access"


# One path segment of a repo id.  Stricter than necessary on purpose: anything odd (``..``, ``--``, empty
# segments, percent-decoded slashes) is answered like an unknown repo, exactly as the Hub does, so code under
# test cannot use the fake to reach anything but the in-memory data.
_ID_SEGMENT = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$")

_GATED_MESSAGE = (
    "Access to {kind} {id} is restricted. You must have access to it and be authenticated to access it. "
    "Please log in."
)
_GATED_FORBIDDEN_MESSAGE = (
    "Access to {kind} {id} is restricted and you are not in the authorized list. "
    "Visit https://huggingface.co/{page} to ask for access."
)

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


@dataclass(frozen=True)
class _Kind:
    """Where one type of repo lives on the Hub, and how the Hub answers for it."""

    name: str  # as the Hub's messages say it: "model", "dataset"
    api_prefix: str  # /api/models/{id}
    resolve_prefix: str  # /{id}/resolve/... or /datasets/{id}/resolve/...
    page_prefix: str  # the repo's page: https://huggingface.co/{page_prefix}{id}
    expandable: frozenset[str]
    #: A case mismatch answers 307 to the canonical spelling (else: served at once, canonical id in the payload).
    case_redirects: bool
    #: "No such repo" to a request without a token: 401 like the real Hub (which will not tell an anonymous
    #: caller whether a private repo exists), else 404. Model paths keep the 404 the tests were written against.
    anonymous_not_found: int


_MODEL = _Kind("model", "/api/models/", "/", "", EXPANDABLE_MODEL_PROPERTIES, True, 404)
_DATASET = _Kind("dataset", "/api/datasets/", "/datasets/", "datasets/", EXPANDABLE_DATASET_PROPERTIES, False, 401)


def _repo_not_found(kind: _Kind = _MODEL, auth: str = "") -> _Response:
    # huggingface_hub keys on X-Error-Code; the body is what ends up in the exception message.
    return _json_response(
        404 if auth else kind.anonymous_not_found,
        {"error": "Repository not found"},
        {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"},
    )


def _revision_not_found(rev: str) -> _Response:
    message = f"Invalid rev id: {rev}"
    return _json_response(
        404, {"error": message}, {"X-Error-Code": "RevisionNotFound", "X-Error-Message": message}
    )


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


class FakeHub:
    """An HTTP server that behaves like the parts of huggingface.co that ``modelaudit`` talks to.

    Endpoints: ``GET /api/models/{id}[/revision/{rev}]`` and ``GET /api/datasets/{id}[/revision/{rev}]`` (with
    ``expand``), ``GET|HEAD /{id}/resolve/{rev}/{filename}`` and ``/datasets/{id}/resolve/{rev}/{filename}``
    (with ``Range``), and what ``HfFileSystem`` lists and stats with (``fakehub_tree``): ``GET /api/{type}s/{id}/
    tree/{rev}[/{path}]`` (paged by :attr:`tree_page_size`) and ``POST /api/{type}s/{id}/paths-info/{rev}``.
    Renames answer 307 like the Hub, and so do case mismatches of model ids (datasets: see ``_lookup``); gated
    repos need ``Authorization: Bearer <access_token>`` for files.  Every request is logged (see
    :attr:`requests`), can be slowed down (:attr:`latency`), can be made to fail (:meth:`inject`) and to
    attack its client (:meth:`hostile`).
    """

    #: Entries per page of the tree endpoint (``None``: the Hub's, 1,000 or 50 expanded); small to test paging.
    tree_page_size: int | None = None

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

    def _handle(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> _Response:
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
                request = tree.Request(method, query, {k.lower(): v for k, v in headers.items()}, body)
                response = self._route(request, raw_path, raw_query, auth, authorized)
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

    def _tables(self, kind: _Kind) -> tuple[dict[str, FakeRepo], dict[str, str]]:
        if kind is _DATASET:
            return self.data.datasets, self.data.dataset_renames
        return self.data.repos, self.data.renames

    def _lookup(self, kind: _Kind, repo_id: str) -> tuple[FakeRepo | None, str | None]:
        """Find a repo: ``(repo, None)`` if served here, ``(None, new_id)`` if the client must be redirected.

        Order mirrors the Hub: exact id, then renames, then a case-insensitive match. A model whose id differs
        only in case is redirected (``QWEN/qwen2.5-7b`` -> ``Qwen/Qwen2.5-7B``); a dataset is answered at once
        with the canonical id in the payload (huggingface_hub#1453: ``dataset_info("mbzuai/bactrian-x")``
        returns ``MBZUAI/Bactrian-X``). The case-insensitive scan is O(n); it only runs on misses.
        """
        repos, renames = self._tables(kind)
        if repo_id in repos:
            return repos[repo_id], None
        if repo_id in renames:
            return None, renames[repo_id]
        lowered = repo_id.lower()
        for candidate, repo in repos.items():
            if candidate.lower() == lowered:
                return (None, candidate) if kind.case_redirects else (repo, None)
        for old, new in renames.items():
            if old.lower() == lowered:
                return None, new
        return None, None

    def _redirect(self, new_id: str, rest: str, raw_query: str, prefix: str) -> _Response:
        # Relative Location, like the Hub; clients resolve it against the request URL.
        location = prefix + quote(new_id, safe="/") + rest + (f"?{raw_query}" if raw_query else "")
        return _text_response(307, f"Temporary Redirect. Redirecting to {location}", {"Location": location})

    def _route(self, request: tree.Request, raw_path: str, raw_query: str, auth: str, authorized: bool) -> _Response:
        if request.method not in ("GET", "HEAD") and not (request.method == "POST" and "/paths-info/" in raw_path):
            return _not_found()
        for kind in (_MODEL, _DATASET):
            if raw_path.startswith(kind.api_prefix):
                return self._route_api(kind, raw_path, raw_query, request, auth)
        if raw_path.startswith(_DATASET.resolve_prefix):
            return self._route_resolve(_DATASET, raw_path, raw_query, request, auth, authorized)
        return self._route_resolve(_MODEL, raw_path, raw_query, request, auth, authorized)

    def _route_api(self, kind: _Kind, raw_path: str, raw_query: str, request: tree.Request, auth: str) -> _Response:
        query = request.query
        segments = raw_path[len(kind.api_prefix) :].split("/")
        rev: str | None = None
        if len(segments) >= 4 and segments[2] in ("tree", "paths-info"):
            return self._route_files(kind, segments, raw_query, request, auth)
        if len(segments) in (3, 4) and segments[-2] == "revision":
            id_raw, rev = segments[:-2], unquote(segments[-1])
            rest = "/revision/" + segments[-1]
        elif len(segments) in (1, 2):
            id_raw, rest = segments, ""
        else:
            return _not_found()
        id_segments = [unquote(s) for s in id_raw]
        if not _valid_repo_id(id_segments):
            return _repo_not_found(kind, auth)
        repo, new_id = self._lookup(kind, "/".join(id_segments))
        if new_id is not None:
            return self._redirect(new_id, rest, raw_query, kind.api_prefix)
        if repo is None:
            return _repo_not_found(kind, auth)
        if rev is not None and rev not in (repo.sha, "main"):
            return _revision_not_found(rev)

        payload = self._payload(kind, repo, with_blobs=tree.truthy(query.get("blobs")))
        expand = query.get("expand", []) + query.get("expand[]", [])
        if expand:
            unknown = sorted(set(expand) - kind.expandable)
            if unknown:
                allowed = ", ".join(sorted(kind.expandable))
                return _json_response(400, {"error": f'"expand" must be one of [{allowed}], got {unknown}'})
            payload = {k: v for k, v in payload.items() if k in ("_id", "id") or k in expand}
        return _json_response(200, payload)

    def _payload(self, kind: _Kind, repo: FakeRepo, *, with_blobs: bool) -> dict[str, Any]:
        if kind is _DATASET:
            return self._dataset_payload(repo, with_blobs=with_blobs)
        return self._model_payload(repo, with_blobs=with_blobs)

    def _model_payload(self, repo: FakeRepo, *, with_blobs: bool) -> dict[str, Any]:
        """The full ``/api/models/{id}`` answer (tests override it to make the Hub lie about files)."""
        payload = self._repo_payload(_MODEL, repo, with_blobs=with_blobs)
        payload["modelId"] = payload["id"]  # a legacy field only model answers carry
        return payload

    def _dataset_payload(self, repo: FakeRepo, *, with_blobs: bool) -> dict[str, Any]:
        """The full ``/api/datasets/{id}`` answer."""
        return self._repo_payload(_DATASET, repo, with_blobs=with_blobs)

    def _repo_payload(self, kind: _Kind, repo: FakeRepo, *, with_blobs: bool) -> dict[str, Any]:
        repo_id = str(repo.info.get("id"))
        payload: dict[str, Any] = {
            "_id": hashlib.sha1(f"fakehub-{'' if kind is _MODEL else 'dataset-'}id:{repo_id}".encode()).hexdigest()[:24],
            "id": repo_id,
            "private": False,
            "disabled": False,
        }
        payload.update(repo.info)
        payload["sha"] = repo.sha
        siblings: list[dict[str, Any]] = []
        for name in sorted(repo.files):
            sibling: dict[str, Any] = {"rfilename": name}
            if with_blobs:
                sibling["size"] = len(repo.files[name])
                sibling["blobId"] = tree.git_blob_sha1(repo.files[name])
            siblings.append(sibling)
        payload["siblings"] = siblings
        return payload

    def _route_files(self, kind: _Kind, segments: list[str], raw_query: str, request: tree.Request, auth: str) -> _Response:
        """``tree`` and ``paths-info`` (``fakehub_tree``). Listing is allowed on gated repos, as on the Hub (the
        file list is public; the files are not)."""
        id_segments = [unquote(s) for s in segments[:2]]
        op, rev = segments[2], unquote(segments[3])
        if not _valid_repo_id(id_segments):
            return _repo_not_found(kind, auth)
        repo, new_id = self._lookup(kind, "/".join(id_segments))
        if new_id is not None:
            return self._redirect(new_id, "/" + "/".join(segments[2:]), raw_query, kind.api_prefix)
        if repo is None:
            return _repo_not_found(kind, auth)
        if rev not in (repo.sha, "main"):
            return _revision_not_found(rev)
        if op == "paths-info":
            if request.method != "POST":
                return _not_found()
            form = tree.form_values(request.body, request.headers.get("content-type", ""))
            expand = tree.truthy(form.get("expand"))
            return _json_response(200, tree.paths_info(repo.files, repo.sha, form.get("paths", []), expand=expand))
        expand = tree.truthy(request.query.get("expand"))
        path = "/".join(unquote(s) for s in segments[4:])
        entries = tree.tree_listing(repo.files, repo.sha, path, recursive=tree.truthy(request.query.get("recursive")),
                               expand=expand)
        if entries is None:
            message = f"{path} does not exist on \"{rev}\""
            return _json_response(404, {"error": message}, {"X-Error-Code": "EntryNotFound", "X-Error-Message": message})
        page, headers = tree.tree_page(entries, request, kind.api_prefix + "/".join(segments), self.tree_page_size)
        return _json_response(200, page, headers)

    def _route_resolve(
        self, kind: _Kind, raw_path: str, raw_query: str, request: tree.Request, auth: str, authorized: bool
    ) -> _Response:
        segments = raw_path[len(kind.resolve_prefix) :].split("/")
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
            return _repo_not_found(kind, auth)
        repo_id = "/".join(id_segments)
        repo, new_id = self._lookup(kind, repo_id)
        if new_id is not None:
            return self._redirect(new_id, "/" + "/".join(segments[n_id:]), raw_query, kind.resolve_prefix)
        if repo is None:
            return _repo_not_found(kind, auth)
        canonical = str(repo.info.get("id", repo_id))

        if repo.is_gated and not authorized:
            # No token -> 401, wrong token -> 403; both carry X-Error-Code: GatedRepo, which is what the
            # client turns into GatedRepoError (a bare 401 would become RepositoryNotFoundError).
            template, status = (_GATED_FORBIDDEN_MESSAGE, 403) if auth else (_GATED_MESSAGE, 401)
            message = template.format(kind=kind.name, id=canonical, page=kind.page_prefix + canonical)
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
        headers = {"Content-Type": _content_type(filename), "ETag": f'"{hashlib.sha256(content).hexdigest()}"',
                   "X-Repo-Commit": repo.sha, "Accept-Ranges": "bytes"}
        try:
            wanted = tree.byte_range(request.headers.get("range", ""), len(content))
        except ValueError:
            return _text_response(416, "Range Not Satisfiable", {"Content-Range": f"bytes */{len(content)}"})
        if wanted is None:
            return _Response(200, headers, content)
        first, last = wanted
        headers["Content-Range"] = f"bytes {first}-{last}/{len(content)}"
        return _Response(206, headers, content[first : last + 1])

