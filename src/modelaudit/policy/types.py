"""Fact types and fact namespaces: what a policy rule may reference, and the type of each fact.

Kept apart from the condition language (``conditions.py``) and from the scopes (``scopes/``) so
that both can use them: the scopes declare which namespaces they provide, the conditions check every
comparison against the types declared here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# Fact types, as words for error messages: a scalar kind, "list of <kind>", or ANY for a fact whose
# type depends on the data (a term parameter that differs between term types).
NUMBER, TEXT, FLAG, NULL, ANY = "number", "text", "true/false", "null", "any"
LIST_OF = "list of "


def list_of(kind: str) -> str:
    return LIST_OF + kind


#: The facts of a namespace whose names and types depend on the rule: ``term.*`` by its term types.
TypedByRule = Callable[[Sequence[str]], Mapping[str, str]]


@dataclass(frozen=True)
class Namespace:
    """A fact namespace (``license``, ``edge`` ...): its name and the type of every fact in it, checked
    when a policy loads so that a comparison that could never be made is an error at start."""

    name: str
    facts: Mapping[str, str]
    by_rule: TypedByRule | None = None  # facts that depend on the rule (then ``facts`` is empty)

    def types(self, term_types: Sequence[str] = ()) -> Mapping[str, str]:
        return self.by_rule(term_types) if self.by_rule is not None else self.facts


__all__ = ["ANY", "FLAG", "LIST_OF", "NULL", "NUMBER", "TEXT", "Namespace", "TypedByRule", "list_of"]
