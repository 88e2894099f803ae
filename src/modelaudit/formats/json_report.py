"""The JSON contract of ``check`` (schema_version "1"): what other tools and our CI rely on.

Keys are only ever added within a schema version, never renamed or removed; ``schema/check-v1.json``
in the tests pins the shape.
"""

from __future__ import annotations

import json
from typing import Any

from modelaudit.results import AuditReport, ModelReport

SCHEMA_VERSION = "1"


def _lineage(report: ModelReport) -> dict[str, Any]:
    if report.analysis is None:
        return {"nodes": [], "edges": []}
    analysis = report.analysis
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


def _openness(report: ModelReport) -> dict[str, Any]:
    if report.openness is None:
        return {}
    data = report.openness.to_json()
    data["eu_ai_act_open_source_exemption"] = report.eu_exemption.to_json() if report.eu_exemption else None
    return data


def model_json(report: ModelReport) -> dict[str, Any]:
    return {
        "model": report.model,
        "reference": report.reference,
        "revision": report.revision,
        "verdict": report.verdict.value,
        "declared_licenses": list(report.declared),
        "effective_licenses": [
            {"id": e.id, "name": e.license.name if e.license else e.raw, "from": e.origin, "path": list(e.path),
             "relations": [r.value for r in e.relations], "inherited": not e.own, "inferred": e.inferred,
             "url": e.license.url if e.license else None, "raw": e.raw}
            for e in report.effective
        ],
        "lineage": _lineage(report),
        "obligations": [o.to_json() for o in report.obligations],
        "findings": [f.to_json() for f in report.findings],
        "openness": _openness(report),
        "locations": [{"path": loc.path, "line": loc.line, "column": loc.column} for loc in report.locations],
        "note": report.note,
    }


def report_json(report: AuditReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "modelaudit", "version": report.tool_version},
        "generated_at": report.generated_at,
        "profile": report.profile.to_json(),
        "policy": report.policy.source,
        "policy_name": report.policy.name,
        "waivers": report.waivers_source,
        "data_sources": list(report.data_sources),
        "verdict": report.verdict.value,
        "results": [model_json(r) for r in report.results],
    }


def render(report: AuditReport, *, color: bool = False) -> str:
    return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
