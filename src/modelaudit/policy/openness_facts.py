"""Bridge from the openness assessment (OSAID 1.0, MOF, EU AI Act exemption) to policy facts.

Rules see ``openness.osaid`` (meets / does-not-meet / insufficient-information),
``openness.mof_class`` (I / II / III, absent when none), ``openness.eu_gpai_exemption`` (true /
false, absent when undetermined) and ``openness.eu_gpai_exemption_reason``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.knowledge_base import KnowledgeBase
    from modelaudit.openness.model import OpennessAssessment, OpenSourceExemption
    from modelaudit.policy.profile import Profile


def openness_for(
    analysis: ModelAnalysis, profile: Profile, kb: KnowledgeBase
) -> tuple[OpennessAssessment, OpenSourceExemption, dict[str, Any]]:
    from modelaudit.openness import assess_openness, eu_ai_act_open_source_exemption

    assessment = assess_openness(analysis, kb=kb)
    exemption = eu_ai_act_open_source_exemption(assessment, analysis)
    facts: dict[str, Any] = {
        "osaid": assessment.osaid,
        "eu_gpai_exemption_reason": exemption.reason,
        "eu_gpai_exemption_text": {True: "may apply", False: "does not apply", None: "cannot be determined"}[
            exemption.may_apply],
        "inherited_from": assessment.inherited_from or "",
        "summary": "; ".join(assessment.reasons[:2]) or "no reason recorded",
    }
    if assessment.mof_class is not None:
        facts["mof_class"] = assessment.mof_class
    if exemption.may_apply is not None:
        facts["eu_gpai_exemption"] = exemption.may_apply
    return assessment, exemption, facts
