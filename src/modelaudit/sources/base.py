"""The one small interface every source implements."""

from __future__ import annotations

from typing import Protocol

from modelaudit.sources.records import FetchOutcome


class ModelSource(Protocol):
    """Something that can answer "what do you know about repo X (at revision R)?".

    Implementations never raise for a missing repo or a failed request: they return a
    ``FetchOutcome`` saying so, because an unknown is a result the policy must see.
    """

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome: ...


class SourceUnavailable(Exception):
    """The source as a whole cannot be reached (no network, DNS failure): try the next one."""
