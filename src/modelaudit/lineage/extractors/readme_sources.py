"""Signal ``readme-sources``: the datasets a dataset's README says it was made from — "a subset of [X]", "extracted
from the [X] dataset", the linked items of "consists of a mix of:" (inferred DERIVED_FROM edges)."""

from __future__ import annotations

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.datarefs import source_datasets_in_readme
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.refs import dataset_node_id


def read(reading: Reading) -> Findings:
    if not reading.evidence.body:
        return Findings()
    refs = source_datasets_in_readme(reading.evidence, reading.catalogue)
    return Findings(tuple(inferred(dataset_node_id(r.repo_id), Relation.DERIVED_FROM, Evidence.README, r.detail)
                          for r in refs))


READER = SignalReader(read)
