"""Everything we can say about one record's parents, declared or inferred.

Trust order: the card's ``base_model`` and the Hub's tags (declared) are used as they are, with
distillation teachers from the README added (and, for a merge, the merged models its README lists
that the card leaves out); without them, the adapter config, README prose, ``config.json``'s
``_name_or_path`` (a local path counts only when a directory is named after a known model), a
Notice/LICENSE file, and finally the repo name and the names of its GGUF files are read.
Architecture is never evidence: ``LlamaForCausalLM`` is also used by Yi, DeepSeek-LLM and Amber.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from modelaudit.cards import readme_body
from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import ParentClaim, family_target, inferred, merge_claims, quote
from modelaudit.lineage.declared import declared_claims
from modelaudit.lineage.names import Catalogue, atoms, is_repo_id, name_of, org_of
from modelaudit.lineage.prose import merge_component_claims, prose_claims, self_derivation_sentence
from modelaudit.sources.records import FileStatus, ModelRecord
from modelaudit.vocabulary import is_license_file, is_notice_file


@dataclass(frozen=True)
class RecordAnalysis:
    claims: tuple[ParentClaim, ...]
    notes: tuple[str, ...]
    derivative_signals: tuple[str, ...]
    modality: str
    unread: tuple[str, ...] = ()  # evidence that exists (or may exist) but could not be read
    # Declared bases that could not be read into a model (the raw value in each reason): the node is
    # unresolved even if other declared bases were used.
    unresolved: tuple[str, ...] = ()


_UNREAD_WHY = {
    FileStatus.GATED: "not read: the repository is gated and no token with access was given (set HF_TOKEN)",
    FileStatus.ERROR: "not read: the Hub kept failing",
    FileStatus.TOO_LARGE: "is larger than the reading limit; what follows the limit was not read",
}


def unread_evidence(record: ModelRecord) -> tuple[str, ...]:
    """Why part of a record's lineage evidence is missing. Any reason makes the node incomplete:
    the sentence we could not read may be the one that names a parent (fail closed)."""
    reasons: list[str] = []
    listed = set(record.siblings)
    for name, status in sorted(record.file_status.items()):
        if status in _UNREAD_WHY:
            reasons.append(f"{name} {_UNREAD_WHY[status]}")
        elif status is FileStatus.MISSING and name in listed:
            reasons.append(f"{name} is listed in the repository but the Hub did not serve it")
    if not record.siblings and "README.md" not in record.file_status:
        reasons.append("the Hub listed no files, so the README could not be looked for")
    return tuple(reasons)


def _has_no_readme(record: ModelRecord) -> bool:
    """Established absence: asked for and not there (404) although unlisted, or — for records from
    before the README was always asked for — not in a file list that exists."""
    if "README.md" in record.files or "README.md" in record.siblings:
        return False
    status = record.status_of("README.md")
    return status is FileStatus.MISSING or (status is None and bool(record.siblings))


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


# Where training scripts write and read checkpoints: "outputs/checkpoint-1200" is a path on the
# trainer's disk that happens to look like ``org/name``, not a Hub repository.
_LOCAL_DIR = re.compile(
    r"^(?:outputs?|out|ckpts?|checkpoints?|runs?|results?|saved?[-_]?models?|models?|weights|tmp|temp|data|workspace|"
    r"home|mnt|root|content|kaggle|scratch|work|exp|experiments?|training|trained|merged|final|logs?|save|artifacts)$",
    re.IGNORECASE,
)
_CHECKPOINT_DIR = re.compile(
    r"^(?:(?:checkpoint|ckpt|step|epoch|global[-_]step|iter)[-_]?\d+|final|merged|best|last|latest)$", re.IGNORECASE
)


def _path_reference(value: str, catalogue: Catalogue) -> tuple[str | None, str | None]:
    """Read a ``base_model_name_or_path`` / ``_name_or_path`` value: (Hub id, None) for a Hub id,
    (None, catalogue id) for a local path whose directory names a known model
    ("/ckpt/Llama-2-70b-hf"), (None, None) for any other local path ("/home/user/ckpt")."""
    value = value.strip()
    parts = [p for p in value.replace("\\", "/").split("/") if p]
    local = (value.startswith((".", "/", "~")) or re.match(r"^[A-Za-z]:", value) is not None or len(parts) != 2
             or bool(_LOCAL_DIR.match(parts[0]) or _CHECKPOINT_DIR.match(parts[1])))
    if not local and is_repo_id(value):
        return value, None
    names = [p for p in parts if not _CHECKPOINT_DIR.match(p)]
    return None, (catalogue.match_name(names[-1]) if names else None)


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
    hub_id, match = _path_reference(value, catalogue)
    if hub_id:
        return [inferred(hub_id, Relation.ADAPTER, Evidence.ADAPTER_CONFIG, detail)]
    # A local path: its directory may still name a known model ("/ckpt/Llama-2-70b-hf").
    if match:
        return [inferred(match, Relation.ADAPTER, Evidence.ADAPTER_CONFIG, f"{detail} (local path; read as {match})")]
    return []


def _config_claims(record: ModelRecord, relation: Relation, catalogue: Catalogue) -> list[ParentClaim]:
    text = record.files.get("config.json")
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    value = data.get("_name_or_path") if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        return []
    value = value.strip()
    detail = f"config.json _name_or_path: {value}"
    hub_id, match = _path_reference(value, catalogue)
    target = hub_id or match
    if target is None or target.lower() == record.repo_id.lower():
        return []
    return [inferred(target, relation, Evidence.CONFIG, detail if hub_id else f"{detail} (local path; read as {match})")]


def _notice_claims(record: ModelRecord, relation: Relation, catalogue: Catalogue) -> list[ParentClaim]:
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


# A README saying the model is its own ("trained from scratch", "an open reproduction of LLaMA",
# "not a derivative of Llama"): a family word in the repo name is then no evidence of lineage.
_INDEPENDENT = re.compile(
    r"\b(?:trained|pre-?trained|built|developed)\s+(?:\w+\s+){0,4}?from\s+scratch\b|\breproduction\s+of\b|"
    r"\bnot\s+(?:an?\s+)?(?:derivatives?|derived|fine-?tunes?|fine-?tuned|based\s+on)\b|\bindependently\s+(?:trained|developed)\b",
    re.IGNORECASE,
)
# Words that make a longer name another model ("gpt2-medium", "Qwen2.5-7B-Math"), not a tune of the prefix.
_VARIANT_WORDS = frozenset({"small", "medium", "large", "xl", "xxl", "mini", "tiny", "nano", "micro", "base", "plus", "pro",
                            "max", "lite", "code", "coder", "math", "vision", "vl", "moe", "audio", "omni"})
# The quantization suffix of a GGUF file name: "-Q4_K_M", ".i1-IQ3_XS", "-f16", "-00001-of-00003", i.e.
# (?:[-_.](?:\d{5}-of-\d{5}|i1|imat|imatrix|ud|i?q\d(?:_[a-z0-9]+)*|f16|f32|bf16|fp16|fp32))+$
# As one regex that backtracks exponentially: "_q4" can be a part of the token before it or a token of
# its own, so a name like "x_q4_q4_..._q4!" (66 characters: seconds) is tried every way. The same
# language is read by ``_gguf_suffix_start`` right to left, each position once.
_GGUF_TOKENS = tuple(re.compile(t, re.IGNORECASE) for t in (r"\d{5}-of-\d{5}", "i1", "imat", "imatrix", "ud", "f16", "f32",
                                                             "bf16", "fp16", "fp32"))
_GGUF_QUANT = re.compile(r"i?q\d", re.IGNORECASE)
_GGUF_PART = re.compile(r"[a-z0-9]+", re.IGNORECASE)
_GGUF_SEPARATORS = "-_."


def _gguf_suffix_start(stem: str) -> int:
    """Where the longest quantization suffix of ``stem`` starts (``len(stem)`` when it has none)."""
    n = len(stem)
    # rest[i]: stem[i:] is empty or a run of separator + token. after_quant[i]: stem[i:] can follow a
    # quantization token ("_K_M" parts, then the rest).
    rest = [False] * (n + 1)
    after_quant = [False] * (n + 1)
    rest[n] = after_quant[n] = True
    for i in range(n - 1, -1, -1):
        ch = stem[i]
        if ch in _GGUF_SEPARATORS:
            ok = False
            for token in _GGUF_TOKENS:
                m = token.match(stem, i + 1)
                if m and (m.end() == n or stem[m.end()] in _GGUF_SEPARATORS) and rest[m.end()]:
                    ok = True
                    break
            if not ok and (m := _GGUF_QUANT.match(stem, i + 1)):
                ok = after_quant[m.end()]
            rest[i] = ok
        after_quant[i] = rest[i]
        if ch == "_" and not after_quant[i] and (part := _GGUF_PART.match(stem, i + 1)):
            after_quant[i] = after_quant[part.end()]
    return next((i for i in range(n) if rest[i]), n)


# Longer GGUF file names are not read as model names: removing re-upload decorations from a name costs
# its length per decoration removed. No real file name comes close; one that does makes the node incomplete.
_LONGEST_GGUF_NAME = 1000


def _unread_file_names(record: ModelRecord) -> tuple[str, ...]:
    long = [f for f in record.siblings if f.lower().endswith(".gguf") and len(name_of(f)) > _LONGEST_GGUF_NAME]
    return tuple(f"GGUF file name {f[:60]!r}... is longer than {_LONGEST_GGUF_NAME} characters and was not read as a "
                 "model name" for f in long)


def _gguf_file_claims(record: ModelRecord, catalogue: Catalogue) -> list[ParentClaim]:
    """A GGUF repo whose files are named after one known model ("Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf").
    Files that name nothing (a vision projector, a custom name) are ignored; two different models
    named by the files are no evidence."""
    named: dict[str, str] = {}
    for filename in record.siblings:
        stem = name_of(filename)
        if not stem.lower().endswith(".gguf") or len(stem) > _LONGEST_GGUF_NAME:
            continue
        stem = stem[: -len(".gguf")]
        stem, _ = catalogue.strip_decorations(stem[: _gguf_suffix_start(stem)])
        match = catalogue.match_name(stem)
        if match and match.lower() != record.repo_id.lower():
            named.setdefault(match, filename)
    if len(named) != 1:
        return []
    (target, filename), = named.items()
    return [inferred(target, Relation.QUANTIZED, Evidence.NAME, f"GGUF file {filename!r} is named after {target}")]


def _name_claims(record: ModelRecord, relation: Relation, catalogue: Catalogue) -> list[ParentClaim]:
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
    rel = relation if (removed or relation is not Relation.FINETUNE) else Relation.UNKNOWN
    if exact and exact.lower() != record.repo_id.lower():
        how = f" without {', '.join(removed)}" if removed else ""
        return [inferred(exact, rel, Evidence.NAME, f"repo name {raw_name!r} is {exact}'s name{how}")]
    if files := _gguf_file_claims(record, catalogue):
        return files
    found = [m for m in catalogue.find_names(base) if m.repo_id.lower() != record.repo_id.lower()]
    if len(found) >= 2:
        names = ", ".join(m.repo_id for m in found)
        return [inferred(m.repo_id, Relation.MERGE, Evidence.NAME, f"repo name {raw_name!r} combines {names}")
                for m in found]
    if _INDEPENDENT.search(readme_body(record.readme)):
        return []  # "trained from scratch", "an open reproduction of LLaMA": a name echoing another is no lineage
    # "Qwen2.5-7B-Instruct-abliterated", "Meta-Llama-3-8B-Instruct-function-calling": a known model's
    # full name followed by what was done to it names that model, not just its family.
    parts = atoms(base)
    if (len(found) == 1 and parts[: found[0].start] in ((), ("meta",))
            and not set(parts[found[0].end : found[0].end + 1]) & _VARIANT_WORDS):
        hit = found[0].repo_id
        return [inferred(hit, rel, Evidence.NAME, f"repo name {raw_name!r} begins with {hit}'s name")]
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
    unread = unread_evidence(record) + _unread_file_names(record)
    if _has_no_readme(record):
        notes.append("no README in the repository")
    notes += record.notes
    body = readme_body(record.readme)

    declared, declared_notes, unresolved = declared_claims(record, relation, catalogue)
    notes += declared_notes
    prose = prose_claims(body, record.repo_id, catalogue, relation) if body else []
    if declared:
        # The card is trusted as it is, but what it leaves out can only add terms: distillation
        # teachers, and the merged models of a merge whose card lists only some of them.
        extra = [c for c in prose if c.relation is Relation.DISTILLATION and not c.is_family]
        if body and (relation is Relation.MERGE or any(c.relation is Relation.MERGE for c in declared)):
            extra += merge_component_claims(body, record.repo_id, catalogue)
        claims = declared + [t for t in extra if t.target.lower() not in {d.target.lower() for d in declared}]
        return RecordAnalysis(tuple(merge_claims(claims)), tuple(notes), tuple(signals), modality(record, catalogue),
                              unread, tuple(unresolved))

    candidates = _adapter_claims(record, catalogue) + prose
    # Weaker evidence is read when the stronger names no parent, or only a family ("fine-tune
    # Llama 3.2 faster with Unsloth" in a repo named after Meta-Llama-3.1-8B-Instruct).
    for weaker in (_config_claims, _notice_claims, _name_claims):
        if candidates and any(not c.is_family for c in candidates):
            break
        candidates = candidates + weaker(record, relation, catalogue)
    claims = merge_claims(candidates)
    if any(not c.is_family for c in claims):
        claims = [c for c in claims if not c.is_family]
    if not claims and body:
        publisher = (org_of(record.repo_id) or "").lower() in catalogue.publisher_orgs()
        said = self_derivation_sentence(body, () if publisher else catalogue.attribution_phrases)
        if said:
            signals.append(f'README: "{said}"')
    if not claims and signals:
        notes.append("looks derived (" + "; ".join(signals[:4]) + ") but no base model could be established")
    return RecordAnalysis(tuple(claims), tuple(notes), tuple(signals), modality(record, catalogue), unread,
                          tuple(unresolved))
