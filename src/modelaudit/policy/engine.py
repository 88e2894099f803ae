"""The policy engine: one model's analysis + profile + policy + waivers -> findings and a verdict.

Pure: no I/O, no clock (``today`` is a parameter), so the same inputs always give the same report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from modelaudit.kinds import Severity
from modelaudit.policy import scopes
from modelaudit.policy.conditions import Outcome, evaluate
from modelaudit.policy.facts import arrow, model_facts, render_message, term_value
from modelaudit.policy.scopes.base import Subject
from modelaudit.results import Fact, Finding, Location, ModelReport, Obligation, verdict_of

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.openness.model import OpennessAssessment, OpenSourceExemption
    from modelaudit.policy.profile import Profile
    from modelaudit.policy.rules import Policy, Rule
    from modelaudit.policy.waivers import Waivers


def _finding(rule: Rule, facts: Mapping[str, Any], fields: Mapping[str, Any], severity: Severity,
             outcome: Outcome | None) -> Finding:
    undecided = outcome is not None and outcome.value is None
    missing = tuple(sorted(outcome.missing)) if outcome is not None and undecided else ()
    if outcome is not None and outcome.value is None:
        where = f" ({fields['clause']})" if fields.get("clause") else ""
        lic = facts.get("license", {}).get("name")
        data = facts.get("dataset", {})
        if data.get("label") and data.get("name"):  # a data licence: name the dataset (and subset) it is about
            lic = f"{data['label']}: {data['name']}"
        about = f" — {lic}{where}" if lic else where
        why: list[str] = []
        if missing:
            need = ", ".join(f"`{m}`" for m in missing)
            why.append(f"the profile does not set {need}; add it to the profile to settle this")
        if outcome.problems:
            # A value of the wrong type: never read as "no", so the rule cannot silently pass.
            why.append(f"the comparison could not be made ({'; '.join(sorted(outcome.problems))}); "
                       f"fix the policy rule or the data it reads to settle this")
        message = f"{rule.description}{about}. Undecided: {'; '.join(why)}."
    else:
        message = render_message(rule.message, facts)
    return Finding(
        rule=rule.id, severity=severity, message=message, license=fields.get("license"),
        origin=fields.get("origin"), path=tuple(fields.get("path", ())), clause=fields.get("clause"),
        url=fields.get("url"), term=fields.get("term"), evidence=tuple(fields.get("evidence", ())),
        inferred=bool(fields.get("inferred")), undecided=undecided, missing=missing,
        remediation=rule.remediation,
    )


def _obligation(finding: Finding, fields: Mapping[str, Any], *, fact: bool = False) -> Obligation | None:
    """The checklist item (or, ``fact``, the fact to know) a finding about a licence term records."""
    term = fields.get("_term")
    if term is None or finding.license is None:
        return None
    kind = term.params.get("kind")
    return (Fact if fact else Obligation)(
        license=finding.license, term=f"{term.type}:{kind}" if kind else term.type, value=term_value(term),
        clause=term.clause, origin=finding.origin or "", path=finding.path,
        summary=" ".join(term.summary.split()), url=finding.url,
    )


def _apply_waivers(findings: list[Finding], waivers: Waivers, model: str, revision: str | None,
                   aliases: tuple[str, ...], today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    expired_reported: set[int] = set()
    for finding in findings:
        match = next((w for w in waivers.entries if w.matches(model, revision, finding.rule, aliases)), None)
        if match is None:
            out.append(finding)
        elif match.expired(today):
            out.append(finding)
            if match.index not in expired_reported:
                expired_reported.add(match.index)
                out.append(Finding(
                    rule="expired-waiver", severity=waivers.expired_severity,
                    message=(f"the waiver for rule {match.rule} on {match.model} approved by {match.approver} "
                             f"expired on {match.expires.isoformat()} ({waivers.source}, entry {match.index + 1}); "
                             f"renew or remove it"),
                    evidence=(f"reason given: {match.reason}",),
                    remediation="Review the finding again and renew the waiver with a new expiry date, or fix the cause.",
                ))
        else:
            out.append(replace(finding, waiver=match))
    return out


_SEVERITY_ORDER = {Severity.BLOCK: 0, Severity.UNKNOWN: 1, Severity.WARN: 2, Severity.INFO: 3}


def evaluate_model(
    analysis: ModelAnalysis,
    *,
    profile: Profile,
    policy: Policy,
    waivers: Waivers,
    today: dt.date,
    openness: OpennessAssessment | None = None,
    exemption: OpenSourceExemption | None = None,
    openness_facts: Mapping[str, Any] | None = None,
    locations: tuple[Location, ...] = (),
    note: str = "",
) -> ModelReport:
    effective = analysis.propagation.effective_of(analysis.subject)
    base: dict[str, Any] = {
        "model": model_facts(analysis, effective),
        "profile": profile.facts(),
        "openness": dict(openness_facts or {}),
    }
    subject = Subject(analysis, effective, base)
    findings: list[Finding] = []
    obligations: dict[tuple[str, str, str, str], Obligation] = {}
    to_know: dict[tuple[str, str, str, str], Obligation] = {}  # facts listed apart from the checklist
    seen: set[tuple[Any, ...]] = set()
    for rule in policy.rules:
        scope = scopes.scope(rule.scope)
        if scope is None:  # a Rule built by hand, not by rules.py: nothing to evaluate it against
            raise ValueError(f"rule {rule.id}: no policy scope {rule.scope!r}")
        for facts, fields in scope.contexts(rule, subject):
            outcome = evaluate(rule.when, facts, policy.expand_regions) if rule.when else None
            if outcome is not None and outcome.value is False:
                continue
            undecided = outcome is not None and outcome.value is None
            severity = rule.unknown if undecided else rule.severity
            if severity is None:
                continue
            finding = _finding(rule, facts, fields, severity, outcome)
            listed = (rule.obligation or rule.fact) and not undecided
            obligation = _obligation(finding, fields, fact=rule.fact) if listed else None
            if obligation is not None:
                finding = replace(finding, obligation=rule.obligation, fact=rule.fact)
            key = (finding.rule, finding.license, finding.clause, finding.message)
            if key in seen:
                continue
            seen.add(key)
            findings.append(finding)
            if obligation is not None:
                (to_know if rule.fact else obligations).setdefault(
                    (obligation.license, obligation.term, obligation.clause, obligation.value), obligation)
    root = analysis.graph.root
    findings = _apply_waivers(findings, waivers, root.id, root.revision, (analysis.graph.requested, *root.aliases), today)
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule, f.license or "", f.origin or ""))
    declared = analysis.declared(analysis.subject)
    return ModelReport(
        reference=analysis.reference, model=root.id, revision=root.revision, verdict=verdict_of(findings),
        declared=declared.ids if declared else (), effective=effective, findings=tuple(findings),
        obligations=tuple(obligations.values()), analysis=analysis, openness=openness, eu_exemption=exemption,
        locations=locations, note=note, facts=tuple(to_know.values()),
    )


__all__ = ["arrow", "evaluate_model"]
