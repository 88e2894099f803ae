"""Issue 13: dataset licences, identified like models' plus per-subset licences of mixtures, reach a model as
*data licences* (never as its effective licences) and are judged by the ``dataset`` policy scope: non-commercial
data with commercial use, share-alike and attribution duties, data with no (or an unidentified) licence, outputs
of closed services. Dataset cards are the recorded ones (``tests/fixtures/licensing_data``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from data_lineage_helpers import analyse, audit, by_rule, dataset, graph, hub_model, synthetic
from kb_helpers import record
from modelaudit.evidence import read_evidence
from modelaudit.kinds import Relation, Severity, Verdict
from modelaudit.licensing.identify import DeclaredLicenses, identify_declared
from modelaudit.licensing.knowledge_base import default_knowledge_base
from modelaudit.licensing.schema import SchemaError
from modelaudit.licensing.services import load_service_terms, service_terms_for
from modelaudit.lineage.graph import NodeStatus
from modelaudit.policy.scopes import FACT_TYPES
from modelaudit.schemas import report_schema

MODEL = "acme/tuned"
SCHEMA = report_schema()  # the schema shipped in the package


def declared(repo_id: str) -> DeclaredLicenses:
    return identify_declared(read_evidence(dataset(repo_id)), default_knowledge_base())


def declared_card(card: dict[str, Any], readme: str = "", files: dict[str, str] | None = None) -> DeclaredLicenses:
    rec = record(card, readme, files=files, repo_id="datasets/lab/data")
    return identify_declared(read_evidence(rec), default_knowledge_base())


def trained_on(*datasets: str, card: dict[str, Any] | None = None, extra: tuple[Any, ...] = (),
               edges: tuple[Any, ...] = ()) -> Any:
    """MODEL (apache-2.0 unless ``card``) trained on the recorded ``datasets``."""
    records = [dataset(d) for d in datasets] + list(extra) + [synthetic(MODEL, card or {"license": "apache-2.0"})]
    return graph(MODEL, records, [(f"datasets/{d}", MODEL, Relation.TRAINED_ON) for d in datasets] + list(edges))


# -- identification of dataset licences --------------------------------------------------------------------------


def test_a_mixture_keeps_its_parts_licences_with_the_part_named() -> None:
    found = declared("allenai/tulu-3-sft-mixture")
    assert [(i.id, i.subset) for i in found.identified] == [
        ("odc-by", None),
        ("cc-by-nc-4.0", "No Robots (HuggingFaceH4/no_robots)"),
        ("apache-2.0", "OpenAssistant Guanaco (OpenAssistant/oasst1)"),
    ]
    no_robots = found.identified[1]
    assert no_robots.raw == "No Robots (HuggingFaceH4/no_robots) subset: CC-BY-NC-4.0"
    assert no_robots.evidence == "README list of sources (line 11)"
    # The ODC-BY parts add nothing to the mixture's own odc-by; "(Longpre et al., 2023)" is no licence.
    assert all("FLAN" not in (i.subset or "") for i in found.identified)


def test_parts_sharing_a_licence_are_one_entry_and_an_unreadable_one_stays_unknown() -> None:
    found = declared("allenai/tulu-v2-sft-mixture")
    by_subset = {i.subset: (i.id, i.raw) for i in found.identified if i.subset}
    assert by_subset["GPT4-Alpaca, Code-Alpaca"] == ("cc-by-nc-4.0", "GPT4-Alpaca, Code-Alpaca subsets: CC By NC 4.0")
    assert by_subset["ShareGPT (anon8231489123/ShareGPT_Vicuna_unfiltered)"][0] == "unknown"


def test_a_list_of_generator_models_is_not_read_as_the_datas_licences() -> None:
    assert declared("allenai/llama-3.1-tulu-3-70b-preference-mixture").ids == ("odc-by",)


def test_a_table_with_a_subset_and_a_licence_column() -> None:
    readme = ("# Post-training data\n\nThe subsets and their licences:\n\n| Subset | Samples | License |\n|---|---|---|\n"
              "| [math](https://huggingface.co/datasets/lab/math) | 2M "
              "| [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) |\n"
              "| chat | 300k | CC-BY-NC-4.0 |\n| code | 1M | custom research terms |\n")
    found = declared_card({"license": "cc-by-4.0"}, readme)
    assert [(i.id, i.subset, i.evidence) for i in found.identified] == [
        ("cc-by-4.0", None, "card license"),
        ("cc-by-nc-4.0", "chat", "README table (line 8)"),
        ("unknown", "code", "README table (line 9)"),
    ]


@pytest.mark.parametrize(("card", "readme", "files", "expected"), [
    ({"license": ["mit", "cc-by-4.0"]}, "", None, ["mit", "cc-by-4.0"]),
    ({"license": "other", "license_name": "cc-by-nc-sa-4.0"}, "", None, ["cc-by-nc-sa-4.0"]),
    ({"license": "other", "license_link": "https://creativecommons.org/licenses/by-sa/4.0/"}, "", None, ["cc-by-sa-4.0"]),
    ({}, "", {"LICENSE": "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n"}, ["apache-2.0"]),
    ({}, "# Data\n\nThis dataset is released under the CC BY 4.0 License.\n", None, ["cc-by-4.0"]),
    ({}, "# Data\n\nThe model card is long.\n", None, []),
])
def test_dataset_licences_are_read_like_models(card: dict[str, Any], readme: str, files: dict[str, str] | None,
                                                expected: list[str]) -> None:
    assert list(declared_card(card, readme, files).ids) == expected


def test_a_gated_dataset_names_its_licence_agreement() -> None:
    [item] = declared("lmsys/lmsys-chat-1m").identified
    assert (item.id, item.raw, item.evidence) == (
        "unknown", "LMSYS-Chat-1M Dataset License Agreement", "card extra_gated_prompt")


def test_a_hostile_list_is_read_in_linear_time() -> None:
    readme = ("The parts:\n" + "- " + "x" * 200_000 + " via " + " " * 100_000 + "(CC-BY-NC-4.0)\n"
              + "".join(f"- part{i} ({'(' * 50}Apache 2.0)\n" for i in range(2000)))
    started = time.perf_counter()
    found = declared_card({"license": "mit"}, readme)
    assert time.perf_counter() - started < 5.0
    assert "cc-by-nc-4.0" in found.ids


# -- data sources: the structure ------------------------------------------------------------------------------------


def test_data_licences_reach_through_the_weights_and_source_datasets_but_never_become_effective() -> None:
    gguf = "acme/tuned-gguf"
    lineage = graph(gguf, [dataset("Open-Orca/SlimOrca"), dataset("Open-Orca/OpenOrca"), dataset("tatsu-lab/alpaca"),
                           synthetic(MODEL, {"license": "apache-2.0"}), synthetic(gguf, {"license": "apache-2.0"})],
                    [("datasets/Open-Orca/SlimOrca", MODEL, Relation.TRAINED_ON),
                     ("datasets/Open-Orca/OpenOrca", "datasets/Open-Orca/SlimOrca", Relation.DERIVED_FROM),
                     ("service:openai/gpt-4", "datasets/Open-Orca/OpenOrca", Relation.GENERATED_BY, True),
                     ("datasets/tatsu-lab/alpaca", MODEL, Relation.TRAINED_ON, True),
                     (MODEL, gguf, Relation.QUANTIZED)])
    analysis = analyse(lineage)
    sources = {s.id: s for s in analysis.data_licenses}
    assert list(sources) == ["datasets/Open-Orca/SlimOrca", "datasets/Open-Orca/OpenOrca", "datasets/tatsu-lab/alpaca"]
    orca = sources["datasets/Open-Orca/OpenOrca"]
    assert orca.path == ("datasets/Open-Orca/OpenOrca", "datasets/Open-Orca/SlimOrca", MODEL, gguf)
    assert orca.relations == (Relation.DERIVED_FROM, Relation.TRAINED_ON, Relation.QUANTIZED)
    assert orca.generators == ("service:openai/gpt-4",)
    assert [(s.id, s.terms.id if s.terms else None) for s in orca.services] == [
        ("service:openai/gpt-4", "openai-terms-of-use")]
    assert sources["datasets/tatsu-lab/alpaca"].inferred and not orca.inferred
    assert [i.id for i in sources["datasets/tatsu-lab/alpaca"].licenses] == ["cc-by-nc-4.0"]
    # A model trained on CC-BY-NC data is not CC-BY-NC licensed.
    assert analysis.propagation.effective_ids(gguf) == ["apache-2.0"]


def test_a_service_teacher_is_a_data_source() -> None:
    lineage = graph(MODEL, [synthetic(MODEL, {"license": "apache-2.0"})],
                    [("service:anthropic/claude-3-opus", MODEL, Relation.DISTILLATION, True)])
    [source] = analyse(lineage).data_licenses
    assert (source.kind, source.path, source.read) == ("service", ("service:anthropic/claude-3-opus", MODEL), False)
    [finding] = by_rule(audit(lineage), "data-service-terms")
    assert finding.url == "https://www.anthropic.com/legal/commercial-terms" and finding.inferred


# -- the dataset policy scope ---------------------------------------------------------------------------------------


def test_non_commercial_data_with_commercial_use_warns_and_says_the_law_is_unsettled() -> None:
    report = audit(trained_on("tatsu-lab/alpaca"))
    [finding] = by_rule(report, "data-license")
    assert (finding.severity, finding.license, finding.origin, finding.clause) == (
        Severity.WARN, "cc-by-nc-4.0", "datasets/tatsu-lab/alpaca", "§1(i), §2(a)(1)")
    assert finding.message.startswith("acme/tuned was trained on tatsu-lab/alpaca (directly), licensed Creative Commons")
    assert "legally unsettled" in finding.message
    assert report.verdict is Verdict.WARN
    assert [e.id for e in report.effective] == ["apache-2.0"]
    assert by_rule(audit(trained_on("tatsu-lab/alpaca"), uses=("research",)), "data-license") == []
    [undecided] = by_rule(audit(trained_on("tatsu-lab/alpaca"), uses=None), "data-license")
    assert undecided.undecided and undecided.missing == ("uses",)
    assert "tatsu-lab/alpaca: Creative Commons Attribution-NonCommercial 4.0 International (§1(i), §2(a)(1))" \
        in undecided.message


def test_a_mixture_names_its_non_commercial_subset() -> None:
    for uses in (("commercial",), None):  # the subset is named whether or not the profile settles the rule
        [finding] = by_rule(audit(trained_on("allenai/tulu-3-sft-mixture"), uses=uses), "data-license")
        assert "allenai/tulu-3-sft-mixture (No Robots (HuggingFaceH4/no_robots) subset)" in finding.message
        assert ("datasets/allenai/tulu-3-sft-mixture: licence read from README list of sources (line 11), for its No "
                "Robots (HuggingFaceH4/no_robots) part") in finding.evidence


def test_share_alike_data_is_an_obligation() -> None:
    report = audit(trained_on("databricks/databricks-dolly-15k"))
    [finding] = by_rule(report, "data-share-alike")
    assert finding.severity is Severity.WARN and finding.obligation and finding.clause == "Section 4(b)"
    assert "legally unsettled" in finding.message
    share_alike = [o for o in report.obligations if o.term == "copyleft"]
    assert [(o.license, o.origin, o.path) for o in share_alike] == [
        ("cc-by-sa-3.0", "datasets/databricks/databricks-dolly-15k", ("datasets/databricks/databricks-dolly-15k", MODEL))]
    notices = [o for o in report.obligations if o.license == "cc-by-sa-3.0" and o.term == "attribution:notice"]
    assert len(notices) == 1
    assert [f.severity for f in by_rule(report, "data-attribution")] == [Severity.INFO]


def test_a_dataset_without_a_licence_warns_data_licence_not_stated() -> None:
    report = audit(trained_on("teknium/OpenHermes-2.5"))
    [finding] = by_rule(report, "data-license-not-stated")
    assert finding.severity is Severity.WARN and finding.license is None
    assert finding.message.startswith("Data licence not stated for teknium/OpenHermes-2.5: its card declares no licence.")
    assert report.verdict is Verdict.WARN


def test_a_dataset_that_could_not_be_read_is_a_warning_not_unknown() -> None:
    lineage = graph(MODEL, [synthetic(MODEL, {"license": "apache-2.0"})],
                    [("datasets/lab/private", MODEL, Relation.TRAINED_ON)],
                    status={"datasets/lab/private": NodeStatus.UNAVAILABLE})
    report = audit(lineage)
    [finding] = by_rule(report, "data-license-not-stated")
    assert "its card could not be read (the dataset is unavailable)" in finding.message
    assert by_rule(report, "unresolved-lineage") == [] and report.verdict is Verdict.WARN


def test_an_unidentified_data_licence_warns() -> None:
    [finding] = by_rule(audit(trained_on("tokyotech-llm/lmsys-chat-1m-synth")), "data-license-unidentified")
    assert finding.severity is Severity.WARN and finding.license == "unknown"
    assert 'the declared licence "other / license_name: mixed' in finding.message


def test_outputs_of_a_closed_service_warn_citing_its_terms() -> None:
    data = "datasets/HuggingFaceH4/ultrachat_200k"
    report = audit(trained_on("HuggingFaceH4/ultrachat_200k", card={"license": "mit"},
                              edges=(("service:openai/gpt-3.5-turbo", data, Relation.GENERATED_BY, True),)))
    [finding] = by_rule(report, "data-service-terms")
    assert finding.url == "https://openai.com/policies/terms-of-use/"
    assert finding.path == ("service:openai/gpt-3.5-turbo", data, MODEL)
    assert "OpenAI Terms of Use" in finding.message and "https://openai.com/policies/terms-of-use/" in finding.message
    assert finding.inferred and any("names service:openai/gpt-3.5-turbo" in e for e in finding.evidence)
    # An inferred data edge carries no licence: no inferred-lineage warning of its own.
    assert by_rule(report, "inferred-lineage") == []


def test_an_unknown_service_still_warns() -> None:
    data = "datasets/HuggingFaceH4/ultrachat_200k"
    report = audit(trained_on("HuggingFaceH4/ultrachat_200k",
                              edges=(("service:newco/chatbot-9", data, Relation.GENERATED_BY),)))
    [finding] = by_rule(report, "data-service-terms")
    assert "the terms of service:newco/chatbot-9 (not in the knowledge base)" in finding.message and finding.url is None


def test_r1_generated_apache_data_on_an_apache_base_raises_no_data_alarm() -> None:
    data = "datasets/open-thoughts/OpenThoughts-114k"
    report = audit(trained_on("open-thoughts/OpenThoughts-114k", card={"license": "apache-2.0",
                                                                          "base_model": "Qwen/Qwen2.5-7B"},
                              extra=(hub_model("Qwen/Qwen2.5-7B"), hub_model("deepseek-ai/DeepSeek-R1")),
                              edges=(("Qwen/Qwen2.5-7B", MODEL, Relation.FINETUNE),
                                     ("deepseek-ai/DeepSeek-R1", data, Relation.GENERATED_BY, True))))
    assert report.verdict is Verdict.PASS
    assert [f.rule for f in report.findings if f.severity is not Severity.INFO] == []
    [source] = report.analysis.data_licenses  # type: ignore[union-attr]
    assert source.generators == ("deepseek-ai/DeepSeek-R1",) and [i.id for i in source.licenses] == ["apache-2.0"]


def test_data_under_a_model_licence_warns_unless_that_licence_already_reaches_the_model() -> None:
    [finding] = by_rule(audit(trained_on("Magpie-Align/Magpie-Llama-3.1-Pro-500K-Filtered")), "data-model-license")
    assert finding.license == "llama3.1" and "Llama" in finding.message
    on_llama = trained_on("Magpie-Align/Magpie-Llama-3.1-Pro-500K-Filtered", card={"license": "llama3.1"},
                          extra=(hub_model("meta-llama/Llama-3.1-8B"),),
                          edges=(("meta-llama/Llama-3.1-8B", MODEL, Relation.FINETUNE),))
    assert by_rule(audit(on_llama), "data-model-license") == []


def test_the_json_carries_the_data_licences_and_validates() -> None:
    report = audit(trained_on("allenai/tulu-3-sft-mixture", "teknium/OpenHermes-2.5"))
    result = report.to_json()
    jsonschema.validate({"schema_version": "1", "tool": {"name": "modelaudit", "version": "x"}, "profile": {},
                         "policy": "default", "results": [result]}, SCHEMA)
    tulu = next(s for s in result["data_licenses"] if s["id"] == "datasets/allenai/tulu-3-sft-mixture")
    assert {"id": "cc-by-nc-4.0", "raw": "No Robots (HuggingFaceH4/no_robots) subset: CC-BY-NC-4.0",
            "evidence": "README list of sources (line 11)",
            "subset": "No Robots (HuggingFaceH4/no_robots)"} in tulu["licenses"]
    hermes = next(s for s in result["data_licenses"] if s["id"] == "datasets/teknium/OpenHermes-2.5")
    assert (hermes["licenses"], hermes["read"], hermes["relations"]) == ([], True, ["trained-on"])


def test_the_dataset_facts_match_their_declared_types() -> None:
    from modelaudit.policy.engine import Subject
    from modelaudit.policy.rules import default_policy
    from modelaudit.policy.scopes import datasets

    analysis = analyse(trained_on("allenai/tulu-3-sft-mixture", "teknium/OpenHermes-2.5",
                                  edges=(("service:openai/gpt-4", "datasets/teknium/OpenHermes-2.5",
                                          Relation.GENERATED_BY),)))
    subject = Subject(analysis, analysis.propagation.effective_of(MODEL), {})
    table = FACT_TYPES["dataset"]
    entries = set()
    for rule in default_policy().rules:
        if rule.scope != "dataset":
            continue
        for facts, _ in datasets.SCOPE.contexts(rule, subject):
            assert set(facts["dataset"]) == set(table)
            entries.add(facts["dataset"]["entry"])
            for name, value in facts["dataset"].items():
                kind = table[name]
                if value is None:
                    continue
                if kind.startswith("list of "):
                    assert isinstance(value, list) and all(isinstance(v, str) for v in value), name
                else:
                    assert {"text": str, "true/false": bool}[kind] is type(value), (name, value)
    assert entries == {"license", "unstated", "service"}


# -- service terms data ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("node_id", "expected"), [
    ("service:openai/gpt-4", "openai-terms-of-use"), ("service:openai/chatgpt", "openai-terms-of-use"),
    ("service:anthropic/claude-2", "anthropic-terms"), ("service:google/gemini-pro", "google-generative-ai-terms"),
    ("service:unknown/gpt-4o", "openai-terms-of-use"), ("service:newco/x", None), ("datasets/a/b", None),
])
def test_service_terms_are_found_by_provider_or_model(node_id: str, expected: str | None) -> None:
    found = service_terms_for(node_id)
    assert (found.id if found else None) == expected


def test_a_bad_service_terms_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text("services:\n  - id: x\n    match: [x]\n    name: X\n    url: http://x\n    clause: c\n"
                    "    summary: s\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"licenses/services/terms.yaml: services\[0\].url: expected an https URL"):
        load_service_terms(path)
    path.write_text("services:\n  - {id: a, match: [gpt], name: A, url: 'https://a', clause: c, summary: s}\n"
                    "  - {id: b, match: [gpt], name: B, url: 'https://b', clause: c, summary: s}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="'gpt' is also claimed by a"):
        load_service_terms(path)
