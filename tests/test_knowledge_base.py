"""The licence knowledge base (``licenses/*.yaml``): it loads, it is complete, the facts that drive verdicts
are right, lookups by alias work, and schema errors name the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb_helpers import WEIGHT_RELATIONS, lic, only
from modelaudit.kinds import Relation
from modelaudit.licensing.knowledge_base import KnowledgeBase, load_knowledge_base
from modelaudit.licensing.model import CATEGORIES, Term
from modelaudit.licensing.schema import SchemaError
from modelaudit.resources import data_dir

HUB_IDS = [
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "gemma",
    "apache-2.0",
    "mit",
    "openrail",
    "openrail++",
    "creativeml-openrail-m",
    "bigscience-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "cc-by-4.0",
    "cc-by-sa-4.0",
    "cc-by-nc-4.0",
    "cc-by-nc-sa-4.0",
    "cc-by-nc-nd-4.0",
    "cc0-1.0",
    "gpl-3.0",
    "gpl",
    "agpl-3.0",
    "lgpl-3.0",
    "afl-3.0",
    "bsd-3-clause",
    "mpl-2.0",
]
SLUG_IDS = [
    "deepseek",
    "qwen",
    "tongyi-qianwen",
    "tongyi-qianwen-research",
    "qwen-research",
    "mrl",
    "mnpl",
    "falcon-180b",
    "dbrx",
    "jamba-open-model",
    "nvidia-open-model",
    "stability-ai-community",
    "yi",
    "glm-4",
    "kimi-k2-modified-mit",
    "mistral-modified-mit",
]
# Licences met in the wild (issue 15 F): all are `license: other` + `license_name` on the Hub.
WILD_IDS = [
    "flux-1-dev-nc",
    "stability-ai-nc-research",
    "falcon-llm",
    "falcon-2-11b",
    "tencent-hunyuan-community",
    "hai-def",
    "llama1",
    "nvidia-one-way-nc",
    "exaone-nc",
    "baichuan2-community",
    "hyperclova-x-seed",
    "playground-v2-community",
    "chameleon-research",
    "internlm",
]
SLUG_IDS += WILD_IDS
ALL_IDS = HUB_IDS + SLUG_IDS

GENERIC_IDS = {
    "apache-2.0",
    "mit",
    "bsd-3-clause",
    "afl-3.0",
    "mpl-2.0",
    "gpl",
    "gpl-3.0",
    "agpl-3.0",
    "lgpl-3.0",
    "cc-by-4.0",
    "cc-by-sa-4.0",
    "cc-by-nc-4.0",
    "cc-by-nc-sa-4.0",
    "cc-by-nc-nd-4.0",
    "cc0-1.0",
}
OSI_APPROVED = {
    "apache-2.0",
    "mit",
    "bsd-3-clause",
    "afl-3.0",
    "mpl-2.0",
    "gpl",
    "gpl-3.0",
    "agpl-3.0",
    "lgpl-3.0",
}
# What reaches a model trained on a licence's outputs (distillation, synthetic data): the whole licence, only
# named duties, or a restriction on the use itself (issue 13: no longer the whole Llama 3.1+ licence).
OUTPUTS_WHOLE = {
    "gemma",
    "deepseek",
    "openrail",
    "openrail++",
    "creativeml-openrail-m",
    "bigscience-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "yi",
    "stability-ai-community",
    "stability-ai-nc-research",
    "tencent-hunyuan-community",
    "hyperclova-x-seed",
}
OUTPUTS_DUTIES = {"llama3.1", "llama3.2", "llama3.3", "llama4", "qwen", "qwen-research"}
OUTPUTS_RESTRICTION = {"llama2", "llama3", "dbrx", "tongyi-qianwen", "tongyi-qianwen-research", "mrl", "flux-1-dev-nc",
                       "exaone-nc", "playground-v2-community", "llama1", "chameleon-research", "grok2-community"}
# Restrictions on improving *other* models that spare the licence's own derivatives (Grok 2's exception was not
# read: none assumed).
OUTPUTS_RESTRICTION_OTHER_MODELS = {"llama2", "llama3", "dbrx", "tongyi-qianwen", "tongyi-qianwen-research",
                                    "playground-v2-community"}
# Texts not read (only a name, a grant or secondary summaries): what reaches output-trained models is unknown.
OUTPUTS_UNKNOWN = {"jamba-open-model", "mistral-modified-mit",
                   "falcon-llm", "hai-def", "nvidia-one-way-nc", "baichuan2-community", "internlm",
                   "h-research", "intel-research", "fair-noncommercial-research-license", "deepfloyd-if-license",
                   "apple-amlr"}
# Hub picker ids of model licences added for picker coverage (issue 15): each names its licensor.
PICKER_MODEL_IDS = ["h-research", "intel-research", "apple-ascl", "apple-amlr", "deepfloyd-if-license",
                    "fair-noncommercial-research-license", "grok2-community"]
TRAINING_BANS = {
    "llama2",
    "llama3",
    "tongyi-qianwen",
    "tongyi-qianwen-research",
    "dbrx",
    "stability-ai-community",
    "grok2-community",
    "flux-1-dev-nc",
    "tencent-hunyuan-community",
    "exaone-nc",
    "playground-v2-community",
}
DERIVATIVE_RELATIONS = WEIGHT_RELATIONS


def attributions(kb: KnowledgeBase, license_id: str, kind: str) -> list[Term]:
    return [t for t in lic(kb, license_id).terms_of("attribution") if t.get("kind") == kind]


# --- the whole directory --------------------------------------------------------------------------


def test_whole_directory_loads_with_at_least_30_licences(kb: KnowledgeBase) -> None:
    assert len(kb) >= 30
    assert len(kb) == len(list(data_dir("licenses").glob("*.yaml")))


def test_every_requested_id_is_present(kb: KnowledgeBase) -> None:
    missing = [i for i in ALL_IDS if kb.get(i) is None]
    assert missing == []


def test_files_are_named_after_their_ids(kb: KnowledgeBase) -> None:
    for item in kb:
        assert item.source_file == f"licenses/{item.id}.yaml"


def test_every_term_cites_a_clause_and_has_a_summary(kb: KnowledgeBase) -> None:
    for item in kb:
        assert item.propagation.clause.strip(), item.id
        assert item.propagation.summary.strip(), item.id
        for term in item.terms:
            assert term.clause.strip(), f"{item.id}: {term.type} has no clause"
            assert term.summary.strip(), f"{item.id}: {term.type} has no summary"


def test_every_licence_has_an_https_url(kb: KnowledgeBase) -> None:
    for item in kb:
        assert item.url.startswith("https://"), item.id
        for key, url in item.related_urls.items():
            assert url.startswith("https://"), f"{item.id}: related_urls.{key}"
        for url in item.identify.urls:
            assert url.startswith("https://"), f"{item.id}: identify.urls {url}"


def test_recognition_phrases_are_short(kb: KnowledgeBase) -> None:
    for item in kb:
        for phrase in item.identify.phrases:
            assert 1 <= len(phrase.split()) <= 12, f"{item.id}: {phrase!r}"


def test_prose_and_phrases_do_not_shadow_another_licence(kb: KnowledgeBase) -> None:
    # Prose and phrases are case-insensitive substring matches: one licence's string must not sit inside
    # another licence's string.
    for kind in ("phrases", "prose"):
        entries = [(item.id, s.lower()) for item in kb for s in getattr(item.identify, kind)]
        for owner, needle in entries:
            for other, hay in entries:
                if owner != other:
                    assert needle not in hay, f"{kind}: {owner!r} {needle!r} is inside {other!r} {hay!r}"


def test_every_licence_states_commercial_use(kb: KnowledgeBase) -> None:
    for item in kb:
        terms = item.terms_of("commercial_use")
        assert len(terms) == 1, item.id
        assert terms[0].get("status") in {"allowed", "conditional", "prohibited"}


def test_categories_spdx_and_osi(kb: KnowledgeBase) -> None:
    for item in kb:
        assert item.category in CATEGORIES
        if item.id in HUB_IDS or item.id in SLUG_IDS:
            assert item.osi_approved is (item.id in OSI_APPROVED), item.id
        if item.id not in GENERIC_IDS and not item.spdx_id:
            assert item.spdx_id is None, f"{item.id}: model-specific licences are not on the SPDX list"
    assert lic(kb, "apache-2.0").spdx_id == "Apache-2.0"
    assert lic(kb, "mit").spdx_id == "MIT"
    assert lic(kb, "bsd-3-clause").spdx_id == "BSD-3-Clause"
    assert lic(kb, "cc-by-nc-4.0").spdx_id == "CC-BY-NC-4.0"
    assert lic(kb, "cc0-1.0").spdx_id == "CC0-1.0"
    assert lic(kb, "llama4").scancode_key == "llama-4-cla-2025"
    assert lic(kb, "creativeml-openrail-m").scancode_key == "stable-diffusion-2022-08-22"
    assert lic(kb, "openrail++").scancode_key == "bigscience-open-rail-m2"
    assert lic(kb, "llama3").scancode_key is None
    assert lic(kb, "llama2").spdx_expression_id == "LicenseRef-scancode-llama-2-license-2023"


def test_generic_licences_have_no_licensor_orgs_and_model_licences_do(kb: KnowledgeBase) -> None:
    for item in kb:
        # Generic licences (on the SPDX list) are used by anyone; model licences name their licensor.
        if item.id in GENERIC_IDS or item.id == "openrail" or item.spdx_id or item.id not in {
                *HUB_IDS, *SLUG_IDS, *PICKER_MODEL_IDS}:
            assert item.licensor_orgs == (), item.id
        else:
            assert item.licensor_orgs, item.id
    assert set(lic(kb, "llama3.1").licensor_orgs) == {"meta-llama", "facebook"}
    assert lic(kb, "gemma").licensor_orgs == ("google",)
    assert "Qwen" in lic(kb, "qwen").licensor_orgs
    assert set(lic(kb, "glm-4").licensor_orgs) == {"THUDM", "zai-org"}


def test_slug_licences_are_not_claimed_as_hub_ids(kb: KnowledgeBase) -> None:
    for license_id in SLUG_IDS:
        assert lic(kb, license_id).identify.hub_ids == ()


# --- propagation ----------------------------------------------------------------------------------


def test_derivatives_of_the_weights_are_bound_everywhere(kb: KnowledgeBase) -> None:
    for item in kb:
        assert item.propagation.binds >= DERIVATIVE_RELATIONS, item.id


def test_outputs_reach_students_exactly_as_the_facts_say(kb: KnowledgeBase) -> None:
    reach = {item.id: item.outputs.reach for item in kb if item.outputs.reach != "none"}
    assert {i for i, r in reach.items() if r == "whole"} == OUTPUTS_WHOLE
    assert {i for i, r in reach.items() if r == "duties"} == OUTPUTS_DUTIES
    assert {i for i, r in reach.items() if r == "restriction"} == OUTPUTS_RESTRICTION
    assert {i for i, r in reach.items() if r == "unknown"} == OUTPUTS_UNKNOWN
    # Models trained on outputs are not derivatives of the weights: `binds` names weight relations only.
    assert not any(item.propagation.binds_relation(Relation.DISTILLATION) for item in kb)
    for license_id in OUTPUTS_RESTRICTION_OTHER_MODELS:  # "any other LLM": the licence's own derivatives are spared
        assert lic(kb, license_id).outputs.except_own_derivatives, license_id
        assert [t.type for t in lic(kb, license_id).output_terms()] == ["training_restriction"]


def test_training_bans(kb: KnowledgeBase) -> None:
    banning = {item.id for item in kb if item.terms_of("training_restriction")}
    assert banning == TRAINING_BANS
    for license_id in TRAINING_BANS:
        assert only(kb, license_id, "training_restriction").get("covers_outputs") is True
    # Licences whose derivatives include output-trained models bind the student wholly *and* ban improving others.
    both = {"stability-ai-community", "tencent-hunyuan-community"}
    assert both == TRAINING_BANS & OUTPUTS_WHOLE
    assert TRAINING_BANS - both <= OUTPUTS_RESTRICTION


def test_same_licence_and_relicensing_flags(kb: KnowledgeBase) -> None:
    same = {item.id for item in kb if item.propagation.same_license_required}
    assert same >= {
        "gpl",
        "gpl-3.0",
        "agpl-3.0",
        "lgpl-3.0",
        "mpl-2.0",
        "cc-by-sa-4.0",
        "cc-by-nc-sa-4.0",
    }
    relicensable = {item.id for item in kb if item.propagation.relicensing_allowed}
    assert relicensable >= {"apache-2.0", "mit", "bsd-3-clause", "cc0-1.0", "afl-3.0", "cc-by-4.0"}
    # Nothing can be both: a licence that must be kept cannot be swapped for another.
    assert not same & relicensable
    # Model licences of the core set never let derivatives drop them.
    assert not relicensable & (set(SLUG_IDS) | {i for i in HUB_IDS if i.startswith(("llama", "gemma"))})


def test_copyleft_terms(kb: KnowledgeBase) -> None:
    with_copyleft = {item.id for item in kb if item.terms_of("copyleft")}
    # Every copyleft licence requires derivatives to keep it.
    assert with_copyleft <= {item.id for item in kb if item.propagation.same_license_required}
    assert with_copyleft >= {
        "gpl",
        "gpl-3.0",
        "agpl-3.0",
        "lgpl-3.0",
        "mpl-2.0",
        "cc-by-sa-4.0",
        "cc-by-nc-sa-4.0",
    }
    assert "network" in only(kb, "agpl-3.0", "copyleft").get("trigger")


# --- spot checks of the facts ---------------------------------------------------------------------


def test_llama2_bans_training_on_outputs_and_does_not_bind_distillation(kb: KnowledgeBase) -> None:
    llama2 = lic(kb, "llama2")
    ban = only(kb, "llama2", "training_restriction")
    assert ban.get("covers_outputs") is True
    assert ban.clause == "§1(b)(v)"
    assert not llama2.propagation.binds_relation(Relation.DISTILLATION)
    assert (llama2.outputs.reach, llama2.outputs.clause) == ("restriction", "§1(b)(v)")
    assert attributions(kb, "llama2", "display") == []
    assert attributions(kb, "llama2", "name_prefix") == []


def test_llama3_naming_and_display(kb: KnowledgeBase) -> None:
    assert [t.get("text") for t in attributions(kb, "llama3", "display")] == ["Built with Meta Llama 3"]
    assert [t.get("text") for t in attributions(kb, "llama3", "name_prefix")] == ["Llama 3"]
    assert not lic(kb, "llama3").propagation.binds_relation(Relation.DISTILLATION)
    assert (lic(kb, "llama3").outputs.reach, lic(kb, "llama3").outputs.clause) == ("restriction", "§1(b)(v)")


@pytest.mark.parametrize("license_id", ["llama3.1", "llama3.2", "llama3.3", "llama4"])
def test_llama_31_onwards_carry_only_the_naming_duties_to_students_and_require_the_llama_prefix(
    kb: KnowledgeBase, license_id: str
) -> None:
    outputs = lic(kb, license_id).outputs
    assert (outputs.reach, outputs.clause) == ("duties", "§1(b)(i)")
    assert sorted(t.get("text") for t in lic(kb, license_id).output_terms()) == ["Built with Llama", "Llama"]
    assert [t.get("text") for t in attributions(kb, license_id, "name_prefix")] == ["Llama"]
    assert [t.get("text") for t in attributions(kb, license_id, "display")] == ["Built with Llama"]
    assert lic(kb, license_id).terms_of("training_restriction") == ()


@pytest.mark.parametrize(
    ("license_id", "month"),
    [
        ("llama2", "June 2023"),
        ("llama3", "March 2024"),
        ("llama3.1", "June 2024"),
        ("llama3.2", "August 2024"),
        ("llama3.3", "November 2024"),
        ("llama4", "March 2025"),
        ("dbrx", "February 2024"),
    ],
)
def test_700m_mau_threshold_is_a_snapshot_of_the_month_before_release(
    kb: KnowledgeBase, license_id: str, month: str
) -> None:
    term = only(kb, license_id, "mau_threshold")
    assert term.get("value") == 700_000_000
    assert month in term.get("measured")


@pytest.mark.parametrize("license_id", ["qwen", "tongyi-qianwen"])
def test_qwen_mau_threshold_has_no_date(kb: KnowledgeBase, license_id: str) -> None:
    term = only(kb, license_id, "mau_threshold")
    assert term.get("value") == 100_000_000
    assert "no fixed date" in term.get("measured")


def test_qwen_2024_replaced_the_training_ban_with_attribution(kb: KnowledgeBase) -> None:
    assert lic(kb, "qwen").terms_of("training_restriction") == ()
    assert [t.get("text") for t in attributions(kb, "qwen", "display")] == ["Built with Qwen"]
    assert lic(kb, "qwen").outputs.reach == "duties"
    assert [t.get("text") for t in lic(kb, "qwen").output_terms()] == ["Built with Qwen"]


def test_stability_revenue_threshold_and_registration(kb: KnowledgeBase) -> None:
    revenue = only(kb, "stability-ai-community", "revenue_threshold")
    assert revenue.get("value_usd") == 1_000_000
    assert "any source" in revenue.get("who_counts")
    assert lic(kb, "stability-ai-community").terms_of("registration_required")
    assert [t.get("text") for t in attributions(kb, "stability-ai-community", "display")] == [
        "Powered by Stability AI"
    ]


@pytest.mark.parametrize(
    "license_id",
    [
        "cc-by-nc-4.0",
        "cc-by-nc-sa-4.0",
        "cc-by-nc-nd-4.0",
        "mrl",
        "mnpl",
        "qwen-research",
        "tongyi-qianwen-research",
    ],
)
def test_non_commercial_licences_prohibit_commercial_use(kb: KnowledgeBase, license_id: str) -> None:
    term = only(kb, license_id, "commercial_use")
    assert term.get("status") == "prohibited"
    assert term.get("permitted_purposes")


def test_restricted_purposes_are_spelled_out(kb: KnowledgeBase) -> None:
    assert "research" in only(kb, "mrl", "commercial_use").get("permitted_purposes")
    assert "non-production" in only(kb, "mnpl", "commercial_use").get("permitted_purposes")
    assert "research" in only(kb, "qwen-research", "commercial_use").get("permitted_purposes")


def test_falcon_has_hosting_restriction_and_no_governing_law(kb: KnowledgeBase) -> None:
    falcon = lic(kb, "falcon-180b")
    assert falcon.terms_of("hosting_restriction")
    assert falcon.terms_of("governing_law") == ()
    assert "governing-law" in falcon.notes
    assert only(kb, "falcon-180b", "unilateral_change").clause == "§5.3"


def test_mnpl_hosting_restriction(kb: KnowledgeBase) -> None:
    assert "hosted" in only(kb, "mnpl", "hosting_restriction").get("scope")


def test_llama32_eu_exclusion_covers_multimodal_models(kb: KnowledgeBase) -> None:
    term = only(kb, "llama3.2", "territorial_restriction")
    assert term.get("excluded_regions") == ("EU",)
    assert term.get("applies_to") == "multimodal"


def test_llama4_eu_exclusion_covers_everything_as_our_inference(kb: KnowledgeBase) -> None:
    term = only(kb, "llama4", "territorial_restriction")
    assert term.get("excluded_regions") == ("EU",)
    assert term.get("applies_to") == "all"
    assert "inference" in term.summary
    assert any("multimodal" in item for item in lic(kb, "llama4").unverified)


def test_no_territorial_restriction_before_llama32(kb: KnowledgeBase) -> None:
    for license_id in ("llama2", "llama3", "llama3.1"):
        assert lic(kb, license_id).terms_of("territorial_restriction") == ()


def test_apache_is_permissive_osi_and_relicensable(kb: KnowledgeBase) -> None:
    apache = lic(kb, "apache-2.0")
    assert apache.osi_approved is True
    assert apache.propagation.relicensing_allowed is True
    assert apache.propagation.same_license_required is False
    assert apache.category == "permissive"
    assert apache.terms_of("patent_termination")


def test_cc_licences_are_not_osi_approved(kb: KnowledgeBase) -> None:
    for license_id in (
        "cc-by-4.0",
        "cc-by-sa-4.0",
        "cc-by-nc-4.0",
        "cc-by-nc-sa-4.0",
        "cc-by-nc-nd-4.0",
        "cc0-1.0",
    ):
        assert lic(kb, license_id).osi_approved is False


def test_rail_family_passes_use_restrictions_downstream(kb: KnowledgeBase) -> None:
    for license_id in (
        "bigscience-bloom-rail-1.0",
        "bigscience-openrail-m",
        "creativeml-openrail-m",
        "openrail++",
        "bigcode-openrail-m",
        "openrail",
        "deepseek",
        "gemma",
    ):
        assert only(kb, license_id, "use_restrictions").get("pass_through") is True, license_id
        assert lic(kb, license_id).terms_of("remote_restriction"), license_id
        assert lic(kb, license_id).propagation.relicensing_allowed is False
    assert len(only(kb, "bigscience-bloom-rail-1.0", "use_restrictions").get("items")) == 13
    assert len(only(kb, "creativeml-openrail-m", "use_restrictions").get("items")) == 11
    latest = {item.id for item in kb if item.terms_of("latest_version")}
    assert latest == {"bigscience-bloom-rail-1.0", "bigscience-openrail-m", "creativeml-openrail-m", "dbrx"}


def test_licences_without_governing_law(kb: KnowledgeBase) -> None:
    for license_id in (
        "falcon-180b",
        "bigscience-bloom-rail-1.0",
        "creativeml-openrail-m",
        "openrail++",
        "cc-by-4.0",
    ):
        assert lic(kb, license_id).terms_of("governing_law") == (), license_id
    assert "California" in only(kb, "llama3.1", "governing_law").get("law")
    assert "Santa Clara" in only(kb, "gemma", "governing_law").get("venue")
    assert "China" in only(kb, "deepseek", "governing_law").get("law")


def test_unilateral_change_where_the_licensor_can_move_the_terms(kb: KnowledgeBase) -> None:
    for license_id in (
        "gemma",
        "falcon-180b",
        "stability-ai-community",
        "nvidia-open-model",
        "yi",
        "glm-4",
        "llama3.3",
    ):
        assert lic(kb, license_id).terms_of("unilateral_change"), license_id


def test_registration_required(kb: KnowledgeBase) -> None:
    registering = {item.id for item in kb if item.terms_of("registration_required")}
    assert registering == {"stability-ai-community", "yi", "glm-4", "baichuan2-community", "internlm"}


def test_unverified_material_is_marked(kb: KnowledgeBase) -> None:
    for license_id in ("jamba-open-model", "openrail", "h-research", "intel-research", "grok2-community"):
        item = lic(kb, license_id)
        assert item.unverified or any(t.unverified for t in item.terms), license_id
    # Read in verbatim copies since (kb-audit M1, M2, L3): no term of these is flagged any more.
    for license_id in ("mnpl", "qwen-research", "bigcode-openrail-m"):
        assert not any(t.unverified for t in lic(kb, license_id).terms), license_id


# --- lookups --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("falcon-180b-license-version1.0", "falcon-180b"),
        ("falcon-180b-tii-license-1.0", "falcon-180b"),
        ("databricks-open-model-license", "dbrx"),
        ("dbrx-open-model-license", "dbrx"),
        ("MNLP-0.1", "mnpl"),
        ("mnlp", "mnpl"),
        ("mnpl", "mnpl"),
        ("mrl", "mrl"),
        ("deepseek", "deepseek"),
        ("deepseek-license", "deepseek"),
        ("qwen", "qwen"),
        ("qwen-research", "qwen-research"),
        ("tongyi-qianwen", "tongyi-qianwen"),
        ("jamba-open-model-license", "jamba-open-model"),
        ("nvidia-open-model-license", "nvidia-open-model"),
        ("stabilityai-ai-community", "stability-ai-community"),
        ("stability-ai-community", "stability-ai-community"),
        ("yi-license", "yi"),
        ("yi-series-models-community-license", "yi"),
        ("glm-4", "glm-4"),
        ("glm-4-9b-license", "glm-4"),
        ("llama4", "llama4"),
        ("Llama 3.1 Community License", "llama3.1"),
        ("Apache License 2.0", "apache-2.0"),
    ],
)
def test_lookup_name(kb: KnowledgeBase, name: str, expected: str) -> None:
    found = kb.lookup_name(name)
    assert found is not None, name
    assert found.id == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mistral.ai/licences/MNPL-0.1.md", "mnpl"),
        ("https://mistral.ai/licenses/MNPL-0.1.md", "mnpl"),
        ("https://mistral.ai/licenses/MRL-0.1.md", "mrl"),
        ("https://www.llama.com/llama3_1/license/", "llama3.1"),
        ("https://llama.meta.com/llama3_1/license", "llama3.1"),
        ("https://ai.google.dev/gemma/terms", "gemma"),
        ("https://huggingface.co/spaces/tiiuae/falcon-180b-license/blob/main/LICENSE.txt", "falcon-180b"),
        ("https://www.apache.org/licenses/LICENSE-2.0", "apache-2.0"),
        ("https://www.apache.org/licenses/LICENSE-2.0.txt", "apache-2.0"),
        ("https://creativecommons.org/licenses/by-nc/4.0/legalcode.en", "cc-by-nc-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/", "cc-by-4.0"),
    ],
)
def test_lookup_url(kb: KnowledgeBase, url: str, expected: str) -> None:
    found = kb.lookup_url(url)
    assert found is not None, url
    assert found.id == expected


def test_repository_license_files_identify_nothing(kb: KnowledgeBase) -> None:
    assert kb.lookup_url("https://huggingface.co/THUDM/glm-4-9b-chat/blob/main/LICENSE") is None
    assert kb.lookup_url("https://huggingface.co/some-user/some-model/blob/main/LICENSE") is None


def test_lookup_hub_id(kb: KnowledgeBase) -> None:
    for hub_id in HUB_IDS:
        found = kb.lookup_hub_id(hub_id)
        assert found is not None, hub_id
        assert found.id == hub_id
    assert kb.lookup_hub_id("llama3.3").id == "llama3.3"  # type: ignore[union-attr]
    assert kb.lookup_hub_id("Apache-2.0").id == "apache-2.0"  # type: ignore[union-attr]
    assert kb.lookup_hub_id("other") is None
    assert kb.lookup_hub_id("unknown") is None


# --- schema errors name the file and the field ----------------------------------------------------


def _copy(tmp_path: Path, license_id: str, name: str | None = None) -> Path:
    target = tmp_path / (name or f"{license_id}.yaml")
    shutil.copyfile(data_dir("licenses") / f"{license_id}.yaml", target)
    return target


def _edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _term_index(data: dict[str, Any], term_type: str) -> int:
    return next(i for i, t in enumerate(data["terms"]) if t["type"] == term_type)


def _schema_error(tmp_path: Path) -> str:
    with pytest.raises(SchemaError) as excinfo:
        load_knowledge_base(tmp_path)
    return str(excinfo.value)


def test_copied_valid_file_loads(tmp_path: Path) -> None:
    _copy(tmp_path, "llama2")
    loaded = load_knowledge_base(tmp_path)
    assert [item.id for item in loaded] == ["llama2"]


def test_error_names_file_and_field_for_a_bad_integer(tmp_path: Path) -> None:
    path = _copy(tmp_path, "llama2")
    index: dict[str, int] = {}

    def change(data: dict[str, Any]) -> None:
        index["i"] = _term_index(data, "mau_threshold")
        data["terms"][index["i"]]["value"] = "many"

    _edit(path, change)
    message = _schema_error(tmp_path)
    assert "licenses/llama2.yaml" in message
    assert f"terms[{index['i']}].value" in message
    assert "integer" in message


def test_error_names_file_and_field_for_an_unknown_term_type(tmp_path: Path) -> None:
    path = _copy(tmp_path, "gemma")
    _edit(path, lambda data: data["terms"][0].update(type="royalty_rate"))
    message = _schema_error(tmp_path)
    assert "licenses/gemma.yaml" in message
    assert "terms[0].type" in message


def test_error_names_file_and_field_for_a_missing_clause(tmp_path: Path) -> None:
    path = _copy(tmp_path, "qwen")
    _edit(path, lambda data: data["terms"][2].pop("clause"))
    message = _schema_error(tmp_path)
    assert "licenses/qwen.yaml" in message
    assert "terms[2].clause" in message
    assert "missing" in message


def test_error_names_file_and_field_for_a_bad_relation(tmp_path: Path) -> None:
    path = _copy(tmp_path, "mit")
    _edit(path, lambda data: data["propagation"].update(binds=["finetune", "telepathy"]))
    message = _schema_error(tmp_path)
    assert "licenses/mit.yaml" in message
    assert "propagation.binds[1]" in message


def test_error_names_file_and_field_for_an_unknown_top_level_field(tmp_path: Path) -> None:
    path = _copy(tmp_path, "dbrx")
    _edit(path, lambda data: data.update(royalty="5%"))
    message = _schema_error(tmp_path)
    assert "licenses/dbrx.yaml" in message
    assert "royalty" in message


def test_error_when_the_file_name_does_not_match_the_id(tmp_path: Path) -> None:
    _copy(tmp_path, "llama2", name="llama-2.yaml")
    message = _schema_error(tmp_path)
    assert "licenses/llama-2.yaml" in message
    assert "id" in message
    assert "llama2.yaml" in message


def test_error_when_an_alias_is_claimed_twice(tmp_path: Path) -> None:
    _copy(tmp_path, "mnpl")
    path = _copy(tmp_path, "mrl")
    _edit(path, lambda data: data["identify"]["names"].append("MNLP-0.1"))
    message = _schema_error(tmp_path)
    assert "licenses/mrl.yaml" in message
    assert "identify.names" in message
    assert "licenses/mnpl.yaml" in message
