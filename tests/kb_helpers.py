"""Helpers shared by the knowledge-base and identification tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from modelaudit.kinds import Relation
from modelaudit.licensing.knowledge_base import KnowledgeBase
from modelaudit.licensing.model import License, Term
from modelaudit.sources.records import FileStatus, ModelRecord

#: Relations by which a model carries its parent's weights (everything but distillation).
WEIGHT_RELATIONS = frozenset({Relation.FINETUNE, Relation.ADAPTER, Relation.MERGE, Relation.QUANTIZED, Relation.UNKNOWN})


def lic(kb: KnowledgeBase, license_id: str) -> License:
    found = kb.get(license_id)
    assert found is not None, f"{license_id} missing from the knowledge base"
    return found


def only(kb: KnowledgeBase, license_id: str, term_type: str) -> Term:
    terms = lic(kb, license_id).terms_of(term_type)
    assert len(terms) == 1, f"{license_id}: expected one {term_type} term, got {len(terms)}"
    return terms[0]


def record(card: Mapping[str, Any] | None = None, readme: str = "", *, files: Mapping[str, str] | None = None,
           tags: Iterable[str] = (), repo_id: str = "acme/model") -> ModelRecord:
    """A fetched record with a README (and any other files) all read."""
    all_files = {"README.md": readme, **(files or {})}
    return ModelRecord(repo_id=repo_id, requested_id=repo_id, revision="0" * 40, card_data=dict(card or {}),
                       tags=tuple(tags), siblings=tuple(all_files), files=all_files,
                       file_status={n: FileStatus.READ for n in all_files})
