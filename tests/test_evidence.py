"""Evidence read once: one splitter, tables, sections and Hub links of a README, parsed a single time."""

from __future__ import annotations

from modelaudit.evidence import read_evidence
from modelaudit.evidence.text import sections, sentences, tables
from modelaudit.hubrefs import RepoType
from modelaudit.sources.records import FileStatus, ModelRecord

README = """---
license: apache-2.0
base_model: Qwen/Qwen2.5-7B
---
# Foo-7B

Foo-7B is fine-tuned from [Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B) on v0.1 data. It was
trained on https://huggingface.co/datasets/tatsu-lab/alpaca.

| Model | Base Model |
|---|---|
| Foo-7B | Qwen2.5-7B |

## Licence
- The weights are licensed under the Apache License 2.0.
"""


def _record(files: dict[str, str]) -> ModelRecord:
    return ModelRecord("org/Foo-7B", "org/Foo-7B", "a" * 40, card_data={}, siblings=tuple(files),
                       files=files, file_status={n: FileStatus.READ for n in files})


def test_a_record_is_read_into_typed_evidence() -> None:
    ev = read_evidence(_record({"README.md": README, "LICENSE": "Apache License Version 2.0",
                                "config.json": '{"_name_or_path": "Qwen/Qwen2.5-7B"}', "adapter_config.json": "[1]"}))
    assert ev.front_matter == {"license": "apache-2.0", "base_model": "Qwen/Qwen2.5-7B"}
    assert ev.card["base_model"] == "Qwen/Qwen2.5-7B"  # no cardData from a source: the README's own
    assert ev.body.startswith("# Foo-7B")
    assert [s.text for s in ev.prose][:2] == [
        "Foo-7B", "Foo-7B is fine-tuned from [Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B) on v0.1 data."]
    assert any(s.markup for s in ev.sentences) and not any(s.markup for s in ev.prose)
    [table] = ev.tables
    assert table.header == ("model", "base model") and table.rows == (("Foo-7B", "Qwen2.5-7B"),)
    assert [(ln.type, ln.repo_id) for ln in ev.links] == [(RepoType.MODEL, "Qwen/Qwen2.5-7B"),
                                                        (RepoType.DATASET, "tatsu-lab/alpaca")]
    assert [sec.heading for sec in ev.sections] == ["Foo-7B", "Licence"]
    assert set(ev.licence_texts) == {"LICENSE"}
    assert ev.config()["_name_or_path"] == "Qwen/Qwen2.5-7B"
    assert "adapter_config.json" not in ev.configs  # not a JSON object: not a config


def test_no_readme_is_empty_evidence() -> None:
    ev = read_evidence(_record({}))
    assert ev.front_matter is None and ev.body == "" and ev.sentences == () and not ev.has_readme


def test_the_splitter_keeps_versions_and_marks_markup() -> None:
    got = sentences("Built on Llama 3.3 and v0.1. Then more.\n| a | b |\n<p>x</p>\n- item one. Item two")
    assert [(s.text, s.line, s.markup) for s in got] == [
        ("Built on Llama 3.3 and v0.1.", 1, False), ("Then more.", 1, False), ("| a | b |", 2, True),
        ("<p>x</p>", 3, True), ("item one.", 4, False), ("Item two", 4, False)]
    assert tables("no tables here") == ()
    assert [s.heading for s in sections("intro\n# A\ntext\n## B\nmore")] == ["", "A", "B"]


def test_the_graph_parses_a_record_once() -> None:
    from modelaudit.lineage.builder import build_lineage
    from modelaudit.sources.records import FetchOutcome

    class One:
        def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
            return FetchOutcome.ok(_record({"README.md": "---\nlicense: mit\n---\n# x\n"}))

    graph = build_lineage("org/Foo-7B", One())
    first = graph.evidence("org/Foo-7B")
    assert first is not None and first is graph.evidence("org/Foo-7B")
    assert graph.evidence("nobody/else") is None
