"""Composition of sources: fetch-once memo, Hub-to-snapshot fallback, local-path routing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future

from modelaudit.sources.base import ModelSource, SourceUnavailable
from modelaudit.sources.local import LocalSource, is_local_reference
from modelaudit.sources.records import FetchOutcome
from modelaudit.sources.snapshot import SnapshotSource


class MemoSource:
    """Each (repo, revision) is fetched at most once per process, even by concurrent workers.

    Shared ancestors (hundreds of fine-tunes of one base) are the common case, so the first
    caller does the work and everyone else waits for its future.
    """

    def __init__(self, inner: ModelSource) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self._futures: dict[tuple[str, str | None], Future[FetchOutcome]] = {}

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        key = (repo_id, revision)
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._futures[key] = future
        if owner:
            try:
                future.set_result(self._inner.fetch(repo_id, revision))
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()


class FallbackSource:
    """Ask the primary (the Hub); once it proves unreachable, answer from the snapshot for the rest
    of the run and say so once through ``notify``."""

    def __init__(self, primary: ModelSource, fallback: SnapshotSource, notify: Callable[[str], None]) -> None:
        self._primary = primary
        self._fallback = fallback
        self._notify = notify
        self._lock = threading.Lock()
        self.primary_down: str | None = None

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        if self.primary_down is None:
            try:
                return self._primary.fetch(repo_id, revision)
            except SourceUnavailable as exc:
                with self._lock:
                    first = self.primary_down is None
                    self.primary_down = str(exc)
                if first:
                    try:
                        date = self._fallback.date
                    except (OSError, ValueError):
                        date = "unknown date"
                    self._notify(f"the Hub is unreachable ({exc}); using the bundled snapshot of {date}")
        return self._fallback.fetch(repo_id, revision)


class RoutingSource:
    """Local directories go to the local reader; everything else to the Hub chain."""

    def __init__(self, hub: ModelSource, local: LocalSource | None = None) -> None:
        self._hub = hub
        self._local = local or LocalSource()

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        if is_local_reference(repo_id):
            return self._local.fetch(repo_id, revision)
        return self._hub.fetch(repo_id, revision)
