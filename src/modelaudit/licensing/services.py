"""The terms of closed AI services whose outputs end up in training data (``licenses/services/terms.yaml``).

A dataset generated with ChatGPT or Claude carries no licence of those models, but the services' terms
restrict using their outputs to build competing models. Lineage names such generators as service nodes
(``service:openai/gpt-4``); the data licences of a model list them with the terms found here, and the policy
warns citing them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from modelaudit.licensing.schema import SchemaError
from modelaudit.refs import SERVICE_PREFIX
from modelaudit.resources import data_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_FIELDS: dict[str, tuple[type, bool]] = {
    "id": (str, True), "match": (list, True), "name": (str, True), "url": (str, True), "clause": (str, True),
    "summary": (str, True), "unverified": (bool, False),
}


@dataclass(frozen=True)
class ServiceTerms:
    id: str
    match: tuple[str, ...]
    name: str
    url: str
    clause: str
    summary: str
    unverified: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "url": self.url, "clause": self.clause, "summary": self.summary,
                "unverified": self.unverified}


def _entry(raw: Any, where: str) -> ServiceTerms:
    if not isinstance(raw, Mapping):
        raise SchemaError(f"{where}: expected a mapping")
    for key in raw:
        if key not in _FIELDS:
            raise SchemaError(f"{where}.{key}: unknown field (known fields: {', '.join(sorted(_FIELDS))})")
    for key, (kind, required) in _FIELDS.items():
        if key not in raw:
            if required:
                raise SchemaError(f"{where}.{key}: required field is missing")
            continue
        value = raw[key]
        ok = isinstance(value, kind) and (not isinstance(value, str) or bool(value.strip()))
        if kind is list:
            ok = ok and bool(value) and all(isinstance(v, str) and v == v.strip().lower() and v for v in value)
        if not ok:
            raise SchemaError(f"{where}.{key}: expected {'a list of lower-case names' if kind is list else kind.__name__}"
                              f", got {value!r}")
    if not _ID.match(raw["id"]):
        raise SchemaError(f"{where}.id: must be lower-case letters, digits, '.' or '-', got {raw['id']!r}")
    if not raw["url"].startswith("https://"):
        raise SchemaError(f"{where}.url: expected an https URL, got {raw['url']!r}")
    return ServiceTerms(raw["id"], tuple(raw["match"]), " ".join(raw["name"].split()), raw["url"],
                        raw["clause"], " ".join(raw["summary"].split()), bool(raw.get("unverified", False)))


def load_service_terms(path: Path | None = None) -> tuple[ServiceTerms, ...]:
    """Every service's terms, validated; ``SchemaError`` names the file and the field."""
    path = path or data_dir("licenses") / "services" / "terms.yaml"
    where = f"licenses/services/{path.name}"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise SchemaError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    entries = raw.get("services") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list):
        raise SchemaError(f"{where}: services: expected a list")
    out = tuple(_entry(item, f"{where}: services[{i}]") for i, item in enumerate(entries))
    claimed: dict[str, str] = {}
    for item in out:
        for name in (item.id, *item.match):
            if claimed.setdefault(name, item.id) != item.id:
                raise SchemaError(f"{where}: {item.id}: {name!r} is also claimed by {claimed[name]}")
    return out


@lru_cache(maxsize=1)
def default_service_terms() -> tuple[ServiceTerms, ...]:
    return load_service_terms()


def service_terms_for(node_id: str, terms: tuple[ServiceTerms, ...] | None = None) -> ServiceTerms | None:
    """The terms of the service a node id names (``service:openai/gpt-4``), matched by provider, then by the
    first word of the model name; ``None`` for a service the file does not know."""
    if not node_id.startswith(SERVICE_PREFIX):
        return None
    provider, _, model = node_id[len(SERVICE_PREFIX):].lower().partition("/")
    first = re.split(r"[-_ .]", model, maxsplit=1)[0] if model else ""
    entries = default_service_terms() if terms is None else terms
    for key in (provider, model, first):
        found = next((t for t in entries if key and key in t.match), None)
        if found is not None:
            return found
    return None


__all__ = ["ServiceTerms", "default_service_terms", "load_service_terms", "service_terms_for"]
