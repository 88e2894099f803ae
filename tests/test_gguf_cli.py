"""``modelaudit check`` on files: GGUF files and split sets, safetensors files (offline, bundled snapshot)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gguf_helpers import LLAMA32_LICENSE_TEXT, write_gguf, write_safetensors
from helpers import run_cli

LLAMA33 = "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct"


def _check(capsys: pytest.CaptureFixture[str], target: Path | str) -> tuple[int, dict[str, Any]]:
    result = run_cli(capsys, "check", str(target), "--offline", "--format", "json")
    return result.code, json.loads(result.out)


def _root(result: dict[str, Any]) -> dict[str, Any]:
    return result["lineage"]["nodes"][0]


def _rules(result: dict[str, Any]) -> set[str]:
    return {f["rule"] for f in result["findings"]}


def test_relicensed_gguf_over_llama_base_is_a_mismatch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "Llama-3.3-70B-Instruct-Q4_K_M.gguf", kv={"license": "apache-2.0"},
                      bases=[{"name": "Llama 3.3 70B Instruct", "organization": "Meta Llama", "repo_url": LLAMA33}])
    code, doc = _check(capsys, path)
    result = doc["results"][0]
    assert result["verdict"] in ("warn", "block") and code in (0, 1)  # warn exits 0 unless --fail-on warn
    assert "license-mismatch" in _rules(result)
    assert "llama3.3" in {lic["id"] for lic in result["effective_licenses"]}
    root = _root(result)
    assert root["kind"] == "local-file" and root["source"] == "local-file"
    edge = result["lineage"]["edges"][0]
    assert edge["parent"] == "meta-llama/Llama-3.3-70B-Instruct" and edge["relation"] == "quantized"


def test_base_inferred_from_header_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "model.gguf", kv={"basename": "Llama-3.2", "size_label": "1B", "finetune": "Instruct",
                                                   "license": "llama3.2"})
    _, doc = _check(capsys, path)
    result = doc["results"][0]
    assert result["verdict"] in ("warn", "block")  # inferred lineage is never a clean pass
    edges = result["lineage"]["edges"]
    assert [(e["parent"], e["relation"], e["confidence"]) for e in edges if e["child"] == str(path)] == [
        ("meta-llama/Llama-3.2-1B-Instruct", "quantized", "inferred")]


def test_gguf_naming_nothing_is_unknown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "model.gguf", kv={"license": "apache-2.0"})
    code, doc = _check(capsys, path)
    result = doc["results"][0]
    assert code == 3 and result["verdict"] == "unknown" and _root(result)["status"] == "unresolved"


def test_licence_text_beside_the_file_is_identified(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "model.gguf", kv={"name": "Llama 3.2 1B Instruct"})
    (tmp_path / "LICENSE").write_text(LLAMA32_LICENSE_TEXT)
    _, doc = _check(capsys, path)
    result = doc["results"][0]
    assert result["declared_licenses"] == ["llama3.2"]


def test_split_set_is_one_model_and_a_missing_shard_is_unknown(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    write_gguf(tmp_path / "m-00001-of-00002.gguf", kv={"license": "llama3.3"},
               bases=[{"name": "Llama 3.3 70B Instruct", "repo_url": LLAMA33}])
    write_gguf(tmp_path / "m-00002-of-00002.gguf")
    _, doc = _check(capsys, tmp_path / "m-00002-of-00002.gguf")
    result = doc["results"][0]
    assert result["declared_licenses"] == ["llama3.3"]  # the header of shard 1
    assert any("first of 2 shards" in n for n in _root(result)["notes"])
    (tmp_path / "m-00002-of-00002.gguf").unlink()
    code, doc = _check(capsys, tmp_path / "m-00001-of-00002.gguf")
    assert code == 3 and doc["results"][0]["verdict"] == "unknown"
    assert "m-00002-of-00002.gguf missing" in json.dumps(doc["results"][0])


@pytest.mark.parametrize("make", ["truncated", "magic", "directory", "unreadable"])
def test_bad_files_are_unknown_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, make: str) -> None:
    path = tmp_path / "x.gguf"
    if make == "truncated":
        path.write_bytes(write_gguf(tmp_path / "ok.gguf", kv={"license": "mit"}).read_bytes()[:30])
    elif make == "magic":
        path.write_bytes(b"NOPE" + b"\0" * 100)
    elif make == "directory":
        path.mkdir()
        (path / "README.md").write_text("---\nlicense: mit\n---\n")
    else:
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        write_gguf(path)
        path.chmod(0)
    result = run_cli(capsys, "check", str(path), "--offline", "--format", "json")
    assert result.code == 3 and "Traceback" not in result.err
    assert json.loads(result.out)["results"][0]["verdict"] == "unknown"
    text = run_cli(capsys, "check", str(path), "--offline")
    assert text.code == 3 and str(path) in text.out + text.err
    assert "does not exist on the Hub" not in text.out  # a file on disk is not a Hub repository


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "check", str(tmp_path / "nope.gguf"), "--offline")
    assert result.code == 2 and "no such file" in result.err and len(result.err.strip().splitlines()) == 1


def test_a_bare_missing_file_name_is_a_usage_error_not_a_hub_id(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("nope.gguf", "weights.safetensors"):
        result = run_cli(capsys, "check", name, "--offline")
        assert result.code == 2 and f"'{name}': no such file" in result.err, result.err


def test_safetensors_file_with_its_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: apache-2.0\n---\nA model trained from scratch.\n")
    path = write_safetensors(tmp_path / "model.safetensors", {"format": "pt"})
    code, doc = _check(capsys, path)
    result = doc["results"][0]
    assert result["declared_licenses"] == ["apache-2.0"] and result["verdict"] == "pass" and code == 0
    root = _root(result)
    assert root["kind"] == "local-file" and any("format pt" in n for n in root["notes"])


def test_safetensors_metadata_licence_and_bad_headers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_safetensors(tmp_path / "a.safetensors", {"format": "pt", "license": "mit"})
    _, doc = _check(capsys, path)
    assert doc["results"][0]["declared_licenses"] == ["mit"]
    beyond = tmp_path / "beyond.safetensors"
    beyond.write_bytes((10**6).to_bytes(8, "little") + b"{}")
    huge = tmp_path / "huge.safetensors"
    huge.write_bytes((2**40).to_bytes(8, "little") + b"{}")
    for bad, reason in ((beyond, "past the end"), (huge, "over 100 MB")):
        code, doc = _check(capsys, bad)
        assert code == 3 and doc["results"][0]["verdict"] == "unknown" and reason in json.dumps(doc)
