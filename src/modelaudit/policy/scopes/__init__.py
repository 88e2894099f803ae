"""Policy scopes: one module per scope, registered in ``REGISTRY`` below.

A rule's ``scope:`` names one of them. ``rules.py`` validates ``scope:`` against the registry, the
condition type-checker (``conditions.py``) learns from it which fact namespaces exist and which a
rule of each scope sees, and the engine evaluates each rule in its scope's contexts.

Adding a scope touches two files: a module here defining ``SCOPE = Scope(name, summary, namespaces,
contexts)`` (``base.py``; with its own ``Namespace`` and fact builder when it brings new facts), and
its line in ``REGISTRY``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from modelaudit.policy.facts import EVERY_RULE
from modelaudit.policy.scopes import datasets, edges, licenses, mismatches, model, nodes, terms
from modelaudit.policy.scopes.base import Context, Scope, ScopeRegistry, Subject

#: Every policy scope, in the order messages list them.
REGISTRY = ScopeRegistry(
    scopes=(
        terms.SCOPE,
        licenses.SCOPE,
        edges.SCOPE,
        nodes.SCOPE,
        mismatches.SCOPE,
        model.SCOPE,
        datasets.SCOPE,
    ),
    every_rule=EVERY_RULE,
)

# Readers go through the functions below, which look ``REGISTRY`` up when called.


def scope(name: str) -> Scope | None:
    return REGISTRY.get(name)


def names() -> tuple[str, ...]:
    """The values ``scope:`` accepts."""
    return REGISTRY.names


def namespaces() -> tuple[str, ...]:
    """Every fact namespace a condition operand may start with."""
    return REGISTRY.namespace_names


def fact_type(reference: str, scope: str, term_types: Sequence[str] = ()) -> str:
    """The type of ``reference`` for a rule of ``scope``; ValueError says why the rule cannot use it."""
    return REGISTRY.fact_type(reference, scope, term_types)


#: The type of every fact, by namespace (``term.*`` is typed by the rule's term types: ``fact_type``).
FACT_TYPES: Mapping[str, Mapping[str, str]] = REGISTRY.fact_types

__all__ = ["FACT_TYPES", "REGISTRY", "Context", "Scope", "ScopeRegistry", "Subject", "fact_type", "names",
           "namespaces", "scope"]
