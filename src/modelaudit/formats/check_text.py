"""``check`` as terminal text: verdict, effective licences with their paths, findings with clauses
and evidence, the obligations checklist, openness, and the lineage tree."""

from __future__ import annotations

import io
from collections import Counter

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from modelaudit.formats.lineage_report import node_label
from modelaudit.formats.tree import lineage_tree
from modelaudit.kinds import Severity, Verdict
from modelaudit.results import AuditReport, Finding, ModelReport
from modelaudit.safetext import print_safe

VERDICT_STYLE = {Verdict.PASS: "bold green", Verdict.WARN: "bold yellow", Verdict.BLOCK: "bold red",
                 Verdict.UNKNOWN: "bold magenta"}
SEVERITY_STYLE = {Severity.BLOCK: "red", Severity.UNKNOWN: "magenta", Severity.WARN: "yellow", Severity.INFO: "cyan"}


def _finding(finding: Finding) -> RenderableType:
    head = Text("  ")
    label = "WAIVED" if finding.waived else finding.severity.value.upper()
    head.append(f"{label:<7}", style="dim" if finding.waived else SEVERITY_STYLE[finding.severity])
    head.append(f" {finding.rule}", style="bold")
    if finding.license:
        head.append(f" [{finding.license}]", style="magenta")
    if finding.inferred:
        head.append("  ≈ rests on inferred lineage", style="yellow")
    body = Text(finding.message)
    if finding.rule != "inferred-lineage" and finding.path and len(finding.path) > 1:
        body.append(f"\nvia {' → '.join(finding.path)}", style="dim")
    if finding.waiver is not None:
        w = finding.waiver
        body.append(f"\nwaived until {w.expires.isoformat()} by {w.approver}: {w.reason}", style="dim")
    return Group(head, Padding(body, (0, 0, 0, 10), expand=False))


def _effective(report: ModelReport) -> RenderableType:
    eff = Text("  effective licences:", style="bold")
    if not report.effective:
        eff.append(" none established", style="bold magenta")
    lines: list[RenderableType] = [eff]
    for e in report.effective:
        line = Text()
        name = e.license.name if e.license else f"unidentified licence ({e.raw})"
        line.append(f"• {e.id}", style="bold")
        line.append(f"  {name}")
        if e.own:
            line.append(f"  — declared by the model ({e.evidence or 'card'})", style="dim")
        else:
            line.append(f"  — from {e.origin} via {' → '.join(e.path)}", style="dim")
            if e.inferred:
                line.append("  ≈ inferred", style="yellow")
            if e.license:
                line.append(f"\n  {e.license.url}", style="dim")
        lines.append(Padding(line, (0, 0, 0, 4), expand=False))
    return Group(*lines)


def _model(report: ModelReport) -> RenderableType:
    parts: list[RenderableType] = []
    head = Text()
    head.append(f" {report.verdict.value.upper()} ", style=f"reverse {VERDICT_STYLE[report.verdict]}")
    head.append(f"  {report.model}", style="bold")
    if report.revision:
        head.append(f" @ {report.revision[:12]}", style="dim")
    if report.reference.split("@")[0].lower() != report.model.lower():
        head.append(f"  (requested as {report.reference})", style="dim")
    parts.append(head)
    for loc in report.locations[:3]:
        parts.append(Text(f"  named at {loc.path}:{loc.line}", style="dim"))
    if report.note:
        parts.append(Text(f"  note: {report.note}", style="dim"))
    parts.append(Text(f"  declared licence: {', '.join(report.declared) or 'none'}"))
    parts.append(_effective(report))

    # Findings that are obligations are listed once, in the checklist below.
    active = [f for f in report.findings if not f.waived and f.severity is not Severity.INFO
              and not f.obligation]
    waived = [f for f in report.findings if f.waived]
    info = [f for f in report.findings if not f.waived and f.severity is Severity.INFO and not f.obligation]
    if active:
        parts.append(Text("  findings:", style="bold"))
        parts.extend(_finding(f) for f in active)
    else:
        parts.append(Text("  findings: none beyond the obligations below", style="green"))
    if info:
        parts.append(Text("  for information:", style="bold"))
        parts.extend(_finding(f) for f in info)
    if waived:
        parts.append(Text(f"  waived ({len(waived)}):", style="bold"))
        parts.extend(_finding(f) for f in waived)

    if report.obligations:
        parts.append(Text("  obligations checklist (the organisation must meet these):", style="bold"))
        for o in report.obligations:
            item = Text("[ ] ")
            item.append(f"{o.license} {o.clause}: ", style="magenta")
            item.append(o.summary or o.value)
            parts.append(Padding(item, (0, 0, 0, 4), expand=False))

    if report.openness is not None:
        openness = report.openness
        parts.append(Text(f"  openness: OSAID 1.0 {openness.osaid}; MOF class {openness.mof_class or 'none'}",
                          style="bold"))
        detail = Text()
        for component in openness.components:
            detail.append(f"{component.name}: {component.status}", style="")
            if component.terms:
                detail.append(f" ({component.terms})", style="dim")
            detail.append("\n")
        for reason in openness.reasons[:3]:
            detail.append(f"{reason}\n", style="dim")
        parts.append(Padding(detail, (0, 0, 0, 4), expand=False))

    if report.analysis is not None:
        analysis = report.analysis
        parts.append(Text("  lineage (≈ = inferred edge, with the evidence it rests on):", style="bold"))
        tree = lineage_tree(analysis.graph, lambda n: node_label(analysis, n))
        parts.append(Padding(tree, (0, 0, 0, 2), expand=False))
    return Group(*parts)


def render(report: AuditReport, *, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, force_terminal=color, color_system="auto" if color else None,
                      highlight=False, soft_wrap=False)
    profile = report.profile.source or "none (thresholds that need it are reported as warnings)"
    # Card text, notes and evidence reach this report: print_safe escapes control characters
    # and bidi overrides in everything printed, after layout and before colour.
    print_safe(console, Text(f"modelaudit {report.tool_version} · policy: {report.policy.name} "
                             f"({report.policy.source}) · profile: {profile}", style="dim"))
    if report.data_sources:
        print_safe(console, Text("data: " + "; ".join(report.data_sources), style="dim"))
    for model in report.results:
        console.print()
        print_safe(console, _model(model))
    counts = Counter(r.verdict for r in report.results)
    summary = Text("\n")
    summary.append(f" {report.verdict.value.upper()} ", style=f"reverse {VERDICT_STYLE[report.verdict]}")
    summary.append(f"  {len(report.results)} model(s): " + ", ".join(
        f"{counts[v]} {v.value}" for v in (Verdict.BLOCK, Verdict.UNKNOWN, Verdict.WARN, Verdict.PASS) if counts[v]))
    print_safe(console, summary)
    # rich pads wrapped lines to the console width; trailing blanks only get in the way of diffs and greps.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
