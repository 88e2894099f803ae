"""Scope ``license``: each licence in force on the model (its own and every inherited one)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelaudit.licensing.model import term_selector
from modelaudit.policy.facts import LICENSE, license_facts
from modelaudit.policy.scopes.base import Context, Scope, Subject

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.propagation import EffectiveLicense
    from modelaudit.policy.rules import Rule


def path_evidence(analysis: ModelAnalysis, path: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The inferred edges a path rests on, as evidence lines."""
    lines: list[str] = []
    for parent, child in itertools.pairwise(path):
        edge = analysis.graph.edge(parent, child)
        if edge is not None and edge.inferred:
            detail = "; ".join(edge.details) or edge.evidence.value
            lines.append(f"{parent} → {child} inferred from {edge.evidence.value}: {detail}")
    return tuple(lines), bool(lines)


def licence_contexts(subject: Subject) -> Iterator[tuple[EffectiveLicense, dict[str, Any], dict[str, Any]]]:
    """Each licence in force with its facts and the finding fields every licence finding carries
    (shared with the ``term`` scope, whose contexts are the terms of these licences)."""
    for eff in subject.effective:
        evidence, inferred = path_evidence(subject.analysis, eff.path)
        own_evidence: tuple[str, ...] = (f"{eff.origin}: licence read from {eff.evidence}",) if eff.evidence else ()
        if eff.reach == "outputs" and eff.license is not None:
            what = (f"only {', '.join(term_selector(t) for t in eff.reached_terms)}" if eff.partial
                    else "the whole licence")
            own_evidence += (f"{eff.license.name} reaches it through the outputs it was trained on "
                             f"({eff.license.outputs.clause}): {what}",)
        fields = {"license": eff.id, "origin": eff.origin, "path": eff.path,
                  "evidence": own_evidence + evidence, "inferred": inferred or eff.inferred,
                  "url": eff.license.url if eff.license else None}
        yield eff, license_facts(eff), fields


def _contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    for _, facts, fields in licence_contexts(subject):
        yield {**subject.base, "license": facts}, fields


SCOPE = Scope("license", "each effective licence", (LICENSE,), _contexts)
