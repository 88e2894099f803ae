"""Validation of licence YAML files.

A hand-written checker rather than jsonschema: it keeps start-up fast (the knowledge base is
loaded on every run) and lets every error name the file and the field path, e.g.
``licenses/llama3.3.yaml: terms[2].value: expected an integer, got 'many'``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from modelaudit.errors import ModelauditError
from modelaudit.kinds import WEIGHT_RELATIONS, Relation
from modelaudit.licensing.model import (
    CATEGORIES,
    OUTPUT_REACHES,
    TERM_TYPES,
    Identification,
    License,
    Outputs,
    Propagation,
    Term,
    selects,
)
from modelaudit.vocabulary import ENTITY_TYPES, KNOWN_SECTORS, PROFILE_USES


class SchemaError(ModelauditError, ValueError):
    """A licence file does not follow the schema. The message names the file and the field."""


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.+-]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Per term type: parameter name -> (expected kind, required). Kinds: str, int, bool, list (of str),
# a tuple of allowed string values, or ("list", allowed) for a list whose items must be among those values.
_TERM_PARAMS: dict[str, dict[str, tuple[object, bool]]] = {
    "commercial_use": {
        "status": (("allowed", "conditional", "prohibited"), True),
        "conditions": ("list", False),
        "permitted_purposes": ("str", False),
        # Kinds of organisation (profile entity_type) that the grant leaves out whatever their purpose.
        "excluded_entities": (("list", ENTITY_TYPES), False),
    },
    "registration_required": {"for": ("str", True), "how": ("str", False)},
    "mau_threshold": {
        "value": ("int", True),
        "who_counts": ("str", True),
        "measured": ("str", True),
        "consequence": ("str", False),
        "exemption": ("str", False),
    },
    "revenue_threshold": {
        "value_usd": ("int", True),
        # Over what period revenue is counted: annual (the default, Stability's USD 1M) or monthly (Mistral's USD
        # 20M a month). Filled in as "annual" when a file leaves it out, so rules can always compare it.
        "period": (("annual", "monthly"), False),
        "who_counts": ("str", True),
        "measured": ("str", True),
        "consequence": ("str", False),
    },
    "training_restriction": {
        "scope": ("str", True),
        "covers_outputs": ("bool", True),
        "exceptions": ("str", False),
    },
    "attribution": {
        "kind": (("notice", "notice_file", "display", "name_prefix", "copy_of_license", "mark_changes"), True),
        "text": ("str", False),
        "applies_to": ("str", False),
        # The profile uses that give rise to the duty (a name prefix binds a model "distributed or made
        # available": redistribution, hosted-service); absent, the duty is reported whatever the uses.
        "triggers": (("list", PROFILE_USES), False),
    },
    "acceptable_use_policy": {
        "url": ("str", True),
        "incorporated_by_reference": ("bool", True),
        "passes_downstream": ("bool", False),
    },
    "unilateral_change": {"scope": ("str", True)},
    "territorial_restriction": {
        "excluded_regions": ("list", True),
        "applies_to": (("all", "multimodal"), True),
        "who": ("str", True),
        # What the excluded regions are tested against: where the licensee is established (profile domicile,
        # e.g. Llama's "principal place of business") or where the model is used (profile regions).
        "basis": (("domicile", "use"), True),
    },
    "governing_law": {"law": ("str", True), "venue": ("str", False)},
    "hosting_restriction": {"scope": ("str", True), "how_to_obtain": ("str", False)},
    "use_restrictions": {
        "items": ("list", True),
        "pass_through": ("bool", True),
        # Profile sectors the restrictions rule out altogether (a military-use ban: military, defence).
        "sectors": (("list", KNOWN_SECTORS), False),
    },
    "remote_restriction": {},
    "latest_version": {},
    "copyleft": {"share_alike": ("bool", True), "scope": ("str", True), "trigger": ("str", False)},
    "export_control": {},
    "termination": {},
    "patent_termination": {},
}
assert set(_TERM_PARAMS) == set(TERM_TYPES)

_TOP_LEVEL: dict[str, tuple[object, bool]] = {
    "id": ("str", True),
    "name": ("str", True),
    "family": ("str", True),
    "version": ("str?", True),
    "date": ("str?", True),
    "licensor": ("str", True),
    "licensor_orgs": ("list", True),
    "url": ("str", True),
    "related_urls": ("map", False),
    "spdx_id": ("str?", True),
    "scancode_key": ("str?", True),
    "osi_approved": ("bool", True),
    "category": (CATEGORIES, True),
    "summary": ("str", True),
    "identify": ("map", True),
    "terms": ("seq", True),
    "propagation": ("map", True),
    "outputs": ("map", True),
    "notes": ("str", False),
    "unverified": ("list", False),
    "undetermined_variant": ("bool", False),
}

_IDENTIFY: dict[str, tuple[object, bool]] = {
    "hub_ids": ("list", False),
    "names": ("list", False),
    "urls": ("list", False),
    "phrases": ("list", False),
    "prose": ("list", False),
    "modifies": ("str", False),
}

_PROPAGATION: dict[str, tuple[object, bool]] = {
    "binds": ("list", True),
    "same_license_required": ("bool", True),
    "relicensing_allowed": ("bool", True),
    "clause": ("str", True),
    "summary": ("str", True),
}

_OUTPUTS: dict[str, tuple[object, bool]] = {
    "reach": (OUTPUT_REACHES, True),
    "terms": ("list", False),
    "except_own_derivatives": ("bool", False),
    "clause": ("str", True),
    "summary": ("str", True),
    "unverified": ("bool", False),
}

_TERM_COMMON = {"type", "clause", "summary", "unverified"}
#: Optional parameters with a meaning when absent.
_TERM_DEFAULTS: dict[str, dict[str, object]] = {"revenue_threshold": {"period": "annual"}}


def term_parameter_kinds(term_type: str) -> dict[str, object]:
    """Every field a term of ``term_type`` may carry, with its schema kind ("str", "int", "bool",
    "list" or a tuple of allowed strings): what policy rules can reference as ``term.*``."""
    kinds: dict[str, object] = {name: kind for name, (kind, _required) in _TERM_PARAMS[term_type].items()}
    kinds.update({"type": "str", "clause": "str", "summary": "str", "unverified": "bool"})
    return kinds


def _fail(where: str, path: str, message: str) -> SchemaError:
    return SchemaError(f"{where}: {path}: {message}")


def _check_value(where: str, path: str, value: Any, kind: object) -> None:
    if isinstance(kind, tuple) and len(kind) == 2 and kind[0] == "list" and isinstance(kind[1], tuple):
        _check_value(where, path, value, "list")
        bad = [v for v in value if v not in kind[1]]
        if bad:
            raise _fail(where, path, f"expected items among {', '.join(kind[1])}, got {bad[0]!r}")
        return
    if isinstance(kind, tuple):
        if value not in kind:
            allowed = ", ".join(str(k) for k in kind)
            raise _fail(where, path, f"expected one of {allowed}, got {value!r}")
        return
    if kind == "str":
        ok = isinstance(value, str) and value.strip() != ""
        expected = "a non-empty string"
    elif kind == "str?":
        ok = value is None or (isinstance(value, str) and value.strip() != "")
        expected = "a string or null"
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        expected = "an integer"
    elif kind == "bool":
        ok = isinstance(value, bool)
        expected = "true or false"
    elif kind == "list":
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        expected = "a list of strings"
    elif kind == "map":
        ok = isinstance(value, dict)
        expected = "a mapping"
    elif kind == "seq":
        ok = isinstance(value, list)
        expected = "a list"
    else:  # pragma: no cover - programming error in the tables above
        raise AssertionError(kind)
    if not ok:
        raise _fail(where, path, f"expected {expected}, got {value!r}")


def _check_fields(
    where: str, prefix: str, data: Mapping[str, Any], spec: Mapping[str, tuple[object, bool]]
) -> None:
    for key in data:
        if key not in spec:
            known = ", ".join(sorted(spec))
            raise _fail(where, f"{prefix}{key}", f"unknown field (known fields: {known})")
    for key, (kind, required) in spec.items():
        if key not in data:
            if required:
                raise _fail(where, f"{prefix}{key}", "required field is missing")
            continue
        _check_value(where, f"{prefix}{key}", data[key], kind)


def _term(where: str, index: int, raw: Any) -> Term:
    path = f"terms[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, path, f"expected a mapping, got {raw!r}")
    term_type = raw.get("type")
    if term_type not in _TERM_PARAMS:
        raise _fail(where, f"{path}.type", f"expected one of {', '.join(TERM_TYPES)}, got {term_type!r}")
    spec = dict(_TERM_PARAMS[term_type])
    spec.update({"type": ("str", True), "clause": ("str", True), "summary": ("str", True)})
    spec["unverified"] = ("bool", False)
    _check_fields(where, f"{path}.", raw, spec)
    params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in raw.items() if k not in _TERM_COMMON}
    for name, default in _TERM_DEFAULTS.get(term_type, {}).items():
        params.setdefault(name, default)
    return Term(
        type=term_type,
        clause=raw["clause"],
        summary=" ".join(raw["summary"].split()),
        params=MappingProxyType(params),
        unverified=bool(raw.get("unverified", False)),
    )


def license_from_mapping(raw: Any, where: str) -> License:
    """Validate one parsed YAML document and build the typed licence. ``where`` names the file."""
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: the file must hold a mapping at the top level")
    _check_fields(where, "", raw, _TOP_LEVEL)
    if not _ID_RE.match(raw["id"]):
        raise _fail(where, "id", f"must be lowercase letters, digits, '.', '+' or '-', got {raw['id']!r}")
    if raw["date"] is not None and not _DATE_RE.match(raw["date"]):
        raise _fail(where, "date", f"expected YYYY-MM-DD, got {raw['date']!r}")
    if not raw["terms"]:
        raise _fail(where, "terms", "a licence needs at least one term")
    _check_fields(where, "identify.", raw["identify"], _IDENTIFY)
    _check_fields(where, "propagation.", raw["propagation"], _PROPAGATION)
    binds: set[Relation] = set()
    for i, name in enumerate(raw["propagation"]["binds"]):
        relation = next((r for r in WEIGHT_RELATIONS if r.value == name), None)
        if relation is None:
            allowed = ", ".join(sorted(r.value for r in WEIGHT_RELATIONS))
            # Models trained on outputs or on data are not derivatives of the weights: what reaches them is
            # the licence's `outputs` section (and a dataset's licence never becomes a model's licence).
            hint = " (what reaches models trained on the outputs goes in `outputs`)" if name in {
                r.value for r in Relation} else ""
            raise _fail(where, f"propagation.binds[{i}]", f"expected one of {allowed}, got {name!r}{hint}")
        binds.add(relation)
    terms = tuple(_term(where, i, t) for i, t in enumerate(raw["terms"]))
    outputs = _outputs(where, raw["outputs"], terms)
    related = raw.get("related_urls") or {}
    for key, value in related.items():
        _check_value(where, f"related_urls.{key}", value, "str")
    identify = raw["identify"]
    prop = raw["propagation"]
    return License(
        id=raw["id"],
        name=raw["name"],
        family=raw["family"],
        version=raw["version"],
        date=raw["date"],
        licensor=raw["licensor"],
        licensor_orgs=tuple(raw["licensor_orgs"]),
        url=raw["url"],
        related_urls=MappingProxyType(dict(related)),
        spdx_id=raw["spdx_id"],
        scancode_key=raw["scancode_key"],
        osi_approved=raw["osi_approved"],
        category=raw["category"],
        summary=" ".join(raw["summary"].split()),
        identify=Identification(
            hub_ids=tuple(identify.get("hub_ids", ())),
            names=tuple(identify.get("names", ())),
            urls=tuple(identify.get("urls", ())),
            phrases=tuple(identify.get("phrases", ())),
            prose=tuple(identify.get("prose", ())),
            modifies=identify.get("modifies"),
        ),
        terms=terms,
        propagation=Propagation(
            binds=frozenset(binds),
            same_license_required=prop["same_license_required"],
            relicensing_allowed=prop["relicensing_allowed"],
            clause=prop["clause"],
            summary=" ".join(prop["summary"].split()),
        ),
        notes=" ".join(str(raw.get("notes", "")).split()),
        unverified=tuple(raw.get("unverified", ())),
        source_file=where,
        outputs=outputs,
        undetermined_variant=bool(raw.get("undetermined_variant", False)),
    )


def _outputs(where: str, raw: Mapping[str, Any], terms: tuple[Term, ...]) -> Outputs:
    """The ``outputs`` section: ``duties`` names the terms that reach (each must select one of the licence's
    terms), ``restriction`` may name the term recording it, the other reaches name none."""
    _check_fields(where, "outputs.", raw, _OUTPUTS)
    reach = raw["reach"]
    selectors = tuple(raw.get("terms", ()))
    if reach == "duties" and not selectors:
        raise _fail(where, "outputs.terms", "a `duties` reach names the terms that reach output-trained models")
    if selectors and reach not in ("duties", "restriction"):
        raise _fail(where, "outputs.terms", f"only a `duties` or `restriction` reach names terms, not {reach!r}")
    for i, selector in enumerate(selectors):
        if not any(selects(selector, t) for t in terms):
            raise _fail(where, f"outputs.terms[{i}]", f"{selector!r} selects none of the licence's terms")
    if raw.get("except_own_derivatives") and reach != "restriction":
        raise _fail(where, "outputs.except_own_derivatives", "only a `restriction` reach has exceptions")
    return Outputs(
        reach=reach, clause=raw["clause"], summary=" ".join(raw["summary"].split()), terms=selectors,
        except_own_derivatives=bool(raw.get("except_own_derivatives", False)),
        unverified=bool(raw.get("unverified", False)),
    )
