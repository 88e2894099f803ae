"""A model's data licences: the datasets it was trained on, with their licences, and the services behind them.

Dataset licences are not effective licences of the model (a model trained on CC-BY-NC data is not
CC-BY-NC licensed; whether such a licence binds the weights at all is legally unsettled). They reach the
model as *data licences*, which the policy's ``dataset`` scope evaluates: one ``DataSource`` per dataset
reached through ``trained-on`` (from the model or any ancestor whose weights it carries) and, from there,
through ``derived-from`` source datasets, with the path that reaches it, the dataset's declared licences
(per-subset licences of a mixture included), the models and closed services that generated it, and the
service terms that apply. A model distilled straight from a closed service has that service as a source too.

Teachers and generators are not data sources: what their licences say of models trained on their outputs
is propagated as licences (``propagation.py``); their own training data does not reach the student.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelaudit.kinds import WEIGHT_RELATIONS, Relation
from modelaudit.licensing.identify import DeclaredLicenses, IdentifiedLicense
from modelaudit.licensing.services import ServiceTerms, service_terms_for
from modelaudit.lineage.graph import LineageEdge, LineageGraph, NodeKind
from modelaudit.refs import dataset_repo_id, is_dataset_node_id


@dataclass(frozen=True)
class ServiceUse:
    """A closed service whose outputs are in the data, and its terms (``None``: not in the knowledge base)."""

    id: str  # the service node id, ``service:<provider>/<model>``
    terms: ServiceTerms | None
    inferred: bool  # the edge naming the service is inferred (README prose)
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "terms": self.terms.to_json() if self.terms else None, "inferred": self.inferred,
                "evidence": list(self.evidence)}


@dataclass(frozen=True)
class DataSource:
    """One dataset (or closed service) the model learned from, as the model reaches it."""

    id: str  # node id: ``datasets/<org>/<name>`` or ``service:<provider>/<model>``
    kind: str  # "dataset" | "service"
    status: str  # the node's lineage status (resolved, missing, unavailable, incomplete...)
    path: tuple[str, ...]  # source -> ... -> the model
    relations: tuple[Relation, ...]  # one per edge of the path
    inferred: bool  # some edge of the path is inferred
    read: bool  # its card was read (a dataset that could not be fetched has unknown licences)
    licenses: tuple[IdentifiedLicense, ...] = ()  # declared, per-subset ones included (``subset`` names the part)
    generators: tuple[str, ...] = ()  # models and services it was generated with
    services: tuple[ServiceUse, ...] = ()

    @property
    def repo(self) -> str:
        """The id as people write it: ``org/name`` for a dataset, the service id otherwise."""
        return dataset_repo_id(self.id) if is_dataset_node_id(self.id) else self.id

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "status": self.status, "path": list(self.path),
            "relations": [r.value for r in self.relations], "inferred": self.inferred, "read": self.read,
            "licenses": [item.to_json() for item in self.licenses], "generators": list(self.generators),
            "services": [s.to_json() for s in self.services],
        }


_Path = tuple[tuple[str, ...], tuple[Relation, ...], bool]


def _rank(found: _Path) -> tuple[bool, int]:
    return (found[2], len(found[0]))


def _walk(graph: LineageGraph, subject: str) -> dict[str, _Path]:
    """The best path (declared first, then shortest) from every node the subject learned from: its weight
    ancestors, their training datasets and those datasets' sources, and services it was distilled from."""
    best: dict[str, _Path] = {subject: ((subject,), (), False)}
    work = [subject]
    while work:
        child = work.pop()
        path, relations, inferred = best[child]
        child_is_data = graph.node(child).kind is NodeKind.DATASET
        for edge in graph.parents(child):
            if not _follows(graph, edge, child_is_data):
                continue
            candidate = ((edge.parent, *path), (edge.relation, *relations), inferred or edge.inferred)
            current = best.get(edge.parent)
            if current is None or _rank(candidate) < _rank(current):
                best[edge.parent] = candidate
                work.append(edge.parent)
    return best


def _follows(graph: LineageGraph, edge: LineageEdge, child_is_data: bool) -> bool:
    parent_kind = graph.node(edge.parent).kind
    if child_is_data:  # a dataset's sources are data too; its generators are listed, not walked
        return edge.relation is Relation.DERIVED_FROM and parent_kind is NodeKind.DATASET
    if edge.relation in WEIGHT_RELATIONS:
        return parent_kind is not NodeKind.DATASET
    if edge.relation is Relation.TRAINED_ON:
        return parent_kind is NodeKind.DATASET
    return edge.relation is Relation.DISTILLATION and parent_kind is NodeKind.SERVICE


def _service(graph: LineageGraph, edge: LineageEdge) -> ServiceUse:
    return ServiceUse(edge.parent, service_terms_for(edge.parent), edge.inferred, tuple(edge.details))


def data_sources(graph: LineageGraph, declared: Mapping[str, DeclaredLicenses],
                 subject: str | None = None) -> tuple[DataSource, ...]:
    """The data licences of ``subject`` (the graph's subject by default), declared paths first, then by id."""
    subject = subject or graph.subject
    out: list[DataSource] = []
    for node_id, (path, relations, inferred) in _walk(graph, subject).items():
        node = graph.node(node_id)
        if node.kind is NodeKind.DATASET:
            generators = [e for e in graph.parents(node_id) if e.relation is Relation.GENERATED_BY]
            own = declared.get(node_id)
            out.append(DataSource(
                node_id, NodeKind.DATASET.value, node.status.value, path, relations, inferred,
                read=graph.record(node_id) is not None, licenses=own.identified if own is not None else (),
                generators=tuple(e.parent for e in generators),
                services=tuple(_service(graph, e) for e in generators
                               if graph.node(e.parent).kind is NodeKind.SERVICE)))
        elif node.kind is NodeKind.SERVICE:
            edge = graph.edge(node_id, path[1])
            assert edge is not None  # the walk reached it along this edge
            out.append(DataSource(node_id, NodeKind.SERVICE.value, node.status.value, path, relations, inferred,
                                  read=False, services=(_service(graph, edge),)))
    return tuple(sorted(out, key=lambda s: (s.inferred, len(s.path), s.id)))


__all__ = ["DataSource", "ServiceUse", "data_sources"]
