"""Building the bundled snapshot with the tool's own fetching code.

Every repository the lineage walk of the listed models touches is recorded — the models, all
their ancestors, the datasets their data lineage reaches, and the answers "no such repo" — so an
offline audit of those models sees exactly what an online one saw on the snapshot's date. Entries
are keyed by the id the walk fetched: a model's Hub id, a dataset's node id (``datasets/org/name``),
so a dataset and a model of the same name never overwrite each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from modelaudit._version import __version__
from modelaudit.lineage.builder import WalkLimits, build_lineage
from modelaudit.sources.base import ModelSource
from modelaudit.sources.records import FetchOutcome, FetchStatus
from modelaudit.sources.snapshot import Snapshot


class RecordingSource:
    """Passes fetches through and keeps every definite answer."""

    def __init__(self, inner: ModelSource) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self.outcomes: dict[str, FetchOutcome] = {}
        self.failures: dict[str, str] = {}

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        outcome = self._inner.fetch(repo_id, revision)
        with self._lock:
            if outcome.status is FetchStatus.ERROR:
                self.failures[repo_id] = outcome.message
            else:
                self.outcomes[repo_id] = outcome
        return outcome


@dataclass(frozen=True)
class SnapshotBuild:
    snapshot: Snapshot
    failures: dict[str, str]


def build_snapshot(
    models: Iterable[str],
    source: ModelSource,
    *,
    endpoint: str,
    date: str,
    progress: Callable[[str], None] | None = None,
    limits: WalkLimits | None = None,
) -> SnapshotBuild:
    recorder = RecordingSource(source)
    for model in models:
        if progress:
            progress(model)
        build_lineage(model, recorder, limits=limits)
    snapshot = Snapshot(snapshot_date=date, endpoint=endpoint, tool_version=__version__, entries=dict(recorder.outcomes))
    return SnapshotBuild(snapshot, dict(recorder.failures))
