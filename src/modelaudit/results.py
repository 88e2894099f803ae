"""The results of an audit: frozen values every output format reads.

Unknowns are results, not exceptions: a model that could not be fetched is a ``ModelReport``
with verdict ``unknown`` and findings that say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelaudit.kinds import VERDICT_ORDER, Severity, Verdict

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.propagation import EffectiveLicense
    from modelaudit.openness.model import OpennessAssessment, OpenSourceExemption
    from modelaudit.policy.profile import Profile
    from modelaudit.policy.rules import Policy
    from modelaudit.policy.waivers import Waiver


@dataclass(frozen=True)
class Location:
    """Where a model reference was found (a ``--from-file`` line or a ``scan`` hit)."""

    path: str
    line: int
    column: int = 1
    snippet: str = ""


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    license: str | None = None  # knowledge-base id of the licence the finding is about
    origin: str | None = None  # the lineage node the licence (or fact) comes from
    path: tuple[str, ...] = ()  # origin -> ... -> model
    clause: str | None = None
    url: str | None = None
    term: str | None = None  # term type
    evidence: tuple[str, ...] = ()  # what the conclusion rests on (card field, README sentence, file)
    inferred: bool = False  # rests on inferred lineage
    undecided: bool = False  # the rule could not be decided; ``missing`` names the profile fields
    missing: tuple[str, ...] = ()
    remediation: str = ""
    waiver: Waiver | None = None
    obligation: bool = False  # also listed in the model's obligations checklist

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "license": self.license,
            "from": self.origin,
            "path": list(self.path),
            "clause": self.clause,
            "url": self.url,
            "term": self.term,
            "evidence": list(self.evidence),
            "inferred": self.inferred,
            "undecided": self.undecided,
            "missing_profile_fields": list(self.missing),
            "remediation": self.remediation,
            "waived": self.waived,
            "waiver": self.waiver.to_json() if self.waiver else None,
            "obligation": self.obligation,
        }


@dataclass(frozen=True)
class Obligation:
    license: str
    term: str  # term type, with its kind for attribution ("attribution:display")
    value: str
    clause: str
    origin: str
    path: tuple[str, ...]
    summary: str = ""
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"license": self.license, "term": self.term, "value": self.value, "clause": self.clause,
                "from": self.origin, "path": list(self.path), "summary": self.summary, "url": self.url}


@dataclass(frozen=True)
class ModelReport:
    reference: str  # as the user wrote it
    model: str  # canonical Hub id (after renames) or local path
    revision: str | None
    verdict: Verdict
    declared: tuple[str, ...]  # the subject's own licence ids
    effective: tuple[EffectiveLicense, ...]  # one per licence id, best path first
    findings: tuple[Finding, ...]
    obligations: tuple[Obligation, ...]
    analysis: ModelAnalysis | None  # None when the model could not be analysed at all
    openness: OpennessAssessment | None = None
    eu_exemption: OpenSourceExemption | None = None  # EU AI Act open-source exemption for GPAI models
    locations: tuple[Location, ...] = ()
    note: str = ""  # free text from an inventory entry

    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]

    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.waived]


@dataclass(frozen=True)
class AuditReport:
    tool_version: str
    generated_at: str
    profile: Profile
    policy: Policy
    results: tuple[ModelReport, ...]
    waivers_source: str | None = None
    data_sources: tuple[str, ...] = field(default_factory=tuple)  # e.g. "hub https://huggingface.co", "snapshot 2026-11-22"

    @property
    def verdict(self) -> Verdict:
        return worst_verdict(r.verdict for r in self.results)


def worst_verdict(verdicts: Any) -> Verdict:
    found = set(verdicts)
    return next((v for v in VERDICT_ORDER if v in found), Verdict.PASS)


def verdict_of(findings: tuple[Finding, ...] | list[Finding]) -> Verdict:
    """block if any block; else unknown if anything could not be established; else warn; else pass."""
    active = {f.severity for f in findings if not f.waived}
    if Severity.BLOCK in active:
        return Verdict.BLOCK
    if Severity.UNKNOWN in active:
        return Verdict.UNKNOWN
    if Severity.WARN in active:
        return Verdict.WARN
    return Verdict.PASS
