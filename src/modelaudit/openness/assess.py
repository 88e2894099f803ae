"""Is a model open source AI? OSAID 1.0 and Model Openness Framework assessment of a lineage.

The OSI's Open Source AI Definition 1.0 requires three elements in their preferred form for
modification, each under terms that grant the freedoms to use, study, modify and share: data
information, code (to train and to run) and parameters. An open weights licence is not enough:
the OSI failed Grok and Mixtral although both are Apache-2.0.

How an outcome is reached, strongest ground first:

1. A curated published assessment matching the repo (or its family) is cited and followed
   (``licenses/openness/assessments.yaml``), unless the repo's own weights terms contradict a
   published "meets" (then the published outcome is about other terms and does not hold here).
2. Weights under terms that are not OSD-conformant (every licence in force must be OSI-approved or
   a public-domain dedication; RAIL, Llama, Gemma, Qwen, non-commercial... are not): does not meet.
3. Weights licence unknown, or an open content licence the OSI has not approved (CC-BY, CC-BY-SA):
   insufficient information.
4. The model card was read and shows no data information or no training code: does not meet —
   OSAID asks the publisher to provide them, and a card that does not is the release as published.
5. Anything ambiguous or unreadable: insufficient information.
6. Everything present under conformant terms: "meets" only on strong evidence (card-listed datasets,
   a linked training codebase, an OSI-approved weights licence, no approval gate); otherwise
   insufficient information. The engine fails closed: it never claims "meets" on weak evidence.

Then the lineage: a derivative of any ancestor that does not meet OSAID does not meet it either
(it cannot supply the data information and code its base lacks, nor shed terms that bind it), and
an ancestor that could not be assessed keeps a derivative from "meets" unless an assessor said so.

Data lineage is read, not assessed: the datasets a model was trained on (dataset nodes, read once
by the lineage walk) are evidence for its data-information component and the MOF's "datasets";
dataset and closed-service nodes get no assessment of their own (OSAID is about AI systems), and
the inheritance above follows the edges a model takes weights or a teacher from, never a
``trained-on`` / ``generated-by`` / ``derived-from`` edge (a model does not stop meeting OSAID because
a dataset it learned from is not an AI system under open terms).

Everything here is pure: it reads the ``ModelAnalysis`` and the curated file, nothing else.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from modelaudit.analysis import ModelAnalysis
from modelaudit.kinds import DATA_RELATIONS
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base
from modelaudit.lineage.graph import LineageGraph, NodeKind
from modelaudit.openness.assessments import Assessments, default_assessments
from modelaudit.openness.model import (
    CODE,
    COMPONENT_NAMES,
    DATA_INFORMATION,
    DOES_NOT_MEET,
    INSUFFICIENT,
    MEETS,
    PARAMETERS,
    OpennessAssessment,
)
from modelaudit.openness.mof import mof
from modelaudit.openness.osaid import blocking, code, data_information, decide, parameters
from modelaudit.openness.published import overlay, published_for
from modelaudit.openness.reading import read_card, read_datasets

#: Nodes that are not AI systems: they have no OSAID outcome of their own.
_NOT_ASSESSED = frozenset({NodeKind.DATASET, NodeKind.SERVICE})

# -- one node on its own -------------------------------------------------------------------------------


def _assess_own(
    analysis: ModelAnalysis, node_id: str, assessments: Assessments, kb: KnowledgeBase
) -> OpennessAssessment:
    evidence = analysis.graph.evidence(node_id)  # parsed once, shared with lineage and licences
    reading = replace(read_card(evidence), dataset_nodes=read_datasets(analysis, node_id))
    effective = analysis.propagation.effective_of(node_id)
    weights = parameters(effective, reading, evidence is not None)
    data, data_strong = data_information(reading)
    training, code_strong = code(reading)
    own = {PARAMETERS: weights, DATA_INFORMATION: data, CODE: training}

    published_all = published_for(analysis, node_id, assessments)
    published = next((p for p in published_all if p.osaid), None)
    weights_ok = weights.osd_conformant
    # A published "meets" is about the terms the assessor saw; a repo of the family whose weights come
    # under non-conformant terms is outside it (fail closed), and nothing is implied from it.
    conflict = published is not None and published.osaid == MEETS and weights_ok is False
    if conflict:
        published_all = tuple(p for p in published_all if p.osaid != MEETS)
    components = dict(own)
    if published is not None and not conflict:
        components = {name: overlay(c, published, kb) for name, c in own.items()}

    reasons: list[str] = []
    if conflict and published is not None:
        outcome = DOES_NOT_MEET
        reasons.append(
            f"{published.assessor} found {published.system} meets OSAID 1.0 ({published.date}, {published.source_url}), "
            f"but this repo's weights are under {', '.join(blocking(effective))}, which is not OSD-conformant: "
            "the published outcome does not cover these terms"
        )
    elif published is not None:
        outcome = published.osaid or INSUFFICIENT
        verb = "meets" if outcome == MEETS else "does not meet"
        reasons.append(f"{published.system} {verb} OSAID 1.0 according to {published.citation()}")
        if outcome == DOES_NOT_MEET and weights_ok is True:
            reasons.append(f"an OSI-approved weights licence ({weights.terms}) is not enough on its own: OSAID also "
                           "requires data information and code")
    else:
        unrecognised = any(e.license is None for e in effective)
        outcome, decisive = decide(components, reading, data_strong, code_strong, blocking(effective), unrecognised)
        reasons += decisive

    mof_class, found, missing, mof_reasons = mof(reading, components, effective, published_all)
    if published is None and (p := next(iter(published_all), None)) is not None:
        published = p  # a MOF-only entry: still the assessment to cite
    return OpennessAssessment(
        node=node_id,
        osaid=outcome,
        components=tuple(components[name] for name in COMPONENT_NAMES),
        mof_class=mof_class,
        mof_found=found,
        mof_missing=missing,
        published=published,
        inherited_from=None,
        reasons=(*reasons, *mof_reasons),
    )


# -- the lineage ------------------------------------------------------------------------------------------


def _assessed(graph: LineageGraph, node_id: str) -> bool:
    return graph.node(node_id).kind not in _NOT_ASSESSED


def _distances(graph: LineageGraph, node_id: str) -> dict[str, int]:
    """Every model ancestor of the node with its distance (parent = 1), cycles included once: the
    parents it takes weights or a teacher from, not the data it learned from."""
    seen = {node_id: 0}
    queue = deque([node_id])
    while queue:
        child = queue.popleft()
        parents = (e.parent for e in graph.parents(child)
                   if e.relation not in DATA_RELATIONS and _assessed(graph, e.parent))
        for parent in sorted(parents):
            if parent not in seen:
                seen[parent] = seen[child] + 1
                queue.append(parent)
    del seen[node_id]
    return seen


def _ground(assessment: OpennessAssessment) -> int:
    """How firm a "does not meet" is: 0 published, 1 weights terms, 2 elements missing from the card."""
    if assessment.published is not None and assessment.published.osaid is not None:
        return 0
    return 1 if assessment.component(PARAMETERS).osd_conformant is False else 2


def _with_lineage(graph: LineageGraph, node_id: str, own: Mapping[str, OpennessAssessment]) -> OpennessAssessment:
    mine = own[node_id]
    ancestors = _distances(graph, node_id)
    # The root cause to name: a published outcome first, then non-conformant terms, then missing
    # elements; the nearest such ancestor within each.
    failing = sorted((_ground(own[a]), d, a) for a, d in ancestors.items() if own[a].osaid == DOES_NOT_MEET)
    published_here = mine.published is not None and mine.published.osaid is not None
    if failing:
        _, distance, root = failing[0]
        relation = "its parent" if distance == 1 else f"an ancestor {distance} levels up"
        why = own[root].reasons[0] if own[root].reasons else "no reason recorded"
        inherited = (f"derived from {root} ({relation}), which does not meet OSAID 1.0 ({why}); a derivative cannot "
                     "supply the data information and code its base lacks, nor shed terms that bind it")
        # A node's own published outcome stays the first reason; otherwise the inheritance decides.
        own_first = published_here and mine.osaid == DOES_NOT_MEET
        reasons = (*mine.reasons, inherited) if own_first else (inherited, *mine.reasons)
        return replace(mine, osaid=DOES_NOT_MEET, inherited_from=root, reasons=reasons)
    if mine.osaid == MEETS and not published_here:
        unclear = sorted((d, a) for a, d in ancestors.items() if own[a].osaid == INSUFFICIENT)
        if unclear:
            root = unclear[0][1]
            return replace(mine, osaid=INSUFFICIENT, reasons=(
                f"its ancestor {root} could not be assessed, so the openness of the whole chain is not established",
                *mine.reasons,
            ))
    return mine


# -- public API -----------------------------------------------------------------------------------------


def assess_graph(
    analysis: ModelAnalysis, *, assessments: Assessments | None = None, kb: KnowledgeBase | None = None
) -> Mapping[str, OpennessAssessment]:
    """The openness of every model node of the lineage graph (the ``lineage`` command shows it per
    node); datasets and closed services have none."""
    assessments = assessments or default_assessments()
    kb = kb or default_knowledge_base()
    graph = analysis.graph
    own = {node_id: _assess_own(analysis, node_id, assessments, kb)
           for node_id in sorted(graph.node_ids()) if _assessed(graph, node_id)}
    return MappingProxyType({node_id: _with_lineage(graph, node_id, own) for node_id in own})


def assess_node(
    analysis: ModelAnalysis, node_id: str, *, assessments: Assessments | None = None, kb: KnowledgeBase | None = None
) -> OpennessAssessment:
    """The openness of one node; only the node and its ancestors are read."""
    assessments = assessments or default_assessments()
    kb = kb or default_knowledge_base()
    graph = analysis.graph
    ids = [node_id, *_distances(graph, node_id)]
    own = {i: _assess_own(analysis, i, assessments, kb) for i in ids}
    return _with_lineage(graph, node_id, own)


def assess_openness(
    analysis: ModelAnalysis, *, assessments: Assessments | None = None, kb: KnowledgeBase | None = None
) -> OpennessAssessment:
    """The openness of the audited model (the subject of the analysis)."""
    return assess_node(analysis, analysis.subject, assessments=assessments, kb=kb)

