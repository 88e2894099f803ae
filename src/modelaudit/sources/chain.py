"""Composition of sources: fetch-once memo, Hub-to-snapshot fallback, same-revision backfill from
the snapshot, ancestors from the Hub index (routing by reference kind is ``registry.RoutingSource``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace

from modelaudit.sources.base import ModelSource, SourceUnavailable
from modelaudit.sources.records import FetchOutcome, FetchStatus, FileStatus
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


class SnapshotBackfill:
    """Fill files the live Hub would not give (gated without access, kept failing) from the bundled
    snapshot — only when the snapshot holds the repo at the very same commit, so the bytes are the
    same bytes — and say so in the record's notes.

    This keeps tokenless audits of popular gated bases (meta-llama/*, google/gemma*) established
    without weakening fail-closed: a file the snapshot does not hold at that commit stays unread,
    and the node stays incomplete.
    """

    _UNREAD = (FileStatus.GATED, FileStatus.ERROR)

    def __init__(self, inner: ModelSource, snapshot: SnapshotSource) -> None:
        self._inner = inner
        self._snapshot = snapshot

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        outcome = self._inner.fetch(repo_id, revision)
        record = outcome.record
        if outcome.status is not FetchStatus.OK or record is None:
            return outcome
        unread = [name for name, status in record.file_status.items() if status in self._UNREAD]
        if not unread:
            return outcome
        kept = self._snapshot.record_at(record.repo_id, record.revision)
        if kept is None:
            return outcome
        files, statuses, notes = dict(record.files), dict(record.file_status), list(record.notes)
        date = self._snapshot.date
        for name in sorted(unread):
            if kept.status_of(name) is FileStatus.READ and name in kept.files:
                files[name] = kept.files[name]
                statuses[name] = FileStatus.READ
                notes.append(f"{name} of {record.repo_id} taken from the bundled snapshot of {date} (same revision)")
        if len(notes) == len(record.notes):
            return outcome
        return FetchOutcome.ok(replace(record, files=files, file_status=statuses, notes=tuple(notes)))


class IndexFirstSource:
    """Ancestors from the Hub index (``modelaudit index build``), with no Hub request for them; the models being
    checked (``live``: lower-case ids) are read from the chain, so their verdict rests on today's card; what the
    index does not hold (a model newer than the dump, a dataset, a pinned revision) falls back to the chain."""

    def __init__(self, index: ModelSource, chain: ModelSource, live: frozenset[str] = frozenset()) -> None:
        self._index = index
        self._chain = chain
        self._live = live

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        if repo_id.lower() not in self._live:
            outcome = self._index.fetch(repo_id, revision)
            if outcome.status is FetchStatus.OK:
                return outcome
        return self._chain.fetch(repo_id, revision)
