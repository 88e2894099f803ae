"""Signal ``declared``: the card's ``base_model`` (+ ``base_model_relation``) and the Hub's ``base_model:`` tags."""

from __future__ import annotations

from modelaudit.lineage.declared import declared_claims
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader


def read(reading: Reading) -> Findings:
    claims, notes, unresolved = declared_claims(reading.evidence, reading.relation, reading.catalogue)
    return Findings(tuple(claims), tuple(notes), tuple(unresolved))


READER = SignalReader(read)
