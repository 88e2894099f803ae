"""The rule tables the index's SQL joins against, generated from the knowledge base (``licenses/*.yaml``) and
the shared vocabularies, so every licence fact lives in one place: which relations a licence binds, whether a
derivative may relicense it, who its licensor is, what reaches a model trained on its outputs.

Also the tables that need the knowledge base's *lookup* (a raw licence value -> its id) and its family
names: they are computed in Python over the distinct values of a dump (a few thousand), never per row.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelaudit.kinds import WEIGHT_RELATIONS
from modelaudit.licensing.identify import lookup_value
from modelaudit.licensing.knowledge_base import KnowledgeBase
from modelaudit.lineage.declared import HUB_RELATION_NAMES
from modelaudit.resources import data_dir
from modelaudit.vocabulary import is_unspecific_license

Column = tuple[str, str]  # name, portable SQL type (STRING, BIGINT, INT)
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def rule_tables(kb: KnowledgeBase) -> list[Table]:
    """The knowledge base as tables: one row per licence, per (licence, bound relation), per (licence, licensor org)."""
    rules: list[Row] = []
    binds: list[Row] = []
    orgs: list[Row] = []
    for lic in kb:
        rules.append((lic.id, lic.family.lower(), 1 if lic.licensor_orgs else 0,
                      1 if lic.propagation.relicensing_allowed else 0, lic.outputs.reach, lic.category))
        binds.extend((lic.id, rel.value) for rel in sorted(lic.propagation.binds, key=lambda r: r.value))
        orgs.extend((lic.id, org.lower()) for org in sorted({o.lower() for o in lic.licensor_orgs}))
    return [
        Table("license_rules", (("license_id", "STRING"), ("family", "STRING"), ("has_licensors", "INT"),
                                ("relicensing_allowed", "INT"), ("outputs_reach", "STRING"), ("category", "STRING")),
              tuple(rules)),
        Table("license_binds", (("license_id", "STRING"), ("relation", "STRING")), tuple(binds)),
        Table("license_orgs", (("license_id", "STRING"), ("org", "STRING")), tuple(orgs)),
        Table("weight_relations", (("relation", "STRING"),), tuple((r.value,) for r in sorted(WEIGHT_RELATIONS))),
        Table("relation_names", (("name", "STRING"), ("relation", "STRING")),
              tuple(sorted((name, rel.value) for name, rel in HUB_RELATION_NAMES.items()))),
    ]


def license_values(kb: KnowledgeBase, values: Iterable[str]) -> Table:
    """Each distinct raw licence value of a dump (tag value, ``license_name``, ``license_link``), identified with
    the knowledge base's own lookup: its id (NULL when unidentified) and whether it is unspecific (``other``)."""
    rows: list[Row] = []
    for value in sorted(set(values)):
        lic = lookup_value(kb, value)
        rows.append((value, lic.id if lic is not None else None, 1 if is_unspecific_license(value) else 0))
    return Table("license_values", (("value", "STRING"), ("license_id", "STRING"), ("unspecific", "INT")), tuple(rows))


def raw_families(kb: KnowledgeBase, raws: Iterable[str]) -> Table:
    """Which licensor families each unidentified value names (``meta-llama-license`` names ``llama``): such an
    own declaration is the inherited licence oddly spelt, not a second unknown one (``_explain_unknowns``)."""
    families = sorted({lic.family.lower() for lic in kb if lic.licensor_orgs and lic.family})
    patterns = [(f, re.compile(rf"\b{re.escape(f)}")) for f in families]
    rows = [(raw, family) for raw in sorted(set(raws)) for family, pattern in patterns if pattern.search(raw.lower())]
    return Table("raw_families", (("raw", "STRING"), ("family", "STRING")), tuple(rows))


def kb_hash(kb: KnowledgeBase) -> str:
    """A digest of the knowledge base's files: an index built from other licence facts is another index."""
    digest = hashlib.sha256()
    for lic in sorted(kb, key=lambda item: item.id):
        digest.update(lic.id.encode())
        path = data_dir("licenses") / f"{lic.id}.yaml"
        digest.update(path.read_bytes() if path.is_file() else repr(lic).encode())
    return digest.hexdigest()[:16]


def sql_dir() -> Path:
    return data_dir("rules") / "sql"


def sql_text(name: str) -> str:
    """One of the portable SQL files beside the policy rules (``rules/sql/<name>.sql``)."""
    return (sql_dir() / f"{name}.sql").read_text(encoding="utf-8")


def sql_hash(names: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(sql_text(name).encode())
    return digest.hexdigest()[:16]
