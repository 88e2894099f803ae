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


@dataclass(frozen=True)
class Identification:
    """How to recognise the licence in the wild: card values, names, links and text phrases."""

    hub_ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    prose: tuple[str, ...] = ()


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

    def terms_of(self, term_type: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.type == term_type)

    @property
    def spdx_expression_id(self) -> str:
        """The SPDX id when there is one, else a ``LicenseRef-`` for SPDX/CycloneDX output."""
        if self.spdx_id:
            return self.spdx_id
        if self.scancode_key:
            return f"LicenseRef-scancode-{self.scancode_key}"
        return "LicenseRef-modelaudit-" + "".join(c if c.isalnum() or c in ".-" else "-" for c in self.id)
