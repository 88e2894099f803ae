"""Issue 13 (issue 15, "output-training bans vanish downstream"): what a licence does to a model trained on its
outputs. Each licence records it in ``outputs``: the whole licence (Gemma, DeepSeek, the RAIL family, Yi,
Stability), only named duties (Llama 3.1+ and Qwen: naming / "Built with"), or a restriction on the use
itself (Llama 2/3, DBRX, Tongyi Qianwen, MRL: a warning that the student was made in breach upstream).
Graphs are built directly; teachers are the recorded Hub fixtures."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from data_lineage_helpers import analyse, audit, by_rule, dataset, graph, hub_model, synthetic
from modelaudit.kinds import Relation, Severity, Verdict
from modelaudit.licensing.knowledge_base import load_knowledge_base
from modelaudit.licensing.schema import SchemaError
from modelaudit.resources import data_dir

STUDENT = "acme/student"
LLAMA31 = "meta-llama/Llama-3.1-8B"
LLAMA3 = "meta-llama/Meta-Llama-3-8B-Instruct"
LLAMA2 = "meta-llama/Llama-2-7b-hf"
GEMMA = "google/gemma-2-9b"
BIG = 800_000_000  # above every Llama ceiling


def student_of(teacher: str, card: dict[str, Any] | None = None, *, relation: Relation = Relation.DISTILLATION,
               teacher_record: Any = None) -> Any:
    card = {"license": "apache-2.0"} if card is None else card
    return graph(STUDENT, [teacher_record or hub_model(teacher), synthetic(STUDENT, card)],
                 [(teacher, STUDENT, relation)])


def effective(report: Any) -> dict[str, Any]:
    return {e.id: e for e in report.effective}


# -- Llama 3.1+: only the naming and "Built with" duties --------------------------------------------------------


def test_a_llama_31_student_gets_only_the_naming_and_display_duties() -> None:
    # Redistributing: the name prefix binds a model that is distributed or made available.
    report = audit(student_of(LLAMA31), monthly_active_users=BIG, uses=("commercial", "redistribution"))
    llama = effective(report)["llama3.1"]
    assert (llama.reach, llama.partial, llama.origin, llama.path) == ("outputs", True, LLAMA31, (LLAMA31, STUDENT))
    assert sorted(t.get("text") for t in llama.reached_terms) == ["Built with Llama", "Llama"]
    # The 700M MAU ceiling does not reach the student: an 800M-MAU organisation is not blocked through Llama 3.1.
    assert by_rule(report, "mau-threshold-exceeded") == []
    assert report.verdict is Verdict.WARN
    duties = {f.clause: f for f in by_rule(report, "attribution-duties")}
    assert set(duties) == {"§1(b)(i)(B)", "§1(b)(i); §5(a)"}
    assert all(f.license == "llama3.1" and f.severity is Severity.WARN for f in duties.values())
    assert any("through the outputs it was trained on (§1(b)(i)): only attribution:display, "
               "attribution:name_prefix" in line for line in duties["§1(b)(i)(B)"].evidence)
    llama_obligations = {(o.term, o.value) for o in report.obligations if o.license == "llama3.1"}
    assert llama_obligations == {("attribution:display", "Built with Llama"), ("attribution:name_prefix", "Llama")}
    # Duties sit beside the student's own licence: declaring apache-2.0 drops nothing.
    assert by_rule(report, "license-mismatch") == []
    assert report.declared == ("apache-2.0",)


def test_a_fine_tune_of_llama_31_still_carries_the_whole_licence() -> None:
    # The control: through the weights, the MAU ceiling blocks the same organisation.
    report = audit(student_of(LLAMA31, relation=Relation.FINETUNE), monthly_active_users=BIG)
    assert effective(report)["llama3.1"].partial is False
    assert [f.severity for f in by_rule(report, "mau-threshold-exceeded")] == [Severity.BLOCK]
    assert report.verdict is Verdict.BLOCK


def test_duties_alone_are_no_licence_of_the_student() -> None:
    # A student that declares nothing has no licence for its weights: the Llama duties do not fill the gap.
    report = audit(student_of(LLAMA31, card={}))
    assert [e.id for e in report.effective] == ["llama3.1"]
    assert [f.severity for f in by_rule(report, "no-license")] == [Severity.UNKNOWN]
    assert report.verdict is Verdict.UNKNOWN


def test_a_qwen_student_gets_only_built_with_qwen() -> None:
    teacher = synthetic("Qwen/Qwen2.5-72B-Instruct", {"license": "other", "license_name": "qwen"})
    report = audit(student_of("Qwen/Qwen2.5-72B-Instruct", teacher_record=teacher), monthly_active_users=BIG)
    qwen = effective(report)["qwen"]
    assert qwen.partial and [t.get("text") for t in qwen.reached_terms] == ["Built with Qwen"]
    assert by_rule(report, "mau-threshold-exceeded") == []
    assert {f.clause for f in report.findings if f.license == "qwen"} == {"§5(b)"}


# -- Llama 2/3, DBRX, Tongyi Qianwen, MRL: made in breach upstream ------------------------------------------------


@pytest.mark.parametrize(("teacher", "license_id"), [(LLAMA3, "llama3"), (LLAMA2, "llama2")])
def test_a_student_of_a_banning_licence_is_made_in_breach_upstream(teacher: str, license_id: str) -> None:
    report = audit(student_of(teacher), monthly_active_users=BIG)
    assert license_id not in effective(report)  # the licence does not bind the student...
    [finding] = by_rule(report, "output-training-restriction")  # ...but its making breached it
    assert finding.severity is Severity.WARN and finding.clause == "§1(b)(v)" and finding.license == license_id
    assert finding.message.startswith(f"{STUDENT} was made in breach upstream: it was trained on outputs of {teacher}")
    assert "§1(b)(v) restricts that use" in finding.message and "does not bind acme/student itself" in finding.message
    assert finding.path == (teacher, STUDENT)
    assert report.verdict is Verdict.WARN  # not a block of the student's own use
    assert by_rule(report, "license-mismatch") == []
    restrictions = analyse(student_of(teacher)).propagation.restrictions_of(STUDENT)
    assert [(r.id, r.source, r.reach) for r in restrictions] == [(license_id, teacher, "restriction")]


def test_the_restriction_follows_the_weights_of_the_breaching_model() -> None:
    lineage = graph("acme/student-gguf", [hub_model(LLAMA3), synthetic(STUDENT, {"license": "apache-2.0"}),
                                          synthetic("acme/student-gguf", {"license": "apache-2.0"})],
                    [(LLAMA3, STUDENT, Relation.DISTILLATION), (STUDENT, "acme/student-gguf", Relation.QUANTIZED)])
    [finding] = by_rule(audit(lineage), "output-training-restriction")
    assert finding.path == (LLAMA3, STUDENT, "acme/student-gguf")


def test_llama_3_trained_on_llama_3_outputs_is_the_exception() -> None:
    # §1(b)(v) spares Meta Llama 3 and its derivative works: a Llama 3 fine-tune tuned on Llama 3 outputs is fine.
    lineage = graph(STUDENT, [hub_model(LLAMA3), hub_model("meta-llama/Meta-Llama-3-8B"),
                              synthetic(STUDENT, {"license": "llama3"})],
                    [(LLAMA3, STUDENT, Relation.DISTILLATION), ("meta-llama/Meta-Llama-3-8B", STUDENT, Relation.FINETUNE)])
    report = audit(lineage)
    assert by_rule(report, "output-training-restriction") == []
    assert effective(report)["llama3"].partial is False


def test_the_licensor_does_not_breach_its_own_licence() -> None:
    meta_student = "meta-llama/Llama-3.2-1B"
    lineage = graph(meta_student, [hub_model(LLAMA3), synthetic(meta_student, {"license": "llama3.2"})],
                    [(LLAMA3, meta_student, Relation.DISTILLATION)])
    assert by_rule(audit(lineage), "output-training-restriction") == []


@pytest.mark.parametrize(("card", "license_id", "clause"), [
    ({"license": "other", "license_name": "databricks-open-model-license"}, "dbrx", "§2.3"),
    ({"license": "other", "license_name": "tongyi-qianwen"}, "tongyi-qianwen", "§5(b)"),
    ({"license": "other", "license_name": "mrl"}, "mrl", "§3.2, §4.2"),
])
def test_other_output_bans(card: dict[str, str], license_id: str, clause: str) -> None:
    teacher = synthetic("lab/teacher", card)
    report = audit(student_of("lab/teacher", teacher_record=teacher))
    assert [(f.license, f.clause) for f in by_rule(report, "output-training-restriction")] == [(license_id, clause)]
    assert license_id not in effective(report)


def test_a_licence_whose_output_rule_is_unknown_is_said_so() -> None:
    teacher = synthetic("ai21labs/teacher", {"license": "other", "license_name": "jamba-open-model-license"})
    report = audit(student_of("ai21labs/teacher", teacher_record=teacher))
    [finding] = by_rule(report, "output-training-unknown")
    assert finding.license == "jamba-open-model" and "does not know" in finding.message


# -- Gemma, DeepSeek, Yi, RAIL: the whole licence ------------------------------------------------------------------


def test_a_gemma_student_is_bound_by_the_whole_gemma_licence() -> None:
    report = audit(student_of(GEMMA))
    gemma = effective(report)["gemma"]
    assert (gemma.reach, gemma.partial) == ("outputs", False)
    assert {t.type for t in gemma.reached_terms} == {t.type for t in gemma.license.terms}
    assert {f.rule for f in report.findings if f.license == "gemma"} >= {
        "use-restrictions", "acceptable-use-policy", "attribution-duties", "governing-law"}
    [mismatch] = by_rule(report, "license-mismatch")
    assert "stays bound by Gemma Terms of Use (gemma), inherited from google/gemma-2-9b through the outputs it " \
           "was trained on" in mismatch.message


def test_mit_teachers_pass_nothing_to_students() -> None:
    report = audit(student_of("deepseek-ai/DeepSeek-R1"))
    assert list(effective(report)) == ["apache-2.0"]
    assert report.verdict is Verdict.PASS


def test_an_unidentified_teacher_licence_reaches_the_student_unknown() -> None:
    teacher = synthetic("lab/teacher", {"license": "other", "license_name": "lab-secret-terms"})
    report = audit(student_of("lab/teacher", teacher_record=teacher))
    unknown = [e for e in report.effective if e.id == "unknown"]
    assert [(e.reach, e.partial) for e in unknown] == [("outputs", False)]
    assert report.verdict is Verdict.UNKNOWN


# -- generator -> dataset -> model ----------------------------------------------------------------------------------


def test_a_model_trained_on_llama_3_generated_data_is_made_in_breach_upstream() -> None:
    data = "datasets/Magpie-Align/Magpie-Pro-300K-Filtered"
    lineage = graph(STUDENT, [hub_model(LLAMA3), dataset("Magpie-Align/Magpie-Pro-300K-Filtered"),
                              synthetic(STUDENT, {"license": "apache-2.0"})],
                    [(LLAMA3, data, Relation.GENERATED_BY), (data, STUDENT, Relation.TRAINED_ON)])
    report = audit(lineage)
    [finding] = by_rule(report, "output-training-restriction")
    assert finding.path == (LLAMA3, data, STUDENT) and finding.clause == "§1(b)(v)"
    # The data's own llama3 label says the same thing: not repeated as a second, data-licence warning.
    assert by_rule(report, "data-model-license") == []
    assert [e.id for e in report.effective] == ["apache-2.0"]


def test_llama_31_generated_data_carries_the_naming_duties_through_source_datasets() -> None:
    raw, clean = "datasets/lab/raw-synth", "datasets/lab/clean-synth"
    lineage = graph(STUDENT, [hub_model(LLAMA31), synthetic(raw, {"license": "llama3.1"}),
                              synthetic(clean, {"license": "llama3.1"}), synthetic(STUDENT, {"license": "mit"})],
                    [(LLAMA31, raw, Relation.GENERATED_BY), (raw, clean, Relation.DERIVED_FROM),
                     (clean, STUDENT, Relation.TRAINED_ON, True)])
    llama = effective(audit(lineage, monthly_active_users=BIG))["llama3.1"]
    assert llama.partial and llama.inferred
    assert llama.relations == (Relation.GENERATED_BY, Relation.DERIVED_FROM, Relation.TRAINED_ON)
    carried = analyse(lineage).propagation.carried_by(clean)
    assert [(c.id, c.path) for c in carried] == [("llama3.1", (LLAMA31, raw, clean))]


def test_effective_licences_serialise_their_reach() -> None:
    report = audit(student_of(LLAMA31))
    llama = next(e for e in report.to_json()["effective_licenses"] if e["id"] == "llama3.1")
    assert (llama["reach"], llama["partial"], sorted(llama["terms"])) == (
        "outputs", True, ["attribution:display", "attribution:name_prefix"])
    breach = audit(student_of(LLAMA3)).to_json()["output_restrictions"]
    assert [(r["id"], r["source"], r["clause"]) for r in breach] == [("llama3", LLAMA3, "§1(b)(v)")]


# -- the knowledge-base schema ----------------------------------------------------------------------------------


def _kb_with(tmp_path: Path, license_id: str, change: Any) -> Path:
    source = data_dir("licenses") / f"{license_id}.yaml"
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(raw)
    (tmp_path / f"{license_id}.yaml").write_text(yaml.safe_dump(copy.deepcopy(raw), allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("license_id", "change", "message"), [
    ("llama3.1", lambda r: r["propagation"]["binds"].append("distillation"),
     r"propagation\.binds\[5\]: expected one of .*, got 'distillation' \(what reaches models trained on the "
     r"outputs goes in `outputs`\)"),
    ("mit", lambda r: r.pop("outputs"), r"outputs: required field is missing"),
    ("qwen", lambda r: r["outputs"].pop("terms"), r"outputs\.terms: a `duties` reach names the terms"),
    ("qwen", lambda r: r["outputs"].update(terms=["attribution:name_prefix"]),
     r"outputs\.terms\[0\]: 'attribution:name_prefix' selects none of the licence's terms"),
    ("gemma", lambda r: r["outputs"].update(terms=["attribution"]),
     r"outputs\.terms: only a `duties` or `restriction` reach names terms, not 'whole'"),
    ("gemma", lambda r: r["outputs"].update(reach="everything"), r"outputs\.reach: expected one of none, whole"),
    ("gemma", lambda r: r["outputs"].update(except_own_derivatives=True),
     r"outputs\.except_own_derivatives: only a `restriction` reach has"),
])
def test_the_outputs_section_is_validated(tmp_path: Path, license_id: str, change: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=rf"licenses/{license_id}\.yaml: {message}"):
        load_knowledge_base(_kb_with(tmp_path, license_id, change))
