"""The public Python API (``modelaudit.check`` / ``modelaudit.lineage_of``), as a library user calls it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import modelaudit
from modelaudit.errors import UsageError
from modelaudit.kinds import Verdict
from modelaudit.schemas import report_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = report_schema()  # the schema shipped in the package
R1 = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"
BIG = {"organization": "Big", "monthly_active_users": 800_000_000, "regions": ["US"], "uses": ["commercial"]}


def test_check_with_a_mapping_profile_gives_typed_results_and_the_json_contract() -> None:
    report = modelaudit.check([R1], profile=BIG, offline=True)
    assert report.verdict is Verdict.BLOCK
    [result] = report.results
    assert [e.id for e in result.effective_licenses] == ["mit", "llama3.3"]
    llama = result.effective_licenses[1]
    assert llama.origin == "meta-llama/Llama-3.3-70B-Instruct" and llama.inferred
    assert "mau-threshold-exceeded" in {f.rule for f in result.findings}
    assert result.lineage is not None and "meta-llama/Llama-3.1-70B" in result.lineage.ancestry()
    assert result.openness is not None and result.openness.osaid == "does-not-meet"
    doc = report.to_json()
    jsonschema.validate(doc, SCHEMA)
    assert doc["verdict"] == "block" and doc["results"][0]["effective_licenses"][1]["id"] == "llama3.3"
    assert json.loads(json.dumps(doc)) == doc  # plain JSON data


def test_check_accepts_paths_and_single_ids_and_the_same_answer_as_the_cli(
        capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import run_cli

    profile = ROOT / "examples" / "profiles" / "large-platform.yaml"
    report = modelaudit.check(R1, profile=profile, offline=True)
    cli = run_cli(capsys, "check", R1, "--profile", str(profile), "--offline", "--format", "json")
    via_cli = json.loads(cli.out)
    assert report.verdict.value == via_cli["verdict"]
    ours = report.to_json()
    for doc in (ours, via_cli):
        doc.pop("generated_at")
    assert ours == via_cli


def test_policy_and_waivers_as_data() -> None:
    policy = {"extends": "default", "rules": [
        {"id": "no-llama", "description": "No Llama-licensed models.", "scope": "license", "severity": "block",
         "when": {"eq": ["license.family", "llama"]}, "message": "{license.name} is not allowed here."}]}
    waivers = {"waivers": [{"model": "deepseek-ai/*", "rule": "no-llama", "reason": "Legal approved.",
                            "approver": "Jane (Legal)", "expires": "2099-01-01"}]}
    blocked = modelaudit.check(R1, policy=policy, offline=True)
    assert "no-llama" in {f.rule for f in blocked.results[0].active()}
    waived = modelaudit.check(R1, policy=policy, waivers=waivers, offline=True)
    assert [f.rule for f in waived.results[0].waived()] == ["no-llama"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"models": "a/b/c"}, "too many '/'"),
    ({"models": R1, "profile": {"monthly_active_users": "lots"}}, "monthly_active_users"),
    ({"models": R1, "policy": {"rules": [{"id": "x"}]}}, "description"),
    ({"models": R1, "as_of": "yesterday"}, "not a date"),
])
def test_bad_input_raises_a_one_line_usage_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message) as info:
        modelaudit.check(offline=True, **kwargs)
    assert "\n" not in str(info.value)


def test_an_unknown_model_is_a_result_not_an_exception() -> None:
    report = modelaudit.check("someone/not-in-the-snapshot", offline=True)
    assert report.verdict is Verdict.UNKNOWN
    assert {f.rule for f in report.results[0].findings} >= {"unresolved-lineage"}


def test_lineage_api() -> None:
    analysis = modelaudit.lineage_of(R1, offline=True)
    assert analysis.subject == R1
    assert {e.parent for e in analysis.graph.parents(R1)} == {"deepseek-ai/DeepSeek-R1",
                                                            "meta-llama/Llama-3.3-70B-Instruct"}
    assert "llama3.3" in analysis.propagation.effective_ids(R1)


def _readme_api_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API"):]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's Python API section has a python example"
    return match.group(1)


def test_the_readme_api_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(_readme_api_example(), "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    # The example prints what it claims in its comments.
    for line in _readme_api_example().splitlines():
        if "# prints " in line:
            assert line.split("# prints ", 1)[1].strip() in out
