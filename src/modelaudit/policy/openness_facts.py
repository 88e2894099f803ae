"""Bridge from the openness assessment (issue 5) to policy facts (``openness.*``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.knowledge_base import KnowledgeBase
    from modelaudit.policy.profile import Profile


def openness_for(analysis: ModelAnalysis, profile: Profile, kb: KnowledgeBase) -> tuple[Any, dict[str, Any]]:
    return None, {}
