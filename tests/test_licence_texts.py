"""Issue 15 (part D): no modified licence passes as the original.

Licence texts are identified by their whole text against the reference fingerprints of ``licenses/references``: the
MIT text is ``mit``; the MIT text plus a clause is the knowledge base's modified version whose phrases the clause
holds, or ``unknown`` quoting the clause. A qualifier ("modified", "-like", "based on") in a licence name, a README
sentence or a Hub value never yields the plain licence. A monthly revenue cut-off blocks a large company.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from fakehub import FakeHub
from helpers import repo, run_cli
from kb_helpers import record
from modelaudit.evidence import read_evidence
from modelaudit.licensing.fingerprint import compare, sentences, text_sha256
from modelaudit.licensing.identify import (
    UNKNOWN,
    identify_declared,
    identify_prose,
    lookup_value,
    read_licence_text,
)
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base

TEXTS = Path(__file__).parent / "fixtures" / "licence_texts"
MIT = (TEXTS / "MIT.txt").read_text(encoding="utf-8")
APACHE = (TEXTS / "Apache-2.0.txt").read_text(encoding="utf-8")
MIT_FILE = "MIT License\n\nCopyright (c) 2025 Example Labs\n\n" + MIT

# Added clauses in our own words; each variant's recognition phrase is the one short quote.
REVENUE_CUTOFF = ("\n\nYou are not granted any rights under this license if the global consolidated monthly revenue of "
                  "your company (or of your employer) exceeded USD 20 million in the preceding month.\n")
KIMI_DISPLAY = ("\n\nOur only modification part is that a commercial product or service built on the Software with more "
                "than 100 million monthly active users, or more than 20 million US dollars of monthly revenue, must "
                'prominently display "Kimi K2" in its user interface.\n')
UNRELATED = "\n\nThe Software may not be used to operate weapons systems or for any military purpose.\n"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_knowledge_base()


def ids(kb: KnowledgeBase, text: str) -> list[str]:
    return [lic.id for lic in read_licence_text(kb, text).licenses]


# -- whole texts -----------------------------------------------------------------------------------


def test_the_mit_text_is_mit_whatever_its_title_copyright_and_wrapping(kb: KnowledgeBase) -> None:
    assert ids(kb, MIT_FILE) == ["mit"]
    rewrapped = "# The MIT License (MIT)\n\nCopyright © 2019-2025 Someone Else\n\n" + " ".join(MIT.split())
    assert ids(kb, rewrapped) == ["mit"]
    # Neither wrapping nor a copyright line changes the normalised hash; a word does.
    assert text_sha256("Copyright (c) 2020 X\n\n" + MIT) == text_sha256(" ".join(MIT.split())) == text_sha256(MIT)
    assert text_sha256(MIT.replace("free of charge", "for a fee")) != text_sha256(MIT)


def test_mit_plus_a_revenue_cutoff_is_the_mistral_modified_mit(kb: KnowledgeBase) -> None:
    reading = read_licence_text(kb, MIT_FILE + REVENUE_CUTOFF)
    assert [lic.id for lic in reading.licenses] == ["mistral-modified-mit"]
    [term] = reading.licenses[0].terms_of("revenue_threshold")
    assert (term.get("value_usd"), term.get("period")) == (20_000_000, "monthly")


def test_mit_plus_the_kimi_display_clause_is_kimi_k2_modified_mit(kb: KnowledgeBase) -> None:
    assert ids(kb, "Modified MIT License\n\n" + MIT + KIMI_DISPLAY) == ["kimi-k2-modified-mit"]


def test_mit_plus_an_unrelated_restriction_is_unknown_quoting_it(kb: KnowledgeBase) -> None:
    reading = read_licence_text(kb, MIT_FILE + UNRELATED)
    assert reading.licenses == () and reading.base == "mit"
    assert reading.added == ("The Software may not be used to operate weapons systems or for any military purpose.",)
    declared = identify_declared(read_evidence(record({"license": "other"}, files={"LICENSE": MIT_FILE + UNRELATED})), kb)
    [item] = declared.identified
    assert item.id == UNKNOWN and "military purpose" in item.raw and "mit licence text with added sentences" in item.raw


def test_added_sentences_are_quoted_bounded(kb: KnowledgeBase) -> None:
    extra = "".join(f"\n\nClause {i}: the licensee must not do thing number {i} {'at all ' * 60}." for i in range(6))
    reading = read_licence_text(kb, MIT_FILE + extra)
    assert len(reading.added) == 3 and all(len(s) <= 200 for s in reading.added)


def test_apache_text_with_its_appendix_filled_in_or_left_out_is_apache(kb: KnowledgeBase) -> None:
    filled = APACHE.replace("Copyright [yyyy] [name of copyright owner]", "Copyright 2024 Example Labs, Inc.")
    assert filled != APACHE
    assert ids(kb, filled) == ["apache-2.0"]
    assert ids(kb, APACHE.split("END OF TERMS AND CONDITIONS")[0]) == ["apache-2.0"]


def test_apache_text_with_an_added_section_is_not_apache(kb: KnowledgeBase) -> None:
    text = APACHE.replace("END OF TERMS AND CONDITIONS",
                          "10. Additional Restriction. You may not use the Work to provide a hosted service to third "
                          "parties without a separate commercial agreement.\n\nEND OF TERMS AND CONDITIONS")
    reading = read_licence_text(kb, text)
    assert reading.licenses == () and reading.base == "apache-2.0"
    assert "hosted service" in reading.added[0]


def test_a_heavily_changed_copy_is_not_read_by_its_recognition_phrase(kb: KnowledgeBase) -> None:
    # Half of the MIT sentences kept, the rest rewritten: the "Permission is hereby granted" phrase is still there.
    head = MIT.split("THE SOFTWARE IS PROVIDED")[0]
    text = head + "The Software may only be used for non-commercial research. Any other use needs our consent."
    reading = read_licence_text(kb, text)
    assert "mit" not in [lic.id for lic in reading.licenses] and reading.base == "mit"


def test_partial_texts_still_fall_back_to_recognition_phrases(kb: KnowledgeBase) -> None:
    assert ids(kb, "MIT License\n\nCopyright (c) 2023 DeepSeek\n\nPermission is hereby granted, free of charge, to any "
                   "person obtaining a copy\nof this software") == ["mit"]
    assert ids(kb, "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n") == [
        "llama3.1"]


def test_a_card_saying_mit_over_a_modified_licence_file_declares_the_file_too(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({"license": "mit"}, files={"LICENSE": MIT_FILE + REVENUE_CUTOFF})),
                                 kb)
    assert declared.ids == ("mit", "mistral-modified-mit")


def test_comparison_is_linear_on_hostile_text(kb: KnowledgeBase) -> None:
    # ~100 KB each; linear readers take ~0.1 s here, a quadratic one minutes.
    hostile = ["neither the name of " * 5_000, "provided by " * 8_000, ". " * 50_000, "\n\n#" * 30_000,
               "---\n" + "a: b\n" * 20_000, MIT_FILE * 100]
    for text in hostile:
        started = time.perf_counter()
        compare(text, kb.references.values())
        assert time.perf_counter() - started < 2.0, text[:30]
    assert len(sentences(MIT_FILE * 100)) == 500


# -- qualified names, prose and Hub values ----------------------------------------------------------


@pytest.mark.parametrize("name", ["Modified MIT License", "modified-mit", "MIT-like", "MIT (modified)",
                                  "based on Apache 2.0", "apache-2.0-derived variant of"])
def test_a_qualified_name_is_not_the_plain_licence(kb: KnowledgeBase, name: str) -> None:
    assert lookup_value(kb, name) is None
    assert lookup_value(kb, "kimi k2 modified mit") is kb.get("kimi-k2-modified-mit")  # a variant's own name


def test_modified_mit_in_a_cards_license_name_is_not_mit(kb: KnowledgeBase) -> None:
    card = {"license": "other", "license_name": "Modified MIT License"}
    declared = identify_declared(read_evidence(record(card)), kb)
    assert declared.ids == (UNKNOWN,) and "Modified MIT License" in declared.identified[0].raw


def test_modified_mit_in_prose_is_not_mit(kb: KnowledgeBase) -> None:
    for sentence in ("The model weights are released under a modified MIT license.",
                     "The model weights are licensed under an MIT-like license.",
                     "The model weights are released under the MIT License (modified).",
                     "The model weights are released under the MIT license with additional restrictions."):
        assert identify_prose(kb, sentence) is None, sentence
        declared = identify_declared(read_evidence(record({}, "# Model\n\n" + sentence + "\n")), kb)
        assert "mit" not in declared.ids and declared.ids == (UNKNOWN,), sentence
    # A qualifier elsewhere in the sentence does not touch the licence it names.
    assert identify_prose(kb, "This model is based on Llama and its weights are released under the MIT License.") \
        is kb.get("mit")


def test_a_qualified_hub_value_is_unknown_with_the_value_kept(kb: KnowledgeBase) -> None:
    declared = identify_declared(read_evidence(record({}, tags=["license:modified-mit"])), kb)
    assert [(i.id, i.raw) for i in declared.identified] == [(UNKNOWN, "modified-mit")]


# -- policy ------------------------------------------------------------------------------------------


def _devstral_style(hub: FakeHub) -> str:
    hub.data.add(repo("acme/devstral-style", license="other", card={"license_name": "modified-mit"},
                      extra_files={"LICENSE": (MIT_FILE + REVENUE_CUTOFF).encode()}))
    return "acme/devstral-style"


def _check(capsys: pytest.CaptureFixture[str], tmp_path: Path, model: str, profile: str) -> dict[str, object]:
    path = tmp_path / "profile.yaml"
    path.write_text(profile)
    result = run_cli(capsys, "check", model, "--profile", str(path), "--format", "json", "-q")
    doc: dict[str, object] = json.loads(result.out)["results"][0]
    return doc


def _rules(doc: dict[str, object]) -> dict[str, str]:
    return {f["rule"]: f["severity"] for f in doc["findings"]}  # type: ignore[attr-defined,index]


def test_a_usd_5b_company_is_blocked_by_a_monthly_revenue_cutoff(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    doc = _check(capsys, tmp_path, _devstral_style(fake_hub), "annual_revenue_usd: 5000000000\nuses: [commercial]\n")
    assert [e["id"] for e in doc["effective_licenses"]] == ["mistral-modified-mit"]  # type: ignore[attr-defined,index]
    assert doc["verdict"] == "block"
    assert _rules(doc)["monthly-revenue-threshold-exceeded"] == "block"


def test_monthly_revenue_under_the_cutoff_does_not_block_and_an_unsettled_average_warns(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    model = _devstral_style(fake_hub)
    small = _check(capsys, tmp_path, model, "monthly_revenue_usd: 1500000\nuses: [commercial]\n")
    assert "monthly-revenue-threshold-exceeded" not in _rules(small) and small["verdict"] != "block"
    # USD 120M a year: the average month (10M) is under 20M, a single month may not be.
    mid = _check(capsys, tmp_path, model, "annual_revenue_usd: 120000000\nuses: [commercial]\n")
    assert _rules(mid).get("monthly-revenue-may-exceed") == "warn" and mid["verdict"] != "block"
    stated = _check(capsys, tmp_path, model, "annual_revenue_usd: 120000000\nmonthly_revenue_usd: 25000000\n")
    assert _rules(stated)["monthly-revenue-threshold-exceeded"] == "block"


@pytest.mark.parametrize("declared", ["mit", "apache-2.0"])
def test_a_hub_card_saying_a_generic_licence_over_a_modified_licence_file_is_read_from_the_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub, declared: str) -> None:
    """The card's ``license: mit`` does not settle it: the LICENSE file is fetched and compared whole."""
    modified = (MIT_FILE + REVENUE_CUTOFF).encode()
    fake_hub.data.add(repo("acme/cutoff-" + declared, license=declared, extra_files={"LICENSE": modified}))
    fake_hub.data.add(repo("acme/plain-" + declared, license=declared, extra_files={"LICENSE": MIT_FILE.encode()}))
    big = "annual_revenue_usd: 5000000000\nuses: [commercial]\n"
    cut = _check(capsys, tmp_path, "acme/cutoff-" + declared, big)
    assert "mistral-modified-mit" in [e["id"] for e in cut["effective_licenses"]]  # type: ignore[attr-defined,index]
    assert cut["verdict"] == "block"
    plain = _check(capsys, tmp_path, "acme/plain-" + declared, big)
    assert "monthly-revenue-threshold-exceeded" not in _rules(plain)
