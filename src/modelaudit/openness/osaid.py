"""The three elements OSAID 1.0 requires (data information, code, parameters) and the decision.

Each component is judged from the card reading and the licences in force; ``decide`` turns the three
into an outcome, strongest ground first (non-conformant weights terms, an element the card does not
provide, anything unclear), and claims "meets" only on strong evidence.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelaudit.licensing.propagation import EffectiveLicense
from modelaudit.openness.model import (
    AVAILABLE,
    CODE,
    DATA_INFORMATION,
    DOES_NOT_MEET,
    INSUFFICIENT,
    MEETS,
    MISSING,
    PARAMETERS,
    UNKNOWN,
    Component,
)
from modelaudit.openness.reading import CardReading
from modelaudit.openness.terms import combined, osd_conformant

_PHRASE = {DATA_INFORMATION: "data information", CODE: "training code", PARAMETERS: "parameters"}

def _licence_evidence(item: EffectiveLicense) -> str:
    name = item.id if item.license is not None else f"unrecognised licence {item.raw or item.id!r}"
    if item.own:
        where = f" ({item.evidence})" if item.evidence else ""
        return f"{name} declared by {item.origin}{where}"
    link = " (the lineage link is inferred)" if item.inferred else ""
    return f"{name} inherited from {item.origin} via {' -> '.join(item.path)}{link}"


def parameters(effective: tuple[EffectiveLicense, ...], reading: CardReading, node_has_record: bool) -> Component:
    evidence = [_licence_evidence(e) for e in effective]
    if reading.gated:
        evidence.append(f"downloading the weights is gated on the Hub ({reading.gated} approval)")
    if not effective:
        evidence.append("no licence could be identified for the weights")
        return Component(PARAMETERS, AVAILABLE if node_has_record else UNKNOWN, None, None, tuple(evidence))
    terms = ", ".join(dict.fromkeys(e.id if e.license is not None else (e.raw or e.id) for e in effective))
    conformant = combined(osd_conformant(e.license) for e in effective)
    for e in effective:
        if e.license is not None and not osd_conformant(e.license):
            evidence.append(f"{e.license.name} is not OSI-approved ({e.license.category} terms)")
    return Component(PARAMETERS, AVAILABLE if node_has_record else UNKNOWN, terms, conformant, tuple(evidence))


def data_information(r: CardReading) -> tuple[Component, bool]:
    """The component, and whether its evidence is strong: datasets listed in the card metadata, or
    datasets the lineage walk found for the model (card list, Hub links, prose) and read on the Hub.

    The dataset nodes only add evidence: one that is missing or could not be read is named, but does
    not take back what the card's own list says (the list is the publisher's data information)."""
    evidence: list[str] = []
    if r.datasets:
        shown = ", ".join(r.datasets[:8]) + (", …" if len(r.datasets) > 8 else "")
        checked = "" if r.dataset_nodes else " (their availability was not checked)"
        evidence.append(f"the card metadata lists training datasets: {shown}{checked}")
    evidence += [d.describe() for d in r.dataset_nodes[:12]]
    if r.data_sections:
        evidence.append("the model card has a section on its training data")
    evidence += [f"the card says: {s}" for s in r.data_released]
    evidence += [f"the card says: {s}" for s in r.data_withheld]
    status: str
    if r.datasets or r.datasets_read or r.data_sections or r.data_released:
        status = AVAILABLE
    elif r.data_withheld:
        status = MISSING
    elif r.data_mentioned:
        evidence += [f"the card only says: {s}" for s in r.data_mentioned]
        status = UNKNOWN  # a passing mention is not a description a skilled person could rebuild from
    elif r.card_read:
        evidence.append("the model card was read and names no training data")
        status = MISSING
    else:
        evidence.append("the model card could not be read" if r.has_record else "no record of this repo")
        status = UNKNOWN
    return Component(DATA_INFORMATION, status, None, None, tuple(evidence)), bool(r.datasets or r.datasets_read)


def code(r: CardReading) -> tuple[Component, bool]:
    """The component, and whether its evidence is strong: here the same as available, because only a
    codebase the card presents as its training code counts."""
    evidence = [f"the card says: {s}" for s in r.training_code]
    evidence += [f"the card links its training code at {link}" for link in r.training_code_links[:5]]
    evidence += [f"the card links code at {link}" for link in r.code_links[:5] if link not in r.training_code_links]
    if r.training_code_links:
        status = AVAILABLE
    elif r.training_code or r.code_links:
        evidence.append("the card does not link a codebase as its training code")
        status = UNKNOWN
    elif r.card_read:
        evidence.append("the model card was read and points to no training code")
        status = MISSING
    else:
        evidence.append("the model card could not be read" if r.has_record else "no record of this repo")
        status = UNKNOWN
    return Component(CODE, status, None, None, tuple(evidence)), bool(r.training_code_links)


def blocking(effective: tuple[EffectiveLicense, ...]) -> list[str]:
    """The licences in force that are known not to be OSD-conformant, by name."""
    names = {e.license.id: e.license.name for e in effective if e.license is not None and osd_conformant(e.license) is False}
    return [f"{name} ({lic_id})" for lic_id, name in names.items()]


def decide(
    components: Mapping[str, Component],
    r: CardReading,
    data_strong: bool,
    code_strong: bool,
    blocking_licences: list[str],
    unrecognised: bool,
) -> tuple[str, list[str]]:
    params = components[PARAMETERS]
    if params.osd_conformant is False:
        named = ", ".join(blocking_licences) or str(params.terms)
        return DOES_NOT_MEET, [f"the weights are under {named}, which is not OSD-conformant (not OSI-approved), "
                               "so the freedoms to use, study, modify and share are not granted"]
    if params.osd_conformant is None:
        if not params.terms:
            what = "no weights licence was identified"
        elif unrecognised:
            what = f"the weights licence ({params.terms}) is not recognised"
        else:
            what = (f"the weights licence ({params.terms}) grants broad freedoms but is not OSI-approved, and OSAID "
                    "asks for OSI-approved terms")
        return INSUFFICIENT, [f"{what}, so it cannot be told whether the parameters are under OSD-conformant terms"]
    missing = [c.name for c in components.values() if c.status == MISSING]
    if missing:
        return DOES_NOT_MEET, [
            "OSAID 1.0 requires data information, code and parameters; "
            f"the model card provides no {' and no '.join(_PHRASE[m] for m in missing)}"
        ]
    unknown = [c.name for c in components.values() if c.status == UNKNOWN]
    if unknown:
        return INSUFFICIENT, [
            "it could not be established whether the card provides the "
            f"{' and '.join(_PHRASE[u] for u in unknown)} that OSAID 1.0 requires"
        ]
    if not (data_strong and code_strong and params.osd_conformant):
        return INSUFFICIENT, ["the card points to data information and code, but not strongly enough to claim OSAID 1.0 "
                              "(needs card-listed datasets, a linked training codebase and an OSI-approved weights licence)"]
    if r.gated == "manual":
        return INSUFFICIENT, ["the weights are released only on the publisher's approval, and OSAID requires use without "
                              "asking permission"]
    datasets = r.datasets or tuple(d.id for d in r.datasets_read)
    return MEETS, [f"data information (datasets {', '.join(datasets[:3])}), training code "
                   f"({', '.join(r.training_code_links[:2])}) and weights under {params.terms} are all published"]

