"""The condition language of policy rules, evaluated in three-valued logic.

A condition is YAML data: ``{all: [...]}``, ``{any: [...]}``, ``{not: c}``, or one operator with
its operands, e.g. ``{gt: [profile.monthly_active_users, term.value]}``. An operand that starts
with a fact namespace (``term.``, ``license.``, ``profile.`` ...) is a reference; anything else is
a literal (write ``{literal: "term.x"}`` for the rare literal that looks like a reference).

Why three values: a profile field the organisation did not fill in must not read as "no". A
comparison that needs a missing ``profile.*`` fact is *undecided*, and the engine reports the rule
as a warning naming the field, instead of passing silently. Other missing facts (a term without
an optional parameter) simply make the comparison false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

NAMESPACES: tuple[str, ...] = ("term", "license", "profile", "model", "edge", "mismatch", "openness", "node", "effective")

MISSING = object()


@dataclass(frozen=True)
class Outcome:
    """``value`` is True, False or None (undecided); ``missing`` names the profile fields that would decide it."""

    value: bool | None
    missing: frozenset[str] = frozenset()


FALSE = Outcome(False)


def is_reference(operand: Any) -> bool:
    return isinstance(operand, str) and "." in operand and operand.split(".", 1)[0] in NAMESPACES


def resolve(facts: Mapping[str, Any], reference: str) -> Any:
    current: Any = facts
    for part in reference.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        else:
            return MISSING
    return current


class ConditionError(ValueError):
    """A malformed condition; the message is the path inside the rule and the problem."""


RegionExpander = Callable[[Iterable[str]], set[str]]


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _norm(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _compare(op: str, a: Any, b: Any, regions: RegionExpander) -> bool:
    try:
        if op == "eq":
            return bool(_norm(a) == _norm(b))
        if op == "ne":
            return bool(_norm(a) != _norm(b))
        if op in ("gt", "ge", "lt", "le"):
            numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
            if not numbers:
                return False
            return bool({"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op])
        if op == "in":
            return _norm(a) in {_norm(x) for x in _as_list(b)}
        if op == "not_in":
            return _norm(a) not in {_norm(x) for x in _as_list(b)}
        if op == "contains":
            return _norm(b) in {_norm(x) for x in _as_list(a)}
        if op == "intersects":
            return bool({_norm(x) for x in _as_list(a)} & {_norm(x) for x in _as_list(b)})
        if op == "regions_overlap":
            return bool(regions(_as_list(a)) & regions(_as_list(b)))
    except TypeError:
        return False
    raise ConditionError(f"unknown operator {op!r}")


BINARY_OPS: tuple[str, ...] = ("eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "contains", "intersects",
                               "regions_overlap")
UNARY_OPS: tuple[str, ...] = ("exists", "truthy")
COMBINATORS: tuple[str, ...] = ("all", "any", "not")


def validate(condition: Any, where: str) -> None:
    """Check a condition's shape when the policy loads, so a bad rule fails at start, not mid-audit."""
    if not isinstance(condition, Mapping) or len(condition) != 1:
        raise ConditionError(f"{where}: a condition is a mapping with exactly one operator")
    (op, arg), = condition.items()
    if op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise ConditionError(f"{where}.{op}: expected a non-empty list of conditions")
        for k, sub in enumerate(arg):
            validate(sub, f"{where}.{op}[{k}]")
    elif op == "not":
        validate(arg, f"{where}.not")
    elif op in BINARY_OPS:
        if not isinstance(arg, list) or len(arg) != 2:
            raise ConditionError(f"{where}.{op}: expected a list of two operands")
        for operand in arg:
            _check_operand(operand, f"{where}.{op}")
    elif op in UNARY_OPS:
        if not is_reference(arg):
            raise ConditionError(f"{where}.{op}: expected a fact reference such as term.value")
    else:
        raise ConditionError(f"{where}: unknown operator {op!r} (known: {', '.join(COMBINATORS + BINARY_OPS + UNARY_OPS)})")


def _check_operand(operand: Any, where: str) -> None:
    if isinstance(operand, Mapping):
        if set(operand) != {"literal"}:
            raise ConditionError(f"{where}: a mapping operand must be {{literal: value}}")
    elif isinstance(operand, str) and "." in operand and not is_reference(operand) and " " not in operand \
            and operand.split(".", 1)[0].isidentifier() and not operand[0].isdigit():
        # Catches misspelt namespaces ("profiles.uses") that would otherwise compare as a literal string.
        raise ConditionError(f"{where}: {operand!r} looks like a reference to an unknown fact namespace "
                             f"(known: {', '.join(NAMESPACES)}); write {{literal: ...}} for a literal")


def evaluate(condition: Mapping[str, Any], facts: Mapping[str, Any], regions: RegionExpander) -> Outcome:
    (op, arg), = condition.items()
    if op in ("all", "any"):
        # Kleene logic: one decisive operand (False for all, True for any) settles it; otherwise
        # any undecided operand leaves the whole undecided.
        decisive = op == "any"
        outcomes = [evaluate(c, facts, regions) for c in arg]
        if any(o.value is decisive for o in outcomes):
            return Outcome(decisive)
        undecided = frozenset().union(*(o.missing for o in outcomes))
        return Outcome(None, undecided) if any(o.value is None for o in outcomes) else Outcome(not decisive)
    if op == "not":
        inner = evaluate(arg, facts, regions)
        return inner if inner.value is None else Outcome(not inner.value)
    if op in UNARY_OPS:
        value = resolve(facts, arg)
        if value is MISSING and arg.startswith("profile."):
            return Outcome(None, frozenset({arg.split(".", 1)[1]}))
        return Outcome(value is not MISSING and (op == "exists" or bool(value)))
    values: list[Any] = []
    missing: set[str] = set()
    for operand in arg:
        if isinstance(operand, Mapping):
            values.append(operand["literal"])
        elif is_reference(operand):
            value = resolve(facts, operand)
            if value is MISSING:
                if operand.startswith("profile."):
                    missing.add(operand.split(".", 1)[1])
                else:
                    return FALSE
            values.append(value)
        else:
            values.append(operand)
    if missing:
        return Outcome(None, frozenset(missing))
    return Outcome(_compare(op, values[0], values[1], regions))
