"""Signal ``notice``: a NOTICE or LICENSE file naming the family whose materials the repo redistributes
("Llama 3.1 is licensed under the Llama 3.1 Community License"). Never in the family owner's own repos."""

from __future__ import annotations

from modelaudit.kinds import Evidence
from modelaudit.lineage.claims import ParentClaim, family_target, inferred, quote
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.names import org_of


def read(reading: Reading) -> Findings:
    catalogue = reading.catalogue
    claims: list[ParentClaim] = []
    own_org = (org_of(reading.record.repo_id) or "").lower()
    for filename, text in reading.evidence.licence_texts.items():  # sorted by file name
        for pattern, family_id in catalogue.notice_families:
            hit = pattern.search(text)
            family = catalogue.family(family_id)
            if hit and family and own_org not in {o.lower() for o in family.owners}:
                line = text[max(0, hit.start() - 40) : hit.end() + 60]
                claims.append(inferred(family_target(family_id), reading.relation, Evidence.NOTICE,
                                       f'{filename}: "{quote(line, 140)}"', family.license))
    return Findings(tuple(claims))


READER = SignalReader(read)
