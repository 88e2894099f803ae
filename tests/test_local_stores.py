"""Ollama stores and LM Studio folders, built here: ``check ollama:NAME[:TAG]``, manifest paths, the Hub repo an
``hf.co`` model or an LM Studio folder names, and every kind of bad store entry (one line, verdict unknown)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakehub import FakeHub
from helpers import hub_of, repo, run_cli, started
from localstores import LLAMA32_LICENSE, ollama_model, write_gguf
from modelaudit.errors import UsageError
from modelaudit.sources.ollama import OllamaName, OllamaSource, parse_name
from modelaudit.sources.registry import parse_reference

LLAMA_KV = {"general.name": "Llama 3.2 1B Instruct", "general.basename": "Llama-3.2", "general.size_label": "1B"}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ollama"
    monkeypatch.setenv("OLLAMA_MODELS", str(root))
    return root


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A Hub holding a Llama 3.2 base and a quant repo of it that re-licenses it as apache-2.0."""
    fake = started(hub_of(
        repo("meta-llama/Llama-3.2-1B-Instruct", license="llama3.2"),
        repo("bartowski/Llama-3.2-1B-Instruct-GGUF", license="llama3.2", base="meta-llama/Llama-3.2-1B-Instruct",
             relation="quantized", tags=["gguf"]),
        repo("acme/relicensed-GGUF", license="apache-2.0", base="meta-llama/Llama-3.2-1B-Instruct",
             relation="quantized", tags=["gguf"]),
    ))
    monkeypatch.setenv("HF_ENDPOINT", fake.url)
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield fake
    finally:
        fake.stop()


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    res = run_cli(capsys, "check", *args, "--format", "json")
    return res.code, json.loads(res.out) if res.out.strip() else {}, res.err


def _one(report: dict) -> dict:  # type: ignore[type-arg]
    [result] = report["results"]
    return result  # type: ignore[no-any-return]


# -- names ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("ollama:llama3.2", OllamaName("registry.ollama.ai", "library", "llama3.2", "latest")),
    ("ollama:llama3.2:1b", OllamaName("registry.ollama.ai", "library", "llama3.2", "1b")),
    ("ollama:user/model:q4", OllamaName("registry.ollama.ai", "user", "model", "q4")),
    ("ollama:hf.co/bartowski/X-GGUF:Q4_K_M", OllamaName("hf.co", "bartowski", "X-GGUF", "Q4_K_M")),
])
def test_names(text: str, expected: OllamaName) -> None:
    assert parse_name(text) == expected
    assert parse_reference(text).kind == "ollama"


@pytest.mark.parametrize("text", ["ollama:", "ollama:../etc:x", "ollama:a/b/c/d", "ollama:x:", "ollama:.hidden",
                                  "ollama:a b", "ollama:" + "x" * 300])
def test_bad_names_are_one_line_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse_reference(text)


# -- check ollama:NAME ---------------------------------------------------------------------------------------------


def test_llama32_licence_layer_is_identified(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The header declares no licence: the licence layer's full text is what identifies Llama 3.2."""
    ollama_model(store, "llama3.2", gguf_kv=LLAMA_KV, license=LLAMA32_LICENSE)
    code, report, _ = _json(capsys, "ollama:llama3.2", "--offline")
    result = _one(report)
    assert result["model"] == "ollama:llama3.2:latest"
    assert [lic["id"] for lic in result["effective_licenses"]] == ["llama3.2"]
    assert result["effective_licenses"][0]["raw"] == "LICENSE"
    [node] = [n for n in result["lineage"]["nodes"] if n["id"] == "ollama:llama3.2:latest"]
    assert node["kind"] == "local-file" and node["aliases"] == ["ollama:llama3.2"]
    assert result["verdict"] in ("warn", "block")  # never pass: inferred family lineage, Llama terms
    assert code in (0, 1)


def test_params_and_template_are_recorded(store: Path) -> None:
    ollama_model(store, "llama3.2", "1b", gguf_kv=LLAMA_KV, license=LLAMA32_LICENSE)
    record = OllamaSource().fetch("ollama:llama3.2:1b").record
    assert record is not None
    assert json.loads(record.files["params.json"]) == {"stop": ["<|eot_id|>"]}
    assert record.files["template"] == "{{ .Prompt }}"
    assert record.files["LICENSE"].startswith("LLAMA 3.2 COMMUNITY LICENSE AGREEMENT")
    assert record.siblings[0].startswith("sha256-") and "params.json" in record.siblings


def test_a_manifest_path_is_read_like_its_name(store: Path) -> None:
    manifest = ollama_model(store, "llama3.2", gguf_kv=LLAMA_KV, license=LLAMA32_LICENSE)
    ref = parse_reference(str(manifest))
    assert ref.kind == "ollama"
    record = OllamaSource().fetch(str(manifest)).record
    assert record is not None and record.repo_id == "ollama:llama3.2:latest" and record.requested_id == str(manifest)


def test_a_model_pulled_from_the_hub_derives_from_that_repo(store: Path, hub: FakeHub,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    ollama_model(store, "relicensed-GGUF", "Q4_K_M", registry="hf.co", namespace="acme",
                 gguf_kv={"general.name": "relicensed", "general.license": "apache-2.0"})
    code, report, _ = _json(capsys, "ollama:hf.co/acme/relicensed-GGUF:Q4_K_M")
    result = _one(report)
    edges = {(e["parent"], e["child"]): e for e in result["lineage"]["edges"]}
    edge = edges[("acme/relicensed-GGUF", "ollama:hf.co/acme/relicensed-GGUF:Q4_K_M")]
    assert edge["confidence"] == "declared" and edge["relation"] == "quantized"
    assert ("meta-llama/Llama-3.2-1B-Instruct", "acme/relicensed-GGUF") in edges
    # The Llama 3.2 base binds through the Hub repo: the apache-2.0 on the way is no pass.
    assert "llama3.2" in [lic["id"] for lic in result["effective_licenses"]]
    assert "license-mismatch" in [f["rule"] for f in result["findings"]]
    assert result["verdict"] == "warn" and code == 0


def test_an_hf_model_whose_hub_repo_cannot_be_read_is_unknown(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ollama_model(store, "X-GGUF", "Q4_K_M", registry="hf.co", namespace="gone",
                 gguf_kv={"general.name": "x", "general.license": "apache-2.0"})
    code, report, _ = _json(capsys, "ollama:hf.co/gone/X-GGUF:Q4_K_M", "--offline")
    assert _one(report)["verdict"] == "unknown" and code != 0


# -- LM Studio -----------------------------------------------------------------------------------------------------


def _lmstudio_file(home: Path, repo_id: str, kv: dict[str, object], *, old: bool = False) -> Path:
    root = home / (".cache/lm-studio/models" if old else ".lmstudio/models")
    return write_gguf(root / repo_id / f"{repo_id.split('/')[1]}-Q4_K_M.gguf", kv)


@pytest.mark.parametrize("old", [False, True])
def test_lmstudio_folder_names_the_hub_repo_inferred(tmp_path: Path, hub: FakeHub, old: bool,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = _lmstudio_file(tmp_path, "bartowski/Llama-3.2-1B-Instruct-GGUF", {"general.name": "Llama 3.2 1B"}, old=old)
    assert parse_reference(str(path)).kind == "lmstudio"
    _, report, _ = _json(capsys, str(path))
    result = _one(report)
    [edge] = [e for e in result["lineage"]["edges"] if e["child"] == str(path)]
    assert edge["parent"] == "bartowski/Llama-3.2-1B-Instruct-GGUF"
    assert edge["confidence"] == "inferred" and edge["evidence"] == "location" and edge["relation"] == "quantized"
    assert [lic["id"] for lic in result["effective_licenses"]] == ["llama3.2"]
    assert result["verdict"] != "pass"  # a folder is a strong hint, not a declaration: at best a warning


def test_lmstudio_file_whose_repo_is_unknown_is_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fail closed: the folder says the file came from a repo that cannot be read (offline, not in the snapshot)."""
    path = _lmstudio_file(tmp_path, "nobody/Ghost-GGUF", {"general.license": "apache-2.0"})
    code, report, _ = _json(capsys, str(path), "--offline")
    assert _one(report)["verdict"] == "unknown" and code != 0


def test_a_gguf_outside_lmstudio_has_no_hub_hint(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "models" / "org" / "repo" / "x.gguf")
    assert parse_reference(str(path)).kind == "gguf"


# -- bad store entries: one line, verdict unknown, never a crash or a hang --------------------------------------------


def _bad(store: Path, capsys: pytest.CaptureFixture[str], reference: str = "ollama:llama3.2") -> str:
    code, report, err = _json(capsys, reference, "--offline")
    result = _one(report)
    assert result["verdict"] == "unknown" and code != 0
    return " ".join(n for node in result["lineage"]["nodes"] for n in node["notes"]) + err


def test_missing_model_blob(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2", gguf_kv=LLAMA_KV)
    digest = json.loads(manifest.read_text())["layers"][0]["digest"].replace(":", "-")
    (store / "blobs" / digest).unlink()
    assert "does not exist" in _bad(store, capsys)


def test_missing_licence_blob(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2", gguf_kv=LLAMA_KV, license=LLAMA32_LICENSE)
    digest = json.loads(manifest.read_text())["layers"][1]["digest"].replace(":", "-")
    (store / "blobs" / digest).unlink()
    assert "licence layer" in _bad(store, capsys)


@pytest.mark.parametrize("text", ["{not json", "[]", '{"layers": "x"}', '{"layers": [{"mediaType": 3}]}',
                                  '{"layers": []}', "\xff\xfe"])
def test_malformed_manifest(store: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    manifest = ollama_model(store, "llama3.2")
    manifest.write_bytes(text.encode("latin-1"))
    assert "manifest" in _bad(store, capsys)


def test_huge_manifest_is_not_read_whole(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2")
    with manifest.open("wb") as handle:
        handle.truncate(2_000_000_000)  # sparse: 2 GB of nothing, refused after the first megabyte
    assert "larger than" in _bad(store, capsys)


def test_blob_symlinked_out_of_the_store_is_refused(store: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2", license=LLAMA32_LICENSE)
    digest = json.loads(manifest.read_text())["layers"][1]["digest"].replace(":", "-")
    secret = tmp_path / "secret.txt"
    secret.write_text("MIT License")
    (store / "blobs" / digest).unlink()
    (store / "blobs" / digest).symlink_to(secret)
    assert "leads out of the store" in _bad(store, capsys)


def test_manifest_symlinked_out_of_the_store_is_refused(store: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2")
    outside = tmp_path / "manifest.json"
    outside.write_text(manifest.read_text())
    evil = manifest.parent / "evil"
    evil.symlink_to(outside)
    assert "leads out of the store" in _bad(store, capsys, "ollama:llama3.2:evil")


def test_a_fifo_in_the_store_does_not_hang(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2")
    manifest.unlink()
    os.mkfifo(manifest)
    assert "not a regular file" in _bad(store, capsys)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_manifest(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2")
    manifest.chmod(0)
    try:
        assert "cannot read" in _bad(store, capsys)
    finally:
        manifest.chmod(0o644)


def test_adapter_layer_is_unknown(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ollama_model(store, "llama3.2", extra_layers=[("application/vnd.ollama.image.adapter", b"GGUF")])
    assert "adapter" in _bad(store, capsys)


def test_a_truncated_gguf_blob(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ollama_model(store, "llama3.2", gguf_kv=LLAMA_KV)
    digest = json.loads(manifest.read_text())["layers"][0]["digest"].replace(":", "-")
    blob = store / "blobs" / digest
    blob.write_bytes(blob.read_bytes()[:20])
    _bad(store, capsys)


def test_a_model_not_in_the_store(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ollama_model(store, "llama3.2")
    assert "no such model in the Ollama store" in _bad(store, capsys, "ollama:mistral")
