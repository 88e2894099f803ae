"""Signal ``quoted-base``: a quoted bare Hub id followed by "model finetuned with/on ..." — "`org/name` model
finetuned on the alpaca dataset" — names the base (read when the card declares none)."""

from __future__ import annotations

import re

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import ParentClaim, inferred, quote
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.mentions import plausible_id

_QUOTED_BASE = re.compile(
    r"[`'\"\u2018\u201c](?P<id>[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95})[`'\"\u2019\u201d]\s+model\s+"
    r"(?:(?:is|was|has\s+been|that\s+was|which\s+was)\s+)?(?:fine[-\s]?tuned|finetuned|further\s+trained|trained|tuned)"
    r"\s+(?:with|on|using)\b",
    re.IGNORECASE,
)


def read(reading: Reading) -> Findings:
    claims: list[ParentClaim] = []
    own = reading.record.repo_id.lower()
    for sentence in reading.evidence.prose:
        for m in _QUOTED_BASE.finditer(sentence.text):
            hub_id = m.group("id")
            if hub_id.lower() != own and plausible_id(hub_id, reading.catalogue):
                claims.append(inferred(reading.catalogue.canonical_id(hub_id), Relation.FINETUNE, Evidence.README,
                                       f'README: "{quote(sentence.text)}"'))
    return Findings(tuple(claims))


READER = SignalReader(read)
