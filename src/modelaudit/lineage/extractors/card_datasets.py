"""Signal ``card-datasets``: the card's ``datasets:`` and the Hub's ``dataset:`` tags (declared TRAINED_ON edges).

The ids are kept as written: the Hub matches them case-insensitively, and the fetched dataset's record carries
the canonical spelling (``open-thoughts/open-thoughts-114k`` is ``open-thoughts/OpenThoughts-114k``).
"""

from __future__ import annotations

from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.lineage.claims import ParentClaim
from modelaudit.lineage.datarefs import card_datasets, dataset_id
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.refs import dataset_node_id


def declared_datasets(reading: Reading, key: str, tag_prefix: str, relation: Relation) -> Findings:
    """Datasets a card field lists (``datasets`` / ``source_datasets``) and the Hub's tags derived from it."""
    found, unread = card_datasets(reading.evidence.card, key)
    claims: dict[str, ParentClaim] = {}
    notes = [f"card {key} entry {value!r} names no Hub dataset" for value in unread]
    for hub_id, raw in found:
        detail = f"card {key}: {raw}" + ("" if raw == hub_id else f" (read as {hub_id})")
        if hub_id.lower() not in claims:
            claims[hub_id.lower()] = ParentClaim(dataset_node_id(hub_id), relation, Evidence.CARD, Confidence.DECLARED,
                                                 (detail,))
    for tag in reading.record.tags:
        if not tag.startswith(tag_prefix):
            continue
        tagged = dataset_id(tag[len(tag_prefix):])
        if tagged is None:
            continue
        key_ = tagged.lower()
        if key_ in claims:  # the card's entry was first; the tag confirms it
            first = claims[key_]
            claims[key_] = ParentClaim(first.target, relation, first.evidence, first.confidence,
                                       (*first.details, f"Hub tag {tag}"))
        else:
            claims[key_] = ParentClaim(dataset_node_id(tagged), relation, Evidence.TAGS, Confidence.DECLARED,
                                       (f"Hub tag {tag}",))
    own = reading.record.repo_id.lower()
    return Findings(tuple(c for c in claims.values() if c.target.lower() != own), tuple(notes))


def read(reading: Reading) -> Findings:
    return declared_datasets(reading, "datasets", "dataset:", Relation.TRAINED_ON)


READER = SignalReader(read)
