"""Issue 13's end-to-end cases: real recorded model and dataset cards, served by the fake Hub, audited
with ``modelaudit check`` as a user runs it (commercial start-up profile)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fakehub import FakeHub
from helpers import run_cli

STARTUP = Path(__file__).resolve().parent.parent / "examples" / "profiles" / "startup.yaml"
DATA_RULES = {"data-license", "data-share-alike", "data-license-not-stated", "data-license-unidentified",
              "data-service-terms", "data-model-license", "output-training-restriction"}


def _check(capsys: pytest.CaptureFixture[str], model: str, *extra: str) -> dict[str, Any]:
    result = run_cli(capsys, "check", model, "--profile", str(STARTUP), "--format", "json", "-q", *extra)
    assert "Traceback" not in result.err
    doc = json.loads(result.out)
    res: dict[str, Any] = doc["results"][0]
    return res


def _active(res: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in res["findings"] if f["rule"] == rule and not f["waived"]]


def test_zephyr_warns_about_service_terms_through_ultrachat(fake_hub: FakeHub,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    res = _check(capsys, "HuggingFaceH4/zephyr-7b-beta")
    [service] = _active(res, "data-service-terms")
    assert service["severity"] == "warn"
    assert "openai.com" in service["message"] or any("openai.com" in e for e in service["evidence"]) \
        or (service["url"] or "").startswith("https://openai.com")
    assert "datasets/HuggingFaceH4/ultrachat_200k" in service["path"]
    kinds = {n["id"]: n["kind"] for n in res["lineage"]["nodes"]}
    assert kinds["datasets/HuggingFaceH4/ultrachat_200k"] == "dataset"
    assert kinds["service:openai/chatgpt"] == "service"
    relations = {(e["parent"], e["child"]): e["relation"] for e in res["lineage"]["edges"]}
    assert relations[("datasets/HuggingFaceH4/ultrachat_200k", "HuggingFaceH4/zephyr-7b-beta")] == "trained-on"
    assert relations[("service:openai/chatgpt", "datasets/HuggingFaceH4/ultrachat_200k")] == "generated-by"
    # The dataset's MIT licence is a data licence, never an effective licence of the model.
    assert {e["id"] for e in res["effective_licenses"]} == {"mit", "apache-2.0"}


def test_openhermes_data_licence_not_stated(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    res = _check(capsys, "teknium/OpenHermes-2.5-Mistral-7B")
    stated = _active(res, "data-license-not-stated")
    assert any("teknium/OpenHermes-2.5" in (f["from"] or "") or "teknium/OpenHermes-2.5" in f["message"]
               for f in stated)
    assert all(f["severity"] == "warn" for f in stated)


def test_tulu_names_the_no_robots_non_commercial_subset(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    res = _check(capsys, "allenai/Llama-3.1-Tulu-3-8B-SFT")
    nc = _active(res, "data-license")
    assert nc and all(f["severity"] == "warn" for f in nc)
    assert any("no_robots" in f["message"].lower() or "no robots" in f["message"].lower() for f in nc)
    assert any("unsettled" in f["message"] for f in nc)
    mixture = next(d for d in res["data_licenses"] if d["id"] == "datasets/allenai/tulu-3-sft-mixture")
    assert "cc-by-nc-4.0" in {lic["id"] for lic in mixture["licenses"]}


def test_dolly_share_alike_obligation(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    res = _check(capsys, "databricks/dolly-v2-12b")
    [share_alike] = _active(res, "data-share-alike")
    assert share_alike["obligation"] is True and share_alike["license"] == "cc-by-sa-3.0"
    assert any(o["license"] == "cc-by-sa-3.0" for o in res["obligations"])


@pytest.mark.parametrize("model", ["open-thoughts/OpenThinker-7B", "bespokelabs/Bespoke-Stratos-32B"])
def test_r1_generated_apache_data_on_apache_bases_raises_no_data_alarm(
        fake_hub: FakeHub, capsys: pytest.CaptureFixture[str], model: str) -> None:
    res = _check(capsys, model)
    alarms = [f for f in res["findings"] if f["rule"] in DATA_RULES and f["severity"] in ("warn", "block")]
    assert alarms == []
    assert res["data_licenses"], "the dataset was read"
    assert all(lic["id"] == "apache-2.0" for d in res["data_licenses"] for lic in d["licenses"])


def test_no_data_skips_every_dataset_request(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    res = _check(capsys, "HuggingFaceH4/zephyr-7b-beta", "--no-data")
    assert fake_hub.count(lambda r: r.path.startswith(("/api/datasets/", "/datasets/"))) == 0
    assert {n["kind"] for n in res["lineage"]["nodes"]} == {"model"}
    assert not _active(res, "data-service-terms")
