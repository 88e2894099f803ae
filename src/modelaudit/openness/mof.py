"""The Model Openness Framework class of one repository (Class III, II or I, most open first).

A class needs every component of its own and of the classes below it; the weights must be under an
open licence for any class. A published class is followed; otherwise the card's evidence decides,
and the licences of linked code and data are not verified.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelaudit.licensing.propagation import EffectiveLicense
from modelaudit.openness.model import (
    AVAILABLE,
    CODE,
    DATA_INFORMATION,
    MEETS,
    MOF_CLASSES,
    MOF_REQUIRED,
    PARAMETERS,
    Component,
    PublishedAssessment,
)
from modelaudit.openness.reading import CardReading
from modelaudit.openness.terms import combined, open_for_mof


def _datasets_released(r: CardReading) -> bool:
    """MOF's "datasets" component: the training data released under open data licences.

    Datasets the lineage read decide where their terms are known: one whose card declares terms
    that are not open means the data is not openly released, whatever the card says; all of them
    read and open means it is. Otherwise, as without data lineage, the card's list or its own words
    are taken."""
    nodes = r.dataset_nodes
    if any(d.read and d.open_for_mof is False for d in nodes):
        return False
    if nodes and all(d.read and d.open_for_mof for d in nodes):
        return True
    return bool(r.datasets) or bool(r.data_released)


def mof(
    r: CardReading,
    components: Mapping[str, Component],
    effective: tuple[EffectiveLicense, ...],
    published: tuple[PublishedAssessment, ...],
) -> tuple[str | None, tuple[str, ...], tuple[str, ...], list[str]]:
    weights_open = combined(open_for_mof(e.license) for e in effective) if effective else None
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
        "datasets": _datasets_released(r),
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
