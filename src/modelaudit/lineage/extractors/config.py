"""Signal ``config``: ``config.json``'s ``_name_or_path``, a weak clue (the checkpoint the weights were saved from).

A local path counts only when a directory is named after a known model. Architecture is never evidence:
``LlamaForCausalLM`` is also used by Yi, DeepSeek-LLM and Amber.
"""

from __future__ import annotations

from modelaudit.kinds import Evidence
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.paths import config_path_target


def read(reading: Reading) -> Findings:
    found = config_path_target(reading.evidence.config("config.json"), "config.json", "_name_or_path",
                               reading.catalogue)
    if found is None or found[0].lower() == reading.record.repo_id.lower():
        return Findings()
    target, detail = found
    return Findings((inferred(target, reading.relation, Evidence.CONFIG, detail),))


READER = SignalReader(read)
