"""The results of an audit: frozen values every output format reads.

Unknowns are results, not exceptions: a model that could not be fetched is a ``ModelReport``
with verdict ``unknown`` and findings that say why.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelaudit.kinds import VERDICT_ORDER, Severity, Verdict
from modelaudit.licensing.model import term_selector

#: Version of the JSON contract (``AuditReport.to_json``).
SCHEMA_VERSION = "1"
#: The ``$id`` of the report's JSON schema (``modelaudit/schemas/report.schema.json``, in the package;
#: :func:`modelaudit.schemas.report_schema` loads it), named by every report in its ``$schema`` key.
SCHEMA_ID = "urn:modelaudit:schema:report:1"

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.propagation import EffectiveLicense
    from modelaudit.lineage.graph import LineageGraph
    from modelaudit.openness.model import OpennessAssessment, OpenSourceExemption
    from modelaudit.policy.profile import Profile
    from modelaudit.policy.rules import Policy
    from modelaudit.policy.waivers import Waiver


@dataclass(frozen=True)
class Location:
    """Where a model reference was found (a ``--from-file`` line or a ``scan`` hit)."""

    path: str
    line: int  # 0: the location is the file itself (a model artefact found by ``scan``)
    column: int = 1
    snippet: str = ""

    @property
    def shown(self) -> str:
        """``path:line:column``, or the path alone for a file that is itself the model."""
        return f"{self.path}:{self.line}:{self.column}" if self.line > 0 else self.path


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
    fact: bool = False  # also listed in the model's facts to know (governing law, terms that may change)

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
            "fact": self.fact,
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
class Fact(Obligation):
    """A licence term to know rather than to do: which law governs and where disputes go, that the
    licensor may change the terms. Kept out of the obligations checklist (a policy rule with
    ``fact: true`` records them) so the checklist holds only what the organisation must do."""


@dataclass(frozen=True)
class Counts:
    """How many findings, obligations, facts and waived findings a model has.

    The counting rule, here and nowhere else (every format reads it, through ``ModelReport.counts``
    and the JSON contract's ``counts``): every active finding is counted once, as an obligation
    (``Finding.obligation``: the checklist), as a fact (``Finding.fact``) or as a finding; the
    obligations and facts counts are the number of checklist items and facts listed (the engine
    merges findings that differ only in where a licence comes from), and waived findings are counted
    only as waived (a waived obligation finding leaves its checklist item in place: a waiver accepts
    a finding, it does not discharge a licence duty)."""

    findings: int
    obligations: int
    facts: int
    waived: int

    def summary(self) -> str:
        """The one sentence every human format prints, e.g. "5 findings, 8 obligations, 2 facts, 1 waived"."""
        return (f"{_plural(self.findings, 'finding')}, {_plural(self.obligations, 'obligation')}, "
                f"{_plural(self.facts, 'fact')}, {self.waived} waived")

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.findings + other.findings, self.obligations + other.obligations, self.facts + other.facts,
                      self.waived + other.waived)

    def to_json(self) -> dict[str, int]:
        return {"findings": self.findings, "obligations": self.obligations, "facts": self.facts, "waived": self.waived}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class InputRecord:
    """One input an audit read, pinned by its SHA-256 so a reviewer can tell the report was made from
    the files in front of them: the profile, policy and waivers files, the knowledge base, the snapshot."""

    role: str  # "profile", "policy", "waivers", "knowledge base", "snapshot"
    source: str  # the path as given; "default", "bundled" or "given as data" otherwise
    sha256: str | None  # None: nothing was read (no profile, no waivers)
    detail: str = ""  # what else pins it (the snapshot's date, how the knowledge base hash is made)

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "source": self.source, "sha256": self.sha256, "detail": self.detail}


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
    facts: tuple[Obligation, ...] = ()  # licence terms to know (``Fact``), listed apart from the obligations

    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]

    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.waived]

    @property
    def counts(self) -> Counts:
        """The counting rule (see :class:`Counts`)."""
        active = self.active()
        return Counts(findings=sum(not f.obligation and not f.fact for f in active), obligations=len(self.obligations),
                      facts=len(self.facts), waived=len(self.findings) - len(active))

    @property
    def effective_licenses(self) -> tuple[EffectiveLicense, ...]:
        """The model's effective licences, its own declaration first (``.id``, ``.origin``, ``.path``)."""
        return self.effective

    @property
    def lineage(self) -> LineageGraph | None:
        """The derivation graph the verdict rests on (``None`` when the model could not be analysed)."""
        return self.analysis.graph if self.analysis is not None else None

    def to_json(self) -> dict[str, Any]:
        """This model's part of the JSON contract (``results[i]``)."""
        return {
            "model": self.model,
            "reference": self.reference,
            "revision": self.revision,
            "verdict": self.verdict.value,
            "declared_licenses": list(self.declared),
            "effective_licenses": [
                {"id": e.id, "name": e.license.name if e.license else e.raw, "from": e.origin, "path": list(e.path),
                 "relations": [r.value for r in e.relations], "inherited": not e.own, "inferred": e.inferred,
                 "url": e.license.url if e.license else None, "raw": e.raw,
                 # "outputs": it reaches through outputs the model was trained on; "partial": only "terms" reach.
                 "reach": e.reach, "partial": e.partial,
                 "terms": [term_selector(t) for t in e.terms] if e.terms is not None else None}
                for e in self.effective
            ],
            # Each dataset (or closed service) the model learned from, with its licences; never effective licences.
            "data_licenses": [s.to_json() for s in self.analysis.data_licenses] if self.analysis else [],
            # Licences whose ban on training with their outputs the model's making ran into (made in breach upstream).
            "output_restrictions": [r.to_json() for r in self.analysis.propagation.restrictions_of(self.analysis.subject)]
            if self.analysis else [],
            "lineage": _lineage_json(self.analysis),
            "obligations": [o.to_json() for o in self.obligations],
            "facts": [o.to_json() for o in self.facts],
            "counts": self.counts.to_json(),
            "findings": [f.to_json() for f in self.findings],
            "openness": self._openness_json(),
            "locations": [{"path": loc.path, "line": loc.line, "column": loc.column} for loc in self.locations],
            "note": self.note,
        }

    def _openness_json(self) -> dict[str, Any]:
        if self.openness is None:
            return {}
        data = self.openness.to_json()
        data["eu_ai_act_open_source_exemption"] = self.eu_exemption.to_json() if self.eu_exemption else None
        return data


def _lineage_json(analysis: ModelAnalysis | None) -> dict[str, Any]:
    if analysis is None:
        return {"nodes": [], "edges": []}
    graph = analysis.graph
    nodes = []
    for node in sorted(graph.nodes(), key=lambda n: n.id):
        declared = analysis.declared(node.id)
        nodes.append({
            "id": node.id,
            "kind": node.kind.value,
            "revision": node.revision,
            "declared_licenses": list(declared.ids) if declared else [],
            "effective_licenses": analysis.propagation.effective_ids(node.id),
            "source": node.source.value if node.source else None,
            "gated": node.gated is not None,
            "resolved": node.resolved,
            "status": node.status.value,
            "aliases": list(node.aliases),
            "notes": list(node.notes),
        })
    edges = [
        {"parent": e.parent, "child": e.child, "relation": e.relation.value, "evidence": e.evidence.value,
         "confidence": e.confidence.value, "details": list(e.details)}
        for e in sorted(graph.edges(), key=lambda e: (e.child, e.parent))
    ]
    return {"nodes": nodes, "edges": edges}


@dataclass(frozen=True)
class AuditReport:
    tool_version: str
    generated_at: str
    profile: Profile
    policy: Policy
    results: tuple[ModelReport, ...]
    waivers_source: str | None = None
    data_sources: tuple[str, ...] = field(default_factory=tuple)  # e.g. "hub https://huggingface.co", "snapshot 2026-11-22"
    #: The run's exit decision (``--fail-on warn``): formats that count failures (JUnit) count what
    #: fails the run, so the report and the exit status agree.
    fail_on_warn: bool = False
    inputs: tuple[InputRecord, ...] = ()  # what the audit read, with SHA-256 hashes (reproducibility)

    @property
    def verdict(self) -> Verdict:
        return worst_verdict(r.verdict for r in self.results)

    @property
    def counts(self) -> Counts:
        """The counts of every model added up."""
        total = Counts(0, 0, 0, 0)
        for model in self.results:
            total += model.counts
        return total

    @property
    def report_id(self) -> str:
        """A stable id for what this report says, not for when it was made: a hash of the tool version, the
        inputs' hashes, the profile, the policy and every result (not ``generated_at`` nor fetch times).
        Re-running the same audit on the same data gives the same id, so two people can tell they hold the
        same audit and an archived report can be checked against a re-run; any change of input or
        conclusion changes it. (A random id would tell two runs apart but prove nothing.)"""
        return self._report_id([r.to_json() for r in self.results])

    def _report_id(self, results: list[dict[str, Any]]) -> str:
        content = {"tool": self.tool_version, "inputs": [i.to_json() for i in self.inputs],
                   "profile": self.profile.to_json(), "policy": self.policy.source, "waivers": self.waivers_source,
                   "results": results}
        digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=True, default=str).encode())
        return "ma-" + digest.hexdigest()[:24]

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of ``check`` (``schema_version`` "1"): keys are only ever added within a
        version, never renamed or removed; the schema shipped in the package
        (``modelaudit/schemas/report.schema.json``, ``$id`` :data:`SCHEMA_ID`) pins the shape."""
        results = [r.to_json() for r in self.results]
        return {
            "$schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "report_id": self._report_id(results),
            "tool": {"name": "modelaudit", "version": self.tool_version},
            "generated_at": self.generated_at,
            "profile": self.profile.to_json(),
            "policy": self.policy.source,
            "policy_name": self.policy.name,
            "waivers": self.waivers_source,
            "data_sources": list(self.data_sources),
            "inputs": [i.to_json() for i in self.inputs],
            "verdict": self.verdict.value,
            "counts": self.counts.to_json(),
            "results": results,
        }


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
