"""A persistent, crash-safe cache of fetch outcomes.

One JSON file per (endpoint, repo, revision) under the user cache directory. Writes go to a
temporary file in the same directory, are flushed to disk and then renamed over the target:
``os.replace`` is atomic, so a killed run leaves either the old entry or the new one, and two
concurrent runs simply race to install equally valid files. A file that fails to parse (a disk
filled up, someone edited it) is treated as a miss and replaced, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from modelaudit.fileio import atomic_write_text
from modelaudit.sources.base import ModelSource, SourceUnavailable
from modelaudit.sources.records import FetchOutcome, FetchStatus

CACHE_FORMAT = 1
DEFAULT_TTL_SECONDS = 24 * 3600


def default_cache_dir() -> Path:
    env = os.environ.get("MODELAUDIT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("modelaudit", appauthor=False))


@dataclass(frozen=True)
class CacheEntry:
    outcome: FetchOutcome
    stored_at: float

    def age(self, now: float) -> float:
        return now - self.stored_at


class RecordCache:
    def __init__(self, directory: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.directory = directory
        self._clock = clock

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / "records" / digest[:2] / f"{digest}.json"

    @staticmethod
    def key(endpoint: str, repo_id: str, revision: str | None) -> str:
        return f"{endpoint}\n{repo_id}\n{revision or ''}"

    def get(self, key: str) -> CacheEntry | None:
        path = self._path(key)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != CACHE_FORMAT or raw.get("key") != key:
                raise ValueError("foreign or outdated cache entry")
            return CacheEntry(FetchOutcome.from_json(raw["outcome"]), float(raw["stored_at"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Corrupt or foreign: drop it so the next write starts clean.
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def put(self, key: str, outcome: FetchOutcome) -> None:
        path = self._path(key)
        payload = json.dumps(
            {"format": CACHE_FORMAT, "key": key, "stored_at": self._clock(), "outcome": outcome.to_json()},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        # An unwritable cache must not break an audit.
        with contextlib.suppress(OSError):
            atomic_write_text(path, payload)

    def clear(self) -> int:
        removed = 0
        root = self.directory / "records"
        if not root.is_dir():
            return 0
        for file in root.rglob("*.json"):
            with contextlib.suppress(OSError):
                file.unlink()
                removed += 1
        return removed

    def stats(self) -> tuple[int, int]:
        root = self.directory / "records"
        files = list(root.rglob("*.json")) if root.is_dir() else []
        return len(files), sum(f.stat().st_size for f in files if f.exists())


class CachedSource:
    """Answers from the cache within the TTL; otherwise asks the inner source and stores the answer.

    Only definite answers (a record, or "no such repo") are cached; transient errors are not. When
    the inner source is unreachable, a stale entry is better than nothing and is used.
    """

    def __init__(
        self,
        inner: ModelSource,
        cache: RecordCache,
        *,
        endpoint: str,
        ttl: float = DEFAULT_TTL_SECONDS,
        refresh: bool = False,
        clock: Callable[[], float] = time.time,
        on_stale: Callable[[str, float], None] | None = None,
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._endpoint = endpoint
        self._ttl = ttl
        self._refresh = refresh
        self._clock = clock
        self._on_stale = on_stale

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        key = RecordCache.key(self._endpoint, repo_id, revision)
        entry = self._cache.get(key)
        now = self._clock()
        if entry is not None and not self._refresh and entry.age(now) <= self._ttl:
            return entry.outcome
        try:
            outcome = self._inner.fetch(repo_id, revision)
        except SourceUnavailable:
            if entry is not None and entry.outcome.status is not FetchStatus.ERROR:
                if self._on_stale is not None:
                    self._on_stale(repo_id, entry.age(now))
                return entry.outcome
            raise
        if outcome.status is not FetchStatus.ERROR:
            self._cache.put(key, outcome)
        return outcome
