"""Running an audit: many model references -> analyses (fetched concurrently) -> policy reports.

Models are analysed by a bounded pool; the source below is a ``MemoSource``, so ancestors shared
by many models (five bases under a thousand fine-tunes) are fetched once for the whole run.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelaudit.analysis import ModelAnalysis, analyse_model
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base
from modelaudit.lineage.builder import WalkLimits
from modelaudit.lineage.names import default_catalogue
from modelaudit.policy.engine import evaluate_model
from modelaudit.policy.profile import Profile
from modelaudit.policy.rules import Policy
from modelaudit.policy.waivers import Waivers
from modelaudit.refs import ModelRef
from modelaudit.results import Location, ModelReport
from modelaudit.sources.base import ModelSource, SourceUnavailable
from modelaudit.sources.registry import parse_reference

if TYPE_CHECKING:
    from modelaudit.openness.model import OpennessAssessment, OpenSourceExemption

DEFAULT_WORKERS = 16


@dataclass(frozen=True)
class Target:
    """One model to audit, with where it was named (inventory line, scan hit) and an optional note.

    ``ref`` may be given as text; it is parsed once, here (``refs.parse_reference``)."""

    ref: ModelRef
    locations: tuple[Location, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.ref, ModelRef):
            object.__setattr__(self, "ref", parse_reference(self.ref))

    @property
    def reference(self) -> str:
        return str(self.ref)


def merge_targets(targets: Sequence[Target]) -> list[Target]:
    """One target per reference (case-insensitive), keeping every location and the first note."""
    merged: dict[str, Target] = {}
    for target in targets:
        key = target.reference.lower()
        if key in merged:
            prior = merged[key]
            merged[key] = Target(prior.ref, prior.locations + target.locations, prior.note or target.note)
        else:
            merged[key] = target
    return list(merged.values())


@dataclass
class AuditSettings:
    profile: Profile
    policy: Policy
    waivers: Waivers
    today: dt.date
    limits: WalkLimits = field(default_factory=WalkLimits)
    workers: int = DEFAULT_WORKERS
    openness: bool = True


def _openness(
    analysis: ModelAnalysis, settings: AuditSettings, kb: KnowledgeBase
) -> tuple[OpennessAssessment | None, OpenSourceExemption | None, dict[str, Any]]:
    from modelaudit.policy.openness_facts import openness_for

    return openness_for(analysis, settings.profile, kb) if settings.openness else (None, None, {})


def audit_one(target: Target, source: ModelSource, settings: AuditSettings, kb: KnowledgeBase) -> ModelReport:
    """One model's report. A failure nobody foresaw (a library error, a bug reading odd data) makes
    this model ``unknown`` with the error named, and never costs the other models of the batch
    their results (fail closed, per model)."""
    try:
        return _audit_one(target, source, settings, kb)
    except SourceUnavailable:
        raise  # the whole source is down: the caller falls back or reports it once
    except Exception as exc:
        if os.environ.get("MODELAUDIT_DEBUG"):
            raise
        return _failed_report(target, exc)


def _failed_report(target: Target, exc: Exception) -> ModelReport:
    from modelaudit.kinds import Severity, Verdict
    from modelaudit.results import Finding

    model, revision = target.ref.id, target.ref.revision
    message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    finding = Finding(
        rule="analysis-failed", severity=Severity.UNKNOWN,
        message=f"{target.reference} could not be analysed ({message}); nothing about it is established.",
        remediation="Re-run with MODELAUDIT_DEBUG=1 and report the error; until then the model cannot be cleared.",
    )
    return ModelReport(reference=target.reference, model=model, revision=revision, verdict=Verdict.UNKNOWN,
                       declared=(), effective=(), findings=(finding,), obligations=(), analysis=None,
                       locations=target.locations, note=target.note)


def _audit_one(target: Target, source: ModelSource, settings: AuditSettings, kb: KnowledgeBase) -> ModelReport:
    analysis = analyse_model(target.ref, source, kb=kb, catalogue=default_catalogue(), limits=settings.limits)
    assessment, exemption, facts = _openness(analysis, settings, kb)
    return evaluate_model(
        analysis, profile=settings.profile, policy=settings.policy, waivers=settings.waivers, today=settings.today,
        openness=assessment, exemption=exemption, openness_facts=facts, locations=target.locations, note=target.note,
    )


def run_audit(
    targets: Sequence[Target],
    source: ModelSource,
    settings: AuditSettings,
    *,
    kb: KnowledgeBase | None = None,
    on_done: Callable[[ModelReport], None] | None = None,
) -> tuple[ModelReport, ...]:
    """Audit every target; results come back in the order of ``targets`` (after merging duplicates)."""
    kb = kb or default_knowledge_base()
    reports: list[ModelReport] = []
    with ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="modelaudit-model") as pool:
        for report in pool.map(lambda target: audit_one(target, source, settings, kb), merge_targets(targets)):
            if on_done:
                on_done(report)
            reports.append(report)
    return tuple(reports)
