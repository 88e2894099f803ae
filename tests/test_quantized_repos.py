"""Issue 14, quantized repos on the Hub: a quant repo whose card names its base without ``base_model_relation``
(so the Hub tags ``base_model:finetune:<base>``) is a quantization of it; a repo named like another repo of its
org plus a format suffix derives from it once that repo exists. Recorded-card-style repos on the fake Hub, beside
the recorded bases."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fakehub import FakeHub, FakeRepo
from helpers import repo, run_cli

LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
QWEN = "Qwen/Qwen2.5-7B-Instruct"
GGUF_FILES = {"model-Q4_K_M.gguf": b"GGUF", "model-Q8_0.gguf": b"GGUF"}


def hub_card(repo_id: str, *, base: str | None, relation: str | None = None, license: str | None = "apache-2.0",
             tags: tuple[str, ...] = (), hub_relation: str = "finetune", body: str = "",
             files: dict[str, bytes] | None = None, **info: Any) -> FakeRepo:
    """A repo as the Hub serves it: the card's front matter, and the ``base_model:<relation>:`` tag the Hub derives
    from it (``finetune`` when the card sets no ``base_model_relation``)."""
    r = repo(repo_id, license=license, base=base, relation=relation, tags=tags, body=body, extra_files=files, **info)
    if base is not None:
        r.info["tags"].append(f"base_model:{relation or hub_relation}:{base}")
    return r


def check(capsys: pytest.CaptureFixture[str], model: str, *extra: str) -> dict[str, Any]:
    result = run_cli(capsys, "check", model, "--format", "json", "-q", *extra)
    assert "Traceback" not in result.err
    doc: dict[str, Any] = json.loads(result.out)["results"][0]
    return doc


def edge_of(res: dict[str, Any], parent: str, child: str) -> dict[str, Any]:
    edges = {(e["parent"], e["child"]): e for e in res["lineage"]["edges"]}
    assert (parent, child) in edges, f"no edge {parent} -> {child}: {sorted(edges)}"
    return edges[(parent, child)]


def active(res: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in res["findings"] if f["rule"] == rule and not f["waived"]]


def node(res: dict[str, Any], node_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(n for n in res["lineage"]["nodes"] if n["id"] == node_id)
    return found


# -- the Hub's default "finetune" on a quant repo --------------------------------------------------------------


def test_relicensed_gguf_tagged_finetune_is_a_quantization_mismatch(fake_hub: FakeHub,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    model = "acme/Llama-3.1-8B-Instruct-GGUF"
    fake_hub.data.add(hub_card(model, base=LLAMA, tags=("gguf",), files=GGUF_FILES,
                               body="# Llama-3.1-8B-Instruct-GGUF\n\nGGUF files for local inference.\n"))
    res = check(capsys, model)
    e = edge_of(res, LLAMA, model)
    assert e["relation"] == "quantized" and e["confidence"] == "declared"
    assert any("not a fine-tune" in d and "base_model_relation" in d and "'GGUF'" in d for d in e["details"])
    [mismatch] = [f for f in active(res, "license-mismatch") if "quantization" in f["message"]]
    assert "declares apache-2.0" in mismatch["message"] and "llama3.1" in mismatch["message"]
    assert res["verdict"] != "pass"
    assert "llama3.1" in {lic["id"] for lic in res["effective_licenses"]}


@pytest.mark.parametrize("sign", ["name", "files", "config"])
def test_each_sign_alone_makes_it_a_quantization(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str],
                                                 sign: str) -> None:
    model = {"name": "acme/llama31-8b-it-AWQ", "files": "acme/llama31-local", "config": "acme/llama31-small"}[sign]
    files = GGUF_FILES if sign == "files" else None
    extra: dict[str, Any] = {"config": {"model_type": "llama", "quantization_config": {"quant_method": "gptq",
                                                                                      "bits": 4}}} \
        if sign == "config" else {}
    fake_hub.data.add(hub_card(model, base=LLAMA, files=files, **extra))
    res = check(capsys, model)
    assert edge_of(res, LLAMA, model)["relation"] == "quantized"


def test_card_that_says_finetune_stays_a_finetune(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    model = "acme/Llama-3.1-8B-Instruct-GGUF"
    fake_hub.data.add(hub_card(model, base=LLAMA, relation="finetune", tags=("gguf",), files=GGUF_FILES))
    res = check(capsys, model)
    e = edge_of(res, LLAMA, model)
    assert e["relation"] == "finetune"
    assert not any("not a fine-tune" in d for d in e["details"])


def test_no_quantization_sign_keeps_the_hubs_finetune(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    model = "acme/llama-support-bot"
    fake_hub.data.add(hub_card(model, base=LLAMA, tags=("trl", "sft")))
    assert edge_of(check(capsys, model), LLAMA, model)["relation"] == "finetune"


def test_finetune_of_a_quantized_base_named_after_it_stays_a_finetune(fake_hub: FakeHub,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # The Unsloth/QLoRA pattern: trained from ...-bnb-4bit, stored in 4 bit, named after the base.
    base = "unsloth/llama-3-8b-Instruct-bnb-4bit"  # recorded
    model = "acme/llama-3-8b-Instruct-bnb-4bit-medical"
    fake_hub.data.add(hub_card(model, base=base, license="llama3", tags=("unsloth", "trl", "4-bit", "bitsandbytes"),
                               config={"quantization_config": {"quant_method": "bitsandbytes"}}))
    assert edge_of(check(capsys, model), base, model)["relation"] == "finetune"
    # ... but a GGUF of it is its quantization: 'GGUF' is not in the base's name.
    gguf = "acme/llama-3-8b-Instruct-bnb-4bit-GGUF"
    fake_hub.data.add(hub_card(gguf, base=base, license="llama3", tags=("gguf",), files=GGUF_FILES))
    assert edge_of(check(capsys, gguf), base, gguf)["relation"] == "quantized"


# -- a format suffix on a sibling's name -----------------------------------------------------------------------


def test_same_org_gguf_suffix_derives_from_the_sibling(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    model = QWEN + "-GGUF"
    fake_hub.data.add(hub_card(model, base=None, tags=("gguf",), files=GGUF_FILES,
                               body="# Qwen2.5-7B-Instruct-GGUF\n\nThe instruction-tuned 7B Qwen2.5 model in the GGUF "
                                    "format.\n"))
    res = check(capsys, model)
    e = edge_of(res, QWEN, model)
    assert (e["relation"], e["confidence"], e["evidence"]) == ("quantized", "inferred", "name")
    assert any("format suffix '-GGUF'" in d and f"{QWEN} exists" in d for d in e["details"])
    assert node(res, model)["resolved"] is True
    [inferred] = active(res, "inferred-lineage")
    assert inferred["severity"] == "warn" and inferred["inferred"] is True
    assert any("format suffix" in ev for ev in inferred["evidence"]) or "format suffix" in inferred["message"]
    assert res["verdict"] == "warn"


def test_stacked_suffixes_in_any_org(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.data.add(hub_card("acme/Helper-7B", base=None, license="mit"))
    model = "acme/Helper-7B-GPTQ-Int4"
    fake_hub.data.add(hub_card(model, base=None, license="mit"))
    e = edge_of(check(capsys, model), "acme/Helper-7B", model)
    assert e["relation"] == "quantized" and any("'-GPTQ-Int4'" in d for d in e["details"])


def test_missing_sibling_gives_no_edge_and_falls_back(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    # Qwen publishes its own names, so the name alone names nothing: unresolved, as before.
    model = "Qwen/Qwen2.5-9B-Instruct-GGUF"
    fake_hub.data.add(hub_card(model, base=None, tags=("gguf",), files=GGUF_FILES))
    res = check(capsys, model)
    assert res["lineage"]["edges"] == [] and [n["id"] for n in res["lineage"]["nodes"]] == [model]
    assert node(res, model)["status"] == "unresolved" and res["verdict"] == "unknown"
    assert any("Qwen/Qwen2.5-9B-Instruct does not exist" in n for n in node(res, model)["notes"])
    # A third party's re-upload: no sibling of that name in its org, so the catalogue reading of the name stands.
    other = "acme/Llama-3.1-8B-Instruct-GGUF"
    fake_hub.data.add(hub_card(other, base=None, tags=("gguf",), files=GGUF_FILES))
    res = check(capsys, other)
    assert [(e["parent"], e["relation"]) for e in res["lineage"]["edges"] if e["child"] == other] == [
        (LLAMA, "quantized")]
    assert "acme/Llama-3.1-8B-Instruct" not in {n["id"] for n in res["lineage"]["nodes"]}


def test_declared_base_wins_over_the_suffix(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    model = QWEN + "-AWQ"
    fake_hub.data.add(hub_card(model, base="Qwen/Qwen2.5-7B", relation="quantized"))
    res = check(capsys, model)
    assert [e["parent"] for e in res["lineage"]["edges"] if e["child"] == model] == ["Qwen/Qwen2.5-7B"]
    asked = [r.path for r in fake_hub.requests if r.path.startswith("/api/models/")]
    assert f"/api/models/{QWEN}" not in asked  # nothing probed when the card declares its base
