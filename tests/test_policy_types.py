"""Policy condition types (issue 11, C): a comparison that can never be made is an error when the
policy loads, and a value of the wrong type at run time is undecided, never a silent "no"."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from helpers import run_cli
from modelaudit.errors import UsageError
from modelaudit.policy.conditions import NULL, evaluate, kind_of, list_of
from modelaudit.policy.rules import default_policy, load_policy
from modelaudit.policy.scopes import FACT_TYPES, fact_type

REPO = Path(__file__).resolve().parents[1]
LLAMA = "meta-llama/Llama-3.1-8B"


def _policy(tmp_path: Path, when: str, *, term: str = "mau_threshold", scope: str = "") -> Path:
    path = tmp_path / "rules.yaml"
    head = f"    scope: {scope}\n" if scope else f"    term: {term}\n"
    path.write_text("extends: default\nrules:\n  - id: big-platform\n    description: Big platforms need legal.\n"
                    f"{head}    severity: block\n    when: {when}\n    message: m\n")
    return path


def _load_error(path: Path) -> str:
    with pytest.raises(UsageError) as info:
        load_policy(path)
    message = str(info.value)
    assert "\n" not in message
    return message


# -- load time -------------------------------------------------------------------------------------

def test_a_quoted_number_against_a_numeric_fact_is_a_load_error(tmp_path: Path) -> None:
    path = _policy(tmp_path, '{gt: [profile.monthly_active_users, "1000000"]}')
    message = _load_error(path)
    assert message.startswith(f"{path}: rules[0] (big-platform).when.gt[1]: ")
    assert "profile.monthly_active_users is a number" in message and "'1000000' is text" in message
    assert "write 1000000 without quotes" in message


def test_the_cli_rejects_the_quoted_number_before_any_audit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _policy(tmp_path, '{gt: [profile.monthly_active_users, "1000000"]}')
    result = run_cli(capsys, "check", LLAMA, "--offline", "--policy", str(path))
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "rules[0] (big-platform).when.gt[1]" in result.err and "without quotes" in result.err


@pytest.mark.parametrize(
    ("when", "scope", "needle"),
    [
        # YAML reads an unquoted no as false: it can never equal a category name
        ("{eq: [license.category, no]}", "license", "when.eq[1]: license.category is text and false is true/false"),
        ("{in: [license.id, [mit, 5]]}", "license", "when.in[1]: license.id is text and [\'mit\', 5] is a list"),
        ("{eq: [model.effective_count, '0']}", "model", "when.eq[1]: model.effective_count is a number"),
        ("{contains: [profile.uses, 5]}", "model", "when.contains[1]: profile.uses is a list of text and 5 is a number"),
        ("{eq: [profile.uses, commercial]}", "model", "a list never equals a single value"),
        ("{le: [profile.organization, 3]}", "model", "when.le[0]: profile.organization is text"),
        ("{gt: [profile.annual_revenue_usd, profile.regions]}", "model", "when.gt[1]:"),
        ("{regions_overlap: [profile.regions, [1]]}", "model", "regions are text codes"),
        ("{all: [{truthy: node.established}, {eq: [node.gated, 'yes']}]}", "node", "when.all[1].eq[1]: node.gated"),
        # references a rule cannot use: they would read "no" on every model
        ("{eq: [term.status, prohibited]}", "license", "a license-scoped rule has no term.* facts"),
        ("{eq: [license.categroy, permissive]}", "license", "license.categroy is not a known fact"),
        ("{exists: edge.parent}", "model", "a model-scoped rule has no edge.* facts"),
    ],
)
def test_incomparable_literals_and_unknown_facts_are_load_errors(tmp_path: Path, when: str, scope: str,
                                                                  needle: str) -> None:
    message = _load_error(_policy(tmp_path, when, scope=scope))
    assert "rules[0] (big-platform)" in message and needle in message


def test_term_parameters_are_typed_from_the_licence_schema(tmp_path: Path) -> None:
    assert fact_type("term.value", "term", ["mau_threshold"]) == "number"
    assert fact_type("term.excluded_regions", "term", ["territorial_restriction"]) == list_of("text")
    assert fact_type("term.covers_outputs", "term", ["training_restriction"]) == "true/false"
    message = _load_error(_policy(tmp_path, "{gt: [term.value_usd, 5]}"))
    assert "term.value_usd is not a known fact of mau_threshold terms" in message
    message = _load_error(_policy(tmp_path, "{eq: [term.status, 1]}", term="commercial_use"))
    assert "term.status is text and 1 is a number" in message


@pytest.mark.parametrize(
    "when",
    [
        "{gt: [profile.monthly_active_users, 1000000]}",
        "{gt: [profile.monthly_active_users, term.value]}",
        "{eq: [license.url, null]}",
        "{in: [license.category, [permissive, copyleft]]}",
        "{intersects: [profile.uses, [commercial, research]]}",
        "{eq: [term.who_counts, {literal: license.id}]}",
    ],
)
def test_well_typed_conditions_load(tmp_path: Path, when: str) -> None:
    assert load_policy(_policy(tmp_path, when)).rule("big-platform") is not None


def test_the_shipped_policies_load() -> None:
    assert default_policy().rule("mau-threshold-exceeded") is not None
    for path in sorted((REPO / "examples" / "policies").glob("*.yaml")):
        assert load_policy(path).rules


def test_the_type_table_matches_the_facts_the_engine_builds() -> None:
    """Every fact the builders produce is in FACT_TYPES with the type of its value, and vice versa."""
    from modelaudit.licensing.knowledge_base import default_knowledge_base
    from modelaudit.licensing.propagation import Mismatch
    from modelaudit.policy.facts import edge_facts, license_facts, mismatch_facts, model_facts, node_facts
    from modelaudit.policy.openness_facts import openness_for
    from modelaudit.policy.profile import DERIVED_FACTS, FIELDS, Profile
    from report_factory import R1_LLAMA, build_report

    def check(namespace: str, facts: dict[str, Any], *, complete: bool = True) -> None:
        table = FACT_TYPES[namespace]
        assert set(facts) <= set(table), namespace
        if complete:
            assert set(facts) == set(table), namespace
        for name, value in facts.items():
            expected = table[name]
            kind = kind_of(value)
            if kind == "list":
                assert expected.startswith("list of ") and all(kind_of(v) == expected[8:] for v in value), name
            else:
                assert kind in (expected, NULL), (namespace, name, value)

    report = build_report([R1_LLAMA], profile="large-platform")
    analysis = report.results[0].analysis
    assert analysis is not None
    effective = analysis.propagation.effective_of(analysis.subject)
    check("model", model_facts(analysis, effective))
    for eff in effective:
        check("license", license_facts(eff))
    for node in analysis.graph.nodes():
        check("node", node_facts(node))
    for edge in analysis.graph.edges():
        check("edge", edge_facts(edge))
    check("mismatch", mismatch_facts(Mismatch("a/b", "drops-inherited", "m", "mit", "c/d", ("c/d", "a/b"))))
    _, _, openness = openness_for(analysis, report.profile, default_knowledge_base())
    check("openness", openness, complete=False)
    assert set(FACT_TYPES["profile"]) == set(FIELDS) | set(DERIVED_FACTS)
    full = Profile(organization="o", monthly_active_users=1, annual_revenue_usd=2.0, regions=("US",),
                   domicile=("DE",), entity_type="company", uses=("commercial",), sector="s")
    check("profile", full.facts())


# -- run time --------------------------------------------------------------------------------------

def _regions(codes: Any) -> set[str]:
    return default_policy().expand_regions(codes)


@pytest.mark.parametrize(
    ("condition", "facts"),
    [
        ({"gt": ["profile.monthly_active_users", "term.value"]}, {"profile": {"monthly_active_users": "2000"},
                                                                  "term": {"value": 700}}),
        ({"gt": ["term.value", 5]}, {"term": {"value": None}}),
        ({"eq": ["term.status", "prohibited"]}, {"term": {"status": 3}}),
        ({"in": ["license.category", ["permissive"]]}, {"license": {"category": ["a"]}}),
        ({"contains": ["profile.uses", "commercial"]}, {"profile": {"uses": [1, 2]}}),
        ({"regions_overlap": ["profile.regions", "term.excluded_regions"]},
         {"profile": {"regions": ["DE"]}, "term": {"excluded_regions": [{"EU": 1}]}}),
    ],
)
def test_a_value_of_the_wrong_type_is_undecided_not_false(condition: dict[str, Any], facts: dict[str, Any]) -> None:
    outcome = evaluate(condition, facts, _regions)
    assert outcome.value is None and outcome.problems and not outcome.missing
    # ... and stays undecided under not, and in all/any unless another operand decides
    assert evaluate({"not": condition}, facts, _regions).value is None
    assert evaluate({"all": [condition, {"eq": [1, 1]}]}, facts, _regions).value is None
    assert evaluate({"any": [condition, {"eq": [1, 1]}]}, facts, _regions).value is True


def test_one_match_decides_a_membership_test_despite_an_odd_element() -> None:
    facts = {"profile": {"uses": [7, "commercial"]}}
    assert evaluate({"contains": ["profile.uses", "commercial"]}, facts, _regions).value is True
    assert evaluate({"contains": ["profile.uses", "research"]}, facts, _regions).value is None


def test_a_wrong_type_at_run_time_is_an_undecided_finding(tmp_path: Path) -> None:
    """A profile built in code with a text MAU (no file validation on the way) must not pass the
    MAU threshold silently: the rule is reported at its unknown severity, saying why."""
    from modelaudit.audit import AuditSettings, Target, run_audit
    from modelaudit.kinds import Severity
    from modelaudit.policy.profile import Profile
    from modelaudit.policy.waivers import Waivers
    from modelaudit.sources.factory import SourceOptions, build_source
    from report_factory import TODAY

    profile = dataclasses.replace(Profile(uses=("commercial",)), monthly_active_users="800000000")  # type: ignore[arg-type]
    settings = AuditSettings(profile=profile, policy=default_policy(), waivers=Waivers(), today=TODAY, workers=1)
    source = build_source(SourceOptions(offline=True), lambda _message: None)
    (report,) = run_audit([Target(LLAMA)], source, settings)
    mau = [f for f in report.findings if f.rule == "mau-threshold-exceeded"]
    assert len(mau) == 1
    finding = mau[0]
    assert finding.severity is Severity.WARN and finding.undecided and finding.missing == ()
    assert "the comparison could not be made" in finding.message
    assert "'800000000'" in finding.message and "profile does not set" not in finding.message
