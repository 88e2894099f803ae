"""The engine facade: from a model reference to its lineage and licence analysis.

Pure apart from the source it is given: everything it returns is a frozen result, and what
could not be established is part of the result (node statuses, unknown licences), not raised.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cached_property

from modelaudit.licensing.data import DataSource, data_sources
from modelaudit.licensing.identify import DeclaredLicenses, identify_declared
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base
from modelaudit.licensing.propagation import Propagation, propagate
from modelaudit.lineage.builder import WalkLimits, build_lineage
from modelaudit.lineage.graph import LineageGraph
from modelaudit.lineage.names import Catalogue, default_catalogue
from modelaudit.refs import ModelRef, as_ref
from modelaudit.sources.base import ModelSource


@dataclass(frozen=True)
class ModelAnalysis:
    reference: str
    graph: LineageGraph
    propagation: Propagation

    @property
    def subject(self) -> str:
        return self.graph.subject

    def declared(self, node_id: str) -> DeclaredLicenses | None:
        return self.propagation.declared.get(node_id)

    @cached_property
    def data_licenses(self) -> tuple[DataSource, ...]:
        """The model's data licences: each dataset (or closed service) it learned from, with its path, its
        licences (per subset for mixtures) and the services behind it. Never part of the effective licences."""
        return data_sources(self.graph, self.propagation.declared)


def analyse_model(
    reference: str | ModelRef,
    source: ModelSource,
    *,
    kb: KnowledgeBase | None = None,
    catalogue: Catalogue | None = None,
    limits: WalkLimits | None = None,
    executor: Executor | None = None,
) -> ModelAnalysis:
    kb = kb or default_knowledge_base()
    ref = as_ref(reference)
    graph = build_lineage(ref.id, source, revision=ref.revision, catalogue=catalogue or default_catalogue(),
                          limits=limits, executor=executor)
    # Each node's evidence was parsed once by the lineage walk; identification reads the same.
    declared = {node_id: identify_declared(evidence, kb) for node_id in graph.records
                if (evidence := graph.evidence(node_id)) is not None}
    return ModelAnalysis(str(ref), graph, propagate(graph, declared, kb))
