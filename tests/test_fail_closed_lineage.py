"""Issue 11, lineage: every declared base is read into a Hub id or leaves the node unresolved, ids are judged
as huggingface_hub judges them, and nothing read from one repo can abort the walk or the batch."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import Any

import pytest
from huggingface_hub.errors import HFValidationError
from huggingface_hub.utils import validate_repo_id  # type: ignore[attr-defined]

import fakehub
from fakehub import FakeHub
from helpers import repo, run_cli
from modelaudit.evidence import read_evidence
from modelaudit.kinds import Confidence
from modelaudit.lineage import builder
from modelaudit.lineage.builder import build_lineage
from modelaudit.lineage.declared import normalise_base
from modelaudit.lineage.graph import NodeStatus
from modelaudit.lineage.inference import analyse_record
from modelaudit.lineage.names import InvalidRepoId, check_repo_id, default_catalogue
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord


@pytest.fixture(autouse=True)
def _no_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed only: without TCP_NODELAY each fake-Hub request waits ~40 ms for a delayed ACK.
    monkeypatch.setattr(fakehub._Handler, "disable_nagle_algorithm", True, raising=False)


def record(repo_id: str, readme: str = "", card: Mapping[str, Any] | None = None) -> ModelRecord:
    return ModelRecord(repo_id=repo_id, requested_id=repo_id, revision="0" * 40, card_data=dict(card or {}),
                       siblings=("README.md",), files={"README.md": readme}, file_status={"README.md": FileStatus.READ})


class DictSource:
    def __init__(self, *records: ModelRecord) -> None:
        self.records = {r.repo_id: r for r in records}

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        rec = self.records.get(repo_id)
        return FetchOutcome.ok(rec) if rec else FetchOutcome.missing(repo_id, f"{repo_id} is not on the Hub")


# -- 4. declared bases ------------------------------------------------------------------------------------------

SPELLINGS = [
    "Qwen/Qwen2.5-7B",
    "Qwen/Qwen2.5-7B@main",
    "Qwen/Qwen2.5-7B@a1b2c3d",
    "Qwen/Qwen2.5-7B/tree/main",
    "Qwen/Qwen2.5-7B/blob/main/config.json",
    "https://huggingface.co/Qwen/Qwen2.5-7B",
    "https://huggingface.co/Qwen/Qwen2.5-7B/tree/main",
    "https://www.huggingface.co/Qwen/Qwen2.5-7B/",
    "http://hf.co/Qwen/Qwen2.5-7B",
    "hf://Qwen/Qwen2.5-7B",
    "hf://models/Qwen/Qwen2.5-7B",
    "hf.co/Qwen/Qwen2.5-7B",
    "huggingface.co/Qwen/Qwen2.5-7B",
    "Qwen/Qwen2.5-7B (the 7B base)",
    "Qwen/Qwen2.5-7B # pinned by the trainer",
    "Qwen/Qwen2.5-7B#comment",
    '"Qwen/Qwen2.5-7B"',
    "'Qwen/Qwen2.5-7B'",
    "`Qwen/Qwen2.5-7B`",
    "  Qwen/Qwen2.5-7B  ",
    "[Qwen2.5](https://huggingface.co/Qwen/Qwen2.5-7B)",
]


@pytest.mark.parametrize("value", SPELLINGS)
def test_base_model_spellings_normalise_to_the_hub_id(value: str) -> None:
    assert normalise_base(value).hub_id == "Qwen/Qwen2.5-7B"
    claims = analyse_record(read_evidence(record("acme/ft", card={"base_model": value})), default_catalogue()).claims
    assert [(c.target, c.confidence) for c in claims] == [("Qwen/Qwen2.5-7B", Confidence.DECLARED)]


@pytest.mark.parametrize("value", ["https://huggingface.co/datasets/org/data", "org/name/extra", "a b c d",
                                   "../checkpoints/run-3", "org//name", "org/na me"])
def test_what_spells_no_hub_id_is_not_read_as_one(value: str) -> None:
    assert normalise_base(value).hub_id is None


def test_one_unreadable_base_makes_the_node_unresolved_even_when_another_is_used() -> None:
    child = record("acme/merge", card={"base_model": ["Qwen/Qwen2.5-7B", "our internal checkpoint v3"]})
    graph = build_lineage("acme/merge", DictSource(child, record("Qwen/Qwen2.5-7B")))
    root = graph.root
    assert root.status is NodeStatus.UNRESOLVED
    assert "card base_model 'our internal checkpoint v3' is not a Hub id and names no known model" in root.notes
    assert "Qwen/Qwen2.5-7B" in graph.ancestors("acme/merge")  # the readable base still counts
    assert root in graph.problem_ancestors()


@pytest.mark.parametrize("entry", [{"license": "mit"}, 3.5, [["nested"]], True])
def test_a_base_entry_that_is_no_name_at_all_makes_the_node_unresolved(entry: Any) -> None:
    child = record("acme/ft", card={"base_model": ["Qwen/Qwen2.5-7B", entry]})
    root = build_lineage("acme/ft", DictSource(child, record("Qwen/Qwen2.5-7B"))).root
    assert root.status is NodeStatus.UNRESOLVED
    assert any(repr(entry)[:10] in n or str(entry) in n for n in root.notes), root.notes


def test_an_informal_base_the_catalogue_knows_still_resolves() -> None:
    claims = analyse_record(read_evidence(record("acme/ft", card={"base_model": "/home/me/Llama-2-7b-hf"})),
                            default_catalogue()).claims
    assert [(c.target, c.confidence) for c in claims] == [("meta-llama/Llama-2-7b-hf", Confidence.INFERRED)]


def test_the_unresolved_base_reaches_the_verdict(fake_hub: FakeHub, capsys) -> None:  # type: ignore[no-untyped-def]
    fake_hub.data.add(repo("acme/ft", license="mit", base=["Qwen/Qwen2.5-7B", "my-local-run"]))
    result = run_cli(capsys, "check", "acme/ft", "--format", "json")
    [model] = json.loads(result.out)["results"]
    assert model["verdict"] == "unknown"
    messages = [f["message"] for f in model["findings"] if f["rule"] == "unresolved-lineage"]
    assert any("my-local-run" in m for m in messages), messages


# -- repo ids: huggingface_hub is the authority --------------------------------------------------------------------


def _hub_accepts(value: str) -> bool:
    try:
        validate_repo_id(value)
    except HFValidationError:
        return False
    return True


def _we_accept(value: str) -> bool:
    try:
        check_repo_id(value)
    except InvalidRepoId:
        return False
    return True


@pytest.mark.parametrize("value", ["a/x", "x", "_org/model", "org/_x", "a-b/c.d_e", "o/" + "n" * 96, "123/456"])
def test_ids_the_hub_client_accepts_are_accepted(value: str) -> None:
    assert _hub_accepts(value) and check_repo_id(value) == value


def test_check_repo_id_agrees_with_the_hub_client() -> None:
    rng = random.Random(11)
    alphabet = "ab_-./9Z@ é"
    samples = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(4000)}
    samples |= {"o" * 96 + "/x", "o" * 97 + "/x", "x/" + "n" * 97, "org/model.git", "org--x/y", "a..b/c"}
    for value in sorted(s for s in samples if s.strip() == s and s):
        assert _we_accept(value) == _hub_accepts(value), value


@pytest.mark.parametrize("value", ["a" * 300 + "/x", "o" * 97 + "/x", "a/b/c", "org/model.git", "caf\u00e9/x"])
def test_bad_ids_are_one_line_errors(value: str) -> None:
    with pytest.raises(InvalidRepoId) as err:
        check_repo_id(value)
    message = str(err.value)
    assert "\n" not in message and len(message) < 160


def test_a_300_character_owner_is_a_one_line_error_on_the_command_line(capsys) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(capsys, "check", "a" * 300 + "/x", "--offline")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0] and "too long" in lines[0]


# -- 5. nothing read from one repo aborts the others ------------------------------------------------------------

HOSTILE = "# Hostile\n\nSome metadata pasted as text:\n\nbase_model: gpt2\nlicense: mit\n"


def test_a_single_segment_pasted_base_does_not_raise() -> None:
    analysis = analyse_record(read_evidence(record("acme/hostile", HOSTILE, card={"license": "mit"})), default_catalogue())
    assert all(c.target != "gpt2" for c in analysis.claims)


def test_an_exception_analysing_one_record_makes_only_that_node_incomplete(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builder.analyse_record

    def fragile(rec: ModelRecord, catalogue: Any, **kwargs: Any) -> Any:
        if rec.repo_id == "acme/parent":
            raise ValueError("not enough values to unpack (expected 2, got 1)")
        return real(rec, catalogue, **kwargs)

    monkeypatch.setattr(builder, "analyse_record", fragile)
    source = DictSource(record("acme/child", card={"base_model": "acme/parent"}), record("acme/parent"))
    graph = build_lineage("acme/child", source)
    parent = graph.node("acme/parent")
    assert parent.status is NodeStatus.INCOMPLETE
    assert parent.unread == ("its lineage evidence could not be analysed "
                             "(ValueError: not enough values to unpack (expected 2, got 1))",)
    assert graph.root.status is NodeStatus.RESOLVED and graph.problem_ancestors() == [parent]


def test_a_batch_survives_one_hostile_card(fake_hub: FakeHub, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    fake_hub.data.add(repo("acme/hostile", license="mit", body=HOSTILE))
    fake_hub.data.add(repo("acme/fine", license="mit", base="Qwen/Qwen2.5-7B"))
    fake_hub.data.add(repo("acme/broken", license="mit", body="# Broken\n"))
    real = builder.analyse_record

    def fragile(rec: ModelRecord, catalogue: Any, **kwargs: Any) -> Any:
        if rec.repo_id == "acme/broken":
            raise RecursionError("maximum recursion depth exceeded")
        return real(rec, catalogue, **kwargs)

    monkeypatch.setattr(builder, "analyse_record", fragile)
    result = run_cli(capsys, "check", "acme/hostile", "acme/fine", "acme/broken", "Qwen/Qwen2.5-7B",
                     "--format", "json")
    verdicts = {r["model"]: r["verdict"] for r in json.loads(result.out)["results"]}
    assert set(verdicts) == {"acme/hostile", "acme/fine", "acme/broken", "Qwen/Qwen2.5-7B"}, result.err
    assert verdicts["acme/broken"] == "unknown"
    assert verdicts["acme/hostile"] != "unknown" and verdicts["acme/fine"] != "unknown"
    assert "Traceback" not in result.err and "internal error" not in result.err


def test_an_unforeseen_failure_in_one_models_analysis_costs_only_that_model(
    fake_hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug in licence identification (not in the fetch, which has its own guard) hits one model of a batch.
    import modelaudit.analysis as analysis

    real = analysis.identify_declared

    def flaky(record, kb):  # type: ignore[no-untyped-def]
        if record.repo_id == "Qwen/Qwen2.5-7B":
            raise KeyError("boom")
        return real(record, kb)

    monkeypatch.setattr(analysis, "identify_declared", flaky)
    monkeypatch.delenv("MODELAUDIT_DEBUG", raising=False)
    result = run_cli(capsys, "check", "Qwen/Qwen2.5-7B", "EleutherAI/pythia-6.9b", "--format", "json", "-q")
    assert "Traceback" not in result.err
    doc = json.loads(result.out)
    by_model = {r["model"]: r for r in doc["results"]}
    failed = by_model["Qwen/Qwen2.5-7B"]
    assert failed["verdict"] == "unknown"
    assert [f["rule"] for f in failed["findings"]] == ["analysis-failed"]
    assert "KeyError" in failed["findings"][0]["message"]
    assert by_model["EleutherAI/pythia-6.9b"]["effective_licenses"][0]["id"] == "apache-2.0"
    assert doc["verdict"] == "unknown" and result.code == 3
