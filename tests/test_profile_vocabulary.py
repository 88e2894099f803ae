"""Issue 15 (part E): the profile vocabulary licences need. ``domicile`` (where the organisation is established)
is distinct from ``regions`` (where it serves users); ``entity_type`` lets the MRL shut out companies;
``sector`` values let military-use bans block. A missing field stays undecided (a warning naming it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from data_lineage_helpers import audit, by_rule, graph, hub_model, synthetic
from helpers import run_cli
from modelaudit.errors import UsageError
from modelaudit.kinds import Relation, Severity, Verdict
from modelaudit.licensing.knowledge_base import load_knowledge_base
from modelaudit.licensing.schema import SchemaError
from modelaudit.policy.conditions import evaluate
from modelaudit.policy.profile import load_profile, profile_from_mapping
from modelaudit.policy.rules import default_policy
from modelaudit.resources import data_dir

VISION = "meta-llama/Llama-3.2-11B-Vision-Instruct"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "profiles"


def _check(capsys: pytest.CaptureFixture[str], tmp_path: Path, model: str, profile: str) -> dict[str, Any]:
    path = tmp_path / "profile.yaml"
    path.write_text(profile)
    result = run_cli(capsys, "check", model, "--offline", "--profile", str(path), "--format", "json", "--quiet")
    assert "Traceback" not in result.err
    return json.loads(result.out)["results"][0]  # type: ignore[no-any-return]


def _findings(result: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in result["findings"] if f["rule"] == rule]


# -- profile parsing ----------------------------------------------------------------------------------------


def test_the_new_fields_parse_and_normalise() -> None:
    profile = profile_from_mapping({"domicile": ["fr", "EU"], "regions": "us", "entity_type": " Company ",
                                    "sector": "Defense"})
    assert (profile.domicile, profile.regions, profile.entity_type, profile.sector) == (
        ("FR", "EU"), ("US",), "company", "defence")
    assert profile.facts()["domicile"] == ["FR", "EU"]
    assert profile_from_mapping({"sector": "retail banking"}).sector == "retail banking"  # free text stays


@pytest.mark.parametrize(("data", "message"), [
    ({"entity_type": "startup"}, "entity_type: 'startup' is not one of company, individual, academic, government"),
    ({"domicile": ["Europe"]}, "domicile: 'EUROPE' is not an ISO 3166"),
    ({"domicile": 3}, "domicile: expected a list of strings"),
    ({"entity_type": 1}, "entity_type: expected a string"),
])
def test_bad_values_are_one_line_errors(data: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        profile_from_mapping(data)


def test_the_example_profiles_state_domicile_and_entity_type() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        profile = load_profile(path)
        assert profile.domicile and profile.entity_type, path.name
    assert load_profile(EXAMPLES / "large-platform.yaml").domicile == ("US",)


# -- domicile vs regions: Llama 3.2 Vision's EU clause is about the principal place of business ---------------


def test_an_eu_domiciled_company_is_blocked_from_llama_32_vision(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    result = _check(capsys, tmp_path, VISION, "domicile: [DE]\nregions: [DE]\nentity_type: company\n"
                    "monthly_active_users: 10\nuses: [commercial]\n")
    assert result["verdict"] == "block"
    [finding] = _findings(result, "territorial-exclusion")
    assert finding["severity"] == "block" and "domicile (DE)" in finding["message"]


def test_a_us_company_serving_eu_users_is_not_blocked_by_that_clause(capsys: pytest.CaptureFixture[str],
                                                                     tmp_path: Path) -> None:
    result = _check(capsys, tmp_path, VISION, "domicile: [US]\nregions: [US, EU, DE]\nentity_type: company\n"
                    "monthly_active_users: 10\nuses: [commercial]\n")
    assert _findings(result, "territorial-exclusion") == [] and result["verdict"] != "block"


def test_without_a_domicile_the_eu_clause_is_undecided_not_passed(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    result = _check(capsys, tmp_path, VISION, "regions: [US]\nmonthly_active_users: 10\nuses: [commercial]\n")
    [finding] = _findings(result, "territorial-exclusion")
    assert finding["severity"] == "warn" and "domicile" in json.dumps(finding)


def _rule_outcome(rule_id: str, term: dict[str, Any], profile: dict[str, Any]) -> bool | None:
    policy = default_policy()
    rule = policy.rule(rule_id)
    assert rule is not None and rule.when is not None
    facts = {"term": term, "profile": profile, "model": {"modality": "text"}}
    return evaluate(rule.when, facts, policy.expand_regions).value


def test_a_territory_of_use_is_tested_against_regions_not_domicile() -> None:
    # Hunyuan-style: the licence does not apply where the model is used (EU, UK, South Korea).
    term = {"basis": "use", "excluded_regions": ["EU", "GB", "KR"], "applies_to": "all"}
    us_serving_eu = {"domicile": ["US"], "regions": ["US", "FR"]}
    eu_serving_us = {"domicile": ["FR"], "regions": ["US"]}
    assert _rule_outcome("territory-of-use", term, us_serving_eu) is True
    assert _rule_outcome("territory-of-use", term, eu_serving_us) is False
    assert _rule_outcome("territorial-exclusion", term, us_serving_eu) is False
    assert _rule_outcome("territory-of-use", term, {"domicile": ["US"]}) is None  # regions missing: undecided


def test_a_territorial_term_must_say_what_its_regions_are_tested_against(tmp_path: Path) -> None:
    source = yaml.safe_load((data_dir("licenses") / "llama3.2.yaml").read_text())
    for term in source["terms"]:
        if term["type"] == "territorial_restriction":
            del term["basis"]
    (tmp_path / "llama3.2.yaml").write_text(yaml.safe_dump(source))
    with pytest.raises(SchemaError, match=r"terms\[\d+\]\.basis: required field is missing"):
        load_knowledge_base(tmp_path)


# -- entity_type: the MRL's research purposes leave out a company's staff ------------------------------------

MRL_CARD = {"license": "other", "license_name": "mrl"}


def _mrl(**profile: Any):  # type: ignore[no-untyped-def]
    return audit(graph("mistralai/Mistral-Large-Instruct-2411", [synthetic("mistralai/Mistral-Large-Instruct-2411",
                                                                            MRL_CARD)], []), **profile)


def test_a_company_doing_research_is_not_allowed_under_the_mrl() -> None:
    report = _mrl(uses=("research",), entity_type="company")
    assert report.verdict is Verdict.BLOCK
    [finding] = by_rule(report, "entity-excluded")
    assert finding.severity is Severity.BLOCK and finding.license == "mrl" and "§3.2" in finding.clause


def test_an_academic_lab_doing_research_is_not_blocked_by_the_mrl() -> None:
    report = _mrl(uses=("research",), entity_type="academic")
    assert by_rule(report, "entity-excluded") == [] and report.verdict is not Verdict.BLOCK


def test_without_an_entity_type_the_mrl_grant_is_undecided() -> None:
    [finding] = by_rule(_mrl(uses=("research",)), "entity-excluded")
    assert finding.severity is Severity.WARN and "entity_type" in " ".join(finding.evidence) + finding.message


# -- sector: military-use bans block a defence profile --------------------------------------------------------


def _deepseek(**profile: Any):  # type: ignore[no-untyped-def]
    card = {"license": "other", "license_name": "deepseek"}
    return audit(graph("deepseek-ai/deepseek-llm-7b-base", [synthetic("deepseek-ai/deepseek-llm-7b-base", card)],
                       []), **profile)


@pytest.mark.parametrize("sector", ["military", "defence", "Defense"])
def test_a_military_sector_is_blocked_by_deepseeks_military_ban(sector: str) -> None:
    report = _deepseek(sector=profile_from_mapping({"sector": sector}).sector)
    assert report.verdict is Verdict.BLOCK
    [finding] = by_rule(report, "sector-excluded")
    assert finding.license == "deepseek" and finding.severity is Severity.BLOCK


def test_another_sector_meets_no_military_ban() -> None:
    report = _deepseek(sector="software")
    assert by_rule(report, "sector-excluded") == [] and report.verdict is not Verdict.BLOCK


def test_the_military_bans_name_their_sectors() -> None:
    kb = load_knowledge_base(data_dir("licenses"))
    for license_id in ("deepseek", "yi", "glm-4"):
        term = kb.get(license_id).terms_of("use_restrictions")[0]  # type: ignore[union-attr]
        assert term.get("sectors") == ("military", "defence"), license_id
        assert any("military" in item for item in term.get("items")), license_id


# -- the name prefix binds only a model that is distributed or made available ------------------------------


def _student_of_llama31(**profile: Any):  # type: ignore[no-untyped-def]
    teacher, student = "meta-llama/Llama-3.1-8B", "acme/student"
    return audit(graph(student, [hub_model(teacher), synthetic(student, {"license": "apache-2.0"})],
                       [(teacher, student, Relation.DISTILLATION)]), **profile)


def _prefix_duties(report: Any) -> list[Any]:
    return [o for o in report.obligations if o.term == "attribution:name_prefix"]


@pytest.mark.parametrize("use", ["redistribution", "hosted-service"])
def test_the_llama_name_prefix_applies_when_distributed_or_made_available(use: str) -> None:
    assert [o.value for o in _prefix_duties(_student_of_llama31(uses=("commercial", use)))] == ["Llama"]


def test_no_name_prefix_for_internal_use_only() -> None:
    report = _student_of_llama31(uses=("commercial", "fine-tuning"))
    assert _prefix_duties(report) == []
    # The display duty is still there: only the name prefix is tied to distribution.
    assert any(o.term == "attribution:display" for o in report.obligations)
