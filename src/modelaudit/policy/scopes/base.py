"""What a policy scope is, and the registry that holds them.

A rule's ``scope:`` says what it is evaluated against: each term of each effective licence, each
lineage edge, the model once... A scope is a name, the fact namespaces it adds to the ones every
rule sees (``model``, ``profile``, ``openness``), and the generator of its contexts: for one model,
each set of facts the rule's condition is evaluated against, with the fields a finding from it
carries (licence, origin, path, clause, evidence...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from modelaudit.policy.types import Namespace

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.propagation import EffectiveLicense
    from modelaudit.policy.rules import Rule


@dataclass(frozen=True)
class Subject:
    """What every scope's contexts are drawn from: one model's analysis, the licences in force on it,
    and the facts every rule sees (``model``, ``profile``, ``openness``)."""

    analysis: ModelAnalysis
    effective: tuple[EffectiveLicense, ...]
    base: Mapping[str, Any]


#: One evaluation of a rule: the facts its condition and message see, and the finding's fields
#: (``license``, ``origin``, ``path``, ``clause``, ``url``, ``term``, ``evidence``, ``inferred``; ``_term``
#: for an obligation).
Context = tuple[dict[str, Any], dict[str, Any]]
Contexts = Callable[["Rule", Subject], Iterator[Context]]


@dataclass(frozen=True)
class Scope:
    name: str  # the value of a rule's ``scope:``
    summary: str  # what a rule of this scope is evaluated against, for messages and documentation
    namespaces: tuple[Namespace, ...]  # the fact namespaces it adds to those every rule sees
    contexts: Contexts
    needs_terms: bool = False  # a rule of this scope must name the term types it looks at (``term:``)


@dataclass(frozen=True)
class ScopeRegistry:
    """The policy scopes, in the order messages list them, and the namespaces every rule sees."""

    scopes: tuple[Scope, ...]
    every_rule: tuple[Namespace, ...]
    _by_name: Mapping[str, Scope] = field(init=False, repr=False, compare=False)
    _namespaces: Mapping[str, Namespace] = field(init=False, repr=False, compare=False)
    _namespace_names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Scope] = {}
        namespaces = {ns.name: ns for ns in self.every_rule}
        for scope in self.scopes:
            if scope.name in by_name:
                raise ValueError(f"policy scope {scope.name!r} is registered twice")
            by_name[scope.name] = scope
            for ns in scope.namespaces:
                # Two scopes may share a namespace (term and license both see license.*), but it is
                # the same namespace: one declaration of its facts.
                if namespaces.setdefault(ns.name, ns) is not ns:
                    raise ValueError(f"policy scope {scope.name!r}: namespace {ns.name!r} is declared twice")
        object.__setattr__(self, "_by_name", MappingProxyType(by_name))
        object.__setattr__(self, "_namespaces", MappingProxyType(namespaces))
        # Asked for every condition operand the engine evaluates: computed once.
        object.__setattr__(self, "_namespace_names", tuple(namespaces))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def get(self, name: str) -> Scope | None:
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> Scope:
        return self._by_name[name]

    @property
    def namespace_names(self) -> tuple[str, ...]:
        """Every namespace a reference may start with (every rule's first, then by scope)."""
        return self._namespace_names

    @property
    def fact_types(self) -> Mapping[str, Mapping[str, str]]:
        """The type of every fact, by namespace (namespaces typed by the rule, ``term``, are left out)."""
        return MappingProxyType({name: ns.facts for name, ns in self._namespaces.items() if ns.by_rule is None})

    def fact_type(self, reference: str, scope: str, term_types: Sequence[str] = ()) -> str:
        """The type of ``reference`` for a rule of ``scope``; ValueError says why the rule cannot use it."""
        namespace, _, name = reference.partition(".")
        available = {ns.name: ns for ns in (*self[scope].namespaces, *self.every_rule)}
        if namespace not in available:
            raise ValueError(f"{reference}: a {scope}-scoped rule has no {namespace}.* facts "
                             f"(it sees {', '.join(n + '.*' for n in available)})")
        ns = available[namespace]
        table = ns.types(term_types)
        if name not in table:
            whose = f" of {', '.join(term_types)} terms" if ns.by_rule is not None else ""
            raise ValueError(f"{reference} is not a known fact{whose} (known: {', '.join(sorted(table))})")
        return table[name]


__all__ = ["Context", "Contexts", "Scope", "ScopeRegistry", "Subject"]
