"""The index as a source of records: ancestors of a checked model read from the index, with no Hub request.

A record from the index is the dump's row: the card (README with its YAML), tags, author, dates, library and
pipeline. The dump has no revision sha, gating, file list or config, so only the README is read; a licence
that needs a LICENSE file to be identified stays unknown (fail closed), as the node's notes say.
"""

from __future__ import annotations

from types import MappingProxyType

from modelaudit.cards import split_front_matter
from modelaudit.index.store import HubIndex
from modelaudit.kinds import SourceKind
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord


class IndexSource:
    """Answers from the index; ``fetch`` returns an error outcome (not missing) for a model the index does not
    hold, so a chain can fall back to the Hub (a model missing from a dump may well exist)."""

    kind = SourceKind.INDEX

    def __init__(self, index: HubIndex) -> None:
        self.index = index
        self._note = (f"read from the {index.described}: card and tags only, no other file "
                      "(LICENSE, config) was read")

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        if revision and revision != "main":
            return FetchOutcome.error(repo_id, f"the Hub index has no revisions; {repo_id}@{revision} is read live",
                                      self.kind)
        found = self.index.model(repo_id)
        if found is None:
            return FetchOutcome.error(repo_id, f"{repo_id} is not in the {self.index.described}", self.kind)
        front, _ = split_front_matter(found.card)
        record = ModelRecord(
            repo_id=found.model_id,
            requested_id=repo_id,
            revision=None,
            card_data=MappingProxyType(dict(front or {})),
            tags=found.tags,
            pipeline_tag=found.pipeline_tag,
            library_name=found.library_name,
            files=MappingProxyType({"README.md": found.card}),
            file_status=MappingProxyType({"README.md": FileStatus.READ}),
            source=self.kind,
            fetched_at=self.index.date,
            created_at=found.created_at,
            last_modified=found.last_modified,
            author=found.author,
            notes=(self._note,),
        )
        return FetchOutcome.ok(record)
