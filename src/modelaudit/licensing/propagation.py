"""Licence-term propagation down the lineage graph.

A node's *effective* licences are its own declared licences plus every ancestor licence whose
terms reach it along the relation path from that ancestor:

* through the weights (fine-tunes, adapters, merges, quantizations): where the licence binds that
  relation (``propagation.binds`` in the knowledge base);
* through outputs: a student (a ``distillation`` edge from its teacher) and a model trained on a
  dataset that a model generated (``generated-by`` then ``trained-on``, through ``derived-from``
  source datasets) get what the teacher's or generator's licence says reaches a model trained on
  its outputs (``outputs.reach``): the whole licence (Gemma, DeepSeek, the RAIL family, Yi), an
  effective licence limited to the terms named (Llama 3.1+ and Qwen naming / "Built with" duties:
  ``reach`` outputs, ``partial``), or no licence at all but an ``OutputRestriction`` on the student
  (Llama 2/3, DBRX, Tongyi Qianwen, MRL forbid or limit that use: the model was made in breach
  upstream, reported as a ``outputs-restricted`` mismatch, not a restriction of its own use).

A dataset's own licence never becomes an effective licence of a model trained on it: a model
trained on CC-BY-NC data is not CC-BY-NC licensed. Data licences reach the model separately
(``data.py``). Each inherited licence remembers one path (ancestor -> ... -> node), preferring
whole licences to partial ones, then fully declared paths, then the shortest, and whether that
path rests on inferred edges.

A licensor relicensing its own model (DeepSeek-V3-Base -> DeepSeek-R1 under MIT, Llama 3.1 ->
Llama 3.3) cuts the old terms: they do not pass through a node published by the licensor that
declares a licence of its own. For a licence with no licensor organisation (Apache, an unidentified
value) the licensor is whoever published it, and a licence may reach a node from several origins: it
is cut only when every one of them is published by the node's publisher (``origin_orgs`` keeps them
all, whichever path is shown), so the answer does not depend on which origin wins a tie. The index
(``rules/sql/propagate_step.sql``) applies the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from modelaudit.kinds import WEIGHT_RELATIONS, Relation
from modelaudit.licensing.identify import UNKNOWN, DeclaredLicenses, identify_hint
from modelaudit.licensing.knowledge_base import KnowledgeBase
from modelaudit.licensing.model import License, Term, term_selector
from modelaudit.lineage.graph import LineageEdge, LineageGraph, NodeKind, NodeStatus

#: How a licence reaches a node: through its weights (or its own declaration), or through outputs it was trained on.
WEIGHTS, OUTPUTS = "weights", "outputs"
#: Nodes that can carry licences of their own and be derived from (datasets and services cannot).
_MODEL_KINDS = frozenset({NodeKind.MODEL, NodeKind.LOCAL_FILE})


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
    reach: str = WEIGHTS  # WEIGHTS, or OUTPUTS for a licence that reaches a model trained on outputs
    # Only these terms reach (a licence whose ``outputs.reach`` is ``duties``); ``None``: the whole licence.
    terms: tuple[Term, ...] | None = None
    # The publishers (lower-case organisations, "" for none) of every node this licence reaches the node from,
    # not only the ``origin`` of the path shown: the relicensing cut of a licence without a licensor needs them all.
    origin_orgs: frozenset[str] = frozenset()

    @property
    def own(self) -> bool:
        return len(self.path) == 1

    @property
    def partial(self) -> bool:
        """Only some of the licence's terms reach the node (``terms``): it does not govern the node's weights."""
        return self.terms is not None

    @property
    def reached_terms(self) -> tuple[Term, ...]:
        """The terms in force on the node: all the licence's, or those reaching through outputs."""
        if self.terms is not None:
            return self.terms
        return self.license.terms if self.license is not None else ()

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
            "reach": self.reach,
            "partial": self.partial,
            "terms": [term_selector(t) for t in self.terms] if self.terms is not None else None,
        }


@dataclass(frozen=True)
class OutputRestriction:
    """A licence that forbids or limits training on its model's outputs (``outputs.reach`` restriction), or
    whose rule for that is not known (``unknown``), met on the way to a node trained on those outputs. It does
    not bind the node; the node was made in breach upstream (or may have been)."""

    license: License
    origin: str  # the node that declares the licence
    source: str  # the teacher or generator whose outputs were used
    path: tuple[str, ...]  # origin -> ... -> source -> [dataset ->] ... -> node
    relations: tuple[Relation, ...]
    inferred: bool

    @property
    def id(self) -> str:
        return self.license.id

    @property
    def reach(self) -> str:
        return self.license.outputs.reach

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "reach": self.reach, "from": self.origin, "source": self.source, "path": list(self.path),
                "relations": [r.value for r in self.relations], "inferred": self.inferred,
                "clause": self.license.outputs.clause}


#: What a dataset carries from the models that generated it, or a node inherits: licences and restrictions.
_Reached = EffectiveLicense | OutputRestriction


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
    # "no-license" | "drops-inherited" | "differs-from-base"; for output training: "outputs-restricted" (made in
    # breach upstream) | "outputs-unknown" (the knowledge base does not know what the licence says about it)
    kind: str
    message: str
    license_id: str | None = None
    origin: str | None = None
    path: tuple[str, ...] = ()
    clause: str | None = None
    inferred: bool = False


@dataclass(frozen=True)
class Propagation:
    declared: Mapping[str, DeclaredLicenses]
    effective: Mapping[str, tuple[EffectiveLicense, ...]]
    cuts: Mapping[str, tuple[Cut, ...]] = field(default_factory=dict)
    mismatches: tuple[Mismatch, ...] = ()
    restrictions: Mapping[str, tuple[OutputRestriction, ...]] = field(default_factory=dict)
    # Per dataset: what reaches a model trained on it from the models that generated it (and its sources').
    carried: Mapping[str, tuple[_Reached, ...]] = field(default_factory=dict)

    def restrictions_of(self, node_id: str) -> tuple[OutputRestriction, ...]:
        """Licences whose output-training rule the node's making ran into (see ``OutputRestriction``)."""
        return self.restrictions.get(node_id, ())

    def carried_by(self, dataset_id: str) -> tuple[_Reached, ...]:
        """What a dataset passes to a model trained on it from the models that generated it."""
        return self.carried.get(dataset_id, ())

    def effective_of(self, node_id: str) -> tuple[EffectiveLicense, ...]:
        """The node's effective licences: one per licence (one per distinct unidentified value), its
        own declaration first, then the surest inherited paths."""
        return self.effective.get(node_id, ())

    def effective_ids(self, node_id: str) -> list[str]:
        return list(dict.fromkeys(e.id for e in self.effective_of(node_id)))


def _rank(e: _Reached) -> tuple[bool, bool, int]:
    # A whole licence beats the same licence's duties reaching through outputs, whatever the paths.
    return (isinstance(e, EffectiveLicense) and e.partial, e.inferred, len(e.path))


def _key(item: _Reached) -> str:
    if isinstance(item, OutputRestriction):
        return f"restriction:{item.id}:{item.source}"
    return item.id if item.id != UNKNOWN else f"{UNKNOWN}:{item.raw}"


def _extend(item: _Reached, node_id: str, edge: LineageEdge) -> _Reached:
    return replace(item, path=(*item.path, node_id), relations=(*item.relations, edge.relation),
                   inferred=item.inferred or edge.inferred)


def _through_outputs(item: EffectiveLicense, node_id: str, edge: LineageEdge) -> _Reached | None:
    """What of a teacher's or generator's licence reaches ``node_id``, trained on its outputs along ``edge``."""
    reached = _extend(item, node_id, edge)
    assert isinstance(reached, EffectiveLicense)
    lic = item.license
    if lic is None:  # an unidentified licence may say anything about outputs: it reaches, unknown (fail closed)
        return replace(reached, reach=OUTPUTS)
    reach = lic.outputs.reach
    if reach == "none":
        return None
    if reach == "whole":
        return replace(reached, reach=OUTPUTS, terms=None)
    if reach == "duties":
        return replace(reached, reach=OUTPUTS, terms=lic.output_terms())
    return OutputRestriction(lic, item.origin, edge.parent, reached.path, reached.relations, reached.inferred)


def _offer(found: dict[str, Any], item: _Reached) -> None:
    """Keep ``item`` unless the node already has the same licence on a better footing (its own declaration,
    a whole licence, a declared path, a shorter one). The kept inherited licence remembers the publishers of
    every origin offered (``origin_orgs``), so what is decided from them does not depend on the order of offers;
    a node's own declaration is its only origin."""
    key = _key(item)
    current = found.get(key)
    if current is None:
        found[key] = item
        return
    if isinstance(current, EffectiveLicense) and current.own:
        return
    best = item if _rank(item) < _rank(current) else current
    if isinstance(best, EffectiveLicense) and isinstance(current, EffectiveLicense) and isinstance(item, EffectiveLicense):
        best = replace(best, origin_orgs=current.origin_orgs | item.origin_orgs)
    found[key] = best


def _org_of(graph: LineageGraph, node_id: str) -> str:
    return (graph.node(node_id).org or "").lower()


def _origin_licenses(
    graph: LineageGraph, node_id: str, declared: DeclaredLicenses | None, kb: KnowledgeBase
) -> list[EffectiveLicense]:
    """What a node itself contributes: its declared licences, or for nodes without a record,
    what the evidence says about them (a family's shared licence, a licence named in prose)."""
    out = _own_licenses(graph, node_id, declared, kb)
    orgs = frozenset({_org_of(graph, node_id)})
    return [replace(item, origin_orgs=orgs) for item in out]


def _own_licenses(
    graph: LineageGraph, node_id: str, declared: DeclaredLicenses | None, kb: KnowledgeBase
) -> list[EffectiveLicense]:
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
                          if not e.own and not e.partial and e.license is not None and e.license.licensor_orgs}
    out: dict[str, EffectiveLicense] = {}
    for key, item in mine.items():
        raw = item.raw.lower()
        if item.id == UNKNOWN and item.own and any(f and re.search(rf"\b{re.escape(f)}", raw) for f in inherited_families):
            continue
        out[key] = item
    return out


def propagate(graph: LineageGraph, declared: Mapping[str, DeclaredLicenses], kb: KnowledgeBase) -> Propagation:
    effective: dict[str, dict[str, EffectiveLicense]] = {}
    restrictions: dict[str, dict[str, OutputRestriction]] = {}
    carried: dict[str, dict[str, _Reached]] = {}
    cuts: dict[str, list[Cut]] = {}
    # Edges inside a declared cycle carry no terms: the nodes are reported as cycles instead.
    for node_id in graph.topological_order():
        node = graph.node(node_id)
        mine: dict[str, EffectiveLicense] = {}
        for item in _origin_licenses(graph, node_id, declared.get(node_id), kb):
            mine.setdefault(_key(item), item)
        if node.kind is NodeKind.DATASET:
            effective[node_id] = mine  # its own licences: they stay with the data, never pass to a model
            carried[node_id] = _carried(graph, node_id, effective, carried)
            continue
        reached: dict[str, _Reached] = {}
        for edge in graph.parents(node_id):
            parent = edge.parent
            if graph.node(parent).status is NodeStatus.CYCLE and node.status is NodeStatus.CYCLE:
                continue
            if edge.relation in WEIGHT_RELATIONS:
                for inherited in effective.get(parent, {}).values():
                    lic = inherited.license
                    if lic is None or lic.propagation.binds_relation(edge.relation):
                        _offer(reached, _extend(inherited, node_id, edge))
                for restriction in restrictions.get(parent, {}).values():
                    _offer(reached, _extend(restriction, node_id, edge))  # the weights were made in breach
            elif edge.relation is Relation.DISTILLATION:
                for inherited in effective.get(parent, {}).values():
                    if not inherited.partial and (out := _through_outputs(inherited, node_id, edge)) is not None:
                        _offer(reached, out)
            elif edge.relation is Relation.TRAINED_ON:
                for data_item in carried.get(parent, {}).values():
                    _offer(reached, _extend(data_item, node_id, edge))
        own_restrictions: dict[str, OutputRestriction] = {}
        for key, candidate in reached.items():
            if _relicensed(graph, node_id, candidate, declared.get(node_id), cuts):
                continue
            if isinstance(candidate, OutputRestriction):
                own_restrictions[key] = candidate
            else:
                _offer(mine, candidate)
        effective[node_id] = _explain_unknowns(mine)
        # A ban on improving *other* models spares the licence's own derivatives (Llama 3 tuned on Llama 3 outputs).
        bound = {e.id for e in effective[node_id].values() if not e.partial}
        restrictions[node_id] = {k: r for k, r in own_restrictions.items()
                                 if not (r.license.outputs.except_own_derivatives and r.id in bound)}
    # The chosen set, in the order every consumer shows it: the node's own declaration first, then
    # whole licences on fully declared paths, then the shorter path. Nothing downstream re-ranks.
    frozen = {n: tuple(sorted(v.values(), key=lambda e: (not e.own, e.partial, e.inferred, len(e.path), e.id)))
              for n, v in effective.items()}
    frozen_restrictions = {n: tuple(sorted(v.values(), key=lambda r: (r.inferred, len(r.path), r.id, r.source)))
                           for n, v in restrictions.items() if v}
    mismatches = tuple(m for n in graph.node_ids() if graph.node(n).kind in _MODEL_KINDS
                       for m in (*_mismatches(graph, n, declared, frozen),
                                 *(_restriction_mismatch(n, r) for r in frozen_restrictions.get(n, ()))))
    return Propagation(declared, frozen, {k: tuple(v) for k, v in cuts.items()}, mismatches, frozen_restrictions,
                       {n: tuple(v.values()) for n, v in carried.items() if v})


def _carried(graph: LineageGraph, node_id: str, effective: Mapping[str, Mapping[str, EffectiveLicense]],
             carried: Mapping[str, Mapping[str, _Reached]]) -> dict[str, _Reached]:
    """What a dataset passes on to a model trained on it: what its generators' licences say of their outputs
    (``generated-by``), and what its source datasets carry (``derived-from``)."""
    out: dict[str, _Reached] = {}
    for edge in graph.parents(node_id):
        if edge.relation is Relation.GENERATED_BY:
            for inherited in effective.get(edge.parent, {}).values():
                if not inherited.partial and (item := _through_outputs(inherited, node_id, edge)) is not None:
                    _offer(out, item)
        elif edge.relation is Relation.DERIVED_FROM:
            for item in carried.get(edge.parent, {}).values():
                _offer(out, _extend(item, node_id, edge))
    return out


def _relicensed(graph: LineageGraph, node_id: str, item: _Reached, own: DeclaredLicenses | None,
                cuts: dict[str, list[Cut]]) -> bool:
    """Whether an ancestor licence stops at ``node_id`` because its licensor relicensed the model there.

    Only the licensor can relicense: for a licensor's licence (Llama, DeepSeek...) that is one of its orgs,
    not whoever re-declared it on a derivative (X/a under llama3.1 -> X/b under apache-2.0 stays bound); for
    generic or unknown licences, the publisher of *every* origin it reaches the node from (``origin_orgs``):
    one origin published by somebody else keeps it, whichever path is shown. A licensor cannot breach its own
    licence either, so a restriction stops at a model the licensor published."""
    child_org = _org_of(graph, node_id)
    lic = item.license
    licensors = {o.lower() for o in lic.licensor_orgs} if lic else set()
    if isinstance(item, OutputRestriction):
        return bool(child_org) and child_org in licensors
    own_known = list(own.known) if own is not None else []
    origin_orgs = item.origin_orgs if isinstance(item, EffectiveLicense) else frozenset()
    relicensed = child_org in licensors if licensors else origin_orgs == frozenset({child_org})
    if not (own_known and child_org and relicensed):
        return False
    if not any(d.id == item.id for d in own_known):  # re-declared by the licensor: nothing was cut
        cuts.setdefault(node_id, []).append(
            Cut(item.id, item.origin, node_id,
                f"{node_id} is published by the licensor and declares {', '.join(d.id for d in own_known)}"))
    return True


def _restriction_mismatch(node_id: str, restriction: OutputRestriction) -> Mismatch:
    lic = restriction.license
    outputs = lic.outputs
    via = " → ".join(restriction.path)
    if outputs.reach == "unknown":
        kind = "outputs-unknown"
        message = (f"{node_id} was trained on outputs of {restriction.source} ({via}), which is under {lic.name} "
                   f"({lic.id}); the knowledge base does not know what that licence says of models trained on its "
                   f"outputs ({outputs.clause}). {outputs.summary}")
    else:
        kind = "outputs-restricted"
        message = (f"{node_id} was made in breach upstream: it was trained on outputs of {restriction.source} "
                   f"({via}), and {lic.name} ({lic.id}) {outputs.clause} restricts that use. {outputs.summary} "
                   f"The licence does not bind {node_id} itself or restrict your own use of it.")
    return Mismatch(node_id, kind, message, lic.id, restriction.origin, restriction.path, outputs.clause,
                    restriction.inferred)


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
        inherited_ids = sorted({e.id for e in effective.get(node_id, ()) if not e.own and not e.partial})
        what = f" although it inherits {', '.join(inherited_ids)}" if inherited_ids else ""
        return [Mismatch(node_id, "no-license", f"{node.id} is a derivative and declares no licence{what}")]
    out: list[Mismatch] = []
    own_ids = {i.id for i in mine.identified}
    for inherited in effective.get(node_id, ()):
        lic = inherited.license
        # Duties reaching through outputs (a "Llama" name prefix) sit beside any licence of the node's own.
        if (inherited.own or inherited.partial or lic is None or inherited.id in own_ids
                or lic.propagation.relicensing_allowed):
            continue
        out.append(Mismatch(
            node_id, "drops-inherited",
            f"{node.id} declares {', '.join(sorted(own_ids))} but stays bound by {lic.name} ({lic.id}), "
            f"inherited from {inherited.origin}" + (" through the outputs it was trained on"
                                                    if inherited.reach == OUTPUTS else ""),
            lic.id, inherited.origin, inherited.path, None, inherited.inferred,
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
