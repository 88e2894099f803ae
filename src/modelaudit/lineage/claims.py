"""A claim that some model is a parent of the one being read, with the evidence for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.lineage_signals import evidence_rank
from modelaudit.refs import SERVICE_PREFIX, is_dataset_node_id

FAMILY_PREFIX = "family:"

#: Strongest evidence first: when several sources name the same parent the edge keeps the best.
#: Derived from the ranks of the lineage signals (``modelaudit.lineage_signals.SIGNALS``).
EVIDENCE_RANK: tuple[Evidence, ...] = evidence_rank()


@dataclass(frozen=True)
class ParentClaim:
    # A Hub model id, "family:<id>" when only the family is known, a dataset "datasets/<org>/<name>" or a closed
    # service "service:<provider>/<model>" (data lineage).
    target: str
    relation: Relation
    evidence: Evidence
    confidence: Confidence
    details: tuple[str, ...]
    license_hint: str | None = None

    @property
    def detail(self) -> str:
        return self.details[0]

    @property
    def is_family(self) -> bool:
        return self.target.startswith(FAMILY_PREFIX)

    @property
    def is_dataset(self) -> bool:
        return is_dataset_node_id(self.target)

    @property
    def is_service(self) -> bool:
        return self.target.startswith(SERVICE_PREFIX)

    @property
    def family_id(self) -> str | None:
        return self.target[len(FAMILY_PREFIX) :] if self.is_family else None


def family_target(family_id: str) -> str:
    return f"{FAMILY_PREFIX}{family_id}"


def inferred(target: str, relation: Relation, evidence: Evidence, detail: str, hint: str | None = None) -> ParentClaim:
    return ParentClaim(target, relation, evidence, Confidence.INFERRED, (detail,), hint)


def merge_claims(claims: Iterable[ParentClaim]) -> list[ParentClaim]:
    """One claim per target: the first one found wins, later ones add their evidence and any
    licence hint (a table row and a sentence naming the same base are both worth showing).

    Linear in the number of claims and details: a README table of thousands of rows naming one base
    gives thousands of details for one target, so each target's details are collected in a list with
    a set beside it, and every claim is built once at the end (not rebuilt, and its details rescanned,
    per claim merged into it)."""
    first: dict[str, ParentClaim] = {}
    details: dict[str, list[str]] = {}
    seen: dict[str, set[str]] = {}
    hints: dict[str, str | None] = {}
    for claim in claims:
        key = claim.target.lower()
        if key not in first:
            first[key], details[key], seen[key], hints[key] = claim, [], set(), claim.license_hint
        elif not hints[key]:
            hints[key] = claim.license_hint
        kept, known = details[key], seen[key]
        for detail in claim.details:
            if detail not in known:
                known.add(detail)
                kept.append(detail)
    out: list[ParentClaim] = []
    for key, claim in first.items():
        merged = tuple(details[key])
        out.append(claim if merged == claim.details and hints[key] == claim.license_hint
                   else replace(claim, details=merged, license_hint=hints[key]))
    return out


def quote(text: str, limit: int = 220) -> str:
    """A sentence as evidence: whitespace folded, cut at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
