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

    @property
    def renamed(self) -> bool:
        return self.requested_id != self.repo_id

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
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ModelRecord:
        return cls(
            repo_id=str(data["repo_id"]),
            requested_id=str(data.get("requested_id") or data["repo_id"]),
            revision=data.get("revision"),
            card_data=MappingProxyType(dict(data.get("card_data") or {})),
            tags=tuple(str(t) for t in data.get("tags") or ()),
            gated=data.get("gated"),
            pipeline_tag=data.get("pipeline_tag"),
            library_name=data.get("library_name"),
            config=MappingProxyType(dict(data.get("config") or {})),
            siblings=tuple(str(s) for s in data.get("siblings") or ()),
            files=MappingProxyType({str(k): str(v) for k, v in (data.get("files") or {}).items()}),
            file_status=MappingProxyType(
                {str(k): FileStatus(v) for k, v in (data.get("file_status") or {}).items()}
            ),
            source=SourceKind(data.get("source", SourceKind.HUB.value)),
            fetched_at=str(data.get("fetched_at") or ""),
            created_at=data.get("created_at"),
            last_modified=data.get("last_modified"),
            author=data.get("author"),
        )


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
        record = data.get("record")
        source = data.get("source")
        return cls(
            requested_id=str(data["requested_id"]),
            status=FetchStatus(data["status"]),
            record=ModelRecord.from_json(record) if record else None,
            message=str(data.get("message") or ""),
            source=SourceKind(source) if source else None,
        )
