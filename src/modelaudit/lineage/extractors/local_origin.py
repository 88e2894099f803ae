"""Signal ``local-origin``: the Hub repository a local copy was downloaded from, as its folder says
(LM Studio keeps a download of ``org/repo`` in ``models/org/repo``; ``ModelRecord.origin``).

Strong but inferred: LM Studio writes that layout itself, yet any file can be copied into the folder, so the
edge is shown with its evidence and never counts as declared. The copy is the repository's file, so the
repository's licence binds it as a quantization's base does (relation ``quantized``)."""

from __future__ import annotations

from collections.abc import Sequence

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import ParentClaim, inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader


def _claims(reading: Reading) -> tuple[ParentClaim, ...]:
    origin = reading.record.origin
    if not origin:
        return ()
    detail = f"the file sits in the folder of the Hub repository {origin} (where LM Studio keeps its downloads)"
    return (inferred(origin, Relation.QUANTIZED, Evidence.LOCATION, detail),)


def read(reading: Reading) -> Findings:
    return Findings(_claims(reading))


def supplement(reading: Reading, declared: Sequence[ParentClaim]) -> Sequence[ParentClaim]:
    # A GGUF header names the original model; the folder names the repository the copy came from, whose
    # own terms (a re-licence, say) bind as well.
    return _claims(reading)


READER = SignalReader(read, supplement=supplement)
