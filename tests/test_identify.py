"""Licence identification: every recorded fixture, every card spelling, tags, licence files and README prose.

The rule under test: a declared licence is identified against the knowledge base, or it becomes ``unknown``
with the raw value kept — it is never silently dropped.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from fakehub import FIXTURES_DIR, fixture_repo_dirs
from kb_helpers import record
from modelaudit.evidence import read_evidence
from modelaudit.licensing.identify import UNKNOWN, identify_declared, identify_hint, identify_text, lookup_value
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base
from modelaudit.sources.file_plan import plan_files
from modelaudit.sources.records import FileStatus, ModelRecord


def fixture_record(directory_name: str) -> ModelRecord:
    """A fixture repo as the Hub source records it (same file plan; gated files as a token holder sees them)."""
    directory = FIXTURES_DIR / directory_name
    info = json.loads((directory / "info.json").read_text(encoding="utf-8"))
    names = sorted(p.name for p in directory.iterdir() if p.is_file() and p.name != "info.json")
    card = info.get("cardData") or {}
    files = {n: (directory / n).read_text(encoding="utf-8") for n in plan_files(card, names)}
    return ModelRecord(repo_id=info["id"], requested_id=info["id"], revision=info.get("sha"), card_data=card,
                       tags=tuple(info.get("tags") or ()), siblings=tuple(names), files=files,
                       file_status={n: FileStatus.READ for n in files})


FIXTURE_DIRS = [p.name for p in fixture_repo_dirs()]  # the model repos (datasets/ holds the dataset repos)
UNSPECIFIC = {"other", "unknown", "none", ""}

#: What each recorded repo declares, as identified (reviewed by hand against the fixture cards).
EXPECTED = {
    "01-ai/Yi-34B": ["apache-2.0"],
    "CohereLabs/c4ai-command-r-v01": ["cc-by-nc-4.0"],
    "EleutherAI/pythia-6.9b": ["apache-2.0"],
    "HuggingFaceH4/zephyr-7b-beta": ["mit"],
    "LLM360/Amber": ["apache-2.0"],
    "LyaaaaaGames/Llama-2-7b": ["unknown"],  # "license_name: meta-llama-license" pasted in the body
    "MaziyarPanahi/zephyr-7b-beta-Mistral-7B-Instruct-v0.1": [],
    "NousResearch/Nous-Hermes-13b": ["gpl"],
    "Open-Orca/Mistral-7B-SlimOrca": ["apache-2.0"],
    "Qwen/QwQ-32B": ["apache-2.0"],
    "Qwen/QwQ-32B-Preview": ["apache-2.0"],
    "Qwen/Qwen2-1.5B-Instruct": ["apache-2.0"],
    "Qwen/Qwen2.5-32B": ["apache-2.0"],
    "Qwen/Qwen2.5-32B-Instruct": ["apache-2.0"],
    "Qwen/Qwen2.5-3B": ["qwen-research"],
    "Qwen/Qwen2.5-72B": ["qwen"],
    "Qwen/Qwen2.5-72B-Instruct": ["qwen"],
    "Qwen/Qwen2.5-7B": ["apache-2.0"],
    "Qwen/Qwen2.5-7B-Instruct": ["apache-2.0"],
    "Qwen/Qwen2.5-Math-1.5B": ["apache-2.0"],
    "Qwen/Qwen2.5-Math-7B": ["apache-2.0"],
    "RadleighPompeiBusiness/llama-3-1": ["apache-2.0"],
    "RichardErkhov/Qwen_-_Qwen2-Math-1.5B-Instruct-gguf": [],
    "Snowflake/snowflake-arctic-instruct": ["apache-2.0"],
    "THUDM/glm-4-9b": ["glm-4"],
    "Yukang/Llama-2-70b-longlora-32k": [],
    "ai21labs/AI21-Jamba-1.5-Mini": ["jamba-open-model"],
    "aicoder2009/testlama3bmodel": ["llama3.1"],
    "allenai/Llama-3.1-Tulu-3-8B-SFT": ["llama3.1"],
    "allenai/OLMo-2-1124-7B": ["apache-2.0"],
    "alpindale/dbrx-instruct": [],
    "armandnlp/EmoPrev_lora_seed43": [],
    "bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF": [],
    "bespokelabs/Bespoke-Stratos-32B": ["apache-2.0"],
    "bigscience/bloom": ["bigscience-bloom-rail-1.0"],
    "databricks/dbrx-instruct": ["dbrx"],
    "databricks/dolly-v2-12b": ["mit"],
    "deepseek-ai/DeepSeek-R1": ["mit"],
    "deepseek-ai/DeepSeek-R1-Distill-Llama-70B": ["mit"],
    "deepseek-ai/DeepSeek-R1-Distill-Llama-8B": ["mit"],
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B": ["mit"],
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B": ["mit"],
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B": ["mit"],
    # "subject to the Model License" in a repo of deepseek-ai, whose only model licence is the DeepSeek License
    "deepseek-ai/DeepSeek-V3": ["deepseek"],
    "deepseek-ai/DeepSeek-V3-Base": ["deepseek"],
    "deepseek-ai/deepseek-llm-7b-base": ["deepseek"],
    "eatingChen8059/lora_squad2_25000": [],
    "google-t5/t5-base": ["apache-2.0"],
    "google/gemma-2-9b": ["gemma"],
    "google/gemma-3-27b-it": ["gemma"],
    "google/gemma-3-27b-pt": ["gemma"],
    "grapevine-AI/c4ai-command-r-v01-gguf": ["cc-by-nc-4.0"],
    "linlinlin/zephy_SFT_Hermes": ["mit"],
    "lr1729/OpenHermes-2.5-Mistral-7B-imatrix": ["apache-2.0"],
    "meta-llama/Llama-2-7b-chat-hf": ["llama2"],
    "meta-llama/Llama-2-7b-hf": ["llama2"],
    "meta-llama/Llama-3.1-70B": ["llama3.1"],
    "meta-llama/Llama-3.1-70B-Instruct": ["llama3.1"],
    "meta-llama/Llama-3.1-8B": ["llama3.1"],
    "meta-llama/Llama-3.1-8B-Instruct": ["llama3.1"],
    "meta-llama/Llama-3.2-11B-Vision-Instruct": ["llama3.2"],
    "meta-llama/Llama-3.2-1B": ["llama3.2"],
    "meta-llama/Llama-3.2-1B-Instruct": ["llama3.2"],
    "meta-llama/Llama-3.3-70B-Instruct": ["llama3.3"],
    "meta-llama/Llama-4-Scout-17B-16E": ["llama4"],
    "meta-llama/Llama-4-Scout-17B-16E-Instruct": ["llama4"],
    "meta-llama/Meta-Llama-3-70B": ["llama3"],
    "meta-llama/Meta-Llama-3-70B-Instruct": ["llama3"],
    "meta-llama/Meta-Llama-3-8B": ["llama3"],
    "meta-llama/Meta-Llama-3-8B-Instruct": ["llama3"],
    "meta-math/MetaMath-Mistral-7B": ["apache-2.0"],
    "microsoft/phi-4": ["mit"],
    "mistralai/Codestral-22B-v0.1": ["mnpl"],
    "mistralai/Mistral-7B-v0.1": ["apache-2.0"],
    "mistralai/Mistral-Large-Instruct-2407": ["mrl"],
    "mistralai/Mistral-Small-24B-Base-2501": ["apache-2.0"],
    "mistralai/Mistral-Small-24B-Instruct-2501": ["apache-2.0"],
    "nvidia/Nemotron-4-340B-Instruct": ["nvidia-open-model"],
    "onnx-community/Llama-3.2-1B-Instruct-ONNX": ["llama3.2", "mit"],
    "open-thoughts/OpenThinker-7B": ["apache-2.0"],
    "perplexity-ai/r1-1776": ["mit"],
    "sonthenguyen/NeuralHermes-2.5-Mistral-7B": ["apache-2.0"],
    "stabilityai/stablelm-2-1_6b": ["stability-ai-nc-research"],  # "other" + its LICENSE file's title
    "teknium/OpenHermes-2-Mistral-7B": ["apache-2.0"],
    "teknium/OpenHermes-2.5-Mistral-7B": ["apache-2.0"],
    "tiiuae/falcon-180B": ["falcon-180b"],  # card "unknown", resolved from the README
    "tiiuae/falcon-7b": ["apache-2.0"],
    "unsloth/DeepSeek-R1-Distill-Llama-70B-bnb-4bit": ["llama3.3"],
    "unsloth/DeepSeek-R1-Distill-Llama-70B-unsloth-bnb-4bit": ["llama3.3"],
    "unsloth/DeepSeek-R1-Distill-Qwen-1.5B": ["apache-2.0"],
    "unsloth/llama-3-8b-Instruct-bnb-4bit": ["llama3"],
    "xai-org/grok-1": ["apache-2.0"],
}


def test_expected_table_covers_every_fixture() -> None:
    ids = {json.loads((FIXTURES_DIR / d / "info.json").read_text(encoding="utf-8"))["id"] for d in FIXTURE_DIRS}
    assert ids == set(EXPECTED)


@pytest.mark.parametrize("directory", FIXTURE_DIRS)
def test_every_fixture_licence_is_identified_or_explicitly_unknown(kb: KnowledgeBase, directory: str) -> None:
    rec = fixture_record(directory)
    declared = identify_declared(read_evidence(rec), kb)
    for item in declared.identified:
        if item.known:
            assert item.license is not None and kb.get(item.id) is item.license
        else:
            assert item.id == UNKNOWN
            assert item.raw.strip(), "an unknown licence must keep the raw value"
        assert item.evidence
    # nothing the card or the tags say is dropped
    card_values = rec.card_data.get("license")
    card_values = card_values if isinstance(card_values, list) else [card_values] if card_values else []
    raws = " ".join(i.raw.lower() for i in declared.identified)
    for value in card_values:
        assert declared.identified, f"card license {value!r} produced nothing"
        if str(value).lower() not in UNSPECIFIC:
            found = lookup_value(kb, str(value))
            assert (found is not None and found.id in declared.ids) or str(value).lower() in raws, value
    for tag in rec.tags:
        if tag.startswith("license:") and tag.split(":", 1)[1].lower() not in UNSPECIFIC:
            value = tag.split(":", 1)[1]
            found = lookup_value(kb, value)
            assert (found is not None and found.id in declared.ids) or value.lower() in raws, tag
    if rec.card_data.get("license") is not None:
        assert declared.raw_fields["license"] == rec.card_data["license"]
    assert list(declared.ids) == EXPECTED[rec.repo_id]


# -- the card's licence fields --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card", "expected", "raw_contains"),
    [
        ({"license": "apache-2.0"}, ["apache-2.0"], "apache-2.0"),
        ({"license": "Apache-2.0"}, ["apache-2.0"], "Apache-2.0"),
        ({"license": ["apache-2.0", "llama3.1"]}, ["apache-2.0", "llama3.1"], "llama3.1"),
        ({"license": ["mit", "mit"]}, ["mit"], "mit"),
        ({"license": "other", "license_name": "llama3.3"}, ["llama3.3"], "license_name: llama3.3"),
        ({"license": "other", "license_name": "falcon-180b-license-version1.0"}, ["falcon-180b"], "falcon-180b"),
        ({"license": "other", "license_name": "deepseek", "license_link": "LICENSE"}, ["deepseek"], "deepseek"),
        ({"license": "other", "license_link": "https://www.llama.com/llama3_1/license/"}, ["llama3.1"], "llama.com"),
        ({"license": "other", "license_link": "https://ai.google.dev/gemma/terms"}, ["gemma"], "gemma/terms"),
        ({"license_name": "qwen"}, ["qwen"], "qwen"),  # no license key at all
        ({"license": "llama3.2", "license_name": "ignored-when-specific"}, ["llama3.2"], "llama3.2"),
    ],
)
def test_card_licence_fields(kb: KnowledgeBase, card: dict[str, Any], expected: list[str], raw_contains: str) -> None:
    declared = identify_declared(read_evidence(record(card)), kb)
    assert list(declared.ids) == expected
    assert raw_contains in " ".join(i.raw for i in declared.identified)


@pytest.mark.parametrize(
    ("card", "raw"),
    [
        ({"license": "frobnicate-1.0"}, "frobnicate-1.0"),
        ({"license": "unknown"}, "unknown"),
        ({"license": "other"}, "other"),
        ({"license": "other", "license_name": "acme-model-license"}, "acme-model-license"),
        ({"license": "other", "license_link": "https://example.com/our-terms.html"}, "example.com/our-terms"),
        ({"license": "other", "license_link": "https://huggingface.co/acme/m/blob/main/LICENSE"}, "LICENSE"),
        ({"license": ["mit", "acme-special"]}, "acme-special"),
    ],
)
def test_unrecognised_values_become_unknown_with_the_raw_value(kb: KnowledgeBase, card: dict[str, Any],
                                                                raw: str) -> None:
    declared = identify_declared(read_evidence(record(card)), kb)
    unknown = declared.unknown
    assert unknown, declared.identified
    assert all(i.id == UNKNOWN and i.license is None for i in unknown)
    assert any(raw in i.raw for i in unknown)
    assert not declared.declared_nothing


def test_no_licence_anywhere_is_declared_nothing(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({}, "# A model\n\nIt is good.\n")), kb)
    assert declared.declared_nothing and declared.ids == ()


@pytest.mark.parametrize("key", ["licence", "License", "LICENSE", "Licence", "lisence", "licnese", "license "])
def test_typod_licence_keys_are_read(kb: KnowledgeBase, key: str) -> None:
    declared = identify_declared(read_evidence(record({key: "mit"})), kb)
    assert declared.ids == ("mit",)
    if key != "license":
        assert any(repr(key) in n for n in declared.notes)


@pytest.mark.parametrize("key", ["License_Name", "licence_name", "license-name"])
def test_typod_licence_name_keys_are_read(kb: KnowledgeBase, key: str) -> None:
    assert identify_declared(read_evidence(record({"license": "other", key: "gemma"})), kb).ids == ("gemma",)


@pytest.mark.parametrize("key", ["language", "library_name", "model_name", "base_model", "pipeline_tag"])
def test_other_keys_are_not_mistaken_for_licence_keys(kb: KnowledgeBase, key: str) -> None:
    assert identify_declared(read_evidence(record({key: "mit"})), kb).declared_nothing


# -- the Hub's license: tags ----------------------------------------------------------------------------------


def test_licence_tags_without_a_card_field(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({}, tags=["license:llama3", "text-generation"])), kb)
    assert declared.ids == ("llama3",)
    assert declared.identified[0].evidence == "tag license:llama3"
    assert declared.raw_fields["tags"] == ["license:llama3"]


def test_unknown_licence_tag_is_kept(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({}, tags=["license:mystery-thing"])), kb)
    assert [(i.id, i.raw) for i in declared.identified] == [(UNKNOWN, "mystery-thing")]


def test_tag_adds_to_the_card_value(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({"license": "mit"}, tags=["license:mit", "license:apache-2.0"])), kb)
    assert declared.ids == ("mit", "apache-2.0")


def test_license_other_tag_resolved_through_the_name(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({"license_name": "mrl"}, tags=["license:other"])), kb)
    assert declared.ids == ("mrl",)


# -- LICENSE / NOTICE / USE_POLICY text -----------------------------------------------------------------------

APACHE_TEXT = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
"""
MIT_TEXT = """MIT License

Copyright (c) 2024 Someone

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
"""
LLAMA31_TEXT = "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n"
LLAMA2_TEXT = "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n"
FALCON_TEXT = ("FALCON 180B TII LICENSE VERSION 1.0\n\nThis license is based on the Apache License, Version 2.0 "
               "with extra terms. Use of Falcon180B for hosted services may require a separate license.\n")
GEMMA_TEXT = "Gemma Terms of Use\n\nLast modified: February 21, 2024\n\nBy using Gemma you agree...\n"
DEEPSEEK_TEXT = "DEEPSEEK LICENSE AGREEMENT\n\nVersion 1.0, 23 October 2023\n\nCopyright (c) 2023 DeepSeek\n"


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        ("LICENSE", APACHE_TEXT, "apache-2.0"),
        ("LICENSE.txt", MIT_TEXT, "mit"),
        ("LICENSE", LLAMA31_TEXT, "llama3.1"),
        ("LICENSE.md", LLAMA2_TEXT, "llama2"),
        ("LICENSE", FALCON_TEXT, "falcon-180b"),  # the licensor's licence wins over the Apache wording in it
        ("LICENSE", GEMMA_TEXT, "gemma"),
        ("LICENSE-MODEL", DEEPSEEK_TEXT, "deepseek"),
    ],
)
def test_licence_file_phrases(kb: KnowledgeBase, filename: str, text: str, expected: str) -> None:
    declared = identify_declared(read_evidence(record({}, files={filename: text})), kb)
    assert declared.ids == (expected,)
    assert filename in declared.identified[0].evidence


def test_licence_file_resolves_card_other(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({"license": "other"}, files={"LICENSE": LLAMA2_TEXT})), kb)
    assert declared.ids == ("llama2",)
    assert declared.identified[0].raw == "other / LICENSE"


def test_falcon_text_is_not_also_apache(kb: KnowledgeBase) -> None:
    assert [lic.id for lic in identify_text(kb, FALCON_TEXT)] == ["falcon-180b"]


def test_unrecognised_licence_file_is_unknown_not_nothing(kb: KnowledgeBase) -> None:
    text = "Acme Model Terms.\nYou may not do anything.\n"
    declared = identify_declared(read_evidence(record({}, files={"LICENSE.txt": text})), kb)
    assert declared.ids == (UNKNOWN,)
    assert "LICENSE.txt" in declared.identified[0].raw


def test_notice_file_alone_declares_no_licence_of_its_own(kb: KnowledgeBase) -> None:
    text = "Portions copyright Acme. Built with care.\n"
    declared = identify_declared(read_evidence(record({}, files={"NOTICE": text})), kb)
    assert declared.declared_nothing


def test_use_policy_text_identifies_its_licence(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({}, files={"NOTICE.txt": "Llama 3.1 is licensed under the Llama 3.1 "
                                                              "Community License, Copyright © Meta Platforms, Inc.\n"})), kb)
    assert declared.ids == ("llama3.1",)


# -- README prose ---------------------------------------------------------------------------------------------


def test_readme_originally_licensed_under(kb: KnowledgeBase) -> None:
    body = ("# Distill\n\n- Distill-70B is derived from Llama3.3-70B-Instruct and was originally licensed under the "
            "llama3.3 license.\n")
    declared = identify_declared(read_evidence(record({"license": "other"}, body)), kb)
    assert declared.ids == ("llama3.3",)
    assert "originally licensed under the llama3.3 license" in declared.identified[0].raw
    assert identify_hint(kb, "llama3.3 license") is kb.get("llama3.3")
    assert identify_hint(kb, "the Llama 3.1 Community License") is kb.get("llama3.1")


def test_readme_weights_sentence(kb: KnowledgeBase) -> None:
    body = "# M\n\nThe model weights are licensed under the MIT License.\n"
    declared = identify_declared(read_evidence(record({}, body)), kb)
    assert declared.ids == ("mit",)
    assert declared.identified[0].evidence == "README prose"


def test_readme_code_only_sentence_is_not_the_model_licence(kb: KnowledgeBase) -> None:
    body = "# M\n\nThis code repository is licensed under the MIT License.\n"
    assert identify_declared(read_evidence(record({}, body)), kb).declared_nothing


def test_readme_names_an_unknown_licence(kb: KnowledgeBase) -> None:
    body = "# M\n\nThe use of the model is subject to the Acme Responsible Model License.\n"
    declared = identify_declared(read_evidence(record({}, body)), kb)
    assert declared.ids == (UNKNOWN,)
    assert "Acme Responsible Model License" in declared.identified[0].raw


def test_readme_pasted_metadata(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({}, "# M\n\nlicense: other\nlicense_name: llama3\n")), kb)
    assert declared.ids == ("llama3",)
    assert declared.identified[0].evidence == "README (metadata pasted as text)"


def test_card_value_beats_readme_prose(kb: KnowledgeBase) -> None:
    body = "# M\n\nThe model weights are licensed under the MIT License.\n"
    assert identify_declared(read_evidence(record({"license": "apache-2.0"}, body)), kb).ids == ("apache-2.0",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("llama3.3", "llama3.3"), ("Llama-3.3 License", "llama3.3"), ("llama 2 community license", "llama2"),
        ("gemma terms of use", "gemma"), ("https://mistral.ai/licenses/MRL-0.1.md", "mrl"),
        ("https://www.apache.org/licenses/LICENSE-2.0", "apache-2.0"), ("cc-by-nc-4.0", "cc-by-nc-4.0"),
        ("falcon-180b-license", "falcon-180b"), ("jamba-open-model-license", "jamba-open-model"),
    ],
)
def test_lookup_value_spellings(kb: KnowledgeBase, value: str, expected: str) -> None:
    found = lookup_value(kb, value)
    assert found is not None and found.id == expected


def test_a_generic_model_license_is_the_publishers_only_licence() -> None:
    from modelaudit.licensing.identify import identify_declared, publisher_license
    from modelaudit.sources.records import ModelRecord

    kb = default_knowledge_base()
    assert publisher_license(kb, "deepseek-ai/anything").id == "deepseek"  # type: ignore[union-attr]
    assert publisher_license(kb, "meta-llama/anything") is None  # several Llama licences: ambiguous
    assert publisher_license(kb, "someone/anything") is None

    body = "# X\n\nThe use of the X models is subject to the Model License.\n"
    for repo_id, expected in (("deepseek-ai/New-Model", "deepseek"), ("meta-llama/New-Model", "unknown"),
                              ("someone/New-Model", "unknown")):
        record = ModelRecord(repo_id=repo_id, requested_id=repo_id, revision="0" * 40, card_data={},
                             siblings=("README.md",), files={"README.md": body})
        assert identify_declared(read_evidence(record), kb).ids == (expected,), repo_id
