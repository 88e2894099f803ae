"""The condition language of policy rules, evaluated in three-valued logic.

A condition is YAML data: ``{all: [...]}``, ``{any: [...]}``, ``{not: c}``, or one operator with
its operands, e.g. ``{gt: [profile.monthly_active_users, term.value]}``. An operand that starts
with a fact namespace (``term.``, ``license.``, ``profile.`` ...) is a reference; anything else is
a literal (write ``{literal: "term.x"}`` for the rare literal that looks like a reference).

Why three values: a profile field the organisation did not fill in must not read as "no". A
comparison that needs a missing ``profile.*`` fact is *undecided*, and the engine reports the rule
as a warning naming the field, instead of passing silently. Other missing facts (a term without
an optional parameter) simply make the comparison false.

Types: every fact has a type (declared by its namespace, ``types.Namespace``; the namespaces a rule
sees are its scope's, from the registry in ``scopes/``). When the policy loads, a literal whose type can
never compare with the fact it is compared with (``gt: [profile.monthly_active_users, "1000000"]``)
is an error, because such a comparison would read "no" on every model and the rule would never
fire. A value of an unexpected type at run time makes the comparison undecided, never false.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from modelaudit.policy import scopes
from modelaudit.policy.types import ANY, FLAG, NULL, NUMBER, TEXT, list_of
from modelaudit.policy.types import LIST_OF as _LIST

MISSING = object()


@dataclass(frozen=True)
class Outcome:
    """``value`` is True, False or None (undecided); ``missing`` names the profile fields that would
    decide it, ``problems`` the comparisons that could not be made (values of the wrong type)."""

    value: bool | None
    missing: frozenset[str] = frozenset()
    problems: frozenset[str] = frozenset()


FALSE = Outcome(False)


def is_reference(operand: Any) -> bool:
    """An operand naming a fact: it starts with a namespace some registered scope (or every rule) sees."""
    return isinstance(operand, str) and "." in operand and operand.split(".", 1)[0] in scopes.namespaces()


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


def kind_of(value: Any) -> str:
    """The type word of a value: NUMBER, TEXT, FLAG, NULL, "list" or the Python type name."""
    if isinstance(value, bool):
        return FLAG
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, str):
        return TEXT
    if value is None:
        return NULL
    if isinstance(value, (list, tuple, set, frozenset)):
        return "list"
    return type(value).__name__


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Undecidable(Exception):
    """A comparison between values of types that cannot be compared; the message says which."""


def _clash(a: Any, b: Any) -> Undecidable:
    return Undecidable(f"cannot compare {kind_of(a)} {_shown(a)} with {kind_of(b)} {_shown(b)}")


def _same(a: Any, b: Any) -> bool:
    """Equality of two scalars (text case-insensitively); raises Undecidable for different types."""
    if a is None or b is None:
        return a is b
    ka, kb = kind_of(a), kind_of(b)
    if ka != kb or ka not in (NUMBER, TEXT, FLAG):
        raise _clash(a, b)
    return bool(_norm(a) == _norm(b))


def _member(item: Any, items: Any) -> bool:
    """``item`` equals an element of ``items``: one match decides; otherwise an element of another
    type leaves it undecided (it might have matched had the data had the expected type)."""
    if kind_of(item) == "list":
        raise Undecidable(f"expected a single value, got the list {_shown(item)}")
    problem: Undecidable | None = None
    for element in _as_list(items):
        try:
            if _same(item, element):
                return True
        except Undecidable as exc:
            problem = problem or exc
    if problem is not None:
        raise problem
    return False


def _compare(op: str, a: Any, b: Any, regions: RegionExpander) -> bool:
    """One comparison; raises Undecidable when the values' types do not allow it."""
    if op in ("eq", "ne"):
        if kind_of(a) == "list" and kind_of(b) == "list":
            equal = [_norm(x) for x in _as_list(a)] == [_norm(x) for x in _as_list(b)]
        else:
            equal = _same(a, b)
        return equal if op == "eq" else not equal
    if op in ("gt", "ge", "lt", "le"):
        if kind_of(a) != NUMBER or kind_of(b) != NUMBER or a != a or b != b:  # x != x: NaN, never ordered
            raise Undecidable(f"{op} needs two numbers, got {kind_of(a)} {_shown(a)} and {kind_of(b)} {_shown(b)}")
        return bool({"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op])
    if op == "in":
        return _member(a, b)
    if op == "not_in":
        return not _member(a, b)
    if op == "contains":
        return _member(b, a)
    if op == "intersects":
        hit = False
        problem: Undecidable | None = None
        for x in _as_list(a):
            try:
                hit = _member(x, b)
            except Undecidable as exc:
                problem = problem or exc
            if hit:
                return True
        if problem is not None:
            raise problem
        return False
    if op == "regions_overlap":
        codes = _as_list(a) + _as_list(b)
        odd = next((c for c in codes if kind_of(c) != TEXT), MISSING)
        if odd is not MISSING:
            raise Undecidable(f"a region must be text, got {kind_of(odd)} {_shown(odd)}")
        return bool(regions(_as_list(a)) & regions(_as_list(b)))
    raise ConditionError(f"unknown operator {op!r}")


BINARY_OPS: tuple[str, ...] = ("eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "contains", "intersects",
                               "regions_overlap")
UNARY_OPS: tuple[str, ...] = ("exists", "truthy")
COMBINATORS: tuple[str, ...] = ("all", "any", "not")


FactTyper = Callable[[str], str]
"""The type of a fact reference for one rule; raises ValueError (the message says why) for a
reference the rule cannot use: an unknown fact, or a namespace its scope does not provide."""


def validate(condition: Any, where: str, fact_type: FactTyper | None = None) -> None:
    """Check a condition's shape when the policy loads, so a bad rule fails at start, not mid-audit.
    With ``fact_type``, also that every reference is a known fact and every comparison can be made."""
    if not isinstance(condition, Mapping) or len(condition) != 1:
        raise ConditionError(f"{where}: a condition is a mapping with exactly one operator")
    (op, arg), = condition.items()
    if op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise ConditionError(f"{where}.{op}: expected a non-empty list of conditions")
        for k, sub in enumerate(arg):
            validate(sub, f"{where}.{op}[{k}]", fact_type)
    elif op == "not":
        validate(arg, f"{where}.not", fact_type)
    elif op in BINARY_OPS:
        if not isinstance(arg, list) or len(arg) != 2:
            raise ConditionError(f"{where}.{op}: expected a list of two operands")
        for operand in arg:
            _check_operand(operand, f"{where}.{op}")
        if fact_type is not None:
            _check_types(op, arg, f"{where}.{op}", fact_type)
    elif op in UNARY_OPS:
        if not is_reference(arg):
            raise ConditionError(f"{where}.{op}: expected a fact reference such as term.value")
        if fact_type is not None:
            _reference_type(arg, f"{where}.{op}", fact_type)
    else:
        raise ConditionError(f"{where}: unknown operator {op!r} (known: {', '.join(COMBINATORS + BINARY_OPS + UNARY_OPS)})")


def _reference_type(reference: str, where: str, fact_type: FactTyper) -> str:
    try:
        return fact_type(reference)
    except ValueError as exc:
        raise ConditionError(f"{where}: {exc}") from None


@dataclass(frozen=True)
class _Operand:
    shown: str  # the reference, or the literal as YAML would print it
    type: str
    literal: Any = MISSING  # the value of a literal operand

    @property
    def is_list(self) -> bool:
        return self.type.startswith(_LIST) or self.type == "list"

    def element_types(self) -> list[str]:
        """The types a membership test compares one by one: each literal element, or the list's type."""
        if self.literal is not MISSING:
            return [_literal_type(v) for v in _as_list(self.literal)]
        return [self.type[len(_LIST):] if self.type.startswith(_LIST) else self.type]

    def described(self) -> str:
        return f"{self.shown} is {_article(self.type)}"


def _literal_type(value: Any) -> str:
    kind = kind_of(value)
    if kind == "list":
        kinds = {kind_of(v) for v in _as_list(value)}
        return list_of(kinds.pop()) if len(kinds) == 1 else "list"
    return kind


def _article(type_: str) -> str:
    return type_ if type_ in (TEXT, FLAG, NULL) else f"a {type_}"


def _operand(operand: Any, where: str, fact_type: FactTyper) -> _Operand:
    if isinstance(operand, Mapping):
        operand = operand["literal"]
    elif is_reference(operand):
        return _Operand(operand, _reference_type(operand, where, fact_type))
    return _Operand(_yaml_shown(operand), _literal_type(operand), operand)


def _yaml_shown(value: Any) -> str:
    """A literal as the policy author wrote it (YAML spelling for true, false and null)."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return _shown(value)


def _fits(a: str, b: str) -> bool:
    """Two scalar types that may be compared: the same, or either one null or not fixed in advance."""
    return a == b or ANY in (a, b) or NULL in (a, b)


def _hint(a: _Operand, b: _Operand) -> str:
    """How to fix the usual cause: YAML quoting, which decides whether a value is text or not."""
    fact, literal = (a, b) if b.literal is not MISSING else (b, a)
    if literal.literal is MISSING:
        return ""
    value = literal.literal
    if fact.type == NUMBER and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        return f"; write {value.strip()} without quotes"
    if fact.type in (TEXT, list_of(TEXT)) and literal.type != TEXT:
        return "; quote it if you mean text (YAML reads yes, no, on, off, numbers and dates unquoted as other types)"
    return ""


_NUMBER_TEXT = re.compile(r"\s*-?\d[\d_,]*(?:\.\d+)?(?:[eE][+-]?\d+)?\s*")


def _check_types(op: str, arg: list[Any], where: str, fact_type: FactTyper) -> None:
    """Reject a comparison whose operand types can never compare: it would be false (or undecided)
    on every model, and a block rule would silently never fire."""
    a, b = (_operand(x, where, fact_type) for x in arg)
    if a.literal is not MISSING and b.literal is not MISSING:
        return  # two literals: a constant, odd but harmless
    literal_at = 1 if b.literal is not MISSING else 0 if a.literal is not MISSING else 1

    def fail(why: str, index: int = literal_at) -> ConditionError:
        return ConditionError(f"{where}[{index}]: {a.described()} and {b.described()}: {why}{_hint(a, b)}")

    if op in ("gt", "ge", "lt", "le"):
        for index, side in enumerate((a, b)):
            if side.type not in (NUMBER, ANY):
                raise fail(f"{op} compares numbers", index)
    elif op in ("eq", "ne"):
        if ANY in (a.type, b.type) or NULL in (a.type, b.type):
            return
        if a.is_list != b.is_list:
            raise fail("a list never equals a single value (use contains or in)")
        if not a.is_list and a.type != b.type:
            raise fail("they can never be equal")
    elif op in ("in", "not_in", "contains"):
        item, items = (a, b) if op != "contains" else (b, a)
        if item.is_list and item.type != ANY:
            raise fail(f"{op} looks for one value in a list", 0 if op != "contains" else 1)
        bad = [t for t in items.element_types() if not _fits(item.type, t)]
        if bad:
            raise fail(f"an element of type {bad[0]} never equals {_article(item.type)}")
    elif op == "intersects":
        for fixed, other in ((a, b), (b, a)):
            if fixed.literal is MISSING:
                bad = [t for t in other.element_types() if not any(_fits(t, f) for f in fixed.element_types())]
                if bad:
                    raise fail(f"an element of type {bad[0]} never equals an element of {fixed.shown}")
    elif op == "regions_overlap":
        for index, side in enumerate((a, b)):
            if not all(t in (TEXT, ANY) for t in side.element_types()):
                raise fail("regions are text codes such as EU or US", index)


def _check_operand(operand: Any, where: str) -> None:
    if isinstance(operand, Mapping):
        if set(operand) != {"literal"}:
            raise ConditionError(f"{where}: a mapping operand must be {{literal: value}}")
    elif isinstance(operand, str) and "." in operand and not is_reference(operand) and " " not in operand \
            and operand.split(".", 1)[0].isidentifier() and not operand[0].isdigit():
        # Catches misspelt namespaces ("profiles.uses") that would otherwise compare as a literal string.
        raise ConditionError(f"{where}: {operand!r} looks like a reference to an unknown fact namespace "
                             f"(known: {', '.join(scopes.namespaces())}); write {{literal: ...}} for a literal")


def evaluate(condition: Mapping[str, Any], facts: Mapping[str, Any], regions: RegionExpander) -> Outcome:
    (op, arg), = condition.items()
    if op in ("all", "any"):
        # Kleene logic: one decisive operand (False for all, True for any) settles it; otherwise
        # any undecided operand leaves the whole undecided.
        decisive = op == "any"
        outcomes = [evaluate(c, facts, regions) for c in arg]
        if any(o.value is decisive for o in outcomes):
            return Outcome(decisive)
        if not any(o.value is None for o in outcomes):
            return Outcome(not decisive)
        return Outcome(None, frozenset().union(*(o.missing for o in outcomes)),
                       frozenset().union(*(o.problems for o in outcomes)))
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
    try:
        return Outcome(_compare(op, values[0], values[1], regions))
    except Undecidable as exc:
        return Outcome(None, problems=frozenset({f"{op} [{_operand_text(arg[0])}, {_operand_text(arg[1])}]: {exc}"}))
    except TypeError as exc:  # a value type no check above foresaw: still undecided, never "no"
        return Outcome(None, problems=frozenset({f"{op}: {exc}"}))


def _operand_text(operand: Any) -> str:
    if isinstance(operand, Mapping):
        return _shown(operand.get("literal"))
    return operand if is_reference(operand) else _shown(operand)


__all__ = [
    "ANY", "BINARY_OPS", "COMBINATORS", "FLAG", "MISSING", "NULL", "NUMBER", "TEXT", "UNARY_OPS", "ConditionError",
    "FactTyper", "Outcome", "RegionExpander", "evaluate", "is_reference", "kind_of", "list_of", "resolve", "validate",
]
