"""``check --format junit``: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, GitHub actions).

One testsuite, one testcase per audited model (name = model id, classname ``modelaudit.check``).
Block and unknown verdicts are ``<failure>`` elements whose text lists the block and unknown
findings, so the CI view shows why without opening another report; warn passes, except when the run
fails on warn (``--fail-on warn``, ``AuditReport.fail_on_warn``): then a warn is a failure too, so
that ``failures`` always agrees with the exit status. Every testcase's
``<system-out>`` carries what the other human reports carry, from the same view
(:mod:`modelaudit.formats.view`): the verdict and what decided it, the counts, the findings, the
obligations checklist and the waived findings.

Verdict and revision of each model are suite-level ``<property>`` elements (``<model>:verdict``,
``<model>:revision``) and lead every testcase's ``<system-out>``: the widely used JUnit schema
(Jenkins' junit-10.xsd, the one pytest validates against) allows properties on a testsuite, not on
a testcase, and a file that fails that schema is dropped by stricter CI importers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from modelaudit.exit_codes import fails
from modelaudit.formats.view import ModelView, report_view, waiver_text
from modelaudit.kinds import Severity
from modelaudit.results import AuditReport, Finding

CLASSNAME = "modelaudit.check"
# Characters XML 1.0 cannot carry at all (not even escaped); card text may contain them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def finding_text(finding: Finding) -> str:
    label = "WAIVED" if finding.waived else finding.severity.value.upper()
    about = " ".join(p for p in (finding.license or "", finding.clause or "") if p)
    lines = [f"[{label}] {finding.rule}" + (f" ({about})" if about else "") + f": {finding.message}"]
    if finding.path and len(finding.path) > 1:
        lines.append(f"    via {' -> '.join(finding.path)}")
    if finding.inferred:
        lines.append("    rests on inferred lineage")
    if finding.url:
        lines.append(f"    licence text: {finding.url}")
    lines += [f"    evidence: {e}" for e in finding.evidence]
    if finding.remediation:
        lines.append(f"    remediation: {finding.remediation}")
    if finding.waiver is not None:
        lines.append(f"    waiver: {waiver_text(finding.waiver)}")
    return "\n".join(lines)


def _summary(mv: ModelView) -> list[str]:
    model = mv.model
    return [f"verdict: {model.verdict.value}", f"revision: {model.revision or 'unknown'}",
            f"declared licences: {', '.join(model.declared) or 'none'}", f"effective licences: {mv.effective_ids}",
            f"decided by: {mv.reasons_text}", f"counts: {mv.counts.summary()}"]


def _testcase(suite: ET.Element, mv: ModelView, *, fail_on_warn: bool) -> None:
    model = mv.model
    case = ET.SubElement(suite, "testcase", name=_x(model.model), classname=CLASSNAME, time="0")
    # What fails the CI job: every active block or unknown finding, obligations included (and the
    # warnings, when the run fails on warn).
    severities = {Severity.BLOCK, Severity.UNKNOWN} | ({Severity.WARN} if fail_on_warn else set())
    failing = [f for f in mv.active if f.severity in severities]
    if fails(model.verdict, fail_on_warn=fail_on_warn):
        rules = ", ".join(dict.fromkeys(f.rule for f in failing)) or "see findings"
        failure = ET.SubElement(case, "failure", type=model.verdict.value,
                                message=_x(f"{model.verdict.value}: {mv.counts.summary()}; fails on {rules}"))
        failure.text = _x("\n\n".join(finding_text(f) for f in failing) or model.verdict.value)
    out = _summary(mv)
    out += ["", f"findings ({mv.counts.findings}):", *(finding_text(f) for f in mv.findings)]
    out += ["", f"obligations to meet ({mv.counts.obligations}):",
            *(f"[ ] {i.obligation.license} {i.obligation.clause}: {i.obligation.summary or i.obligation.value}"
              for i in mv.obligations)]
    out += ["", f"facts to know ({mv.counts.facts}):",
            *(f"- {i.obligation.license} {i.obligation.clause}: {i.obligation.summary or i.obligation.value}"
              for i in mv.facts)]
    out += ["", f"waived ({mv.counts.waived}):", *(finding_text(f) for f in mv.waived)]
    ET.SubElement(case, "system-out").text = _x("\n".join(out))


def junit_tree(report: AuditReport) -> ET.Element:
    failures = sum(1 for m in report.results if fails(m.verdict, fail_on_warn=report.fail_on_warn))
    tests = str(len(report.results))
    root = ET.Element("testsuites", name="modelaudit", tests=tests, failures=str(failures), errors="0", time="0")
    suite = ET.SubElement(root, "testsuite", name="modelaudit check", tests=tests, failures=str(failures), errors="0",
                          skipped="0", time="0", timestamp=_x(report.generated_at))
    props = ET.SubElement(suite, "properties")
    pairs = [("modelaudit.version", report.tool_version), ("verdict", report.verdict.value),
             ("policy", report.policy.source), ("policy_name", report.policy.name),
             ("profile", report.profile.source or "none"), ("waivers", report.waivers_source or "none"),
             ("data_sources", "; ".join(report.data_sources)), ("report_id", report.report_id),
             ("counts", report.counts.summary())]
    for model in report.results:
        pairs += [(f"{model.model}:verdict", model.verdict.value), (f"{model.model}:revision", model.revision or "unknown")]
    for name, value in pairs:
        ET.SubElement(props, "property", name=_x(name), value=_x(value))
    for mv in report_view(report).models:
        _testcase(suite, mv, fail_on_warn=report.fail_on_warn)
    return root


def render(report: AuditReport, *, color: bool = False) -> str:
    root = junit_tree(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
