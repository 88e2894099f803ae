"""The lineage extractor registry: signals as data, the file plan they drive, one evidence reading per record,
one Hub-link grammar, and the fixes that came with them (unreadable local front matter, linear claim merging)."""

from __future__ import annotations

import sys
import time
import types
from pathlib import Path

import pytest

from modelaudit.evidence import read_evidence
from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.lineage import builder, graph
from modelaudit.lineage.builder import build_lineage
from modelaudit.lineage.claims import EVIDENCE_RANK, ParentClaim, inferred, merge_claims
from modelaudit.lineage.extractors import REGISTRY, Findings, Reading, SignalReader, bind
from modelaudit.lineage.graph import NodeStatus
from modelaudit.lineage.inference import analyse_record
from modelaudit.lineage.names import default_catalogue
from modelaudit.lineage_signals import SIGNALS, Signal, Stage, named
from modelaudit.sources.file_plan import WANTS, is_planned_file, plan_files, wants_of
from modelaudit.sources.local import LocalSource
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

CATALOGUE = default_catalogue()


def record(repo_id: str = "acme/model", readme: str | None = None, *, card: dict[str, object] | None = None,
           files: dict[str, str] | None = None, siblings: tuple[str, ...] | None = None) -> ModelRecord:
    all_files = dict(files or {})
    if readme is not None:
        all_files["README.md"] = readme
    return ModelRecord(repo_id, repo_id, "0" * 40, card_data=dict(card or {}),
                       siblings=siblings if siblings is not None else tuple(all_files), files=all_files,
                       file_status={n: FileStatus.READ for n in all_files})


def analyse(rec: ModelRecord, **kwargs: object):  # type: ignore[no-untyped-def]
    return analyse_record(read_evidence(rec), CATALOGUE, **kwargs)  # type: ignore[arg-type]


# -- the registry --------------------------------------------------------------------------------------------------


def test_the_registry_reads_in_todays_order_and_ranks_evidence_from_its_signals() -> None:
    assert [(x.name, x.stage) for x in REGISTRY] == [
        ("declared", Stage.DECLARED), ("adapter-config", Stage.PRIMARY), ("readme", Stage.PRIMARY),
        # issue 14: a quant repo named like a sibling of its org plus a format suffix, the first fallback
        ("quant-sibling", Stage.FALLBACK),
        ("config", Stage.FALLBACK), ("notice", Stage.FALLBACK),
        ("gguf-name", Stage.FALLBACK),  # issue 14: a GGUF header's naming keys, before the file name
        ("name", Stage.FALLBACK),
        # issue 14: the Hub repo a local copy's folder names (LM Studio)
        ("local-origin", Stage.PRIMARY),
        # issue 13: a base named by a quoted id, and data lineage
        ("quoted-base", Stage.PRIMARY), ("card-datasets", Stage.DATA), ("readme-datasets", Stage.DATA),
        ("service-teachers", Stage.DATA), ("source-datasets", Stage.DATA), ("readme-sources", Stage.DATA),
        ("generators", Stage.DATA)]
    # Reading order and strength differ: a Notice (a family only) ranks above config.json but is read after it.
    assert EVIDENCE_RANK == (Evidence.CARD, Evidence.TAGS, Evidence.ADAPTER_CONFIG, Evidence.README, Evidence.NOTICE,
                             Evidence.LOCATION, Evidence.CONFIG, Evidence.NAME)
    assert set(EVIDENCE_RANK) == set(Evidence)  # every kind of evidence comes from some signal


def test_the_file_plan_is_what_the_signals_want() -> None:
    assert [w.label for w in WANTS] == ["README.md", "adapter_config.json", "config.json", "NOTICE files",
                                        "LICENSE files"]
    siblings = ["README.md", "adapter_config.json", "config.json", "NOTICE", "LICENSE", "USE_POLICY.md", "COPYING",
                "model.safetensors", "sub/config.json"]
    assert plan_files({"license": "other"}, siblings) == ["README.md", "adapter_config.json", "config.json", "NOTICE",
                                                          "COPYING", "LICENSE"]  # two licence files at most
    assert plan_files({"license": "llama3.3", "base_model": "org/x"}, siblings) == ["README.md", "adapter_config.json",
                                                                              "NOTICE"]
    assert plan_files({"license": "llama3.3"}, siblings, publisher=True) == ["README.md", "adapter_config.json", "NOTICE"]
    assert plan_files({}, []) == ["README.md"]  # asked for even when unlisted
    assert all(is_planned_file(n) for n in ("README.md", "config.json", "NOTICE.txt", "LICENSE.md"))
    assert not is_planned_file("model.safetensors")


def test_a_new_signal_is_one_module_and_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """What issue 13/14 signals do: a module under lineage/extractors defining READER, a row in SIGNALS. Its file
    is planned and its claims are read at its stage, with nothing else touched."""
    module = types.ModuleType("modelaudit.lineage.extractors.generation_config")

    def read(reading: Reading) -> Findings:
        text = reading.record.files.get("generation_config.json", "")
        return Findings((inferred("org/teacher", Relation.DISTILLATION, Evidence.CONFIG, text),)) if text else Findings()

    module.READER = SignalReader(read)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    signal = Signal("generation-config", (Evidence.CONFIG,), 45, Stage.PRIMARY, "generation_config",
                    (named("generation_config.json"),))
    signals = (*SIGNALS, signal)

    plan = plan_files({"license": "mit"}, ["README.md", "generation_config.json"], wants=wants_of(signals))
    assert plan == ["README.md", "generation_config.json"]
    rec = record(readme="# Model\n", files={"generation_config.json": "teacher: org/teacher"})
    claims = analyse(rec, registry=bind(signals)).claims
    assert [(c.target, c.relation) for c in claims] == [("org/teacher", Relation.DISTILLATION)]
    assert analyse(rec).claims == ()  # not registered: not read


def test_a_row_without_its_module_fails_naming_both(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImportError, match=r"lineage signal 'ghost': no extractor module .*extractors\.ghost"):
        bind((Signal("ghost", (Evidence.NAME,), 99, Stage.FALLBACK, "ghost"),))
    empty = types.ModuleType("modelaudit.lineage.extractors.empty")
    monkeypatch.setitem(sys.modules, empty.__name__, empty)
    with pytest.raises(ImportError, match=r"'empty': .*defines no READER"):
        bind((Signal("empty", (Evidence.NAME,), 99, Stage.FALLBACK, "empty"),))


def test_stage_is_honoured_a_fallback_is_not_read_once_a_model_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def spy(reading: Reading) -> Findings:
        calls.append(reading.record.repo_id)
        return Findings()

    module = types.ModuleType("modelaudit.lineage.extractors.spy")
    module.READER = SignalReader(spy)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    registry = bind((*SIGNALS, Signal("spy", (Evidence.NAME,), 70, Stage.FALLBACK, "spy")))
    analyse(record("acme/a", "This model is fine-tuned from Qwen/Qwen2.5-7B.\n"), registry=registry)
    analyse(record("acme/b", "# b\n", card={"base_model": "Qwen/Qwen2.5-7B"}), registry=registry)
    analyse(record("acme/c", "# c\n"), registry=registry)
    assert calls == ["acme/c"]


# -- one evidence reading per record -------------------------------------------------------------------------------


def test_the_walk_parses_each_record_once_and_the_graph_keeps_that_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    child = record("acme/child", "---\nlicense: mit\n---\nFine-tuned from acme/parent-7b.\n", card={"license": "mit"})
    parent = record("acme/parent-7b", "# parent\n", card={"license": "mit"})

    class Two:
        def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
            return FetchOutcome.ok({"acme/child": child, "acme/parent-7b": parent}[repo_id])

    reads: list[str] = []

    def counted(rec: ModelRecord):  # type: ignore[no-untyped-def]
        reads.append(rec.repo_id)
        return read_evidence(rec)

    def never(rec: ModelRecord) -> None:
        raise AssertionError(f"{rec.repo_id} parsed again")

    monkeypatch.setattr(builder, "read_evidence", counted)
    monkeypatch.setattr(graph, "read_evidence", never)
    lineage = build_lineage("acme/child", Two())
    assert sorted(reads) == ["acme/child", "acme/parent-7b"]
    assert "acme/parent-7b" in lineage.ancestors("acme/child")
    ev = lineage.evidence("acme/child")
    assert ev is not None and ev.front_matter == {"license": "mit"}


# -- unreadable front matter of a local model ----------------------------------------------------------------------


@pytest.mark.parametrize("front", ["base_model: [unclosed", "- a list\n- not a mapping", "key: value\n  bad: indent"])
def test_a_local_readme_whose_front_matter_cannot_be_read_is_incomplete(tmp_path: Path, front: str) -> None:
    (tmp_path / "README.md").write_text(f"---\n{front}\n---\n# My model\n", encoding="utf-8")
    root = build_lineage(str(tmp_path), LocalSource()).root
    assert root.status is NodeStatus.INCOMPLETE
    assert any("front matter could not be read" in reason for reason in root.unread), root.unread


@pytest.mark.parametrize("readme", ["---\nlicense: mit\n---\n# Mine\n", "---\n\n---\n# Empty block\n",
                                    "---\n# only a comment\n---\nbody\n", "# No front matter\n\n---\nA rule above.\n"])
def test_readable_or_absent_front_matter_does_not(tmp_path: Path, readme: str) -> None:
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    root = build_lineage(str(tmp_path), LocalSource()).root
    assert not any("front matter" in reason for reason in root.unread), root.unread


def test_a_hub_record_keeps_the_hubs_reading_of_its_card() -> None:
    # The Hub's cardData is its own reading of the front matter: that our YAML reader disagrees says nothing.
    analysis = analyse(record("acme/m", "---\nbase_model: [unclosed\n---\n# M\n", card={"license": "mit"}))
    assert analysis.unread == ()


# -- one Hub-link grammar ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("link", ["https://huggingface.co/datasets/meta-llama/Llama-2-7b-hf",
                                  "https://hf.co/spaces/meta-llama/Llama-2-7b-hf", "hf://datasets/meta-llama/Llama-2-7b-hf",
                                  "huggingface.co/datasets/meta-llama/Llama-2-7b-hf"])
def test_dataset_and_space_links_are_never_parents(link: str) -> None:
    prose = [f"This model is fine-tuned from {link}.",
             f"This model is fine-tuned from [meta-llama/Llama-2-7b-hf]({link}).",
             f"This model is fine-tuned from [Llama 2 7B]({link})."]
    for sentence in prose:
        assert analyse(record("acme/ft", sentence + "\n")).claims == (), sentence
    # A base_model that links a dataset spells no model, whatever the dataset's name says.
    declared = analyse(record("acme/ft", "# ft\n", card={"base_model": link}))
    assert declared.claims == () and declared.unresolved


def test_model_links_in_every_spelling_are_parents() -> None:
    for link in ("https://huggingface.co/Qwen/Qwen2.5-7B", "huggingface.co/Qwen/Qwen2.5-7B", "hf://Qwen/Qwen2.5-7B",
                 "https://hf.co/Qwen/Qwen2.5-7B/tree/main", "[the base](https://huggingface.co/Qwen/Qwen2.5-7B)"):
        claims = analyse(record("acme/ft", f"This model is fine-tuned from {link} on our data.\n")).claims
        assert [(c.target, c.evidence) for c in claims] == [("Qwen/Qwen2.5-7B", Evidence.README)], link


def test_an_organisation_page_is_no_model() -> None:
    assert analyse(record("acme/ft", "This model is fine-tuned from https://huggingface.co/deepseek-ai.\n")).claims == ()


# -- merging claims is linear --------------------------------------------------------------------------------------


def test_merging_thousands_of_details_for_one_target_is_linear() -> None:
    def claims(n: int) -> list[ParentClaim]:
        return [inferred("org/base", Relation.FINETUNE, Evidence.README, f"README table row {i}") for i in range(n)]

    small, large = claims(2_000), claims(40_000)
    start = time.perf_counter()
    merge_claims(small)
    small_time = time.perf_counter() - start
    start = time.perf_counter()
    [merged] = merge_claims(large)
    large_time = time.perf_counter() - start
    assert len(merged.details) == 40_000 and merged.details[:2] == ("README table row 0", "README table row 1")
    # 20 times the claims: quadratic merging took 400 times as long (seconds); linear takes about 20 times.
    assert large_time < 1.0 and large_time < max(small_time, 1e-3) * 120


def test_merging_keeps_the_first_claim_its_order_and_the_first_hint() -> None:
    a = ParentClaim("Org/X", Relation.MERGE, Evidence.CARD, Confidence.DECLARED, ("card",))
    b = inferred("org/x", Relation.FINETUNE, Evidence.README, "sentence", "Apache-2.0")
    c = inferred("org/y", Relation.FINETUNE, Evidence.README, "other")
    d = inferred("ORG/X", Relation.FINETUNE, Evidence.NAME, "card", "MIT")
    merged = merge_claims([a, c, b, d])
    assert [m.target for m in merged] == ["Org/X", "org/y"]
    assert merged[0].details == ("card", "sentence") and merged[0].license_hint == "Apache-2.0"
    assert merged[0].relation is Relation.MERGE and merged[0].evidence is Evidence.CARD
    assert merged[1] is c

