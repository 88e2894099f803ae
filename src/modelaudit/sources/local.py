"""A model directory on disk (a checkpoint you trained, a vendor drop) read like a Hub record."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from modelaudit.cards import split_front_matter
from modelaudit.kinds import SourceKind
from modelaudit.sources.file_plan import is_planned_file
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

_MAX_BYTES = 1_000_000


class LocalSource:
    kind = SourceKind.LOCAL

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        path = Path(repo_id).expanduser()
        if not path.is_dir():
            return FetchOutcome.missing(repo_id, f"{repo_id} is not a directory", self.kind)
        files: dict[str, str] = {}
        statuses: dict[str, FileStatus] = {}
        names = sorted(p.name for p in path.iterdir() if p.is_file())
        for name in names:
            if is_planned_file(name):  # every file some reader wants: reading from disk costs no request
                try:
                    data = (path / name).read_bytes()[: _MAX_BYTES + 1]
                except OSError:
                    statuses[name] = FileStatus.ERROR
                    continue
                files[name] = data[:_MAX_BYTES].decode("utf-8", errors="replace")
                statuses[name] = FileStatus.TOO_LARGE if len(data) > _MAX_BYTES else FileStatus.READ
        card, _ = split_front_matter(files.get("README.md", ""))
        config: dict[str, object] = {}
        if "config.json" in files:
            try:
                loaded = json.loads(files["config.json"])
                config = loaded if isinstance(loaded, dict) else {}
            except ValueError:
                config = {}
        tags = card.get("tags") if card else None
        record = ModelRecord(
            repo_id=repo_id,
            requested_id=repo_id,
            revision=None,
            card_data=card or {},
            tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
            pipeline_tag=str(card["pipeline_tag"]) if card and card.get("pipeline_tag") else None,
            library_name=str(card["library_name"]) if card and card.get("library_name") else None,
            config=config,
            siblings=tuple(names),
            files=files,
            file_status=statuses,
            source=self.kind,
            fetched_at=_dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        )
        return FetchOutcome.ok(record)
