"""``check`` as terminal text: verdict, effective licences with their paths, findings with clauses
and evidence, the obligations checklist, openness, and the lineage tree.

*What* it shows (sections, order, counts) comes from :mod:`modelaudit.formats.view`, shared with
the Markdown, HTML and JUnit reports; this module only lays it out for a terminal."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from modelaudit.formats.lineage_report import node_label
from modelaudit.formats.tree import lineage_tree
from modelaudit.formats.view import ModelView, ObligationItem, report_view
from modelaudit.formats.width import text_width
from modelaudit.kinds import Severity, Verdict
from modelaudit.results import AuditReport, Finding
from modelaudit.safetext import print_safe

VERDICT_STYLE = {Verdict.PASS: "bold green", Verdict.WARN: "bold yellow", Verdict.BLOCK: "bold red",
                 Verdict.UNKNOWN: "bold magenta"}
SEVERITY_STYLE = {Severity.BLOCK: "red", Severity.UNKNOWN: "magenta", Severity.WARN: "yellow", Severity.INFO: "cyan"}


def _checklist_line(item: ObligationItem, bullet: str) -> RenderableType:
    """One line of the obligations checklist (``[ ] ``) or of the facts to know (``• ``): clause, summary, and
    whether it rests on inferred lineage."""
    o = item.obligation
    line = Text(bullet)
    line.append(f"{o.license} {o.clause}: ", style="magenta")
    line.append(o.summary or o.value)
    if item.inferred:
        line.append("  ≈ inferred", style="yellow")
    return Padding(line, (0, 0, 0, 4), expand=False)


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


def _effective(mv: ModelView) -> RenderableType:
    eff = Text("  effective licences:", style="bold")
    if not mv.effective:
        eff.append(" none established", style="bold magenta")
    lines: list[RenderableType] = [eff]
    for e in mv.effective:
        line = Text()
        line.append(f"• {e.id}", style="bold")
        line.append(f"  {e.name}")
        if e.own:
            line.append(f"  — {e.basis}", style="dim")
        else:
            line.append(f"  — from {e.origin} via {' → '.join(e.nodes)}", style="dim")
            if e.inferred:
                line.append("  ≈ inferred", style="yellow")
            if e.url:
                line.append(f"\n  {e.url}", style="dim")
        lines.append(Padding(line, (0, 0, 0, 4), expand=False))
    return Group(*lines)


def _openness(data: Mapping[str, Any]) -> list[RenderableType]:
    head = Text(f"  openness: OSAID 1.0 {data.get('osaid')}; MOF class {data.get('mof_class') or 'none'}", style="bold")
    detail = Text()
    for component in data.get("components") or ():
        if not isinstance(component, dict):
            continue
        detail.append(f"{component.get('name', '')}: {component.get('status', '')}", style="")
        if component.get("terms"):
            detail.append(f" ({component['terms']})", style="dim")
        detail.append("\n")
    for reason in list(data.get("reasons") or ())[:3]:
        detail.append(f"{reason}\n", style="dim")
    return [head, Padding(detail, (0, 0, 0, 4), expand=False)]


def _model(mv: ModelView) -> RenderableType:
    report = mv.model
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
        where = loc.path if loc.line <= 0 else f"{loc.path}:{loc.line}"
        parts.append(Text(f"  named at {where}", style="dim"))
    if report.note:
        parts.append(Text(f"  note: {report.note}", style="dim"))
    parts.append(Padding(Text(f"decided by: {mv.reasons_text}"), (0, 0, 0, 2), expand=False))
    parts.append(Text(f"  {mv.counts.summary()}", style="bold"))
    parts.append(Text(f"  declared licence: {', '.join(report.declared) or 'none'}"))
    parts.append(_effective(mv))

    # Findings that are obligations are counted and listed once, in the checklist below.
    if mv.findings:
        parts.append(Text(f"  findings ({mv.counts.findings}):", style="bold"))
        parts.extend(_finding(f) for f in mv.findings)
    else:
        none = "none beyond the obligations and facts below" if mv.obligations or mv.facts else "none"
        parts.append(Text(f"  findings ({mv.counts.findings}): {none}", style="green"))
    if not mv.obligations:
        parts.append(Text(f"  obligations checklist ({mv.counts.obligations}): none recorded"))
    else:
        parts.append(Text(f"  obligations checklist ({mv.counts.obligations}), the organisation must meet these:",
                          style="bold"))
        parts.extend(_checklist_line(item, "[ ] ") for item in mv.obligations)
    if mv.facts:
        parts.append(Text(f"  facts to know ({mv.counts.facts}), nothing to do but legal must know them:", style="bold"))
        parts.extend(_checklist_line(item, "• ") for item in mv.facts)
    else:
        parts.append(Text(f"  facts to know ({mv.counts.facts}): none"))
    parts.append(Text(f"  waived ({mv.counts.waived}):" if mv.waived else "  waived (0): none",
                      style="bold" if mv.waived else ""))
    parts.extend(_finding(f) for f in mv.waived)

    if mv.openness is not None:
        parts.extend(_openness(mv.openness))

    if mv.analysis is not None:
        analysis = mv.analysis
        parts.append(Text("  lineage (≈ = inferred edge, with the evidence it rests on):", style="bold"))
        tree = lineage_tree(analysis.graph, lambda n: node_label(analysis, n))
        parts.append(Padding(tree, (0, 0, 0, 2), expand=False))
    return Group(*parts)


def render(report: AuditReport, *, color: bool = False) -> str:
    view = report_view(report)
    buffer = io.StringIO()
    console = Console(file=buffer, width=text_width(), force_terminal=color, color_system="auto" if color else None,
                      highlight=False, soft_wrap=False)
    profile = report.profile.source or "none (thresholds that need it are reported as warnings)"
    # Card text, notes and evidence reach this report: print_safe escapes control characters
    # and bidi overrides in everything printed, after layout and before colour.
    print_safe(console, Text(f"modelaudit {report.tool_version} · policy: {report.policy.name} "
                             f"({report.policy.source}) · profile: {profile}", style="dim"))
    if report.data_sources:
        print_safe(console, Text(f"data: {view.data_sources}", style="dim"))
    for mv in view.models:
        console.print()
        print_safe(console, _model(mv))
    print_safe(console, Text(f"\nreproduce: {view.reproduce('text')}", style="dim"))
    print_safe(console, Text(f"report id: {report.report_id}", style="dim"))
    summary = Text("\n")
    summary.append(f" {view.verdict.value.upper()} ", style=f"reverse {VERDICT_STYLE[view.verdict]}")
    summary.append(f"  {view.verdict_counts}")
    if len(view.models) > 1:
        summary.append(f"; in all {view.counts.summary()}")
    print_safe(console, summary)
    # rich pads wrapped lines to the console width; trailing blanks only get in the way of diffs and greps.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
