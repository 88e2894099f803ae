"""The facts policy conditions and message templates see, built from one model's analysis.

Kept apart from the engine so that what a rule may reference is defined in one place (and
documented in the README's table of facts): each namespace below declares the type of every fact
its builder produces (tests keep the two in step). Which namespaces a rule sees is its scope's
(``scopes/``); ``model``, ``profile`` and ``openness`` are seen by every rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from modelaudit.kinds import DATA_RELATIONS, SourceKind
from modelaudit.licensing.model import term_selector
from modelaudit.lineage.graph import LineageEdge, LineageNode, NodeKind, NodeStatus
from modelaudit.policy.types import ANY, FLAG, NUMBER, TEXT, Namespace, list_of

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.model import Term
    from modelaudit.licensing.propagation import EffectiveLicense, Mismatch

TEXTS = list_of(TEXT)
_SCHEMA_KINDS = {"str": TEXT, "int": NUMBER, "bool": FLAG, "list": TEXTS}


def term_fact_types(term_types: Sequence[str]) -> dict[str, str]:
    """``term.*`` facts of the given term types; a parameter whose type differs between them is ANY."""
    from modelaudit.licensing.schema import term_parameter_kinds

    out: dict[str, str] = {}
    for term_type in term_types:
        for name, kind in term_parameter_kinds(term_type).items():
            # A tuple lists allowed values: text, or ("list", allowed) for a list of them.
            listed = isinstance(kind, tuple) and bool(kind) and kind[0] == "list"
            type_ = (TEXTS if listed else TEXT) if isinstance(kind, tuple) else _SCHEMA_KINDS[str(kind)]
            out[name] = type_ if out.get(name, type_) == type_ else ANY
    return out


# -- seen by every rule ---------------------------------------------------------------------------------

MODEL = Namespace("model", {
    "id": TEXT, "requested": TEXT, "revision": TEXT, "modality": TEXT, "own_modality": TEXT, "status": TEXT,
    "derivative": FLAG, "effective_count": NUMBER, "effective_ids": TEXTS, "inferred_lineage": FLAG,
})
# The profile fields (profile.py).
PROFILE = Namespace("profile", {
    "organization": TEXT, "monthly_active_users": NUMBER, "annual_revenue_usd": NUMBER, "regions": TEXTS,
    "domicile": TEXTS, "entity_type": TEXT, "uses": TEXTS, "sector": TEXT,
    # Stated, or the annual figure's average month (annual / 12) with monthly_revenue_estimated set (profile.py).
    "monthly_revenue_usd": NUMBER, "monthly_revenue_estimated": FLAG,
})
# The openness facts (openness_facts.py).
OPENNESS = Namespace("openness", {
    "osaid": TEXT, "mof_class": TEXT, "eu_gpai_exemption": FLAG, "eu_gpai_exemption_reason": TEXT,
    "eu_gpai_exemption_text": TEXT, "inherited_from": TEXT, "summary": TEXT,
})
EVERY_RULE: tuple[Namespace, ...] = (MODEL, PROFILE, OPENNESS)

# -- provided by scopes ---------------------------------------------------------------------------------

LICENSE = Namespace("license", {
    "id": TEXT, "name": TEXT, "category": TEXT, "family": TEXT, "osi_approved": FLAG, "url": TEXT,
    "origin": TEXT, "path": TEXTS, "path_text": TEXT, "via": TEXT, "own": FLAG, "inherited": FLAG,
    "inferred": FLAG, "raw": TEXT, "evidence": TEXT, "relations": TEXTS, "unverified_terms": TEXTS,
    "reach": TEXT, "partial": FLAG, "terms": TEXTS, "undetermined_variant": FLAG,
})
# ``term.*`` types come from the licence schema, by the term types the rule names.
TERM = Namespace("term", {}, by_rule=term_fact_types)
NODE = Namespace("node", {
    "id": TEXT, "kind": TEXT, "status": TEXT, "reason": TEXT, "established": FLAG, "gated": FLAG, "source": TEXT,
})
EDGE = Namespace("edge", {
    "parent": TEXT, "child": TEXT, "relation": TEXT, "evidence": TEXT, "confidence": TEXT, "detail": TEXT,
    "data": FLAG,
})
MISMATCH = Namespace("mismatch", {
    "kind": TEXT, "message": TEXT, "node": TEXT, "license": TEXT, "origin": TEXT, "path": TEXTS, "clause": TEXT,
    "inferred": FLAG,
})


_STATUS_REASON = {
    NodeStatus.UNRESOLVED: "it shows signs of being a derivative but no base model could be established",
    NodeStatus.MISSING: "the repository does not exist on the Hub",
    NodeStatus.UNAVAILABLE: "it could not be fetched",
    NodeStatus.NOT_EXPLORED: "it lies beyond the lineage walk's limits",
    NodeStatus.CYCLE: "the cards declare a derivation cycle through it",
    NodeStatus.FAMILY: "only its model family is known, and the family has no single licence",
    NodeStatus.INCOMPLETE: "part of its lineage evidence could not be read",
}


def established(node: LineageNode) -> bool:
    """A node whose licence-relevant lineage is known: fetched and resolved, or a family with one licence."""
    return node.status is NodeStatus.RESOLVED or (node.status is NodeStatus.FAMILY and bool(node.family_license))


def arrow(path: Iterable[str]) -> str:
    return " → ".join(path)


def term_value(term: Term) -> str:
    """The one value a term is about, for obligations lists: the text to show, the URL, the law..."""
    for key in ("text", "url", "law", "value", "value_usd", "excluded_regions", "for", "scope"):
        value = term.params.get(key)
        if value not in (None, "", []):
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return term.summary


def inherited_modality(analysis: ModelAnalysis) -> str:
    """``multimodal`` when the model or any ancestor whose weights it carries is multimodal.

    A fine-tune, quantization, merge or adapter of a vision model still holds the vision weights
    (and the licence's multimodal clauses, such as Llama 3.2's EU exclusion), even when its own card
    does not say so. A student trained on a multimodal teacher's outputs (distillation), or a model
    trained on data, does not."""
    from modelaudit.kinds import WEIGHT_RELATIONS

    graph = analysis.graph
    seen = {graph.subject}
    frontier = [graph.subject]
    while frontier:
        node_id = frontier.pop()
        if graph.node(node_id).modality == "multimodal":
            return "multimodal"
        for edge in graph.parents(node_id):
            if edge.relation in WEIGHT_RELATIONS and edge.parent not in seen:
                seen.add(edge.parent)
                frontier.append(edge.parent)
    return graph.root.modality


def model_facts(analysis: ModelAnalysis, effective: tuple[EffectiveLicense, ...]) -> dict[str, Any]:
    graph = analysis.graph
    root = graph.root
    # Duties that reach through outputs (a "Llama" name prefix) are not a licence of the model's weights: a
    # student with nothing else has no licence (fail closed), whatever duties reach it.
    governing = [e for e in effective if not e.partial]
    return {
        "id": root.id,
        "requested": graph.requested,
        "revision": root.revision,
        "modality": inherited_modality(analysis),
        "own_modality": root.modality,
        "status": root.status.value,
        # Derived from another model (its weights or its outputs); training data alone does not make a derivative.
        "derivative": any(e.relation not in DATA_RELATIONS for e in graph.parents(root.id))
        or root.status is NodeStatus.UNRESOLVED,
        "effective_count": len(governing),
        "effective_ids": [e.id for e in governing],
        "inferred_lineage": any(e.relation not in DATA_RELATIONS for e in graph.inferred_edges()),
    }


def license_facts(eff: EffectiveLicense) -> dict[str, Any]:
    lic = eff.license
    via = "its own declaration" if eff.own else f"inherited via {arrow(eff.path)}"
    if eff.reach == "outputs":
        via += ", through the outputs it was trained on"
    if eff.partial:
        via += f" (only its {', '.join(term_selector(t) for t in eff.reached_terms) or 'no'} terms reach)"
    return {
        "id": eff.id,
        "name": lic.name if lic else (eff.raw or "an unidentified licence"),
        "category": lic.category if lic else "unknown",
        "family": lic.family if lic else "unknown",
        "osi_approved": lic.osi_approved if lic else False,
        "url": lic.url if lic else None,
        "origin": eff.origin,
        "path": list(eff.path),
        "path_text": arrow(eff.path),
        "via": via,
        "own": eff.own,
        "inherited": not eff.own,
        "inferred": eff.inferred,
        "raw": eff.raw,
        "evidence": eff.evidence or "the card",
        "relations": [r.value for r in eff.relations],
        # Terms the knowledge base records without having verified them against the licence text.
        "unverified_terms": sorted({t.type for t in eff.reached_terms if t.unverified}
                                   | ({"outputs"} if lic.outputs.unverified and eff.reach == "outputs" else set()))
                            if lic else [],
        "reach": eff.reach,
        "partial": eff.partial,
        "terms": [term_selector(t) for t in eff.reached_terms],
        # A family label (``cc``) whose members differ: the member must be named before a verdict can be given.
        "undetermined_variant": bool(lic and lic.undetermined_variant),
    }


def term_facts(term: Term) -> dict[str, Any]:
    facts: dict[str, Any] = dict(term.params)
    facts.update({"type": term.type, "clause": term.clause, "summary": " ".join(term.summary.split())})
    return facts


# A file or store on disk is not a Hub repository: "missing" there means it is absent or cannot be read.
_LOCAL_STATUS_REASON = {NodeStatus.MISSING: "the file or store entry does not exist or cannot be read"}
_LOCAL_SOURCES = frozenset({SourceKind.LOCAL, SourceKind.LOCAL_FILE})


def node_facts(node: LineageNode) -> dict[str, Any]:
    local = node.kind is NodeKind.LOCAL_FILE or node.source in _LOCAL_SOURCES
    reason = (local and _LOCAL_STATUS_REASON.get(node.status)) or _STATUS_REASON.get(node.status, "")
    if node.unread:
        reason = f"{reason}: {'; '.join(node.unread)}"
    if node.notes and node.status is not NodeStatus.RESOLVED:
        reason = f"{reason} ({'; '.join(node.notes)})" if reason else "; ".join(node.notes)
    return {"id": node.id, "kind": node.kind.value, "status": node.status.value, "reason": reason,
            "established": established(node),
            "gated": node.gated is not None, "source": node.source.value if node.source else None}


def edge_facts(edge: LineageEdge) -> dict[str, Any]:
    return {"parent": edge.parent, "child": edge.child, "relation": edge.relation.value,
            "evidence": edge.evidence.value, "confidence": edge.confidence.value,
            "detail": "; ".join(edge.details) or "(no detail recorded)",
            # Data lineage (trained-on, generated-by, derived-from) carries no licence of its own.
            "data": edge.relation in DATA_RELATIONS}


def mismatch_facts(mismatch: Mismatch) -> dict[str, Any]:
    return {"kind": mismatch.kind, "message": mismatch.message, "node": mismatch.node,
            "license": mismatch.license_id, "origin": mismatch.origin, "path": list(mismatch.path),
            "clause": mismatch.clause, "inferred": mismatch.inferred}


_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)+)\}")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value) or "none"
    return " ".join(str(value).split())


def render_message(template: str, facts: Mapping[str, Any]) -> str:
    """Fill ``{namespace.field}`` placeholders; a missing fact renders as "(not stated)"."""
    from modelaudit.policy.conditions import MISSING, resolve

    def fill(match: re.Match[str]) -> str:
        value = resolve(facts, match.group(1))
        return "(not stated)" if value is None or value is MISSING else _show(value)

    return _PLACEHOLDER.sub(fill, template)
