"""A model directory on disk (a checkpoint you trained, a vendor drop) read like a Hub record."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelaudit.cards import split_front_matter
from modelaudit.kinds import SourceKind
from modelaudit.sources.file_plan import is_planned_file
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

_MAX_BYTES = 1_000_000


def card_metadata(card: dict[str, Any]) -> dict[str, Any]:
    """What the Hub would answer beside the card (tags, pipeline tag, library), read from the card itself: a copy
    on disk has no Hub answer, only its README's front matter."""
    tags = card.get("tags")
    return {
        "tags": tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        "pipeline_tag": str(card["pipeline_tag"]) if card.get("pipeline_tag") else None,
        "library_name": str(card["library_name"]) if card.get("library_name") else None,
    }


class LocalSource:
    kind = SourceKind.LOCAL

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        path = Path(repo_id).expanduser()
        if not path.is_dir():
            return FetchOutcome.missing(repo_id, f"{repo_id} is not a directory", self.kind)
        folder = read_folder(path)
        card, config = folder.card, folder.config
        record = ModelRecord(
            repo_id=repo_id,
            requested_id=repo_id,
            revision=None,
            card_data=card,
            **card_metadata(card),
            config=config,
            siblings=folder.names,
            files=folder.files,
            file_status=folder.statuses,
            source=self.kind,
            fetched_at=now(),
        )
        return FetchOutcome.ok(record)


@dataclass(frozen=True)
class Folder:
    """The files of a folder some reader wants (README, configs, licence and notice files), read from disk."""

    names: tuple[str, ...]  # every file of the folder
    files: dict[str, str]
    statuses: dict[str, FileStatus]
    card: dict[str, Any]  # the README's front matter ({} without one)
    config: dict[str, Any]  # config.json ({} without one)


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def read_folder(path: Path, names: tuple[str, ...] | None = None) -> Folder:
    """The planned files of ``path`` (every file some reader wants: reading from disk costs no request);
    ``names`` limits the listing (a Hugging Face cache snapshot lists symlinks)."""
    try:
        listed = tuple(sorted(p.name for p in path.iterdir() if p.is_file())) if names is None else names
    except OSError:
        listed = ()
    files: dict[str, str] = {}
    statuses: dict[str, FileStatus] = {}
    for name in listed:
        if not is_planned_file(name):
            continue
        try:
            with (path / name).open("rb") as stream:
                data = stream.read(_MAX_BYTES + 1)
        except OSError:
            statuses[name] = FileStatus.ERROR
            continue
        files[name] = data[:_MAX_BYTES].decode("utf-8", errors="replace")
        statuses[name] = FileStatus.TOO_LARGE if len(data) > _MAX_BYTES else FileStatus.READ
    card, _ = split_front_matter(files.get("README.md", ""))
    config: dict[str, Any] = {}
    if "config.json" in files:
        try:
            loaded = json.loads(files["config.json"])
            config = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            config = {}
    return Folder(listed, files, statuses, dict(card) if card else {}, config)
