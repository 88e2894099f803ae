"""Policy rules as data: loading and validating ``rules/*.yaml`` and ``--policy FILE``.

A rule names the facts it looks at (its ``scope``, one of the scopes registered in ``scopes/``:
each term of each effective licence, each effective licence, each lineage edge or node, each
licence mismatch, or the model once), an
optional ``term`` type filter, a ``when`` condition (see ``conditions.py``), a severity and a
message template. ``rules/builtin.yaml`` holds the fail-closed rules (unknown licence, unresolved
lineage, inferred lineage): they are always in force, whatever policy the organisation brings,
because a custom policy must not be able to turn "we could not tell" into "pass".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from modelaudit.errors import UsageError
from modelaudit.kinds import Severity
from modelaudit.licensing.model import TERM_TYPES
from modelaudit.policy import scopes
from modelaudit.policy.conditions import ConditionError, validate

_RULE_KEYS = {"id", "description", "severity", "scope", "term", "when", "unknown", "message", "obligation",
              "fact", "remediation"}
_POLICY_KEYS = {"name", "description", "extends", "disable", "rules", "schema_version"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    severity: Severity
    scope: str
    message: str
    terms: tuple[str, ...] = ()  # term types the rule looks at (a scope that needs_terms: "term")
    when: Mapping[str, Any] | None = None
    unknown: Severity | None = Severity.WARN  # severity when the condition is undecided; None: no finding
    obligation: bool = False  # matching terms are listed as obligations to meet (something to do)
    fact: bool = False  # matching terms are listed as facts to know (governing law, terms that may change)
    remediation: str = ""
    builtin: bool = False
    source: str = ""


@dataclass(frozen=True)
class Policy:
    name: str
    description: str
    rules: tuple[Rule, ...]
    source: str  # file path, or "default"
    regions: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def expand_regions(self, codes: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for code in codes:
            code = str(code).upper()
            out.add(code)
            out |= self.regions.get(code, frozenset())
        return out


def _err(where: str, problem: str) -> UsageError:
    return UsageError(f"{where}: {problem}")


def _severity(value: Any, where: str, allowed: tuple[Severity, ...]) -> Severity:
    try:
        sev = Severity(value)
    except ValueError:
        sev = None
    if sev is None or sev not in allowed:
        raise _err(where, f"expected one of {', '.join(s.value for s in allowed)}, got {value!r}")
    return sev


def parse_rule(data: Any, where: str, *, builtin: bool = False) -> Rule:
    if not isinstance(data, Mapping):
        raise _err(where, "a rule must be a mapping")
    unknown = sorted(set(data) - _RULE_KEYS, key=str)
    if unknown:
        raise _err(f"{where}.{unknown[0]}", f"unknown key (allowed: {', '.join(sorted(_RULE_KEYS))})")
    for key in ("id", "description", "severity", "message"):
        if key not in data:
            raise _err(f"{where}.{key}", "missing")
    rule_id = data["id"]
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise _err(f"{where}.id", f"expected a lower-case slug, got {rule_id!r}")
    where = f"{where} ({rule_id})"
    allowed = (Severity.BLOCK, Severity.UNKNOWN, Severity.WARN, Severity.INFO) if builtin else (
        Severity.BLOCK, Severity.WARN, Severity.INFO)
    severity = _severity(data["severity"], f"{where}.severity", allowed)
    unknown_raw = data.get("unknown", "warn")
    unknown_sev = None if unknown_raw == "ignore" else _severity(
        unknown_raw, f"{where}.unknown", (Severity.BLOCK, Severity.UNKNOWN, Severity.WARN, Severity.INFO))
    scope_name = data.get("scope", "term" if "term" in data else "model")
    scope = scopes.scope(scope_name) if isinstance(scope_name, str) else None
    if scope is None:
        raise _err(f"{where}.scope", f"expected one of {', '.join(scopes.names())}, got {scope_name!r}")
    terms_raw = data.get("term", [])
    terms = (terms_raw,) if isinstance(terms_raw, str) else tuple(terms_raw)
    bad = [t for t in terms if t not in TERM_TYPES]
    if bad:
        raise _err(f"{where}.term", f"unknown term type {bad[0]!r} (known: {', '.join(TERM_TYPES)})")
    if scope.needs_terms and not terms:
        raise _err(f"{where}.term", f"a {scope.name}-scoped rule names the term type(s) it looks at")
    when = data.get("when")
    if when is not None:
        try:
            # Typed: a comparison that can never be made (a quoted number against a numeric fact)
            # would make the rule silently never fire, so it is an error when the policy loads.
            validate(when, f"{where}.when", lambda reference: scopes.fact_type(reference, scope.name, terms))
        except ConditionError as exc:
            raise UsageError(str(exc)) from None
    for key in ("description", "message", "remediation"):
        if key in data and not isinstance(data[key], str):
            raise _err(f"{where}.{key}", "expected a string")
    for key in ("obligation", "fact"):
        if not isinstance(data.get(key, False), bool):
            raise _err(f"{where}.{key}", "expected true or false")
    if data.get("obligation") and data.get("fact"):
        # One list or the other: a checklist item is something to do, a fact something to know.
        raise _err(f"{where}.fact", "a rule lists its terms as obligations or as facts, not both")
    return Rule(
        id=rule_id, description=" ".join(data["description"].split()), severity=severity, scope=scope.name,
        message=" ".join(data["message"].split()), terms=terms, when=when, unknown=unknown_sev,
        obligation=bool(data.get("obligation", False)), fact=bool(data.get("fact", False)),
        remediation=" ".join(data.get("remediation", "").split()),
        builtin=builtin, source=where.split(":", 1)[0],
    )


def _parse_rules(data: Mapping[str, Any], where: str, *, builtin: bool) -> list[Rule]:
    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list):
        raise _err(f"{where}: rules", "expected a list")
    rules = [parse_rule(r, f"{where}: rules[{k}]", builtin=builtin) for k, r in enumerate(rules_raw)]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise _err(f"{where}: rules", f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)
    return rules


def _rules_dir() -> Path:
    from modelaudit.resources import data_dir

    return data_dir("rules")


@lru_cache(maxsize=1)
def _regions() -> Mapping[str, frozenset[str]]:
    from modelaudit.yamlio import load_yaml_mapping

    data = load_yaml_mapping(_rules_dir() / "regions.yaml", "regions")
    return {k.upper(): frozenset(str(c).upper() for c in v) for k, v in (data.get("groups") or {}).items()}


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    from modelaudit.yamlio import load_yaml_mapping

    path = _rules_dir() / "builtin.yaml"
    return tuple(_parse_rules(load_yaml_mapping(path, "policy"), str(path), builtin=True))


def _load_policy_file(path: Path, *, shipped: bool) -> Policy:
    from modelaudit.yamlio import load_yaml_mapping

    return policy_from_mapping(load_yaml_mapping(path, "policy"), str(path), default_name=path.stem,
                               shipped=shipped)


def policy_from_mapping(data: Mapping[str, Any], where: str = "policy", *, default_name: str = "custom",
                        shipped: bool = False) -> Policy:
    """A policy from its YAML document as data (what ``--policy FILE`` holds); ``where`` names it in errors."""
    if not isinstance(data, Mapping):
        raise _err(where, f"a policy must be a mapping, got {type(data).__name__}")
    unknown = sorted(set(data) - _POLICY_KEYS, key=str)
    if unknown:
        raise _err(f"{where}: {unknown[0]}", f"unknown key (allowed: {', '.join(sorted(_POLICY_KEYS))})")
    own = _parse_rules(data, where, builtin=False)
    base: list[Rule] = []
    extends = data.get("extends")
    if extends is not None:
        if extends != "default":
            raise _err(f"{where}: extends", f"only 'default' can be extended, got {extends!r}")
        base = list(default_policy().rules)
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise _err(f"{where}: disable", "expected a list of rule ids")
    reserved = {r.id for r in builtin_rules()}
    for rule_id in disable:
        if rule_id in reserved:
            raise _err(f"{where}: disable", f"{rule_id!r} is a built-in fail-closed rule and cannot be disabled")
        if not any(r.id == rule_id for r in base):
            raise _err(f"{where}: disable", f"no rule {rule_id!r} to disable")
    clash = [r.id for r in own if r.id in reserved]
    if clash:
        raise _err(f"{where}: rules", f"{clash[0]!r} is a built-in rule id")
    own_ids = {r.id for r in own}
    merged = [r for r in base if r.id not in disable and r.id not in own_ids and not r.builtin] + own
    name = data.get("name") or default_name
    return Policy(
        name=str(name), description=" ".join(str(data.get("description", "")).split()),
        rules=tuple(builtin_rules()) + tuple(merged), source="default" if shipped else where, regions=_regions(),
    )


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return _load_policy_file(_rules_dir() / "default.yaml", shipped=True)


def load_policy(path: Path | None) -> Policy:
    """The organisation's policy file, or the shipped default policy."""
    return default_policy() if path is None else _load_policy_file(path, shipped=False)
