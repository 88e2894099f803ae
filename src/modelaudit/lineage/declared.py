"""Parents the publisher declared: the card's ``base_model`` (+ ``base_model_relation``) and the
Hub's ``base_model:<relation>:<id>`` tags. Duplicates collapse; self-references become notes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from modelaudit.evidence import RepoEvidence
from modelaudit.hubrefs import find_hub_refs
from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.lineage.claims import ParentClaim
from modelaudit.lineage.names import Catalogue, is_repo_id, name_of

_HUB_RELATIONS = {r.value: r for r in Relation}
# The Hub spells the relation of a fine-tune "finetune"; cards in the wild add variants.
_HUB_RELATIONS.update({"fine-tune": Relation.FINETUNE, "fine_tune": Relation.FINETUNE, "quantization": Relation.QUANTIZED,
                       "quantised": Relation.QUANTIZED, "merged": Relation.MERGE, "lora": Relation.ADAPTER})
#: Every spelling of a relation a card or a Hub tag may use, and the relation it names (the index's SQL reads this).
HUB_RELATION_NAMES: Mapping[str, Relation] = MappingProxyType(_HUB_RELATIONS)
_TAG = re.compile(r"^base_model:(?:(?P<rel>[a-z_-]+):)?(?P<id>[^:]+)$")


def parse_relation(value: Any) -> Relation | None:
    if not isinstance(value, str):
        return None
    return _HUB_RELATIONS.get(value.strip().lower())


# What may follow an id in ``base_model`` without a Hub host before it ("org/name/tree/main"): a page.
_PAGE = frozenset({"tree", "blob", "resolve", "raw", "commit", "commits", "discussions", "edit", "refs"})
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
@dataclass(frozen=True)
class BaseEntry:
    """One ``base_model`` entry: as written, and the Hub id it spells (``None`` when it spells none)."""

    raw: str
    hub_id: str | None
    name: str  # what is left to match against the catalogue when it is not a Hub id


def _bare_id(token: str) -> str | None:
    """The Hub id a token without a Hub host spells, with a revision, comment or page after it removed."""
    # Hub ids contain none of '#', '?', '@': what follows is a comment, a query or a revision.
    text = re.split(r"[#?@]", token.strip(_QUOTES), maxsplit=1)[0].rstrip("/")
    parts = text.split("/")
    if len(parts) > 2 and parts[2].lower() in _PAGE:
        parts = parts[:2]
    candidate = "/".join(parts)
    return candidate if is_repo_id(candidate) else None


def normalise_base(value: str) -> BaseEntry:
    """Read a ``base_model`` value into a Hub id: ``org/name@main``, ``org/name/tree/main``,
    ``https://huggingface.co/org/name/tree/main``, ``hf://org/name``, ``hf.co/org/name``,
    ``org/name (note)``, ``org/name # comment`` and quoted values all spell ``org/name``. Links are
    read by the one Hub-link grammar (``modelaudit.hubrefs``): a link to a dataset or a Space spells
    no model, and its name is not matched against the catalogue either.
    Anything else keeps its text for the catalogue ("Llama 2 7B", "/ckpt/Llama-2-70b-hf")."""
    raw = value.strip()
    text = raw.strip(_QUOTES + " ")
    # Also a link inside other words ("[Llama 2](https://huggingface.co/meta-llama/...)").
    links = list(find_hub_refs(text))
    # A single name ("huggingface.co/gpt2") only as the whole value: inside other words it is as likely an
    # organisation's page ("see huggingface.co/deepseek-ai").
    model = next((ref for ref in links if ref.is_model and ("/" in ref.repo_id or (ref.start, ref.end) == (0, len(text)))),
                 None)
    if model is not None:
        return BaseEntry(raw, model.repo_id, name_of(model.repo_id))
    # Words after the id are taken for a note only when marked as one ("(note)", "# comment"):
    # "org/na me" must not be read as "org/na".
    head = re.match(r"^([^\s(#]+)\s*(?:$|[(#])", text)
    if links and links[0].start == 0:
        return BaseEntry(raw, None, "")  # a dataset or a Space: no model, whatever its name says
    hub_id = _bare_id(head.group(1)) if head else None
    if hub_id is not None:
        return BaseEntry(raw, hub_id, name_of(hub_id))
    words = re.split(r"\s#|\(", text, maxsplit=1)[0].strip().strip(_QUOTES).rstrip("/")
    return BaseEntry(raw, None, name_of(words) if words else "")


def _base_entries(card: Mapping[str, Any]) -> tuple[list[BaseEntry], list[str]]:
    """The card's base models, and the entries that are not text at all (kept, to fail closed)."""
    raw = card.get("base_model")
    if raw is None:
        return [], []
    values = raw if isinstance(raw, list) else [raw]
    out: list[BaseEntry] = []
    malformed: list[str] = []
    for value in values:
        if isinstance(value, dict):  # some cards write {name: ..., ...}
            value = value.get("name") or value.get("id") or value.get("model") or value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            if value.strip():  # an empty entry declares nothing
                out.append(normalise_base(value))
        elif value is not None:
            malformed.append(repr(value)[:200])
    return out, malformed


def declared_claims(
    evidence: RepoEvidence, default_relation: Relation, catalogue: Catalogue
) -> tuple[list[ParentClaim], list[str], list[str]]:
    """Claims from structured metadata; notes; and why a declared base could not be used.

    Every declared base counts: one that spells no Hub id and names no catalogue model makes the
    node unresolved (third list), even when other entries could be used — the one we cannot read
    may be the one whose licence binds."""
    record = evidence.record
    card = evidence.card
    notes: list[str] = []
    unresolved: list[str] = []
    claims: dict[str, ParentClaim] = {}
    own = {record.repo_id.lower(), record.requested_id.lower()}
    bases, malformed = _base_entries(card)
    raw_relation = card.get("base_model_relation")
    card_relation = parse_relation(raw_relation)
    if raw_relation is not None and card_relation is None:
        notes.append(f"card base_model_relation {raw_relation!r} is not a known relation")
    # Several distinct bases make a merge; the model's own id (a self-reference) and repeats do not count.
    distinct = {(b.hub_id or b.raw).lower() for b in bases} - own
    if card_relation is None and len(distinct) + len(malformed) > 1:
        card_relation = Relation.MERGE

    # The Hub derives ``base_model:<relation>:<id>`` tags from the card; a tag's relation refines
    # a card that names the base but not the relation.
    tags: list[tuple[str, Relation | None, str]] = []
    for tag in record.tags:
        m = _TAG.match(tag)
        if m and is_repo_id(m.group("id")):
            tags.append((m.group("id"), parse_relation(m.group("rel")) if m.group("rel") else None, tag))
    tag_relation = {target.lower(): rel for target, rel, _ in tags if rel is not None}

    def add(target: str, kind: Evidence, confidence: Confidence, detail: str) -> None:
        key = target.lower()
        if key in own:
            notes.append(f"{detail} names the model itself as its base (ignored)")
            return
        if key in claims:
            first = claims[key]
            if first.confidence is Confidence.INFERRED and confidence is Confidence.DECLARED:
                # Our reading of the card ("gpt2" read as openai-community/gpt2) is confirmed by the Hub's tag.
                claims[key] = ParentClaim(first.target, first.relation, kind, confidence, (detail, *first.details))
            return  # the card's entry was first; the tag only confirms it
        relation = card_relation or tag_relation.get(key) or default_relation
        details: tuple[str, ...] = (detail,)
        if card_relation is None and relation is Relation.FINETUNE:
            # "finetune" here is not the publisher's word: the Hub tags finetune whenever a card sets no
            # base_model_relation, and we default to it. A repository that shows a quantization is one.
            signs = catalogue.quantization.signs(evidence, except_tokens=catalogue.quantization.name_tokens(
                name_of(target)))
            if signs:
                relation = Relation.QUANTIZED
                details += (f"read as a quantization of {target}, not a fine-tune ({'; '.join(signs[:3])}); the "
                            "card sets no base_model_relation, so the Hub's 'finetune' is its default",)
        claims[key] = ParentClaim(target, relation, kind, confidence, details)

    for base in bases:
        detail = f"card base_model: {base.raw}"
        if base.hub_id is not None:
            read_as = "" if base.hub_id == base.raw else f" (read as {base.hub_id})"
            add(base.hub_id, Evidence.CARD, Confidence.DECLARED, detail + read_as)
            continue
        # A local path or an informal name ("/home/u/Llama-2-70b-hf", "llama-7b"): only our reading.
        match = catalogue.match_name(base.name) if base.name else None
        if match:
            add(match, Evidence.CARD, Confidence.INFERRED, f"{detail} (not a Hub id; read as {match})")
        else:
            reason = f"card base_model {base.raw!r} is not a Hub id and names no known model"
            notes.append(reason)
            unresolved.append(reason)
    for value in malformed:
        reason = f"card base_model entry {value} is not a model name"
        notes.append(reason)
        unresolved.append(reason)
    for target, _, tag in tags:
        add(target, Evidence.TAGS, Confidence.DECLARED, f"Hub tag {tag}")
    if card.get("base_model") is not None and not bases and not malformed:
        notes.append(f"card base_model {card.get('base_model')!r} is empty")
    if raw_relation is not None and not bases and not malformed and not tags:
        notes.append("card declares base_model_relation but no base_model")
    return list(claims.values()), notes, unresolved
