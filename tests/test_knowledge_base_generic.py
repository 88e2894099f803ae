"""The generic licences the Hugging Face Hub offers as licence ids (BSD, ISC, GPL-2.0, older Creative Commons
versions, Open Data Commons, CDLA, EUPL, ...): each loads, is found by its Hub id, its SPDX id, its canonical URL
and its common names, and carries the facts that drive verdicts (category, OSI approval, commercial use,
share-alike, relicensing)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kb_helpers import WEIGHT_RELATIONS, lic, record
from modelaudit.evidence import read_evidence
from modelaudit.kinds import Relation
from modelaudit.licensing.identify import identify_declared, identify_prose, identify_text, lookup_value
from modelaudit.licensing.knowledge_base import KnowledgeBase
from modelaudit.licensing.model import CATEGORIES


@dataclass(frozen=True)
class Expected:
    spdx: str | None
    category: str
    osi: bool
    commercial: str  # status of the commercial_use term
    share_alike: bool  # a copyleft term with share_alike, and same_license_required
    relicensing: bool


# Facts per licence, checked against the licence texts (see each YAML file's clause references).
EXPECTED: dict[str, Expected] = {
    # permissive software licences
    "bsd-2-clause": Expected("BSD-2-Clause", "permissive", True, "allowed", False, True),
    "bsd": Expected(None, "permissive", False, "allowed", False, True),
    "isc": Expected("ISC", "permissive", True, "allowed", False, True),
    "bsl-1.0": Expected("BSL-1.0", "permissive", True, "allowed", False, True),
    "zlib": Expected("Zlib", "permissive", True, "allowed", False, True),
    "postgresql": Expected("PostgreSQL", "permissive", True, "allowed", False, True),
    "ncsa": Expected("NCSA", "permissive", True, "allowed", False, True),
    "apache-1.1": Expected("Apache-1.1", "permissive", True, "allowed", False, True),
    "ecl-2.0": Expected("ECL-2.0", "permissive", True, "allowed", False, True),
    "lppl-1.3c": Expected("LPPL-1.3c", "permissive", True, "allowed", False, True),
    "wtfpl": Expected("WTFPL", "permissive", False, "allowed", False, True),
    # public-domain dedications
    "unlicense": Expected("Unlicense", "public-domain", True, "allowed", False, True),
    "pddl": Expected("PDDL-1.0", "public-domain", False, "allowed", False, True),
    # weak copyleft
    "lgpl-2.1": Expected("LGPL-2.1-only", "weak-copyleft", True, "allowed", True, False),
    "epl-2.0": Expected("EPL-2.0", "weak-copyleft", True, "allowed", True, False),
    "mpl-1.1": Expected("MPL-1.1", "weak-copyleft", True, "allowed", True, False),
    "ms-pl": Expected("MS-PL", "weak-copyleft", True, "allowed", True, False),
    "ofl-1.1": Expected("OFL-1.1", "weak-copyleft", True, "conditional", True, False),
    "lgpl-lr": Expected("LGPLLR", "weak-copyleft", False, "allowed", True, False),
    "artistic-2.0": Expected("Artistic-2.0", "weak-copyleft", True, "allowed", False, False),
    # strong copyleft / share-alike
    "gpl-2.0": Expected("GPL-2.0-only", "copyleft", True, "allowed", True, False),
    "osl-3.0": Expected("OSL-3.0", "copyleft", True, "allowed", True, False),
    "eupl-1.1": Expected("EUPL-1.1", "copyleft", True, "allowed", True, False),
    "eupl-1.2": Expected("EUPL-1.2", "copyleft", True, "allowed", True, False),
    "gfdl": Expected(None, "copyleft", False, "allowed", True, False),
    "cc-by-sa-3.0": Expected("CC-BY-SA-3.0", "copyleft", False, "allowed", True, False),
    "odbl": Expected("ODbL-1.0", "copyleft", False, "allowed", True, False),
    "cdla-sharing-1.0": Expected("CDLA-Sharing-1.0", "copyleft", False, "allowed", True, False),
    # Creative Commons attribution-only
    "cc-by-2.0": Expected("CC-BY-2.0", "permissive", False, "allowed", False, True),
    "cc-by-2.5": Expected("CC-BY-2.5", "permissive", False, "allowed", False, True),
    "cc-by-3.0": Expected("CC-BY-3.0", "permissive", False, "allowed", False, True),
    # Creative Commons non-commercial and no-derivatives
    "cc-by-nc-2.0": Expected("CC-BY-NC-2.0", "non-commercial", False, "prohibited", False, False),
    "cc-by-nc-3.0": Expected("CC-BY-NC-3.0", "non-commercial", False, "prohibited", False, False),
    "cc-by-nc-sa-2.0": Expected("CC-BY-NC-SA-2.0", "non-commercial", False, "prohibited", True, False),
    "cc-by-nc-sa-3.0": Expected("CC-BY-NC-SA-3.0", "non-commercial", False, "prohibited", True, False),
    "cc-by-nc-nd-3.0": Expected("CC-BY-NC-ND-3.0", "non-commercial", False, "prohibited", False, False),
    "cc-by-nd-4.0": Expected("CC-BY-ND-4.0", "open-weight-restricted", False, "allowed", False, False),
    # data licences
    "odc-by": Expected("ODC-By-1.0", "permissive", False, "allowed", False, False),
    "cdla-permissive-1.0": Expected("CDLA-Permissive-1.0", "permissive", False, "allowed", False, True),
    "cdla-permissive-2.0": Expected("CDLA-Permissive-2.0", "permissive", False, "allowed", False, True),
    "c-uda": Expected("C-UDA-1.0", "open-weight-restricted", False, "allowed", True, False),
}
NEW_IDS = sorted(EXPECTED)
NON_COMMERCIAL = sorted(i for i, e in EXPECTED.items() if e.commercial == "prohibited")
DERIVATIVES = WEIGHT_RELATIONS


# --- each licence: loads, is found, has the right facts ---------------------------------------------------


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_loads_from_its_own_file(kb: KnowledgeBase, license_id: str) -> None:
    item = lic(kb, license_id)
    assert item.source_file == f"licenses/{license_id}.yaml"
    assert item.category in CATEGORIES
    assert item.url.startswith("https://")
    assert item.summary and item.propagation.summary and item.propagation.clause


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_found_by_hub_id(kb: KnowledgeBase, license_id: str) -> None:
    assert license_id in lic(kb, license_id).identify.hub_ids
    found = kb.lookup_hub_id(license_id)
    assert found is not None and found.id == license_id
    assert kb.lookup_hub_id(license_id.upper()) is found
    found_by_value = lookup_value(kb, license_id)
    assert found_by_value is not None and found_by_value.id == license_id


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_spdx_id_is_recorded_and_found(kb: KnowledgeBase, license_id: str) -> None:
    item = lic(kb, license_id)
    spdx = EXPECTED[license_id].spdx
    assert item.spdx_id == spdx
    if spdx is None:
        assert item.spdx_expression_id.startswith("LicenseRef-")
        return
    assert item.spdx_expression_id == spdx
    found = lookup_value(kb, spdx)
    assert found is not None and found.id == license_id, spdx


def test_spdx_ids_are_valid_spdx_identifiers(kb: KnowledgeBase) -> None:
    from license_expression import get_spdx_licensing  # type: ignore[import-untyped]

    licensing = get_spdx_licensing()
    for license_id in NEW_IDS:
        spdx = lic(kb, license_id).spdx_id
        if spdx is None:
            continue
        result = licensing.validate(spdx)
        assert not result.errors and not result.invalid_symbols, (license_id, spdx, result.errors)


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_found_by_its_canonical_url(kb: KnowledgeBase, license_id: str) -> None:
    item = lic(kb, license_id)
    for url in (item.url, *item.identify.urls):
        found = kb.lookup_url(url)
        assert found is not None and found.id == license_id, url


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_category_and_osi_approval(kb: KnowledgeBase, license_id: str) -> None:
    item = lic(kb, license_id)
    assert item.category == EXPECTED[license_id].category
    assert item.osi_approved is EXPECTED[license_id].osi


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_commercial_use_status(kb: KnowledgeBase, license_id: str) -> None:
    terms = lic(kb, license_id).terms_of("commercial_use")
    assert len(terms) == 1
    assert terms[0].get("status") == EXPECTED[license_id].commercial
    assert terms[0].clause.strip()


@pytest.mark.parametrize("license_id", NON_COMMERCIAL)
def test_non_commercial_licences_prohibit_commercial_use(kb: KnowledgeBase, license_id: str) -> None:
    term = lic(kb, license_id).terms_of("commercial_use")[0]
    assert term.get("status") == "prohibited"
    assert "non-commercial" in term.get("permitted_purposes")
    assert lic(kb, license_id).category == "non-commercial"
    assert lic(kb, license_id).propagation.relicensing_allowed is False


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_share_alike_and_relicensing(kb: KnowledgeBase, license_id: str) -> None:
    item = lic(kb, license_id)
    expected = EXPECTED[license_id]
    copyleft = item.terms_of("copyleft")
    if expected.share_alike:
        assert len(copyleft) == 1, license_id
        assert copyleft[0].get("share_alike") is True
        assert copyleft[0].get("scope") and copyleft[0].get("trigger")
    else:
        assert copyleft == ()
    assert item.propagation.same_license_required is expected.share_alike
    assert item.propagation.relicensing_allowed is expected.relicensing


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_weights_derivatives_are_bound_but_distillation_is_not(kb: KnowledgeBase, license_id: str) -> None:
    item = lic(kb, license_id)
    assert item.propagation.binds >= DERIVATIVES
    assert not item.propagation.binds_relation(Relation.DISTILLATION)
    assert item.terms_of("training_restriction") == ()


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_generic_licences_name_no_licensor_org(kb: KnowledgeBase, license_id: str) -> None:
    assert lic(kb, license_id).licensor_orgs == ()


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_every_term_cites_a_clause(kb: KnowledgeBase, license_id: str) -> None:
    for term in lic(kb, license_id).terms:
        assert term.clause.strip() and term.summary.strip(), (license_id, term.type)


# --- spot checks of the facts ---------------------------------------------------------------------------


def test_attribution_duties_have_a_kind(kb: KnowledgeBase) -> None:
    def kinds(license_id: str) -> set[str]:
        return {t.get("kind") for t in lic(kb, license_id).terms_of("attribution")}

    assert kinds("bsd-2-clause") == {"notice"}
    assert kinds("zlib") == {"notice", "mark_changes"}
    assert kinds("cc-by-3.0") == {"notice", "copy_of_license", "mark_changes"}
    assert kinds("cc-by-2.0") == {"notice", "copy_of_license"}  # 2.x has no change-labelling duty
    assert kinds("gpl-2.0") == {"notice", "mark_changes", "copy_of_license"}
    assert kinds("cdla-permissive-2.0") == {"copy_of_license"}
    assert "display" in kinds("apache-1.1")
    assert lic(kb, "unlicense").terms_of("attribution") == ()
    assert lic(kb, "pddl").terms_of("attribution") == ()
    assert lic(kb, "wtfpl").terms_of("attribution") == ()


def test_no_derivatives_licences_forbid_sharing_adaptations(kb: KnowledgeBase) -> None:
    for license_id in ("cc-by-nd-4.0", "cc-by-nc-nd-3.0"):
        terms = lic(kb, license_id).terms_of("use_restrictions")
        assert len(terms) == 1
        assert any("adapt" in item for item in terms[0].get("items"))


def test_network_use_triggers_copyleft_where_the_licence_says_so(kb: KnowledgeBase) -> None:
    assert "network" in lic(kb, "osl-3.0").terms_of("copyleft")[0].get("trigger")
    for license_id in ("eupl-1.1", "eupl-1.2"):
        assert "essential functionalities" in lic(kb, license_id).terms_of("copyleft")[0].get("trigger")
    assert "network" not in lic(kb, "gpl-2.0").terms_of("copyleft")[0].get("trigger")


def test_governing_law_where_the_text_fixes_one(kb: KnowledgeBase) -> None:
    assert "California" in lic(kb, "mpl-1.1").terms_of("governing_law")[0].get("law")
    assert "Belgian" in lic(kb, "eupl-1.2").terms_of("governing_law")[0].get("law")
    assert lic(kb, "osl-3.0").terms_of("governing_law")
    for license_id in ("gpl-2.0", "epl-2.0", "cc-by-3.0", "odbl", "bsd-2-clause"):
        assert lic(kb, license_id).terms_of("governing_law") == (), license_id


def test_patent_termination_where_the_text_has_it(kb: KnowledgeBase) -> None:
    patent = {i for i in NEW_IDS if lic(kb, i).terms_of("patent_termination")}
    assert patent == {"ecl-2.0", "ms-pl", "artistic-2.0", "epl-2.0", "mpl-1.1", "osl-3.0"}


def test_ambiguous_bsd_label_is_marked_unverified(kb: KnowledgeBase) -> None:
    bsd = lic(kb, "bsd")
    assert bsd.unverified
    assert "ambiguous" in bsd.notes
    assert bsd.identify.phrases == () and bsd.identify.prose == ()
    assert lic(kb, "bsd").terms_of("use_restrictions")[0].unverified is True


def test_dated_versions(kb: KnowledgeBase) -> None:
    assert lic(kb, "bsl-1.0").date == "2003-08-17"
    assert lic(kb, "eupl-1.2").date == "2017-05-18"
    assert lic(kb, "lppl-1.3c").date == "2008-05-04"
    assert lic(kb, "ofl-1.1").date == "2007-02-26"
    assert lic(kb, "cc-by-nd-4.0").date == "2013-11-25"


# --- identification in the wild -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("GPLv2", "gpl-2.0"),
        ("GPL-2.0-or-later", "gpl-2.0"),
        ("LGPL-2.1-only", "lgpl-2.1"),
        ("Simplified BSD License", "bsd-2-clause"),
        ("BSD License", "bsd"),
        ("ISC License", "isc"),
        ("The Unlicense", "unlicense"),
        ("Boost Software License 1.0", "bsl-1.0"),
        ("CC BY-NC 3.0", "cc-by-nc-3.0"),
        ("CC BY-SA 3.0", "cc-by-sa-3.0"),
        ("Creative Commons Attribution-NonCommercial-ShareAlike 3.0 Unported", "cc-by-nc-sa-3.0"),
        ("ODbL-1.0", "odbl"),
        ("Open Data Commons Attribution License", "odc-by"),
        ("Microsoft Public License", "ms-pl"),
        ("European Union Public Licence 1.2", "eupl-1.2"),
        ("SIL Open Font License 1.1", "ofl-1.1"),
        ("GNU Free Documentation License", "gfdl"),
        ("https://creativecommons.org/licenses/by-nc-sa/3.0/deed.en", "cc-by-nc-sa-3.0"),
        ("https://creativecommons.org/licenses/by-nd/4.0/legalcode.en", "cc-by-nd-4.0"),
        ("https://www.gnu.org/licenses/old-licenses/gpl-2.0.html", "gpl-2.0"),
        ("https://opendatacommons.org/licenses/odbl/summary/", "odbl"),
        ("https://www.eclipse.org/legal/epl-2.0/", "epl-2.0"),
    ],
)
def test_common_spellings_and_links(kb: KnowledgeBase, value: str, expected: str) -> None:
    found = lookup_value(kb, value)
    assert found is not None, value
    assert found.id == expected


def test_new_urls_do_not_capture_neighbouring_versions(kb: KnowledgeBase) -> None:
    assert kb.lookup_url("https://creativecommons.org/licenses/by/4.0/").id == "cc-by-4.0"  # type: ignore[union-attr]
    assert kb.lookup_url("https://www.apache.org/licenses/LICENSE-2.0").id == "apache-2.0"  # type: ignore[union-attr]
    assert kb.lookup_url("https://www.gnu.org/licenses/gpl-3.0.html").id == "gpl-3.0"  # type: ignore[union-attr]
    assert kb.lookup_url("https://www.mozilla.org/en-US/MPL/2.0/").id == "mpl-2.0"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GNU GENERAL PUBLIC LICENSE\n   Version 2, June 1991\n\n Copyright (C) 1989, 1991 ...", ["gpl-2.0"]),
        ("GNU LESSER GENERAL PUBLIC LICENSE\n   Version 2.1, February 1999\n", ["lgpl-2.1"]),
        ("ISC License\n\nCopyright (c) 2024 Someone\n", ["isc"]),
        ("Creative Commons Legal Code\n\nAttribution-NonCommercial 3.0 Unported\n", ["cc-by-nc-3.0"]),
        ("Attribution-NoDerivatives 4.0 International\n\n====\n", ["cc-by-nd-4.0"]),
        ("Community Data License Agreement – Permissive – Version 2.0\n", ["cdla-permissive-2.0"]),
        ("This is free and unencumbered software released into the public domain.\n", ["unlicense"]),
    ],
)
def test_licence_file_titles_are_recognised(kb: KnowledgeBase, text: str, expected: list[str]) -> None:
    assert [item.id for item in identify_text(kb, text)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The model weights are released under the CC BY-NC-SA 3.0 license.", "cc-by-nc-sa-3.0"),
        ("This model is licensed under the GNU General Public License v2.", "gpl-2.0"),
        ("Model checkpoints are available under the Open Database License.", "odbl"),
        ("The weights are distributed under the EUPL 1.2.", "eupl-1.2"),
    ],
)
def test_readme_prose(kb: KnowledgeBase, sentence: str, expected: str) -> None:
    found = identify_prose(kb, sentence)
    assert found is not None and found.id == expected


@pytest.mark.parametrize("license_id", NEW_IDS)
def test_a_card_declaring_the_hub_id_is_no_longer_unknown(kb: KnowledgeBase, license_id: str) -> None:
    declared = identify_declared(read_evidence(record({"license": license_id})), kb)
    assert declared.ids == (license_id,)
    assert declared.unknown == ()
    tagged = identify_declared(read_evidence(record(tags=[f"license:{license_id}"])), kb)
    assert tagged.ids == (license_id,)
