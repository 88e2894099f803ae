"""Signal ``config``: ``config.json``'s ``_name_or_path``, a weak clue (the checkpoint the weights were saved from).

A local path counts only when a directory is named after a known model. Architecture is never evidence:
``LlamaForCausalLM`` is also used by Yi, DeepSeek-LLM and Amber.
"""

from __future__ import annotations

from modelaudit.kinds import Evidence
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.paths import path_reference


def read(reading: Reading) -> Findings:
    value = reading.evidence.config("config.json").get("_name_or_path")
    if not isinstance(value, str) or not value.strip():
        return Findings()
    value = value.strip()
    detail = f"config.json _name_or_path: {value}"
    hub_id, match = path_reference(value, reading.catalogue)
    target = hub_id or match
    if target is None or target.lower() == reading.record.repo_id.lower():
        return Findings()
    return Findings((inferred(target, reading.relation, Evidence.CONFIG,
                              detail if hub_id else f"{detail} (local path; read as {match})"),))


READER = SignalReader(read)
