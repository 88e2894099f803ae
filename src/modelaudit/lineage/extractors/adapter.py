"""Signal ``adapter-config``: an adapter's ``adapter_config.json`` ``base_model_name_or_path``."""

from __future__ import annotations

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.paths import path_reference


def read(reading: Reading) -> Findings:
    value = reading.evidence.config("adapter_config.json").get("base_model_name_or_path")
    if not isinstance(value, str) or not value.strip():
        return Findings()
    value = value.strip()
    detail = f"adapter_config.json base_model_name_or_path: {value}"
    hub_id, match = path_reference(value, reading.catalogue)
    if hub_id:
        return Findings((inferred(hub_id, Relation.ADAPTER, Evidence.ADAPTER_CONFIG, detail),))
    # A local path: its directory may still name a known model ("/ckpt/Llama-2-70b-hf").
    if match:
        return Findings((inferred(match, Relation.ADAPTER, Evidence.ADAPTER_CONFIG,
                                  f"{detail} (local path; read as {match})"),))
    return Findings()


READER = SignalReader(read)
