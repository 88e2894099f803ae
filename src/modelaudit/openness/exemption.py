"""The EU AI Act's open-source exemption for general-purpose AI models, for one assessed node."""

from __future__ import annotations

from modelaudit.analysis import ModelAnalysis
from modelaudit.openness.model import AVAILABLE, PARAMETERS, ExemptionCondition, OpennessAssessment, OpenSourceExemption


def eu_ai_act_open_source_exemption(
    assessment: OpennessAssessment, analysis: ModelAnalysis | None = None
) -> OpenSourceExemption:
    """Could the AI Act's open-source exemption for general-purpose AI models apply to this node?

    It asks for a free and open-source licence (access, use, modification and distribution allowed,
    no monetisation) and for the weights, the architecture and the usage information to be public.
    OSAID is stricter (it also wants data information and code), so the two answers can differ.
    """
    params = assessment.component(PARAMETERS)
    record = analysis.graph.record(assessment.node) if analysis is not None else None
    gated = record.gated if record is not None else None
    conditions = (
        ExemptionCondition(
            "open-licence", params.osd_conformant,
            f"weights under {params.terms}" if params.terms else "no weights licence identified",
        ),
        ExemptionCondition(
            "weights-public",
            None if params.status != AVAILABLE or gated == "manual" else True,
            "weights published on the Hub" + (f", behind a {gated} access gate" if gated else "")
            if params.status == AVAILABLE else "no record of the weights",
        ),
        ExemptionCondition(
            "architecture-public", True if "model architecture" in assessment.mof_found else None,
            "architecture published" if "model architecture" in assessment.mof_found else "no architecture found",
        ),
        ExemptionCondition(
            "usage-information-public", True if "model card" in assessment.mof_found else None,
            "model card published" if "model card" in assessment.mof_found else "no model card found",
        ),
    )
    failed = [c.name for c in conditions if c.met is False]
    open_ = [c.name for c in conditions if c.met is None]
    if failed:
        return OpenSourceExemption(False, (
            f"the EU AI Act open-source exemption for general-purpose AI models does not apply: {params.terms} "
            "is not a free and open-source licence"
        ), conditions)
    if open_:
        return OpenSourceExemption(None, (
            "the EU AI Act open-source exemption for general-purpose AI models may apply, but "
            f"{', '.join(open_)} could not be established"
        ), conditions)
    return OpenSourceExemption(True, (
        f"the EU AI Act open-source exemption for general-purpose AI models may apply: weights under {params.terms}, "
        "with weights, architecture and usage information public (not for models with systemic risk; some "
        "obligations remain)"
    ), conditions)
