"""Licence-term propagation down the lineage: effective licences, their paths, relicensing cuts, mismatches.

Runs the whole engine (Hub source -> lineage -> identification -> propagation) against one fake Hub that
serves the recorded fixtures plus a handful of synthetic repositories for the cases no fixture shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest
import yaml

import fakehub
from fakehub import FakeHub, default_fixtures, make_repo
from modelaudit.analysis import ModelAnalysis, analyse_model
from modelaudit.kinds import Relation
from modelaudit.licensing.propagation import EffectiveLicense
from modelaudit.sources.chain import MemoSource
from modelaudit.sources.hub import HubSource


def model(repo_id: str, card: dict[str, Any], body: str = "", *, tags: Iterable[str] = (),
          files: dict[str, bytes] | None = None, gated: bool = False) -> fakehub.FakeRepo:
    """A synthetic repo whose README front matter, cardData and tags agree, as on the Hub."""
    all_tags = list(tags)
    licenses = card.get("license")
    for value in licenses if isinstance(licenses, list) else [licenses] if licenses else []:
        all_tags.append(f"license:{value}")
    bases = card.get("base_model")
    for base in bases if isinstance(bases, list) else [bases] if bases else []:
        all_tags.append(f"base_model:{base}")
    readme = (f"---\n{yaml.safe_dump(card, sort_keys=False)}---\n" if card else "") + body
    repo = make_repo(repo_id, tags=all_tags, files={"README.md": readme.encode(), **(files or {})}, gated=gated)
    repo.info["cardData"] = card
    return repo


SYNTHETIC = [
    # a Llama quant that claims a permissive licence, and one with the right licence
    model("quants/Llama-3.1-8B-Instruct-GGUF", {"license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B-Instruct",
                                               "base_model_relation": "quantized"}, tags=["gguf"]),
    model("quants/Llama-3.1-8B-Instruct-GGUF-ok", {"license": "llama3.1", "base_model": "meta-llama/Llama-3.1-8B-Instruct",
                                                  "base_model_relation": "quantized"}, tags=["gguf"]),
    # quants of an Apache model: one relicensed, one faithful
    model("quants/Qwen2.5-7B-mit-GGUF", {"license": "mit", "base_model": "Qwen/Qwen2.5-7B",
                                         "base_model_relation": "quantized"}, tags=["gguf"]),
    model("quants/Qwen2.5-7B-GGUF", {"license": "apache-2.0", "base_model": "Qwen/Qwen2.5-7B",
                                     "base_model_relation": "quantized"}, tags=["gguf"]),
    # a fine-tune that declares nothing
    model("tuners/qwen-no-licence", {"base_model": "Qwen/Qwen2.5-7B"}),
    model("tuners/original-no-licence", {}, "# An original model\n\nTrained from scratch.\n"),
    # a fine-tune of the renamed Llama base, named by its old id
    model("tuners/old-name-ft", {"license": "apache-2.0", "base_model": "meta-llama/Meta-Llama-3.1-8B"}),
    # a merge with a Llama parent
    model("mergers/llama-qwen-merge", {"license": "apache-2.0",
                                       "base_model": ["meta-llama/Meta-Llama-3.1-8B", "Qwen/Qwen2.5-7B"]}),
    # relicensing by the licensor vs by somebody else
    model("deepseek-ai/Synthetic-V3-Base", {"license": "other", "license_name": "deepseek"}),
    model("deepseek-ai/Synthetic-R1", {"license": "mit", "base_model": "deepseek-ai/Synthetic-V3-Base"}),
    model("thirdparty/V3-ft-mit", {"license": "mit", "base_model": "deepseek-ai/Synthetic-V3-Base"}),
    model("tuners/llama-ft", {"license": "llama3.1", "base_model": "meta-llama/Llama-3.1-8B"}),
    model("tuners/llama-ft-of-ft", {"license": "apache-2.0", "base_model": "tuners/llama-ft"}),
    # distillation: what each teacher's licence does to a student
    model("students/from-apache", {"license": "cc-by-4.0", "base_model": "Qwen/Qwen2.5-7B",
                                   "base_model_relation": "distillation"}),
    model("students/from-llama31", {"license": "cc-by-4.0", "base_model": "meta-llama/Llama-3.1-8B",
                                    "base_model_relation": "distillation"}),
    model("students/from-llama2", {"license": "cc-by-4.0", "base_model": "meta-llama/Llama-2-7b-hf",
                                   "base_model_relation": "distillation"}),
    model("students/ft-of-apache", {"license": "cc-by-4.0", "base_model": "Qwen/Qwen2.5-7B"}),
    # a licence named only in prose, for a parent that is gone from the Hub
    model("tuners/hinted", {"license": "mit"},
          "# hinted\n\nThis model is derived from gone-org/ghost-70b and was originally licensed under the "
          "llama3.3 license.\n"),
    # a NOTICE naming the Llama family, no base anywhere
    model("tuners/notice-only", {"license": "apache-2.0"}, "# n\n",
          files={"NOTICE": b"Llama 3.1 is licensed under the Llama 3.1 Community License, "
                           b"Copyright (c) Meta Platforms, Inc. All Rights Reserved.\n"}),
    # a declared path and a shorter inferred path to the same licence
    model("org-a/root-7b", {"license": "apache-2.0"}),
    model("org-b/middle-7b", {"license": "apache-2.0", "base_model": "org-a/root-7b"}),
    model("org-c/leaf-7b", {"license": "mit", "base_model": "org-b/middle-7b"},
          "# leaf\n\nThe leaf model is a distilled version of org-a/root-7b.\n"),
]


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    original = fakehub._Handler.__dict__.get("disable_nagle_algorithm")
    fakehub._Handler.disable_nagle_algorithm = True  # speed only: no 40 ms delayed-ACK stalls
    data = default_fixtures()
    for repo in SYNTHETIC:
        data.add(repo)
    try:
        with FakeHub(data) as running:
            yield running
    finally:
        if original is None:
            del fakehub._Handler.disable_nagle_algorithm
        else:
            fakehub._Handler.disable_nagle_algorithm = original


@pytest.fixture(scope="module")
def analyse(hub: FakeHub):  # type: ignore[no-untyped-def]
    source = MemoSource(HubSource(endpoint=hub.url, token=False))  # type: ignore[arg-type]
    cache: dict[str, ModelAnalysis] = {}

    def run(reference: str) -> ModelAnalysis:
        if reference not in cache:
            cache[reference] = analyse_model(reference, source)
        return cache[reference]

    return run


def effective(analysis: ModelAnalysis, node: str | None = None) -> dict[str, EffectiveLicense]:
    return {e.id: e for e in analysis.propagation.effective_of(node or analysis.subject)}


def mismatches(analysis: ModelAnalysis, node: str | None = None) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for m in analysis.propagation.mismatches:
        if m.node == (node or analysis.subject):
            out.setdefault(m.kind, []).append(m)
    return out


# -- the R1 distills --------------------------------------------------------------------------------------------


def test_r1_distill_llama_70b_is_mit_plus_llama33(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    eff = effective(a)
    assert set(eff) == {"mit", "llama3.3"}
    assert eff["mit"].own and not eff["mit"].inferred
    llama = eff["llama3.3"]
    assert llama.origin == "meta-llama/Llama-3.3-70B-Instruct"
    assert llama.path == ("meta-llama/Llama-3.3-70B-Instruct", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    assert llama.relations == (Relation.FINETUNE,)
    assert llama.inferred  # the edge comes from README prose
    assert llama.license is not None and llama.license.terms_of("mau_threshold")
    [drop] = mismatches(a)["drops-inherited"]
    assert drop.license_id == "llama3.3" and drop.origin == "meta-llama/Llama-3.3-70B-Instruct"
    assert "mit" in drop.message


def test_llama_31_terms_stop_at_llama_33(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    assert "llama3.1" not in effective(a)
    [cut] = a.propagation.cuts["meta-llama/Llama-3.3-70B-Instruct"]
    assert (cut.license_id, cut.origin) == ("llama3.1", "meta-llama/Llama-3.1-70B")


def test_r1_distill_llama_8b_is_mit_plus_llama31(analyse) -> None:  # type: ignore[no-untyped-def]
    eff = effective(analyse("deepseek-ai/DeepSeek-R1-Distill-Llama-8B"))
    assert set(eff) == {"mit", "llama3.1"}
    assert eff["llama3.1"].origin == "meta-llama/Llama-3.1-8B" and eff["llama3.1"].inferred


@pytest.mark.parametrize(
    ("model_id", "origin"),
    [
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "Qwen/Qwen2.5-32B"),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", "Qwen/Qwen2.5-Math-1.5B"),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "Qwen/Qwen2.5-Math-7B"),
    ],
)
def test_r1_distill_qwen_is_mit_plus_apache(analyse, model_id: str, origin: str) -> None:  # type: ignore[no-untyped-def]
    a = analyse(model_id)
    eff = effective(a)
    assert set(eff) == {"mit", "apache-2.0"}
    apache = eff["apache-2.0"]
    assert apache.origin == origin and apache.path == (origin, model_id) and apache.inferred
    assert "drops-inherited" not in mismatches(a)  # Apache-2.0 allows relicensing a derivative


def test_deepseek_v3_base_does_not_pass_its_licence_to_r1(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("deepseek-ai/DeepSeek-R1")
    assert set(effective(a)) == {"mit"}
    [cut] = a.propagation.cuts["deepseek-ai/DeepSeek-R1"]
    assert cut.origin == "deepseek-ai/DeepSeek-V3-Base"
    assert "published by the licensor" in cut.reason
    # and nothing of V3-Base reaches the distills through R1
    for distill in ("deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"):
        assert all(e.origin != "deepseek-ai/DeepSeek-V3-Base" for e in effective(analyse(distill)).values())


def test_licensor_relicensing_cuts_a_known_licence(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("deepseek-ai/Synthetic-R1")
    assert effective(a, "deepseek-ai/Synthetic-V3-Base").keys() == {"deepseek"}
    assert set(effective(a)) == {"mit"}
    [cut] = a.propagation.cuts["deepseek-ai/Synthetic-R1"]
    assert (cut.license_id, cut.origin) == ("deepseek", "deepseek-ai/Synthetic-V3-Base")
    assert "drops-inherited" not in mismatches(a)


def test_a_third_party_cannot_relicense(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("thirdparty/V3-ft-mit")
    assert set(effective(a)) == {"mit", "deepseek"}
    assert not a.propagation.cuts.get("thirdparty/V3-ft-mit")
    [drop] = mismatches(a)["drops-inherited"]
    assert drop.license_id == "deepseek"


def test_redeclaring_a_licence_does_not_make_you_its_licensor(analyse) -> None:  # type: ignore[no-untyped-def]
    # tuners/llama-ft re-declares llama3.1; its own derivative tuners/llama-ft-of-ft cannot drop it
    a = analyse("tuners/llama-ft-of-ft")
    eff = effective(a)
    assert set(eff) == {"apache-2.0", "llama3.1"}
    assert eff["llama3.1"].path[-2:] == ("tuners/llama-ft", "tuners/llama-ft-of-ft")
    assert not a.propagation.cuts.get("tuners/llama-ft-of-ft")
    assert "drops-inherited" in mismatches(a)


# -- quantizations --------------------------------------------------------------------------------------------


def test_llama_quant_declaring_apache_is_a_mismatch_and_keeps_llama_terms(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("quants/Llama-3.1-8B-Instruct-GGUF")
    eff = effective(a)
    assert set(eff) == {"apache-2.0", "llama3.1"}
    llama = eff["llama3.1"]
    assert llama.relations == (Relation.QUANTIZED,) and not llama.inferred
    assert llama.path == ("meta-llama/Llama-3.1-8B-Instruct", "quants/Llama-3.1-8B-Instruct-GGUF")
    terms = {t.type for t in llama.license.terms} if llama.license else set()  # the Llama terms come along
    assert {"mau_threshold", "acceptable_use_policy", "attribution"} <= terms
    found = mismatches(a)
    assert [m.license_id for m in found["drops-inherited"]] == ["llama3.1"]
    [differs] = found["differs-from-base"]
    assert differs.origin == "meta-llama/Llama-3.1-8B-Instruct" and "apache-2.0" in differs.message


def test_faithful_llama_quant_has_no_mismatch(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("quants/Llama-3.1-8B-Instruct-GGUF-ok")
    assert set(effective(a)) == {"llama3.1"}
    assert mismatches(a) == {}


def test_quant_declaring_another_licence_than_its_base(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("quants/Qwen2.5-7B-mit-GGUF")
    found = mismatches(a)
    assert set(found) == {"differs-from-base"}  # Apache allows it, but a quant should carry its base's licence
    assert "mit" in found["differs-from-base"][0].message and "apache-2.0" in found["differs-from-base"][0].message
    assert set(effective(a)) == {"mit", "apache-2.0"}


def test_faithful_quant_of_an_apache_model(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("quants/Qwen2.5-7B-GGUF")
    assert mismatches(a) == {} and set(effective(a)) == {"apache-2.0"}


def test_unsloth_quant_of_the_distill_is_flagged(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("unsloth/DeepSeek-R1-Distill-Llama-70B-bnb-4bit")
    assert set(effective(a)) == {"llama3.3", "mit"}
    assert "differs-from-base" in mismatches(a)


# -- missing licences, renames, merges ------------------------------------------------------------------------


def test_derivative_without_a_licence(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("tuners/qwen-no-licence")
    [m] = mismatches(a)["no-license"]
    assert "declares no licence" in m.message and "apache-2.0" in m.message
    assert set(effective(a)) == {"apache-2.0"}  # still bound by what it inherits


def test_original_without_a_licence_is_not_a_mismatch(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("tuners/original-no-licence")
    assert mismatches(a) == {} and effective(a) == {}


def test_renamed_base(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("tuners/old-name-ft")
    eff = effective(a)
    assert set(eff) == {"apache-2.0", "llama3.1"}
    assert eff["llama3.1"].path == ("meta-llama/Llama-3.1-8B", "tuners/old-name-ft")  # the canonical id
    assert a.graph.node("meta-llama/Llama-3.1-8B").aliases == ("meta-llama/Meta-Llama-3.1-8B",)
    assert [m.license_id for m in mismatches(a)["drops-inherited"]] == ["llama3.1"]


def test_merge_with_a_llama_parent(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("mergers/llama-qwen-merge")
    eff = effective(a)
    assert set(eff) == {"apache-2.0", "llama3.1"}
    assert eff["llama3.1"].relations == (Relation.MERGE,)
    assert {e.relation for e in a.graph.parents("mergers/llama-qwen-merge")} == {Relation.MERGE}
    assert [m.license_id for m in mismatches(a)["drops-inherited"]] == ["llama3.1"]


# -- which relations each licence binds -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("student", "expected"),
    [
        ("students/from-apache", {"cc-by-4.0"}),  # Apache binds the weights, not models trained on outputs
        ("students/from-llama2", {"cc-by-4.0"}),  # Llama 2 forbids it but does not license the student
        # from 3.1 on, the naming and "Built with" duties reach outputs-trained models, not the whole licence
        ("students/from-llama31", {"cc-by-4.0", "llama3.1"}),
        ("students/ft-of-apache", {"cc-by-4.0", "apache-2.0"}),  # a fine-tune of the weights is bound
    ],
)
def test_licences_reach_only_the_derivatives_they_bind(analyse, student: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    a = analyse(student)
    assert set(effective(a)) == expected
    partial = {i for i, e in effective(a).items() if e.partial}
    assert partial == ({"llama3.1"} if student.endswith("llama31") else set())
    breach = [r.id for r in a.propagation.restrictions_of(student)]
    assert breach == (["llama2"] if student.endswith("llama2") else [])
    [parent] = a.graph.parents(student)
    assert parent.relation is (Relation.FINETUNE if "/ft-" in student else Relation.DISTILLATION)


def test_mit_of_r1_does_not_flow_into_a_distill_by_distillation(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B")
    assert effective(a)["mit"].own  # the distill's mit is its own declaration, not R1's
    edge = a.graph.edge("deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B")
    assert edge is not None
    assert edge.relation is Relation.DISTILLATION


# -- where licences come from when there is no record ---------------------------------------------------------


def test_licence_named_in_prose_for_a_missing_parent(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("tuners/hinted")
    assert a.graph.node("gone-org/ghost-70b").status.value == "missing"
    eff = effective(a)
    assert set(eff) == {"mit", "llama3.3"}
    assert eff["llama3.3"].inferred and eff["llama3.3"].origin == "gone-org/ghost-70b"
    assert eff["llama3.3"].evidence == "named by a derivative's README"


def test_family_licence_from_a_notice_file(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("tuners/notice-only")
    eff = effective(a)
    assert set(eff) == {"apache-2.0", "llama3.1"}
    assert eff["llama3.1"].origin == "family:llama-3.1" and eff["llama3.1"].inferred
    assert "drops-inherited" in mismatches(a)


def test_declared_path_is_preferred_over_a_shorter_inferred_one(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("org-c/leaf-7b")
    parents = {e.parent: e for e in a.graph.parents("org-c/leaf-7b")}
    assert set(parents) == {"org-b/middle-7b", "org-a/root-7b"}
    assert parents["org-a/root-7b"].inferred and not parents["org-b/middle-7b"].inferred
    apache = effective(a)["apache-2.0"]
    assert not apache.inferred
    assert apache.path == ("org-b/middle-7b", "org-c/leaf-7b")


def test_effective_licences_serialise(analyse) -> None:  # type: ignore[no-untyped-def]
    a = analyse("deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    docs = {e["id"]: e for e in (x.to_json() for x in a.propagation.effective_of(a.subject))}
    assert docs["llama3.3"]["relations"] == ["finetune"] and docs["llama3.3"]["inferred"] is True
    assert docs["mit"]["own"] is True and docs["mit"]["path"] == [a.subject]


def test_an_odd_spelling_of_the_inherited_model_licence_is_not_a_second_unknown(fake_hub) -> None:  # type: ignore[no-untyped-def]
    from helpers import repo
    from modelaudit.analysis import analyse_model
    from modelaudit.sources.factory import SourceOptions, build_source

    fake_hub.data.add(repo("someone/llama2-reupload", license="other", base="meta-llama/Llama-2-7b-hf",
                           card={"license_name": "meta-llama-license"}))
    fake_hub.data.add(repo("someone/apache-ish", license="other", base="mistralai/Mistral-7B-v0.1",
                           card={"license_name": "apache-like-custom"}))
    source = build_source(SourceOptions(endpoint=fake_hub.url), lambda _m: None)
    llama = analyse_model("someone/llama2-reupload", source)
    assert llama.propagation.effective_ids(llama.subject) == ["llama2"]
    # A generic family name explains nothing: the custom licence stays unknown (fail closed).
    other = analyse_model("someone/apache-ish", source)
    assert "unknown" in other.propagation.effective_ids(other.subject)
