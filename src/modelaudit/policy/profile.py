"""The organisation profile (``--profile FILE``): the facts about *us* that licence terms test.

Every field is optional: a rule whose input is missing is undecided, and the engine reports it
as a warning naming the field that would settle it. Unknown keys and wrong types are errors, so
a typo (``monthly_users``) can never silently weaken a check.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelaudit.errors import UsageError
from modelaudit.vocabulary import ENTITY_TYPES, PROFILE_USES

USES: tuple[str, ...] = PROFILE_USES

# Recognised sector words (vocabulary.KNOWN_SECTORS) in one spelling each.
_SECTOR_SPELLINGS = {"defense": "defence", "defence": "defence", "military": "military"}

_REGION = re.compile(r"^(?:[A-Z]{2}|EU|EEA)$")


@dataclass(frozen=True)
class Profile:
    organization: str | None = None
    monthly_active_users: int | None = None
    annual_revenue_usd: float | None = None
    monthly_revenue_usd: float | None = None
    # Where the organisation serves users / where the model is used (territories of use).
    regions: tuple[str, ...] | None = None
    # Where the organisation is established: principal place of business, or an individual's domicile.
    domicile: tuple[str, ...] | None = None
    entity_type: str | None = None
    uses: tuple[str, ...] | None = None
    sector: str | None = None
    source: str | None = None  # the file it came from, for reports

    def facts(self) -> dict[str, Any]:
        """The profile as rule facts; a missing field is absent (undecided), not empty."""
        out: dict[str, Any] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if isinstance(value, tuple) else value
        out.update(self._monthly_revenue())
        return out

    def _monthly_revenue(self) -> dict[str, Any]:
        """Monthly revenue for licences that count it per month (Mistral's USD 20M). A stated figure is used as is;
        otherwise the annual figure's average month (annual / 12) stands in, flagged ``monthly_revenue_estimated``:
        an average month above a threshold means at least one month was above it, while an average below it does
        not rule a single month out (a rule asks for the monthly figure then)."""
        if self.monthly_revenue_usd is not None:
            return {"monthly_revenue_usd": self.monthly_revenue_usd, "monthly_revenue_estimated": False}
        if self.annual_revenue_usd is not None:
            return {"monthly_revenue_usd": self.annual_revenue_usd / 12, "monthly_revenue_estimated": True}
        return {}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: (list(v) if isinstance(v := getattr(self, name), tuple) else v) for name in FIELDS}
        data["source"] = self.source
        return data


#: Facts the profile derives from its fields (``Profile.facts``), not set in a profile file.
DERIVED_FACTS: tuple[str, ...] = ("monthly_revenue_estimated",)
FIELDS: tuple[str, ...] = ("organization", "monthly_active_users", "annual_revenue_usd", "monthly_revenue_usd", "regions",
                          "domicile", "entity_type", "uses", "sector")


def _fail(where: str, field: str, problem: str) -> UsageError:
    return UsageError(f"{where}: {field}: {problem}")


_NUMBER_TEXT = re.compile(r"^\s*\d[\d_,]*(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$")


def _non_negative_number(where: str, field: str, value: Any, *, integer: bool) -> float | int:
    # YAML 1.1 reads 5.5e6 and 800,000,000 as strings; people write both, so accept them.
    if isinstance(value, str) and _NUMBER_TEXT.match(value):
        value = float(value.replace("_", "").replace(",", ""))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(where, field, f"expected a number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):
        # .nan compares false with every threshold: a rule would silently never fire.
        raise _fail(where, field, f"expected a finite number, got {value!r}")
    if value < 0:
        raise _fail(where, field, "must not be negative")
    if integer and isinstance(value, float) and not value.is_integer():
        raise _fail(where, field, "expected a whole number")
    return int(value) if integer else float(value)


def _string_list(where: str, field: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, field, "expected a list of strings")
    return value


def profile_from_mapping(data: Mapping[str, Any], where: str = "profile") -> Profile:
    unknown = sorted(set(data) - set(FIELDS), key=str)
    if unknown:
        raise _fail(where, unknown[0], f"unknown key (allowed: {', '.join(FIELDS)})")
    kwargs: dict[str, Any] = {}
    for name in ("organization", "sector", "entity_type"):
        if data.get(name) is not None:
            if not isinstance(data[name], str):
                raise _fail(where, name, f"expected a string, got {type(data[name]).__name__}")
            kwargs[name] = data[name]
    if "sector" in kwargs:
        # One spelling per recognised sector, so "Defense" meets a term listing "defence".
        sector = " ".join(kwargs["sector"].split())
        kwargs["sector"] = _SECTOR_SPELLINGS.get(sector.lower(), sector)
    if "entity_type" in kwargs:
        entity = kwargs["entity_type"].strip().lower()
        if entity not in ENTITY_TYPES:
            raise _fail(where, "entity_type", f"{kwargs['entity_type']!r} is not one of {', '.join(ENTITY_TYPES)}")
        kwargs["entity_type"] = entity
    if data.get("monthly_active_users") is not None:
        kwargs["monthly_active_users"] = _non_negative_number(
            where, "monthly_active_users", data["monthly_active_users"], integer=True)
    for name in ("annual_revenue_usd", "monthly_revenue_usd"):
        if data.get(name) is not None:
            kwargs[name] = _non_negative_number(where, name, data[name], integer=False)
    for name in ("regions", "domicile"):
        if data.get(name) is not None:
            codes = [r.strip().upper() for r in _string_list(where, name, data[name])]
            bad = [r for r in codes if not _REGION.match(r)]
            if bad:
                raise _fail(where, name, f"{bad[0]!r} is not an ISO 3166 country code or EU/EEA")
            kwargs[name] = tuple(dict.fromkeys(codes))
    if data.get("uses") is not None:
        uses = [u.strip().lower() for u in _string_list(where, "uses", data["uses"])]
        bad = [u for u in uses if u not in USES]
        if bad:
            raise _fail(where, "uses", f"{bad[0]!r} is not one of {', '.join(USES)}")
        kwargs["uses"] = tuple(dict.fromkeys(uses))
    return Profile(**kwargs, source=where)


def load_profile(path: Path) -> Profile:
    from modelaudit.yamlio import load_yaml_mapping

    return profile_from_mapping(load_yaml_mapping(path, "profile"), str(path))
