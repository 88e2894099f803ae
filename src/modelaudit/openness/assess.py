"""Is a model open source AI? OSAID 1.0 and Model Openness Framework assessment of a lineage.

The OSI's Open Source AI Definition 1.0 requires three elements in their preferred form for
modification, each under terms that grant the freedoms to use, study, modify and share: data
information, code (to train and to run) and parameters. An open weights licence is not enough:
the OSI failed Grok and Mixtral although both are Apache-2.0.

How an outcome is reached, strongest ground first:

1. A curated published assessment matching the repo (or its family) is cited and followed
   (``licenses/openness/assessments.yaml``), unless the repo's own weights terms contradict a
   published "meets" (then the published outcome is about other terms and does not hold here).
2. Weights under terms that are not OSD-conformant (every licence in force must be OSI-approved or
   a public-domain dedication; RAIL, Llama, Gemma, Qwen, non-commercial... are not): does not meet.
3. Weights licence unknown, or an open content licence the OSI has not approved (CC-BY, CC-BY-SA):
   insufficient information.
4. The model card was read and shows no data information or no training code: does not meet —
   OSAID asks the publisher to provide them, and a card that does not is the release as published.
5. Anything ambiguous or unreadable: insufficient information.
6. Everything present under conformant terms: "meets" only on strong evidence (card-listed datasets,
   a linked training codebase, an OSI-approved weights licence, no approval gate); otherwise
   insufficient information. The engine fails closed: it never claims "meets" on weak evidence.

Then the lineage: a derivative of any ancestor that does not meet OSAID does not meet it either
(it cannot supply the data information and code its base lacks, nor shed terms that bind it), and
an ancestor that could not be assessed keeps a derivative from "meets" unless an assessor said so.

Everything here is pure: it reads the ``ModelAnalysis`` and the curated file, nothing else.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from modelaudit.analysis import ModelAnalysis
from modelaudit.cards import readme_body
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base
from modelaudit.licensing.model import License
from modelaudit.licensing.propagation import EffectiveLicense
from modelaudit.lineage.graph import LineageGraph
from modelaudit.openness.assessments import Assessments, default_assessments
from modelaudit.openness.model import (
    AVAILABLE,
    CODE,
    COMPONENT_NAMES,
    DATA_INFORMATION,
    DOES_NOT_MEET,
    INSUFFICIENT,
    MEETS,
    MISSING,
    MOF_CLASSES,
    MOF_REQUIRED,
    PARAMETERS,
    UNKNOWN,
    Component,
    ExemptionCondition,
    OpennessAssessment,
    OpenSourceExemption,
    PublishedAssessment,
)
from modelaudit.sources.records import FileStatus, ModelRecord

# -- licence terms ---------------------------------------------------------------------------------

#: Categories whose licences MOF accepts for a data-type component such as the weights even when the
#: OSI has not approved them (open data and content licences such as CC-BY, CC-BY-SA, CC0).
_MOF_OPEN_CATEGORIES = frozenset({"public-domain", "permissive", "weak-copyleft", "copyleft"})


def osd_conformant(lic: License | None) -> bool | None:
    """Do these terms grant use, study, modification and sharing for any purpose (OSAID's test)?

    OSI approval is the test for code and, by OSAID's reference to OSI-approved terms, for the
    parameters too; a public-domain dedication (CC0) grants at least as much. Open content licences
    the OSI has not reviewed (CC-BY, CC-BY-SA) grant the freedoms but are not OSI-approved: None, so
    that such weights are neither passed nor failed on our say-so. None also when the licence is unknown.
    """
    if lic is None:
        return None
    if lic.osi_approved or lic.category == "public-domain":
        return True
    return None if lic.category in _MOF_OPEN_CATEGORIES else False


def open_for_mof(lic: License | None) -> bool | None:
    """Is the licence open in the MOF's sense for the weights (a data-type component)?"""
    if lic is None:
        return None
    return bool(osd_conformant(lic)) or lic.category in _MOF_OPEN_CATEGORIES


def _combined(values: Iterable[bool | None]) -> bool | None:
    """All must hold: any False decides, then any None leaves it open."""
    values = list(values)
    if not values:
        return None
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


# -- reading a record --------------------------------------------------------------------------------

_CODE_LINK = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/[\w.-]+/[\w.-]+", re.I)
_TRAINING_CODE = re.compile(
    r"\b(?:pre-?training|training|train|fine-?tuning)\s+(?:code|scripts?|recipes?|codebase|framework|pipeline|repo(?:sitory)?)\b"
    r"|\bcode\s+(?:used\s+)?(?:to|for)\s+(?:pre-?)?train",
    re.I,
)
_DATA_HEADING = re.compile(
    r"^\s{0,3}#{1,6}[^\n]*\b(?:pre-?training|training|fine-?tuning)\s+(?:data|datasets?|corpus|corpora|mixture)\b"
    r"|^\s{0,3}#{1,6}\s*(?:data|datasets?|data\s+card)\s*$",
    re.I | re.M,
)
_DATA_RELEASED = re.compile(
    r"\b(?:data(?:sets?)?|corpus|corpora|data\s+sequence|data\s+mixture)\b[^.\n]{0,60}"
    r"\b(?:released|open[- ]sourced|publicly\s+available|available\s+(?:at|on|from|under))\b",
    re.I,
)
_DATA_WITHHELD = re.compile(
    r"\b(?:proprietary|undisclosed|internal|private|closed)\s+(?:training\s+)?(?:data|datasets?|corpus|corpora)\b"
    r"|\b(?:data|datasets?|corpus|corpora)\b[^.\n]{0,60}\bnot\s+(?:be\s+)?(?:publicly\s+)?"
    r"(?:released|disclosed|available|shared|published)\b",
    re.I,
)
_DATA_MENTION = re.compile(r"\btrained\s+on\b[^.\n]{0,120}\b(?:tokens|data|datasets?|corpus|corpora|text)\b", re.I)
_EVAL_HEADING = re.compile(r"^\s{0,3}#{1,6}[^\n]*\b(?:evaluation|benchmarks?|results)\b", re.I | re.M)
_EVAL_DATA_HEADING = re.compile(r"^\s{0,3}#{1,6}[^\n]*\bevaluation\s+(?:data|datasets?)\b", re.I | re.M)
_EVAL_CODE = re.compile(r"lm-evaluation-harness|\beval(?:uation)?\s+(?:code|scripts?|harness|suite)\b", re.I)
_PREPROCESSING_CODE = re.compile(
    r"\b(?:data\s+(?:pre-?)?processing|pre-?processing|data\s+preparation|data\s+cleaning|data\s+filtering"
    r"|de-?duplication|data\s+curation)\s+(?:code|scripts?|pipeline|toolkit|tools?|tooling)\b",
    re.I,
)
_INTERMEDIATE = re.compile(r"\b(?:intermediate|training)\s+checkpoints\b|\bstep\d{3,}\b", re.I)
# "\b\d[\d,]*\s+(?:intermediate\s+)?checkpoints\b" tried from every digit after a comma rescans the rest
# of "1,1,1,...": each run of digits and commas is read once instead (whether any start in it is valid).
_NUMBER_RUN = re.compile(r"(?<![\d,])[\d,]+")
_NUMBER_START = re.compile(r"\b\d|[\d,]*?,\d")
_CHECKPOINTS_AFTER = re.compile(r"\s+(?:intermediate\s+)?checkpoints\b", re.I)


def _intermediate(body: str) -> bool:
    if _INTERMEDIATE.search(body):
        return True
    return any(_NUMBER_START.match(body, m.start(), m.end()) and _CHECKPOINTS_AFTER.match(body, m.end())
               for m in _NUMBER_RUN.finditer(body))
_PAPER_LINK = re.compile(r"arxiv\.org/(?:abs|pdf)/|\bdoi\.org/", re.I)
_REPORT = re.compile(r"\btechnical\s+report\b|\bresearch\s+paper\b|\bour\s+paper\b|\bthe\s+paper\b", re.I)
_INFERENCE_CODE = re.compile(r"\binference\s+(?:code|scripts?|examples?)\b", re.I)
_MODELING_FILE = re.compile(r"(?:^|/)modeling_\w+\.py$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)


@dataclass(frozen=True)
class _Reading:
    """What one node's record says about its openness, before any judgement."""

    has_record: bool = False
    card_read: bool = False  # the README was read (or the repo has none): absence of evidence is evidence
    card_present: bool = False
    gated: str | None = None
    datasets: tuple[str, ...] = ()
    data_sections: bool = False
    data_released: tuple[str, ...] = ()  # sentences saying the data is released
    data_withheld: tuple[str, ...] = ()  # sentences saying it is not
    data_mentioned: tuple[str, ...] = ()  # "trained on ..." with no detail
    training_code: tuple[str, ...] = ()  # sentences naming training code
    code_links: tuple[str, ...] = ()
    training_code_links: tuple[str, ...] = ()  # links given *as* the training code (same sentence or section)
    architecture: tuple[str, ...] = ()
    library: str | None = None
    eval_results: bool = False
    eval_data: bool = False
    eval_code: bool = False
    preprocessing_code: bool = False
    intermediate: bool = False
    papers: tuple[str, ...] = ()
    report: bool = False
    inference_code: bool = False


def _card_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    return ()


def _short(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _card_read(record: ModelRecord) -> bool:
    if record.readme is not None:
        return True
    status = record.status_of("README.md")
    if status is FileStatus.MISSING:
        return True  # the repo has no model card at all: nothing more to find
    # Not fetched, gated, too large or failed: what it would say is unknown.
    return status is None and "README.md" not in record.siblings and bool(record.siblings)


def _links(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(0).rstrip(".") for m in _CODE_LINK.finditer(text)))


def _training_code_links(body: str, sentences: list[str]) -> tuple[str, ...]:
    """Code links the card presents as its training code: in a sentence that says so, or in a section
    whose heading does. A link elsewhere on the card may be inference code or a dependency."""
    found = [link for s in sentences if _TRAINING_CODE.search(s) for link in _links(s)]
    starts = [m.start() for m in _HEADING.finditer(body)] + [len(body)]
    for begin, end in pairwise(starts):
        section = body[begin:end]
        if _TRAINING_CODE.search(section.splitlines()[0]):
            found += _links(section)
    return tuple(dict.fromkeys(found))


def _read(record: ModelRecord | None) -> _Reading:
    if record is None:
        return _Reading(has_record=False)
    body = readme_body(record.readme)
    card = record.card_data
    sentences = [s for s in _SENTENCE.split(body) if s.strip()]
    withheld = tuple(_short(s) for s in sentences if _DATA_WITHHELD.search(s))
    released = tuple(_short(s) for s in sentences if _DATA_RELEASED.search(s) and not _DATA_WITHHELD.search(s))
    mentioned = tuple(_short(s) for s in sentences if _DATA_MENTION.search(s))
    training_code = tuple(_short(s) for s in sentences if _TRAINING_CODE.search(s))
    model_index = card.get("model-index")
    eval_data = _EVAL_DATA_HEADING.search(body) is not None or (
        isinstance(model_index, list) and "dataset" in repr(model_index)
    )
    architecture: list[str] = []
    config = record.config
    if config.get("architectures") or config.get("model_type"):
        names = ", ".join(str(a) for a in config.get("architectures") or [config.get("model_type")])
        architecture.append(f"config.json names the architecture ({names})")
    modeling = [s for s in record.siblings if _MODELING_FILE.search(s)]
    if modeling:
        architecture.append(f"the repo ships modelling code ({', '.join(modeling[:3])})")
    library = record.library_name or (card.get("library_name") if isinstance(card.get("library_name"), str) else None)
    if library:
        architecture.append(f"the architecture is implemented in the {library} library")
    papers = tuple(t.split(":", 1)[1] for t in record.tags if t.lower().startswith("arxiv:"))
    if not papers and _PAPER_LINK.search(body):
        papers = ("linked from the model card",)
    return _Reading(
        has_record=True,
        card_read=_card_read(record),
        card_present=bool(record.readme and record.readme.strip()),
        gated=record.gated,
        datasets=_card_list(card.get("datasets")),
        data_sections=_DATA_HEADING.search(body) is not None,
        data_released=released,
        data_withheld=withheld,
        data_mentioned=mentioned,
        training_code=training_code,
        code_links=_links(body),
        training_code_links=_training_code_links(body, sentences),
        architecture=tuple(architecture),
        library=library,
        eval_results=bool(model_index) or _EVAL_HEADING.search(body) is not None,
        eval_data=eval_data,
        eval_code=_EVAL_CODE.search(body) is not None,
        preprocessing_code=_PREPROCESSING_CODE.search(body) is not None,
        intermediate=_intermediate(body) or any(re.search(r"step\d{3,}", s) for s in record.siblings),
        papers=papers,
        report=_REPORT.search(body) is not None,
        inference_code=_INFERENCE_CODE.search(body) is not None,
    )


# -- the three OSAID components ------------------------------------------------------------------------


def _licence_evidence(item: EffectiveLicense) -> str:
    name = item.id if item.license is not None else f"unrecognised licence {item.raw or item.id!r}"
    if item.own:
        where = f" ({item.evidence})" if item.evidence else ""
        return f"{name} declared by {item.origin}{where}"
    link = " (the lineage link is inferred)" if item.inferred else ""
    return f"{name} inherited from {item.origin} via {' -> '.join(item.path)}{link}"


def _parameters(effective: tuple[EffectiveLicense, ...], reading: _Reading, node_has_record: bool) -> Component:
    evidence = [_licence_evidence(e) for e in effective]
    if reading.gated:
        evidence.append(f"downloading the weights is gated on the Hub ({reading.gated} approval)")
    if not effective:
        evidence.append("no licence could be identified for the weights")
        return Component(PARAMETERS, AVAILABLE if node_has_record else UNKNOWN, None, None, tuple(evidence))
    terms = ", ".join(dict.fromkeys(e.id if e.license is not None else (e.raw or e.id) for e in effective))
    conformant = _combined(osd_conformant(e.license) for e in effective)
    for e in effective:
        if e.license is not None and not osd_conformant(e.license):
            evidence.append(f"{e.license.name} is not OSI-approved ({e.license.category} terms)")
    return Component(PARAMETERS, AVAILABLE if node_has_record else UNKNOWN, terms, conformant, tuple(evidence))


def _data_information(r: _Reading) -> tuple[Component, bool]:
    """The component, and whether its evidence is strong (datasets listed in the card metadata)."""
    evidence: list[str] = []
    if r.datasets:
        shown = ", ".join(r.datasets[:8]) + (", …" if len(r.datasets) > 8 else "")
        evidence.append(f"the card metadata lists training datasets: {shown} (their availability was not checked)")
    if r.data_sections:
        evidence.append("the model card has a section on its training data")
    evidence += [f"the card says: {s}" for s in r.data_released]
    evidence += [f"the card says: {s}" for s in r.data_withheld]
    status: str
    if r.datasets or r.data_sections or r.data_released:
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
    return Component(DATA_INFORMATION, status, None, None, tuple(evidence)), bool(r.datasets)


def _code(r: _Reading) -> tuple[Component, bool]:
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


# -- published assessments ---------------------------------------------------------------------------


def _overlay(component: Component, published: PublishedAssessment, kb: KnowledgeBase) -> Component:
    """Apply what a published assessment says about a component (or implies, for a "meets")."""
    cited = published.component(component.name)
    if cited is not None:
        note = f": {cited.note}" if cited.note else ""
        conformant = cited.osd_conformant
        if conformant is None and cited.terms and (lic := kb.get(cited.terms)) is not None:
            conformant = osd_conformant(lic)  # the entry names a known licence but not its status
        return Component(
            component.name,
            cited.status,
            cited.terms if cited.terms is not None else component.terms,
            conformant if conformant is not None else component.osd_conformant,
            (f"{published.assessor} ({published.date}){note}", *component.evidence),
        )
    if published.osaid != MEETS or (component.status == AVAILABLE and component.osd_conformant is not None):
        return component
    # A system that passed the validation provides every element under conformant terms.
    implied = f"implied by {published.assessor} ({published.date}): the system passed, so it provides this element"
    return Component(
        component.name,
        AVAILABLE,
        component.terms,
        component.osd_conformant if component.osd_conformant is not None else True,
        (implied, *component.evidence),
    )


# -- MOF --------------------------------------------------------------------------------------------------


def _mof(
    r: _Reading,
    components: Mapping[str, Component],
    effective: tuple[EffectiveLicense, ...],
    published: tuple[PublishedAssessment, ...],
) -> tuple[str | None, tuple[str, ...], tuple[str, ...], list[str]]:
    weights_open = _combined(open_for_mof(e.license) for e in effective) if effective else None
    found: dict[str, bool] = {
        "model architecture": bool(r.architecture),
        "model parameters (final)": components[PARAMETERS].status == AVAILABLE and weights_open is True,
        "evaluation results": r.eval_results,
        "model card": r.card_present,
        "data card": components[DATA_INFORMATION].status == AVAILABLE,
        "technical report": r.report or bool(r.papers),
        "training code": components[CODE].status == AVAILABLE,
        "inference code": bool(r.library) or r.inference_code or bool(r.code_links),
        "evaluation code": r.eval_code,
        "evaluation data": r.eval_data,
        "datasets": bool(r.datasets) or bool(r.data_released),
        "data preprocessing code": r.preprocessing_code,
        "model parameters (intermediate)": r.intermediate,
        "research paper": bool(r.papers),
    }
    reasons: list[str] = []
    osaid_meets = next((p for p in published if p.osaid == MEETS), None)
    if osaid_meets is not None and weights_open is not False:
        # OSAID's code element covers data processing, training, testing, inference and the architecture.
        for name in ("model architecture", "model parameters (final)", "data card", "training code",
                     "inference code", "evaluation code", "data preprocessing code"):
            found[name] = True
    cls: str | None = None
    if weights_open is not False:
        cls = next((c for c in MOF_CLASSES if all(found[n] for n in MOF_REQUIRED[c])), None)
    with_class = next((p for p in published if p.mof_class), None)
    if with_class is not None and with_class.mof_class is not None:
        cls = with_class.mof_class
        for name in MOF_REQUIRED[cls]:
            found[name] = True
        reasons.append(f"MOF Class {cls} as published by {with_class.citation()}")
    elif weights_open is False:
        reasons.append("MOF: no class, the final parameters are not under an open licence")
    elif cls is None:
        missing_iii = [n for n in MOF_REQUIRED["III"] if not found[n]]
        reasons.append(f"MOF: Class III not established; no evidence of {', '.join(missing_iii)}")
    else:
        reasons.append(f"MOF Class {cls} on the evidence of the model card (licences of linked code and data not verified)")
    order = MOF_REQUIRED["I"]
    return (cls, tuple(n for n in order if found[n]), tuple(n for n in order if not found[n]), reasons)


# -- one node on its own -------------------------------------------------------------------------------


def _published_for(analysis: ModelAnalysis, node_id: str, assessments: Assessments) -> tuple[PublishedAssessment, ...]:
    node = analysis.graph.node(node_id)
    return assessments.matching([node.id, *node.aliases], node.family)


def _assess_own(
    analysis: ModelAnalysis, node_id: str, assessments: Assessments, kb: KnowledgeBase
) -> OpennessAssessment:
    record = analysis.graph.record(node_id)
    reading = _read(record)
    effective = analysis.propagation.effective_of(node_id)
    parameters = _parameters(effective, reading, record is not None)
    data, data_strong = _data_information(reading)
    code, code_strong = _code(reading)
    own = {PARAMETERS: parameters, DATA_INFORMATION: data, CODE: code}

    published_all = _published_for(analysis, node_id, assessments)
    published = next((p for p in published_all if p.osaid), None)
    weights_ok = parameters.osd_conformant
    # A published "meets" is about the terms the assessor saw; a repo of the family whose weights come
    # under non-conformant terms is outside it (fail closed), and nothing is implied from it.
    conflict = published is not None and published.osaid == MEETS and weights_ok is False
    if conflict:
        published_all = tuple(p for p in published_all if p.osaid != MEETS)
    components = dict(own)
    if published is not None and not conflict:
        components = {name: _overlay(c, published, kb) for name, c in own.items()}

    reasons: list[str] = []
    if conflict and published is not None:
        osaid = DOES_NOT_MEET
        reasons.append(
            f"{published.assessor} found {published.system} meets OSAID 1.0 ({published.date}, {published.source_url}), "
            f"but this repo's weights are under {', '.join(_blocking(effective))}, which is not OSD-conformant: "
            "the published outcome does not cover these terms"
        )
    elif published is not None:
        osaid = published.osaid or INSUFFICIENT
        verb = "meets" if osaid == MEETS else "does not meet"
        reasons.append(f"{published.system} {verb} OSAID 1.0 according to {published.citation()}")
        if osaid == DOES_NOT_MEET and weights_ok is True:
            reasons.append(f"an OSI-approved weights licence ({parameters.terms}) is not enough on its own: OSAID also "
                           "requires data information and code")
    else:
        unrecognised = any(e.license is None for e in effective)
        osaid, decisive = _decide(components, reading, data_strong, code_strong, _blocking(effective), unrecognised)
        reasons += decisive

    mof_class, found, missing, mof_reasons = _mof(reading, components, effective, published_all)
    if published is None and (p := next(iter(published_all), None)) is not None:
        published = p  # a MOF-only entry: still the assessment to cite
    return OpennessAssessment(
        node=node_id,
        osaid=osaid,
        components=tuple(components[name] for name in COMPONENT_NAMES),
        mof_class=mof_class,
        mof_found=found,
        mof_missing=missing,
        published=published,
        inherited_from=None,
        reasons=(*reasons, *mof_reasons),
    )


_PHRASE = {DATA_INFORMATION: "data information", CODE: "training code", PARAMETERS: "parameters"}


def _blocking(effective: tuple[EffectiveLicense, ...]) -> list[str]:
    """The licences in force that are known not to be OSD-conformant, by name."""
    names = {e.license.id: e.license.name for e in effective if e.license is not None and osd_conformant(e.license) is False}
    return [f"{name} ({lic_id})" for lic_id, name in names.items()]


def _decide(
    components: Mapping[str, Component],
    r: _Reading,
    data_strong: bool,
    code_strong: bool,
    blocking_licences: list[str],
    unrecognised: bool,
) -> tuple[str, list[str]]:
    params = components[PARAMETERS]
    if params.osd_conformant is False:
        blocking = ", ".join(blocking_licences) or str(params.terms)
        return DOES_NOT_MEET, [f"the weights are under {blocking}, which is not OSD-conformant (not OSI-approved), "
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
    return MEETS, [f"data information (datasets {', '.join(r.datasets[:3])}), training code "
                   f"({', '.join(r.training_code_links[:2])}) and weights under {params.terms} are all published"]


# -- the lineage ------------------------------------------------------------------------------------------


def _distances(graph: LineageGraph, node_id: str) -> dict[str, int]:
    """Every ancestor of the node with its distance (parent = 1), cycles included once."""
    seen = {node_id: 0}
    queue = deque([node_id])
    while queue:
        child = queue.popleft()
        for parent in sorted(e.parent for e in graph.parents(child)):
            if parent not in seen:
                seen[parent] = seen[child] + 1
                queue.append(parent)
    del seen[node_id]
    return seen


def _ground(assessment: OpennessAssessment) -> int:
    """How firm a "does not meet" is: 0 published, 1 weights terms, 2 elements missing from the card."""
    if assessment.published is not None and assessment.published.osaid is not None:
        return 0
    return 1 if assessment.component(PARAMETERS).osd_conformant is False else 2


def _with_lineage(graph: LineageGraph, node_id: str, own: Mapping[str, OpennessAssessment]) -> OpennessAssessment:
    mine = own[node_id]
    ancestors = _distances(graph, node_id)
    # The root cause to name: a published outcome first, then non-conformant terms, then missing
    # elements; the nearest such ancestor within each.
    failing = sorted((_ground(own[a]), d, a) for a, d in ancestors.items() if own[a].osaid == DOES_NOT_MEET)
    published_here = mine.published is not None and mine.published.osaid is not None
    if failing:
        _, distance, root = failing[0]
        relation = "its parent" if distance == 1 else f"an ancestor {distance} levels up"
        why = own[root].reasons[0] if own[root].reasons else "no reason recorded"
        inherited = (f"derived from {root} ({relation}), which does not meet OSAID 1.0 ({why}); a derivative cannot "
                     "supply the data information and code its base lacks, nor shed terms that bind it")
        # A node's own published outcome stays the first reason; otherwise the inheritance decides.
        own_first = published_here and mine.osaid == DOES_NOT_MEET
        reasons = (*mine.reasons, inherited) if own_first else (inherited, *mine.reasons)
        return replace(mine, osaid=DOES_NOT_MEET, inherited_from=root, reasons=reasons)
    if mine.osaid == MEETS and not published_here:
        unclear = sorted((d, a) for a, d in ancestors.items() if own[a].osaid == INSUFFICIENT)
        if unclear:
            root = unclear[0][1]
            return replace(mine, osaid=INSUFFICIENT, reasons=(
                f"its ancestor {root} could not be assessed, so the openness of the whole chain is not established",
                *mine.reasons,
            ))
    return mine


# -- public API -----------------------------------------------------------------------------------------


def assess_graph(
    analysis: ModelAnalysis, *, assessments: Assessments | None = None, kb: KnowledgeBase | None = None
) -> Mapping[str, OpennessAssessment]:
    """The openness of every node of the lineage graph (the ``lineage`` command shows it per node)."""
    assessments = assessments or default_assessments()
    kb = kb or default_knowledge_base()
    graph = analysis.graph
    own = {node_id: _assess_own(analysis, node_id, assessments, kb) for node_id in sorted(graph.node_ids())}
    return MappingProxyType({node_id: _with_lineage(graph, node_id, own) for node_id in own})


def assess_node(
    analysis: ModelAnalysis, node_id: str, *, assessments: Assessments | None = None, kb: KnowledgeBase | None = None
) -> OpennessAssessment:
    """The openness of one node; only the node and its ancestors are read."""
    assessments = assessments or default_assessments()
    kb = kb or default_knowledge_base()
    graph = analysis.graph
    ids = [node_id, *_distances(graph, node_id)]
    own = {i: _assess_own(analysis, i, assessments, kb) for i in ids}
    return _with_lineage(graph, node_id, own)


def assess_openness(
    analysis: ModelAnalysis, *, assessments: Assessments | None = None, kb: KnowledgeBase | None = None
) -> OpennessAssessment:
    """The openness of the audited model (the subject of the analysis)."""
    return assess_node(analysis, analysis.subject, assessments=assessments, kb=kb)


# -- EU AI Act -------------------------------------------------------------------------------------------


def eu_ai_act_open_source_exemption(
    assessment: OpennessAssessment, analysis: ModelAnalysis | None = None
) -> OpenSourceExemption:
    """Could the AI Act's open-source exemption for general-purpose AI models apply to this node?

    It asks for a free and open-source licence (access, use, modification and distribution allowed,
    no monetisation) and for the weights, the architecture and the usage information to be public.
    OSAID is stricter (it also wants data information and code), so the two answers can differ.
    """
    params = assessment.component(PARAMETERS)
    record = analysis.graph.record(assessment.node) if analysis is not None else None
    gated = record.gated if record is not None else None
    conditions = (
        ExemptionCondition(
            "open-licence", params.osd_conformant,
            f"weights under {params.terms}" if params.terms else "no weights licence identified",
        ),
        ExemptionCondition(
            "weights-public",
            None if params.status != AVAILABLE or gated == "manual" else True,
            "weights published on the Hub" + (f", behind a {gated} access gate" if gated else "")
            if params.status == AVAILABLE else "no record of the weights",
        ),
        ExemptionCondition(
            "architecture-public", True if "model architecture" in assessment.mof_found else None,
            "architecture published" if "model architecture" in assessment.mof_found else "no architecture found",
        ),
        ExemptionCondition(
            "usage-information-public", True if "model card" in assessment.mof_found else None,
            "model card published" if "model card" in assessment.mof_found else "no model card found",
        ),
    )
    failed = [c.name for c in conditions if c.met is False]
    open_ = [c.name for c in conditions if c.met is None]
    if failed:
        return OpenSourceExemption(False, (
            f"the EU AI Act open-source exemption for general-purpose AI models does not apply: {params.terms} "
            "is not a free and open-source licence"
        ), conditions)
    if open_:
        return OpenSourceExemption(None, (
            "the EU AI Act open-source exemption for general-purpose AI models may apply, but "
            f"{', '.join(open_)} could not be established"
        ), conditions)
    return OpenSourceExemption(True, (
        f"the EU AI Act open-source exemption for general-purpose AI models may apply: weights under {params.terms}, "
        "with weights, architecture and usage information public (not for models with systemic risk; some "
        "obligations remain)"
    ), conditions)
