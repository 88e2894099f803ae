"""Assemble the source stack the CLI asks for.

Default: ``Memo(Routing(Fallback(Backfill(Cached(Hub)), Snapshot)))`` — local paths are read
from disk, Hub ids come from the cache within its TTL, else from the Hub, else (Hub unreachable)
from a stale cache entry or the bundled snapshot; files the Hub would not give (gated, failing)
are taken from the snapshot when it holds the same commit. ``--offline`` uses the bundled
snapshot only, so its answers are reproducible anywhere.

With a Hub index (``index``: the index's source, built by the caller), ancestors are read from it first
(``IndexFirstSource``), the models in ``live`` from the chain.

Every Hub request has a total deadline (``request_timeout``) and the run a wall-clock budget
(``run_timeout``); what they cut off is an error outcome, so the model's verdict is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from modelaudit.sources.base import ModelSource
from modelaudit.sources.cache import DEFAULT_TTL_SECONDS, CachedSource, RecordCache, default_cache_dir
from modelaudit.sources.chain import FallbackSource, IndexFirstSource, MemoSource, SnapshotBackfill
from modelaudit.sources.hub import (
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_RUN_TIMEOUT,
    HubSource,
    configured_endpoint,
    public_endpoint,
)
from modelaudit.sources.registry import RoutingSource
from modelaudit.sources.snapshot import SnapshotSource


@dataclass(frozen=True)
class SourceOptions:
    offline: bool = False
    refresh: bool = False
    cache_dir: Path | None = None
    cache_ttl: float = DEFAULT_TTL_SECONDS
    endpoint: str | None = None
    snapshot_path: Path | None = None
    use_cache: bool = True
    token: str | None = None
    #: Seconds for one request attempt as a whole: connect, headers and body.
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    #: Seconds for all Hub requests of the run together (None: no overall budget).
    run_timeout: float | None = DEFAULT_RUN_TIMEOUT
    #: The Hub index's source (``modelaudit.index.source.IndexSource``), or None.
    index: ModelSource | None = None
    #: Lower-case ids read from the chain even with an index (the models being checked, unless offline).
    live: frozenset[str] = frozenset()


def _hub_token(explicit: str | None) -> str | None:
    # The token the Hub client will send (HF_TOKEN, or the saved login): the cache key depends on it.
    from huggingface_hub import get_token

    return explicit or get_token()


def build_source(options: SourceOptions, notify: Callable[[str], None],
                 publisher_orgs: frozenset[str] = frozenset()) -> MemoSource:
    """The stack for ``options``. ``publisher_orgs``: organisations that publish a model family of
    their own (from the lineage catalogue, passed in so sources do not depend on lineage); their
    ``config.json`` is not worth a request (see ``file_plan``)."""
    snapshot = SnapshotSource(path=options.snapshot_path)
    hub_chain: ModelSource
    if options.offline:
        hub_chain = snapshot
    else:
        endpoint = (options.endpoint or configured_endpoint()).rstrip("/")
        hub: ModelSource = HubSource(endpoint=endpoint, token=options.token, timeout=options.request_timeout,
                                     budget=options.run_timeout, publisher_orgs=publisher_orgs)
        if options.use_cache:

            def stale(repo_id: str, age: float) -> None:
                notify(f"using the cached record of {repo_id} from {age / 3600:.1f} h ago (Hub unreachable)")

            cache = RecordCache(options.cache_dir or default_cache_dir())
            # Keyed without userinfo: a password in --endpoint must not land in cache files.
            hub = CachedSource(
                hub, cache, endpoint=public_endpoint(endpoint), ttl=options.cache_ttl, refresh=options.refresh,
                on_stale=stale, token=lambda: _hub_token(options.token),
            )
        hub_chain = FallbackSource(SnapshotBackfill(hub, snapshot), snapshot, notify)
    if options.index is not None:
        hub_chain = IndexFirstSource(options.index, hub_chain, options.live)
    return MemoSource(RoutingSource(hub_chain))
