"""Scope ``model``: the model once, with only the facts every rule sees (``model``, ``profile``, ``openness``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelaudit.policy.scopes.base import Context, Scope, Subject

if TYPE_CHECKING:
    from modelaudit.policy.rules import Rule


def _contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    yield dict(subject.base), {}


SCOPE = Scope("model", "the model once", (), _contexts)
