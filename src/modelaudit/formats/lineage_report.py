"""``modelaudit lineage`` output: the tree with licences per node, or JSON."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Mapping
from typing import Any

from rich.console import Console, Group
from rich.text import Text

from modelaudit._version import __version__
from modelaudit.analysis import ModelAnalysis
from modelaudit.formats.tree import lineage_tree
from modelaudit.formats.view import SERVICE_TERMS
from modelaudit.formats.width import text_width
from modelaudit.lineage.graph import LineageNode, NodeKind
from modelaudit.safetext import print_safe

JSON_SCHEMA_VERSION = "1"


def declared_label(analysis: ModelAnalysis, node: LineageNode) -> str:
    declared = analysis.declared(node.id)
    if declared is None:
        if node.kind is NodeKind.SERVICE:
            return SERVICE_TERMS
        if node.family_license:
            return f"family licence: {node.family_license}"
        return ""
    if declared.declared_nothing:
        return "no licence declared"
    parts = [i.id if i.known else f"unknown ({i.raw})" for i in declared.identified]
    return "declares " + ", ".join(parts)


def effective_label(analysis: ModelAnalysis, node: LineageNode) -> str:
    inherited = [e for e in analysis.propagation.effective_of(node.id) if not e.own]
    if not inherited:
        return ""
    return "inherits " + ", ".join(sorted({e.id for e in inherited}))


def node_label(analysis: ModelAnalysis, node: LineageNode, openness: Mapping[str, Any] | None = None) -> str:
    parts = [declared_label(analysis, node), effective_label(analysis, node)]
    assessment = (openness or {}).get(node.id)
    if assessment is not None:
        parts.append(f"OSAID {assessment.osaid}")
    return " · ".join(p for p in parts if p)


def effective_summary(analysis: ModelAnalysis) -> Text:
    text = Text()
    subject = analysis.subject
    text.append(f"Effective licences of {subject}:\n", style="bold")
    effective = analysis.propagation.effective_of(subject)
    if not effective:
        text.append("  none established\n", style="bold red")
    for item in effective:
        if item.own:
            text.append(f"  • {item.id}", style="bold")
            text.append(f"  declared by the model ({item.evidence})\n")
        else:
            marker = " ≈ rests on inferred lineage" if item.inferred else ""
            text.append(f"  • {item.id}", style="bold")
            text.append(f"  from {item.origin} via {' → '.join(item.path)}")
            text.append(f"{marker}\n", style="yellow")
    # Cuts anywhere above the subject explain why an ancestor's licence is not in the list.
    ancestry = {subject} | analysis.graph.ancestors()
    for node_id in sorted(analysis.propagation.cuts):
        if node_id not in ancestry:
            continue
        for cut in analysis.propagation.cuts[node_id]:
            text.append(f"  ✂ {cut.license_id} of {cut.origin} stops at {cut.at}: {cut.reason}\n", style="dim")
    for mismatch in analysis.propagation.mismatches:
        if mismatch.node == subject:
            text.append(f"  ⚠ {mismatch.message}\n", style="yellow")
    return text


def lineage_text(analysis: ModelAnalysis, *, color: bool) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=text_width(), force_terminal=color and sys.stdout.isatty(),
                      color_system="auto" if color and sys.stdout.isatty() else None, highlight=False)
    legend = Text("≈ = inferred edge (from README prose, files or the repo name); declared edges come from card "
                  "metadata or Hub tags.", style="dim")
    openness = _openness(analysis)
    print_safe(console, Group(lineage_tree(analysis.graph, lambda n: node_label(analysis, n, openness)), Text(""),
                              effective_summary(analysis), legend))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _openness(analysis: ModelAnalysis) -> Mapping[str, Any]:
    from modelaudit.openness import assess_graph

    return assess_graph(analysis)


def node_json(analysis: ModelAnalysis, node: LineageNode, openness: Mapping[str, Any] | None = None) -> dict[str, Any]:
    declared = analysis.declared(node.id)
    assessment = (openness or {}).get(node.id)
    return {
        "openness": assessment.to_json() if assessment is not None else None,
        "declared_licenses": list(declared.ids) if declared else [],
        "declared_license_details": [i.to_json() for i in declared.identified] if declared else [],
        "declared_license_fields": dict(declared.raw_fields) if declared else {},
        "effective_licenses": analysis.propagation.effective_ids(node.id),
        "family_license": node.family_license,
    }


def lineage_document(analysis: ModelAnalysis) -> dict[str, Any]:
    data = analysis.graph.to_json()
    openness = _openness(analysis)
    for entry in data["nodes"]:
        entry.update(node_json(analysis, analysis.graph.node(entry["id"]), openness))
    prop = analysis.propagation
    data["effective_licenses"] = [e.to_json() for e in prop.effective_of(analysis.subject)]
    data["mismatches"] = [
        {"node": m.node, "kind": m.kind, "message": m.message, "license": m.license_id, "from": m.origin,
         "path": list(m.path)}
        for m in prop.mismatches
    ]
    data["cuts"] = [
        {"node": c.at, "license": c.license_id, "from": c.origin, "reason": c.reason}
        for cuts in prop.cuts.values() for c in cuts
    ]
    return data


def lineage_json_text(analysis: ModelAnalysis) -> str:
    doc = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "modelaudit", "version": __version__},
        "model": analysis.reference,
        "lineage": lineage_document(analysis),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
