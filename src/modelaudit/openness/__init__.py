"""Openness of a model and its lineage: the OSI Open Source AI Definition 1.0 and the Model Openness Framework.

``assess_openness(analysis)`` gives the audited model's ``OpennessAssessment``; ``assess_graph``
gives one per lineage node. Curated published assessments live in ``licenses/openness/assessments.yaml``.

Modules by concern: ``reading`` (what a card says, from the repo's evidence), ``terms`` (open licence
terms), ``osaid`` (the three OSAID components and the decision), ``mof`` (MOF classes), ``published``
(curated assessments applied), ``exemption`` (EU AI Act), ``assess`` (one node, the lineage, the API).
"""

from __future__ import annotations

from modelaudit.openness.assess import assess_graph, assess_node, assess_openness
from modelaudit.openness.assessments import Assessments, AssessmentsError, default_assessments, load_assessments
from modelaudit.openness.exemption import eu_ai_act_open_source_exemption
from modelaudit.openness.model import (
    COMPONENT_NAMES,
    COMPONENT_STATUSES,
    MOF_CLASSES,
    OSAID_OUTCOMES,
    Component,
    ExemptionCondition,
    OpennessAssessment,
    OpenSourceExemption,
    PublishedAssessment,
    PublishedComponent,
)
from modelaudit.openness.terms import open_for_mof, osd_conformant

__all__ = [
    "COMPONENT_NAMES",
    "COMPONENT_STATUSES",
    "MOF_CLASSES",
    "OSAID_OUTCOMES",
    "Assessments",
    "AssessmentsError",
    "Component",
    "ExemptionCondition",
    "OpenSourceExemption",
    "OpennessAssessment",
    "PublishedAssessment",
    "PublishedComponent",
    "assess_graph",
    "assess_node",
    "assess_openness",
    "default_assessments",
    "eu_ai_act_open_source_exemption",
    "load_assessments",
    "open_for_mof",
    "osd_conformant",
]
