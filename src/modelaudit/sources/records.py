"""What a source knows about one repository: the raw facts, before any interpretation.

A ``ModelRecord`` is what the Hub (or the snapshot, or a local directory) said about a repo at one
revision. The lineage and licensing layers interpret it; sources never do. Records serialise to
plain JSON for the on-disk cache and the bundled snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any

from modelaudit.kinds import SourceKind

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class FileStatus(str, Enum):
    READ = "read"
    GATED = "gated"  # the repo is gated and our token (if any) was refused
    MISSING = "missing"  # listed nowhere or 404
    ERROR = "error"  # a transport or server failure after retries
    TOO_LARGE = "too-large"


_HEX = frozenset("0123456789abcdef")
#: The shortest commit-sha prefix accepted as a pin (``git``'s default abbreviation).
MIN_SHA_PREFIX = 7


def revision_matches(pinned: str, actual: str | None) -> bool:
    """Does a pinned revision name the commit ``actual`` (a full sha)? Equal, or a hex prefix of
    at least seven characters (``org/name@f794cef``), compared without regard to case."""
    if actual is None:
        return False
    pin, full = pinned.strip().lower(), actual.lower()
    if pin == full:
        return True
    return len(pin) >= MIN_SHA_PREFIX and set(pin) <= _HEX and full.startswith(pin)


class FetchStatus(str, Enum):
    OK = "ok"
    MISSING = "missing"  # the repository (or the revision) does not exist or is private
    ERROR = "error"  # the source failed; the record could not be obtained


@dataclass(frozen=True)
class ModelRecord:
    repo_id: str
    requested_id: str
    revision: str | None
    card_data: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    tags: tuple[str, ...] = ()
    gated: str | None = None
    pipeline_tag: str | None = None
    library_name: str | None = None
    config: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    siblings: tuple[str, ...] = ()
    files: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    file_status: Mapping[str, FileStatus] = field(default_factory=lambda: _EMPTY)
    source: SourceKind = SourceKind.HUB
    fetched_at: str = ""
    created_at: str | None = None
    last_modified: str | None = None
    author: str | None = None
    # Where parts of the record came from when not from this fetch ("README.md of org/x taken from
    # the bundled snapshot of 2026-11-22 (same revision)"): shown as node notes.
    notes: tuple[str, ...] = ()
    # The Hub repository a local copy was downloaded from, as only its place on disk says (LM Studio keeps a
    # download of org/repo in models/org/repo): a hint the lineage reads as an inferred parent, never a
    # declaration (anyone can drop a file into that folder).
    origin: str | None = None

    @property
    def renamed(self) -> bool:
        return self.requested_id != self.repo_id

    @property
    def repo_type(self) -> str:
        """``dataset`` for dataset records (their ``repo_id`` is the node id ``datasets/org/name``),
        else ``model``."""
        return "dataset" if self.repo_id.startswith("datasets/") else "model"

    @property
    def readme(self) -> str | None:
        return self.files.get("README.md")

    def status_of(self, filename: str) -> FileStatus | None:
        return self.file_status.get(filename)

    def to_json(self) -> dict[str, Any]:
        return {
            "repo_id": self.repo_id,
            "requested_id": self.requested_id,
            "revision": self.revision,
            "card_data": dict(self.card_data),
            "tags": list(self.tags),
            "gated": self.gated,
            "pipeline_tag": self.pipeline_tag,
            "library_name": self.library_name,
            "config": dict(self.config),
            "siblings": list(self.siblings),
            "files": dict(self.files),
            "file_status": {k: v.value for k, v in self.file_status.items()},
            "source": self.source.value,
            "fetched_at": self.fetched_at,
            "created_at": self.created_at,
            "last_modified": self.last_modified,
            "author": self.author,
            # Only when there is something to say, so records without notes serialise as before.
            **({"notes": list(self.notes)} if self.notes else {}),
            **({"origin": self.origin} if self.origin else {}),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ModelRecord:
        """Rebuild a record from JSON; a value of the wrong type raises ``ValueError`` (a cache
        entry or snapshot someone edited must not surface later as a crash far from here)."""
        if not isinstance(data, Mapping):
            raise ValueError("a record must be a JSON object")
        return cls(
            repo_id=_text(data, "repo_id"),
            requested_id=_opt_text(data, "requested_id") or _text(data, "repo_id"),
            revision=_opt_text(data, "revision"),
            card_data=MappingProxyType(_mapping(data, "card_data")),
            tags=_texts(data, "tags"),
            gated=_opt_text(data, "gated"),
            pipeline_tag=_opt_text(data, "pipeline_tag"),
            library_name=_opt_text(data, "library_name"),
            config=MappingProxyType(_mapping(data, "config")),
            siblings=_texts(data, "siblings"),
            files=MappingProxyType({str(k): _str(v, "files") for k, v in _mapping(data, "files").items()}),
            file_status=MappingProxyType({str(k): FileStatus(v) for k, v in _mapping(data, "file_status").items()}),
            source=SourceKind(data.get("source", SourceKind.HUB.value)),
            fetched_at=_opt_text(data, "fetched_at") or "",
            created_at=_opt_text(data, "created_at"),
            last_modified=_opt_text(data, "last_modified"),
            author=_opt_text(data, "author"),
            notes=_texts(data, "notes"),
            origin=_opt_text(data, "origin"),
        )


def _str(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a string, got {type(value).__name__}")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    return _str(data.get(key), key)


def _opt_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else _str(value, key)


def _texts(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{key}: expected a list, got {type(value).__name__}")
    return tuple(_str(v, key) for v in value)


def _mapping(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected an object, got {type(value).__name__}")
    return dict(value)


@dataclass(frozen=True)
class FetchOutcome:
    """The answer to "give me this repo": a record, or why there is none. Never an exception."""

    requested_id: str
    status: FetchStatus
    record: ModelRecord | None = None
    message: str = ""
    source: SourceKind | None = None

    @classmethod
    def ok(cls, record: ModelRecord) -> FetchOutcome:
        return cls(record.requested_id, FetchStatus.OK, record, source=record.source)

    @classmethod
    def missing(cls, repo_id: str, message: str, source: SourceKind | None = None) -> FetchOutcome:
        return cls(repo_id, FetchStatus.MISSING, None, message, source)

    @classmethod
    def error(cls, repo_id: str, message: str, source: SourceKind | None = None) -> FetchOutcome:
        return cls(repo_id, FetchStatus.ERROR, None, message, source)

    def to_json(self) -> dict[str, Any]:
        return {
            "requested_id": self.requested_id,
            "status": self.status.value,
            "record": self.record.to_json() if self.record else None,
            "message": self.message,
            "source": self.source.value if self.source else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FetchOutcome:
        if not isinstance(data, Mapping):
            raise ValueError("an outcome must be a JSON object")
        record = data.get("record")
        source = data.get("source")
        status = FetchStatus(data.get("status"))
        if (status is FetchStatus.OK) != (record is not None):
            raise ValueError("an ok outcome carries a record, and only an ok outcome does")
        return cls(
            requested_id=_text(data, "requested_id"),
            status=status,
            record=ModelRecord.from_json(record) if record is not None else None,
            message=_opt_text(data, "message") or "",
            source=SourceKind(source) if source else None,
        )
