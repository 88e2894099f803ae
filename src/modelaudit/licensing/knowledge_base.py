"""The licence knowledge base: every ``licenses/*.yaml`` file, validated, with lookup indexes.

Loading happens once per process (``default_knowledge_base``) and is cheap: the files are parsed
with libyaml when available and validated by ``schema.py``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from modelaudit.licensing.model import License
from modelaudit.licensing.schema import SchemaError, license_from_mapping
from modelaudit.resources import data_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def normalize_name(value: str) -> str:
    """Fold a licence name or id spelling to a comparison key ("Llama-3.3 License" ~ "llama3.3 license")."""
    value = value.lower().strip()
    value = re.sub(r"[\s_\-/]+", "", value)
    return value.removesuffix("license").removesuffix("licence")


def normalize_url(value: str) -> str:
    """Fold a licence link to a comparison key: no scheme, no ``www.``, no trailing slash or ``.md``."""
    value = value.strip().lower()
    value = re.sub(r"^[a-z]+://", "", value)
    value = value.removeprefix("www.")
    value = value.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    value = value.replace("/blob/main/", "/").replace("/resolve/main/", "/").replace("/raw/main/", "/")
    return value.replace("licences", "licenses")


@dataclass(frozen=True)
class KnowledgeBase:
    licenses: tuple[License, ...]
    by_id: dict[str, License]
    by_hub_id: dict[str, License]
    by_name: dict[str, License]
    by_url: dict[str, License]

    def __iter__(self) -> Iterator[License]:
        return iter(self.licenses)

    def __len__(self) -> int:
        return len(self.licenses)

    def get(self, license_id: str) -> License | None:
        return self.by_id.get(license_id)

    def lookup_hub_id(self, value: str) -> License | None:
        return self.by_hub_id.get(value.strip().lower())

    def lookup_name(self, value: str) -> License | None:
        key = normalize_name(value)
        return self.by_name.get(key) if key else None

    def lookup_url(self, value: str) -> License | None:
        key = normalize_url(value)
        if key in self.by_url:
            return self.by_url[key]
        # A link to a repository's LICENSE file identifies nothing by itself, but a link to a
        # licensor page often has a version suffix the table does not; try the longest known prefix.
        best: License | None = None
        best_len = 0
        for known, lic in self.by_url.items():
            if key.startswith(known) and len(known) > best_len:
                best, best_len = lic, len(known)
        return best


def _load_file(path: Path) -> License:
    where = f"licenses/{path.name}"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise SchemaError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    if isinstance(raw, dict) and isinstance(raw.get("date"), _dt.date):
        raw["date"] = raw["date"].isoformat()
    lic = license_from_mapping(raw, where)
    if path.stem != lic.id:
        raise SchemaError(f"{where}: id: the file must be named after its id ({lic.id}.yaml)")
    return lic


def load_knowledge_base(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate every licence file. Raises ``SchemaError`` naming the file and field."""
    directory = directory or data_dir("licenses")
    licenses = tuple(_load_file(p) for p in sorted(directory.glob("*.yaml")))
    by_id: dict[str, License] = {}
    by_hub_id: dict[str, License] = {}
    by_name: dict[str, License] = {}
    by_url: dict[str, License] = {}

    def claim(index: dict[str, License], key: str, lic: License, field: str) -> None:
        other = index.get(key)
        if other is not None and other.id != lic.id:
            raise SchemaError(f"{lic.source_file}: {field}: {key!r} is also claimed by {other.source_file}")
        index[key] = lic

    for lic in licenses:
        claim(by_id, lic.id, lic, "id")
        for hub_id in (lic.id, *lic.identify.hub_ids):
            claim(by_hub_id, hub_id.lower(), lic, "identify.hub_ids")
        for name in (lic.id, lic.name, *lic.identify.names, *lic.identify.hub_ids):
            if key := normalize_name(name):
                claim(by_name, key, lic, "identify.names")
        for url in (lic.url, *lic.identify.urls):
            claim(by_url, normalize_url(url), lic, "identify.urls")
    return KnowledgeBase(licenses, by_id, by_hub_id, by_name, by_url)


@lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    return load_knowledge_base()
