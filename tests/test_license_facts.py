"""Verdict-driving facts of the model licences, pinned against the research facts file
(``licenses-facts.md`` / ``.json``): thresholds and how they are measured, clause numbers, territorial scope,
training bans and their exceptions, naming duties, hosting limits, governing law, propagation flags and what is
marked unverified. One test (or a small group) per licence family.

``tests/test_knowledge_base.py`` already covers the cross-cutting sets (which licences bind distillation, which
ban training, the 700M snapshot months, non-commercial statuses, RAIL pass-through...); this file does not
repeat those assertions but pins the specific values behind them.
"""

from __future__ import annotations

import pytest

from kb_helpers import WEIGHT_RELATIONS, lic, only
from modelaudit.kinds import Relation
from modelaudit.licensing.knowledge_base import KnowledgeBase
from modelaudit.licensing.model import Term

LLAMAS = ["llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"]
LLAMA_31_ON = ["llama3.1", "llama3.2", "llama3.3", "llama4"]


def attribution(kb: KnowledgeBase, license_id: str, kind: str) -> Term:
    terms = [t for t in lic(kb, license_id).terms_of("attribution") if t.get("kind") == kind]
    assert len(terms) == 1, f"{license_id}: expected one {kind} attribution, got {len(terms)}"
    return terms[0]


def binds_distillation(kb: KnowledgeBase, license_id: str) -> bool:
    """The whole licence binds a model trained on its outputs (issue 13: ``outputs.reach``; ``binds`` names
    weight relations only)."""
    assert not lic(kb, license_id).propagation.binds_relation(Relation.DISTILLATION)
    return lic(kb, license_id).outputs.reach == "whole"


# --- thresholds, territory and hosting across the whole knowledge base ------------------------------


def test_user_thresholds_exist_exactly_where_the_facts_put_them(kb: KnowledgeBase) -> None:
    found = {item.id: t.get("value") for item in kb for t in item.terms_of("mau_threshold")}
    assert found == {
        **dict.fromkeys(LLAMAS, 700_000_000),
        "dbrx": 700_000_000,
        "qwen": 100_000_000,
        "tongyi-qianwen": 100_000_000,
        "tencent-hunyuan-community": 1_000_000,  # Hunyuan 3D 2.0's figure, the lowest read
        "hyperclova-x-seed": 10_000_000,
        "playground-v2-community": 1_000_000,  # monthly unique users, for image-generation businesses
    }


def test_revenue_thresholds_are_the_quoted_ones(kb: KnowledgeBase) -> None:
    # Jamba's commonly reported revenue cap is unverified, so it must not be stated as a term. Mistral's cut-off is
    # quoted (second-hand) from the LICENSE file itself, so it is a term, flagged unverified, counted per month.
    found = {item.id: (t.get("value_usd"), t.get("period"), t.unverified)
             for item in kb for t in item.terms_of("revenue_threshold")}
    assert found == {"stability-ai-community": (1_000_000, "annual", False),
                     "mistral-modified-mit": (20_000_000, "monthly", True)}


def test_territorial_restrictions_only_in_the_llama_aups_and_hunyuan(kb: KnowledgeBase) -> None:
    found = {item.id: t.get("applies_to") for item in kb for t in item.terms_of("territorial_restriction")}
    # 3.3 has the clause but only text models, so it stays scoped to multimodal models (moot in practice).
    assert found == {"llama3.2": "multimodal", "llama3.3": "multimodal", "llama4": "all",
                     "tencent-hunyuan-community": "all"}


def test_hosting_restrictions_only_falcon_180b_mnpl_and_stability_nc(kb: KnowledgeBase) -> None:
    assert {item.id for item in kb if item.terms_of("hosting_restriction")} == {"falcon-180b", "mnpl",
                                                                               "stability-ai-nc-research"}


@pytest.mark.parametrize(
    ("license_id", "status"),
    [
        *[(i, "conditional") for i in LLAMAS],
        ("gemma", "allowed"),
        ("deepseek", "allowed"),
        ("qwen", "conditional"),
        ("tongyi-qianwen", "conditional"),
        ("falcon-180b", "conditional"),
        ("dbrx", "conditional"),
        ("jamba-open-model", "conditional"),
        ("nvidia-open-model", "allowed"),
        ("stability-ai-community", "conditional"),
        ("yi", "conditional"),
        ("glm-4", "conditional"),
        ("bigscience-bloom-rail-1.0", "allowed"),
        ("bigscience-openrail-m", "allowed"),
        ("creativeml-openrail-m", "allowed"),
        ("openrail++", "allowed"),
        ("apache-2.0", "allowed"),
        ("mit", "allowed"),
    ],
)
def test_commercial_status(kb: KnowledgeBase, license_id: str, status: str) -> None:
    assert only(kb, license_id, "commercial_use").get("status") == status


# --- Meta Llama -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("license_id", "version", "date", "scancode", "aup"),
    [
        ("llama2", "2", "2023-07-18", "llama-2-license-2023", "https://ai.meta.com/llama/use-policy"),
        ("llama3", "3", "2024-04-18", None, "https://llama.meta.com/llama3/use-policy"),
        ("llama3.1", "3.1", "2024-07-23", "llama-3.1-license-2024", "https://llama.meta.com/llama3_1/use-policy"),
        ("llama3.2", "3.2", "2024-09-25", "llama-3.2-license-2024", "https://www.llama.com/llama3_2/use-policy"),
        ("llama3.3", "3.3", "2024-12-06", "llama-3.3-license-2024", "https://www.llama.com/llama3_3/use-policy"),
        ("llama4", "4", "2025-04-05", "llama-4-cla-2025", "https://www.llama.com/llama4/use-policy"),
    ],
)
def test_llama_identity_and_acceptable_use_policy(
    kb: KnowledgeBase, license_id: str, version: str, date: str, scancode: str | None, aup: str
) -> None:
    item = lic(kb, license_id)
    assert (item.version, item.date, item.scancode_key, item.spdx_id) == (version, date, scancode, None)
    assert "Meta Platforms, Inc." in item.licensor and "Ireland" in item.licensor
    policy = only(kb, license_id, "acceptable_use_policy")
    assert policy.get("url") == aup
    assert policy.get("incorporated_by_reference") is True
    assert policy.clause == "§1(b)(iv)"
    # The AUP is a "most recent copy" at a URL; its legal effect is an open item of the facts file.
    change = only(kb, license_id, "unilateral_change")
    assert change.unverified is True
    assert "no amendment clause" in change.get("scope")


@pytest.mark.parametrize("license_id", LLAMAS)
def test_llama_section_2_ceiling_law_and_termination(kb: KnowledgeBase, license_id: str) -> None:
    mau = only(kb, license_id, "mau_threshold")
    assert mau.clause == "§2"
    assert "affiliates" in mau.get("who_counts")
    assert "one-time snapshot" in mau.get("measured")
    assert "sole discretion" in mau.get("consequence")
    assert "integrated end-user product" in mau.get("exemption") and "§1(b)(ii)" in mau.get("exemption")
    law = only(kb, license_id, "governing_law")
    assert law.clause == "§7" and "California" in law.get("law") and "CISG" in law.get("law")
    assert "exclusive" in law.get("venue")
    assert only(kb, license_id, "termination").clause == "§6, §5(c)"
    assert attribution(kb, license_id, "notice_file").clause == "§1(b)(iii)"
    prop = lic(kb, license_id).propagation
    assert prop.binds >= WEIGHT_RELATIONS
    assert (prop.same_license_required, prop.relicensing_allowed) == (False, False)
    assert lic(kb, license_id).terms_of("export_control") == ()  # trade law is folded into §1(b)(iv)


def test_llama4_ceiling_is_measured_against_the_effective_date(kb: KnowledgeBase) -> None:
    measured = only(kb, "llama4", "mau_threshold").get("measured")
    assert "effective date" in measured and "March 2025" in measured


@pytest.mark.parametrize(("license_id", "own"), [("llama2", "Llama 2"), ("llama3", "Meta Llama 3")])
def test_llama2_and_3_ban_improving_other_llms_except_llama_derivatives(
    kb: KnowledgeBase, license_id: str, own: str
) -> None:
    ban = only(kb, license_id, "training_restriction")
    assert ban.clause == "§1(b)(v)"
    assert "output" in ban.get("scope") and "large language model" in ban.get("scope")
    assert own in ban.get("exceptions") and "derivative" in ban.get("exceptions")
    assert "§1(b)(v)" in lic(kb, license_id).propagation.clause
    assert any(
        "outputs to improve another large language model" in c
        for c in only(kb, license_id, "commercial_use").get("conditions")
    )


def test_llama3_naming_is_triggered_by_the_materials_not_outputs(kb: KnowledgeBase) -> None:
    prefix = attribution(kb, "llama3", "name_prefix")
    assert "outputs are not named as a trigger" in prefix.get("applies_to")
    assert prefix.clause == "§1(b)(i); §5(a)"
    assert attribution(kb, "llama3", "display").clause == "§1(b)(i)(B)"
    assert attribution(kb, "llama3", "copy_of_license").clause == "§1(b)(i)(A)"
    assert attribution(kb, "llama2", "copy_of_license").clause == "§1(b)(i)"


@pytest.mark.parametrize("license_id", LLAMA_31_ON)
def test_llama_31_on_name_models_trained_on_outputs_and_cite_the_sub_clauses(kb: KnowledgeBase, license_id: str) -> None:
    prefix = attribution(kb, license_id, "name_prefix")
    assert "outputs" in prefix.get("applies_to") and "outputs are not" not in prefix.get("applies_to")
    assert prefix.clause.startswith("§1(b)(i)")
    assert attribution(kb, license_id, "display").clause == "§1(b)(i)(B)"
    assert attribution(kb, license_id, "copy_of_license").clause == "§1(b)(i)(A)"
    assert "§1(b)(i)" in lic(kb, license_id).propagation.clause
    assert "§1(b)(v)" not in lic(kb, license_id).propagation.clause


@pytest.mark.parametrize("license_id", ["llama3.2", "llama3.3", "llama4"])
def test_llama_eu_exclusion_sits_in_the_aup_and_spares_end_users(kb: KnowledgeBase, license_id: str) -> None:
    term = only(kb, license_id, "territorial_restriction")
    assert term.get("excluded_regions") == ("EU",)
    assert "Acceptable Use Policy" in term.clause
    assert "domiciled" in term.get("who") and "principal place of business" in term.get("who")
    assert "end users" in term.get("who") and "not affected" in term.get("who")


def test_llama33_eu_clause_is_moot_for_its_text_only_model(kb: KnowledgeBase) -> None:
    term = only(kb, "llama3.3", "territorial_restriction")
    assert term.get("applies_to") == "multimodal"
    assert "text-only" in term.summary
    assert "distillation" in lic(kb, "llama3.3").notes  # the model card expressly allows it


def test_llama32_exclusion_names_the_vision_models(kb: KnowledgeBase) -> None:
    summary = only(kb, "llama3.2", "territorial_restriction").summary
    assert "Vision 11B and 90B" in summary and "1B and 3B" in summary


# --- Google Gemma ---------------------------------------------------------------------------------


def test_gemma_terms(kb: KnowledgeBase) -> None:
    gemma = lic(kb, "gemma")
    assert (gemma.date, gemma.licensor, gemma.scancode_key) == ("2025-03-24", "Google LLC", "gemma-tou-2025-03-24")
    # "Model Derivatives" (§1.1(e)) include distilled and synthetic-data students.
    assert binds_distillation(kb, "gemma")
    assert "§1.1(e)" in gemma.propagation.clause
    assert gemma.propagation.relicensing_allowed is False
    for absent in ("mau_threshold", "revenue_threshold", "training_restriction", "territorial_restriction"):
        assert gemma.terms_of(absent) == (), absent
    restrictions = only(kb, "gemma", "use_restrictions")
    assert restrictions.get("pass_through") is True and restrictions.clause.startswith("§3.1, §3.2")
    assert any("automated decisions" in item for item in restrictions.get("items"))
    policy = only(kb, "gemma", "acceptable_use_policy")
    assert policy.get("url") == "https://ai.google.dev/gemma/prohibited_use_policy" and policy.clause == "§3.2"
    assert only(kb, "gemma", "remote_restriction").clause == "§3.2"
    assert "hosted service" in attribution(kb, "gemma", "notice_file").get("applies_to")
    law = only(kb, "gemma", "governing_law")
    assert law.clause == "§4.6" and "California" in law.get("law") and "Santa Clara" in law.get("venue")
    assert only(kb, "gemma", "termination").clause == "§4.5"
    assert only(kb, "gemma", "unilateral_change").unverified is True
    assert any("Apache-2.0" in u for u in gemma.unverified)
    assert any("Prohibited Use Policy" in u for u in gemma.unverified)


# --- DeepSeek -------------------------------------------------------------------------------------


def test_deepseek_v1_attachment_a_passes_through(kb: KnowledgeBase) -> None:
    ds = lic(kb, "deepseek")
    assert (ds.version, ds.date, ds.scancode_key) == ("1.0", "2023-10-23", "deepseek-la-1.0")
    restrictions = only(kb, "deepseek", "use_restrictions")
    assert restrictions.get("pass_through") is True
    assert "Attachment A" in restrictions.clause and "¶4(a)" in restrictions.clause
    assert len(restrictions.get("items")) == 11
    assert "military use of any kind" in restrictions.get("items")
    assert binds_distillation(kb, "deepseek")
    assert "¶4(e)" in ds.propagation.clause and "Derivatives of the Model" in ds.propagation.clause
    assert only(kb, "deepseek", "remote_restriction").clause == "¶7"
    law = only(kb, "deepseek", "governing_law")
    assert law.clause == "¶14" and "China" in law.get("law") and "Hangzhou" in law.get("venue")
    for absent in ("mau_threshold", "revenue_threshold", "training_restriction", "unilateral_change", "hosting_restriction"):
        assert ds.terms_of(absent) == (), absent
    assert any("V3-0324" in u for u in ds.unverified)


# --- Alibaba Qwen / Tongyi Qianwen ----------------------------------------------------------------


def test_qwen_2024_licence(kb: KnowledgeBase) -> None:
    qwen = lic(kb, "qwen")
    assert (qwen.date, qwen.scancode_key, qwen.licensor) == ("2024-09-19", "qwen-2024", "Alibaba Cloud")
    mau = only(kb, "qwen", "mau_threshold")
    assert mau.clause == "§4" and "commercial" in mau.get("who_counts")
    display = attribution(kb, "qwen", "display")
    assert display.clause == "§5(b)" and "Improved using Qwen" in display.get("applies_to")
    assert "outputs" in display.get("applies_to")
    assert only(kb, "qwen", "export_control").clause == "§5(a)"
    law = only(kb, "qwen", "governing_law")
    assert law.clause == "§9" and "Hangzhou" in law.get("venue")
    assert "§5(b)" in qwen.propagation.clause


@pytest.mark.parametrize(
    ("license_id", "date", "ban_clause", "law_clause", "export_clause"),
    [
        ("tongyi-qianwen", "2023-08-03", "§5(b)", "§9", "§5(a)"),
        ("tongyi-qianwen-research", "2023-11-30", "§4(b)", "§8", "§4(a)"),
    ],
)
def test_tongyi_qianwen_2023_licences_ban_improving_other_llms(
    kb: KnowledgeBase, license_id: str, date: str, ban_clause: str, law_clause: str, export_clause: str
) -> None:
    assert lic(kb, license_id).date == date
    ban = only(kb, license_id, "training_restriction")
    assert ban.clause == ban_clause and "Tongyi Qianwen" in ban.get("exceptions")
    assert not binds_distillation(kb, license_id)
    law = only(kb, license_id, "governing_law")
    assert law.clause == law_clause and "China" in law.get("law") and "Hangzhou" in law.get("venue")
    assert only(kb, license_id, "export_control").clause == export_clause


def test_tongyi_qianwen_research_is_research_only(kb: KnowledgeBase) -> None:
    term = only(kb, "tongyi-qianwen-research", "commercial_use")
    assert term.clause == "§1(i), §2(a), §2(b)" and term.unverified is False
    item = lic(kb, "tongyi-qianwen-research")
    assert item.terms_of("mau_threshold") == ()
    assert any("checkpoints" in u for u in item.unverified)


def test_qwen_research_2024_states_only_what_was_seen(kb: KnowledgeBase) -> None:
    item = lic(kb, "qwen-research")
    assert item.date == "2024-09-19" and item.scancode_key is None
    assert only(kb, "qwen-research", "commercial_use").unverified is False  # the Non-Commercial definition was seen
    law = only(kb, "qwen-research", "governing_law")
    assert (law.unverified, law.clause) == (False, "§8") and "Hangzhou" in law.get("venue")
    assert item.terms_of("training_restriction") == ()
    # §4(b), read in a third-party verbatim copy (kb-audit M1): the "Built with Qwen" display, not a training ban.
    assert not binds_distillation(kb, "qwen-research")
    assert (item.outputs.reach, item.outputs.clause) == ("duties", "§4(b)")
    assert [t.clause for t in item.output_terms()] == ["§4(b)"]


# --- Mistral --------------------------------------------------------------------------------------


def test_mistral_research_licence(kb: KnowledgeBase) -> None:
    mrl = lic(kb, "mrl")
    term = only(kb, "mrl", "commercial_use")
    assert "§3.2" in term.clause and "§9" in term.clause
    restrictions = only(kb, "mrl", "use_restrictions")
    assert "§4.2" in restrictions.clause
    assert any("outputs" in item for item in restrictions.get("items"))
    assert any("SaaS" in item for item in restrictions.get("items"))
    assert attribution(kb, "mrl", "notice_file").clause == "§2.2"
    law = only(kb, "mrl", "governing_law")
    assert law.clause == "§8.1, §8.2" and "France" in law.get("law") and "Paris" in law.get("venue")
    assert law.unverified is False
    # Outputs stay research-only (§4.2): training a model on them for other purposes breaches the MRL, but the
    # student is no Mistral model or derivative, so the licence does not bind it (issue 13: a restriction).
    assert not binds_distillation(kb, "mrl")
    assert (mrl.outputs.reach, mrl.outputs.clause) == ("restriction", "§3.2, §4.2")
    assert [t.type for t in mrl.output_terms()] == ["use_restrictions"]
    assert mrl.propagation.same_license_required is False
    assert mrl.propagation.relicensing_allowed is False


def test_mistral_non_production_licence(kb: KnowledgeBase) -> None:
    mnpl = lic(kb, "mnpl")
    assert mnpl.date == "2024-05-29"
    assert only(kb, "mnpl", "commercial_use").clause == "§3.2, §3.3"
    hosting = only(kb, "mnpl", "hosting_restriction")
    assert hosting.clause == "§3.2, §3.3" and "license@mistral.ai" in hosting.get("how_to_obtain")
    assert not binds_distillation(kb, "mnpl")
    assert any("Apache-2.0" in u for u in mnpl.unverified)


# --- TII Falcon 180B ------------------------------------------------------------------------------


def test_falcon_180b_hosting_use_and_publication(kb: KnowledgeBase) -> None:
    falcon = lic(kb, "falcon-180b")
    hosting = only(kb, "falcon-180b", "hosting_restriction")
    assert hosting.clause.startswith("§9") and "Section 8" in hosting.clause  # the §4.1(b) drafting error
    assert "Falconllm.partnerships@tii.ae" in hosting.get("how_to_obtain")
    assert "do not count" in hosting.get("scope")  # apps using the model in the background are not Hosting Use
    display = attribution(kb, "falcon-180b", "display")
    assert display.clause.startswith("§6.1") and "Falcon LLM technology" in display.get("text")
    restrictions = only(kb, "falcon-180b", "use_restrictions")
    assert len(restrictions.get("items")) == 5  # four AUP items plus the §5.2 output rule
    assert restrictions.get("pass_through") is True
    assert only(kb, "falcon-180b", "unilateral_change").unverified is True
    assert falcon.terms_of("mau_threshold") == () and falcon.terms_of("revenue_threshold") == ()
    assert not binds_distillation(kb, "falcon-180b")
    assert "§4.1(b)" in falcon.propagation.clause


# --- Databricks DBRX ------------------------------------------------------------------------------


def test_dbrx_open_model_licence(kb: KnowledgeBase) -> None:
    dbrx = lic(kb, "dbrx")
    assert dbrx.date == "2024-03-27"
    mau = only(kb, "dbrx", "mau_threshold")
    assert mau.clause == "§3" and "integrated end-user product" in mau.get("exemption")
    ban = only(kb, "dbrx", "training_restriction")
    assert ban.clause == "§2.3" and "DBRX" in ban.get("exceptions")
    assert only(kb, "dbrx", "remote_restriction").clause == "§2.3"
    assert only(kb, "dbrx", "latest_version").clause == "§4.1"
    assert attribution(kb, "dbrx", "notice_file").clause == "§2.2.1"
    law = only(kb, "dbrx", "governing_law")
    assert law.clause == "§4.6" and "California" in law.get("law")
    assert not binds_distillation(kb, "dbrx")
    assert any("acceptable use policy" in u for u in dbrx.unverified)
    assert any("license_name" in u for u in dbrx.unverified)


# --- AI21 Jamba -----------------------------------------------------------------------------------


def test_jamba_states_nothing_as_fact(kb: KnowledgeBase) -> None:
    jamba = lic(kb, "jamba-open-model")
    assert jamba.terms and all(t.unverified for t in jamba.terms)
    assert any("revenue" in u for u in jamba.unverified)
    assert (jamba.version, jamba.date) == (None, None)


# --- NVIDIA ---------------------------------------------------------------------------------------


def test_nvidia_open_model_licence(kb: KnowledgeBase) -> None:
    nv = lic(kb, "nvidia-open-model")
    assert (nv.date, nv.scancode_key) == ("2025-04-28", "nvidia-open-model-2025-04-28")
    for absent in ("mau_threshold", "revenue_threshold", "training_restriction", "hosting_restriction"):
        assert nv.terms_of(absent) == (), absent
    cosmos = attribution(kb, "nvidia-open-model", "display")
    assert cosmos.get("text") == "Built on NVIDIA Cosmos" and "Cosmos models only" in cosmos.get("applies_to")
    change = only(kb, "nvidia-open-model", "unilateral_change")
    assert "whole agreement" in change.get("scope") and change.unverified is True
    law = only(kb, "nvidia-open-model", "governing_law")
    assert "Delaware" in law.get("law") and "Santa Clara" in law.get("venue")
    export = only(kb, "nvidia-open-model", "export_control")
    assert "EAR" in export.summary and "OFAC" in export.summary
    assert "guardrails" in only(kb, "nvidia-open-model", "termination").summary
    assert only(kb, "nvidia-open-model", "acceptable_use_policy").get("url").endswith("/trustworthy-ai/terms/")
    assert not binds_distillation(kb, "nvidia-open-model")
    assert any("June 2024" in u for u in nv.unverified)


# --- Stability AI ---------------------------------------------------------------------------------


def test_stability_ai_community_licence(kb: KnowledgeBase) -> None:
    item = lic(kb, "stability-ai-community")
    assert item.date == "2024-07-05"
    revenue = only(kb, "stability-ai-community", "revenue_threshold")
    assert revenue.clause == "§III" and "terminate" in revenue.get("consequence")
    assert "affiliates" in revenue.get("who_counts")
    ban = only(kb, "stability-ai-community", "training_restriction")
    assert ban.clause == "IV.b" and "foundational generative AI model" in ban.get("scope")
    law = only(kb, "stability-ai-community", "governing_law")
    assert law.clause == "IV.g" and "California" in law.get("law") and law.get("venue") is None
    assert only(kb, "stability-ai-community", "export_control").clause == "IV.b"
    assert attribution(kb, "stability-ai-community", "display").clause == "IV.a.iii"
    assert "Core Models" in only(kb, "stability-ai-community", "unilateral_change").get("scope")
    # "Derivative Works" include models derived from a Model's output.
    assert binds_distillation(kb, "stability-ai-community")


# --- 01.AI Yi and THUDM GLM-4 ---------------------------------------------------------------------


def test_yi_community_licence_v21(kb: KnowledgeBase) -> None:
    yi = lic(kb, "yi")
    assert (yi.version, yi.date) == ("2.1", "2023-11-23")
    registration = only(kb, "yi", "registration_required")
    assert registration.clause == "§2" and "yi@01.ai" in registration.get("how")
    law = only(kb, "yi", "governing_law")
    assert law.clause == "§5" and "mainland" in law.get("law") and "licensor's location" in law.get("venue")
    assert only(kb, "yi", "unilateral_change").clause == "§7"
    assert binds_distillation(kb, "yi")
    assert "Apache-2.0" in yi.notes and "30 May 2024" in yi.notes


def test_glm4_licence(kb: KnowledgeBase) -> None:
    glm = lic(kb, "glm-4")
    display = attribution(kb, "glm-4", "display")
    assert (display.get("text"), display.clause) == ("Built with glm-4", "§2(B)")
    assert attribution(kb, "glm-4", "name_prefix").get("text") == "glm-4"
    assert "open.bigmodel.cn" in only(kb, "glm-4", "registration_required").get("how")
    law = only(kb, "glm-4", "governing_law")
    assert law.clause == "§6" and "Haidian" in law.get("venue")
    assert not binds_distillation(kb, "glm-4")  # the naming rule names the materials, not outputs
    assert any("0414" in u for u in glm.unverified)


# --- RAIL family ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("license_id", "date", "scancode", "items"),
    [
        ("bigscience-bloom-rail-1.0", "2022-05-19", "bigscience-rail-1.0", 13),
        ("bigscience-openrail-m", "2022-08-18", "bigscience-open-rail-m", 13),
        ("creativeml-openrail-m", "2022-08-22", "stable-diffusion-2022-08-22", 11),
        ("openrail++", "2022-11-24", "bigscience-open-rail-m2", 11),
    ],
)
def test_rail_members(kb: KnowledgeBase, license_id: str, date: str, scancode: str, items: int) -> None:
    item = lic(kb, license_id)
    assert (item.date, item.scancode_key) == (date, scancode)
    assert len(only(kb, license_id, "use_restrictions").get("items")) == items
    assert only(kb, license_id, "remote_restriction").clause == "¶7"
    assert item.terms_of("governing_law") == ()
    assert binds_distillation(kb, license_id)
    assert "Derivatives of the Model" in item.propagation.clause


def test_rail_attachment_differences(kb: KnowledgeBase) -> None:
    def items(license_id: str) -> str:
        return " ".join(only(kb, license_id, "use_restrictions").get("items"))

    assert "machine-generated" in items("bigscience-bloom-rail-1.0")
    assert "images, code" in items("bigscience-openrail-m") and "deepfake" in items("bigscience-openrail-m")
    assert "machine-generated" not in items("creativeml-openrail-m")
    assert "impersonat" not in items("creativeml-openrail-m")
    for license_id in ("bigscience-bloom-rail-1.0", "bigscience-openrail-m", "creativeml-openrail-m"):
        assert "medical" in items(license_id) and "immigration" in items(license_id)
    assert lic(kb, "openrail++").terms_of("latest_version") == ()  # ¶7 keeps only the remote restriction


# --- CC BY-NC 4.0 (Cohere), Apache-2.0, MIT -------------------------------------------------------


def test_cc_by_nc_4_as_used_for_cohere_models(kb: KnowledgeBase) -> None:
    cc = lic(kb, "cc-by-nc-4.0")
    assert only(kb, "cc-by-nc-4.0", "commercial_use").clause == "§1(i), §2(a)(1)"
    termination = only(kb, "cc-by-nc-4.0", "termination")
    assert termination.clause == "§6(a), §6(b)" and "30 days" in termination.summary
    # Cohere's acceptable-use addendum belongs to Cohere's distribution, not to every CC BY-NC model.
    assert cc.terms_of("acceptable_use_policy") == ()
    assert "Cohere" in cc.notes and "c4ai-acceptable-use-policy" in cc.related_urls["cohere_acceptable_use_policy"]
    assert cc.terms_of("governing_law") == () and cc.terms_of("copyleft") == ()
    assert (cc.propagation.same_license_required, cc.propagation.relicensing_allowed) == (False, False)
    assert not binds_distillation(kb, "cc-by-nc-4.0")


@pytest.mark.parametrize("license_id", ["apache-2.0", "mit"])
def test_permissive_baselines_reach_only_weight_derivatives(kb: KnowledgeBase, license_id: str) -> None:
    item = lic(kb, license_id)
    assert item.propagation.binds == frozenset(WEIGHT_RELATIONS)
    assert item.propagation.relicensing_allowed is True and item.propagation.same_license_required is False
    for absent in (
        "mau_threshold",
        "revenue_threshold",
        "training_restriction",
        "use_restrictions",
        "acceptable_use_policy",
        "territorial_restriction",
        "governing_law",
    ):
        assert item.terms_of(absent) == (), absent
    assert [t.clause for t in item.terms_of("commercial_use")]  # stated, with a clause


def test_apache_notice_clauses(kb: KnowledgeBase) -> None:
    assert attribution(kb, "apache-2.0", "copy_of_license").clause == "§4(a)"
    assert attribution(kb, "apache-2.0", "mark_changes").clause == "§4(b)"
    assert attribution(kb, "apache-2.0", "notice").clause == "§4(c), §4(d)"
    assert only(kb, "apache-2.0", "patent_termination").clause == "§3"


def test_r1_distill_card_labels_are_not_stated_as_fact(kb: KnowledgeBase) -> None:
    for license_id in ("mit", "deepseek"):
        assert any("R1-Distill" in u for u in lic(kb, license_id).unverified), license_id
