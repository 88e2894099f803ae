"""Issue 15 (part E): every licence id of the Hub's licence picker is in the knowledge base, and the fixes the
knowledge-base audit (``kb-audit.md`` sections (a) and (b)) asked for hold: clause numbers, verified flags, and
no spurious unverified warning on a StarCoder-like model."""

from __future__ import annotations

import pytest

from data_lineage_helpers import audit, by_rule, graph, synthetic
from helpers import run_cli
from modelaudit.kinds import Verdict
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base

# The Hub's licence picker (hub-docs docs/hub/repositories-licenses.md at 242f4a1, 2026-08-22): its 81 real
# licence ids, without the placeholders `unknown` and `other` (kb-audit section (b)).
HUB_PICKER = [
    "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m", "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0", "bsd", "bsd-2-clause", "bsd-3-clause",
    "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0", "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0",
    "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0",
    "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0",
    "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl", "ecl-2.0", "epl-1.0", "epl-2.0",
    "etalab-2.0", "eupl-1.1", "eupl-1.2", "agpl-3.0", "gfdl", "gpl", "gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1",
    "lgpl-3.0", "isc", "h-research", "intel-research", "lppl-1.3c", "ms-pl", "apple-ascl", "apple-amlr",
    "mpl-2.0", "odc-by", "odbl", "openmdw-1.0", "openmdw-1.1", "openrail++", "osl-3.0", "postgresql", "ofl-1.1",
    "ncsa", "unlicense", "zlib", "pddl", "lgpl-lr", "deepfloyd-if-license", "fair-noncommercial-research-license",
    "llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "grok2-community", "gemma",
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_knowledge_base()


def test_the_picker_list_is_the_one_the_audit_counted() -> None:
    assert len(HUB_PICKER) == len(set(HUB_PICKER)) == 81


def test_every_hub_picker_id_resolves_as_a_hub_id(kb: KnowledgeBase) -> None:
    missing = [hub_id for hub_id in HUB_PICKER if kb.lookup_hub_id(hub_id) is None]
    assert missing == []
    # Each resolves to the entry of that very id (no picker id is an alias of another licence).
    assert all(kb.lookup_hub_id(hub_id).id == hub_id for hub_id in HUB_PICKER)  # type: ignore[union-attr]


def test_modelaudit_licenses_lists_every_picker_id(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses")
    assert result.code == 0
    ids = {line.split("│")[1].strip() for line in result.out.splitlines() if line.startswith("│")}
    assert set(HUB_PICKER) <= ids


@pytest.mark.parametrize(("license_id", "category"), [
    ("bsd-3-clause-clear", "permissive"), ("epl-1.0", "weak-copyleft"), ("etalab-2.0", "permissive"),
    ("lgpl", "weak-copyleft"), ("openmdw-1.0", "permissive"), ("openmdw-1.1", "permissive"),
    ("h-research", "research-only"), ("intel-research", "research-only"), ("apple-amlr", "research-only"),
    ("deepfloyd-if-license", "research-only"), ("fair-noncommercial-research-license", "research-only"),
    ("grok2-community", "open-weight-restricted"),
])
def test_new_picker_entries_say_what_kind_of_licence_they_are(kb: KnowledgeBase, license_id: str,
                                                              category: str) -> None:
    item = kb.get(license_id)
    assert item is not None and item.category == category
    status = item.terms_of("commercial_use")[0].get("status")
    assert status == ("prohibited" if category == "research-only" else
                      "conditional" if category == "open-weight-restricted" else "allowed")


def test_texts_not_read_are_flagged_unverified(kb: KnowledgeBase) -> None:
    for license_id in ("h-research", "intel-research", "fair-noncommercial-research-license", "apple-amlr",
                       "apple-ascl", "grok2-community"):
        item = kb.get(license_id)
        assert item is not None and item.unverified, license_id
        assert all(t.unverified for t in item.terms), license_id
    assert kb.get("deepfloyd-if-license").outputs.unverified  # type: ignore[union-attr]


def _single(card: dict[str, object], **profile: object):  # type: ignore[no-untyped-def]
    return audit(graph("acme/model", [synthetic("acme/model", card)], []), **profile)


def test_a_bare_cc_label_stays_unknown_never_a_pass() -> None:
    report = _single({"license": "cc"}, uses=("commercial",))
    assert report.verdict is Verdict.UNKNOWN
    assert [f.license for f in by_rule(report, "undetermined-license-variant")] == ["cc"]


def test_a_named_cc_licence_is_not_undetermined() -> None:
    report = _single({"license": "cc-by-4.0"}, uses=("commercial",))
    assert by_rule(report, "undetermined-license-variant") == [] and report.verdict is Verdict.PASS


@pytest.mark.parametrize("hub_id", ["bsd-3-clause-clear", "openmdw-1.0", "epl-1.0", "lgpl"])
def test_permissive_and_copyleft_picker_ids_are_no_longer_false_unknowns(hub_id: str) -> None:
    report = _single({"license": hub_id}, uses=("commercial",))
    assert report.verdict is Verdict.PASS, [(f.rule, f.message) for f in report.findings]


def test_a_research_picker_licence_blocks_commercial_use() -> None:
    report = _single({"license": "fair-noncommercial-research-license"}, uses=("commercial",))
    assert report.verdict is Verdict.BLOCK and by_rule(report, "non-commercial-license")


# -- fixes from kb-audit section (a) -------------------------------------------------------------------------


def test_qwen_research_terms_read_in_the_text(kb: KnowledgeBase) -> None:
    item = kb.get("qwen-research")
    assert item is not None
    by_type = {t.type: t for t in item.terms if t.type != "attribution"}
    assert by_type["export_control"].clause == "§4(a)"
    assert by_type["termination"].clause == "§5(c), §7(b)"
    assert (by_type["governing_law"].clause, by_type["governing_law"].unverified) == ("§8", False)
    assert by_type["commercial_use"].clause == "§1(i) (Non-Commercial), §2(a)"
    kinds = {t.get("kind"): t for t in item.terms_of("attribution")}
    assert kinds["display"].clause == "§4(b)" and "Built with Qwen" in kinds["display"].get("text")
    assert kinds["notice_file"].clause == "§3(c)" and kinds["notice_file"].get("text").endswith("All Rights Reserved.")
    assert kinds["copy_of_license"].clause == "§3(a)"
    assert not any(t.unverified for t in item.terms)


def test_mnpl_terms_read_in_the_text(kb: KnowledgeBase) -> None:
    item = kb.get("mnpl")
    assert item is not None
    kinds = {t.get("kind"): t for t in item.terms_of("attribution")}
    assert kinds["notice_file"].clause == "§2.2"
    assert kinds["notice_file"].get("text") == "Licensed by Mistral AI under the Mistral AI Non-Production License"
    assert kinds["copy_of_license"].clause == "§2.2" and kinds["mark_changes"].clause == "§2.3"
    assert item.terms_of("termination")[0].clause == "§7.2, §7.3"
    law = item.terms_of("governing_law")[0]
    assert (law.clause, law.unverified) == ("§8.1, §8.2", False)
    assert "France" in law.get("law") and "Paris" in law.get("venue")
    # Outputs are not Derivatives (§9): nothing reaches an output-trained model.
    assert item.outputs.reach == "none" and "§9" in item.outputs.clause


def test_falcon_180b_hosting_cites_section_9_and_the_slip_in_4_1_b(kb: KnowledgeBase) -> None:
    hosting = kb.get("falcon-180b").terms_of("hosting_restriction")[0]  # type: ignore[union-attr]
    assert hosting.clause.startswith("§9.1-§9.4; §4.1(b)")
    assert "'Section 8'" in hosting.clause and "slip for §9" in hosting.clause


def test_yi_attribution_cites_the_items_of_section_2(kb: KnowledgeBase) -> None:
    clauses = {t.get("kind"): t.clause for t in kb.get("yi").terms_of("attribution")}  # type: ignore[union-attr]
    assert clauses == {"notice": "§2, item 4)", "copy_of_license": "§2, item 4)", "mark_changes": "§2, item 5)"}


def test_rail_texts_read_in_scancode_copies_are_verified(kb: KnowledgeBase) -> None:
    bigcode = kb.get("bigcode-openrail-m")
    assert bigcode is not None and not any(t.unverified for t in bigcode.terms)
    assert len(bigcode.terms_of("use_restrictions")[0].get("items")) == 14
    assert bigcode.terms_of("latest_version") == ()
    plus = kb.get("openrail++")
    assert plus is not None and not plus.unverified and not any(t.unverified for t in plus.terms)
    creative = kb.get("creativeml-openrail-m")
    assert plus.terms_of("use_restrictions")[0].get("items") == creative.terms_of(  # type: ignore[union-attr]
        "use_restrictions")[0].get("items")


def test_a_starcoder_like_model_gets_no_unverified_terms_warning() -> None:
    report = _single({"license": "bigcode-openrail-m"}, uses=("commercial",))
    assert [e.id for e in report.effective] == ["bigcode-openrail-m"]
    assert by_rule(report, "unverified-terms") == []


def test_tongyi_qianwen_research_termination_is_verified_and_codeqwen_is_recognised(kb: KnowledgeBase) -> None:
    assert kb.get("tongyi-qianwen-research").terms_of("termination")[0].unverified is False  # type: ignore[union-attr]
    found = kb.lookup_url("https://huggingface.co/Qwen/CodeQwen1.5-7B")
    assert found is not None and found.id == "tongyi-qianwen-research"


@pytest.mark.parametrize("license_id", ["llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"])
def test_the_llama_name_prefix_binds_models_distributed_or_made_available(kb: KnowledgeBase,
                                                                          license_id: str) -> None:
    prefix = next(t for t in kb.get(license_id).terms_of("attribution")  # type: ignore[union-attr]
                  if t.get("kind") == "name_prefix")
    assert "distributed or made available" in prefix.get("applies_to")
    assert prefix.get("triggers") == ("redistribution", "hosted-service")
