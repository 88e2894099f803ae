"""Signal ``source-datasets``: a dataset card's ``source_datasets`` and the Hub's ``source_datasets:`` tags
(declared DERIVED_FROM edges; "original" names no source)."""

from __future__ import annotations

from modelaudit.kinds import Relation
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.extractors.card_datasets import declared_datasets


def read(reading: Reading) -> Findings:
    return declared_datasets(reading, "source_datasets", "source_datasets:", Relation.DERIVED_FROM)


READER = SignalReader(read)
