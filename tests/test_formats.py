"""The report formats of issue 6, each checked with its standard's own tooling.

- SARIF: the OASIS SARIF 2.1.0 JSON schema (vendored, see tests/schemas/sarif-2.1.0.json.origin).
- JUnit: ElementTree parse + Jenkins' junit-10.xsd via xmlschema (vendored, see its .origin file).
- SPDX: spdx-tools' validator, and a parse back with its parser.
- CycloneDX: cyclonedx-python-lib's strict 1.6 JSON validator (it ships the schemas).
- Markdown: rendered with markdown-it-py (CommonMark with raw HTML on, the dangerous setting).
- HTML: parsed for tags and attributes, and rendered in headless Chromium when it is installed.

Untrusted card text (a licence name with ``<script>``, Markdown links to ``javascript:``, a local
directory whose name holds an ``<img onerror>``) must come out inert in every human format.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from helpers import cyclonedx_errors
from modelaudit.formats import FORMATS, render
from modelaudit.kinds import DATA_RELATIONS, Verdict
from modelaudit.policy.waivers import Waiver, Waivers
from modelaudit.results import AuditReport, Location
from report_factory import (
    HOSTILE,
    R1_LLAMA,
    REPO_ROOT,
    build_report,
    hostile_model_dir,
    with_model,
)

SCHEMAS = Path(__file__).parent / "schemas"
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
QUANT = "unsloth/DeepSeek-R1-Distill-Llama-70B-bnb-4bit"
QWEN_RESEARCH = "Qwen/Qwen2.5-3B"  # research-only licence: block for commercial use
MISSING = "Qwen/Qwen2-Math-1.5B-Instruct"  # not on the Hub: unknown
NEW_FORMATS = ("markdown", "html", "sarif", "junit", "spdx", "cyclonedx")


# -- reports ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def r1() -> AuditReport:
    return build_report([R1_LLAMA], profile="startup")


@pytest.fixture(scope="module")
def mixed() -> AuditReport:
    """Every verdict but pass, a quantization (VARIANT_OF), a shared ancestry and a missing repo."""
    return build_report([R1_LLAMA, QUANT, QWEN_RESEARCH, MISSING], profile="startup")


WAIVER = Waiver(model="deepseek-ai/*", rule="license-mismatch", reason="Legal accepts the Llama terms for this model",
                approver="Jane Legal", expires=dt.date(2027, 6, 30), ticket="LEGAL-42")
STALE = Waiver(model=R1_LLAMA, rule="governing-law", reason="California venue accepted for the pilot",
               approver="Sam Counsel", expires=dt.date(2026, 1, 31), index=1)


@pytest.fixture(scope="module")
def waived() -> AuditReport:
    waivers = Waivers(entries=(WAIVER, STALE), source="waivers.yaml")
    return build_report([R1_LLAMA], profile="startup", waivers=waivers)


@pytest.fixture(scope="module")
def located() -> AuditReport:
    locations = {R1_LLAMA: (Location("inventory/models.txt", 3, 5, R1_LLAMA), Location("src/app.py", 12, 20))}
    return build_report([R1_LLAMA, QWEN_RESEARCH], profile="startup", locations=locations)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    model = hostile_model_dir(tmp_path_factory.mktemp("hostile"))
    report = build_report([str(model)], profile="startup")
    assert any(HOSTILE in e.raw for e in report.results[0].effective), "the hostile licence name must reach the report"
    return report


@pytest.fixture(scope="module")
def unanalysed(r1: AuditReport) -> AuditReport:
    """A model that could not be analysed at all (``analysis`` None), as the engine may report it."""
    return with_model(r1, 0, analysis=None, verdict=Verdict.UNKNOWN, effective=(), obligations=(), openness=None)


ALL_REPORTS = ("r1", "mixed", "waived", "located", "hostile", "unanalysed")


def _report(request: pytest.FixtureRequest, name: str) -> AuditReport:
    report: AuditReport = request.getfixturevalue(name)
    return report


def test_every_new_format_is_registered_and_renders(r1: AuditReport) -> None:
    for name in NEW_FORMATS:
        assert name in FORMATS
        out = render(r1, name)
        assert out.endswith("\n") and len(out) > 500


# -- SARIF -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    import jsonschema

    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_sarif_is_valid_against_the_oasis_schema(request: pytest.FixtureRequest, sarif_validator: Any, name: str) -> None:
    log = json.loads(render(_report(request, name), "sarif"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert errors == []


def test_sarif_declares_every_policy_rule_and_maps_levels(mixed: AuditReport) -> None:
    log = json.loads(render(mixed, "sarif"))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "modelaudit" and driver["version"] == mixed.tool_version and driver["informationUri"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert set(ids) >= {r.id for r in mixed.policy.rules} | {"expired-waiver"}
    expected = {"block": "error", "unknown": "error", "warn": "warning", "info": "note"}
    for rule in mixed.policy.rules:
        descriptor = rules[ids.index(rule.id)]
        assert descriptor["defaultConfiguration"]["level"] == expected[rule.severity.value]
        assert descriptor["fullDescription"]["text"] == rule.description
        assert descriptor["shortDescription"]["text"] and descriptor["help"]["text"]
        if rule.remediation:
            assert rule.remediation in descriptor["help"]["text"]

    results = log["runs"][0]["results"]
    assert len(results) == sum(len(m.findings) for m in mixed.results)
    for result in results:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == expected[result["properties"]["severity"]]
        assert result["message"]["text"]
    levels = {r["level"] for r in results}
    assert {"error", "warning", "note"} <= levels
    per_model = {m["model"]: m["verdict"] for m in log["runs"][0]["properties"]["models"]}
    assert per_model == {m.model: m.verdict.value for m in mixed.results}


def test_sarif_fingerprints_are_stable_across_runs_and_unique(mixed: AuditReport) -> None:
    again = build_report([R1_LLAMA, QUANT, QWEN_RESEARCH, MISSING], profile="startup",
                         generated_at="2027-01-02T03:04:05+00:00")
    first = json.loads(render(mixed, "sarif"))["runs"][0]["results"]
    second = json.loads(render(again, "sarif"))["runs"][0]["results"]

    def prints(results: list[dict[str, Any]]) -> list[str]:
        return [r["partialFingerprints"]["modelauditFinding/v1"] for r in results]

    assert prints(first) == prints(second)
    assert len(set(prints(first))) == len(first), "two findings must never share a fingerprint"
    # The message is not part of the fingerprint: rewording a finding keeps its alert.
    reworded = with_model(mixed, 0, findings=tuple(dataclasses.replace(f, message=f.message + " (reworded)")
                                                     for f in mixed.results[0].findings))
    assert prints(json.loads(render(reworded, "sarif"))["runs"][0]["results"]) == prints(first)


def test_sarif_waived_findings_are_suppressions_and_expired_waivers_are_errors(waived: AuditReport) -> None:
    results = json.loads(render(waived, "sarif"))["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["license-mismatch"]
    suppression = suppressed[0]["suppressions"][0]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert suppression["justification"] == (
        "Legal accepts the Llama terms for this model (approved by Jane Legal until 2027-06-30, ticket LEGAL-42)")
    expired = [r for r in results if r["ruleId"] == "expired-waiver"]
    assert len(expired) == 1 and expired[0]["level"] == "error" and "suppressions" not in expired[0]


def test_sarif_locations_are_physical_when_the_reference_came_from_a_file(located: AuditReport) -> None:
    results = json.loads(render(located, "sarif"))["runs"][0]["results"]
    r1_results = [r for r in results if r["properties"]["model"] == R1_LLAMA]
    qwen_results = [r for r in results if r["properties"]["model"] == QWEN_RESEARCH]
    assert r1_results and qwen_results
    for result in r1_results:
        physical = [loc["physicalLocation"] for loc in result["locations"]]
        assert physical[0]["artifactLocation"]["uri"] == "inventory/models.txt"
        assert physical[0]["region"] == {"startLine": 3, "startColumn": 5, "snippet": {"text": R1_LLAMA}}
        assert physical[1]["artifactLocation"]["uri"] == "src/app.py"
    for result in qwen_results:
        logical = result["locations"][0]["logicalLocations"][0]
        assert logical["name"] == QWEN_RESEARCH and logical["fullyQualifiedName"].startswith(QWEN_RESEARCH + "@")


# -- JUnit -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_junit_parses_and_is_valid_against_the_jenkins_schema(request: pytest.FixtureRequest, name: str) -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (test extra) validates JUnit XML against the XSD")
    text = render(_report(request, name), "junit")
    ET.fromstring(text.encode("utf-8"))
    xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).validate(text)


def test_junit_has_one_testcase_per_model_and_fails_block_and_unknown(mixed: AuditReport) -> None:
    root = ET.fromstring(render(mixed, "junit").encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [m.model for m in mixed.results]
    assert {c.get("classname") for c in cases} == {"modelaudit.check"}
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    for model, case in zip(mixed.results, cases, strict=True):
        assert properties[f"{model.model}:verdict"] == model.verdict.value
        assert properties[f"{model.model}:revision"] == (model.revision or "unknown")
        failure = case.find("failure")
        out = case.findtext("system-out") or ""
        assert out.startswith(f"verdict: {model.verdict.value}\nrevision: ")
        if model.verdict in (Verdict.BLOCK, Verdict.UNKNOWN):
            assert failure is not None and failure.get("type") == model.verdict.value
            blocking = [f for f in model.active() if f.severity.value in ("block", "unknown")]
            assert all(f.rule in (failure.text or "") for f in blocking)
        else:
            assert failure is None
            if model.verdict is Verdict.WARN:
                assert "\nfindings (" in out and "[WARN]" in out
    assert suite.get("failures") == str(sum(m.verdict in (Verdict.BLOCK, Verdict.UNKNOWN) for m in mixed.results))
    assert suite.get("tests") == str(len(mixed.results))


def test_junit_failures_agree_with_fail_on_warn(mixed: AuditReport) -> None:
    """--fail-on warn makes a warn fail the run (exit 1): JUnit must count it as a failure too."""
    from modelaudit.exit_codes import exit_code_for

    assert any(m.verdict is Verdict.WARN for m in mixed.results)
    for fail_on_warn in (False, True):
        report = dataclasses.replace(mixed, fail_on_warn=fail_on_warn)
        root = ET.fromstring(render(report, "junit").encode("utf-8"))
        failing = {c.get("name") for c in root.iter("testcase") if c.find("failure") is not None}
        expected = {m.model for m in mixed.results
                    if exit_code_for(m.verdict, fail_on_warn=fail_on_warn) != 0}
        assert failing == expected
        assert root.get("failures") == root.find("testsuite").get("failures") == str(len(expected))  # type: ignore[union-attr]
        for case in root.iter("testcase"):
            failure = case.find("failure")
            if failure is not None and failure.get("type") == "warn":
                assert fail_on_warn and "[WARN]" in (failure.text or "")


# -- SPDX ------------------------------------------------------------------------------------------


def _parse_spdx(text: str, tmp_path: Path) -> Any:
    from spdx_tools.spdx.parser.parse_anything import parse_file

    path = tmp_path / "audit.spdx.json"
    path.write_text(text, encoding="utf-8")
    return parse_file(str(path))


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_spdx_passes_the_spdx_tools_validator_and_parses_back(request: pytest.FixtureRequest, tmp_path: Path,
                                                              name: str) -> None:
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    report = _report(request, name)
    document = _parse_spdx(render(report, "spdx"), tmp_path)
    assert validate_full_spdx_document(document) == []
    assert document.creation_info.spdx_version == "SPDX-2.3"


def test_spdx_has_a_package_per_lineage_node_and_the_lineage_relationships(mixed: AuditReport, tmp_path: Path) -> None:
    from spdx_tools.spdx.model.package import PackagePurpose
    from spdx_tools.spdx.model.relationship import RelationshipType
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    data = json.loads(render(mixed, "spdx"))
    document = _parse_spdx(json.dumps(data), tmp_path)
    nodes = {(n.id, n.revision) for m in mixed.results if m.analysis for n in m.analysis.graph.nodes()}
    assert {(p.name, p.version) for p in document.packages} == nodes
    assert len({p.spdx_id for p in document.packages}) == len(document.packages)
    assert all(p.primary_package_purpose is PackagePurpose.OTHER for p in document.packages)
    by_name = {p.name: p for p in document.packages}
    assert by_name[R1_LLAMA].download_location == f"https://huggingface.co/{R1_LLAMA}"
    assert str(by_name[R1_LLAMA].license_declared) == "MIT"
    assert "LicenseRef-scancode-llama-3.3-license-2024" in str(by_name[R1_LLAMA].license_concluded)
    assert "WARN" in (by_name[R1_LLAMA].comment or "")
    # "subject to the Model License" in a deepseek-ai repo: the DeepSeek License, not on the SPDX list.
    assert str(by_name["deepseek-ai/DeepSeek-V3-Base"].license_declared).startswith("LicenseRef-")
    assert not isinstance(by_name["deepseek-ai/DeepSeek-V3-Base"].license_declared, SpdxNoAssertion)
    refs = {i.license_id: i for i in document.extracted_licensing_info}
    llama = refs["LicenseRef-scancode-llama-3.3-license-2024"]
    assert llama.license_name == "Llama 3.3 Community License Agreement" and llama.cross_references

    spdx_id = {p.name: p.spdx_id for p in document.packages}
    relations = {(r.spdx_element_id, r.relationship_type, r.related_spdx_element_id) for r in document.relationships}
    for model in mixed.results:
        assert ("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, spdx_id[model.model]) in relations
    assert (spdx_id[QUANT], RelationshipType.VARIANT_OF, spdx_id[R1_LLAMA]) in relations
    assert (spdx_id[R1_LLAMA], RelationshipType.DESCENDANT_OF, spdx_id["meta-llama/Llama-3.3-70B-Instruct"]) in relations
    assert (spdx_id[R1_LLAMA], RelationshipType.DESCENDANT_OF, spdx_id["deepseek-ai/DeepSeek-R1"]) in relations
    purls = [r.locator for r in by_name[R1_LLAMA].external_references]
    assert purls == [f"pkg:huggingface/{R1_LLAMA}@{mixed.results[0].revision}"]


def test_spdx_falls_back_to_a_licenseref_for_ids_spdx_does_not_list() -> None:
    from license_expression import get_spdx_licensing

    from modelaudit.formats.spdx import _license_ref
    from modelaudit.licensing.knowledge_base import default_knowledge_base

    licensing = get_spdx_licensing()
    mit = default_knowledge_base().get("mit")
    assert mit is not None
    assert _license_ref(mit, licensing) == "MIT"
    assert _license_ref(dataclasses.replace(mit, spdx_id="MIT-Not-On-The-List"), licensing) == "LicenseRef-modelaudit-mit"


def test_spdx_marks_local_and_unknown_licences_as_noassertion(hostile: AuditReport, tmp_path: Path) -> None:
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    document = _parse_spdx(render(hostile, "spdx"), tmp_path)
    local = next(p for p in document.packages if p.name == hostile.results[0].model)
    assert isinstance(local.download_location, SpdxNoAssertion)
    assert isinstance(local.license_declared, SpdxNoAssertion) and isinstance(local.license_concluded, SpdxNoAssertion)
    assert HOSTILE in (local.license_comment or ""), "the raw value is kept for legal, as a comment"


# -- CycloneDX -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_cyclonedx_is_valid_cyclonedx_1_6(request: pytest.FixtureRequest, name: str) -> None:
    text = render(_report(request, name), "cyclonedx")
    assert cyclonedx_errors(text) == []
    assert json.loads(text)["specVersion"] == "1.6"


def test_cyclonedx_models_pedigree_licences_and_model_card(mixed: AuditReport) -> None:
    bom = json.loads(render(mixed, "cyclonedx"))
    components = {c["bom-ref"].split("@")[0].removeprefix("model:"): c for c in bom["components"]}
    r1 = components[R1_LLAMA]
    assert r1["type"] == "machine-learning-model"
    assert r1["purl"] == f"pkg:huggingface/{R1_LLAMA}@{mixed.results[0].revision}"
    assert {"name": "modelaudit:verdict", "value": "warn"} in r1["properties"]
    licences = {(lic["license"].get("id") or lic["license"].get("name"), lic["license"]["acknowledgement"])
                for lic in r1["licenses"]}
    assert ("MIT", "declared") in licences and ("MIT", "concluded") in licences
    assert ("Llama 3.3 Community License Agreement", "concluded") in licences
    parents = {a["group"] + "/" + a["name"] for a in r1["pedigree"]["ancestors"]}
    assert parents == {"deepseek-ai/DeepSeek-R1", "meta-llama/Llama-3.3-70B-Instruct"}
    llama33 = next(a for a in r1["pedigree"]["ancestors"] if a["name"] == "Llama-3.3-70B-Instruct")
    assert [a["name"] for a in llama33["pedigree"]["ancestors"]] == ["Llama-3.1-70B"]
    assert {"name": "modelaudit:lineage.confidence", "value": "inferred"} in llama33["properties"]
    assert r1["modelCard"]["modelParameters"]["task"] == "text-generation"
    assert any(ref["type"] == "model-card" for ref in r1["externalReferences"])
    refs = [c["bom-ref"] for c in _walk_components(bom["components"])]
    assert len(refs) == len(set(refs)), "bom-refs must be unique across the BOM"


def _walk_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for c in components:
        out.append(c)
        out += _walk_components(c.get("pedigree", {}).get("ancestors", []))
    return out


# -- Markdown --------------------------------------------------------------------------------------


def test_markdown_carries_the_key_facts(r1: AuditReport) -> None:
    text = render(r1, "markdown")
    model = r1.results[0]
    assert text.startswith("# Model licence audit: WARN")
    assert "```mermaid\ngraph BT\n" in text
    assert '-.->|"distillation (inferred)"|' in text and '-->|"finetune"|' in text
    assert f"| Tool | modelaudit {r1.tool_version} |" in text
    assert "examples/profiles/startup.yaml" in text and "bundled Hub snapshot of" in text
    assert model.analysis is not None
    for node in model.analysis.graph.nodes():
        assert f"`{node.revision}`" in text, f"revision of {node.id} missing"
    assert "- [ ] **llama3.3 §1(b)(i)**: " in text
    assert "https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/LICENSE" in text
    # Governing law is a fact to know, not a duty: listed once, apart from the checklist, with its evidence.
    facts = text.split("### Facts to know", 1)[1].split("###", 1)[0]
    assert "- **llama3.3 §7**: " in facts and "Evidence:" in facts and "**llama3.3 §7**" not in text.split(
        "### Facts to know", 1)[0].split("### Obligations checklist", 1)[1]
    assert "### Openness" in text
    assert f"{R1_LLAMA}@{model.revision}" in text  # the reproduce command pins the revision


def test_markdown_lists_waivers_applied(waived: AuditReport) -> None:
    text = render(waived, "markdown")
    section = text.split("### Waivers applied (1)", 1)[1].split("###", 1)[0]
    assert "license-mismatch" in section and "Jane Legal" in section and "2027-06-30" in section
    assert "expired-waiver" in text


def _markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML allowed (as GitHub and most viewers do before sanitising).
    rendered: str = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").render(text)
    return rendered


def test_markdown_escapes_untrusted_card_text(hostile: AuditReport) -> None:
    text = render(hostile, "markdown")
    assert "\x01" not in text
    rendered = _markdown_to_html(text)
    assert "<script" not in rendered.lower()
    assert "<img" not in rendered.lower()
    assert 'href="javascript:' not in rendered.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "<strong>bold</strong>" not in rendered, "card text must not turn into emphasis"
    # Inside the Mermaid block, card text cannot close the label or inject HTML.
    mermaid = text.split("```mermaid", 1)[1].split("```", 1)[0]
    assert "<script" not in mermaid and "<img" not in mermaid
    for line in mermaid.strip().splitlines()[1:]:
        if '["' in line:
            assert line.count('"') == 2, line
    # Every table row keeps its column count: a "|" in card text cannot add a cell.
    for block in text.split("\n\n"):
        rows = [r for r in block.splitlines() if r.startswith("| ")]
        if rows:
            widths = {len(_cells(r)) for r in rows}
            assert len(widths) == 1, rows


def _cells(row: str) -> list[str]:
    """GFM splits a table row at every "|" not preceded by a backslash, code spans included."""
    out, current, escaped = [], "", False
    for ch in row.strip()[1:-1]:
        if ch == "|" and not escaped:
            out.append(current)
            current = ""
        else:
            current += ch
        escaped = ch == "\\" and not escaped
    out.append(current)
    return out


# -- HTML ------------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_html_is_self_contained_and_scriptless(request: pytest.FixtureRequest, name: str) -> None:
    text = render(_report(request, name), "html")
    parsed = _tags(text)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "base", "form", "input", "audio", "video"}
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
        if tag == "a":
            href = attrs.get("href") or ""
            assert href.startswith(("https://", "http://", "#")), href
    csp = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0]["content"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert "@import" not in text and "url(" not in text.replace('marker-end="url(#arrow)"', "")
    assert "<svg" in text or _report(request, name).results[0].analysis is None


def test_html_escapes_untrusted_card_text(hostile: AuditReport) -> None:
    text = render(hostile, "html")
    assert "\x01" not in text, "control characters are replaced, not passed to the parser"
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    parsed = _tags(text)
    visible = "".join(parsed.text)
    assert HOSTILE in visible, "the licence name is shown, as text"
    assert 'evil-"model"-<img src=x onerror=alert(2)>' in visible


def test_html_lineage_svg_has_dashed_inferred_edges(r1: AuditReport) -> None:
    text = render(r1, "html")
    svg = text.split("<svg", 1)[1].split("</svg>", 1)[0]
    model = r1.results[0]
    assert model.analysis is not None
    edges = [e for e in model.analysis.graph.edges() if e.relation not in DATA_RELATIONS]  # data edges: class "data"
    assert svg.count('class="edge inferred"') == sum(e.inferred for e in edges)
    assert svg.count('class="edge"') == sum(not e.inferred for e in edges)
    assert svg.count('<g class="node') == len(list(model.analysis.graph.nodes()))
    ET.fromstring("<svg" + svg + "</svg>")  # well-formed XML as well as HTML


# -- HTML in a real browser ------------------------------------------------------------------------


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium not installed (/usr/bin/chromium): apt-get install -y chromium",
)


@needs_chromium
def test_html_report_renders_in_headless_chromium(r1: AuditReport, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(r1, "html"), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-R1-Distill-Llama-70B.png"
    shot.unlink(missing_ok=True)
    done = _chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri(), profile=tmp_path / "profile")
    assert shot.exists() and shot.stat().st_size > 20_000, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile2").stdout
    assert "Model licence audit" in dom and "<svg" in dom and R1_LLAMA in dom


@needs_chromium
def test_hostile_card_text_stays_text_in_headless_chromium(hostile: AuditReport, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render(hostile, "html"), encoding="utf-8")
    dom = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile").stdout
    assert "</html>" in dom, "Chromium did not dump the DOM"
    # The DOM serialiser escapes text nodes: a "<script" here could only be a real element.
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-hostile-card.png"
    _chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri(), profile=tmp_path / "profile3")
    assert shot.exists()



# -- lineage diagrams on synthetic graphs -----------------------------------------------------------


def _synthetic(edges: list[tuple[str, str, bool]], subject: str) -> Any:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.kinds import Confidence, Evidence, Relation
    from modelaudit.licensing.propagation import Propagation
    from modelaudit.lineage.graph import LineageEdge, LineageGraph, LineageNode, NodeStatus

    ids = {subject} | {p for p, _, _ in edges} | {c for _, c, _ in edges}
    nodes = [LineageNode(node_id, NodeStatus.RESOLVED, revision="ab" * 20) for node_id in sorted(ids)]
    lineage_edges = [LineageEdge(parent, child, Relation.MERGE, Evidence.CARD,
                                 Confidence.INFERRED if inferred else Confidence.DECLARED)
                     for parent, child, inferred in edges]
    graph = LineageGraph(subject, subject, nodes, lineage_edges)
    return ModelAnalysis(subject, graph, Propagation(declared={}, effective={}))


def _overlap(a: Any, b: Any) -> bool:
    return bool(a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h)


@pytest.mark.parametrize("edges", [
    # a six-way merge, one parent with its own base, and a base that is also a direct parent (long edge)
    [*((f"org/p{k}", "org/merged", k % 2 == 1) for k in range(6)), ("org/base", "org/p0", False),
     ("org/base", "org/merged", True)],
    # a declared cycle (the cards contradict each other) must not break the layout
    [("org/a", "org/merged", False), ("org/b", "org/a", False), ("org/a", "org/b", True)],
])
def test_lineage_layout_places_every_node_without_overlap(edges: list[tuple[str, str, bool]]) -> None:
    import networkx as nx

    from modelaudit.formats.lineage_svg import layout_lineage, lineage_svg
    from modelaudit.formats.markdown import mermaid_lineage

    analysis = _synthetic(edges, "org/merged")
    layout = layout_lineage(analysis)
    graph = analysis.graph
    assert set(layout.boxes) == set(graph.node_ids())
    boxes = list(layout.boxes.values())
    assert not [(a.node.id, b.node.id) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    assert all(b.x >= 0 and b.x + b.w <= layout.width and b.y + b.h <= layout.height for b in boxes)
    if nx.is_directed_acyclic_graph(nx.DiGraph([(p, c) for p, c, _ in edges])):
        for e in graph.edges():
            assert layout.boxes[e.parent].y > layout.boxes[e.child].y, "a parent sits below its child"
    svg = lineage_svg(analysis)
    ET.fromstring(svg)
    assert svg.count('class="edge inferred"') == sum(inferred for _, _, inferred in edges)
    mermaid = "\n".join(mermaid_lineage(analysis))
    assert mermaid.count("-.->") == sum(inferred for _, _, inferred in edges)
    node_ids = [line.split("[", 1)[0].strip() for line in mermaid.splitlines() if '["' in line]
    assert len(node_ids) == len(set(node_ids)) == len(graph)
