"""The policy layer on its own: profile validation, the three-valued condition language, rule
loading errors, waivers, and the verdict order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from modelaudit.errors import UsageError
from modelaudit.kinds import Severity, Verdict
from modelaudit.policy.conditions import ConditionError, evaluate, validate
from modelaudit.policy.profile import Profile, load_profile, profile_from_mapping
from modelaudit.policy.rules import builtin_rules, default_policy, load_policy
from modelaudit.policy.waivers import load_waivers, parse_waivers
from modelaudit.results import Finding, verdict_of


def _regions(codes):  # type: ignore[no-untyped-def]
    return default_policy().expand_regions(codes)


# -- profile ---------------------------------------------------------------------------------------

def test_profile_loads_every_field(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("organization: ACME\nmonthly_active_users: 1200\nannual_revenue_usd: 5.5e6\n"
                    "regions: [de, US]\nuses: [commercial, distillation]\nsector: retail\n")
    profile = load_profile(path)
    assert profile.monthly_active_users == 1200
    assert profile.annual_revenue_usd == 5_500_000
    assert profile.regions == ("DE", "US")
    assert profile.uses == ("commercial", "distillation")
    assert profile.facts()["uses"] == ["commercial", "distillation"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("monthly_users: 5\n", "monthly_users: unknown key"),
        ("monthly_active_users: lots\n", "monthly_active_users: expected a number"),
        ("monthly_active_users: -1\n", "must not be negative"),
        ("monthly_active_users: true\n", "expected a number"),
        ("regions: [Europe]\n", "'EUROPE' is not an ISO 3166"),
        ("uses: [commercial, world-domination]\n", "'world-domination' is not one of"),
        ("organization: [a, b]\n", "organization: expected a string"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("uses: [commercial\n", "line"),
    ],
)
def test_bad_profiles_are_one_line_errors_naming_the_field(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    with pytest.raises(UsageError) as info:
        load_profile(path)
    assert needle in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_profile_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load_profile(tmp_path / "nope.yaml")


def test_an_empty_profile_sets_nothing() -> None:
    assert profile_from_mapping({}).facts() == {}


# -- conditions ------------------------------------------------------------------------------------

def test_a_missing_profile_field_makes_a_comparison_undecided_and_names_it() -> None:
    cond = {"gt": ["profile.monthly_active_users", "term.value"]}
    outcome = evaluate(cond, {"profile": {}, "term": {"value": 700}}, _regions)
    assert outcome.value is None
    assert outcome.missing == {"monthly_active_users"}
    assert evaluate(cond, {"profile": {"monthly_active_users": 701}, "term": {"value": 700}}, _regions).value is True
    assert evaluate(cond, {"profile": {"monthly_active_users": 700}, "term": {"value": 700}}, _regions).value is False


def test_a_missing_term_parameter_is_false_not_undecided() -> None:
    outcome = evaluate({"eq": ["term.applies_to", "all"]}, {"term": {}}, _regions)
    assert outcome.value is False


def test_three_valued_all_any_not() -> None:
    undecided = {"contains": ["profile.uses", "commercial"]}
    false = {"eq": [1, 2]}
    true = {"eq": [1, 1]}
    facts: dict[str, object] = {"profile": {}}
    assert evaluate({"all": [undecided, false]}, facts, _regions).value is False
    assert evaluate({"all": [undecided, true]}, facts, _regions).value is None
    assert evaluate({"any": [undecided, true]}, facts, _regions).value is True
    assert evaluate({"any": [undecided, false]}, facts, _regions).value is None
    assert evaluate({"not": undecided}, facts, _regions).value is None
    assert evaluate({"not": false}, facts, _regions).value is True


def test_regions_overlap_expands_the_eu() -> None:
    cond = {"regions_overlap": ["profile.regions", "term.excluded_regions"]}
    assert evaluate(cond, {"profile": {"regions": ["DE"]}, "term": {"excluded_regions": ["EU"]}}, _regions).value
    assert evaluate(cond, {"profile": {"regions": ["EU"]}, "term": {"excluded_regions": ["EU"]}}, _regions).value
    assert not evaluate(cond, {"profile": {"regions": ["US", "GB"]}, "term": {"excluded_regions": ["EU"]}},
                        _regions).value
    # Norway is in the EEA but not in the EU.
    assert not evaluate(cond, {"profile": {"regions": ["NO"]}, "term": {"excluded_regions": ["EU"]}}, _regions).value


@pytest.mark.parametrize(
    ("condition", "needle"),
    [
        ({"gt": ["profile.monthly_active_users"]}, "two operands"),
        ({"bigger": [1, 2]}, "unknown operator 'bigger'"),
        ({"all": []}, "non-empty list"),
        ({"eq": ["profiles.uses", "x"]}, "unknown fact namespace"),
        ({"eq": [1, 2], "ne": [1, 2]}, "exactly one operator"),
    ],
)
def test_malformed_conditions_are_rejected_at_load(condition: dict[str, object], needle: str) -> None:
    with pytest.raises(ConditionError, match=needle):
        validate(condition, "rules[0].when")


# -- rules -----------------------------------------------------------------------------------------

def test_default_policy_has_the_rules_the_issue_names() -> None:
    ids = {r.id for r in default_policy().rules}
    assert {"non-commercial-license", "mau-threshold-exceeded", "revenue-threshold-exceeded", "training-ban",
            "territorial-exclusion", "hosting-restriction", "attribution-duties", "acceptable-use-policy",
            "unilateral-change", "governing-law", "license-mismatch", "copyleft-redistribution"} <= ids
    assert {"unknown-license", "unresolved-lineage", "inferred-lineage", "no-license"} <= ids
    assert all(r.builtin for r in builtin_rules())


def test_a_custom_policy_keeps_the_fail_closed_rules(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("name: lenient\nrules:\n  - id: nothing\n    description: d\n    severity: info\n"
                    "    scope: model\n    message: m\n")
    policy = load_policy(path)
    ids = [r.id for r in policy.rules]
    assert "nothing" in ids and "unknown-license" in ids and "mau-threshold-exceeded" not in ids


def test_extends_default_and_disable(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("extends: default\ndisable: [governing-law]\n")
    ids = {r.id for r in load_policy(path).rules}
    assert "governing-law" not in ids and "mau-threshold-exceeded" in ids


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("rules:\n  - id: x\n    description: d\n    severity: fatal\n    message: m\n", "severity: expected one of"),
        ("rules:\n  - id: x\n    description: d\n    severity: warn\n    message: m\n    term: royalty\n",
         "unknown term type 'royalty'"),
        ("rules:\n  - id: x\n    description: d\n    severity: warn\n", "message: missing"),
        ("rules:\n  - id: x\n    description: d\n    severity: warn\n    message: m\n    colour: red\n",
         "colour: unknown key"),
        ("extends: default\ndisable: [unknown-license]\n", "cannot be disabled"),
        ("rules:\n  - id: unknown-license\n    description: d\n    severity: info\n    message: m\n",
         "built-in rule id"),
        ("rules:\n  - id: x\n    description: d\n    severity: unknown\n    message: m\n", "severity: expected one of"),
    ],
)
def test_bad_policies_name_file_and_field(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    with pytest.raises(UsageError) as info:
        load_policy(path)
    assert needle in str(info.value) and str(path) in str(info.value)


# -- waivers ---------------------------------------------------------------------------------------

def test_waivers_match_globs_revisions_and_rules(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "waivers:\n"
        "  - model: deepseek-ai/DeepSeek-R1-Distill-*\n    rule: attribution-duties\n"
        "    reason: Legal approved on 2026-10-01\n    approver: Jane Doe\n    expires: 2027-01-31\n"
        "  - model: Qwen/Qwen2.5-7B\n    revision: abc123\n    rule: '*'\n    reason: r\n    approver: a\n"
        "    expires: 2027-01-31\n")
    waivers = load_waivers(path)
    first, second = waivers.entries
    assert first.matches("deepseek-ai/DeepSeek-R1-Distill-Llama-70B", None, "attribution-duties")
    assert not first.matches("deepseek-ai/DeepSeek-R1", None, "attribution-duties")
    assert not first.matches("deepseek-ai/DeepSeek-R1-Distill-Llama-70B", None, "governing-law")
    assert second.matches("Qwen/Qwen2.5-7B", "abc123def", "governing-law")
    assert not second.matches("Qwen/Qwen2.5-7B", "fff", "governing-law")
    assert first.expired(dt.date(2027, 2, 1)) and not first.expired(dt.date(2027, 1, 31))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("waivers:\n  - model: a/b\n    rule: x\n    reason: r\n    approver: a\n", "expires: missing"),
        ("waivers:\n  - model: a/b\n    rule: x\n    reason: r\n    approver: a\n    expires: someday\n",
         "is not a date"),
        ("waivers:\n  - model: a/b\n    rule: x\n    approver: a\n    expires: 2027-01-01\n", "reason: missing"),
        ("waivers:\n  - model: a/b\n    rule: x\n    reason: r\n    approver: a\n    expires: 2027-01-01\n"
         "    extra: 1\n", "extra: unknown key"),
        ("waivers: 3\n", "expected a list"),
    ],
)
def test_invalid_waivers_are_usage_errors(text: str, needle: str) -> None:
    import yaml

    with pytest.raises(UsageError, match=needle):
        parse_waivers(yaml.safe_load(text), "w.yaml")


# -- verdict ---------------------------------------------------------------------------------------

def _f(severity: Severity) -> Finding:
    return Finding(rule="r", severity=severity, message="m")


@pytest.mark.parametrize(
    ("severities", "verdict"),
    [
        ([], Verdict.PASS),
        ([Severity.INFO], Verdict.PASS),
        ([Severity.WARN, Severity.INFO], Verdict.WARN),
        ([Severity.WARN, Severity.UNKNOWN], Verdict.UNKNOWN),
        ([Severity.UNKNOWN, Severity.BLOCK, Severity.WARN], Verdict.BLOCK),
    ],
)
def test_verdict_order(severities: list[Severity], verdict: Verdict) -> None:
    assert verdict_of([_f(s) for s in severities]) is verdict


def test_profile_json_round_trip() -> None:
    profile = Profile(organization="x", uses=("commercial",), source="p.yaml")
    assert profile.to_json()["uses"] == ["commercial"] and profile.to_json()["source"] == "p.yaml"
