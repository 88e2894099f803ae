"""``modelaudit check`` end to end: the expected outcomes of issue 4, exit codes, the JSON
contract, waivers, inventories and one-line errors. Runs on the bundled snapshot (``--offline``)
and on the local fake Hub for synthetic cases (cycles, missing parents, unknown licences)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fakehub import FakeHub
from helpers import repo, run_cli
from modelaudit.schemas import report_schema

SCHEMA = report_schema()  # the schema shipped in the package
R1_LLAMA = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "profiles"


def _profile(tmp_path: Path, text: str, name: str = "profile.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    import jsonschema

    result = run_cli(capsys, "check", *args, "--format", "json", "--quiet")
    assert "Traceback" not in result.err
    doc = json.loads(result.out)
    jsonschema.validate(doc, SCHEMA)
    return result.code, doc


def _rules(result: dict[str, Any], severity: str | None = None) -> set[str]:
    return {f["rule"] for f in result["findings"] if severity is None or f["severity"] == severity}


EU_800M = "organization: Big\nmonthly_active_users: 800000000\nregions: [EU]\nuses: [commercial]\n"
US_STARTUP = "organization: Small\nmonthly_active_users: 10000\nregions: [US]\nuses: [commercial, fine-tuning]\n"


def test_r1_distill_llama_blocks_an_800m_mau_eu_platform(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, doc = _check_json(capsys, R1_LLAMA, "--offline", "--profile", _profile(tmp_path, EU_800M))
    assert code == 1
    result = doc["results"][0]
    assert result["verdict"] == "block"
    block = [f for f in result["findings"] if f["severity"] == "block"]
    assert [f["rule"] for f in block] == ["mau-threshold-exceeded"]
    assert block[0]["license"] == "llama3.3"
    assert block[0]["from"] == "meta-llama/Llama-3.3-70B-Instruct"
    assert block[0]["path"] == ["meta-llama/Llama-3.3-70B-Instruct", R1_LLAMA]
    assert "700,000,000" in block[0]["message"] and "800,000,000" in block[0]["message"]
    assert block[0]["clause"] == "§2"


def test_r1_distill_llama_warns_a_us_startup_with_llama_duties(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    code, doc = _check_json(capsys, R1_LLAMA, "--offline", "--profile", _profile(tmp_path, US_STARTUP))
    assert code == 0
    result = doc["results"][0]
    assert result["verdict"] == "warn"
    assert result["declared_licenses"] == ["mit"]
    assert {e["id"] for e in result["effective_licenses"]} == {"mit", "llama3.3"}
    assert {"attribution-duties", "acceptable-use-policy", "license-mismatch", "inferred-lineage"} <= _rules(result, "warn")
    values = {o["value"] for o in result["obligations"] if o["license"] == "llama3.3"}
    # The display duty; the "Llama" name prefix binds only a model distributed or made available, and this
    # profile neither redistributes nor hosts.
    assert "Built with Llama" in values and "Llama" not in values
    aup = [o for o in result["obligations"] if o["term"] == "acceptable_use_policy"]
    assert aup and aup[0]["from"] == "meta-llama/Llama-3.3-70B-Instruct"
    edges = {(e["parent"], e["child"]): e for e in result["lineage"]["edges"]}
    assert edges[("meta-llama/Llama-3.3-70B-Instruct", R1_LLAMA)]["confidence"] == "inferred"


@pytest.mark.parametrize(
    ("model", "profile", "verdict", "rule"),
    [
        ("Qwen/Qwen2.5-3B", "uses: [commercial]\n", "block", "non-commercial-license"),
        ("mistralai/Codestral-22B-v0.1", "uses: [commercial]\n", "block", "non-commercial-license"),
        ("Qwen/Qwen2.5-72B-Instruct", "monthly_active_users: 800000000\nuses: [commercial]\n", "block",
         "mau-threshold-exceeded"),
        ("google/gemma-2-9b", "uses: [commercial]\n", "warn", "acceptable-use-policy"),
        ("mistralai/Mistral-7B-v0.1", "uses: [commercial]\n", "pass", None),
        ("meta-llama/Llama-3.2-11B-Vision-Instruct", "domicile: [FR]\nmonthly_active_users: 5\nuses: [commercial]\n",
         "block", "territorial-exclusion"),
        ("tiiuae/falcon-180B", "uses: [hosted-service]\n", "block", "hosting-restriction"),
        ("meta-llama/Llama-2-7b-hf", "uses: [distillation]\nmonthly_active_users: 5\n", "block", "training-ban"),
    ],
)
def test_expected_outcomes(capsys: pytest.CaptureFixture[str], tmp_path: Path, model: str, profile: str,
                           verdict: str, rule: str | None) -> None:
    code, doc = _check_json(capsys, model, "--offline", "--profile", _profile(tmp_path, profile))
    result = doc["results"][0]
    assert result["verdict"] == verdict, _rules(result)
    assert code == {"pass": 0, "warn": 0, "block": 1, "unknown": 3}[verdict]
    if rule:
        assert rule in _rules(result, verdict)


def test_text_llama_32_vision_is_fine_for_a_us_company(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = _profile(tmp_path, "domicile: [US]\nmonthly_active_users: 5\nuses: [commercial]\n")
    _, doc = _check_json(capsys, "meta-llama/Llama-3.2-11B-Vision-Instruct", "--offline", "--profile", profile)
    assert "territorial-exclusion" not in _rules(doc["results"][0])


def test_no_profile_turns_thresholds_into_warnings_naming_the_field(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc = _check_json(capsys, "meta-llama/Llama-3.1-8B", "--offline")
    result = doc["results"][0]
    assert result["verdict"] == "warn"
    mau = [f for f in result["findings"] if f["rule"] == "mau-threshold-exceeded"]
    assert mau and mau[0]["severity"] == "warn" and mau[0]["undecided"]
    assert mau[0]["missing_profile_fields"] == ["monthly_active_users"]
    assert "monthly_active_users" in mau[0]["message"]


def test_fail_on_warn_makes_warn_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "check", "google/gemma-2-9b", "--offline", "-q").code == 0
    assert run_cli(capsys, "check", "google/gemma-2-9b", "--offline", "-q", "--fail-on", "warn").code == 1
    assert run_cli(capsys, "check", "mistralai/Mistral-7B-v0.1", "--offline", "-q", "--fail-on", "warn").code == 0


def test_junit_with_fail_on_warn_counts_the_failure_it_exits_with(capsys: pytest.CaptureFixture[str]) -> None:
    import xml.etree.ElementTree as ET

    failing = run_cli(capsys, "check", "google/gemma-2-9b", "--offline", "-q", "--fail-on", "warn", "-f", "junit")
    assert failing.code == 1
    assert ET.fromstring(failing.out).get("failures") == "1"
    passing = run_cli(capsys, "check", "google/gemma-2-9b", "--offline", "-q", "-f", "junit")
    assert passing.code == 0
    assert ET.fromstring(passing.out).get("failures") == "0"


def test_several_models_exit_with_the_worst(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, doc = _check_json(capsys, "mistralai/Mistral-7B-v0.1", "Qwen/Qwen2.5-3B", "google/gemma-2-9b", "--offline",
                            "--profile", _profile(tmp_path, "uses: [commercial]\n"))
    assert [r["verdict"] for r in doc["results"]] == ["pass", "block", "warn"]
    assert doc["verdict"] == "block" and code == 1


# -- fail closed -----------------------------------------------------------------------------------

def test_cycle_is_unknown_exit_3(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    fake_hub.data.add(repo("cyc/a", base="cyc/b", license="apache-2.0"))
    fake_hub.data.add(repo("cyc/b", base="cyc/a", license="apache-2.0"))
    code, doc = _check_json(capsys, "cyc/a")
    assert code == 3 and doc["results"][0]["verdict"] == "unknown"
    assert "unresolved-lineage" in _rules(doc["results"][0], "unknown")


def test_missing_parent_is_unknown_exit_3(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    fake_hub.data.add(repo("orphan/child", base="gone/parent", license="apache-2.0"))
    code, doc = _check_json(capsys, "orphan/child")
    result = doc["results"][0]
    assert code == 3 and result["verdict"] == "unknown"
    missing = [f for f in result["findings"] if f["rule"] == "unresolved-lineage"]
    assert missing and missing[0]["from"] == "gone/parent" and "does not exist" in missing[0]["message"]


def test_unidentifiable_license_is_unknown_exit_3(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    fake_hub.data.add(repo("odd/model", license="my-very-own-license-v7"))
    code, doc = _check_json(capsys, "odd/model")
    result = doc["results"][0]
    assert code == 3 and result["verdict"] == "unknown"
    unknown = [f for f in result["findings"] if f["rule"] == "unknown-license"]
    assert unknown and "my-very-own-license-v7" in unknown[0]["message"]


def test_unresolved_gguf_is_unknown_not_a_root(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    fake_hub.data.add(repo("someone/mystery-gguf", license=None, tags=["gguf"], body="Quantized files. Enjoy!"))
    code, doc = _check_json(capsys, "someone/mystery-gguf")
    assert code == 3
    assert {"unresolved-lineage", "no-license"} & _rules(doc["results"][0], "unknown")


def test_missing_model_is_unknown_with_a_one_line_error(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    result = run_cli(capsys, "check", "nobody/no-such-model", "--quiet")
    assert result.code == 3
    assert "nobody/no-such-model" in result.err and len(result.err.strip().splitlines()) == 1


# -- waivers ---------------------------------------------------------------------------------------

def _waivers(tmp_path: Path, expires: str, rule: str = "non-commercial-license") -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(f"waivers:\n  - model: Qwen/Qwen2.5-*\n    rule: {rule}\n    reason: research team only\n"
                    f"    approver: Jane Doe (legal)\n    expires: {expires}\n")
    return str(path)


def test_an_unexpired_waiver_marks_the_finding_waived(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, doc = _check_json(capsys, "Qwen/Qwen2.5-3B", "--offline", "--profile", _profile(tmp_path, "uses: [commercial]\n"),
                            "--waivers", _waivers(tmp_path, "2099-01-01"))
    result = doc["results"][0]
    waived = [f for f in result["findings"] if f["rule"] == "non-commercial-license"]
    assert waived and waived[0]["waived"] and waived[0]["waiver"]["approver"] == "Jane Doe (legal)"
    assert result["verdict"] == "warn" and code == 0


def test_an_expired_waiver_is_itself_a_blocking_finding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, doc = _check_json(capsys, "Qwen/Qwen2.5-3B", "--offline", "--profile", _profile(tmp_path, "uses: [commercial]\n"),
                            "--waivers", _waivers(tmp_path, "2026-01-01", rule="governing-law"), "--as-of", "2026-11-25")
    result = doc["results"][0]
    assert "expired-waiver" in _rules(result, "block")
    assert not any(f["waived"] for f in result["findings"])
    assert code == 1


# -- inventories -----------------------------------------------------------------------------------

def test_from_file_reads_comments_and_revisions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from modelaudit.sources.snapshot import SnapshotSource

    outcome = SnapshotSource().fetch("mistralai/Mistral-7B-v0.1")
    assert outcome.record is not None
    sha = outcome.record.revision
    models = tmp_path / "models.txt"
    models.write_text(f"# our approved models\nmistralai/Mistral-7B-v0.1@{sha}\n\ngoogle/gemma-2-9b  # chat\n")
    code, doc = _check_json(capsys, "--from-file", str(models), "--offline")
    assert [r["model"] for r in doc["results"]] == ["mistralai/Mistral-7B-v0.1", "google/gemma-2-9b"]
    assert doc["results"][0]["revision"] == sha
    assert doc["results"][1]["locations"] == [{"path": str(models), "line": 4, "column": 1}]
    assert code == 0


def test_yaml_inventory_keeps_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text("models:\n  - id: google/gemma-2-9b\n    note: used by the support bot\n"
                         "  - mistralai/Mistral-7B-v0.1\n")
    _, doc = _check_json(capsys, "--from-file", str(inventory), "--offline")
    assert doc["results"][0]["note"] == "used by the support bot"
    assert doc["results"][0]["locations"][0]["line"] == 2


# -- errors ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check"], "no model given"),
        (["check", "../x", "--offline"], "../x"),
        (["check", "a/b/c", "--offline"], "a/b/c"),
        (["check", "x/y", "--profile", "/nonexistent/profile.yaml"], "does not exist"),
        (["check", "x/y", "--format", "docx"], "docx"),
        (["check", "x/y", "--fail-on", "info"], "info"),
        (["check", "x/y", "--as-of", "tomorrow", "--offline"], "--as-of"),
    ],
)
def test_usage_errors_are_one_line_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> None:
    result = run_cli(capsys, *args)
    assert result.code == 2
    assert needle in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_invalid_profile_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "check", "x/y", "--profile", _profile(tmp_path, "monthly_users: 3\n"))
    assert result.code == 2 and "monthly_users: unknown key" in result.err


def test_invalid_waivers_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("waivers:\n  - model: x/y\n")
    result = run_cli(capsys, "check", "x/y", "--waivers", str(path))
    assert result.code == 2 and "waivers[0]" in result.err


def test_env_twins(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELAUDIT_PROFILE", _profile(tmp_path, "uses: [commercial]\n"))
    monkeypatch.setenv("MODELAUDIT_OFFLINE", "1")
    monkeypatch.setenv("MODELAUDIT_FORMAT", "json")
    result = run_cli(capsys, "check", "Qwen/Qwen2.5-3B", "-q")
    assert result.code == 1 and json.loads(result.out)["results"][0]["verdict"] == "block"


def test_text_report_shows_verdict_paths_clauses_and_tree(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "check", R1_LLAMA, "--offline", "-q", "--profile", str(EXAMPLES / "startup.yaml"))
    out = " ".join(result.out.split())  # the report wraps at 120 columns
    assert result.code == 0
    assert "WARN" in out and "llama3.3" in out
    assert "from meta-llama/Llama-3.3-70B-Instruct via meta-llama/Llama-3.3-70B-Instruct → " + R1_LLAMA in out
    assert "§1(b)(i)" in out and "[ ]" in out  # obligations checklist with clauses
    assert "≈ finetune of meta-llama/Llama-3.3-70B-Instruct" in out  # the lineage tree, inferred edge marked


def test_output_file_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli(capsys, "check", "mistralai/Mistral-7B-v0.1", "--offline", "-q", "-f", "json", "-o", str(out))
    assert result.code == 0 and result.out == ""
    assert json.loads(out.read_text())["results"][0]["verdict"] == "pass"


@pytest.mark.parametrize("profile", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_example_profiles_load(profile: str) -> None:
    from modelaudit.policy.profile import load_profile

    assert load_profile(EXAMPLES / profile).organization


# -- openness (issue 5) ----------------------------------------------------------------------------

PUBLIC_SECTOR = Path(__file__).resolve().parents[1] / "examples" / "policies" / "public-sector.yaml"


@pytest.mark.parametrize(
    ("model", "verdict", "osaid"),
    [("allenai/OLMo-2-1124-7B", "pass", "meets"), ("EleutherAI/pythia-6.9b", "pass", "meets"),
     ("meta-llama/Llama-2-7b-hf", "block", "does-not-meet"), ("xai-org/grok-1", "block", "does-not-meet")],
)
def test_public_sector_policy_requires_osaid(capsys: pytest.CaptureFixture[str], model: str, verdict: str,
                                             osaid: str) -> None:
    _, doc = _check_json(capsys, model, "--offline", "--policy", str(PUBLIC_SECTOR),
                            "--profile", str(EXAMPLES / "eu-public-sector.yaml"))
    result = doc["results"][0]
    assert result["openness"]["osaid"] == osaid
    assert result["verdict"] == verdict, _rules(result)
    assert ("osaid-required" in _rules(result, "block")) == (osaid != "meets")
    eu = [f for f in result["findings"] if f["rule"] == "eu-ai-act-open-source-exemption"]
    assert eu and eu[0]["severity"] == "info"
    assert ("models: may apply for" in eu[0]["message"]) == (osaid == "meets")


def test_openness_is_in_every_json_result(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc = _check_json(capsys, R1_LLAMA, "--offline")
    openness = doc["results"][0]["openness"]
    assert openness["osaid"] == "does-not-meet"
    assert {c["name"] for c in openness["components"]} == {"data-information", "code", "parameters"}
    assert "eu_ai_act_open_source_exemption" in openness


def test_no_eu_finding_without_regions(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc = _check_json(capsys, "allenai/OLMo-2-1124-7B", "--offline")
    assert "eu-ai-act-open-source-exemption" not in _rules(doc["results"][0])


def test_a_quantized_vision_llama_keeps_the_eu_exclusion(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub,
                                                         tmp_path: Path) -> None:
    # Its own card says nothing multimodal; the weights it carries are Llama 3.2 Vision's.
    fake_hub.data.add(repo("someone/Llama-3.2-11B-Vision-Instruct-4bit", license="llama3.2",
                           base="meta-llama/Llama-3.2-11B-Vision-Instruct", relation="quantized"))
    profile = _profile(tmp_path, "domicile: [DE]\nmonthly_active_users: 10\nuses: [commercial]\n")
    code, doc = _check_json(capsys, "someone/Llama-3.2-11B-Vision-Instruct-4bit", "--profile", profile)
    assert "territorial-exclusion" in _rules(doc["results"][0], "block") and code == 1


def test_a_licence_with_unverified_terms_is_a_warning_not_a_pass(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    code, doc = _check_json(capsys, "ai21labs/AI21-Jamba-1.5-Mini", "--offline",
                            "--profile", _profile(tmp_path, "uses: [commercial]\n"))
    result = doc["results"][0]
    assert result["verdict"] == "warn" and code == 0
    unverified = [f for f in result["findings"] if f["rule"] == "unverified-terms"]
    assert unverified and "commercial_use" in unverified[0]["message"]
