"""The public Python API: one audit entry point, used by the CLI, the benchmarks and the tests.

    import modelaudit

    report = modelaudit.check(["deepseek-ai/DeepSeek-R1-Distill-Llama-70B"],
                              profile={"monthly_active_users": 800_000_000, "uses": ["commercial"]},
                              offline=True)
    report.verdict                                # Verdict.BLOCK
    report.results[0].effective_licenses[1].id    # "llama3.3"
    report.to_json()                              # the JSON contract (schema_version "1")

Profile, policy and waivers are each a path, a mapping (the YAML document as data) or ``None``
(no profile, the shipped default policy, no waivers). They are read and validated before the
first Hub request, so a mistake costs milliseconds. Nothing here prints: notices (fallback to
the snapshot, stale cache) go to ``notify`` and finished models to ``on_result``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelaudit.audit import AuditSettings, Target, run_audit
from modelaudit.errors import ModelauditError, UsageError
from modelaudit.kinds import SourceKind
from modelaudit.lineage.builder import WalkLimits
from modelaudit.lineage.graph import NodeStatus
from modelaudit.policy.profile import Profile, load_profile, profile_from_mapping
from modelaudit.policy.rules import Policy, load_policy, policy_from_mapping
from modelaudit.policy.waivers import Waivers, load_waivers, parse_waivers
from modelaudit.refs import ModelRef
from modelaudit.results import AuditReport, ModelReport
from modelaudit.sources.base import ModelSource
from modelaudit.sources.cache import DEFAULT_TTL_SECONDS
from modelaudit.sources.factory import SourceOptions, build_source
from modelaudit.sources.hub import DEFAULT_REQUEST_TIMEOUT, DEFAULT_RUN_TIMEOUT, configured_endpoint, public_endpoint
from modelaudit.sources.registry import expand_references, parse_reference

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis

#: ``check``'s report type.
Report = AuditReport

ModelSpec = str | ModelRef | Target
InputSpec = str | Path | Mapping[str, Any] | None


def _profile(value: InputSpec | Profile) -> Profile:
    if value is None:
        return Profile()
    if isinstance(value, Profile):
        return value
    if isinstance(value, Mapping):
        return profile_from_mapping(value, "profile")
    return load_profile(Path(value))


def _policy(value: InputSpec | Policy) -> Policy:
    if value is None or isinstance(value, (str, Path)):
        return load_policy(None if value is None else Path(value))
    if isinstance(value, Policy):
        return value
    return policy_from_mapping(value, "policy")


def _waivers(value: InputSpec | Waivers | list[Any]) -> Waivers:
    if value is None or isinstance(value, (str, Path)):
        return load_waivers(None if value is None else Path(value))
    if isinstance(value, Waivers):
        return value
    return parse_waivers(value, "waivers")


def _today(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"as_of: {value!r} is not a date (YYYY-MM-DD)") from None


def targets_of(models: ModelSpec | Iterable[ModelSpec], *, local: bool = False) -> list[Target]:
    """Targets from ids, references or targets; every text reference is validated here. ``local``: every text
    reference is a local folder (``org/name`` is ``./org/name``, never the Hub model)."""
    items: Iterable[ModelSpec] = [models] if isinstance(models, (str, ModelRef, Target)) else models
    out: list[Target] = []
    for item in items:
        if isinstance(item, Target):
            out.append(item)
        else:
            ref = item if isinstance(item, ModelRef) else parse_reference(item, local=local)
            out.extend(Target(r) for r in expand_references([ref]))
    return out


def data_sources(reports: Sequence[ModelReport], endpoint: str | None = None) -> tuple[str, ...]:
    """Where the records came from, so an audit can be reproduced: Hub fetch times, snapshot date.

    ``endpoint`` is the Hub the run asked (default: ``HF_ENDPOINT``); it is named without userinfo."""
    kinds: dict[SourceKind, list[str]] = {}
    for report in reports:
        if report.analysis is None:
            continue
        for node in report.analysis.graph.nodes():
            if node.source is not None:
                kinds.setdefault(node.source, []).append(node.fetched_at or "")
    out: list[str] = []
    if SourceKind.HUB in kinds:
        times = sorted(t for t in kinds[SourceKind.HUB] if t)
        span = f" fetched {times[0]}" + (f" to {times[-1]}" if times[-1] != times[0] else "") if times else ""
        out.append(f"Hugging Face Hub {public_endpoint((endpoint or configured_endpoint()).rstrip('/'))}{span}")
    if SourceKind.SNAPSHOT in kinds:
        from modelaudit.sources.snapshot import SnapshotSource

        try:
            date = SnapshotSource().date
        except (OSError, ValueError):
            date = "unknown date"
        out.append(f"bundled Hub snapshot of {date}")
    if SourceKind.INDEX in kinds:
        dates = sorted({t for t in kinds[SourceKind.INDEX] if t})
        out.append(f"Hub index of the model-card dump of {', '.join(dates) or 'unknown date'}")
    if SourceKind.LOCAL in kinds:
        out.append("local model directories")
    if SourceKind.LOCAL_FILE in kinds:
        out.append("local model files (GGUF and safetensors headers)")
    return tuple(out)


def unfetched_summary(report: AuditReport) -> str | None:
    """One line naming the models that could not be fetched at all (their verdict is unknown)."""
    unfetched = [r for r in report.results if r.analysis is not None
                 and r.analysis.graph.root.status in (NodeStatus.MISSING, NodeStatus.UNAVAILABLE)]
    if len(unfetched) == 1 and unfetched[0].analysis is not None:
        root = unfetched[0].analysis.graph.root
        return root.notes[0] if root.notes else f"{unfetched[0].reference}: {root.status.value}"
    if unfetched:
        names = ", ".join(r.reference for r in unfetched[:3]) + (", ..." if len(unfetched) > 3 else "")
        return f"{len(unfetched)} models could not be fetched (verdict unknown): {names}"
    return None


def open_source(
    *,
    offline: bool = False,
    refresh: bool = False,
    endpoint: str | None = None,
    token: str | None = None,
    cache_dir: str | Path | None = None,
    cache_ttl: float = DEFAULT_TTL_SECONDS,
    timeout: float | None = DEFAULT_RUN_TIMEOUT,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    notify: Callable[[str], None] | None = None,
    index: str | Path | None = None,
    live: Iterable[str] = (),
) -> ModelSource:
    """The source stack a run reads from: local paths, the cache, the Hub, the bundled snapshot; with ``index``
    (a Hub index file) ancestors come from the index, and the models in ``live`` from the Hub (unless offline)."""
    index_source: ModelSource | None = None
    if index is not None:
        from modelaudit.index.source import IndexSource
        from modelaudit.index.store import HubIndex

        index_source = IndexSource(HubIndex(Path(index).expanduser()))
    options = SourceOptions(offline=offline, refresh=refresh, endpoint=endpoint, token=token,
                            cache_dir=Path(cache_dir) if cache_dir is not None else None, cache_ttl=cache_ttl,
                            run_timeout=timeout, request_timeout=request_timeout, index=index_source,
                            live=frozenset() if offline else frozenset(i.lower() for i in live))
    from modelaudit.lineage.names import default_catalogue

    return build_source(options, notify or (lambda _message: None), default_catalogue().publisher_orgs())


def check(
    models: ModelSpec | Iterable[ModelSpec],
    *,
    profile: InputSpec | Profile = None,
    policy: InputSpec | Policy = None,
    waivers: InputSpec | Waivers | list[Any] = None,
    offline: bool = False,
    refresh: bool = False,
    endpoint: str | None = None,
    token: str | None = None,
    cache_dir: str | Path | None = None,
    cache_ttl: float = DEFAULT_TTL_SECONDS,
    timeout: float | None = DEFAULT_RUN_TIMEOUT,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    max_nodes: int = 500,
    max_depth: int = 64,
    workers: int = 16,
    as_of: dt.date | str | None = None,
    openness: bool = True,
    data: bool = True,
    local: bool = False,
    source: ModelSource | None = None,
    notify: Callable[[str], None] | None = None,
    on_result: Callable[[ModelReport], None] | None = None,
    index: str | Path | None = None,
) -> AuditReport:
    """Audit models for an organisation: lineage, licence propagation, policy, openness.

    Returns the report (``verdict``, ``results``, ``to_json()``); never raises for a model that
    cannot be established — that model's verdict is ``unknown`` and its findings say why. Bad
    inputs (an invalid id, a profile with a typo) raise ``modelaudit.errors.UsageError``.
    ``data=False`` skips data lineage (no dataset is fetched; ``--no-data``). ``local=True`` reads every text
    reference as a local folder, ``org/name`` too (``--local``); by default ``org/name`` is the Hub model.
    ``index``: a Hub index file (``modelaudit index build``): ancestors are read from it with no Hub request, the
    models checked live (from the index too when ``offline``), and what it lacks from the Hub."""
    from modelaudit._distribution import conflict_message, foreign_distribution
    from modelaudit._version import __version__

    # Beside the other "modelaudit" distribution this code may be a mixture of both: say so, never answer.
    foreign = foreign_distribution()
    if foreign is not None:
        raise ModelauditError(conflict_message(foreign))
    # No model (a scan that found none) is an empty report whose verdict is pass: nothing is in use.
    targets = targets_of(models, local=local)
    # Every input is read and validated before the first Hub request.
    settings = AuditSettings(profile=_profile(profile), policy=_policy(policy), waivers=_waivers(waivers),
                             today=_today(as_of), limits=WalkLimits(max_nodes=max_nodes, max_depth=max_depth, data=data),
                             workers=workers, openness=openness)
    if source is None:
        source = open_source(offline=offline, refresh=refresh, endpoint=endpoint, token=token, cache_dir=cache_dir,
                             cache_ttl=cache_ttl, timeout=timeout, request_timeout=request_timeout, notify=notify,
                             index=index, live=[t.ref.id for t in targets])
    reports = run_audit(targets, source, settings, on_done=on_result)
    sources = data_sources(reports, endpoint)
    from modelaudit.provenance import input_records

    inputs = input_records(profile_arg=profile, profile=settings.profile, policy_arg=policy, policy=settings.policy,
                           waivers_arg=waivers, waivers=settings.waivers, tool_version=__version__,
                           snapshot_used=any(s.startswith("bundled Hub snapshot") for s in sources))
    return AuditReport(
        tool_version=__version__,
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        profile=settings.profile, policy=settings.policy, results=reports, waivers_source=settings.waivers.source,
        data_sources=sources, inputs=inputs,
    )


def lineage_of(
    model: str | ModelRef,
    *,
    offline: bool = False,
    refresh: bool = False,
    endpoint: str | None = None,
    token: str | None = None,
    cache_dir: str | Path | None = None,
    cache_ttl: float = DEFAULT_TTL_SECONDS,
    timeout: float | None = DEFAULT_RUN_TIMEOUT,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    max_nodes: int = 500,
    max_depth: int = 64,
    data: bool = True,
    index: str | Path | None = None,
    source: ModelSource | None = None,
    notify: Callable[[str], None] | None = None,
) -> ModelAnalysis:
    """One model's lineage and licence propagation, without a policy (what ``modelaudit lineage`` shows);
    ``data=False`` leaves out data lineage (datasets, their sources and generators, closed services); ``index``: a
    Hub index file, read as ``check`` reads it (ancestors from the index, the model itself live unless offline)."""
    from modelaudit.analysis import analyse_model

    ref = model if isinstance(model, ModelRef) else parse_reference(model)
    if source is None:
        source = open_source(offline=offline, refresh=refresh, endpoint=endpoint, token=token, cache_dir=cache_dir,
                             cache_ttl=cache_ttl, timeout=timeout, request_timeout=request_timeout, notify=notify,
                             index=index, live=[ref.id])
    return analyse_model(ref, source, limits=WalkLimits(max_nodes=max_nodes, max_depth=max_depth, data=data))


__all__ = ["Report", "check", "data_sources", "lineage_of", "open_source", "targets_of", "unfetched_summary"]
