"""Issue 14: ``org/name`` is the Hub model; ``--local`` (``MODELAUDIT_LOCAL``, ``check(local=True)``) reads it as a
folder, and when the Hub has no such model but the working directory has such a folder, the unknown says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import modelaudit
from fakehub import FakeHub
from helpers import repo, run_cli

HINT = "a local folder 'acme/ghost' exists; use ./acme/ghost or --local"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model folder ``acme/ghost`` (MIT, no base) in the working directory."""
    path = tmp_path / "acme" / "ghost"
    path.mkdir(parents=True)
    (path / "README.md").write_text("---\nlicense: mit\n---\n# ghost\n\nOur own model, trained from scratch.\n",
                                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def result_of(out: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(out)["results"][0]
    return doc


def test_missing_hub_model_hints_at_the_folder(fake_hub: FakeHub, folder: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "acme/ghost", "--format", "json")
    assert result.code == 3, result.err
    res = result_of(result.out)
    assert res["verdict"] == "unknown" and res["reference"] == "acme/ghost"
    [finding] = [f for f in res["findings"] if f["severity"] == "unknown"]
    assert HINT in finding["message"]
    # the one-line summary on stderr says it too
    assert HINT in result.err and "Traceback" not in result.err


def test_no_hint_without_such_a_folder(fake_hub: FakeHub, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "acme/other", "--format", "json")
    assert result.code == 3
    assert "local folder" not in result.out and "local folder" not in result.err


def test_the_hub_model_wins_over_a_folder_of_its_name(fake_hub: FakeHub, folder: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.data.add(repo("acme/ghost", license="cc-by-nc-4.0"))
    res = result_of(run_cli(capsys, "check", "acme/ghost", "--format", "json", "-q").out)
    assert res["declared_licenses"] == ["cc-by-nc-4.0"]
    assert "local folder" not in json.dumps(res)


def test_local_flag_reads_the_folder(fake_hub: FakeHub, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.data.add(repo("acme/ghost", license="cc-by-nc-4.0"))
    fake_hub.reset_log()
    result = run_cli(capsys, "check", "acme/ghost", "--local", "--format", "json", "-q")
    assert result.code == 0, result.err
    res = result_of(result.out)
    assert res["reference"] == "./acme/ghost" and res["verdict"] == "pass"
    assert res["declared_licenses"] == ["mit"]
    assert [n["source"] for n in res["lineage"]["nodes"]] == ["local"]
    assert not [r for r in fake_hub.requests if "acme/ghost" in r.path]  # the Hub model was not asked for


def test_env_twin(fake_hub: FakeHub, folder: Path, capsys: pytest.CaptureFixture[str],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELAUDIT_LOCAL", "1")
    result = run_cli(capsys, "check", "acme/ghost", "--format", "json", "-q")
    assert result.code == 0, result.err
    assert result_of(result.out)["reference"] == "./acme/ghost"


def test_local_flag_on_no_folder_is_one_line(fake_hub: FakeHub, folder: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "acme/nothing", "--local")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "modelaudit: error: 'acme/nothing' is not a directory (--local reads every model argument as a local folder)"]


def test_python_api(fake_hub: FakeHub, folder: Path) -> None:
    fake_hub.data.add(repo("acme/ghost", license="cc-by-nc-4.0"))
    local = modelaudit.check(["acme/ghost"], local=True).results[0]
    assert local.reference == "./acme/ghost" and list(local.declared) == ["mit"]
    hub = modelaudit.check(["acme/ghost"]).results[0]
    assert list(hub.declared) == ["cc-by-nc-4.0"]
    # an absolute path or ./ prefix is kept as written
    assert modelaudit.check([str(folder)], local=True).results[0].reference == str(folder)
