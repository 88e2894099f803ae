"""``check --format sarif``: SARIF 2.1.0 for code-scanning dashboards and CI annotations.

- The driver declares every rule of the policy in force (plus the synthetic ``expired-waiver``
  rule the waiver register produces), so a viewer can show rules that did not fire as well.
- One result per finding. Levels: block and unknown -> ``error`` (unknown fails closed, as the
  verdict does), warn -> ``warning``, info -> ``note``.
- ``partialFingerprints`` hash what identifies a finding (model, rule, licence, clause, origin),
  never its message or the time, so a dashboard tracks one alert across runs even when wording or
  lineage evidence changes. Findings that share all of those (a licence with several attribution
  duties in one clause) are told apart by their rank among themselves, which is stable because the
  engine orders findings deterministically.
- Locations: the file and line a model was named at (``--from-file``, ``scan``) as physical
  locations; otherwise a logical location naming the model.
- Waived findings stay in the log as suppressions (kind external, status accepted) carrying the
  reason, approver and expiry, so the approval is auditable in the same place as the alert.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from modelaudit.kinds import Severity
from modelaudit.policy.rules import Rule
from modelaudit.results import AuditReport, Finding, Location, ModelReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/modelaudit-license/"
FINGERPRINT_KEY = "modelauditFinding/v1"  # versioned: if the recipe ever changes, the key changes with it

LEVELS: dict[Severity, str] = {
    Severity.BLOCK: "error",
    Severity.UNKNOWN: "error",
    Severity.WARN: "warning",
    Severity.INFO: "note",
}

EXPIRED_WAIVER = Rule(
    id="expired-waiver",
    description="A waiver in the register has expired while the finding it accepted still stands.",
    severity=Severity.BLOCK,
    scope="model",
    message="the waiver expired",
    remediation="Review the finding again and renew the waiver with a new expiry date, or fix the cause.",
    builtin=True,
)


def _descriptor(rule: Rule) -> dict[str, Any]:
    help_text = rule.remediation or rule.description
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.description.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": rule.description},
        "help": {"text": f"Remediation: {help_text}" if rule.remediation else help_text},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "severity": rule.severity.value,
            "scope": rule.scope,
            "builtin": rule.builtin,
            "tags": ["license-compliance", *(["fail-closed"] if rule.severity is Severity.UNKNOWN else [])],
        },
    }


def _unknown_rule(rule_id: str, severity: Severity) -> Rule:
    """A descriptor for a finding whose rule the policy does not list (kept so ``ruleIndex`` is valid)."""
    return Rule(id=rule_id, description=f"Finding {rule_id} reported by modelaudit.", severity=severity,
                scope="model", message="")


def fingerprint(model: ModelReport, finding: Finding, occurrence: int) -> str:
    key = "\x1f".join([model.model.lower(), finding.rule, finding.license or "", finding.clause or "",
                       finding.origin or "", str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _uri(path: str) -> dict[str, str]:
    """An artifactLocation for where a reference was named: relative paths stay relative to the
    source root (what code-scanning services resolve); absolute ones become file URIs."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return {"uri": PurePosixPath(posix).as_uri()}
    if PureWindowsPath(path).is_absolute():
        return {"uri": PureWindowsPath(path).as_uri()}
    return {"uri": quote(posix.removeprefix("./"), safe="/"), "uriBaseId": "%SRCROOT%"}


def _physical(location: Location) -> dict[str, Any]:
    if location.line <= 0:
        # A model artefact (a GGUF file, a model folder, an Ollama manifest): the file is the location; a
        # region would point at a line of a binary file. Its description is the location's message.
        physical: dict[str, Any] = {"physicalLocation": {"artifactLocation": _uri(location.path)}}
        if location.snippet:
            physical["message"] = {"text": location.snippet}
        return physical
    region: dict[str, Any] = {"startLine": max(1, location.line), "startColumn": max(1, location.column)}
    if location.snippet:
        region["snippet"] = {"text": location.snippet}
    return {"physicalLocation": {"artifactLocation": _uri(location.path), "region": region}}


def _logical(model: ModelReport) -> dict[str, Any]:
    full = f"{model.model}@{model.revision}" if model.revision else model.model
    return {"logicalLocations": [{"name": model.model, "fullyQualifiedName": full, "kind": "module"}]}


def _result(model: ModelReport, finding: Finding, index: int, occurrence: int) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "model": model.model,
        "revision": model.revision,
        "verdict": model.verdict.value,
        "severity": finding.severity.value,
        "license": finding.license,
        "from": finding.origin,
        "path": list(finding.path),
        "clause": finding.clause,
        "term": finding.term,
        "evidence": list(finding.evidence),
        "inferred": finding.inferred,
    }
    # Which count the finding is in (see results.Counts): an obligation, a fact to know, or a finding.
    properties["counted_as"] = ("waived" if finding.waived else "obligation" if finding.obligation
                                else "fact" if finding.fact else "finding")
    if finding.url:
        properties["url"] = finding.url
    if finding.missing:
        properties["missing_profile_fields"] = list(finding.missing)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_physical(loc) for loc in model.locations] or [_logical(model)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(model, finding, occurrence)},
        "properties": {k: v for k, v in properties.items() if v not in (None, [])},
    }
    if model.locations:
        result["relatedLocations"] = [{"id": 0, **_logical(model)}]
    if finding.waiver is not None:
        w = finding.waiver
        ticket = f", ticket {w.ticket}" if w.ticket else ""
        result["suppressions"] = [{
            "kind": "external",
            "status": "accepted",
            "justification": f"{w.reason} (approved by {w.approver} until {w.expires.isoformat()}{ticket})",
            "properties": {"approver": w.approver, "expires": w.expires.isoformat(), "ticket": w.ticket,
                           "waiver_model": w.model, "waiver_rule": w.rule},
        }]
    return result


def _utc(timestamp: str) -> str:
    """SARIF wants UTC times in the ``Z`` form; ``generated_at`` is ISO 8601 with ``+00:00``."""
    return timestamp.removesuffix("+00:00") + "Z" if timestamp.endswith("+00:00") else timestamp


def sarif_log(report: AuditReport) -> dict[str, Any]:
    rules = list(report.policy.rules)
    if not any(r.id == EXPIRED_WAIVER.id for r in rules):
        rules.append(EXPIRED_WAIVER)
    for model in report.results:
        for finding in model.findings:
            if not any(r.id == finding.rule for r in rules):
                rules.append(_unknown_rule(finding.rule, finding.severity))
    index = {rule.id: k for k, rule in enumerate(rules)}

    results: list[dict[str, Any]] = []
    for model in report.results:
        seen: dict[tuple[str, str, str, str], int] = {}
        for finding in model.findings:
            key = (finding.rule, finding.license or "", finding.clause or "", finding.origin or "")
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            results.append(_result(model, finding, index[finding.rule], occurrence))

    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "modelaudit",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(r) for r in rules],
            }},
            "invocations": [{"executionSuccessful": True, "endTimeUtc": _utc(report.generated_at)}],
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {
                "verdict": report.verdict.value,
                "models": [{"model": m.model, "reference": m.reference, "revision": m.revision,
                            "verdict": m.verdict.value, "counts": m.counts.to_json()} for m in report.results],
                "counts": report.counts.to_json(),
                "report_id": report.report_id,
                "policy": report.policy.source,
                "policy_name": report.policy.name,
                "profile": report.profile.to_json(),
                "waivers": report.waivers_source,
                "data_sources": list(report.data_sources),
            },
        }],
    }


def render(report: AuditReport, *, color: bool = False) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
