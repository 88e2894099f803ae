"""One format registry and one report view (issue 12).

- The CLI's ``--format`` choices, default, environment twin and help are generated from
  ``modelaudit.formats.registry``; ``render`` resolves names through it; ``--help`` loads no renderer.
- Every format reports the same counts, from the one counting rule (``results.Counts``, read through
  ``modelaudit.formats.view``): every active finding counted once (an obligation in the checklist, a fact
  to know, or a finding), waived findings only as waived. Text, Markdown, HTML, JUnit and PDF print them,
  JSON and SARIF carry them as data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from typing import Any

import pytest

from modelaudit.errors import UsageError
from modelaudit.formats import render, render_bytes
from modelaudit.formats.registry import DEFAULT_FORMAT, FORMATS, REGISTERED, format_names
from modelaudit.formats.view import report_view
from modelaudit.policy.waivers import Waiver, Waivers
from modelaudit.results import AuditReport, ModelReport
from report_factory import R1_LLAMA, build_report

GEMMA = "google/gemma-2-9b"  # three attribution duties in one clause: obligations told apart by summary
QWEN_RESEARCH = "Qwen/Qwen2.5-3B"  # block, with obligations
MISSING = "Qwen/Qwen2-Math-1.5B-Instruct"  # unknown, no obligation
HUMAN = ("text", "markdown", "html", "junit", "pdf")


# -- the registry and the CLI ----------------------------------------------------------------------


def _command(name: str) -> object:
    import typer

    from modelaudit.cli import app

    return typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]


def _value(parsed: Any) -> str:
    """A parsed --format value: the enum member (newer typer converts while parsing) or its string."""
    return str(getattr(parsed, "value", parsed))


@pytest.mark.parametrize(("command_name", "argument"), [("check", "x/y"), ("scan", ".")])
def test_cli_format_choices_are_the_registry(command_name: str, argument: str) -> None:
    command: Any = _command(command_name)
    option = next(p for p in command.params if "--format" in p.opts)
    assert option.envvar == "MODELAUDIT_FORMAT"
    for spec in REGISTERED:
        assert f"{spec.name}: {spec.description}" in option.help
    # What the parser accepts (read back without running the command): every registered name, nothing else.
    for name in format_names():
        assert _value(command.make_context(command_name, [argument, "--format", name]).params["format"]) == name
    assert _value(command.make_context(command_name, [argument]).params["format"]) == DEFAULT_FORMAT == "text"
    from modelaudit.cli.options import ReportFormat

    assert [m.value for m in ReportFormat] == list(format_names()) == [f.name for f in REGISTERED]


def test_registrations_are_complete_and_resolve() -> None:
    assert len(FORMATS) == len(REGISTERED), "a format name is registered twice"
    for spec in REGISTERED:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", spec.name)
        assert spec.description and "\n" not in spec.description
        assert spec.extension.startswith(".") and re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", spec.media_type)
        assert callable(spec.renderer())


def test_unknown_format_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=r"unknown report format 'docx': choose one of text, json, markdown"):
        render(build_report([MISSING]), "docx")
    from helpers import run_cli

    result = run_cli(capsys, "check", "x/y", "--format", "docx")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert all(f"'{name}'" in result.err for name in format_names())


def test_help_lists_the_formats_without_loading_a_renderer() -> None:
    probe = ("import sys\n"
             "from modelaudit.cli import main\n"
             "code = main(['check', '--help'])\n"
             "loaded = sorted(m for m in sys.modules if m.startswith(('spdx_tools', 'cyclonedx', 'modelaudit.formats.')))\n"
             "print('LOADED=' + ','.join(loaded), code)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True,
                          env={"PATH": "", "COLUMNS": "200"})
    last = done.stdout.strip().splitlines()[-1]
    assert last == "LOADED=modelaudit.formats.registry 0", last
    assert all(name in done.stdout for name in format_names())


# -- the same counts in every human format ---------------------------------------------------------


@pytest.fixture(scope="module")
def counted() -> AuditReport:
    """Findings, obligations and waivers together: a waived finding, a waived obligation finding
    (its checklist item stays: a waiver does not discharge a licence duty), an expired waiver, a
    block, an unknown and a licence with several duties in one clause."""
    waivers = Waivers(entries=(
        Waiver(model="deepseek-ai/*", rule="license-mismatch", reason="Legal accepts the Llama terms",
               approver="Jane Legal", expires=dt.date(2027, 6, 30)),
        Waiver(model=QWEN_RESEARCH, rule="export-control", reason="Export law reviewed for research",
               approver="Sam Counsel", expires=dt.date(2027, 1, 31), index=1),
        Waiver(model=R1_LLAMA, rule="inferred-lineage", reason="stale", approver="Sam Counsel",
               expires=dt.date(2026, 1, 31), index=2),
    ), source="waivers.yaml")
    return build_report([R1_LLAMA, GEMMA, QWEN_RESEARCH, MISSING], profile="startup", waivers=waivers)


def _expected(model: ModelReport) -> tuple[int, int, int, int]:
    """The counting rule, written out independently of the view."""
    active = [f for f in model.findings if not f.waived]
    return (sum(not f.obligation and not f.fact for f in active), len(model.obligations), len(model.facts),
            sum(f.waived for f in model.findings))


def _summary(counts: tuple[int, int, int, int]) -> str:
    findings, obligations, facts, waived = counts
    return (f"{findings} finding{'' if findings == 1 else 's'}, "
            f"{obligations} obligation{'' if obligations == 1 else 's'}, "
            f"{facts} fact{'' if facts == 1 else 's'}, {waived} waived")


# Each format's section headings, in model order: findings, obligations, facts, waived.
HEADINGS = {
    "text": (r"^  findings \((\d+)\)", r"^  obligations checklist \((\d+)\)", r"^  facts to know \((\d+)\)",
             r"^  waived \((\d+)\)"),
    "markdown": (r"^### Findings \((\d+)\)$", r"^### Obligations checklist \((\d+)\)$", r"^### Facts to know \((\d+)\)$",
                 r"^### Waivers applied \((\d+)\)$"),
    "html": (r"<h3>Findings \((\d+)\)</h3>", r"<h3>Obligations checklist \((\d+)\)</h3>",
             r"<h3>Facts to know \((\d+)\)</h3>", r"<h3>Waivers applied \((\d+)\)</h3>"),
    "junit": (r"^findings \((\d+)\):$", r"^obligations to meet \((\d+)\):$", r"^facts to know \((\d+)\):$",
              r"^waived \((\d+)\):$"),
    "pdf": (r"^Findings \((\d+)\)$", r"^Obligations checklist \((\d+)\)$", r"^Facts to know \((\d+)\)$",
            r"^Waivers applied \((\d+)\)$"),
}


def _text_of(report: AuditReport, fmt: str) -> str:
    """What a reader of ``fmt`` sees, as text: HTML unescaped, JUnit's system-out, the PDF's text read back."""
    if fmt == "pdf":
        from pdf_helpers import pdf_text

        return "\n".join(pdf_text(render_bytes(report, "pdf")))
    out = render(report, fmt)
    if fmt == "junit":
        root = ET.fromstring(out.encode("utf-8"))
        return "\n".join(case.findtext("system-out") or "" for case in root.iter("testcase"))
    return unescape(out) if fmt == "html" else out


def test_the_report_exercises_every_count(counted: AuditReport) -> None:
    expected = [_expected(m) for m in counted.results]
    assert all(e[0] for e in expected[:3]) and all(e[1] for e in expected[:3]), expected
    assert expected[0][3] == 1 and expected[2][3] == 1, "a waived finding and a waived obligation finding"
    assert all(e[2] for e in expected[:3]), "facts to know (governing law) are counted apart"
    assert any(f.waived and f.obligation for f in counted.results[2].findings)
    assert any(f.rule == "expired-waiver" for f in counted.results[0].findings)
    assert sum(f.obligation and not f.waived for f in counted.results[0].findings) == expected[0][1], \
        "R1: an obligation finding per checklist item, so listing them as findings as well would double them"


@pytest.mark.parametrize("fmt", HUMAN)
def test_every_human_format_shows_the_same_counts(counted: AuditReport, fmt: str) -> None:
    text = _text_of(counted, fmt)
    if fmt == "pdf":  # a PDF wraps long lines: compare with the line breaks as spaces
        text = "\n".join(line.strip() for line in text.splitlines())
    expected = [_expected(m) for m in counted.results]
    for counts in expected:
        assert _summary(counts) in (" ".join(text.split()) if fmt == "pdf" else text), (fmt, _summary(counts))
    for column, pattern in enumerate(HEADINGS[fmt]):
        shown = [int(n) for n in re.findall(pattern, text, flags=re.MULTILINE)]
        assert shown == [e[column] for e in expected], (fmt, pattern, shown)


def test_markdown_and_html_list_exactly_what_they_count(counted: AuditReport) -> None:
    view = report_view(counted)
    markdown = render(counted, "markdown")
    html = render(counted, "html")
    md_models = [part for part in markdown.split("\n## ") if re.match(r"\d+\. ", part)]
    html_models = html.split('<section class="card" id="model-')[1:]
    for mv, md, page in zip(view.models, md_models, html_models, strict=True):
        findings_md = md.split("### Findings", 1)[1].split("### Obligations", 1)[0]
        assert len(re.findall(r"^\d+\. \*\*", findings_md, flags=re.MULTILINE)) == mv.counts.findings
        checklist_md = md.split("### Obligations checklist", 1)[1].split("### Facts to know", 1)[0]
        assert checklist_md.count("\n- [ ] ") == mv.counts.obligations
        facts_md = md.split("### Facts to know", 1)[1].split("### Waivers", 1)[0]
        assert facts_md.count("\n- **") == mv.counts.facts and "[ ]" not in facts_md, "facts are not boxes to tick"
        findings_html = page.split("<h3>Findings", 1)[1].split("<h3>Obligations", 1)[0]
        assert findings_html.count('<div class="finding s-') == mv.counts.findings
        checklist_html = page.split("<h3>Obligations checklist", 1)[1].split("<h3>Facts to know", 1)[0]
        assert checklist_html.count('<li><span class="clause">') == mv.counts.obligations
        facts_html = page.split("<h3>Facts to know", 1)[1].split("<h3>Waivers", 1)[0]
        assert facts_html.count('<li><span class="clause">') == mv.counts.facts
        waived_html = page.split("<h3>Waivers applied", 1)[1].split("<h3>Openness", 1)[0]
        assert waived_html.count('<div class="finding waived"') == mv.counts.waived


def test_every_active_obligation_finding_backs_one_checklist_item(counted: AuditReport) -> None:
    for mv in report_view(counted).models:
        backing = [f for item in mv.obligations for f in item.findings]
        assert sorted(map(id, backing)) == sorted(id(f) for f in mv.active if f.obligation), mv.model.model
        # Obligation findings that are not waived all back an item; the waived one leaves its item bare.
        assert [item.obligation.term for item in mv.obligations if not item.findings] == \
            [o.term for o in mv.model.obligations
             if any(f.waived and f.obligation and f.license == o.license and f.clause == o.clause
                    for f in mv.model.findings)]


def test_verdict_reasons_are_the_findings_that_decide_it(counted: AuditReport) -> None:
    view = report_view(counted)
    by_model = {mv.model.model: mv for mv in view.models}
    assert by_model[QWEN_RESEARCH].reason_rules == ("non-commercial-license",)
    assert by_model[MISSING].reason_rules == ("unresolved-lineage",)
    assert by_model[R1_LLAMA].reason_rules == ("expired-waiver",), "an expired waiver blocks (waivers.expired_severity)"
    assert "governing-law" in by_model[GEMMA].reason_rules, "a warn obligation is one of the reasons for warn"
    for mv in view.models:
        assert {f.severity.value for f in mv.reasons} <= {mv.verdict.value}
    junit = ET.fromstring(render(counted, "junit").encode("utf-8"))
    for case, mv in zip(junit.iter("testcase"), view.models, strict=True):
        assert f"decided by: {mv.reasons_text}" in (case.findtext("system-out") or "")
    assert json.loads(render(counted, "json"))["schema_version"] == "1"
