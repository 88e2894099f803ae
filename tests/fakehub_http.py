"""The HTTP plumbing of :class:`fakehub.FakeHub`: a threading HTTP/1.1 server that hands every request to the
hub's ``_handle`` and writes its answer (or its hostile answer, see ``fakehub_hostile``). Standard library only.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, cast

from fakehub_hostile import write_hostile

if TYPE_CHECKING:
    from fakehub import FakeHub

__all__ = ["_Handler", "_Server"]


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
        # Read any request body (paths-info is a POST form), which also keeps the keep-alive connection in sync.
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        response = hub._handle(self.command, self.path, {k: v for k, v in self.headers.items()}, body)
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
