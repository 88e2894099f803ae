"""What the human reports say, decided once: the shared view of an ``AuditReport``.

The text, Markdown, HTML and JUnit reports render :class:`ReportView` and nothing else decides
*what* they show: the verdict and the findings it rests on, the active findings worst first, the
obligations checklist, the waived findings, the lineage nodes and edges in display order, the
effective licences with their paths, openness, data sources and the reproduce command, and the
counts. The formats only decide *how* (escaping, layout, colour).

The counting rule, defined here and nowhere else (:func:`model_view`): every active finding is
counted once, either as an obligation (the policy lists it in the obligations checklist,
``Finding.obligation``) or as a finding; the obligations count is the number of checklist items
and waived findings are counted only as waived (a waived obligation finding leaves its checklist
item in place: a waiver accepts a finding, it does not discharge a licence duty).
``Counts.summary()`` is the one sentence every human format prints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelaudit.kinds import VERDICT_ORDER, Severity, Verdict
from modelaudit.lineage.graph import LineageEdge, LineageNode, NodeStatus
from modelaudit.results import AuditReport, Finding, ModelReport, Obligation

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.policy.waivers import Waiver

SEVERITY_ORDER: dict[Severity, int] = {Severity.BLOCK: 0, Severity.UNKNOWN: 1, Severity.WARN: 2, Severity.INFO: 3}
VERDICT_MEANING: dict[Verdict, str] = {
    Verdict.PASS: "no finding stands in the way of the intended use",
    Verdict.WARN: "usable, with the obligations and warnings below",
    Verdict.BLOCK: "a licence term forbids the intended use",
    Verdict.UNKNOWN: "something the verdict depends on could not be established (fail closed)",
}
# The severity of the findings that decide each verdict (see ``results.verdict_of``).
_DECIDING: dict[Verdict, Severity] = {Verdict.BLOCK: Severity.BLOCK, Verdict.UNKNOWN: Severity.UNKNOWN,
                                      Verdict.WARN: Severity.WARN}
DISCLAIMER = ("This report records what modelaudit concluded from public model metadata and its licence "
              "knowledge base under the policy and profile shown. It supports, and does not replace, legal review.")


# ---------------------------------------------------------------------------------------------
# Small shared wording
# ---------------------------------------------------------------------------------------------


def short_rev(revision: str | None, length: int = 12) -> str:
    return revision[:length] if revision else "—"


def waiver_text(waiver: Waiver) -> str:
    ticket = f", ticket {waiver.ticket}" if waiver.ticket else ""
    return f"{waiver.reason} (approved by {waiver.approver} until {waiver.expires.isoformat()}{ticket})"


def conformance(value: object) -> str:
    return "yes" if value is True else "no" if value is False else "not established"


def is_web_url(value: str | None) -> bool:
    """Only plain http(s) URLs become links: a ``javascript:`` or ``data:`` URL from a card never does."""
    return bool(value) and re.fullmatch(r"https?://[^\s<>\"'`]+", value or "") is not None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ---------------------------------------------------------------------------------------------
# Lineage, per node
# ---------------------------------------------------------------------------------------------


def lineage_nodes(analysis: ModelAnalysis) -> list[LineageNode]:
    """The subject first, then the other nodes by id: a stable order for tables and diagrams."""
    graph = analysis.graph
    return [graph.root, *sorted((n for n in graph.nodes() if n.id != graph.subject), key=lambda n: n.id)]


def lineage_edges(analysis: ModelAnalysis) -> list[LineageEdge]:
    return sorted(analysis.graph.edges(), key=lambda e: (e.child, e.parent))


def declared_short(analysis: ModelAnalysis, node: LineageNode) -> str:
    """The licences a node declares, as ids ("unknown" stays "unknown": the raw value is in the tables)."""
    declared = analysis.declared(node.id)
    if declared is None:
        return f"family licence {node.family_license}" if node.family_license else "no record"
    if declared.declared_nothing:
        return "no licence declared"
    return ", ".join(declared.ids)


def declared_long(analysis: ModelAnalysis, node: LineageNode) -> str:
    """Declared licences with the raw value of those not identified."""
    declared = analysis.declared(node.id)
    if declared is None:
        return f"family licence {node.family_license}" if node.family_license else "no record"
    if declared.declared_nothing:
        return "no licence declared"
    return ", ".join(i.id if i.known else f"unknown ({i.raw})" for i in declared.identified)


def inherited_short(analysis: ModelAnalysis, node: LineageNode) -> str:
    ids = sorted({e.id for e in analysis.propagation.effective_of(node.id) if not e.own})
    return ", ".join(ids)


def node_flags(node: LineageNode) -> list[str]:
    flags: list[str] = []
    if node.status is not NodeStatus.RESOLVED:
        flags.append(node.status.value)
    if node.gated:
        flags.append("gated")
    if node.aliases:
        flags.append("also known as " + ", ".join(node.aliases))
    return flags


# ---------------------------------------------------------------------------------------------
# The view
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """How many findings, obligations and waived findings a model has (the counting rule above)."""

    findings: int
    obligations: int
    waived: int

    def summary(self) -> str:
        """The one sentence every human format prints, e.g. "5 findings, 8 obligations, 1 waived"."""
        return f"{_plural(self.findings, 'finding')}, {_plural(self.obligations, 'obligation')}, {self.waived} waived"


@dataclass(frozen=True)
class EffectiveRow:
    """One effective licence: what it is, where it comes from and along which path."""

    id: str
    name: str
    own: bool  # declared by the model itself
    origin: str
    basis: str  # "declared by the model (card license)" / "inherited from org/base"
    nodes: tuple[str, ...]  # origin -> ... -> model
    path: str  # the path with its relations: "org/base —finetune→ org/model"
    inferred: bool
    url: str | None


@dataclass(frozen=True)
class ObligationItem:
    """A checklist item with the active findings it was recorded from (their evidence and lineage)."""

    obligation: Obligation
    findings: tuple[Finding, ...]

    @property
    def inferred(self) -> bool:
        return any(f.inferred for f in self.findings)

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for f in self.findings for e in f.evidence))


@dataclass(frozen=True)
class ModelView:
    index: int  # 1-based position in the report
    model: ModelReport
    reasons: tuple[Finding, ...]  # the active findings (obligations included) that decide the verdict
    active: tuple[Finding, ...]  # every active finding, worst first
    findings: tuple[Finding, ...]  # active findings that are not obligations, worst first
    obligations: tuple[ObligationItem, ...]
    waived: tuple[Finding, ...]
    nodes: tuple[LineageNode, ...]  # display order: the subject first, then by id
    edges: tuple[LineageEdge, ...]  # display order: by child, then parent
    effective: tuple[EffectiveRow, ...]
    openness: Mapping[str, Any] | None
    counts: Counts

    @property
    def verdict(self) -> Verdict:
        return self.model.verdict

    @property
    def meaning(self) -> str:
        return VERDICT_MEANING[self.model.verdict]

    @property
    def analysis(self) -> ModelAnalysis | None:
        return self.model.analysis

    @property
    def reason_rules(self) -> tuple[str, ...]:
        """The rules behind the verdict, worst first, each once."""
        return tuple(dict.fromkeys(f.rule for f in self.reasons))

    @property
    def reasons_text(self) -> str:
        if not self.reasons:
            return "no finding of warn severity or worse"
        return ", ".join(self.reason_rules)

    @property
    def effective_ids(self) -> str:
        return ", ".join(dict.fromkeys(e.id for e in self.model.effective)) or "none established"


@dataclass(frozen=True)
class ReportView:
    report: AuditReport
    models: tuple[ModelView, ...]
    profile: tuple[tuple[str, str], ...]  # (label, value); a missing field says what its absence means

    @property
    def verdict(self) -> Verdict:
        return self.report.verdict

    @property
    def meaning(self) -> str:
        return VERDICT_MEANING[self.report.verdict]

    @property
    def data_sources(self) -> str:
        return "; ".join(self.report.data_sources) or "none recorded"

    @property
    def verdict_counts(self) -> str:
        """"4 models: 1 block, 1 unknown, 2 warn"."""
        counts = Counter(m.verdict for m in self.models)
        parts = [f"{counts[v]} {v.value}" for v in VERDICT_ORDER if counts[v]]
        return f"{_plural(len(self.models), 'model')}: " + (", ".join(parts) or "none")

    def reproduce(self, fmt: str) -> str:
        return reproduce_command(self.report, fmt)


def report_view(report: AuditReport) -> ReportView:
    """The view of ``report``: every section and count, computed once per model."""
    return ReportView(report, tuple(model_view(k, m) for k, m in enumerate(report.results, 1)), _profile_facts(report))


def model_view(index: int, model: ModelReport) -> ModelView:
    active = tuple(sorted(model.active(), key=lambda f: SEVERITY_ORDER[f.severity]))  # stable within a severity
    deciding = _DECIDING.get(model.verdict)
    sources: dict[int, list[Finding]] = {k: [] for k in range(len(model.obligations))}
    for finding in active:
        if finding.obligation:
            for k in _recorded_from(finding, model.obligations):
                sources[k].append(finding)
    obligations = tuple(ObligationItem(o, tuple(sources[k])) for k, o in enumerate(model.obligations))
    findings = tuple(f for f in active if not f.obligation)
    waived = tuple(model.waived())
    analysis = model.analysis
    return ModelView(
        index=index, model=model, reasons=tuple(f for f in active if f.severity is deciding), active=active,
        findings=findings, obligations=obligations, waived=waived,
        nodes=tuple(lineage_nodes(analysis)) if analysis is not None else (),
        edges=tuple(lineage_edges(analysis)) if analysis is not None else (),
        effective=_effective_rows(model), openness=_openness(model),
        counts=Counts(len(findings), len(obligations), len(waived)),
    )


def _recorded_from(finding: Finding, obligations: tuple[Obligation, ...]) -> list[int]:
    """The checklist items the engine recorded from ``finding``: same licence, clause and term type
    (the engine merges findings that differ only in where the licence comes from). A licence can
    state several duties of one type in one clause (notice file, copy of the licence, marking
    changes); the finding's message carries the duty's summary, which tells them apart."""
    same = [k for k, o in enumerate(obligations)
            if (o.license, o.clause, o.term.split(":", 1)[0]) == (finding.license, finding.clause, finding.term)]
    if len(same) > 1:
        message = " ".join(finding.message.split())
        narrowed = [k for k in same if obligations[k].summary and obligations[k].summary in message]
        same = narrowed or same
    return same


def _effective_rows(model: ModelReport) -> tuple[EffectiveRow, ...]:
    rows: list[EffectiveRow] = []
    for e in model.effective:
        steps: list[str] = [e.path[0]] if e.path else []
        for node_id, relation in zip(e.path[1:], e.relations, strict=False):
            steps.append(f"—{relation.value}→ {node_id}")
        rows.append(EffectiveRow(
            id=e.id, name=e.license.name if e.license else f"unidentified licence ({e.raw})", own=e.own, origin=e.origin,
            basis=f"declared by the model ({e.evidence or 'card'})" if e.own else f"inherited from {e.origin}",
            nodes=tuple(e.path), path=" ".join(steps), inferred=e.inferred,
            url=e.license.url if e.license else None,
        ))
    return tuple(rows)


def _openness(model: ModelReport) -> dict[str, Any] | None:
    """The openness assessment as plain data, read through ``to_json`` so this stays valid while the
    openness engine grows fields."""
    if model.openness is None:
        return None
    data: dict[str, Any] = dict(model.openness.to_json())
    data.setdefault("osaid", model.openness.osaid)
    data.setdefault("mof_class", model.openness.mof_class)
    return data


def _profile_facts(report: AuditReport) -> tuple[tuple[str, str], ...]:
    p = report.profile
    rows = [("Profile file", p.source or "none given: thresholds that need the profile are reported as warnings")]
    rows.append(("Organisation", p.organization or "not stated"))
    rows.append(("Monthly active users",
                 f"{p.monthly_active_users:,}" if p.monthly_active_users is not None else "not stated"))
    rows.append(("Annual revenue (USD)",
                 f"{p.annual_revenue_usd:,.0f}" if p.annual_revenue_usd is not None else "not stated"))
    rows.append(("Regions", ", ".join(p.regions) if p.regions is not None else "not stated"))
    rows.append(("Intended uses", ", ".join(p.uses) if p.uses is not None else "not stated"))
    if p.sector:
        rows.append(("Sector", p.sector))
    return tuple(rows)


def reproduce_command(report: AuditReport, fmt: str) -> str:
    """The ``check`` command that re-runs this audit on the same revisions (ancestors are listed
    with their revisions in the reproducibility table; the Hub serves them at their current head)."""
    parts = ["modelaudit", "check"]
    for model in report.results:
        parts.append(f"{model.model}@{model.revision}" if model.revision else model.model)
    if report.profile.source:
        parts += ["--profile", report.profile.source]
    if report.policy.source != "default":
        parts += ["--policy", report.policy.source]
    if report.waivers_source:
        parts += ["--waivers", report.waivers_source]
    if report.data_sources and all(s.startswith("bundled Hub snapshot") or s.startswith("local")
                                   for s in report.data_sources):
        parts.append("--offline")
    parts += ["--as-of", report.generated_at[:10], "--format", fmt]
    return " ".join(_shell_quote(p) for p in parts)


def _shell_quote(value: str) -> str:
    if value and re.fullmatch(r"[A-Za-z0-9_./@:=+,-]+", value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"
