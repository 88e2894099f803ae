"""Signal ``readme-datasets``: the datasets a model's README says it was trained on — Hub dataset links, ids marked
as datasets, labelled fields and sections (``lineage/datarefs.py``). Inferred TRAINED_ON edges, with the sentence."""

from __future__ import annotations

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.datarefs import training_datasets
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.refs import dataset_node_id


def read(reading: Reading) -> Findings:
    if not reading.evidence.body:
        return Findings()
    refs = training_datasets(reading.evidence, reading.catalogue)
    return Findings(tuple(inferred(dataset_node_id(r.repo_id), Relation.TRAINED_ON, Evidence.README, r.detail)
                          for r in refs))


READER = SignalReader(read)
