"""A Hugging Face cache folder is the Hub model it caches, pinned at ``refs/main``, plus its local files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakehub import FakeHub
from gguf_helpers import LLAMA32_LICENSE_TEXT, hf_cache_model
from helpers import repo, run_cli

SHA = "a" * 40


def test_cache_folder_is_the_pinned_hub_model_plus_local_licence(capsys: pytest.CaptureFixture[str],
                                                                 fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.data.add(repo("acme/tiny", license="other", sha=SHA))
    folder = hf_cache_model(tmp_path, "acme/tiny", SHA, {"README.md": "---\nlicense: other\n---\n",
                                                         "LICENSE": LLAMA32_LICENSE_TEXT})
    result = run_cli(capsys, "check", str(folder), "--format", "json")
    doc = json.loads(result.out)
    res = doc["results"][0]
    root = res["lineage"]["nodes"][0]
    assert root["id"] == "acme/tiny" and root["revision"] == SHA and root["source"] == "hub"
    assert any("LICENSE read from the local copy" in n for n in root["notes"])
    assert res["declared_licenses"] == ["llama3.2"]


def test_cache_root_is_one_subject_per_model_and_offline_reads_the_local_copy(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    hf_cache_model(tmp_path, "acme/one", SHA, {"README.md": "---\nlicense: mit\n---\nTrained from scratch.\n"})
    hf_cache_model(tmp_path, "acme/two", "b" * 40, {"config.json": "{}"})
    result = run_cli(capsys, "check", str(tmp_path), "--offline", "--format", "json")
    results = {r["lineage"]["nodes"][0]["id"]: r for r in json.loads(result.out)["results"]}
    assert set(results) == {"acme/one", "acme/two"}
    assert results["acme/one"]["verdict"] == "pass" and results["acme/one"]["declared_licenses"] == ["mit"]
    # Only config.json was downloaded: the README was never read, so nothing is established.
    assert results["acme/two"]["verdict"] == "unknown" and result.code == 3


def test_broken_cache_folder_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "models--acme--gone"
    (folder / "snapshots").mkdir(parents=True)
    result = run_cli(capsys, "check", str(folder), "--offline", "--format", "json")
    assert result.code == 3 and "Traceback" not in result.err
    assert "refs/main names no commit" in result.out
