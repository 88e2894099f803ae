"""A persistent, crash-safe cache of fetch outcomes.

One JSON file per (endpoint, identity, repo, revision) under the user cache directory; the repo is
the node id, so a dataset (``datasets/org/name``) and a model named ``org/name`` never share an
entry. Writes go
to a temporary file in the same directory, are flushed to disk and then renamed over the target:
``os.replace`` is atomic, so a killed run leaves either the old entry or the new one, and two
concurrent runs simply race to install equally valid files.

What is never trusted or kept, because a cached bad answer outlives the fault that caused it:

- an entry that cannot be read back (not JSON, nested beyond the parser, larger than
  ``MAX_ENTRY_BYTES``, wrong types, another key, an older format): a miss, and it is replaced;
- an answer the source failed to give, and a record with any file that failed to download
  (``FileStatus.ERROR``): a transient fault must not stand for 24 hours after the Hub recovers.

A gated repository answers differently with and without access, so the key holds the identity the
answer was fetched with: ``anonymous``, or a salted hash of the token (the salt is random per cache
directory; the token itself is never written anywhere).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from modelaudit.fileio import atomic_write_text
from modelaudit.sources.base import ModelSource, SourceUnavailable
from modelaudit.sources.records import FetchOutcome, FetchStatus, FileStatus

# 2: keys carry the identity; records with failed files are no longer stored.
CACHE_FORMAT = 2
DEFAULT_TTL_SECONDS = 24 * 3600
#: A record is a card, a README and a few small files (each at most 1 MB): anything larger than
#: this is not an entry we wrote, and reading it could exhaust memory.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
ANONYMOUS = "anonymous"
#: How far in the future a stored time may lie (clock adjustments) before the entry is distrusted.
_CLOCK_SLACK_SECONDS = 300.0


def default_cache_dir() -> Path:
    env = os.environ.get("MODELAUDIT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("modelaudit", appauthor=False))


def cacheable(outcome: FetchOutcome) -> bool:
    """A definite answer: a record all of whose planned files were answered, or "no such repo"."""
    if outcome.status is FetchStatus.ERROR:
        return False
    record = outcome.record
    return record is None or FileStatus.ERROR not in record.file_status.values()


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
        self._salt: bytes | None = None
        self._salt_lock = threading.Lock()

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / "records" / digest[:2] / f"{digest}.json"

    @staticmethod
    def key(endpoint: str, repo_id: str, revision: str | None, identity: str = ANONYMOUS) -> str:
        return f"{endpoint}\n{identity}\n{repo_id}\n{revision or ''}"

    def identity(self, token: str | None) -> str:
        """What the key says about who asked: ``anonymous``, or ``token:<salted sha-256>``."""
        if not token:
            return ANONYMOUS
        digest = hashlib.sha256(self._identity_salt() + b"\0" + token.encode("utf-8")).hexdigest()
        return f"token:{digest[:32]}"

    def _identity_salt(self) -> bytes:
        with self._salt_lock:
            if self._salt is None:
                self._salt = self._load_salt()
            return self._salt

    def _load_salt(self) -> bytes:
        path = self.directory / "identity-salt"

        def read() -> bytes | None:
            with contextlib.suppress(OSError, ValueError):
                with open(path, "rb") as handle:
                    text = handle.read(256).decode("ascii").strip()
                if len(text) == 32 and all(c in "0123456789abcdef" for c in text):
                    return text.encode("ascii")
            return None

        found = read()
        if found is not None:
            return found
        fresh = secrets.token_hex(16)
        try:
            atomic_write_text(path, fresh + "\n")
        except OSError:
            return fresh.encode("ascii")  # an unwritable cache: the salt lives as long as the run
        # Two first runs may race: whichever salt is on disk now is the one later runs will use.
        return read() or fresh.encode("ascii")

    def get(self, key: str) -> CacheEntry | None:
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError:
            self._drop(path)
            return None
        try:
            if len(data) > MAX_ENTRY_BYTES:
                raise ValueError("larger than any entry we write")
            raw = json.loads(data)
            if not isinstance(raw, dict) or raw.get("format") != CACHE_FORMAT or raw.get("key") != key:
                raise ValueError("foreign or outdated cache entry")
            stored_at = raw.get("stored_at")
            if isinstance(stored_at, bool) or not isinstance(stored_at, (int, float)) or not math.isfinite(stored_at):
                raise ValueError("no valid time of storage")
            return CacheEntry(FetchOutcome.from_json(raw["outcome"]), float(stored_at))
        except Exception:
            # Whatever the file holds (RecursionError from 100,000 nested brackets, MemoryError, a
            # wrong type deep inside), an entry we cannot read is a miss, and it is dropped so the
            # next write starts clean. Never an exception for the caller.
            self._drop(path)
            return None

    @staticmethod
    def _drop(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()

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


TokenSource = Callable[[], str | None]


class CachedSource:
    """Answers from the cache within the TTL; otherwise asks the inner source and stores the answer.

    Only definite answers are cached (see ``cacheable``). With ``refresh`` the old entry is not
    read at all, except as the stale fallback below. When the inner source is unreachable, a stale
    entry is better than nothing and is used (and ``on_stale`` says so).

    ``token``: the token the inner source fetches with, or a function giving it (called once, at the
    first fetch, so a run that never fetches does not pay for finding it); ``None`` is anonymous.
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
        token: str | TokenSource | None = None,
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._endpoint = endpoint
        self._ttl = ttl
        self._refresh = refresh
        self._clock = clock
        self._on_stale = on_stale
        self._token = token
        self._identity: str | None = None
        self._identity_lock = threading.Lock()

    def _key(self, repo_id: str, revision: str | None) -> str:
        with self._identity_lock:
            if self._identity is None:
                token = self._token() if callable(self._token) else self._token
                self._identity = self._cache.identity(token)
        return RecordCache.key(self._endpoint, repo_id, revision, self._identity)

    def _fresh(self, entry: CacheEntry, now: float) -> bool:
        return -_CLOCK_SLACK_SECONDS <= entry.age(now) <= self._ttl

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        key = self._key(repo_id, revision)
        now = self._clock()
        entry = None if self._refresh else self._cache.get(key)
        if entry is not None and self._fresh(entry, now):
            return entry.outcome
        try:
            outcome = self._inner.fetch(repo_id, revision)
        except SourceUnavailable:
            if entry is None and self._refresh:
                entry = self._cache.get(key)  # --refresh still prefers an old answer to none at all
            if entry is not None and cacheable(entry.outcome):
                if self._on_stale is not None:
                    self._on_stale(repo_id, max(0.0, entry.age(now)))
                return entry.outcome
            raise
        if cacheable(outcome):
            self._cache.put(key, outcome)
        return outcome
