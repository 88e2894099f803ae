"""Licence-term propagation down the lineage graph.

A node's *effective* licences are its own declared licences plus every ancestor licence whose
terms bind along the relation path from that ancestor (``propagation.binds`` in the knowledge
base: Llama binds fine-tunes, quantizations, merges and adapters, and from 3.1 on also models
trained on its outputs; Apache-2.0 and MIT reach only derivatives of the weights). Each inherited
licence remembers one path (ancestor -> ... -> node), preferring fully declared paths, then the
shortest, and whether that path rests on inferred edges.

A licensor relicensing its own model (DeepSeek-V3-Base -> DeepSeek-R1 under MIT, Llama 3.1 ->
Llama 3.3) cuts the old terms: they do not pass through a node published by the licensor that
declares a licence of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modelaudit.kinds import Relation
from modelaudit.licensing.identify import UNKNOWN, DeclaredLicenses, identify_hint
from modelaudit.licensing.knowledge_base import KnowledgeBase
from modelaudit.licensing.model import License
from modelaudit.lineage.graph import LineageGraph, NodeStatus


@dataclass(frozen=True)
class EffectiveLicense:
    id: str  # knowledge-base id or "unknown"
    license: License | None
    origin: str  # the node that declares it
    path: tuple[str, ...]  # origin -> ... -> the node it applies to
    relations: tuple[Relation, ...]  # one per edge of the path
    inferred: bool  # some edge of the path is inferred, or the licence itself came from a hint
    raw: str = ""  # the declared value, for unknown licences
    evidence: str = ""  # where the origin's licence was read

    @property
    def own(self) -> bool:
        return len(self.path) == 1

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.origin,
            "path": list(self.path),
            "relations": [r.value for r in self.relations],
            "inferred": self.inferred,
            "own": self.own,
            "raw": self.raw,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Cut:
    """An ancestor licence that stopped at a node because its licensor relicensed the model."""

    license_id: str
    origin: str
    at: str
    reason: str


@dataclass(frozen=True)
class Mismatch:
    node: str
    kind: str  # "no-license" | "drops-inherited" | "differs-from-base"
    message: str
    license_id: str | None = None
    origin: str | None = None
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Propagation:
    declared: Mapping[str, DeclaredLicenses]
    effective: Mapping[str, tuple[EffectiveLicense, ...]]
    cuts: Mapping[str, tuple[Cut, ...]] = field(default_factory=dict)
    mismatches: tuple[Mismatch, ...] = ()

    def effective_of(self, node_id: str) -> tuple[EffectiveLicense, ...]:
        """The node's effective licences: one per licence (one per distinct unidentified value), its
        own declaration first, then the surest inherited paths."""
        return self.effective.get(node_id, ())

    def effective_ids(self, node_id: str) -> list[str]:
        return list(dict.fromkeys(e.id for e in self.effective_of(node_id)))


def _rank(e: EffectiveLicense) -> tuple[int, int]:
    return (1 if e.inferred else 0, len(e.path))


def _origin_licenses(
    graph: LineageGraph, node_id: str, declared: DeclaredLicenses | None, kb: KnowledgeBase
) -> list[EffectiveLicense]:
    """What a node itself contributes: its declared licences, or for nodes without a record,
    what the evidence says about them (a family's shared licence, a licence named in prose)."""
    node = graph.node(node_id)
    out: list[EffectiveLicense] = []
    if declared is not None and declared.identified:
        for item in declared.identified:
            out.append(EffectiveLicense(item.id, item.license, node_id, (node_id,), (), False, item.raw, item.evidence))
        return out
    hints = graph.license_hints(node_id)
    if node.status is NodeStatus.FAMILY and node.family_license:
        lic = kb.get(node.family_license)
        out.append(EffectiveLicense(node.family_license if lic else UNKNOWN, lic, node_id, (node_id,), (), True,
                                    node.family_license, "licence shared by the whole family"))
    for hint in hints:
        lic = identify_hint(kb, hint)
        if lic is not None and all(o.id != lic.id for o in out):
            out.append(EffectiveLicense(lic.id, lic, node_id, (node_id,), (), True, hint, "named by a derivative's README"))
    return out


def _explain_unknowns(mine: dict[str, EffectiveLicense]) -> dict[str, EffectiveLicense]:
    """Drop an unidentified own declaration that names the family of a licence the node inherits.

    A Llama 2 re-upload declaring ``license_name: meta-llama-license`` is bound by the Llama 2 licence
    it inherits; the odd spelling is that licence, not a second, unknown one that would make the
    verdict ``unknown``. A raw value naming no inherited family stays unknown (fail closed)."""
    # Only a licensor's own model licence (Llama, Gemma, Qwen...): "an apache-like licence" stays unknown.
    inherited_families = {e.license.family.lower() for e in mine.values()
                          if not e.own and e.license is not None and e.license.licensor_orgs}
    out: dict[str, EffectiveLicense] = {}
    for key, item in mine.items():
        raw = item.raw.lower()
        if item.id == UNKNOWN and item.own and any(f and re.search(rf"\b{re.escape(f)}", raw) for f in inherited_families):
            continue
        out[key] = item
    return out


def propagate(graph: LineageGraph, declared: Mapping[str, DeclaredLicenses], kb: KnowledgeBase) -> Propagation:
    effective: dict[str, dict[str, EffectiveLicense]] = {}
    cuts: dict[str, list[Cut]] = {}
    # Edges inside a declared cycle carry no terms: the nodes are reported as cycles instead.
    for node_id in graph.topological_order():
        mine: dict[str, EffectiveLicense] = {}
        for item in _origin_licenses(graph, node_id, declared.get(node_id), kb):
            mine.setdefault(item.id if item.id != UNKNOWN else f"{UNKNOWN}:{item.raw}", item)
        own = declared.get(node_id)
        own_known = list(own.known) if own is not None else []
        child_org = (graph.node(node_id).org or "").lower()
        for edge in graph.parents(node_id):
            parent = edge.parent
            if graph.node(parent).status is NodeStatus.CYCLE and graph.node(node_id).status is NodeStatus.CYCLE:
                continue
            for key, inherited in effective.get(parent, {}).items():
                lic = inherited.license
                if lic is not None and not lic.propagation.binds_relation(edge.relation):
                    continue
                origin_org = (graph.node(inherited.origin).org or "").lower()
                licensors = {o.lower() for o in lic.licensor_orgs} if lic else set()
                # Only the licensor can relicense: for a licensor's licence (Llama, DeepSeek...) that is one
                # of its orgs, not whoever re-declared it on a derivative (X/a under llama3.1 -> X/b under
                # apache-2.0 stays bound); for generic or unknown licences, the publisher of the origin.
                relicensed = child_org in licensors if licensors else child_org == origin_org
                if own_known and child_org and relicensed:
                    if any(d.id == inherited.id for d in own_known):
                        continue  # re-declared by the licensor: nothing was cut
                    cuts.setdefault(node_id, []).append(
                        Cut(inherited.id, inherited.origin, node_id,
                            f"{node_id} is published by the licensor and declares "
                            f"{', '.join(d.id for d in own_known)}")
                    )
                    continue
                candidate = EffectiveLicense(
                    inherited.id, lic, inherited.origin, (*inherited.path, node_id),
                    (*inherited.relations, edge.relation), inherited.inferred or edge.inferred,
                    inherited.raw, inherited.evidence,
                )
                current = mine.get(key)
                if current is None or (not current.own and _rank(candidate) < _rank(current)):
                    mine[key] = candidate
        effective[node_id] = _explain_unknowns(mine)
    # The chosen set, in the order every consumer shows it: the node's own declaration first, then
    # inherited licences on fully declared paths, then the shorter path. Nothing downstream re-ranks.
    frozen = {n: tuple(sorted(v.values(), key=lambda e: (not e.own, e.inferred, len(e.path), e.id)))
              for n, v in effective.items()}
    mismatches = tuple(m for n in graph.node_ids() for m in _mismatches(graph, n, declared, frozen))
    return Propagation(declared, frozen, {k: tuple(v) for k, v in cuts.items()}, mismatches)


def _mismatches(
    graph: LineageGraph,
    node_id: str,
    declared: Mapping[str, DeclaredLicenses],
    effective: Mapping[str, tuple[EffectiveLicense, ...]],
) -> list[Mismatch]:
    node = graph.node(node_id)
    mine = declared.get(node_id)
    parents = graph.parents(node_id)
    if mine is None or not parents:
        return []
    if mine.declared_nothing:
        inherited_ids = sorted({e.id for e in effective.get(node_id, ()) if not e.own})
        what = f" although it inherits {', '.join(inherited_ids)}" if inherited_ids else ""
        return [Mismatch(node_id, "no-license", f"{node.id} is a derivative and declares no licence{what}")]
    out: list[Mismatch] = []
    own_ids = {i.id for i in mine.identified}
    for inherited in effective.get(node_id, ()):
        lic = inherited.license
        if inherited.own or lic is None or inherited.id in own_ids or lic.propagation.relicensing_allowed:
            continue
        out.append(Mismatch(
            node_id, "drops-inherited",
            f"{node.id} declares {', '.join(sorted(own_ids))} but stays bound by {lic.name} ({lic.id}), "
            f"inherited from {inherited.origin}",
            lic.id, inherited.origin, inherited.path,
        ))
    for edge in parents:
        if edge.relation not in (Relation.QUANTIZED,):
            continue
        base = declared.get(edge.parent)
        if base is None or not base.known:
            continue
        base_ids = {i.id for i in base.known}
        if {i.id for i in mine.known} != base_ids:
            out.append(Mismatch(
                node_id, "differs-from-base",
                f"{node.id} is a quantization of {edge.parent} but declares {', '.join(sorted(own_ids))} "
                f"where its base declares {', '.join(sorted(base_ids))}",
                None, edge.parent, (edge.parent, node_id),
            ))
    return out
