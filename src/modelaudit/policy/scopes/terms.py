"""Scope ``term``: each term of the types a rule names (``term:``), of each licence in force."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelaudit.policy.facts import LICENSE, TERM, term_facts
from modelaudit.policy.scopes.base import Context, Scope, Subject
from modelaudit.policy.scopes.licenses import licence_contexts

if TYPE_CHECKING:
    from modelaudit.policy.rules import Rule


def _contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    for eff, facts, fields in licence_contexts(subject):
        if eff.license is None:
            continue  # an unidentified licence has no known terms (the fail-closed rules report it)
        for term in eff.reached_terms:  # only the duties, for a licence reaching through outputs
            if term.type in rule.terms:
                yield ({**subject.base, "license": facts, "term": term_facts(term)},
                       {**fields, "clause": term.clause, "term": term.type, "_term": term})


SCOPE = Scope("term", "each term of each effective licence", (TERM, LICENSE), _contexts, needs_terms=True)
