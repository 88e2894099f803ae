"""A claim that some model is a parent of the one being read, with the evidence for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from modelaudit.kinds import Confidence, Evidence, Relation

FAMILY_PREFIX = "family:"

#: Strongest evidence first: when several sources name the same parent the edge keeps the best.
EVIDENCE_RANK: tuple[Evidence, ...] = (
    Evidence.CARD,
    Evidence.TAGS,
    Evidence.ADAPTER_CONFIG,
    Evidence.README,
    Evidence.NOTICE,
    Evidence.CONFIG,
    Evidence.NAME,
)


@dataclass(frozen=True)
class ParentClaim:
    target: str  # a Hub id, or "family:<id>" when only the family is known
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
    def family_id(self) -> str | None:
        return self.target[len(FAMILY_PREFIX) :] if self.is_family else None


def family_target(family_id: str) -> str:
    return f"{FAMILY_PREFIX}{family_id}"


def inferred(target: str, relation: Relation, evidence: Evidence, detail: str, hint: str | None = None) -> ParentClaim:
    return ParentClaim(target, relation, evidence, Confidence.INFERRED, (detail,), hint)


def merge_claims(claims: Iterable[ParentClaim]) -> list[ParentClaim]:
    """One claim per target: the first one found wins, later ones add their evidence and any
    licence hint (a table row and a sentence naming the same base are both worth showing)."""
    out: dict[str, ParentClaim] = {}
    for claim in claims:
        key = claim.target.lower()
        first = out.get(key)
        if first is None:
            out[key] = claim
            continue
        details = first.details + tuple(d for d in claim.details if d not in first.details)
        out[key] = replace(first, details=details, license_hint=first.license_hint or claim.license_hint)
    return list(out.values())


def quote(text: str, limit: int = 220) -> str:
    """A sentence as evidence: whitespace folded, cut at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
