"""The derivation graph: nodes are repos at a revision, edges run parent -> child.

``LineageGraph`` wraps a ``networkx.DiGraph`` whose nodes carry a frozen ``LineageNode`` and
whose edges carry a frozen ``LineageEdge``; everything downstream (licence propagation, policy,
formats) reads it through the small API here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any

import networkx as nx

from modelaudit.kinds import Confidence, Evidence, Relation, SourceKind
from modelaudit.sources.records import ModelRecord


class NodeStatus(str, Enum):
    RESOLVED = "resolved"  # fetched; an original model, or a derivative whose parents are known
    UNRESOLVED = "unresolved"  # fetched, shows signs of being derived, but no base could be established
    MISSING = "missing"  # the repo (or revision) does not exist on the Hub
    UNAVAILABLE = "unavailable"  # it could not be fetched (network, not in the snapshot)
    FAMILY = "family"  # a model family named by the evidence, exact repo unknown
    NOT_EXPLORED = "not-explored"  # beyond the walk's depth or size limit
    CYCLE = "cycle"  # part of a derivation cycle declared by the cards
    # Fetched, but part of its lineage evidence (README, configs, licence files) could not be read:
    # a sentence we never saw may name a parent, so nothing about it counts as established.
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class LineageNode:
    id: str
    status: NodeStatus
    revision: str | None = None
    aliases: tuple[str, ...] = ()  # other ids that led here (renamed repos)
    source: SourceKind | None = None
    fetched_at: str | None = None
    gated: str | None = None
    modality: str = "text"  # "text" or "multimodal"
    notes: tuple[str, ...] = ()
    derivative_signals: tuple[str, ...] = ()
    family: str | None = None  # for FAMILY nodes: the family id of lineage/catalogue.yaml
    family_license: str | None = None  # for FAMILY nodes: the licence the whole family shares
    unread: tuple[str, ...] = ()  # why evidence is missing ("README not read: HTTP 503 after 4 attempts")

    @property
    def resolved(self) -> bool:
        return self.status is NodeStatus.RESOLVED

    @property
    def org(self) -> str | None:
        return self.id.split("/", 1)[0] if "/" in self.id and self.status is not NodeStatus.FAMILY else None


@dataclass(frozen=True)
class LineageEdge:
    parent: str
    child: str
    relation: Relation
    evidence: Evidence
    confidence: Confidence
    details: tuple[str, ...] = ()  # human-readable: which field, sentence or file said so
    license_hint: str | None = None  # a licence the evidence names for the parent ("originally licensed under ...")

    @property
    def inferred(self) -> bool:
        return self.confidence is Confidence.INFERRED


@dataclass(frozen=True)
class LineageGraph:
    subject: str  # the id of the model being audited (canonical, after renames)
    requested: str  # what the user asked for
    graph: Any = field(repr=False)  # networkx.DiGraph
    records: Mapping[str, ModelRecord] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    truncated: bool = False

    # -- access -----------------------------------------------------------------------------------

    def node(self, node_id: str) -> LineageNode:
        node: LineageNode = self.graph.nodes[node_id]["node"]
        return node

    def nodes(self) -> Iterator[LineageNode]:
        for node_id in self.graph.nodes:
            yield self.node(node_id)

    def edges(self) -> Iterator[LineageEdge]:
        for _, _, data in self.graph.edges(data=True):
            yield data["edge"]

    def parents(self, node_id: str) -> list[LineageEdge]:
        return [self.graph.edges[p, node_id]["edge"] for p in sorted(self.graph.predecessors(node_id))]

    def record(self, node_id: str) -> ModelRecord | None:
        return self.records.get(node_id)

    @property
    def root(self) -> LineageNode:
        return self.node(self.subject)

    def ancestors(self, node_id: str | None = None) -> set[str]:
        return set(nx.ancestors(self.graph, node_id or self.subject))

    def has_cycle(self) -> bool:
        return any(n.status is NodeStatus.CYCLE for n in self.nodes())

    def depth(self) -> int:
        """Length of the longest parent chain above the subject (cycles excluded)."""
        best = {self.subject: 0}
        frontier = [self.subject]
        while frontier:
            nxt: list[str] = []
            for child in frontier:
                for parent in self.graph.predecessors(child):
                    if parent not in best:
                        best[parent] = best[child] + 1
                        nxt.append(parent)
            frontier = nxt
        return max(best.values())

    def problem_ancestors(self) -> list[LineageNode]:
        """Nodes whose lineage or record could not be established (the subject included)."""
        bad = {NodeStatus.UNRESOLVED, NodeStatus.MISSING, NodeStatus.UNAVAILABLE, NodeStatus.NOT_EXPLORED,
               NodeStatus.CYCLE, NodeStatus.FAMILY, NodeStatus.INCOMPLETE}
        ids = {self.subject} | self.ancestors()
        return [self.node(i) for i in sorted(ids) if self.node(i).status in bad]

    def inferred_edges(self) -> list[LineageEdge]:
        ids = {self.subject} | self.ancestors()
        return [e for e in self.edges() if e.inferred and e.child in ids]

    # -- serialisation ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "requested": self.requested,
            "truncated": self.truncated,
            "nodes": [node_to_json(n) for n in sorted(self.nodes(), key=lambda n: n.id)],
            "edges": [edge_to_json(e) for e in sorted(self.edges(), key=lambda e: (e.child, e.parent))],
        }


def node_to_json(node: LineageNode) -> dict[str, Any]:
    return {
        "id": node.id,
        "revision": node.revision,
        "status": node.status.value,
        "resolved": node.resolved,
        "source": node.source.value if node.source else None,
        "fetched_at": node.fetched_at,
        "gated": node.gated is not None,
        "gated_mode": node.gated,
        "aliases": list(node.aliases),
        "modality": node.modality,
        "notes": list(node.notes),
        "derivative_signals": list(node.derivative_signals),
        "family": node.family,
        "unread": list(node.unread),
    }


def edge_to_json(edge: LineageEdge) -> dict[str, Any]:
    return {
        "parent": edge.parent,
        "child": edge.child,
        "relation": edge.relation.value,
        "evidence": edge.evidence.value,
        "confidence": edge.confidence.value,
        "details": list(edge.details),
        "license_hint": edge.license_hint,
    }
