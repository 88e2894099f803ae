"""The derivation graph: nodes are repos at a revision, edges run parent -> child.

``LineageGraph`` wraps a ``networkx.DiGraph`` whose nodes carry a frozen ``LineageNode`` and
whose edges carry a frozen ``LineageEdge``; everything downstream (licence propagation, policy,
formats) reads it through the small API here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Any

import networkx as nx

from modelaudit.evidence import RepoEvidence, read_evidence
from modelaudit.kinds import DATA_RELATIONS, Confidence, Evidence, Relation, SourceKind
from modelaudit.sources.records import ModelRecord


class NodeKind(str, Enum):
    """What a lineage node stands for. Licence terms reach a node through edges whatever its kind;
    formats draw the kinds differently and policy rules can select on ``node.kind``."""

    MODEL = "model"  # a model repository (Hub, snapshot, index) or a model directory on disk
    DATASET = "dataset"  # a dataset repository a model was trained on
    FAMILY = "family"  # a model family named by the evidence, exact repository unknown
    LOCAL_FILE = "local-file"  # a weights file on disk (GGUF, safetensors) or a local store entry
    SERVICE = "service"  # a closed model behind an API (its outputs carry the service's terms)


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


#: Kinds of node that hold data or outputs, not model weights.
_DATA_KINDS = frozenset({NodeKind.DATASET, NodeKind.SERVICE})

#: Statuses of nodes whose lineage or record could not be established.
PROBLEM_STATUSES = frozenset({
    NodeStatus.UNRESOLVED, NodeStatus.MISSING, NodeStatus.UNAVAILABLE, NodeStatus.NOT_EXPLORED,
    NodeStatus.CYCLE, NodeStatus.FAMILY, NodeStatus.INCOMPLETE,
})


@dataclass(frozen=True)
class LineageNode:
    id: str
    status: NodeStatus
    kind: NodeKind = NodeKind.MODEL
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
    terms: str | None = None  # for SERVICE nodes: the URL of the provider's terms that govern its outputs

    @property
    def resolved(self) -> bool:
        return self.status is NodeStatus.RESOLVED

    @property
    def org(self) -> str | None:
        """The Hub organisation that publishes it (repositories only)."""
        if self.kind not in (NodeKind.MODEL, NodeKind.DATASET) or self.status is NodeStatus.FAMILY:
            return None
        return self.id.split("/", 1)[0] if "/" in self.id else None


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


class LineageGraph:
    """The derivation graph of one audited model: frozen nodes and edges behind a small typed API.

    networkx stays inside ``lineage/``: callers ask for parents, children, one edge, the ancestry or
    a topological order, never for the ``DiGraph`` itself, so the representation can change (an
    index-backed graph, a dataset layer) without touching propagation, policy or formats.
    """

    __slots__ = ("_evidence", "_g", "records", "requested", "subject", "truncated")
    _evidence: dict[str, RepoEvidence]
    _g: nx.DiGraph
    subject: str
    requested: str
    records: Mapping[str, ModelRecord]
    truncated: bool

    def __init__(
        self,
        subject: str,
        requested: str,
        nodes: Iterable[LineageNode] = (),
        edges: Iterable[LineageEdge] = (),
        *,
        records: Mapping[str, ModelRecord] | None = None,
        truncated: bool = False,
    ) -> None:
        graph = nx.DiGraph()
        for node in nodes:
            graph.add_node(node.id, node=node)
        for edge in edges:
            graph.add_edge(edge.parent, edge.child, edge=edge)
        self._init(subject, requested, graph, records or {}, truncated)

    def _init(self, subject: str, requested: str, graph: nx.DiGraph, records: Mapping[str, ModelRecord],
              truncated: bool) -> None:
        # Frozen like every result: attributes are set once, here.
        set_ = object.__setattr__
        set_(self, "_g", graph)
        set_(self, "subject", subject)  # the id of the model being audited (canonical, after renames)
        set_(self, "requested", requested)  # what the user asked for
        set_(self, "records", MappingProxyType(dict(records)))
        set_(self, "truncated", truncated)
        set_(self, "_evidence", {})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"LineageGraph is immutable (cannot set {name!r})")

    @classmethod
    def _from_digraph(cls, subject: str, requested: str, graph: nx.DiGraph, *,
                      records: Mapping[str, ModelRecord], truncated: bool) -> LineageGraph:
        # The builder assembles a DiGraph while it walks; wrap it without copying.
        self = cls.__new__(cls)
        self._init(subject, requested, graph, records, truncated)
        return self

    def __repr__(self) -> str:
        return f"LineageGraph(subject={self.subject!r}, nodes={len(self)}, edges={self._g.number_of_edges()})"

    # -- nodes ------------------------------------------------------------------------------------

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._g

    def __len__(self) -> int:
        return len(self._g)

    def node(self, node_id: str) -> LineageNode:
        node: LineageNode = self._g.nodes[node_id]["node"]
        return node

    def nodes(self) -> Iterator[LineageNode]:
        for node_id in self._g.nodes:
            yield self.node(node_id)

    def node_ids(self) -> list[str]:
        return list(self._g.nodes)

    @property
    def root(self) -> LineageNode:
        return self.node(self.subject)

    def record(self, node_id: str) -> ModelRecord | None:
        return self.records.get(node_id)

    def evidence(self, node_id: str) -> RepoEvidence | None:
        """The node's record, parsed once (front matter, sentences, tables, links, licence texts)."""
        found = self._evidence.get(node_id)
        if found is None:
            record = self.records.get(node_id)
            if record is None:
                return None
            found = self._evidence[node_id] = read_evidence(record)
        return found

    def _keep_evidence(self, evidence: Mapping[str, RepoEvidence]) -> None:
        # The builder already parsed every record it analysed; keep those, parse nothing twice.
        self._evidence.update(evidence)

    # -- edges ------------------------------------------------------------------------------------

    def edges(self) -> Iterator[LineageEdge]:
        for _, _, data in self._g.edges(data=True):
            yield data["edge"]

    def has_edge(self, parent: str, child: str) -> bool:
        return bool(self._g.has_edge(parent, child))

    def edge(self, parent: str, child: str) -> LineageEdge | None:
        """The edge ``parent -> child``, or ``None``."""
        if not self._g.has_edge(parent, child):
            return None
        edge: LineageEdge = self._g.edges[parent, child]["edge"]
        return edge

    def parents(self, node_id: str, *, data: bool = True) -> list[LineageEdge]:
        """Edges into ``node_id`` (its parents), by parent id. ``data=False``: only model lineage (no
        dataset, no service, no data relation — see ``is_data_edge``)."""
        edges = [self._g.edges[p, node_id]["edge"] for p in sorted(self._g.predecessors(node_id))]
        return edges if data else [e for e in edges if not self.is_data_edge(e)]

    def is_data_edge(self, edge: LineageEdge) -> bool:
        """An edge of data lineage: a relation of ``kinds.DATA_RELATIONS`` (trained-on, generated-by, derived-from),
        or any edge from a dataset or a closed service (a service teacher's distillation). Licence terms of model
        weights never pass along one."""
        return edge.relation in DATA_RELATIONS or self.node(edge.parent).kind in _DATA_KINDS

    def children(self, node_id: str) -> list[LineageEdge]:
        """Edges out of ``node_id`` (the models derived from it in this graph), by child id."""
        return [self._g.edges[node_id, c]["edge"] for c in sorted(self._g.successors(node_id))]

    def license_hints(self, node_id: str) -> list[str]:
        """Licences that derivatives' evidence names for ``node_id`` ("originally licensed under ...")."""
        return [e.license_hint for e in self.children(node_id) if e.license_hint]

    # -- structure --------------------------------------------------------------------------------

    def ancestors(self, node_id: str | None = None, *, data: bool = True) -> set[str]:
        """Every ancestor of the node (default: the subject); ``data=False``: its model lineage only (the
        ancestors reached through edges that are not ``is_data_edge``)."""
        start = node_id or self.subject
        if data:
            return set(nx.ancestors(self._g, start))
        seen: set[str] = set()
        frontier = [start]
        while frontier:
            for edge in self.parents(frontier.pop(), data=False):
                if edge.parent not in seen and edge.parent != start:
                    seen.add(edge.parent)
                    frontier.append(edge.parent)
        return seen

    def ancestry(self, node_id: str | None = None, *, data: bool = True) -> set[str]:
        """The node and every ancestor: what its licences and lineage findings rest on."""
        start = node_id or self.subject
        return {start} | self.ancestors(start, data=data)

    def nodes_of(self, *kinds: NodeKind) -> list[LineageNode]:
        """The nodes of the given kinds (``NodeKind.DATASET``, ``NodeKind.SERVICE``...), by id."""
        return sorted((n for n in self.nodes() if n.kind in kinds), key=lambda n: n.id)

    def topological_order(self) -> list[str]:
        """Parents before children. Edges inside a declared cycle carry nothing (the nodes are
        reported as cycles), so they are left out of the order's constraints."""
        dag = self._g.copy()
        for u, v in list(dag.edges):
            if self.node(u).status is NodeStatus.CYCLE and self.node(v).status is NodeStatus.CYCLE:
                dag.remove_edge(u, v)
        return list(nx.topological_sort(dag))

    def display_layers(self) -> dict[str, int]:
        """Row of every node in a drawing: the subject is 0 and a parent sits below all of its
        children, so every arrow points up. Declared cycles make longest paths undefined; then the
        shortest distance is used. Nodes that are not ancestors of the subject go to the bottom."""
        graph = self._g
        depth: dict[str, int] = {}
        if nx.is_directed_acyclic_graph(graph):
            for node_id in reversed(list(nx.topological_sort(graph))):
                below = [depth[c] + 1 for c in graph.successors(node_id) if c in depth]
                depth[node_id] = max(below) if below and node_id != self.subject else 0
        else:
            depth = dict(nx.single_source_shortest_path_length(graph.reverse(copy=False), self.subject))
        deepest = max(depth.values(), default=0)
        for node_id in graph.nodes:
            depth.setdefault(node_id, deepest + 1)
        return depth

    def has_cycle(self) -> bool:
        return any(n.status is NodeStatus.CYCLE for n in self.nodes())

    def depth(self) -> int:
        """Length of the longest parent chain above the subject (cycles excluded)."""
        best = {self.subject: 0}
        frontier = [self.subject]
        while frontier:
            nxt: list[str] = []
            for child in frontier:
                for parent in self._g.predecessors(child):
                    if parent not in best:
                        best[parent] = best[child] + 1
                        nxt.append(parent)
            frontier = nxt
        return max(best.values())

    def problem_ancestors(self) -> list[LineageNode]:
        """Nodes whose lineage or record could not be established (the subject included)."""
        return [self.node(i) for i in sorted(self.ancestry()) if self.node(i).status in PROBLEM_STATUSES]

    def inferred_edges(self) -> list[LineageEdge]:
        ids = self.ancestry()
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
        "kind": node.kind.value,
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
        # Only for service nodes, so the nodes of model lineage serialise as before.
        **({"terms": node.terms} if node.terms else {}),
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
