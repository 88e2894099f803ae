"""Scope ``edge``: each derivation edge into the model or one of its ancestors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelaudit.policy.facts import EDGE, edge_facts
from modelaudit.policy.scopes.base import Context, Scope, Subject

if TYPE_CHECKING:
    from modelaudit.policy.rules import Rule


def _contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    graph = subject.analysis.graph
    in_scope = {graph.subject} | graph.ancestors()
    for edge in sorted(graph.edges(), key=lambda e: (e.child, e.parent)):
        if edge.child in in_scope:
            yield {**subject.base, "edge": edge_facts(edge)}, {
                "origin": edge.parent, "path": (edge.parent, edge.child),
                "evidence": tuple(edge.details), "inferred": edge.inferred}


SCOPE = Scope("edge", "each lineage edge", (EDGE,), _contexts)
