"""The bundled snapshot: dated Hub records for well-known models, shipped inside the wheel.

It lets ``modelaudit check`` answer with no network at all (``--offline``, or automatically when
the Hub cannot be reached). It is produced by ``modelaudit snapshot build`` from a Hub endpoint,
never written by hand, so every record in it went through the same code path as a live fetch.
Entries are keyed by node id: ``org/name`` for a model, ``datasets/org/name`` for a dataset; both
are found case-insensitively and under the canonical id of a renamed repo, as on the Hub.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from modelaudit.kinds import SourceKind
from modelaudit.resources import package_file
from modelaudit.sources.records import FetchOutcome, FetchStatus, ModelRecord, revision_matches

SNAPSHOT_FORMAT = 1


def bundled_snapshot_path() -> Path:
    return package_file("snapshot", "hub-snapshot.json")


@dataclass(frozen=True)
class Snapshot:
    snapshot_date: str
    endpoint: str
    tool_version: str
    entries: Mapping[str, FetchOutcome] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SNAPSHOT_FORMAT,
            "snapshot_date": self.snapshot_date,
            "endpoint": self.endpoint,
            "tool_version": self.tool_version,
            "entries": {k: self.entries[k].to_json() for k in sorted(self.entries)},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Snapshot:
        if not isinstance(data, Mapping):
            raise ValueError("not a snapshot (expected a JSON object)")
        if data.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"unsupported snapshot format {data.get('format')!r}")
        entries = {str(k): FetchOutcome.from_json(v) for k, v in (data.get("entries") or {}).items()}
        return cls(str(data["snapshot_date"]), str(data.get("endpoint", "")), str(data.get("tool_version", "")), entries)

    def write(self, path: Path) -> None:
        from modelaudit.fileio import atomic_write_text

        atomic_write_text(path, json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=False) + "\n")

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _bundled_snapshot() -> Snapshot:
    # The bundled file never changes while the process runs: parse it once, however many sources
    # (the fallback chain, the report's data-source line) ask for it.
    return Snapshot.read(bundled_snapshot_path())


def load_snapshot(path: Path | None = None) -> Snapshot:
    return _bundled_snapshot() if path is None else Snapshot.read(path)


class SnapshotSource:
    """Serves records from a snapshot; everything it returns is marked ``source: snapshot``."""

    kind = SourceKind.SNAPSHOT

    def __init__(self, snapshot: Snapshot | None = None, path: Path | None = None) -> None:
        self._snapshot = snapshot
        self._path = path
        self._index: dict[str, str] | None = None

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self._snapshot = load_snapshot(self._path)
        return self._snapshot

    @property
    def date(self) -> str:
        return self.snapshot.snapshot_date

    def _lookup(self, repo_id: str) -> FetchOutcome | None:
        entries = self.snapshot.entries
        if repo_id in entries:
            return entries[repo_id]
        if self._index is None:
            # Case-insensitive ids and canonical ids of renamed repos, like the Hub resolves them.
            index: dict[str, str] = {}
            for key, outcome in entries.items():
                index.setdefault(key.lower(), key)
                if outcome.record is not None:
                    index.setdefault(outcome.record.repo_id.lower(), key)
            self._index = index
        found = self._index.get(repo_id.lower())
        return entries[found] if found else None

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        found = self._lookup(repo_id)
        date = self.snapshot.snapshot_date
        if found is None:
            return FetchOutcome.error(
                repo_id, f"{repo_id} is not in the bundled snapshot of {date} (Hub offline or unreachable)", self.kind
            )
        if found.status is FetchStatus.MISSING:
            return replace(found, requested_id=repo_id, source=self.kind)
        record = found.record
        assert record is not None
        # "main" is what the snapshot recorded; a sha pin matches the recorded commit in full or by
        # a prefix of at least seven hex digits, as people copy it from the Hub's page.
        if revision and record.revision and revision != "main" and not revision_matches(revision, record.revision):
            return FetchOutcome.error(
                repo_id,
                f"the snapshot of {date} holds {repo_id} at {record.revision[:12]}, not {revision}; "
                "that revision cannot be checked offline",
                self.kind,
            )
        return FetchOutcome.ok(replace(record, requested_id=repo_id, source=self.kind))

    def record_at(self, repo_id: str, revision: str | None) -> ModelRecord | None:
        """The snapshot's record of ``repo_id`` if it is at exactly commit ``revision`` (a full sha),
        else ``None``. Same commit means same bytes, so its files may stand in for a live read."""
        if not revision:
            return None
        try:
            found = self._lookup(repo_id)
        except (OSError, ValueError, KeyError):
            return None  # no usable snapshot: nothing to take from it
        record = found.record if found is not None else None
        if record is None or record.revision is None or record.revision.lower() != revision.lower():
            return None
        return record

    def ids(self) -> Iterable[str]:
        return self.snapshot.entries.keys()
