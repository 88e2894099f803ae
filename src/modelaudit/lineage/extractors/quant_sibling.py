"""Signal ``quant-sibling``: a repo named like another repo of its organisation plus a format suffix
(``Qwen/Qwen2.5-7B-Instruct-GGUF``, ``org/Model-GPTQ-Int4``, ``mlx-community/Model-4bit``) is a quantization of
that repo — once a fetch confirms the repo exists. A candidate that does not exist claims nothing: the weaker
signals (the name matched against the catalogue) are read as before.

Read as the first fallback: what a README says outranks it, and it outranks ``config.json`` and a bare name
(the sibling is a real repository of the same publisher, not a guess from a list of known models)."""

from __future__ import annotations

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.names import is_repo_id, name_of, org_of
from modelaudit.sources.records import FetchStatus


def read(reading: Reading) -> Findings:
    record = reading.record
    org = org_of(record.repo_id)
    if reading.probe is None or not org:
        return Findings()
    name = name_of(record.repo_id)
    base, suffix = reading.catalogue.quantization.split_suffix(name)
    candidate = f"{org}/{base}"
    if not suffix or not base or not is_repo_id(candidate) or candidate.lower() == record.repo_id.lower():
        return Findings()
    outcome = reading.probe(candidate)
    if outcome.status is FetchStatus.OK and outcome.record is not None:
        target = outcome.record.repo_id  # the canonical spelling (a renamed repo, another case)
        if target.lower() == record.repo_id.lower():
            return Findings()
        words = "-".join(suffix)
        return Findings((inferred(
            target, Relation.QUANTIZED, Evidence.NAME,
            f"repo name {name!r} is {target}'s name plus the format suffix '-{words}', and {target} exists"),))
    if outcome.status is FetchStatus.MISSING:
        return Findings(notes=(f"repo name {name!r} reads as {candidate} plus a format suffix, but {candidate} does "
                               "not exist",))
    return Findings(notes=(f"repo name {name!r} reads as {candidate} plus a format suffix, but whether "
                           f"{candidate} exists could not be checked ({outcome.message[:200]})",))


READER = SignalReader(read)
