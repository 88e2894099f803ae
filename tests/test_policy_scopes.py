"""Issue 12: policy scopes are registered objects. One registry tells rules.py which ``scope:`` values
exist, tells the condition type-checker which fact namespaces a rule sees, and gives the engine each
scope's contexts; a new scope is its module plus one registry line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import modelaudit
from modelaudit.errors import UsageError
from modelaudit.policy import scopes
from modelaudit.policy.facts import EVERY_RULE, LICENSE
from modelaudit.policy.rules import Rule, policy_from_mapping
from modelaudit.policy.scopes import REGISTRY, Context, Scope, ScopeRegistry, Subject
from modelaudit.policy.types import TEXT, Namespace, list_of

R1 = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"


def _rule(**overrides: Any) -> dict[str, Any]:
    rule = {"id": "r", "description": "d", "severity": "warn", "message": "m"}
    rule.update(overrides)
    return rule


def test_the_registry_holds_the_scopes_rules_accept() -> None:
    assert scopes.names() == ("term", "license", "edge", "node", "mismatch", "model", "dataset")
    with pytest.raises(UsageError,
                       match="scope: expected one of term, license, edge, node, mismatch, model, dataset, got"):
        policy_from_mapping({"rules": [_rule(scope="datasets")]})
    with pytest.raises(UsageError, match="a term-scoped rule names the term type"):
        policy_from_mapping({"rules": [_rule(scope="term")]})


@pytest.mark.parametrize("scope", REGISTRY.scopes, ids=lambda s: s.name)
def test_a_rule_sees_its_scopes_namespaces_and_every_rules(scope: Scope) -> None:
    # The dataset scope sees term.* facts too, for the rules that name term types.
    terms = ("mau_threshold",) if scope.needs_terms or scope.name == "dataset" else ()
    seen = {ns.name for ns in (*scope.namespaces, *EVERY_RULE)}
    every = {ns.name: ns for ns in (*REGISTRY.every_rule, *(n for s in REGISTRY.scopes for n in s.namespaces))}
    assert tuple(every) == scopes.namespaces()
    for name, namespace in every.items():
        fact = next(iter(namespace.types(("mau_threshold",))))
        if name in seen:
            assert scopes.fact_type(f"{name}.{fact}", scope.name, terms)
        else:
            with pytest.raises(ValueError, match=f"a {scope.name}-scoped rule has no {name}.\\* facts"):
                scopes.fact_type(f"{name}.{fact}", scope.name, terms)


def test_a_namespace_is_declared_once_and_a_scope_registered_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        ScopeRegistry((REGISTRY["edge"], REGISTRY["edge"]), EVERY_RULE)
    impostor = Scope("other", "x", (Namespace("license", {"id": TEXT}),), REGISTRY["model"].contexts)
    with pytest.raises(ValueError, match="namespace 'license' is declared twice"):
        ScopeRegistry((REGISTRY["license"], impostor), EVERY_RULE)
    # Two scopes sharing the same namespace object is how term and license both see license.*.
    assert LICENSE in REGISTRY["term"].namespaces and LICENSE in REGISTRY["license"].namespaces


# -- the extension point: a scope is its module and one registry line ---------------------------------------

DECLARED = Namespace("declared", {"node": TEXT, "ids": list_of(TEXT)})


def _declared_contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    graph = subject.analysis.graph
    for node_id in sorted({graph.subject} | graph.ancestors()):
        declared = subject.analysis.declared(node_id)
        if declared is not None and declared.ids:
            yield {**subject.base, "declared": {"node": node_id, "ids": list(declared.ids)}}, {"origin": node_id}


DECLARED_SCOPE = Scope("declared", "each lineage node's declared licences", (DECLARED,), _declared_contexts)

POLICY = {"extends": "default", "rules": [_rule(
    id="declares-llama", scope="declared", when={"contains": ["declared.ids", {"literal": "llama3.3"}]},
    message="{declared.node} declares {declared.ids}.")]}


def test_a_registered_scope_is_validated_typed_and_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    # Unregistered, neither its scope nor its namespace exists anywhere.
    with pytest.raises(UsageError, match="got 'declared'"):
        policy_from_mapping(POLICY)
    with pytest.raises(UsageError, match=r"'declared\.ids' looks like a reference to an unknown fact namespace"):
        policy_from_mapping({"rules": [_rule(scope="model", when={"contains": ["declared.ids", "x"]})]})

    # The module above plus its registry line: rules.py, the type-checker and the engine all know it.
    monkeypatch.setattr(scopes, "REGISTRY", ScopeRegistry((*REGISTRY.scopes, DECLARED_SCOPE), REGISTRY.every_rule))
    assert "declared" in scopes.names() and "declared" in scopes.namespaces()
    with pytest.raises(UsageError, match=r"declared\.ids is a list of text and 5 is a number"):
        policy_from_mapping({"rules": [_rule(scope="declared", when={"contains": ["declared.ids", 5]})]})
    with pytest.raises(UsageError, match=r"a declared-scoped rule has no license\.\* facts"):
        policy_from_mapping({"rules": [_rule(scope="declared", when={"exists": "license.id"})]})
    report = modelaudit.check(R1, policy=POLICY, offline=True)
    found = [f for f in report.results[0].findings if f.rule == "declares-llama"]
    assert [(f.origin, f.message) for f in found] == [
        ("meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.3-70B-Instruct declares llama3.3.")]
