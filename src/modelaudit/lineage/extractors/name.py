"""Signal ``name``: the repo's own name ("Qwen_-_Qwen2-Math-1.5B-Instruct-gguf", "Llama-3.1-8B-abliterated") and
the names of its GGUF files ("Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf"), the weakest clue. Original publishers
reuse their own names, so a name is no evidence in their repos."""

from __future__ import annotations

import re
from collections.abc import Sequence

from modelaudit.evidence import RepoEvidence
from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import ParentClaim, family_target, inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.names import Catalogue, atoms, is_repo_id, name_of, org_of
from modelaudit.sources.records import ModelRecord

# A README saying the model is its own ("trained from scratch", "an open reproduction of LLaMA",
# "not a derivative of Llama"): a family word in the repo name is then no evidence of lineage.
_INDEPENDENT = re.compile(
    r"\b(?:trained|pre-?trained|built|developed)\s+(?:\w+\s+){0,4}?from\s+scratch\b|\breproduction\s+of\b|"
    r"\bnot\s+(?:an?\s+)?(?:derivatives?|derived|fine-?tunes?|fine-?tuned|based\s+on)\b|\bindependently\s+(?:trained|developed)\b",
    re.IGNORECASE,
)
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


def _name_claims(evidence: RepoEvidence, relation: Relation, catalogue: Catalogue) -> list[ParentClaim]:
    record = evidence.record
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
    if own_org in catalogue.publisher_orgs():
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
    if _INDEPENDENT.search(evidence.body):
        return []  # "trained from scratch", "an open reproduction of LLaMA": a name echoing another is no lineage
    # "Qwen2.5-7B-Instruct-abliterated", "Meta-Llama-3-8B-Instruct-function-calling": a known model's
    # full name followed by what was done to it names that model, not just its family.
    parts = atoms(base)
    if (len(found) == 1 and parts[: found[0].start] in ((), ("meta",))
            and not set(parts[found[0].end : found[0].end + 1]) & catalogue.variant_words):
        hit = found[0].repo_id
        return [inferred(hit, rel, Evidence.NAME, f"repo name {raw_name!r} begins with {hit}'s name")]
    families = catalogue.families_in(base.replace("_", "-"))
    if len(families) == 1:
        family = families[0]
        return [inferred(family_target(family.id), relation if removed else Relation.UNKNOWN, Evidence.NAME,
                         f"repo name {raw_name!r} names the {family.display} family", family.license)]
    return []


def read(reading: Reading) -> Findings:
    return Findings(tuple(_name_claims(reading.evidence, reading.relation, reading.catalogue)))


def unread(reading: Reading) -> Sequence[str]:
    return _unread_file_names(reading.record)


READER = SignalReader(read, unread=unread)
