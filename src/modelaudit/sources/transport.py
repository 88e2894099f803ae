"""Bounded HTTP for the Hub: every request ends by a deadline and reads at most a byte cap.

Why this exists: the HTTP library's timeouts are per socket operation, so a server that sends one
byte of its headers (or body) every few seconds keeps a request alive forever, and reading a
response in one go lets a small gzip body inflate to gigabytes. Here a request runs under a total
deadline that every socket operation (connect, TLS, writes, the reads of the headers and of the
body) consults, and bodies are streamed raw and inflated by us, never past the cap.

The deadline is per thread (audits run on worker threads sharing one client). It is enforced in a
network backend wrapped around the connection pool's, because the header phase has no other hook.

``huggingface_hub`` 1.x talks through ``httpx``, 2.x through ``httpx2``; :func:`http_library` is
the one place that chooses, so that responses, errors and ``hf_raise_for_status`` always agree.
Everything is imported lazily: a run answered from the cache never pays for the HTTP stack.
"""

from __future__ import annotations

import functools
import importlib
import threading
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

#: Error bodies only feed the error message; a little is plenty.
MAX_ERROR_BYTES = 64_000
MAX_REDIRECTS = 10

#: We inflate these ourselves (see ``_Inflater``); advertising anything else (br, zstd) would let a
#: server send what we cannot bound.
ACCEPT_ENCODING = "gzip, deflate"

_local = threading.local()
_shared_lock = threading.Lock()
_shared: Any = None


class UnreadableResponse(Exception):
    """The response cannot be read safely: an unsupported or corrupt encoding, a redirect loop."""


@functools.cache
def http_library() -> tuple[ModuleType, ModuleType]:
    """(httpx, httpcore) as used by the installed ``huggingface_hub``."""
    import huggingface_hub

    major = int(str(huggingface_hub.__version__).split(".", 1)[0])
    names = ("httpx2", "httpcore2") if major >= 2 else ("httpx", "httpcore")
    return importlib.import_module(names[0]), importlib.import_module(names[1])


# -- the deadline --------------------------------------------------------------------------------


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Every socket operation of this thread must end by ``at`` (``time.monotonic()`` seconds)."""
    previous: float | None = getattr(_local, "deadline", None)
    _local.deadline = at if previous is None else min(previous, at)
    try:
        yield
    finally:
        _local.deadline = previous


def _clamped(timeout: float | None, expired: type[Exception]) -> float | None:
    at: float | None = getattr(_local, "deadline", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """A network stream whose every operation ends by the thread's deadline."""

    def __init__(self, inner: Any, core: ModuleType) -> None:
        self._inner = inner
        self._core = core

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._inner.read(max_bytes, _clamped(timeout, self._core.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamped(timeout, self._core.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        inner = self._inner.start_tls(ssl_context, server_hostname, _clamped(timeout, self._core.ConnectTimeout))
        return _DeadlineStream(inner, self._core)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend:
    """Wraps the pool's network backend so that the streams it opens obey the deadline."""

    def __init__(self, inner: Any, core: ModuleType) -> None:
        self._inner = inner
        self._core = core

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> _DeadlineStream:
        stream = self._inner.connect_tcp(host, port, _clamped(timeout, self._core.ConnectTimeout),
                                         local_address, socket_options)
        return _DeadlineStream(stream, self._core)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> _DeadlineStream:
        stream = self._inner.connect_unix_socket(path, _clamped(timeout, self._core.ConnectTimeout), socket_options)
        return _DeadlineStream(stream, self._core)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _arm(transport: Any, core: ModuleType) -> None:
    # The pool picks its backend up each time it opens a connection, so swapping it before the
    # first request covers every connection, direct or through a proxy (both are pools).
    pool: Any = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None and not isinstance(backend, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(backend, core)


def shared_client() -> Any:
    """One client per process (it is thread-safe, and building one loads the TLS trust store)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = build_client()
        return _shared


def build_client() -> Any:
    """A client like ``huggingface_hub``'s own (its request hook, proxies from the environment),
    but with the deadline armed on every transport. Our own: the library's shared session, which
    a program embedding us may use too, stays untouched."""
    http, core = http_library()
    hooks: list[Any] = []
    try:
        from huggingface_hub.utils import _http as hf_http

        hook = getattr(hf_http, "hf_request_event_hook", None)
        if hook is not None:
            hooks.append(hook)
    except ImportError:  # pragma: no cover - the hook only adds request ids and the offline guard
        pass
    client = http.Client(event_hooks={"request": hooks}, follow_redirects=True, timeout=None)
    for transport in _transports(client):
        _arm(transport, core)
    return client


def deadline_armed(client: Any) -> bool:
    """Whether every transport of ``client`` enforces the deadline at the socket (tests hold this
    for the installed HTTP library; without it only the body phase would be bounded)."""
    return all(isinstance(getattr(getattr(t, "_pool", None), "_network_backend", None), _DeadlineBackend)
               for t in _transports(client))


def _transports(client: Any) -> list[Any]:
    return [client._transport, *(t for t in client._mounts.values() if t is not None)]


# -- bounded reading -----------------------------------------------------------------------------


class _Inflater:
    """Incremental Content-Encoding decoding that never produces more than asked for (zlib's
    ``max_length``): one 64 KB chunk of a gzip bomb would otherwise inflate to 64 MB at once."""

    def __init__(self, content_encoding: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        self._raw_deflate_ok = False
        self._z: Any = None
        if not codings:
            return
        if codings in (["gzip"], ["x-gzip"]):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif codings == ["deflate"]:
            # Servers disagree on whether "deflate" is zlib-wrapped; like httpx, try both.
            self._z = zlib.decompressobj()
            self._raw_deflate_ok = True
        else:
            raise UnreadableResponse(f"unsupported Content-Encoding {content_encoding[:40]!r}")

    def feed(self, data: bytes, room: int) -> bytes:
        """Up to ``room`` (>= 1) decoded bytes of ``data``; what does not fit is dropped."""
        if self._z is None:
            return data[:room]
        pieces: list[bytes] = []
        produced = 0
        while data and produced < room and not self._z.eof:
            try:
                piece = self._z.decompress(data, room - produced)
            except zlib.error:
                if self._raw_deflate_ok and not pieces:
                    self._raw_deflate_ok = False
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise UnreadableResponse("the response body is not validly compressed") from None
            self._raw_deflate_ok = False
            rest = self._z.unconsumed_tail
            if not piece and len(rest) >= len(data):
                break  # no progress: never spin
            pieces.append(piece)
            produced += len(piece)
            data = rest
        return b"".join(pieces)


@dataclass(frozen=True)
class Fetched:
    """A response read under the cap: ``response`` is a fully-read library ``Response`` holding at
    most ``max_bytes`` decoded bytes (so ``hf_raise_for_status`` can read it safely)."""

    response: Any
    truncated: bool

    @property
    def status(self) -> int:
        return int(self.response.status_code)

    @property
    def content(self) -> bytes:
        return bytes(self.response.content)


_DROPPED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def get(client: Any, url: str, *, headers: Mapping[str, str], params: Mapping[str, Sequence[str] | str] | None = None,
        until: float, max_bytes: int) -> Fetched:
    """GET ``url`` (following redirects) with everything done by ``until`` (monotonic seconds).

    Raises the library's ``TimeoutException`` when the deadline passes, its ``TransportError`` on
    network failures, and :class:`UnreadableResponse`."""
    http, _core = http_library()
    with deadline(until):
        left = _clamped(None, http.ReadTimeout)
        request = client.build_request("GET", url, headers={**headers, "Accept-Encoding": ACCEPT_ENCODING},
                                       params=params, timeout=left)
        for _hop in range(MAX_REDIRECTS + 1):
            # Redirects one by one: following them inside the library would read each redirect's
            # body whole, unbounded. ``next_request`` keeps its rules (Authorization is dropped when
            # the redirect leaves the origin).
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.next_request is not None:
                    request = response.next_request
                    continue
                cap = max_bytes if response.status_code < 400 else min(max_bytes, MAX_ERROR_BYTES)
                body, truncated = _read_capped(response, cap, until, http)
            finally:
                response.close()
            kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DROPPED_HEADERS]
            buffered = http.Response(response.status_code, headers=kept, content=body, request=response.request)
            return Fetched(buffered, truncated)
    raise UnreadableResponse(f"more than {MAX_REDIRECTS} redirects")


def _read_capped(response: Any, cap: int, until: float, http: ModuleType) -> tuple[bytes, bool]:
    inflater = _Inflater(response.headers.get("Content-Encoding", ""))
    body = bytearray()
    for raw in response.iter_raw():
        # The streams already obey the deadline; checking here too keeps it when they could not
        # be armed (an unknown version of the HTTP library).
        if time.monotonic() > until:
            raise http.ReadTimeout("the request's deadline has passed", request=response.request)
        body += inflater.feed(raw, cap + 1 - len(body))
        if len(body) > cap:
            del body[cap:]
            return bytes(body), True
    return bytes(body), False
