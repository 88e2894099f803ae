"""Licences met in the wild (issue 15 F), through the tool: a card declaring each one (``license: other`` +
``license_name`` as real cards spell it) is resolved to it, and its key term gives the expected policy outcome for
an organisation profile. LLaMA-1 derivatives resolve to the LLaMA 1 licence through the lineage catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fakehub import FakeHub
from helpers import repo, run_cli
from modelaudit.licensing.identify import publisher_license
from modelaudit.licensing.knowledge_base import KnowledgeBase

COMMERCIAL = "organization: Acme\nregions: [US]\nuses: [commercial]\nmonthly_active_users: 1000\n"
EU_COMMERCIAL = "organization: Acme\nregions: [DE, US]\nuses: [commercial]\nmonthly_active_users: 1000\n"
DISTILLING = "organization: Acme\nregions: [US]\nuses: [commercial, distillation]\nmonthly_active_users: 1000\n"
HOSTING = "organization: Acme\nregions: [US]\nuses: [commercial, hosted-service]\nmonthly_active_users: 1000\n"
LARGE = "organization: Acme\nregions: [US]\nuses: [commercial]\nmonthly_active_users: 20000000\n"

# (license_name on the card, licence id, profile, rule that must fire, its severity, model verdict)
CASES = [
    ("flux-1-dev-non-commercial-license", "flux-1-dev-nc", COMMERCIAL, "non-commercial-license", "block", "block"),
    ("flux-1-dev-non-commercial-license", "flux-1-dev-nc", DISTILLING, "training-ban", "block", "block"),
    ("sai-nc-community", "stability-ai-nc-research", COMMERCIAL, "non-commercial-license", "block", "block"),
    ("stabilityai-nc-research-community", "stability-ai-nc-research", HOSTING, "hosting-restriction", "block",
     "block"),
    ("falcon-llm-license", "falcon-llm", COMMERCIAL, "unverified-terms", "warn", "warn"),
    ("falcon-llm-license", "falcon-llm", COMMERCIAL, "acceptable-use-policy", "warn", "warn"),
    ("falcon-2-11b-license", "falcon-2-11b", HOSTING, "acceptable-use-policy", "warn", "warn"),
    ("tencent-hunyuan-community", "tencent-hunyuan-community", EU_COMMERCIAL, "territory-of-use", "block",
     "block"),
    ("tencent-hunyuan-community", "tencent-hunyuan-community", DISTILLING, "training-ban", "block", "block"),
    ("tencent-hunyuan-community", "tencent-hunyuan-community", LARGE, "mau-threshold-exceeded", "block", "block"),
    ("health-ai-developer-foundations", "hai-def", COMMERCIAL, "unverified-terms", "warn", "warn"),
    ("llama1", "llama1", COMMERCIAL, "non-commercial-license", "block", "block"),
    ("nvidia-one-way-noncommercial-license-nsclv1", "nvidia-one-way-nc", COMMERCIAL, "non-commercial-license",
     "block", "block"),
    ("exaone", "exaone-nc", COMMERCIAL, "non-commercial-license", "block", "block"),
    ("baichuan2-community-license", "baichuan2-community", COMMERCIAL, "registration-required", "warn", "warn"),
    ("hyperclovax-seed", "hyperclova-x-seed", LARGE, "mau-threshold-exceeded", "block", "block"),
    ("playground-v2-community", "playground-v2-community", DISTILLING, "training-ban", "block", "block"),
    ("chameleon-research-license", "chameleon-research", COMMERCIAL, "non-commercial-license", "block", "block"),
    ("internlm-license", "internlm", COMMERCIAL, "registration-required", "warn", "warn"),
]


def _check(capsys: pytest.CaptureFixture[str], tmp_path: Path, model: str, profile: str) -> dict[str, Any]:
    path = tmp_path / "profile.yaml"
    path.write_text(profile)
    result = run_cli(capsys, "check", model, "--profile", str(path), "--no-data", "--format", "json", "--quiet")
    assert "Traceback" not in result.err
    doc = json.loads(result.out)
    assert len(doc["results"]) == 1
    report: dict[str, Any] = doc["results"][0]
    return report


@pytest.mark.parametrize(("license_name", "license_id", "profile", "rule", "severity", "verdict"), CASES,
                         ids=[f"{c[1]}-{c[3]}" for c in CASES])
def test_card_resolves_and_key_term_decides(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub,
                                            license_name: str, license_id: str, profile: str, rule: str,
                                            severity: str, verdict: str) -> None:
    model = f"wild/{license_id}-model"
    fake_hub.data.add(repo(model, license="other", card={"license_name": license_name}))
    result = _check(capsys, tmp_path, model, profile)
    fired = [f for f in result["findings"] if f["rule"] == rule]
    assert fired, (rule, [f["rule"] for f in result["findings"]])
    assert {f["license"] for f in fired} == {license_id}
    assert {f["severity"] for f in fired} == {severity}
    assert result["verdict"] == verdict
    assert not [f for f in result["findings"] if f["rule"] == "unknown-license"]


@pytest.mark.parametrize(("profile", "blocked"), [(EU_COMMERCIAL, True), (COMMERCIAL, False),
                                                  ("organization: A\nregions: [GB]\nuses: [commercial]\n", True),
                                                  ("organization: A\nregions: [KR]\nuses: [commercial]\n", True),
                                                  ("organization: A\nregions: [JP, CH]\nuses: [commercial]\n", False)],
                         ids=["DE", "US", "GB", "KR", "JP-CH"])
def test_hunyuan_territory_is_tested_against_the_regions_served(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                fake_hub: FakeHub, profile: str, blocked: bool) -> None:
    fake_hub.data.add(repo("tencent/HunyuanVideo", license="other", card={"license_name": "tencent-hunyuan-community"}))
    fake_hub.data.add(repo("wild/hunyuan-lora", license="other", base="tencent/HunyuanVideo", relation="adapter",
                           card={"license_name": "tencent-hunyuan-community"}))
    result = _check(capsys, tmp_path, "wild/hunyuan-lora", profile)
    territorial = [f for f in result["findings"] if f["rule"] == "territory-of-use"]
    assert bool(territorial) is blocked
    if blocked:
        assert result["verdict"] == "block"
        assert {f["license"] for f in territorial} == {"tencent-hunyuan-community"}


# -- LLaMA 1 through the lineage catalogue -------------------------------------------------------------------

LLAMA1_CASES = [
    # A fine-tune of a LLaMA-1 conversion that itself only says "other".
    ("declared base", [repo("huggyllama/llama-7b", license="other", body="The weights of the LLaMA-7b model."),
                       repo("wild/alpaca-7b", license="other", base="huggyllama/llama-7b")], "wild/alpaca-7b"),
    # An early fine-tune that names LLaMA 13B only in prose and labels itself Apache.
    ("prose", [repo("wild/vicuna-13b-v0", license="apache-2.0",
                    body="# Vicuna\n\nFine-tuned from LLaMA 13B on user-shared conversations.")], "wild/vicuna-13b-v0"),
    # A conversion whose repo name is the family's name.
    ("conversion", [repo("someone/llama-30b-hf", license="other", body="Converted weights.")], "someone/llama-30b-hf"),
]


@pytest.mark.parametrize(("what", "repos", "model"), LLAMA1_CASES, ids=[c[0] for c in LLAMA1_CASES])
def test_llama1_derivatives_inherit_the_research_licence(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         fake_hub: FakeHub, what: str, repos: list[Any],
                                                         model: str) -> None:
    for r in repos:
        fake_hub.data.add(r)
    result = _check(capsys, tmp_path, model, COMMERCIAL)
    blocks = [f for f in result["findings"] if f["rule"] == "non-commercial-license"]
    assert blocks, (what, [f["rule"] for f in result["findings"]])
    assert {f["license"] for f in blocks} == {"llama1"}
    assert {f["from"] for f in blocks} == {"family:llama-1"}
    assert {f["severity"] for f in blocks} == {"block"}
    assert result["verdict"] == "block"


def test_llama1_notice_line_names_the_family(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             fake_hub: FakeHub) -> None:
    notice = b"LLaMA is licensed under the LLaMA License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.\n"
    fake_hub.data.add(repo("wild/old-chat", license=None, extra_files={"NOTICE": notice}, body="A chat model."))
    result = _check(capsys, tmp_path, "wild/old-chat", COMMERCIAL)
    assert result["verdict"] == "block"
    assert "llama1" in {f["license"] for f in result["findings"] if f["rule"] == "non-commercial-license"}


def test_licensor_orgs_of_single_licence_publishers(kb: KnowledgeBase) -> None:
    # A repo of these organisations that says only "other" + "the Model License" names the one licence they publish.
    assert {org: getattr(publisher_license(kb, f"{org}/x"), "id", None) for org in
            ("black-forest-labs", "LGAI-EXAONE", "naver-hyperclovax", "playgroundai", "baichuan-inc", "internlm",
             "tencent")} == {
        "black-forest-labs": "flux-1-dev-nc", "LGAI-EXAONE": "exaone-nc", "naver-hyperclovax": "hyperclova-x-seed",
        "playgroundai": "playground-v2-community", "baichuan-inc": "baichuan2-community", "internlm": "internlm",
        "tencent": "tencent-hunyuan-community"}
    # Organisations with several licences stay ambiguous rather than guessing.
    assert publisher_license(kb, "stabilityai/x") is None
    assert publisher_license(kb, "tiiuae/x") is None
