"""Lineage inference on synthetic records: README prose cues, pasted metadata, tables, adapter/config files,
NOTICE files, repo names and informal names — and what must *not* count as evidence.

Records are built in memory (no Hub), so each test shows exactly which text produced which edge. Several
cards imitate real-world styles that no fixture contains (TheBloke / bartowski quant cards, mergekit, the
Hugging Face Trainer template, Unsloth, axolotl, mlx-community), to check that inference generalises.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from fakehub import FIXTURES_DIR
from modelaudit.evidence import read_evidence
from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.lineage.builder import build_lineage
from modelaudit.lineage.claims import ParentClaim
from modelaudit.lineage.graph import NodeStatus
from modelaudit.lineage.inference import RecordAnalysis, analyse_record
from modelaudit.lineage.names import default_catalogue
from modelaudit.sources.file_plan import plan_files
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

CATALOGUE = default_catalogue()


def record(
    repo_id: str,
    readme: str | None = "",
    *,
    card: Mapping[str, Any] | None = None,
    files: Mapping[str, str] | None = None,
    tags: Iterable[str] = (),
    config: Mapping[str, Any] | None = None,
    siblings: Iterable[str] | None = None,
    library: str | None = None,
    statuses: Mapping[str, FileStatus] | None = None,
) -> ModelRecord:
    all_files = dict(files or {})
    if readme is not None:
        all_files["README.md"] = readme
    status = {name: FileStatus.READ for name in all_files}
    status.update(statuses or {})
    return ModelRecord(
        repo_id=repo_id, requested_id=repo_id, revision="0" * 40, card_data=dict(card or {}), tags=tuple(tags),
        config=dict(config or {}), siblings=tuple(siblings if siblings is not None else all_files),
        files=all_files, file_status=status, library_name=library,
    )


def analyse(rec: ModelRecord) -> RecordAnalysis:
    return analyse_record(read_evidence(rec), CATALOGUE)


def by_target(rec: ModelRecord) -> dict[str, ParentClaim]:
    return {c.target: c for c in analyse(rec).claims}


def only_claim(rec: ModelRecord) -> ParentClaim:
    claims = analyse(rec).claims
    assert len(claims) == 1, [c.target for c in claims]
    return claims[0]


def fixture_record(repo_id: str) -> ModelRecord:
    """A fixture repo as the Hub source would record it (same file plan), without any HTTP."""
    directory = FIXTURES_DIR / repo_id.replace("/", "__", 1)
    info = json.loads((directory / "info.json").read_text(encoding="utf-8"))
    names = sorted(p.name for p in directory.iterdir() if p.is_file() and p.name != "info.json")
    card = info.get("cardData") or {}
    planned = plan_files(card, names)
    files = {n: (directory / n).read_text(encoding="utf-8") for n in planned}
    return ModelRecord(
        repo_id=info["id"], requested_id=info["id"], revision=info.get("sha"), card_data=card,
        tags=tuple(info.get("tags") or ()), config=info.get("config") or {}, siblings=tuple(names), files=files,
        file_status={n: FileStatus.READ for n in files}, library_name=info.get("library_name"),
    )


class DictSource:
    def __init__(self, *records: ModelRecord) -> None:
        self.records = {r.repo_id: r for r in records}

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        rec = self.records.get(repo_id)
        return FetchOutcome.ok(rec) if rec else FetchOutcome.missing(repo_id, f"{repo_id} is not on the Hub")


# -- README prose cues --------------------------------------------------------------------------------------------

PROSE_CASES = [
    # (repo id, README body, parent, relation)
    ("acme/Thing-70B", "# Thing\n\nThis model is derived from Llama3.3-70B-Instruct.\n",
     "meta-llama/Llama-3.3-70B-Instruct", Relation.FINETUNE),
    ("acme/Thing-7B", "# Thing\n\nThing-7B was fine-tuned from Llama 2 7B Chat on our support tickets.\n",
     "meta-llama/Llama-2-7b-chat-hf", Relation.FINETUNE),
    ("acme/thing", "# Thing\n\nThe model is based on Qwen2.5 Math 7B.\n", "Qwen/Qwen2.5-Math-7B", Relation.FINETUNE),
    ("acme/thing-GGUF", "# Thing GGUF\n\nThese are GGUF quantizations of mistralai/Mistral-7B-Instruct-v0.2.\n",
     "mistralai/Mistral-7B-Instruct-v0.2", Relation.QUANTIZED),
    ("acme/thing-GPTQ", "# Thing\n\n- Original model: [Mistral 7B Instruct v0.2](https://huggingface.co/mistralai/"
     "Mistral-7B-Instruct-v0.2)\n", "mistralai/Mistral-7B-Instruct-v0.2", Relation.QUANTIZED),
    ("acme/thing", "# Thing\n\nOriginal model: https://huggingface.co/acme-labs/base-7b\n", "acme-labs/base-7b",
     Relation.FINETUNE),
    ("acme/thing-onnx", "# Thing\n\nThis model was converted from Qwen/Qwen2.5-0.5B-Instruct using optimum.\n",
     "Qwen/Qwen2.5-0.5B-Instruct", Relation.QUANTIZED),
    ("acme/thing", "# Thing\n\nThe model is a LoRA adapter for meta-llama/Llama-2-7b-hf.\n",
     "meta-llama/Llama-2-7b-hf", Relation.ADAPTER),
    ("acme/thing", "# Thing\n\nWe release Thing, a distilled version of Qwen/Qwen2.5-72B-Instruct.\n",
     "Qwen/Qwen2.5-72B-Instruct", Relation.DISTILLATION),
    ("acme/thing", "# Thing\n\nThis model was initialized from Qwen/Qwen2.5-7B and trained on 1T tokens.\n",
     "Qwen/Qwen2.5-7B", Relation.FINETUNE),
    ("acme/thing", "# Thing\n\nThis model is the result of continued pretraining of Mistral-7B-v0.1 on 10B tokens.\n",
     "mistralai/Mistral-7B-v0.1", Relation.FINETUNE),
    ("acme/thing", "# Thing\n\nThis model is a 4-bit quantization of Qwen2.5 Math 7B.\n",
     "Qwen/Qwen2.5-Math-7B", Relation.QUANTIZED),
    # an id at the very end of a sentence (the full stop is not part of it)
    ("acme/thing", "# Thing\n\nThis model is fine-tuned from acme-labs/cool-base-7b.\n", "acme-labs/cool-base-7b",
     Relation.FINETUNE),
]


@pytest.mark.parametrize(("repo_id", "body", "parent", "relation"), PROSE_CASES,
                         ids=[c[1].split("\n\n")[1][:45] for c in PROSE_CASES])
def test_prose_cue(repo_id: str, body: str, parent: str, relation: Relation) -> None:
    claim = only_claim(record(repo_id, body))
    assert claim.target == parent
    assert claim.relation is relation
    assert claim.evidence is Evidence.README
    assert claim.confidence is Confidence.INFERRED
    sentence = body.split("\n\n")[1].strip().lstrip("- ")
    assert sentence[:40] in claim.detail  # the edge quotes the sentence it came from
    assert claim.detail.startswith("README")


def test_licence_named_in_the_derivation_sentence_becomes_a_hint() -> None:
    body = ("# Distill\n\n- Distill-70B is derived from Llama3.3-70B-Instruct and was originally licensed under the "
            "llama3.3 license.\n")
    claim = only_claim(record("acme/Distill-70B", body))
    assert claim.target == "meta-llama/Llama-3.3-70B-Instruct"
    assert claim.license_hint is not None and "llama3.3" in claim.license_hint.lower()


def test_self_mentions_are_not_parents() -> None:
    assert analyse(record("acme/thing", "# x\n\nThis model is fine-tuned from acme/thing on more data.\n")).claims == ()


# -- metadata pasted as plain text ----------------------------------------------------------------------------


def test_pasted_base_model_line() -> None:
    claim = only_claim(record("acme/thing", "# Thing\n\nbase_model: Qwen/Qwen2.5-7B\nlicense: apache-2.0\n"))
    assert claim.target == "Qwen/Qwen2.5-7B" and claim.evidence is Evidence.README
    assert "metadata pasted as text" in claim.detail and "base_model: Qwen/Qwen2.5-7B" in claim.detail


def test_pasted_base_model_with_relation() -> None:
    body = "# Thing\n\n* base_model: meta-llama/Llama-3.1-8B\n* base_model_relation: quantized\n"
    claim = only_claim(record("acme/thing", body))
    assert claim.target == "meta-llama/Llama-3.1-8B" and claim.relation is Relation.QUANTIZED


def test_pasted_base_model_yaml_list() -> None:
    body = "# Thing\n\nbase_model:\n- Qwen/Qwen2.5-7B\n- 'Qwen/Qwen2.5-Math-7B'\ntags:\n- math\n"
    assert set(by_target(record("acme/thing", body))) == {"Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-Math-7B"}


# -- tables with a Base Model column --------------------------------------------------------------------------

R1_STYLE_TABLE = """# Family

| **Model** | **Base Model** | **Download** |
| :---: | :---: | :---: |
| Family-Qwen-7B | [Qwen2.5-Math-7B](https://huggingface.co/Qwen/Qwen2.5-Math-7B) | link |
| Family-Llama-8B | Llama-3.1-8B | link |
| Family-Llama-70B | [Llama-3.3-70B-Instruct](https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct) | link |
"""


@pytest.mark.parametrize(
    ("repo_id", "parent"),
    [
        ("acme/Family-Qwen-7B", "Qwen/Qwen2.5-Math-7B"),
        ("acme/Family-Llama-8B", "meta-llama/Llama-3.1-8B"),
        ("acme/Family-Llama-70B", "meta-llama/Llama-3.3-70B-Instruct"),
    ],
)
def test_base_model_table_uses_only_the_own_row(repo_id: str, parent: str) -> None:
    claim = only_claim(record(repo_id, R1_STYLE_TABLE))
    assert claim.target == parent
    assert "table row" in claim.detail and repo_id.split("/")[1] in claim.detail
    assert "base model" in claim.detail


def test_base_model_table_without_an_own_row_says_nothing() -> None:
    assert analyse(record("acme/Unrelated-3B", R1_STYLE_TABLE)).claims == ()


def test_teacher_column_is_distillation() -> None:
    body = "| Model | Teacher |\n|---|---|\n| Tiny-1B | Qwen/Qwen2.5-72B-Instruct |\n"
    claim = only_claim(record("acme/Tiny-1B", body))
    assert claim.target == "Qwen/Qwen2.5-72B-Instruct" and claim.relation is Relation.DISTILLATION


# -- adapter_config.json, config.json, NOTICE ----------------------------------------------------------------


def adapter(base: str) -> dict[str, str]:
    return {"adapter_config.json": json.dumps({"base_model_name_or_path": base, "peft_type": "LORA", "r": 16})}


def test_adapter_config_base_model() -> None:
    claim = only_claim(record("acme/lora", None, files=adapter("meta-llama/Llama-2-7b-hf")))
    assert (claim.target, claim.relation, claim.evidence) == (
        "meta-llama/Llama-2-7b-hf", Relation.ADAPTER, Evidence.ADAPTER_CONFIG)
    assert "adapter_config.json base_model_name_or_path: meta-llama/Llama-2-7b-hf" in claim.detail


def test_adapter_config_local_path_naming_a_known_model() -> None:
    claim = only_claim(record("acme/lora", "", files=adapter("/home/me/ckpt/Llama-2-13b-hf/")))
    assert claim.target == "meta-llama/Llama-2-13b-hf"
    assert "local path" in claim.detail


def test_adapter_config_local_path_naming_nothing_leaves_the_adapter_unresolved() -> None:
    rec = record("acme/lora", "", files=adapter("./outputs/checkpoint-500"))
    analysis = analyse(rec)
    assert analysis.claims == ()
    assert analysis.derivative_signals  # an adapter is a derivative...
    graph = build_lineage("acme/lora", DictSource(rec))
    assert graph.root.status is NodeStatus.UNRESOLVED  # ...so it is never a root


def test_config_name_or_path_is_used_when_nothing_else_names_a_base() -> None:
    cfg = {"config.json": json.dumps({"_name_or_path": "mistralai/Mistral-7B-v0.1", "architectures": ["X"]})}
    claim = only_claim(record("acme/cfg", "# cfg\n\nA helpful model.\n", files=cfg))
    assert (claim.target, claim.evidence) == ("mistralai/Mistral-7B-v0.1", Evidence.CONFIG)
    assert claim.detail == "config.json _name_or_path: mistralai/Mistral-7B-v0.1"


def test_config_name_or_path_loses_to_prose_and_ignores_paths_and_self() -> None:
    cfg = {"config.json": json.dumps({"_name_or_path": "mistralai/Mistral-7B-v0.1"})}
    rec = record("acme/cfg", "# cfg\n\nThis model is fine-tuned from Qwen/Qwen2.5-7B.\n", files=cfg)
    assert set(by_target(rec)) == {"Qwen/Qwen2.5-7B"}
    for value in ("/tmp/run/checkpoint-1000", "acme/cfg", ""):
        rec = record("acme/cfg", "# cfg\n", files={"config.json": json.dumps({"_name_or_path": value})})
        assert analyse(rec).claims == (), value


def test_notice_file_names_the_llama_family() -> None:
    notice = "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc.\n"
    claim = only_claim(record("acme/noticey", "# x\n", files={"NOTICE": notice}))
    assert claim.target == "family:llama-3.1"
    assert claim.evidence is Evidence.NOTICE and claim.license_hint == "llama3.1"
    assert claim.detail.startswith("NOTICE:") and "Llama 3.1 is licensed" in claim.detail


def test_notice_of_the_licensor_itself_is_not_lineage() -> None:
    notice = "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc.\n"
    assert analyse(record("meta-llama/Llama-3.1-8B", "# x\n", files={"NOTICE": notice})).claims == ()


def test_family_node_is_created_for_a_family_claim() -> None:
    notice = "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc.\n"
    rec = record("acme/noticey", "# x\n", files={"NOTICE": notice})
    graph = build_lineage("acme/noticey", DictSource(rec))
    family = graph.node("family:llama-3.1")
    assert family.status is NodeStatus.FAMILY and family.family_license == "llama3.1"
    assert graph.parents("acme/noticey")[0].evidence is Evidence.NOTICE


# -- repo names and informal names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_id", "parent", "relation"),
    [
        ("someone/Llama-2-7b-chat-GGUF", "meta-llama/Llama-2-7b-chat-hf", Relation.QUANTIZED),
        ("someone/Qwen2.5-7B-Instruct-AWQ", "Qwen/Qwen2.5-7B-Instruct", Relation.QUANTIZED),
        ("mlx-community/Qwen2.5-7B-Instruct-4bit", "Qwen/Qwen2.5-7B-Instruct", Relation.QUANTIZED),
        ("RichardErkhov/Qwen_-_Qwen2-Math-1.5B-Instruct-gguf", "Qwen/Qwen2-Math-1.5B-Instruct", Relation.QUANTIZED),
    ],
)
def test_repo_name(repo_id: str, parent: str, relation: Relation) -> None:
    claim = only_claim(record(repo_id, f"# {repo_id}\n"))
    assert (claim.target, claim.relation, claim.evidence) == (parent, relation, Evidence.NAME)
    assert repo_id.split("/")[1] in claim.detail


def test_original_publishers_names_are_not_evidence() -> None:
    assert analyse(record("meta-llama/Llama-2-7b-chat-hf", "# Llama 2\n")).claims == ()


@pytest.mark.parametrize(
    ("name", "repo_id"),
    [
        ("Llama3.3-70B-Instruct", "meta-llama/Llama-3.3-70B-Instruct"),
        ("Llama 2 7B Chat", "meta-llama/Llama-2-7b-chat-hf"),
        ("Qwen2.5 Math 7B", "Qwen/Qwen2.5-Math-7B"),
        ("Llama3.1-8B-Base", "meta-llama/Llama-3.1-8B"),
        ("Meta-Llama-3.1-8B", "meta-llama/Llama-3.1-8B"),
        ("Meta-Llama-3-8B-Instruct", "meta-llama/Meta-Llama-3-8B-Instruct"),
        ("llama-2-70b", "meta-llama/Llama-2-70b-hf"),
        ("Mistral 7B Instruct v0.2", "mistralai/Mistral-7B-Instruct-v0.2"),
        ("gemma 2 9b", "google/gemma-2-9b"),
        ("QWEN2.5-32B", "Qwen/Qwen2.5-32B"),
    ],
)
def test_informal_names_map_to_hub_ids(name: str, repo_id: str) -> None:
    assert CATALOGUE.match_name(name) == repo_id


@pytest.mark.parametrize("name", ["Llama 2 7B Chat Uncensored", "Llama 5 9B", "GPT-4", "Qwen2.5 Math", ""])
def test_names_that_are_not_a_known_model(name: str) -> None:
    assert CATALOGUE.match_name(name) is None


def test_a_longer_name_is_not_read_as_its_prefix() -> None:
    found = [m.repo_id for m in CATALOGUE.find_names("Llama-2-70b and Llama-2-7b-chat")]
    assert found == ["meta-llama/Llama-2-70b-hf", "meta-llama/Llama-2-7b-chat-hf"]


# -- what is not evidence -------------------------------------------------------------------------------------

LLAMA_ARCH = {"architectures": ["LlamaForCausalLM"], "model_type": "llama"}


def test_architecture_alone_never_yields_a_llama_edge() -> None:
    rec = record("acme/bilingual-34B", "# Bilingual\n\nA strong bilingual model trained from scratch.\n",
                 config=LLAMA_ARCH, files={"config.json": json.dumps(LLAMA_ARCH)}, tags=["llama", "text-generation"])
    analysis = analyse(rec)
    assert analysis.claims == ()
    assert analysis.derivative_signals == ()
    assert build_lineage(rec.repo_id, DictSource(rec)).root.status is NodeStatus.RESOLVED


@pytest.mark.parametrize("repo_id", ["01-ai/Yi-34B", "LLM360/Amber", "deepseek-ai/deepseek-llm-7b-base"])
def test_llama_architecture_originals_from_the_fixtures_have_no_parent(repo_id: str) -> None:
    rec = fixture_record(repo_id)
    if repo_id == "01-ai/Yi-34B":
        rec = record(repo_id, rec.readme, card=rec.card_data, tags=rec.tags, config=LLAMA_ARCH)
    analysis = analyse(rec)
    assert not any("llama" in c.target.lower() for c in analysis.claims)
    assert analysis.claims == ()


def test_gguf_repo_with_no_clue_is_unresolved_not_a_root() -> None:
    rec = record("acme/mystery-GGUF", "# mystery\n\nSome quants.\n", tags=["gguf"],
                 siblings=["README.md", "mystery.Q4_K_M.gguf"])
    analysis = analyse(rec)
    assert analysis.claims == ()
    assert any("gguf" in s for s in analysis.derivative_signals)
    assert any("no base model could be established" in n for n in analysis.notes)
    graph = build_lineage(rec.repo_id, DictSource(rec))
    assert graph.root.status is NodeStatus.UNRESOLVED
    assert graph.root in graph.problem_ancestors()


def test_declared_base_that_names_nothing_is_unresolved() -> None:
    rec = record("acme/ft", "# ft\n", card={"base_model": "my-local-checkpoint"})
    analysis = analyse(rec)
    assert analysis.claims == ()
    assert any("not a Hub id" in n for n in analysis.notes)
    assert build_lineage(rec.repo_id, DictSource(rec)).root.status is NodeStatus.UNRESOLVED


COMPARISON_CARD = """# Great-7B

Great-7B is our new model trained from scratch on 4T tokens.

## Evaluation

| Model | MMLU | GSM8K |
|---|---|---|
| Llama-3.1-8B | 66.6 | 56.7 |
| Qwen2.5-7B | 74.2 | 85.4 |
| Mistral-7B-v0.1 | 62.5 | 40.0 |
| **Great-7B** | **75.0** | **86.0** |

Compared to Llama 3.1 8B, Great-7B is much better at math. Qwen2.5-7B-Instruct is fine-tuned from Qwen2.5-7B,
while Mistral-7B-Instruct-v0.2 is based on Mistral-7B-v0.1. Our model outperforms Llama-3.1-8B-Instruct.
"""


def test_models_mentioned_about_other_models_are_not_lineage() -> None:
    analysis = analyse(record("acme/Great-7B", COMPARISON_CARD))
    assert analysis.claims == ()


def test_sentence_about_another_model_is_skipped_but_own_sentence_is_used() -> None:
    body = ("# x\n\nQwen2.5-7B-Instruct is based on Qwen2.5-7B. Great-Coder is fine-tuned from "
            "Qwen/Qwen2.5-Coder-7B.\n")
    claim = only_claim(record("acme/Great-Coder", body))
    assert claim.target == "Qwen/Qwen2.5-Coder-7B"


def test_datasets_are_not_parents() -> None:
    body = ("# x\n\nThis model is a fine-tuned version of [mistralai/Mistral-7B-v0.1](https://huggingface.co/"
            "mistralai/Mistral-7B-v0.1) on the HuggingFaceH4/ultrachat_200k dataset.\n")
    assert set(by_target(record("acme/zephyr-like", body))) == {"mistralai/Mistral-7B-v0.1"}


def test_every_inferred_claim_carries_its_evidence() -> None:
    cases = [record(r, b) for r, b, _, _ in PROSE_CASES] + [
        record("acme/lora", None, files=adapter("meta-llama/Llama-2-7b-hf")),
        record("someone/Llama-2-7b-chat-GGUF", "# q\n"),
        record("acme/Family-Llama-8B", R1_STYLE_TABLE),
    ]
    for rec in cases:
        for claim in analyse(rec).claims:
            assert claim.confidence is Confidence.INFERRED
            assert claim.details and all(d.strip() for d in claim.details)
            assert len(claim.detail) <= 230


# -- generalisation: card styles that appear in no fixture ----------------------------------------------------

THEBLOKE_CARD = """<!-- header start -->
<div style="width: auto; margin-left: auto;">
<img src="https://i.imgur.com/EBdldam.jpg" alt="TheBlokeAI" style="width: 100%;">
</div>
<!-- header end -->

# Llama 2 13B Chat - GPTQ
- Model creator: [Meta Llama 2](https://huggingface.co/meta-llama)
- Original model: [Llama 2 13B Chat](https://huggingface.co/meta-llama/Llama-2-13b-chat-hf)

<!-- description start -->
## Description

This repo contains GPTQ model files for [Meta's Llama 2 13B-chat](https://huggingface.co/meta-llama/Llama-2-13b-chat-hf).

Multiple GPTQ parameter permutations are provided; see Provided Files below for details of the options provided.

## Repositories available

* [AWQ model(s) for GPU inference.](https://huggingface.co/TheBloke/Llama-2-13B-chat-AWQ)
* [2, 3, 4, 5, 6 and 8-bit GGUF models for CPU+GPU inference](https://huggingface.co/TheBloke/Llama-2-13B-chat-GGUF)
* [Meta Llama 2's original unquantised fp16 model in pytorch format](https://huggingface.co/meta-llama/Llama-2-13b-chat-hf)
"""


def test_thebloke_style_quant_card() -> None:
    rec = record("TheBloke/Llama-2-13B-chat-GPTQ", THEBLOKE_CARD)
    claims = by_target(rec)
    assert set(claims) == {"meta-llama/Llama-2-13b-chat-hf"}  # not the sibling AWQ/GGUF repos
    claim = claims["meta-llama/Llama-2-13b-chat-hf"]
    assert claim.relation is Relation.QUANTIZED and claim.evidence is Evidence.README
    assert any("Original model" in d for d in claim.details)


def test_bartowski_style_quant_card() -> None:
    body = ("## Llamacpp imatrix Quantizations of Llama-3.3-70B-Instruct\n\nUsing llama.cpp release b4273 for "
            "quantization.\n\nOriginal model: https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct\n")
    claim = only_claim(record("bartowski/some-renamed-upload-GGUF", body))
    assert (claim.target, claim.relation) == ("meta-llama/Llama-3.3-70B-Instruct", Relation.QUANTIZED)


MERGEKIT_CARD = """---
library_name: transformers
tags:
- mergekit
- merge
---
# Hermes-Zephyr-7B

This is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit).

## Merge Details
### Merge Method

This model was merged using the [TIES](https://arxiv.org/abs/2306.01708) merge method using
[mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1) as a base.

### Models Merged

The following models were included in the merge:
* [teknium/OpenHermes-2.5-Mistral-7B](https://huggingface.co/teknium/OpenHermes-2.5-Mistral-7B)
* [HuggingFaceH4/zephyr-7b-beta](https://huggingface.co/HuggingFaceH4/zephyr-7b-beta)

### Configuration

The following YAML configuration was used to produce this model:

```yaml
models:
  - model: teknium/OpenHermes-2.5-Mistral-7B
    parameters:
      density: 0.5
      weight: 0.5
  - model: HuggingFaceH4/zephyr-7b-beta
    parameters:
      density: 0.5
      weight: 0.5
merge_method: ties
base_model: mistralai/Mistral-7B-v0.1
parameters:
  normalize: true
dtype: bfloat16
```
"""


def test_mergekit_card() -> None:
    claims = by_target(record("acme/Hermes-Zephyr-7B", MERGEKIT_CARD.split("---\n", 2)[2]))
    assert set(claims) == {"teknium/OpenHermes-2.5-Mistral-7B", "HuggingFaceH4/zephyr-7b-beta",
                           "mistralai/Mistral-7B-v0.1"}
    assert {c.relation for c in claims.values()} == {Relation.MERGE}


def test_mergekit_yaml_alone_is_enough() -> None:
    body = """# frankenmerge

```yaml
slices:
  - sources:
      - model: acme/alpha-7b
        layer_range: [0, 24]
  - sources:
      - model: acme/beta-7b
        layer_range: [8, 32]
merge_method: passthrough
dtype: bfloat16
```
"""
    claims = by_target(record("acme/frankenmerge-10B", body))
    assert set(claims) == {"acme/alpha-7b", "acme/beta-7b"}
    assert all(c.relation is Relation.MERGE and "mergekit" in c.detail for c in claims.values())


def test_yaml_model_keys_without_mergekit_are_not_merges() -> None:
    body = "# x\n\n```yaml\nmodel: acme/alpha-7b\nlearning_rate: 2e-5\n```\n"
    assert analyse(record("acme/trainer-config", body)).claims == ()


@pytest.mark.parametrize(
    "dataset",
    ["the HuggingFaceH4/ultrachat_200k dataset", "an unknown dataset", "the None dataset", "trl-lib/tldr"],
)
def test_hf_trainer_template(dataset: str) -> None:
    link = "[Qwen/Qwen2.5-1.5B-Instruct](https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct)"
    body = f"""# my-run

<!-- This model card has been generated automatically according to the information the Trainer had access to. -->

# my-run

This model is a fine-tuned version of {link} on {dataset}.
It achieves the following results on the evaluation set:
- Loss: 0.4211

## Training procedure
"""
    claim = only_claim(record("someone/my-run", body))
    assert (claim.target, claim.relation) == ("Qwen/Qwen2.5-1.5B-Instruct", Relation.FINETUNE)
    assert "fine-tuned version of" in claim.detail


def test_hf_trainer_template_with_a_local_checkpoint_is_unresolved() -> None:
    body = ("# run\n\nThis model is a fine-tuned version of [./outputs/ckpt](./outputs/ckpt) on an unknown dataset.\n"
            "\n## Training procedure\n")
    rec = record("someone/run", body, tags=["generated_from_trainer"], siblings=["README.md", "model.safetensors"])
    assert analyse(rec).claims == ()


def test_unsloth_template() -> None:
    body = ("# Uploaded  model\n\n- **Developed by:** joe\n- **License:** apache-2.0\n- **Finetuned from model :** "
            "unsloth/llama-3-8b-bnb-4bit\n\nThis llama model was trained 2x faster with [Unsloth](https://github.com/"
            "unslothai/unsloth) and Huggingface's TRL library.\n")
    claim = only_claim(record("joe/llama3-tuned", body))
    assert claim.target == "unsloth/llama-3-8b-bnb-4bit"


def test_default_model_card_template() -> None:
    body = ("# Model Card\n\n## Model Details\n\n- **Developed by:** Joe\n- **Model type:** causal LM\n"
            "- **Finetuned from model [optional]:** meta-llama/Llama-2-7b-hf\n")
    assert only_claim(record("joe/card", body)).target == "meta-llama/Llama-2-7b-hf"


def test_axolotl_config_in_readme() -> None:
    body = ("# x\n\n<details><summary>See axolotl config</summary>\n\naxolotl version: `0.4.0`\n```yaml\n"
            "base_model: NousResearch/Llama-2-7b-hf\nmodel_type: LlamaForCausalLM\nadapter: lora\n```\n</details>\n")
    claim = only_claim(record("joe/axo", body))
    assert claim.target == "NousResearch/Llama-2-7b-hf"


def test_mlx_community_template_with_an_uninformative_name() -> None:
    body = ("# mlx-community/my-model-4bit\n\nThe Model [mlx-community/my-model-4bit](https://huggingface.co/"
            "mlx-community/my-model-4bit) was converted to MLX format from [Qwen/Qwen2.5-7B-Instruct](https://"
            "huggingface.co/Qwen/Qwen2.5-7B-Instruct) using mlx-lm version **0.18.1**.\n")
    claim = only_claim(record("mlx-community/my-model-4bit", body))
    assert (claim.target, claim.relation, claim.evidence) == (
        "Qwen/Qwen2.5-7B-Instruct", Relation.QUANTIZED, Evidence.README)


def test_exllama_quant_card() -> None:
    body = "# x\n\nExLlamaV2 quants of [Llama-3.1-8B-Instruct](https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct).\n"
    claim = only_claim(record("joe/x-exl2", body))
    assert (claim.target, claim.relation) == ("meta-llama/Llama-3.1-8B-Instruct", Relation.QUANTIZED)


def test_merge_sentence_lists_every_parent() -> None:
    body = "# x\n\nA SLERP merge of teknium/OpenHermes-2.5-Mistral-7B and HuggingFaceH4/zephyr-7b-beta.\n"
    claims = by_target(record("joe/merge", body))
    assert set(claims) == {"teknium/OpenHermes-2.5-Mistral-7B", "HuggingFaceH4/zephyr-7b-beta"}
    assert {c.relation for c in claims.values()} == {Relation.MERGE}


# -- declared metadata beats inference ------------------------------------------------------------------------


def test_declared_base_model_wins_over_prose() -> None:
    rec = record("acme/ft", "# ft\n\nThis model is fine-tuned from Qwen/Qwen2.5-7B.\n",
                 card={"base_model": "Qwen/Qwen2.5-Math-7B"})
    claim = only_claim(rec)
    assert (claim.target, claim.confidence, claim.evidence) == ("Qwen/Qwen2.5-Math-7B", Confidence.DECLARED, Evidence.CARD)


def test_declared_base_keeps_a_distillation_teacher_from_prose() -> None:
    rec = record("acme/student", "# s\n\nThe student is trained on outputs of Qwen/Qwen2.5-72B-Instruct.\n",
                 card={"base_model": "Qwen/Qwen2.5-7B"})
    claims = by_target(rec)
    assert claims["Qwen/Qwen2.5-7B"].confidence is Confidence.DECLARED
    assert claims["Qwen/Qwen2.5-72B-Instruct"].relation is Relation.DISTILLATION
    assert claims["Qwen/Qwen2.5-72B-Instruct"].confidence is Confidence.INFERRED


def test_hub_tags_give_the_relation() -> None:
    rec = record("acme/q", "# q\n", card={"base_model": "Qwen/Qwen2.5-7B"},
                 tags=["base_model:Qwen/Qwen2.5-7B", "base_model:quantized:Qwen/Qwen2.5-7B"])
    claim = only_claim(rec)
    assert claim.relation is Relation.QUANTIZED and claim.evidence is Evidence.CARD


def test_gated_readme_is_unread_evidence() -> None:
    rec = record("meta-llama/Llama-3.3-70B-Instruct", None, card={"license": "llama3.3"},
                 siblings=["README.md", "config.json"], statuses={"README.md": FileStatus.GATED})
    [reason] = analyse(rec).unread
    assert reason.startswith("README.md not read") and "gated" in reason


def test_fixture_distill_readme_reaches_its_llama_base() -> None:
    claims = by_target(fixture_record("deepseek-ai/DeepSeek-R1-Distill-Llama-70B"))
    assert set(claims) == {"meta-llama/Llama-3.3-70B-Instruct", "deepseek-ai/DeepSeek-R1"}
    llama = claims["meta-llama/Llama-3.3-70B-Instruct"]
    assert llama.confidence is Confidence.INFERRED and llama.evidence is Evidence.README
    assert any("derived from Llama3.3-70B-Instruct" in d for d in llama.details)
    assert claims["deepseek-ai/DeepSeek-R1"].relation is Relation.DISTILLATION


def test_fixture_paths_exist() -> None:
    assert Path(FIXTURES_DIR).is_dir()
