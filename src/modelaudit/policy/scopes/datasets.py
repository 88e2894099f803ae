"""Scope ``dataset``: each data licence of the model (``ModelAnalysis.data_licenses``).

One context per *entry* of each dataset the model (or an ancestor whose weights it carries) was trained on:
each licence it declares (``dataset.entry`` = ``license``; a mixture's per-subset licences are entries of
their own, ``dataset.subset`` naming the part), ``unstated`` when it declares none (or could not be read),
and ``service`` for each closed service whose outputs are in it (a model distilled straight from a service
has that service entry alone). A rule that names term types (``term:``) is evaluated against each such term
of each identified dataset licence, with ``term.*`` facts, so that data duties become obligations.

Dataset licences are never effective licences of the model; this scope is how policy speaks about them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelaudit.policy.facts import TERM, TEXTS, arrow, term_facts
from modelaudit.policy.scopes.base import Context, Scope, Subject
from modelaudit.policy.scopes.licenses import path_evidence
from modelaudit.policy.types import FLAG, TEXT, Namespace

if TYPE_CHECKING:
    from modelaudit.licensing.data import DataSource, ServiceUse
    from modelaudit.licensing.identify import IdentifiedLicense
    from modelaudit.policy.rules import Rule

DATASET = Namespace("dataset", {
    "id": TEXT, "repo": TEXT, "label": TEXT, "kind": TEXT, "status": TEXT, "read": FLAG, "entry": TEXT,
    "license": TEXT, "name": TEXT, "raw": TEXT, "category": TEXT, "url": TEXT, "evidence": TEXT, "subset": TEXT,
    "reason": TEXT, "path": TEXTS, "path_text": TEXT, "via": TEXT, "relations": TEXTS, "inferred": FLAG,
    "generators": TEXTS, "services": TEXTS, "service": TEXT, "terms_name": TEXT, "terms_url": TEXT,
    "terms_clause": TEXT, "terms_summary": TEXT, "outputs": TEXT, "outputs_clause": TEXT, "outputs_summary": TEXT,
    "reached": FLAG,
})

_NOT_READ = "its card could not be read (the dataset is {status})"


def _source_facts(source: DataSource) -> dict[str, Any]:
    facts: dict[str, Any] = dict.fromkeys(DATASET.facts)  # every fact present; entries fill in theirs
    return {
        **facts,
        "id": source.id, "repo": source.repo, "label": source.repo, "kind": source.kind, "status": source.status,
        "read": source.read, "path": list(source.path), "path_text": arrow(source.path),
        "via": "directly" if len(source.path) == 2 else f"through {arrow(source.path)}",
        "relations": [r.value for r in source.relations], "inferred": source.inferred,
        "generators": list(source.generators), "services": [s.id for s in source.services], "reached": False,
    }


def _licence_facts(item: IdentifiedLicense, reached: set[str]) -> dict[str, Any]:
    lic = item.license
    # A part's licence as written, without the "<part> subset: " the raw value starts with.
    value = item.raw.split(": ", 1)[-1] if item.subset and ": " in item.raw else item.raw
    facts: dict[str, Any] = {
        "entry": "license", "license": item.id, "raw": item.raw, "evidence": item.evidence, "subset": item.subset,
        "name": lic.name if lic else value, "category": lic.category if lic else "unknown",
        "url": lic.url if lic else None, "reached": item.id in reached,
        "reason": f'the declared licence "{value}" (read from {item.evidence}) is not in the knowledge base'
        if lic is None else "",
    }
    if lic is not None:
        facts.update(outputs=lic.outputs.reach, outputs_clause=lic.outputs.clause, outputs_summary=lic.outputs.summary)
    return facts


def _service_facts(service: ServiceUse) -> dict[str, Any]:
    terms = service.terms
    return {
        "entry": "service", "service": service.id, "category": "service", "license": None,
        "terms_name": terms.name if terms else f"the terms of {service.id} (not in the knowledge base)",
        "terms_url": terms.url if terms else None, "terms_clause": terms.clause if terms else None,
        "terms_summary": terms.summary if terms else "Read the service's terms for what they say about its outputs.",
    }


def _entries(source: DataSource, reached: set[str]) -> Iterator[tuple[dict[str, Any], IdentifiedLicense | None]]:
    """The source's entries as facts, with the identified licence each one is about."""
    if source.kind == "dataset":
        if not source.licenses:
            reason = ("its card declares no licence" if source.read
                      else _NOT_READ.format(status=source.status))
            yield {"entry": "unstated", "license": "none", "name": "no licence stated", "category": "none",
                   "reason": reason}, None
        for item in source.licenses:
            yield _licence_facts(item, reached), item


def _contexts(rule: Rule, subject: Subject) -> Iterator[Context]:
    analysis = subject.analysis
    # Licences that already reach the model another way (its weights, or the outputs of the model that generated
    # its data): data published under one of them says nothing new about the model.
    reached = {e.id for e in subject.effective} | {r.id for r in analysis.propagation.restrictions_of(analysis.subject)}
    for source in analysis.data_licenses:
        base = _source_facts(source)
        evidence, inferred = path_evidence(analysis, source.path)
        fields: dict[str, Any] = {"origin": source.id, "path": source.path, "inferred": inferred}
        for facts, item in _entries(source, reached):
            facts = {**base, **facts}
            if item is not None and item.subset:
                facts["label"] = f"{source.repo} ({item.subset} {'subset' if ',' not in item.subset else 'subsets'})"
            part = f", for its {item.subset} part" if item and item.subset else ""
            read_from = (f"{source.id}: licence read from {item.evidence}{part}",) if item else ()
            entry_fields = {**fields, "license": item.id if item else None, "url": facts.get("url"),
                            "evidence": (*evidence, *read_from)}
            if not rule.terms:
                yield {**subject.base, "dataset": facts}, entry_fields
                continue
            lic = item.license if item is not None else None
            for term in lic.terms if lic is not None else ():
                if term.type in rule.terms:
                    yield ({**subject.base, "dataset": facts, "term": term_facts(term)},
                           {**entry_fields, "clause": term.clause, "term": term.type, "_term": term})
        if rule.terms:
            continue  # a service has no licence terms
        for service in source.services:
            path = source.path if source.kind == "service" else (service.id, *source.path)
            facts = {**base, **_service_facts(service), "path": list(path), "path_text": arrow(path)}
            yield {**subject.base, "dataset": facts}, {
                **fields, "path": path, "clause": facts["terms_clause"], "url": facts["terms_url"],
                "evidence": (*evidence, *(f"{service.id} → {source.id}: {d}" for d in service.evidence)),
                "inferred": inferred or service.inferred}


SCOPE = Scope("dataset", "each data licence (dataset licence, subset licence, closed-service terms) of the model",
              (DATASET, TERM), _contexts)
