"""Evidence, read once: everything a fetched repository says, parsed a single time.

A ``ModelRecord`` is what a source returned (card metadata, tags, files as text). Lineage
inference, licence identification, openness and the report all read the same things out of it —
the card's front matter, the README body and its sentences, tables and Hub links, the licence and
notice texts, the configs. ``read_evidence`` does that parsing once per record and hands every
reader the same typed ``RepoEvidence``; the lineage walk keeps it next to the record, so no
README is split, and no front matter parsed, twice in an audit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from modelaudit.cards import split_front_matter
from modelaudit.evidence.text import Section, Sentence, Table, sections, sentences, tables
from modelaudit.hubrefs import HubRef, find_hub_refs
from modelaudit.sources.records import ModelRecord
from modelaudit.vocabulary import is_license_file, is_notice_file

_EMPTY: Mapping[str, Any] = MappingProxyType({})
#: Config files whose JSON readers look into.
CONFIG_FILES = ("config.json", "adapter_config.json")


@dataclass(frozen=True, eq=False)
class RepoEvidence:
    """One repository's evidence. Derived views (sentences, tables, links) are computed on first use
    and kept: a reader that never asks for tables does not pay for them."""

    record: ModelRecord
    front_matter: Mapping[str, Any] | None  # the README's own YAML (None: absent or unreadable)
    body: str  # the README without its front matter ("" when there is no README)
    licence_texts: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # LICENSE, NOTICE, USE_POLICY...
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)  # parsed JSON objects

    @property
    def repo_id(self) -> str:
        return self.record.repo_id

    @property
    def card(self) -> Mapping[str, Any]:
        """The card metadata: what the source reported (the Hub's ``cardData``), else the README's own."""
        if self.record.card_data:
            return self.record.card_data
        return self.front_matter or _EMPTY

    @property
    def has_readme(self) -> bool:
        return self.record.readme is not None

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return sentences(self.body)

    @cached_property
    def prose(self) -> tuple[Sentence, ...]:
        """Sentences of prose lines (not table rows, HTML or code fences)."""
        return tuple(s for s in self.sentences if not s.markup)

    @cached_property
    def tables(self) -> tuple[Table, ...]:
        return tables(self.body)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        return sections(self.body)

    @cached_property
    def links(self) -> tuple[HubRef, ...]:
        """Hub links in the README body, classified (model, dataset, space) by the one Hub-link grammar."""
        return tuple(find_hub_refs(self.body))

    def config(self, name: str = "config.json") -> Mapping[str, Any]:
        return self.configs.get(name, _EMPTY)


def _json_object(text: str) -> Mapping[str, Any] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def read_evidence(record: ModelRecord) -> RepoEvidence:
    """Parse a record's texts once (front matter, body, licence texts, configs)."""
    readme = record.readme
    front, body = split_front_matter(readme) if readme else (None, "")
    licence_texts = {name: text for name, text in sorted(record.files.items())
                     if is_license_file(name) or is_notice_file(name)}
    configs: dict[str, Mapping[str, Any]] = {}
    for name in CONFIG_FILES:
        text = record.files.get(name)
        parsed = _json_object(text) if text else None
        if parsed is not None:
            configs[name] = MappingProxyType(parsed)
    return RepoEvidence(record, MappingProxyType(front) if front is not None else None, body,
                        MappingProxyType(licence_texts), MappingProxyType(configs))


__all__ = ["CONFIG_FILES", "RepoEvidence", "Section", "Sentence", "Table", "read_evidence"]
