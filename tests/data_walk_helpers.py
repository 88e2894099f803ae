"""An in-memory ``ModelSource`` over ``tests/fixtures/lineage_data``: real model and dataset records, served the way
the sources layer serves them (dataset records under the node id ``datasets/<org>/<name>``, ids matched without
regard to case, renamed repos redirected), with a log of every fetch."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

FIXTURES = Path(__file__).parent / "fixtures" / "lineage_data"
#: The Hub redirects these (the card of OpenThinker-7B lists the dataset under its old name).
RENAMES = {"datasets/open-thoughts/open-thoughts-114k": "datasets/open-thoughts/OpenThoughts-114k"}


def _load(directory: Path, dataset: bool) -> ModelRecord:
    info = json.loads((directory / "info.json").read_text(encoding="utf-8"))
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(directory.iterdir()) if p.name != "info.json"}
    repo_id = ("datasets/" if dataset else "") + info["id"]
    return record(repo_id, card=info.get("cardData") or {}, tags=info.get("tags") or (), files=files,
                  revision=info.get("sha"))


def record(repo_id: str, *, card: Mapping[str, Any] | None = None, tags: Any = (), readme: str | None = None,
           files: Mapping[str, str] | None = None, revision: str | None = "0" * 40) -> ModelRecord:
    """A record as a source returns it (for datasets ``repo_id`` is the node id ``datasets/<org>/<name>``)."""
    all_files = dict(files or {})
    if readme is not None:
        all_files["README.md"] = readme
    return ModelRecord(repo_id, repo_id, revision, card_data=dict(card or {}), tags=tuple(tags),
                       siblings=tuple(all_files), files=all_files,
                       file_status={name: FileStatus.READ for name in all_files})


class MemorySource:
    """Records by id (case-insensitive), a fetch log, and the fixtures' renames."""

    def __init__(self, *records: ModelRecord, fixtures: bool = True) -> None:
        self.records: dict[str, ModelRecord] = {}
        if fixtures:
            for directory in sorted(FIXTURES.iterdir()):
                if (directory / "info.json").exists():
                    self.add(_load(directory, dataset=False))
            for directory in sorted((FIXTURES / "datasets").iterdir()):
                self.add(_load(directory, dataset=True))
        for rec in records:
            self.add(rec)
        self.fetched: list[str] = []
        self._lock = threading.Lock()

    def add(self, rec: ModelRecord) -> None:
        self.records[rec.repo_id.lower()] = rec

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        with self._lock:
            self.fetched.append(repo_id)
        canonical = RENAMES.get(repo_id.lower(), repo_id)
        rec = self.records.get(canonical.lower())
        if rec is None:
            return FetchOutcome.missing(repo_id, f"{repo_id} is not on the Hub (or is private)")
        return FetchOutcome.ok(replace(rec, requested_id=repo_id))

    def dataset_fetches(self) -> list[str]:
        return [r for r in self.fetched if r.startswith("datasets/")]
