"""Frozen result types of the openness engine (OSI Open Source AI Definition 1.0 and the MOF).

The vocabularies are plain strings rather than enums because they appear verbatim in the curated
data file, in policy rules and in the JSON contract; the tuples below are the closed sets the loader
and the engine check against.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: OSAID 1.0 outcomes. "insufficient-information" is what the engine says whenever it cannot show
#: either outcome: it never claims "meets" on weak evidence.
OSAID_OUTCOMES: tuple[str, ...] = ("meets", "does-not-meet", "insufficient-information")
MEETS, DOES_NOT_MEET, INSUFFICIENT = OSAID_OUTCOMES

#: The three elements OSAID 1.0 requires in their preferred form for modification.
COMPONENT_NAMES: tuple[str, ...] = ("data-information", "code", "parameters")
DATA_INFORMATION, CODE, PARAMETERS = COMPONENT_NAMES

#: "missing": the record was read and shows nothing; "unknown": it could not be read, or what it shows
#: is ambiguous.
COMPONENT_STATUSES: tuple[str, ...] = ("available", "missing", "unknown")
AVAILABLE, MISSING, UNKNOWN = COMPONENT_STATUSES

#: Model Openness Framework classes, most open first.
MOF_CLASSES: tuple[str, ...] = ("I", "II", "III")

#: MOF components each class adds to the one below it (Class III is the base), in the framework's order.
MOF_CLASS_III: tuple[str, ...] = (
    "model architecture",
    "model parameters (final)",
    "evaluation results",
    "model card",
    "data card",
    "technical report",
)
MOF_CLASS_II: tuple[str, ...] = ("training code", "inference code", "evaluation code", "evaluation data")
MOF_CLASS_I: tuple[str, ...] = (
    "datasets",
    "data preprocessing code",
    "model parameters (intermediate)",
    "research paper",
)
#: Class -> every component it requires (its own plus those of the classes below).
MOF_REQUIRED: dict[str, tuple[str, ...]] = {
    "III": MOF_CLASS_III,
    "II": MOF_CLASS_III + MOF_CLASS_II,
    "I": MOF_CLASS_III + MOF_CLASS_II + MOF_CLASS_I,
}


@dataclass(frozen=True)
class Component:
    """One OSAID element of one model: is it published, under which terms, and how we know."""

    name: str  # one of COMPONENT_NAMES
    status: str  # one of COMPONENT_STATUSES
    terms: str | None  # licence id(s) or a description; None when not established
    osd_conformant: bool | None  # do the terms grant the four freedoms? None: not established
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "terms": self.terms,
            "osd_conformant": self.osd_conformant,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class PublishedComponent:
    """A per-component status stated by a published assessment."""

    name: str
    status: str
    terms: str | None = None
    osd_conformant: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class PublishedAssessment:
    """One curated entry of ``licenses/openness/assessments.yaml``: a published outcome and its source."""

    id: str
    system: str
    match: tuple[str, ...]  # regular expressions over whole Hub repo ids, case-insensitive
    osaid: str | None  # "meets" | "does-not-meet" | None (the source says nothing about OSAID)
    mof_class: str | None  # "I" | "II" | "III" | None (no class published)
    assessor: str
    source_url: str
    date: str  # ISO date
    notes: str
    families: tuple[str, ...] = ()  # lineage catalogue family ids the entry also covers
    date_note: str = ""
    components: tuple[PublishedComponent, ...] = ()
    source_file: str = ""

    def matches(self, repo_id: str) -> bool:
        return any(re.fullmatch(p, repo_id, re.IGNORECASE) for p in self.match)

    def component(self, name: str) -> PublishedComponent | None:
        return next((c for c in self.components if c.name == name), None)

    @property
    def outcome(self) -> str:
        """What the source concluded, in one phrase ("meets", "does-not-meet", "MOF Class III")."""
        parts = [self.osaid] if self.osaid else []
        if self.mof_class:
            parts.append(f"MOF Class {self.mof_class}")
        return "; ".join(parts)

    def citation(self) -> str:
        return f"{self.assessor} ({self.date}, {self.source_url})"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "assessor": self.assessor,
            "url": self.source_url,
            "date": self.date,
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class OpennessAssessment:
    """The openness of one lineage node under OSAID 1.0 and the MOF, with its reasons."""

    node: str
    osaid: str  # one of OSAID_OUTCOMES
    components: tuple[Component, ...]
    mof_class: str | None  # "I" | "II" | "III" | None (not even Class III established)
    mof_found: tuple[str, ...]
    mof_missing: tuple[str, ...]
    published: PublishedAssessment | None  # the curated entry that matched this repo, if any
    inherited_from: str | None  # the ancestor that does not meet OSAID, when that is why this node does not
    reasons: tuple[str, ...]  # human-readable, the decisive one first

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)

    @property
    def meets(self) -> bool:
        return self.osaid == MEETS

    def to_json(self) -> dict[str, Any]:
        return {
            "osaid": self.osaid,
            "components": [c.to_json() for c in self.components],
            "mof_class": self.mof_class,
            "mof_components": {"found": list(self.mof_found), "missing": list(self.mof_missing)},
            "published": self.published.to_json() if self.published else None,
            "inherited_from": self.inherited_from,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class ExemptionCondition:
    """One condition of the EU AI Act open-source exemption for general-purpose AI models."""

    name: str  # "open-licence" | "weights-public" | "architecture-public" | "usage-information-public"
    met: bool | None  # None: could not be established from the record
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "met": self.met, "evidence": self.evidence}


@dataclass(frozen=True)
class OpenSourceExemption:
    """Whether the EU AI Act's open-source exemption for general-purpose AI models could apply.

    ``may_apply`` is True only when every condition is shown, False when one is shown not to hold and
    None otherwise. It is an indication for an info finding, never a legal conclusion.
    """

    may_apply: bool | None
    reason: str
    conditions: tuple[ExemptionCondition, ...]

    def __iter__(self) -> Iterator[bool | str | None]:
        # Lets callers write ``may_apply, reason = eu_ai_act_open_source_exemption(...)``.
        return iter((self.may_apply, self.reason))

    def to_json(self) -> dict[str, Any]:
        return {
            "may_apply": self.may_apply,
            "reason": self.reason,
            "conditions": [c.to_json() for c in self.conditions],
        }
