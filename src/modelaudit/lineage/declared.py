"""Parents the publisher declared: the card's ``base_model`` (+ ``base_model_relation``) and the
Hub's ``base_model:<relation>:<id>`` tags. Duplicates collapse; self-references become notes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.lineage.claims import ParentClaim
from modelaudit.lineage.names import HUB_URL_RE, Catalogue, is_repo_id, name_of
from modelaudit.sources.records import ModelRecord

_HUB_RELATIONS = {r.value: r for r in Relation}
# The Hub spells the relation of a fine-tune "finetune"; cards in the wild add variants.
_HUB_RELATIONS.update({"fine-tune": Relation.FINETUNE, "fine_tune": Relation.FINETUNE, "quantization": Relation.QUANTIZED,
                       "quantised": Relation.QUANTIZED, "merged": Relation.MERGE, "lora": Relation.ADAPTER})
_TAG = re.compile(r"^base_model:(?:(?P<rel>[a-z_-]+):)?(?P<id>[^:]+)$")


def parse_relation(value: Any) -> Relation | None:
    if not isinstance(value, str):
        return None
    return _HUB_RELATIONS.get(value.strip().lower())


def _base_values(card: Mapping[str, Any]) -> list[str]:
    raw = card.get("base_model")
    if raw is None:
        return []
    values = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for value in values:
        if isinstance(value, dict):  # some cards write {name: ..., ...}
            value = value.get("name") or value.get("id") or value.get("model")
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
    return out


def declared_claims(
    record: ModelRecord, default_relation: Relation, catalogue: Catalogue
) -> tuple[list[ParentClaim], list[str]]:
    """Claims from structured metadata, and notes about entries that could not be used."""
    card = record.card_data
    notes: list[str] = []
    claims: dict[str, ParentClaim] = {}
    own = {record.repo_id.lower(), record.requested_id.lower()}
    bases = _base_values(card)
    raw_relation = card.get("base_model_relation")
    card_relation = parse_relation(raw_relation)
    if raw_relation is not None and card_relation is None:
        notes.append(f"card base_model_relation {raw_relation!r} is not a known relation")
    # Several distinct bases make a merge; the model's own id (a self-reference) and repeats do not count.
    distinct = {(m.group(1) if (m := HUB_URL_RE.search(b)) else b).lower() for b in bases} - own
    if card_relation is None and len(distinct) > 1:
        card_relation = Relation.MERGE

    # The Hub derives ``base_model:<relation>:<id>`` tags from the card; a tag's relation refines
    # a card that names the base but not the relation.
    tags: list[tuple[str, Relation | None, str]] = []
    for tag in record.tags:
        m = _TAG.match(tag)
        if m and is_repo_id(m.group("id")):
            tags.append((m.group("id"), parse_relation(m.group("rel")) if m.group("rel") else None, tag))
    tag_relation = {target.lower(): rel for target, rel, _ in tags if rel is not None}

    def add(target: str, evidence: Evidence, confidence: Confidence, detail: str) -> None:
        key = target.lower()
        if key in own:
            notes.append(f"{detail} names the model itself as its base (ignored)")
            return
        if key in claims:
            first = claims[key]
            if first.confidence is Confidence.INFERRED and confidence is Confidence.DECLARED:
                # Our reading of the card ("gpt2" read as openai-community/gpt2) is confirmed by the Hub's tag.
                claims[key] = ParentClaim(first.target, first.relation, evidence, confidence, (detail, *first.details))
            return  # the card's entry was first; the tag only confirms it
        relation = card_relation or tag_relation.get(key) or default_relation
        claims[key] = ParentClaim(target, relation, evidence, confidence, (detail,))

    for value in bases:
        detail = f"card base_model: {value}"
        url = HUB_URL_RE.search(value)
        if url:
            add(url.group(1), Evidence.CARD, Confidence.DECLARED, detail)
        elif is_repo_id(value):
            add(value, Evidence.CARD, Confidence.DECLARED, detail)
        else:
            # A local path or an informal name ("/home/u/Llama-2-70b-hf", "llama-7b"): only our reading.
            match = catalogue.match_name(name_of(value.rstrip("/")))
            if match:
                add(match, Evidence.CARD, Confidence.INFERRED, f"{detail} (not a Hub id; read as {match})")
            else:
                notes.append(f"card base_model {value!r} is not a Hub id and names no known model")
    for target, _, tag in tags:
        add(target, Evidence.TAGS, Confidence.DECLARED, f"Hub tag {tag}")
    if card.get("base_model") is not None and not bases:
        notes.append(f"card base_model {card.get('base_model')!r} is empty or malformed")
    if raw_relation is not None and not bases and not tags:
        notes.append("card declares base_model_relation but no base_model")
    return list(claims.values()), notes
