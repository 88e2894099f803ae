"""Openness: OSI Open Source AI Definition 1.0 and the Model Openness Framework (issue 5).

The OSI validation outcomes are reproduced by the real engine on the bundled offline snapshot; the
edge cases (family matching, inheritance, unknown licences, strong/weak evidence) use synthetic repos
served by the local fake Hub. No test touches the network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, make_repo
from helpers import card_readme
from modelaudit.analysis import ModelAnalysis, analyse_model
from modelaudit.errors import ModelauditError
from modelaudit.licensing.knowledge_base import load_knowledge_base
from modelaudit.lineage.graph import NodeKind
from modelaudit.lineage.names import default_catalogue
from modelaudit.openness import (
    Assessments,
    AssessmentsError,
    OpennessAssessment,
    assess_graph,
    assess_openness,
    default_assessments,
    eu_ai_act_open_source_exemption,
    load_assessments,
)
from modelaudit.resources import data_dir
from modelaudit.sources.base import ModelSource
from modelaudit.sources.factory import SourceOptions, build_source
from modelaudit.sources.hub import HubSource

# -- helpers ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline() -> ModelSource:
    return build_source(SourceOptions(offline=True), lambda _message: None)


def _analyse(reference: str, source: ModelSource) -> ModelAnalysis:
    return analyse_model(reference, source)


def _openness(reference: str, source: ModelSource) -> OpennessAssessment:
    return assess_openness(_analyse(reference, source))


def _synthetic(repo_id: str, *, license: str | None = "apache-2.0", body: str = "", gated: bool | str = False,
               **card: Any) -> Any:
    """A fake Hub repo whose front matter and cardData agree (datasets, base_model, ... go in ``card``)."""
    front: dict[str, Any] = {"license": license} if license is not None else {}
    front.update(card)
    tags = [f"license:{license}"] if license else []
    tags += [f"base_model:{b}" for b in ([card["base_model"]] if isinstance(card.get("base_model"), str) else [])]
    return make_repo(repo_id, tags=tags, gated=gated, files={"README.md": card_readme(front, body)}, cardData=front)


@pytest.fixture
def hub(fake_hub: FakeHub) -> Iterator[FakeHub]:
    """The fake Hub serving the recorded fixtures; tests add synthetic repos to it."""
    yield fake_hub


def _on_hub(hub: FakeHub, reference: str, *repos: Any, token: str | None = None) -> ModelAnalysis:
    for r in repos:
        hub.data.add(r)
    return analyse_model(reference, HubSource(endpoint=hub.url, token=token))


STRONG_CARD = """
# open-lm-1b

## Training data
Trained on the datasets listed in the card metadata, described in full in the data card.

## Training code
The training code and configuration are at https://github.com/example-lab/open-lm-train.
"""

# -- the OSI validation outcomes on the bundled snapshot ----------------------------------------------

MEETS = ["EleutherAI/pythia-6.9b", "allenai/OLMo-2-1124-7B", "LLM360/Amber", "google-t5/t5-base"]
DOES_NOT_MEET = [
    "meta-llama/Llama-2-7b-hf",
    "xai-org/grok-1",
    "mistralai/Mistral-7B-v0.1",
    "microsoft/phi-4",
    "deepseek-ai/DeepSeek-R1",
    "Qwen/Qwen2.5-7B",
]


@pytest.mark.parametrize("reference", MEETS)
def test_osi_validated_models_meet(offline: ModelSource, reference: str) -> None:
    result = _openness(reference, offline)
    assert result.osaid == "meets"
    assert result.published is not None and result.published.osaid == "meets"
    assert result.published.source_url.startswith("https://") and result.published.date
    assert result.published.source_url in result.reasons[0]
    assert {c.name: c.status for c in result.components} == dict.fromkeys(
        ("data-information", "code", "parameters"), "available")
    assert result.component("parameters").terms == "apache-2.0"
    assert result.component("parameters").osd_conformant is True


@pytest.mark.parametrize("reference", DOES_NOT_MEET)
def test_models_that_fall_short_do_not_meet(offline: ModelSource, reference: str) -> None:
    result = _openness(reference, offline)
    assert result.osaid == "does-not-meet"
    assert result.reasons


def test_apache_licence_alone_is_not_enough(offline: ModelSource) -> None:
    # Grok-1 is Apache-2.0 and still failed the OSI validation: the curated entry decides and is cited.
    grok = _openness("xai-org/grok-1", offline)
    assert grok.component("parameters").osd_conformant is True
    assert grok.published is not None and grok.published.id == "osi-osaid-1.0-grok"
    # Mistral-7B (Apache-2.0, no curated entry) fails on its own evidence: the card gives no data or code.
    mistral = _openness("mistralai/Mistral-7B-v0.1", offline)
    assert mistral.published is None
    assert mistral.component("data-information").status == "missing"
    assert mistral.component("code").status == "missing"
    assert "no data information and no training code" in mistral.reasons[0]


def test_llama_2_fails_on_its_licence_as_well(offline: ModelSource) -> None:
    result = _openness("meta-llama/Llama-2-7b-hf", offline)
    assert result.component("parameters").terms == "llama2"
    assert result.component("parameters").osd_conformant is False
    assert result.mof_class is None
    assert any("not under an open licence" in r for r in result.reasons)


# -- family-level matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_id", "entry"),
    [
        ("EleutherAI/pythia-160m-deduped", "osi-osaid-1.0-pythia"),
        ("eleutherai/Pythia-12b", "osi-osaid-1.0-pythia"),
        ("allenai/OLMo-7B", "osi-osaid-1.0-olmo"),
        ("allenai/OLMo-2-1124-13B-Instruct", "osi-osaid-1.0-olmo"),
        ("LLM360/AmberChat", "osi-osaid-1.0-amber"),
        ("LLM360/CrystalCoder", "osi-osaid-1.0-crystalcoder"),
        ("google-t5/t5-11b", "osi-osaid-1.0-t5"),
        ("google/t5-v1_1-base", "osi-osaid-1.0-t5"),
        ("t5-small", "osi-osaid-1.0-t5"),
        ("meta-llama/Llama-2-70b-chat-hf", "osi-osaid-1.0-llama-2"),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", "osi-osaid-1.0-mixtral"),
        ("microsoft/phi-2", "osi-osaid-1.0-phi-2"),
        ("xai-org/grok-1", "osi-osaid-1.0-grok"),
    ],
)
def test_family_entries_match_every_repo_they_mean(repo_id: str, entry: str) -> None:
    found = default_assessments().for_repo(repo_id)
    assert found is not None and found.id == entry


@pytest.mark.parametrize(
    "repo_id",
    [
        "someone/pythia-160m-finetuned",  # a third party's repo is assessed on its own lineage
        "EleutherAI/gpt-neox-20b",
        "allenai/OLMoE-1B-7B-0924",
        "mistralai/Mistral-7B-v0.1",
        "microsoft/phi-4",
        "xai-org/grok-1-fork",
        "google/flan-t5-base",
        "meta-llama/Llama-3.1-8B",
    ],
)
def test_family_entries_do_not_reach_other_repos(repo_id: str) -> None:
    assert default_assessments().for_repo(repo_id) is None


def test_family_placeholders_match_by_catalogue_family() -> None:
    assert [e.id for e in default_assessments().matching([], family="mixtral")] == ["osi-osaid-1.0-mixtral"]
    catalogue = default_catalogue()
    for entry in default_assessments():
        for family in entry.families:
            assert catalogue.family(family) is not None, (entry.id, family)


def test_a_synthetic_pythia_size_meets_through_the_family_entry(hub: FakeHub) -> None:
    analysis = _on_hub(hub, "EleutherAI/pythia-160m-deduped", _synthetic("EleutherAI/pythia-160m-deduped"))
    result = assess_openness(analysis)
    assert result.osaid == "meets"
    assert result.published is not None and result.published.id == "osi-osaid-1.0-pythia"


def test_a_published_meets_does_not_cover_other_terms(hub: FakeHub) -> None:
    # Fail closed: a family entry cannot vouch for a repo whose own weights terms are not open.
    analysis = _on_hub(hub, "EleutherAI/pythia-70m-nc", _synthetic("EleutherAI/pythia-70m-nc", license="cc-by-nc-4.0"))
    result = assess_openness(analysis)
    assert result.osaid == "does-not-meet"
    assert "does not cover these terms" in result.reasons[0]


# -- lineage ------------------------------------------------------------------------------------------------


def test_a_derivative_of_llama_2_does_not_meet(hub: FakeHub) -> None:
    # Relabelling the fine-tune Apache-2.0 does not help: the base fails, and its terms still bind.
    tuned = _synthetic("someone/llama-2-7b-tuned", base_model="meta-llama/Llama-2-7b-hf",
                       datasets=["someone/instructions"], body=STRONG_CARD)
    result = assess_openness(_on_hub(hub, "someone/llama-2-7b-tuned", tuned))
    assert result.osaid == "does-not-meet"
    assert result.inherited_from == "meta-llama/Llama-2-7b-hf"
    assert "meta-llama/Llama-2-7b-hf" in result.reasons[0]


def test_inheritance_names_the_root_cause_in_the_snapshot(offline: ModelSource) -> None:
    graph = assess_graph(_analyse("HuggingFaceH4/zephyr-7b-beta", offline))
    assert graph["mistralai/Mistral-7B-v0.1"].osaid == "does-not-meet"
    assert graph["mistralai/Mistral-7B-v0.1"].inherited_from is None
    assert graph["HuggingFaceH4/zephyr-7b-beta"].osaid == "does-not-meet"
    assert graph["HuggingFaceH4/zephyr-7b-beta"].inherited_from == "mistralai/Mistral-7B-v0.1"


def test_a_licence_failure_is_named_before_a_missing_element(offline: ModelSource) -> None:
    # Distill-Llama-8B has two failing parents: DeepSeek-R1 (no data/code on the card) and Llama 3.1 (its
    # licence). The firmer ground is the one reported.
    result = _openness("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", offline)
    assert result.osaid == "does-not-meet"
    assert result.inherited_from == "meta-llama/Llama-3.1-8B"


def test_assess_graph_covers_every_node(offline: ModelSource) -> None:
    analysis = _analyse("HuggingFaceH4/zephyr-7b-beta", offline)
    graph = assess_graph(analysis)
    # Every model node; datasets and closed services are not AI systems and have no outcome.
    assert set(graph) == {n.id for n in analysis.graph.nodes() if n.kind not in (NodeKind.DATASET, NodeKind.SERVICE)}
    assert graph[analysis.subject] == assess_openness(analysis)


def test_a_good_derivative_of_an_unassessable_base_is_not_claimed(hub: FakeHub) -> None:
    child = _synthetic("example-lab/open-lm-1b-chat", base_model="example-lab/not-on-the-hub",
                       datasets=["example-lab/chat-data"], body=STRONG_CARD)
    result = assess_openness(_on_hub(hub, "example-lab/open-lm-1b-chat", child))
    assert result.osaid == "insufficient-information"


# -- evidence on its own --------------------------------------------------------------------------------------


def test_an_unknown_licence_gives_insufficient_information(hub: FakeHub) -> None:
    plain = _synthetic("example-lab/mystery-7b", license="other", license_name="mystery-model-licence")
    result = assess_openness(_on_hub(hub, "example-lab/mystery-7b", plain))
    assert result.osaid == "insufficient-information"
    assert result.component("parameters").osd_conformant is None
    assert "not recognised" in result.reasons[0]


def test_an_unknown_licence_is_not_rescued_by_good_evidence(hub: FakeHub) -> None:
    full = _synthetic("example-lab/mystery-1b", license="other", license_name="mystery-model-licence",
                      datasets=["allenai/dolma"], body=STRONG_CARD)
    assert assess_openness(_on_hub(hub, "example-lab/mystery-1b", full)).osaid == "insufficient-information"


def test_an_open_content_licence_that_is_not_osi_approved_is_left_open(hub: FakeHub) -> None:
    # CC-BY-4.0 grants the freedoms but is not OSI-approved: neither passed nor failed on our reading.
    repo = _synthetic("example-lab/open-lm-ccby", license="cc-by-4.0", datasets=["allenai/dolma"], body=STRONG_CARD)
    result = assess_openness(_on_hub(hub, "example-lab/open-lm-ccby", repo))
    assert result.component("parameters").osd_conformant is None
    assert result.osaid == "insufficient-information"
    assert "not OSI-approved" in result.reasons[0]
    assert "model parameters (final)" in result.mof_found  # an open data licence is enough for the MOF


def test_strong_evidence_meets_without_a_published_assessment(hub: FakeHub) -> None:
    repo = _synthetic("example-lab/open-lm-1b", datasets=["allenai/dolma"], body=STRONG_CARD)
    hub.data.add(repo)
    # allenai/dolma, a dataset node, is not on this Hub: a listed dataset that could not be read is named,
    # and the card's own list still counts (it never weakens what the card establishes).
    analysis = analyse_model("example-lab/open-lm-1b", HubSource(endpoint=hub.url))
    result = assess_openness(analysis)
    assert result.osaid == "meets", result.reasons
    assert result.published is None
    assert all(c.status == "available" for c in result.components)
    assert any("github.com/example-lab/open-lm-train" in e for e in result.component("code").evidence)


def test_weak_evidence_never_claims_meets(hub: FakeHub) -> None:
    # Data described in prose and training code named, but no datasets listed and no codebase linked.
    body = "## Training data\nA web crawl we describe in the paper.\n\nThe training code will follow.\n"
    repo = _synthetic("example-lab/open-lm-2b", body=body)
    result = assess_openness(_on_hub(hub, "example-lab/open-lm-2b", repo))
    assert result.osaid == "insufficient-information"


def test_an_approval_gate_keeps_strong_evidence_from_meets(hub: FakeHub) -> None:
    # With a token that was granted access the card is read in full; the gate itself is what blocks.
    repo = _synthetic("example-lab/open-lm-3b", datasets=["allenai/dolma"], body=STRONG_CARD, gated="manual")
    result = assess_openness(_on_hub(hub, "example-lab/open-lm-3b", repo, token=DEFAULT_ACCESS_TOKEN))
    assert result.osaid == "insufficient-information"
    assert "permission" in result.reasons[0]


def test_an_unreadable_card_is_not_read_as_empty(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_TOKEN")
    # Without access the README of a gated repo cannot be read: its silence proves nothing.
    repo = _synthetic("example-lab/open-lm-4b", body=STRONG_CARD, gated="manual")
    result = assess_openness(_on_hub(hub, "example-lab/open-lm-4b", repo))
    assert result.component("code").status == "unknown"
    assert result.osaid == "insufficient-information"


def test_a_code_link_that_is_not_training_code_does_not_count(hub: FakeHub) -> None:
    body = ("## Training data\nAll sources listed in the metadata.\n\n"
            "## Usage\nRun it with https://github.com/example-lab/inference-server.\n")
    repo = _synthetic("example-lab/open-lm-5b", datasets=["allenai/dolma"], body=body)
    result = assess_openness(_on_hub(hub, "example-lab/open-lm-5b", repo))
    assert result.component("code").status == "unknown"
    assert result.osaid == "insufficient-information"


def test_published_component_statuses_are_cited(hub: FakeHub) -> None:
    # Mixtral: Apache-2.0 weights, but the OSI found the data information and code missing.
    analysis = _on_hub(hub, "mistralai/Mixtral-8x7B-v0.1", _synthetic("mistralai/Mixtral-8x7B-v0.1"))
    result = assess_openness(analysis)
    assert result.osaid == "does-not-meet"
    assert result.published is not None and result.published.id == "osi-osaid-1.0-mixtral"
    data, code, params = result.components
    assert (data.status, code.status, params.status) == ("missing", "missing", "available")
    assert params.osd_conformant is True
    assert data.evidence[0].startswith("Open Source Initiative, OSAID 1.0 validation (2024-10-28)")


def test_a_card_that_withholds_its_data_does_not_meet(hub: FakeHub) -> None:
    body = ("Training code: https://github.com/example-lab/train\n\n"
            "The training data is proprietary and will not be released.\n")
    repo = _synthetic("example-lab/closed-data-7b", body=body)
    result = assess_openness(_on_hub(hub, "example-lab/closed-data-7b", repo))
    assert result.osaid == "does-not-meet"
    assert result.component("data-information").status == "missing"


# -- MOF -------------------------------------------------------------------------------------------------------


def test_mof_class_iii_from_the_card(hub: FakeHub) -> None:
    body = ("# lab-3b\n\n## Training data\nThe data card lists every source.\n\n"
            "## Evaluation\n| task | score |\n|---|---|\n| arc | 50 |\n\nSee our technical report.\n")
    repo = _synthetic("example-lab/lab-3b", body=body)
    repo.info["library_name"] = "transformers"
    result = assess_openness(_on_hub(hub, "example-lab/lab-3b", repo))
    assert result.mof_class == "III"
    assert {"model architecture", "model parameters (final)", "evaluation results", "model card", "data card",
            "technical report"} <= set(result.mof_found)
    assert "training code" in result.mof_missing


def test_mof_needs_open_weights(hub: FakeHub) -> None:
    body = "## Training data\nListed.\n\n## Evaluation\nGood.\n\nTechnical report on arXiv.\n"
    repo = _synthetic("example-lab/lab-nc", license="cc-by-nc-4.0", body=body)
    repo.info["library_name"] = "transformers"
    result = assess_openness(_on_hub(hub, "example-lab/lab-nc", repo))
    assert result.mof_class is None
    assert "model parameters (final)" in result.mof_missing


def test_mof_found_and_missing_partition_the_components(offline: ModelSource) -> None:
    result = _openness("EleutherAI/pythia-6.9b", offline)
    assert not set(result.mof_found) & set(result.mof_missing)
    assert len(result.mof_found) + len(result.mof_missing) == 14


# -- EU AI Act open-source exemption -------------------------------------------------------------------------


def test_eu_exemption_may_apply_to_open_weights(offline: ModelSource) -> None:
    analysis = _analyse("EleutherAI/pythia-6.9b", offline)
    may_apply, reason = eu_ai_act_open_source_exemption(assess_openness(analysis), analysis)
    assert may_apply is True
    assert "may apply" in reason


def test_eu_exemption_does_not_apply_under_a_restrictive_licence(offline: ModelSource) -> None:
    analysis = _analyse("meta-llama/Llama-2-7b-hf", offline)
    exemption = eu_ai_act_open_source_exemption(assess_openness(analysis), analysis)
    assert exemption.may_apply is False
    assert {c.name: c.met for c in exemption.conditions}["open-licence"] is False
    assert exemption.to_json()["may_apply"] is False


def test_eu_exemption_is_open_when_the_licence_is_unknown(hub: FakeHub) -> None:
    analysis = _on_hub(hub, "example-lab/mystery-2b", _synthetic("example-lab/mystery-2b", license="other"))
    assert eu_ai_act_open_source_exemption(assess_openness(analysis), analysis).may_apply is None


# -- JSON contract --------------------------------------------------------------------------------------------


def test_json_shape(offline: ModelSource) -> None:
    data = _openness("xai-org/grok-1", offline).to_json()
    assert list(data) == ["osaid", "components", "mof_class", "mof_components", "published", "inherited_from", "reasons"]
    assert [c["name"] for c in data["components"]] == ["data-information", "code", "parameters"]
    assert set(data["components"][0]) == {"name", "status", "terms", "osd_conformant", "evidence"}
    assert set(data["mof_components"]) == {"found", "missing"}
    assert {"assessor", "url", "date", "outcome"} <= set(data["published"])
    assert data["published"]["outcome"] == "does-not-meet"
    assert _openness("Qwen/Qwen2.5-7B", offline).to_json()["published"] is None


# -- the curated file -------------------------------------------------------------------------------------------


def test_every_curated_entry_cites_a_source_and_a_date() -> None:
    entries = list(default_assessments())
    assert len(entries) >= 9
    for entry in entries:
        assert entry.source_url.startswith("https://"), entry.id
        assert dt.date.fromisoformat(entry.date), entry.id
        assert entry.assessor and entry.notes and entry.match, entry.id
        assert entry.osaid in ("meets", "does-not-meet") or entry.mof_class in ("I", "II", "III"), entry.id


def test_osi_outcomes_in_the_file_are_the_published_ones() -> None:
    outcome = {e.id: e.osaid for e in default_assessments()}
    for name in ("pythia", "olmo", "amber", "crystalcoder", "t5"):
        assert outcome[f"osi-osaid-1.0-{name}"] == "meets"
    for name in ("llama-2", "grok", "phi-2", "mixtral", "bloom", "starcoder2"):
        assert outcome[f"osi-osaid-1.0-{name}"] == "does-not-meet"


def test_the_curated_file_does_not_disturb_the_licence_knowledge_base() -> None:
    assert (data_dir("licenses") / "openness" / "assessments.yaml").is_file()
    kb = load_knowledge_base()
    assert len(kb) == len(list(data_dir("licenses").glob("*.yaml")))
    assert kb.get("assessments") is None


# -- a bad assessments file ---------------------------------------------------------------------------------------

GOOD_ENTRY: dict[str, Any] = {
    "id": "test-entry",
    "system": "Test (Lab)",
    "match": ["example-lab/test-.*"],
    "osaid": "meets",
    "mof_class": None,
    "assessor": "Someone",
    "source_url": "https://example.org/assessment",
    "date": "2024-10-28",
    "notes": "A test entry.",
}


def _write(tmp_path: Path, entries: list[dict[str, Any]], **top: Any) -> Path:
    path = tmp_path / "assessments.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "assessments": entries, **top}, sort_keys=False), encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    loaded = load_assessments(_write(tmp_path, [GOOD_ENTRY]))
    assert isinstance(loaded, Assessments)
    assert loaded.for_repo("example-lab/test-1b") is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": None}, "date"),
        ({"date": "28/10/2024"}, "date"),
        ({"date": "2024-02-30"}, "date"),
        ({"source_url": "opensource.org/ai"}, "source_url"),
        ({"osaid": "passes"}, "osaid"),
        ({"mof_class": "IV"}, "mof_class"),
        ({"osaid": None, "mof_class": None}, "osaid"),
        ({"match": ["example-lab/(unclosed"]}, "match[0]"),
        ({"match": [".*"]}, "match[0]"),
        ({"match": []}, "match"),
        ({"assessor": ""}, "assessor"),
        ({"sauce_url": "https://example.org"}, "sauce_url"),
        ({"components": [{"name": "weights", "status": "available"}]}, "components[0].name"),
        ({"components": [{"name": "code", "status": "missing"}]}, "components"),
        ({"components": [{"name": "code", "status": "available", "osd_conformant": "yes"}]},
         "components[0].osd_conformant"),
    ],
)
def test_a_bad_entry_names_the_file_and_field(tmp_path: Path, change: dict[str, Any], field: str) -> None:
    path = _write(tmp_path, [{**GOOD_ENTRY, **change}])
    with pytest.raises(AssessmentsError) as info:
        load_assessments(path)
    message = str(info.value)
    assert str(path) in message
    assert f"assessments[0] (test-entry).{field}:" in message
    assert isinstance(info.value, ModelauditError)


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    entry = {k: v for k, v in GOOD_ENTRY.items() if k != "date"}
    with pytest.raises(AssessmentsError, match=re.escape("assessments[0] (test-entry).date: missing")):
        load_assessments(_write(tmp_path, [entry]))


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AssessmentsError, match=re.escape("assessments[1].id:")):
        load_assessments(_write(tmp_path, [GOOD_ENTRY, GOOD_ENTRY]))


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "assessments.yaml"
    path.write_text("version: 1\nassessments: [\n", encoding="utf-8")
    with pytest.raises(AssessmentsError, match="not valid YAML"):
        load_assessments(path)


def test_a_wrong_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AssessmentsError, match=re.escape(": version:")):
        load_assessments(_write(tmp_path, [GOOD_ENTRY], version=2))


def test_the_shipped_file_is_named_relative_to_the_data_root() -> None:
    assert default_assessments().source_file == "licenses/openness/assessments.yaml"
