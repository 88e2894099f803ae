"""Signal ``adapter-config``: an adapter's ``adapter_config.json`` ``base_model_name_or_path``."""

from __future__ import annotations

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.paths import config_path_target


def read(reading: Reading) -> Findings:
    # A local path's directory may still name a known model ("/ckpt/Llama-2-70b-hf"): config_path_target reads it.
    found = config_path_target(reading.evidence.config("adapter_config.json"), "adapter_config.json",
                               "base_model_name_or_path", reading.catalogue)
    if found is None:
        return Findings()
    target, detail = found
    return Findings((inferred(target, Relation.ADAPTER, Evidence.ADAPTER_CONFIG, detail),))


READER = SignalReader(read)
