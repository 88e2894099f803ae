"""Bounded GET of a public web page that is not on the Hub (a licence's canonical text).

``licenses verify --online`` fetches each licence's recorded URL to see whether its text changed. These are
not Hub URLs, so ``huggingface_hub`` (its token, its endpoint rules, its offline switch) has no business with
them; the request still goes through ``transport.get``, so it ends by a total deadline and reads at most a
byte cap however slowly or largely a server answers. The client is our own, without the Hub's request hook,
and never sends a Hub token.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from modelaudit import _version
from modelaudit.sources import transport

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 2_000_000  # the longest licence pages are a few hundred KB

_lock = threading.Lock()
_client: Any = None


@dataclass(frozen=True)
class WebText:
    """A fetched page: its status and text (decoded as UTF-8, invalid bytes replaced), or the error that
    stopped the request (``status`` 0)."""

    url: str
    status: int
    text: str = ""
    truncated: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300 and not self.error


def _web_client() -> Any:
    global _client
    with _lock:
        if _client is None:
            http, core = transport.http_library()
            _client = http.Client(follow_redirects=False, timeout=None)
            for inner in transport._transports(_client):
                transport._arm(inner, core)
        return _client


def fetch_text(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> WebText:
    """GET ``url`` (redirects followed) within ``timeout`` seconds in all, reading at most ``max_bytes``.
    Never raises for a network problem: the error is in the result."""
    if not url.startswith(("https://", "http://")):
        return WebText(url, 0, error="not an http(s) URL")
    http, _core = transport.http_library()
    try:
        fetched = transport.get(_web_client(), url, headers={"User-Agent": f"modelaudit/{_version.__version__}"},
                                until=time.monotonic() + timeout, max_bytes=max_bytes)
    except http.TimeoutException:
        return WebText(url, 0, error=f"no answer within {timeout:g} s")
    except (http.HTTPError, http.InvalidURL, transport.UnreadableResponse, OSError, ValueError) as exc:
        return WebText(url, 0, error=" ".join(str(exc).split())[:200] or type(exc).__name__)
    return WebText(url, fetched.status, fetched.content.decode("utf-8", errors="replace"), fetched.truncated)


__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "WebText", "fetch_text"]
