"""Signal ``service-teachers``: closed services (GPT-4, ChatGPT, Claude, Gemini...) whose outputs a model was
trained on — "trained on data generated from GPT4", "~500k GPT-4 completions", "Teacher model: GPT-4o". They are
its teachers (DISTILLATION edges from a service node); open teachers are read by the ``readme`` signal."""

from __future__ import annotations

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.outputs import output_sources


def read(reading: Reading) -> Findings:
    if not reading.evidence.body:
        return Findings()
    found = output_sources(reading.evidence, reading.catalogue, models=False)
    return Findings(tuple(inferred(f.target, Relation.DISTILLATION, Evidence.README, f.detail) for f in found))


READER = SignalReader(read)
