"""Everything we can say about one record's parents, declared or inferred.

Trust order: the card's ``base_model`` and the Hub's tags (declared) are used as they are, with
distillation teachers from the README added; without them, the adapter config, README prose,
``config.json``'s ``_name_or_path``, a Notice/LICENSE file, and finally the repo name are read.
Architecture is never evidence: ``LlamaForCausalLM`` is also used by Yi, DeepSeek-LLM and Amber.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from modelaudit.cards import readme_body
from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import ParentClaim, family_target, inferred, merge_claims, quote
from modelaudit.lineage.declared import declared_claims
from modelaudit.lineage.names import Catalogue, is_repo_id, name_of, org_of
from modelaudit.lineage.prose import prose_claims, self_derivation_sentence
from modelaudit.sources.file_plan import is_license_file, is_notice_file
from modelaudit.sources.records import FileStatus, ModelRecord


@dataclass(frozen=True)
class RecordAnalysis:
    claims: tuple[ParentClaim, ...]
    notes: tuple[str, ...]
    derivative_signals: tuple[str, ...]
    modality: str


def derivative_signals(record: ModelRecord, catalogue: Catalogue) -> list[str]:
    """Why this repo looks like a derivative rather than an original model."""
    signals: list[str] = []
    tags = {t.lower() for t in record.tags}
    signals += [f"tag {t}" for t in sorted(tags & catalogue.signal_tags)]
    if record.library_name and record.library_name.lower() in catalogue.signal_libraries:
        signals.append(f"library {record.library_name}")
    signals += [f"file {f}" for f in catalogue.file_signals(record.siblings)]
    signals += [f"name token {t!r}" for t in catalogue.name_signals(name_of(record.repo_id))]
    if record.card_data.get("base_model_relation"):
        signals.append(f"card base_model_relation {record.card_data.get('base_model_relation')}")
    return signals


def default_relation(signals: list[str]) -> Relation:
    """The relation implied by how a repo looks, for evidence that names a parent but not how."""
    text = " ".join(signals).lower()
    if any(k in text for k in ("adapter", "lora", "peft")):
        return Relation.ADAPTER
    if any(k in text for k in ("gguf", "gptq", "awq", "exl2", "bnb", "4bit", "8bit", "4-bit", "8-bit", "int4", "int8",
                               "quant", "mlx", "onnx", "imatrix", "llamafile", "bitsandbytes")):
        return Relation.QUANTIZED
    if any(k in text for k in ("merge", "slerp", "ties", "dare")):
        return Relation.MERGE
    return Relation.FINETUNE


def modality(record: ModelRecord, catalogue: Catalogue) -> str:
    model_type = str(record.config.get("model_type") or "").lower()
    tags = {t.lower() for t in record.tags}
    if (
        (record.pipeline_tag or "") in catalogue.multimodal_pipelines
        or model_type in catalogue.multimodal_model_types
        or tags & catalogue.multimodal_tags
        or tags & catalogue.multimodal_pipelines
    ):
        return "multimodal"
    return "text"


def _adapter_claims(record: ModelRecord, catalogue: Catalogue) -> list[ParentClaim]:
    text = record.files.get("adapter_config.json")
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    value = data.get("base_model_name_or_path") if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        return []
    value = value.strip()
    detail = f"adapter_config.json base_model_name_or_path: {value}"
    if is_repo_id(value) and not value.startswith((".", "/")):
        return [inferred(value, Relation.ADAPTER, Evidence.ADAPTER_CONFIG, detail)]
    # A local path: its last component may still name a known model ("/ckpt/Llama-2-70b-hf").
    match = catalogue.match_name(name_of(value.rstrip("/\\").replace("\\", "/")))
    if match:
        return [inferred(match, Relation.ADAPTER, Evidence.ADAPTER_CONFIG, f"{detail} (local path; read as {match})")]
    return []


def _config_claims(record: ModelRecord, relation: Relation) -> list[ParentClaim]:
    text = record.files.get("config.json")
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    value = data.get("_name_or_path") if isinstance(data, dict) else None
    if isinstance(value, str) and is_repo_id(value.strip()) and value.strip().lower() != record.repo_id.lower():
        return [inferred(value.strip(), relation, Evidence.CONFIG, f"config.json _name_or_path: {value.strip()}")]
    return []


def _notice_claims(record: ModelRecord, catalogue: Catalogue, relation: Relation) -> list[ParentClaim]:
    claims: list[ParentClaim] = []
    own_org = (org_of(record.repo_id) or "").lower()
    for filename, text in sorted(record.files.items()):
        if not (is_notice_file(filename) or is_license_file(filename)):
            continue
        for pattern, family_id in catalogue.notice_families:
            hit = pattern.search(text)
            family = catalogue.family(family_id)
            if hit and family and own_org not in {o.lower() for o in family.owners}:
                line = text[max(0, hit.start() - 40) : hit.end() + 60]
                claims.append(inferred(family_target(family_id), relation, Evidence.NOTICE,
                                       f'{filename}: "{quote(line, 140)}"', family.license))
    return claims


def _name_claims(record: ModelRecord, catalogue: Catalogue, relation: Relation) -> list[ParentClaim]:
    own_org = (org_of(record.repo_id) or "").lower()
    raw_name = name_of(record.repo_id)
    # Re-uploaders spell the source as "<org>_-_<name>" (RichardErkhov) or "<org>--<name>".
    for sep in ("_-_", "--", "__"):
        if sep in raw_name:
            org, _, rest = raw_name.partition(sep)
            base, _ = catalogue.strip_decorations(rest)
            candidate = f"{org}/{base}"
            if is_repo_id(candidate):
                return [inferred(catalogue.canonical_id(candidate), relation, Evidence.NAME,
                                 f"repo name {raw_name!r} spells {candidate}")]
    family_owners = {o.lower() for f in catalogue.families for o in f.owners}
    if own_org in family_owners:
        return []  # original publishers reuse their own names; a name is no evidence there
    base, removed = catalogue.strip_decorations(raw_name)
    exact = catalogue.match_name(base)
    if exact and exact.lower() != record.repo_id.lower():
        how = f" without {', '.join(removed)}" if removed else ""
        rel = relation if (removed or relation is not Relation.FINETUNE) else Relation.UNKNOWN
        return [inferred(exact, rel, Evidence.NAME, f"repo name {raw_name!r} is {exact}'s name{how}")]
    found = [m for m in catalogue.find_names(base) if m.repo_id.lower() != record.repo_id.lower()]
    if len(found) >= 2:
        names = ", ".join(m.repo_id for m in found)
        return [inferred(m.repo_id, Relation.MERGE, Evidence.NAME, f"repo name {raw_name!r} combines {names}")
                for m in found]
    families = catalogue.families_in(base.replace("_", "-"))
    if len(families) == 1:
        family = families[0]
        return [inferred(family_target(family.id), relation if removed else Relation.UNKNOWN, Evidence.NAME,
                         f"repo name {raw_name!r} names the {family.display} family", family.license)]
    return []


def analyse_record(record: ModelRecord, catalogue: Catalogue) -> RecordAnalysis:
    notes: list[str] = []
    signals = derivative_signals(record, catalogue)
    relation = default_relation(signals)
    if record.status_of("README.md") is FileStatus.GATED:
        notes.append("README not read (gated)")
    elif record.status_of("README.md") is FileStatus.ERROR:
        notes.append("README not read (the Hub kept failing)")
    elif "README.md" not in record.siblings and record.siblings:
        notes.append("no README in the repository")
    body = readme_body(record.readme)

    declared, declared_notes = declared_claims(record, relation, catalogue)
    notes += declared_notes
    prose = prose_claims(body, record.repo_id, catalogue, relation) if body else []
    if declared:
        teachers = [c for c in prose if c.relation is Relation.DISTILLATION and not c.is_family]
        claims = declared + [t for t in teachers if t.target.lower() not in {d.target.lower() for d in declared}]
        return RecordAnalysis(tuple(merge_claims(claims)), tuple(notes), tuple(signals), modality(record, catalogue))

    candidates = _adapter_claims(record, catalogue) + prose
    if not candidates:
        candidates = _config_claims(record, relation)
    if not candidates:
        candidates = _notice_claims(record, catalogue, relation)
    if not candidates:
        candidates = _name_claims(record, catalogue, relation)
    claims = merge_claims(candidates)
    if any(not c.is_family for c in claims):
        claims = [c for c in claims if not c.is_family]
    if not claims and body:
        said = self_derivation_sentence(body)
        if said:
            signals.append(f'README: "{said}"')
    if not claims and signals:
        notes.append("looks derived (" + "; ".join(signals[:4]) + ") but no base model could be established")
    return RecordAnalysis(tuple(claims), tuple(notes), tuple(signals), modality(record, catalogue))
