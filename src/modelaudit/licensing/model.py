"""Typed view of one licence of the knowledge base (``licenses/*.yaml``).

Terms are kept generic (a type, the clause it comes from, a summary and type-specific
parameters) because policy rules select and compare them by name; ``schema.py`` checks that each
term type carries the parameters it must, with the right types, when the knowledge base loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from modelaudit.kinds import Relation

#: Term types the knowledge base may use. Policy rules refer to these names.
TERM_TYPES: tuple[str, ...] = (
    "commercial_use",
    "registration_required",
    "mau_threshold",
    "revenue_threshold",
    "training_restriction",
    "attribution",
    "acceptable_use_policy",
    "unilateral_change",
    "territorial_restriction",
    "governing_law",
    "hosting_restriction",
    "use_restrictions",
    "remote_restriction",
    "latest_version",
    "copyleft",
    "export_control",
    "termination",
    "patent_termination",
)

#: Licence categories, from most to least permissive. ``category`` is descriptive; the policy
#: never keys on it alone, it keys on terms.
CATEGORIES: tuple[str, ...] = (
    "public-domain",
    "permissive",
    "weak-copyleft",
    "copyleft",
    "open-rail",
    "open-weight-restricted",
    "non-commercial",
    "research-only",
)

#: How far a licence reaches a model trained on the licensed model's *outputs* (distillation, synthetic data),
#: as opposed to its weights: ``none`` (nothing), ``whole`` (the whole licence binds the student, as a derivative),
#: ``duties`` (only the terms ``outputs.terms`` names, e.g. a naming duty), ``restriction`` (the licence forbids
#: or limits the use itself: the student was made in breach upstream, its own use is not restricted) or
#: ``unknown`` (the text was not read; a student gets a finding saying so).
OUTPUT_REACHES: tuple[str, ...] = ("none", "whole", "duties", "restriction", "unknown")

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Term:
    """One obligation or restriction of a licence, with the clause it comes from."""

    type: str
    clause: str
    summary: str
    params: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    unverified: bool = False

    def get(self, name: str, default: Any = None) -> Any:
        """A term field by name; ``type``, ``clause`` and ``summary`` are fields too (rules use them)."""
        if name in ("type", "clause", "summary", "unverified"):
            return getattr(self, name)
        return self.params.get(name, default)


def term_selector(term: Term) -> str:
    """How ``outputs.terms`` names a term: its type, with the kind for attribution (``attribution:display``)."""
    kind = term.params.get("kind")
    return f"{term.type}:{kind}" if kind else term.type


def selects(selector: str, term: Term) -> bool:
    """``attribution`` selects every attribution term, ``attribution:display`` only the display duty."""
    return selector in (term.type, term_selector(term))


@dataclass(frozen=True)
class Identification:
    """How to recognise the licence in the wild: card values, names, links and text phrases."""

    hub_ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    prose: tuple[str, ...] = ()
    #: The licence this one is a modified copy of (``mit``): a text holding that licence's whole reference text
    #: plus sentences where one of ``phrases`` occurs is this licence, not the original.
    modifies: str | None = None


@dataclass(frozen=True)
class Propagation:
    """Which derivatives the licence binds, and whether they may carry other terms."""

    binds: frozenset[Relation]
    same_license_required: bool
    relicensing_allowed: bool
    clause: str
    summary: str

    def binds_relation(self, relation: Relation) -> bool:
        return relation in self.binds


@dataclass(frozen=True)
class Outputs:
    """What of the licence reaches a model trained on the licensed model's outputs (``OUTPUT_REACHES``)."""

    reach: str
    clause: str
    summary: str
    terms: tuple[str, ...] = ()  # duties / restriction: the terms meant, as ``type`` or ``type:kind`` selectors
    # A restriction on improving *other* models does not touch the licence's own derivatives (Llama 3 trained on
    # Llama 3 outputs): a student bound by the same licence through its weights was not made in breach.
    except_own_derivatives: bool = False
    unverified: bool = False

    @property
    def reaches(self) -> bool:
        return self.reach != "none"


#: Licences that say nothing about models trained on their outputs.
NO_OUTPUTS = Outputs("none", "not addressed", "The licence sets no terms for models trained on the work's outputs.")


@dataclass(frozen=True)
class License:
    id: str
    name: str
    family: str
    version: str | None
    date: str | None
    licensor: str
    licensor_orgs: tuple[str, ...]
    url: str
    related_urls: Mapping[str, str]
    spdx_id: str | None
    scancode_key: str | None
    osi_approved: bool
    category: str
    summary: str
    identify: Identification
    terms: tuple[Term, ...]
    propagation: Propagation
    notes: str = ""
    unverified: tuple[str, ...] = ()
    source_file: str = ""
    outputs: Outputs = NO_OUTPUTS
    # A Hub label for a whole family whose members differ in what decides a verdict (``cc``: CC0 to BY-NC-ND):
    # the terms recorded are the family's common ground, and the verdict stays unknown until the member is named.
    undetermined_variant: bool = False

    def terms_of(self, term_type: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.type == term_type)

    def output_terms(self) -> tuple[Term, ...]:
        """The terms ``outputs.terms`` names: those that reach an output-trained model (duties), or that
        record the restriction (restriction)."""
        return tuple(t for t in self.terms if any(selects(s, t) for s in self.outputs.terms))

    @property
    def spdx_expression_id(self) -> str:
        """The SPDX id when there is one, else a ``LicenseRef-`` for SPDX/CycloneDX output."""
        if self.spdx_id:
            return self.spdx_id
        if self.scancode_key:
            return f"LicenseRef-scancode-{self.scancode_key}"
        return "LicenseRef-modelaudit-" + "".join(c if c.isalnum() or c in ".-" else "-" for c in self.id)
