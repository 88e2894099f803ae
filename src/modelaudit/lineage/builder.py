"""Walk a model's ancestry breadth-first and build its ``LineageGraph``.

The walk is bounded: every parent is fetched once (the source memoises), a level of parents is
fetched concurrently, and the walk stops at ``max_nodes`` nodes or ``max_depth`` levels — what
lies beyond is recorded as ``not-explored`` (an unknown, never silently dropped). Cycles and
self-references in cards cannot make it loop: a repo already seen is never queued again.

Data lineage (``WalkLimits.data``) is walked the same way: the datasets the model and every model
ancestor were trained on (dataset nodes ``datasets/<org>/<name>``, fetched by that id), a dataset's
source datasets and the models that generated it, up to ``data_depth`` hops from the first dataset;
a generator model is walked like any model. Closed services (``service:<provider>/<model>``) whose
outputs were used are nodes established from the catalogue, never fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace

import networkx as nx

from modelaudit.evidence import RepoEvidence, read_evidence
from modelaudit.kinds import Confidence, Relation, SourceKind
from modelaudit.lineage.claims import EVIDENCE_RANK, ParentClaim
from modelaudit.lineage.graph import LineageEdge, LineageGraph, LineageNode, NodeKind, NodeStatus
from modelaudit.lineage.inference import RecordAnalysis, analyse_record
from modelaudit.lineage.names import Catalogue, default_catalogue
from modelaudit.refs import SERVICE_PREFIX, is_dataset_node_id
from modelaudit.sources.base import ModelSource, SourceUnavailable
from modelaudit.sources.records import FetchOutcome, FetchStatus, ModelRecord


@dataclass(frozen=True)
class WalkLimits:
    max_nodes: int = 500
    max_depth: int = 64
    workers: int = 8
    #: Follow data lineage: the datasets the model and its model ancestors were trained on, their sources and
    #: generators, and the closed services whose outputs were used. ``False`` (``--no-data``) fetches no dataset
    #: and adds no dataset or service node.
    data: bool = True
    #: Hops followed from the first dataset reached (itself at 0): to its source datasets and the models that
    #: generated it, and on from those. What lies further is ``not-explored``.
    data_depth: int = 3


def _kind_of(node_id: str) -> NodeKind:
    if is_dataset_node_id(node_id):
        return NodeKind.DATASET
    return NodeKind.SERVICE if node_id.startswith(SERVICE_PREFIX) else NodeKind.MODEL


def _hops(current: int | None, claim: ParentClaim) -> int | None:
    """Data hops to the claim's target: ``None`` while on the model lineage of the subject; a dataset reached
    from it is at 0, and every dataset or generator behind a dataset one hop further."""
    if claim.is_dataset:
        return 0 if current is None else current + 1
    if claim.relation is Relation.GENERATED_BY:
        return (current or 0) + 1
    return current  # a base or teacher of a model stays where the model is


def _service_node(claim: ParentClaim, catalogue: Catalogue) -> LineageNode:
    service = catalogue.services.get(claim.target)
    notes = (service.description,) if service else (f"{claim.target}: a closed service",)
    return LineageNode(id=claim.target, status=NodeStatus.RESOLVED, kind=NodeKind.SERVICE, notes=notes,
                       terms=service.terms if service else None)


def _family_node(claim: ParentClaim, catalogue: Catalogue) -> LineageNode:
    family = catalogue.family(claim.family_id or "")
    display = family.display if family else (claim.family_id or "?")
    return LineageNode(
        id=claim.target,
        status=NodeStatus.FAMILY,
        kind=NodeKind.FAMILY,
        notes=(f"the evidence names the {display} family, not a specific repository",),
        family=claim.family_id,
        family_license=family.license if family else None,
    )


def build_lineage(
    reference: str,
    source: ModelSource,
    *,
    revision: str | None = None,
    catalogue: Catalogue | None = None,
    limits: WalkLimits | None = None,
    executor: Executor | None = None,
) -> LineageGraph:
    catalogue = catalogue or default_catalogue()
    limits = limits or WalkLimits()
    own_pool = executor is None
    pool = executor or ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="modelaudit-fetch")
    try:
        return _walk(reference, revision, source, catalogue, limits, pool.map)
    finally:
        if own_pool:
            pool.shutdown(wait=True)


def _fetch_safely(source: ModelSource, repo_id: str, revision: str | None) -> FetchOutcome:
    """One repo's fetch; an unexpected failure (a malformed Hub answer, a library error) becomes an
    unavailable node, so it makes this lineage ``unknown`` instead of aborting the whole audit."""
    try:
        return source.fetch(repo_id, revision)
    except SourceUnavailable:
        raise  # the whole source is down: callers fall back to the snapshot, or report it
    except Exception as exc:
        return FetchOutcome.error(repo_id, f"{repo_id} could not be read ({type(exc).__name__}: {exc})")


def _analyse_safely(record: ModelRecord, catalogue: Catalogue) -> tuple[RecordAnalysis, RepoEvidence | None]:
    """One record's lineage evidence, and the evidence it was read from (parsed here, once: the graph
    keeps it for licence identification and openness). Whatever one repo holds (a hostile card, a value
    no rule foresaw) may only make its own node incomplete, naming the failure: it must not abort the
    walk, or a batch of other models with it."""
    evidence: RepoEvidence | None = None
    try:
        evidence = read_evidence(record)
        return analyse_record(evidence, catalogue), evidence
    except Exception as exc:  # the point is to contain the unforeseen
        why = f"its lineage evidence could not be analysed ({type(exc).__name__}: {str(exc)[:200]})"
        return RecordAnalysis(claims=(), notes=(), derivative_signals=(), modality="text", unread=(why,)), evidence


def _walk(
    reference: str,
    revision: str | None,
    source: ModelSource,
    catalogue: Catalogue,
    limits: WalkLimits,
    fetch_map: Callable[..., Iterable[FetchOutcome]],
) -> LineageGraph:
    graph = nx.DiGraph()
    records: dict[str, ModelRecord] = {}
    evidence: dict[str, RepoEvidence] = {}
    canonical: dict[str, str] = {}  # requested id (lower) -> node id
    by_lower: dict[str, str] = {}  # node id (lower) -> node id
    pending: list[tuple[str, str, ParentClaim]] = []
    queued = {reference.lower()}
    # (requested id, revision, data hops: None on the subject's model lineage)
    level: list[tuple[str, str | None, int | None]] = [(reference, revision, 0 if is_dataset_node_id(reference) else None)]
    depth = 0
    truncated = False

    def add_node(node: LineageNode) -> None:
        graph.add_node(node.id, node=node)
        by_lower[node.id.lower()] = node.id

    while level:
        outcomes: Sequence[FetchOutcome] = list(
            fetch_map(lambda item: _fetch_safely(source, item[0], item[1]), level)
        )
        next_level: list[tuple[str, str | None, int | None]] = []
        for (requested, _, hops), outcome in zip(level, outcomes, strict=True):
            record = outcome.record if outcome.status is FetchStatus.OK else None
            node_id = record.repo_id if record is not None else requested
            existing = by_lower.get(node_id.lower())
            if existing is not None:
                # Two spellings (a renamed repo, another case) of a node we already have.
                canonical[requested.lower()] = existing
                node = graph.nodes[existing]["node"]
                if requested != existing and requested not in node.aliases:
                    graph.nodes[existing]["node"] = replace(node, aliases=(*node.aliases, requested))
                continue
            canonical[requested.lower()] = node_id
            if record is None:
                status = NodeStatus.MISSING if outcome.status is FetchStatus.MISSING else NodeStatus.UNAVAILABLE
                add_node(LineageNode(id=node_id, status=status, kind=_kind_of(node_id), source=outcome.source,
                                     notes=(outcome.message,)))
                continue
            records[node_id] = record
            analysis, read = _analyse_safely(record, catalogue)
            if read is not None:
                evidence[node_id] = read
            add_node(_fetched_node(record, requested, analysis, read))
            for claim in (*analysis.claims, *(analysis.data if limits.data else ())):  # --no-data: no data lineage
                pending.append((claim.target, node_id, claim))
                if claim.is_family or claim.is_service:
                    if claim.target not in graph:
                        add_node(_family_node(claim, catalogue) if claim.is_family else _service_node(claim, catalogue))
                    continue
                key = claim.target.lower()
                if key in queued:
                    continue
                queued.add(key)
                target_hops = _hops(hops, claim)
                why = None
                if depth + 1 > limits.max_depth:
                    why = f"depth limit {limits.max_depth}"
                elif len(queued) > limits.max_nodes:
                    why = f"{limits.max_nodes}-node limit"
                elif target_hops is not None and target_hops > limits.data_depth:
                    why = f"data-lineage depth limit ({limits.data_depth} hops from the first dataset)"
                if why is not None:
                    truncated = True
                    canonical[key] = claim.target
                    add_node(LineageNode(id=claim.target, status=NodeStatus.NOT_EXPLORED, kind=_kind_of(claim.target),
                                         notes=(f"not fetched: the walk stopped at its {why}",)))
                    continue
                next_level.append((claim.target, None, target_hops))
        level = next_level
        depth += 1

    _add_edges(graph, pending, canonical)
    _mark_cycles(graph)
    subject = canonical[reference.lower()]
    lineage = LineageGraph._from_digraph(subject, reference, graph, records=records, truncated=truncated)
    lineage._keep_evidence(evidence)
    return lineage


def _record_kind(record: ModelRecord) -> NodeKind:
    if record.repo_type == "dataset":
        return NodeKind.DATASET
    return NodeKind.LOCAL_FILE if record.source is SourceKind.LOCAL_FILE else NodeKind.MODEL


def _fetched_node(record: ModelRecord, requested: str, analysis: RecordAnalysis,
                  read: RepoEvidence | None) -> LineageNode:
    """The node of a fetched record, with its status: a dataset is established once its card is read in full;
    a model by its parents, or as an original when nothing says it is derived."""
    if record.repo_type == "dataset":
        status = NodeStatus.INCOMPLETE if analysis.unread else NodeStatus.RESOLVED
    else:
        declares_base = bool((read.card if read is not None else record.card_data).get("base_model"))
        if analysis.unread:
            status = NodeStatus.INCOMPLETE  # its parents (if any) still count; it is just not established
        elif analysis.unresolved:
            status = NodeStatus.UNRESOLVED  # a declared base we cannot read may be the one that binds
        elif analysis.claims:
            status = NodeStatus.RESOLVED
        elif analysis.derivative_signals or declares_base:
            status = NodeStatus.UNRESOLVED
        else:
            status = NodeStatus.RESOLVED
    return LineageNode(
        id=record.repo_id,
        status=status,
        kind=_record_kind(record),
        revision=record.revision,
        aliases=(requested,) if requested != record.repo_id else (),
        source=record.source,
        fetched_at=record.fetched_at or None,
        gated=record.gated,
        modality=analysis.modality,
        notes=analysis.notes,
        derivative_signals=analysis.derivative_signals,
        unread=analysis.unread,
    )


def _add_edges(graph: nx.DiGraph, pending: list[tuple[str, str, ParentClaim]], canonical: dict[str, str]) -> None:
    for target, child, claim in pending:
        parent = canonical.get(target.lower(), target)
        if parent == child:
            node = graph.nodes[child]["node"]
            note = f"{claim.detail} resolves to the model itself (ignored)"
            graph.nodes[child]["node"] = replace(node, notes=(*node.notes, note))
            continue
        if parent not in graph:
            continue
        edge = LineageEdge(
            parent=parent,
            child=child,
            relation=claim.relation,
            evidence=claim.evidence,
            confidence=claim.confidence,
            details=claim.details,
            license_hint=claim.license_hint,
        )
        if graph.has_edge(parent, child):
            edge = _combine(graph.edges[parent, child]["edge"], edge)
        graph.add_edge(parent, child, edge=edge)


def _combine(a: LineageEdge, b: LineageEdge) -> LineageEdge:
    """Two claims for the same edge: keep the stronger evidence, remember both details."""
    first, second = sorted((a, b), key=lambda e: (e.confidence is not Confidence.DECLARED, EVIDENCE_RANK.index(e.evidence)))
    details = first.details + tuple(d for d in second.details if d not in first.details)
    return replace(first, details=details, license_hint=first.license_hint or second.license_hint)


def _mark_cycles(graph: nx.DiGraph) -> None:
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        members = sorted(component)
        note = "derivation cycle declared by the cards: " + " -> ".join(members + members[:1])
        for node_id in members:
            node = graph.nodes[node_id]["node"]
            graph.nodes[node_id]["node"] = replace(node, status=NodeStatus.CYCLE, notes=(*node.notes, note))
