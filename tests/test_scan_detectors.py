"""The scanner's detectors: one registry (issue 12), Hub links read by modelaudit.hubrefs, glob patterns are not
models (issue 17), and model ids nested under a key that names a model (issue 14)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import modelaudit.scan as scan_package
from modelaudit.scan import ModelReference, scan_text
from modelaudit.scan.detectors import registry
from modelaudit.scan.detectors.filetypes import FILE_TYPES, MARKUP, file_type
from modelaudit.scan.detectors.hits import Hit, Source

SCAN_SOURCES = Path(scan_package.__file__).parent


def found(refs: list[ModelReference]) -> list[tuple[str, str | None, str]]:
    return [(r.repo_id, r.revision, r.kind) for r in refs]


def assert_located(text: str, refs: list[ModelReference]) -> None:
    lines = text.split("\n")
    for ref in refs:
        assert lines[ref.line - 1][ref.column - 1 :].startswith(ref.repo_id), ref


# ------------------------------------------------------------------------------------------------
# The registry
# ------------------------------------------------------------------------------------------------


def test_the_registry_names_each_detector_once_with_known_kinds() -> None:
    names = [d.name for d in registry.DETECTORS]
    assert len(names) == len(set(names))
    assert names[0] == "python-ast"  # the most specific detector's kind wins a tie
    for detector in registry.DETECTORS:
        assert detector.file_types and detector.file_types <= FILE_TYPES, detector.name
        assert callable(detector.find)
    for path in ("a.py", "nb.ipynb", "run.sh", "Dockerfile", "Makefile", "c.yaml", "c.toml", "c.ini", "c.json",
                 ".env", "README.md", "app.ts", "LICENSE"):
        assert any(file_type(path) in d.file_types for d in registry.DETECTORS), path


def test_a_detector_is_one_function_and_one_registry_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def find_todo_models(source: Source) -> Iterator[Hit]:
        start = source.text.find("TODO-MODEL ")
        if start >= 0:
            yield Hit(start + len("TODO-MODEL "), "acme/todo-model", None, "todo")

    extra = registry.Detector("todo", frozenset({MARKUP}), find_todo_models)
    monkeypatch.setattr(registry, "DETECTORS", (*registry.DETECTORS, extra))
    monkeypatch.setattr(registry, "_BY_TYPE", {})
    text = "# Plan\nTODO-MODEL acme/todo-model\n"
    refs = scan_text(text, "PLAN.md")
    assert found(refs) == [("acme/todo-model", None, "todo")]
    assert (refs[0].line, refs[0].column, refs[0].snippet) == (2, 12, "TODO-MODEL acme/todo-model")
    assert scan_text(text, "plan.py") == []  # registered for markup only


def test_scan_modules_stay_under_600_lines() -> None:
    sizes = {p.relative_to(SCAN_SOURCES).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in SCAN_SOURCES.rglob("*.py")}
    assert "detectors/registry.py" in sizes
    assert {name: n for name, n in sizes.items() if n > 600} == {}


def test_scan_keeps_no_copy_of_the_hub_link_grammar() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in SCAN_SOURCES.rglob("*.py"))
    for copy in ("_SITE_SEGMENTS", "_HUB_URL_RE", "deep-rl-course", "def parse_hub_url"):
        assert copy not in text
    # Pages hubrefs knows as site pages are not models (the old copy read these as org "transformers").
    assert scan_text("https://huggingface.co/transformers/model_doc\nhttps://hf.co/kernels/acme-x\n", "a.md") == []


# ------------------------------------------------------------------------------------------------
# Configuration keys
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["adapter_id: acme/lora-x\n", "LORA_ID=acme/lora-x\n", "adapter-repo: acme/lora-x\n"])
def test_adapter_keys_alone_in_a_file_are_read(text: str) -> None:
    assert [r.repo_id for r in scan_text(text, "adapters.yaml")] == ["acme/lora-x"]


# ------------------------------------------------------------------------------------------------
# Hub links
# ------------------------------------------------------------------------------------------------


def test_hub_links_revisions_legacy_names_and_hf_uris() -> None:
    text = """\
https://huggingface.co/acme/pr-model/tree/refs%2Fpr%2F1
https://huggingface.co/acme/sub-model/tree/v1.0/configs
https://huggingface.co/acme/file-model/resolve/v2/config.json
https://huggingface.co/gpt2
https://huggingface.co/TheBloke
weights = "hf://acme/uri-model@v3/model.safetensors"
data = "hf://datasets/acme/corpus/train.parquet"
ollama run hf.co/acme/gguf-model:Q4_K_M
"""
    refs = scan_text(text, "NOTES.md")
    assert found(refs) == [
        ("acme/pr-model", "refs/pr/1", "url"),
        ("acme/sub-model", "v1.0", "url"),  # the tree's folder is not part of the revision
        ("acme/file-model", None, "url"),  # /resolve/ points at a file: no revision
        ("gpt2", None, "url"),  # a legacy name from the known list
        ("acme/uri-model", "v3", "hub-uri"),
        ("acme/gguf-model", None, "url"),
    ]
    assert_located(text, refs)


# ------------------------------------------------------------------------------------------------
# Glob patterns are not models (issue 17)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("NOTES.md", "https://huggingface.co/meta-llama/Llama-3.1-*/blob/main/LICENSE"),
        ("NOTES.md", "Licensed as https://huggingface.co/meta-llama/Llama-3.1-*"),
        ("NOTES.md", "see hf.co/Qwen/Qwen2.5-?B for sizes"),
        ("NOTES.md", "https://huggingface.co/acme/shard-[0-9]/resolve/main/config.json"),
        ("run.sh", "hf download acme/model[abc]"),
        ("train.py", 'm = timm.create_model("hf-hub:acme/vit*")'),
        ("app.ts", 'fetch("https://api-inference.huggingface.co/models/acme/model-?")'),
        ("config.yaml", "base_model: meta-llama/Llama-3.1-*"),
    ],
)
def test_a_reference_with_glob_characters_is_not_a_model(path: str, text: str) -> None:
    assert scan_text(text, path) == []


@pytest.mark.parametrize(
    "text",
    [
        "**https://huggingface.co/acme/bold-model**",  # Markdown emphasis
        "https://huggingface.co/acme/bold-model?library=transformers",  # a query string
        "Have you tried huggingface.co/acme/bold-model?",  # a question
        "https://huggingface.co/acme/bold-model[^1]",  # a footnote
    ],
)
def test_punctuation_after_a_link_is_not_a_glob(text: str) -> None:
    assert found(scan_text(text, "NOTES.md")) == [("acme/bold-model", None, "url")]


# ------------------------------------------------------------------------------------------------
# Model ids nested under a key that names a model (issue 14)
# ------------------------------------------------------------------------------------------------

NESTED_YAML = """\
model:
  name: acme/yaml-name
  revision: v2
base_model:
  id: acme/yaml-id
teacher:
  model:
    path: acme/yaml-path
model.path: acme/yaml-dotted
tokenizer: {name: acme/yaml-tokenizer}
models:
  - name: acme/yaml-item
  - {id: acme/yaml-flow-item, revision: r1}
llm:
  model:
    model_name_or_path: acme/yaml-flat
"""

NESTED_JSON = """\
{
  "model": {"name": "acme/json-name", "revision": "v1"},
  "models": [{"id": "acme/json-item"}, {"id": "acme/json-item-2"}],
  "model.path": "acme/json-dotted",
  "train": {"model": {"model_name_or_path": "acme/json-flat"}}
}
"""

NESTED_TOML = """\
[model]
name = "acme/toml-name"
revision = "v3"

[tool.base_model]
path = "acme/toml-path"

[[models]]
id = "acme/toml-item"

[app]
model = { id = "acme/toml-inline" }
llm.model.name = "acme/toml-dotted"

[train.model]
model_name_or_path = "acme/toml-flat"
"""


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("config.yaml", NESTED_YAML, [
            ("acme/yaml-name", "v2"), ("acme/yaml-id", None), ("acme/yaml-path", None), ("acme/yaml-dotted", None),
            ("acme/yaml-tokenizer", None), ("acme/yaml-item", None), ("acme/yaml-flow-item", "r1"),
            ("acme/yaml-flat", None),
        ]),
        ("config.json", NESTED_JSON, [
            ("acme/json-name", "v1"), ("acme/json-item", None), ("acme/json-item-2", None), ("acme/json-dotted", None),
            ("acme/json-flat", None),
        ]),
        ("pyproject.toml", NESTED_TOML, [
            ("acme/toml-name", "v3"), ("acme/toml-path", None), ("acme/toml-item", None), ("acme/toml-inline", None),
            ("acme/toml-dotted", None), ("acme/toml-flat", None),
        ]),
    ],
)  # fmt: skip
def test_model_ids_nested_under_a_model_key(path: str, text: str, expected: list[tuple[str, str | None]]) -> None:
    refs = scan_text(text, path)
    assert [(r.repo_id, r.revision) for r in refs] == expected
    assert {r.kind for r in refs} == {"config-key"}
    assert_located(text, refs)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("config.yaml", "datasets:\n  - path: tatsu-lab/alpaca\n"),
        ("config.yaml", "hub_model:\n  id: acme/pushed\noutput_model: {name: acme/out}\n"),
        ("config.yaml", "notes: |\n  model:\n    name: acme/in-a-block\n"),
        ("config.yaml", "model:\n  trainer:\n    name: acme/grandchild\n"),  # only the direct parent counts
        ("config.yaml", "model:\n  name: gpt-4o\n  path: ./checkpoints/base\n"),
        ("config.json", '{"dataset": {"name": "acme/data"}, "model": {"files": {"name": "acme/file"}}}'),
        ("config.toml", '[tool.poetry]\nname = "acme/support-bot"\n[model]\nname = "models/local"\n'),
    ],
)
def test_nested_keys_that_name_no_model(path: str, text: str) -> None:
    assert scan_text(text, path) == []


# ------------------------------------------------------------------------------------------------
# Nested keys are read in linear time
# ------------------------------------------------------------------------------------------------

SIZE = 100_000
BOUND = 2.0  # seconds for SIZE characters, as tests/test_redos.py allows every reader


def _fill(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


HOSTILE = {
    "model keys": ("config.yaml", _fill("model:\n")),
    "staircase": ("config.yaml", "".join("  " * i + "model:\n" for i in range(300)) + "  " * 300 + "name: acme/deep-x\n"),
    "flow openers": ("config.yaml", "model: " + _fill("{model: ")),
    "list items": ("config.yaml", "models:\n" + _fill("  - name: acme/item-x\n")),
    "unclosed quotes": ("config.json", '{"model": {"name": ' + _fill('"\\')),
    "json nesting": ("config.json", _fill('{"model": ')),
    "json lists": ("config.json", '{"models": ' + _fill("[")),
    "long key": ("config.yaml", _fill("model") + ":\n  name: acme/x-1\n"),
    "spaces after a key": ("config.yaml", "model" + _fill(" ") + ":\n"),
    "toml headers": ("config.toml", _fill("[model]\nname = 'acme/x-1'\n")),
    "toml dotted": ("config.toml", _fill("model.") + "name = 'acme/x-1'\n"),
    "globs on one line": ("README.md", _fill("hf-hub:acme/x-1* hf.co/acme/x-1?b hf download acme/x-1[ab] ")),
    "emphasis on one line": ("README.md", _fill("**hf-hub:acme/x-1** ")),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_nested_keys_and_globs_are_read_in_linear_time(name: str) -> None:
    path, text = HOSTILE[name]
    start = time.perf_counter()
    scan_text(text, path)
    assert time.perf_counter() - start <= BOUND


def test_every_item_of_a_huge_model_list_is_found() -> None:
    ids = [f"acme{i}/model-{i}" for i in range(3000)]
    text = "models:\n" + "".join(f"  - name: {i}\n" for i in ids)
    assert [r.repo_id for r in scan_text(text, "models.yaml")] == ids
