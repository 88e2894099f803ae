"""Signal ``readme``: parents named in README prose, tables, merge lists and pasted metadata (``lineage/prose.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from modelaudit.kinds import Relation
from modelaudit.lineage.claims import ParentClaim
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.prose import merge_component_claims, prose_claims


def read(reading: Reading) -> Findings:
    if not reading.evidence.body:
        return Findings()
    return Findings(tuple(prose_claims(reading.evidence, reading.catalogue, reading.relation)))


def supplement(reading: Reading, declared: Sequence[ParentClaim]) -> list[ParentClaim]:
    """What a card that declares its bases leaves out: distillation teachers, and the merged models of a merge
    whose card lists only some of them."""
    if not reading.evidence.body:
        return []
    prose = prose_claims(reading.evidence, reading.catalogue, reading.relation)
    extra = [c for c in prose if c.relation is Relation.DISTILLATION and not c.is_family]
    if reading.relation is Relation.MERGE or any(c.relation is Relation.MERGE for c in declared):
        extra += merge_component_claims(reading.evidence, reading.catalogue)
    return extra


READER = SignalReader(read, supplement)
