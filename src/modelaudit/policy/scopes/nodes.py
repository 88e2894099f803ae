"""Scope ``node``: the model and each of its ancestors in the lineage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelaudit.policy.facts import NODE, node_facts
from modelaudit.policy.scopes.base import Context, Scope, Subject

if TYPE_CHECKING:
    from modelaudit.policy.rules import Rule


def _contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    graph = subject.analysis.graph
    for node_id in sorted({graph.subject} | graph.ancestors()):
        node = graph.node(node_id)
        yield {**subject.base, "node": node_facts(node)}, {"origin": node.id, "evidence": node.notes}


SCOPE = Scope("node", "each lineage node", (NODE,), _contexts)
