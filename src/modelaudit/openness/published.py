"""Published assessments applied to one repository's components.

A curated assessment (``licenses/openness/assessments.yaml``) that matches the repo, or its family,
says what an assessor found for each element; a "meets" implies every element it does not itemise.
"""

from __future__ import annotations

from modelaudit.analysis import ModelAnalysis
from modelaudit.licensing.knowledge_base import KnowledgeBase
from modelaudit.openness.assessments import Assessments
from modelaudit.openness.model import AVAILABLE, MEETS, Component, PublishedAssessment
from modelaudit.openness.terms import osd_conformant


def published_for(analysis: ModelAnalysis, node_id: str, assessments: Assessments) -> tuple[PublishedAssessment, ...]:
    """The curated assessments of the node: by its id, a former id, or its family."""
    node = analysis.graph.node(node_id)
    return assessments.matching([node.id, *node.aliases], node.family)


def overlay(component: Component, published: PublishedAssessment, kb: KnowledgeBase) -> Component:
    """Apply what a published assessment says about a component (or implies, for a "meets")."""
    cited = published.component(component.name)
    if cited is not None:
        note = f": {cited.note}" if cited.note else ""
        conformant = cited.osd_conformant
        if conformant is None and cited.terms and (lic := kb.get(cited.terms)) is not None:
            conformant = osd_conformant(lic)  # the entry names a known licence but not its status
        return Component(
            component.name,
            cited.status,
            cited.terms if cited.terms is not None else component.terms,
            conformant if conformant is not None else component.osd_conformant,
            (f"{published.assessor} ({published.date}){note}", *component.evidence),
        )
    if published.osaid != MEETS or (component.status == AVAILABLE and component.osd_conformant is not None):
        return component
    # A system that passed the validation provides every element under conformant terms.
    implied = f"implied by {published.assessor} ({published.date}): the system passed, so it provides this element"
    return Component(
        component.name,
        AVAILABLE,
        component.terms,
        component.osd_conformant if component.osd_conformant is not None else True,
        (implied, *component.evidence),
    )

