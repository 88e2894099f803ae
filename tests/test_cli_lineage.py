"""The command line: --help everywhere, one-line errors for bad input, and `modelaudit lineage` output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

import fakehub
from fakehub import FakeHub
from helpers import hub_of, repo, run_cli, started
from modelaudit.cli import app

MODEL = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"


@pytest.fixture(autouse=True)
def _no_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed only: without TCP_NODELAY each fake-Hub request waits ~40 ms for a delayed ACK.
    monkeypatch.setattr(fakehub._Handler, "disable_nagle_algorithm", True, raising=False)


def _walk(command: Any, path: tuple[str, ...], parent: Any = None) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    if hasattr(command, "list_commands"):  # a group (typer vendors its own click, so no isinstance check)
        ctx = command.context_class(command, info_name=path[-1] if path else "modelaudit", parent=parent)
        for name in command.list_commands(ctx):
            yield from _walk(command.get_command(ctx, name), (*path, name), ctx)


#: Every command and subcommand the app has right now, found from the app itself so new ones are covered.
COMMANDS: list[tuple[tuple[str, ...], Any]] = list(_walk(typer.main.get_command(app), ()))


def _model_commands() -> list[tuple[str, ...]]:
    """Commands that take model ids as their argument (lineage, check, snapshot build, ...)."""
    out = []
    for path, command in COMMANDS:
        if any(getattr(p, "param_type_name", "") == "argument" and p.name in ("model", "models")
               for p in command.params):
            out.append(path)
    return out


MODEL_COMMANDS = _model_commands()


def test_the_app_has_the_core_commands() -> None:
    paths = {p for p, _ in COMMANDS}
    assert {("lineage",), ("snapshot", "build"), ("snapshot", "info"), ("cache", "info"), ("cache", "clear")} <= paths
    assert ("lineage",) in MODEL_COMMANDS and ("snapshot", "build") in MODEL_COMMANDS


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "modelaudit")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_works_for_every_command(capsys: pytest.CaptureFixture[str], path: tuple[str, ...], flag: str) -> None:
    result = run_cli(capsys, *path, flag)
    assert result.code == 0, result.err
    assert "Usage:" in result.out
    assert ("modelaudit " + " ".join(path)).strip() in " ".join(result.out.split())
    assert result.err == ""


def test_every_command_has_a_help_text() -> None:
    for path, command in COMMANDS:
        assert (command.help or command.short_help or "").strip(), f"{' '.join(path)} has no help text"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--version")
    assert result.code == 0 and result.out.startswith("modelaudit ")


def test_no_arguments_shows_usage_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys)
    assert "Usage:" in result.out + result.err
    assert "Traceback" not in result.out + result.err


def test_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "frobnicate")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "frobnicate" in result.err


BAD_IDS = {
    "empty": "",
    "blank": "   ",
    "dot-dot": "../x",
    "too-many-slashes": "a/b/c",
    "double-slash": "org//name",
    "over-long": "a/" + "b" * 300,
    "space": "org/na me",
    "trailing-slash": "org/",
    "double-dash": "a--b/c",
    "dot-dot-name": "org/..",
    "non-ascii": "org/ñame",
    "empty-revision": "org/name@",
    "newline": "org/na\nme",
}


@pytest.fixture(scope="module")
def _shared_hub() -> Iterator[FakeHub]:
    with FakeHub(hub_of(repo("org/name"))) as hub:
        yield hub


@pytest.fixture
def watching_hub(_shared_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    """A small fake Hub (cheaper than the recorded one) that only has to prove nobody called it."""
    monkeypatch.setenv("HF_ENDPOINT", _shared_hub.url)
    _shared_hub.reset_log()
    return _shared_hub


@pytest.mark.parametrize("command", MODEL_COMMANDS, ids=lambda p: " ".join(p))
@pytest.mark.parametrize("bad", list(BAD_IDS.values()), ids=list(BAD_IDS))
def test_bad_ids_are_one_line_and_exit_2(watching_hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         command: tuple[str, ...], bad: str) -> None:
    extra = ("--output", str(tmp_path / "out.json")) if command == ("snapshot", "build") else ()
    result = run_cli(capsys, *command, *extra, "--", bad)
    assert result.code == 2, (result.out, result.err)
    lines = result.err.strip("\n").splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("modelaudit: error:")
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.out == ""
    assert watching_hub.count() == 0  # rejected before any request
    assert not (tmp_path / "out.json").exists()


def test_unknown_repo_is_one_line_naming_it(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "lineage", "nobody/does-not-exist")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "nobody/does-not-exist" in lines[0]
    assert "not on the Hub" in lines[0]
    assert result.out == ""


def test_unknown_format_is_one_line(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "lineage", MODEL, "--format", "yaml")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "yaml" in result.err
    assert fake_hub.count() == 0


# -- JSON output ----------------------------------------------------------------------------------------------


@pytest.fixture
def lineage_json(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    result = run_cli(capsys, "lineage", MODEL, "--format", "json")
    assert result.code == 0, result.err
    assert result.err == ""
    doc: dict[str, Any] = json.loads(result.out)
    return doc


def test_json_has_nodes_and_edges_with_relation_evidence_confidence(lineage_json: dict[str, Any]) -> None:
    assert lineage_json["model"] == MODEL
    lineage = lineage_json["lineage"]
    assert lineage["subject"] == MODEL
    edges = lineage["edges"]
    assert edges
    for e in edges:
        assert e["relation"] in {"finetune", "adapter", "merge", "quantized", "distillation", "unknown"}
        assert e["evidence"] in {"card", "tags", "readme", "config", "adapter_config", "notice", "name"}
        assert e["confidence"] in {"declared", "inferred"}
        assert e["details"] and all(isinstance(d, str) and d for d in e["details"])
    ids = {n["id"] for n in lineage["nodes"]}
    assert all(e["parent"] in ids and e["child"] in ids for e in edges)
    [llama] = [e for e in edges if e["parent"] == "meta-llama/Llama-3.3-70B-Instruct"]
    assert (llama["child"], llama["relation"], llama["evidence"], llama["confidence"]) == (
        MODEL, "finetune", "readme", "inferred")
    assert any("derived from Llama3.3-70B-Instruct" in d for d in llama["details"])
    [declared] = [e for e in edges if e["parent"] == "meta-llama/Llama-3.1-70B"]
    assert (declared["evidence"], declared["confidence"]) == ("card", "declared")


def test_json_nodes_carry_revision_licences_and_gating(lineage_json: dict[str, Any]) -> None:
    nodes = {n["id"]: n for n in lineage_json["lineage"]["nodes"]}
    subject = nodes[MODEL]
    assert subject["revision"] == "5dfc3de28f7412293878a8e20ff3ece81e7a91b5"
    assert subject["declared_licenses"] == ["mit"]
    assert set(subject["effective_licenses"]) == {"mit", "llama3.3"}
    assert subject["source"] == "hub" and subject["status"] == "resolved"
    llama = nodes["meta-llama/Llama-3.3-70B-Instruct"]
    assert llama["gated"] is True and llama["declared_licenses"] == ["llama3.3"]
    assert llama["status"] == "resolved" and llama["unread"] == []  # read with the token that has access
    inherited = {e["id"]: e for e in lineage_json["lineage"]["effective_licenses"]}
    assert inherited["llama3.3"]["inferred"] is True and inherited["llama3.3"]["own"] is False
    assert inherited["llama3.3"]["path"] == ["meta-llama/Llama-3.3-70B-Instruct", MODEL]


def test_json_is_stable_between_runs(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    one = json.loads(run_cli(capsys, "lineage", MODEL, "--format", "json").out)
    two = json.loads(run_cli(capsys, "lineage", MODEL, "--format", "json", "--refresh").out)
    for doc in (one, two):
        for node in doc["lineage"]["nodes"]:
            node.pop("fetched_at", None)
    assert one == two


# -- text output ----------------------------------------------------------------------------------------------


def test_text_tree_marks_inferred_edges_and_shows_declared_licences(fake_hub: FakeHub,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "lineage", MODEL)
    assert result.code == 0, result.err
    out = result.out
    lines = out.splitlines()
    assert lines[0].startswith(MODEL) and "declares mit" in lines[0] and "inherits llama3.3" in lines[0]
    [llama] = [line for line in lines if "meta-llama/Llama-3.3-70B-Instruct @" in line]
    assert "≈ finetune of meta-llama/Llama-3.3-70B-Instruct" in llama
    assert "declares llama3.3" in llama and "gated" in llama
    [r1] = [line for line in lines if "deepseek-ai/DeepSeek-R1 @" in line]
    assert "≈ distillation of deepseek-ai/DeepSeek-R1" in r1 and "declares mit" in r1
    [declared] = [line for line in lines if "meta-llama/Llama-3.1-70B @" in line]
    assert "finetune of meta-llama/Llama-3.1-70B" in declared and "≈" not in declared
    assert "declares llama3.1" in declared
    assert "inferred from readme" in out and "declared from card" in out
    assert "Effective licences of " + MODEL in out
    assert "≈ rests on inferred lineage" in out
    assert "\x1b[" not in out  # no colour codes when not writing to a terminal


def test_text_shows_renamed_ids(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "lineage", "meta-llama/Llama-3.1-8B-Instruct")
    assert "also known as meta-llama/Meta-Llama-3.1-8B" in " ".join(result.out.split())  # may wrap


def test_text_shows_unresolved_and_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    hub = started(hub_of(repo("x/q-GGUF", license=None, tags=["gguf"], base=None),
                         repo("x/child", base="nobody/ghost")))
    try:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        unresolved = run_cli(capsys, "lineage", "x/q-GGUF")
        assert unresolved.code == 0 and "UNRESOLVED" in unresolved.out
        assert "no licence declared" in unresolved.out
        missing = run_cli(capsys, "lineage", "x/child")
        assert missing.code == 0
        [ghost] = [line for line in missing.out.splitlines() if "nobody/ghost" in line and "MISSING" in line]
        assert "finetune of nobody/ghost" in ghost
    finally:
        hub.stop()


# -- --output -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_writes_the_file(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                fmt: str) -> None:
    target = tmp_path / "reports" / f"lineage.{fmt}"
    result = run_cli(capsys, "lineage", MODEL, "--format", fmt, "--output", str(target))
    assert result.code == 0, result.err
    assert result.out == ""
    text = target.read_text(encoding="utf-8")
    assert text.endswith("\n")
    if fmt == "json":
        assert json.loads(text)["lineage"]["subject"] == MODEL
    else:
        assert text.startswith(MODEL) and "≈" in text and "\x1b[" not in text
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left behind


def test_output_same_as_stdout(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    printed = run_cli(capsys, "lineage", MODEL, "--format", "json").out
    target = tmp_path / "out.json"
    run_cli(capsys, "lineage", MODEL, "--format", "json", "-o", str(target))
    strip = lambda doc: [{k: v for k, v in n.items() if k != "fetched_at"} for n in doc["lineage"]["nodes"]]  # noqa: E731
    assert strip(json.loads(target.read_text(encoding="utf-8"))) == strip(json.loads(printed))


def test_output_to_a_directory_is_one_line(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    result = run_cli(capsys, "lineage", MODEL, "--output", str(tmp_path))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


# -- local directories ----------------------------------------------------------------------------------------


def test_local_model_directory(fake_hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = tmp_path / "my-finetune"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-7B\n---\n# mine\n",
                                     encoding="utf-8")
    result = run_cli(capsys, "lineage", str(model), "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)["lineage"]
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert nodes[str(model)]["source"] == "local"
    assert nodes["Qwen/Qwen2.5-7B"]["source"] == "hub"
    assert [(e["parent"], e["confidence"]) for e in doc["edges"]] == [("Qwen/Qwen2.5-7B", "declared")]
