"""Card styles met on the real Hub that no recorded fixture has: the inference must generalise.

Each case runs the whole path (fake Hub -> huggingface_hub -> inference -> propagation)."""

from __future__ import annotations

import pytest

from fakehub import FakeHub
from helpers import repo
from modelaudit.analysis import analyse_model
from modelaudit.lineage.graph import NodeStatus
from modelaudit.sources.factory import SourceOptions, build_source

MLX = ("# mlx-community/Qwen2.5-7B-Instruct-4bit\n\nThe Model [mlx-community/Qwen2.5-7B-Instruct-4bit]"
       "(https://huggingface.co/mlx-community/Qwen2.5-7B-Instruct-4bit) was converted to MLX format from "
       "[Qwen/Qwen2.5-7B-Instruct](https://huggingface.co/Qwen/Qwen2.5-7B-Instruct) using mlx-lm version **0.19.2**.\n")
BARTOWSKI = ("## Llamacpp imatrix Quantizations of Meta-Llama-3.1-8B-Instruct\n\nUsing llama.cpp release b3472 for "
             "quantization.\n\nOriginal model: https://huggingface.co/meta-llama/Meta-Llama-3.1-8B-Instruct\n")
UNSLOTH = ("# Uploaded  model\n\n- **Developed by:** someone\n- **License:** apache-2.0\n"
           "- **Finetuned from model :** unsloth/llama-3-8b-Instruct-bnb-4bit\n\n"
           "This llama model was trained 2x faster with Unsloth.\n")
TRAINER_LEGACY = ("# distilbert-imdb\n\nThis model is a fine-tuned version of [distilbert-base-uncased]"
                  "(https://huggingface.co/distilbert-base-uncased) on the imdb dataset.\n")
TRAINER_EMPTY = ("# my-model\n\nThis model is a fine-tuned version of [](https://huggingface.co/) on an unknown "
                 "dataset.\nIt achieves the following results on the evaluation set:\n- Loss: 0.1\n")
MERGEKIT = ("# merged-7b\n\nThis is a merge of pre-trained language models created using "
            "[mergekit](https://github.com/cg123/mergekit).\n\n### Models Merged\n\n"
            "The following models were included in the merge:\n"
            "* [teknium/OpenHermes-2.5-Mistral-7B](https://huggingface.co/teknium/OpenHermes-2.5-Mistral-7B)\n"
            "* [HuggingFaceH4/zephyr-7b-beta](https://huggingface.co/HuggingFaceH4/zephyr-7b-beta)\n")
CREDITS = ("# Cool-13B\n\nQuantised by [TheBloke](https://huggingface.co/TheBloke); thanks to "
           "[meta-llama](https://huggingface.co/meta-llama) for the release.\n")


def _parents(fake_hub: FakeHub, *repos, subject: str):  # type: ignore[no-untyped-def]
    for r in repos:
        fake_hub.data.add(r)
    source = build_source(SourceOptions(endpoint=fake_hub.url), lambda _m: None)
    analysis = analyse_model(subject, source)
    return analysis, {(e.parent, e.relation.value, e.evidence.value) for e in analysis.graph.parents(subject)}


@pytest.mark.parametrize(
    ("repo_id", "body", "expected"),
    [
        ("mlx-community/Qwen2.5-7B-Instruct-4bit", MLX, ("Qwen/Qwen2.5-7B-Instruct", "quantized", "readme")),
        ("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", BARTOWSKI,
         ("meta-llama/Llama-3.1-8B-Instruct", "quantized", "readme")),  # renamed repo followed
        ("someone/llama3-8b-lora-sql", UNSLOTH, ("unsloth/llama-3-8b-Instruct-bnb-4bit", "finetune", "readme")),
        ("someone/distilbert-imdb", TRAINER_LEGACY, ("distilbert-base-uncased", "finetune", "readme")),
    ],
)
def test_real_world_card_styles(fake_hub: FakeHub, repo_id: str, body: str, expected: tuple[str, str, str]) -> None:
    extra = repo("distilbert-base-uncased", license="apache-2.0")
    analysis, parents = _parents(fake_hub, repo(repo_id, license="apache-2.0", body=body), extra, subject=repo_id)
    assert parents == {expected}
    assert analysis.graph.root.status is NodeStatus.RESOLVED


def test_mergekit_card_lists_every_parent(fake_hub: FakeHub) -> None:
    _, parents = _parents(fake_hub, repo("someone/merged-7b", license="apache-2.0", body=MERGEKIT),
                          subject="someone/merged-7b")
    assert {p for p, _, _ in parents} == {"teknium/OpenHermes-2.5-Mistral-7B", "HuggingFaceH4/zephyr-7b-beta"}
    assert {r for _, r, _ in parents} == {"merge"}


def test_trainer_card_with_empty_base_is_unresolved_not_a_root(fake_hub: FakeHub) -> None:
    analysis, parents = _parents(fake_hub, repo("someone/my-model", license="apache-2.0", body=TRAINER_EMPTY),
                                 subject="someone/my-model")
    assert parents == set()
    assert analysis.graph.root.status is NodeStatus.UNRESOLVED
    assert any("fine-tuned version of" in s for s in analysis.graph.root.derivative_signals)


def test_links_to_user_and_org_pages_are_not_models(fake_hub: FakeHub) -> None:
    _, parents = _parents(fake_hub, repo("someone/Cool-13B", license="apache-2.0", body=CREDITS),
                                 subject="someone/Cool-13B")
    assert not any(p in {"TheBloke", "meta-llama"} for p, _, _ in parents)


def test_abliterated_llama_by_name_only_reaches_the_base_licence(fake_hub: FakeHub) -> None:
    # The name begins with a known model's full name: that model is the (inferred) base, not just its family.
    base = repo("meta-llama/Llama-3.2-3B-Instruct", license="llama3.2", gated="manual")
    analysis, parents = _parents(
        fake_hub, repo("someone/Llama-3.2-3B-Instruct-abliterated", license=None, body="# Abliterated\n\nUncensored.\n"),
        base, subject="someone/Llama-3.2-3B-Instruct-abliterated")
    assert [(p, e) for p, _, e in parents] == [("meta-llama/Llama-3.2-3B-Instruct", "name")]
    assert "llama3.2" in analysis.propagation.effective_ids(analysis.subject)


def test_a_family_word_in_the_name_reaches_the_family_licence(fake_hub: FakeHub) -> None:
    analysis, parents = _parents(
        fake_hub, repo("someone/llama-3.2-roleplay-abliterated", license=None, body="# Abliterated\n\nUncensored.\n"),
        subject="someone/llama-3.2-roleplay-abliterated")
    assert [(p, e) for p, _, e in parents] == [("family:llama-3.2", "name")]
    assert "llama3.2" in analysis.propagation.effective_ids(analysis.subject)


def test_adapter_config_names_the_base(fake_hub: FakeHub) -> None:
    adapter = repo("someone/my-adapter", license=None, tags=["peft"], extra_files={
        "adapter_config.json": b'{"base_model_name_or_path": "mistralai/Mistral-7B-v0.1", "peft_type": "LORA"}'})
    _, parents = _parents(fake_hub, adapter, subject="someone/my-adapter")
    assert parents == {("mistralai/Mistral-7B-v0.1", "adapter", "adapter_config")}
