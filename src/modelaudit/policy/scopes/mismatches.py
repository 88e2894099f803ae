"""Scope ``mismatch``: each disagreement between the model's declared and inherited licences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelaudit.policy.facts import MISMATCH, mismatch_facts
from modelaudit.policy.scopes.base import Context, Scope, Subject
from modelaudit.policy.scopes.licenses import path_evidence

if TYPE_CHECKING:
    from modelaudit.policy.rules import Rule


def _contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    subject_id = subject.analysis.graph.subject
    for mismatch in subject.analysis.propagation.mismatches:
        if mismatch.node == subject_id:
            yield {**subject.base, "mismatch": mismatch_facts(mismatch)}, {
                "license": mismatch.license_id, "origin": mismatch.origin, "path": mismatch.path,
                "clause": mismatch.clause, "inferred": mismatch.inferred,
                "evidence": path_evidence(subject.analysis, mismatch.path)[0]}


SCOPE = Scope("mismatch", "each declared-vs-inherited licence mismatch", (MISMATCH,), _contexts)
